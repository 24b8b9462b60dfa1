//! Parameters written as JSON text: OpenAPI's `content: application/json` form, where a
//! parameter's value is serialized as one JSON document and then encoded for its location
//! like any other text.

use serde::Serialize;

use super::error::InvalidRequestError;
use super::param::Constraints;
use super::request::Request;

impl Request {
    /// Sets the `{name}` placeholder to `value` written as JSON text, percent-encoded as one
    /// segment.
    pub fn path_param_json<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V) {
        if let Some(text) = self.json_text(name, value) {
            self.path_param(name, text.as_str(), &Constraints::NONE);
        }
    }

    /// Adds the query parameter `name` as JSON text, when `value` is given.
    pub fn query_param_json<V: Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(text) = value.and_then(|value| self.json_text(name, value)) {
            self.query_param(name, Some(text.as_str()), &Constraints::NONE);
        }
    }

    /// Adds the header `name` as JSON text, when `value` is given.
    pub fn header_param_json<V: Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(text) = value.and_then(|value| self.json_text(name, value)) {
            self.header_param(name, Some(text.as_str()), &Constraints::NONE);
        }
    }

    /// Adds the cookie `name` as JSON text, when `value` is given; characters a cookie forbids
    /// are percent-encoded.
    pub fn cookie_param_json<V: Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(text) = value.and_then(|value| self.json_text(name, value)) {
            self.cookie_param(name, Some(text.as_str()), &Constraints::NONE);
        }
    }

    /// The JSON text of `value`; a value that cannot be written as JSON (a map whose keys are
    /// not strings, for one) makes the request invalid instead.
    fn json_text<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V) -> Option<String> {
        match serde_json::to_string(value) {
            Ok(text) => Some(text),
            Err(error) => {
                let operation = self.operation().name;
                let reason = format!("cannot be written as JSON: {error}");
                self.error.get_or_insert_with(|| InvalidRequestError::new(operation, name, reason));
                None
            }
        }
    }
}
