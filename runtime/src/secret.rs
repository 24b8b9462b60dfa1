//! The API token, kept out of every log and error message.
//!
//! [`ApiToken`] has no `Display` or `Serialize` implementation, and its
//! `Debug` output is `ApiToken(<redacted>)`. The only way the token leaves
//! this type is the `Authorization` header value built by
//! [`ApiToken::authorization_header`], which is marked sensitive so that
//! `http` and `reqwest` redact it too.

use std::fmt;

use reqwest::header::HeaderValue;

use super::error::Error;

/// A bearer token for the API.
#[derive(Clone)]
pub struct ApiToken(String);

impl ApiToken {
    /// Validates and wraps a token.
    ///
    /// Surrounding whitespace (such as a trailing newline read from a file)
    /// is removed. The result must not be empty and may contain only visible
    /// ASCII characters (`!` to `~`), which is what an HTTP header can carry
    /// safely. Errors are [`Error::Config`] and never contain the token.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        let mut token = token.into();
        let trimmed = token.trim();
        if trimmed.is_empty() {
            return Err(Error::config("the API token is empty"));
        }
        if !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::config(
                "the API token contains a character that is not allowed in an HTTP header \
                 (only visible ASCII characters are accepted)",
            ));
        }
        if trimmed.len() != token.len() {
            token = trimmed.to_owned();
        }
        Ok(Self(token))
    }

    /// Builds the `Authorization: Bearer <token>` header value, marked
    /// sensitive so that it is redacted from `Debug` output.
    pub fn authorization_header(&self) -> Result<HeaderValue, Error> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", self.0))
            .map_err(|_| Error::config("the API token cannot be used in an HTTP header"))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}
