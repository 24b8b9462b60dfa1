//! Every feature fixture's crate builds with no warnings, so a snapshot can never hold code
//! that does not compile.
//!
//! The fixtures are generated into one cargo workspace under the target directory
//! (`<target>/fixture-crates/`), with the root `Cargo.lock` copied in so dependency versions
//! match and `--offline` finds everything in the registry cache. One `cargo clippy --workspace
//! --all-targets -D warnings` (plain `cargo check` with `-D warnings` where clippy is not
//! installed) then checks them all, with the `mock` feature on and TLS off, in a target
//! directory of its own (`<target>/fixture-crates-target/`) so dependencies compile once and
//! stay cached between runs. Doc-tests are left to the generated crate's own test run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use realtimekit_codegen::{Config, generate};

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| realtimekit_tests::project_root().join("target"))
}

/// The feature fixtures, `(crate folder, spec path)`, sorted by name.
fn fixtures() -> Vec<(String, PathBuf)> {
    let folder = realtimekit_tests::project_root().join("tests/fixtures/features");
    let mut found: Vec<(String, PathBuf)> = fs::read_dir(&folder)
        .expect("the fixtures folder is readable")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .map(|path| {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name").to_owned();
            (stem, path)
        })
        .collect();
    found.sort();
    found
}

/// Generates every fixture's crate into `workspace` and writes the workspace manifest.
fn write_workspace(workspace: &Path, fixtures: &[(String, PathBuf)]) -> Vec<String> {
    fs::create_dir_all(workspace).expect("the fixture workspace can be created");
    let mut packages = Vec::new();
    for (stem, path) in fixtures {
        let spec = fs::read_to_string(path).expect("the fixture is readable");
        let package = format!("{}-client", stem.replace('_', "-"));
        let generated = generate(&spec, &Config::for_crate(&package))
            .unwrap_or_else(|diagnostics| panic!("{stem} generates:\n{diagnostics}"));
        xtask::write_atomically(&workspace.join(stem), &generated.files).expect("the fixture crate can be written");
        packages.push(package);
    }
    // Crates of fixtures that no longer exist are removed, so they are not checked.
    for entry in fs::read_dir(workspace).expect("the fixture workspace is readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !fixtures.iter().any(|(stem, _)| *stem == name) {
            fs::remove_dir_all(entry.path()).expect("a stale fixture crate can be removed");
        }
    }
    let members: Vec<String> = fixtures.iter().map(|(stem, _)| format!("{stem:?}")).collect();
    let manifest = format!(
        "# Written by tests/compile_fixtures.rs: one crate per feature fixture.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(workspace.join("Cargo.toml"), manifest).expect("the workspace manifest can be written");
    fs::copy(realtimekit_tests::project_root().join("Cargo.lock"), workspace.join("Cargo.lock"))
        .expect("the lock file can be copied");
    packages
}

/// Whether `cargo clippy` is installed.
fn has_clippy() -> bool {
    Command::new(env!("CARGO")).args(["clippy", "--version"]).output().is_ok_and(|output| output.status.success())
}

#[test]
fn every_feature_fixture_compiles_without_warnings() {
    let target = target_dir();
    let workspace = target.join("fixture-crates");
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "expected one fixture per feature, found {}", fixtures.len());
    let packages = write_workspace(&workspace, &fixtures);
    let features: Vec<String> = packages.iter().map(|package| format!("{package}/mock")).collect();
    let (command, lint_args): (&str, &[&str]) =
        if has_clippy() { ("clippy", &["--", "-D", "warnings"]) } else { ("check", &[]) };
    let output = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args([command, "--workspace", "--all-targets", "--offline", "--no-default-features", "--features"])
        .arg(features.join(","))
        .args(lint_args)
        .env("CARGO_TARGET_DIR", target.join("fixture-crates-target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the fixture crates in {} do not build cleanly with `cargo {command}`:\n{stderr}",
        workspace.display()
    );
}
