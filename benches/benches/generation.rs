//! Generation speed and memory: `realtimekit_codegen::generate` on `spec/openapi.yaml` and on
//! the synthetic spec of `xtask::synthetic` (2,500 operations, about 5,000 schemas).
//!
//! The baseline of each spec is `lower_spec` (parsing, typing and lowering to the IR), so the
//! ratio generate / lower shows what emission and rendering add. After criterion's report the
//! binary prints the interleaved ratios, then a table of operations per second and the peak
//! heap of one `generate` call (counted by the bench's allocator), a linearity table (the time
//! per operation of the synthetic spec at 250, 500, 1,000 and 2,500 operations, relative to
//! the smallest), and the command that measures the peak RSS of a whole `cargo xtask generate`
//! run.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use realtimekit_benches::alloc::{self, CountingAllocator, format_bytes};
use realtimekit_benches::paired::{Summary, compare, format_duration};
use realtimekit_codegen::{Config, generate, lower_spec};
use xtask::synthetic::{LARGE_OPERATIONS, synthetic_spec};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// One spec to generate from.
struct Spec {
    label: &'static str,
    text: String,
    config: Config,
    operations: usize,
    schemas: usize,
}

impl Spec {
    fn new(label: &'static str, text: String, config: Config) -> Self {
        let api = lower_spec(&text).unwrap_or_else(|problems| panic!("{label} does not lower:\n{problems}"));
        let schemas = api.types.len();
        Self { label, operations: api.operations.len(), schemas, text, config }
    }

    fn lower(&self) {
        black_box(lower_spec(black_box(&self.text)).map(|api| api.operations.len()).unwrap_or_default());
    }

    fn generate(&self) {
        black_box(generate(black_box(&self.text), &self.config).map(|out| out.files.len()).unwrap_or_default());
    }
}

fn main() {
    let spec_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml");
    let real = std::fs::read_to_string(spec_path).expect("spec/openapi.yaml is readable");
    let specs = [
        Spec::new("spec/openapi.yaml", real, Config::realtimekit()),
        Spec::new("synthetic", synthetic_spec(LARGE_OPERATIONS), Config::for_crate("synthetic-api")),
    ];

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for spec in &specs {
        let mut group = criterion.benchmark_group(format!("generation {}", spec.label));
        group.throughput(Throughput::Elements(spec.operations as u64));
        if spec.operations > 100 {
            // A large generation takes seconds; ten samples are enough to see a change.
            group.sample_size(10);
        }
        group.bench_function("lower (baseline)", |b| b.iter(|| spec.lower()));
        group.bench_function("generate", |b| b.iter(|| spec.generate()));
        group.finish();
    }
    criterion.final_summary();

    let mut summary = Summary::new("Generation", "lower_spec", "generate");
    for spec in &specs {
        let rounds = if spec.operations > 100 { 5 } else { 31 };
        let name = format!("{} ({} operations, {} schemas)", spec.label, spec.operations, spec.schemas);
        summary.push(compare(&name, rounds, || spec.lower(), || spec.generate()));
    }
    summary.print();
    println!("{}", speed_table(&specs, &summary));
    println!("{}", linearity_table());

    println!(
        "Peak RSS of a whole `cargo xtask generate` run on the synthetic spec:\n  \
         cargo xtask synthetic --out /tmp/synthetic.json && \
         /usr/bin/time -v cargo xtask generate --spec /tmp/synthetic.json --out /tmp/synthetic-crate"
    );
}

/// The sizes of the synthetic spec that the linearity table generates.
const LINEARITY_SIZES: [usize; 4] = [250, 500, 1_000, 2_500];

/// Generation time per operation across sizes of the synthetic spec, each size timed in
/// interleaved rounds against the smallest, so the ratio of the time per operation shows
/// whether generation grows linearly (a ratio near 1) or faster.
fn linearity_table() -> String {
    let config = Config::for_crate("synthetic-api");
    let texts: Vec<String> = LINEARITY_SIZES.iter().map(|&size| synthetic_spec(size)).collect();
    let run = |text: &String| {
        black_box(generate(black_box(text), &config).map(|out| out.files.len()).unwrap_or_default());
    };
    let mut out = format!(
        "Linearity (time per operation, relative to {} operations; median of interleaved rounds)\n\n\
         | operations | generate | time per operation | ratio per operation |\n|---:|---:|---:|---:|\n",
        LINEARITY_SIZES[0]
    );
    for (size, text) in LINEARITY_SIZES.iter().zip(&texts) {
        let row = compare(&format!("{size} operations"), 5, || run(&texts[0]), || run(text));
        let scale = *size as f64 / LINEARITY_SIZES[0] as f64;
        let _ = writeln!(
            out,
            "| {size} | {} | {} | {:.3} |",
            format_duration(row.candidate),
            format_duration(row.candidate / u32::try_from(*size).unwrap_or(u32::MAX)),
            row.ratio / scale,
        );
    }
    out
}

/// Operations per second (from the paired medians) and the peak heap of one generation.
fn speed_table(specs: &[Spec], summary: &Summary) -> String {
    let mut out = String::from(
        "| spec | operations | schemas | generate | operations/s | peak heap | output |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (spec, row) in specs.iter().zip(summary.rows()) {
        let (output_bytes, allocated) = alloc::measure(|| {
            generate(&spec.text, &spec.config)
                .map(|out| out.files.iter().map(|file| file.contents.len() as u64).sum::<u64>())
                .unwrap_or_default()
        });
        let per_op = row.candidate.max(Duration::from_nanos(1));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.0} | {} | {} |",
            spec.label,
            spec.operations,
            spec.schemas,
            format_duration(per_op),
            spec.operations as f64 / per_op.as_secs_f64(),
            format_bytes(allocated.peak_bytes),
            format_bytes(output_bytes),
        );
    }
    out
}
