//! A local mock server for consumers' tests (feature `mock`): each expectation is a typed request builder and a typed answer.
//!
//! A test builds the request it expects with the very builders the client
//! uses (so the mock can never drift from the spec), states the answer with
//! the generated response types, and calls [`MockServer::verify`] at the end:
//!
//! - an expectation matches the method, the exact path, every query
//!   parameter the expected builder set, every header and cookie parameter
//!   it set, the JSON body if it set one, and the bearer token of
//!   [`MockServer::TOKEN`];
//! - a request that matches no expectation is answered 404 with an error
//!   body that describes it (shaped as the API declares its error bodies),
//!   recorded, and reported by `verify`;
//! - `verify` also fails when an expectation was called fewer or more times
//!   than it allows (at least once unless [`Expectation::times`] says
//!   otherwise). Dropping the server checks the expectations too.
//!
//! A typed answer travels as the spec documents the operation's success body
//! ([`SuccessBody`]): JSON, the exact text of a `String`, the exact bytes of a
//! `Bytes`, each under its documented media type, or no body at all. An
//! expectation can also hold its answer back ([`Expectation::delay`]) or
//! close the connection instead of answering
//! ([`Expectation::close_connection`]), to test timeouts and retries.
//!
//! The server is [`wiremock`], on 127.0.0.1 with a free port.

#![cfg(feature = "mock")]

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use serde::Serialize;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, Respond, ResponseTemplate};

use super::auth::AuthLocation;
use super::config::{ApiDefaults, ClientBuilder};
use super::conventions::Conventions;
use super::request::{BuildRequest, Prepared, SuccessBody};
use super::transport::Transport;

/// A mock of the API on 127.0.0.1, for tests.
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
    unexpected: Arc<Mutex<Vec<String>>>,
    defaults: &'static ApiDefaults,
}

impl MockServer {
    /// The token that clients from [`builder_for`](Self::builder_for)
    /// send, and that every expectation requires.
    pub const TOKEN: &'static str = "mock-token";

    /// Starts a server with no expectations for the API that `defaults`
    /// describes.
    #[doc(hidden)]
    pub async fn start_for(defaults: &'static ApiDefaults) -> Self {
        let server = wiremock::MockServer::start().await;
        let mock = Self { server, unexpected: Arc::new(Mutex::new(Vec::new())), defaults };
        mock.mount_recorder().await;
        mock
    }

    /// The server's base URL, such as `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder aimed at this server, with [`Self::TOKEN`] as its
    /// bearer token and as the key of each API key scheme the API declares
    /// (so it builds whichever of them the API requires), and no retries
    /// (set them again to test retry behaviour).
    #[doc(hidden)]
    pub fn builder_for<C: From<Transport>>(&self) -> ClientBuilder<C> {
        let builder = ClientBuilder::new(self.defaults).token(Self::TOKEN).base_url(self.uri()).max_retries(0);
        self.defaults
            .security
            .schemes
            .iter()
            .filter(|scheme| {
                matches!(scheme.location, AuthLocation::Header(_) | AuthLocation::Query(_) | AuthLocation::Cookie(_))
            })
            .fold(builder, |builder, scheme| builder.api_key_for(scheme.key, Self::TOKEN))
    }

    /// Starts an expectation: the server will expect `request`, built with
    /// the same typed builder the client sends.
    pub fn expect<R: BuildRequest>(&self, request: R) -> Expectation<'_, R> {
        Expectation { server: self, request, times: None, delay: None }
    }

    /// The requests that matched no expectation so far, as
    /// `METHOD path?query` lines followed by their body.
    pub fn unexpected_requests(&self) -> Vec<String> {
        self.unexpected.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Fails the test (panics) if a request matched no expectation, or if an
    /// expectation was not called the number of times it allows.
    pub async fn verify(&self) {
        let unexpected = self.unexpected_requests();
        if !unexpected.is_empty() {
            panic!(
                "the mock server received {} request(s) that match no expectation:\n  {}",
                unexpected.len(),
                unexpected.join("\n  ")
            );
        }
        self.server.verify().await;
    }

    /// Forgets every expectation and every recorded request.
    ///
    /// The server also verifies its expectations when it is dropped; a test
    /// that expects `verify` to fail resets the server afterwards.
    pub async fn reset(&self) {
        self.server.reset().await;
        self.unexpected.lock().unwrap_or_else(PoisonError::into_inner).clear();
        self.mount_recorder().await;
    }

    /// Mounts an expectation's mock, expecting exactly `times` calls and
    /// answering no more, or at least one call when `times` is unset.
    async fn mount(&self, mock: Mock, times: Option<u64>) {
        let mock = match times {
            Some(count) => mock.up_to_n_times(count).expect(count),
            None => mock.expect(1..),
        };
        mock.mount(&self.server).await;
    }

    /// Answers requests that match no expectation, with the lowest priority.
    async fn mount_recorder(&self) {
        Mock::given(wiremock::matchers::any())
            .respond_with(RecordUnexpected(Arc::clone(&self.unexpected), &self.defaults.conventions))
            .with_priority(u8::MAX)
            .named("requests that match no expectation")
            .mount(&self.server)
            .await;
    }
}

/// One expected request, waiting for its answer.
#[derive(Debug)]
#[must_use = "an expectation is mounted only by one of its `respond` methods"]
pub struct Expectation<'a, R> {
    server: &'a MockServer,
    request: R,
    times: Option<u64>,
    delay: Option<Duration>,
}

impl<R: BuildRequest> Expectation<'_, R>
where
    R::Success: Serialize,
{
    /// Expects exactly `count` matching calls instead of at least one, and
    /// answers no more than that: later calls go to the next expectation that
    /// matches, so several expectations can answer the same request in turn.
    pub fn times(mut self, count: u64) -> Self {
        self.times = Some(count);
        self
    }

    /// Holds each answer back for `delay` after its request arrived, to test
    /// timeouts: the client sees nothing of the answer until then.
    ///
    /// With a delay longer than the client's per-attempt timeout
    /// (`ClientBuilder::timeout` or `RequestOptions::timeout`), the attempt
    /// ends as [`Error::Timeout`](super::error::Error::Timeout) once the
    /// timeout has elapsed; with a deadline (`RequestOptions::deadline`) that
    /// ends first, as a timeout whose `is_deadline()` is true. The request
    /// reached the server, so it counts as a call of this expectation, and the
    /// retry rules decide what follows: an idempotent operation is retried
    /// while the client allows retries (each retry is another call of this
    /// expectation, held back again, unless [`Self::times`] lets a later
    /// expectation answer it), while one that is not idempotent, such as a
    /// `POST`, is not resent. A delay shorter than the timeout only slows the
    /// answer down.
    ///
    /// The delay applies to every `respond` method; a connection closed with
    /// [`Self::close_connection`] cannot be held back.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with the documented success status and `body`.
    pub async fn respond(self, body: &R::Success) {
        self.respond_with_status(R::success_status(body), body).await;
    }

    /// Answers with any status and a typed body, encoded as the spec
    /// documents the operation's success body: JSON, the exact text of a
    /// `String` or the exact bytes of a `Bytes` under the documented media
    /// type, or no body (and no `content-type`) for an answer documented
    /// without one.
    ///
    /// # Panics
    ///
    /// If `body` cannot be encoded that way, such as a JSON map whose keys are
    /// not strings.
    pub async fn respond_with_status(self, status: u16, body: &R::Success) {
        let template = success_template(status, R::success_body(body), body);
        self.mount(template).await;
    }

    /// Answers with an error body shaped as the API declares its error
    /// bodies: the code and the message at the first place declared for
    /// each, and the success flag, if declared, set to `false`. An API that
    /// declares no error body shape gets the message as plain text.
    pub async fn respond_error(self, status: u16, code: i64, message: &str) {
        let conventions = &self.server.defaults.conventions;
        self.mount(error_template(conventions, status, code, message)).await;
    }

    /// Answers with a raw response, for malformed or unusual answers; a delay
    /// set with [`Self::delay`] replaces the template's own.
    pub async fn respond_raw(self, template: ResponseTemplate) {
        self.mount(template).await;
    }

    /// Fails at the network level: the server reads the request, then closes
    /// the connection without sending a status line, as a connection lost
    /// while the service was working would.
    ///
    /// The client sees no answer at all: the attempt ends as
    /// [`Error::Transport`](super::error::Error::Transport) whose kind is
    /// [`TransportErrorKind::Interrupted`](super::error::TransportErrorKind::Interrupted),
    /// with no status. The request reached the server and may have taken
    /// effect, so the retry rules apply as to any interrupted attempt: an
    /// idempotent operation is retried while the client allows retries (each
    /// retry is another call of this expectation, closed again unless
    /// [`Self::times`] lets a later expectation answer it), and one that is
    /// not idempotent, such as a `POST`, is never resent.
    ///
    /// # Panics
    ///
    /// If a delay was set with [`Self::delay`]: the server closes the
    /// connection as soon as the request has arrived, and cannot hold that
    /// back.
    pub async fn close_connection(self) {
        if let Some(delay) = self.delay {
            panic!("a closed connection cannot be delayed (asked for {delay:?}); the mock closes it at once");
        }
        let (mock, description) = self.matcher();
        let mock = mock.respond_with_err(|_: &wiremock::Request| ConnectionClosed);
        self.server.mount(mock.named(description), self.times).await;
    }

    async fn mount(self, template: ResponseTemplate) {
        let template = match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        };
        let (mock, description) = self.matcher();
        self.server.mount(mock.respond_with(template).named(description), self.times).await;
    }

    /// The matchers for the expected request, and a description of it.
    ///
    /// # Panics
    ///
    /// If the expected request itself breaks the spec's rules: a test
    /// cannot expect a request the client would refuse to send.
    fn matcher(&self) -> (MockBuilder, String) {
        let request = self.request.build_request();
        let operation = request.operation();
        let Prepared { url, body, headers, .. } = match request.prepare("http://mock.invalid") {
            Ok(prepared) => prepared,
            Err(error) => panic!("the expected request is invalid, so it can never be sent: {error}"),
        };
        let mut mock = Mock::given(method(operation.method.as_str()))
            .and(path(url.path()))
            .and(header("authorization", format!("Bearer {}", MockServer::TOKEN).as_str()));
        // Header and cookie parameters must match too, as sent; the body's media type is left to
        // the body.
        for name in headers.keys().filter(|name| **name != CONTENT_TYPE && **name != ACCEPT) {
            let values = headers.get_all(name).iter().cloned().collect();
            mock = mock.and(ExactHeader { name: name.clone(), values });
        }
        for (name, value) in url.query_pairs() {
            mock = mock.and(query_param(name.as_ref(), value.as_ref()));
        }
        if let Some(body) = body.and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok()) {
            mock = mock.and(body_json(body));
        }
        let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
        let description = format!("{} {} {}{query}", operation.name, operation.method.as_str(), url.path());
        (mock, description)
    }
}

/// Matches a header whose values are exactly the expected ones, in order.
///
/// `wiremock`'s own header matcher splits values at commas, so a value that
/// holds one, such as a header object `R,100,G,200`, would never match.
struct ExactHeader {
    name: HeaderName,
    values: Vec<HeaderValue>,
}

impl Match for ExactHeader {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.headers.get_all(&self.name).iter().eq(self.values.iter())
    }
}

/// The error an expectation that closes the connection hands `wiremock`:
/// its server then drops the connection instead of answering.
#[derive(Debug)]
struct ConnectionClosed;

impl fmt::Display for ConnectionClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock expectation closes the connection without answering")
    }
}

impl std::error::Error for ConnectionClosed {}

/// A success answer with `value` encoded as `encoding` says.
///
/// A text value serializes as a JSON string and a binary one (`Bytes`) as a
/// JSON array of byte values, so both are read back from their JSON value
/// and sent as they are.
///
/// # Panics
///
/// If `value` cannot be encoded that way.
fn success_template<T: Serialize>(status: u16, encoding: SuccessBody, value: &T) -> ResponseTemplate {
    let template = ResponseTemplate::new(status);
    let encoded = |kind: &str| match serde_json::to_value(value) {
        Ok(encoded) => encoded,
        Err(error) => panic!("the {kind} answer cannot be encoded: {error}"),
    };
    match encoding {
        SuccessBody::Json(media_type) => match serde_json::to_vec(value) {
            Ok(body) => template.set_body_raw(body, media_type),
            Err(error) => panic!("the JSON answer cannot be encoded: {error}"),
        },
        SuccessBody::Text(media_type) => match encoded("text") {
            serde_json::Value::String(text) => template.set_body_raw(text, media_type),
            other => panic!("a text answer must be a string, not {other}"),
        },
        SuccessBody::Binary(media_type) => match byte_values(encoded("binary")) {
            Some(bytes) => template.set_body_raw(bytes, media_type),
            None => panic!("a binary answer must be bytes"),
        },
        SuccessBody::Empty => template,
    }
}

/// The bytes of a JSON array of byte values, as `serde_json` writes bytes.
fn byte_values(value: serde_json::Value) -> Option<Vec<u8>> {
    let serde_json::Value::Array(items) = value else { return None };
    items.iter().map(|item| item.as_u64().and_then(|byte| u8::try_from(byte).ok())).collect()
}

/// Records a request that matched no expectation and answers it with an
/// error body that says so.
struct RecordUnexpected(Arc<Mutex<Vec<String>>>, &'static Conventions);

impl Respond for RecordUnexpected {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
        let mut line = format!("{} {}{query}", request.method, request.url.path());
        if !request.body.is_empty() {
            line.push_str(&format!(" with body {}", String::from_utf8_lossy(&request.body)));
        }
        let message = format!("no mock expectation matches {line}");
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(line);
        error_template(self.1, 404, 404, &message)
    }
}

/// An error answer whose body follows `conventions`, or is `message` as
/// plain text when they declare no error body shape.
fn error_template(conventions: &Conventions, status: u16, code: i64, message: &str) -> ResponseTemplate {
    let template = ResponseTemplate::new(status);
    if !conventions.declares_error_body() {
        return template.set_body_raw(message.to_owned(), "text/plain; charset=utf-8");
    }
    let mut body = serde_json::Value::Null;
    if let Some(flag) = conventions.success_flag {
        set_at(&mut body, flag, serde_json::Value::Bool(false));
    }
    if let Some(pointer) = conventions.error_code.first() {
        set_at(&mut body, pointer, code.into());
    }
    if let Some(pointer) = conventions.error_message.first() {
        set_at(&mut body, pointer, message.into());
    }
    template.set_body_json(body)
}

/// Sets the value at a JSON Pointer, making the objects and arrays that
/// lead there; a token made of digits indexes an array.
fn set_at(root: &mut serde_json::Value, pointer: &str, value: serde_json::Value) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let patch = tokens.iter().rev().fold(value, |inner, token| match token.parse::<usize>() {
        Ok(index) => {
            let mut items = vec![serde_json::Value::Null; index];
            items.push(inner);
            serde_json::Value::Array(items)
        }
        Err(_) => serde_json::Value::Object(serde_json::Map::from_iter([(token.clone(), inner)])),
    });
    merge(root, patch);
}

/// Merges `patch` into `target`: objects key by key, arrays index by index
/// (a `null` in the patch keeps what is there), anything else replaced.
fn merge(target: &mut serde_json::Value, patch: serde_json::Value) {
    match (target, patch) {
        (serde_json::Value::Object(target), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                merge(target.entry(key).or_insert(serde_json::Value::Null), value);
            }
        }
        (serde_json::Value::Array(target), serde_json::Value::Array(patch)) => {
            for (index, value) in patch.into_iter().enumerate().filter(|(_, value)| !value.is_null()) {
                if target.len() <= index {
                    target.resize(index + 1, serde_json::Value::Null);
                }
                merge(&mut target[index], value);
            }
        }
        (target, patch) => *target = patch,
    }
}
