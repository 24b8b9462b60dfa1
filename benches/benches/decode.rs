//! Decode throughput: a large participants page (10,000 participants with two peer events each)
//! and a large sessions page (1,000 sessions), decoded by the generated models and by the
//! hand-written baseline structs; the participants page decoded by the runtime's JSON decoder
//! (`runtime::decode::json`, what the client runs on every success body); and the same page
//! fetched end to end from a loopback server by both clients.
//!
//! After criterion's report the binary prints the interleaved generated / baseline ratios.

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use cloudflare_realtimekit::runtime::decode::json;
use cloudflare_realtimekit::{AppClient, Client, models};
use criterion::{Criterion, Throughput};
use realtimekit_benches::alloc::{CountingAllocator, format_bytes};
use realtimekit_benches::baseline::{self, BaselineClient};
use realtimekit_benches::paired::{Summary, compare};
use realtimekit_benches::server::LoopbackServer;
use realtimekit_benches::{ACCOUNT_ID, APP_ID, SESSION_ID, TOKEN, payloads};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Participants on the large page.
const PARTICIPANTS: usize = 10_000;

/// Sessions on the large sessions page.
const SESSIONS: usize = 1_000;

/// Decodes `body` as `T` and drops the value (both sides pay for the drop alike).
fn decode<T: DeserializeOwned>(body: &[u8]) {
    let value: T = serde_json::from_slice(black_box(body)).expect("the payload decodes");
    black_box(value);
}

/// Decodes `body` as `T` with the runtime's JSON decoder, as the client does.
fn runtime_decode<T: DeserializeOwned>(body: &Bytes) {
    let value: T = json(StatusCode::OK, black_box(body)).expect("the payload decodes");
    black_box(value);
}

fn main() {
    let participants = payloads::participants_page(1, PARTICIPANTS, 2, PARTICIPANTS as u64);
    let sessions = payloads::sessions_page(1, SESSIONS);
    eprintln!(
        "participants page: {} ({PARTICIPANTS} participants); sessions page: {} ({SESSIONS} sessions)",
        format_bytes(participants.len() as u64),
        format_bytes(sessions.len() as u64)
    );

    let server_body = participants.clone();
    let server = LoopbackServer::with_body(server_body).expect("the loopback server starts");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    let baseline_client = BaselineClient::new(&server.base_url(), TOKEN).expect("the baseline client builds");
    let generated_client: AppClient = Client::builder()
        .token(TOKEN)
        .base_url(server.base_url())
        .build()
        .expect("the generated client builds")
        .app(ACCOUNT_ID, APP_ID);
    let fetch_baseline = || {
        let page = runtime
            .block_on(baseline_client.list_participants(ACCOUNT_ID, APP_ID, SESSION_ID, 1, PARTICIPANTS as u64))
            .expect("baseline");
        black_box(page.data.and_then(|data| data.participants).map_or(0, |list| list.len()));
    };
    let fetch_generated = || {
        let request = generated_client
            .list_session_participants(SESSION_ID)
            .include_peer_events(true)
            .page_no(1)
            .per_page(PARTICIPANTS as u64);
        let page = runtime.block_on(request.send()).expect("generated");
        black_box(page.into_inner().data.and_then(|data| data.participants).map_or(0, |list| list.len()));
    };

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    bench_decode::<baseline::ParticipantsPage, models::ListSessionParticipantsResponse>(
        &mut criterion,
        "decode participants page",
        &participants,
    );
    let mut group = criterion.benchmark_group("runtime decoder, participants page");
    group.throughput(Throughput::Bytes(participants.len() as u64));
    group.bench_function("baseline", |b| b.iter(|| decode::<baseline::ParticipantsPage>(&participants)));
    group.bench_function("generated", |b| {
        b.iter(|| runtime_decode::<models::ListSessionParticipantsResponse>(&participants))
    });
    group.finish();
    bench_decode::<baseline::SessionsPage, models::ListSessionsResponse>(
        &mut criterion,
        "decode sessions page",
        &sessions,
    );
    let mut group = criterion.benchmark_group("fetch participants page");
    group.throughput(Throughput::Bytes(participants.len() as u64));
    group.bench_function("baseline", |b| b.iter(fetch_baseline));
    group.bench_function("generated", |b| b.iter(fetch_generated));
    group.finish();
    criterion.final_summary();

    let mut summary = Summary::new("Decode throughput", "baseline", "generated");
    summary.push(
        compare(
            "decode 10,000 participants with peer events",
            21,
            || decode::<baseline::ParticipantsPage>(&participants),
            || decode::<models::ListSessionParticipantsResponse>(&participants),
        )
        .with_allocations(
            || decode::<baseline::ParticipantsPage>(&participants),
            || decode::<models::ListSessionParticipantsResponse>(&participants),
        ),
    );
    summary.push(
        compare(
            "decode 10,000 participants, runtime decoder",
            21,
            || decode::<baseline::ParticipantsPage>(&participants),
            || runtime_decode::<models::ListSessionParticipantsResponse>(&participants),
        )
        .with_allocations(
            || decode::<baseline::ParticipantsPage>(&participants),
            || runtime_decode::<models::ListSessionParticipantsResponse>(&participants),
        ),
    );
    summary.push(
        compare(
            "decode 1,000 sessions",
            21,
            || decode::<baseline::SessionsPage>(&sessions),
            || decode::<models::ListSessionsResponse>(&sessions),
        )
        .with_allocations(
            || decode::<baseline::SessionsPage>(&sessions),
            || decode::<models::ListSessionsResponse>(&sessions),
        ),
    );
    summary.push(
        compare("fetch and decode 10,000 participants (loopback)", 21, fetch_baseline, fetch_generated)
            .with_allocations(fetch_baseline, fetch_generated),
    );
    summary.print();
    drop(server);
}

/// One criterion group: the baseline structs and the generated models decoding `body`.
fn bench_decode<B: DeserializeOwned, G: DeserializeOwned>(criterion: &mut Criterion, name: &str, body: &Bytes) {
    let mut group = criterion.benchmark_group(name);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("baseline", |b| b.iter(|| decode::<B>(body)));
    group.bench_function("generated", |b| b.iter(|| decode::<G>(body)));
    group.finish();
}
