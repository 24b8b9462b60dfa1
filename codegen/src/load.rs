//! Spec text in, `openapiv3` document out, with every failure located by JSON Pointer.
//!
//! The text is read as JSON when it starts with `{`, as YAML otherwise, into a plain JSON
//! value first; `serde_path_to_error` then types it, so a field of the wrong type is reported
//! at its pointer.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

/// A spec that parsed and typed.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The typed document.
    pub document: OpenAPI,
}

/// Parses and types a spec.
pub fn load(spec_text: &str) -> Result<Loaded, Diagnostics> {
    let raw = parse_text(spec_text)?;
    check_version(&raw)?;
    let document = serde_path_to_error::deserialize::<_, OpenAPI>(raw).map_err(|error| {
        let pointer = pointer_of(error.path());
        Diagnostics(vec![Diagnostic::error(pointer, error.into_inner().to_string())])
    })?;
    Ok(Loaded { document })
}

/// Parses JSON or YAML text into a JSON value.
fn parse_text(spec_text: &str) -> Result<Value, Diagnostics> {
    let parsed = if spec_text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(spec_text).map_err(|error| format!("invalid JSON: {error}"))
    } else {
        serde_yaml_ng::from_str::<Value>(spec_text).map_err(|error| format!("invalid YAML: {error}"))
    };
    let value = parsed.map_err(|message| Diagnostics(vec![Diagnostic::error("", message)]))?;
    if !value.is_object() {
        return Err(Diagnostics(vec![Diagnostic::error("", "the document is not an object")]));
    }
    Ok(value)
}

/// Accepts OpenAPI 3.0.x only: 3.1 changed the schema dialect that lowering relies on.
fn check_version(raw: &Value) -> Result<(), Diagnostics> {
    let version = raw.get("openapi").and_then(Value::as_str);
    match version {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) => Err(Diagnostics(vec![Diagnostic::error(
            "/openapi",
            format!("OpenAPI {v} is not supported; the generator reads OpenAPI 3.0.x"),
        )])),
        None => {
            Err(Diagnostics(vec![Diagnostic::error("/openapi", "missing `openapi` version field; expected 3.0.x")]))
        }
    }
}

/// Converts the path `serde_path_to_error` tracked into a JSON Pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer,
        };
    }
    pointer.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_wrong_types_at_their_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: [t], version: '1'}\npaths: {}\n";
        let report = load(text).unwrap_err();
        assert_eq!(report.0[0].pointer, "/info/title", "{report}");
        // openapiv3 deserializes `paths` by hand, so errors inside it stop at `/paths`.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: 7\n      responses: {}\n";
        let report = load(text).unwrap_err();
        assert_eq!(report.0[0].pointer, "/paths", "{report}");
    }

    #[test]
    fn rejects_invalid_yaml_and_other_versions() {
        let report = load("openapi: [").unwrap_err();
        assert!(report.0[0].message.starts_with("invalid YAML"), "{report}");
        let report = load(r#"{"openapi": "3.1.0"}"#).unwrap_err();
        assert_eq!(report.0[0].pointer, "/openapi");
    }
}
