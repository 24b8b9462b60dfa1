//! The generated crate's `CHANGELOG.md`, written from the spec diff report.
//!
//! The file keeps released versions as they are and rewrites only its `## Unreleased` section,
//! from the diff between the spec of the last release and the working tree's spec. Each release
//! heading is followed by a `<!-- spec: REV -->` marker naming the git revision whose spec it
//! shipped, which is where the next diff starts. `cargo xtask generate` refreshes the section
//! after every regeneration, and `cargo xtask changelog --release VERSION` turns it into a
//! release.

use std::fmt::Write as _;
use std::fs;
use std::process::Command;

use crate::diff::diff_specs;
use crate::diff::input::SpecSource;
use crate::diff::model::{Change, Compat, Kind, Report};
use crate::{generated_dir, project_root};

/// The usage line of `changelog`.
pub const USAGE: &str = "cargo xtask changelog [--base REV] [--release VERSION]";

/// Runs `changelog`: refreshes the `Unreleased` section, or releases it with `--release`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut base = None;
    let mut version = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\nusage: {USAGE}"))?;
        match flag.as_str() {
            "--base" => base = Some(value.as_str()),
            "--release" => version = Some(value.as_str()),
            _ => return Err(format!("unknown option {flag}\nusage: {USAGE}")),
        }
    }
    let message = refresh(base)?;
    println!("{message}");
    if let Some(version) = version {
        release_unreleased(version)?;
        println!("released the Unreleased section as {version}");
    }
    Ok(())
}

/// Rewrites the generated crate's `Unreleased` section from the diff between the spec at
/// `base` (by default the last release's, or `HEAD` before any release) and the working
/// tree's spec, and says what it found.
pub fn refresh(base: Option<&str>) -> Result<String, String> {
    let path = generated_dir().join(CHANGELOG_FILE);
    let current = fs::read_to_string(&path).unwrap_or_default();
    let base = base.or_else(|| release_base(&current)).unwrap_or("HEAD").to_owned();
    let old = SpecSource::revision(&base).read()?;
    let new = SpecSource::working_tree().read()?;
    let report = diff_specs(&old, &new).map_err(|error| error.to_string())?;
    let updated = with_unreleased(&current, &report);
    if updated != current {
        fs::write(&path, &updated).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if report.changes.is_empty() {
        return Ok(format!("generated/{CHANGELOG_FILE}: no change since the spec at {base}"));
    }
    Ok(format!(
        "generated/{CHANGELOG_FILE}: {} change(s) since the spec at {base}, needing a {} release",
        report.changes.len(),
        report.verdict.bump.as_str()
    ))
}

/// Releases the `Unreleased` section as `version`, marked with the commit whose spec it ships.
fn release_unreleased(version: &str) -> Result<(), String> {
    let unchanged = git(&["diff", "--quiet", "HEAD", "--", "spec/openapi.yaml"]).is_ok();
    if !unchanged {
        return Err("commit spec/openapi.yaml first: a release names the commit whose spec it ships".to_owned());
    }
    let revision = git(&["rev-parse", "--short", "HEAD"])?;
    let path = generated_dir().join(CHANGELOG_FILE);
    let current = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let released = release(&current, version, revision.trim())?;
    fs::write(&path, released).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs git in the project root and returns its output, or its error output as the error.
fn git(args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(project_root())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// The changelog's path inside the generated crate.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// The opening of a new changelog, before any section.
const PREAMBLE: &str = "# Changelog\n\n\
    Every change of the crate's API, derived from the OpenAPI spec by `cargo xtask changelog`\n\
    (which `cargo xtask generate` runs). The `Unreleased` section is rewritten from the spec diff\n\
    report; prose added under a released version is kept.\n";

const UNRELEASED: &str = "## Unreleased";

/// The revision of the last release's spec, from the first `<!-- spec: REV -->` marker.
pub fn release_base(changelog: &str) -> Option<&str> {
    changelog.lines().find_map(|line| line.trim().strip_prefix("<!-- spec: ")?.strip_suffix(" -->")).map(str::trim)
}

/// The changelog with its `Unreleased` section rewritten from `report`; released sections and
/// the preamble are kept. An empty report leaves no `Unreleased` section.
pub fn with_unreleased(changelog: &str, report: &Report) -> String {
    let (preamble, released) = split(changelog);
    let mut text = preamble.trim_end().to_owned();
    text.push_str("\n\n");
    if !report.changes.is_empty() {
        text.push_str(&unreleased_section(report));
        text.push('\n');
    }
    if !released.is_empty() {
        text.push_str(released.trim_end());
        text.push('\n');
    }
    text
}

/// The changelog with its `Unreleased` section released as `version`, marked with the spec
/// revision it ships.
pub fn release(changelog: &str, version: &str, spec_revision: &str) -> Result<String, String> {
    let (preamble, released) = split(changelog);
    let Some(start) = changelog.find(UNRELEASED) else {
        return Err("the changelog has no Unreleased section: nothing changed since the last release".to_owned());
    };
    let body_start = start + UNRELEASED.len();
    let body_end = changelog[body_start..].find("\n## ").map_or(changelog.len(), |i| body_start + i + 1);
    let body = changelog[body_start..body_end].trim();
    Ok(format!(
        "{}\n\n## {version}\n\n<!-- spec: {spec_revision} -->\n\n{body}\n\n{}",
        preamble.trim_end(),
        released.trim_end()
    )
    .trim_end()
    .to_owned()
        + "\n")
}

/// Splits the text into the preamble (before any `## ` section) and the released sections
/// (every `## ` section but `Unreleased`).
fn split(changelog: &str) -> (&str, &str) {
    if changelog.trim().is_empty() {
        return (PREAMBLE, "");
    }
    let first_section = section_starts(changelog).next().unwrap_or(changelog.len());
    let preamble = &changelog[..first_section];
    let released_start =
        section_starts(changelog).find(|&start| !changelog[start..].starts_with(UNRELEASED)).unwrap_or(changelog.len());
    (preamble, &changelog[released_start..])
}

/// The byte offsets of every line that opens a `## ` section.
fn section_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        line.starts_with("## ").then_some(start)
    })
}

/// Whether a change is listed under a group of the `Unreleased` section.
type Belongs = fn(&Change) -> bool;

/// The `Unreleased` section: the verdict, then the changes grouped for readers.
fn unreleased_section(report: &Report) -> String {
    let verdict = &report.verdict;
    let mut text = format!("{UNRELEASED}\n\nNeeds a **{}** release", verdict.bump.as_str());
    if verdict.wire_breaking + verdict.rust_breaking > 0 {
        let _ = write!(
            text,
            ": {} change(s) break clients on the wire, {} break code that compiles against the last release",
            verdict.wire_breaking, verdict.rust_breaking
        );
    }
    text.push_str(".\n");
    let groups: [(&str, Belongs); 4] = [
        ("Breaking changes", is_breaking),
        ("Added", |c| !is_breaking(c) && c.kind == Kind::Added),
        ("Changed", |c| !is_breaking(c) && !matches!(c.kind, Kind::Added | Kind::Docs)),
        ("Documentation", |c| !is_breaking(c) && c.kind == Kind::Docs),
    ];
    for (title, belongs) in groups {
        let entries: Vec<String> = report.changes.iter().filter(|c| belongs(c)).map(entry).collect();
        if !entries.is_empty() {
            let _ = write!(text, "\n### {title}\n\n{}\n", entries.join("\n"));
        }
    }
    text
}

fn is_breaking(change: &Change) -> bool {
    change.wire == Compat::Breaking || change.rust == Compat::Breaking
}

/// One bullet: where, what, and what it does to the Rust API.
fn entry(change: &Change) -> String {
    let mut line = format!("- {}: {}.", change.subject, change.description.trim_end_matches('.'));
    if !change.rust_effect.is_empty() {
        let _ = write!(line, " Rust: {}.", change.rust_effect.trim_end_matches('.'));
    }
    let breaks: Vec<&str> = [(change.wire, "on the wire"), (change.rust, "in Rust")]
        .into_iter()
        .filter(|(compat, _)| *compat == Compat::Breaking)
        .map(|(_, place)| place)
        .collect();
    if !breaks.is_empty() {
        let _ = write!(line, " Breaks callers {}.", breaks.join(" and "));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASED: &str = "# Changelog\n\nIntro.\n\n## 0.1.0\n\n<!-- spec: abc123 -->\n\nFirst release.\n";

    #[test]
    fn the_base_is_the_first_release_marker() {
        assert_eq!(release_base(RELEASED), Some("abc123"));
        assert_eq!(release_base("# Changelog\n"), None);
    }

    #[test]
    fn splitting_keeps_the_preamble_and_drops_only_unreleased() {
        let text = "# Changelog\n\nIntro.\n\n## Unreleased\n\nOld.\n\n## 0.1.0\n\nFirst.\n";
        let (preamble, released) = split(text);
        assert_eq!(preamble, "# Changelog\n\nIntro.\n\n");
        assert_eq!(released, "## 0.1.0\n\nFirst.\n");
    }

    #[test]
    fn releasing_names_the_version_and_marks_its_spec() {
        let text = "# Changelog\n\nIntro.\n\n## Unreleased\n\nNeeds a **minor** release.\n\n### Added\n\n- x.\n\n## 0.1.0\n\n<!-- spec: abc123 -->\n\nFirst.\n";
        let released = release(text, "0.2.0", "def456").unwrap();
        assert!(
            released.starts_with("# Changelog\n\nIntro.\n\n## 0.2.0\n\n<!-- spec: def456 -->\n\nNeeds a **minor**")
        );
        assert!(released.ends_with("## 0.1.0\n\n<!-- spec: abc123 -->\n\nFirst.\n"));
        assert_eq!(release_base(&released), Some("def456"));
        assert!(release(RELEASED, "0.2.0", "x").is_err());
    }
}
