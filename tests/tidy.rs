//! House rules that no compiler checks: every Rust source file opens with a `//!` line that
//! states its role (after the `@generated` header, in generated files).

use std::fs;
use std::path::{Path, PathBuf};

/// The folders whose Rust files the rule covers, relative to the project root.
const SOURCE_FOLDERS: [&str; 8] =
    ["codegen", "runtime", "xtask", "tests", "testkit", "benches", "examples", "generated"];

/// Every `.rs` file under `folder`, skipping build output and installed tools.
fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && name != "node_modules" {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The first line of `text` that says something: not blank, and not the `@generated` header.
fn first_meaningful_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with("// @generated"))
}

#[test]
fn every_source_file_opens_with_a_role_line() {
    let root = realtimekit_tests::project_root();
    let mut files = Vec::new();
    for folder in SOURCE_FOLDERS {
        rust_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 100, "the walk found the sources ({} files)", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            !first_meaningful_line(&text).is_some_and(|line| line.starts_with("//!"))
        })
        .map(|path| path.strip_prefix(&root).unwrap_or(path).display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not open with a `//!` line stating their role:\n{}",
        missing.join("\n")
    );
}
