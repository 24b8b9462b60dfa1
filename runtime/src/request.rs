//! One outgoing request: path parameters, query parameters and JSON body,
//! validated as they are added.
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
//! Query names and values are encoded the same way.

use std::borrow::Cow;
use std::fmt::Write as _;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::error::{Error, InvalidRequestError};
use super::operation::Operation;

/// Everything except the RFC 3986 unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Validation rules for one parameter value, taken from its schema.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Constraints {
    /// The minimum length in Unicode characters.
    pub min_length: Option<usize>,
    /// The maximum length in Unicode characters.
    pub max_length: Option<usize>,
    /// The minimum numeric value.
    pub minimum: Option<f64>,
    /// The maximum numeric value.
    pub maximum: Option<f64>,
    /// Whether `minimum` itself is excluded.
    pub exclusive_minimum: bool,
    /// Whether `maximum` itself is excluded.
    pub exclusive_maximum: bool,
}

impl Constraints {
    /// No constraints at all.
    pub const NONE: Constraints = Constraints {
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
    };

    /// Checks a value's text and numeric value, returning why it fails.
    fn check(&self, text: &str, numeric: Option<f64>) -> Result<(), String> {
        if self.min_length.is_some() || self.max_length.is_some() {
            let length = text.chars().count();
            if let Some(min) = self.min_length.filter(|min| length < *min) {
                return Err(format!("must be at least {min} characters long (got {length})"));
            }
            if let Some(max) = self.max_length.filter(|max| length > *max) {
                return Err(format!("must be at most {max} characters long (got {length})"));
            }
        }
        if let Some(number) = numeric {
            if !number.is_finite() {
                return Err("must be a finite number".to_owned());
            }
            if let Some(min) = self.minimum {
                if self.exclusive_minimum && number <= min {
                    return Err(format!("must be greater than {min} (got {number})"));
                }
                if number < min {
                    return Err(format!("must be at least {min} (got {number})"));
                }
            }
            if let Some(max) = self.maximum {
                if self.exclusive_maximum && number >= max {
                    return Err(format!("must be less than {max} (got {number})"));
                }
                if number > max {
                    return Err(format!("must be at most {max} (got {number})"));
                }
            }
        }
        Ok(())
    }
}

/// How a query-parameter value is written and checked.
pub trait QueryValue {
    /// The value as text, before percent-encoding.
    fn query_text(&self) -> Cow<'_, str>;

    /// The numeric value, checked against `minimum` and `maximum`; `None`
    /// for non-numeric values.
    fn numeric(&self) -> Option<f64> {
        None
    }

    /// Whether the value is acceptable to send; an open enum's
    /// `Unknown(..)` value returns `false` and is rejected.
    fn is_known(&self) -> bool {
        true
    }
}

impl QueryValue for str {
    fn query_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for String {
    fn query_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for bool {
    fn query_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn query_text(&self) -> Cow<'_, str> {
        (**self).query_text()
    }

    fn numeric(&self) -> Option<f64> {
        (**self).numeric()
    }

    fn is_known(&self) -> bool {
        (**self).is_known()
    }
}

macro_rules! numeric_query_value {
    ($($ty:ty),*) => {
        $(
            impl QueryValue for $ty {
                fn query_text(&self) -> Cow<'_, str> {
                    Cow::Owned(self.to_string())
                }

                fn numeric(&self) -> Option<f64> {
                    Some(*self as f64)
                }
            }
        )*
    };
}

numeric_query_value!(i32, i64, u32, u64, f32, f64);

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
}

/// One request under construction.
#[derive(Debug, Clone)]
pub struct Request {
    operation: &'static Operation,
    /// Path parameter names with their percent-encoded values.
    path_params: Vec<(&'static str, String)>,
    /// The percent-encoded query string, without the leading `?`.
    query: String,
    body: Option<Bytes>,
    error: Option<InvalidRequestError>,
}

impl Request {
    /// Starts a request for `operation`.
    pub fn new(operation: &'static Operation) -> Self {
        Self { operation, path_params: Vec::new(), query: String::new(), body: None, error: None }
    }

    /// The operation this request is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Sets the value of the `{name}` placeholder in the path template.
    ///
    /// The value must not be empty, `.` or `..`, must satisfy the length
    /// rules, and is percent-encoded as one path segment.
    pub fn path_param(&mut self, name: &'static str, value: &str, rules: &Constraints) {
        if self.error.is_some() {
            return;
        }
        if value.is_empty() {
            return self.fail(name, "must not be empty");
        }
        if value == "." || value == ".." {
            return self.fail(name, "must not be `.` or `..`");
        }
        if let Err(reason) = rules.check(value, None) {
            return self.fail(name, reason);
        }
        self.path_params.push((name, utf8_percent_encode(value, COMPONENT).to_string()));
    }

    /// Adds the query parameter `name` if `value` is `Some`.
    pub fn query_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>, rules: &Constraints) {
        if let Some(value) = value {
            self.push_query(name, value, rules);
        }
    }

    /// Adds the query parameter `name` once per element of `values` (the
    /// OpenAPI `form` style with `explode: true`), if `values` is `Some`.
    ///
    /// `rules` apply to each element.
    pub fn query_param_list<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>, rules: &Constraints) {
        for value in values.unwrap_or_default() {
            self.push_query(name, value, rules);
        }
    }

    /// Serializes `body` as the JSON request body.
    ///
    /// A serialization failure is reported as [`Error::InvalidRequest`] for
    /// the parameter `body`.
    pub fn json_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) {
        if self.error.is_some() {
            return;
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Bytes::from(bytes)),
            Err(error) => self.fail("body", format!("could not be serialized as JSON: {error}")),
        }
    }

    /// The serialized JSON body, if one was set.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// Renders the full URL from `base` (without a trailing slash), the path
    /// template and the query, and returns it with the body.
    ///
    /// Returns the first validation error instead, if there was one.
    pub(crate) fn into_url_and_body(self, base: &str) -> Result<(reqwest::Url, Option<Bytes>), Error> {
        let operation = self.operation;
        if let Some(error) = self.error {
            return Err(Error::InvalidRequest(Box::new(error)));
        }
        let invalid = |parameter: &'static str, reason: String| {
            Error::InvalidRequest(Box::new(InvalidRequestError::new(operation.name, parameter, reason)))
        };

        let template = operation.path;
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
                return Err(invalid("path", "the path template has an unclosed `{`".to_owned()));
            };
            let name = after.get(1..close).unwrap_or_default();
            let Some(index) = self.path_params.iter().position(|(n, _)| *n == name) else {
                return Err(invalid(name, "is required by the path template but no value was supplied".to_owned()));
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
            return Err(invalid(name, "is not a placeholder in the path template".to_owned()));
        }
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        let url = reqwest::Url::parse(&url)
            .map_err(|error| invalid("path", format!("does not form a valid URL: {error}")))?;
        Ok((url, self.body))
    }

    fn push_query<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V, rules: &Constraints) {
        if self.error.is_some() {
            return;
        }
        if !value.is_known() {
            return self.fail(name, "is an unknown enum value");
        }
        let text = value.query_text();
        if let Err(reason) = rules.check(&text, value.numeric()) {
            return self.fail(name, reason);
        }
        if !self.query.is_empty() {
            self.query.push('&');
        }
        // Writing into a `String` cannot fail.
        let _ =
            write!(self.query, "{}={}", utf8_percent_encode(name, COMPONENT), utf8_percent_encode(&text, COMPONENT));
    }

    fn fail(&mut self, parameter: &'static str, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(InvalidRequestError::new(self.operation.name, parameter, reason));
        }
    }
}
