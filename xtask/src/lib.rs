//! The file-system side of generation: compare generated files with a folder, and replace a
//! folder's contents all at once. The binary (`cargo xtask`) and the drift test share it.
//!
//! The review tools live here too, so tests can call them: [`diff`] compares two specs and
//! classifies every change, and [`lint`] checks one spec. [`synthetic`] builds large specs for
//! the scale tests and benchmarks.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use realtimekit_codegen::GeneratedFile;

pub mod changelog;
pub mod diff;
pub mod lint;
pub mod synthetic;

/// The project root: the parent of this crate's folder.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The hand-maintained spec.
pub fn spec_path() -> PathBuf {
    project_root().join("spec").join("openapi.yaml")
}

/// The generated crate's folder.
pub fn generated_dir() -> PathBuf {
    project_root().join("generated")
}

/// Files of the output folder that xtask maintains beside the generated ones: drift ignores
/// them and regeneration keeps them.
pub const KEPT_FILES: &[&str] = &[changelog::CHANGELOG_FILE];

/// How a folder differs from what the generator produces.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files the generator produces that the folder lacks.
    pub missing: Vec<String>,
    /// Files whose text differs.
    pub stale: Vec<String>,
    /// Files in the folder that the generator no longer produces.
    pub orphaned: Vec<String>,
}

impl Drift {
    /// Whether the folder matches exactly.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.orphaned.is_empty()
    }

    /// One line per differing file, e.g. `stale: src/models.rs`.
    pub fn lines(&self) -> Vec<String> {
        let tagged = |tag: &str, list: &[String]| list.iter().map(|p| format!("{tag}: {p}")).collect::<Vec<_>>();
        [tagged("missing", &self.missing), tagged("stale", &self.stale), tagged("orphaned", &self.orphaned)].concat()
    }
}

/// Compares `files` with the contents of `dir`, reading only.
pub fn drift(dir: &Path, files: &[GeneratedFile]) -> io::Result<Drift> {
    let on_disk = list_files(dir)?;
    let mut report = Drift::default();
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        match fs::read(dir.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => report.stale.push(file.path.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => report.missing.push(file.path.clone()),
            Err(error) => return Err(error),
        }
    }
    report.orphaned = on_disk
        .into_iter()
        .filter(|path| !produced.contains(path.as_str()) && !KEPT_FILES.contains(&path.as_str()))
        .collect();
    Ok(report)
}

/// Every file below `dir`, as sorted `/`-separated relative paths; empty if `dir` is absent.
pub fn list_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

/// Replaces the contents of `dir` with `files`, all or nothing, keeping its [`KEPT_FILES`].
///
/// The files are written to a staging folder beside `dir` first; only when every write
/// succeeded is the old folder swapped out, so a failure leaves `dir` as it was.
pub fn write_atomically(dir: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".to_owned());
    let staging = dir.with_file_name(format!(".{name}.staging"));
    let previous = dir.with_file_name(format!(".{name}.previous"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    let staged = stage(&staging, files).and_then(|()| keep(dir, &staging));
    if let Err(error) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if dir.exists() {
        fs::rename(dir, &previous)?;
    }
    if let Err(error) = fs::rename(&staging, dir) {
        if previous.exists() {
            fs::rename(&previous, dir)?;
        }
        return Err(error);
    }
    if previous.exists() {
        fs::remove_dir_all(&previous)?;
    }
    Ok(())
}

/// Copies the kept files that `dir` has into the staging folder.
fn keep(dir: &Path, staging: &Path) -> io::Result<()> {
    for kept in KEPT_FILES {
        let from = dir.join(kept);
        if from.is_file() {
            fs::copy(&from, staging.join(kept))?;
        }
    }
    Ok(())
}

fn stage(staging: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.contents)?;
    }
    Ok(())
}
