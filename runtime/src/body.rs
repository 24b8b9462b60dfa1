//! Request bodies: JSON, `application/x-www-form-urlencoded` forms,
//! `multipart/form-data` and raw bytes, set on a [`Request`].
//!
//! Both are encoded to bytes once, when the request is built, so a retry
//! sends exactly the same body again. A form is any serializable value whose
//! JSON form is an object: each property becomes `key=value`, an array
//! repeats its key, and a nested object is written as `key[sub]=value`. A
//! multipart body is assembled part by part with [`Multipart`].

use bytes::{BufMut, Bytes, BytesMut};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use super::param::QueryValue as _;
use super::request::Request;

/// What `application/x-www-form-urlencoded` leaves as it is: the unreserved
/// characters; everything else is percent-encoded.
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'*');

/// The content type of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The body of a [`Request`]: JSON, a form, multipart, or raw bytes with a media type.
impl Request {
    /// Serializes `body` as the JSON request body.
    ///
    /// A serialization failure is reported as
    /// [`Error::InvalidRequest`](super::error::Error::InvalidRequest) for
    /// the parameter `body`.
    pub fn json_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) {
        if self.error.is_some() {
            return;
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(Bytes::from(bytes), "application/json"),
            Err(error) => self.fail("body", format!("could not be serialized as JSON: {error}")),
        }
    }

    /// Encodes `body`, whose JSON form must be an object, as an
    /// `application/x-www-form-urlencoded` form.
    pub fn form_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) {
        if self.error.is_some() {
            return;
        }
        match form_urlencoded(body) {
            Ok(text) => self.set_body(Bytes::from(text), FORM_CONTENT_TYPE),
            Err(reason) => self.fail("body", reason),
        }
    }

    /// Sends a `multipart/form-data` body.
    pub fn multipart_body(&mut self, form: Multipart) {
        if self.error.is_some() {
            return;
        }
        match form.encode() {
            Ok((bytes, content_type)) => match HeaderValue::from_str(&content_type) {
                Ok(value) => {
                    self.body = Some(bytes);
                    self.content_type = Some(value);
                }
                Err(_) => self.fail("body", "has an invalid multipart boundary"),
            },
            Err(reason) => self.fail("body", reason),
        }
    }

    /// Sends `body` as it is, with the given media type (for example
    /// `application/octet-stream` or `text/plain`).
    pub fn raw_body(&mut self, body: impl Into<Bytes>, content_type: &'static str) {
        if self.error.is_none() {
            self.set_body(body.into(), content_type);
        }
    }

    /// Replaces the media type of the body already set, for JSON bodies such
    /// as `application/merge-patch+json`.
    pub fn content_type(&mut self, content_type: &'static str) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.content_type = Some(value),
            Err(_) => self.fail("body", format!("has an invalid media type `{content_type}`")),
        }
    }

    /// The encoded body, if one was set.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The media type of the body, if one was set.
    pub fn body_content_type(&self) -> Option<&str> {
        self.content_type.as_ref().and_then(|value| value.to_str().ok())
    }

    fn set_body(&mut self, body: Bytes, content_type: &'static str) {
        self.body = Some(body);
        self.content_type(content_type);
    }
}

/// Encodes `body` as a form, or says why it cannot be one.
pub(crate) fn form_urlencoded<B: Serialize + ?Sized>(body: &B) -> Result<String, String> {
    let value = serde_json::to_value(body).map_err(|error| format!("could not be serialized: {error}"))?;
    let Value::Object(properties) = value else {
        return Err("must be an object to be sent as a form".to_owned());
    };
    let mut pairs = Vec::new();
    for (key, value) in &properties {
        form_pairs(key, value, &mut pairs);
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", utf8_percent_encode(key, FORM), utf8_percent_encode(value, FORM)))
        .collect();
    Ok(encoded.join("&"))
}

/// Flattens one form property into `(key, text)` pairs.
fn form_pairs(key: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| form_pairs(key, item, pairs)),
        Value::Object(properties) => {
            for (sub, value) in properties {
                form_pairs(&format!("{key}[{sub}]"), value, pairs);
            }
        }
        scalar => pairs.push((key.to_owned(), scalar.query_text().into_owned())),
    }
}

/// A `multipart/form-data` body under construction.
///
/// Text and numbers become `text/plain` parts, objects become
/// `application/json` parts, and binary values become
/// `application/octet-stream` file parts.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: &'static str,
    data: Bytes,
}

impl Multipart {
    /// An empty multipart body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the property `name`: nothing for `None` or `null`, one part per
    /// item for an array, a JSON part for an object, a text part otherwise.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => self.value_parts(name, value),
            Err(error) => {
                self.error.get_or_insert_with(|| format!("`{name}` could not be serialized: {error}"));
            }
        }
    }

    /// Adds a file part holding `data`, if it is `Some`.
    pub fn file(&mut self, name: &str, data: Option<&Bytes>) {
        if let Some(data) = data {
            self.parts.push(Part {
                name: name.to_owned(),
                filename: Some(name.to_owned()),
                content_type: "application/octet-stream",
                data: data.clone(),
            });
        }
    }

    fn value_parts(&mut self, name: &str, value: Value) {
        let (content_type, data) = match value {
            Value::Null => return,
            Value::Array(items) => return items.into_iter().for_each(|item| self.value_parts(name, item)),
            Value::String(text) => ("text/plain; charset=utf-8", text.into_bytes()),
            object @ Value::Object(_) => ("application/json", object.to_string().into_bytes()),
            scalar => ("text/plain; charset=utf-8", scalar.to_string().into_bytes()),
        };
        self.parts.push(Part { name: name.to_owned(), filename: None, content_type, data: Bytes::from(data) });
    }

    /// The encoded body and its content type (with the boundary), or the
    /// first error met while adding parts.
    pub(crate) fn encode(self) -> Result<(Bytes, String), String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let boundary = self.boundary();
        let mut out = BytesMut::new();
        for part in &self.parts {
            out.put_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quoted(&part.name);
            match &part.filename {
                Some(file) => out.put_slice(
                    format!("content-disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\n", quoted(file))
                        .as_bytes(),
                ),
                None => out.put_slice(format!("content-disposition: form-data; name=\"{name}\"\r\n").as_bytes()),
            }
            out.put_slice(format!("content-type: {}\r\n\r\n", part.content_type).as_bytes());
            out.put_slice(&part.data);
            out.put_slice(b"\r\n");
        }
        out.put_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((out.freeze(), format!("multipart/form-data; boundary={boundary}")))
    }

    /// A random boundary that occurs in no part.
    fn boundary(&self) -> String {
        loop {
            let boundary: String = std::iter::repeat_with(fastrand::alphanumeric).take(32).collect();
            let boundary = format!("rtk-{boundary}");
            let clashes = self.parts.iter().any(|part| {
                part.data.windows(boundary.len()).any(|window| window == boundary.as_bytes())
                    || part.name.contains(&boundary)
            });
            if !clashes {
                return boundary;
            }
        }
    }
}

/// A name made safe inside a quoted header parameter.
fn quoted(name: &str) -> String {
    name.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}
