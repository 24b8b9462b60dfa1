//! A validator for the OpenAPI 3.0 schema dialect, as far as specs for this generator use it.
//!
//! It checks `type` (with `nullable`), `enum`, string lengths and `pattern`, numeric bounds
//! (with 3.0's boolean `exclusiveMinimum` / `exclusiveMaximum`) and `multipleOf`, array sizes,
//! `uniqueItems` and `items`, object `required`, `properties`, `additionalProperties` and sizes,
//! `allOf` / `anyOf` / `oneOf` / `not`, and local `$ref`s. Formats are annotations in JSON
//! Schema; `date-time`, `date` and `uuid` are checked, but a mismatch is only a warning.
//!
//! OpenAPI 3.0's dialect is none of JSON Schema's drafts (`nullable`, boolean exclusive bounds,
//! `$ref` that hides its siblings), so a general JSON Schema crate would need the schemas
//! rewritten first; this subset is small enough to hold here.

use realtimekit_codegen::Pointer;
use serde_json::Value;

use super::document::Document;

/// How deep schemas may nest (through `$ref` too) before the walk stops, to end cycles.
const MAX_DEPTH: usize = 64;

/// One way an instance breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Violation {
    /// The JSON Pointer of the offending value, relative to the instance.
    pub(super) at: Pointer,
    /// What is wrong, as a sentence fragment.
    pub(super) message: String,
    /// Whether only a `format` is broken, which is worth a warning, not an error.
    pub(super) format_only: bool,
}

/// Validates instances against the document's schemas.
#[derive(Debug, Clone, Copy)]
pub(super) struct Validator<'a> {
    document: Document<'a>,
}

impl<'a> Validator<'a> {
    /// A validator that resolves `$ref`s in `document`.
    pub(super) fn new(document: Document<'a>) -> Self {
        Self { document }
    }

    /// Every way `instance` breaks `schema`; empty when it is valid.
    pub(super) fn check(&self, schema: &'a Value, instance: &Value) -> Vec<Violation> {
        let mut found = Vec::new();
        self.visit(schema, instance, &Pointer::root(), 0, &mut found);
        found
    }

    /// Whether `instance` is valid against `schema`, formats aside.
    fn passes(&self, schema: &'a Value, instance: &Value, depth: usize) -> bool {
        let mut found = Vec::new();
        self.visit(schema, instance, &Pointer::root(), depth, &mut found);
        found.iter().all(|v| v.format_only)
    }

    fn visit(&self, schema: &'a Value, instance: &Value, at: &Pointer, depth: usize, found: &mut Vec<Violation>) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut fail = |message: String| found.push(Violation { at: at.clone(), message, format_only: false });
        let schema = match self.document.resolve(schema, &Pointer::root()) {
            Some((target, _)) => target,
            None => return fail(format!("cannot resolve the schema's `$ref` {}", schema["$ref"])),
        };
        if instance.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            return;
        }
        if let Some(expected) = schema.get("type").and_then(Value::as_str) {
            if !has_type(instance, expected) {
                return fail(format!("expected {}, found {}", article(expected), describe(instance)));
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.iter().any(|value| same_value(value, instance)) {
                let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
                fail(format!("{} is not one of {}", instance, list.join(", ")));
            }
        }
        match instance {
            Value::String(text) => self.string(schema, text, at, found),
            Value::Number(_) => number(schema, instance, at, found),
            Value::Array(items) => self.array(schema, items, at, depth, found),
            Value::Object(_) => self.object(schema, instance, at, depth, found),
            Value::Null | Value::Bool(_) => {}
        }
        self.composition(schema, instance, at, depth, found);
    }

    fn string(&self, schema: &Value, text: &str, at: &Pointer, found: &mut Vec<Violation>) {
        let length = text.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64).filter(|min| length < *min) {
            found.push(violation(at, format!("length {length} is below minLength {min}")));
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64).filter(|max| length > *max) {
            found.push(violation(at, format!("length {length} is above maxLength {max}")));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            // An invalid pattern is reported by the constraint checks, once, at the schema.
            if regex::Regex::new(pattern).is_ok_and(|re| !re.is_match(text)) {
                found.push(violation(at, format!("{text:?} does not match the pattern {pattern:?}")));
            }
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            if !super::formats::matches(format, text) {
                found.push(Violation {
                    at: at.clone(),
                    message: format!("{text:?} is not a valid `{format}`"),
                    format_only: true,
                });
            }
        }
    }

    fn array(&self, schema: &'a Value, items: &[Value], at: &Pointer, depth: usize, found: &mut Vec<Violation>) {
        let count = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64).filter(|min| count < *min) {
            found.push(violation(at, format!("{count} items, below minItems {min}")));
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64).filter(|max| count > *max) {
            found.push(violation(at, format!("{count} items, above maxItems {max}")));
        }
        if schema.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
            let repeated = items.iter().enumerate().any(|(i, a)| items[..i].iter().any(|b| same_value(a, b)));
            if repeated {
                found.push(violation(at, "items repeat, but uniqueItems is true".to_owned()));
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (index, item) in items.iter().enumerate() {
                self.visit(item_schema, item, &at.push(index), depth + 1, found);
            }
        }
    }

    fn object(&self, schema: &'a Value, instance: &Value, at: &Pointer, depth: usize, found: &mut Vec<Violation>) {
        let Some(object) = instance.as_object() else { return };
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                found.push(violation(at, format!("required property `{name}` is missing")));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, value) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(property) => self.visit(property, value, &at.push(name), depth + 1, found),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        found.push(violation(&at.push(name), format!("property `{name}` is not allowed")));
                    }
                    Some(extra) if extra.is_object() => self.visit(extra, value, &at.push(name), depth + 1, found),
                    _ => {}
                },
            }
        }
        let count = object.len() as u64;
        if let Some(min) = schema.get("minProperties").and_then(Value::as_u64).filter(|min| count < *min) {
            found.push(violation(at, format!("{count} properties, below minProperties {min}")));
        }
        if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64).filter(|max| count > *max) {
            found.push(violation(at, format!("{count} properties, above maxProperties {max}")));
        }
    }

    fn composition(&self, schema: &'a Value, instance: &Value, at: &Pointer, depth: usize, found: &mut Vec<Violation>) {
        let alternatives = |key: &str| schema.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for part in alternatives("allOf") {
            self.visit(part, instance, at, depth + 1, found);
        }
        let any_of = alternatives("anyOf");
        if !any_of.is_empty() && !any_of.iter().any(|part| self.passes(part, instance, depth + 1)) {
            found.push(violation(at, "matches none of the `anyOf` alternatives".to_owned()));
        }
        let one_of = alternatives("oneOf");
        if !one_of.is_empty() {
            match one_of.iter().filter(|part| self.passes(part, instance, depth + 1)).count() {
                0 => found.push(violation(at, "matches none of the `oneOf` alternatives".to_owned())),
                1 => {}
                n => found.push(violation(at, format!("matches {n} `oneOf` alternatives; exactly one must match"))),
            }
        }
        if let Some(not) = schema.get("not") {
            if self.passes(not, instance, depth + 1) {
                found.push(violation(at, "matches the schema under `not`".to_owned()));
            }
        }
    }
}

fn number(schema: &Value, instance: &Value, at: &Pointer, found: &mut Vec<Violation>) {
    let Some(value) = instance.as_f64() else { return };
    let flag = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
        if value < min || (flag("exclusiveMinimum") && value == min) {
            found.push(violation(at, format!("{instance} is below the minimum {min}")));
        }
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        if value > max || (flag("exclusiveMaximum") && value == max) {
            found.push(violation(at, format!("{instance} is above the maximum {max}")));
        }
    }
    if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64).filter(|step| *step > 0.0) {
        let quotient = value / step;
        if (quotient - quotient.round()).abs() > 1e-9 {
            found.push(violation(at, format!("{instance} is not a multiple of {step}")));
        }
    }
}

fn violation(at: &Pointer, message: String) -> Violation {
    Violation { at: at.clone(), message, format_only: false }
}

/// Whether a value has a JSON Schema type; whole numbers such as `2.0` are integers.
fn has_type(value: &Value, expected: &str) -> bool {
    match expected {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// JSON equality where `1` and `1.0` are the same number.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// A type name with its article: `an integer`, `a string`.
fn article(type_name: &str) -> String {
    if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) { format!("an {type_name}") } else { format!("a {type_name}") }
}

/// What a value is, for messages: `a string ("x")`, `null`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => format!("a boolean ({value})"),
        Value::Number(_) => format!("a number ({value})"),
        Value::String(_) => format!("a string ({value})"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Checks `instance` against `schema`, placed in `document` so its `$ref`s resolve there.
    fn check(document: &Value, schema: Value, instance: Value) -> Vec<String> {
        let mut document = document.clone();
        document["x-schema"] = schema;
        let validator = Validator::new(Document { root: &document });
        validator
            .check(&document["x-schema"], &instance)
            .into_iter()
            .map(|v| format!("{}: {}", v.at, v.message))
            .collect()
    }

    #[test]
    fn follows_refs_and_honours_nullable() {
        let document = json!({"components": {"schemas": {"Id": {"type": "string", "maxLength": 3}}}});
        let schema = json!({"type": "object", "required": ["id"], "properties": {
            "id": {"$ref": "#/components/schemas/Id"},
            "note": {"type": "string", "nullable": true}
        }});
        assert!(check(&document, schema.clone(), json!({"id": "abc", "note": null})).is_empty());
        assert_eq!(check(&document, schema.clone(), json!({"id": "abcd"})), ["/id: length 4 is above maxLength 3"]);
        assert_eq!(
            check(&document, schema, json!({"note": 1})),
            [": required property `id` is missing", "/note: expected a string, found a number (1)"]
        );
    }

    #[test]
    fn one_of_needs_exactly_one_match() {
        let document = json!({});
        let schema = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
        assert_eq!(
            check(&document, schema.clone(), json!(1)),
            [": matches 2 `oneOf` alternatives; exactly one must match"]
        );
        assert!(check(&document, schema.clone(), json!(1.5)).is_empty());
        assert_eq!(check(&document, schema, json!("x")), [": matches none of the `oneOf` alternatives"]);
    }
}
