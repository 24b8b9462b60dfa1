//! `cargo xtask bench-compile`: what the generated crate costs its users to compile.
//!
//! It copies the generated crate (by default `generated/`, or `--crate DIR`) into a temporary
//! folder as a standalone package with the workspace's `Cargo.lock`, fetches its dependencies
//! (not timed), then times a clean `cargo check`, a clean `cargo build` and a clean
//! `cargo check --no-default-features` (which leaves out TLS), each in a target folder of its
//! own. It prints those times, the dependency counts for the default features,
//! `--no-default-features` and `--features mock`, and the lines of generated code per operation.
//!
//! A line of code is a line that is neither blank nor a comment (`//`, `///` and `//!` lines
//! are comments, so the generated docs do not count). "Per operation" is measured three ways:
//! the operation modules alone (`src/operations/*.rs` divided by their number), everything
//! generated except the runtime (the operation modules plus `client.rs`, `models.rs`,
//! `operations.rs`, `lib.rs`, `mock.rs` and `runtime.rs`, divided by the number of operations),
//! and the runtime (`src/runtime/`), which is copied verbatim and does not grow with the spec.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use xtask::{generated_dir, project_root};

/// Runs `bench-compile` with its arguments.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let source = parse_args(args)?;
    let work = std::env::temp_dir().join(format!("realtimekit-bench-compile-{}", std::process::id()));
    let result = measure(&source, &work);
    // The copies and their target folders are large; they are removed even after a failure.
    let _ = fs::remove_dir_all(&work);
    println!("{}", result?);
    Ok(())
}

fn parse_args(args: &[String]) -> Result<PathBuf, String> {
    match args {
        [] => Ok(generated_dir()),
        [flag, dir] if flag == "--crate" => Ok(PathBuf::from(dir)),
        _ => Err("usage: cargo xtask bench-compile [--crate DIR]".to_owned()),
    }
}

/// Copies the crate, measures it, and returns the report.
fn measure(source: &Path, work: &Path) -> Result<String, String> {
    let package = work.join("crate");
    copy_dir(source, &package)
        .map_err(|e| format!("cannot copy {} to {}: {e}", source.display(), package.display()))?;
    standalone(&package).map_err(|e| format!("cannot prepare {}: {e}", package.display()))?;
    let lines = count_lines(&package.join("src")).map_err(|e| format!("cannot read the generated sources: {e}"))?;

    cargo(&package, &work.join("target-fetch"), &["fetch"])?;
    let check = timed(|| cargo(&package, &work.join("target-check"), &["check"]))?;
    let build = timed(|| cargo(&package, &work.join("target-build"), &["build"]))?;
    let lean_check = timed(|| cargo(&package, &work.join("target-lean"), &["check", "--no-default-features"]))?;
    let default_deps = dependency_count(&package, &work.join("target-fetch"), &[])?;
    let lean_deps = dependency_count(&package, &work.join("target-fetch"), &["--no-default-features"])?;
    let mock_deps = dependency_count(&package, &work.join("target-fetch"), &["--features", "mock"])?;

    let operations = lines.operation_files.max(1);
    let per = |total: usize| total as f64 / operations as f64;
    let generated_total = lines.operations + lines.shared;
    let mut out = String::new();
    let _ = writeln!(out, "Compile cost of {} ({} CPUs)\n", source.display(), cpus());
    let _ = writeln!(out, "| measure | value |\n|---|---:|");
    let _ = writeln!(out, "| clean `cargo check` | {} |", seconds(check));
    let _ = writeln!(out, "| clean `cargo build` (debug) | {} |", seconds(build));
    let _ = writeln!(out, "| clean `cargo check --no-default-features` (no TLS) | {} |", seconds(lean_check));
    let _ = writeln!(out, "| dependencies, default features | {default_deps} |");
    let _ = writeln!(out, "| dependencies, `--no-default-features` (no TLS) | {lean_deps} |");
    let _ = writeln!(out, "| dependencies, `--features mock` | {mock_deps} |");
    let _ = writeln!(out, "| operations | {} |", lines.operation_files);
    let _ = writeln!(
        out,
        "| code lines per operation, operation modules | {:.0} ({} in `src/operations/`) |",
        per(lines.operations),
        lines.operations
    );
    let _ = writeln!(
        out,
        "| code lines per operation, all generated code | {:.0} ({generated_total} without the runtime) |",
        per(generated_total)
    );
    let _ = writeln!(out, "| runtime code lines (fixed, copied verbatim) | {} |", lines.runtime);
    Ok(out)
}

/// Runs cargo in `package` with its own target folder, failing with cargo's output.
fn cargo(package: &Path, target: &Path, args: &[&str]) -> Result<String, String> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(&program)
        .args(args)
        .arg("--quiet")
        .current_dir(package)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` failed in {}:\n{}",
            args.join(" "),
            package.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn timed(run: impl FnOnce() -> Result<String, String>) -> Result<Duration, String> {
    let started = Instant::now();
    run()?;
    Ok(started.elapsed())
}

/// The number of distinct packages the crate depends on (normal dependencies, the crate itself
/// excluded), as `cargo tree` lists them.
fn dependency_count(package: &Path, target: &Path, features: &[&str]) -> Result<usize, String> {
    let mut args = vec!["tree", "--edges", "normal", "--prefix", "none"];
    args.extend_from_slice(features);
    let tree = cargo(package, target, &args)?;
    let packages: BTreeSet<&str> =
        tree.lines().map(|line| line.trim_end_matches(" (*)").trim()).filter(|line| !line.is_empty()).collect();
    Ok(packages.len().saturating_sub(1))
}

/// Code lines of the generated sources, by kind.
#[derive(Debug, Default)]
struct Lines {
    /// Lines in `src/operations/*.rs`.
    operations: usize,
    /// How many operation modules there are.
    operation_files: usize,
    /// Lines in the other generated files outside `src/runtime/`.
    shared: usize,
    /// Lines in `src/runtime/`.
    runtime: usize,
}

fn count_lines(src: &Path) -> io::Result<Lines> {
    let mut lines = Lines::default();
    for file in rust_files(src)? {
        let text = fs::read_to_string(&file)?;
        let count = text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with("//")).count();
        let relative = file.strip_prefix(src).unwrap_or(&file);
        match relative.components().next().and_then(|first| first.as_os_str().to_str()) {
            Some("operations") if relative.components().count() == 2 => {
                lines.operations += count;
                lines.operation_files += 1;
            }
            Some("runtime") if relative.components().count() == 2 => lines.runtime += count,
            _ => lines.shared += count,
        }
    }
    Ok(lines)
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies a folder recursively, leaving out any `target` folder.
fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let destination = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &destination)?;
            }
        } else {
            fs::copy(&path, &destination)?;
        }
    }
    Ok(())
}

/// Makes the copy a workspace of its own and gives it the workspace's lock file, so it builds
/// the dependency versions the project tests.
fn standalone(package: &Path) -> io::Result<()> {
    let manifest = package.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
        fs::write(&manifest, text)?;
    }
    let lock = project_root().join("Cargo.lock");
    if lock.exists() && !package.join("Cargo.lock").exists() {
        fs::copy(lock, package.join("Cargo.lock"))?;
    }
    Ok(())
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
