//! Where the diff's specs come from: a file, or the spec at a git revision.
//!
//! An argument that names an existing file is that file. Otherwise `REV:PATH` is `PATH` at
//! revision `REV`, and a bare `REV` is `spec/openapi.yaml` at that revision; both are read
//! with `git show`, so nothing is checked out.

use std::path::Path;
use std::process::Command;

use crate::{project_root, spec_path};

/// A spec to compare, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// A file on disk.
    File(String),
    /// A file at a git revision.
    Revision {
        /// The revision, e.g. `origin/main`.
        revision: String,
        /// The file's path from the repository root.
        path: String,
    },
}

impl SpecSource {
    /// Reads an argument: an existing file, `REV:PATH`, or a revision of `spec/openapi.yaml`.
    pub fn parse(argument: &str) -> Self {
        if Path::new(argument).is_file() {
            return Self::File(argument.to_owned());
        }
        match argument.split_once(':') {
            Some((revision, path)) if !revision.is_empty() && !path.is_empty() => {
                Self::Revision { revision: revision.to_owned(), path: path.to_owned() }
            }
            _ => Self::revision(argument),
        }
    }

    /// `spec/openapi.yaml` at a revision.
    pub fn revision(revision: &str) -> Self {
        Self::Revision { revision: revision.to_owned(), path: "spec/openapi.yaml".to_owned() }
    }

    /// The working tree's `spec/openapi.yaml`.
    pub fn working_tree() -> Self {
        Self::File(spec_path().to_string_lossy().into_owned())
    }

    /// How the report names this source.
    pub fn label(&self) -> String {
        match self {
            Self::File(path) => {
                let root = project_root();
                Path::new(path).strip_prefix(&root).map_or_else(|_| path.clone(), |p| p.to_string_lossy().into_owned())
            }
            Self::Revision { revision, path } => format!("{revision}:{path}"),
        }
    }

    /// The spec's text.
    pub fn read(&self) -> Result<String, String> {
        match self {
            Self::File(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}")),
            Self::Revision { revision, path } => {
                let output = Command::new("git")
                    .arg("-C")
                    .arg(project_root())
                    .arg("show")
                    .arg(format!("{revision}:{path}"))
                    .output()
                    .map_err(|e| format!("cannot run git: {e}"))?;
                if !output.status.success() {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    return Err(format!("cannot read {path} at {revision}: {}", stderr.trim()));
                }
                String::from_utf8(output.stdout).map_err(|_| format!("{path} at {revision} is not UTF-8"))
            }
        }
    }
}
