//! `cargo xtask`: regenerate the client crate, or check that it is up to date.
//!
//! - `cargo xtask generate` regenerates `generated/` from `spec/openapi.yaml` and prints what
//!   changed; any problem, even a warning, fails it and writes nothing. With `--spec FILE --out
//!   DIR [--crate-name NAME] [--conventions FILE] [--keep-going | --strict]` it makes a
//!   standalone crate from any OpenAPI 3.0 or 3.1 spec instead; `--conventions` declares the
//!   API's response conventions (the value of an `x-conventions` extension, as YAML or JSON) for
//!   a spec its user cannot edit, in place of the spec's own. Such a spec is read in keep-going
//!   mode unless `--strict` is given (see [`GENERATE_HELP`] for why).
//! - `cargo xtask check` fails, writing nothing, when `generated/` differs from the spec.
//! - `cargo xtask changelog` rewrites the `Unreleased` section of `generated/CHANGELOG.md` from
//!   the spec diff since the last release (`generate` does this too), or releases it once
//!   cargo-semver-checks agrees the version is big enough (`--skip-semver-checks` to skip that).
//! - `cargo xtask test` runs every check and test, installing the test tools (`test_cmd.rs`).
//! - `cargo xtask diff` reports how the spec changed and what that does to the Rust API, and
//!   `cargo xtask lint` checks the spec (both in the library: `xtask::diff`, `xtask::lint`).
//! - `cargo xtask bench-compile [--spec FILE | --crate DIR] [--features LIST] [--keep DIR]`
//!   measures what a generated crate costs to compile: generation time and memory (with
//!   `--spec`), code lines per operation and per type, dependency counts, a clean `cargo check`,
//!   and the time and peak memory of checking the crate itself beyond its dependencies, with all
//!   features and with each feature of LIST alone (`bench_compile.rs`).
//! - `cargo xtask synthetic` writes a large synthetic spec (`xtask::synthetic`) for scale runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use realtimekit_codegen::{Config, Generated, Strictness, generate};
use xtask::{drift, generated_dir, spec_path, write_atomically};

mod bench_compile;
mod test_cmd;

const USAGE: &str = "usage:
  cargo xtask generate [--spec FILE --out DIR [--crate-name NAME] [--conventions FILE] [--keep-going | --strict]]
  cargo xtask check
  cargo xtask test
  cargo xtask diff [--base REV] [OLD] [NEW] [--format markdown|json] [--fail-on-breaking]
  cargo xtask lint [SPEC]
  cargo xtask changelog [--base REV] [--release VERSION [--skip-semver-checks]]
  cargo xtask bench-compile [--spec FILE | --crate DIR] [--features LIST] [--keep DIR]
  cargo xtask synthetic --out FILE [--operations N]";

/// `cargo xtask generate --help`: the options, and why keep-going is the default for a spec
/// given with `--spec`.
const GENERATE_HELP: &str = "usage:
  cargo xtask generate
      Regenerates generated/ from spec/openapi.yaml, this project's own spec. It is strict: any
      problem, even a warning, fails it and writes nothing.
  cargo xtask generate --spec FILE --out DIR [--crate-name NAME] [--conventions FILE] [--keep-going | --strict]
      Makes a standalone crate from any OpenAPI 3.0 or 3.1 spec, JSON or YAML.

options:
  --crate-name NAME   the package name (default: from the name of DIR)
  --conventions FILE  the API's response conventions, in place of the spec's `x-conventions`
  --keep-going        the default for --spec: a problem local to one operation or one component
                      (an unresolved $ref, a value of the wrong type, a schema that cannot be
                      lowered, a bad parameter) skips exactly the operations that depend on it,
                      each printed as a warning with its JSON Pointer and the reason, and the
                      crate is generated from the rest. Damage to the document itself (text that
                      does not parse, no `paths`, an unsupported `openapi` version) still refuses
                      the spec and writes nothing.
  --strict            any error refuses the spec and writes nothing.

Why keep-going is the default for --spec: a third-party spec is one you usually cannot fix, and
one broken operation among hundreds should not cost you all the others. Nothing is skipped
silently: every skipped operation is printed with where and why, and the run ends with a count.
Use --strict for a spec you maintain, or in CI that must notice a new problem; this project's own
spec is always generated strictly.";

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
#[derive(Debug)]
struct Target {
    spec: PathBuf,
    out: PathBuf,
    config: Config,
    /// Whether a warning fails the run too: for this project's own spec.
    deny_warnings: bool,
}

/// What `generate`'s arguments ask for.
#[derive(Debug)]
enum Request {
    Generate(Box<Target>),
    Help,
}

fn parse_target(args: &[String]) -> Result<Request, String> {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut conventions = None;
    let mut strictness = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mode = match flag.as_str() {
            "--help" | "-h" => return Ok(Request::Help),
            "--strict" => Some(Strictness::Strict),
            "--keep-going" => Some(Strictness::KeepGoing),
            _ => None,
        };
        if let Some(mode) = mode {
            if strictness.is_some_and(|chosen| chosen != mode) {
                return Err(format!("--strict and --keep-going exclude each other\n{USAGE}"));
            }
            strictness = Some(mode);
            continue;
        }
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
        (None, None) if strictness == Some(Strictness::KeepGoing) => {
            Err("this project's own spec is always generated strictly; --keep-going goes with --spec".to_owned())
        }
        (None, None) if crate_name.is_none() && conventions.is_none() => Ok(Request::Generate(Box::new(Target {
            spec: spec_path(),
            out: generated_dir(),
            config: Config::realtimekit(),
            deny_warnings: true,
        }))),
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
            // A third-party spec is read in keep-going mode unless asked otherwise (see GENERATE_HELP).
            let strictness = strictness.unwrap_or(Strictness::KeepGoing);
            let config = Config { conventions, strictness, ..Config::for_crate(&name) };
            Ok(Request::Generate(Box::new(Target { spec, out, config, deny_warnings: false })))
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

/// Generates the crate of `spec`, printing the warnings; with `deny_warnings` a warning fails
/// it like an error, and nothing is written.
fn generate_from(spec: &Path, config: &Config, deny_warnings: bool) -> Result<Generated, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let generated = generate(&text, config)
        .map_err(|diagnostics| format!("{} has problems; nothing was written.\n{diagnostics}", spec.display()))?;
    if deny_warnings && !generated.warnings.is_empty() {
        let warnings = realtimekit_codegen::Diagnostics(generated.warnings);
        return Err(format!(
            "{} has problems, and this project's own spec must have none; nothing was written.\n{warnings}",
            spec.display()
        ));
    }
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let skipped = generated.warnings.iter().filter(|w| w.message.starts_with("operation skipped")).count();
    if skipped > 0 {
        let kept = generated.files.iter().filter(|file| file.path.starts_with("src/operations/")).count();
        eprintln!("{kept} operation(s) generated, {skipped} skipped; the warnings above say where and why.");
    }
    Ok(generated)
}

fn run_generate(args: &[String]) -> Result<(), String> {
    let target = match parse_target(args)? {
        Request::Generate(target) => target,
        Request::Help => {
            println!("{GENERATE_HELP}");
            return Ok(());
        }
    };
    let generated = generate_from(&target.spec, &target.config, target.deny_warnings)?;
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
    let generated = generate_from(&spec_path(), &Config::realtimekit(), true)?;
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

    /// A third-party spec is read in keep-going mode unless `--strict` is given; this project's
    /// own spec is always strict, and warnings fail it too.
    #[test]
    fn generate_modes() {
        let target = |args: &[&str]| match parse_target(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>()) {
            Ok(Request::Generate(target)) => Ok((target.config.strictness, target.deny_warnings)),
            Ok(Request::Help) => Err("help".to_owned()),
            Err(message) => Err(message),
        };
        assert_eq!(target(&[]), Ok((Strictness::Strict, true)));
        assert_eq!(target(&["--strict"]), Ok((Strictness::Strict, true)));
        assert!(target(&["--keep-going"]).is_err_and(|message| message.contains("always generated strictly")));
        let third_party = ["--spec", "a.yaml", "--out", "/tmp/a-client"];
        assert_eq!(target(&third_party), Ok((Strictness::KeepGoing, false)));
        assert_eq!(target(&[&third_party[..], &["--strict"]].concat()), Ok((Strictness::Strict, false)));
        assert_eq!(target(&[&["--keep-going"], &third_party[..]].concat()), Ok((Strictness::KeepGoing, false)));
        assert!(target(&[&third_party[..], &["--strict", "--keep-going"]].concat()).is_err());
        assert_eq!(target(&["--spec", "a.yaml", "--help"]), Err("help".to_owned()));
        assert!(GENERATE_HELP.contains("Why keep-going is the default"));
    }
}
