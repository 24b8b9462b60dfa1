//! `cargo xtask test`: the one command that runs every check and test, locally and in CI.
//!
//! The steps run in order and the first failure stops the run:
//!
//! 1. `cargo fmt --all --check`;
//! 2. `cargo clippy --workspace --all-targets --locked -- -D warnings`;
//! 3. the test tools, installed when missing or out of date: Prism and the
//!    `@readme/oas-examples` spec corpus from npm into `tools/node_modules` (`npm ci`, from
//!    `tools/package-lock.json`),
//!    `openapi-spec-validator` from PyPI into a virtual environment at `target/tools/venv`
//!    (from `tools/requirements.txt`), and cargo-semver-checks from crates.io into
//!    `target/tools/cargo-semver-checks` (`cargo install --locked` of the release pinned in
//!    `xtask::changelog`);
//! 4. the independent spec validation: `openapi-spec-validator` on `spec/openapi.yaml`;
//! 5. the project's own spec lint (`cargo xtask lint`), run in this process;
//! 6. `cargo test --workspace --locked`, whose Prism conformance test, corpus test and
//!    cargo-semver-checks cross-check need the tools above;
//! 7. the runtime with its `rustls-ring` feature, which no workspace build turns on: clippy, and
//!    the tests that building a client installs ring and keeps a provider already installed;
//! 8. the generated crate's docs, with the `mock` feature, under `RUSTDOCFLAGS="-D warnings"`;
//! 9. the drift check of `cargo xtask check`, run in this process.
//!
//! Each installation records the exact lock file it was made from next to what it installed,
//! so it is redone whenever that file changes, and skipped otherwise; cargo-semver-checks is
//! reinstalled when the executable does not name the pinned version.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use xtask::project_root;

/// The file, inside each installation, holding a copy of the lock file it was installed from.
const INSTALLED_FROM: &str = ".xtask-installed-from";

/// Runs every step; `check_drift` is the drift check of `cargo xtask check`.
pub(crate) fn run(check_drift: fn() -> Result<(), String>) -> Result<(), String> {
    let root = project_root();
    let started = Instant::now();
    step("fmt", || cargo(&root, &["fmt", "--all", "--check"]))?;
    step("clippy", || cargo(&root, &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    step("tools", || install_tools(&root))?;
    step("spec validation (openapi-spec-validator)", || validate_spec(&root))?;
    step("spec lint", || xtask::lint::command::run(&[]))?;
    step("tests", || cargo(&root, &["test", "--workspace", "--locked"]))?;
    step("runtime with TLS on ring", || runtime_on_ring(&root))?;
    step("docs", || generated_docs(&root))?;
    step("drift", check_drift)?;
    println!("== every step passed in {:.0?}", started.elapsed());
    Ok(())
}

/// Builds the generated crate's docs with the `mock` feature, failing on any rustdoc warning.
fn generated_docs(root: &Path) -> Result<(), String> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    command
        .args(["doc", "--package", "cloudflare-realtimekit", "--no-deps", "--features", "mock", "--locked"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(root);
    execute(&mut command, "")
}

/// Prints the step's header, runs it, and names the step in its error.
/// The runtime's `rustls-ring` code, which no workspace build turns on: linted, and its two
/// tests run (one process each, since rustls's provider is process-wide).
fn runtime_on_ring(root: &Path) -> Result<(), String> {
    let package = ["-p", "realtimekit-runtime", "--features", "rustls-ring", "--locked"];
    cargo(root, &[&["clippy"][..], &package, &["--all-targets", "--", "-D", "warnings"]].concat())?;
    cargo(root, &[&["test"][..], &package, &["--test", "tls_ring", "--test", "tls_ring_chosen"]].concat())
}

fn step(name: &str, body: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    println!("== {name}");
    let started = Instant::now();
    body().map_err(|error| format!("`cargo xtask test` stopped: step `{name}` failed.\n{error}"))?;
    println!("== {name}: passed in {:.1?}", started.elapsed());
    Ok(())
}

/// Runs cargo (the one running this command, when known) with `args` in the project root.
fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    command.args(args).current_dir(root);
    execute(&mut command, "")
}

/// Runs `command` with inherited input and output, failing on a non-zero exit.
///
/// `hint` is added to the error when the program cannot be started at all.
fn execute(command: &mut Command, hint: &str) -> Result<(), String> {
    let shown = describe(command);
    println!("$ {shown}");
    let status =
        command.status().map_err(|error| format!("cannot run `{shown}`: {error}. {hint}").trim_end().to_owned())?;
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

/// The command line as text, for messages.
fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    words.join(" ")
}

/// Installs Prism, the spec validator and cargo-semver-checks where they are missing or out of
/// date.
fn install_tools(root: &Path) -> Result<(), String> {
    install_prism(root)?;
    install_spec_validator(root)?;
    install_semver_checks()
}

/// Installs the pinned cargo-semver-checks from crates.io with `cargo install --locked` into
/// `target/tools/cargo-semver-checks`, unless the executable there already names that version.
///
/// It builds from source once: about 9 minutes and 16 CPU-minutes on two busy cores. Its own
/// release profile links with fat LTO into one codegen unit, which took 26 minutes there (in part
/// a longer single-threaded tail, in part a busier machine) and 1.9 GB of memory against 0.8 GB;
/// the checks run as fast without it, so the profile is overridden.
fn install_semver_checks() -> Result<(), String> {
    let version = xtask::changelog::SEMVER_CHECKS_VERSION;
    if xtask::changelog::semver_checks_installed() {
        println!("cargo-semver-checks {version} is installed.");
        return Ok(());
    }
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    command
        .args(["install", "--locked", "--force", "--version", version, "--root"])
        .arg(xtask::changelog::semver_checks_root())
        .arg("cargo-semver-checks")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
    execute(&mut command, "")?;
    if !xtask::changelog::semver_checks_installed() {
        let executable = xtask::changelog::semver_checks_executable();
        return Err(format!(
            "`cargo install` succeeded but {} does not run as version {version}",
            executable.display()
        ));
    }
    Ok(())
}

/// Runs `npm ci` in `tools/` unless `tools/node_modules` was installed from the current lock.
fn install_prism(root: &Path) -> Result<(), String> {
    let tools = root.join("tools");
    let lock = tools.join("package-lock.json");
    let modules = tools.join("node_modules");
    if installed_from(&modules, &lock)? {
        println!("Prism is installed from the current tools/package-lock.json.");
        return Ok(());
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let mut command = Command::new(npm);
    // No locked package has an install script, so none is run.
    command.args(["ci", "--prefix"]).arg(&tools).args(["--ignore-scripts", "--no-audit", "--no-fund"]);
    execute(&mut command, "Install Node.js 20 with npm.")?;
    let prism = modules.join(".bin").join(if cfg!(windows) { "prism.cmd" } else { "prism" });
    if !prism.exists() {
        return Err(format!("`npm ci` succeeded but {} is missing", prism.display()));
    }
    record_installation(&modules, &lock)
}

/// The virtual environment holding `openapi-spec-validator`.
fn venv_dir(root: &Path) -> PathBuf {
    root.join("target").join("tools").join("venv")
}

/// A program installed in the virtual environment `venv`.
fn venv_program(venv: &Path, name: &str) -> PathBuf {
    if cfg!(windows) { venv.join("Scripts").join(format!("{name}.exe")) } else { venv.join("bin").join(name) }
}

/// Creates the virtual environment afresh and installs `tools/requirements.txt` into it,
/// unless it was already made from the current requirements.
fn install_spec_validator(root: &Path) -> Result<(), String> {
    let requirements = root.join("tools").join("requirements.txt");
    let venv = venv_dir(root);
    if installed_from(&venv, &requirements)? && venv_program(&venv, "openapi-spec-validator").exists() {
        println!("openapi-spec-validator is installed from the current tools/requirements.txt.");
        return Ok(());
    }
    let python = if cfg!(windows) { "python" } else { "python3" };
    let mut create = Command::new(python);
    create.args(["-m", "venv", "--clear"]).arg(&venv);
    execute(&mut create, "Install Python 3.10 or newer, with its venv module.")?;
    let mut install = Command::new(venv_program(&venv, "python"));
    install
        .args(["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--requirement"])
        .arg(&requirements);
    execute(&mut install, "")?;
    record_installation(&venv, &requirements)
}

/// Runs the independent validator on the spec, reporting every problem it finds.
fn validate_spec(root: &Path) -> Result<(), String> {
    let mut command = Command::new(venv_program(&venv_dir(root), "openapi-spec-validator"));
    command.args(["--validation-errors", "all"]).arg(xtask::spec_path()).current_dir(root);
    execute(&mut command, "")
}

/// Whether `installation` was made from exactly the current contents of `lock`.
fn installed_from(installation: &Path, lock: &Path) -> Result<bool, String> {
    let wanted = fs::read(lock).map_err(|error| format!("cannot read {}: {error}", lock.display()))?;
    Ok(fs::read(installation.join(INSTALLED_FROM)).is_ok_and(|recorded| recorded == wanted))
}

/// Records that `installation` was made from the current contents of `lock`.
fn record_installation(installation: &Path, lock: &Path) -> Result<(), String> {
    let target = installation.join(INSTALLED_FROM);
    fs::copy(lock, &target)
        .map(drop)
        .map_err(|error| format!("cannot copy {} to {}: {error}", lock.display(), target.display()))
}
