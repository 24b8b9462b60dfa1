//! Generated crates checked together: crates generated from a set of specs go into one cargo
//! workspace, which one `cargo clippy --workspace --all-targets -D warnings` checks, and whose
//! doc examples one `cargo test --doc` compiles. Crates with API features are checked with
//! all of them (`full`), with none, and with each one alone.
//!
//! The workspace lives under the target directory, with the root `Cargo.lock` copied in so
//! dependency versions match and `--offline` finds everything in the registry cache. Every
//! workspace of this kind shares one target directory (`<target>/generated-crates-target/`), so
//! the dependencies compile once and stay cached between runs. The crates are checked with the
//! `mock` feature and every API feature on, and TLS off; where clippy is not installed, `cargo check` with
//! `-D warnings` stands in. The examples are `no_run`: doc tests compile them and run nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use realtimekit_codegen::{Config, Diagnostics, generate};

/// What generating one member's crate said.
#[derive(Debug)]
pub struct Outcome {
    /// The member's folder.
    pub folder: String,
    /// Whether the crate was generated; when not, `diagnostics` says why.
    pub generated: bool,
    /// Every problem reported, warnings included.
    pub diagnostics: Diagnostics,
}

/// One crate to generate: its folder in the workspace, and the spec's path.
#[derive(Debug)]
pub struct Member {
    /// The crate's folder, which names its package too (`<folder>-client`).
    pub folder: String,
    /// The spec it is generated from.
    pub spec: PathBuf,
}

/// A workspace of generated crates at `<target>/<name>/`.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    packages: Vec<String>,
    /// Each package's API features (those `full` turns on), empty for a crate without them.
    api_features: Vec<Vec<String>>,
}

impl Workspace {
    /// Generates every member's crate into `<target>/<name>/`, removing crates of members that
    /// are gone, and writes the workspace manifest. A member whose spec does not generate is
    /// left out; the outcomes say what each generation reported.
    pub fn generate(name: &str, members: &[Member]) -> (Self, Vec<Outcome>) {
        let root = target_dir().join(name);
        fs::create_dir_all(&root).expect("the workspace folder can be created");
        let mut packages = Vec::new();
        let mut folders = Vec::new();
        let mut outcomes = Vec::new();
        let mut api_features = Vec::new();
        for member in members {
            let spec = fs::read_to_string(&member.spec).expect("the spec is readable");
            let package = format!("{}-client", member.folder.replace('_', "-"));
            let folder = member.folder.clone();
            match generate(&spec, &Config::for_crate(&package)) {
                Ok(generated) => {
                    xtask::write_atomically(&root.join(&folder), &generated.files).expect("the crate can be written");
                    let manifest = generated.files.iter().find(|file| file.path == "Cargo.toml");
                    api_features.push(manifest.map(|file| full_feature(&file.contents)).unwrap_or_default());
                    packages.push(package);
                    folders.push(folder.clone());
                    outcomes.push(Outcome { folder, generated: true, diagnostics: Diagnostics(generated.warnings) });
                }
                Err(diagnostics) => outcomes.push(Outcome { folder, generated: false, diagnostics }),
            }
        }
        for entry in fs::read_dir(&root).expect("the workspace folder is readable").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !folders.contains(&name) {
                fs::remove_dir_all(entry.path()).expect("a stale crate can be removed");
            }
        }
        let quoted: Vec<String> = folders.iter().map(|folder| format!("{folder:?}")).collect();
        let manifest = format!(
            "# Written by tests/crate_workspace.rs: one generated crate per spec.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            quoted.join(", ")
        );
        fs::write(root.join("Cargo.toml"), manifest).expect("the workspace manifest can be written");
        fs::copy(crate::project_root().join("Cargo.lock"), root.join("Cargo.lock"))
            .expect("the lock file can be copied");
        (Self { root, packages, api_features }, outcomes)
    }

    /// The packages the workspace holds.
    pub fn packages(&self) -> &[String] {
        &self.packages
    }

    /// Runs clippy (or `cargo check`) over every crate with warnings denied, and returns its
    /// error output when anything is flagged.
    pub fn check(&self) -> Result<(), String> {
        let (command, lint_args): (&str, &[&str]) =
            if has_clippy() { ("clippy", &["--", "-D", "warnings"]) } else { ("check", &[]) };
        self.cargo(&[command, "--workspace", "--all-targets", "--keep-going"], lint_args)
    }

    /// Lints the library of every crate that has API features with none of them, then with
    /// each one alone, with warnings denied: a type one feature uses and another defines can
    /// never be missing, and no import or item is left unused. (With all of them on, as
    /// [`Self::check`] builds the crates, is the third case.) The builds share the workspace's
    /// target folder, and the `n`th feature of every crate is checked in one cargo run, so
    /// the runs number the most features one crate has, plus one.
    pub fn check_features(&self) -> Result<(), String> {
        let (command, lint_args): (&str, &[&str]) =
            if has_clippy() { ("clippy", &["--", "-D", "warnings"]) } else { ("check", &[]) };
        let tagged: Vec<usize> = (0..self.packages.len()).filter(|&i| !self.api_features[i].is_empty()).collect();
        if tagged.is_empty() {
            return Ok(());
        }
        let most = tagged.iter().map(|&i| self.api_features[i].len()).max().unwrap_or_default();
        let none = tagged.iter().map(|&i| (i, None));
        let builds = std::iter::once(none.collect::<Vec<_>>()).chain((0..most).map(|n| {
            tagged.iter().filter_map(|&i| self.api_features[i].get(n).map(|feature| (i, Some(feature)))).collect()
        }));
        for build in builds {
            let mut args = vec![command.to_owned(), "--lib".to_owned(), "--keep-going".to_owned()];
            let mut features = Vec::new();
            for (index, feature) in build {
                args.extend(["--package".to_owned(), self.packages[index].clone()]);
                features.extend(feature.map(|feature| format!("{}/{feature}", self.packages[index])));
            }
            args.extend(["--offline".to_owned(), "--no-default-features".to_owned()]);
            if !features.is_empty() {
                args.extend(["--features".to_owned(), features.join(",")]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            self.run_cargo(&args, lint_args).map_err(|error| format!("with features {features:?}: {error}"))?;
        }
        Ok(())
    }

    /// Compiles every crate's doc examples (each operation's `no_run` example, and the crate
    /// guide's), so no generated example fails to build.
    pub fn doc_tests(&self) -> Result<(), String> {
        self.cargo(&["test", "--doc", "--workspace", "--no-fail-fast"], &[])
    }

    /// Adds a hand-written integration test to the crate in `folder`, as `tests/<name>.rs`, so
    /// [`Self::check`] lints it and [`Self::run_test`] runs it. Call it after [`Self::generate`],
    /// which replaces the crates.
    pub fn add_test(&self, folder: &str, name: &str, source: &Path) {
        let tests = self.root.join(folder).join("tests");
        fs::create_dir_all(&tests).expect("the crate's tests folder can be created");
        fs::copy(source, tests.join(format!("{name}.rs"))).expect("the test can be copied into the crate");
        // The test's own modules (`mod support;`) sit in a folder beside it, which cargo does not
        // take for a test of its own.
        let support = source.with_file_name("support");
        if support.is_dir() {
            let copied = tests.join("support");
            fs::create_dir_all(&copied).expect("the support folder can be created");
            for entry in fs::read_dir(&support).expect("the support folder can be read").flatten() {
                fs::copy(entry.path(), copied.join(entry.file_name())).expect("a support file can be copied");
            }
        }
    }

    /// Runs the integration test `name` of each of `packages`, and returns its output when any
    /// test fails.
    pub fn run_test(&self, packages: &[String], name: &str) -> Result<(), String> {
        let mut args = vec!["test", "--no-fail-fast", "--test", name];
        for package in packages {
            args.extend(["--package", package.as_str()]);
        }
        self.cargo_with(&args, packages, &[])
    }

    /// Writes every crate's rustdoc JSON the way cargo-semver-checks builds it (private and
    /// hidden items included, with `RUSTC_BOOTSTRAP=1`, which stable rustdoc needs for JSON),
    /// in one `cargo doc --workspace --no-deps`, offline, and returns each package's JSON file.
    ///
    /// The dependencies are built in `<target>/<build_dir>/` (cargo's `build.build-dir`), not in
    /// the shared target directory: `RUSTC_BOOTSTRAP` is part of some dependencies' fingerprints
    /// (`proc-macro2` reruns its build script when it changes), so sharing would rebuild them
    /// there on every switch. The JSON files go to `<target>/<doc_dir>/doc/`, a folder of this
    /// workspace's own, because crates of two workspaces may share a name and one build
    /// directory.
    pub fn rustdoc_json(&self, build_dir: &str, doc_dir: &str) -> Result<Vec<(String, PathBuf)>, String> {
        let doc_target = target_dir().join(doc_dir);
        let features = self.mock_and_full(&self.packages);
        let output = Command::new(env!("CARGO"))
            .current_dir(&self.root)
            .args(["doc", "--workspace", "--no-deps", "--lib", "--offline", "--no-default-features", "--features"])
            .arg(features)
            .env("CARGO_BUILD_BUILD_DIR", target_dir().join(build_dir))
            .env("CARGO_TARGET_DIR", &doc_target)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", "--cap-lints=allow")
            .env(
                "RUSTDOCFLAGS",
                "-Z unstable-options --document-private-items --document-hidden-items --output-format=json \
                 --cap-lints=allow",
            )
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .output()
            .expect("cargo runs");
        if !output.status.success() {
            return Err(format!(
                "`cargo doc` with JSON output fails on the crates in {}:\n{}",
                self.root.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(self
            .packages
            .iter()
            .map(|package| {
                (package.clone(), doc_target.join("doc").join(format!("{}.json", package.replace('-', "_"))))
            })
            .collect())
    }

    /// Runs `cargo <args> --offline --no-default-features --features <every crate's mock>
    /// <trailing>` in the workspace, and returns its error output when it fails.
    fn cargo(&self, args: &[&str], trailing: &[&str]) -> Result<(), String> {
        self.cargo_with(args, &self.packages, trailing)
    }

    /// Runs cargo like [`Self::cargo`], with the `mock` feature of `packages` only, and their
    /// whole API (`full`) when they have API features.
    fn cargo_with(&self, args: &[&str], packages: &[String], trailing: &[&str]) -> Result<(), String> {
        let features = self.mock_and_full(packages);
        let mut all_args: Vec<&str> = args.to_vec();
        all_args.extend(["--offline", "--no-default-features", "--features", features.as_str()]);
        self.run_cargo(&all_args, trailing)
    }

    /// The `--features` value that turns on `mock` and, where there are API features, `full`,
    /// for each of `packages`.
    fn mock_and_full(&self, packages: &[String]) -> String {
        let mut features: Vec<String> = packages.iter().map(|package| format!("{package}/mock")).collect();
        for (package, api) in self.packages.iter().zip(&self.api_features) {
            if !api.is_empty() && packages.contains(package) {
                features.push(format!("{package}/full"));
            }
        }
        features.join(",")
    }

    /// Runs `cargo <args> <trailing>` in the workspace with warnings denied, and returns its
    /// output when it fails.
    fn run_cargo(&self, args: &[&str], trailing: &[&str]) -> Result<(), String> {
        let output = Command::new(env!("CARGO"))
            .current_dir(&self.root)
            .args(args)
            .args(trailing)
            .env("CARGO_TARGET_DIR", target_dir().join("generated-crates-target"))
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .output()
            .expect("cargo runs");
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "`cargo {}` fails on the crates in {}:\n{}{}",
            args.join(" "),
            self.root.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The features a generated `Cargo.toml`'s `full` turns on: the crate's API features.
fn full_feature(manifest: &str) -> Vec<String> {
    let Some(line) = manifest.lines().find(|line| line.starts_with("full = [")) else { return Vec::new() };
    line.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The spec files (`.yaml`, `.yml` or `.json`) in `folder`, as members named after their
/// files, sorted by name.
pub fn members_in(folder: &Path, prefix: &str) -> Vec<Member> {
    let mut members: Vec<Member> = fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{} is readable: {error}", folder.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json"))
        .map(|path| {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name");
            Member { folder: format!("{prefix}{}", stem.replace(['-', '.'], "_").to_ascii_lowercase()), spec: path }
        })
        .collect();
    members.sort_by(|a, b| a.folder.cmp(&b.folder));
    members
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| crate::project_root().join("target"))
}

/// Whether `cargo clippy` is installed.
fn has_clippy() -> bool {
    Command::new(env!("CARGO")).args(["clippy", "--version"]).output().is_ok_and(|output| output.status.success())
}
