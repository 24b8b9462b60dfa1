//! How a [`Request`] takes its parameters: path, query, header and cookie values, each
//! checked against its rules and written in its style.
//!
//! Path values are percent-encoded as exactly one path segment: every byte
//! except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~` is
//! encoded, so `/`, `?`, `#`, `%` and spaces cannot change the URL's shape,
//! and a value that would make the segment `.` or `..` is refused. Query
//! names and values are encoded the same way. Header values must be visible
//! ASCII; cookie values are percent-encoded where a cookie forbids the
//! character. The delimiters a [`Style`] adds are written as they are,
//! while `,`, `;`, `=` and `|` inside a value are encoded (headers
//! excepted), so the two stay apart; `.` is unreserved and stays as it is,
//! as RFC 6570 writes `label` values.

use std::borrow::Cow;
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, HeaderName, HeaderValue, TRANSFER_ENCODING,
};
use serde_json::Value;

use super::param::{Constraints, Node, PairEscape, QueryValue, Style, expansion, styled_pairs};
use super::request::Request;

/// Everything except the RFC 3986 unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a cookie value may not hold as it is (RFC 6265 `cookie-octet`).
const COOKIE_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// Headers the transport owns, which a parameter may not set.
const RESERVED_HEADERS: [HeaderName; 6] =
    [AUTHORIZATION, HOST, CONTENT_LENGTH, TRANSFER_ENCODING, CONTENT_TYPE, COOKIE];

impl Request {
    /// Sets the value of the `{name}` placeholder in the path template.
    ///
    /// The value must not be empty, `.` or `..`, must satisfy the rules, and
    /// is percent-encoded as one path segment.
    pub fn path_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V, rules: &Constraints) {
        self.path_param_as(name, value, Style::Simple, rules);
    }

    /// Sets the `{name}` placeholder to a scalar written in a path `style`:
    /// `Simple` (`5`), `Label` (`.5`) or `Matrix` (`;id=5`).
    ///
    /// The value must not be empty and must satisfy the rules; it is
    /// percent-encoded, and what it becomes must not be `.` or `..`.
    pub fn path_param_as<V: QueryValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        style: Style,
        rules: &Constraints,
    ) {
        if let Some(text) = self.checked(name, value, rules) {
            if text.is_empty() {
                return self.fail(name, "must not be empty");
            }
            let expansion = expansion(name, &Node::Scalar(Value::String(text.into_owned())), style, component);
            self.push_path_expansion(name, expansion);
        }
    }

    /// Sets the `{name}` placeholder to the items of `values` joined by
    /// commas (the OpenAPI `simple` style); `rules` apply to each item.
    pub fn path_param_list<V: QueryValue>(&mut self, name: &'static str, values: &[V], rules: &Constraints) {
        self.path_param_list_as(name, values, Style::Simple, rules);
    }

    /// Sets the `{name}` placeholder to the items of `values` in a path
    /// `style`, such as `.3.4` (`LabelExploded`) or `;id=3,4` (`Matrix`);
    /// `rules` apply to each item, and no item may be empty.
    pub fn path_param_list_as<V: QueryValue>(
        &mut self,
        name: &'static str,
        values: &[V],
        style: Style,
        rules: &Constraints,
    ) {
        if let Some(texts) = self.checked_all(name, values, rules) {
            if texts.iter().any(String::is_empty) {
                return self.fail(name, "must not hold empty items");
            }
            let items = Node::Array(texts.into_iter().map(|text| Node::Scalar(Value::String(text))).collect());
            self.push_path_expansion(name, expansion(name, &items, style, component));
        }
    }

    /// Sets the `{name}` placeholder to a value that is not a scalar (an
    /// object, a map, a union), written in a path `style` once serialized,
    /// such as `R=100,G=200` (`SimpleExploded`) or `;color=R,100,G,200`
    /// (`Matrix`). Keys and values are percent-encoded; an empty value is
    /// refused.
    pub fn path_param_styled<V: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &V, style: Style) {
        if let Some(value) = self.serialized(name, value) {
            self.push_path_expansion(name, expansion(name, &value, style, component));
        }
    }

    /// Adds a `name=value` pair that the operation's path template fixes,
    /// such as `download=true` in `/files/{id}?download=true`.
    pub fn fixed_query_pair(&mut self, name: &'static str, value: &'static str) {
        self.push_query(name, value);
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
        let Some(texts) = values.and_then(|values| self.checked_all(name, values, rules)) else { return };
        let encoded: Vec<String> = texts.iter().map(|text| component(text)).collect();
        self.push_query_raw(&component(name), &encoded.join(style.delimiter()));
    }

    /// Adds the query parameter `name` for a value that is not a scalar (an
    /// object, a union, a map), written in `style` once serialized.
    pub fn query_param_styled<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&V>,
        style: Style,
    ) {
        let Some(value) = value.and_then(|value| self.serialized(name, value)) else { return };
        let escape = PairEscape { name: component, value: component };
        for (key, text) in styled_pairs(name, &value, style, escape) {
            self.push_query_raw(&key, &text);
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
        if let Some(texts) = values.and_then(|values| self.checked_all(name, values, rules)) {
            self.push_header(name, &texts.join(","));
        }
    }

    /// Sends the header `name` for a value that is not a scalar (an object,
    /// a map, a union), written in the `simple` style once serialized:
    /// `R,100,G,200` (`Simple`) or `R=100,G=200` (`SimpleExploded`). The text
    /// must be visible ASCII.
    pub fn header_param_styled<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&V>,
        style: Style,
    ) {
        let Some(value) = value.and_then(|value| self.serialized(name, value)) else { return };
        if let Some(text) = expansion(name, &value, style, str::to_owned) {
            self.push_header(name, &text);
        }
    }

    /// Sends the cookie `name` if `value` is `Some`.
    pub fn cookie_param<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>, rules: &Constraints) {
        if let Some(text) = value.and_then(|value| self.checked(name, value, rules)) {
            self.push_cookie(&component(name), &cookie_value(&text));
        }
    }

    /// Sends the cookie `name` holding the elements of `values` joined by
    /// commas (the OpenAPI `form` style with `explode: false`): `id=3,4`.
    /// Commas inside an element are percent-encoded.
    pub fn cookie_param_list<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>, rules: &Constraints) {
        if let Some(texts) = values.and_then(|values| self.checked_all(name, values, rules)) {
            let encoded: Vec<String> = texts.iter().map(|text| cookie_value(text)).collect();
            self.push_cookie(&component(name), &encoded.join(","));
        }
    }

    /// Sends one cookie `name` per element of `values` (the OpenAPI `form`
    /// style with `explode: true`): `id=3; id=4`.
    pub fn cookie_param_exploded<V: QueryValue>(
        &mut self,
        name: &'static str,
        values: Option<&[V]>,
        rules: &Constraints,
    ) {
        for value in values.unwrap_or_default() {
            self.cookie_param(name, Some(value), rules);
        }
    }

    /// Sends the cookie `name` for a value that is not a scalar (an object,
    /// a map, a union), written in the `form` style once serialized:
    /// `color=R,100,G,200` (`Form`), or one cookie per property,
    /// `R=100; G=200` (`FormExploded`).
    pub fn cookie_param_styled<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&V>,
        style: Style,
    ) {
        let Some(value) = value.and_then(|value| self.serialized(name, value)) else { return };
        let escape = PairEscape { name: component, value: cookie_value };
        for (key, text) in styled_pairs(name, &value, style, escape) {
            self.push_cookie(&key, &text);
        }
    }

    /// The value's text if it satisfies `rules`; records the failure
    /// otherwise. An open enum's `Unknown(..)` value is sent as written: the
    /// service may know values added after the spec.
    fn checked<'v, V: QueryValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &'v V,
        rules: &Constraints,
    ) -> Option<Cow<'v, str>> {
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

    /// The texts of all `values` if each satisfies `rules`; records the
    /// first failure otherwise.
    fn checked_all<V: QueryValue>(
        &mut self,
        name: &'static str,
        values: &[V],
        rules: &Constraints,
    ) -> Option<Vec<String>> {
        values.iter().map(|value| self.checked(name, value, rules).map(Cow::into_owned)).collect()
    }

    /// `value` serialized, for writing in a style; records the failure if
    /// it cannot be serialized.
    fn serialized<V: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &V) -> Option<Node> {
        if self.error.is_some() {
            return None;
        }
        Node::of(value).map_err(|error| self.fail(name, format!("could not be serialized: {error}"))).ok()
    }

    /// Records what the `{name}` placeholder becomes, already percent-encoded
    /// (`None` for a `null` value). It must not be empty, and must not be `.`
    /// or `..`, which would be a dot segment that moves the URL up its path.
    fn push_path_expansion(&mut self, name: &'static str, expansion: Option<String>) {
        match expansion {
            Some(text) if text == "." || text == ".." => self.fail(name, "must not be `.` or `..`"),
            Some(text) if !text.is_empty() => self.path_params.push((name, text)),
            _ => self.fail(name, "must not be empty"),
        }
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

    /// Appends an already encoded `name=value` cookie.
    fn push_cookie(&mut self, name: &str, value: &str) {
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        // Writing into a `String` cannot fail.
        let _ = write!(self.cookies, "{name}={value}");
    }
}

/// `text` percent-encoded for a path segment or a query: everything but the
/// RFC 3986 unreserved characters.
fn component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// `text` percent-encoded for a cookie value.
fn cookie_value(text: &str) -> String {
    utf8_percent_encode(text, COOKIE_VALUE).to_string()
}
