//! The generated crate is ready for a registry: `cargo package` lists exactly the generated
//! files (the README and the license texts among them) and the changelog, leaves out anything
//! else placed in the crate's folder, and the packaged crate builds on its own.
//!
//! Cargo runs offline, with the target directory the generated-crate workspaces share
//! (`<target>/generated-crates-target/`, see `crate_workspace.rs`), so the `.crate` file and its
//! verification build land there. The verification builds with the `mock` feature and without
//! TLS, the features and flags those workspaces use, so it reuses their compiled dependencies:
//! the TLS features only forward to reqwest, while `mock` compiles the crate's one optional
//! module, so no source file of the crate is left out of the build.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use realtimekit_codegen::{Config, generate};

/// The files cargo adds to every package: the manifest as written and the lock file.
const CARGO_ADDS: [&str; 2] = ["Cargo.toml.orig", "Cargo.lock"];

/// What cargo adds inside a git checkout: the commit the package was made from.
const VCS_INFO: &str = ".cargo_vcs_info.json";

#[test]
fn the_realtimekit_crate_packages_its_generated_files_and_builds_on_its_own() {
    let root = realtimekit_tests::project_root();
    let config = Config::realtimekit();
    let generated = generate(&realtimekit_tests::spec_text(), &config).expect("the spec generates");
    let mut expected = paths(generated.files.iter().map(|file| file.path.as_str()));
    let kept = xtask::KEPT_FILES.iter().filter(|kept| xtask::generated_dir().join(kept).is_file());
    expected.extend(kept.map(|kept| (*kept).to_owned()));
    expected.extend(CARGO_ADDS.map(str::to_owned));
    for wanted in ["README.md", "LICENSE-APACHE", "LICENSE-MIT", "CHANGELOG.md", "Cargo.toml", "src/lib.rs"] {
        assert!(expected.contains(wanted), "the crate is expected to hold {wanted}");
    }

    let package = ["package", "--offline", "--allow-dirty", "--package", config.crate_name.as_str()];
    let listed = cargo(&root, &[&package[..], &["--list"]].concat());
    assert_same_files(&listed_files(&listed), &expected);

    let built = cargo(&root, &[&package[..], &["--no-default-features", "--features", "mock"]].concat());
    let log = String::from_utf8_lossy(&built.stderr);
    assert!(log.contains("Verifying"), "cargo verified the package:\n{log}");
    let archive = target_dir()
        .join("generated-crates-target")
        .join("package")
        .join(format!("{}-{}.crate", config.crate_name, config.crate_version));
    assert!(archive.is_file(), "{} was written:\n{log}", archive.display());
}

#[test]
fn files_beside_the_generated_ones_stay_out_of_the_package() {
    let workspace = target_dir().join("package-check");
    let name = "package-check-client";
    let generated = generate(&realtimekit_tests::spec_text(), &Config::for_crate(name)).expect("the spec generates");
    let folder = workspace.join(name);
    xtask::write_atomically(&folder, &generated.files).expect("the crate can be written");
    // What a developer might leave in the folder: a test of their own, notes, and an editor's
    // or a merge tool's copy of a source file.
    let strays = ["tests/extra.rs", "NOTES.md", "src/models.rs.orig", "src/lib.rs~"];
    for stray in strays {
        let path = folder.join(stray);
        fs::create_dir_all(path.parent().expect("a parent folder")).expect("the folder can be created");
        fs::write(&path, "// Not generated.\n").expect("the stray file can be written");
    }
    fs::write(
        workspace.join("Cargo.toml"),
        format!("# Written by tests/package.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{name:?}]\n"),
    )
    .expect("the workspace manifest can be written");
    fs::copy(realtimekit_tests::project_root().join("Cargo.lock"), workspace.join("Cargo.lock"))
        .expect("the lock file can be copied");

    let listed = cargo(&workspace, &["package", "--list", "--offline", "--allow-dirty", "--package", name]);
    let mut expected = paths(generated.files.iter().map(|file| file.path.as_str()));
    expected.extend(CARGO_ADDS.map(str::to_owned));
    assert_same_files(&listed_files(&listed), &expected);
}

/// Runs cargo offline in `dir` with the shared target directory, and returns its output when it
/// succeeds.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir().join("generated-crates-target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` fails in {}:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The files `cargo package --list` printed, one per line.
fn listed_files(output: &Output) -> BTreeSet<String> {
    paths(String::from_utf8_lossy(&output.stdout).lines().map(str::trim).filter(|line| !line.is_empty()))
}

fn paths<'a>(paths: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    paths.map(str::to_owned).collect()
}

/// The package holds exactly `expected`, and the commit information where cargo adds it.
fn assert_same_files(listed: &BTreeSet<String>, expected: &BTreeSet<String>) {
    let extra: Vec<&String> = listed.difference(expected).filter(|path| path.as_str() != VCS_INFO).collect();
    let missing: Vec<&String> = expected.difference(listed).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "the package does not hold exactly the generated files:\n  not expected: {extra:?}\n  missing: {missing:?}"
    );
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| realtimekit_tests::project_root().join("target"))
}
