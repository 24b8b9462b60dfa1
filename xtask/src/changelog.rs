//! The generated crate's `CHANGELOG.md`, written from the spec diff report.
//!
//! The file keeps released versions as they are and rewrites only its `## Unreleased` section,
//! from the diff between the spec of the last release and the working tree's spec. Each release
//! heading is followed by a `<!-- spec: REV -->` marker naming the git revision whose spec it
//! shipped, which is where the next diff starts. `cargo xtask generate` refreshes the section
//! after every regeneration, and `cargo xtask changelog --release VERSION` turns it into a
//! release.
//!
//! A release is guarded by cargo-semver-checks, pinned here ([`SEMVER_CHECKS_VERSION`]) and
//! installed by `cargo xtask test`: it compares `generated/` with the crate committed at the
//! last release's marker, runtime included, and a version smaller than the bump it requires is
//! refused before anything is written. Without the tool the release is refused too, unless
//! `--skip-semver-checks` says to release unguarded. `tests/semver_checks.rs` runs the same tool
//! as a second judge of the spec diff's verdict.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::diff::diff_specs;
use crate::diff::input::SpecSource;
use crate::diff::model::{Bump, Change, Compat, Kind, Report};
use crate::{generated_dir, project_root};

/// The usage line of `changelog`.
pub const USAGE: &str = "cargo xtask changelog [--base REV] [--release VERSION [--skip-semver-checks]]";

/// The flag that releases without cargo-semver-checks' guard.
const SKIP_SEMVER_CHECKS: &str = "--skip-semver-checks";

/// Runs `changelog`: refreshes the `Unreleased` section, or releases it with `--release`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut base = None;
    let mut version = None;
    let mut skip_semver_checks = false;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == SKIP_SEMVER_CHECKS {
            skip_semver_checks = true;
            continue;
        }
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\nusage: {USAGE}"))?;
        match flag.as_str() {
            "--base" => base = Some(value.as_str()),
            "--release" => version = Some(value.as_str()),
            _ => return Err(format!("unknown option {flag}\nusage: {USAGE}")),
        }
    }
    match version {
        // The guard runs first, so a refused release writes nothing.
        Some(version) => guard_release(version, skip_semver_checks)?,
        None if skip_semver_checks => return Err(format!("{SKIP_SEMVER_CHECKS} goes with --release\nusage: {USAGE}")),
        None => {}
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

/// Refuses to release `version` when it is not newer than the last release, or when
/// cargo-semver-checks requires a bigger bump for `generated/` since the last release's marker.
///
/// Without the tool the release is refused, unless `skip_semver_checks` asks to release
/// unguarded; the version must still be newer than the last release's.
fn guard_release(version: &str, skip_semver_checks: bool) -> Result<(), String> {
    let path = generated_dir().join(CHANGELOG_FILE);
    let current = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (Some(base), Some(previous)) = (release_base(&current), last_release_version(&current)) else {
        println!("{} has no earlier release: there is nothing to check {version} against", path.display());
        return ReleaseVersion::parse(version).map(drop);
    };
    if skip_semver_checks {
        check_release_version(previous, version, Bump::None)?;
        eprintln!(
            "warning: releasing {version} without cargo-semver-checks ({SKIP_SEMVER_CHECKS}): nothing checked that it \
             is a big enough bump from {previous} for generated/"
        );
        return Ok(());
    }
    let executable = semver_checks_executable();
    if !semver_checks_installed() {
        return Err(format!(
            "cannot check the release: cargo-semver-checks {SEMVER_CHECKS_VERSION} is not installed at {}.\n\
             `cargo xtask test` installs it, or run `cargo install --locked --version {SEMVER_CHECKS_VERSION} \
             --root target/tools/cargo-semver-checks cargo-semver-checks`. To release without its check, \
             add {SKIP_SEMVER_CHECKS}.",
            executable.display()
        ));
    }
    let package = realtimekit_codegen::Config::realtimekit().crate_name;
    let manifest = project_root().join("Cargo.toml");
    println!("checking generated/ against the crate at {base} with cargo-semver-checks {SEMVER_CHECKS_VERSION}");
    let args: Vec<OsString> = [
        OsStr::new("--manifest-path"),
        manifest.as_os_str(),
        OsStr::new("--package"),
        OsStr::new(&package),
        OsStr::new("--baseline-rev"),
        OsStr::new(base),
        // Only `mock` adds items; the TLS features change what reqwest links, not the API.
        OsStr::new("--only-explicit-features"),
        OsStr::new("--features"),
        OsStr::new("mock"),
    ]
    .into_iter()
    .map(OsStr::to_owned)
    .collect();
    let verdict = semver_checks_verdict(&args)?;
    check_release_version(previous, version, verdict.bump).map_err(|refusal| {
        format!("{refusal}\ncargo-semver-checks compared generated/ with the crate at {base}:\n{}", verdict.output)
    })?;
    println!(
        "cargo-semver-checks: generated/ needs a {} release since {previous}; {version} is enough",
        verdict.bump.as_str()
    );
    Ok(())
}

/// The cargo-semver-checks release that `cargo xtask test` installs, which the release guard and
/// `tests/semver_checks.rs` run: the newest one, which builds on the stable toolchain (it needs
/// Rust 1.93) and reads the rustdoc JSON that Rust 1.95 writes (format 57).
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// The folder cargo-semver-checks is installed into (`cargo install --root`), inside the
/// workspace's `target/` so CI caches and repeated runs reuse it.
pub fn semver_checks_root() -> PathBuf {
    project_root().join("target").join("tools").join("cargo-semver-checks")
}

/// The installed cargo-semver-checks executable.
pub fn semver_checks_executable() -> PathBuf {
    let name = if cfg!(windows) { "cargo-semver-checks.exe" } else { "cargo-semver-checks" };
    semver_checks_root().join("bin").join(name)
}

/// Whether the pinned release of cargo-semver-checks is installed: the executable runs and
/// names [`SEMVER_CHECKS_VERSION`].
pub fn semver_checks_installed() -> bool {
    Command::new(semver_checks_executable()).args(["semver-checks", "--version"]).output().is_ok_and(|output| {
        output.status.success()
            && String::from_utf8_lossy(&output.stdout).split_whitespace().any(|word| word == SEMVER_CHECKS_VERSION)
    })
}

/// What cargo-semver-checks requires, with the output of the run that decided it.
#[derive(Debug, Clone)]
pub struct SemverChecksVerdict {
    /// The smallest bump it accepts: `Patch` when it requires no update at all (it cannot tell
    /// a patch from no change), `Minor` or `Major`.
    pub bump: Bump,
    /// Its standard output and error output, naming the lints that failed.
    pub output: String,
}

/// The exit status of cargo-semver-checks when a check completed and found violations (any
/// other failure exits with 101).
const SEMVER_CHECKS_VIOLATIONS: i32 = 100;

/// Asks the installed cargo-semver-checks which bump the comparison that `args` describe needs:
/// `args` are `check-release` arguments without `--release-type`. It is asked whether a patch
/// release is enough and, if not, whether a minor one is; when neither is, it requires major.
pub fn semver_checks_verdict(args: &[OsString]) -> Result<SemverChecksVerdict, String> {
    let mut output = String::new();
    for (asked, bump) in [("patch", Bump::Patch), ("minor", Bump::Minor)] {
        let mut command = Command::new(semver_checks_executable());
        command.args(["semver-checks", "check-release", "--color", "never"]).args(args).args(["--release-type", asked]);
        let shown = describe(&command);
        let run = command.output().map_err(|error| format!("cannot run `{shown}`: {error}"))?;
        output = format!("$ {shown}\n{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        match run.status.code() {
            Some(0) => return Ok(SemverChecksVerdict { bump, output }),
            Some(SEMVER_CHECKS_VIOLATIONS) => {}
            _ => return Err(format!("cargo-semver-checks failed ({}):\n{output}", run.status)),
        }
    }
    Ok(SemverChecksVerdict { bump: Bump::Major, output })
}

/// The command line as text, for messages.
fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    words.join(" ")
}

/// A release version, `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReleaseVersion {
    major: u64,
    minor: u64,
    patch: u64,
}

impl ReleaseVersion {
    /// Reads `MAJOR.MINOR.PATCH`; pre-release and build suffixes are not release versions here.
    pub fn parse(text: &str) -> Result<Self, String> {
        let numbers: Vec<Option<u64>> = text
            .split('.')
            .map(|part| {
                let plain = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
                (plain && (part == "0" || !part.starts_with('0'))).then(|| part.parse().ok()).flatten()
            })
            .collect();
        match numbers.as_slice() {
            [Some(major), Some(minor), Some(patch)] => Ok(Self { major: *major, minor: *minor, patch: *patch }),
            _ => Err(format!("`{text}` is not a release version: write MAJOR.MINOR.PATCH, such as 0.2.0")),
        }
    }

    /// The biggest bump a release from `self` to `next` may carry under Cargo's semver rules:
    /// the first non-zero number is the one that breaks (`0.1.0` to `0.2.0` is major), the next
    /// one adds (`0.1.0` to `0.1.1` may hold additions, since Cargo offers `0.1.1` to every
    /// `0.1` requirement), and every `0.0.x` release breaks.
    pub fn bump_to(self, next: Self) -> Result<Bump, String> {
        if next <= self {
            return Err(format!("{next} is not newer than the last release, {self}"));
        }
        Ok(match (self.major, self.minor) {
            (0, 0) => Bump::Major,
            (0, minor) if next.major > 0 || next.minor > minor => Bump::Major,
            (0, _) => Bump::Minor,
            (major, _) if next.major > major => Bump::Major,
            (_, minor) if next.minor > minor => Bump::Minor,
            _ => Bump::Patch,
        })
    }

    /// The smallest release after `self` that may carry `bump`.
    pub fn smallest_with(self, bump: Bump) -> Self {
        let Self { major, minor, patch } = self;
        match (major, minor, bump) {
            (0, 0, _) | (_, _, Bump::None | Bump::Patch) | (0, _, Bump::Minor) => {
                Self { major, minor, patch: patch + 1 }
            }
            (0, _, Bump::Major) | (_, _, Bump::Minor) => Self { major, minor: minor + 1, patch: 0 },
            (_, _, Bump::Major) => Self { major: major + 1, minor: 0, patch: 0 },
        }
    }
}

impl std::fmt::Display for ReleaseVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Refuses `next` as the release after `previous` when it is not newer, or when it cannot carry
/// the `required` bump; the refusal names the smallest version that can.
pub fn check_release_version(previous: &str, next: &str, required: Bump) -> Result<(), String> {
    let previous = ReleaseVersion::parse(previous).map_err(|e| format!("the last release's heading: {e}"))?;
    let next = ReleaseVersion::parse(next)?;
    let allowed = previous.bump_to(next)?;
    if allowed >= required {
        return Ok(());
    }
    Err(format!(
        "refusing to release {next}: cargo-semver-checks requires a {} release since {previous}, and {next} is a {} \
         release under Cargo's semver rules; release {} or later",
        required.as_str(),
        allowed.as_str(),
        previous.smallest_with(required)
    ))
}

/// The version of the last release: the heading of the first section after `Unreleased`.
pub fn last_release_version(changelog: &str) -> Option<&str> {
    changelog
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .map(str::trim)
        .find(|heading| *heading != UNRELEASED.trim_start_matches("## "))
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

    #[test]
    fn the_last_release_version_is_the_first_released_heading() {
        assert_eq!(last_release_version(RELEASED), Some("0.1.0"));
        let pending = "# Changelog\n\n## Unreleased\n\nNew.\n\n## 0.3.1\n\n<!-- spec: a -->\n\n## 0.3.0\n";
        assert_eq!(last_release_version(pending), Some("0.3.1"));
        assert_eq!(last_release_version("# Changelog\n\n## Unreleased\n"), None);
    }

    #[test]
    fn versions_carry_the_bumps_cargo_gives_them() {
        let bump =
            |from: &str, to: &str| ReleaseVersion::parse(from).unwrap().bump_to(ReleaseVersion::parse(to).unwrap());
        // Before 1.0 the first non-zero number breaks and the next one adds.
        assert_eq!(bump("0.1.0", "0.2.0"), Ok(Bump::Major));
        assert_eq!(bump("0.1.0", "1.0.0"), Ok(Bump::Major));
        assert_eq!(bump("0.1.0", "0.1.1"), Ok(Bump::Minor));
        assert_eq!(bump("0.0.1", "0.0.2"), Ok(Bump::Major));
        assert_eq!(bump("1.2.3", "2.0.0"), Ok(Bump::Major));
        assert_eq!(bump("1.2.3", "1.3.0"), Ok(Bump::Minor));
        assert_eq!(bump("1.2.3", "1.2.4"), Ok(Bump::Patch));
        assert!(bump("0.2.0", "0.2.0").is_err());
        assert!(bump("0.2.0", "0.1.9").is_err());
        for bad in ["0.2", "v0.2.0", "0.2.0-beta.1", "0.02.0", "0.2.x", ""] {
            assert!(ReleaseVersion::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_release_smaller_than_the_required_bump_is_refused_with_the_smallest_that_is_not() {
        // cargo-semver-checks found a break since 0.1.0: 0.1.1 is refused, 0.2.0 is enough.
        let refusal = check_release_version("0.1.0", "0.1.1", Bump::Major).unwrap_err();
        assert!(refusal.contains("requires a major release since 0.1.0") && refusal.contains("release 0.2.0 or later"));
        assert_eq!(check_release_version("0.1.0", "0.2.0", Bump::Major), Ok(()));
        assert_eq!(check_release_version("0.1.0", "0.1.1", Bump::Minor), Ok(()));
        assert_eq!(check_release_version("0.1.0", "0.1.1", Bump::Patch), Ok(()));
        let refusal = check_release_version("1.4.2", "1.4.3", Bump::Minor).unwrap_err();
        assert!(refusal.contains("release 1.5.0 or later"), "{refusal}");
        assert!(check_release_version("1.4.2", "1.5.0", Bump::Major).unwrap_err().contains("release 2.0.0 or later"));
        assert_eq!(check_release_version("0.0.3", "0.0.4", Bump::Major), Ok(()));
        // A version that is not newer is refused whatever the tool requires.
        assert!(check_release_version("0.2.0", "0.1.5", Bump::None).unwrap_err().contains("not newer"));
        assert!(check_release_version("0.1.0", "soon", Bump::None).is_err());
    }
}
