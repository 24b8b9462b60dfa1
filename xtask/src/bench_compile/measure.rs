//! Running a command and measuring its wall time and peak memory.
//!
//! The peak memory of a run is the largest resident set size (RSS) of the command or of any
//! process it waited for, such as the rustc processes under cargo: the `ru_maxrss` that the
//! kernel reports for a waited-for child, in KiB on Linux. The workspace forbids unsafe code
//! (`unsafe_code = "forbid"` in the root `Cargo.toml`, which an `#[allow]` cannot lift), so this
//! binary cannot call `getrusage` itself, and none of its dependencies wraps it safely. It runs
//! each measured command under GNU time instead (`/usr/bin/time -f`), which waits for the command
//! and writes that number on the last line of its stderr. Without `/usr/bin/time` the wall times
//! are still measured and the peaks are reported as unknown.

use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// GNU time, which reports the peak RSS of the command it runs.
const GNU_TIME: &str = "/usr/bin/time";

/// The start of the line GNU time is asked to write; the peak RSS in KiB follows it.
const PEAK_PREFIX: &str = "bench-compile peak RSS KiB:";

/// What one run of a command cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    /// Wall time, from start to exit.
    pub(super) wall: Duration,
    /// Peak RSS in KiB, when it could be measured.
    pub(super) peak_kib: Option<u64>,
}

/// Runs commands and measures them.
#[derive(Debug)]
pub(super) struct Meter {
    /// GNU time, when the machine has it.
    time: Option<PathBuf>,
}

impl Meter {
    /// A meter that measures peaks if `/usr/bin/time` exists.
    pub(super) fn new() -> Self {
        let time = Path::new(GNU_TIME);
        Self { time: time.is_file().then(|| time.to_path_buf()) }
    }

    /// Whether runs report their peak memory.
    pub(super) fn measures_peaks(&self) -> bool {
        self.time.is_some()
    }

    /// Runs `command` to its end and returns what it cost and its stdout; a command that fails
    /// is an error that quotes its stderr.
    pub(super) fn run(&self, command: Command) -> Result<(Run, String), String> {
        let shown = describe(&command);
        let mut command = match &self.time {
            Some(time) => under_time(&command, time),
            None => command,
        };
        let started = Instant::now();
        let output = command.output().map_err(|e| format!("cannot run {shown}: {e}"))?;
        let wall = started.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!("{shown} failed ({}):\n{stderr}", output.status));
        }
        let peak_kib = if self.time.is_some() { parse_peak(&stderr) } else { None };
        Ok((Run { wall, peak_kib }, String::from_utf8_lossy(&output.stdout).into_owned()))
    }
}

/// The same command, run by GNU time with a format that writes only the peak RSS.
fn under_time(command: &Command, time: &Path) -> Command {
    let mut wrapped = Command::new(time);
    wrapped.arg("-f").arg(format!("{PEAK_PREFIX} %M")).arg("--").arg(command.get_program()).args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    wrapped
}

/// The peak RSS in KiB from the stderr of a command run under GNU time: the number on the last
/// line that starts with [`PEAK_PREFIX`].
pub(super) fn parse_peak(stderr: &str) -> Option<u64> {
    let line = stderr.lines().rev().find_map(|line| line.strip_prefix(PEAK_PREFIX))?;
    line.trim().parse().ok()
}

/// The command line, for messages.
fn describe(command: &Command) -> String {
    let words: Vec<&OsStr> = std::iter::once(command.get_program()).chain(command.get_args()).collect();
    let words: Vec<String> = words.iter().map(|word| word.to_string_lossy().into_owned()).collect();
    match command.get_current_dir() {
        Some(dir) => format!("`{}` in {}", words.join(" "), dir.display()),
        None => format!("`{}`", words.join(" ")),
    }
}

/// Cargo, run in the package under test with a target folder chosen per call.
#[derive(Debug)]
pub(super) struct Cargo<'a> {
    pub(super) package: &'a Path,
    pub(super) meter: &'a Meter,
}

impl Cargo<'_> {
    /// `cargo ARGS --quiet` in the package, building into `target`.
    fn command(&self, target: &Path, args: &[&str]) -> Command {
        let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(program);
        command.args(args).arg("--quiet").current_dir(self.package).env("CARGO_TARGET_DIR", target);
        command
    }

    /// Runs `cargo ARGS`, measured.
    pub(super) fn run(&self, target: &Path, args: &[&str]) -> Result<(Run, String), String> {
        self.meter.run(self.command(target, args))
    }

    /// The number of distinct packages the crate depends on (normal dependencies, the crate
    /// itself left out), as `cargo tree` lists them with the given feature flags.
    pub(super) fn dependencies(&self, target: &Path, flags: &[&str]) -> Result<usize, String> {
        let args = [&["tree", "--edges", "normal", "--prefix", "none"], flags].concat();
        let (_, tree) = self.run(target, &args)?;
        Ok(count_packages(&tree))
    }

    /// The cost of checking the crate alone with the given feature flags, its dependencies
    /// already built: an untimed `cargo check` builds them, `src/lib.rs` is touched, and a
    /// second `cargo check` is measured. Incremental compilation is off in both, so the second
    /// one redoes all of the crate's work.
    pub(super) fn check_beyond_dependencies(&self, target: &Path, flags: &[&str]) -> Result<Run, String> {
        let args = [&["check"], flags].concat();
        let mut warm_up = self.command(target, &args);
        warm_up.env("CARGO_INCREMENTAL", "0");
        self.meter.run(warm_up)?;
        touch(&self.package.join("src").join("lib.rs"))?;
        let mut timed = self.command(target, &args);
        timed.env("CARGO_INCREMENTAL", "0");
        Ok(self.meter.run(timed)?.0)
    }
}

/// The number of packages in `cargo tree --prefix none` output, less the root.
fn count_packages(tree: &str) -> usize {
    let packages: std::collections::BTreeSet<&str> =
        tree.lines().map(|line| line.trim_end_matches(" (*)").trim()).filter(|line| !line.is_empty()).collect();
    packages.len().saturating_sub(1)
}

/// Sets the modification time of `file` to now, so cargo sees it as changed.
fn touch(file: &Path) -> Result<(), String> {
    File::options()
        .write(true)
        .open(file)
        .and_then(|opened| opened.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_is_read_from_the_last_time_line() {
        let stderr = format!("warning: unused import\n{PEAK_PREFIX} 12\nmore output\n{PEAK_PREFIX} 523456\n");
        assert_eq!(parse_peak(&stderr), Some(523_456));
        // GNU time writes a status line first when the command fails.
        assert_eq!(parse_peak(&format!("Command exited with non-zero status 101\n{PEAK_PREFIX} 77")), Some(77));
        assert_eq!(parse_peak("no peak here\n"), None);
        assert_eq!(parse_peak(&format!("{PEAK_PREFIX} lots\n")), None);
    }

    #[test]
    fn the_root_and_repeated_packages_are_counted_once() {
        let tree = "bench-crate v0.1.0 (/tmp/crate)\nserde v1.0.0\nbytes v1.0.0\nserde v1.0.0 (*)\n\n";
        assert_eq!(count_packages(tree), 2);
        assert_eq!(count_packages(""), 0);
    }

    #[test]
    fn a_wrapped_command_keeps_its_folder_and_environment() {
        let mut command = Command::new("cargo");
        command.args(["check", "--all-features"]).current_dir("/tmp").env("CARGO_INCREMENTAL", "0");
        let wrapped = under_time(&command, Path::new(GNU_TIME));
        let args: Vec<&OsStr> = wrapped.get_args().collect();
        assert_eq!(args[2..], ["--", "cargo", "check", "--all-features"].map(OsStr::new));
        assert_eq!(wrapped.get_current_dir(), Some(Path::new("/tmp")));
        assert_eq!(wrapped.get_envs().collect::<Vec<_>>(), [(OsStr::new("CARGO_INCREMENTAL"), Some(OsStr::new("0")))]);
    }
}
