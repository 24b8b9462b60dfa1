//! One outgoing request: path, query, header and cookie parameters and the
//! body, validated as they are added.
//!
//! Generated code creates a [`Request`] for an [`Operation`], adds each
//! parameter with its [`Constraints`], and hands the request to
//! [`super::transport::Transport::execute`]. Validation never panics: the
//! first violation is stored, and `execute` returns it as
//! [`Error::InvalidRequest`] without sending anything.
//!
//! Path values are percent-encoded as exactly one path segment: every byte
//! except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~` is
//! encoded, so `/`, `?`, `#`, `%` and spaces cannot change the URL's shape.
//! Query names and values are encoded the same way. Header values must be
//! visible ASCII; cookie values are percent-encoded where a cookie forbids
//! the character. The body methods live in [`super::body`].

use std::fmt::Write as _;

use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, HeaderMap, HeaderName, HeaderValue,
    TRANSFER_ENCODING,
};

use super::error::{Error, InvalidRequestError};
use super::operation::Operation;
use super::param::styled_pairs;
pub use super::param::{Constraints, QueryValue, Style};

/// Everything except the RFC 3986 unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a cookie value may not hold as it is (RFC 6265 `cookie-octet`).
const COOKIE_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// Headers the transport owns, which a parameter may not set.
const RESERVED_HEADERS: [HeaderName; 6] =
    [AUTHORIZATION, HOST, CONTENT_LENGTH, TRANSFER_ENCODING, CONTENT_TYPE, COOKIE];

/// A generated request builder: how it becomes a [`Request`], and what its
/// success answer is.
///
/// `send()` uses it to build what it sends, and the `mock` feature uses it to
/// turn the same typed builder into what a mock server expects.
pub trait BuildRequest {
    /// The decoded body of the success answer.
    type Success;

    /// The documented success status, for example 201 for a creation.
    const SUCCESS_STATUS: u16;

    /// Builds the request, checking every parameter against its rules.
    fn build_request(&self) -> Request;

    /// The status a success answer holding `value` is documented for; it
    /// differs from [`Self::SUCCESS_STATUS`] only for operations that
    /// document several answers.
    fn success_status(_value: &Self::Success) -> u16 {
        Self::SUCCESS_STATUS
    }
}

/// One request under construction.
#[derive(Debug, Clone)]
pub struct Request {
    operation: &'static Operation,
    /// Path parameter names with their percent-encoded values.
    path_params: Vec<(&'static str, String)>,
    /// The percent-encoded query string, without the leading `?`.
    query: String,
    /// Header parameters, in the order they were added.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The `Cookie` header value, `name=value` pairs joined by `; `.
    cookies: String,
    /// The encoded body and its media type, set by the body methods in `body.rs`.
    pub(super) body: Option<Bytes>,
    pub(super) content_type: Option<HeaderValue>,
    accept: Option<&'static str>,
    pub(super) error: Option<InvalidRequestError>,
}

/// A request ready to send: its URL, body and its own headers (parameters,
/// cookies, content type and accepted media type).
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The full URL.
    pub(crate) url: reqwest::Url,
    /// The encoded body, if any.
    pub(crate) body: Option<Bytes>,
    /// The headers of this request alone, set over the client's defaults.
    pub(crate) headers: HeaderMap,
}

impl Request {
    /// Starts a request for `operation`.
    pub fn new(operation: &'static Operation) -> Self {
        Self {
            operation,
            path_params: Vec::new(),
            query: String::new(),
            headers: Vec::new(),
            cookies: String::new(),
            body: None,
            content_type: None,
            accept: None,
            error: None,
        }
    }

    /// The operation this request is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Sets the value of the `{name}` placeholder in the path template.
    ///
    /// The value must not be empty, `.` or `..`, must satisfy the rules, and
    /// is percent-encoded as one path segment.
    pub fn path_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V, rules: &Constraints) {
        if let Some(text) = self.checked(name, value, rules) {
            self.push_path(name, &text);
        }
    }

    /// Sets the `{name}` placeholder to the items of `values` joined by
    /// commas (the OpenAPI `simple` style); `rules` apply to each item.
    pub fn path_param_list<V: QueryValue>(&mut self, name: &'static str, values: &[V], rules: &Constraints) {
        let texts: Option<Vec<String>> =
            values.iter().map(|value| self.checked(name, value, rules).map(|text| text.into_owned())).collect();
        if let Some(texts) = texts {
            if texts.iter().any(String::is_empty) {
                return self.fail(name, "must not hold empty items");
            }
            let encoded: Vec<String> =
                texts.iter().map(|text| utf8_percent_encode(text, COMPONENT).to_string()).collect();
            self.push_path_encoded(name, encoded.join(","));
        }
    }

    /// Adds the query parameter `name` if `value` is `Some`.
    pub fn query_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>, rules: &Constraints) {
        if let Some(value) = value {
            if let Some(text) = self.checked(name, value, rules) {
                self.push_query(name, &text);
            }
        }
    }

    /// Adds the query parameter `name` once per element of `values` (the
    /// OpenAPI `form` style with `explode: true`), if `values` is `Some`.
    ///
    /// `rules` apply to each element.
    pub fn query_param_list<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>, rules: &Constraints) {
        for value in values.unwrap_or_default() {
            self.query_param(name, Some(value), rules);
        }
    }

    /// Adds the query parameter `name` once, holding the elements of
    /// `values` joined by the delimiter of `style` (`form` with
    /// `explode: false`, `spaceDelimited` or `pipeDelimited`).
    pub fn query_param_joined<V: QueryValue>(
        &mut self,
        name: &'static str,
        values: Option<&[V]>,
        style: Style,
        rules: &Constraints,
    ) {
        let Some(values) = values else { return };
        let texts: Option<Vec<String>> =
            values.iter().map(|value| self.checked(name, value, rules).map(|text| text.into_owned())).collect();
        if let Some(texts) = texts {
            let encoded: Vec<String> =
                texts.iter().map(|text| utf8_percent_encode(text, COMPONENT).to_string()).collect();
            self.push_query_raw(
                &utf8_percent_encode(name, COMPONENT).to_string(),
                &encoded.join(&style_delimiter(style)),
            );
        }
    }

    /// Adds the query parameter `name` for a value that is not a scalar (an
    /// object, a union, a map), written in `style` once serialized.
    pub fn query_param_styled<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&V>,
        style: Style,
    ) {
        let Some(value) = value else { return };
        if self.error.is_some() {
            return;
        }
        match serde_json::to_value(value) {
            Ok(value) => {
                for (key, text) in styled_pairs(name, &value, style) {
                    self.push_query_raw(
                        &utf8_percent_encode(&key, COMPONENT).to_string(),
                        &utf8_percent_encode(&text, COMPONENT).to_string(),
                    );
                }
            }
            Err(error) => self.fail(name, format!("could not be serialized: {error}")),
        }
    }

    /// Sends the header `name` if `value` is `Some`.
    pub fn header_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>, rules: &Constraints) {
        if let Some(text) = value.and_then(|value| self.checked(name, value, rules)) {
            self.push_header(name, &text);
        }
    }

    /// Sends the header `name` holding the elements of `values` joined by
    /// commas (the OpenAPI `simple` style), if `values` is `Some`.
    pub fn header_param_list<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>, rules: &Constraints) {
        let Some(values) = values else { return };
        let texts: Option<Vec<String>> =
            values.iter().map(|value| self.checked(name, value, rules).map(|text| text.into_owned())).collect();
        if let Some(texts) = texts {
            self.push_header(name, &texts.join(","));
        }
    }

    /// Sends the cookie `name` if `value` is `Some`.
    pub fn cookie_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>, rules: &Constraints) {
        if let Some(text) = value.and_then(|value| self.checked(name, value, rules)) {
            self.push_cookie(name, &text);
        }
    }

    /// Sends the cookie `name` holding the elements of `values` joined by
    /// commas (the OpenAPI `form` style with `explode: false`).
    pub fn cookie_param_list<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>, rules: &Constraints) {
        let Some(values) = values else { return };
        let texts: Option<Vec<String>> =
            values.iter().map(|value| self.checked(name, value, rules).map(|text| text.into_owned())).collect();
        if let Some(texts) = texts {
            self.push_cookie(name, &texts.join(","));
        }
    }

    /// Asks for a response in `media_type` instead of JSON.
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    /// Renders the full URL from `base` (without a trailing slash), the path
    /// template and the query, and collects this request's own headers.
    ///
    /// Returns the first validation error instead, if there was one.
    pub(crate) fn prepare(self, base: &str) -> Result<Prepared, Error> {
        if let Some(error) = self.error {
            return Err(Error::InvalidRequest(Box::new(error)));
        }
        let url = self.url(base)?;
        let cookie = match self.cookies.as_str() {
            "" => None,
            cookies => Some(
                HeaderValue::from_str(cookies)
                    .map_err(|_| self.invalid("cookie", "is not a valid header value".to_owned()))?,
            ),
        };
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        if let Some(cookie) = cookie {
            headers.insert(COOKIE, cookie);
        }
        if let Some(accept) = self.accept.and_then(|accept| HeaderValue::from_str(accept).ok()) {
            headers.insert(ACCEPT, accept);
        }
        if self.body.is_some() {
            let content_type = self.content_type.unwrap_or(HeaderValue::from_static("application/json"));
            headers.insert(CONTENT_TYPE, content_type);
        }
        Ok(Prepared { url, body: self.body, headers })
    }

    fn url(&self, base: &str) -> Result<reqwest::Url, Error> {
        let template = self.operation.path;
        let params_len: usize = self.path_params.iter().map(|(_, v)| v.len()).sum();
        let mut url = String::with_capacity(base.len() + template.len() + params_len + self.query.len() + 2);
        url.push_str(base);
        if !template.starts_with('/') {
            url.push('/');
        }
        let mut used = vec![false; self.path_params.len()];
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (literal, after) = rest.split_at(open);
            url.push_str(literal);
            let Some(close) = after.find('}') else {
                return Err(self.invalid("path", "the path template has an unclosed `{`".to_owned()));
            };
            let name = after.get(1..close).unwrap_or_default();
            let Some(index) = self.path_params.iter().position(|(n, _)| *n == name) else {
                return Err(self.invalid(name, "is required by the path template but no value was supplied".to_owned()));
            };
            if let Some(slot) = used.get_mut(index) {
                *slot = true;
            }
            if let Some((_, value)) = self.path_params.get(index) {
                url.push_str(value);
            }
            rest = after.get(close + 1..).unwrap_or_default();
        }
        url.push_str(rest);
        if let Some((name, _)) = self.path_params.iter().zip(&used).find_map(|(param, used)| (!used).then_some(param)) {
            return Err(self.invalid(name, "is not a placeholder in the path template".to_owned()));
        }
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        reqwest::Url::parse(&url).map_err(|error| self.invalid("path", format!("does not form a valid URL: {error}")))
    }

    /// The value's text if it satisfies `rules`; records the failure
    /// otherwise. An open enum's `Unknown(..)` value is sent as written: the
    /// service may know values added after the spec.
    fn checked<'v, V: QueryValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &'v V,
        rules: &Constraints,
    ) -> Option<std::borrow::Cow<'v, str>> {
        if self.error.is_some() {
            return None;
        }
        let text = value.query_text();
        if let Err(reason) = rules.check(&text, value.numeric()) {
            self.fail(name, reason);
            return None;
        }
        Some(text)
    }

    fn push_path(&mut self, name: &'static str, text: &str) {
        if text.is_empty() {
            return self.fail(name, "must not be empty");
        }
        if text == "." || text == ".." {
            return self.fail(name, "must not be `.` or `..`");
        }
        self.push_path_encoded(name, utf8_percent_encode(text, COMPONENT).to_string());
    }

    /// Records an already percent-encoded path value.
    fn push_path_encoded(&mut self, name: &'static str, encoded: String) {
        if encoded.is_empty() {
            return self.fail(name, "must not be empty");
        }
        self.path_params.push((name, encoded));
    }

    fn push_query(&mut self, name: &'static str, text: &str) {
        self.start_query_pair();
        // Encoding straight into the query string allocates nothing per parameter.
        let _ = write!(self.query, "{}={}", utf8_percent_encode(name, COMPONENT), utf8_percent_encode(text, COMPONENT));
    }

    /// Appends an already percent-encoded `key=value` pair.
    fn push_query_raw(&mut self, key: &str, value: &str) {
        self.start_query_pair();
        // Writing into a `String` cannot fail.
        let _ = write!(self.query, "{key}={value}");
    }

    /// Separates a new `key=value` pair from the previous one; before the
    /// first pair, reserves room for a typical query in one allocation.
    fn start_query_pair(&mut self) {
        if self.query.is_empty() {
            self.query.reserve(64);
        } else {
            self.query.push('&');
        }
    }

    fn push_header(&mut self, name: &'static str, text: &str) {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(name, "is not a valid HTTP header name");
        };
        if RESERVED_HEADERS.contains(&header) {
            return self.fail(name, "is a header the client sets itself");
        }
        match HeaderValue::from_str(text) {
            Ok(value) => self.headers.push((header, value)),
            Err(_) => self.fail(name, "must be visible ASCII text to be sent as a header"),
        }
    }

    fn push_cookie(&mut self, name: &'static str, text: &str) {
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        // Writing into a `String` cannot fail.
        let _ = write!(
            self.cookies,
            "{}={}",
            utf8_percent_encode(name, COMPONENT),
            utf8_percent_encode(text, COOKIE_VALUE)
        );
    }

    fn invalid(&self, parameter: &'static str, reason: String) -> Error {
        Error::InvalidRequest(Box::new(InvalidRequestError::new(self.operation.name, parameter, reason)))
    }

    pub(super) fn fail(&mut self, parameter: &'static str, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(InvalidRequestError::new(self.operation.name, parameter, reason));
        }
    }
}

/// The delimiter of a joined array, percent-encoded where a query needs it.
fn style_delimiter(style: Style) -> String {
    utf8_percent_encode(style.delimiter(), COMPONENT).to_string().replace("%2C", ",").replace("%7C", "|")
}
