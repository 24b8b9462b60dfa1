//! The retry rules: the pure decision table, backoff and `Retry-After`
//! parsing, and retries end to end against real servers.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, SystemTime};

use realtimekit_runtime::error::{Error, TransportErrorKind};
use realtimekit_runtime::operation::RetrySafety::{Idempotent, NotIdempotent};
use realtimekit_runtime::retry::{Decision, Outcome, RetryPolicy, decide, equal_jitter, retry_after};
use realtimekit_testkit::{Reply, Server, refused_port};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use support::{builder, create_item_request as post, get_item_request as get, transport};

fn status(code: u16) -> Outcome {
    Outcome::Status { status: StatusCode::from_u16(code).unwrap(), retry_after: None }
}

fn status_after(code: u16, seconds: u64) -> Outcome {
    Outcome::Status { status: StatusCode::from_u16(code).unwrap(), retry_after: Some(Duration::from_secs(seconds)) }
}

#[test]
fn decision_table() {
    let policy = RetryPolicy::default();
    let backoff = Decision::Backoff(Duration::from_millis(500));
    let after = |s| Decision::RetryAfter(Duration::from_secs(s));
    let stop = Decision::Stop;
    let table = [
        // Idempotent operations.
        (Idempotent, Outcome::ConnectFailed, backoff),
        (Idempotent, Outcome::TimedOut, backoff),
        (Idempotent, Outcome::Interrupted, backoff),
        (Idempotent, Outcome::Fatal, stop),
        (Idempotent, status(408), backoff),
        (Idempotent, status(409), backoff),
        (Idempotent, status(429), backoff),
        (Idempotent, status(500), backoff),
        (Idempotent, status(502), backoff),
        (Idempotent, status(503), backoff),
        (Idempotent, status(504), backoff),
        (Idempotent, status(599), backoff),
        (Idempotent, status(200), stop),
        (Idempotent, status(400), stop),
        (Idempotent, status(401), stop),
        (Idempotent, status(404), stop),
        (Idempotent, status(422), stop),
        (Idempotent, status_after(429, 3), after(3)),
        (Idempotent, status_after(500, 0), after(0)),
        (Idempotent, status_after(503, 60), after(60)),
        (Idempotent, status_after(503, 61), stop),
        (Idempotent, status_after(404, 1), stop),
        // Non-idempotent operations.
        (NotIdempotent, Outcome::ConnectFailed, backoff),
        (NotIdempotent, Outcome::TimedOut, stop),
        (NotIdempotent, Outcome::Interrupted, stop),
        (NotIdempotent, Outcome::Fatal, stop),
        (NotIdempotent, status(429), backoff),
        (NotIdempotent, status_after(429, 2), after(2)),
        (NotIdempotent, status_after(429, 120), stop),
        (NotIdempotent, status(503), stop),
        (NotIdempotent, status_after(503, 0), after(0)),
        (NotIdempotent, status_after(503, 61), stop),
        (NotIdempotent, status(500), stop),
        (NotIdempotent, status_after(500, 1), stop),
        (NotIdempotent, status(502), stop),
        (NotIdempotent, status(504), stop),
        (NotIdempotent, status(408), stop),
        (NotIdempotent, status(409), stop),
        (NotIdempotent, status(201), stop),
    ];
    for (safety, outcome, expected) in table {
        assert_eq!(decide(&policy, safety, 0, &outcome), expected, "{safety:?} {outcome:?}");
    }
}

#[test]
fn retries_are_bounded_and_back_off_exponentially() {
    let policy = RetryPolicy { max_retries: 10, ..RetryPolicy::default() };
    let expected_ms = [500, 1000, 2000, 4000, 8000, 8000, 8000];
    for (retries_done, ms) in expected_ms.into_iter().enumerate() {
        let retries_done = u32::try_from(retries_done).unwrap();
        assert_eq!(
            decide(&policy, Idempotent, retries_done, &status(500)),
            Decision::Backoff(Duration::from_millis(ms))
        );
    }
    assert_eq!(decide(&policy, Idempotent, 10, &status(500)), Decision::Stop);
    assert_eq!(policy.backoff(31), Duration::from_secs(8));
    assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(8));
    let huge = RetryPolicy { initial_backoff: Duration::MAX, max_backoff: Duration::MAX, ..RetryPolicy::default() };
    assert_eq!(huge.backoff(5), Duration::MAX);

    let never = RetryPolicy { max_retries: 0, ..RetryPolicy::default() };
    assert_eq!(never, RetryPolicy::NEVER);
    assert_eq!(decide(&never, Idempotent, 0, &Outcome::ConnectFailed), Decision::Stop);
}

#[test]
fn jitter_stays_between_half_and_full() {
    let max = Duration::from_millis(800);
    for _ in 0..1000 {
        let wait = equal_jitter(max);
        assert!(wait >= max / 2 && wait <= max, "{wait:?}");
    }
    assert_eq!(equal_jitter(Duration::ZERO), Duration::ZERO);
    assert!(equal_jitter(Duration::MAX) >= Duration::MAX / 2);
    assert_eq!(Decision::RetryAfter(Duration::from_secs(3)).delay(), Some(Duration::from_secs(3)));
    assert_eq!(Decision::Stop.delay(), None);
}

#[test]
fn retry_after_headers_are_parsed() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let parse = |pairs: &[(&'static str, &str)]| {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        retry_after(&headers, now)
    };
    assert_eq!(parse(&[]), None);
    assert_eq!(parse(&[("retry-after", "0")]), Some(Duration::ZERO));
    assert_eq!(parse(&[("retry-after", " 7 ")]), Some(Duration::from_secs(7)));
    assert_eq!(parse(&[("retry-after", "99999999999999999999999")]), Some(Duration::MAX));
    assert_eq!(parse(&[("retry-after", "soon")]), None);
    assert_eq!(parse(&[("retry-after", "-1")]), None);
    let in_ten = httpdate::fmt_http_date(now + Duration::from_secs(10));
    assert_eq!(parse(&[("retry-after", &in_ten)]), Some(Duration::from_secs(10)));
    let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
    assert_eq!(parse(&[("retry-after", &past)]), Some(Duration::ZERO));
    // `retry-after-ms` wins over `Retry-After`.
    assert_eq!(parse(&[("retry-after-ms", "250"), ("retry-after", "9")]), Some(Duration::from_millis(250)));
    assert_eq!(parse(&[("retry-after-ms", "1.5")]), Some(Duration::from_micros(1500)));
    assert_eq!(parse(&[("retry-after-ms", "nope"), ("retry-after", "2")]), Some(Duration::from_secs(2)));
    assert_eq!(parse(&[("retry-after-ms", "-5")]), None);
    assert_eq!(parse(&[("retry-after-ms", "inf")]), None);
}

#[tokio::test]
async fn idempotent_get_is_retried_after_500() {
    let server = Server::replying(vec![Reply::raw_json(500, "{}"), Reply::raw_json(200, r#"{"ok":true}"#)]).await;
    let response = transport(&server).execute::<serde_json::Value>(get()).await.unwrap();
    assert_eq!(response["ok"], true);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn rate_limit_with_retry_after_zero_is_retried() {
    let server =
        Server::replying(vec![Reply::status(429).header("retry-after", "0"), Reply::raw_json(200, "{}")]).await;
    transport(&server).execute::<serde_json::Value>(get()).await.unwrap();
    assert_eq!(server.count(), 2);

    // A POST is retried on 429 too: the server refused to act.
    let server =
        Server::replying(vec![Reply::status(429).header("retry-after-ms", "1"), Reply::raw_json(201, "{}")]).await;
    transport(&server).execute::<serde_json::Value>(post()).await.unwrap();
    assert_eq!(server.count(), 2);
    let bodies: Vec<_> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies[0], bodies[1], "the body is resent unchanged");
}

#[tokio::test]
async fn post_is_not_retried_after_500_or_plain_503() {
    for code in [500, 502, 503, 504] {
        let server = Server::replying(vec![Reply::raw_json(code, "{}"), Reply::raw_json(201, "{}")]).await;
        let error = transport(&server).execute::<serde_json::Value>(post()).await.unwrap_err();
        assert_eq!(error.status().unwrap().as_u16(), code);
        assert_eq!(server.count(), 1, "HTTP {code}");
        assert!(!error.is_retryable(), "a POST that failed with HTTP {code} may have taken effect");
    }
    // The same answers to a GET are retryable.
    let server = Server::replying(vec![Reply::raw_json(503, "{}")]).await;
    let transport = builder(&server.url()).retry_policy(support::fast_retries(0)).build().unwrap().0;
    assert!(transport.execute::<serde_json::Value>(get()).await.unwrap_err().is_retryable());
}

#[tokio::test]
async fn post_is_retried_after_503_with_retry_after() {
    let server =
        Server::replying(vec![Reply::status(503).header("retry-after", "0"), Reply::raw_json(201, r#"{"id":"x"}"#)])
            .await;
    let response = transport(&server).execute::<serde_json::Value>(post()).await.unwrap();
    assert_eq!(response["id"], "x");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn connect_refused_is_retried_then_reported() {
    let port = refused_port().await;
    let transport = builder(&format!("http://127.0.0.1:{port}")).build().unwrap().0;
    for request in [post(), get()] {
        let error = transport.execute::<serde_json::Value>(request).await.unwrap_err();
        match &error {
            Error::Transport(transport) => {
                assert_eq!(transport.kind(), TransportErrorKind::Connect);
                assert!(transport.is_connect());
                assert_eq!(transport.attempts(), 3, "two retries after the first");
                assert!(transport.reqwest_error().is_connect());
            }
            other => panic!("expected Transport, got {other:?}"),
        }
        assert!(error.is_retryable());
        assert!(error.to_string().contains("could not connect"), "{error}");
    }
}

#[tokio::test]
async fn max_retries_zero_sends_once() {
    let server = Server::replying(vec![Reply::raw_json(500, "{}"), Reply::raw_json(200, "{}")]).await;
    let error =
        builder(&server.url()).max_retries(0).build().unwrap().0.execute::<serde_json::Value>(get()).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = Server::replying(vec![Reply::raw_json(503, "{}")]).await;
    let error =
        builder(&server.url()).max_retries(3).build().unwrap().0.execute::<serde_json::Value>(get()).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn retry_after_over_the_cap_is_not_retried() {
    let server = Server::replying(vec![
        Reply::body(429, r#"{"error":{"message":"slow down"}}"#).header("retry-after", "120"),
        Reply::raw_json(200, "{}"),
    ])
    .await;
    let error = transport(&server).execute::<serde_json::Value>(get()).await.unwrap_err();
    assert!(error.is_rate_limited());
    assert_eq!(error.to_string(), "get_item: HTTP 429 Too Many Requests: slow down");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn reset_connection_is_retried_for_get_only() {
    for broken in [Reply::reset(), Reply::close()] {
        let server = Server::replying(vec![broken.clone(), broken.clone(), Reply::raw_json(200, "{}")]).await;
        transport(&server).execute::<serde_json::Value>(get()).await.unwrap();
        assert_eq!(server.count(), 3, "{broken:?}");

        let server = Server::replying(vec![broken.clone(), Reply::raw_json(201, "{}")]).await;
        let error = transport(&server).execute::<serde_json::Value>(post()).await.unwrap_err();
        match &error {
            Error::Transport(transport) => {
                assert_eq!(transport.kind(), TransportErrorKind::Interrupted, "{broken:?}");
                assert_eq!(transport.attempts(), 1);
            }
            other => panic!("expected Transport, got {other:?}"),
        }
        assert_eq!(server.count(), 1, "{broken:?}");
    }
}

#[test]
fn error_helpers_follow_the_rules() {
    let api = |code: u16, retry_after: Option<&str>| {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert("retry-after", HeaderValue::from_str(value).unwrap());
        }
        Error::Api(Box::new(realtimekit_runtime::error::ApiError::new(
            "op",
            &realtimekit_runtime::conventions::Conventions::NONE,
            StatusCode::from_u16(code).unwrap(),
            headers,
            bytes::Bytes::new(),
        )))
    };
    assert!(api(500, None).is_retryable());
    assert!(api(429, None).is_retryable());
    let not_idempotent = |error: Error| match error {
        Error::Api(api) => Error::Api(Box::new(api.with_retry_safety(NotIdempotent))),
        other => other,
    };
    assert!(!not_idempotent(api(503, None)).is_retryable());
    assert!(not_idempotent(api(503, Some("1"))).is_retryable());
    assert!(not_idempotent(api(429, None)).is_retryable());
    assert!(api(429, None).is_rate_limited());
    assert!(!api(429, Some("3600")).is_retryable());
    assert!(!api(400, None).is_retryable());
    assert!(api(404, None).is_not_found());
    assert!(!Error::config("x").is_retryable());
    assert_eq!(Error::config("x").status(), None);
}
