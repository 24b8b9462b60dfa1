//! Tests of the generated crate's typed mocks (feature `mock`), used the way a consumer's tests use them.

use std::panic::AssertUnwindSafe;

use cloudflare_realtimekit::mock::{MockServer, ResponseTemplate};
use cloudflare_realtimekit::models;
use futures_util::FutureExt;

fn live_page(ids: &[&str]) -> models::ListSessionsResponse {
    let sessions = ids
        .iter()
        .map(|id| {
            models::Session::new(
                "meeting-1",
                "2025-01-01T00:00:00Z",
                *id,
                2,
                3,
                "Daily stand-up",
                1.5,
                "org-1",
                "2025-01-01T00:00:00Z",
                models::SessionStatus::Live,
                models::SessionType::Meeting,
                "2025-01-01T00:00:00Z",
            )
        })
        .collect();
    let mut data = models::SessionList::default();
    data.sessions = Some(sessions);
    let mut page = models::ListSessionsResponse::default();
    page.data = Some(data);
    page.success = Some(true);
    page
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
    let body = models::CreatePollRequest::new(vec!["Yes".to_owned(), "No".to_owned()], "Ship it?");
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
    let expected = models::KickParticipantsRequest::new(vec!["custom-1".to_owned()], Vec::new());
    server.expect(app.kick_participants("meeting-1", expected)).respond(&Default::default()).await;

    let other = models::KickParticipantsRequest::new(vec!["custom-2".to_owned()], Vec::new());
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
