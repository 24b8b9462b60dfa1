//! The single error type returned by every client method.
//!
//! [`Error`] has one variant per kind of failure; each variant boxes a
//! payload type with accessors, so the error stays small when it travels in a
//! `Result`. None of these types ever shows the API token: the token lives
//! only in a sensitive header value inside the transport (or in the client's
//! token provider) and is never copied into an error.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::conventions::Conventions;
use super::operation::RetrySafety;
use super::retry::{Decision, Outcome, RetryPolicy};
use super::snippet::snippet;

/// A `Result` whose error type defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error, boxed: what a token provider or a hook gives back when it fails.
///
/// A `String`, a `&str` or any error type converts into it with `?` or `.into()`; the runtime
/// keeps it as the source of [`TokenError`] or [`HookError`], so the caller can downcast it back.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The number of characters of the body that error messages show.
pub(crate) const SNIPPET_CHARS: usize = 512;

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status, or with a 2xx status whose
    /// body says the call failed, where the API declares a success flag.
    Api(Box<ApiError>),
    /// The server answered with a 2xx status, but its body could not be
    /// decoded into the expected type. The error keeps the whole body.
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
    /// The client's token provider could not give a token; the attempt that needed it was not
    /// sent.
    Token(Box<TokenError>),
    /// A hook stopped an attempt before it was sent; nothing more was sent.
    Hook(Box<HookError>),
    /// A model's builder was asked to build a value whose required field was not set.
    Build(Box<BuildError>),
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
            Self::Decode(_)
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::Token(_)
            | Self::Hook(_)
            | Self::Build(_) => {
                return false;
            }
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
            Self::Timeout(_)
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::Token(_)
            | Self::Hook(_)
            | Self::Build(_) => None,
        }
    }

    /// Returns the request id the server attached to the response, from the
    /// first request id header the API declares, if any.
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
            Self::Token(error) => fmt::Display::fmt(error, f),
            Self::Hook(error) => fmt::Display::fmt(error, f),
            Self::Build(error) => fmt::Display::fmt(error, f),
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
            Self::Token(error) => Some(error.as_ref()),
            Self::Hook(error) => Some(error.as_ref()),
            Self::Build(error) => Some(error.as_ref()),
        }
    }
}

/// The server reported a failure: a non-2xx status, or a 2xx status with a
/// body that says the call failed.
///
/// The code and the message are read from the places the API's spec
/// declares for its error bodies; an API that declares none has neither.
/// Any body (JSON of another shape, HTML, empty, truncated) still yields an
/// `ApiError` with the status, the headers and the whole raw body.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: Option<i64>,
    message: Option<String>,
    request_id: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    operation: &'static str,
    conventions: &'static Conventions,
    retry_safety: RetrySafety,
}

impl ApiError {
    /// Builds an API error from a response, reading the code, the message
    /// and the request id where `conventions` says they are.
    ///
    /// The operation is taken to be idempotent; the client records the
    /// operation's own [`RetrySafety`] with [`Self::with_retry_safety`].
    #[doc(hidden)]
    pub fn new(
        operation: &'static str,
        conventions: &'static Conventions,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let (code, message) = conventions.error_code_and_message(&body);
        let request_id = conventions.request_id(&headers).map(str::to_owned);
        let retry_safety = RetrySafety::Idempotent;
        Self { status, code, message, request_id, headers, body, operation, conventions, retry_safety }
    }

    /// Records whether the failed operation is safe to repeat, which
    /// [`Error::is_retryable`] follows.
    #[doc(hidden)]
    #[must_use]
    pub fn with_retry_safety(mut self, retry_safety: RetrySafety) -> Self {
        self.retry_safety = retry_safety;
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The numeric error code, where the API declares one for its error
    /// bodies and this body holds it.
    pub fn code(&self) -> Option<i64> {
        self.code
    }

    /// The error message, where the API declares one for its error bodies
    /// and this body holds it.
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
        self.decode_with(super::decode::json::<T>)
    }

    /// Decodes the error body into an operation's error enum, whose variant
    /// is chosen by the status.
    pub fn decode<T: super::decode::FromStatus>(&self) -> Result<T, DecodeError> {
        self.decode_with(T::from_status)
    }

    fn decode_with<T>(&self, decoder: super::decode::Decoder<T>) -> Result<T, DecodeError> {
        decoder(self.status, &self.body).map_err(|error| {
            let (path, message) = error.into_parts();
            let (headers, body) = (self.headers.clone(), self.body.clone());
            DecodeError::new(self.operation, self.conventions, self.status, headers, body, path, message)
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

/// A response body could not be decoded into the expected type.
///
/// It keeps everything that arrived: the status, the headers and the whole
/// raw body, so a caller can fall back to reading the body another way, for
/// example as a `serde_json::Value`, or log exactly what the server sent.
#[derive(Debug, Clone)]
pub struct DecodeError {
    operation: &'static str,
    status: StatusCode,
    /// The headers and the body, boxed so that a `Result` carrying this error stays small.
    received: Box<(HeaderMap, Bytes)>,
    path: String,
    message: String,
    request_id: Option<String>,
}

impl DecodeError {
    /// Builds a decode error.
    ///
    /// `path` is the JSON path where decoding failed (for example
    /// `data.sessions[0].status`) and `message` the decoder's explanation;
    /// the request id is read where `conventions` says it is.
    #[doc(hidden)]
    pub fn new(
        operation: &'static str,
        conventions: &'static Conventions,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        path: String,
        message: String,
    ) -> Self {
        let request_id = conventions.request_id(&headers).map(str::to_owned);
        Self { operation, status, received: Box::new((headers, body)), path, message, request_id }
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.received.0
    }

    /// The whole raw response body, as it arrived.
    pub fn body(&self) -> &Bytes {
        &self.received.1
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

    /// The start of the body as text, with whitespace runs collapsed, at
    /// most 512 characters long; [`Self::body`] has all of it.
    pub fn body_snippet(&self) -> String {
        snippet(self.body(), SNIPPET_CHARS)
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
        let snippet = self.body_snippet();
        if snippet.is_empty() { f.write_str(" (the body is empty)") } else { write!(f, " (body: {snippet})") }
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
    #[doc(hidden)]
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
    #[doc(hidden)]
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

/// The per-attempt timeout elapsed on the last attempt, or the request's total deadline
/// passed while an attempt was in flight.
#[derive(Debug)]
pub struct TimeoutError {
    operation: &'static str,
    timeout: Duration,
    attempts: u32,
    /// The HTTP client's error, when the per-attempt timeout elapsed; none for a deadline.
    source: Option<reqwest::Error>,
    retry_safety: RetrySafety,
    deadline: bool,
}

impl TimeoutError {
    /// Builds a timeout error around the reqwest error that reported it.
    ///
    /// The query string is removed from the URL recorded in `source`. The
    /// operation is taken to be idempotent until [`Self::with_retry_safety`]
    /// says otherwise.
    #[doc(hidden)]
    pub fn new(operation: &'static str, timeout: Duration, attempts: u32, source: reqwest::Error) -> Self {
        let retry_safety = RetrySafety::Idempotent;
        Self { operation, timeout, attempts, source: Some(strip_query(source)), retry_safety, deadline: false }
    }

    /// Builds the error of a request whose total deadline passed during attempt `attempts`.
    #[doc(hidden)]
    pub fn deadline(operation: &'static str, deadline: Duration, attempts: u32) -> Self {
        let retry_safety = RetrySafety::Idempotent;
        Self { operation, timeout: deadline, attempts, source: None, retry_safety, deadline: true }
    }

    /// Whether the request's total deadline passed, rather than one attempt's timeout.
    pub fn is_deadline(&self) -> bool {
        self.deadline
    }

    /// Records whether the failed operation is safe to repeat, which
    /// [`Error::is_retryable`] follows.
    #[doc(hidden)]
    #[must_use]
    pub fn with_retry_safety(mut self, retry_safety: RetrySafety) -> Self {
        self.retry_safety = retry_safety;
        self
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The per-attempt timeout that elapsed, or the deadline when [`Self::is_deadline`].
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
        let which = if self.deadline { "deadline" } else { "per-attempt timeout" };
        write!(f, "{}: timed out ({which} {:?}, after {} attempt", self.operation, self.timeout, self.attempts)?;
        if self.attempts != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// A model's builder lacked a required field when asked to build.
///
/// It converts into [`Error`], so `?` works in a function that calls the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    field: &'static str,
}

impl BuildError {
    /// The error for the required `field` of `type_name`, left unset.
    #[doc(hidden)]
    pub fn missing(type_name: &'static str, field: &'static str) -> Self {
        Self { type_name, field }
    }

    /// The name of the type being built, for example `"CreatePollRequest"`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The Rust name of the required field that was not set, for example `"question"`.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` needs its required field `{}`, which was not set", self.type_name, self.field)
    }
}

impl std::error::Error for BuildError {}

impl From<BuildError> for Error {
    fn from(error: BuildError) -> Self {
        Self::Build(Box::new(error))
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
    #[doc(hidden)]
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

/// Implements an error that ended a call before an attempt was sent, keeping the operation, the
/// attempt and the error the user's code returned; `TokenError` and `HookError` differ only in
/// their docs and message.
macro_rules! attempt_stopped_error {
    ($name:ident, attempt: $attempt_docs:literal, reason: $reason_docs:literal, $message:literal) => {
        impl $name {
            /// Builds the error for attempt `attempt` of `operation`.
            pub(crate) fn new(operation: &'static str, attempt: u32, reason: BoxError) -> Self {
                Self { operation, attempt, reason }
            }

            /// The name of the operation, for example `"list_sessions"`.
            pub fn operation(&self) -> &'static str {
                self.operation
            }

            #[doc = $attempt_docs]
            pub fn attempt(&self) -> u32 {
                self.attempt
            }

            #[doc = $reason_docs]
            pub fn reason(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
                self.reason.as_ref()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, $message, self.operation, self.attempt, self.reason)
            }
        }

        impl std::error::Error for $name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.reason.as_ref())
            }
        }
    };
}

/// The client's token provider failed, so the attempt that needed the token was not sent.
///
/// The provider's own error is kept as [`Self::reason`] (and as the
/// [`source`](std::error::Error::source)), and its message is part of this error's, so a
/// provider must not put the token in its errors. The failure is not retried: a provider that
/// can recover from a passing failure retries on its own.
#[derive(Debug)]
pub struct TokenError {
    operation: &'static str,
    attempt: u32,
    reason: BoxError,
}

attempt_stopped_error!(
    TokenError,
    attempt: " The attempt that needed the token, counting from 1; the attempts before it were sent.",
    reason: " The error the provider returned; downcast it to reach the provider's own error type.",
    "{}: the token provider failed before attempt {}: {}"
);

/// A hook stopped an attempt before it was sent, so the call ended there.
///
/// The hook's own error is kept as [`Self::reason`] (and as the
/// [`source`](std::error::Error::source)), and its message is part of this error's. The attempt
/// is not retried, whatever the operation.
#[derive(Debug)]
pub struct HookError {
    operation: &'static str,
    attempt: u32,
    reason: BoxError,
}

attempt_stopped_error!(
    HookError,
    attempt: " The attempt the hook stopped, counting from 1; the attempts before it were sent.",
    reason: " The error the hook returned; downcast it to reach the hook's own error type.",
    "{}: a hook stopped attempt {} before it was sent: {}"
);

/// Removes the query string from the URL a reqwest error carries.
fn strip_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}
