//! The generated `.pages()` and `.items()` streams of `list_sessions`, `list_meetings` and
//! `list_session_participants` against servers that page through a catalog: the page number
//! advances, the other parameters stay, and the stream stops where the reported end offset reaches
//! the reported total, on a short page when there is no total, on an empty page, on a repeated
//! page, or at the page cap, so paging never loops forever nor ends early.
//! Every page is built from the spec's own example response.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use cloudflare_realtimekit::runtime::paginate::PageRequest;
use cloudflare_realtimekit::{Client, models};
use futures_util::{StreamExt as _, TryStreamExt as _, pin_mut};
use realtimekit_testkit::{Reply, Seen, Server};
use realtimekit_tests::clients::{ACCOUNT, APP, client_for};
use realtimekit_tests::example_response;
use serde_json::{Value, json};

/// The page number a request asked for.
fn page_no(seen: &Seen) -> u64 {
    seen.query_value("page_no").expect("every page request names its page").parse().unwrap()
}

/// The page numbers `server` was asked for, in order.
fn pages_asked(server: &Server) -> Vec<u64> {
    server.requests().iter().map(page_no).collect()
}

/// The ids of the items on page `page` of a catalog of `total` items served `per_page` at a time.
fn ids_on_page(prefix: &str, page: u64, per_page: u64, total: u64) -> Vec<String> {
    let first = (page - 1) * per_page + 1;
    (first..=total.min(page * per_page)).map(|n| format!("{prefix}-{n}")).collect()
}

/// The spec's example item at `items_pointer` inside `example`, once per id, each with that id.
fn items_like(example: &Value, items_pointer: &str, ids: &[String]) -> Value {
    let template = example.pointer(items_pointer).and_then(|items| items.get(0)).expect("the example lists an item");
    ids.iter()
        .map(|id| {
            let mut item = template.clone();
            item["id"] = json!(id);
            item
        })
        .collect()
}

/// A `list_sessions` page holding sessions with these ids; the answer reports no total.
fn sessions_page(ids: &[String]) -> Value {
    let mut page = example_response("list_sessions", 200);
    page["data"]["sessions"] = items_like(&page, "/data/sessions", ids);
    page
}

/// The `paging` object of a page holding these ids, numbered as `ids_on_page` numbers them, in a
/// result of `total` items: offsets count from 1 and include the last item.
fn paging(ids: &[String], total: u64) -> Value {
    let position = |id: Option<&String>| -> u64 { id.map_or(0, |id| id.rsplit('-').next().unwrap().parse().unwrap()) };
    json!({"start_offset": position(ids.first()), "end_offset": position(ids.last()), "total_count": total})
}

/// A `list_meetings` page holding meetings with these ids, reporting `total` meetings in all.
fn meetings_page(ids: &[String], total: u64) -> Value {
    let mut page = example_response("list_meetings", 200);
    page["data"] = items_like(&page, "/data", ids);
    page["paging"] = paging(ids, total);
    page
}

/// A `list_session_participants` page holding participants with these ids, reporting `total`.
fn participants_page(ids: &[String], total: u64) -> Value {
    let mut page = example_response("list_session_participants", 200);
    page["data"]["participants"] = items_like(&page, "/data/participants", ids);
    page["data"]["paging"] = paging(ids, total);
    page
}

/// A server that answers each request with `page(page_no)`.
async fn paging_server(page: impl Fn(u64) -> Value + Send + Sync + 'static) -> (Server, Client) {
    let server = Server::start(move |_, seen| Reply::json(200, &page(page_no(seen)))).await;
    let client = client_for(&server);
    (server, client)
}

#[tokio::test]
async fn sessions_advance_page_no_keep_the_filters_and_stop_on_a_short_page() {
    let (server, client) = paging_server(|page| sessions_page(&ids_on_page("s", page, 2, 5))).await;
    let sessions: Vec<models::Session> = client
        .app(ACCOUNT, APP)
        .list_sessions()
        .status(models::SessionStatus::Live)
        .per_page(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = sessions.iter().map(|session| session.id.as_str()).collect();
    assert_eq!(ids, ["s-1", "s-2", "s-3", "s-4", "s-5"]);
    assert_eq!(pages_asked(&server), [1, 2, 3], "page 3 holds one session, so it is the last");
    for seen in server.requests() {
        assert_eq!(seen.path(), format!("/accounts/{ACCOUNT}/realtime/kit/{APP}/sessions"));
        assert_eq!(seen.query_value("per_page").as_deref(), Some("2"));
        assert_eq!(seen.query_value("status").as_deref(), Some("LIVE"));
    }
}

#[tokio::test]
async fn sessions_stop_on_an_empty_page_and_start_at_the_given_page() {
    // Without `per_page`, the first page's size is the page size.
    let (server, client) = paging_server(|page| sessions_page(&ids_on_page("s", page, 2, 4))).await;
    let pages: Vec<_> = client.list_sessions(ACCOUNT, APP).pages().try_collect().await.unwrap();
    let sizes: Vec<usize> =
        pages.iter().map(|page| page.data.as_ref().unwrap().sessions.as_ref().unwrap().len()).collect();
    assert_eq!(sizes, [2, 2, 0], "the empty page is yielded, and is the last");
    assert_eq!(pages_asked(&server), [1, 2, 3]);

    let (server, client) = paging_server(|page| sessions_page(&ids_on_page("s", page, 2, 7))).await;
    let sessions: Vec<_> = client.list_sessions(ACCOUNT, APP).page_no(3).items().try_collect().await.unwrap();
    assert_eq!(sessions.len(), 3, "pages 3 and 4 of seven sessions");
    assert_eq!(pages_asked(&server), [3, 4]);
}

#[tokio::test]
async fn meetings_stop_when_the_reported_total_is_reached() {
    // The server would answer any page with two meetings, but reports four in all.
    let (server, client) = paging_server(|page| meetings_page(&ids_on_page("m", page, 2, 1000), 4)).await;
    let meetings: Vec<models::Meeting> =
        client.app(ACCOUNT, APP).list_meetings().per_page(2).items().try_collect().await.unwrap();
    let ids: Vec<&str> = meetings.iter().map(|meeting| meeting.id.as_str()).collect();
    assert_eq!(ids, ["m-1", "m-2", "m-3", "m-4"]);
    assert_eq!(pages_asked(&server), [1, 2], "page 2 was full, but the total was reached");
}

#[tokio::test]
async fn participants_stop_when_the_reported_total_is_reached() {
    let (server, client) = paging_server(|page| participants_page(&ids_on_page("p", page, 3, 1000), 6)).await;
    let pages: Vec<_> = client
        .list_session_participants(ACCOUNT, APP, "session-1")
        .include_peer_events(false)
        .per_page(3)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages_asked(&server), [1, 2]);
    for seen in server.requests() {
        assert_eq!(seen.path(), format!("/accounts/{ACCOUNT}/realtime/kit/{APP}/sessions/session-1/participants"));
        assert_eq!(seen.query_value("include_peer_events").as_deref(), Some("false"));
    }
    let last = pages[1].data.as_ref().unwrap().participants.as_ref().unwrap();
    assert_eq!(last.iter().map(|p| p.id.as_deref().unwrap()).collect::<Vec<_>>(), ["p-4", "p-5", "p-6"]);
}

#[tokio::test]
async fn a_page_size_capped_by_the_server_does_not_end_the_walk_early() {
    // Ten participants per page are asked for, but the server serves three at a time.
    let (server, client) = paging_server(|page| participants_page(&ids_on_page("p", page, 3, 7), 7)).await;
    let items: Vec<models::Participant> =
        client.list_session_participants(ACCOUNT, APP, "s").per_page(10).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 7, "the reported total outranks the short first page");
    assert_eq!(pages_asked(&server), [1, 2, 3], "page 3 ends at the total, so page 4 is not asked for");
}

#[tokio::test]
async fn a_walk_from_a_later_page_ends_where_the_reported_offset_reaches_the_total() {
    let (server, client) = paging_server(|page| meetings_page(&ids_on_page("m", page, 2, 6), 6)).await;
    let meetings: Vec<models::Meeting> =
        client.list_meetings(ACCOUNT, APP).page_no(2).per_page(2).items().try_collect().await.unwrap();
    let ids: Vec<&str> = meetings.iter().map(|meeting| meeting.id.as_str()).collect();
    assert_eq!(ids, ["m-3", "m-4", "m-5", "m-6"]);
    assert_eq!(pages_asked(&server), [2, 3], "page 3 ends at item 6 of 6");
}

#[tokio::test]
async fn a_server_that_ignores_page_no_is_stopped_by_the_repeated_page() {
    // Each operation is answered with the spec's example, unchanged, whatever page is asked for.
    // The sessions example reports no total, and the participants example ends at item 2 of
    // 123, so only the repeated page stops those walks. The meetings example ends at item 30 of
    // 30, so it is the only page.
    let server = Server::replying(vec![Reply::json(200, &example_response("list_sessions", 200))]).await;
    let pages: Vec<_> = client_for(&server).list_sessions(ACCOUNT, APP).pages().try_collect().await.unwrap();
    assert_eq!((pages.len(), pages_asked(&server)), (1, vec![1, 2]));

    let server = Server::replying(vec![Reply::json(200, &example_response("list_meetings", 200))]).await;
    let pages: Vec<_> = client_for(&server).list_meetings(ACCOUNT, APP).pages().try_collect().await.unwrap();
    assert_eq!((pages.len(), pages_asked(&server)), (1, vec![1]));

    let server = Server::replying(vec![Reply::json(200, &example_response("list_session_participants", 200))]).await;
    let items: Vec<_> =
        client_for(&server).list_session_participants(ACCOUNT, APP, "s").items().try_collect().await.unwrap();
    assert_eq!((items.len(), pages_asked(&server)), (2, vec![1, 2]));
}

#[tokio::test]
async fn endless_pages_are_fetched_only_as_far_as_they_are_read() {
    let (server, client) = paging_server(|page| sessions_page(&[format!("s-{page}")])).await;
    let items = client.list_sessions(ACCOUNT, APP).items();
    tokio::task::yield_now().await;
    assert_eq!(server.count(), 0, "nothing is fetched before the stream is polled");
    let first: Vec<_> = items.take(25).try_collect().await.unwrap();
    assert_eq!(first.len(), 25);
    assert_eq!(pages_asked(&server), (1..=25).collect::<Vec<_>>());
}

#[tokio::test]
#[ignore = "walks 10,000 pages (about 6 s in a debug build); run with `--ignored`"]
async fn endless_distinct_full_pages_stop_at_the_page_cap() {
    // Every page is full and different, and no total is reported: only the cap ends the walk.
    // The generated API does not expose the cap, so the walk really is 10,000 requests long;
    // connections are kept alive to make that take seconds rather than minutes.
    let server =
        Server::start(|_, seen| Reply::json(200, &sessions_page(&[format!("s-{}", page_no(seen))])).keep_alive()).await;
    let started = Instant::now();
    let pages = client_for(&server).list_sessions(ACCOUNT, APP).pages();
    let count = pages.try_fold(0u64, |count, _| async move { Ok(count + 1) }).await.unwrap();
    assert_eq!(count, PageRequest::DEFAULT_MAX_PAGES);
    assert_eq!(server.count() as u64, PageRequest::DEFAULT_MAX_PAGES, "no page past the cap is fetched");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
}

/// Walks the items of a 100-meeting catalog, two per page, whose page 2 is answered with
/// `page_two`: the two items of page 1 come first, then one error, then the end of the stream,
/// and no page after the failed one is asked for. Returns the error.
async fn walk_failing_at_page_two(page_two: Reply) -> cloudflare_realtimekit::Error {
    let server = Server::start(move |_, seen| match page_no(seen) {
        2 => page_two.clone(),
        page => Reply::json(200, &meetings_page(&ids_on_page("m", page, 2, 100), 100)),
    })
    .await;
    let items = client_for(&server).list_meetings(ACCOUNT, APP).items();
    pin_mut!(items);
    assert_eq!(items.next().await.unwrap().unwrap().id, "m-1");
    assert_eq!(items.next().await.unwrap().unwrap().id, "m-2");
    let error = items.next().await.unwrap().unwrap_err();
    assert!(items.next().await.is_none(), "the stream ends after the error");
    assert_eq!(pages_asked(&server), [1, 2], "the failed page is not retried, and no later page is asked for");
    error
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    let error = walk_failing_at_page_two(Reply::json(404, &example_response("get_active_session", 404))).await;
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn a_page_that_does_not_decode_ends_the_stream_after_the_items_already_read() {
    // Page 2 holds a fractional count, which no integer field can take.
    let mut broken = meetings_page(&ids_on_page("m", 2, 2, 100), 100);
    broken["paging"]["total_count"] = json!(100.5);
    let broken_body = serde_json::to_vec(&broken).unwrap();
    let error = walk_failing_at_page_two(Reply::json(200, &broken)).await;
    let cloudflare_realtimekit::Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.path(), "paging.total_count");
    assert_eq!(decode.body().as_ref(), broken_body.as_slice(), "the whole page is kept");
}

#[tokio::test]
async fn a_transient_failure_mid_stream_is_retried_within_the_page() {
    let server = Server::start(|n, seen| match (n, page_no(seen)) {
        (1, _) => Reply::status(503),
        (_, page) => Reply::json(200, &participants_page(&ids_on_page("p", page, 2, 5), 5)),
    })
    .await;
    let items: Vec<models::Participant> = client_for(&server)
        .list_session_participants(ACCOUNT, APP, "s")
        .per_page(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(pages_asked(&server), [1, 2, 2, 3]);
}
