//! Checks that each schema's rules can be met: lower bounds not above upper bounds, positive
//! `multipleOf`, patterns that compile, and `required` names that are declared properties.

use realtimekit_codegen::{Diagnostic, Pointer};
use serde_json::Value;

use super::document::Document;

/// The pairs of bounds that must not cross, as the spec names them.
const BOUNDS: &[(&str, &str)] =
    &[("minLength", "maxLength"), ("minItems", "maxItems"), ("minProperties", "maxProperties")];

/// Every schema's rules are coherent.
pub(super) fn constraints(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    for (schema, at) in document.schemas() {
        numeric_bounds(schema, &at, found);
        for (low, high) in BOUNDS {
            let (min, max) = (schema.get(*low).and_then(Value::as_f64), schema.get(*high).and_then(Value::as_f64));
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    found.push(Diagnostic::error(
                        at.push(low),
                        format!("{low} ({min}) is greater than {high} ({max}): no value is valid"),
                    ));
                }
            }
        }
        if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64).filter(|step| *step <= 0.0) {
            found.push(Diagnostic::error(at.push("multipleOf"), format!("multipleOf must be positive, not {step}")));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            if let Err(error) = regex::Regex::new(pattern) {
                // The parser's message draws a caret under the pattern; its last line says why.
                let text = error.to_string();
                let reason = text.lines().last().unwrap_or_default().trim_start_matches("error: ");
                found.push(Diagnostic::error(at.push("pattern"), format!("the pattern does not compile: {reason}")));
            }
        }
        required_properties(schema, &at, found);
    }
}

fn numeric_bounds(schema: &Value, at: &Pointer, found: &mut Vec<Diagnostic>) {
    let (Some(min), Some(max)) =
        (schema.get("minimum").and_then(Value::as_f64), schema.get("maximum").and_then(Value::as_f64))
    else {
        return;
    };
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    if min > max {
        found.push(Diagnostic::error(
            at.push("minimum"),
            format!("minimum ({min}) is greater than maximum ({max}): no value is valid"),
        ));
    } else if min == max && (exclusive("exclusiveMinimum") || exclusive("exclusiveMaximum")) {
        found.push(Diagnostic::error(
            at.push("minimum"),
            format!("minimum and maximum are both {min} and one is exclusive: no value is valid"),
        ));
    }
}

/// `required` names only declared properties, unless the schema composes others.
fn required_properties(schema: &Value, at: &Pointer, found: &mut Vec<Diagnostic>) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
    if ["allOf", "anyOf", "oneOf"].iter().any(|key| schema.get(*key).is_some()) {
        return;
    }
    for (name, name_at) in Document::items(schema, "required", at) {
        if let Some(name) = name.as_str().filter(|name| !properties.contains_key(*name)) {
            found.push(Diagnostic::warning(
                &name_at,
                format!("`required` names `{name}`, which is not among the properties"),
            ));
        }
    }
}
