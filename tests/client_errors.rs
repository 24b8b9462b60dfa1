//! The generated client's error values: what an API error keeps (status, code, message,
//! request id, headers, raw body) and how the helpers `is_not_found`, `is_rate_limited`,
//! `is_retryable` and `status` classify every kind of failure.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use cloudflare_realtimekit::{Client, Error};
use realtimekit_testkit::{Reply, Server, refused_port};
use realtimekit_tests::clients::{ACCOUNT, APP, builder_for};
use realtimekit_tests::example_response;
use reqwest::StatusCode;
use serde_json::json;

/// A client aimed at `server` that never retries, so each call is exactly one request.
fn single_shot(server: &Server) -> Client {
    builder_for(&server.url()).max_retries(0).build().unwrap()
}

/// The error `get_active_session` ends in when the server answers with `reply`.
async fn failure_of(reply: Reply) -> (Error, Server) {
    let server = Server::replying(vec![reply]).await;
    let error = single_shot(&server).get_active_session(ACCOUNT, APP, "m").send().await.unwrap_err();
    (error, server)
}

#[tokio::test]
async fn documented_not_found_answer_keeps_every_detail() {
    let example = example_response("get_active_session", 404);
    let raw = serde_json::to_vec(&example).unwrap();
    let server = Server::replying(vec![
        Reply::json(404, &example).header("x-request-id", "not-declared").header("cf-ray", "req-404-abc"),
    ])
    .await;
    // The default retry policy applies: a 404 must still be sent only once.
    let client = builder_for(&server.url()).build().unwrap();
    let error = client.get_active_session(ACCOUNT, APP, "6bf2b8be").send().await.unwrap_err();
    assert_eq!(server.count(), 1, "a 404 is final");

    assert!(error.is_not_found());
    assert!(!error.is_rate_limited());
    assert!(!error.is_retryable());
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.request_id(), Some("req-404-abc"));

    let Error::Api(api) = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.code(), Some(404));
    let message = example["error"]["message"].as_str().unwrap();
    assert_eq!(api.message(), Some(message));
    assert_eq!(api.request_id(), Some("req-404-abc"));
    // Only the header the spec declares names the request; every header is kept.
    assert_eq!(api.headers()["x-request-id"], "not-declared");
    assert_eq!(api.body().as_ref(), raw.as_slice());
    assert_eq!(api.operation(), "get_active_session");
    assert_eq!(error.to_string(), format!("get_active_session: HTTP 404 Not Found (code 404): {message}"));
    assert!(std::error::Error::source(&error).is_some(), "the payload is the source");
}

#[tokio::test]
async fn cloudflare_style_error_list_yields_the_first_code_and_message() {
    let body = json!({
        "success": false,
        "errors": [{"code": 10000, "message": "Authentication error"}, {"code": 2, "message": "second"}],
        "messages": [],
        "result": null
    });
    let (error, _server) = failure_of(Reply::json(403, &body).header("cf-ray", "8a1b2c3d4e5f-LHR")).await;
    let api = error.api_error().unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    assert_eq!(api.code(), Some(10000));
    assert_eq!(api.message(), Some("Authentication error"));
    // The `cf-ray` header the spec declares identifies the request.
    assert_eq!(error.request_id(), Some("8a1b2c3d4e5f-LHR"));
    assert!(!error.is_not_found() && !error.is_rate_limited() && !error.is_retryable());
}

#[tokio::test]
async fn helpers_classify_every_status_answer() {
    // Each row: status, expected is_not_found, is_rate_limited, is_retryable.
    let table = [
        (400, false, false, false),
        (401, false, false, false),
        (404, true, false, false),
        (408, false, false, true),
        (409, false, false, true),
        (422, false, false, false),
        (429, false, true, true),
        (500, false, false, true),
        (502, false, false, true),
        (503, false, false, true),
        (504, false, false, true),
    ];
    for (status, not_found, rate_limited, retryable) in table {
        let (error, server) = failure_of(Reply::status(status)).await;
        assert_eq!(server.count(), 1, "{status}: max_retries(0) sends once");
        assert!(matches!(error, Error::Api(_)), "{status}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.is_not_found(), not_found, "{status}: is_not_found");
        assert_eq!(error.is_rate_limited(), rate_limited, "{status}: is_rate_limited");
        assert_eq!(error.is_retryable(), retryable, "{status}: is_retryable");
        // An empty error body still yields an error that names the operation and status.
        assert!(error.to_string().starts_with(&format!("get_active_session: HTTP {status}")), "{error}");
    }
}

#[tokio::test]
async fn helpers_classify_failures_without_an_error_status() {
    // A 2xx body that does not decode: the status is known, and retrying will not help.
    let (error, _server) =
        failure_of(Reply::text(200, "application/json", r#"{"data": 7}"#).header("cf-ray", "req-bad")).await;
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "data");
    // The whole body and the headers are kept, so the caller can still read what arrived.
    assert_eq!(decode.body().as_ref(), br#"{"data": 7}"#);
    assert_eq!(decode.headers()["cf-ray"], "req-bad");
    let fallback: serde_json::Value = serde_json::from_slice(decode.body()).unwrap();
    assert_eq!(fallback["data"], 7);
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.request_id(), Some("req-bad"));
    assert!(!error.is_retryable() && !error.is_not_found() && !error.is_rate_limited());

    // A refused connection: no status, and worth retrying.
    let port = refused_port().await;
    let client = builder_for(&format!("http://127.0.0.1:{port}")).max_retries(0).build().unwrap();
    let error = client.get_active_session(ACCOUNT, APP, "m").send().await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert!(transport.is_connect());
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());

    // A timeout: no status, and worth retrying.
    let server = Server::replying(vec![Reply::status(200).after(Duration::from_secs(5))]).await;
    let client = builder_for(&server.url()).max_retries(0).timeout(Duration::from_millis(200)).build().unwrap();
    let error = client.get_active_session(ACCOUNT, APP, "m").send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());

    // An invalid request: nothing was sent, so there is no status and nothing to retry.
    let error = client.get_active_session(ACCOUNT, APP, "").send().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(!error.is_retryable());
}
