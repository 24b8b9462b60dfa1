//! The spec linter: one fixture per kind of problem under `fixtures/lint/`, with the rendered
//! diagnostics as a snapshot; the project's spec lints clean; and the exit status.
//!
//! Review snapshot changes with `cargo insta review`; never edit a snapshot by hand.

use std::process::Command;

use xtask::lint::lint;

#[test]
fn lint_fixtures_report_as_their_snapshots() {
    insta::glob!("fixtures/lint/*.yaml", |path| {
        let spec = std::fs::read_to_string(path).expect("fixture is readable");
        insta::assert_snapshot!(lint(&spec).to_string());
    });
}

#[test]
fn the_spec_has_no_lint_errors() {
    let report = lint(&realtimekit_tests::spec_text());
    assert!(!report.has_errors(), "spec/openapi.yaml has lint errors:\n{report}");
}

fn xtask_lint(fixture: &str) -> std::process::Output {
    let root = realtimekit_tests::project_root();
    Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "--package", "xtask", "--", "lint"])
        .arg(root.join("tests/fixtures/lint").join(fixture))
        .output()
        .expect("cargo runs")
}

#[test]
fn errors_fail_the_command_and_warnings_do_not() {
    let errors = xtask_lint("path_variables.yaml");
    assert!(!errors.status.success(), "errors fail");
    assert!(String::from_utf8_lossy(&errors.stdout).contains("error: /paths/~1owners~1{owner_id}/get/parameters/0:"));
    let warnings = xtask_lint("missing_descriptions.yaml");
    assert!(warnings.status.success(), "{}", String::from_utf8_lossy(&warnings.stderr));
    assert!(String::from_utf8_lossy(&warnings.stdout).contains("0 error(s), 3 warning(s)"));
}
