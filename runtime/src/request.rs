//! One outgoing request: path, query, header and cookie parameters and the
//! body, validated as they are added.
//!
//! Generated code creates a [`Request`] for an [`Operation`], adds each
//! parameter with its [`Constraints`], and hands the request to
//! [`super::transport::Transport::execute`]. Validation never panics: the
//! first violation is stored, and `execute` returns it as
//! [`Error::InvalidRequest`] without sending anything.
//!
//! The parameter methods, and how each value is encoded, live in
//! [`super::parameters`]; the body methods in [`super::body`], and the JSON
//! `content` parameters in [`super::content`].

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue};

use super::error::{Error, InvalidRequestError};
use super::operation::Operation;
use super::options::{RequestOptions, set_over};
pub use super::param::{Constraints, QueryValue, Style};

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

    /// How the documented success body is encoded; generated code states it only when it is
    /// not JSON as `application/json`.
    const SUCCESS_BODY: SuccessBody = SuccessBody::JSON;

    /// Builds the request, checking every parameter against its rules.
    fn build_request(&self) -> Request;

    /// The status a success answer holding `value` is documented for; it
    /// differs from [`Self::SUCCESS_STATUS`] only for operations that
    /// document several answers.
    fn success_status(_value: &Self::Success) -> u16 {
        Self::SUCCESS_STATUS
    }

    /// How a success answer holding `value` is encoded; it differs from
    /// [`Self::SUCCESS_BODY`] only for operations that document several answers.
    fn success_body(_value: &Self::Success) -> SuccessBody {
        Self::SUCCESS_BODY
    }
}

/// How a success answer's body is encoded, with the media type the spec documents for it.
///
/// The `mock` feature sends a typed answer this way: exactly the bytes the client decodes,
/// under this `content-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessBody {
    /// The value as JSON.
    Json(&'static str),
    /// The value, a `String`, as UTF-8 text.
    Text(&'static str),
    /// The value, a `Bytes`, as it is.
    Binary(&'static str),
    /// No body, and no `content-type`.
    Empty,
}

impl SuccessBody {
    /// JSON as `application/json`, the encoding of most answers.
    pub const JSON: Self = Self::Json("application/json");
}

/// One request under construction.
#[derive(Debug, Clone)]
pub struct Request {
    operation: &'static Operation,
    /// Path parameter names with their percent-encoded values.
    pub(super) path_params: Vec<(&'static str, String)>,
    /// The percent-encoded query string, without the leading `?`.
    pub(super) query: String,
    /// Header parameters, in the order they were added.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// The `Cookie` header value, `name=value` pairs joined by `; `.
    pub(super) cookies: String,
    /// The encoded body and its media type, set by the body methods in `body.rs`.
    pub(super) body: Option<Bytes>,
    pub(super) content_type: Option<HeaderValue>,
    accept: Option<&'static str>,
    pub(super) error: Option<InvalidRequestError>,
    /// The overrides of the client's settings for this request.
    options: RequestOptions,
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
    /// The overrides of the client's settings; their headers are already in `headers`.
    pub(crate) options: RequestOptions,
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
            options: RequestOptions::default(),
        }
    }

    /// Overrides the client's settings for this request: timeout, deadline, retries, headers.
    #[must_use]
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The operation this request is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
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
        if let Some(name) = self.options.invalid_header() {
            let reason = format!("the extra header `{name}` is not a valid HTTP header");
            return Err(Error::InvalidRequest(Box::new(InvalidRequestError::new(
                self.operation.name,
                "header",
                reason,
            ))));
        }
        // The caller's extra headers go last, so they override parameters of the same name.
        let mut options = self.options;
        set_over(&mut headers, options.take_headers());
        Ok(Prepared { url, body: self.body, headers, options })
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

    fn invalid(&self, parameter: &'static str, reason: String) -> Error {
        Error::InvalidRequest(Box::new(InvalidRequestError::new(self.operation.name, parameter, reason)))
    }

    pub(super) fn fail(&mut self, parameter: &'static str, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(InvalidRequestError::new(self.operation.name, parameter, reason));
        }
    }
}
