//! The walk over a document's structure that hands every schema tree and operation to a
//! visitor: path items, operations, parameters, headers, bodies, responses, callbacks and
//! components.

use serde_json::{Map, Value};

use super::MAX_DEPTH;
use crate::diagnostics::Pointer;

/// The HTTP methods a path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What a walk over the document's structure does at each schema and operation.
pub(super) trait Visitor {
    /// Visits a schema at the top of its tree (a component, or the `schema` of a parameter,
    /// header or media type).
    fn schema(&mut self, schema: &mut Value, at: &Pointer);

    /// Visits an operation object before its contents.
    fn operation(&mut self, _operation: &mut Map<String, Value>, _at: &Pointer) {}
}

/// Walks the path items, operations, parameters, bodies, responses and components of a
/// document, handing every schema tree to `visitor`. Objects given by `$ref` are visited where
/// they are defined.
pub(super) fn walk_document(document: &mut Value, visitor: &mut impl Visitor) {
    let root = Pointer::root();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut().filter(|(path, _)| path.starts_with('/')) {
            path_item(item, &root.push("paths").push(path), visitor, 0);
        }
    }
    let Some(components) = document.get_mut("components").and_then(Value::as_object_mut) else { return };
    for (kind, entries) in components.iter_mut() {
        let Some(entries) = entries.as_object_mut() else { continue };
        for (name, entry) in entries.iter_mut() {
            let at = root.push("components").push(kind).push(name);
            match kind.as_str() {
                "schemas" => visitor.schema(entry, &at),
                "parameters" | "headers" => parameter(entry, &at, visitor),
                "responses" => response(entry, &at, visitor),
                "requestBodies" => request_body(entry, &at, visitor),
                "callbacks" => callback(entry, &at, visitor, 0),
                "pathItems" => path_item(entry, &at, visitor, 0),
                _ => {}
            }
        }
    }
}

fn is_reference(value: &Value) -> bool {
    value.get("$ref").is_some()
}

fn path_item(item: &mut Value, at: &Pointer, visitor: &mut impl Visitor, depth: usize) {
    if depth > MAX_DEPTH || is_reference(item) {
        return;
    }
    let Some(item) = item.as_object_mut() else { return };
    for (key, value) in item.iter_mut() {
        let here = at.push(key);
        if key == "parameters" {
            parameters(value, &here, visitor);
        } else if METHODS.contains(&key.as_str()) {
            operation(value, &here, visitor, depth);
        }
    }
}

fn operation(operation: &mut Value, at: &Pointer, visitor: &mut impl Visitor, depth: usize) {
    let Some(operation) = operation.as_object_mut() else { return };
    visitor.operation(operation, at);
    for (key, value) in operation.iter_mut() {
        let here = at.push(key);
        match key.as_str() {
            "parameters" => parameters(value, &here, visitor),
            "requestBody" => request_body(value, &here, visitor),
            "responses" => {
                let entries = value.as_object_mut().into_iter().flatten();
                for (status, entry) in entries.filter(|(status, _)| !status.starts_with("x-")) {
                    response(entry, &here.push(status), visitor);
                }
            }
            "callbacks" => {
                for (name, entry) in value.as_object_mut().into_iter().flatten() {
                    callback(entry, &here.push(name), visitor, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The `parameters` list of a path item or an operation.
fn parameters(list: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    for (index, entry) in list.as_array_mut().into_iter().flatten().enumerate() {
        parameter(entry, &at.push(index), visitor);
    }
}

/// A parameter or a header: both hold a `schema` or a `content` map.
fn parameter(parameter: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    if is_reference(parameter) {
        return;
    }
    if let Some(schema) = parameter.get_mut("schema") {
        visitor.schema(schema, &at.push("schema"));
    }
    content(parameter, at, visitor);
}

fn content(holder: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else { return };
    let at = at.push("content");
    for (media_type, media) in content.iter_mut() {
        let at = at.push(media_type);
        if let Some(schema) = media.get_mut("schema") {
            visitor.schema(schema, &at.push("schema"));
        }
        let Some(encoding) = media.get_mut("encoding").and_then(Value::as_object_mut) else { continue };
        for (property, entry) in encoding.iter_mut() {
            headers(entry, &at.push("encoding").push(property), visitor);
        }
    }
}

/// The `headers` map of a response or of a property's encoding.
fn headers(holder: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    let at = at.push("headers");
    for (name, header) in holder.get_mut("headers").and_then(Value::as_object_mut).into_iter().flatten() {
        parameter(header, &at.push(name), visitor);
    }
}

fn response(response: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    if is_reference(response) {
        return;
    }
    headers(response, at, visitor);
    content(response, at, visitor);
}

fn request_body(body: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    if !is_reference(body) {
        content(body, at, visitor);
    }
}

fn callback(callback: &mut Value, at: &Pointer, visitor: &mut impl Visitor, depth: usize) {
    if is_reference(callback) {
        return;
    }
    for (expression, item) in callback.as_object_mut().into_iter().flatten() {
        path_item(item, &at.push(expression), visitor, depth + 1);
    }
}
