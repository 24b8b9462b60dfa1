//! `cargo xtask`: regenerate the client crate, or check that it is up to date.
//!
//! - `cargo xtask generate` regenerates `generated/` from `spec/openapi.yaml` and prints what
//!   changed. With `--spec FILE --out DIR [--crate-name NAME]` it makes a standalone crate from
//!   any OpenAPI 3.0 spec instead.
//! - `cargo xtask check` fails, writing nothing, when `generated/` differs from the spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use realtimekit_codegen::{Config, Generated, generate};
use xtask::{drift, generated_dir, spec_path, write_atomically};

const USAGE: &str = "usage:
  cargo xtask generate [--spec FILE --out DIR [--crate-name NAME]]
  cargo xtask check";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => run_generate(&args[1..]),
        Some("check") => run_check(),
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
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--crate-name" => crate_name = Some(value.clone()),
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    match (spec, out) {
        (None, None) if crate_name.is_none() => {
            Ok(Target { spec: spec_path(), out: generated_dir(), config: Config::realtimekit() })
        }
        (Some(spec), Some(out)) => {
            let name = crate_name.unwrap_or_else(|| default_crate_name(&out));
            Ok(Target { spec, out, config: Config::for_crate(&name) })
        }
        _ => Err(format!("--spec and --out go together\n{USAGE}")),
    }
}

fn default_crate_name(out: &Path) -> String {
    out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "api-client".to_owned())
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
        return Ok(());
    }
    write_atomically(&target.out, &generated.files)
        .map_err(|e| format!("cannot write {}: {e}", target.out.display()))?;
    println!("regenerated {}:", target.out.display());
    for line in changes.lines() {
        println!(
            "  {}",
            line.replacen("missing", "added", 1).replacen("stale", "changed", 1).replacen("orphaned", "removed", 1)
        );
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
