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
//! The server is [`wiremock`], on 127.0.0.1 with a free port.

#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use serde::Serialize;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, Respond, ResponseTemplate};

use super::config::{ApiDefaults, ClientBuilder};
use super::conventions::Conventions;
use super::request::{BuildRequest, Prepared};
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

    /// A client builder aimed at this server, with [`Self::TOKEN`] and no
    /// retries (set them again to test retry behaviour).
    #[doc(hidden)]
    pub fn builder_for<C: From<Transport>>(&self) -> ClientBuilder<C> {
        ClientBuilder::new(self.defaults).token(Self::TOKEN).base_url(self.uri()).max_retries(0)
    }

    /// Starts an expectation: the server will expect `request`, built with
    /// the same typed builder the client sends.
    pub fn expect<R: BuildRequest>(&self, request: R) -> Expectation<'_, R> {
        Expectation { server: self, request, times: None }
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

    /// Answers with the documented success status and `body`.
    pub async fn respond(self, body: &R::Success) {
        self.respond_with_status(R::success_status(body), body).await;
    }

    /// Answers with any status and a typed body.
    pub async fn respond_with_status(self, status: u16, body: &R::Success) {
        let template = ResponseTemplate::new(status).set_body_json(body);
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

    /// Answers with a raw response, for malformed or unusual answers.
    pub async fn respond_raw(self, template: ResponseTemplate) {
        self.mount(template).await;
    }

    async fn mount(self, template: ResponseTemplate) {
        let (mock, description) = self.matcher();
        let mock = mock.respond_with(template).named(description);
        let mock = match self.times {
            Some(count) => mock.up_to_n_times(count).expect(count),
            None => mock.expect(1..),
        };
        mock.mount(&self.server.server).await;
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
