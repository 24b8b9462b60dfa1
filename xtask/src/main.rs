//! `cargo xtask`: regenerate the client crate, or check that it is up to date.
//!
//! - `cargo xtask generate` regenerates `generated/` from `spec/openapi.yaml` and prints what
//!   changed. With `--spec FILE --out DIR [--crate-name NAME] [--conventions FILE]` it makes a
//!   standalone crate from any OpenAPI 3.0 spec instead; `--conventions` declares the API's
//!   response conventions (the value of an `x-conventions` extension, as YAML or JSON) for a
//!   spec its user cannot edit, in place of the spec's own.
//! - `cargo xtask check` fails, writing nothing, when `generated/` differs from the spec.
//! - `cargo xtask changelog` rewrites the `Unreleased` section of `generated/CHANGELOG.md` from
//!   the spec diff since the last release (`generate` does this too), or releases it.
//! - `cargo xtask test` runs every check and test, installing the test tools (`test_cmd.rs`).
//! - `cargo xtask diff` reports how the spec changed and what that does to the Rust API, and
//!   `cargo xtask lint` checks the spec (both in the library: `xtask::diff`, `xtask::lint`).
//! - `cargo xtask bench-compile` times a clean check and build of the generated crate and
//!   counts its dependencies and lines of code per operation (`bench_compile.rs`).
//! - `cargo xtask synthetic` writes a large synthetic spec (`xtask::synthetic`) for scale runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use realtimekit_codegen::{Config, Generated, generate};
use xtask::{drift, generated_dir, spec_path, write_atomically};

mod bench_compile;
mod test_cmd;

const USAGE: &str = "usage:
  cargo xtask generate [--spec FILE --out DIR [--crate-name NAME] [--conventions FILE]]
  cargo xtask check
  cargo xtask test
  cargo xtask diff [--base REV] [OLD] [NEW] [--format markdown|json] [--fail-on-breaking]
  cargo xtask lint [SPEC]
  cargo xtask changelog [--base REV] [--release VERSION]
  cargo xtask bench-compile [--crate DIR]
  cargo xtask synthetic --out FILE [--operations N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => run_generate(&args[1..]),
        Some("check") => run_check(),
        Some("test") => test_cmd::run(run_check),
        Some("diff") => xtask::diff::command::run(&args[1..]),
        Some("lint") => xtask::lint::command::run(&args[1..]),
        Some("changelog") => xtask::changelog::run(&args[1..]),
        Some("bench-compile") => bench_compile::run(&args[1..]),
        Some("synthetic") => run_synthetic(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Options of `generate`.
struct Target {
    spec: PathBuf,
    out: PathBuf,
    config: Config,
}

fn parse_target(args: &[String]) -> Result<Target, String> {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut conventions = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--crate-name" => crate_name = Some(value.clone()),
            "--conventions" => conventions = Some(read_conventions(Path::new(value))?),
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    match (spec, out) {
        (None, None) if crate_name.is_none() && conventions.is_none() => {
            Ok(Target { spec: spec_path(), out: generated_dir(), config: Config::realtimekit() })
        }
        (Some(spec), Some(out)) => {
            let name = match crate_name {
                Some(name) if is_crate_name(&name) => name,
                Some(name) => {
                    return Err(format!(
                        "`{name}` is not a valid crate name: use lowercase ASCII letters, digits, `-` and `_`, \
                         starting with a letter (Rust warns about a crate name that is not snake case)"
                    ));
                }
                None => default_crate_name(&out),
            };
            Ok(Target { spec, out, config: Config { conventions, ..Config::for_crate(&name) } })
        }
        _ => Err(format!("--spec and --out go together\n{USAGE}")),
    }
}

/// Reads a conventions file: the value of an `x-conventions` extension, as YAML or JSON.
fn read_conventions(path: &Path) -> Result<realtimekit_codegen::ir::Conventions, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    realtimekit_codegen::parse_conventions(&text)
        .map_err(|diagnostics| format!("{} has problems; nothing was written.\n{diagnostics}", path.display()))
}

/// A crate name from the output folder's name, made valid: other characters become `-`, and a
/// name that does not start with a letter gets an `api-` prefix.
fn default_crate_name(out: &Path) -> String {
    let folder = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let cleaned: String = folder
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let cleaned = cleaned.trim_matches('-');
    match cleaned.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => cleaned.to_owned(),
        Some(_) => format!("api-{cleaned}"),
        None => "api-client".to_owned(),
    }
}

/// Whether Cargo accepts `name` as a package name, and Rust as a crate name without a warning.
fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn generate_from(spec: &Path, config: &Config) -> Result<Generated, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let generated = generate(&text, config)
        .map_err(|diagnostics| format!("{} has problems; nothing was written.\n{diagnostics}", spec.display()))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    Ok(generated)
}

fn run_generate(args: &[String]) -> Result<(), String> {
    let target = parse_target(args)?;
    let generated = generate_from(&target.spec, &target.config)?;
    let changes =
        drift(&target.out, &generated.files).map_err(|e| format!("cannot read {}: {e}", target.out.display()))?;
    if changes.is_clean() {
        println!("{} is up to date ({} files).", target.out.display(), generated.files.len());
    } else {
        write_atomically(&target.out, &generated.files)
            .map_err(|e| format!("cannot write {}: {e}", target.out.display()))?;
        println!("regenerated {}:", target.out.display());
        for line in changes.lines() {
            println!(
                "  {}",
                line.replacen("missing", "added", 1).replacen("stale", "changed", 1).replacen("orphaned", "removed", 1)
            );
        }
    }
    if target.out == generated_dir() {
        // The changelog needs git; without it the crate is still regenerated.
        match xtask::changelog::refresh(None) {
            Ok(message) => println!("{message}"),
            Err(error) => eprintln!("warning: generated/CHANGELOG.md was not updated: {error}"),
        }
    }
    Ok(())
}

fn run_check() -> Result<(), String> {
    let generated = generate_from(&spec_path(), &Config::realtimekit())?;
    let out = generated_dir();
    let changes = drift(&out, &generated.files).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if changes.is_clean() {
        println!("generated/ is up to date with spec/openapi.yaml.");
        return Ok(());
    }
    let lines = changes.lines().join("\n  ");
    Err(format!(
        "generated/ is out of date with spec/openapi.yaml:\n  {lines}\nrun `cargo xtask generate` and commit the result."
    ))
}

/// `synthetic --out FILE [--operations N]`: writes a synthetic spec of N operations (2,500 by
/// default, with about 5,000 schemas).
fn run_synthetic(args: &[String]) -> Result<(), String> {
    let mut out = None;
    let mut operations = xtask::synthetic::LARGE_OPERATIONS;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--operations" => {
                operations = value.parse().map_err(|_| format!("--operations takes a number, not {value}"))?
            }
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("synthetic needs --out\n{USAGE}"))?;
    let spec = xtask::synthetic::synthetic_spec(operations);
    std::fs::write(&out, &spec).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("wrote {} ({operations} operations, {} bytes)", out.display(), spec.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_lowercase_and_start_with_a_letter() {
        assert!(is_crate_name("my-client"));
        assert!(is_crate_name("github_api2"));
        // Rust warns about a crate name that is not snake case.
        assert!(!is_crate_name("MyApi"));
        assert!(!is_crate_name("2fa"));
        assert!(!is_crate_name("my client"));
        assert_eq!(default_crate_name(Path::new("/tmp/My Api")), "my-api");
        assert_eq!(default_crate_name(Path::new("/tmp/2fa")), "api-2fa");
    }
}
