//! The API's security schemes, as facts generated from its spec, and the credentials a client
//! sends for them.
//!
//! Generated code lists every scheme the spec declares in [`Security`], part of the
//! [`ApiDefaults`](super::config::ApiDefaults), with where its credential goes: the
//! `Authorization` header as a bearer token or HTTP Basic credentials, or an API key in a
//! header, a query parameter or a cookie. [`Security::required`] holds the alternatives of the
//! spec's top-level `security`, which decide whether
//! [`ClientBuilder::build`](super::config::ClientBuilder::build) needs a credential.
//!
//! The credentials set on a builder are validated here into what the transport
//! applies to every request: headers marked sensitive, query pairs appended after the
//! request's own query (the URL's query never reaches a log, a tracing field or an error), and
//! cookies joined to the request's own `Cookie` header. No error message holds a credential,
//! and `Debug` shows none.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, HeaderMap, HeaderName, HeaderValue,
    TRANSFER_ENCODING, USER_AGENT,
};

use super::error::Error;

/// Everything except the RFC 3986 unreserved characters, for query names and values.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a cookie value may not hold as it is (RFC 6265 `cookie-octet`).
const COOKIE_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// Headers the transport owns, which an API key may not take.
const OWNED_HEADERS: [HeaderName; 7] =
    [HOST, CONTENT_LENGTH, TRANSFER_ENCODING, CONTENT_TYPE, COOKIE, ACCEPT, USER_AGENT];

/// Where a security scheme's credential goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthLocation {
    /// `Authorization: Bearer <token>`: an HTTP bearer scheme, and the access token of an
    /// OAuth 2 or OpenID Connect scheme. The builder's `token` or `token_provider` sets it.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>` (RFC 7617).
    Basic,
    /// An API key in the request header of this name.
    Header(&'static str),
    /// An API key in the query parameter of this name.
    Query(&'static str),
    /// An API key in the cookie of this name.
    Cookie(&'static str),
}

/// One security scheme the API's spec declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme's key under `components.securitySchemes`.
    pub key: &'static str,
    /// Where its credential goes.
    pub location: AuthLocation,
}

/// How the API authenticates: its schemes, and which of them a client must have credentials
/// for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Security {
    /// Every scheme the spec declares that a client can send, in the spec's order.
    pub schemes: &'static [AuthScheme],
    /// The alternatives of the spec's top-level `security`, each the keys of the schemes it
    /// needs together. A client builds when it has credentials for every scheme of one
    /// alternative; with no alternatives it builds without any.
    pub required: &'static [&'static [&'static str]],
}

impl Security {
    /// An API that declares no security scheme and requires no credential.
    pub const NONE: Security = Security { schemes: &[], required: &[] };

    /// The scheme keyed `key`, if the API declares it.
    pub fn scheme(&self, key: &str) -> Option<&'static AuthScheme> {
        self.schemes.iter().find(|scheme| scheme.key == key)
    }

    /// Whether the credentials of the schemes for which `provided` holds satisfy the API's
    /// requirement.
    pub fn is_satisfied(&self, provided: impl Fn(&AuthScheme) -> bool) -> bool {
        self.required.is_empty()
            || self
                .required
                .iter()
                .any(|alternative| alternative.iter().all(|key| self.scheme(key).is_some_and(&provided)))
    }

    /// Whether a bearer token alone satisfies one of the alternatives.
    pub fn token_suffices(&self) -> bool {
        self.required.iter().any(|alternative| {
            !alternative.is_empty()
                && alternative
                    .iter()
                    .all(|key| self.scheme(key).is_some_and(|scheme| scheme.location == AuthLocation::Bearer))
        })
    }

    /// The alternatives, as text for an error message: `` `a` and `b`, or `c` ``.
    pub fn describe_required(&self) -> String {
        let alternatives: Vec<String> = self
            .required
            .iter()
            .map(|alternative| alternative.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(" and "))
            .collect();
        alternatives.join(", or ")
    }
}

/// The credentials set on a client builder for the schemes other than bearer ones, before
/// they are validated. `Debug` shows which schemes have one, never their values.
#[derive(Clone, Default)]
pub(crate) struct Given {
    /// The user name and password of HTTP Basic.
    pub(crate) basic: Option<(String, String)>,
    /// The API key set for each scheme, by scheme key; a later value for the same scheme
    /// replaces the earlier one.
    pub(crate) api_keys: Vec<(&'static str, String)>,
}

impl Given {
    /// Sets the API key of the scheme `key`.
    pub(crate) fn set_api_key(&mut self, key: &'static str, value: String) {
        match self.api_keys.iter_mut().find(|(scheme, _)| *scheme == key) {
            Some(slot) => slot.1 = value,
            None => self.api_keys.push((key, value)),
        }
    }

    /// Whether no credential is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.basic.is_none() && self.api_keys.is_empty()
    }

    /// Whether a credential is set for `scheme`, counting a bearer token when `token` holds.
    pub(crate) fn provides(&self, scheme: &AuthScheme, token: bool) -> bool {
        match scheme.location {
            AuthLocation::Bearer => token,
            AuthLocation::Basic => self.basic.is_some(),
            AuthLocation::Header(_) | AuthLocation::Query(_) | AuthLocation::Cookie(_) => {
                self.api_keys.iter().any(|(key, _)| *key == scheme.key)
            }
        }
    }

    /// Validates the credentials for `security`, adding the header ones to `headers`.
    ///
    /// `token` says whether a bearer token (fixed or from a provider) also claims the
    /// `Authorization` header. Errors are [`Error::Config`] and never hold a credential.
    pub(crate) fn apply(
        &self,
        security: &Security,
        token: bool,
        headers: &mut HeaderMap,
    ) -> Result<Credentials, Error> {
        let mut credentials = Credentials::default();
        if let Some((user, password)) = &self.basic {
            if token {
                return Err(Error::config(
                    "a bearer token and HTTP Basic credentials were both given, and both would be sent \
                     in the `Authorization` header: give only one",
                ));
            }
            headers.insert(AUTHORIZATION, basic_authorization(user, password)?);
        }
        for (key, value) in &self.api_keys {
            let Some(scheme) = security.scheme(key) else {
                return Err(Error::config(format!("the API declares no API key scheme `{key}`")));
            };
            let value = api_key_value(key, value)?;
            match scheme.location {
                AuthLocation::Header(name) => {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        Error::config(format!("`{name}`, the header of `{key}`, is not a valid header name"))
                    })?;
                    if OWNED_HEADERS.contains(&name) {
                        return Err(Error::config(format!(
                            "the API key `{key}` cannot be sent in the `{name}` header"
                        )));
                    }
                    if name == AUTHORIZATION && (token || headers.contains_key(AUTHORIZATION)) {
                        return Err(Error::config(format!(
                            "the API key `{key}` and another credential would both be sent in the \
                             `Authorization` header: give only one"
                        )));
                    }
                    let mut value = HeaderValue::from_str(value)
                        .map_err(|_| Error::config(format!("the API key `{key}` is not a valid header value")))?;
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                AuthLocation::Query(name) => {
                    let pair = format!(
                        "{}={}",
                        utf8_percent_encode(name, QUERY_COMPONENT),
                        utf8_percent_encode(value, QUERY_COMPONENT)
                    );
                    credentials.query = Some(match credentials.query.take() {
                        Some(pairs) => format!("{pairs}&{pair}"),
                        None => pair,
                    });
                }
                AuthLocation::Cookie(name) => {
                    let pair = format!("{name}={}", utf8_percent_encode(value, COOKIE_VALUE));
                    credentials.cookie = Some(match credentials.cookie.take() {
                        Some(pairs) => format!("{pairs}; {pair}"),
                        None => pair,
                    });
                }
                AuthLocation::Bearer | AuthLocation::Basic => {
                    return Err(Error::config(format!("`{key}` is not an API key scheme")));
                }
            }
        }
        Ok(credentials)
    }
}

impl fmt::Debug for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let api_keys: Vec<&str> = self.api_keys.iter().map(|(key, _)| *key).collect();
        f.debug_struct("Credentials")
            .field("basic", &self.basic.as_ref().map(|_| "<redacted>"))
            .field("api_keys", &api_keys)
            .finish()
    }
}

/// The credentials a transport adds to each request beyond its headers.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    /// The API keys sent in the query, as encoded `name=value` pairs joined by `&`.
    query: Option<String>,
    /// The API keys sent as cookies, as `name=value` pairs joined by `; `.
    cookie: Option<String>,
}

impl Credentials {
    /// Appends the query API keys to `url`, after the request's own query.
    pub(crate) fn add_to_query(&self, url: &mut reqwest::Url) {
        let Some(pairs) = &self.query else { return };
        let query = match url.query() {
            Some(own) if !own.is_empty() => format!("{own}&{pairs}"),
            _ => pairs.clone(),
        };
        url.set_query(Some(&query));
    }

    /// Whether there are cookies to add.
    pub(crate) fn has_cookies(&self) -> bool {
        self.cookie.is_some()
    }

    /// Adds the cookie API keys to the `Cookie` header of `headers`, after the request's own
    /// cookies, marked sensitive.
    pub(crate) fn add_cookies(&self, headers: &mut HeaderMap) {
        let Some(pairs) = &self.cookie else { return };
        let joined = match headers.get(COOKIE).and_then(|own| own.to_str().ok()) {
            Some(own) if !own.is_empty() => format!("{own}; {pairs}"),
            _ => pairs.clone(),
        };
        // The pairs were checked when the client was built, and the request's own cookies when
        // the request was; a value that still fails leaves the request's own header alone.
        if let Ok(mut value) = HeaderValue::from_str(&joined) {
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("query", &self.query.as_ref().map(|_| "<redacted>"))
            .field("cookie", &self.cookie.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Checks an API key: trimmed, not empty, visible ASCII only (what a header, a cookie and a
/// query can all carry). The error names the scheme, never the key.
fn api_key_value<'v>(key: &str, value: &'v str) -> Result<&'v str, Error> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::config(format!("the API key `{key}` is empty")));
    }
    if !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::config(format!(
            "the API key `{key}` contains a character that is not allowed (only visible ASCII characters are accepted)"
        )));
    }
    Ok(trimmed)
}

/// The `Authorization: Basic` value for `user` and `password` (RFC 7617), marked sensitive.
///
/// The user name may not be empty or hold a `:`, which would move the split between user and
/// password; neither may hold a control character. Both are sent as UTF-8.
fn basic_authorization(user: &str, password: &str) -> Result<HeaderValue, Error> {
    if user.is_empty() {
        return Err(Error::config("the HTTP Basic user name is empty"));
    }
    if user.contains(':') {
        return Err(Error::config("the HTTP Basic user name contains a `:`, which RFC 7617 forbids"));
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return Err(Error::config("the HTTP Basic credentials contain a control character"));
    }
    let encoded = base64(format!("{user}:{password}").as_bytes());
    let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
        .map_err(|_| Error::config("the HTTP Basic credentials cannot be used in an HTTP header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648, section 4).
///
/// Written here, in a few lines, because the runtime's dependencies give none: reqwest encodes
/// Basic credentials only inside `RequestBuilder::basic_auth`, which the transport does not go
/// through (it builds each attempt's `reqwest::Request` directly), and a `base64` dependency
/// would be one more crate in every generated client for one header built once per client.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let (b0, b1, b2) = (chunk[0], chunk.get(1).copied(), chunk.get(2).copied());
        let group = u32::from(b0) << 16 | u32::from(b1.unwrap_or(0)) << 8 | u32::from(b2.unwrap_or(0));
        let sextet = |shift: u32| char::from(ALPHABET[((group >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if b1.is_some() { sextet(6) } else { '=' });
        out.push(if b2.is_some() { sextet(0) } else { '=' });
    }
    out
}
