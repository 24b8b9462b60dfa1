//! The spec as written, walked by the checks: operations, parameters, media types and every
//! schema, each with its JSON Pointer, and local `$ref`s resolved on request.
//!
//! Things given by `$ref` are visited once, where they are defined, so a problem in a shared
//! component is reported at the component and not at every use.

use realtimekit_codegen::Pointer;
use serde_json::{Map, Value};

/// The HTTP methods a path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref`s in a row are followed before giving up (a cycle of references).
const MAX_REF_CHAIN: usize = 32;

/// A spec document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Document<'a> {
    /// The whole document.
    pub(super) root: &'a Value,
}

/// One operation of the document.
#[derive(Debug, Clone)]
pub(super) struct OperationAt<'a> {
    /// The path template, e.g. `/accounts/{account_id}/sessions`.
    pub(super) path: &'a str,
    /// The path item that holds it (for path-level parameters).
    pub(super) path_item: &'a Value,
    /// The operation object.
    pub(super) operation: &'a Value,
    /// Its pointer.
    pub(super) at: Pointer,
}

impl<'a> Document<'a> {
    /// The value at `pointer`, if it is there.
    pub(super) fn get(&self, pointer: &Pointer) -> Option<&'a Value> {
        self.root.pointer(pointer.as_str())
    }

    /// Follows `value`'s local `$ref`s to what they name, with that thing's pointer; a value
    /// without `$ref` is returned as it is, at `at`. `None` when a reference does not resolve.
    pub(super) fn resolve(&self, value: &'a Value, at: &Pointer) -> Option<(&'a Value, Pointer)> {
        let mut current = (value, at.clone());
        for _ in 0..MAX_REF_CHAIN {
            let Some(reference) = current.0.get("$ref").and_then(Value::as_str) else { return Some(current) };
            let pointer = Pointer::from_fragment(reference).ok()?;
            current = (self.get(&pointer)?, pointer);
        }
        None
    }

    /// The entries of the object at `key` in `value`, with their pointers.
    pub(super) fn entries(value: &'a Value, key: &str, at: &Pointer) -> Vec<(&'a str, &'a Value, Pointer)> {
        value.get(key).map(|inner| Self::members(inner, &at.push(key))).unwrap_or_default()
    }

    /// The entries of `value` itself, when it is an object, with their pointers.
    pub(super) fn members(value: &'a Value, at: &Pointer) -> Vec<(&'a str, &'a Value, Pointer)> {
        value
            .as_object()
            .map(|object: &'a Map<String, Value>| {
                object.iter().map(|(name, item)| (name.as_str(), item, at.push(name))).collect()
            })
            .unwrap_or_default()
    }

    /// The items of the array at `key` in `value`, with their pointers.
    pub(super) fn items(value: &'a Value, key: &str, at: &Pointer) -> Vec<(&'a Value, Pointer)> {
        let base = at.push(key);
        value
            .get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().enumerate().map(|(index, item)| (item, base.push(index))).collect())
            .unwrap_or_default()
    }

    /// Every operation, in document order.
    pub(super) fn operations(&self) -> Vec<OperationAt<'a>> {
        let mut found = Vec::new();
        for (path, item, path_at) in Self::entries(self.root, "paths", &Pointer::root()) {
            let operations = Self::members(item, &path_at).into_iter().filter(|(method, ..)| METHODS.contains(method));
            for (_, operation, at) in operations {
                found.push(OperationAt { path, path_item: item, operation, at });
            }
        }
        found
    }

    /// Every parameter object defined in place (not a `$ref`): components, path items, operations.
    pub(super) fn parameters(&self) -> Vec<(&'a Value, Pointer)> {
        let mut found: Vec<(&Value, Pointer)> = self.components("parameters");
        for (_, item, path_at) in Self::entries(self.root, "paths", &Pointer::root()) {
            found.extend(Self::items(item, "parameters", &path_at));
        }
        for op in self.operations() {
            found.extend(Self::items(op.operation, "parameters", &op.at));
        }
        found.retain(|(value, _)| value.get("$ref").is_none());
        found
    }

    /// Every media type object (`content` entry), with its pointer.
    pub(super) fn media_types(&self) -> Vec<(&'a Value, Pointer)> {
        let mut holders: Vec<(&Value, Pointer)> = self.components("requestBodies");
        holders.extend(self.responses());
        holders.extend(self.parameters());
        holders.extend(self.headers());
        for op in self.operations() {
            if let Some(body) = op.operation.get("requestBody") {
                holders.push((body, op.at.push("requestBody")));
            }
        }
        holders.retain(|(value, _)| value.get("$ref").is_none());
        holders.iter().flat_map(|(holder, at)| Self::entries(holder, "content", at)).map(|(_, v, p)| (v, p)).collect()
    }

    /// Every response object defined in place.
    fn responses(&self) -> Vec<(&'a Value, Pointer)> {
        let mut found: Vec<(&Value, Pointer)> = self.components("responses");
        for op in self.operations() {
            found.extend(Self::entries(op.operation, "responses", &op.at).into_iter().map(|(_, v, p)| (v, p)));
        }
        found.retain(|(value, _)| value.get("$ref").is_none());
        found
    }

    /// Every header object defined in place.
    fn headers(&self) -> Vec<(&'a Value, Pointer)> {
        let mut found: Vec<(&Value, Pointer)> = self.components("headers");
        for (response, at) in self.responses() {
            found.extend(Self::entries(response, "headers", &at).into_iter().map(|(_, v, p)| (v, p)));
        }
        found.retain(|(value, _)| value.get("$ref").is_none());
        found
    }

    /// The entries of `components/<kind>`.
    pub(super) fn components(&self, kind: &str) -> Vec<(&'a Value, Pointer)> {
        let Some(components) = self.root.get("components") else { return Vec::new() };
        Self::entries(components, kind, &Pointer::root().push("components"))
            .into_iter()
            .map(|(_, v, p)| (v, p))
            .collect()
    }

    /// Every schema object defined in place, nested ones included, in document order.
    pub(super) fn schemas(&self) -> Vec<(&'a Value, Pointer)> {
        let mut roots: Vec<(&Value, Pointer)> = self.components("schemas");
        let holders = self.parameters().into_iter().chain(self.headers()).chain(self.media_types());
        for (holder, at) in holders {
            if let Some(schema) = holder.get("schema") {
                roots.push((schema, at.push("schema")));
            }
        }
        let mut found = Vec::new();
        for (schema, at) in roots {
            collect_schemas(schema, at, &mut found);
        }
        found
    }
}

/// Adds `schema` (unless it is a `$ref`) and every schema nested in it.
fn collect_schemas<'a>(schema: &'a Value, at: Pointer, found: &mut Vec<(&'a Value, Pointer)>) {
    if !schema.is_object() || schema.get("$ref").is_some() {
        return;
    }
    found.push((schema, at.clone()));
    for (_, property, property_at) in Document::entries(schema, "properties", &at) {
        collect_schemas(property, property_at, found);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(nested) = schema.get(key) {
            collect_schemas(nested, at.push(key), found);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (nested, nested_at) in Document::items(schema, key, &at) {
            collect_schemas(nested, nested_at, found);
        }
    }
}
