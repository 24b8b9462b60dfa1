//! Checks that every parameter and every property says what it is.
//!
//! A property given by `$ref` (alone, or as the one entry of an `allOf`) is described by the
//! schema it names, which is where the generator takes its docs from; so is a parameter whose
//! schema has a description.

use realtimekit_codegen::{Diagnostic, Pointer};
use serde_json::Value;

use super::document::Document;

/// Every parameter has a description.
pub(super) fn parameter_descriptions(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    for (parameter, at) in document.parameters() {
        let schema_described =
            parameter.get("schema").is_some_and(|schema| described(document, schema, &at.push("schema")));
        if !has_description(parameter) && !schema_described {
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
            found.push(Diagnostic::warning(&at, format!("parameter `{name}` has no description")));
        }
    }
}

/// Every property of every object schema has a description.
pub(super) fn property_descriptions(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    for (schema, at) in document.schemas() {
        for (name, property, property_at) in Document::entries(schema, "properties", &at) {
            if !described(document, property, &property_at) {
                found.push(Diagnostic::warning(&property_at, format!("property `{name}` has no description")));
            }
        }
    }
}

/// Whether a schema has a description of its own or through the schema it refers to.
fn described(document: Document<'_>, schema: &Value, at: &Pointer) -> bool {
    if has_description(schema) {
        return true;
    }
    let referred = match schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
        Some([only]) => only,
        _ => schema,
    };
    referred.get("$ref").is_some() && document.resolve(referred, at).is_some_and(|(target, _)| has_description(target))
}

fn has_description(value: &Value) -> bool {
    value.get("description").and_then(Value::as_str).is_some_and(|text| !text.trim().is_empty())
}
