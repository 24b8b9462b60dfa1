//! `$ref`s as 3.0 reads them: anchors become pointers, a `$dynamicRef` becomes a `$ref`, path
//! items given by `$ref` are copied in place, and a `$ref` with sibling keywords is rewritten.
//!
//! - `$anchor` references (`#name`) become pointers to their schema. A `$dynamicRef` is read as
//!   a `$ref` to the schema that declares its anchor, with a warning; dynamic scope is not
//!   followed.
//! - Path items referenced from `paths` (`components.pathItems`) are copied in place.
//! - A `$ref` with sibling keywords, which 3.0 ignores, is kept as a plain `$ref` when the
//!   siblings only annotate (`title`, `examples`, `$comment`) or when it is an alternative of a
//!   composition, whose variant names and tags come from the reference. Otherwise it becomes
//!   `allOf: [{$ref}]` with the siblings beside it (`description`, `nullable`, `deprecated`,
//!   `readOnly`, `writeOnly`, `default`), and keywords that constrain the value as a second
//!   `allOf` part. Such a wrapper also takes those annotations from the schema it refers to when
//!   it does not set them, so a field keeps what a plain `$ref` would give it. A plain `$ref`
//!   is left exactly as written.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::walk::{Visitor, walk_document};
use super::{MAX_DEPTH, Normalizer};
use crate::diagnostics::Pointer;

/// How many `$ref`s in a row are followed before giving up (a cycle of references).
const MAX_REF_CHAIN: usize = 32;

/// The keywords a field reads from its schema, which a `$ref` wrapper keeps beside the
/// reference and otherwise takes from the schema it refers to.
const FIELD_ANNOTATIONS: &[&str] = &["description", "nullable", "deprecated", "readOnly", "writeOnly", "default"];

/// `$ref` siblings that only annotate and are dropped with the plain reference, or kept on a
/// wrapper.
const REFERENCE_NOTES: &[&str] = &["title", "example", "$comment", "xml", "externalDocs"];

/// Every `$anchor` and `$dynamicAnchor` of the document, by name, with the pointer of the
/// schema that declares it.
pub(super) fn anchors(document: &Value) -> BTreeMap<String, Pointer> {
    let mut found = BTreeMap::new();
    each_object(document, &Pointer::root(), 0, &mut |map, at| {
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(Value::String(name)) = map.get(key) {
                found.entry(name.clone()).or_insert_with(|| at.clone());
            }
        }
    });
    found
}

impl Normalizer {
    /// `$ref`s to anchors become pointers; a `$dynamicRef` is read as a `$ref` to its anchor.
    pub(super) fn references(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        if let Some(Value::String(reference)) = map.get("$ref") {
            let pointer = reference.strip_prefix('#').filter(|name| !name.is_empty() && !name.starts_with('/'));
            if let Some(target) = pointer.and_then(|name| self.anchors.get(name)) {
                map.insert("$ref".to_owned(), Value::String(fragment(target)));
            }
        }
        let Some(dynamic) = map.shift_remove("$dynamicRef") else { return };
        let target = dynamic.as_str().and_then(|reference| reference.strip_prefix('#')).and_then(|name| {
            match Pointer::parse(name) {
                Ok(pointer) if name.starts_with('/') => Some(pointer),
                _ => self.anchors.get(name).cloned(),
            }
        });
        match target {
            Some(target) if !map.contains_key("$ref") => {
                map.insert("$ref".to_owned(), Value::String(fragment(&target)));
                self.warn(
                    &at.push("$dynamicRef"),
                    "`$dynamicRef` is read as a `$ref` to the schema that declares its anchor; dynamic scope is not followed",
                );
            }
            _ => self.warn(&at.push("$dynamicRef"), "`$dynamicRef` does not resolve in this document and is ignored"),
        }
    }
}

/// Copies path items that `paths` gives by `$ref` (to `components.pathItems` or elsewhere in
/// the document) in place, with the referring object's own fields over the target's. Path
/// items then named by no `$ref` are dropped with `components.pathItems`. A reference that
/// does not resolve is left for lowering to report.
pub(in crate::load) fn inline_path_items(document: &mut Value) {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return };
    let mut resolved = Vec::new();
    for (path, item) in paths {
        let Some(Value::String(reference)) = item.get("$ref") else { continue };
        let Some(mut merged) = resolve(document, reference).and_then(Value::as_object).cloned() else { continue };
        for (key, value) in item.as_object().into_iter().flatten().filter(|(key, _)| key.as_str() != "$ref") {
            merged.insert(key.clone(), value.clone());
        }
        resolved.push((path.clone(), Value::Object(merged)));
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in resolved {
            paths.insert(path, item);
        }
    }
    let mut referenced = false;
    each_object(document, &Pointer::root(), 0, &mut |map, _| {
        if let Some(Value::String(reference)) = map.get("$ref") {
            referenced |= reference.starts_with("#/components/pathItems");
        }
    });
    if !referenced {
        if let Some(Value::Object(components)) = document.get_mut("components") {
            components.shift_remove("pathItems");
        }
    }
}

/// What a local `$ref` names, following references to references; `None` when it does not
/// resolve.
fn resolve<'d>(document: &'d Value, reference: &str) -> Option<&'d Value> {
    chain(document, reference).find(|target| !matches!(target.get("$ref"), Some(Value::String(_))))
}

/// What a local `$ref` names, then what each of those targets names in turn by its own `$ref`,
/// up to `MAX_REF_CHAIN` targets; the chain ends early at a reference that does not resolve.
fn chain<'d>(document: &'d Value, reference: &str) -> impl Iterator<Item = &'d Value> + use<'d> {
    let target = move |reference: &str| document.pointer(Pointer::from_fragment(reference).ok()?.as_str());
    std::iter::successors(target(reference), move |previous| match previous.get("$ref") {
        Some(Value::String(next)) => target(next),
        _ => None,
    })
    .take(MAX_REF_CHAIN)
}

/// Finds every schema `$ref` with sibling keywords in the normalized document, and whether it
/// is an alternative or part of a composition.
#[derive(Default)]
struct ReferenceSites {
    found: Vec<(Pointer, bool)>,
}

impl Visitor for ReferenceSites {
    fn schema(&mut self, schema: &mut Value, at: &Pointer) {
        self.collect(schema, at, false, 0);
    }
}

impl ReferenceSites {
    fn collect(&mut self, schema: &Value, at: &Pointer, in_composition: bool, depth: usize) {
        let Value::Object(map) = schema else { return };
        if depth > MAX_DEPTH {
            return;
        }
        if map.get("$ref").is_some_and(Value::is_string) && map.len() > 1 {
            self.found.push((at.clone(), in_composition));
        }
        for (key, child) in map {
            let here = at.push(key);
            match key.as_str() {
                "properties" | "$defs" | "definitions" => {
                    for (name, schema) in child.as_object().into_iter().flatten() {
                        self.collect(schema, &here.push(name), false, depth + 1);
                    }
                }
                "allOf" | "oneOf" | "anyOf" => {
                    for (index, schema) in child.as_array().into_iter().flatten().enumerate() {
                        self.collect(schema, &here.push(index), true, depth + 1);
                    }
                }
                "items" | "additionalProperties" | "not" => self.collect(child, &here, false, depth + 1),
                _ => {}
            }
        }
    }
}

/// Rewrites every schema `$ref` with siblings (see the module docs), innermost first so the
/// pointers of the outer ones stay valid.
pub(super) fn wrap_references(document: &mut Value) {
    let mut sites = ReferenceSites::default();
    walk_document(document, &mut sites);
    let mut plans: Vec<(Pointer, bool, Map<String, Value>)> = sites
        .found
        .into_iter()
        .map(|(at, in_composition)| {
            let reference = document.pointer(at.as_str()).and_then(|schema| schema.get("$ref")).and_then(Value::as_str);
            let inherited = reference.map(|reference| inherited(document, reference)).unwrap_or_default();
            (at, in_composition, inherited)
        })
        .collect();
    plans.sort_by_key(|(at, ..)| std::cmp::Reverse(at.tokens().count()));
    for (at, in_composition, inherited) in plans {
        if let Some(Value::Object(schema)) = document.pointer_mut(at.as_str()) {
            wrap(schema, in_composition, inherited);
        }
    }
}

/// The field annotations a `$ref` reaches: the first of each along the chain of references.
fn inherited(document: &Value, reference: &str) -> Map<String, Value> {
    let mut found = Map::new();
    for target in chain(document, reference) {
        let Value::Object(target) = target else { break };
        for key in FIELD_ANNOTATIONS {
            if let (false, Some(value)) = (found.contains_key(*key), target.get(*key)) {
                found.insert((*key).to_owned(), value.clone());
            }
        }
    }
    found
}

/// Rewrites one `$ref` with siblings: a plain `$ref` when the siblings only annotate (or, in a
/// composition, when they do not constrain), else `allOf: [{$ref}, constraints?]` with the
/// annotations beside it and the `inherited` ones it does not set.
fn wrap(schema: &mut Map<String, Value>, in_composition: bool, inherited: Map<String, Value>) {
    let Some(reference) = schema.shift_remove("$ref") else { return };
    let (mut annotations, mut notes, mut typing, mut constraints, mut definitions) =
        (Map::new(), Map::new(), Map::new(), Map::new(), Map::new());
    for (key, value) in std::mem::take(schema) {
        let bucket = match key.as_str() {
            key if FIELD_ANNOTATIONS.contains(&key) => &mut annotations,
            key if REFERENCE_NOTES.contains(&key) || key.starts_with("x-") => &mut notes,
            "type" | "format" => &mut typing,
            "$defs" | "definitions" => &mut definitions,
            _ => &mut constraints,
        };
        bucket.insert(key, value);
    }
    let mut reference_only = Map::new();
    reference_only.insert("$ref".to_owned(), reference);
    if constraints.is_empty() && (in_composition || annotations.is_empty()) {
        // `$defs` stay where they were, so pointers into them still resolve.
        schema.extend(reference_only);
        schema.extend(definitions);
        return;
    }
    let mut parts = vec![Value::Object(reference_only)];
    if !constraints.is_empty() {
        typing.extend(constraints);
        parts.push(Value::Object(typing));
    }
    schema.insert("allOf".to_owned(), Value::Array(parts));
    for (key, value) in inherited {
        annotations.entry(key).or_insert(value);
    }
    schema.extend(annotations);
    schema.extend(notes);
    schema.extend(definitions);
}

/// The `$ref` text for a pointer into this document: `%` is escaped so the fragment decodes
/// back to the same pointer.
fn fragment(pointer: &Pointer) -> String {
    format!("#{}", pointer.as_str().replace('%', "%25"))
}

/// Calls `visit` with every object in `value` and its pointer, each before the values inside
/// it.
fn each_object<'v>(
    value: &'v Value,
    at: &Pointer,
    depth: usize,
    visit: &mut impl FnMut(&'v Map<String, Value>, &Pointer),
) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            visit(map, at);
            for (key, child) in map {
                each_object(child, &at.push(key), depth + 1, visit);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                each_object(child, &at.push(index), depth + 1, visit);
            }
        }
        _ => {}
    }
}
