//! Sends requests: URL rendering, headers, per-attempt timeout, retries,
//! tracing and response decoding.
//!
//! A [`Transport`] is cheap to clone (it is one `Arc`). Each call to
//! [`Transport::execute`]:
//!
//! 1. returns the request's first validation error, if any, without sending
//!    anything;
//! 2. renders the URL once (base URL, encoded path, encoded query);
//! 3. for each attempt, asks the client's [`TokenProvider`], if it has one,
//!    for the token; a provider that fails ends the call with [`Error::Token`]
//!    and the attempt is not sent;
//! 4. builds the attempt's request with the `Authorization` header (marked
//!    sensitive; the fixed token's, the provider's, or HTTP Basic
//!    credentials'), the API keys the client was given (a header marked
//!    sensitive, a query pair after the request's own query, or a cookie
//!    after the request's own cookies; see [`super::auth`]), the default headers,
//!    `accept: application/json` (or the media type the operation answers
//!    with), the request's header and cookie parameters, and the body's
//!    `content-type` when there is a body;
//! 5. calls each [`Hook`]'s `before` in registration order, which may change
//!    the headers or stop the attempt with [`Error::Hook`] (nothing is then
//!    sent);
//! 6. sends the attempt, bounded by the per-attempt timeout (which covers
//!    reading the body), and calls each hook's `after` in reverse order with
//!    the status and headers, or the attempt's error (see [`super::hook`]);
//! 7. retries failed attempts as described in [`super::retry`], from step 3;
//!    hooks see every attempt but cannot cause one;
//! 8. decodes a 2xx body with the operation's decoder (JSON by default),
//!    or turns any other status into [`Error::Api`].
//!
//! The request's [`super::options::RequestOptions`] override the per-attempt timeout, the
//! number of retries and headers for this call, and may bound the whole call, backoff
//! included, with a deadline.
//!
//! Each call runs inside a `tracing` span, `http_request`, whose fields follow
//! OpenTelemetry's HTTP client conventions: `otel.name` (the operation's name,
//! which an OpenTelemetry layer takes as the span's name), `otel.kind`,
//! `operation`, `http.request.method`, `url.template` (the template, never the
//! rendered path or the query), and, as they become known,
//! `http.response.status_code`, `http.request.resend_count` (from the first
//! retry on), `request_id` (the answer's request id, where the API declares
//! its header), `error.type` and `latency_ms` (the whole call including
//! retries). No other header is recorded.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument as _;
use tracing::field::Empty;

use super::auth::Credentials;
use super::conventions::Conventions;
use super::decode::{Decoder, json};
use super::error::{
    ApiError, BoxError, Error, HookError, TimeoutError, TokenError, TransportError, TransportErrorKind,
};
use super::hook::{AttemptOutcome, AttemptRequest, AttemptResult, Hook, after_each, before_each};
use super::operation::Operation;
use super::options::set_over;
use super::request::{Prepared, Request};
use super::response::{Response, decode_success};
use super::retry::{Outcome, RetryPolicy, decide};
use super::secret::TokenProvider;

/// The shared HTTP machinery of a generated client.
///
/// Built by [`super::config::ClientBuilder`]; its `Debug` output never
/// shows the API token or any header value.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Parts>,
}

/// The validated parts a [`Transport`] is assembled from.
pub(crate) struct Parts {
    pub(crate) client: reqwest::Client,
    /// Whether `client` was built with `timeout` as its own, so requests need
    /// not carry it (setting it per request costs three allocations).
    pub(crate) client_times_out: bool,
    /// The base URL without a trailing slash.
    pub(crate) base_url: String,
    /// Every header sent with each request, including `Authorization` when
    /// the token is fixed.
    pub(crate) headers: HeaderMap,
    /// Where each attempt's token comes from when it is not fixed.
    pub(crate) token_provider: Option<Arc<dyn TokenProvider>>,
    /// The API keys sent in the query or as cookies; the others are in `headers`.
    pub(crate) credentials: Credentials,
    /// The hooks, in registration order.
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// What the API declares about its responses.
    pub(crate) conventions: &'static Conventions,
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
    pub(crate) fn new(parts: Parts) -> Self {
        Self { inner: Arc::new(parts) }
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
    #[doc(hidden)]
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
            otel.name = operation.name,
            otel.kind = "client",
            operation = operation.name,
            http.request.method = operation.method.as_str(),
            url.template = operation.path,
            http.response.status_code = Empty,
            http.request.resend_count = Empty,
            request_id = Empty,
            error.type = Empty,
            latency_ms = Empty,
        );
        let result = self.run(request, decoder, &span).instrument(span.clone()).await;
        if let Err(error) = &result {
            span.record("error.type", error_type(error).as_ref());
        }
        result
    }

    async fn run<T>(&self, request: Request, decoder: Decoder<T>, span: &tracing::Span) -> Result<Response<T>, Error> {
        let operation = request.operation();
        let Prepared { mut url, body, headers: own_headers, options } = request.prepare(&self.inner.base_url)?;
        self.inner.credentials.add_to_query(&mut url);
        let timeout = options.timeout_override().unwrap_or(self.inner.timeout);
        let retry = match options.max_retries_override() {
            Some(max_retries) => RetryPolicy { max_retries, ..self.inner.retry },
            None => self.inner.retry,
        };
        // Most requests add no header of their own, and then the defaults are used as they are.
        let headers = if own_headers.is_empty() {
            Cow::Borrowed(&self.inner.headers)
        } else {
            Cow::Owned(with_own_headers(&self.inner.headers, own_headers))
        };
        // Cookie API keys join the request's own cookies, since a request sends one `Cookie`.
        let headers = if self.inner.credentials.has_cookies() {
            let mut headers = headers.into_owned();
            self.inner.credentials.add_cookies(&mut headers);
            Cow::Owned(headers)
        } else {
            headers
        };
        // A request that sets its own `Authorization` keeps it, as it does over a fixed token.
        let token_provider = self.inner.token_provider.as_deref().filter(|_| !headers.contains_key(AUTHORIZATION));
        let hooks = self.inner.hooks.as_slice();
        let method = operation.method.as_reqwest();
        let started = Instant::now();
        let deadline = options.deadline_override().map(|total| (total, started + total));
        let mut retries_done = 0u32;
        loop {
            let attempt = retries_done.saturating_add(1);
            if retries_done > 0 {
                span.record("http.request.resend_count", retries_done);
            }
            // The token is asked for anew for each attempt, so a retry sends a rotated one.
            let authorization = match token_provider {
                Some(provider) => match authorization(provider, operation, retries_done, deadline).await {
                    Ok(value) => Some(value),
                    Err(error) => {
                        record_latency(span, started);
                        return Err(error);
                    }
                },
                None => None,
            };
            // An attempt gets its timeout, or what is left of the deadline when that is less.
            let left = deadline.map(|(_, at)| at.saturating_duration_since(Instant::now()));
            let (attempt_timeout, cut_by_deadline) = match left {
                Some(left) if left < timeout => (left, true),
                _ => (timeout, false),
            };
            // The request is built directly rather than through a `RequestBuilder`, whose
            // `headers` re-inserts every header into a fresh map on each attempt.
            let mut outgoing = reqwest::Request::new(method.clone(), url.clone());
            *outgoing.headers_mut() = HeaderMap::clone(&headers);
            if !self.inner.client_times_out || attempt_timeout != self.inner.timeout {
                *outgoing.timeout_mut() = Some(attempt_timeout);
            }
            if let Some(body) = &body {
                *outgoing.body_mut() = Some(body.clone().into());
            }
            if let Some(value) = authorization {
                outgoing.headers_mut().insert(AUTHORIZATION, value);
            }
            // Hooks change this attempt's request only; the next one starts again from `headers`.
            let before = before_each(hooks, &mut AttemptRequest::new(operation, attempt, &mut outgoing));
            if let Err((passed, reason)) = before {
                let error = Error::Hook(Box::new(HookError::new(operation.name, attempt, reason)));
                let stopped = AttemptOutcome::new(operation, attempt, Duration::ZERO, AttemptResult::Failed(&error));
                after_each(hooks.get(..passed).unwrap_or_default(), &stopped);
                record_latency(span, started);
                return Err(error);
            }
            let (error, outcome) = match self.attempt(operation, outgoing, decoder, attempt, timeout, span).await {
                Attempt::Done(result) => {
                    record_latency(span, started);
                    return result;
                }
                Attempt::Failed(Error::Timeout(_), _) if cut_by_deadline => {
                    record_latency(span, started);
                    let total = deadline.map_or(timeout, |(total, _)| total);
                    let error =
                        TimeoutError::deadline(operation.name, total, attempt).with_retry_safety(operation.retry);
                    return Err(Error::Timeout(Box::new(error)));
                }
                Attempt::Failed(error, outcome) => (error, outcome),
            };
            let wait = decide(&retry, operation.retry, retries_done, &outcome).delay();
            // A retry that could not start before the deadline is not made.
            let too_late = |wait: Duration| deadline.is_some_and(|(_, at)| Instant::now() + wait >= at);
            let Some(wait) = wait.filter(|wait| !too_late(*wait)) else {
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
        timeout: Duration,
        span: &tracing::Span,
    ) -> Attempt<T> {
        let sent_at = Instant::now();
        let mut response = match self.inner.client.execute(outgoing).await {
            Ok(response) => response,
            Err(error) => {
                let (error, outcome) = failure(operation, attempt, timeout, None, error);
                self.after_attempt(operation, attempt, sent_at, AttemptResult::Failed(&error));
                return Attempt::Failed(error, outcome);
            }
        };
        let status = response.status();
        span.record("http.response.status_code", status.as_u16());
        let headers = std::mem::take(response.headers_mut());
        if let Some(request_id) = self.inner.conventions.request_id(&headers) {
            span.record("request_id", request_id);
        }
        let (body, read_error) = read_body(&mut response).await;
        if status.is_success() {
            match read_error {
                None => {
                    self.after_attempt(
                        operation,
                        attempt,
                        sent_at,
                        AttemptResult::Response { status, headers: &headers },
                    );
                    let conventions = self.inner.conventions;
                    Attempt::Done(decode_success(operation.name, conventions, status, headers, body, decoder))
                }
                Some(error) => {
                    let (error, outcome) = failure(operation, attempt, timeout, Some(status), error);
                    self.after_attempt(operation, attempt, sent_at, AttemptResult::Failed(&error));
                    Attempt::Failed(error, outcome)
                }
            }
        } else {
            if let Some(error) = read_error {
                // The status alone decides; the partial body is still shown.
                tracing::debug!(error = %error, "the error response body was cut short");
            }
            self.after_attempt(operation, attempt, sent_at, AttemptResult::Response { status, headers: &headers });
            let outcome = Outcome::from_status(status, &headers);
            let error = ApiError::new(operation.name, self.inner.conventions, status, headers, body)
                .with_retry_safety(operation.retry);
            Attempt::Failed(Error::Api(Box::new(error)), outcome)
        }
    }

    /// Tells the hooks how attempt `attempt`, handed to the HTTP client at `sent_at`, ended.
    fn after_attempt(&self, operation: &'static Operation, attempt: u32, sent_at: Instant, result: AttemptResult<'_>) {
        if !self.inner.hooks.is_empty() {
            after_each(&self.inner.hooks, &AttemptOutcome::new(operation, attempt, sent_at.elapsed(), result));
        }
    }
}

/// Classifies a reqwest error into an error and a retry outcome.
fn failure(
    operation: &'static Operation,
    attempt: u32,
    timeout: Duration,
    status: Option<StatusCode>,
    error: reqwest::Error,
) -> (Error, Outcome) {
    // A connect error (including a connect timeout) means nothing was
    // sent, so it is checked before the general timeout.
    let (kind, outcome) = if error.is_connect() {
        (TransportErrorKind::Connect, Outcome::ConnectFailed)
    } else if error.is_timeout() {
        let timeout = TimeoutError::new(operation.name, timeout, attempt, error).with_retry_safety(operation.retry);
        return (Error::Timeout(Box::new(timeout)), Outcome::TimedOut);
    } else if error.is_builder() || error.is_redirect() || error.is_status() {
        (TransportErrorKind::Other, Outcome::Fatal)
    } else {
        (TransportErrorKind::Interrupted, Outcome::Interrupted)
    };
    let error = TransportError::new(operation.name, kind, attempt, status, error).with_retry_safety(operation.retry);
    (Error::Transport(Box::new(error)), outcome)
}

/// Asks `provider` for the token of the attempt after `retries_done` retries and turns it into
/// the `Authorization` header value, marked sensitive.
///
/// The provider has until the call's deadline, if there is one; a provider still waiting then
/// ends the call as a deadline timeout, with the attempts already made.
async fn authorization(
    provider: &dyn TokenProvider,
    operation: &'static Operation,
    retries_done: u32,
    deadline: Option<(Duration, Instant)>,
) -> Result<HeaderValue, Error> {
    let token = match deadline {
        Some((total, at)) => match tokio::time::timeout_at(at.into(), provider.token()).await {
            Ok(token) => token,
            Err(_) => {
                let error =
                    TimeoutError::deadline(operation.name, total, retries_done).with_retry_safety(operation.retry);
                return Err(Error::Timeout(Box::new(error)));
            }
        },
        None => provider.token().await,
    };
    token.and_then(|token| token.authorization_header().map_err(BoxError::from)).map_err(|reason| {
        let attempt = retries_done.saturating_add(1);
        Error::Token(Box::new(TokenError::new(operation.name, attempt, reason)))
    })
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
            .field("token_provider", &self.inner.token_provider.is_some())
            .field("credentials", &self.inner.credentials)
            .field("hooks", &self.inner.hooks.len())
            .finish_non_exhaustive()
    }
}

/// The default headers with a request's own headers set over them.
fn with_own_headers(defaults: &HeaderMap, own: HeaderMap) -> HeaderMap {
    let mut headers = defaults.clone();
    set_over(&mut headers, own);
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

/// The `error.type` of a failed call: the HTTP status, or the kind of failure.
fn error_type(error: &Error) -> Cow<'static, str> {
    match error {
        Error::Api(api) => Cow::Owned(api.status().as_u16().to_string()),
        Error::Decode(_) => Cow::Borrowed("decode"),
        Error::Transport(_) => Cow::Borrowed("transport"),
        Error::Timeout(timeout) if timeout.is_deadline() => Cow::Borrowed("deadline"),
        Error::Timeout(_) => Cow::Borrowed("timeout"),
        Error::InvalidRequest(_) => Cow::Borrowed("invalid_request"),
        Error::Config(_) => Cow::Borrowed("config"),
        Error::Token(_) => Cow::Borrowed("token"),
        Error::Hook(_) => Cow::Borrowed("hook"),
        Error::Build(_) => Cow::Borrowed("build"),
    }
}

fn record_latency(span: &tracing::Span, started: Instant) {
    span.record("latency_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
}
