//! Broken specs: every problem is reported with its JSON Pointer, and nothing is written.

use std::process::Command;

use realtimekit_codegen::{Config, generate};

#[test]
fn invalid_fixtures_report_every_problem_with_a_pointer() {
    insta::glob!("fixtures/invalid/*.{yaml,json}", |path| {
        let spec = std::fs::read_to_string(path).expect("fixture is readable");
        let diagnostics = generate(&spec, &Config::for_crate("broken")).expect_err("the fixture is broken");
        assert!(diagnostics.has_errors());
        insta::assert_snapshot!(diagnostics.to_string());
    });
}

#[test]
fn xtask_generate_on_a_broken_spec_exits_non_zero_and_writes_nothing() {
    let root = realtimekit_tests::project_root();
    let out = std::env::temp_dir().join(format!("rtk-untouched-{}", std::process::id()));
    std::fs::create_dir_all(out.join("src")).expect("temp dir");
    std::fs::write(out.join("src/keep.rs"), "// kept\n").expect("seed file");
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "--package", "xtask", "--", "generate", "--spec"])
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
