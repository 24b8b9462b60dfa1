//! Paired, interleaved timing of a baseline and a candidate, reported as a ratio.
//!
//! Criterion measures each function on its own, one after the other, so a burst of load from
//! another process can land on one side only. The ratio printed at the end of each bench binary
//! comes from [`compare`] instead: it runs the two sides in alternating rounds (baseline first
//! in even rounds, candidate first in odd ones), takes the ratio candidate / baseline of each
//! round, and reports the median ratio with its interquartile range. Noise that lasts longer
//! than a round hits both sides of that round alike and cancels out.
//!
//! Each round is timed twice: by the wall clock, and by the CPU time of the bench thread, which
//! runs the whole client (a single-threaded runtime) but not the loopback server. The CPU ratio
//! is the steadier measure of per-request overhead on a shared machine, since time spent waiting
//! to be scheduled does not count.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::alloc;

/// How long one side of one round should run.
const ROUND_TARGET: Duration = Duration::from_millis(25);

/// One comparison of a baseline and a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// What was compared, for example `list_sessions latency (25 sessions)`.
    pub name: String,
    /// The median time of one baseline operation.
    pub baseline: Duration,
    /// The median time of one candidate operation.
    pub candidate: Duration,
    /// The median of the per-round ratios candidate / baseline.
    pub ratio: f64,
    /// The first quartile of the per-round ratios.
    pub ratio_low: f64,
    /// The third quartile of the per-round ratios.
    pub ratio_high: f64,
    /// The median, first and third quartiles of the per-round ratios of the bench thread's CPU
    /// time, when the platform reports it.
    pub cpu_ratio: Option<(f64, f64, f64)>,
    /// How many items (for example requests) one operation handles, for throughput figures.
    pub items_per_op: u64,
    /// Allocations of one baseline and one candidate operation on the bench thread, when the
    /// counting allocator is installed.
    pub allocations: Option<(u64, u64)>,
}

impl Comparison {
    /// Adds allocation counts: `baseline` and `candidate` each run one operation.
    pub fn with_allocations(mut self, baseline: impl FnOnce(), candidate: impl FnOnce()) -> Self {
        let ((), base) = alloc::measure(baseline);
        let ((), cand) = alloc::measure(candidate);
        self.allocations = Some((base.allocations, cand.allocations));
        self
    }

    /// Marks one operation as handling `items` items, so throughput is shown per item.
    pub fn items_per_op(mut self, items: u64) -> Self {
        self.items_per_op = items;
        self
    }
}

/// Times `baseline` and `candidate` in `rounds` interleaved rounds and returns their ratio.
///
/// Each closure runs one operation. Both are warmed up first, and the number of operations per
/// round is chosen so that one side of a round lasts about 25 ms.
pub fn compare(name: &str, rounds: usize, mut baseline: impl FnMut(), mut candidate: impl FnMut()) -> Comparison {
    let per_op = warm_up(&mut baseline).max(warm_up(&mut candidate));
    let ops =
        usize::try_from(ROUND_TARGET.as_nanos() / per_op.as_nanos().max(1)).unwrap_or(usize::MAX).clamp(1, 100_000);
    let rounds = rounds.max(3);
    let mut baseline_times = Vec::with_capacity(rounds);
    let mut candidate_times = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    let mut cpu_ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (base, cand) = if round % 2 == 0 {
            let base = run(&mut baseline, ops);
            (base, run(&mut candidate, ops))
        } else {
            let cand = run(&mut candidate, ops);
            (run(&mut baseline, ops), cand)
        };
        ratios.push(ratio(cand.wall, base.wall));
        if let (Some(cand_cpu), Some(base_cpu)) = (cand.cpu, base.cpu) {
            cpu_ratios.push(ratio(cand_cpu, base_cpu));
        }
        baseline_times.push(base.wall / ops as u32);
        candidate_times.push(cand.wall / ops as u32);
    }
    baseline_times.sort();
    candidate_times.sort();
    let (ratio, ratio_low, ratio_high) = quartiles(&mut ratios);
    Comparison {
        name: name.to_owned(),
        baseline: baseline_times[rounds / 2],
        candidate: candidate_times[rounds / 2],
        ratio,
        ratio_low,
        ratio_high,
        cpu_ratio: (cpu_ratios.len() == rounds).then(|| quartiles(&mut cpu_ratios)),
        items_per_op: 1,
        allocations: None,
    }
}

/// The wall-clock and CPU time of one side of one round.
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

fn ratio(candidate: Duration, baseline: Duration) -> f64 {
    candidate.as_secs_f64() / baseline.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// The median, first and third quartiles of a non-empty list.
fn quartiles(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    (values[n / 2], values[n / 4], values[n * 3 / 4])
}

/// Runs `op` until about 100 ms have passed and returns the time of one run.
fn warm_up(op: &mut impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut runs = 0u32;
    while started.elapsed() < Duration::from_millis(100) || runs < 3 {
        op();
        runs += 1;
    }
    started.elapsed() / runs
}

fn run(op: &mut impl FnMut(), ops: usize) -> Timing {
    let cpu_started = thread_cpu_time();
    let started = Instant::now();
    for _ in 0..ops {
        op();
    }
    let wall = started.elapsed();
    let cpu = thread_cpu_time().zip(cpu_started).map(|(end, start)| end.saturating_sub(start));
    Timing { wall, cpu }
}

/// The CPU time the current thread has used, where the platform reports it.
#[cfg(unix)]
#[allow(unsafe_code)]
fn thread_cpu_time() -> Option<Duration> {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable `timespec`, and `CLOCK_THREAD_CPUTIME_ID` is a clock
    // every supported Unix provides; the call only writes to `now`.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    let seconds = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    (status == 0).then(|| Duration::new(seconds, nanos))
}

/// The CPU time the current thread has used, where the platform reports it.
#[cfg(not(unix))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

/// The comparisons of one bench binary, printed as a Markdown table at the end.
#[derive(Debug, Default)]
pub struct Summary {
    title: String,
    baseline_label: String,
    candidate_label: String,
    rows: Vec<Comparison>,
}

impl Summary {
    /// An empty summary whose table names the two sides.
    pub fn new(title: &str, baseline_label: &str, candidate_label: &str) -> Self {
        Self {
            title: title.to_owned(),
            baseline_label: baseline_label.to_owned(),
            candidate_label: candidate_label.to_owned(),
            rows: Vec::new(),
        }
    }

    /// Adds a comparison, printing it at once so progress is visible.
    pub fn push(&mut self, comparison: Comparison) {
        eprintln!(
            "paired: {}: ratio {:.3} (IQR {:.3}–{:.3}), CPU ratio {}",
            comparison.name,
            comparison.ratio,
            comparison.ratio_low,
            comparison.ratio_high,
            cpu_cell(comparison.cpu_ratio)
        );
        self.rows.push(comparison);
    }

    /// The comparisons so far.
    pub fn rows(&self) -> &[Comparison] {
        &self.rows
    }

    /// The table, in Markdown.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n{} (ratio = {} / {}, median of interleaved rounds, IQR in brackets; wall clock, and CPU \
             time of the bench thread)\n",
            self.title, self.candidate_label, self.baseline_label
        );
        let _ = writeln!(
            out,
            "| comparison | {} | {} | ratio | CPU ratio | allocations per op ({} / {}) |",
            self.baseline_label, self.candidate_label, self.baseline_label, self.candidate_label
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        for row in &self.rows {
            let allocations = row.allocations.map_or_else(|| "-".to_owned(), |(b, c)| format!("{b} / {c}"));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.3} ({:.3}–{:.3}) | {} | {} |",
                row.name,
                figure(row.baseline, row.items_per_op),
                figure(row.candidate, row.items_per_op),
                row.ratio,
                row.ratio_low,
                row.ratio_high,
                cpu_cell(row.cpu_ratio),
                allocations,
            );
        }
        out
    }

    /// Prints the table to standard output.
    pub fn print(&self) {
        println!("{}", self.render());
    }
}

/// A CPU ratio with its quartiles, or `-` where the platform does not report CPU time.
fn cpu_cell(cpu_ratio: Option<(f64, f64, f64)>) -> String {
    cpu_ratio.map_or_else(|| "-".to_owned(), |(median, low, high)| format!("{median:.3} ({low:.3}–{high:.3})"))
}

/// A time per operation, or a rate when an operation handles several items.
fn figure(per_op: Duration, items_per_op: u64) -> String {
    if items_per_op > 1 {
        let rate = items_per_op as f64 / per_op.as_secs_f64().max(f64::MIN_POSITIVE);
        format!("{rate:.0}/s")
    } else {
        format_duration(per_op)
    }
}

/// Formats a duration with three significant digits and a fitting unit.
pub fn format_duration(duration: Duration) -> String {
    let nanos = duration.as_nanos() as f64;
    if nanos >= 1e9 {
        format!("{:.3} s", nanos / 1e9)
    } else if nanos >= 1e6 {
        format!("{:.2} ms", nanos / 1e6)
    } else if nanos >= 1e3 {
        format!("{:.1} µs", nanos / 1e3)
    } else {
        format!("{nanos:.0} ns")
    }
}
