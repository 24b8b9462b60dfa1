//! Client configuration, headers, redirects, decoding and error mapping,
//! against real HTTP servers on 127.0.0.1.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;
use std::time::Duration;

use bytes::Bytes;
use realtimekit_runtime::config::{ApiDefaults, ClientBuilder};
use realtimekit_runtime::conventions::Conventions;
use realtimekit_runtime::error::{ApiError, Error, TransportErrorKind};
use realtimekit_runtime::operation::{Method, Operation, RetrySafety};
use realtimekit_runtime::request::{Constraints, Request};
use realtimekit_runtime::secret::ApiToken;
use realtimekit_testkit::{Reply, Server, refused_port};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use support::{
    CREATE_ITEM, DECLARED, DEFAULTS, GET_ITEM, LIST_ITEMS, TOKEN, TestClient, builder, plain_transport, transport,
};

fn get_item(id: &str) -> Request {
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", id, &Constraints::NONE);
    request
}

fn config_message(result: Result<TestClient, Error>) -> String {
    match result {
        Err(Error::Config(error)) => {
            let message = error.message().to_owned();
            assert!(!message.contains(TOKEN));
            message
        }
        other => panic!("expected a Config error, got {other:?}"),
    }
}

fn assert_no_token(text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked into: {text}");
    assert!(!text.contains("SECRET"), "the token leaked into: {text}");
}

#[tokio::test]
async fn sends_authorization_and_standard_headers() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let client = builder(&server.url()).default_header("x-extra", "yes").user_agent("custom-agent/2").build().unwrap();
    client.0.execute::<serde_json::Value>(get_item("1")).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("user-agent"), Some("custom-agent/2"));
    assert_eq!(seen.header("x-extra"), Some("yes"));

    // The default user agent comes from the API defaults.
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    transport(&server).execute::<serde_json::Value>(get_item("1")).await.unwrap();
    assert_eq!(server.requests()[0].header("user-agent"), Some("runtime-tests/1.0"));
}

#[test]
fn authorization_header_is_sensitive_and_token_is_redacted() {
    let token = ApiToken::new(format!("  {TOKEN}\n")).unwrap();
    let header = token.authorization_header().unwrap();
    assert!(header.is_sensitive());
    assert_eq!(header.to_str().unwrap(), format!("Bearer {TOKEN}"));
    assert_eq!(format!("{token:?}"), "ApiToken(<redacted>)");
    assert_no_token(&format!("{header:?}"));
}

#[tokio::test]
async fn token_never_appears_in_debug_or_errors() {
    let server = Server::replying(vec![Reply::raw_json(404, r#"{"message":"nope"}"#)]).await;
    let builder = builder(&server.url()).default_header("x-api-key", "SECRET-header-value");
    let builder_debug = format!("{builder:?}");
    assert_no_token(&builder_debug);
    assert!(builder_debug.contains("<redacted>"));
    assert!(builder_debug.contains("x-api-key"));

    let transport = builder.build().unwrap().0;
    assert_no_token(&format!("{transport:?}"));
    assert_no_token(&format!("{:?}", transport.clone()));

    let error = transport.execute::<serde_json::Value>(get_item("1")).await.unwrap_err();
    assert_no_token(&format!("{error:?}"));
    assert_no_token(&error.to_string());

    // Transport and timeout errors.
    let refused = refused_port().await;
    let error = support::builder(&format!("http://127.0.0.1:{refused}"))
        .max_retries(0)
        .build()
        .unwrap()
        .0
        .execute::<serde_json::Value>(get_item("1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)));
    assert_no_token(&format!("{error:?}"));
    assert_no_token(&error.to_string());

    // Config errors about a bad token never echo it.
    for bad in [format!("{TOKEN} x"), format!("{TOKEN}\u{e9}"), format!("a\n{TOKEN}")] {
        let message = config_message(ClientBuilder::<TestClient>::new(&DEFAULTS).token(bad).build());
        assert!(message.contains("not allowed in an HTTP header"), "{message}");
    }
}

#[test]
fn missing_or_empty_token_is_a_config_error() {
    let message = config_message(ClientBuilder::<TestClient>::new(&DEFAULTS).build());
    assert!(message.contains("no API token"), "{message}");

    let message = config_message(ClientBuilder::<TestClient>::from_env(&DEFAULTS).build());
    assert!(message.contains("RTK_RUNTIME_TEST_UNSET_TOKEN_VAR"), "{message}");

    for empty in ["", "   ", "\n\t"] {
        let message = config_message(ClientBuilder::<TestClient>::new(&DEFAULTS).token(empty).build());
        assert!(message.contains("empty"), "{message}");
    }

    // An explicit token overrides the missing environment variable.
    ClientBuilder::<TestClient>::from_env(&DEFAULTS).token("t").build().unwrap();
}

static ENV_DEFAULTS: ApiDefaults = ApiDefaults {
    base_url: "http://127.0.0.1:9",
    token_env: "RTK_CHILD_TOKEN",
    base_url_env: "RTK_CHILD_BASE_URL",
    user_agent: "env-test",
    conventions: Conventions::NONE,
    security: support::BEARER_REQUIRED,
};

/// Runs `from_env_child` in a child process with the given environment,
/// since tests cannot set environment variables safely in-process.
fn run_child(mode: &str, token: &str) {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["from_env_child", "--exact", "--nocapture", "--test-threads=1"])
        .env("RTK_CHILD_MODE", mode)
        .env("RTK_CHILD_TOKEN", token)
        .env("RTK_CHILD_BASE_URL", "http://127.0.0.1:1234/base/")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn from_env_reads_the_environment() {
    run_child("ok", " tok_from_env\n");
    run_child("empty", "");
}

#[tokio::test]
async fn from_env_child() {
    let Ok(mode) = std::env::var("RTK_CHILD_MODE") else {
        return;
    };
    let builder = ClientBuilder::<TestClient>::from_env(&ENV_DEFAULTS);
    if mode == "empty" {
        let message = config_message(builder.build());
        assert!(message.contains("empty"), "{message}");
        assert!(message.contains("RTK_CHILD_TOKEN"), "{message}");
        return;
    }
    assert!(!format!("{builder:?}").contains("tok_from_env"));
    let transport = builder.build().unwrap().0;
    assert_eq!(transport.base_url(), "http://127.0.0.1:1234/base");

    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let transport = ClientBuilder::<TestClient>::from_env(&ENV_DEFAULTS).base_url(server.url()).build().unwrap().0;
    transport.execute::<serde_json::Value>(get_item("1")).await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), Some("Bearer tok_from_env"));
}

#[tokio::test]
async fn base_url_with_or_without_trailing_slash() {
    for suffix in ["/v1", "/v1/", "/v1//"] {
        let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
        let transport = builder(&format!("{}{suffix}", server.url())).build().unwrap().0;
        transport.execute::<serde_json::Value>(get_item("7")).await.unwrap();
        assert_eq!(server.requests()[0].target, "/v1/items/7", "{suffix}");
    }
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    for base in [server.url(), format!("{}/", server.url())] {
        builder(&base).build().unwrap().0.execute::<serde_json::Value>(get_item("7")).await.unwrap();
    }
    assert!(server.requests().iter().all(|r| r.target == "/items/7"));

    // The default base URL is used when none is given.
    let transport = ClientBuilder::<TestClient>::new(&DEFAULTS).token("t").build().unwrap().0;
    assert_eq!(transport.base_url(), "http://127.0.0.1:9/v1");
}

#[test]
fn invalid_settings_are_config_errors() {
    let base =
        |url: &str| config_message(ClientBuilder::<TestClient>::new(&DEFAULTS).token(TOKEN).base_url(url).build());
    assert!(base("not a url").contains("is not valid"));
    assert!(base("ftp://example.com").contains("http or https"));
    assert!(base("http://example.com/v1?x=1").contains("query"));
    assert!(base("https://user:pw@example.com").contains("credentials"));

    let with = |b: ClientBuilder<TestClient>| config_message(b.token(TOKEN).build());
    let new = || ClientBuilder::<TestClient>::new(&DEFAULTS);
    assert!(with(new().default_header("bad name", "v")).contains("header name"));
    assert!(with(new().default_header("x-ok", "bad\nvalue")).contains("`x-ok` is not valid"));
    assert!(with(new().default_header("Authorization", "Bearer other")).contains("authorization"));
    assert!(with(new().user_agent("bad\u{7f}agent")).contains("user agent"));
    assert!(with(new().timeout(Duration::ZERO)).contains("timeout"));
    assert!(with(new().connect_timeout(Duration::ZERO)).contains("connect timeout"));
}

#[tokio::test]
async fn injected_client_gets_headers_and_timeout() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}").after(Duration::from_millis(500))]).await;
    let transport = builder(&server.url())
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap()
        .0;
    let error = transport.execute::<serde_json::Value>(get_item("1")).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(server.requests()[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

static START: Operation =
    Operation { name: "start", method: Method::Get, path: "/start", retry: RetrySafety::Idempotent };

#[tokio::test]
async fn redirects_are_followed_within_the_origin_and_stop_at_another() {
    let other = Server::replying(vec![Reply::raw_json(200, r#"{"landed":"other"}"#)]).await;
    let other_port = other.port();
    let origin = Server::start(move |n, request| match (n, request.target.as_str()) {
        (_, "/landed") => Reply::raw_json(200, r#"{"landed":"same"}"#),
        (0, _) => Reply::status(302).header("location", "/landed"),
        (2, _) => Reply::status(307).header("location", &format!("http://127.0.0.1:{other_port}/landed")),
        _ => Reply::status(302).header("location", &format!("http://localhost:{other_port}/landed")),
    })
    .await;
    let transport = transport(&origin);

    // Same origin: followed, with every header kept.
    let response = transport.execute::<serde_json::Value>(Request::new(&START)).await.unwrap();
    assert_eq!(response["landed"], "same");
    let seen = origin.requests();
    assert_eq!(seen[1].target, "/landed");
    assert!(seen[1].header("authorization").is_some());

    // Another port, then another host name: not followed, and the 3xx is the answer.
    for expected in [307, 302] {
        let error = transport.execute::<serde_json::Value>(Request::new(&START)).await.unwrap_err();
        let Error::Api(api) = &error else { panic!("expected the redirect as an API error, got {error:?}") };
        assert_eq!(api.status().as_u16(), expected);
    }
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
}

#[tokio::test]
async fn any_2xx_decodes_and_empty_bodies_are_null() {
    let server = Server::replying(vec![
        Reply::body(200, r#"{"id":"a","extra":[1,2]}"#).header("x-request-id", "req-1"),
        Reply::raw_json(201, r#"{"id":"b"}"#),
        Reply::status(204),
        Reply::status(200),
        Reply::body(202, "  \n"),
    ])
    .await;
    let transport = transport(&server);
    let first = transport.execute::<Item>(get_item("1")).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.request_id(), Some("req-1"));
    assert_eq!(first.id, "a");
    assert_eq!(first.body(), &Bytes::from_static(br#"{"id":"a","extra":[1,2]}"#));
    let second = transport.execute::<Item>(get_item("2")).await.unwrap();
    assert_eq!(second.status(), StatusCode::CREATED);
    let (value, meta) = second.map(|item| item.id).into_parts();
    assert_eq!(value, "b");
    assert_eq!(meta.status(), StatusCode::CREATED);

    transport.execute::<()>(get_item("3")).await.unwrap();
    let none = transport.execute::<Option<Item>>(get_item("4")).await.unwrap();
    assert_eq!(none.into_inner(), None);
    // An empty body cannot become an `Item`.
    let error = transport.execute::<Item>(get_item("5")).await.unwrap_err();
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.status(), StatusCode::ACCEPTED);
            assert!(decode.to_string().contains("the body is empty"), "{decode}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Envelope {
    success: bool,
    result: Option<Item>,
}

#[tokio::test]
async fn success_false_on_200_becomes_an_api_error() {
    let body = r#"{"success":false,"errors":[{"code":"7003","message":"Could not route"}],"result":null}"#;
    let server = Server::replying(vec![Reply::body(200, body).header("cf-ray", "ray-9")]).await;
    let response = transport(&server).execute::<Envelope>(get_item("1")).await.unwrap();
    let error = response.require_success(|envelope| Some(envelope.success)).unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.code(), Some(7003));
    assert_eq!(api.message(), Some("Could not route"));
    assert_eq!(error.request_id(), Some("ray-9"));
    assert_eq!(error.to_string(), "get_item: HTTP 200 OK (code 7003): Could not route");

    // `Some(true)` and `None` keep the response.
    let server = Server::replying(vec![Reply::raw_json(200, r#"{"success":true,"result":{"id":"x"}}"#)]).await;
    let response = transport(&server).execute::<Envelope>(get_item("1")).await.unwrap();
    let response = response.require_success(|e| Some(e.success)).unwrap();
    let response = response.require_success(|_| None).unwrap();
    assert_eq!(response.result.as_ref().unwrap().id, "x");
}

/// A success type with a required field that error envelopes lack.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct StrictEnvelope {
    success: bool,
    result: Item,
}

#[tokio::test]
async fn undecodable_success_false_on_200_is_an_api_error_not_a_decode_error() {
    let failed = r#"{"success":false,"errors":[{"code":1003,"message":"meeting is not live"}]}"#;
    let server = Server::replying(vec![
        Reply::body(200, failed).header("x-request-id", "req-7"),
        Reply::raw_json(200, r#"{"success":true}"#),
        Reply::raw_json(200, r#"[{"success":false}]"#),
    ])
    .await;
    let transport = transport(&server);
    let error = transport.execute::<StrictEnvelope>(get_item("1")).await.unwrap_err();
    let api = error.api_error().unwrap_or_else(|| panic!("expected Api, got {error:?}"));
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.code(), Some(1003));
    assert_eq!(api.message(), Some("meeting is not live"));
    assert_eq!(api.body(), &Bytes::from_static(failed.as_bytes()));
    assert_eq!(error.request_id(), Some("req-7"));

    // Without the failure flag, a body that lacks a required field is still a decode error.
    for _ in 0..2 {
        let error = transport.execute::<StrictEnvelope>(get_item("1")).await.unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
    }
    assert_eq!(server.count(), 3, "none of these is retried");
}

#[tokio::test]
async fn error_envelope_yields_code_message_and_request_id() {
    let body = r#"{"success":false,"error":{"code":404,"message":"No active session found for this meeting"}}"#;
    let server = Server::replying(vec![Reply::raw_json(404, body).header("x-request-id", "abc-123")]).await;
    let error = transport(&server).execute::<Item>(get_item("1")).await.unwrap_err();
    assert_eq!(server.count(), 1, "404 is not retried");
    assert!(error.is_not_found());
    assert!(!error.is_rate_limited());
    assert!(!error.is_retryable());
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.request_id(), Some("abc-123"));
    let api = error.api_error().unwrap();
    assert_eq!(api.code(), Some(404));
    assert_eq!(api.operation(), "get_item");
    assert_eq!(api.body(), &Bytes::from_static(body.as_bytes()));
    assert_eq!(error.to_string(), "get_item: HTTP 404 Not Found (code 404): No active session found for this meeting");
}

#[test]
fn error_bodies_are_read_where_the_api_declares() {
    static DECLARED_HERE: Conventions = DECLARED;
    let parse = |conventions: &'static Conventions, body: &str| {
        let body = Bytes::copy_from_slice(body.as_bytes());
        let error = ApiError::new("op", conventions, StatusCode::BAD_REQUEST, HeaderMap::new(), body);
        (error.code(), error.message().map(str::to_owned))
    };
    let declared = |body: &str| parse(&DECLARED_HERE, body);
    let some = |code: Option<i64>, message: &str| (code, Some(message.to_owned()));
    assert_eq!(
        declared(r#"{"errors":[{"code":1001,"message":"first"},{"code":2,"message":"second"}]}"#),
        some(Some(1001), "first")
    );
    assert_eq!(declared(r#"{"error":{"code":"42","message":" padded "}}"#), some(Some(42), "padded"));
    assert_eq!(declared(r#"{"error":{"code":"not-a-number","message":"m"}}"#), some(None, "m"));
    // The first declared location that holds a value wins, and each part is read on its own.
    assert_eq!(declared(r#"{"error":{"code":7},"errors":[{"code":8,"message":"later"}]}"#), some(Some(7), "later"));
    // Shapes the API does not declare are not guessed at.
    assert_eq!(declared(r#"{"message":"top","code":"42"}"#), (None, None));
    assert_eq!(declared(r#"{"error":"just text"}"#), (None, None));
    assert_eq!(declared(r#"{"errors":[]}"#), (None, None));
    assert_eq!(declared("[1,2]"), (None, None));
    assert_eq!(declared(r#"{"error":{"code":5,"mess"#), (None, None));
    assert_eq!(declared(""), (None, None));
    // An API that declares nothing reads nothing, even from a body of the usual shape.
    let envelope = r#"{"success":false,"error":{"code":404,"message":"gone"}}"#;
    assert_eq!(parse(&Conventions::NONE, envelope), (None, None));
}

#[tokio::test]
async fn an_api_without_conventions_gets_no_success_check_no_error_body_and_no_request_id() {
    let failed = r#"{"success":false,"error":{"code":1003,"message":"meeting is not live"}}"#;
    let server = Server::replying(vec![
        Reply::body(200, failed).header("x-request-id", "req-7").header("cf-ray", "ray-7"),
        Reply::body(404, failed).header("x-request-id", "req-8"),
    ])
    .await;
    let transport = plain_transport(&server);
    // A body that lacks the success type's fields is a decode error, whatever its `success` says.
    let error = transport.execute::<StrictEnvelope>(get_item("1")).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(decode.body(), &Bytes::from_static(failed.as_bytes()));
    assert_eq!(decode.headers()["x-request-id"], "req-7");
    assert_eq!(error.request_id(), None);
    // An error answer keeps the status, the headers and the whole body, and guesses nothing.
    let error = transport.execute::<StrictEnvelope>(get_item("1")).await.unwrap_err();
    let api = error.api_error().unwrap_or_else(|| panic!("expected Api, got {error:?}"));
    assert_eq!((api.status(), api.code(), api.message(), api.request_id()), (StatusCode::NOT_FOUND, None, None, None));
    assert_eq!(api.headers()["x-request-id"], "req-8");
    assert_eq!(api.body(), &Bytes::from_static(failed.as_bytes()));
    assert!(error.to_string().contains("meeting is not live"), "the body still shows: {error}");
}

#[tokio::test]
async fn html_502_yields_an_api_error_with_a_snippet() {
    let html =
        format!("<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>{}</body>\n</html>", "x".repeat(2000));
    let server = Server::replying(vec![Reply::text(502, "text/html", &html)]).await;
    let error = transport(&server).execute::<Item>(get_item("1")).await.unwrap_err();
    assert_eq!(server.count(), 3, "502 on a GET is retried twice");
    assert!(error.is_retryable());
    let api = error.api_error().unwrap();
    assert_eq!(api.code(), None);
    assert_eq!(api.message(), None);
    let snippet = api.body_snippet();
    assert!(snippet.starts_with("<html> <head><title>502 Bad Gateway</title></head> <body>xxx"));
    assert_eq!(snippet.chars().count(), 513, "512 characters and an ellipsis");
    assert!(snippet.ends_with('…'));
    let text = error.to_string();
    assert!(text.starts_with("get_item: HTTP 502 Bad Gateway: <html> <head>"), "{text}");
    assert!(!text.contains('\n'));
}

#[tokio::test]
async fn empty_and_truncated_error_bodies_still_yield_api_errors() {
    let server =
        Server::replying(vec![Reply::status(400), Reply::truncated(404, r#"{"error":{"code":404,"mess"#, 200)]).await;
    let transport = transport(&server);
    let error = transport.execute::<Item>(get_item("1")).await.unwrap_err();
    assert_eq!(error.to_string(), "get_item: HTTP 400 Bad Request");
    assert_eq!(error.api_error().unwrap().body_snippet(), "");

    let error = transport.execute::<Item>(get_item("1")).await.unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.body_snippet(), r#"{"error":{"code":404,"mess"#);
    assert_eq!(error.to_string(), r#"get_item: HTTP 404 Not Found: {"error":{"code":404,"mess"#);
}

#[tokio::test]
async fn truncated_success_body_is_a_transport_error() {
    let server = Server::replying(vec![Reply::truncated(200, r#"{"id":"#, 100)]).await;
    let error = transport(&server).execute::<Item>(get_item("1")).await.unwrap_err();
    assert_eq!(server.count(), 3, "an interrupted GET is retried");
    match &error {
        Error::Transport(transport) => {
            assert_eq!(transport.kind(), TransportErrorKind::Interrupted);
            assert_eq!(transport.status(), Some(StatusCode::OK));
            assert_eq!(transport.attempts(), 3);
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());

    // A POST whose response was cut short has taken effect: no retry.
    let server = Server::replying(vec![Reply::truncated(201, r#"{"id":"#, 100)]).await;
    let error = transport(&server).execute::<Item>(Request::new(&CREATE_ITEM)).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(server.count(), 1);
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct SessionList {
    data: SessionData,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct SessionData {
    sessions: Vec<Session>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Session {
    id: String,
    status: String,
}

#[tokio::test]
async fn malformed_json_names_the_failing_path() {
    let server = Server::replying(vec![
        Reply::raw_json(
            200,
            r#"{"data":{"sessions":[{"id":"s1","status":"LIVE","new_field":1},{"id":"s2","status":5}]}}"#,
        ),
        Reply::raw_json(200, r#"{"data":{"sessions":[{"id":"s1","status":"LIVE"}]}} trailing"#),
        Reply::raw_json(200, r#"{"data":{"sessions":[{"id":"#),
    ])
    .await;
    let transport = transport(&server);
    let run = || transport.execute::<SessionList>(Request::new(&LIST_ITEMS));

    let error = run().await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(decode.path(), "data.sessions[1].status");
    assert!(decode.message().contains("invalid type: integer `5`"), "{decode}");
    assert_eq!(decode.status(), StatusCode::OK);
    assert!(decode.body_snippet().starts_with(r#"{"data":{"sessions""#));
    let text = error.to_string();
    assert!(
        text.starts_with("list_items: could not decode the HTTP 200 OK response body at `data.sessions[1].status`"),
        "{text}"
    );
    assert!(!error.is_retryable());

    let error = run().await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "trailing characters: {error:?}");

    let error = run().await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert!(decode.path().starts_with("data.sessions[0]"), "{}", decode.path());
    assert!(decode.message().contains("EOF"), "{}", decode.message());
    assert_eq!(server.count(), 3, "decode errors are not retried");
}

#[tokio::test]
async fn per_attempt_timeout_yields_a_timeout_error() {
    let slow = Reply::raw_json(200, "{}").after(Duration::from_secs(2));
    let server = Server::replying(vec![slow]).await;
    let transport = builder(&server.url())
        .timeout(Duration::from_millis(100))
        .retry_policy(support::fast_retries(1))
        .build()
        .unwrap()
        .0;
    let error = transport.execute::<serde_json::Value>(get_item("1")).await.unwrap_err();
    match &error {
        Error::Timeout(timeout) => {
            assert_eq!(timeout.timeout(), Duration::from_millis(100));
            assert_eq!(timeout.attempts(), 2);
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(server.count(), 2, "a GET timeout is retried");

    let error = transport.execute::<serde_json::Value>(Request::new(&CREATE_ITEM)).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(server.count(), 3, "a POST timeout is not retried");
    assert!(!error.is_retryable(), "a POST that timed out may have taken effect");
}

#[tokio::test]
async fn slow_body_counts_against_the_timeout() {
    // The head arrives at once but the body stalls.
    let server = Server::replying(vec![Reply::truncated(200, r#"{"a"#, 10).hold(Duration::from_secs(2))]).await;
    let transport = builder(&server.url()).timeout(Duration::from_millis(150)).max_retries(0).build().unwrap().0;
    let error = transport.execute::<serde_json::Value>(get_item("1")).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}
