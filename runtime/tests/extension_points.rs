//! The extension points of the client builder, against the loopback server: hooks around each
//! attempt (order, retries, headers, stopping an attempt) and token providers (rotation, failure,
//! deadline), with the token kept out of every `Debug` output and error.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use realtimekit_runtime::config::ClientBuilder;
use realtimekit_runtime::error::{BoxError, Error};
use realtimekit_runtime::hook::{AttemptOutcome, AttemptRequest, AttemptResult, Hook};
use realtimekit_runtime::options::RequestOptions;
use realtimekit_runtime::request::Constraints;
use realtimekit_runtime::secret::{ApiToken, TokenFuture, TokenProvider};
use realtimekit_testkit::{Reply, Seen, Server};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::Value;
use support::{DEFAULTS, TOKEN, TestClient, builder, create_item_request as post, get_item_request as get};

fn assert_no_token(text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked into: {text}");
    assert!(!text.contains("SECRET"), "the token leaked into: {text}");
}

fn assert_send<T: Send>(_: &T) {}

/// The lines the hooks of one test write, shared between them.
type Log = Arc<Mutex<Vec<String>>>;

/// A hook that writes a line for each of its calls: the attempt, and how the attempt ended.
struct Recorder {
    name: &'static str,
    log: Log,
}

impl Recorder {
    fn new(name: &'static str, log: &Log) -> Self {
        Self { name, log: Arc::clone(log) }
    }
}

impl Hook for Recorder {
    fn before(&self, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        let line = format!("{} before {} #{}", self.name, request.operation().name, request.attempt());
        self.log.lock().unwrap().push(line);
        Ok(())
    }

    fn after(&self, outcome: &AttemptOutcome<'_>) {
        let how = match outcome.result() {
            AttemptResult::Response { status, headers } => {
                let request_id = headers.get("x-request-id").map_or("-", |value| value.to_str().unwrap());
                format!("{} {request_id}", status.as_u16())
            }
            AttemptResult::Failed(error) => format!("failed: {error}"),
        };
        self.log.lock().unwrap().push(format!("{} after #{} {how}", self.name, outcome.attempt()));
    }
}

fn lines(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

#[tokio::test]
async fn hooks_run_in_order_around_each_attempt_of_a_retried_get() {
    let server = Server::replying(vec![
        Reply::raw_json(503, "{}").header("x-request-id", "r1"),
        Reply::raw_json(200, "{}").header("x-request-id", "r2"),
    ])
    .await;
    let log = Log::default();
    let transport =
        builder(&server.url()).hook(Recorder::new("A", &log)).hook(Recorder::new("B", &log)).build().unwrap().0;
    transport.execute::<Value>(get()).await.unwrap();
    assert_eq!(server.count(), 2);
    assert_eq!(
        lines(&log),
        [
            "A before get_item #1",
            "B before get_item #1",
            "B after #1 503 r1",
            "A after #1 503 r1",
            "A before get_item #2",
            "B before get_item #2",
            "B after #2 200 r2",
            "A after #2 200 r2",
        ]
    );
}

#[tokio::test]
async fn a_post_that_may_have_acted_is_seen_once_and_never_resent() {
    for (first, seen) in [
        (Reply::raw_json(500, "{}"), "A after #1 500 -"),
        (Reply::raw_json(503, "{}"), "A after #1 503 -"),
        (Reply::reset(), "A after #1 failed: create_item: the connection failed (after 1 attempt)"),
    ] {
        let server = Server::replying(vec![first.clone(), Reply::raw_json(201, "{}")]).await;
        let log = Log::default();
        let transport = builder(&server.url()).hook(Recorder::new("A", &log)).build().unwrap().0;
        transport.execute::<Value>(post()).await.unwrap_err();
        assert_eq!(server.count(), 1, "{first:?}");
        assert_eq!(lines(&log), ["A before create_item #1", seen], "{first:?}");
    }

    // A POST the server refused to act on is retried, and the hooks see both attempts.
    let server =
        Server::replying(vec![Reply::status(429).header("retry-after-ms", "1"), Reply::raw_json(201, "{}")]).await;
    let log = Log::default();
    let transport = builder(&server.url()).hook(Recorder::new("A", &log)).build().unwrap().0;
    transport.execute::<Value>(post()).await.unwrap();
    assert_eq!(server.count(), 2);
    assert_eq!(
        lines(&log),
        ["A before create_item #1", "A after #1 429 -", "A before create_item #2", "A after #2 201 -"]
    );
}

/// A signature over the method, the request target and the body, as a hook and the server
/// each compute it.
fn signature(method: &str, target: &str, body: &[u8]) -> String {
    let sum: u64 = body.iter().map(|&byte| u64::from(byte)).sum();
    format!("{method} {target} {}:{sum}", body.len())
}

/// A hook that signs each attempt and numbers it, and notes whether it saw a sensitive
/// `Authorization` header.
#[derive(Default)]
struct Signer {
    saw_sensitive_authorization: AtomicUsize,
}

impl Hook for Signer {
    fn before(&self, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        let url = request.url();
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let signed = signature(request.method().as_str(), &target, request.body().unwrap_or_default());
        if request.headers().get(AUTHORIZATION).is_some_and(HeaderValue::is_sensitive) {
            self.saw_sensitive_authorization.fetch_add(1, Ordering::SeqCst);
        }
        let attempt = request.attempt().to_string();
        let headers = request.headers_mut();
        headers.insert("x-signature", HeaderValue::from_str(&signed)?);
        headers.append("x-attempt", HeaderValue::from_str(&attempt)?);
        headers.insert("x-extra", HeaderValue::from_static("from-the-hook"));
        Ok(())
    }
}

fn header_count(seen: &Seen, name: &str) -> usize {
    seen.headers.iter().filter(|(key, _)| key == name).count()
}

#[tokio::test]
async fn headers_a_hook_adds_reach_the_server_on_each_attempt() {
    let server = Server::replying(vec![Reply::raw_json(503, "{}"), Reply::raw_json(200, "{}")]).await;
    let signer = Arc::new(Signer::default());
    let transport =
        builder(&server.url()).default_header("x-extra", "default").hook(Arc::clone(&signer)).build().unwrap().0;
    let mut request = get();
    request.query_param("filter", Some("a b"), &Constraints::NONE);
    transport.execute::<Value>(request).await.unwrap();
    transport.execute::<Value>(post()).await.unwrap();

    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    for request in &seen {
        let expected = signature(&request.method, &request.target, &request.body);
        assert_eq!(request.header("x-signature"), Some(expected.as_str()), "{request:?}");
        assert_eq!(request.header("x-extra"), Some("from-the-hook"), "the hook's value replaces the default");
        // Each attempt starts again from the client's request, so nothing piles up.
        assert_eq!(header_count(request, "x-attempt"), 1);
        assert_eq!(header_count(request, "x-extra"), 1);
    }
    let attempts: Vec<_> = seen.iter().map(|request| request.header("x-attempt").unwrap()).collect();
    assert_eq!(attempts, ["1", "2", "1"]);
    assert_eq!(seen[0].target, "/items/1?filter=a%20b");
    assert!(seen[2].body.starts_with(b"{"), "the POST's body was signed as sent");
    assert_eq!(signer.saw_sensitive_authorization.load(Ordering::SeqCst), 3);
}

/// The error a hook stops an attempt with.
#[derive(Debug)]
struct MissingKey;

impl fmt::Display for MissingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the signing key is missing")
    }
}

impl std::error::Error for MissingKey {}

/// A hook that stops every attempt from the numbered one on.
struct Stopper {
    from_attempt: u32,
    log: Log,
}

impl Hook for Stopper {
    fn before(&self, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        self.log.lock().unwrap().push(format!("S before #{}", request.attempt()));
        if request.attempt() >= self.from_attempt { Err(Box::new(MissingKey)) } else { Ok(()) }
    }

    fn after(&self, outcome: &AttemptOutcome<'_>) {
        self.log.lock().unwrap().push(format!("S after #{}", outcome.attempt()));
    }
}

#[tokio::test]
async fn a_hook_that_stops_an_attempt_ends_the_call_with_its_error() {
    // Stopped on the retry: the first attempt was sent, the second was not.
    let server = Server::replying(vec![Reply::raw_json(503, "{}"), Reply::raw_json(200, "{}")]).await;
    let log = Log::default();
    let transport = builder(&server.url())
        .hook(Recorder::new("A", &log))
        .hook(Stopper { from_attempt: 2, log: Arc::clone(&log) })
        .hook(Recorder::new("C", &log))
        .build()
        .unwrap()
        .0;
    let error = transport.execute::<Value>(get()).await.unwrap_err();
    assert_eq!(server.count(), 1);
    let Error::Hook(hook) = &error else { panic!("expected a hook error, got {error:?}") };
    assert_eq!(hook.operation(), "get_item");
    assert_eq!(hook.attempt(), 2);
    assert!(hook.reason().downcast_ref::<MissingKey>().is_some(), "the hook's own error is kept");
    let message = "get_item: a hook stopped attempt 2 before it was sent: the signing key is missing";
    assert_eq!(error.to_string(), message);
    assert!(std::error::Error::source(&error).is_some());
    assert!(!error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(
        lines(&log),
        [
            "A before get_item #1",
            "S before #1",
            "C before get_item #1",
            "C after #1 503 -",
            "S after #1",
            "A after #1 503 -",
            "A before get_item #2",
            "S before #2",
            // Only the hooks that passed are told, and the one after the stopper never ran.
            &format!("A after #2 failed: {message}"),
        ]
    );

    // Stopped on the first attempt: nothing at all is sent, and a plain message is kept.
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    struct Refuse;
    impl Hook for Refuse {
        fn before(&self, _: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
            Err("requests are paused".into())
        }
    }
    let transport = builder(&server.url()).hook(Refuse).build().unwrap().0;
    let error = transport.execute::<Value>(post()).await.unwrap_err();
    let Error::Hook(hook) = &error else { panic!("expected a hook error, got {error:?}") };
    assert_eq!(hook.reason().to_string(), "requests are paused");
    assert_eq!(hook.attempt(), 1);
    assert_eq!(server.count(), 0);
}

/// A provider whose token the application replaces between calls.
struct Rotating {
    current: Mutex<String>,
    calls: AtomicUsize,
}

impl Rotating {
    fn new(token: &str) -> Self {
        Self { current: Mutex::new(token.to_owned()), calls: AtomicUsize::new(0) }
    }

    fn rotate(&self, token: &str) {
        token.clone_into(&mut self.current.lock().unwrap());
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl TokenProvider for Rotating {
    fn token(&self) -> TokenFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let token = self.current.lock().unwrap().clone();
        Box::pin(async move { Ok(ApiToken::new(token)?) })
    }
}

/// A provider that hands out a new token for each attempt, after a short wait, as one that
/// refreshes from a secret store would; from call `fail_from` on (counting from 1) it fails.
struct Numbered {
    calls: AtomicUsize,
    fail_from: usize,
}

impl TokenProvider for Numbered {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if call >= self.fail_from {
                return Err(Box::new(std::io::Error::other("the vault is unreachable")) as BoxError);
            }
            Ok(ApiToken::new(format!("tok_{call}"))?)
        })
    }
}

fn authorizations(server: &Server) -> Vec<String> {
    server.requests().iter().map(|seen| seen.header("authorization").unwrap_or("-").to_owned()).collect()
}

#[tokio::test]
async fn a_rotated_token_is_used_from_the_next_call_and_the_next_attempt() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let provider = Arc::new(Rotating::new("tok_old"));
    let transport = builder(&server.url()).token_provider(Arc::clone(&provider)).build().unwrap().0;
    transport.execute::<Value>(get()).await.unwrap();
    provider.rotate("tok_new");
    transport.execute::<Value>(get()).await.unwrap();
    assert_eq!(authorizations(&server), ["Bearer tok_old", "Bearer tok_new"]);
    assert_eq!(provider.calls(), 2);

    // The token is asked for before each attempt, so a retry carries the newer one.
    let server = Server::replying(vec![Reply::raw_json(503, "{}"), Reply::raw_json(200, "{}")]).await;
    let provider = Numbered { calls: AtomicUsize::new(0), fail_from: usize::MAX };
    let transport = builder(&server.url()).token_provider(provider).build().unwrap().0;
    let call = transport.execute::<Value>(get());
    assert_send(&call);
    call.await.unwrap();
    assert_eq!(authorizations(&server), ["Bearer tok_1", "Bearer tok_2"]);
}

#[tokio::test]
async fn the_last_token_setting_wins() {
    // A provider replaces an environment variable that is not set.
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let provider = Arc::new(Rotating::new("tok_provided"));
    let transport = ClientBuilder::<TestClient>::from_env(&DEFAULTS)
        .token_provider(Arc::clone(&provider))
        .base_url(server.url())
        .build()
        .unwrap()
        .0;
    transport.execute::<Value>(get()).await.unwrap();

    // A fixed token set after a provider replaces it, and the provider is never asked.
    let transport = builder(&server.url()).token_provider(Arc::clone(&provider)).token("tok_fixed").build().unwrap().0;
    transport.execute::<Value>(get()).await.unwrap();

    // A request's own `Authorization` header is kept, and the provider is not asked for it.
    let options = RequestOptions::new().header("authorization", "Bearer tok_own");
    let transport = builder(&server.url()).token_provider(Arc::clone(&provider)).build().unwrap().0;
    transport.execute::<Value>(get().with_options(options)).await.unwrap();

    assert_eq!(authorizations(&server), ["Bearer tok_provided", "Bearer tok_fixed", "Bearer tok_own"]);
    assert_eq!(provider.calls(), 1);
}

#[tokio::test]
async fn a_failing_provider_ends_the_call_and_sends_nothing() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let log = Log::default();
    let transport = builder(&server.url())
        .token_provider(Numbered { calls: AtomicUsize::new(0), fail_from: 1 })
        .hook(Recorder::new("A", &log))
        .build()
        .unwrap()
        .0;
    let error = transport.execute::<Value>(post()).await.unwrap_err();
    assert_eq!(server.count(), 0);
    assert!(lines(&log).is_empty(), "no attempt was made, so no hook ran");
    let Error::Token(token) = &error else { panic!("expected a token error, got {error:?}") };
    assert_eq!(token.operation(), "create_item");
    assert_eq!(token.attempt(), 1);
    let io = token.reason().downcast_ref::<std::io::Error>().unwrap();
    assert_eq!(io.to_string(), "the vault is unreachable");
    assert_eq!(error.to_string(), "create_item: the token provider failed before attempt 1: the vault is unreachable");
    assert!(!error.is_retryable());
    assert_eq!(error.status(), None);

    // A provider that fails before the retry: the first attempt went out, the retry did not.
    let server = Server::replying(vec![Reply::raw_json(503, "{}"), Reply::raw_json(200, "{}")]).await;
    let provider = Numbered { calls: AtomicUsize::new(0), fail_from: 2 };
    let transport = builder(&server.url()).token_provider(provider).build().unwrap().0;
    let error = transport.execute::<Value>(get()).await.unwrap_err();
    assert_eq!(authorizations(&server), ["Bearer tok_1"]);
    let Error::Token(token) = &error else { panic!("expected a token error, got {error:?}") };
    assert_eq!(token.attempt(), 2);

    // A token that cannot go in a header is the provider's failure too, and is not echoed.
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let transport = builder(&server.url()).token_provider(Rotating::new(&format!("{TOKEN} x"))).build().unwrap().0;
    let error = transport.execute::<Value>(get()).await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert!(error.to_string().contains("not allowed in an HTTP header"), "{error}");
    assert_no_token(&error.to_string());
    assert_no_token(&format!("{error:?}"));
    assert_eq!(server.count(), 0);
}

/// A provider that takes far longer than any test waits.
struct Stalled;

impl TokenProvider for Stalled {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(ApiToken::new("tok_late")?)
        })
    }
}

#[tokio::test]
async fn a_slow_provider_is_bounded_by_the_deadline() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let transport = builder(&server.url()).token_provider(Stalled).build().unwrap().0;
    let started = Instant::now();
    let request = get().with_options(RequestOptions::new().deadline(Duration::from_millis(100)));
    let error = transport.execute::<Value>(request).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert!(timeout.is_deadline());
    assert_eq!(timeout.attempts(), 0);
    assert_eq!(server.count(), 0);
}

/// A hook that keeps the `Debug` output of what it is shown.
#[derive(Default)]
struct DebugCapture {
    shown: Mutex<Vec<String>>,
}

impl Hook for DebugCapture {
    fn before(&self, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        self.shown.lock().unwrap().push(format!("{request:?}"));
        Ok(())
    }

    fn after(&self, outcome: &AttemptOutcome<'_>) {
        self.shown.lock().unwrap().push(format!("{outcome:?}"));
    }
}

#[tokio::test]
async fn debug_output_never_shows_the_token() {
    let server = Server::replying(vec![Reply::raw_json(503, "{}"), Reply::raw_json(200, "{}")]).await;
    let capture = Arc::new(DebugCapture::default());
    let provided = builder(&server.url()).token_provider(Rotating::new(TOKEN)).hook(Arc::clone(&capture));
    let fixed = builder(&server.url()).hook(Arc::clone(&capture));
    for builder in [&provided, &fixed] {
        let shown = format!("{builder:?}");
        assert_no_token(&shown);
        assert!(shown.contains("hooks: 1"), "{shown}");
    }
    assert!(format!("{provided:?}").contains("<provider>"));

    // Clones share the provider and the hooks.
    let transport = provided.clone().build().unwrap().0;
    let shown = format!("{transport:?}");
    assert_no_token(&shown);
    assert!(shown.contains("token_provider: true") && shown.contains("hooks: 1"), "{shown}");
    assert_no_token(&format!("{:?}", fixed.build().unwrap().0));

    let mut request = get();
    request.query_param("filter", Some("query-text-value"), &Constraints::NONE);
    transport.execute::<Value>(request).await.unwrap();
    let mut seen = 0;
    for request in server.requests() {
        assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        seen += 1;
    }
    assert_eq!(seen, 2);
    let shown = capture.shown.lock().unwrap().clone();
    assert_eq!(shown.len(), 4, "before and after each of two attempts: {shown:?}");
    for text in &shown {
        assert_no_token(text);
        assert!(!text.contains("query-text-value"), "the query leaked into: {text}");
    }
    assert!(shown[0].contains("authorization"), "header names are shown: {}", shown[0]);
    assert!(shown[1].contains("503"), "{}", shown[1]);
}
