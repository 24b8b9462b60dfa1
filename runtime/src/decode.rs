//! The decoders that turn response bodies into values: JSON, text, binary and empty bodies,
//! and [`FromStatus`] for the answer enums of operations that document several answers.
//!
//! A JSON body that fails to decode is decoded again with
//! `serde_path_to_error`, so the failure names the JSON path that did not
//! match (for example `data.sessions[0].status`). An empty body decodes as
//! JSON `null`, which suits `()` and `Option<T>`. Unknown fields are
//! ignored. A decoder only says why a body does not fit, as a
//! [`BodyError`]; its caller turns that into an
//! [`Error`](super::error::Error) that carries the whole response.

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

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
