//! Pagination: when the page stream stops, item flattening, errors, and a
//! run against a real server.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use futures_util::{StreamExt as _, TryStreamExt as _};
use realtimekit_runtime::conventions::Conventions;
use realtimekit_runtime::error::Error;
use realtimekit_runtime::paginate::{PageRequest, Paginated, items, pages};
use realtimekit_runtime::request::{Constraints, Request};
use realtimekit_runtime::response::Response;
use realtimekit_testkit::{Reply, Server};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use support::{LIST_ITEMS, transport};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Page {
    items: Vec<u64>,
    total: Option<u64>,
    end: Option<u64>,
}

impl Paginated for Page {
    type Item = u64;

    fn item_count(&self) -> usize {
        self.items.len()
    }

    fn into_items(self) -> Vec<u64> {
        self.items
    }

    fn total_count(&self) -> Option<u64> {
        self.total
    }

    fn end_offset(&self) -> Option<u64> {
        self.end
    }
}

type PageResult = Result<Response<Page>, Error>;

fn page_response(page: Page) -> PageResult {
    let body = Bytes::from(serde_json::to_vec(&page).unwrap());
    Ok(Response::new("list_items", &Conventions::NONE, StatusCode::OK, HeaderMap::new(), body, page))
}

/// A fake endpoint: `sizes[n]` items on page `n + 1` (numbered from the
/// given start), counting calls.
fn endpoint(
    sizes: Vec<u64>,
    total: Option<u64>,
) -> (Arc<AtomicU64>, impl FnMut(u64) -> std::future::Ready<PageResult> + Send) {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    let fetch = move |page: u64| {
        counter.fetch_add(1, Ordering::SeqCst);
        let index = usize::try_from(page - 1).unwrap();
        let size = sizes.get(index).copied().unwrap_or(0);
        let items = (0..size).map(|i| page * 100 + i).collect();
        std::future::ready(page_response(Page { items, total, end: None }))
    };
    (calls, fetch)
}

async fn page_sizes<S>(stream: S) -> Vec<usize>
where
    S: futures_core::Stream<Item = Result<Response<Page>, Error>>,
{
    let mut stream = pin!(stream);
    let mut sizes = Vec::new();
    while let Some(page) = stream.next().await {
        sizes.push(page.unwrap().items.len());
    }
    sizes
}

fn with_per_page(per_page: Option<u64>) -> PageRequest {
    PageRequest { per_page, ..PageRequest::default() }
}

#[tokio::test]
async fn stops_after_a_short_page() {
    let (calls, fetch) = endpoint(vec![3, 3, 1, 3], None);
    let sizes = page_sizes(pages(with_per_page(Some(3)), fetch)).await;
    assert_eq!(sizes, [3, 3, 1]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // Without `per_page`, the first page's length is the page size.
    let (calls, fetch) = endpoint(vec![4, 4, 2, 4], None);
    let sizes = page_sizes(pages(with_per_page(None), fetch)).await;
    assert_eq!(sizes, [4, 4, 2]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // A first page shorter than the requested size is the only one.
    let (calls, fetch) = endpoint(vec![2, 5], None);
    let sizes = page_sizes(pages(with_per_page(Some(5)), fetch)).await;
    assert_eq!(sizes, [2]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn stops_after_an_empty_page() {
    let (calls, fetch) = endpoint(vec![3, 3, 0, 3], None);
    let sizes = page_sizes(pages(with_per_page(None), fetch)).await;
    assert_eq!(sizes, [3, 3, 0]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    let (calls, fetch) = endpoint(vec![], None);
    let sizes = page_sizes(pages(with_per_page(Some(10)), fetch)).await;
    assert_eq!(sizes, [0]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn stops_when_the_total_count_is_reached() {
    let (calls, fetch) = endpoint(vec![3, 3, 3, 3], Some(6));
    let sizes = page_sizes(pages(with_per_page(Some(3)), fetch)).await;
    assert_eq!(sizes, [3, 3]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_reported_total_outranks_a_page_shorter_than_requested() {
    // The server caps pages at 3 items although 10 were asked for.
    let (calls, fetch) = endpoint(vec![3, 3, 1, 3], Some(7));
    let sizes = page_sizes(pages(with_per_page(Some(10)), fetch)).await;
    assert_eq!(sizes, [3, 3, 1]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // A total that is never reached still ends on an empty page.
    let (calls, fetch) = endpoint(vec![3, 2], Some(9));
    let sizes = page_sizes(pages(with_per_page(Some(3)), fetch)).await;
    assert_eq!(sizes, [3, 2, 0]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn starting_past_the_first_page_counts_the_pages_before_it() {
    // Seven items, three a page, numbered from 1: starting at page 2 ends at page 3.
    let (calls, fetch) = endpoint(vec![3, 3, 1], Some(7));
    let start = PageRequest { numbered_from: 1, ..PageRequest::starting_at(2) };
    assert_eq!(page_sizes(pages(start, fetch)).await, [3, 1]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // Six items: the full page 2 already reaches the total, so page 3 is not fetched.
    let (calls, fetch) = endpoint(vec![3, 3, 3], Some(6));
    let start = PageRequest { numbered_from: 1, ..PageRequest::starting_at(2) };
    assert_eq!(page_sizes(pages(start, fetch)).await, [3]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_reported_end_offset_decides_the_last_page() {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    // Pages of 2 out of 5 items, each reporting where it ends; numbering is unknown to the stream.
    let fetch = move |page: u64| {
        counter.fetch_add(1, Ordering::SeqCst);
        let end = (page * 2).min(5);
        let items = (page * 2 - 1..=end).collect();
        std::future::ready(page_response(Page { items, total: Some(5), end: Some(end) }))
    };
    let sizes = page_sizes(pages(PageRequest::starting_at(2), fetch)).await;
    assert_eq!(sizes, [2, 1]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn stops_on_a_repeated_page_without_yielding_it() {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    // A server that ignores the page number.
    let fetch = move |_page: u64| {
        counter.fetch_add(1, Ordering::SeqCst);
        std::future::ready(page_response(Page { items: vec![1, 2, 3], total: None, end: None }))
    };
    let sizes = page_sizes(pages(with_per_page(Some(3)), fetch)).await;
    assert_eq!(sizes, [3]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn stops_at_max_pages_against_an_endless_server() {
    let (calls, fetch) = endpoint(vec![2; 100_000], None);
    let start = PageRequest { per_page: Some(2), max_pages: 5, ..PageRequest::default() };
    let sizes = page_sizes(pages(start, fetch)).await;
    assert_eq!(sizes, [2; 5]);
    assert_eq!(calls.load(Ordering::SeqCst), 5);

    let (calls, fetch) = endpoint(vec![2; 10], None);
    let start = PageRequest { max_pages: 0, ..PageRequest::default() };
    assert!(page_sizes(pages(start, fetch)).await.is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(PageRequest::default().max_pages, 10_000);
}

#[tokio::test]
async fn page_numbers_start_at_first_page() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let fetch = move |page: u64| {
        record.lock().unwrap().push(page);
        let items = if page < 3 { vec![page; 2] } else { vec![page] };
        std::future::ready(page_response(Page { items, total: None, end: None }))
    };
    let sizes = page_sizes(pages(PageRequest::starting_at(0), fetch)).await;
    assert_eq!(sizes, [2, 2, 2, 1]);
    assert_eq!(*seen.lock().unwrap(), [0, 1, 2, 3]);
}

#[tokio::test]
async fn items_flattens_pages_lazily() {
    let (calls, fetch) = endpoint(vec![3, 3, 1], None);
    let stream = items(with_per_page(None), fetch);
    assert_eq!(calls.load(Ordering::SeqCst), 0, "nothing is fetched before polling");
    let all: Vec<u64> = stream.try_collect().await.unwrap();
    assert_eq!(all, [100, 101, 102, 200, 201, 202, 300]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // Taking only the first items fetches only the first page.
    let (calls, fetch) = endpoint(vec![3, 3, 1], None);
    let first: Vec<_> = items(with_per_page(None), fetch).take(2).collect().await;
    assert_eq!(first.len(), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_stream() {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    let fetch = move |page: u64| {
        counter.fetch_add(1, Ordering::SeqCst);
        std::future::ready(if page == 2 {
            Err(Error::config("boom"))
        } else {
            page_response(Page { items: vec![page; 3], total: None, end: None })
        })
    };
    let mut stream = pin!(items(with_per_page(Some(3)), fetch));
    let mut results = Vec::new();
    while let Some(item) = stream.next().await {
        results.push(item.map_err(|e| e.to_string()));
    }
    assert_eq!(results, [Ok(1), Ok(1), Ok(1), Err("invalid client configuration: boom".to_owned())]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::test]
async fn pages_against_a_real_server() {
    let server = Server::start(|_, request| {
        let page: u64 = request
            .target
            .split("page=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let items: Vec<u64> = if page < 3 { vec![page; 2] } else { vec![] };
        Reply::raw_json(200, &serde_json::json!({"items": items, "total": null}).to_string())
    })
    .await;
    let transport = transport(&server);
    let fetch = |page: u64| {
        let transport = transport.clone();
        async move {
            let mut request = Request::new(&LIST_ITEMS);
            request.query_param("page", Some(&page), &Constraints::NONE);
            request.query_param("per_page", Some(&2u64), &Constraints::NONE);
            transport.execute::<Page>(request).await
        }
    };
    let stream = items(with_per_page(Some(2)), fetch);
    assert_send(&stream);
    let all: Vec<u64> = stream.try_collect().await.unwrap();
    assert_eq!(all, [1, 1, 2, 2]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/items?page=1&per_page=2", "/items?page=2&per_page=2", "/items?page=3&per_page=2"]);
}
