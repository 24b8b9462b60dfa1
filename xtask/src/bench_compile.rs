//! `cargo xtask bench-compile`: what a generated crate costs its users to compile.
//!
//! The crate under test is generated from a spec (`--spec FILE`) by running this binary's
//! `generate` as a child process, so that run's wall time and peak memory are the generator's
//! own, or copied from a folder (`--crate DIR`, by default `generated/`). It is made a standalone
//! package with the workspace's `Cargo.lock`, in a temporary work folder that is removed at the
//! end even after a failure, or in `--keep DIR`, which is kept (`package.rs`). Then:
//!
//! - its code lines and types are counted (`lines.rs`);
//! - its dependencies are counted with `cargo tree`, for the default features and for
//!   `--all-features`;
//! - a clean `cargo check` of the default features is measured, dependencies included, in a new
//!   target folder;
//! - in that same target folder, so that each dependency compiles once, `--all-features` and each
//!   feature of `--features` (alone: `--no-default-features --features X`) are measured beyond
//!   their dependencies: an untimed `cargo check` builds the dependencies, `src/lib.rs` is
//!   touched, and a second `cargo check` with `CARGO_INCREMENTAL=0` is measured.
//!
//! Every measured run records its wall time and its peak memory (`measure.rs`). The report is a
//! markdown table, under the command line that produced it.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use xtask::generated_dir;

use lines::Lines;
use measure::{Cargo, Meter, Run};

mod lines;
mod measure;
mod package;

const USAGE: &str = "usage: cargo xtask bench-compile [--spec FILE | --crate DIR] [--features LIST] [--keep DIR]
  --spec FILE       generate the crate under test from an OpenAPI spec
  --crate DIR       copy the crate under test from DIR (default: generated/)
  --features LIST   features to check one at a time, comma separated, or `all-singles` for every
                    feature but `default`, `mock` and the TLS ones
  --keep DIR        write the crate under test to DIR, a new or empty folder, and keep it";

/// The `--features` value that names every feature worth checking alone.
const ALL_SINGLES: &str = "all-singles";

/// Where the crate under test comes from.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// An OpenAPI spec to generate it from.
    Spec(PathBuf),
    /// A crate folder to copy.
    Crate(PathBuf),
}

/// The features to check one at a time.
#[derive(Debug, PartialEq, Eq)]
enum Singles {
    /// The features named by `--features`, in order.
    Named(Vec<String>),
    /// Every feature except `default`, `mock` and the TLS ones.
    All,
}

/// What `bench-compile`'s arguments ask for.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    source: Source,
    singles: Singles,
    keep: Option<PathBuf>,
}

/// What a bench measured.
#[derive(Debug)]
struct Results {
    /// The known features, `default` left out.
    features: Vec<String>,
    /// The generator's run, with `--spec`.
    generation: Option<Run>,
    lines: Lines,
    /// The dependency counts for the default features and for `--all-features`.
    dependencies: [usize; 2],
    clean_check: Run,
    /// The feature flags of each check beyond dependencies, with its run.
    beyond_dependencies: Vec<(String, Run)>,
    /// Whether peak memory could be measured.
    measures_peaks: bool,
}

/// Runs `bench-compile` with its arguments.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = parse_args(args)?;
    let work = std::env::temp_dir().join(format!("realtimekit-bench-compile-{}", std::process::id()));
    let results = bench(&options, &work);
    // The target folders weigh gigabytes; they are removed even after a failure.
    let _ = fs::remove_dir_all(&work);
    println!("{}", report(&command_line(args), &options, &results?));
    Ok(())
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut source = None;
    let mut singles = Singles::Named(Vec::new());
    let mut keep = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if !["--spec", "--crate", "--features", "--keep"].contains(&flag.as_str()) {
            return Err(format!("unknown option {flag}\n{USAGE}"));
        }
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" | "--crate" if source.is_some() => {
                return Err(format!("give one crate to measure: --spec or --crate, once\n{USAGE}"));
            }
            "--spec" => source = Some(Source::Spec(PathBuf::from(value))),
            "--crate" => source = Some(Source::Crate(PathBuf::from(value))),
            "--features" => singles = parse_singles(value)?,
            // The flag left is `--keep`, since unknown flags were refused above.
            _ => keep = Some(PathBuf::from(value)),
        }
    }
    let source = source.unwrap_or_else(|| Source::Crate(generated_dir()));
    Ok(Options { source, singles, keep })
}

/// The value of `--features`: comma-separated names, or `all-singles`.
fn parse_singles(value: &str) -> Result<Singles, String> {
    if value.trim() == ALL_SINGLES {
        return Ok(Singles::All);
    }
    let names: Vec<String> =
        value.split(',').map(str::trim).filter(|name| !name.is_empty()).map(String::from).collect();
    if names.is_empty() {
        return Err(format!("--features needs feature names, comma separated, or `{ALL_SINGLES}`"));
    }
    Ok(Singles::Named(names))
}

/// The features to check alone, from the crate's known features; a name the crate does not have
/// is an error that lists the ones it has.
fn select(singles: &Singles, known: &[String]) -> Result<Vec<String>, String> {
    match singles {
        // A TLS feature only swaps a dependency, and `mock` is for tests; `tls` covers `rustls`.
        Singles::All => Ok(known.iter().filter(|name| *name != "mock" && !name.contains("tls")).cloned().collect()),
        Singles::Named(names) => match names.iter().find(|name| !known.contains(name)) {
            Some(unknown) => Err(format!(
                "the crate has no feature `{unknown}`; its features are: {}",
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            )),
            None => Ok(names.clone()),
        },
    }
}

/// Makes the crate under test in the work folder (or the kept one) and measures it.
fn bench(options: &Options, work: &Path) -> Result<Results, String> {
    let meter = Meter::new();
    let package = match &options.keep {
        Some(dir) => package::keep_folder(dir)?,
        None => work.join("crate"),
    };
    let generation = match &options.source {
        Source::Spec(spec) => Some(package::generate(&meter, spec, &package)?),
        Source::Crate(dir) => {
            package::copy(dir, &package)?;
            None
        }
    };
    package::standalone(&package)?;
    let features = package::features(&package)?;
    let singles = select(&options.singles, &features)?;
    let lines = lines::count(&package.join("src")).map_err(|e| format!("cannot read the crate's sources: {e}"))?;

    let cargo = Cargo { package: &package, meter: &meter };
    let target = work.join("target");
    // Downloads are not part of any measure.
    cargo.run(&target, &["fetch"])?;
    let dependencies = [cargo.dependencies(&target, &[])?, cargo.dependencies(&target, &["--all-features"])?];
    let (clean_check, _) = cargo.run(&target, &["check"])?;
    let mut beyond_dependencies =
        vec![("--all-features".to_owned(), cargo.check_beyond_dependencies(&target, &["--all-features"])?)];
    for feature in &singles {
        let flags = ["--no-default-features", "--features", feature.as_str()];
        beyond_dependencies.push((flags.join(" "), cargo.check_beyond_dependencies(&target, &flags)?));
    }
    Ok(Results {
        features,
        generation,
        lines,
        dependencies,
        clean_check,
        beyond_dependencies,
        measures_peaks: meter.measures_peaks(),
    })
}

/// The report: the command line, the crate's features and a table of the measures.
fn report(command: &str, options: &Options, results: &Results) -> String {
    let lines = &results.lines;
    let mut out = String::new();
    let _ = writeln!(out, "`{command}`\n");
    let measured = match &options.source {
        Source::Spec(spec) => format!("the crate generated from {}", spec.display()),
        Source::Crate(dir) => dir.display().to_string(),
    };
    let _ = writeln!(out, "Compile cost of {measured} ({} CPUs).\n", cpus());
    let features = if results.features.is_empty() { "none".to_owned() } else { results.features.join(", ") };
    let _ = writeln!(out, "Features ({}, `default` left out): {features}.\n", results.features.len());
    if !results.measures_peaks {
        let _ = writeln!(out, "Peak memory is not measured: this machine has no /usr/bin/time.\n");
    }
    let _ = writeln!(out, "| measure | value |\n|---|---:|");
    let mut row = |label: &str, value: String| {
        let _ = writeln!(out, "| {label} | {value} |");
    };
    if let Some(generation) = results.generation {
        row("generation: wall time, peak memory", run_cell(generation));
    }
    row("code lines, whole crate (`src/`)", lines.total.to_string());
    row("code lines, models (`models.rs` + `codecs.rs`)", lines.model_side.to_string());
    row("operations (`src/operations/*.rs`)", lines.operations.to_string());
    row("types (`pub struct`, `enum`, `type` in `models.rs`, builders left out)", lines.types.to_string());
    row(
        "code lines per operation (`src/operations/` + `client.rs` + `operations.rs` + `mock.rs`)",
        ratio(lines.operation_side, lines.operations),
    );
    row("code lines per type (`models.rs` + `codecs.rs`)", ratio(lines.model_side, lines.types));
    row("runtime code lines (`src/runtime/`, copied verbatim)", lines.runtime.to_string());
    row("dependencies, default features", results.dependencies[0].to_string());
    row("dependencies, `--all-features`", results.dependencies[1].to_string());
    row("clean `cargo check`, dependencies included: wall time, peak memory", run_cell(results.clean_check));
    for (flags, run) in &results.beyond_dependencies {
        row(&format!("`cargo check {flags}` beyond dependencies: wall time, peak memory"), run_cell(*run));
    }
    out
}

/// A run's wall time and peak memory, e.g. `12.3 s, 1.25 GiB`.
fn run_cell(run: Run) -> String {
    let peak = run.peak_kib.map_or_else(|| "n/a".to_owned(), memory);
    format!("{:.1} s, {peak}", run.wall.as_secs_f64())
}

/// KiB as MiB, or as GiB from 1 GiB on, with two decimals.
fn memory(kib: u64) -> String {
    let mib = kib as f64 / 1024.0;
    if mib >= 1024.0 { format!("{:.2} GiB", mib / 1024.0) } else { format!("{mib:.2} MiB") }
}

/// `part / whole` with one decimal, or `n/a` when there is no whole.
fn ratio(part: usize, whole: usize) -> String {
    if whole == 0 { "n/a".to_owned() } else { format!("{:.1}", part as f64 / whole as f64) }
}

/// The command line that was run, its arguments quoted for a POSIX shell where needed.
fn command_line(args: &[String]) -> String {
    let quoted = args.iter().map(|arg| {
        let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./,=:+@%".contains(c));
        if plain { arg.clone() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
    });
    std::iter::once("cargo xtask bench-compile".to_owned()).chain(quoted).collect::<Vec<_>>().join(" ")
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn arguments() {
        let parsed = parse_args(&args(&[])).unwrap();
        assert_eq!(parsed.source, Source::Crate(generated_dir()));
        assert_eq!(parsed.singles, Singles::Named(Vec::new()));
        assert_eq!(parsed.keep, None);

        let parsed = parse_args(&args(&["--spec", "a.yaml", "--features", "mock, rustls", "--keep", "out"])).unwrap();
        assert_eq!(parsed.source, Source::Spec(PathBuf::from("a.yaml")));
        assert_eq!(parsed.singles, Singles::Named(args(&["mock", "rustls"])));
        assert_eq!(parsed.keep, Some(PathBuf::from("out")));

        let parsed = parse_args(&args(&["--crate", "dir", "--features", "all-singles"])).unwrap();
        assert_eq!((parsed.source, parsed.singles), (Source::Crate(PathBuf::from("dir")), Singles::All));

        let error = |words: &[&str]| parse_args(&args(words)).unwrap_err();
        assert!(error(&["--spec", "a.yaml", "--crate", "dir"]).contains("--spec or --crate"));
        assert!(error(&["--spec"]).contains("--spec needs a value"));
        assert!(error(&["--help"]).contains("unknown option --help"));
        assert!(error(&["--features", " , "]).contains("needs feature names"));
    }

    #[test]
    fn features_are_checked_against_the_crate() {
        let known = args(&["rustls", "native-tls", "mock", "tag-meetings", "tag-polls"]);
        assert_eq!(select(&Singles::All, &known).unwrap(), ["tag-meetings", "tag-polls"]);
        assert_eq!(select(&Singles::Named(args(&["mock"])), &known).unwrap(), ["mock"]);
        let error = select(&Singles::Named(args(&["tag-polls", "tag-users"])), &known).unwrap_err();
        assert!(error.contains("no feature `tag-users`") && error.contains("rustls, native-tls, mock"), "{error}");
        assert!(select(&Singles::Named(args(&["default"])), &known).is_err());
    }

    #[test]
    fn values_are_formatted_for_reading() {
        assert_eq!(memory(512), "0.50 MiB");
        assert_eq!(memory(1024 * 1024 + 256 * 1024), "1.25 GiB");
        assert_eq!(ratio(10, 4), "2.5");
        assert_eq!(ratio(10, 0), "n/a");
        let run = Run { wall: Duration::from_millis(12_340), peak_kib: None };
        assert_eq!(run_cell(run), "12.3 s, n/a");
        assert_eq!(
            command_line(&args(&["--spec", "my spec.yaml", "--features", "a,b"])),
            "cargo xtask bench-compile --spec 'my spec.yaml' --features a,b"
        );
    }
}
