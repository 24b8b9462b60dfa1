//! cargo-semver-checks as a second, independent judge of the spec diff's verdict: for every
//! fixture pair under `fixtures/diff/`, the crates generated from `old.yaml` and `new.yaml` are
//! compared by the pinned cargo-semver-checks, and the diff's verdict must be at least as strict.
//!
//! The rules: whenever cargo-semver-checks requires a major release, the diff says major; the
//! diff never asks for less than the tool; and every case where the diff asks for more is listed
//! in [`STRICTER`] with its reason. An unlisted disagreement fails, and so does a listed one that
//! no longer happens, so the table stays exact. The tool cannot tell a patch from no change, so
//! its "no update required" matches the diff's `patch` and `none` alike.
//!
//! The old crates form one cargo workspace and the new crates another (`crate_workspace.rs`,
//! under `<target>/semver-fixtures/`), each documented as rustdoc JSON by one `cargo doc`, offline,
//! with the flags cargo-semver-checks itself uses. Both share one build folder,
//! `<target>/semver-fixtures/build/`, so the dependencies compile once and stay cached; it is not
//! the other crate tests' target folder, whose dependencies `RUSTC_BOOTSTRAP` would rebuild.
//! cargo-semver-checks then reads each pair of JSON files (`--baseline-rustdoc`,
//! `--current-rustdoc`) and is asked whether a patch, then a minor release is enough
//! (`--release-type`).
//!
//! cargo-semver-checks is installed by `cargo xtask test` (`cargo install --locked` into
//! `target/tools/cargo-semver-checks`). When it is missing this test fails and says so; like the
//! Prism test, it never skips.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Instant;

use realtimekit_tests::crate_workspace::{Member, Workspace};
use xtask::changelog::{
    SEMVER_CHECKS_VERSION, semver_checks_executable, semver_checks_installed, semver_checks_verdict,
};
use xtask::diff::{Bump, diff_specs};

/// A fixture pair for which the diff's verdict is stricter than cargo-semver-checks', and why.
struct Stricter {
    case: &'static str,
    ours: Bump,
    tool: Bump,
    reason: &'static str,
}

/// Every case where the diff asks for a bigger release than cargo-semver-checks.
const STRICTER: &[Stricter] = {
    use Bump::{Major, Minor, Patch};
    &[
        Stricter {
            case: "enum_value_added",
            ours: Minor,
            tool: Patch,
            reason: "a variant added to a `#[non_exhaustive]` enum is an addition, and cargo-semver-checks asks for \
                     no minor release for additions",
        },
        Stricter {
            case: "field_retyped",
            ours: Major,
            tool: Patch,
            reason: "`Pet::id` went from `String` to `i64`: cargo-semver-checks does not compare the types of fields \
                     (and the wire breaks too)",
        },
        Stricter {
            case: "operation_added",
            ours: Minor,
            tool: Patch,
            reason: "a new client method, builder and module are additions, which cargo-semver-checks does not count",
        },
        Stricter {
            case: "operation_moved",
            ours: Major,
            tool: Patch,
            reason: "the route changed and the Rust items did not: a break on the wire only, which no Rust tool sees",
        },
        Stricter {
            case: "param_added_optional",
            ours: Minor,
            tool: Patch,
            reason: "a new setter is an addition, which cargo-semver-checks does not count",
        },
        Stricter {
            case: "param_retyped",
            ours: Major,
            tool: Patch,
            reason: "the setter `ListPets::limit` takes `String` instead of `u64`: cargo-semver-checks does not \
                     compare the types of arguments",
        },
        Stricter {
            case: "param_style_changed",
            ours: Major,
            tool: Patch,
            reason: "the path parameter is written in another style: a break on the wire only, with the same Rust \
                     surface",
        },
        Stricter {
            case: "request_field_added_required",
            ours: Major,
            tool: Patch,
            reason: "models are built by name, so no signature changes: the old code still compiles, but its \
                     `build()` now fails for the missing field, and old clients do not send it on the wire",
        },
        Stricter {
            case: "response_field_optional_to_required",
            ours: Major,
            tool: Patch,
            reason: "`Pet::tag` went from `Option<String>` to `String`: cargo-semver-checks does not compare the \
                     types of fields",
        },
        Stricter {
            case: "response_field_required_to_optional",
            ours: Major,
            tool: Patch,
            reason: "`Pet::name` went from `String` to `Option<String>`: cargo-semver-checks does not compare the \
                     types of fields (and old clients refuse an answer without it)",
        },
        Stricter {
            case: "request_field_added_optional",
            ours: Minor,
            tool: Patch,
            reason: "a new optional field of a `#[non_exhaustive]` struct, with its setter, is an addition, which \
                     cargo-semver-checks does not count",
        },
    ]
};

#[test]
fn the_diff_verdict_is_at_least_as_strict_as_cargo_semver_checks() {
    assert!(
        semver_checks_installed(),
        "cargo-semver-checks {SEMVER_CHECKS_VERSION} is not installed: {} does not run as that version. Run \
         `cargo xtask test`, which installs it (`cargo install --locked --version {SEMVER_CHECKS_VERSION} --root \
         target/tools/cargo-semver-checks cargo-semver-checks`) and then runs every test.",
        semver_checks_executable().display()
    );
    let started = Instant::now();
    let fixtures = realtimekit_tests::project_root().join("tests/fixtures/diff");
    let cases = cases_in(&fixtures);
    assert!(cases.len() >= 15, "expected one fixture pair per kind of change, found {}", cases.len());
    let old = documented("old", &fixtures, &cases);
    let new = documented("new", &fixtures, &cases);
    eprintln!("generated and documented {} crate pairs in {:.1?}", cases.len(), started.elapsed());

    let judged = Instant::now();
    let mut failures = Vec::new();
    let mut seen_stricter = Vec::new();
    for ((case, old_json), new_json) in cases.iter().zip(&old).zip(&new) {
        let read = |name: &str| std::fs::read_to_string(fixtures.join(case).join(name)).expect("fixture is readable");
        let report = diff_specs(&read("old.yaml"), &read("new.yaml")).expect("the fixture pair lowers");
        let ours = report.verdict.bump;
        let args: Vec<OsString> =
            vec!["--baseline-rustdoc".into(), old_json.into(), "--current-rustdoc".into(), new_json.into()];
        let tool = semver_checks_verdict(&args).unwrap_or_else(|error| panic!("{case}: {error}"));
        let lints: Vec<&str> =
            tool.output.lines().filter_map(|line| line.strip_prefix("--- failure ")?.split(':').next()).collect();
        eprintln!("{case}: the diff says {}, cargo-semver-checks {} {lints:?}", ours.as_str(), tool.bump.as_str());
        let listed = STRICTER.iter().find(|row| row.case == case);
        let explain = || format!("the diff's report:\n{}\ncargo-semver-checks:\n{}", report.to_markdown(), tool.output);
        // The tool's `patch` is "no update required", which the diff's `none` means as well.
        let ours_at_least_patch = ours.max(Bump::Patch);
        if ours_at_least_patch < tool.bump {
            failures.push(format!(
                "{case}: cargo-semver-checks requires {} but the diff says {}\n{}",
                tool.bump.as_str(),
                ours.as_str(),
                explain()
            ));
        } else if ours_at_least_patch > tool.bump {
            match listed {
                Some(row) if row.ours == ours && row.tool == tool.bump => seen_stricter.push(row.case),
                Some(row) => failures.push(format!(
                    "{case}: the diff says {} and cargo-semver-checks {}, but the table lists {} and {} ({})\n{}",
                    ours.as_str(),
                    tool.bump.as_str(),
                    row.ours.as_str(),
                    row.tool.as_str(),
                    row.reason,
                    explain()
                )),
                None => failures.push(format!(
                    "{case}: the diff says {} but cargo-semver-checks only {}, and STRICTER does not list why\n{}",
                    ours.as_str(),
                    tool.bump.as_str(),
                    explain()
                )),
            }
        } else if listed.is_some() {
            failures.push(format!(
                "{case}: the diff and cargo-semver-checks now agree ({}); remove it from STRICTER",
                tool.bump.as_str()
            ));
        }
    }
    eprintln!("cargo-semver-checks judged {} pairs in {:.1?}", cases.len(), judged.elapsed());
    for row in STRICTER {
        if !cases.iter().any(|case| case == row.case) {
            failures.push(format!("STRICTER lists `{}`, which is not a fixture pair", row.case));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(seen_stricter.len(), STRICTER.len(), "every row of STRICTER is a case the diff is stricter on");
}

/// Each fixture pair's folder name, sorted.
fn cases_in(fixtures: &Path) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures)
        .expect("the diff fixtures are readable")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.join("old.yaml").exists() && path.join("new.yaml").exists())
        .map(|path| path.file_name().expect("a folder name").to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// Generates the `side` (`old` or `new`) crate of every case into one workspace, documents them
/// as rustdoc JSON, and returns each case's JSON file, in the order of `cases`.
fn documented(side: &str, fixtures: &Path, cases: &[String]) -> Vec<PathBuf> {
    let members: Vec<Member> = cases
        .iter()
        .map(|case| Member { folder: case.clone(), spec: fixtures.join(case).join(format!("{side}.yaml")) })
        .collect();
    let (workspace, outcomes) = Workspace::generate(&format!("semver-fixtures/{side}"), &members);
    if let Some(outcome) = outcomes.iter().find(|outcome| !outcome.generated) {
        panic!("{}/{side}.yaml generates:\n{}", outcome.folder, outcome.diagnostics);
    }
    let json = workspace
        .rustdoc_json("semver-fixtures/build", &format!("semver-fixtures/{side}-doc"))
        .unwrap_or_else(|error| panic!("{error}"));
    json.into_iter()
        .map(|(package, path)| {
            assert!(path.exists(), "rustdoc wrote no JSON for {package} at {}", path.display());
            path
        })
        .collect()
}
