//! Table tests of the whole rewrite, each through `normalize` on a small document: schema
//! keywords, what has no 3.0 form, `$ref`s with siblings, and the document level.

use serde_json::{Value, json};

use super::{is_v31, normalize};

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
