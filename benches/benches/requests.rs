//! Per-request overhead: the generated client against the hand-written reqwest baseline, on a
//! loopback server that serves the same canned bodies to both.
//!
//! Latency is one request at a time; throughput is 64 requests with 8 in flight. Both clients
//! run on one single-threaded tokio runtime on the bench thread. After criterion's report, the
//! binary prints a table of interleaved generated / baseline ratios with the allocations each
//! request makes on the client side (`realtimekit_benches::paired`).

use std::time::Duration;

use cloudflare_realtimekit::{AppClient, Client};
use criterion::{Criterion, Throughput};
use futures_util::StreamExt as _;
use realtimekit_benches::alloc::CountingAllocator;
use realtimekit_benches::baseline::BaselineClient;
use realtimekit_benches::paired::{Summary, compare};
use realtimekit_benches::server::LoopbackServer;
use realtimekit_benches::{ACCOUNT_ID, APP_ID, SESSION_ID, TOKEN, payloads};
use tokio::runtime::Runtime;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Sessions on the list-sessions page.
const SESSIONS_PER_PAGE: u64 = 25;

/// Participants on the list-participants page, each with two peer events.
const PARTICIPANTS_PER_PAGE: u64 = 25;

/// Requests per throughput iteration, and how many are in flight at once.
const BATCH: usize = 64;
const IN_FLIGHT: usize = 8;

/// Interleaved rounds per paired comparison.
const ROUNDS: usize = 61;

/// The two clients under test, aimed at one loopback server.
struct Fixture {
    runtime: Runtime,
    baseline: BaselineClient,
    generated: AppClient,
    _server: LoopbackServer,
}

impl Fixture {
    fn new() -> Self {
        let sessions = payloads::sessions_page(1, SESSIONS_PER_PAGE as usize);
        let participants = payloads::participants_page(1, PARTICIPANTS_PER_PAGE as usize, 2, 1_000);
        let server = LoopbackServer::start(move |target| {
            if target.contains("/participants") { participants.clone() } else { sessions.clone() }
        })
        .expect("the loopback server starts");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        let baseline = BaselineClient::new(&server.base_url(), TOKEN).expect("the baseline client builds");
        let generated = Client::builder()
            .token(TOKEN)
            .base_url(server.base_url())
            .build()
            .expect("the generated client builds")
            .app(ACCOUNT_ID, APP_ID);
        Self { runtime, baseline, generated, _server: server }
    }

    async fn baseline_sessions(&self) -> usize {
        let page = self.baseline.list_sessions(ACCOUNT_ID, APP_ID, 1, SESSIONS_PER_PAGE).await.expect("baseline");
        page.data.and_then(|data| data.sessions).map_or(0, |sessions| sessions.len())
    }

    async fn generated_sessions(&self) -> usize {
        let page =
            self.generated.list_sessions().page_no(1).per_page(SESSIONS_PER_PAGE).send().await.expect("generated");
        page.into_inner().data.and_then(|data| data.sessions).map_or(0, |sessions| sessions.len())
    }

    async fn baseline_participants(&self) -> usize {
        let page = self
            .baseline
            .list_participants(ACCOUNT_ID, APP_ID, SESSION_ID, 1, PARTICIPANTS_PER_PAGE)
            .await
            .expect("baseline");
        page.data.and_then(|data| data.participants).map_or(0, |participants| participants.len())
    }

    async fn generated_participants(&self) -> usize {
        let page = self
            .generated
            .list_session_participants(SESSION_ID)
            .include_peer_events(true)
            .page_no(1)
            .per_page(PARTICIPANTS_PER_PAGE)
            .send()
            .await
            .expect("generated");
        page.into_inner().data.and_then(|data| data.participants).map_or(0, |participants| participants.len())
    }
}

/// Runs `BATCH` requests made by `request`, `IN_FLIGHT` at a time, and returns the items seen.
async fn batch<F, Fut>(request: F) -> usize
where
    F: Fn() -> Fut,
    Fut: Future<Output = usize>,
{
    futures_util::stream::iter(0..BATCH)
        .map(|_| request())
        .buffer_unordered(IN_FLIGHT)
        .fold(0, |total, items| async move { total + items })
        .await
}

fn criterion_benches(criterion: &mut Criterion, fixture: &Fixture) {
    let runtime = &fixture.runtime;

    let mut group = criterion.benchmark_group("list_sessions latency");
    group.bench_function("baseline", |b| b.to_async(runtime).iter(|| fixture.baseline_sessions()));
    group.bench_function("generated", |b| b.to_async(runtime).iter(|| fixture.generated_sessions()));
    group.finish();

    let mut group = criterion.benchmark_group("list_participants latency");
    group.bench_function("baseline", |b| b.to_async(runtime).iter(|| fixture.baseline_participants()));
    group.bench_function("generated", |b| b.to_async(runtime).iter(|| fixture.generated_participants()));
    group.finish();

    let mut group = criterion.benchmark_group("list_sessions throughput");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("baseline", |b| b.to_async(runtime).iter(|| batch(|| fixture.baseline_sessions())));
    group.bench_function("generated", |b| b.to_async(runtime).iter(|| batch(|| fixture.generated_sessions())));
    group.finish();

    let mut group = criterion.benchmark_group("list_participants throughput");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("baseline", |b| b.to_async(runtime).iter(|| batch(|| fixture.baseline_participants())));
    group.bench_function("generated", |b| b.to_async(runtime).iter(|| batch(|| fixture.generated_participants())));
    group.finish();
}

fn paired_summary(fixture: &Fixture) -> Summary {
    let run = |future: std::pin::Pin<Box<dyn Future<Output = usize> + '_>>| {
        std::hint::black_box(fixture.runtime.block_on(future));
    };
    let mut summary = Summary::new("Per-request overhead", "baseline", "generated");
    summary.push(
        compare(
            "list_sessions latency (25 sessions)",
            ROUNDS,
            || run(Box::pin(fixture.baseline_sessions())),
            || run(Box::pin(fixture.generated_sessions())),
        )
        .with_allocations(
            || run(Box::pin(fixture.baseline_sessions())),
            || run(Box::pin(fixture.generated_sessions())),
        ),
    );
    summary.push(
        compare(
            "list_participants latency (25 participants, 2 peer events each)",
            ROUNDS,
            || run(Box::pin(fixture.baseline_participants())),
            || run(Box::pin(fixture.generated_participants())),
        )
        .with_allocations(
            || run(Box::pin(fixture.baseline_participants())),
            || run(Box::pin(fixture.generated_participants())),
        ),
    );
    summary.push(
        compare(
            "list_sessions throughput (64 requests, 8 in flight)",
            ROUNDS,
            || run(Box::pin(batch(|| fixture.baseline_sessions()))),
            || run(Box::pin(batch(|| fixture.generated_sessions()))),
        )
        .items_per_op(BATCH as u64),
    );
    summary.push(
        compare(
            "list_participants throughput (64 requests, 8 in flight)",
            ROUNDS,
            || run(Box::pin(batch(|| fixture.baseline_participants()))),
            || run(Box::pin(batch(|| fixture.generated_participants()))),
        )
        .items_per_op(BATCH as u64),
    );
    summary
}

fn main() {
    let fixture = Fixture::new();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    criterion_benches(&mut criterion, &fixture);
    criterion.final_summary();
    paired_summary(&fixture).print();
}
