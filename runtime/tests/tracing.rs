//! The `http_request` span: its OpenTelemetry-named fields, and that it never records the
//! token (fixed or from a token provider), the rendered path or the query.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use realtimekit_runtime::error::BoxError;
use realtimekit_runtime::hook::{AttemptRequest, Hook};
use realtimekit_runtime::request::{Constraints, Request};
use realtimekit_runtime::secret::{ApiToken, TokenFuture, TokenProvider};
use realtimekit_testkit::{Reply, Server};
use reqwest::header::HeaderValue;
use support::{GET_ITEM, TOKEN, builder, transport};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Everything recorded: `(span or event name, field name, value)`.
type Log = Arc<Mutex<Vec<(String, String, String)>>>;

struct Capture {
    log: Log,
    next_id: AtomicU64,
    names: Mutex<Vec<(u64, String)>>,
}

struct Fields<'a> {
    name: &'a str,
    log: &'a Log,
}

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.log.lock().unwrap().push((self.name.to_owned(), field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let name = span.metadata().name().to_owned();
        span.record(&mut Fields { name: &name, log: &self.log });
        self.names.lock().unwrap().push((id, name));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let name = self
            .names
            .lock()
            .unwrap()
            .iter()
            .find(|(id, _)| *id == span.into_u64())
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        values.record(&mut Fields { name: &name, log: &self.log });
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut Fields { name: "event", log: &self.log });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Records every span and event on this thread until the guard is dropped.
fn capture() -> (Log, tracing::dispatcher::DefaultGuard) {
    let log: Log = Arc::default();
    let dispatch = tracing::Dispatch::new(Capture {
        log: Arc::clone(&log),
        next_id: AtomicU64::new(0),
        names: Mutex::new(Vec::new()),
    });
    (log, tracing::dispatcher::set_default(&dispatch))
}

#[tokio::test]
async fn span_records_fields_but_no_secrets() {
    let (log, _guard) = capture();

    let server = Server::replying(vec![
        Reply::raw_json(500, "{}").header("cf-ray", "ray-1"),
        Reply::raw_json(200, "{}").header("cf-ray", "ray-2"),
    ])
    .await;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "rendered-path-value", &Constraints::NONE);
    request.query_param("filter", Some("query-text-value"), &Constraints::NONE);
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(server.count(), 2);

    let log = log.lock().unwrap().clone();
    let span_field = |field: &str| -> Vec<String> {
        log.iter()
            .filter(|(name, f, _)| name == "http_request" && f == field)
            .map(|(_, _, value)| value.clone())
            .collect()
    };
    assert_eq!(span_field("otel.name"), ["\"get_item\""]);
    assert_eq!(span_field("otel.kind"), ["\"client\""]);
    assert_eq!(span_field("operation"), ["\"get_item\""]);
    assert_eq!(span_field("http.request.method"), ["\"GET\""]);
    assert_eq!(span_field("url.template"), ["\"/items/{item_id}\""]);
    assert_eq!(span_field("http.request.resend_count"), ["1"], "recorded from the first retry on");
    assert_eq!(span_field("http.response.status_code"), ["500", "200"]);
    assert_eq!(span_field("request_id"), ["\"ray-1\"", "\"ray-2\""], "each answer's request id, where declared");
    assert!(span_field("error.type").is_empty(), "the call succeeded");
    assert_eq!(span_field("latency_ms").len(), 1);
    assert!(log.iter().any(|(name, _, _)| name == "event"), "a retry event");

    for (name, field, value) in &log {
        for secret in [TOKEN, "rendered-path-value", "query-text-value", "filter="] {
            assert!(!value.contains(secret) && !field.contains(secret), "{name}.{field} = {value} contains {secret}");
        }
    }
}

#[tokio::test]
async fn a_failed_call_records_its_error_type() {
    let (log, _guard) = capture();
    let server = Server::replying(vec![Reply::raw_json(404, "{}")]).await;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "x", &Constraints::NONE);
    transport(&server).execute::<serde_json::Value>(request).await.unwrap_err();
    let recorded: Vec<String> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(name, field, _)| name == "http_request" && field == "error.type")
        .map(|(_, _, value)| value.clone())
        .collect();
    assert_eq!(recorded, ["\"404\""]);
}

/// A provider that gives the tests' token, or fails with a message.
struct Provider(Result<&'static str, &'static str>);

impl TokenProvider for Provider {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0;
        Box::pin(async move {
            match token {
                Ok(token) => Ok(ApiToken::new(token)?),
                Err(message) => Err(message.into()),
            }
        })
    }
}

/// A hook that adds a header whose value must not be recorded either.
struct SecretHeader;

impl Hook for SecretHeader {
    fn before(&self, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        request.headers_mut().insert("x-hook-secret", HeaderValue::from_static("hook-secret-value"));
        Ok(())
    }
}

#[tokio::test]
async fn a_provided_token_and_hook_headers_stay_out_of_the_span() {
    let (log, _guard) = capture();
    let server = Server::replying(vec![Reply::raw_json(500, "{}"), Reply::raw_json(200, "{}")]).await;
    let transport = builder(&server.url()).token_provider(Provider(Ok(TOKEN))).hook(SecretHeader).build().unwrap().0;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "x", &Constraints::NONE);
    transport.execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(server.count(), 2);
    assert!(server.requests().iter().all(|seen| seen.header("x-hook-secret") == Some("hook-secret-value")));

    // A provider that fails is reported as such.
    let transport = builder(&server.url()).token_provider(Provider(Err("no token today"))).build().unwrap().0;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "x", &Constraints::NONE);
    transport.execute::<serde_json::Value>(request).await.unwrap_err();
    assert_eq!(server.count(), 2, "nothing was sent");

    let log = log.lock().unwrap().clone();
    let error_types: Vec<&str> = log
        .iter()
        .filter(|(name, field, _)| name == "http_request" && field == "error.type")
        .map(|(_, _, value)| value.as_str())
        .collect();
    assert_eq!(error_types, ["\"token\""]);
    for (name, field, value) in &log {
        for secret in [TOKEN, "hook-secret-value"] {
            assert!(!value.contains(secret) && !field.contains(secret), "{name}.{field} = {value} contains {secret}");
        }
    }
}
