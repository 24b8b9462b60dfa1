//! Spec text in, `openapiv3` document out, with every failure located by JSON Pointer.
//!
//! The text is read as JSON when it starts with `{`, as YAML otherwise, into a plain JSON
//! value first. An OpenAPI 3.1 document is then rewritten into the 3.0 form (`v31.rs`), with a
//! warning for whatever has none. A structural check (`shape.rs`) then reports every value of
//! the wrong type at its exact pointer, all at once. Only a document that passes it is typed as
//! `openapiv3`, with `serde_path_to_error`; anything that still fails is located by typing each
//! path item and component on its own. In keep-going mode ([`load_keeping_going`]) such a
//! problem inside an operation, path item or component leaves only that part out.

mod local;
mod shape;
mod v31;

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
pub(crate) use local::LocalItems;

/// A spec that parsed and typed.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    /// The typed document.
    pub document: OpenAPI,
    /// The items that `$ref`s reach outside `#/components/<kind>/<name>`, such as a property
    /// of a request body inside `paths` or another operation's response, typed once here.
    pub local: LocalItems,
    /// What reading the document dropped or read differently: the parts of a 3.1 document
    /// that have no 3.0 form. Empty for a 3.0 document.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and types a spec.
pub(crate) fn load(spec_text: &str) -> Result<Loaded, Diagnostics> {
    let (raw, warnings) = read(spec_text)?;
    let (raw, warnings) = tolerate_mistakes(raw, warnings);
    let problems = shape::problems(&raw);
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems.into_iter().chain(warnings).collect()));
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
        Ok(document) => Ok(Loaded { document, local: LocalItems::new(&raw), warnings }),
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
        Version::V30 => {
            // 3.0 allows a path item by `$ref` too; it is copied in place as for 3.1.
            let mut raw = raw;
            v31::inline_path_items(&mut raw);
            Ok((raw, Vec::new()))
        }
        Version::V31 => Ok(v31::normalize(raw)),
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

/// Reads a document past common mistakes that have one sensible reading, each with a warning
/// at its pointer, before the structural check: a schema's `pattern` that is not a string (a
/// number, or `[a-z]`, which YAML reads as a list) is ignored, as the generator does not check
/// patterns anyway.
fn tolerate_mistakes(mut raw: Value, mut warnings: Vec<Diagnostic>) -> (Value, Vec<Diagnostic>) {
    ignore_non_string_patterns(&mut raw, &Pointer::root(), false, 0, &mut warnings);
    drop_callbacks(&mut raw, &mut warnings);
    respell_security_schemes(&mut raw, &mut warnings);
    (raw, warnings)
}

/// The values a security scheme's `type` and an API key's `in` may take, spelled as the
/// specification does.
const SECURITY_SPELLINGS: &[(&str, &[&str])] =
    &[("type", &["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"]), ("in", &["header", "query", "cookie"])];

/// Reads a security scheme's `type` or `in` written in another case, such as `type: apikey`,
/// as the value it spells, with a warning: `openapiv3` matches them exactly, so the scheme, and
/// with it the way the API authenticates, would otherwise be lost.
fn respell_security_schemes(raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(schemes) = raw.pointer_mut("/components/securitySchemes").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, scheme) in schemes.iter_mut() {
        let Some(scheme) = scheme.as_object_mut() else { continue };
        for (key, spellings) in SECURITY_SPELLINGS {
            let Some(Value::String(written)) = scheme.get_mut(*key) else { continue };
            let Some(spelled) = spellings.iter().find(|spelled| spelled.eq_ignore_ascii_case(written)) else {
                continue;
            };
            if written != spelled {
                let at = Pointer::root().push("components").push("securitySchemes").push(name).push(*key);
                warnings.push(Diagnostic::warning(at, format!("`{written}` is read as `{spelled}`")));
                *written = (*spelled).to_owned();
            }
        }
    }
}

/// Removes every operation's `callbacks`, and the `callbacks` components, with a warning per
/// operation: callbacks describe requests the API sends, which a client does not generate, and
/// `openapiv3` cannot read one given by `$ref`, which would refuse the whole spec.
fn drop_callbacks(raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    if let Some(components) = raw.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("callbacks");
    }
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for method in &METHODS {
            let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) else { continue };
            if operation.remove("callbacks").is_some() {
                let at = Pointer::root().push("paths").push(path.as_str()).push(*method).push("callbacks");
                warnings.push(Diagnostic::warning(at, "callbacks are requests the API sends; they are not generated"));
            }
        }
    }
}

/// Keys whose values are data, never schemas, so a `pattern` inside them is left alone.
const VALUE_KEYS: &[&str] = &["example", "examples", "default", "enum", "const", "value"];

/// Keys whose values are maps from names, such as property names, to objects, so their keys
/// are names rather than keywords: a property may be called `pattern`.
const NAME_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "paths",
    "content",
    "encoding",
    "mapping",
    "variables",
    "definitions",
    "$defs",
];

/// How deep [`ignore_non_string_patterns`] looks, so a pathological document cannot exhaust
/// the stack; the parsers already refuse deeper nesting.
const MAX_MISTAKE_DEPTH: usize = 256;

/// Removes every `pattern` keyword whose value is neither a string nor an object (an object
/// is more likely a property of that name, or a real mistake the structural check reports).
fn ignore_non_string_patterns(
    value: &mut Value,
    at: &Pointer,
    names: bool,
    depth: usize,
    warnings: &mut Vec<Diagnostic>,
) {
    if depth > MAX_MISTAKE_DEPTH {
        return;
    }
    match value {
        Value::Object(entries) => {
            let wrong = entries.get("pattern").filter(|pattern| !pattern.is_string() && !pattern.is_object());
            if let Some(pattern) = wrong.filter(|_| !names) {
                let found = match pattern {
                    Value::Null => "null".to_owned(),
                    Value::Array(_) => "a list (YAML reads `[...]` as one; quote the pattern)".to_owned(),
                    other => format!("`{other}`"),
                };
                let message =
                    format!("`pattern` must be a string holding a regular expression, found {found}; it is ignored");
                warnings.push(Diagnostic::warning(at.push("pattern"), message));
                entries.shift_remove("pattern");
            }
            for (key, child) in entries.iter_mut() {
                if !names && (VALUE_KEYS.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let child_names = !names && NAME_MAP_KEYS.contains(&key.as_str());
                ignore_non_string_patterns(child, &at.push(key), child_names, depth + 1, warnings);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                ignore_non_string_patterns(item, &at.push(index), false, depth + 1, warnings);
            }
        }
        _ => {}
    }
}

/// A part of the document that keep-going loading left out, and the problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut {
    /// The operation (`/paths/~1a/get`) left out, the path item left out when it holds no
    /// operation, or the component (`/components/schemas/A`) read as a placeholder.
    pub unit: Pointer,
    /// What is wrong, at its own pointer, which may lie outside `unit` (a problem of a path
    /// item's parameters leaves out each of its operations).
    pub problem: Diagnostic,
}

/// The HTTP methods of a path item.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many times keep-going loading types the document again after leaving parts out;
/// each round leaves out every part found broken, so two are usual.
const MAX_ROUNDS: usize = 16;

/// Parses and types a spec in keep-going mode: damage to the document itself (text that does
/// not parse, an unsupported version, a broken `info`, no `paths`) still refuses it, but a
/// problem inside one operation, path item or component only leaves that part out. A broken
/// operation is removed, a path item broken outside its operations is removed with all of
/// them, and a broken component becomes a placeholder of its kind, so the `$ref`s to it still
/// resolve and lowering skips exactly what depends on it ([`LeftOut`]).
pub(crate) fn load_keeping_going(spec_text: &str) -> Result<(Loaded, Vec<LeftOut>), Diagnostics> {
    let (raw, warnings) = read(spec_text)?;
    let (mut raw, warnings) = tolerate_mistakes(raw, warnings);
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut done: BTreeSet<Pointer> = BTreeSet::new();
    let mut found = shape::problems(&raw);
    for _ in 0..MAX_ROUNDS {
        if !found.is_empty() {
            let units: Vec<Option<Pointer>> = found.iter().map(|problem| unit_of(&problem.pointer)).collect();
            let progress = units.iter().flatten().any(|unit| !done.contains(unit));
            if units.iter().any(Option::is_none) || !progress {
                break;
            }
            for (problem, unit) in std::mem::take(&mut found).into_iter().zip(units.into_iter().flatten()) {
                done.insert(unit.clone());
                leave_out(&mut raw, unit, problem, &mut left_out);
            }
        }
        match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
            Ok(document) => {
                let loaded = Loaded { document, local: LocalItems::new(&raw), warnings };
                return Ok((loaded, left_out));
            }
            Err(error) => {
                let whole = Diagnostic::error(pointer_of(error.path()), error.into_inner().to_string());
                let mut located = locate(&raw);
                located.extend(locate_other_components(&raw));
                let located = refine_path_items(&raw, located);
                found = if located.is_empty() { vec![whole] } else { located };
            }
        }
    }
    let problems = left_out.into_iter().map(|part| part.problem).chain(found).chain(warnings);
    Err(Diagnostics::sorted(problems.collect()))
}

/// The part of the document a problem at `pointer` lies in and that keep-going loading can
/// leave out: an operation, a path item or a component; `None` for the document itself.
fn unit_of(pointer: &Pointer) -> Option<Pointer> {
    let tokens: Vec<_> = pointer.tokens().collect();
    let root = Pointer::root();
    match tokens.as_slice() {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_ref()) => {
            Some(root.push("paths").push(path).push(method))
        }
        [paths, path, ..] if paths == "paths" && !path.starts_with("x-") => Some(root.push("paths").push(path)),
        [components, kind, name, ..] if components == "components" && !kind.starts_with("x-") => {
            Some(root.push("components").push(kind).push(name))
        }
        _ => None,
    }
}

/// Leaves the part `unit` of `raw` out for `problem`, recording it.
fn leave_out(raw: &mut Value, unit: Pointer, problem: Diagnostic, left_out: &mut Vec<LeftOut>) {
    let tokens: Vec<String> = unit.tokens().map(std::borrow::Cow::into_owned).collect();
    match tokens.as_slice() {
        [_, path, method] if unit.starts_with(&Pointer::root().push("paths")) => {
            if let Some(Value::Object(item)) = raw.get_mut("paths").and_then(|paths| paths.get_mut(path)) {
                item.shift_remove(method);
            }
            left_out.push(LeftOut { unit, problem });
        }
        [_, path] => {
            let Some(Value::Object(paths)) = raw.get_mut("paths") else { return };
            let methods: Vec<String> = match paths.get(path) {
                Some(Value::Object(item)) => {
                    item.keys().filter(|key| METHODS.contains(&key.as_str())).cloned().collect()
                }
                _ => Vec::new(),
            };
            paths.shift_remove(path);
            for method in &methods {
                left_out.push(LeftOut { unit: unit.push(method), problem: problem.clone() });
            }
            if methods.is_empty() {
                left_out.push(LeftOut { unit, problem });
            }
        }
        [_, kind, name] => {
            let Some(Value::Object(entries)) = raw.get_mut("components").and_then(|c| c.get_mut(kind)) else { return };
            match placeholder(kind, name) {
                Some(placeholder) => {
                    entries.insert(name.clone(), placeholder);
                }
                None => {
                    entries.shift_remove(name);
                }
            }
            left_out.push(LeftOut { unit, problem });
        }
        _ => {}
    }
}

/// A value of a component kind that types and that lowering reads without a problem of its
/// own, put in place of a broken component so the `$ref`s to it resolve (what uses it is
/// skipped); `None` for kinds that are removed instead, such as security schemes.
fn placeholder(kind: &str, name: &str) -> Option<Value> {
    Some(match kind {
        "schemas" | "examples" | "callbacks" => serde_json::json!({}),
        "responses" => serde_json::json!({"description": ""}),
        "parameters" => serde_json::json!({"name": name, "in": "query", "schema": {}}),
        "requestBodies" => serde_json::json!({"content": {"application/json": {}}}),
        "headers" => serde_json::json!({"schema": {}}),
        _ => return None,
    })
}

/// Types the component kinds that [`locate`] leaves to the whole document, each entry on its
/// own, so a failure is reported at the entry.
fn locate_other_components(raw: &Value) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let components = raw.get("components");
    let entries = |kind: &str| components.and_then(|c| c.get(kind)).and_then(Value::as_object).into_iter().flatten();
    let at = |kind: &str, name: &str| Pointer::root().push("components").push(kind).push(name);
    for (name, value) in entries("headers") {
        typed::<ReferenceOr<openapiv3::Header>>(value, &at("headers", name), &mut found);
    }
    for (name, value) in entries("examples") {
        typed::<ReferenceOr<openapiv3::Example>>(value, &at("examples", name), &mut found);
    }
    for (name, value) in entries("securitySchemes") {
        typed::<ReferenceOr<openapiv3::SecurityScheme>>(value, &at("securitySchemes", name), &mut found);
    }
    for (name, value) in entries("links") {
        typed::<ReferenceOr<openapiv3::Link>>(value, &at("links", name), &mut found);
    }
    for (name, value) in entries("callbacks") {
        typed::<ReferenceOr<openapiv3::Callback>>(value, &at("callbacks", name), &mut found);
    }
    found
}

/// Replaces each failure reported at a whole path item (typing it as a possible `$ref` loses
/// the place) by the failures of its operations and path-level parameters typed one by one,
/// so keep-going loading leaves out only the broken operations when they are the problem.
fn refine_path_items(raw: &Value, located: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut refined = Vec::new();
    for problem in located {
        let tokens: Vec<_> = problem.pointer.tokens().collect();
        let item = match tokens.as_slice() {
            [paths, path] if paths == "paths" => raw.get("paths").and_then(|paths| paths.get(path.as_ref())),
            _ => None,
        };
        let Some(Value::Object(item)) = item else {
            refined.push(problem);
            continue;
        };
        let mut inner = Vec::new();
        for (key, value) in item {
            let at = problem.pointer.push(key);
            if METHODS.contains(&key.as_str()) {
                typed::<openapiv3::Operation>(value, &at, &mut inner);
            } else if key == "parameters" {
                typed::<Vec<ReferenceOr<Parameter>>>(value, &at, &mut inner);
            }
        }
        if inner.is_empty() {
            refined.push(problem);
        } else {
            refined.extend(inner);
        }
    }
    refined
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
