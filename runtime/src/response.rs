//! A decoded successful response, with its status, headers and raw body.
//!
//! Bodies are decoded as JSON with `serde_path_to_error`, so a failure names
//! the JSON path that did not match (for example
//! `data.sessions[0].status`). An empty body decodes as JSON `null`, which
//! suits `()` and `Option<T>`. Unknown fields are ignored. A body that does
//! not decode but is an object with `"success": false` is the server
//! reporting a failure, so it becomes [`Error::Api`] rather than
//! [`Error::Decode`].

use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::{ApiError, DecodeError, Error};

/// The headers that may carry a request id, in order of preference.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "cf-ray"];

/// A successful response: the decoded value plus the response metadata.
///
/// It dereferences to the decoded value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    value: T,
}

/// The metadata of a response, without the decoded value.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl ResponseMeta {
    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The request id from the `x-request-id`, `request-id` or `cf-ray`
    /// header, the first one found.
    pub fn request_id(&self) -> Option<&str> {
        request_id_from(&self.headers)
    }
}

impl<T> Response<T> {
    /// Builds a response from its parts.
    pub fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes, value: T) -> Self {
        Self { operation, status, headers, body, value }
    }

    /// The name of the operation, for example `"list_sessions"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The request id from the `x-request-id`, `request-id` or `cf-ray`
    /// header, the first one found.
    pub fn request_id(&self) -> Option<&str> {
        request_id_from(&self.headers)
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Returns the decoded value, dropping the metadata.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Splits the response into the decoded value and the metadata.
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (
            self.value,
            ResponseMeta { operation: self.operation, status: self.status, headers: self.headers, body: self.body },
        )
    }

    /// Transforms the decoded value, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: self.body,
            value: f(self.value),
        }
    }

    /// Turns a successful status with a body that reports failure into an
    /// error.
    ///
    /// `success_flag` reads the body's success flag (for example the
    /// `success` field of an envelope); `Some(false)` yields an
    /// [`Error::Api`] built from this response's status, headers and body.
    /// `Some(true)` and `None` keep the response.
    pub fn require_success(self, success_flag: impl FnOnce(&T) -> Option<bool>) -> Result<Self, Error> {
        if success_flag(&self.value) == Some(false) {
            return Err(Error::Api(Box::new(ApiError::new(self.operation, self.status, self.headers, self.body))));
        }
        Ok(self)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Decodes a 2xx response body into `T`.
pub(crate) fn decode<T: DeserializeOwned>(
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response<T>, Error> {
    let input: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &body };
    let mut deserializer = serde_json::Deserializer::from_slice(input);
    let decoded = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner().to_string()))
        .and_then(|value| {
            // Trailing characters after the JSON value are an error too.
            deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error.to_string()))
        });
    match decoded {
        Ok(value) => Ok(Response::new(operation, status, headers, body, value)),
        // An error envelope rarely has the success type's required fields, but it is still the
        // server reporting a failure, not a body the client misread.
        Err(_) if reports_failure(&body) => Err(Error::Api(Box::new(ApiError::new(operation, status, headers, body)))),
        Err((path, message)) => {
            Err(Error::Decode(Box::new(DecodeError::new(operation, status, &headers, &body, path, message))))
        }
    }
}

/// Whether `body` is a JSON object whose `success` field is `false`.
fn reports_failure(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|value| value.get("success") == Some(&serde_json::Value::Bool(false)))
}

/// Returns the first request id header that is present and valid text.
pub(crate) fn request_id_from(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        headers.get(*name).and_then(|value| value.to_str().ok()).map(str::trim).filter(|id| !id.is_empty())
    })
}
