//! `cargo xtask lint`: lints a spec file and prints every problem.

use std::path::PathBuf;

use super::lint;
use crate::spec_path;

/// The usage line of `lint`.
pub const USAGE: &str = "cargo xtask lint [SPEC]";

/// Runs `lint` with the arguments after the subcommand: prints every problem, and fails when
/// any is an error.
pub fn run(args: &[String]) -> Result<(), String> {
    let spec = match args {
        [] => spec_path(),
        [path] if !path.starts_with("--") => PathBuf::from(path),
        _ => return Err(format!("usage: {USAGE}")),
    };
    let text = std::fs::read_to_string(&spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let report = lint(&text);
    println!("{report}");
    if report.has_errors() {
        return Err(format!("{} has errors.", spec.display()));
    }
    Ok(())
}
