//! Spec text in, `openapiv3` document out, with every failure located by JSON Pointer.
//!
//! The text is read as JSON when it starts with `{`, as YAML otherwise, into a plain JSON
//! value first. An OpenAPI 3.1 document is then rewritten into the 3.0 form (`v31.rs`), with a
//! warning for whatever has none. A structural check (`shape.rs`) then reports every value of
//! the wrong type at its exact pointer, all at once. Only a document that passes it is typed as
//! `openapiv3`, with `serde_path_to_error`; anything that still fails is located by typing each
//! path item and component on its own.

mod shape;
mod v31;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

/// A spec that parsed and typed.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    /// The typed document.
    pub document: OpenAPI,
    /// The schemas that `$ref`s reach outside `#/components/schemas/<name>`, such as a property
    /// of a request body inside `paths`, typed once here, by the JSON Pointer of the reference's
    /// fragment.
    pub local_schemas: BTreeMap<Pointer, Schema>,
    /// What reading the document dropped or read differently: the parts of a 3.1 document
    /// that have no 3.0 form. Empty for a 3.0 document.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and types a spec.
pub(crate) fn load(spec_text: &str) -> Result<Loaded, Diagnostics> {
    let (raw, warnings) = read(spec_text)?;
    let problems = shape::problems(&raw);
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems.into_iter().chain(warnings).collect()));
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
        Ok(document) => Ok(Loaded { document, local_schemas: local_schemas(&raw), warnings }),
        Err(error) => {
            let whole = Diagnostic::error(pointer_of(error.path()), error.into_inner().to_string());
            let located = locate(&raw);
            let found = if located.is_empty() { vec![whole] } else { located };
            Err(Diagnostics::sorted(found.into_iter().chain(warnings).collect()))
        }
    }
}

/// Parses spec text into a JSON value in the OpenAPI 3.0 form that the rest of the generator
/// reads: a 3.0 document as written, a 3.1 document rewritten (`v31.rs`), with the warnings of
/// the rewrite. Any other version is an error.
pub(crate) fn read(spec_text: &str) -> Result<(Value, Vec<Diagnostic>), Diagnostics> {
    let raw = parse_text(spec_text)?;
    match check_version(&raw)? {
        Version::V30 => Ok((raw, Vec::new())),
        Version::V31 => Ok(v31::normalize(raw)),
    }
}

/// Every schema that a local `$ref` reaches other than a whole component, typed. A target that
/// is missing or is not a schema is left out; lowering reports the reference.
fn local_schemas(raw: &Value) -> BTreeMap<Pointer, Schema> {
    let mut references = BTreeSet::new();
    collect_references(raw, &mut references);
    references
        .into_iter()
        .filter_map(|reference| {
            let pointer = Pointer::from_fragment(reference).ok().filter(|pointer| !pointer.is_root())?;
            let tokens: Vec<_> = pointer.tokens().collect();
            let whole_component =
                matches!(tokens.as_slice(), [components, _, name] if components == "components" && !name.is_empty());
            if whole_component {
                return None;
            }
            let schema = serde_json::from_value::<Schema>(raw.pointer(pointer.as_str())?.clone()).ok()?;
            Some((pointer, schema))
        })
        .collect()
}

/// Every `$ref` string in `value`.
fn collect_references<'v>(value: &'v Value, found: &mut BTreeSet<&'v str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.insert(reference);
            }
            map.values().for_each(|value| collect_references(value, found));
        }
        Value::Array(items) => items.iter().for_each(|value| collect_references(value, found)),
        _ => {}
    }
}

/// Types each path item and component on its own, so a failure is reported at the entry (and
/// within it, as deep as `serde` can tell) rather than at `/paths` or `/components`.
fn locate(raw: &Value) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let root = Pointer::root();
    if let Some(Value::Object(paths)) = raw.get("paths") {
        for (path, item) in paths.iter().filter(|(path, _)| path.starts_with('/')) {
            typed::<ReferenceOr<PathItem>>(item, &root.push("paths").push(path), &mut found);
        }
    }
    let components = raw.get("components");
    let entries = |kind: &str| components.and_then(|c| c.get(kind)).and_then(Value::as_object).into_iter().flatten();
    let at = |kind: &str, name: &str| root.push("components").push(kind).push(name);
    for (name, value) in entries("schemas") {
        typed::<ReferenceOr<Schema>>(value, &at("schemas", name), &mut found);
    }
    for (name, value) in entries("parameters") {
        typed::<ReferenceOr<Parameter>>(value, &at("parameters", name), &mut found);
    }
    for (name, value) in entries("responses") {
        typed::<ReferenceOr<Response>>(value, &at("responses", name), &mut found);
    }
    for (name, value) in entries("requestBodies") {
        typed::<ReferenceOr<RequestBody>>(value, &at("requestBodies", name), &mut found);
    }
    found
}

/// Types one value as `T`, recording a failure under `at`.
fn typed<T: DeserializeOwned>(value: &Value, at: &Pointer, found: &mut Vec<Diagnostic>) {
    if let Err(error) = serde_path_to_error::deserialize::<_, T>(value) {
        let inner = pointer_of(error.path());
        found.push(Diagnostic::error(at.join(&inner), error.into_inner().to_string()));
    }
}

/// Parses JSON or YAML text into a JSON value.
pub(crate) fn parse_text(spec_text: &str) -> Result<Value, Diagnostics> {
    let parsed = if spec_text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(spec_text).map_err(|error| format!("invalid JSON: {error}"))
    } else {
        serde_yaml_ng::from_str::<Value>(spec_text).map_err(|error| format!("invalid YAML: {error}"))
    };
    let value = parsed.map_err(|message| Diagnostics(vec![Diagnostic::error(Pointer::root(), message)]))?;
    if !value.is_object() {
        return Err(Diagnostics(vec![Diagnostic::error(Pointer::root(), "the document is not an object")]));
    }
    Ok(value)
}

/// The OpenAPI versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    /// Rewritten into the 3.0 form first.
    V31,
}

/// Accepts OpenAPI 3.0.x and 3.1.x; Swagger 2.0 and later versions are refused, naming the
/// version found.
fn check_version(raw: &Value) -> Result<Version, Diagnostics> {
    let refuse =
        |key: &str, message: String| Err(Diagnostics(vec![Diagnostic::error(Pointer::root().push(key), message)]));
    match raw.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(Version::V30),
        Some(Value::String(v)) if v31::is_v31(v) => Ok(Version::V31),
        Some(Value::String(v)) => {
            refuse("openapi", format!("OpenAPI {v} is not supported; the generator reads OpenAPI 3.0.x and 3.1.x"))
        }
        Some(other) => refuse(
            "openapi",
            format!("the `openapi` version must be a string such as \"3.1.0\", found {other}; quote it in YAML"),
        ),
        None => match raw.get("swagger") {
            Some(swagger) => refuse(
                "swagger",
                format!(
                    "Swagger {} (OpenAPI 2.0) is not supported; convert the document to OpenAPI 3.0 or 3.1 first",
                    swagger.as_str().map_or_else(|| swagger.to_string(), str::to_owned)
                ),
            ),
            None => refuse("openapi", "missing `openapi` version field; expected 3.0.x or 3.1.x".to_owned()),
        },
    }
}

/// Converts the path `serde_path_to_error` tracked into a JSON Pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
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
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_wrong_types_at_their_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: [t], version: '1'}\npaths: {}\n";
        let report = load(text).unwrap_err();
        assert_eq!(report.0[0].pointer.as_str(), "/info/title", "{report}");
        // The structural check reaches inside `paths`, which `openapiv3` types by hand.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: 7\n      responses: {}\n";
        let report = load(text).unwrap_err();
        assert_eq!(report.0[0].pointer.as_str(), "/paths/~1a/get/parameters", "{report}");
    }

    #[test]
    fn typing_failures_are_located_per_entry() {
        // A parameter style that does not exist passes the structural check but not `openapiv3`.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, style: sideways, schema: {type: string}}]\n      responses: {}\n";
        let report = load(text).unwrap_err();
        assert!(report.0[0].pointer.starts_with(&Pointer::root().push("paths").push("/a")), "{report}");
    }

    #[test]
    fn rejects_invalid_yaml_and_other_versions() {
        let report = load("openapi: [").unwrap_err();
        assert!(report.0[0].message.starts_with("invalid YAML"), "{report}");
        let report = load(r#"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#).unwrap_err();
        assert_eq!(report.0[0].pointer.as_str(), "/openapi");
        assert!(report.0[0].message.starts_with("OpenAPI 3.2.0 is not supported"), "{report}");
        let report = load(r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#).unwrap_err();
        assert_eq!(report.0[0].pointer.as_str(), "/swagger");
        assert!(report.0[0].message.starts_with("Swagger 2.0 (OpenAPI 2.0) is not supported"), "{report}");
        let report = load("openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(report.0[0].message.contains("must be a string"), "{report}");
    }

    #[test]
    fn reads_openapi_3_1_as_3_0_with_warnings() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s}\nwebhooks: {ping: {post: {}}}\ncomponents:\n  schemas:\n    A: {type: [string, 'null'], examples: [x]}\n";
        let loaded = load(text).unwrap_or_else(|report| panic!("{report}"));
        assert_eq!(loaded.document.openapi, "3.0.3");
        let schema = loaded.document.components.as_ref().and_then(|c| c.schemas["A"].as_item()).cloned();
        let schema = schema.unwrap_or_else(|| panic!("A is typed"));
        assert!(schema.schema_data.nullable);
        assert_eq!(schema.schema_data.example, Some(Value::String("x".to_owned())));
        let pointers: Vec<&str> = loaded.warnings.iter().map(|warning| warning.pointer.as_str()).collect();
        assert_eq!(pointers, ["/webhooks"]);
        // A 3.1 document that is broken reports its problems with the warnings of reading it.
        let text = "openapi: 3.1.0\ninfo: {title: [t], version: '1'}\nwebhooks: {ping: {}}\n";
        let report = load(text).unwrap_err();
        let pointers: Vec<&str> = report.0.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/info/title", "/webhooks"], "{report}");
    }
}
