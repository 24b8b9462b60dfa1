//! A decoded successful response, with its status, headers and raw body.
//!
//! A 2xx body is decoded by one of the decoders in
//! [`decode`](super::decode). Where the API declares a success flag, a body
//! that does not decode but holds `false` there is the server reporting a
//! failure, so it becomes [`Error::Api`] rather than [`Error::Decode`].

use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::conventions::Conventions;
use super::decode::Decoder;
use super::error::{ApiError, DecodeError, Error};

/// A successful response: the decoded value plus the response metadata.
///
/// It dereferences to the decoded value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    operation: &'static str,
    conventions: &'static Conventions,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    value: T,
}

/// The metadata of a response, without the decoded value.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    operation: &'static str,
    conventions: &'static Conventions,
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

    /// The request id, from the first request id header the API declares.
    pub fn request_id(&self) -> Option<&str> {
        self.conventions.request_id(&self.headers)
    }
}

impl<T> Response<T> {
    /// Builds a response from its parts; `conventions` are the API's, which
    /// say where the request id and the success flag are.
    #[doc(hidden)]
    pub fn new(
        operation: &'static str,
        conventions: &'static Conventions,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        value: T,
    ) -> Self {
        Self { operation, conventions, status, headers, body, value }
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

    /// The request id, from the first request id header the API declares.
    pub fn request_id(&self) -> Option<&str> {
        self.conventions.request_id(&self.headers)
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
            ResponseMeta {
                operation: self.operation,
                conventions: self.conventions,
                status: self.status,
                headers: self.headers,
                body: self.body,
            },
        )
    }

    /// Transforms the decoded value, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            operation: self.operation,
            conventions: self.conventions,
            status: self.status,
            headers: self.headers,
            body: self.body,
            value: f(self.value),
        }
    }

    /// Turns a successful status with a body that reports failure into an
    /// error.
    ///
    /// `success_flag` reads the body's success flag where the API declares
    /// it (for example the `success` field of an envelope); `Some(false)`
    /// yields an [`Error::Api`] built from this response's status, headers
    /// and body. `Some(true)` and `None` keep the response.
    pub fn require_success(self, success_flag: impl FnOnce(&T) -> Option<bool>) -> Result<Self, Error> {
        if success_flag(&self.value) == Some(false) {
            let Self { operation, conventions, status, headers, body, .. } = self;
            return Err(Error::Api(Box::new(ApiError::new(operation, conventions, status, headers, body))));
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

/// Decodes a 2xx response body with `decoder`.
pub(crate) fn decode_success<T>(
    operation: &'static str,
    conventions: &'static Conventions,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    decoder: Decoder<T>,
) -> Result<Response<T>, Error> {
    match decoder(status, &body) {
        Ok(value) => Ok(Response::new(operation, conventions, status, headers, body, value)),
        // An error envelope rarely has the success type's required fields, but it is still the
        // server reporting a failure, not a body the client misread.
        Err(_) if conventions.reports_failure(&body) => {
            Err(Error::Api(Box::new(ApiError::new(operation, conventions, status, headers, body))))
        }
        Err(error) => {
            let (path, message) = error.into_parts();
            let error = DecodeError::new(operation, conventions, status, headers, body, path, message);
            Err(Error::Decode(Box::new(error)))
        }
    }
}
