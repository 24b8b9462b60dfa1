//! The fault matrix: the generated client against servers that misbehave. Each case must end in
//! the right typed result, without a panic, and without sending a `POST` twice unless the server
//! provably did not act on it. Paging that never ends is covered in `client_pagination.rs`.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use cloudflare_realtimekit::runtime::error::TransportErrorKind;
use cloudflare_realtimekit::{Client, Error};
use realtimekit_testkit::{Reply, Server};
use realtimekit_tests::clients::{ACCOUNT, APP, POST_OPERATIONS, builder_for, client_for, posts_seen, send_post};
use realtimekit_tests::{example_response, same_json, success_example};
use reqwest::StatusCode;
use serde_json::json;

/// The spec's answer to `list_meetings`, as a reply.
fn meetings_answer() -> Reply {
    Reply::json(200, &example_response("list_meetings", 200))
}

/// The spec's success answer to the `POST` operation `name`, as a reply.
fn post_answer(name: &str) -> Reply {
    let (status, body) = success_example(name);
    Reply::json(status, &body)
}

/// Sends `list_meetings`, the GET used throughout this file.
async fn list_meetings(client: &Client) -> Result<(), Error> {
    client.list_meetings(ACCOUNT, APP).send().await.map(drop)
}

#[tokio::test]
async fn rate_limit_with_retry_after_is_waited_out_then_succeeds() {
    let server = Server::replying(vec![Reply::status(429).header("retry-after", "0"), meetings_answer()]).await;
    list_meetings(&client_for(&server)).await.unwrap();
    assert_eq!(server.count(), 2);

    // A 429 means the server did not act, so even a POST is sent again.
    for name in POST_OPERATIONS {
        let server = Server::replying(vec![Reply::status(429).header("retry-after", "0"), post_answer(name)]).await;
        let decoded = send_post(&client_for(&server), name).await.unwrap();
        assert!(same_json(&decoded, &success_example(name).1), "{name}: {decoded:#}");
        assert_eq!(posts_seen(&server), 2, "{name}");
    }

    // A `Retry-After` date in the past means "retry now".
    let past = Reply::status(429).header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT");
    let server = Server::replying(vec![past, meetings_answer()]).await;
    list_meetings(&client_for(&server)).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn rate_limit_that_never_clears_ends_in_a_rate_limited_error() {
    let server = Server::replying(vec![Reply::status(429).header("retry-after", "0")]).await;
    let error = list_meetings(&client_for(&server)).await.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(server.count(), 3, "the first attempt and two retries");

    // A wait longer than the policy accepts (60 s by default) is not waited for.
    let server = Server::replying(vec![Reply::status(429).header("retry-after", "3600"), meetings_answer()]).await;
    let error = list_meetings(&client_for(&server)).await.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn server_error_then_success_on_a_get_is_retried_transparently() {
    let server = Server::replying(vec![Reply::status(500), meetings_answer()]).await;
    let response = client_for(&server).list_meetings(ACCOUNT, APP).page_no(4).send().await.unwrap();
    assert_eq!(response.paging.total_count, 30);
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].target, seen[1].target, "the retry repeats the same request");
}

#[tokio::test]
async fn server_error_on_a_post_is_never_resent() {
    for name in POST_OPERATIONS {
        let server = Server::replying(vec![Reply::status(500), post_answer(name)]).await;
        let error = send_post(&client_for(&server), name).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR), "{name}");
        assert_eq!(posts_seen(&server), 1, "{name}: a 500 may have acted");
    }
}

#[tokio::test]
async fn service_unavailable_on_a_post_is_resent_only_with_retry_after() {
    for name in POST_OPERATIONS {
        let server = Server::replying(vec![Reply::status(503), post_answer(name)]).await;
        let error = send_post(&client_for(&server), name).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE), "{name}");
        assert_eq!(posts_seen(&server), 1, "{name}: a plain 503 is final for a POST");

        let server = Server::replying(vec![Reply::status(503).header("retry-after", "0"), post_answer(name)]).await;
        send_post(&client_for(&server), name).await.unwrap();
        assert_eq!(posts_seen(&server), 2, "{name}: a 503 with Retry-After did not act");
    }
}

#[tokio::test]
async fn timeout_ends_in_a_timeout_error_and_a_post_is_not_resent() {
    let slow = Reply::status(200).after(Duration::from_secs(10));
    let server = Server::replying(vec![slow]).await;
    let client = builder_for(&server.url()).timeout(Duration::from_millis(250)).build().unwrap();

    let error = list_meetings(&client).await.unwrap_err();
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!(timeout.timeout(), Duration::from_millis(250));
    assert_eq!(timeout.attempts(), 3);
    assert_eq!(server.count(), 3, "a GET that timed out is retried");

    let error = send_post(&client, "create_poll").await.unwrap_err();
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!(timeout.attempts(), 1);
    assert_eq!(posts_seen(&server), 1, "a POST that timed out may have acted");
}

#[tokio::test]
async fn connection_reset_is_retried_for_a_get_but_not_for_a_post() {
    let server = Server::replying(vec![Reply::reset(), Reply::close(), meetings_answer()]).await;
    list_meetings(&client_for(&server)).await.unwrap();
    assert_eq!(server.count(), 3, "a reset and an unanswered close, then the answer");

    let server = Server::replying(vec![Reply::reset()]).await;
    let error = list_meetings(&client_for(&server)).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Interrupted);
    assert_eq!(transport.attempts(), 3);
    assert_eq!(error.status(), None);

    for name in POST_OPERATIONS {
        for broken in [Reply::reset(), Reply::close()] {
            let server = Server::replying(vec![broken.clone(), post_answer(name)]).await;
            let error = send_post(&client_for(&server), name).await.unwrap_err();
            let Error::Transport(transport) = &error else { panic!("{name}: expected a transport error: {error:?}") };
            assert_eq!(transport.kind(), TransportErrorKind::Interrupted, "{name}: {broken:?}");
            assert_eq!(posts_seen(&server), 1, "{name}: {broken:?} after the request was read");
        }
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_naming_the_path() {
    let mut wrong_type = example_response("list_sessions", 200);
    wrong_type["data"]["sessions"][0]["live_participants"] = json!("many");
    let server = Server::replying(vec![
        Reply::json(200, &wrong_type),
        Reply::text(200, "application/json", r#"{"data": {"sessions": [{"id": "s1",}]}}"#),
        Reply::text(200, "application/json", r#"{"success": true} {"success": true}"#),
    ])
    .await;
    let client = client_for(&server);
    let error = client.list_sessions(ACCOUNT, APP).send().await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "data.sessions[0].live_participants");
    assert_eq!(decode.status(), StatusCode::OK);
    assert!(!error.is_retryable());

    for _ in 0..2 {
        let error = client.list_sessions(ACCOUNT, APP).send().await.unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
    }
    assert_eq!(server.count(), 3, "a body that does not decode is not retried");

    for name in POST_OPERATIONS {
        let server = Server::replying(vec![Reply::text(200, "application/json", "{\"data\": [")]).await;
        let error = send_post(&client_for(&server), name).await.unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{name}: {error:?}");
        assert_eq!(posts_seen(&server), 1, "{name}");
    }
}

#[tokio::test]
async fn html_error_page_is_an_api_error_with_the_raw_page() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1>\
                </center><hr><center>cloudflare</center></body>\r\n</html>\r\n";
    let server = Server::replying(vec![Reply::text(502, "text/html", page)]).await;
    let error = list_meetings(&client_for(&server)).await.unwrap_err();
    assert_eq!(server.count(), 3, "a 502 on a GET is retried");
    let api = error.api_error().unwrap();
    assert_eq!(api.status(), StatusCode::BAD_GATEWAY);
    assert_eq!((api.code(), api.message()), (None, None));
    assert_eq!(api.body().as_ref(), page.as_bytes());
    let text = error.to_string();
    assert!(text.starts_with("list_meetings: HTTP 502 Bad Gateway: <html> <head><title>502"), "{text}");

    for name in POST_OPERATIONS {
        let server = Server::replying(vec![Reply::text(502, "text/html", page)]).await;
        let error = send_post(&client_for(&server), name).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY), "{name}");
        assert_eq!(posts_seen(&server), 1, "{name}");
    }

    // An HTML page served with a success status cannot be decoded.
    let server = Server::replying(vec![Reply::text(200, "text/html", page)]).await;
    let error = list_meetings(&client_for(&server)).await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn success_false_on_a_2xx_answer_is_an_api_error() {
    let failed = json!({"success": false, "error": {"code": 1003, "message": "meeting is not live"}});

    let server = Server::replying(vec![Reply::json(200, &failed).header("cf-ray", "req-sf")]).await;
    let error = client_for(&server).get_active_session(ACCOUNT, APP, "m").send().await.unwrap_err();
    let api = error.api_error().unwrap_or_else(|| panic!("expected an API error, got {error:?}"));
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.code(), Some(1003));
    assert_eq!(api.message(), Some("meeting is not live"));
    assert_eq!(error.request_id(), Some("req-sf"));
    assert!(!error.is_retryable());
    assert_eq!(server.count(), 1);

    // The flag wins even when the rest of the envelope looks like a success, and a bare failure
    // envelope is an API error even where the success type requires fields it lacks.
    let mut page = example_response("list_meetings", 200);
    page["success"] = json!(false);
    let server = Server::replying(vec![Reply::json(200, &page), Reply::json(200, &failed)]).await;
    let client = client_for(&server);
    for expected_code in [None, Some(1003)] {
        let error = list_meetings(&client).await.unwrap_err();
        let api = error.api_error().unwrap_or_else(|| panic!("expected an API error, got {error:?}"));
        assert_eq!((api.status(), api.code()), (StatusCode::OK, expected_code));
    }

    for name in POST_OPERATIONS {
        let server = Server::replying(vec![Reply::json(201, &failed)]).await;
        let error = send_post(&client_for(&server), name).await.unwrap_err();
        assert_eq!(error.api_error().and_then(|api| api.code()), Some(1003), "{name}: {error:?}");
        assert_eq!(posts_seen(&server), 1, "{name}");
    }
}

#[tokio::test]
async fn truncated_body_is_a_transport_error_and_a_post_is_not_resent() {
    let full = serde_json::to_string(&example_response("list_meetings", 200)).unwrap();
    let cut = &full[..full.len() / 2];
    let server = Server::replying(vec![Reply::truncated(200, cut, full.len())]).await;
    let error = list_meetings(&client_for(&server)).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Interrupted);
    assert_eq!(transport.status(), Some(StatusCode::OK));
    assert_eq!(transport.attempts(), 3);
    assert_eq!(server.count(), 3, "a GET whose answer was cut short is retried");

    let server = Server::replying(vec![Reply::truncated(200, cut, full.len()), meetings_answer()]).await;
    list_meetings(&client_for(&server)).await.unwrap();

    for name in POST_OPERATIONS {
        let (status, body) = success_example(name);
        let full = serde_json::to_string(&body).unwrap();
        let server = Server::replying(vec![Reply::truncated(status, &full[..10], full.len())]).await;
        let error = send_post(&client_for(&server), name).await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{name}: {error:?}");
        assert_eq!(posts_seen(&server), 1, "{name}: the server acted before its answer was cut");
    }
}
