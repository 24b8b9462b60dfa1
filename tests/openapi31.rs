//! OpenAPI 3.1 twins of the 3.0 feature fixtures generate byte-identical crates.
//!
//! Each 3.0 fixture of `fixtures/features/` is rewritten mechanically as 3.1 would write it:
//! `openapi: 3.1.0`, `nullable: true` beside a `type` as a `type` list with `"null"`, a boolean
//! `exclusiveMinimum`/`exclusiveMaximum` as the numeric bound, and a schema's `example` as an
//! `examples` list. The generator reads 3.1 by rewriting it as 3.0 (`codegen/src/load/v31.rs`),
//! so a document that only uses what 3.0 has must come out exactly as its 3.0 twin, warnings
//! included. The linter reports the same problems for both, and the spec diff finds no change
//! between them.

use realtimekit_codegen::{Config, generate, parse_document};
use serde_json::{Map, Value};

/// The 3.1 twin of a 3.0 document.
fn twin(document: &Value) -> Value {
    let mut twin = document.clone();
    rewrite(&mut twin, false);
    twin["openapi"] = Value::String("3.1.0".to_owned());
    twin
}

/// Rewrites every schema in `value`; `schema` says whether `value` is one.
fn rewrite(value: &mut Value, schema: bool) {
    match value {
        Value::Object(map) => {
            if schema {
                rewrite_schema(map);
            }
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    // Schemas by name, or by property name.
                    "schemas" if !schema => rewrite_entries(child),
                    "properties" if schema => rewrite_entries(child),
                    "schema" if !schema => rewrite(child, true),
                    "items" | "additionalProperties" | "not" if schema => rewrite(child, true),
                    "allOf" | "oneOf" | "anyOf" if schema => {
                        child.as_array_mut().into_iter().flatten().for_each(|part| rewrite(part, true));
                    }
                    // Values, not schemas.
                    "example" | "examples" | "default" | "enum" | "const" => {}
                    _ if key.starts_with("x-") => {}
                    _ if !schema => rewrite(child, false),
                    _ => {}
                }
            }
        }
        Value::Array(items) if !schema => items.iter_mut().for_each(|item| rewrite(item, false)),
        _ => {}
    }
}

fn rewrite_entries(entries: &mut Value) {
    entries.as_object_mut().into_iter().flatten().for_each(|(_, schema)| rewrite(schema, true));
}

/// One schema's own keywords, as 3.1 writes them.
fn rewrite_schema(map: &mut Map<String, Value>) {
    if map.get("nullable") == Some(&Value::Bool(true)) {
        if let Some(Value::String(name)) = map.get("type").cloned() {
            map.shift_remove("nullable");
            map.insert("type".to_owned(), Value::Array(vec![Value::String(name), Value::String("null".to_owned())]));
        }
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        match (map.get(exclusive), map.get(inclusive).cloned()) {
            (Some(Value::Bool(true)), Some(bound)) => {
                map.shift_remove(inclusive);
                map.insert(exclusive.to_owned(), bound);
            }
            (Some(Value::Bool(_)), _) => {
                map.shift_remove(exclusive);
            }
            _ => {}
        }
    }
    if let Some(example) = map.shift_remove("example") {
        map.insert("examples".to_owned(), Value::Array(vec![example]));
    }
}

/// What a generation gave: every file's path and text, and the warnings.
fn output(spec: &str, config: &Config) -> (Vec<(String, String)>, Vec<String>) {
    let generated = generate(spec, config).unwrap_or_else(|report| panic!("generates:\n{report}"));
    let files = generated.files.into_iter().map(|file| (file.path, file.contents)).collect();
    (files, generated.warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn every_feature_fixture_generates_the_same_crate_from_its_openapi_3_1_twin() {
    let folder = realtimekit_tests::project_root().join("tests/fixtures/features");
    let mut paths: Vec<_> =
        std::fs::read_dir(&folder).expect("the fixtures are readable").flatten().map(|entry| entry.path()).collect();
    paths.sort();
    let (mut compared, mut rewritten) = (0, 0);
    for path in paths.iter().filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json")) {
        let text = std::fs::read_to_string(path).expect("the fixture is readable");
        let document = parse_document(&text).unwrap_or_else(|report| panic!("{} parses:\n{report}", path.display()));
        if !document["openapi"].as_str().is_some_and(|version| version.starts_with("3.0")) {
            continue;
        }
        let name = path.file_stem().and_then(|stem| stem.to_str()).expect("a UTF-8 file name");
        let config = Config::for_crate(&format!("{name}-client"));
        let twin = twin(&document);
        let mut plain = document.clone();
        plain["openapi"] = twin["openapi"].clone();
        if twin != plain {
            rewritten += 1;
        }
        let (files, warnings) = output(&text, &config);
        let (twin_files, twin_warnings) = output(&twin.to_string(), &config);
        assert_eq!(twin_warnings, warnings, "{name}: the 3.1 twin warns differently");
        assert_eq!(twin_files.len(), files.len(), "{name}: the 3.1 twin gives other files");
        for ((path, contents), (twin_path, twin_contents)) in files.iter().zip(&twin_files) {
            assert_eq!(twin_path, path, "{name}: the 3.1 twin gives other files");
            assert!(twin_contents == contents, "{name}: {path} differs when generated from the 3.1 twin");
        }
        let lint = |text: &str| xtask::lint::lint(text).0.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(lint(&twin.to_string()), lint(&text), "{name}: the 3.1 twin lints differently");
        let report = xtask::diff::diff_specs(&text, &twin.to_string())
            .unwrap_or_else(|_| panic!("{name}: the diff reads both specs"));
        assert!(report.changes.is_empty(), "{name}: the diff finds changes in the 3.1 twin: {:?}", report.changes);
        compared += 1;
    }
    assert!(compared >= 15, "expected every 3.0 feature fixture, compared {compared}");
    // The rewrite must reach the keywords 3.1 changed, or the comparison proves little.
    assert!(rewritten >= 8, "only {rewritten} fixtures use a keyword that 3.1 writes differently");
}
