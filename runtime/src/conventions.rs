//! The response conventions of one API, which the runtime follows only where its spec declares them.
//!
//! Some APIs report a failure inside a 2xx body (`"success": false`), keep an error code and a
//! message at fixed places of their error bodies, or name each request in a response header.
//! The runtime assumes none of that: generated code passes in what its spec declares, as one
//! `static` [`Conventions`], and an API that declares nothing gets [`Conventions::NONE`]. Its
//! errors still carry the status, the headers and the whole raw body.

use reqwest::header::HeaderMap;
use serde_json::Value;

/// What an API's spec declares about the bodies and headers of its responses.
///
/// Every location is a JSON Pointer (RFC 6901) into a response body, such as `/success` or
/// `/errors/0/message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// Where a body keeps the boolean that says whether the call succeeded. A 2xx body that
    /// holds `false` there is an [`Error::Api`](super::error::Error::Api), even when the rest
    /// of it does not decode as the documented success type.
    pub success_flag: Option<&'static str>,
    /// Where an error body may keep its numeric code, tried in order.
    pub error_code: &'static [&'static str],
    /// Where an error body may keep its message, tried in order.
    pub error_message: &'static [&'static str],
    /// The response headers that carry the server's id for the request, in order of preference.
    pub request_id_headers: &'static [&'static str],
}

impl Conventions {
    /// No conventions: no success flag, no error body shape and no request id header.
    pub const NONE: Self = Self { success_flag: None, error_code: &[], error_message: &[], request_id_headers: &[] };

    /// Whether the API declares where its error bodies keep a code or a message.
    pub fn declares_error_body(&self) -> bool {
        !self.error_code.is_empty() || !self.error_message.is_empty()
    }

    /// The first declared request id header that is present and holds non-empty text.
    pub fn request_id<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        self.request_id_headers.iter().find_map(|name| {
            headers.get(*name).and_then(|value| value.to_str().ok()).map(str::trim).filter(|id| !id.is_empty())
        })
    }

    /// Whether `body` is JSON that holds `false` at the declared success flag.
    pub(crate) fn reports_failure(&self, body: &[u8]) -> bool {
        let Some(flag) = self.success_flag else { return false };
        serde_json::from_slice::<Value>(body).is_ok_and(|value| value.pointer(flag) == Some(&Value::Bool(false)))
    }

    /// The code and the message of an error body, read at the declared locations.
    ///
    /// A code is a JSON integer, or a string that holds one; a message is non-empty text. A body
    /// that is not JSON, or holds neither, gives `(None, None)`.
    pub(crate) fn error_code_and_message(&self, body: &[u8]) -> (Option<i64>, Option<String>) {
        if !self.declares_error_body() {
            return (None, None);
        }
        let Ok(value) = serde_json::from_slice::<Value>(body) else { return (None, None) };
        let code = self.error_code.iter().find_map(|pointer| match value.pointer(pointer)? {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        });
        let message = self.error_message.iter().find_map(|pointer| match value.pointer(pointer)? {
            Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            _ => None,
        });
        (code, message)
    }
}
