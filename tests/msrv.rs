//! Clippy checks generated code against the crate's declared `rust-version`: its
//! `incompatible_msrv` lint (warn by default, so an error under `-D warnings`) flags a call to a
//! standard library API newer than that version, and nothing generated allows the lint.
//!
//! The lint reads the version cargo passes from `rust-version`, unless a `clippy.toml` on the
//! way up from the crate sets `msrv`. The probe crates below sit in the target directory, like
//! the generated crates `crate_workspace.rs` checks, and are checked with the same command and
//! flags, so they see the same `clippy.toml` files; `generated/` sits beside them under the
//! project root and the workspace's own clippy run checks it the same way.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use realtimekit_codegen::{Config, generate};

/// A library whose one function calls `Option::is_some_and`, stable since Rust 1.70.
const PROBE: &str = "//! Calls a standard library API that Rust 1.70 stabilized.\n\n\
    /// Whether `value` holds a positive number.\n\
    pub fn positive(value: Option<i32>) -> bool {\n    value.is_some_and(|v| v > 0)\n}\n";

#[test]
fn clippy_flags_an_api_newer_than_the_declared_rust_version() {
    let too_old = clippy_on_probe("msrv-probe-1-60", "1.60");
    let log = String::from_utf8_lossy(&too_old.stderr);
    assert!(!too_old.status.success(), "clippy accepts a 1.70 API in a crate that declares Rust 1.60:\n{log}");
    assert!(log.contains("incompatible_msrv"), "clippy names `incompatible_msrv`:\n{log}");
    assert!(log.contains("`1.60.0`") && log.contains("`1.70.0`"), "clippy compares 1.60 with 1.70:\n{log}");

    let recent_enough = clippy_on_probe("msrv-probe-1-70", "1.70");
    assert!(
        recent_enough.status.success(),
        "the same crate declaring Rust 1.70 passes clippy:\n{}",
        String::from_utf8_lossy(&recent_enough.stderr)
    );
}

#[test]
fn generated_crates_declare_a_rust_version_and_never_allow_the_lint() {
    let generated = generate(&realtimekit_tests::spec_text(), &Config::realtimekit()).expect("the spec generates");
    let manifest = generated.files.iter().find(|file| file.path == "Cargo.toml").expect("a manifest is generated");
    assert!(
        manifest.contents.lines().any(|line| line.starts_with("rust-version = \"1.")),
        "the manifest declares a rust-version:\n{}",
        manifest.contents
    );
    assert!(!manifest.contents.contains("[lints"), "the manifest sets no lint levels:\n{}", manifest.contents);
    for file in &generated.files {
        for allowed in ["incompatible_msrv", "clippy::suspicious", "clippy::all"] {
            assert!(!file.contents.contains(allowed), "{} mentions `{allowed}`", file.path);
        }
    }
}

/// Writes a probe crate declaring `rust_version` to `<target>/msrv-probes/<name>/` and runs
/// clippy on it as `crate_workspace.rs` runs it on generated crates.
fn clippy_on_probe(name: &str, rust_version: &str) -> Output {
    let has_clippy =
        Command::new(env!("CARGO")).args(["clippy", "--version"]).output().is_ok_and(|output| output.status.success());
    assert!(has_clippy, "`cargo clippy` is installed (rustup component add clippy)");
    let folder = target_dir().join("msrv-probes").join(name);
    fs::create_dir_all(folder.join("src")).expect("the probe's folder can be created");
    let manifest = format!(
        "# Written by tests/msrv.rs.\n[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         rust-version = {rust_version:?}\npublish = false\n\n[workspace]\n"
    );
    fs::write(folder.join("Cargo.toml"), manifest).expect("the probe's manifest can be written");
    fs::write(folder.join("src").join("lib.rs"), PROBE).expect("the probe's source can be written");
    run_clippy(&folder)
}

fn run_clippy(folder: &Path) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(folder)
        .args(["clippy", "--workspace", "--all-targets", "--offline", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir().join("msrv-probes").join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .expect("cargo runs")
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| realtimekit_tests::project_root().join("target"))
}
