//! Shared helpers of the project's integration tests.

use std::path::PathBuf;

/// The project root.
pub fn project_root() -> PathBuf {
    xtask::project_root()
}

/// The hand-maintained spec's text.
pub fn spec_text() -> String {
    std::fs::read_to_string(xtask::spec_path()).expect("spec/openapi.yaml is readable")
}
