//! The single error type returned by every client method.
//!
//! [`Error`] has one variant per kind of failure; each variant boxes a
//! payload type with accessors, so the error stays small when it travels in a
//! `Result`. None of these types ever shows the API token: the token lives
//! only in a sensitive header value inside the transport and is never copied
//! into an error.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::operation::RetrySafety;
use super::retry::{Decision, Outcome, RetryPolicy};

/// A `Result` whose error type defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The number of characters kept in body snippets shown in error messages.
pub(crate) const SNIPPET_CHARS: usize = 512;

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status, or with a 2xx status whose
    /// body says the call failed (for example `"success": false`).
    Api(Box<ApiError>),
    /// The server answered with a 2xx status, but its body could not be
    /// decoded into the expected type.
    Decode(Box<DecodeError>),
    /// The request could not be sent or the response could not be read, for
    /// example because the connection was refused or reset.
    Transport(Box<TransportError>),
    /// The per-attempt timeout elapsed on the last attempt.
    Timeout(Box<TimeoutError>),
    /// A parameter or the body failed validation; nothing was sent.
    InvalidRequest(Box<InvalidRequestError>),
    /// The client could not be built from its configuration.
    Config(Box<ConfigError>),
}

impl Error {
    /// Returns `true` if the server answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Returns `true` if the server answered `429 Too Many Requests`.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Returns `true` if the retry rules would retry this failure of this
    /// operation under the default [`RetryPolicy`].
    ///
    /// This is useful when an application wants to retry on its own after
    /// the built-in retries were exhausted. It follows the operation's
    /// [`RetrySafety`]: a `503` without `Retry-After` is retryable for a
    /// `GET`, but not for a `POST`, which may have taken effect.
    pub fn is_retryable(&self) -> bool {
        let (outcome, safety) = match self {
            Self::Api(error) => (Outcome::from_status(error.status, &error.headers), error.retry_safety),
            Self::Transport(error) => (error.outcome(), error.retry_safety),
            Self::Timeout(error) => (Outcome::TimedOut, error.retry_safety),
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Config(_) => return false,
        };
        !matches!(super::retry::decide(&RetryPolicy::default(), safety, 0, &outcome), Decision::Stop)
    }

    /// Returns the HTTP status of the response this error comes from, if a
    /// response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Decode(error) => Some(error.status),
            Self::Transport(error) => error.status,
            Self::Timeout(_) | Self::InvalidRequest(_) | Self::Config(_) => None,
        }
    }

    /// Returns the request id the server attached to the response (from the
    /// `x-request-id`, `request-id` or `cf-ray` header), if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.request_id(),
            Self::Decode(error) => error.request_id(),
            _ => None,
        }
    }

    /// Returns the API error payload if this is an [`Error::Api`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }

    /// Builds an [`Error::Config`] with the given message.
    pub fn config(message: impl Into<String>) -> Self {
        Self::Config(Box::new(ConfigError { message: message.into() }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => fmt::Display::fmt(error, f),
            Self::Decode(error) => fmt::Display::fmt(error, f),
            Self::Transport(error) => fmt::Display::fmt(error, f),
            Self::Timeout(error) => fmt::Display::fmt(error, f),
            Self::InvalidRequest(error) => fmt::Display::fmt(error, f),
            Self::Config(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Each variant delegates to its payload, so the payload's own source
        // (for example the underlying reqwest error) stays reachable.
        match self {
            Self::Api(error) => Some(error.as_ref()),
            Self::Decode(error) => Some(error.as_ref()),
            Self::Transport(error) => Some(error.as_ref()),
            Self::Timeout(error) => Some(error.as_ref()),
            Self::InvalidRequest(error) => Some(error.as_ref()),
            Self::Config(error) => Some(error.as_ref()),
        }
    }
}

/// The server reported a failure: a non-2xx status, or a 2xx status with a
/// body that says the call failed.
///
/// The error body is parsed leniently: the code and message are taken from
/// `{"error": {"code": .., "message": ..}}`, from the first entry of
/// `{"errors": [{"code": .., "message": ..}]}`, or from a top-level
/// `"message"`, `"code"` or string `"error"` field. Any other body (HTML,
/// empty, truncated) still yields an `ApiError` with the status and the raw
/// body.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: Option<i64>,
    message: Option<String>,
    request_id: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    operation: &'static str,
    retry_safety: RetrySafety,
}

impl ApiError {
    /// Builds an API error from a response, parsing its body leniently.
    ///
    /// The operation is taken to be idempotent; the client records the
    /// operation's own [`RetrySafety`] with [`Self::with_retry_safety`].
    pub fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let (code, message) = parse_error_body(&body);
        let request_id = super::response::request_id_from(&headers).map(str::to_owned);
        let retry_safety = RetrySafety::Idempotent;
        Self { status, code, message, request_id, headers, body, operation, retry_safety }
    }

    /// Records whether the failed operation is safe to repeat, which
    /// [`Error::is_retryable`] follows.
    #[must_use]
    pub fn with_retry_safety(mut self, retry_safety: RetrySafety) -> Self {
        self.retry_safety = retry_safety;
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The numeric error code found in the body, if any.
    pub fn code(&self) -> Option<i64> {
        self.code
    }

    /// The error message found in the body, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id from the response headers, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body (possibly partial if reading it failed).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The name of the operation that failed, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The start of the body as text, with whitespace runs collapsed, at
    /// most 512 characters long.
    pub fn body_snippet(&self) -> String {
        snippet(&self.body, SNIPPET_CHARS)
    }

    /// Decodes the error body as JSON into `T`, such as the error schema an
    /// operation documents.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        self.decode_with(super::response::json::<T>)
    }

    /// Decodes the error body into an operation's error enum, whose variant
    /// is chosen by the status.
    pub fn decode<T: super::response::FromStatus>(&self) -> Result<T, DecodeError> {
        self.decode_with(T::from_status)
    }

    fn decode_with<T>(&self, decoder: super::response::Decoder<T>) -> Result<T, DecodeError> {
        decoder(self.status, &self.body).map_err(|error| {
            let (path, message) = error.into_parts();
            DecodeError::new(self.operation, self.status, &self.headers, &self.body, path, message)
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")
        } else {
            let snippet = self.body_snippet();
            if snippet.is_empty() { Ok(()) } else { write!(f, ": {snippet}") }
        }
    }
}

impl std::error::Error for ApiError {}

/// A 2xx response body could not be decoded into the expected type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    operation: &'static str,
    status: StatusCode,
    path: String,
    message: String,
    snippet: String,
    request_id: Option<String>,
}

impl DecodeError {
    /// Builds a decode error.
    ///
    /// `path` is the JSON path where decoding failed (for example
    /// `data.sessions[0].status`) and `message` the decoder's explanation.
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        path: String,
        message: String,
    ) -> Self {
        Self {
            operation,
            status,
            path,
            message,
            snippet: snippet(body, SNIPPET_CHARS),
            request_id: super::response::request_id_from(headers).map(str::to_owned),
        }
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The JSON path where decoding failed, for example
    /// `data.sessions[0].status`; `.` means the document root.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The decoder's explanation of the failure.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body as text, at most 512 characters long.
    pub fn body_snippet(&self) -> &str {
        &self.snippet
    }

    /// The request id from the response headers, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: could not decode the HTTP {} response body at `{}`: {}",
            self.operation, self.status, self.path, self.message
        )?;
        if self.snippet.is_empty() {
            f.write_str(" (the body is empty)")
        } else {
            write!(f, " (body: {})", self.snippet)
        }
    }
}

impl std::error::Error for DecodeError {}

/// What kind of transport failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be established, so nothing was sent.
    Connect,
    /// The connection failed after the request may have been sent, for
    /// example it was reset or the response body was cut short.
    Interrupted,
    /// Any other failure, for example a redirect loop; retrying will not
    /// help.
    Other,
}

/// The request could not be sent or the response could not be read.
#[derive(Debug)]
pub struct TransportError {
    operation: &'static str,
    kind: TransportErrorKind,
    attempts: u32,
    status: Option<StatusCode>,
    source: reqwest::Error,
    retry_safety: RetrySafety,
}

impl TransportError {
    /// Builds a transport error around a reqwest error.
    ///
    /// The query string is removed from the URL recorded in `source`, so
    /// query values never show up in messages. The operation is taken to be
    /// idempotent until [`Self::with_retry_safety`] says otherwise.
    pub fn new(
        operation: &'static str,
        kind: TransportErrorKind,
        attempts: u32,
        status: Option<StatusCode>,
        source: reqwest::Error,
    ) -> Self {
        let retry_safety = RetrySafety::Idempotent;
        Self { operation, kind, attempts, status, source: strip_query(source), retry_safety }
    }

    /// Records whether the failed operation is safe to repeat, which
    /// [`Error::is_retryable`] follows.
    #[must_use]
    pub fn with_retry_safety(mut self, retry_safety: RetrySafety) -> Self {
        self.retry_safety = retry_safety;
        self
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Returns `true` if no connection could be established.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// How many attempts were made in total.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The response status, if the failure happened while reading the body
    /// of a response.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The underlying reqwest error.
    pub fn reqwest_error(&self) -> &reqwest::Error {
        &self.source
    }

    pub(crate) fn outcome(&self) -> Outcome {
        match self.kind {
            TransportErrorKind::Connect => Outcome::ConnectFailed,
            TransportErrorKind::Interrupted => Outcome::Interrupted,
            TransportErrorKind::Other => Outcome::Fatal,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect to the server",
            TransportErrorKind::Interrupted => "the connection failed",
            TransportErrorKind::Other => "the request failed",
        };
        write!(f, "{}: {what}", self.operation)?;
        if let Some(status) = self.status {
            write!(f, " while reading the HTTP {status} response body")?;
        }
        write!(f, " (after {} attempt", self.attempts)?;
        if self.attempts != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The per-attempt timeout elapsed on the last attempt.
#[derive(Debug)]
pub struct TimeoutError {
    operation: &'static str,
    timeout: Duration,
    attempts: u32,
    source: reqwest::Error,
    retry_safety: RetrySafety,
}

impl TimeoutError {
    /// Builds a timeout error around the reqwest error that reported it.
    ///
    /// The query string is removed from the URL recorded in `source`. The
    /// operation is taken to be idempotent until [`Self::with_retry_safety`]
    /// says otherwise.
    pub fn new(operation: &'static str, timeout: Duration, attempts: u32, source: reqwest::Error) -> Self {
        let retry_safety = RetrySafety::Idempotent;
        Self { operation, timeout, attempts, source: strip_query(source), retry_safety }
    }

    /// Records whether the failed operation is safe to repeat, which
    /// [`Error::is_retryable`] follows.
    #[must_use]
    pub fn with_retry_safety(mut self, retry_safety: RetrySafety) -> Self {
        self.retry_safety = retry_safety;
        self
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The per-attempt timeout that elapsed.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// How many attempts were made in total.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: timed out (per-attempt timeout {:?}, after {} attempt",
            self.operation, self.timeout, self.attempts
        )?;
        if self.attempts != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A parameter or the body failed validation; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequestError {
    operation: &'static str,
    parameter: &'static str,
    reason: String,
}

impl InvalidRequestError {
    /// Builds an invalid-request error.
    pub fn new(operation: &'static str, parameter: &'static str, reason: impl Into<String>) -> Self {
        Self { operation, parameter, reason: reason.into() }
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The name of the offending parameter, or `"body"` for the body.
    pub fn parameter(&self) -> &'static str {
        self.parameter
    }

    /// Why the value was rejected.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid request: `{}` {}", self.operation, self.parameter, self.reason)
    }
}

impl std::error::Error for InvalidRequestError {}

/// The client could not be built from its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    /// What is wrong with the configuration.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Removes the query string from the URL a reqwest error carries.
fn strip_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}

/// Returns the start of `body` as text: invalid UTF-8 is replaced, runs of
/// whitespace become one space, and at most `max_chars` characters are kept
/// (an ellipsis marks a cut).
pub(crate) fn snippet(body: &[u8], max_chars: usize) -> String {
    // Four bytes per character is the UTF-8 maximum, so this prefix holds at
    // least `max_chars` characters whenever the body is longer.
    let limit = body.len().min(max_chars.saturating_mul(4));
    let prefix = body.get(..limit).unwrap_or(body);
    let cut_prefix = limit < body.len();

    let mut out = String::new();
    let mut count = 0usize;
    let mut pending_space = false;
    let mut truncated = false;
    let mut chunks = prefix.utf8_chunks().peekable();
    'outer: while let Some(chunk) = chunks.next() {
        let is_last = chunks.peek().is_none();
        // A character split by the prefix cut is not an encoding error.
        let replacement = if chunk.invalid().is_empty() || (is_last && cut_prefix) {
            None
        } else {
            Some(char::REPLACEMENT_CHARACTER)
        };
        for c in chunk.valid().chars().chain(replacement) {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            let needed = if pending_space { 2 } else { 1 };
            if count + needed > max_chars {
                truncated = true;
                break 'outer;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
                count += 1;
            }
            out.push(c);
            count += 1;
        }
    }
    if truncated || cut_prefix {
        out.push('…');
    }
    out
}

/// Extracts an error code and message from an error body, leniently.
fn parse_error_body(body: &[u8]) -> (Option<i64>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let Some(object) = value.as_object() else {
        return (None, None);
    };
    // The first shape tried is `{"error": {"code": .., "message": ..}}`.
    if let Some(serde_json::Value::Object(error)) = object.get("error") {
        let found = (code_of(error.get("code")), message_of(error));
        if found.0.is_some() || found.1.is_some() {
            return found;
        }
    }
    // The next is `{"errors": [{"code": .., "message": ..}, ..]}`, using the
    // first entry.
    if let Some(serde_json::Value::Array(errors)) = object.get("errors") {
        match errors.first() {
            Some(serde_json::Value::Object(first)) => {
                let found = (code_of(first.get("code")), message_of(first));
                if found.0.is_some() || found.1.is_some() {
                    return found;
                }
            }
            Some(serde_json::Value::String(text)) if !text.is_empty() => {
                return (code_of(object.get("code")), Some(text.clone()));
            }
            _ => {}
        }
    }
    // The last is `{"message": ..}` or `{"error": "text"}`, with an optional
    // top-level `"code"`.
    let message = message_of(object).or_else(|| match object.get("error") {
        Some(serde_json::Value::String(text)) if !text.is_empty() => Some(text.clone()),
        _ => None,
    });
    (code_of(object.get("code")), message)
}

/// Reads a code that is a JSON integer or a string holding one.
fn code_of(value: Option<&serde_json::Value>) -> Option<i64> {
    match value? {
        serde_json::Value::Number(number) => number.as_i64(),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Reads the first non-empty string among the usual message fields.
fn message_of(object: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    ["message", "detail", "error_description", "title"].iter().find_map(|key| match object.get(*key) {
        Some(serde_json::Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    })
}
