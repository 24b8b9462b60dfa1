//! When a failed attempt is retried, and how long to wait before retrying.
//!
//! The rules, applied after every failed attempt:
//!
//! 1. No more than [`RetryPolicy::max_retries`] retries are made (so at most
//!    `max_retries + 1` attempts); `0` disables retries.
//! 2. An [`Idempotent`](RetrySafety::Idempotent) operation is retried after
//!    a connection failure (refused, reset, or a body cut short), a timeout,
//!    and the statuses `408`, `409`, `429` and every `5xx`.
//! 3. A [`NotIdempotent`](RetrySafety::NotIdempotent) operation (typically a
//!    `POST`) is retried only when the failed attempt provably did not take
//!    effect: the connection could not be established (nothing was sent), the
//!    server answered `429`, or the server answered `503` *with* a usable
//!    `Retry-After` or `retry-after-ms` header. It is never retried after a
//!    timeout, a connection reset after sending, `500`, `502`, `504`, or a
//!    `503` without a retry header.
//! 4. If the response carries `retry-after-ms` (milliseconds) or
//!    `Retry-After` (delta-seconds or an HTTP date), the runtime waits
//!    exactly that long; if that is longer than
//!    [`RetryPolicy::max_retry_after`], it does not retry and returns the
//!    error instead.
//! 5. Otherwise it waits an exponential backoff of
//!    `initial_backoff * 2^retry` (where `retry` counts earlier retries,
//!    starting at 0), capped at [`RetryPolicy::max_backoff`], with "equal
//!    jitter": a uniformly random wait between half of that and all of it.
//!
//! The decision itself is the pure function [`decide`]; the transport only
//! classifies each failed attempt into an [`Outcome`] and sleeps as told.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::operation::RetrySafety;

/// How many times, and how patiently, failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The maximum number of retries after the first attempt; `0` disables
    /// retries. Defaults to 2.
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles for each further
    /// retry. Defaults to 500 ms.
    pub initial_backoff: Duration,
    /// The upper bound of the exponential backoff. Defaults to 8 s.
    pub max_backoff: Duration,
    /// The longest server-requested wait (`Retry-After`) the client accepts;
    /// a longer request stops retrying. Defaults to 60 s.
    pub max_retry_after: Duration,
}

impl RetryPolicy {
    /// The default policy: 2 retries, 500 ms initial backoff, 8 s maximum
    /// backoff, 60 s maximum `Retry-After`.
    pub const DEFAULT: Self = Self {
        max_retries: 2,
        initial_backoff: Duration::from_millis(500),
        max_backoff: Duration::from_secs(8),
        max_retry_after: Duration::from_secs(60),
    };

    /// A policy that never retries.
    pub const NEVER: Self = Self { max_retries: 0, ..Self::DEFAULT };

    /// Returns the backoff before the retry numbered `retries_done`
    /// (counting from 0) before jitter: `initial_backoff * 2^retries_done`,
    /// capped at `max_backoff`.
    pub fn backoff(&self, retries_done: u32) -> Duration {
        let factor = 1u32.checked_shl(retries_done).unwrap_or(u32::MAX);
        self.initial_backoff.checked_mul(factor).unwrap_or(Duration::MAX).min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How one attempt ended, as far as the retry rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status.
    Status {
        /// The response status.
        status: StatusCode,
        /// The wait the server asked for with `retry-after-ms` or
        /// `Retry-After`, if it sent a usable one.
        retry_after: Option<Duration>,
    },
    /// No connection could be established; nothing was sent.
    ConnectFailed,
    /// The per-attempt timeout elapsed; the request may have taken effect.
    TimedOut,
    /// The connection failed after the request may have been sent (reset,
    /// closed early, body cut short).
    Interrupted,
    /// A failure retrying cannot fix, such as a redirect loop.
    Fatal,
}

impl Outcome {
    /// Builds a [`Outcome::Status`] from a status and the response headers,
    /// reading the retry headers relative to the current time.
    pub fn from_status(status: StatusCode, headers: &HeaderMap) -> Self {
        Self::Status { status, retry_after: retry_after(headers, SystemTime::now()) }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Retry after exactly this server-requested wait.
    RetryAfter(Duration),
    /// Retry after a jittered wait of at most this long (and at least half).
    Backoff(Duration),
    /// Do not retry; return the error.
    Stop,
}

impl Decision {
    /// Returns how long to wait before retrying (with jitter applied to a
    /// backoff), or `None` for [`Decision::Stop`].
    pub fn delay(self) -> Option<Duration> {
        match self {
            Self::RetryAfter(wait) => Some(wait),
            Self::Backoff(max) => Some(equal_jitter(max)),
            Self::Stop => None,
        }
    }
}

/// Decides whether to retry after a failed attempt; see the module docs for
/// the rules.
///
/// `retries_done` is the number of retries already made before the attempt
/// that just failed (0 after the first attempt).
pub fn decide(policy: &RetryPolicy, safety: RetrySafety, retries_done: u32, outcome: &Outcome) -> Decision {
    if retries_done >= policy.max_retries {
        return Decision::Stop;
    }
    let retryable = match (safety, outcome) {
        (_, Outcome::Status { status, .. }) if status.is_success() => false,
        (RetrySafety::Idempotent, Outcome::Status { status, .. }) => {
            matches!(*status, StatusCode::REQUEST_TIMEOUT | StatusCode::CONFLICT | StatusCode::TOO_MANY_REQUESTS)
                || status.is_server_error()
        }
        (RetrySafety::Idempotent, Outcome::ConnectFailed | Outcome::TimedOut | Outcome::Interrupted) => true,
        (RetrySafety::NotIdempotent, Outcome::Status { status, retry_after }) => {
            *status == StatusCode::TOO_MANY_REQUESTS
                || (*status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some())
        }
        (RetrySafety::NotIdempotent, Outcome::ConnectFailed) => true,
        (RetrySafety::NotIdempotent, Outcome::TimedOut | Outcome::Interrupted | Outcome::Fatal)
        | (RetrySafety::Idempotent, Outcome::Fatal) => false,
    };
    if !retryable {
        return Decision::Stop;
    }
    match outcome {
        Outcome::Status { retry_after: Some(wait), .. } => {
            if *wait > policy.max_retry_after {
                Decision::Stop
            } else {
                Decision::RetryAfter(*wait)
            }
        }
        _ => Decision::Backoff(policy.backoff(retries_done)),
    }
}

/// Reads the wait a response asks for: `retry-after-ms` (milliseconds, may
/// be fractional) first, then `Retry-After` (delta-seconds or an HTTP date,
/// measured from `now`; a date in the past means no wait).
///
/// Returns `None` when neither header is present or parseable.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let from_ms = headers
        .get("retry-after-ms")
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
        .map(|ms| Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::MAX));
    if from_ms.is_some() {
        return from_ms;
    }
    let text = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large for `u64` still means "wait very long".
        return Some(text.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Returns a uniformly random duration between half of `max` and `max`.
pub fn equal_jitter(max: Duration) -> Duration {
    let half = max / 2;
    let spread = u64::try_from((max - half).as_nanos()).unwrap_or(u64::MAX);
    half.saturating_add(Duration::from_nanos(fastrand::u64(0..=spread)))
}
