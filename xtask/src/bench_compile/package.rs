//! Making the crate under test: generated from a spec or copied from a folder, then made a
//! standalone package, and reading its features.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::project_root;

use super::measure::{Meter, Run};

/// The package name of a crate generated from `--spec`.
const CRATE_NAME: &str = "bench-crate";

/// The folder that `--keep DIR` names, made absolute; it must be new or empty, since the crate
/// under test is written there.
pub(super) fn keep_folder(dir: &Path) -> Result<PathBuf, String> {
    let dir = std::path::absolute(dir).map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
    let empty = match fs::read_dir(&dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(error) if error.kind() == io::ErrorKind::NotFound => true,
        Err(error) => return Err(format!("cannot read {}: {error}", dir.display())),
    };
    if !empty {
        return Err(format!(
            "--keep {} must be a new or empty folder: the crate under test is written there",
            dir.display()
        ));
    }
    Ok(dir)
}

/// Generates the crate of `spec` into `out` by running this binary's `generate` (in keep-going
/// mode, its default for `--spec`) as a child process, so the run measures the generator alone.
pub(super) fn generate(meter: &Meter, spec: &Path, out: &Path) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let mut command = Command::new(exe);
    command.arg("generate").arg("--spec").arg(spec).arg("--out").arg(out).args(["--crate-name", CRATE_NAME]);
    Ok(meter.run(command)?.0)
}

/// Copies the crate in `from` to `to`, leaving out any `target` folder.
pub(super) fn copy(from: &Path, to: &Path) -> Result<(), String> {
    copy_dir(from, to).map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

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

/// Makes the crate a workspace of its own and gives it the workspace's lock file, so it builds
/// the dependency versions the project tests.
pub(super) fn standalone(package: &Path) -> Result<(), String> {
    let prepare = || -> io::Result<()> {
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
    };
    prepare().map_err(|e| format!("cannot prepare {}: {e}", package.display()))
}

/// The features of the crate in `package`, `default` left out.
pub(super) fn features(package: &Path) -> Result<Vec<String>, String> {
    let manifest = package.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    Ok(parse_features(&text))
}

/// The keys of the `[features]` table of a `Cargo.toml`, in file order, `default` left out.
///
/// xtask does not depend on a TOML parser, and this table is simple: a key starts a line of the
/// table, before `=`, and the table ends at the next `[header]` line. The lines that continue a
/// feature's list hold quoted values without `=`, so they are not taken for keys.
pub(super) fn parse_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            in_features = header.split(']').next().map(str::trim) == Some("features");
            continue;
        }
        if !in_features || line.starts_with('#') {
            continue;
        }
        let Some((key, _)) = line.split_once('=') else { continue };
        let key = key.trim().trim_matches('"');
        let valid = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "-_+.".contains(c));
        if valid && key != "default" {
            names.push(key.to_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_the_keys_of_the_features_table() {
        let manifest = r#"
[package]
name = "bench-crate"
edition = "2024"

[features]
default = ["rustls"]
# TLS through rustls (the default).
rustls = ["reqwest/rustls"]
native-tls = ["reqwest/native-tls"]
"mock" = [
    "dep:wiremock",
    "tag-meetings",
]
tag-meetings = []

[dependencies]
serde = { version = "1", features = ["derive"] }
"#;
        assert_eq!(parse_features(manifest), ["rustls", "native-tls", "mock", "tag-meetings"]);
        assert!(parse_features("[package]\nname = \"a\"\n").is_empty());
        assert_eq!(parse_features("[features] # the features\nfast = []\n[[bin]]\nname = \"x\"\n"), ["fast"]);
    }
}
