//! Checks that examples, defaults and enum values are valid against their schemas.
//!
//! Examples are checked where they are written: `example` and `examples` of media types and
//! parameters, and `example`, `default` and `enum` of schemas. An example given by `$ref` is
//! checked against the schema of each place that uses it. A problem is reported at the
//! offending value inside the example, so its pointer leads straight to it.

use super::document::Document;
use super::validate::{Validator, Violation};
use realtimekit_codegen::{Diagnostic, Pointer};

/// Every example of a media type or parameter, and every schema's own example, default and
/// enum values, is valid.
pub(super) fn examples(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    let validator = Validator::new(document);
    for (holder, at) in document.media_types().into_iter().chain(document.parameters()) {
        let Some(schema) = holder.get("schema") else { continue };
        if let Some(example) = holder.get("example") {
            report(&validator.check(schema, example), &at.push("example"), "the example", found);
        }
        for (name, example, example_at) in Document::entries(holder, "examples", &at) {
            let Some((resolved, resolved_at)) = document.resolve(example, &example_at) else { continue };
            let Some(value) = resolved.get("value") else { continue };
            let violations = validator.check(schema, value);
            let what = if example.get("$ref").is_some() {
                format!("the example `{name}`, as used at {example_at},")
            } else {
                format!("the example `{name}`")
            };
            report(&violations, &resolved_at.push("value"), &what, found);
        }
    }
    for (schema, at) in document.schemas() {
        if let Some(example) = schema.get("example") {
            report(&validator.check(schema, example), &at.push("example"), "the example", found);
        }
        if let Some(default) = schema.get("default") {
            report(&validator.check(schema, default), &at.push("default"), "the default", found);
        }
        for (value, value_at) in Document::items(schema, "enum", &at) {
            report(&validator.check(schema, value), &value_at, "the enum value", found);
        }
    }
}

/// Turns violations into diagnostics at `at` plus the offending value's place.
fn report(violations: &[Violation], at: &Pointer, what: &str, found: &mut Vec<Diagnostic>) {
    for violation in violations {
        let pointer = at.join(&violation.at);
        let message = format!("{what} does not match its schema: {}", violation.message);
        found.push(if violation.format_only {
            Diagnostic::warning(pointer, message)
        } else {
            Diagnostic::error(pointer, message)
        });
    }
}
