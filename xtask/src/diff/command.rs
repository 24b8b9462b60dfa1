//! `cargo xtask diff`: reads the arguments, the two specs, and prints the report.

use super::diff_specs;
use super::input::SpecSource;

/// The usage line of `diff`.
pub const USAGE: &str = "cargo xtask diff [--base REV] [OLD] [NEW] [--format markdown|json] [--fail-on-breaking]";

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
}

/// The parsed arguments.
#[derive(Debug)]
struct Options {
    old: SpecSource,
    new: SpecSource,
    format: Format,
    fail_on_breaking: bool,
}

/// Runs `diff` with the arguments after the subcommand; an error is the message to print.
///
/// OLD and NEW are spec files, `REV:PATH`, or revisions of `spec/openapi.yaml`; NEW defaults to
/// the working tree's spec, and `--base REV` gives OLD.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let old_text = options.old.read()?;
    let new_text = options.new.read()?;
    let report = diff_specs(&old_text, &new_text)
        .map_err(|error| error.to_string())?
        .with_sources(options.old.label(), options.new.label());
    match options.format {
        Format::Markdown => print!("{}", report.to_markdown()),
        Format::Json => println!("{}", report.to_json()),
    }
    if options.fail_on_breaking && report.is_breaking() {
        return Err(format!(
            "the change breaks callers ({} on the wire, {} in Rust): it needs a major release",
            report.verdict.wire_breaking, report.verdict.rust_breaking
        ));
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<Options, String> {
    let usage = |problem: String| format!("{problem}\nusage: {USAGE}");
    let mut base = None;
    let mut positional = Vec::new();
    let mut format = Format::Markdown;
    let mut fail_on_breaking = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--base" => base = Some(rest.next().ok_or_else(|| usage("--base needs a revision".to_owned()))?),
            "--format" => {
                format = match rest.next().map(String::as_str) {
                    Some("markdown") => Format::Markdown,
                    Some("json") => Format::Json,
                    other => return Err(usage(format!("--format is markdown or json, not {other:?}"))),
                }
            }
            "--fail-on-breaking" => fail_on_breaking = true,
            flag if flag.starts_with("--") => return Err(usage(format!("unknown option {flag}"))),
            _ => positional.push(arg),
        }
    }
    let (old, new) = match (base, positional.as_slice()) {
        (Some(base), []) => (SpecSource::parse(base), SpecSource::working_tree()),
        (Some(base), [new]) => (SpecSource::parse(base), SpecSource::parse(new)),
        (None, [old]) => (SpecSource::parse(old), SpecSource::working_tree()),
        (None, [old, new]) => (SpecSource::parse(old), SpecSource::parse(new)),
        (None, []) => return Err(usage("name the old spec, or a base revision with --base".to_owned())),
        _ => return Err(usage("too many specs: give OLD and NEW, or --base REV and NEW".to_owned())),
    };
    Ok(Options { old, new, format, fail_on_breaking })
}
