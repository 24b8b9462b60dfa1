//! Pagination memory: streaming 100,000 sessions in pages of 1,000 from a loopback server keeps
//! the client's peak heap flat, bounded by about one page.
//!
//! Not a timed benchmark: it measures the peak bytes live on the bench thread (where the
//! single-threaded runtime runs the whole client) with the counting allocator, for one page
//! fetched with `send()`, for `items()` over 10 and over 100 pages, and for `pages()` over 100
//! pages; then, for contrast, for collecting all 100,000 sessions into a `Vec`. It prints a
//! table and fails if streaming 100 pages needs noticeably more than streaming 10, or more
//! than three times one page.

use std::hint::black_box;

use cloudflare_realtimekit::{AppClient, Client};
use futures_util::StreamExt as _;
use realtimekit_benches::alloc::{self, Allocated, CountingAllocator, format_bytes};
use realtimekit_benches::server::{LoopbackServer, query_value};
use realtimekit_benches::{ACCOUNT_ID, APP_ID, TOKEN, payloads};
use tokio::runtime::Runtime;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Sessions across all pages.
const TOTAL: u64 = 100_000;

/// Sessions per page.
const PER_PAGE: u64 = 1_000;

/// Streaming 100 pages may peak at most this much above streaming 10 pages; the slack covers
/// how the connection happens to split bodies into chunks.
const FLAT_TOLERANCE: f64 = 1.25;

/// Streaming may peak at most this many times the peak of fetching one page.
const PAGE_BOUND: f64 = 3.0;

fn main() {
    // The server builds each page when asked, on its own thread, so its memory is not counted.
    let server = LoopbackServer::start(|target| {
        let page: u64 = query_value(target, "page_no").and_then(|value| value.parse().ok()).unwrap_or(1);
        let per_page: u64 = query_value(target, "per_page").and_then(|value| value.parse().ok()).unwrap_or(PER_PAGE);
        let pages = TOTAL.div_ceil(per_page.max(1));
        let count = if (1..=pages).contains(&page) { per_page.min(TOTAL - (page - 1) * per_page) } else { 0 };
        payloads::sessions_page(page, usize::try_from(count).unwrap_or(0))
    })
    .expect("the loopback server starts");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    let app = Client::builder()
        .token(TOKEN)
        .base_url(server.base_url())
        .build()
        .expect("the generated client builds")
        .app(ACCOUNT_ID, APP_ID);
    let page_bytes = payloads::sessions_page(1, PER_PAGE as usize).len() as u64;

    // A first request opens the connection, so no row pays for it.
    let _ = stream_items(&runtime, &app, 1);

    let (one_page, one_page_memory) = alloc::measure(|| {
        let response = runtime.block_on(app.list_sessions().page_no(1).per_page(PER_PAGE).send()).expect("one page");
        response.into_inner().data.and_then(|data| data.sessions).map_or(0, |sessions| sessions.len() as u64)
    });
    let (ten_pages, ten_pages_memory) = alloc::measure(|| stream_items(&runtime, &app, 10));
    let (all_items, all_items_memory) = alloc::measure(|| stream_items(&runtime, &app, TOTAL / PER_PAGE));
    let (all_pages, all_pages_memory) = alloc::measure(|| stream_pages(&runtime, &app));
    let (collected, collected_memory) = alloc::measure(|| {
        runtime.block_on(async {
            let sessions: Vec<_> = app.list_sessions().per_page(PER_PAGE).items().collect().await;
            black_box(&sessions);
            sessions.len() as u64
        })
    });

    println!("\nPagination memory (peak heap of the client thread; one raw page is {})\n", format_bytes(page_bytes));
    println!("| what | sessions | peak heap | × one page's peak | allocations |");
    println!("|---|---:|---:|---:|---:|");
    let row = |what: &str, sessions: u64, memory: &Allocated| {
        println!(
            "| {what} | {sessions} | {} | {:.2} | {} |",
            format_bytes(memory.peak_bytes),
            memory.peak_bytes as f64 / one_page_memory.peak_bytes.max(1) as f64,
            memory.allocations
        );
    };
    row("`send()`, one page", one_page, &one_page_memory);
    row("`items()`, 10 pages", ten_pages, &ten_pages_memory);
    row("`items()`, 100 pages", all_items, &all_items_memory);
    row("`pages()`, 100 pages", all_pages, &all_pages_memory);
    row("`items().collect()`, 100 pages (contrast)", collected, &collected_memory);

    assert_eq!(all_items, TOTAL, "items() yields every session");
    assert_eq!(all_pages, TOTAL, "pages() yields every session");
    let flat = all_items_memory.peak_bytes as f64 / ten_pages_memory.peak_bytes.max(1) as f64;
    let bound = all_items_memory.peak_bytes as f64 / one_page_memory.peak_bytes.max(1) as f64;
    println!("\npeak(100 pages) / peak(10 pages) = {flat:.3}; peak(100 pages) / peak(one page) = {bound:.3}");
    assert!(flat <= FLAT_TOLERANCE, "memory grows with the number of pages: {flat:.3}");
    assert!(bound <= PAGE_BOUND, "streaming holds more than about one page: {bound:.3}");
    drop(server);
}

/// Streams the items of the first `pages` pages and returns how many there were.
fn stream_items(runtime: &Runtime, app: &AppClient, pages: u64) -> u64 {
    runtime.block_on(async {
        let stream =
            app.list_sessions().per_page(PER_PAGE).items().take(usize::try_from(pages * PER_PAGE).unwrap_or(0));
        stream
            .fold(0u64, |count, session| async move {
                black_box(session.expect("a session"));
                count + 1
            })
            .await
    })
}

/// Streams every page and returns the number of sessions seen.
fn stream_pages(runtime: &Runtime, app: &AppClient) -> u64 {
    runtime.block_on(async {
        app.list_sessions()
            .per_page(PER_PAGE)
            .pages()
            .fold(0u64, |count, page| async move {
                let page = page.expect("a page");
                count + page.data.as_ref().and_then(|data| data.sessions.as_ref()).map_or(0, |list| list.len() as u64)
            })
            .await
    })
}
