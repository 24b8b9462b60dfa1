//! `type` lists and `null`, which 3.0 writes as one `type` and `nullable`.
//!
//! `"null"` in a `type` list becomes `nullable: true`; one other type stays `type`; several
//! become a `oneOf` with one alternative per type, each taking the keywords of its kind
//! (lengths and `pattern` the string, bounds the numbers, `items` the array, `properties` the
//! object, `enum` values by their JSON type), while annotations stay on the schema. A
//! `{type: "null"}` alternative of `oneOf`/`anyOf` becomes `nullable: true` the same way.

use serde_json::{Map, Value, json};

use super::Normalizer;
use crate::diagnostics::Pointer;

/// The keywords of each kind of value, which go to that type's alternative when a `type` list
/// is split.
const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern"];
const NUMBER_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS: &[&str] = &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];

/// The `format`s of numbers; any other format belongs to strings.
const NUMBER_FORMATS: &[&str] =
    &["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float", "double", "decimal"];

impl Normalizer {
    /// The types `type` names, without `"null"`, which sets `nullable`.
    pub(super) fn types(&mut self, map: &Map<String, Value>, at: &Pointer, nullable: &mut bool) -> Vec<String> {
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
}

/// The alternatives of `oneOf` and `anyOf` that only allow `null`, by their index.
pub(super) fn null_alternatives(map: &Map<String, Value>) -> Vec<(&'static str, Vec<usize>)> {
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
pub(super) fn type_of_value(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

/// Splits a schema of several types into a `oneOf` with one alternative per type, each with
/// the keywords and `enum` values of its kind; annotations stay on the schema. A type that no
/// `enum` value has is left out, and when one type is left, it is the schema's `type`.
pub(super) fn split_types(map: &mut Map<String, Value>, types: &[String]) {
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
