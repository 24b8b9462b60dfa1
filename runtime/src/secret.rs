//! The API token, kept out of every log and error message, and the token
//! providers that let it change while a client lives.
//!
//! [`ApiToken`] has no `Display` or `Serialize` implementation, and its
//! `Debug` output is `ApiToken(<redacted>)`. The only way the token leaves
//! this type is the `Authorization` header value built by
//! [`ApiToken::authorization_header`], which is marked sensitive so that
//! `http` and `reqwest` redact it too. A [`TokenProvider`] hands the client
//! an `ApiToken` before each attempt, so a rotated token goes through the
//! same door.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use super::error::{BoxError, Error};

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
    #[doc(hidden)]
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

/// The future a [`TokenProvider`] returns: the token for the next attempt, or why there is
/// none.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<ApiToken, BoxError>> + Send + 'a>>;

/// Gives the API token for each attempt, so that the token can change while the client lives.
///
/// A client built with
/// [`ClientBuilder::token_provider`](super::config::ClientBuilder::token_provider) asks its
/// provider for the token before every attempt, retries included, and sends what it gets as
/// `Authorization: Bearer <token>`, marked sensitive. A token rotated between two calls, or
/// between a failed attempt and its retry, is used from the next attempt on, without
/// rebuilding the client. A request that sets its own `Authorization` header (through
/// [`RequestOptions::header`](super::options::RequestOptions::header)) keeps it, as it does over
/// a fixed token, and its provider is not asked.
///
/// The method is asynchronous because refreshing a token usually means asking a secret store, a
/// metadata endpoint or an OAuth server over the network, and a synchronous method would block
/// the executor's thread while it waits. It returns a boxed future ([`TokenFuture`]) rather than
/// being an `async fn`, so that the client can hold any provider as `Arc<dyn TokenProvider>`:
/// the builder keeps a single type, stays `Clone`, and needs no macro crate. The box costs one
/// small allocation per attempt, which is little next to sending a request, and a client with a
/// fixed token (`ClientBuilder::token`, `ClientBuilder::from_env`) has no provider and pays
/// nothing.
///
/// Since it runs before every attempt, a provider should answer from memory in the common case:
/// keep the current token, and refresh it when it nears its expiry or from a background task,
/// as aws-sdk-rust's credential caches do. Concurrent calls ask it concurrently, so it guards its
/// own state. An `Arc` of a provider is a provider too, so the application can keep a handle to
/// the provider it gave the client, for example to store a new token in it.
///
/// A provider that fails returns an error of any type, as a [`BoxError`]; the call then ends
/// with [`Error::Token`] and the attempt that needed the token is not sent. The client does not
/// retry the provider. The provider's error message becomes part of the client's error, so it
/// must not contain the token; a token that is not valid in a header is refused by
/// [`ApiToken::new`], whose error never shows it. The time a provider takes counts against the
/// request's [deadline](super::options::RequestOptions::deadline), if it has one, and not
/// against the per-attempt timeout.
pub trait TokenProvider: Send + Sync + 'static {
    /// Returns the token to send with the next attempt.
    fn token(&self) -> TokenFuture<'_>;
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> TokenFuture<'_> {
        P::token(self)
    }
}
