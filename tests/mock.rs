//! Tests of the generated crate's typed mocks (feature `mock`), used the way a consumer's tests use them.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use cloudflare_realtimekit::mock::{MockServer, ResponseTemplate};
use cloudflare_realtimekit::{Client, Error, RequestOptions, RetryPolicy, TransportErrorKind, models};
use futures_util::FutureExt;
use realtimekit_tests::clients::{kick_request, poll_request};

fn live_page(ids: &[&str]) -> models::ListSessionsResponse {
    let sessions = ids
        .iter()
        .map(|id| {
            models::Session::builder()
                .id(*id)
                .associated_id("meeting-1")
                .created_at("2025-01-01T00:00:00Z")
                .live_participants(2)
                .max_concurrent_participants(3)
                .meeting_display_name("Daily stand-up")
                .minutes_consumed(1.5)
                .organization_id("org-1")
                .started_at("2025-01-01T00:00:00Z")
                .status(models::SessionStatus::Live)
                .r#type(models::SessionType::Meeting)
                .updated_at("2025-01-01T00:00:00Z")
                .build()
                .expect("every required field is set")
        })
        .collect();
    let mut data = models::SessionList::default();
    data.sessions = Some(sessions);
    let mut page = models::ListSessionsResponse::default();
    page.data = Some(data);
    page.success = Some(true);
    page
}

/// A client of `server` that retries `retries` times after a short backoff, so retry tests stay quick.
fn retrying_client(server: &MockServer, retries: u32) -> Client {
    let policy =
        RetryPolicy { max_retries: retries, initial_backoff: Duration::from_millis(10), ..RetryPolicy::DEFAULT };
    server.client_builder().retry_policy(policy).build().expect("a client aimed at the mock server")
}

/// Asserts that `error` is the transport error of a connection closed without an answer, after
/// `attempts` attempts.
fn assert_closed_without_answer(error: &Error, attempts: u32) {
    match error {
        Error::Transport(transport) => {
            assert_eq!(transport.kind(), TransportErrorKind::Interrupted, "{error}");
            assert_eq!(transport.status(), None, "no status line arrived: {error}");
            assert_eq!(transport.attempts(), attempts, "{error}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// Runs `verify` and returns its panic message, or `None` if it passed.
///
/// After a failure the server is reset, so that dropping it does not fail the test again.
async fn verify_failure(server: &MockServer) -> Option<String> {
    let outcome = AssertUnwindSafe(server.verify()).catch_unwind().await;
    if outcome.is_err() {
        server.reset().await;
    }
    outcome.err().map(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    })
}

#[tokio::test]
async fn a_typed_expectation_answers_the_typed_request_and_verifies() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    server.expect(app.list_sessions().status(models::SessionStatus::Live)).respond(&live_page(&["s1", "s2"])).await;

    let response = app.list_sessions().status(models::SessionStatus::Live).send().await.unwrap();

    let ids: Vec<_> = response.data.as_ref().unwrap().sessions.as_ref().unwrap().iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, ["s1", "s2"]);
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn a_creation_answers_with_its_documented_status() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    let body = poll_request("Ship it?", &["Yes", "No"]);
    let poll = models::CreatePollResponse::default();
    server.expect(app.create_poll("meeting-1", body.clone())).respond(&poll).await;

    let response = app.create_poll("meeting-1", body).send().await.unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn a_request_with_another_body_is_reported_as_unexpected() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    let expected = kick_request(&["custom-1"], &[]);
    server.expect(app.kick_participants("meeting-1", expected)).respond(&Default::default()).await;

    let other = kick_request(&["custom-2"], &[]);
    let error = app.kick_participants("meeting-1", other).send().await.unwrap_err();

    assert!(error.is_not_found(), "{error}");
    assert!(error.to_string().contains("no mock expectation matches POST"), "{error}");
    assert_eq!(server.unexpected_requests().len(), 1);
    let failure = verify_failure(&server).await.expect("verify must fail");
    assert!(failure.contains("1 request(s) that match no expectation"), "{failure}");
    assert!(failure.contains("custom-2"), "{failure}");
}

#[tokio::test]
async fn an_expectation_that_was_never_called_fails_verify() {
    let server = MockServer::start().await;
    let client = server.client();
    server.expect(client.app("acc", "app").get_active_session("meeting-1")).respond(&Default::default()).await;

    let failure = verify_failure(&server).await.expect("verify must fail");

    assert!(
        failure.contains("get_active_session GET /accounts/acc/realtime/kit/app/meetings/meeting-1/active-session"),
        "{failure}"
    );
}

#[tokio::test]
async fn a_query_the_expectation_did_not_set_still_matches_but_a_different_value_does_not() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    server.expect(app.list_sessions().status(models::SessionStatus::Live)).times(1).respond(&live_page(&["s1"])).await;

    app.list_sessions().status(models::SessionStatus::Live).per_page(10).send().await.unwrap();
    let error = app.list_sessions().status(models::SessionStatus::Ended).send().await.unwrap_err();

    assert!(error.is_not_found(), "{error}");
    let failure = verify_failure(&server).await.expect("verify must fail");
    assert!(failure.contains("status=ENDED"), "{failure}");
}

#[tokio::test]
async fn errors_and_raw_answers_reach_the_client_as_typed_errors() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    server.expect(app.get_active_session("gone")).respond_error(404, 404, "No active session").await;
    server
        .expect(app.get_active_session("broken"))
        .respond_raw(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .await;

    let gone = app.get_active_session("gone").send().await.unwrap_err();
    let broken = app.get_active_session("broken").send().await.unwrap_err();

    assert!(gone.is_not_found());
    assert_eq!(gone.api_error().unwrap().message(), Some("No active session"));
    assert_eq!(broken.status().map(|s| s.as_u16()), Some(502));
    assert!(broken.to_string().contains("bad gateway"), "{broken}");
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn paging_streams_walk_mocked_pages() {
    use futures_util::StreamExt;
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    server.expect(app.list_sessions().per_page(2).page_no(1)).respond(&live_page(&["s1", "s2"])).await;
    server.expect(app.list_sessions().per_page(2).page_no(2)).respond(&live_page(&["s3"])).await;

    let ids: Vec<String> = app.list_sessions().per_page(2).items().map(|s| s.unwrap().id).collect().await;

    assert_eq!(ids, ["s1", "s2", "s3"]);
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn an_answer_held_back_past_the_timeout_ends_as_the_clients_timeout_error() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    let late = Duration::from_millis(500);
    server.expect(app.get_active_session("slow")).delay(late).times(1).respond(&Default::default()).await;
    server
        .expect(app.get_active_session("gone"))
        .delay(late)
        .times(1)
        .respond_error(404, 404, "No active session")
        .await;

    let options = RequestOptions::new().timeout(Duration::from_millis(50));
    let slow = app.get_active_session("slow").with_options(options.clone()).send().await.unwrap_err();
    let gone = app.get_active_session("gone").with_options(options).send().await.unwrap_err();

    for error in [&slow, &gone] {
        match error {
            Error::Timeout(timeout) => {
                assert!(!timeout.is_deadline(), "{error}");
                assert_eq!(timeout.timeout(), Duration::from_millis(50), "{error}");
                assert_eq!(timeout.attempts(), 1, "{error}");
            }
            other => panic!("expected the client's timeout error, got {other:?}"),
        }
    }
    // Each request arrived before its answer was held back, so each expectation was met once.
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn an_answer_held_back_less_than_the_timeout_still_arrives() {
    let server = MockServer::start().await;
    let client = server.client();
    let app = client.app("acc", "app");
    server.expect(app.list_sessions()).delay(Duration::from_millis(20)).respond(&live_page(&["s1"])).await;

    let options = RequestOptions::new().timeout(Duration::from_secs(10));
    let response = app.list_sessions().with_options(options).send().await.unwrap();

    assert_eq!(response.data.as_ref().unwrap().sessions.as_ref().unwrap()[0].id, "s1");
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn a_closed_connection_on_a_get_is_retried_as_the_client_allows() {
    let server = MockServer::start().await;
    let client = retrying_client(&server, 1);
    let app = client.app("acc", "app");
    server.expect(app.get_active_session("meeting-1")).times(2).close_connection().await;

    let error = app.get_active_session("meeting-1").send().await.unwrap_err();

    assert_closed_without_answer(&error, 2);
    // Exactly two calls: the first attempt and the one retry.
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn a_get_whose_connection_closed_once_succeeds_on_its_retry() {
    let server = MockServer::start().await;
    let client = retrying_client(&server, 1);
    let app = client.app("acc", "app");
    server.expect(app.list_sessions()).times(1).close_connection().await;
    server.expect(app.list_sessions()).times(1).respond(&live_page(&["s1"])).await;

    let response = app.list_sessions().send().await.unwrap();

    assert_eq!(response.data.as_ref().unwrap().sessions.as_ref().unwrap()[0].id, "s1");
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
async fn a_closed_connection_on_a_post_that_may_have_acted_is_not_resent() {
    let server = MockServer::start().await;
    let client = retrying_client(&server, 2);
    let app = client.app("acc", "app");
    let body = kick_request(&["custom-1"], &[]);
    server.expect(app.kick_participants("meeting-1", body.clone())).times(1).close_connection().await;

    let error = app.kick_participants("meeting-1", body).send().await.unwrap_err();

    assert_closed_without_answer(&error, 1);
    // A resent request would match no expectation, and `verify` would report it.
    assert!(server.unexpected_requests().is_empty(), "{:?}", server.unexpected_requests());
    assert_eq!(verify_failure(&server).await, None);
}

#[tokio::test]
#[should_panic(expected = "a closed connection cannot be delayed")]
async fn a_closed_connection_cannot_be_held_back() {
    let server = MockServer::start().await;
    let client = server.client();
    let expectation = server.expect(client.app("acc", "app").get_active_session("meeting-1"));
    expectation.delay(Duration::from_millis(10)).close_connection().await;
}
