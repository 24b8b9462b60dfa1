//! OpenAPI 3.1 read as 3.0: a 3.1 document, still a JSON value, is rewritten into the 3.0 form
//! that the shape check, `openapiv3` and lowering read, with a warning at the original JSON
//! Pointer for whatever cannot be carried over.
//!
//! 3.1's Schema Object is JSON Schema 2020-12. Each schema is rewritten bottom-up, so every
//! warning names the place the author wrote, and only keywords change:
//! - `type` lists: `"null"` becomes `nullable: true`; one other type stays `type`; several
//!   become a `oneOf` with one alternative per type, each taking the keywords of its kind
//!   (lengths and `pattern` the string, bounds the numbers, `items` the array, `properties` the
//!   object, `enum` values by their JSON type), while annotations stay on the schema. A
//!   `{type: "null"}` alternative of `oneOf`/`anyOf` becomes `nullable: true` the same way.
//! - `const` is a one-value `enum` (typed after its value when the schema gives no `type`);
//!   `examples` gives its first value as `example`; a numeric `exclusiveMinimum` or
//!   `exclusiveMaximum` is the bound with 3.0's boolean flag, or is dropped when the inclusive
//!   bound beside it is stricter.
//! - `prefixItems` whose schemas are all the same is `items`; a real tuple is a list of any
//!   JSON value, with a warning. `contentEncoding: base64` is `format: byte`, and a
//!   `contentMediaType` that is not text is `format: binary`.
//! - A `$ref` with sibling keywords, which 3.0 ignores, is kept as a plain `$ref` when the
//!   siblings only annotate (`title`, `examples`, `$comment`) or when it is an alternative of a
//!   composition, whose variant names and tags come from the reference. Otherwise it becomes
//!   `allOf: [{$ref}]` with the siblings beside it (`description`, `nullable`, `deprecated`,
//!   `readOnly`, `writeOnly`, `default`), and keywords that constrain the value as a second
//!   `allOf` part. Such a wrapper also takes those annotations from the schema it refers to when
//!   it does not set them, so a field keeps what a plain `$ref` would give it. A plain `$ref`
//!   is left exactly as written.
//! - `$anchor` references (`#name`) become pointers to their schema; `$defs` stay where they
//!   are, normalized, so pointers into them resolve. Annotations (`$schema`, `$comment`,
//!   `contentSchema`) and checks a lenient client does not make (`propertyNames`, `contains`,
//!   boolean `unevaluatedProperties`) are dropped silently; `$id`, `$dynamicRef`, `if`/`then`/
//!   `else`, `dependentSchemas` and `dependentRequired` are dropped with a warning, and
//!   `patternProperties` and a schema-valued `unevaluatedProperties` become
//!   `additionalProperties` where that is what they mean. Boolean schemas are `{}` and
//!   `{not: {}}`. 3.0's own `nullable` and boolean bounds are kept, as 3.1 documents written by
//!   tools still use them.
//!
//! At the document level `jsonSchemaDialect`, `info.summary` and `license.identifier` are
//! dropped (a dialect other than 3.1's own gets a warning), `webhooks` are reported at
//! `/webhooks` as not generated, a `mutualTLS` security scheme is dropped with a warning,
//! path items referenced from `paths` (`components.pathItems`) are copied in place, a missing
//! `paths` or operation `responses` (optional in 3.1) is empty, and `openapi` becomes `3.0.3`.
//! A 3.1 document that only uses what 3.0 has therefore reads exactly like its 3.0 twin.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Pointer};

/// How deep the walk goes, so a pathological document cannot exhaust the stack; the parsers
/// already refuse deeper nesting.
const MAX_DEPTH: usize = 256;

/// How many `$ref`s in a row are followed before giving up (a cycle of references).
const MAX_REF_CHAIN: usize = 32;

/// The HTTP methods a path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

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

/// The keywords a field reads from its schema, which a `$ref` wrapper keeps beside the
/// reference and otherwise takes from the schema it refers to.
const FIELD_ANNOTATIONS: &[&str] = &["description", "nullable", "deprecated", "readOnly", "writeOnly", "default"];

/// `$ref` siblings that only annotate and are dropped with the plain reference, or kept on a
/// wrapper.
const REFERENCE_NOTES: &[&str] = &["title", "example", "$comment", "xml", "externalDocs"];

/// The keywords of each kind of value, which go to that type's alternative when a `type` list
/// is split.
const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern"];
const NUMBER_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS: &[&str] = &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];

/// The `format`s of numbers; any other format belongs to strings.
const NUMBER_FORMATS: &[&str] =
    &["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float", "double", "decimal"];

/// Whether a parsed document declares OpenAPI 3.1.
pub(super) fn is_v31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites a 3.1 document into the 3.0 form, with a warning for each thing dropped or read
/// differently, at its pointer in the document as written.
pub(super) fn normalize(mut document: Value) -> (Value, Vec<Diagnostic>) {
    let mut normalizer = Normalizer { warnings: Vec::new(), anchors: BTreeMap::new() };
    collect_anchors(&document, &Pointer::root(), &mut normalizer.anchors, 0);
    if let Value::Object(root) = &mut document {
        normalizer.root(root);
    }
    walk_document(&mut document, &mut normalizer);
    inline_path_items(&mut document);
    wrap_references(&mut document);
    if let Value::Object(root) = &mut document {
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    }
    (document, normalizer.warnings)
}

/// What a walk over the document's structure does at each schema and operation.
trait Visitor {
    /// Visits a schema at the top of its tree (a component, or the `schema` of a parameter,
    /// header or media type).
    fn schema(&mut self, schema: &mut Value, at: &Pointer);

    /// Visits an operation object before its contents.
    fn operation(&mut self, _operation: &mut Map<String, Value>, _at: &Pointer) {}
}

/// Walks the path items, operations, parameters, bodies, responses and components of a
/// document, handing every schema tree to `visitor`. Objects given by `$ref` are visited where
/// they are defined.
fn walk_document(document: &mut Value, visitor: &mut impl Visitor) {
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
            for (index, entry) in value.as_array_mut().into_iter().flatten().enumerate() {
                parameter(entry, &here.push(index), visitor);
            }
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
            "parameters" => {
                for (index, entry) in value.as_array_mut().into_iter().flatten().enumerate() {
                    parameter(entry, &here.push(index), visitor);
                }
            }
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
            let at = at.push("encoding").push(property).push("headers");
            for (name, header) in entry.get_mut("headers").and_then(Value::as_object_mut).into_iter().flatten() {
                parameter(header, &at.push(name), visitor);
            }
        }
    }
}

fn response(response: &mut Value, at: &Pointer, visitor: &mut impl Visitor) {
    if is_reference(response) {
        return;
    }
    if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, header) in headers.iter_mut() {
            parameter(header, &at.push("headers").push(name), visitor);
        }
    }
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

/// Every `$anchor` and `$dynamicAnchor` of the document, by name, with the pointer of the
/// schema that declares it.
fn collect_anchors(value: &Value, at: &Pointer, found: &mut BTreeMap<String, Pointer>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            for key in ["$anchor", "$dynamicAnchor"] {
                if let Some(Value::String(name)) = map.get(key) {
                    found.entry(name.clone()).or_insert_with(|| at.clone());
                }
            }
            for (key, child) in map {
                collect_anchors(child, &at.push(key), found, depth + 1);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_anchors(child, &at.push(index), found, depth + 1);
            }
        }
        _ => {}
    }
}

/// The `$ref` text for a pointer into this document: `%` is escaped so the fragment decodes
/// back to the same pointer.
fn fragment(pointer: &Pointer) -> String {
    format!("#{}", pointer.as_str().replace('%', "%25"))
}

/// Rewrites the document and each schema, recording what it drops.
struct Normalizer {
    warnings: Vec<Diagnostic>,
    /// Anchor names and the pointers of their schemas.
    anchors: BTreeMap<String, Pointer>,
}

impl Visitor for Normalizer {
    fn schema(&mut self, schema: &mut Value, at: &Pointer) {
        self.schema_at(schema, at, 0);
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, _at: &Pointer) {
        // 3.1 lets an operation leave its responses out.
        if !operation.contains_key("responses") {
            operation.insert("responses".to_owned(), Value::Object(Map::new()));
        }
    }
}

impl Normalizer {
    fn warn(&mut self, at: &Pointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(at, message));
    }

    /// The document-level differences.
    fn root(&mut self, root: &mut Map<String, Value>) {
        let at = Pointer::root();
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if !dialect.as_str().is_some_and(is_own_dialect) {
                self.warn(
                    &at.push("jsonSchemaDialect"),
                    format!(
                        "the schema dialect {dialect} is not read; schemas are read as OpenAPI 3.1's own \
                         (JSON Schema 2020-12)"
                    ),
                );
            }
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info.shift_remove("summary");
            if let Some(Value::Object(license)) = info.get_mut("license") {
                license.shift_remove("identifier");
            }
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let names: Vec<String> =
                webhooks.as_object().into_iter().flatten().map(|(name, _)| format!("`{name}`")).collect();
            if !names.is_empty() || !webhooks.is_object() {
                let which = if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) };
                self.warn(
                    &at.push("webhooks"),
                    format!(
                        "webhooks{which} are not generated: the API sends them, and the generated crate is a client"
                    ),
                );
            }
        }
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
        let schemes = root
            .get_mut("components")
            .and_then(|components| components.get_mut("securitySchemes"))
            .and_then(Value::as_object_mut);
        if let Some(schemes) = schemes {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual {
                schemes.shift_remove(&name);
                self.warn(
                    &at.push("components").push("securitySchemes").push(&name),
                    "the `mutualTLS` security scheme is not generated; give the HTTP client its certificate yourself",
                );
            }
        }
    }

    /// Normalizes one schema and, first, every schema inside it.
    fn schema_at(&mut self, value: &mut Value, at: &Pointer, depth: usize) {
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
                let composed = ["$ref", "allOf", "oneOf", "anyOf"].iter().any(|key| map.contains_key(*key));
                if let (true, false, Some(inferred)) = (types.is_empty(), composed, inferred) {
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

    /// `$ref`s to anchors become pointers; a `$dynamicRef` is read as a `$ref` to its anchor.
    fn references(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
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

    /// The types `type` names, without `"null"`, which sets `nullable`.
    fn types(&mut self, map: &Map<String, Value>, at: &Pointer, nullable: &mut bool) -> Vec<String> {
        let listed: Vec<&Value> = match map.get("type") {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(single) => vec![single],
            None => return Vec::new(),
        };
        let mut types = Vec::new();
        for (index, entry) in listed.into_iter().enumerate() {
            match entry.as_str() {
                Some("null") => *nullable = true,
                Some(name) if !types.iter().any(|known| known == name) => types.push(name.to_owned()),
                Some(_) => {}
                None => self.warn(&at.push("type").push(index), "this `type` entry is not a type name and is ignored"),
            }
        }
        types
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
        let composed = ["allOf", "oneOf", "anyOf", "$ref"].iter().any(|key| map.contains_key(*key));
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

/// Whether a `jsonSchemaDialect` is the one 3.1 reads anyway.
fn is_own_dialect(dialect: &str) -> bool {
    let dialect = dialect.trim_end_matches('#');
    dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
        || dialect == "https://json-schema.org/draft/2020-12/schema"
}

/// The alternatives of `oneOf` and `anyOf` that only allow `null`, by their index.
fn null_alternatives(map: &Map<String, Value>) -> Vec<(&'static str, Vec<usize>)> {
    let mut found = Vec::new();
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = map.get(key) else { continue };
        let indices: Vec<usize> =
            alternatives.iter().enumerate().filter(|(_, schema)| only_null(schema)).map(|(index, _)| index).collect();
        if !indices.is_empty() {
            found.push((key, indices));
        }
    }
    found
}

/// Whether a schema, as written, allows `null` and nothing else.
fn only_null(schema: &Value) -> bool {
    let null_type = match schema.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => !names.is_empty() && names.iter().all(|name| name == "null"),
        _ => false,
    };
    let null_value = schema.get("const").is_some_and(Value::is_null)
        || schema.get("enum").and_then(Value::as_array).is_some_and(|values| values == &[Value::Null]);
    null_type || null_value
}

/// The JSON Schema type of a value, for a `const` without a `type`.
fn type_of_value(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

/// Whether `value` is of the JSON Schema type `name`, among `types`: an integer goes to
/// `integer` when that is listed, to `number` otherwise.
fn value_is(value: &Value, name: &str, types: &[String]) -> bool {
    let integer = value.as_i64().is_some() || value.as_u64().is_some();
    match name {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => integer,
        "number" => value.is_number() && !(integer && types.iter().any(|t| t == "integer")),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
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

/// Splits a schema of several types into a `oneOf` with one alternative per type, each with
/// the keywords and `enum` values of its kind; annotations stay on the schema. A type that no
/// `enum` value has is left out, and when one type is left, it is the schema's `type`.
fn split_types(map: &mut Map<String, Value>, types: &[String]) {
    let enumeration = map.shift_remove("enum");
    let format = map.shift_remove("format");
    let families: [(&[&str], &[&str]); 4] = [
        (&["string"], STRING_KEYWORDS),
        (&["integer", "number"], NUMBER_KEYWORDS),
        (&["array"], ARRAY_KEYWORDS),
        (&["object"], OBJECT_KEYWORDS),
    ];
    let mut taken: Vec<(&[&str], &str, Value)> = Vec::new();
    for (kinds, keywords) in families {
        for &keyword in keywords {
            if let Some(value) = map.shift_remove(keyword) {
                taken.push((kinds, keyword, value));
            }
        }
    }
    let mut alternatives = Vec::new();
    for name in types {
        let mut alternative = Map::new();
        alternative.insert("type".to_owned(), Value::String(name.clone()));
        if let Some(Value::String(format)) = &format {
            let numeric = NUMBER_FORMATS.contains(&format.as_str());
            if (numeric && matches!(name.as_str(), "integer" | "number")) || (!numeric && name == "string") {
                alternative.insert("format".to_owned(), Value::String(format.clone()));
            }
        }
        for (kinds, keyword, value) in &taken {
            if kinds.contains(&name.as_str()) {
                alternative.insert((*keyword).to_owned(), value.clone());
            }
        }
        if let Some(Value::Array(values)) = &enumeration {
            let own: Vec<Value> = values.iter().filter(|value| value_is(value, name, types)).cloned().collect();
            if own.is_empty() {
                continue;
            }
            alternative.insert("enum".to_owned(), Value::Array(own));
        }
        alternatives.push(Value::Object(alternative));
    }
    match alternatives.len() {
        0 => {
            // No listed type has an `enum` value: the values alone say what is allowed.
            map.shift_remove("type");
            if let Some(enumeration) = enumeration {
                map.insert("enum".to_owned(), enumeration);
            }
        }
        1 => {
            map.shift_remove("type");
            if let Some(Value::Object(only)) = alternatives.pop() {
                map.extend(only);
            }
        }
        _ => {
            map.shift_remove("type");
            let alternatives = Value::Array(alternatives);
            match ["oneOf", "anyOf"].into_iter().find(|key| !map.contains_key(*key)) {
                Some(key) => {
                    map.insert(key.to_owned(), alternatives);
                }
                None => {
                    let part = json!({ "oneOf": alternatives });
                    match map.get_mut("allOf") {
                        Some(Value::Array(parts)) => parts.push(part),
                        _ => {
                            map.insert("allOf".to_owned(), Value::Array(vec![part]));
                        }
                    }
                }
            }
        }
    }
}

/// Copies path items that `paths` gives by `$ref` (to `components.pathItems` or elsewhere in
/// the document) in place, with the referring object's own fields over the target's. Path
/// items then named by no `$ref` are dropped with `components.pathItems`. A reference that
/// does not resolve is left for lowering to report.
fn inline_path_items(document: &mut Value) {
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
    let mut references = Vec::new();
    collect_references(document, &mut references, 0);
    if !references.iter().any(|reference| reference.starts_with("#/components/pathItems")) {
        if let Some(Value::Object(components)) = document.get_mut("components") {
            components.shift_remove("pathItems");
        }
    }
}

/// What a local `$ref` names, following references to references; `None` when it does not
/// resolve.
fn resolve<'d>(document: &'d Value, reference: &str) -> Option<&'d Value> {
    let mut target = document.pointer(Pointer::from_fragment(reference).ok()?.as_str())?;
    for _ in 0..MAX_REF_CHAIN {
        let Some(Value::String(next)) = target.get("$ref") else { return Some(target) };
        target = document.pointer(Pointer::from_fragment(next).ok()?.as_str())?;
    }
    None
}

/// Every `$ref` string in `value`.
fn collect_references(value: &Value, found: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.push(reference.clone());
            }
            map.values().for_each(|child| collect_references(child, found, depth + 1));
        }
        Value::Array(items) => items.iter().for_each(|child| collect_references(child, found, depth + 1)),
        _ => {}
    }
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
fn wrap_references(document: &mut Value) {
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
    let mut reference = reference.to_owned();
    for _ in 0..MAX_REF_CHAIN {
        let target = Pointer::from_fragment(&reference).ok().and_then(|pointer| document.pointer(pointer.as_str()));
        let Some(Value::Object(target)) = target else { break };
        for key in FIELD_ANNOTATIONS {
            if let (false, Some(value)) = (found.contains_key(*key), target.get(*key)) {
                found.insert((*key).to_owned(), value.clone());
            }
        }
        match target.get("$ref") {
            Some(Value::String(next)) => reference = next.clone(),
            _ => break,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalizes a document of one component schema `S` (and any others given), returning the
    /// schemas and the warnings as `pointer: message`.
    fn schemas(schemas: Value) -> (Value, Vec<String>) {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        let (document, warnings) = normalize(document);
        assert_eq!(document["openapi"], "3.0.3");
        let warnings = warnings.iter().map(|warning| format!("{}: {}", warning.pointer, warning.message)).collect();
        (document["components"]["schemas"].clone(), warnings)
    }

    #[test]
    fn schema_keywords_become_their_3_0_forms() {
        let table = [
            // `type` lists and `null`.
            (json!({"type": ["string", "null"]}), json!({"type": "string", "nullable": true})),
            (json!({"type": ["integer"]}), json!({"type": "integer"})),
            (json!({"type": "null"}), json!({"nullable": true})),
            (json!({"type": ["null"], "description": "d"}), json!({"description": "d", "nullable": true})),
            (
                json!({"type": ["string", "integer", "null"], "description": "d", "maxLength": 3, "minimum": 1}),
                json!({"description": "d", "oneOf": [
                    {"type": "string", "maxLength": 3},
                    {"type": "integer", "minimum": 1},
                ], "nullable": true}),
            ),
            (
                json!({"type": ["object", "array"], "properties": {"a": {"type": "string"}}, "items": {"type": "integer"}}),
                json!({"oneOf": [
                    {"type": "object", "properties": {"a": {"type": "string"}}},
                    {"type": "array", "items": {"type": "integer"}},
                ]}),
            ),
            (
                json!({"type": ["string", "integer"], "format": "int64"}),
                json!({"oneOf": [{"type": "string"}, {"type": "integer", "format": "int64"}]}),
            ),
            // `enum` values go to their type; a type with none is left out.
            (
                json!({"type": ["string", "integer"], "enum": ["a", 1]}),
                json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [1]}]}),
            ),
            (json!({"type": ["string", "integer"], "enum": ["a", "b"]}), json!({"type": "string", "enum": ["a", "b"]})),
            // `null` alternatives.
            (
                json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}),
                json!({"oneOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}),
            ),
            (
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"const": null}]}),
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
            ),
            // `const`, `examples`, exclusive bounds.
            (json!({"const": "dog"}), json!({"enum": ["dog"], "type": "string"})),
            (json!({"type": "integer", "const": 3}), json!({"type": "integer", "enum": [3]})),
            (json!({"const": null}), json!({"nullable": true})),
            (json!({"type": "string", "examples": ["a", "b"]}), json!({"type": "string", "example": "a"})),
            (json!({"type": "string", "example": "x", "examples": ["a"]}), json!({"type": "string", "example": "x"})),
            (
                json!({"type": "integer", "exclusiveMinimum": 0}),
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
            ),
            (json!({"type": "number", "exclusiveMaximum": 1.5, "maximum": 1}), json!({"type": "number", "maximum": 1})),
            (
                json!({"type": "number", "exclusiveMaximum": 1, "maximum": 1}),
                json!({"type": "number", "maximum": 1, "exclusiveMaximum": true}),
            ),
            (
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
            ),
            // Tuples.
            (
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]}),
                json!({"type": "array", "items": {"type": "string"}}),
            ),
            (
                json!({"type": "array", "prefixItems": [{"type": "string"}], "items": false}),
                json!({"type": "array", "items": {"type": "string"}}),
            ),
            // Content.
            (json!({"type": "string", "contentEncoding": "base64"}), json!({"type": "string", "format": "byte"})),
            (json!({"contentMediaType": "image/png"}), json!({"format": "binary", "type": "string"})),
            (json!({"type": "string", "contentMediaType": "application/json"}), json!({"type": "string"})),
            // Annotations and checks a client does not make.
            (
                json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": "c", "type": "string", "propertyNames": {"pattern": "x"}}),
                json!({"type": "string"}),
            ),
            (
                json!({"type": "object", "unevaluatedProperties": false, "properties": {"a": true, "b": false}}),
                json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}}),
            ),
            (
                json!({"type": "object", "unevaluatedProperties": {"type": "integer"}}),
                json!({"type": "object", "additionalProperties": {"type": "integer"}}),
            ),
            (
                json!({"type": "object", "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "string"}}}),
                json!({"type": "object", "additionalProperties": {"type": "string"}}),
            ),
            // 3.0's own forms are kept.
            (json!({"type": "string", "nullable": true}), json!({"type": "string", "nullable": true})),
            (json!(true), json!({})),
        ];
        for (written, expected) in table {
            let (found, warnings) = schemas(json!({ "S": written.clone(), "T": {"type": "object"} }));
            assert_eq!(found["S"], expected, "{written}");
            assert_eq!(warnings, Vec::<String>::new(), "{written}");
        }
    }

    #[test]
    fn what_has_no_3_0_form_is_dropped_with_a_warning_at_its_pointer() {
        let table = [
            (
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}),
                json!({"type": "array", "items": {}}),
                "/components/schemas/S/prefixItems: a tuple whose items have different schemas is read as a list of any JSON values",
            ),
            (
                json!({"$id": "https://example.com/s", "type": "string"}),
                json!({"type": "string"}),
                "/components/schemas/S/$id: `$id` is ignored: `$ref`s are resolved against the document",
            ),
            (
                json!({"type": "object", "if": {}, "then": {}, "else": {}}),
                json!({"type": "object"}),
                "/components/schemas/S/if: conditional schemas (`if`/`then`/`else`) cannot be expressed as Rust types and are ignored",
            ),
            (
                json!({"type": "object", "dependentRequired": {"a": ["b"]}}),
                json!({"type": "object"}),
                "/components/schemas/S/dependentRequired: `dependentRequired` is not enforced: the properties it names stay as optional as declared",
            ),
            (
                json!({"type": "object", "dependentSchemas": {"a": {}}}),
                json!({"type": "object"}),
                "/components/schemas/S/dependentSchemas: `dependentSchemas` is ignored: what it adds is not generated",
            ),
            (
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "unevaluatedProperties": {"type": "string"}}),
                json!({"allOf": [{"$ref": "#/components/schemas/T"}]}),
                "/components/schemas/S/unevaluatedProperties: `unevaluatedProperties` beside a composition or `additionalProperties` is ignored; `additionalProperties` is not generated from it",
            ),
            (
                json!({"$dynamicRef": "#nowhere"}),
                json!({}),
                "/components/schemas/S/$dynamicRef: `$dynamicRef` does not resolve in this document and is ignored",
            ),
        ];
        for (written, expected, warning) in table {
            let (found, warnings) = schemas(json!({ "S": written.clone(), "T": {"type": "object"} }));
            assert_eq!(found["S"], expected, "{written}");
            assert_eq!(warnings, [warning], "{written}");
        }
    }

    #[test]
    fn references_with_siblings_keep_what_a_field_reads() {
        let target = json!({"type": "object", "nullable": true, "description": "The target.", "properties": {}});
        let table = [
            // A plain `$ref` stays as written, and so does one whose siblings only annotate.
            (json!({"$ref": "#/components/schemas/T"}), json!({"$ref": "#/components/schemas/T"})),
            (
                json!({"$ref": "#/components/schemas/T", "title": "t", "examples": [1]}),
                json!({"$ref": "#/components/schemas/T"}),
            ),
            // A description wraps the reference, which keeps the target's other annotations.
            (
                json!({"$ref": "#/components/schemas/T", "description": "Mine."}),
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "Mine.", "nullable": true}),
            ),
            (
                json!({"$ref": "#/components/schemas/T", "type": ["object", "null"], "deprecated": true}),
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "deprecated": true, "nullable": true, "description": "The target."}),
            ),
            // Constraints are a second part.
            (
                json!({"$ref": "#/components/schemas/T", "required": ["a"]}),
                json!({"allOf": [{"$ref": "#/components/schemas/T"}, {"required": ["a"]}], "nullable": true, "description": "The target."}),
            ),
            // Anchors are pointers.
            (json!({"$ref": "#target"}), json!({"$ref": "#/components/schemas/T"})),
        ];
        for (written, expected) in table {
            let mut target = target.clone();
            target["$anchor"] = json!("target");
            let (found, warnings) = schemas(json!({ "S": written.clone(), "T": target }));
            assert_eq!(found["S"], expected, "{written}");
            assert_eq!(warnings, Vec::<String>::new(), "{written}");
        }
        // In a composition, annotations beside a `$ref` are dropped so the variant keeps its name.
        let (found, _) = schemas(json!({
            "S": {"oneOf": [{"$ref": "#/components/schemas/T", "description": "d"}, {"type": "string"}]},
            "T": target,
        }));
        assert_eq!(found["S"], json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "string"}]}));
    }

    #[test]
    fn document_level_differences() {
        let document = json!({
            "openapi": "3.1.1",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "summary": "s", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "paths": {
                "/pets": {"$ref": "#/components/pathItems/Pets", "summary": "Pets."},
                "/other": {"get": {"operationId": "other"}},
            },
            "components": {
                "pathItems": {"Pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"type": ["array", "null"], "items": {"type": "string"}}}}}}}}},
                "securitySchemes": {"tls": {"type": "mutualTLS"}, "token": {"type": "http", "scheme": "bearer"}},
            },
        });
        let (document, warnings) = normalize(document);
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["info"], json!({"title": "t", "version": "1", "license": {"name": "MIT"}}));
        assert!(document.get("jsonSchemaDialect").is_none() && document.get("webhooks").is_none());
        let pets = &document["paths"]["/pets"];
        assert_eq!(pets["summary"], "Pets.");
        assert_eq!(pets["get"]["operationId"], "listPets");
        let schema = &pets["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema, &json!({"type": "array", "items": {"type": "string"}, "nullable": true}));
        assert_eq!(document["paths"]["/other"]["get"]["responses"], json!({}));
        assert_eq!(document["components"], json!({"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}));
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "warning: /webhooks: webhooks (`newPet`) are not generated: the API sends them, and the generated crate is a client",
                "warning: /components/securitySchemes/tls: the `mutualTLS` security scheme is not generated; give the HTTP client its certificate yourself",
            ]
        );
        // Without `paths`, and with a dialect of its own.
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "jsonSchemaDialect": "http://json-schema.org/draft-04/schema#"});
        let (document, warnings) = normalize(document);
        assert_eq!(document["paths"], json!({}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer.as_str(), "/jsonSchemaDialect");
    }

    #[test]
    fn is_v31_reads_the_version() {
        assert!(is_v31("3.1.0") && is_v31("3.1.1") && is_v31("3.1"));
        assert!(!is_v31("3.10.0") && !is_v31("3.0.3") && !is_v31("3.2.0"));
    }
}
