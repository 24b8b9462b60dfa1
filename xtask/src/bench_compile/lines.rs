//! Counting the code lines and the types of a generated crate.
//!
//! A code line is a line that is neither blank nor a comment: `//`, `///` and `//!` lines are
//! comments, so the generated docs do not count. The files are grouped by what makes them grow:
//! the operation side (`src/operations/*.rs` with `client.rs`, `operations.rs` and `mock.rs`)
//! grows with the operations, the model side (`models.rs` and `codecs.rs`) with the types, and the
//! runtime (`src/runtime/`) is copied verbatim and does not grow with the spec.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Code lines of a crate's sources, by the part of the crate they belong to.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Lines {
    /// Every `.rs` file under `src/`.
    pub(super) total: usize,
    /// `src/operations/*.rs`, `client.rs`, `operations.rs` and `mock.rs`.
    pub(super) operation_side: usize,
    /// How many operation modules (`src/operations/*.rs`) there are.
    pub(super) operations: usize,
    /// `models.rs` and `codecs.rs`.
    pub(super) model_side: usize,
    /// How many types `models.rs` declares, builders left out (see [`count_types`]).
    pub(super) types: usize,
    /// `src/runtime/`.
    pub(super) runtime: usize,
}

/// Counts the code lines and the types of the sources in `src`.
pub(super) fn count(src: &Path) -> io::Result<Lines> {
    let mut lines = Lines::default();
    for file in rust_files(src)? {
        let text = fs::read_to_string(&file)?;
        let count = code_lines(&text);
        lines.total += count;
        let relative = file.strip_prefix(src).unwrap_or(&file);
        let parts: Vec<String> =
            relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        match parts.as_slice() {
            ["operations", _] => {
                lines.operation_side += count;
                lines.operations += 1;
            }
            ["client.rs" | "operations.rs" | "mock.rs"] => lines.operation_side += count,
            ["models.rs"] => {
                lines.model_side += count;
                lines.types = count_types(&text);
            }
            ["codecs.rs"] => lines.model_side += count,
            ["runtime", ..] => lines.runtime += count,
            _ => {}
        }
    }
    Ok(lines)
}

/// The number of lines that are neither blank nor comments.
fn code_lines(text: &str) -> usize {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with("//")).count()
}

/// The number of types `models.rs` declares: lines that start with `pub struct `, `pub enum ` or
/// `pub type `, except the builder of another type (a struct named like a declared type with
/// `Builder` after it).
pub(super) fn count_types(models: &str) -> usize {
    let declared: Vec<(&str, &str)> = models.lines().filter_map(declared_type).collect();
    let names: BTreeSet<&str> = declared.iter().map(|&(_, name)| name).collect();
    let is_builder = |keyword: &str, name: &str| {
        keyword == "struct" && name.strip_suffix("Builder").is_some_and(|built| names.contains(built))
    };
    declared.iter().filter(|&&(keyword, name)| !is_builder(keyword, name)).count()
}

/// The keyword and the name of a public type declared by `line`, if it declares one at column 0.
fn declared_type(line: &str) -> Option<(&str, &str)> {
    let (keyword, rest) = line.strip_prefix("pub ")?.split_once(' ')?;
    if !matches!(keyword, "struct" | "enum" | "type") {
        return None;
    }
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
    (end > 0).then(|| (keyword, &rest[..end]))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_counted_without_their_builders() {
        let models = "\
//! The models.
/// A meeting.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: String,
}
/// Builds a [`Meeting`].
pub struct MeetingBuilder {
    id: Option<String>,
}
#[cfg(feature = \"mock\")]
pub enum MeetingStatus {
    Live,
}
pub type MeetingId = String;
pub struct Wrapper(pub u32);
pub struct Generic<'a> {
    name: &'a str,
}
pub struct ReportBuilder {
    steps: u32,
}
pub(crate) struct Hidden;
    pub struct Nested;
pub fn not_a_type() {}
";
        // `ReportBuilder` builds no declared `Report`, so it is a type of its own.
        assert_eq!(count_types(models), 6);
        assert_eq!(count_types(""), 0);
    }

    #[test]
    fn comments_and_blank_lines_are_not_code() {
        assert_eq!(code_lines("//! Docs.\n\n/// More.\nfn main() {\n    // Note.\n    run();\n}\n"), 3);
    }

    #[test]
    fn files_are_grouped_by_what_they_grow_with() {
        let src = std::env::temp_dir().join(format!("bench-compile-lines-{}", std::process::id()));
        let write = |path: &str, text: &str| {
            let path = src.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write("operations/a.rs", "fn a() {}\n");
        write("operations/b.rs", "fn b() {}\nfn c() {}\n");
        write("client.rs", "struct Client;\n");
        write("models.rs", "pub struct A;\npub struct ABuilder;\n");
        write("codecs.rs", "fn codec() {}\n");
        write("runtime/error.rs", "// Errors.\nenum Error {}\n");
        write("lib.rs", "mod models;\n");
        let lines = count(&src);
        fs::remove_dir_all(&src).unwrap();
        let expected = Lines { total: 9, operation_side: 4, operations: 2, model_side: 3, types: 1, runtime: 1 };
        assert_eq!(lines.unwrap(), expected);
    }
}
