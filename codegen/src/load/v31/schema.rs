//! The rewrite of one schema tree, bottom-up: boolean schemas, tuples, and each keyword that
//! 3.0 writes differently or does not have. `type` lists are split in `types.rs`, and `$ref`s
//! pointing at anchors are resolved in `references.rs`.
//!
//! - `const` is a one-value `enum` (typed after its value when the schema gives no `type`);
//!   `examples` gives its first value as `example`; a numeric `exclusiveMinimum` or
//!   `exclusiveMaximum` is the bound with 3.0's boolean flag, or is dropped when the inclusive
//!   bound beside it is stricter.
//! - `prefixItems` whose schemas are all the same is `items`; a real tuple is a list of any
//!   JSON value, with a warning. `contentEncoding: base64` is `format: byte`, and a
//!   `contentMediaType` that is not text is `format: binary`.
//! - `$defs` stay where they are, normalized, so pointers into them resolve. Annotations
//!   (`$schema`, `$comment`, `contentSchema`) and checks a lenient client does not make
//!   (`propertyNames`, `contains`, boolean `unevaluatedProperties`) are dropped silently; `$id`,
//!   `if`/`then`/`else`, `dependentSchemas` and `dependentRequired` are dropped with a warning,
//!   and `patternProperties` and a schema-valued `unevaluatedProperties` become
//!   `additionalProperties` where that is what they mean. Boolean schemas are `{}` and
//!   `{not: {}}`. 3.0's own `nullable` and boolean bounds are kept, as 3.1 documents written by
//!   tools still use them.

use serde_json::{Map, Value, json};

use super::types::{null_alternatives, split_types, type_of_value};
use super::{MAX_DEPTH, Normalizer};
use crate::diagnostics::Pointer;

/// Schema keywords dropped without a word: annotations, and checks a lenient client never makes.
const SILENT: &[&str] = &[
    "$schema",
    "$comment",
    "$vocabulary",
    "$anchor",
    "$dynamicAnchor",
    "contentSchema",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

impl Normalizer {
    /// Normalizes one schema and, first, every schema inside it.
    pub(super) fn schema_at(&mut self, value: &mut Value, at: &Pointer, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Bool(true) => *value = Value::Object(Map::new()),
            Value::Bool(false) => *value = json!({ "not": {} }),
            _ => {}
        }
        let Value::Object(map) = value else { return };
        // Found before the alternatives are normalized, as written.
        let null_alternatives = null_alternatives(map);
        let items_done = self.tuple(map, at, depth);
        self.children(map, at, depth, items_done);
        self.keywords(map, at, &null_alternatives);
    }

    /// Normalizes the schemas inside `map`, each at its pointer as written.
    fn children(&mut self, map: &mut Map<String, Value>, at: &Pointer, depth: usize, items_done: bool) {
        for (key, child) in map.iter_mut() {
            let here = at.push(key);
            match key.as_str() {
                "properties" | "patternProperties" | "$defs" | "definitions" => {
                    for (name, schema) in child.as_object_mut().into_iter().flatten() {
                        self.schema_at(schema, &here.push(name), depth + 1);
                    }
                }
                "allOf" | "oneOf" | "anyOf" => {
                    for (index, schema) in child.as_array_mut().into_iter().flatten().enumerate() {
                        self.schema_at(schema, &here.push(index), depth + 1);
                    }
                }
                "items" if !items_done => self.schema_at(child, &here, depth + 1),
                "not" => self.schema_at(child, &here, depth + 1),
                "additionalProperties" | "unevaluatedProperties" | "unevaluatedItems" if child.is_object() => {
                    self.schema_at(child, &here, depth + 1);
                }
                _ => {}
            }
        }
    }

    /// Turns `prefixItems` (or a list under `items`, the older tuple form) into `items`, with
    /// every schema involved normalized. Returns whether `items` is done.
    fn tuple(&mut self, map: &mut Map<String, Value>, at: &Pointer, depth: usize) -> bool {
        let items_listed = matches!(map.get("items"), Some(Value::Array(_)));
        let (key, mut prefix, mut rest) = match map.shift_remove("prefixItems") {
            Some(Value::Array(prefix)) => ("prefixItems", prefix, map.shift_remove("items")),
            Some(_) => {
                self.warn(&at.push("prefixItems"), "`prefixItems` is not a list of schemas and is ignored");
                return false;
            }
            None if items_listed => match map.shift_remove("items") {
                Some(Value::Array(prefix)) => ("items", prefix, None),
                _ => return false,
            },
            None => return false,
        };
        for (index, schema) in prefix.iter_mut().enumerate() {
            self.schema_at(schema, &at.push(key).push(index), depth + 1);
        }
        // After a tuple, `items` holds the rest: `false` for none.
        let rest = match rest.as_mut() {
            None | Some(Value::Bool(false)) => None,
            Some(schema) => {
                self.schema_at(schema, &at.push("items"), depth + 1);
                Some(&*schema)
            }
        };
        let items = match prefix.first() {
            None => rest.cloned(),
            Some(first) if prefix.iter().all(|schema| schema == first) && rest.is_none_or(|rest| rest == first) => {
                Some(first.clone())
            }
            Some(_) => {
                self.warn(
                    &at.push(key),
                    "a tuple whose items have different schemas is read as a list of any JSON values",
                );
                Some(Value::Object(Map::new()))
            }
        };
        if let Some(items) = items {
            map.insert("items".to_owned(), items);
        }
        true
    }

    /// Rewrites this schema's own keywords; its subschemas are already done.
    fn keywords(&mut self, map: &mut Map<String, Value>, at: &Pointer, null_alternatives: &[(&str, Vec<usize>)]) {
        self.references(map, at);
        for key in SILENT {
            map.shift_remove(*key);
        }
        self.dropped(map, at);
        let mut nullable = false;
        let mut types = self.types(map, at, &mut nullable);
        for (key, indices) in null_alternatives {
            if let Some(Value::Array(alternatives)) = map.get_mut(*key) {
                for index in indices.iter().rev() {
                    alternatives.remove(*index);
                }
                if alternatives.is_empty() {
                    map.shift_remove(*key);
                }
                nullable = true;
            }
        }
        if let Some(constant) = map.get("const").cloned() {
            if constant.is_null() {
                map.shift_remove("const");
                nullable = true;
            } else {
                let inferred = type_of_value(&constant);
                if let (true, false, Some(inferred)) = (types.is_empty(), is_composed(map), inferred) {
                    types.push(inferred.to_owned());
                }
                map.shift_remove("enum");
                replace_key(map, "const", "enum", Value::Array(vec![constant]));
            }
        }
        match map.get("examples").cloned() {
            Some(Value::Array(examples)) if !map.contains_key("example") && !examples.is_empty() => {
                replace_key(map, "examples", "example", examples.into_iter().next().unwrap_or_default());
            }
            Some(_) => {
                map.shift_remove("examples");
            }
            None => {}
        }
        exclusive_bound(map, "exclusiveMinimum", "minimum", |inclusive, exclusive| inclusive > exclusive);
        exclusive_bound(map, "exclusiveMaximum", "maximum", |inclusive, exclusive| inclusive < exclusive);
        content_format(map, &mut types);
        self.patterns(map, at);
        self.unevaluated(map, at);
        match types.len() {
            0 => {
                map.shift_remove("type");
            }
            1 => {
                let only = types.pop().unwrap_or_default();
                replace_key(map, "type", "type", Value::String(only));
            }
            _ => split_types(map, &types),
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }

    /// Keywords that change what a schema means but have no 3.0 form: dropped with a warning.
    fn dropped(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        if map.shift_remove("$id").is_some() {
            self.warn(&at.push("$id"), "`$id` is ignored: `$ref`s are resolved against the document");
        }
        let conditional: Vec<&str> = ["if", "then", "else"].into_iter().filter(|key| map.contains_key(*key)).collect();
        if let Some(first) = conditional.first() {
            self.warn(
                &at.push(first),
                "conditional schemas (`if`/`then`/`else`) cannot be expressed as Rust types and are ignored",
            );
            for key in &conditional {
                map.shift_remove(*key);
            }
        }
        if map.shift_remove("dependentSchemas").is_some() {
            self.warn(&at.push("dependentSchemas"), "`dependentSchemas` is ignored: what it adds is not generated");
        }
        if map.shift_remove("dependentRequired").is_some() {
            self.warn(
                &at.push("dependentRequired"),
                "`dependentRequired` is not enforced: the properties it names stay as optional as declared",
            );
        }
    }

    /// `patternProperties` as `additionalProperties`: the values' schema, when the patterns all
    /// give the same one (the key patterns are not checked).
    fn patterns(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let Some(patterns) = map.shift_remove("patternProperties") else { return };
        let schemas: Vec<&Value> = patterns.as_object().into_iter().flatten().map(|(_, schema)| schema).collect();
        let Some(first) = schemas.first() else { return };
        let open = matches!(map.get("additionalProperties"), None | Some(Value::Bool(false)));
        if !open {
            self.warn(
                &at.push("patternProperties"),
                "`patternProperties` beside `additionalProperties` is ignored; `additionalProperties` types the values",
            );
        } else if schemas.iter().all(|schema| schema == first) {
            map.insert("additionalProperties".to_owned(), (*first).clone());
        } else {
            self.warn(
                &at.push("patternProperties"),
                "`patternProperties` with different schemas is read as a map of any JSON values",
            );
            map.insert("additionalProperties".to_owned(), Value::Bool(true));
        }
    }

    /// `unevaluatedProperties` and `unevaluatedItems`: a boolean is a check and is dropped; a
    /// schema is `additionalProperties` or `items` when nothing else composes the value.
    fn unevaluated(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let composed = is_composed(map);
        for (key, target) in [("unevaluatedProperties", "additionalProperties"), ("unevaluatedItems", "items")] {
            match map.shift_remove(key) {
                Some(schema @ Value::Object(_)) if !composed && !map.contains_key(target) => {
                    map.insert(target.to_owned(), schema);
                }
                Some(Value::Object(_)) => self.warn(
                    &at.push(key),
                    format!(
                        "`{key}` beside a composition or `{target}` is ignored; `{target}` is not generated from it"
                    ),
                ),
                _ => {}
            }
        }
    }
}

/// Whether something beside the schema's own keywords makes up its value: a `$ref` or a
/// composition.
fn is_composed(map: &Map<String, Value>) -> bool {
    ["$ref", "allOf", "oneOf", "anyOf"].iter().any(|key| map.contains_key(*key))
}

/// Sets `new` to `value` where `old` was (or at the end), removing `old`.
fn replace_key(map: &mut Map<String, Value>, old: &str, new: &str, value: Value) {
    match map.keys().position(|key| key == old) {
        Some(index) => {
            map.shift_remove(old);
            map.shift_remove(new);
            let index = index.min(map.len());
            map.shift_insert(index, new.to_owned(), value);
        }
        None => {
            map.insert(new.to_owned(), value);
        }
    }
}

/// A numeric `exclusive` bound as 3.0 writes it: the `inclusive` keyword with the boolean flag,
/// unless the inclusive bound already there is stricter (`stricter(inclusive, exclusive)`).
fn exclusive_bound(map: &mut Map<String, Value>, exclusive: &str, inclusive: &str, stricter: fn(f64, f64) -> bool) {
    let Some(Value::Number(limit)) = map.get(exclusive).cloned() else { return };
    let existing = map.get(inclusive).and_then(Value::as_f64);
    if existing.is_some_and(|existing| limit.as_f64().is_some_and(|limit| stricter(existing, limit))) {
        map.shift_remove(exclusive);
        return;
    }
    map.shift_remove(inclusive);
    let index = map.keys().position(|key| key == exclusive).unwrap_or(map.len());
    map.shift_insert(index, inclusive.to_owned(), Value::Number(limit));
    map.insert(exclusive.to_owned(), Value::Bool(true));
}

/// `contentEncoding` and `contentMediaType` as 3.0's string formats: `byte` for base64, and
/// `binary` for content that is not text.
fn content_format(map: &mut Map<String, Value>, types: &mut Vec<String>) {
    let encoding = map.shift_remove("contentEncoding");
    let media_type = map.shift_remove("contentMediaType");
    if map.contains_key("format") || !types.iter().all(|name| name == "string") {
        return;
    }
    let encoding = encoding.as_ref().and_then(Value::as_str).map(str::to_ascii_lowercase);
    let media_type = media_type.as_ref().and_then(Value::as_str).map(str::to_ascii_lowercase);
    let format = match (encoding.as_deref(), media_type.as_deref()) {
        (Some("base64" | "base64url"), _) => "byte",
        (_, Some(media_type)) if !is_text(media_type) => "binary",
        (Some("binary"), None) => "binary",
        _ => return,
    };
    map.insert("format".to_owned(), Value::String(format.to_owned()));
    if types.is_empty() {
        types.push("string".to_owned());
    }
}

/// Whether a media type is text, which stays a `String`.
fn is_text(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || ["json", "xml", "yaml"].iter().any(|kind| essence.contains(kind))
        || essence == "application/x-www-form-urlencoded"
}
