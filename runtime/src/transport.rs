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
//!    the default headers, `accept: application/json`, and
//!    `content-type: application/json` when there is a body, bounded by the
//!    per-attempt timeout (which covers reading the body);
//! 4. retries failed attempts as described in [`super::retry`];
//! 5. decodes a 2xx body into the expected type, or turns any other status
//!    into [`Error::Api`].
//!
//! Each call runs inside a `tracing` span named `http_request` with the
//! fields `operation`, `method`, `path_template` (the template, never the
//! rendered path or the query), and, as they become known, `status`,
//! `attempt` (the number of the current attempt, from 1) and `latency_ms`
//! (the whole call including retries). Headers are never recorded.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument as _;
use tracing::field::Empty;

use super::error::{ApiError, Error, TimeoutError, TransportError, TransportErrorKind};
use super::operation::Operation;
use super::request::Request;
use super::response::{Response, decode};
use super::retry::{Outcome, RetryPolicy, decide};

/// The largest body size reserved up front from a `Content-Length` header.
const MAX_PREALLOCATION: usize = 1 << 20;

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
    retry: RetryPolicy,
}

/// How one attempt ended.
enum Attempt<T> {
    /// A final result: success, or an error that is never retried.
    Done(Result<Response<T>, Error>),
    /// A failure the retry rules must judge.
    Failed(Error, Outcome),
}

impl Transport {
    /// Assembles a transport from validated parts.
    pub(crate) fn new(
        client: reqwest::Client,
        base_url: String,
        headers: HeaderMap,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Self {
        Self { inner: Arc::new(Inner { client, base_url, headers, timeout, retry }) }
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

    /// Sends `request`, retrying as the retry rules allow, and decodes a 2xx
    /// response body as `T`.
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error> {
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
        self.run(request, &span).instrument(span.clone()).await
    }

    async fn run<T: DeserializeOwned>(&self, request: Request, span: &tracing::Span) -> Result<Response<T>, Error> {
        let operation = request.operation();
        let (url, body) = request.into_url_and_body(&self.inner.base_url)?;
        let mut headers = self.inner.headers.clone();
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let method = operation.method.as_reqwest();
        let started = Instant::now();
        let mut retries_done = 0u32;
        loop {
            let attempt = retries_done.saturating_add(1);
            span.record("attempt", attempt);
            let mut builder = self
                .inner
                .client
                .request(method.clone(), url.clone())
                .headers(headers.clone())
                .timeout(self.inner.timeout);
            if let Some(body) = &body {
                builder = builder.body(body.clone());
            }
            let (error, outcome) = match self.attempt(operation, builder, attempt, span).await {
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

    async fn attempt<T: DeserializeOwned>(
        &self,
        operation: &'static Operation,
        builder: reqwest::RequestBuilder,
        attempt: u32,
        span: &tracing::Span,
    ) -> Attempt<T> {
        let mut response = match builder.send().await {
            Ok(response) => response,
            Err(error) => return self.failure(operation, attempt, None, error),
        };
        let status = response.status();
        span.record("status", status.as_u16());
        let headers = std::mem::take(response.headers_mut());
        let (body, read_error) = read_body(&mut response).await;
        if status.is_success() {
            match read_error {
                None => Attempt::Done(decode(operation.name, status, headers, body)),
                Some(error) => self.failure(operation, attempt, Some(status), error),
            }
        } else {
            if let Some(error) = read_error {
                // The status alone decides; the partial body is still shown.
                tracing::debug!(error = %error, "the error response body was cut short");
            }
            let outcome = Outcome::from_status(status, &headers);
            let error = ApiError::new(operation.name, status, headers, body);
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
            let timeout = TimeoutError::new(operation.name, self.inner.timeout, attempt, error);
            return Attempt::Failed(Error::Timeout(Box::new(timeout)), Outcome::TimedOut);
        } else if error.is_builder() || error.is_redirect() || error.is_status() {
            (TransportErrorKind::Other, Outcome::Fatal)
        } else {
            (TransportErrorKind::Interrupted, Outcome::Interrupted)
        };
        let error = TransportError::new(operation.name, kind, attempt, status, error);
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

/// Reads the whole body; on failure returns what arrived and the error.
async fn read_body(response: &mut reqwest::Response) -> (Bytes, Option<reqwest::Error>) {
    let mut first: Option<Bytes> = None;
    let mut buffer = BytesMut::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                // The common single-chunk body is kept without copying.
                if buffer.is_empty() && first.is_none() {
                    first = Some(chunk);
                    continue;
                }
                if let Some(previous) = first.take() {
                    let expected = response
                        .content_length()
                        .and_then(|length| usize::try_from(length).ok())
                        .unwrap_or(0)
                        .min(MAX_PREALLOCATION);
                    buffer.reserve(expected.max(previous.len() + chunk.len()));
                    buffer.extend_from_slice(&previous);
                }
                buffer.extend_from_slice(&chunk);
            }
            Ok(None) => break (collected(first, buffer), None),
            Err(error) => break (collected(first, buffer), Some(error)),
        }
    }
}

fn collected(first: Option<Bytes>, buffer: BytesMut) -> Bytes {
    first.unwrap_or_else(|| buffer.freeze())
}

fn record_latency(span: &tracing::Span, started: Instant) {
    span.record("latency_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
}
