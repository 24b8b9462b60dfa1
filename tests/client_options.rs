//! Per-request control through the generated API: `with_options` overrides the per-attempt
//! timeout, the retry count and headers for one call, and a deadline bounds the whole call,
//! backoff included; dropping a call's future cancels it, retries and all.
//!
//! The assertions are about what happened (which error, how many requests the server saw),
//! never about how long it took.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use cloudflare_realtimekit::{Client, Error, RequestOptions};
use realtimekit_testkit::{Reply, Server};
use realtimekit_tests::clients::{ACCOUNT, APP, TOKEN, builder_for, send_post};
use realtimekit_tests::example_response;

/// Long enough that no test ever waits for it: a reply this late means an override worked.
const NEVER: Duration = Duration::from_secs(30);

/// `get_active_session` with `options`.
async fn get(client: &Client, options: RequestOptions) -> Result<(), Error> {
    client.get_active_session(ACCOUNT, APP, "meeting-1").with_options(options).send().await.map(drop)
}

fn answer() -> Reply {
    Reply::json(200, &example_response("get_active_session", 200))
}

#[tokio::test]
async fn the_per_attempt_timeout_is_overridden_for_one_call() {
    let server = Server::replying(vec![answer().after(NEVER)]).await;
    let client = builder_for(&server.url()).timeout(NEVER).build().unwrap();
    let options = RequestOptions::new().timeout(Duration::from_millis(50)).max_retries(0);
    let error = get(&client, options).await.unwrap_err();
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!(timeout.timeout(), Duration::from_millis(50));
    assert!(!timeout.is_deadline());
    assert_eq!(timeout.attempts(), 1);
}

#[tokio::test]
async fn a_deadline_ends_an_attempt_in_flight() {
    let server = Server::replying(vec![answer().after(NEVER)]).await;
    let client = builder_for(&server.url()).timeout(NEVER).build().unwrap();
    let options = RequestOptions::new().deadline(Duration::from_millis(50));
    let error = get(&client, options).await.unwrap_err();
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert!(timeout.is_deadline(), "{timeout}");
    assert_eq!(timeout.timeout(), Duration::from_millis(50));
    assert!(timeout.to_string().contains("deadline"), "{timeout}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_deadline_stops_a_retry_that_could_not_start_in_time() {
    // The server asks to be retried in 20 s; with a 1 s deadline the retry is not made, and the
    // 503 itself is returned rather than a timeout.
    let server = Server::replying(vec![Reply::status(503).header("retry-after", "20")]).await;
    let client = builder_for(&server.url()).build().unwrap();
    let options = RequestOptions::new().deadline(Duration::from_secs(1));
    let error = get(&client, options).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_retry_count_is_overridden_both_ways() {
    let retry_now = || Reply::status(503).header("retry-after-ms", "0");
    let server = Server::replying(vec![retry_now()]).await;
    let client = builder_for(&server.url()).build().unwrap();
    get(&client, RequestOptions::new().max_retries(0)).await.unwrap_err();
    assert_eq!(server.count(), 1, "no retry");

    let server = Server::replying(vec![retry_now()]).await;
    let client = builder_for(&server.url()).max_retries(0).build().unwrap();
    get(&client, RequestOptions::new().max_retries(1)).await.unwrap_err();
    assert_eq!(server.count(), 2, "one retry, though the client makes none");
}

#[tokio::test]
async fn a_post_that_may_have_acted_is_not_resent_whatever_the_retry_count() {
    let server = Server::replying(vec![Reply::status(500)]).await;
    let client = builder_for(&server.url()).build().unwrap();
    let options = RequestOptions::new().max_retries(5);
    let error = client.kick_all_participants(ACCOUNT, APP, "meeting-1").with_options(options).send().await;
    assert!(error.is_err());
    assert_eq!(server.count(), 1, "a 500 may have acted, so the POST is not resent");
    send_post(&client, "kick_participants").await.unwrap_err();
}

#[tokio::test]
async fn extra_headers_are_sent_and_override_defaults() {
    let server = Server::replying(vec![answer()]).await;
    let client = builder_for(&server.url()).default_header("x-team", "default").build().unwrap();
    let options = RequestOptions::new().header("x-team", "billing").header("x-trace-id", "abc-123");
    get(&client, options).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-team"), Some("billing"));
    assert_eq!(seen.header("x-trace-id"), Some("abc-123"));
    assert!(seen.header("authorization").is_some_and(|value| value.ends_with(TOKEN)));
}

#[tokio::test]
async fn an_invalid_extra_header_fails_before_anything_is_sent() {
    let server = Server::replying(vec![answer()]).await;
    let client = builder_for(&server.url()).build().unwrap();
    for options in [RequestOptions::new().header("bad name", "x"), RequestOptions::new().header("x-ok", "line\nbreak")]
    {
        let error = get(&client, options).await.unwrap_err();
        let Error::InvalidRequest(invalid) = &error else { panic!("expected an invalid request, got {error:?}") };
        assert_eq!(invalid.parameter(), "header");
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn options_apply_to_every_page_of_a_stream() {
    use futures_util::StreamExt as _;
    let server = Server::replying(vec![answer().after(NEVER)]).await;
    let client = builder_for(&server.url()).timeout(NEVER).build().unwrap();
    let options = RequestOptions::new().deadline(Duration::from_millis(50));
    let mut pages = std::pin::pin!(client.list_sessions(ACCOUNT, APP).with_options(options).pages());
    let first = pages.next().await.unwrap();
    assert!(matches!(first, Err(Error::Timeout(timeout)) if timeout.is_deadline()));
}

#[tokio::test]
async fn dropping_the_future_cancels_the_call_and_its_retries() {
    // Every attempt would be answered late and retried; the caller gives up first.
    let server =
        Server::start(|_, _| Reply::status(503).header("retry-after-ms", "0").after(Duration::from_millis(200))).await;
    let client = builder_for(&server.url()).max_retries(5).build().unwrap();
    let call = get(&client, RequestOptions::new());
    assert!(tokio::time::timeout(Duration::from_millis(50), call).await.is_err(), "the caller stopped waiting");
    let seen = server.count();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(server.count(), seen, "no attempt is made after the future is dropped");
}

#[test]
fn a_client_builder_is_clone_and_makes_independent_clients() {
    let base = Client::builder().token(TOKEN).base_url("http://127.0.0.1:9");
    let first = base.clone().timeout(Duration::from_secs(1)).build().unwrap();
    let second = base.build().unwrap();
    assert_eq!(first.transport().timeout(), Duration::from_secs(1));
    assert_ne!(second.transport().timeout(), Duration::from_secs(1));
    assert!(!format!("{first:?}").contains(TOKEN));
}
