//! Per-request overrides of the client's settings: the per-attempt timeout, a total deadline
//! across attempts and backoff, the retry count, and extra headers.
//!
//! Every request builder takes a [`RequestOptions`] through `with_options`, so one call can
//! be bounded or tagged without a second client. What is not set keeps the client's setting.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// Overrides of the client's settings for one request (and, for a paged stream, for each of
/// its page requests).
///
/// `Debug` output shows header names only: values may be secret.
#[derive(Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_retries: Option<u32>,
    headers: HeaderMap,
    /// The first header that could not be added, reported when the request is sent.
    invalid_header: Option<String>,
}

impl RequestOptions {
    /// Options that override nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt, including reading the body, instead of the client's.
    #[must_use]
    pub fn timeout(mut self, per_attempt: Duration) -> Self {
        self.timeout = Some(per_attempt);
        self
    }

    /// A bound on the whole call: every attempt, and the backoff between them.
    ///
    /// An attempt in flight when the deadline passes ends with a timeout error whose
    /// [`is_deadline`](super::error::TimeoutError::is_deadline) is `true`; a retry that could
    /// not start before the deadline is not made, and the last failure is returned.
    #[must_use]
    pub fn deadline(mut self, total: Duration) -> Self {
        self.deadline = Some(total);
        self
    }

    /// The number of retries after the first attempt, instead of the client's policy's; `0`
    /// disables retries. The retry rules still decide which failures are retried.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// A header sent with this request, over a default header of the same name.
    ///
    /// A name or value that is not valid in HTTP makes sending fail with
    /// [`Error::InvalidRequest`](super::error::Error::InvalidRequest), before anything is sent.
    #[must_use]
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let parsed = (HeaderName::try_from(name), HeaderValue::try_from(value.as_ref()));
        match parsed {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => {
                self.invalid_header.get_or_insert_with(|| name.to_owned());
            }
        }
        self
    }

    /// The per-attempt timeout, if overridden.
    pub fn timeout_override(&self) -> Option<Duration> {
        self.timeout
    }

    /// The total deadline, if set.
    pub fn deadline_override(&self) -> Option<Duration> {
        self.deadline
    }

    /// The retry count, if overridden.
    pub fn max_retries_override(&self) -> Option<u32> {
        self.max_retries
    }

    /// Takes the extra headers out, to send them.
    pub(crate) fn take_headers(&mut self) -> HeaderMap {
        std::mem::take(&mut self.headers)
    }

    /// The name of the first header that was not valid, if any.
    pub(crate) fn invalid_header(&self) -> Option<&str> {
        self.invalid_header.as_deref()
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("headers", &header_names)
            .finish_non_exhaustive()
    }
}

/// Sets `headers` over `target`: each name replaces what `target` holds under it, and a name
/// repeated in `headers` keeps all its values.
pub(crate) fn set_over(target: &mut HeaderMap, headers: HeaderMap) {
    let mut previous: Option<HeaderName> = None;
    for (name, value) in headers {
        match name {
            Some(name) => {
                target.insert(name.clone(), value);
                previous = Some(name);
            }
            None => {
                if let Some(name) = &previous {
                    target.append(name.clone(), value);
                }
            }
        }
    }
}
