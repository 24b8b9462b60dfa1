//! Broken specs: every problem is reported with its JSON Pointer, and nothing is written; in
//! keep-going mode, a problem local to an operation or component skips only what depends on it.

use std::process::Command;

use realtimekit_codegen::{Config, Strictness, generate};

#[test]
fn invalid_fixtures_report_every_problem_with_a_pointer() {
    insta::glob!("fixtures/invalid/*.{yaml,json}", |path| {
        let spec = std::fs::read_to_string(path).expect("fixture is readable");
        let diagnostics = generate(&spec, &Config::for_crate("broken")).expect_err("the fixture is broken");
        assert!(diagnostics.has_errors());
        insta::assert_snapshot!(diagnostics.to_string());
    });
}

/// Keep-going mode on every broken spec: damage to the document itself still refuses it, and a
/// problem local to an operation or component skips exactly the operations that depend on it
/// and leaves out the schemas that do, each with a warning; the snapshot lists what remains.
#[test]
fn keep_going_skips_only_what_depends_on_each_problem() {
    insta::glob!("fixtures/invalid/*.{yaml,json}", |path| {
        let spec = std::fs::read_to_string(path).expect("fixture is readable");
        let config = Config { strictness: Strictness::KeepGoing, ..Config::for_crate("salvaged") };
        let report = match generate(&spec, &config) {
            Ok(generated) => {
                let operations: Vec<&str> =
                    generated.files.iter().filter_map(|file| file.path.strip_prefix("src/operations/")).collect();
                let models = generated.files.iter().find(|file| file.path == "src/models.rs");
                let types: Vec<&str> =
                    models.map(|file| file.contents.lines().filter_map(type_declared).collect()).unwrap_or_default();
                let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
                format!("generated\noperations: {operations:?}\ntypes: {types:?}\n{}", warnings.join("\n"))
            }
            Err(diagnostics) => {
                assert!(diagnostics.has_errors());
                format!("refused\n{diagnostics}")
            }
        };
        insta::assert_snapshot!(report);
    });
}

/// The name of the struct or enum a line of `models.rs` declares, if it declares one.
fn type_declared(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub enum "))?;
    rest.split([' ', '(', '{', '<']).next()
}

#[test]
fn xtask_generate_on_a_broken_spec_exits_non_zero_and_writes_nothing() {
    let root = realtimekit_tests::project_root();
    let out = std::env::temp_dir().join(format!("rtk-untouched-{}", std::process::id()));
    std::fs::create_dir_all(out.join("src")).expect("temp dir");
    std::fs::write(out.join("src/keep.rs"), "// kept\n").expect("seed file");
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "--package", "xtask", "--", "generate", "--strict", "--spec"])
        .arg(root.join("tests/fixtures/invalid/unresolved_ref.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(!status.status.success(), "xtask should fail on a broken spec");
    assert!(stderr.contains("/components/schemas/Session/properties/owner/$ref"), "{stderr}");
    assert_eq!(xtask::list_files(&out).expect("listable"), ["src/keep.rs"]);
    std::fs::remove_dir_all(&out).ok();
}

/// Without `--strict`, a third-party spec is read in keep-going mode: the crate is written
/// without the operations a local problem reaches, each named on stderr with the reason.
#[test]
fn xtask_generate_keeps_going_on_a_third_party_spec_by_default() {
    let root = realtimekit_tests::project_root();
    let out = std::env::temp_dir().join(format!("rtk-keep-going-{}", std::process::id()));
    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "--package", "xtask", "--", "generate", "--spec"])
        .arg(root.join("tests/fixtures/invalid/local_damage.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: /paths/~1sessions~1{session_id}/get: operation skipped: unresolved reference"),
        "{stderr}"
    );
    assert!(stderr.contains("2 operation(s) generated, 9 skipped"), "{stderr}");
    let files = xtask::list_files(&out).expect("listable");
    assert!(files.contains(&"src/operations/list_users.rs".to_owned()), "{files:?}");
    assert!(!files.contains(&"src/operations/get_session.rs".to_owned()), "{files:?}");
    std::fs::remove_dir_all(&out).ok();
}
