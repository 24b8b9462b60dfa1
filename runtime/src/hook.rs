//! Hooks around each attempt: user code that adjusts a request just before it is sent, and sees
//! how each attempt ended.
//!
//! A [`Hook`] is registered with [`ClientBuilder::hook`](super::config::ClientBuilder::hook);
//! a client may have several. For every attempt, retries included, the transport:
//!
//! 1. builds the attempt's request (URL, body, default and per-request headers, and the token);
//! 2. calls each hook's [`before`](Hook::before) in registration order, with the request as an
//!    [`AttemptRequest`] whose headers the hook may change; a hook that returns an error stops
//!    the attempt, and the hooks after it are not called;
//! 3. sends the request, unless a hook stopped it;
//! 4. calls [`after`](Hook::after) in reverse registration order, with an [`AttemptOutcome`],
//!    on every hook whose `before` returned `Ok`, so a hook registered first wraps all the
//!    others, as the outer layer of a stack does.
//!
//! Each attempt starts again from the request as the client builds it, so what a hook changed
//! lasts for that attempt only: a signature or a timestamp is made anew for a retry. A hook
//! cannot resend a request or cause a retry: the transport alone decides, with the rules of
//! [`super::retry`], so a `POST` that may have acted is still never resent. A hook that stops
//! an attempt ends the call with [`Error::Hook`], which is never retried. When the call's
//! future is dropped mid-attempt, that attempt's `after` is not called.
//!
//! Hooks are a trait of this runtime rather than a `tower` layer. A layer would add `tower`
//! to the dependencies of every generated crate, and each stacked layer is a generic service
//! type that the user's crate compiles anew, while a hook costs one dynamic call per attempt.
//! A layer also owns the call to the service it wraps, so it could call it twice, which would
//! resend a request the retry rules refuse to resend; a hook never holds the sending.
//!
//! Hooks are synchronous: adding headers, signing method, URL and body with a key at hand, or
//! counting attempts is work done on the spot, and a synchronous call needs no boxed future
//! per hook per attempt and holds no borrow of the request across an `await`. Work that has to
//! wait, such as fetching credentials, belongs in a
//! [`TokenProvider`](super::secret::TokenProvider) or in a task of the application that the
//! hook reads from.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

use super::error::{BoxError, Error};
use super::operation::{Method, Operation};

/// Code that runs around each attempt of every call: see the [module docs](self) for when and
/// in which order.
///
/// Both methods do nothing by default, so a hook implements the one it needs. A hook is shared
/// by every call of the client and of its clones, concurrently, so it guards its own state. An
/// `Arc` of a hook is a hook too, so the application can keep a handle to a hook it gave the
/// client, for example to read the counts a metrics hook keeps.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent, with the request it will send.
    ///
    /// The hook may read the method, the URL and the body, and read or change the headers, for
    /// example to add a custom header or a signature. Returning an error stops the attempt:
    /// nothing is sent, and the call ends with [`Error::Hook`], which keeps the error. The
    /// request's `Authorization` header, when the client sets one, is among the headers,
    /// marked sensitive; a hook must not log its value.
    fn before(&self, _request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        Ok(())
    }

    /// Called after each attempt whose [`before`](Self::before) this hook passed, with how the
    /// attempt ended.
    fn after(&self, _outcome: &AttemptOutcome<'_>) {}
}

impl<H: Hook + ?Sized> Hook for Arc<H> {
    fn before(&self, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        H::before(self, request)
    }

    fn after(&self, outcome: &AttemptOutcome<'_>) {
        H::after(self, outcome);
    }
}

/// The request of one attempt, as the hooks see it just before it is sent.
///
/// `Debug` output shows the path and the header names only: the query and header values may be
/// secret.
pub struct AttemptRequest<'a> {
    operation: &'static Operation,
    attempt: u32,
    request: &'a mut reqwest::Request,
}

impl<'a> AttemptRequest<'a> {
    /// Wraps the request of attempt `attempt` (counting from 1) of `operation`.
    pub(crate) fn new(operation: &'static Operation, attempt: u32, request: &'a mut reqwest::Request) -> Self {
        Self { operation, attempt, request }
    }

    /// The static facts of the operation: its name, method, path template and retry safety.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The number of this attempt, counting from 1; a retry has a number above 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.operation.method
    }

    /// The full URL, with the rendered path and the query string.
    pub fn url(&self) -> &reqwest::Url {
        self.request.url()
    }

    /// The body bytes, exactly as they will be sent, or `None` when the request has no body.
    pub fn body(&self) -> Option<&[u8]> {
        self.request.body().and_then(reqwest::Body::as_bytes)
    }

    /// The headers that will be sent.
    ///
    /// The HTTP client adds `Host`, and `Content-Length` for a body, when it writes the
    /// request; they are not here.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The headers that will be sent, to change them for this attempt.
    ///
    /// `Host`, `Content-Length` and `Transfer-Encoding` belong to the HTTP client and must be
    /// left alone.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }
}

impl fmt::Debug for AttemptRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("operation", &self.operation.name)
            .field("attempt", &self.attempt)
            .field("method", &self.operation.method)
            .field("path", &self.request.url().path())
            .field("headers", &header_names(self.request.headers()))
            .finish_non_exhaustive()
    }
}

/// How one attempt ended, as the hooks see it after the attempt.
#[derive(Debug)]
pub struct AttemptOutcome<'a> {
    operation: &'static Operation,
    attempt: u32,
    elapsed: Duration,
    result: AttemptResult<'a>,
}

impl<'a> AttemptOutcome<'a> {
    /// Describes how attempt `attempt` (counting from 1) of `operation` ended, `elapsed` after
    /// it was handed to the HTTP client.
    pub(crate) fn new(
        operation: &'static Operation,
        attempt: u32,
        elapsed: Duration,
        result: AttemptResult<'a>,
    ) -> Self {
        Self { operation, attempt, elapsed, result }
    }

    /// The static facts of the operation: its name, method, path template and retry safety.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The number of the attempt, counting from 1; a retry has a number above 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The time from handing the request to the HTTP client to the end of the attempt, the
    /// response body read; zero for an attempt a hook stopped.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The server's answer, or the error that ended the attempt.
    pub fn result(&self) -> AttemptResult<'a> {
        self.result
    }

    /// The status the server answered with, or `None` when the attempt
    /// [failed](AttemptResult::Failed).
    pub fn status(&self) -> Option<StatusCode> {
        match self.result {
            AttemptResult::Response { status, .. } => Some(status),
            AttemptResult::Failed(_) => None,
        }
    }
}

/// The server's answer to one attempt, or the error that ended it.
#[derive(Clone, Copy)]
pub enum AttemptResult<'a> {
    /// The server answered with a status, success or not, and the attempt's result follows
    /// from it (an error status's body may have been cut short; the status alone decides).
    Response {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
    },
    /// No usable answer: the connection failed, the attempt timed out, a hook stopped it, or a
    /// successful answer's body could not be read in full. The error is the attempt's own; the
    /// call may still retry.
    Failed(&'a Error),
}

impl fmt::Debug for AttemptResult<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Header values may be secret, so only their names are shown.
            Self::Response { status, headers } => {
                f.debug_struct("Response").field("status", status).field("headers", &header_names(headers)).finish()
            }
            Self::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
        }
    }
}

/// Calls every hook's `before` in order. When one returns an error, the hooks after it are not
/// called, and the number of hooks that passed comes back with the error.
pub(crate) fn before_each(hooks: &[Arc<dyn Hook>], request: &mut AttemptRequest<'_>) -> Result<(), (usize, BoxError)> {
    for (passed, hook) in hooks.iter().enumerate() {
        hook.before(request).map_err(|reason| (passed, reason))?;
    }
    Ok(())
}

/// Calls the `after` of every hook in `passed` (the hooks whose `before` returned `Ok`), in
/// reverse order.
pub(crate) fn after_each(passed: &[Arc<dyn Hook>], outcome: &AttemptOutcome<'_>) {
    for hook in passed.iter().rev() {
        hook.after(outcome);
    }
}

fn header_names(headers: &HeaderMap) -> Vec<&str> {
    headers.keys().map(HeaderName::as_str).collect()
}
