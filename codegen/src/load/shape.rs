//! A structural check of the raw document, run before it is typed: every value the generator
//! reads must have the JSON type OpenAPI 3.0 gives it, and required keys must be present.
//!
//! `openapiv3` types the document with `serde`, whose flattened and untagged structures lose
//! the location of a failure (an error deep inside `paths` is reported at `/paths`) and stop at
//! the first one. This walk covers the same ground as data, a table of keys per object kind,
//! so every problem is reported at once, each at its exact JSON Pointer.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};

/// What a value must be.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Text,
    Boolean,
    Number,
    /// A non-negative integer.
    Count,
    /// Any JSON value.
    Any,
    /// An object of this kind, or a `$ref` when `reference` is set.
    Object {
        kind: Kind,
        reference: bool,
    },
    /// A list of values.
    List(&'static Expect),
    /// A map from any key to values.
    Map(&'static Expect),
    /// `true`, `false`, or a schema (`additionalProperties`).
    BooleanOrSchema,
}

/// The object kinds of an OpenAPI 3.0 document the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Info,
    Server,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    MediaType,
    Responses,
    Response,
    Schema,
    Discriminator,
    Components,
    Example,
    /// An object whose keys are not checked, such as a security scheme.
    Opaque,
}

const TEXT: Expect = Expect::Text;
const SCHEMA: Expect = Expect::Object { kind: Kind::Schema, reference: true };
const PARAMETER: Expect = Expect::Object { kind: Kind::Parameter, reference: true };
const MEDIA: Expect = Expect::Object { kind: Kind::MediaType, reference: false };
const RESPONSE: Expect = Expect::Object { kind: Kind::Response, reference: true };
const EXAMPLE: Expect = Expect::Object { kind: Kind::Example, reference: true };
const OPAQUE: Expect = Expect::Object { kind: Kind::Opaque, reference: true };
const SERVER: Expect = Expect::Object { kind: Kind::Server, reference: false };
const OPERATION: Expect = Expect::Object { kind: Kind::Operation, reference: false };

/// The keys of a kind with what each must be, and the keys that must be present.
fn keys(kind: Kind) -> (&'static [(&'static str, Expect)], &'static [&'static str]) {
    match kind {
        Kind::Document => (
            &[
                ("openapi", TEXT),
                ("info", Expect::Object { kind: Kind::Info, reference: false }),
                ("servers", Expect::List(&SERVER)),
                ("paths", Expect::Object { kind: Kind::Paths, reference: false }),
                ("components", Expect::Object { kind: Kind::Components, reference: false }),
                ("security", Expect::List(&Expect::Map(&Expect::List(&TEXT)))),
                ("tags", Expect::List(&OPAQUE)),
            ],
            &["openapi", "info", "paths"],
        ),
        Kind::Info => (&[("title", TEXT), ("version", TEXT), ("description", TEXT)], &["title", "version"]),
        Kind::Server => (&[("url", TEXT), ("description", TEXT), ("variables", Expect::Map(&OPAQUE))], &["url"]),
        Kind::Paths => (&[], &[]),
        Kind::PathItem => (
            &[
                ("summary", TEXT),
                ("description", TEXT),
                ("parameters", Expect::List(&PARAMETER)),
                ("servers", Expect::List(&SERVER)),
                ("get", OPERATION),
                ("put", OPERATION),
                ("post", OPERATION),
                ("delete", OPERATION),
                ("options", OPERATION),
                ("head", OPERATION),
                ("patch", OPERATION),
                ("trace", OPERATION),
            ],
            &[],
        ),
        Kind::Operation => (
            &[
                ("operationId", TEXT),
                ("summary", TEXT),
                ("description", TEXT),
                ("tags", Expect::List(&TEXT)),
                ("parameters", Expect::List(&PARAMETER)),
                ("requestBody", Expect::Object { kind: Kind::RequestBody, reference: true }),
                ("responses", Expect::Object { kind: Kind::Responses, reference: false }),
                ("deprecated", Expect::Boolean),
                ("security", Expect::List(&Expect::Map(&Expect::List(&TEXT)))),
                ("servers", Expect::List(&SERVER)),
            ],
            &["responses"],
        ),
        Kind::Parameter => (
            &[
                ("name", TEXT),
                ("in", TEXT),
                ("description", TEXT),
                ("required", Expect::Boolean),
                ("deprecated", Expect::Boolean),
                ("allowEmptyValue", Expect::Boolean),
                ("style", TEXT),
                ("explode", Expect::Boolean),
                ("allowReserved", Expect::Boolean),
                ("schema", SCHEMA),
                ("content", Expect::Map(&MEDIA)),
                ("examples", Expect::Map(&EXAMPLE)),
            ],
            &["name", "in"],
        ),
        Kind::RequestBody => {
            (&[("description", TEXT), ("content", Expect::Map(&MEDIA)), ("required", Expect::Boolean)], &["content"])
        }
        Kind::MediaType => {
            (&[("schema", SCHEMA), ("examples", Expect::Map(&EXAMPLE)), ("encoding", Expect::Map(&OPAQUE))], &[])
        }
        Kind::Responses => (&[], &[]),
        Kind::Response => (
            &[
                ("description", TEXT),
                ("headers", Expect::Map(&OPAQUE)),
                ("content", Expect::Map(&MEDIA)),
                ("links", Expect::Map(&OPAQUE)),
            ],
            &["description"],
        ),
        Kind::Schema => (
            &[
                ("type", TEXT),
                ("format", TEXT),
                ("title", TEXT),
                ("description", TEXT),
                ("pattern", TEXT),
                ("nullable", Expect::Boolean),
                ("readOnly", Expect::Boolean),
                ("writeOnly", Expect::Boolean),
                ("deprecated", Expect::Boolean),
                ("uniqueItems", Expect::Boolean),
                ("exclusiveMinimum", Expect::Boolean),
                ("exclusiveMaximum", Expect::Boolean),
                ("minimum", Expect::Number),
                ("maximum", Expect::Number),
                ("multipleOf", Expect::Number),
                ("minLength", Expect::Count),
                ("maxLength", Expect::Count),
                ("minItems", Expect::Count),
                ("maxItems", Expect::Count),
                ("minProperties", Expect::Count),
                ("maxProperties", Expect::Count),
                ("required", Expect::List(&TEXT)),
                ("enum", Expect::List(&Expect::Any)),
                ("properties", Expect::Map(&SCHEMA)),
                ("items", SCHEMA),
                ("additionalProperties", Expect::BooleanOrSchema),
                ("allOf", Expect::List(&SCHEMA)),
                ("oneOf", Expect::List(&SCHEMA)),
                ("anyOf", Expect::List(&SCHEMA)),
                ("not", SCHEMA),
                ("discriminator", Expect::Object { kind: Kind::Discriminator, reference: false }),
            ],
            &[],
        ),
        Kind::Discriminator => (&[("propertyName", TEXT), ("mapping", Expect::Map(&TEXT))], &["propertyName"]),
        Kind::Components => (
            &[
                ("schemas", Expect::Map(&SCHEMA)),
                ("parameters", Expect::Map(&PARAMETER)),
                ("responses", Expect::Map(&RESPONSE)),
                ("requestBodies", Expect::Map(&Expect::Object { kind: Kind::RequestBody, reference: true })),
                ("examples", Expect::Map(&EXAMPLE)),
                ("headers", Expect::Map(&OPAQUE)),
                ("securitySchemes", Expect::Map(&OPAQUE)),
                ("links", Expect::Map(&OPAQUE)),
                ("callbacks", Expect::Map(&OPAQUE)),
            ],
            &[],
        ),
        Kind::Example => (&[("summary", TEXT), ("description", TEXT), ("externalValue", TEXT)], &[]),
        Kind::Opaque => (&[], &[]),
    }
}

/// How deep the walk goes before it stops looking, so a pathological document cannot exhaust
/// the stack; the parsers already refuse deeper nesting.
const MAX_DEPTH: usize = 256;

/// Every structural problem of the document.
pub(super) fn problems(document: &Value) -> Vec<Diagnostic> {
    let mut walk = Walk { found: Vec::new() };
    walk.object(document, Kind::Document, &Pointer::root(), 0);
    walk.found
}

struct Walk {
    found: Vec<Diagnostic>,
}

impl Walk {
    fn report(&mut self, at: &Pointer, message: String) {
        self.found.push(Diagnostic::error(at, message));
    }

    fn check(&mut self, value: &Value, expect: Expect, at: &Pointer, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match expect {
            Expect::Any => {}
            Expect::Text if value.is_string() => {}
            Expect::Boolean if value.is_boolean() => {}
            Expect::Number if value.is_number() => {}
            Expect::Count if value.as_u64().is_some() => {}
            Expect::Text => self.report(at, format!("expected a string, found {}", describe(value))),
            Expect::Boolean => self.report(at, format!("expected `true` or `false`, found {}", describe(value))),
            Expect::Number => self.report(at, format!("expected a number, found {}", describe(value))),
            Expect::Count => self.report(at, format!("expected a non-negative integer, found {}", describe(value))),
            Expect::List(item) => match value {
                Value::Array(items) => {
                    for (index, value) in items.iter().enumerate() {
                        self.check(value, *item, &at.push(index), depth + 1);
                    }
                }
                other => self.report(at, format!("expected a list, found {}", describe(other))),
            },
            Expect::Map(item) => match value {
                Value::Object(entries) => {
                    for (key, value) in entries {
                        self.check(value, *item, &at.push(key), depth + 1);
                    }
                }
                other => self.report(at, format!("expected an object, found {}", describe(other))),
            },
            Expect::BooleanOrSchema if value.is_boolean() => {}
            Expect::BooleanOrSchema => self.check(value, SCHEMA, at, depth),
            Expect::Object { kind, reference } => {
                if reference && value.get("$ref").is_some() {
                    self.reference(value, at);
                } else {
                    self.object(value, kind, at, depth);
                }
            }
        }
    }

    fn reference(&mut self, value: &Value, at: &Pointer) {
        if !value.get("$ref").is_some_and(Value::is_string) {
            let found = value.get("$ref").map_or_else(String::new, describe);
            self.report(&at.push("$ref"), format!("expected a reference string, found {found}"));
        }
    }

    fn object(&mut self, value: &Value, kind: Kind, at: &Pointer, depth: usize) {
        let Value::Object(entries) = value else {
            self.report(at, format!("expected an object, found {}", describe(value)));
            return;
        };
        let (known, required) = keys(kind);
        for key in required.iter().filter(|key| !entries.contains_key(**key)) {
            self.report(at, format!("missing required key `{key}`"));
        }
        for (key, value) in entries {
            let here = at.push(key);
            if let Some((_, expect)) = known.iter().find(|(name, _)| name == key) {
                self.check(value, *expect, &here, depth + 1);
                continue;
            }
            match kind {
                Kind::Paths if key.starts_with('/') => {
                    self.check(value, Expect::Object { kind: Kind::PathItem, reference: true }, &here, depth + 1);
                }
                Kind::Responses if !key.starts_with("x-") => self.check(value, RESPONSE, &here, depth + 1),
                _ => {}
            }
        }
        if kind == Kind::Parameter {
            self.parameter_location(entries, at);
        }
    }

    fn parameter_location(&mut self, entries: &serde_json::Map<String, Value>, at: &Pointer) {
        let Some(location) = entries.get("in").and_then(Value::as_str) else { return };
        if !matches!(location, "path" | "query" | "header" | "cookie") {
            self.report(
                &at.push("in"),
                format!("`{location}` is not a parameter location; expected path, query, header or cookie"),
            );
        }
    }
}

/// A value's JSON type, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("the boolean `{flag}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(text) if text.chars().count() <= 40 => format!("the string {text:?}"),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(yaml: &str) -> Vec<(String, String)> {
        let value: Value = serde_yaml_ng::from_str(yaml).expect("valid YAML");
        problems(&value).into_iter().map(|d| (d.pointer.to_string(), d.message)).collect()
    }

    #[test]
    fn every_problem_is_reported_at_its_pointer() {
        let found = pointers(
            "openapi: 3.0.3\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      parameters: 7\n      responses:\n        '200': {description: [x]}\n    post:\n      responses: {}\n      requestBody: {content: {application/json: {schema: {type: object, required: yes, properties: {n: {maxLength: -1}}}}}}\ncomponents:\n  schemas:\n    A: {$ref: 7}\n",
        );
        let expected = [
            ("/info", "missing required key `version`"),
            ("/paths/~1a/get/parameters", "expected a list, found the number `7`"),
            ("/paths/~1a/get/responses/200/description", "expected a string, found a list"),
            (
                "/paths/~1a/post/requestBody/content/application~1json/schema/required",
                "expected a list, found the string \"yes\"",
            ),
            (
                "/paths/~1a/post/requestBody/content/application~1json/schema/properties/n/maxLength",
                "expected a non-negative integer, found the number `-1`",
            ),
            ("/components/schemas/A/$ref", "expected a reference string, found the number `7`"),
        ];
        let mut expected: Vec<(String, String)> =
            expected.iter().map(|(p, m)| ((*p).to_owned(), (*m).to_owned())).collect();
        expected.sort();
        let mut found = found;
        found.sort();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_well_formed_document_has_no_problems() {
        let found = pointers(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {additionalProperties: true}}}}}\n",
        );
        assert_eq!(found, []);
    }
}
