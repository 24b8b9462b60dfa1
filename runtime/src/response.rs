//! A decoded successful response, with its status, headers and raw body,
//! and the decoders that turn bodies into values.
//!
//! A JSON body that fails to decode is decoded again with
//! `serde_path_to_error`, so the failure names the JSON path that did not
//! match (for example `data.sessions[0].status`). An empty body decodes as
//! JSON `null`, which suits `()` and `Option<T>`. Unknown fields are
//! ignored. Text, binary and empty answers have decoders of their own, and
//! operations that document several answers decode by status through
//! [`FromStatus`]. Where the API declares a success flag, a body that does
//! not decode but holds `false` there is the server reporting a failure, so
//! it becomes [`Error::Api`] rather than [`Error::Decode`].

use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::conventions::Conventions;
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

/// Why a body could not be decoded: where, and the decoder's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    path: String,
    message: String,
}

impl BodyError {
    /// A failure at the JSON path `path` (`.` for the document root).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }

    /// The status is not one the operation documents.
    pub fn undocumented(status: StatusCode) -> Self {
        Self::new(".", format!("the status {status} is not documented for this operation"))
    }

    /// The JSON path and the message.
    pub fn into_parts(self) -> (String, String) {
        (self.path, self.message)
    }
}

/// Turns a response body into a value: [`json`], [`text`], [`binary`],
/// [`empty`], or a [`FromStatus`] type's `from_status`.
pub type Decoder<T> = fn(StatusCode, &Bytes) -> Result<T, BodyError>;

/// A body whose type depends on the status: the answer enums of operations
/// that document several answers with different bodies.
pub trait FromStatus: Sized {
    /// Decodes `body`, choosing the variant by `status`.
    fn from_status(status: StatusCode, body: &Bytes) -> Result<Self, BodyError>;

    /// The status this value is documented for; mocks answer with it.
    fn status(&self) -> u16;
}

/// Decodes a JSON body; an empty body decodes as JSON `null`, which suits
/// `()` and `Option<T>`. Trailing characters are an error.
///
/// The body is decoded with plain `serde_json` first. Only when that fails
/// is it decoded again with `serde_path_to_error`, to name the failing path:
/// tracking the path costs an allocation per object key, which tripled the
/// allocations of decoding a large page that decodes fine.
pub fn json<T: DeserializeOwned>(_status: StatusCode, body: &Bytes) -> Result<T, BodyError> {
    let input: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { body };
    if let Ok(value) = serde_json::from_slice(input) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(input);
    let value = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
        .map_err(|error| BodyError::new(error.path().to_string(), error.into_inner().to_string()))?;
    deserializer.end().map_err(|error| BodyError::new(".", error.to_string()))?;
    Ok(value)
}

/// Decodes a text body, which must be UTF-8.
pub fn text(_status: StatusCode, body: &Bytes) -> Result<String, BodyError> {
    String::from_utf8(body.to_vec())
        .map_err(|error| BodyError::new(".", format!("the body is not UTF-8 text: {error}")))
}

/// Keeps a binary body as it is.
pub fn binary(_status: StatusCode, body: &Bytes) -> Result<Bytes, BodyError> {
    Ok(body.clone())
}

/// Ignores the body of an answer that is documented without one.
pub fn empty(_status: StatusCode, _body: &Bytes) -> Result<(), BodyError> {
    Ok(())
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
