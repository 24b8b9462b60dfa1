//! The diff's verdict checked against the compiler: for breaking fixture pairs and minor
//! ones, caller code written by hand against the crate generated from `old.yaml`
//! (`fixtures/diff/<case>/caller.rs`) is `cargo check`ed against that crate and against the
//! crate generated from `new.yaml`.
//!
//! Against the old crate it must compile (the control). Against the new crate it must fail,
//! with the expected error code, exactly when the diff says the change breaks Rust callers.
//!
//! Everything is built under `<target dir>/verdict-check/`, with one shared target folder so
//! dependencies compile once, offline, from a copy of the workspace's `Cargo.lock` (the
//! workspace build has already fetched every crate the generated one needs).

use std::path::{Path, PathBuf};
use std::process::Command;

use realtimekit_codegen::{Config, generate};
use xtask::diff::{Compat, diff_specs};

/// The crate name the fixtures are generated under; the callers import `verdict_api`.
const CRATE_NAME: &str = "verdict-api";

/// The caller crate's manifest: the generated crate without TLS (nothing here connects), with
/// the builders of the types only answers hold (the callers build such values), and a
/// workspace of its own so the project's workspace does not claim it.
const CALLER_MANIFEST: &str = r#"[package]
name = "caller"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
verdict-api = { path = "../crate", default-features = false, features = ["builders"] }

[workspace]
"#;

/// A fixture pair, and the compiler error code expected against its new crate, if any.
struct Case {
    name: &'static str,
    expected_error: Option<&'static str>,
}

const CASES: &[Case] = &[
    // An optional response field became required: `Option<String>` turned into `String`.
    Case { name: "response_field_optional_to_required", expected_error: Some("E0308") },
    // The operationId changed: the method and the builder are renamed.
    Case { name: "operation_renamed", expected_error: Some("E0599") },
    // An enum value was added: enums are `#[non_exhaustive]`, so callers already match on `_`.
    Case { name: "enum_value_added", expected_error: None },
    // An optional parameter was added: one more setter.
    Case { name: "param_added_optional", expected_error: None },
];

#[test]
fn the_verdict_agrees_with_the_compiler() {
    let work = work_dir();
    let mut failures = Vec::new();
    for case in CASES {
        let fixture = realtimekit_tests::project_root().join("tests/fixtures/diff").join(case.name);
        let read = |name: &str| std::fs::read_to_string(fixture.join(name)).expect("fixture is readable");
        let report = diff_specs(&read("old.yaml"), &read("new.yaml")).expect("the fixture pair lowers");
        let rust_breaks = report.changes.iter().any(|change| change.rust == Compat::Breaking);
        assert_eq!(
            rust_breaks,
            case.expected_error.is_some(),
            "{}: the diff's verdict\n{}",
            case.name,
            report.to_markdown()
        );

        let caller = read("caller.rs");
        let old = check_caller(&work, case.name, "old", &read("old.yaml"), &caller);
        if let Err(errors) = old {
            failures.push(format!("{}: the caller must compile against the old crate:\n{errors}", case.name));
        }
        match (check_caller(&work, case.name, "new", &read("new.yaml"), &caller), case.expected_error) {
            (Ok(()), None) => {}
            (Err(errors), Some(code)) if errors.contains(code) => {}
            (Ok(()), Some(code)) => failures.push(format!("{}: expected {code} against the new crate", case.name)),
            (Err(errors), _) => {
                failures.push(format!("{}: unexpected errors against the new crate:\n{errors}", case.name))
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The folder everything is built in: `verdict-check` in the target directory.
fn work_dir() -> PathBuf {
    let root = realtimekit_tests::project_root();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir));
    target.join("verdict-check")
}

/// Generates the crate for `spec` and checks the caller against it; `Err` holds the compiler's output.
fn check_caller(work: &Path, case: &str, side: &str, spec: &str, caller: &str) -> Result<(), String> {
    let base = work.join(case).join(side);
    let generated = generate(spec, &Config::for_crate(CRATE_NAME)).expect("the fixture generates");
    // Files are rewritten only when they change, so a second run finds everything fresh.
    let crate_dir = base.join("crate");
    if !xtask::drift(&crate_dir, &generated.files).expect("the crate folder is readable").is_clean() {
        xtask::write_atomically(&crate_dir, &generated.files).expect("the crate is written");
    }
    let caller_dir = base.join("caller");
    std::fs::create_dir_all(caller_dir.join("src")).expect("caller folder");
    write_if_changed(&caller_dir.join("Cargo.toml"), CALLER_MANIFEST);
    write_if_changed(&caller_dir.join("src/lib.rs"), caller);
    // The lock is copied every time, so the caller builds with the workspace's versions.
    std::fs::copy(realtimekit_tests::project_root().join("Cargo.lock"), caller_dir.join("Cargo.lock"))
        .expect("the workspace lock is copied");

    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&caller_dir)
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .expect("cargo runs");
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).expect("the file is written");
    }
}
