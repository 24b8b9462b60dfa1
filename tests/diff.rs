//! The spec diff: one fixture pair per kind of change under `fixtures/diff/<case>/`, each with
//! its Markdown report as a snapshot and the classification it must reach, plus the JSON form
//! and the command line.
//!
//! Review snapshot changes with `cargo insta review`; never edit a snapshot by hand.

use std::path::Path;
use std::process::Command;

use xtask::diff::{Bump, Compat, Report, diff_specs};

/// The report for a fixture pair, with the files named as the snapshots show them.
fn report_for(case_dir: &Path) -> Report {
    let read = |name: &str| std::fs::read_to_string(case_dir.join(name)).expect("fixture is readable");
    diff_specs(&read("old.yaml"), &read("new.yaml"))
        .unwrap_or_else(|error| panic!("{} lowers: {error}", case_dir.display()))
        .with_sources("old.yaml", "new.yaml")
}

fn case_dir(case: &str) -> std::path::PathBuf {
    realtimekit_tests::project_root().join("tests/fixtures/diff").join(case)
}

#[test]
fn every_fixture_pair_reports_as_its_snapshot() {
    insta::glob!("fixtures/diff/*/new.yaml", |path| {
        let dir = path.parent().expect("a fixture sits in its case folder");
        insta::assert_snapshot!(report_for(dir).to_markdown());
    });
}

/// Each case's verdict, and whether it breaks the wire and Rust callers.
const EXPECTED: &[(&str, Bump, Compat, Compat)] = {
    use Bump::{Major, Minor, None, Patch};
    use Compat::{Breaking as B, Compatible as C};
    &[
        ("unchanged", None, C, C),
        ("doc_only", Patch, C, C),
        ("operation_added", Minor, C, C),
        ("operation_removed", Major, B, B),
        ("operation_renamed", Major, C, B),
        ("operation_moved", Major, B, C),
        ("param_added_optional", Minor, C, C),
        ("param_added_required", Major, B, B),
        ("param_removed", Major, B, B),
        ("param_made_required", Major, B, B),
        ("param_retyped", Major, C, B),
        ("param_style_changed", Major, B, C),
        ("request_field_added_optional", Minor, C, C),
        ("request_field_added_required", Major, B, B),
        ("response_field_removed", Major, C, B),
        ("response_field_optional_to_required", Major, C, B),
        ("response_field_required_to_optional", Major, B, B),
        ("field_retyped", Major, B, B),
        ("enum_value_added", Minor, C, C),
        ("enum_value_removed", Major, B, B),
        ("schema_renamed", Major, C, B),
    ]
};

#[test]
fn each_kind_of_change_is_classified_both_ways() {
    let on_disk = std::fs::read_dir(realtimekit_tests::project_root().join("tests/fixtures/diff"))
        .expect("fixture folder")
        .count();
    assert_eq!(on_disk, EXPECTED.len(), "every fixture pair has an expected verdict here");
    for (case, bump, wire, rust) in EXPECTED {
        let report = report_for(&case_dir(case));
        let markdown = report.to_markdown();
        assert_eq!(report.verdict.bump, *bump, "{case}:\n{markdown}");
        assert_eq!(report.verdict.wire_breaking > 0, *wire == Compat::Breaking, "{case} on the wire:\n{markdown}");
        assert_eq!(report.verdict.rust_breaking > 0, *rust == Compat::Breaking, "{case} in Rust:\n{markdown}");
    }
}

#[test]
fn the_json_report_serves_bots() {
    let report = report_for(&case_dir("response_field_optional_to_required"));
    let json = report.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).expect("the report is JSON");
    assert_eq!(value["verdict"]["bump"], "major");
    insta::assert_snapshot!(json);
}

#[test]
fn the_spec_compared_with_itself_changes_nothing() {
    let spec = realtimekit_tests::spec_text();
    let report = diff_specs(&spec, &spec).expect("the spec lowers");
    assert!(report.changes.is_empty(), "{}", report.to_markdown());
    assert_eq!(report.verdict.bump, Bump::None);
}

fn xtask_diff(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .current_dir(realtimekit_tests::project_root())
        .args(["run", "--quiet", "--package", "xtask", "--", "diff"])
        .args(args)
        .output()
        .expect("cargo runs")
}

#[test]
fn fail_on_breaking_sets_the_exit_status_and_json_is_a_format() {
    let pair = |case: &str| {
        let dir = case_dir(case);
        [dir.join("old.yaml").display().to_string(), dir.join("new.yaml").display().to_string()]
    };
    let [old, new] = pair("response_field_optional_to_required");
    let breaking = xtask_diff(&[&old, &new, "--fail-on-breaking"]);
    assert!(!breaking.status.success(), "a breaking change fails");
    assert!(String::from_utf8_lossy(&breaking.stdout).contains("**Semver bump: major.**"));
    assert!(String::from_utf8_lossy(&breaking.stderr).contains("needs a major release"));

    let [old, new] = pair("enum_value_added");
    let minor = xtask_diff(&[&old, &new, "--fail-on-breaking", "--format", "json"]);
    assert!(minor.status.success(), "{}", String::from_utf8_lossy(&minor.stderr));
    let value: serde_json::Value = serde_json::from_slice(&minor.stdout).expect("JSON on stdout");
    assert_eq!(value["verdict"]["bump"], "minor");
}

#[test]
fn a_git_revision_names_the_spec_at_that_revision() {
    let output = xtask_diff(&["--base", "HEAD", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(value["old"]["source"], "HEAD:spec/openapi.yaml");
    assert_eq!(value["new"]["source"], "spec/openapi.yaml");
}
