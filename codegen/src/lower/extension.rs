//! Reads `x-` extensions through serde derives that refuse unknown keys, so a misspelled key is
//! a diagnostic at its pointer rather than silence.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};

/// Reads the extension `name` found at `at` into `T`, or reports the first problem at the
/// pointer of the key or item where it is.
pub(super) fn parse<T: DeserializeOwned>(value: &Value, at: &Pointer, name: &str) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let mut pointer = at.clone();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => pointer = pointer.push(index),
                serde_path_to_error::Segment::Map { key } => pointer = pointer.push(key),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Diagnostic::error(pointer, format!("`{name}`: {}", error.into_inner()))
    })
}
