//! Credentials of every security scheme kind, sent to the loopback server: where each goes
//! (`Authorization` for bearer and Basic, a sensitive header, after the request's own query,
//! after its own cookies), on every attempt; which ones `build` needs, from the API's
//! `security`; that a redirect to another origin carries none; and that no credential shows in
//! `Debug` output, errors or tracing.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use realtimekit_runtime::auth::{AuthLocation, AuthScheme, Security};
use realtimekit_runtime::config::{ApiDefaults, ClientBuilder};
use realtimekit_runtime::conventions::Conventions;
use realtimekit_runtime::error::Error;
use realtimekit_runtime::request::{Constraints, Request};
use realtimekit_testkit::{Reply, Server, refused_port};
use support::{GET_ITEM, TestClient, fast_retries};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every kind of scheme; the bearer token alone, or the header key with the query key, or the
/// cookie key, or Basic credentials satisfy the API.
static ALL_KINDS: ApiDefaults = ApiDefaults {
    base_url: "http://127.0.0.1:9",
    token_env: "RTK_AUTH_TEST_UNSET_TOKEN_VAR",
    base_url_env: "RTK_AUTH_TEST_UNSET_BASE_URL_VAR",
    user_agent: "auth-tests/1.0",
    conventions: Conventions::NONE,
    security: Security {
        schemes: &[
            AuthScheme { key: "bearer", location: AuthLocation::Bearer },
            AuthScheme { key: "header_key", location: AuthLocation::Header("X-API-Key") },
            AuthScheme { key: "query_key", location: AuthLocation::Query("api key") },
            AuthScheme { key: "session", location: AuthLocation::Cookie("session_id") },
            AuthScheme { key: "basic", location: AuthLocation::Basic },
        ],
        required: &[&["bearer"], &["header_key", "query_key"], &["session"], &["basic"]],
    },
};

/// An API that declares no security at all.
static OPEN: ApiDefaults = ApiDefaults { security: Security::NONE, ..ALL_KINDS };

/// An API whose schemes are all optional.
static OPTIONAL: ApiDefaults =
    ApiDefaults { security: Security { schemes: ALL_KINDS.security.schemes, required: &[] }, ..ALL_KINDS };

const HEADER_SECRET: &str = "hdr_SECRET_91";
const QUERY_SECRET: &str = "qry_SECRET/+82";
const COOKIE_SECRET: &str = "ck_SECRET_73";
const PASSWORD_SECRET: &str = "pw_SECRET_64";

fn builder(defaults: &'static ApiDefaults, base_url: &str) -> ClientBuilder<TestClient> {
    ClientBuilder::<TestClient>::new(defaults)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries(1))
}

/// A builder with every API key set.
fn with_keys(base_url: &str) -> ClientBuilder<TestClient> {
    builder(&ALL_KINDS, base_url)
        .api_key_for("header_key", HEADER_SECRET)
        .api_key_for("query_key", QUERY_SECRET)
        .api_key_for("session", COOKIE_SECRET)
}

/// `GET /items/1?page=2`, with the cookie parameter `theme=dark`.
fn request() -> Request {
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "1", &Constraints::NONE);
    request.query_param("page", Some("2"), &Constraints::NONE);
    request.cookie_param("theme", Some("dark"), &Constraints::NONE);
    request
}

fn config_error<T: Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Config(error)) => error.to_string(),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn api_keys_go_to_their_header_query_and_cookie_on_every_attempt() {
    let server = Server::replying(vec![Reply::raw_json(503, "{}"), Reply::raw_json(200, "{}")]).await;
    let client = with_keys(&server.url()).build().unwrap();
    client.0.execute::<serde_json::Value>(request()).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "the 503 was retried");
    for attempt in &seen {
        assert_eq!(attempt.header("x-api-key"), Some(HEADER_SECRET));
        // The key follows the request's own query, its name and value percent-encoded.
        assert_eq!(attempt.raw_query(), "page=2&api%20key=qry_SECRET%2F%2B82");
        assert_eq!(attempt.header("cookie"), Some("theme=dark; session_id=ck_SECRET_73"));
        assert_eq!(attempt.header("authorization"), None);
    }
}

#[tokio::test]
async fn basic_credentials_are_base64_with_every_padding() {
    // `a:`, `ab:` and `abc:` end with two, no and one `=` (RFC 4648).
    for (user, password, expected) in [
        ("a", "", "Basic YTo="),
        ("ab", "", "Basic YWI6"),
        ("Aladdin", "open sesame", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
    ] {
        let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
        let client = builder(&ALL_KINDS, &server.url()).basic_credentials(user, password).build().unwrap();
        client.0.execute::<serde_json::Value>(request()).await.unwrap();
        assert_eq!(server.requests()[0].header("authorization"), Some(expected));
    }
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let client = builder(&ALL_KINDS, &server.url()).basic_credentials("abc", "").build().unwrap();
    client.0.execute::<serde_json::Value>(request()).await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), Some("Basic YWJjOg=="));
}

#[test]
fn build_needs_one_required_combination() {
    // Nothing given, and a token would do: the error says how to give the token.
    let message = config_error(builder(&ALL_KINDS, "http://127.0.0.1:9").build());
    assert!(message.contains("RTK_AUTH_TEST_UNSET_TOKEN_VAR"), "{message}");
    // Half a combination names the combinations, not the key.
    let message =
        config_error(builder(&ALL_KINDS, "http://127.0.0.1:9").api_key_for("header_key", HEADER_SECRET).build());
    assert!(message.contains("`header_key` and `query_key`"), "{message}");
    assert!(!message.contains(HEADER_SECRET), "{message}");
    // Each combination is enough on its own.
    let base = || builder(&ALL_KINDS, "http://127.0.0.1:9");
    base().token("t").build().unwrap();
    base().api_key_for("header_key", "h").api_key_for("query_key", "q").build().unwrap();
    base().api_key_for("session", "s").build().unwrap();
    base().basic_credentials("u", "p").build().unwrap();
    // An API that requires nothing builds without any credential, from the environment too.
    builder(&OPEN, "http://127.0.0.1:9").build().unwrap();
    ClientBuilder::<TestClient>::from_env(&OPEN).build().unwrap();
    builder(&OPTIONAL, "http://127.0.0.1:9").build().unwrap();
}

#[test]
fn bad_credentials_are_refused_without_showing_them() {
    let base = || builder(&OPTIONAL, "http://127.0.0.1:9");
    let refused = [
        (base().token("tok").basic_credentials("user", PASSWORD_SECRET), "Authorization"),
        (base().api_key_for("header_key", "   "), "empty"),
        (base().api_key_for("session", "has space_SECRET"), "`session`"),
        (base().api_key_for("undeclared", "x_SECRET"), "`undeclared`"),
        (base().api_key_for("basic", "x_SECRET"), "not an API key scheme"),
        (base().basic_credentials("a:b", PASSWORD_SECRET), ":"),
        (base().basic_credentials("", PASSWORD_SECRET), "empty"),
        (base().basic_credentials("user", "line\nbreak_SECRET"), "control"),
    ];
    for (builder, expected) in refused {
        let message = config_error(builder.build());
        assert!(message.contains(expected), "{message}");
        assert!(!message.contains("SECRET"), "{message}");
    }
}

#[tokio::test]
async fn a_client_without_credentials_sends_none() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let client = builder(&OPEN, &server.url()).build().unwrap();
    client.0.execute::<serde_json::Value>(request()).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("authorization"), None);
    assert_eq!(seen.raw_query(), "page=2");
    assert_eq!(seen.header("cookie"), Some("theme=dark"));
}

#[tokio::test]
async fn a_redirect_to_another_origin_carries_no_credential() {
    let elsewhere = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let location = format!("{}/items/1", elsewhere.url());
    let server = Server::replying(vec![Reply::status(302).header("location", &location)]).await;
    // Basic credentials and API keys go together; only a bearer token conflicts with Basic.
    let client = with_keys(&server.url()).basic_credentials("user", PASSWORD_SECRET).build().unwrap();
    let error = client.0.execute::<serde_json::Value>(request()).await.unwrap_err();
    match &error {
        Error::Api(api) => assert_eq!(api.status().as_u16(), 302),
        other => panic!("expected the redirect as an API error, got {other:?}"),
    }
    assert_eq!(elsewhere.count(), 0, "nothing reached the other origin");
}

#[tokio::test]
async fn a_redirect_within_the_origin_keeps_the_header_key() {
    let server = Server::start(|index, _| match index {
        0 => Reply::status(302).header("location", "/items/2"),
        _ => Reply::raw_json(200, "{}"),
    })
    .await;
    let client = with_keys(&server.url()).build().unwrap();
    client.0.execute::<serde_json::Value>(request()).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].path(), "/items/2");
    assert_eq!(seen[1].header("x-api-key"), Some(HEADER_SECRET));
}

#[tokio::test]
async fn no_credential_shows_in_debug_errors_or_tracing() {
    let (log, _guard) = capture();
    let port = refused_port().await;
    let builder = with_keys(&format!("http://127.0.0.1:{port}")).retry_policy(fast_retries(0));
    let client = builder.clone().build().unwrap();
    let error = client.0.execute::<serde_json::Value>(request()).await.unwrap_err();
    let basic = with_keys("http://127.0.0.1:9").basic_credentials("user", PASSWORD_SECRET);
    let shown = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{basic:?}"),
        format!("{:?}", basic.clone().build().unwrap()),
        format!("{error}"),
        format!("{error:?}"),
    ];
    let log = log.lock().unwrap().clone();
    assert!(!log.is_empty(), "the call was traced");
    for text in shown.iter().chain(&log) {
        for secret in [HEADER_SECRET, "qry_SECRET", COOKIE_SECRET, PASSWORD_SECRET] {
            assert!(!text.contains(secret), "{text} shows {secret}");
        }
    }
}

/// Every field value recorded, as `name = value` text.
type Log = Arc<Mutex<Vec<String>>>;

/// A subscriber that records every field of every span and event.
struct Capture {
    log: Log,
    next_id: AtomicU64,
}

impl Visit for &Capture {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.log.lock().unwrap().push(format!("{} = {value:?}", field.name()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut &*self);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut &*self);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut &*self);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Records every span and event on this thread until the guard is dropped.
fn capture() -> (Log, tracing::dispatcher::DefaultGuard) {
    let log: Log = Arc::default();
    let dispatch = tracing::Dispatch::new(Capture { log: Arc::clone(&log), next_id: AtomicU64::new(0) });
    (log, tracing::dispatcher::set_default(&dispatch))
}
