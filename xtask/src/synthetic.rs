//! A synthetic OpenAPI 3.0 spec of any size, shaped like a large real-world API (Cloudflare's):
//! envelopes merged with `allOf`, tagged unions, recursive types, enums of both kinds, maps,
//! defaults, header parameters, several answers per operation and paginated lists.
//!
//! [`synthetic_spec`] builds it deterministically from a number of operations. Each resource
//! brings five operations (list, create, get, update, delete) and ten schemas, so 2,500
//! operations come with about 5,000 schemas. The text is JSON, which the generator reads like
//! YAML. `cargo xtask synthetic` writes one to a file, and the benchmarks reuse it.

use serde_json::{Map, Value, json};

/// The operations of the large spec: 2,500 operations and 5,003 schemas.
pub const LARGE_OPERATIONS: usize = 2_500;

/// The operations each resource brings.
const OPERATIONS_PER_RESOURCE: usize = 5;

/// A spec with at least `operations` operations (rounded up to whole resources), as JSON text.
pub fn synthetic_spec(operations: usize) -> String {
    let resources = operations.div_ceil(OPERATIONS_PER_RESOURCE).max(1);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    shared_schemas(&mut schemas);
    for index in 0..resources {
        let resource = Resource::new(index);
        resource.add_schemas(&mut schemas);
        resource.add_paths(&mut paths);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Synthetic API",
            "version": "1.0.0",
            "description": format!("A synthetic API with {resources} resources, for scale tests and benchmarks."),
        },
        "servers": [{ "url": "https://api.example.com/client/v4" }],
        "security": [{ "api_token": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "api_token": { "type": "http", "scheme": "bearer" } },
            "parameters": {
                "AccountId": {
                    "name": "account_id",
                    "in": "path",
                    "required": true,
                    "description": "The account identifier.",
                    "schema": { "type": "string", "maxLength": 32 },
                },
                "Page": { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "default": 1 } },
                "PerPage": {
                    "name": "per_page",
                    "in": "query",
                    "schema": { "type": "integer", "minimum": 5, "maximum": 1000, "default": 20 },
                },
                "RequestId": { "name": "X-Request-Id", "in": "header", "schema": { "type": "string", "format": "uuid" } },
            },
            "responses": {
                "Failure": {
                    "description": "The request failed.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Envelope" } } },
                },
            },
            "schemas": schemas,
        },
    })
    .to_string()
}

/// The schemas every resource shares: the envelope, paging facts and a message.
fn shared_schemas(schemas: &mut Map<String, Value>) {
    schemas.insert(
        "Message".to_owned(),
        json!({
            "type": "object",
            "required": ["code", "message"],
            "properties": { "code": { "type": "integer", "minimum": 1000 }, "message": { "type": "string" } },
        }),
    );
    schemas.insert(
        "Envelope".to_owned(),
        json!({
            "type": "object",
            "required": ["success", "errors", "messages"],
            "properties": {
                "success": { "type": "boolean" },
                "errors": { "type": "array", "items": { "$ref": "#/components/schemas/Message" } },
                "messages": { "type": "array", "items": { "$ref": "#/components/schemas/Message" } },
                "result": { "type": "object", "nullable": true },
            },
        }),
    );
    schemas.insert(
        "Paging".to_owned(),
        json!({
            "type": "object",
            "properties": {
                "page": { "type": "integer", "minimum": 1 },
                "per_page": { "type": "integer", "minimum": 1 },
                "count": { "type": "integer", "minimum": 0 },
                "total_count": { "type": "integer", "minimum": 0 },
            },
        }),
    );
}

/// One resource's names.
struct Resource {
    /// The schema prefix, e.g. `Widget0007`.
    name: String,
    /// The path segment, e.g. `widget0007s`.
    segment: String,
    /// Every tenth resource documents two success answers for create.
    two_answers: bool,
}

impl Resource {
    fn new(index: usize) -> Self {
        Self { name: format!("Widget{index:04}"), segment: format!("widget{index:04}s"), two_answers: index % 10 == 0 }
    }

    fn schema(&self, suffix: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{}{suffix}", self.name) })
    }

    /// The resource's ten schemas.
    fn add_schemas(&self, schemas: &mut Map<String, Value>) {
        let name = &self.name;
        let mut add = |suffix: &str, schema: Value| schemas.insert(format!("{name}{suffix}"), schema);
        add(
            "",
            json!({
                "type": "object",
                "description": format!("A {} of an account.", self.segment.trim_end_matches('s')),
                "required": ["id", "name", "created_on"],
                "properties": {
                    "id": { "type": "string", "format": "uuid", "readOnly": true },
                    "name": { "type": "string", "minLength": 1, "maxLength": 255 },
                    "created_on": { "type": "string", "format": "date-time", "readOnly": true },
                    "count": { "type": "integer", "format": "int64", "minimum": 0 },
                    "ratio": { "type": "number", "format": "double" },
                    "enabled": { "type": "boolean", "default": true },
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                    "metadata": { "type": "object", "description": "Free-form metadata." },
                    "status": self.schema("Status"),
                    "tier": self.schema("Tier"),
                    "settings": self.schema("Settings"),
                    "source": self.schema("Source"),
                    "parent": self.schema(""),
                },
            }),
        );
        add("Status", json!({ "type": "string", "enum": ["active", "pending", "disabled", "<1d", ">1d"] }));
        add("Tier", json!({ "type": "integer", "enum": [0, 1, 2, 10] }));
        add(
            "Settings",
            json!({
                "type": "object",
                "properties": {
                    "retention_days": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 365, "default": 30 },
                    "public": { "type": "boolean", "nullable": true },
                    "region": { "type": "string", "deprecated": true },
                },
            }),
        );
        add(
            "Source",
            json!({
                "oneOf": [self.schema("UrlSource"), self.schema("FileSource")],
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {
                        "url": format!("#/components/schemas/{name}UrlSource"),
                        "file": format!("#/components/schemas/{name}FileSource"),
                    },
                },
            }),
        );
        add(
            "UrlSource",
            json!({
                "type": "object",
                "required": ["type", "url"],
                "properties": { "type": { "type": "string" }, "url": { "type": "string", "format": "uri" } },
            }),
        );
        add(
            "FileSource",
            json!({
                "type": "object",
                "required": ["type", "file_id"],
                "properties": { "type": { "type": "string" }, "file_id": { "type": "string" } },
            }),
        );
        add(
            "Response",
            json!({ "allOf": [{ "$ref": "#/components/schemas/Envelope" }, { "properties": { "result": self.schema("") } }] }),
        );
        add(
            "ListResponse",
            json!({
                "allOf": [
                    { "$ref": "#/components/schemas/Envelope" },
                    {
                        "properties": {
                            "result": { "type": "array", "items": self.schema("") },
                            "result_info": { "$ref": "#/components/schemas/Paging" },
                        },
                    },
                ],
            }),
        );
        add(
            "Create",
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": { "type": "string", "minLength": 1, "maxLength": 255 },
                    "tier": self.schema("Tier"),
                    "settings": self.schema("Settings"),
                    "source": self.schema("Source"),
                },
            }),
        );
    }

    /// The resource's two paths and five operations.
    fn add_paths(&self, paths: &mut Map<String, Value>) {
        let (name, segment) = (&self.name, &self.segment);
        let account = json!({ "$ref": "#/components/parameters/AccountId" });
        let failure = json!({ "$ref": "#/components/responses/Failure" });
        let body = |suffix: &str, media: &str| json!({ "required": true, "content": { media: { "schema": self.schema(suffix) } } });
        let answer = |description: &str, suffix: &str| json!({ "description": description, "content": { "application/json": { "schema": self.schema(suffix) } } });
        let mut created = Map::new();
        created.insert("201".to_owned(), answer("Created.", "Response"));
        if self.two_answers {
            created.insert("202".to_owned(), answer("Accepted; the result is filled in later.", ""));
        }
        created.insert("4XX".to_owned(), failure.clone());
        let id = json!({
            "name": "id", "in": "path", "required": true, "description": "The identifier.",
            "schema": { "type": "string", "format": "uuid" },
        });
        paths.insert(
            format!("/accounts/{{account_id}}/{segment}"),
            json!({
                "parameters": [account],
                "get": {
                    "operationId": format!("list{name}s"),
                    "summary": format!("List {segment}"),
                    "tags": [name],
                    "parameters": [
                        { "$ref": "#/components/parameters/Page" },
                        { "$ref": "#/components/parameters/PerPage" },
                        { "$ref": "#/components/parameters/RequestId" },
                        { "name": "status", "in": "query", "schema": self.schema("Status") },
                        { "name": "tag", "in": "query", "explode": true, "schema": { "type": "array", "items": { "type": "string" } } },
                    ],
                    "x-pagination": {
                        "page-param": "page",
                        "per-page-param": "per_page",
                        "items": "/result",
                        "total-count": "/result_info/total_count",
                    },
                    "responses": { "200": answer("A page.", "ListResponse"), "4XX": failure },
                },
                "post": {
                    "operationId": format!("create{name}"),
                    "summary": format!("Create a {}", segment.trim_end_matches('s')),
                    "requestBody": body("Create", "application/json"),
                    "responses": created,
                },
            }),
        );
        paths.insert(
            format!("/accounts/{{account_id}}/{segment}/{{id}}"),
            json!({
                "parameters": [account, id],
                "get": {
                    "operationId": format!("get{name}"),
                    "responses": { "200": answer("The item.", "Response"), "4XX": failure },
                },
                "patch": {
                    "operationId": format!("update{name}"),
                    "requestBody": body("Create", "application/merge-patch+json"),
                    "responses": { "200": answer("Updated.", "Response"), "4XX": failure },
                },
                "delete": {
                    "operationId": format!("delete{name}"),
                    "deprecated": index_is_odd(name),
                    "responses": { "204": { "description": "Deleted." }, "4XX": failure },
                },
            }),
        );
    }
}

/// Every other resource's delete is deprecated.
fn index_is_odd(name: &str) -> bool {
    name.chars().last().and_then(|c| c.to_digit(10)).is_some_and(|digit| digit % 2 == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_operation_count() {
        let spec: Value = serde_json::from_str(&synthetic_spec(LARGE_OPERATIONS)).expect("valid JSON");
        let schemas = spec["components"]["schemas"].as_object().map_or(0, Map::len);
        assert_eq!(schemas, 5_003);
        let operations: usize = spec["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, item)| item.as_object().map_or(0, |i| i.keys().filter(|k| *k != "parameters").count()))
            .sum();
        assert_eq!(operations, LARGE_OPERATIONS);
        assert_eq!(synthetic_spec(12), synthetic_spec(12), "the spec is deterministic");
    }

    #[test]
    fn a_tenth_of_the_large_spec_generates_without_warnings() {
        let spec = synthetic_spec(LARGE_OPERATIONS / 10);
        let config = realtimekit_codegen::Config::for_crate("synthetic-api");
        let generated = realtimekit_codegen::generate(&spec, &config).unwrap_or_else(|report| panic!("{report}"));
        assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
        let operations = generated.files.iter().filter(|f| f.path.starts_with("src/operations/")).count();
        assert_eq!(operations, LARGE_OPERATIONS / 10);
    }
}
