//! Sends requests: URL rendering, headers, per-attempt timeout, retries,
//! tracing and response decoding.
//!
//! A [`Transport`] is cheap to clone (it is one `Arc`). Each call to
//! [`Transport::execute`]:
//!
//! 1. returns the request's first validation error, if any, without sending
//!    anything;
//! 2. renders the URL once (base URL, encoded path, encoded query);
//! 3. sends the request with the `Authorization` header (marked sensitive),
//!    the default headers, `accept: application/json` (or the media type the
//!    operation answers with), the request's header and cookie parameters,
//!    and the body's `content-type` when there is a body, bounded by the
//!    per-attempt timeout (which covers reading the body);
//! 4. retries failed attempts as described in [`super::retry`];
//! 5. decodes a 2xx body with the operation's decoder (JSON by default),
//!    or turns any other status into [`Error::Api`].
//!
//! Each call runs inside a `tracing` span named `http_request` with the
//! fields `operation`, `method`, `path_template` (the template, never the
//! rendered path or the query), and, as they become known, `status`,
//! `attempt` (the number of the current attempt, from 1) and `latency_ms`
//! (the whole call including retries). Headers are never recorded.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;
use tracing::field::Empty;

use super::conventions::Conventions;
use super::decode::{Decoder, json};
use super::error::{ApiError, Error, TimeoutError, TransportError, TransportErrorKind};
use super::operation::Operation;
use super::request::{Prepared, Request};
use super::response::{Response, decode_success};
use super::retry::{Outcome, RetryPolicy, decide};

/// The shared HTTP machinery of a generated client.
///
/// Built by [`super::config::ClientBuilder`]; its `Debug` output never
/// shows the API token or any header value.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    /// The base URL without a trailing slash.
    base_url: String,
    /// Every header sent with each request, including `Authorization`.
    headers: HeaderMap,
    timeout: Duration,
    /// Whether `client` was built with `timeout` as its own, so requests need
    /// not carry it (setting it per request costs three allocations).
    client_times_out: bool,
    retry: RetryPolicy,
    /// What the API declares about its responses.
    conventions: &'static Conventions,
}

/// How one attempt ended.
enum Attempt<T> {
    /// A final result: success, or an error that is never retried.
    Done(Result<Response<T>, Error>),
    /// A failure the retry rules must judge.
    Failed(Error, Outcome),
}

impl Transport {
    /// Assembles a transport from validated parts; `client_times_out` says
    /// whether `client` already applies `timeout` to every request.
    pub(crate) fn new(
        client: reqwest::Client,
        client_times_out: bool,
        base_url: String,
        headers: HeaderMap,
        timeout: Duration,
        retry: RetryPolicy,
        conventions: &'static Conventions,
    ) -> Self {
        let inner = Inner { client, base_url, headers, timeout, client_times_out, retry, conventions };
        Self { inner: Arc::new(inner) }
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// What the API declares about its responses.
    pub fn conventions(&self) -> &'static Conventions {
        self.inner.conventions
    }

    /// Sends `request`, retrying as the retry rules allow, and decodes a 2xx
    /// response body as JSON into `T`.
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error> {
        self.execute_with(request, json::<T>).await
    }

    /// Sends `request` like [`Self::execute`], decoding a 2xx response body
    /// with `decoder`.
    pub async fn execute_with<T>(&self, request: Request, decoder: Decoder<T>) -> Result<Response<T>, Error> {
        let operation = request.operation();
        let span = tracing::info_span!(
            "http_request",
            operation = operation.name,
            method = operation.method.as_str(),
            path_template = operation.path,
            status = Empty,
            attempt = Empty,
            latency_ms = Empty,
        );
        self.run(request, decoder, &span).instrument(span.clone()).await
    }

    async fn run<T>(&self, request: Request, decoder: Decoder<T>, span: &tracing::Span) -> Result<Response<T>, Error> {
        let operation = request.operation();
        let Prepared { url, body, headers: own_headers } = request.prepare(&self.inner.base_url)?;
        // Most requests add no header of their own, and then the defaults are used as they are.
        let headers = if own_headers.is_empty() {
            Cow::Borrowed(&self.inner.headers)
        } else {
            Cow::Owned(with_own_headers(&self.inner.headers, own_headers))
        };
        let method = operation.method.as_reqwest();
        let started = Instant::now();
        let mut retries_done = 0u32;
        loop {
            let attempt = retries_done.saturating_add(1);
            span.record("attempt", attempt);
            // The request is built directly rather than through a `RequestBuilder`, whose
            // `headers` re-inserts every header into a fresh map on each attempt.
            let mut outgoing = reqwest::Request::new(method.clone(), url.clone());
            *outgoing.headers_mut() = HeaderMap::clone(&headers);
            if !self.inner.client_times_out {
                *outgoing.timeout_mut() = Some(self.inner.timeout);
            }
            if let Some(body) = &body {
                *outgoing.body_mut() = Some(body.clone().into());
            }
            let (error, outcome) = match self.attempt(operation, outgoing, decoder, attempt, span).await {
                Attempt::Done(result) => {
                    record_latency(span, started);
                    return result;
                }
                Attempt::Failed(error, outcome) => (error, outcome),
            };
            let Some(wait) = decide(&self.inner.retry, operation.retry, retries_done, &outcome).delay() else {
                record_latency(span, started);
                return Err(error);
            };
            tracing::debug!(
                attempt,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                outcome = ?outcome,
                "retrying the request"
            );
            tokio::time::sleep(wait).await;
            retries_done = attempt;
        }
    }

    async fn attempt<T>(
        &self,
        operation: &'static Operation,
        outgoing: reqwest::Request,
        decoder: Decoder<T>,
        attempt: u32,
        span: &tracing::Span,
    ) -> Attempt<T> {
        let mut response = match self.inner.client.execute(outgoing).await {
            Ok(response) => response,
            Err(error) => return self.failure(operation, attempt, None, error),
        };
        let status = response.status();
        span.record("status", status.as_u16());
        let headers = std::mem::take(response.headers_mut());
        let (body, read_error) = read_body(&mut response).await;
        if status.is_success() {
            match read_error {
                None => {
                    let conventions = self.inner.conventions;
                    Attempt::Done(decode_success(operation.name, conventions, status, headers, body, decoder))
                }
                Some(error) => self.failure(operation, attempt, Some(status), error),
            }
        } else {
            if let Some(error) = read_error {
                // The status alone decides; the partial body is still shown.
                tracing::debug!(error = %error, "the error response body was cut short");
            }
            let outcome = Outcome::from_status(status, &headers);
            let error = ApiError::new(operation.name, self.inner.conventions, status, headers, body)
                .with_retry_safety(operation.retry);
            Attempt::Failed(Error::Api(Box::new(error)), outcome)
        }
    }

    /// Classifies a reqwest error into an error and a retry outcome.
    fn failure<T>(
        &self,
        operation: &'static Operation,
        attempt: u32,
        status: Option<StatusCode>,
        error: reqwest::Error,
    ) -> Attempt<T> {
        // A connect error (including a connect timeout) means nothing was
        // sent, so it is checked before the general timeout.
        let (kind, outcome) = if error.is_connect() {
            (TransportErrorKind::Connect, Outcome::ConnectFailed)
        } else if error.is_timeout() {
            let timeout = TimeoutError::new(operation.name, self.inner.timeout, attempt, error)
                .with_retry_safety(operation.retry);
            return Attempt::Failed(Error::Timeout(Box::new(timeout)), Outcome::TimedOut);
        } else if error.is_builder() || error.is_redirect() || error.is_status() {
            (TransportErrorKind::Other, Outcome::Fatal)
        } else {
            (TransportErrorKind::Interrupted, Outcome::Interrupted)
        };
        let error =
            TransportError::new(operation.name, kind, attempt, status, error).with_retry_safety(operation.retry);
        Attempt::Failed(Error::Transport(Box::new(error)), outcome)
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be secret, so only their names are shown.
        let header_names: Vec<&str> = self.inner.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("headers", &header_names)
            .finish_non_exhaustive()
    }
}

/// The default headers with a request's own headers set over them.
fn with_own_headers(defaults: &HeaderMap, own: HeaderMap) -> HeaderMap {
    let mut headers = defaults.clone();
    let mut previous = None;
    for (name, value) in own {
        // Header parameters replace a default header of the same name; repeated ones are kept.
        match name {
            Some(name) => {
                headers.insert(name.clone(), value);
                previous = Some(name);
            }
            None => {
                if let Some(name) = &previous {
                    headers.append(name.clone(), value);
                }
            }
        }
    }
    headers
}

/// Reads the whole body; on failure returns what arrived and the error.
///
/// A body that arrives in one chunk is kept without copying. Otherwise the
/// chunks are kept as they arrive and copied once into a buffer of their
/// total size, so a large body is neither copied again on each growth of the
/// buffer nor preallocated from a `Content-Length` the client cannot trust.
async fn read_body(response: &mut reqwest::Response) -> (Bytes, Option<reqwest::Error>) {
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<Bytes> = Vec::new();
    let error = loop {
        match response.chunk().await {
            Ok(Some(chunk)) if first.is_none() => first = Some(chunk),
            Ok(Some(chunk)) => rest.push(chunk),
            Ok(None) => break None,
            Err(error) => break Some(error),
        }
    };
    (concatenate(first, rest), error)
}

/// Joins the chunks of a body, copying only when there is more than one.
fn concatenate(first: Option<Bytes>, rest: Vec<Bytes>) -> Bytes {
    let Some(first) = first else { return Bytes::new() };
    if rest.is_empty() {
        return first;
    }
    let length = first.len() + rest.iter().map(Bytes::len).sum::<usize>();
    let mut buffer = BytesMut::with_capacity(length);
    buffer.extend_from_slice(&first);
    for chunk in &rest {
        buffer.extend_from_slice(chunk);
    }
    buffer.freeze()
}

fn record_latency(span: &tracing::Span, started: Instant) {
    span.record("latency_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
}
