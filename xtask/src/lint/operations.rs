//! Checks on operations: unique `operationId`s, a success response with a schema, and path
//! variables that match the declared path parameters.

use realtimekit_codegen::path_template::template_variables;
use std::collections::BTreeMap;

use realtimekit_codegen::{Diagnostic, Pointer};
use serde_json::Value;

use super::document::{Document, OperationAt};

/// Statuses that have no body by definition, so their success response needs no schema.
const NO_CONTENT: &[&str] = &["204", "205"];

/// Every `operationId` is present and used once.
pub(super) fn unique_operation_ids(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    let mut first_use: BTreeMap<&str, Pointer> = BTreeMap::new();
    for op in document.operations() {
        let at = op.at.push("operationId");
        match op.operation.get("operationId").and_then(Value::as_str) {
            None => found.push(Diagnostic::warning(
                &op.at,
                "the operation has no operationId; the generator names its method after the route",
            )),
            Some(id) => match first_use.get(id) {
                Some(earlier) => {
                    found.push(Diagnostic::error(&at, format!("duplicate operationId `{id}`, first used at {earlier}")))
                }
                None => {
                    first_use.insert(id, op.at.clone());
                }
            },
        }
    }
}

/// Every operation documents a 2xx response, and the first one with a body has a schema.
pub(super) fn success_responses(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    for op in document.operations() {
        let responses_at = op.at.push("responses");
        let successes: Vec<_> = Document::entries(op.operation, "responses", &op.at)
            .into_iter()
            .filter(|(status, ..)| status.starts_with('2'))
            .collect();
        if successes.is_empty() {
            found.push(Diagnostic::error(&responses_at, "no success (2xx) response is documented"));
            continue;
        }
        let has_schema = successes.iter().any(|(status, response, at)| {
            NO_CONTENT.contains(status)
                || document.resolve(response, at).is_some_and(|(response, _)| {
                    let content = response.get("content").and_then(Value::as_object);
                    content.is_some_and(|content| content.values().any(|media| media.get("schema").is_some()))
                })
        });
        if !has_schema {
            let statuses: Vec<&str> = successes.iter().map(|(status, ..)| *status).collect();
            found.push(Diagnostic::error(
                &responses_at,
                format!("the success response ({}) has no schema, so its body cannot be typed", statuses.join(", ")),
            ));
        }
    }
}

/// Every `{variable}` of a path is a required path parameter, and every path parameter is in
/// the path.
pub(super) fn path_variables(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    for op in document.operations() {
        let variables = template_variables(op.path);
        let declared = path_parameters(document, &op);
        for variable in &variables {
            if !declared.iter().any(|(name, ..)| name == variable) {
                found.push(Diagnostic::error(
                    &op.at,
                    format!("path variable `{{{variable}}}` of `{}` is not declared as a path parameter", op.path),
                ));
            }
        }
        for (name, required, at) in &declared {
            if !variables.contains(name) {
                found.push(Diagnostic::error(at, format!("path parameter `{name}` does not appear in `{}`", op.path)));
            } else if !required {
                found.push(Diagnostic::error(at, format!("path parameter `{name}` must say `required: true`")));
            }
        }
    }
}

/// The path parameters of an operation (path-level ones, overridden by operation-level ones of
/// the same name): name, `required`, and where each is written.
fn path_parameters(document: Document<'_>, op: &OperationAt<'_>) -> Vec<(String, bool, Pointer)> {
    let path_at = Pointer::root().push("paths").push(op.path);
    let all = Document::items(op.path_item, "parameters", &path_at).into_iter().chain(Document::items(
        op.operation,
        "parameters",
        &op.at,
    ));
    let mut declared: Vec<(String, bool, Pointer)> = Vec::new();
    for (parameter, at) in all {
        let Some((parameter, _)) = document.resolve(parameter, &at) else { continue };
        if parameter.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
        let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
        declared.retain(|(existing, ..)| existing != name);
        declared.push((name.to_owned(), required, at));
    }
    declared
}
