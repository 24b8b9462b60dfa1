//! The generator never panics: a bounded property test feeds it mutated specs (keys deleted,
//! types swapped, bogus and cyclic `$ref`s injected, entries duplicated, names mangled, text
//! cut short) and asserts that `generate` returns, with files or with diagnostics.
//!
//! Some mutations only write hazards into the spec's text (line endings, control characters,
//! backticks, comment delimiters, quotes, Markdown that opens code blocks) where it reaches the
//! generated code: descriptions, summaries, titles, enum values, examples, and the names of
//! properties, operations and parameters. Those specs must also come out as Rust that parses
//! and holds no character rustc rejects, and never as an internal error.
//!
//! A second campaign starts from OpenAPI 3.1 documents (the 3.1 feature fixtures, and the spec
//! declared as 3.1) and also writes in what only 3.1 has: `type` lists, `const`, tuples, `$ref`s
//! with siblings, anchors, boolean schemas, conditionals, path item references and webhooks.
//!
//! The mutations come from a small seeded generator, so every run tries the same few hundred
//! specs and a failure can be replayed; the failing spec is written next to the target folder.
//! A hand-written mutator is enough here and needs no dependency: the point is breadth of
//! malformed input, not shrinking.

use std::panic::{AssertUnwindSafe, catch_unwind};

use realtimekit_codegen::{Config, generate};
use serde_json::{Map, Value, json};

/// How many mutated specs each run tries; `RTK_FUZZ_CASES` and `RTK_FUZZ_SEED` run a longer
/// or different campaign locally.
const CASES: usize = 400;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

/// A xorshift64* generator: deterministic and good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % (bound.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One step from a value to a child.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every location in `value`, as the steps that lead there.
fn locations(value: &Value, here: &mut Vec<Step>, found: &mut Vec<Vec<Step>>) {
    found.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                here.push(Step::Key(key.clone()));
                locations(child, here, found);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                here.push(Step::Index(index));
                locations(child, here, found);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(value, |current, step| match step {
        Step::Key(key) => current.get_mut(key.as_str()),
        Step::Index(index) => current.get_mut(*index),
    })
}

/// Values of every JSON type, including awkward ones.
fn odd_value(rng: &mut Rng) -> Value {
    let values = [
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1e308),
        json!(""),
        json!("x"),
        json!("{id}"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"type": "object"}),
        json!({"type": "string", "format": "binary"}),
        json!({"allOf": [{"$ref": "#/components/schemas/Missing"}, {}]}),
        json!({"oneOf": [], "discriminator": {"propertyName": "t"}}),
        json!({"enum": [null, 1, "a", true]}),
        json!({"type": "integer", "minimum": 1e300, "maximum": -1e300}),
    ];
    rng.pick(&values).clone()
}

/// A `$ref` that is missing, cyclic, non-local or malformed, or to a random component.
fn odd_reference(rng: &mut Rng, components: &[String]) -> Value {
    let mut targets = vec![
        "#/components/schemas/Missing".to_owned(),
        "#/components/schemas/".to_owned(),
        "#/components/".to_owned(),
        "other.yaml#/components/schemas/X".to_owned(),
        "#/paths/~1a".to_owned(),
        "#".to_owned(),
        String::new(),
    ];
    targets.extend(components.iter().cloned());
    json!({ "$ref": rng.pick(&targets) })
}

/// Keys that make names hard.
fn odd_key(rng: &mut Rng) -> String {
    let keys = ["", "type", "self", "2fa", "<1y", "a b", "x-y", "Ünïcode", "_", "r#x", "{id}", "/", "~", "Self", "a/b"];
    let key = (*rng.pick(&keys)).to_owned();
    if rng.below(4) == 0 { key.repeat(40) } else { key }
}

/// Text that spec authors write and that generated Rust must survive: line endings, control and
/// direction characters, Markdown that opens code spans, code blocks, quotes and lists, comment
/// delimiters, quotes, escapes and non-ASCII text.
const TEXT_HAZARDS: &[&str] = &[
    "\r", "\r\n", "\n", "\0", "\t", "\u{7}", "\u{85}", "\u{202E}", "\u{2028}", "`", "```", "~~~", "*/", "/*", "\"",
    "\\", "é", "e\u{301}", "#", "[", "]", "<", "\n\n    ", "\n```\n", "\n> ", "\n- ",
];

/// The keys whose string values reach generated code as text: prose, examples and defaults, and
/// operationIds (parameter names and enum values are found by where they are).
const TEXT_KEYS: &[&str] = &["description", "summary", "title", "version", "operationId", "example", "default"];

/// Where spec text reaches generated code.
#[derive(Debug, Clone)]
enum TextSite {
    /// A string value: prose (descriptions, summaries, titles, the version), an enum value, an
    /// example or default, an operationId or a parameter name.
    Value(Vec<Step>),
    /// A property name: the key in the schema at these steps.
    Property(Vec<Step>, String),
}

/// Every place in `value` where spec text reaches generated code.
fn text_sites(value: &Value, here: &mut Vec<Step>, found: &mut Vec<TextSite>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                here.push(Step::Key(key.clone()));
                let parameter_name = key == "name" && map.contains_key("in");
                if child.is_string() && (TEXT_KEYS.contains(&key.as_str()) || parameter_name) {
                    found.push(TextSite::Value(here.clone()));
                }
                if let (Value::Array(values), "enum") = (child, key.as_str()) {
                    for (index, _) in values.iter().enumerate().filter(|(_, value)| value.is_string()) {
                        found.push(TextSite::Value([here.as_slice(), &[Step::Index(index)]].concat()));
                    }
                }
                if let (Value::Object(properties), "properties") = (child, key.as_str()) {
                    let schema = here[..here.len() - 1].to_vec();
                    found.extend(properties.keys().map(|name| TextSite::Property(schema.clone(), name.clone())));
                }
                text_sites(child, here, found);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                here.push(Step::Index(index));
                text_sites(child, here, found);
                here.pop();
            }
        }
        _ => {}
    }
}

/// `text` with a hazard written in at a random character boundary.
fn with_hazard(rng: &mut Rng, text: &str) -> String {
    let boundaries: Vec<usize> = text.char_indices().map(|(index, _)| index).chain([text.len()]).collect();
    let (before, after) = text.split_at(*rng.pick(&boundaries));
    format!("{before}{}{after}", rng.pick(TEXT_HAZARDS))
}

/// Writes a hazard into one piece of spec text; a renamed property stays required if it was.
fn mutate_text(rng: &mut Rng, spec: &mut Value) {
    let mut sites = Vec::new();
    text_sites(spec, &mut Vec::new(), &mut sites);
    if sites.is_empty() {
        return;
    }
    match rng.pick(&sites).clone() {
        TextSite::Value(steps) => {
            if let Some(node) = at(spec, &steps) {
                let text = node.as_str().unwrap_or_default().to_owned();
                *node = Value::String(with_hazard(rng, &text));
            }
        }
        TextSite::Property(schema_steps, name) => {
            let renamed = with_hazard(rng, &name);
            let Some(Value::Object(schema)) = at(spec, &schema_steps) else { return };
            if let Some(Value::Object(properties)) = schema.get_mut("properties") {
                let property = properties.remove(&name).unwrap_or(Value::Null);
                properties.insert(renamed.clone(), property);
            }
            if let Some(Value::Array(required)) = schema.get_mut("required") {
                for entry in required.iter_mut().filter(|entry| entry.as_str() == Some(name.as_str())) {
                    *entry = Value::String(renamed.clone());
                }
            }
        }
    }
}

/// What is wrong with a generated file, if anything: a Rust file must parse and hold no control
/// character but the line feed (rustc rejects a bare CR in a doc comment; a NUL or a tab has no
/// place in one either, and string literals write them as escapes) and no codepoint that
/// changes the direction of text (rustc's lints deny them); `Cargo.toml` must hold no NUL,
/// which cargo cannot pass on in the package's environment variables.
fn source_problem(path: &str, contents: &str) -> Option<String> {
    let hazard =
        |c: char| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if let Some((number, line)) = contents.split('\n').enumerate().find(|(_, line)| line.contains(hazard)) {
        return Some(format!("line {} holds a control or direction character: {line:?}", number + 1));
    }
    if path == "Cargo.toml" && contents.contains("\\u0000") {
        return Some("the manifest holds a NUL".to_owned());
    }
    if path.ends_with(".rs") {
        return syn::parse_file(contents).err().map(|error| format!("does not parse: {error}"));
    }
    None
}

/// The `$ref` of every component, to make real (and cyclic) references.
fn component_refs(spec: &Value) -> Vec<String> {
    let mut refs = Vec::new();
    if let Some(Value::Object(components)) = spec.get("components") {
        for (kind, entries) in components {
            for name in entries.as_object().into_iter().flat_map(Map::keys) {
                refs.push(format!("#/components/{kind}/{}", name.replace('~', "~0").replace('/', "~1")));
            }
        }
    }
    refs
}

/// Applies one random mutation to `spec`.
fn mutate(rng: &mut Rng, spec: &mut Value) {
    let components = component_refs(spec);
    let mut all = Vec::new();
    locations(spec, &mut Vec::new(), &mut all);
    let target = rng.pick(&all).clone();
    let kind = rng.below(6);
    let Some(node) = at(spec, &target) else { return };
    match kind {
        0 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.below(items.len()));
            }
            _ => *node = odd_value(rng),
        },
        1 => *node = odd_value(rng),
        2 => *node = odd_reference(rng, &components),
        3 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(rng.below(map.len().max(1))).cloned() {
                    let copy = map[&key].clone();
                    map.insert(format!("{key}{}", odd_key(rng)), copy);
                }
            } else if let Value::Array(items) = node {
                if let Some(first) = items.first().cloned() {
                    items.push(first);
                }
            }
        }
        4 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(rng.below(map.len().max(1))).cloned() {
                    let value = map.remove(&key).unwrap_or(Value::Null);
                    map.insert(odd_key(rng), value);
                }
            }
        }
        _ => {
            let wrapped = node.take();
            *node = match rng.below(3) {
                0 => json!({ "allOf": [wrapped, { "properties": { "extra": { "type": "string" } } }] }),
                1 => json!({ "oneOf": [wrapped, { "type": "integer" }], "discriminator": { "propertyName": "kind" } }),
                _ => json!({ "type": "array", "items": wrapped, "nullable": true }),
            };
        }
    }
}

/// Schemas and fields that only OpenAPI 3.1 gives meaning to, some of them malformed.
fn odd_31_value(rng: &mut Rng, components: &[String]) -> Value {
    let reference = components.get(rng.below(components.len())).cloned().unwrap_or_default();
    let values = [
        json!(true),
        json!(false),
        json!({"type": ["string", "null"]}),
        json!({"type": ["string", "integer", "object", "array", "boolean", "null"], "enum": ["a", 1, null]}),
        json!({"type": [], "minimum": 1}),
        json!({"type": [7, "null"]}),
        json!({"type": "null"}),
        json!({"const": null}),
        json!({"const": {"a": [1]}}),
        json!({"examples": []}),
        json!({"examples": "not a list"}),
        json!({"type": "integer", "exclusiveMinimum": 1e300, "exclusiveMaximum": -1}),
        json!({"type": "array", "prefixItems": [{"type": "string"}, true, false], "items": false}),
        json!({"type": "array", "prefixItems": "x", "items": [{}, {}]}),
        json!({"$ref": reference, "description": "beside", "type": ["object", "null"], "required": ["x"]}),
        json!({"$ref": "#anchor", "$anchor": "anchor"}),
        json!({"$dynamicRef": "#meta", "$dynamicAnchor": "meta"}),
        json!({"$id": "urn:x", "$defs": {"a": {"$ref": "#/$defs/a"}}}),
        json!({"if": {}, "then": false, "else": true, "dependentSchemas": {"a": {}}, "dependentRequired": {"a": ["b"]}}),
        json!({"patternProperties": {"^a": {"type": "string"}, "^b": true}, "unevaluatedProperties": {"type": "integer"}}),
        json!({"oneOf": [{"type": "null"}, {"type": "null"}]}),
        json!({"anyOf": [{"const": null}, {"$ref": reference}], "unevaluatedItems": {}}),
        json!({"contentEncoding": "base64", "contentMediaType": 5}),
        json!({"$ref": "#/components/pathItems/Missing"}),
        json!({"webhooks": {"w": {"$ref": "#/components/pathItems/Missing"}}}),
    ];
    rng.pick(&values).clone()
}

/// Applies one mutation that only OpenAPI 3.1 reads: a 3.1 value somewhere, or a document-level
/// field of 3.1 added or broken.
fn mutate_31(rng: &mut Rng, spec: &mut Value) {
    let components = component_refs(spec);
    match rng.below(4) {
        0 => {
            let (key, value) = match rng.below(4) {
                0 => ("webhooks", odd_value(rng)),
                1 => ("jsonSchemaDialect", odd_value(rng)),
                2 => ("paths", Value::Null),
                _ => (
                    "components",
                    json!({ "pathItems": { "P": odd_value(rng) }, "securitySchemes": { "m": { "type": "mutualTLS" } } }),
                ),
            };
            if let Value::Object(root) = spec {
                if value.is_null() {
                    root.shift_remove(key);
                } else {
                    root.insert(key.to_owned(), value);
                }
            }
        }
        _ => {
            let mut all = Vec::new();
            locations(spec, &mut Vec::new(), &mut all);
            let target = rng.pick(&all).clone();
            let value = odd_31_value(rng, &components);
            if let Some(node) = at(spec, &target) {
                *node = value;
            }
        }
    }
}

/// The specs mutations start from: the real spec and every feature fixture (the invalid ones
/// are rejected whatever is done to them).
fn seeds() -> Vec<(String, String)> {
    let root = realtimekit_tests::project_root();
    let mut seeds = vec![("spec/openapi.yaml".to_owned(), realtimekit_tests::spec_text())];
    for folder in ["tests/fixtures/features"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("the fixtures are readable")
            .flatten()
            .map(|entry| entry.path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("the fixture is readable");
            seeds.push((path.display().to_string(), text));
        }
    }
    seeds
}

/// The OpenAPI 3.1 specs the second campaign starts from: the 3.1 feature fixtures, and the
/// spec declared as 3.1 (which only uses what 3.0 has).
fn seeds_31() -> Vec<(String, String)> {
    let mut seeds: Vec<(String, String)> = seeds()
        .into_iter()
        .filter(|(_, text)| {
            realtimekit_codegen::parse_document(text)
                .is_ok_and(|document| document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")))
        })
        .collect();
    let mut spec = realtimekit_codegen::parse_document(&realtimekit_tests::spec_text()).expect("the spec parses");
    spec["openapi"] = json!("3.1.0");
    seeds.push(("spec/openapi.yaml as 3.1".to_owned(), spec.to_string()));
    seeds
}

/// What a campaign did so far: specs generated, those among them with hazards in their text
/// checked, and specs rejected with diagnostics.
struct Tally {
    generated: usize,
    checked: usize,
    rejected: usize,
}

/// Mutates `cases` specs drawn from `seeds` and fails on a panic, an internal error, or a broken
/// generated file; `openapi31` adds the mutations only 3.1 reads.
fn campaign(seeds: &[(String, String)], cases: usize, seed: u64, openapi31: bool) {
    let mut rng = Rng(seed.max(1));
    let config = Config::for_crate("fuzzed");
    let mut tally = Tally { generated: 0, checked: 0, rejected: 0 };
    for case in 0..cases {
        let (origin, text) = rng.pick(seeds);
        let family = rng.below(8);
        let text_hazards = matches!(family, 1 | 2);
        let mutated = match (realtimekit_codegen::parse_document(text), family) {
            // Text-level damage: cut the spec short somewhere.
            (_, 0) => {
                let cut = rng.below(text.len());
                text.char_indices()
                    .map(|(i, _)| i)
                    .take_while(|&i| i <= cut)
                    .last()
                    .map_or("", |i| &text[..i])
                    .to_owned()
            }
            // Hazards written into the text that reaches the generated code.
            (Ok(mut document), _) if text_hazards => {
                for _ in 0..=rng.below(3) {
                    mutate_text(&mut rng, &mut document);
                }
                document.to_string()
            }
            (Ok(mut document), _) => {
                for _ in 0..=rng.below(2) {
                    if openapi31 && rng.below(2) == 0 {
                        mutate_31(&mut rng, &mut document);
                    } else {
                        mutate(&mut rng, &mut document);
                    }
                }
                document.to_string()
            }
            (Err(_), _) => text.clone(),
        };
        let fail = |problem: String| -> ! {
            let saved = std::env::temp_dir().join("realtimekit-robustness-failure.json");
            std::fs::write(&saved, &mutated).ok();
            panic!("case {case} (from {origin}) {problem}; the spec is in {}", saved.display());
        };
        match catch_unwind(AssertUnwindSafe(|| generate(&mutated, &config))) {
            Ok(Ok(crate_files)) => {
                tally.generated += 1;
                if text_hazards {
                    tally.checked += 1;
                    let emitted = crate_files.files.iter().filter(|file| !file.path.starts_with("src/runtime/"));
                    for file in emitted {
                        if let Some(problem) = source_problem(&file.path, &file.contents) {
                            fail(format!("generated {}, which is broken: {problem}", file.path));
                        }
                    }
                }
            }
            Ok(Err(diagnostics)) if diagnostics.to_string().contains("internal error") => {
                fail(format!("hit a generator bug:\n{diagnostics}"));
            }
            Ok(Err(_)) => tally.rejected += 1,
            Err(_) => fail("made the generator panic".to_owned()),
        }
    }
    let Tally { generated, checked, rejected } = tally;
    eprintln!(
        "{cases} mutated specs: {generated} generated ({checked} with hazards in their text, checked), {rejected} \
         rejected with diagnostics"
    );
    // The mutations must exercise both outcomes, and the text checks must run, or they test nothing.
    assert!(generated > cases / 10 && rejected > cases / 10, "{generated} generated, {rejected} rejected");
    assert!(checked > cases / 10, "only {checked} specs with hazards in their text generated");
}

#[test]
fn mutated_specs_never_make_the_generator_panic() {
    let cases = usize::try_from(setting("RTK_FUZZ_CASES", CASES as u64)).unwrap_or(CASES);
    campaign(&seeds(), cases, setting("RTK_FUZZ_SEED", 0x5EED_5EC5), false);
}

#[test]
fn mutated_openapi_3_1_specs_never_make_the_generator_panic() {
    let seeds = seeds_31();
    assert!(seeds.len() >= 3, "expected the 3.1 fixtures and the spec, found {}", seeds.len());
    let cases = usize::try_from(setting("RTK_FUZZ_CASES", CASES as u64)).unwrap_or(CASES);
    campaign(&seeds, cases, setting("RTK_FUZZ_SEED", 0x5EED_5EC5) ^ 0x3131, true);
}

#[test]
fn deep_all_of_chains_and_wide_diamonds_stay_cheap() {
    // Each level includes the previous one twice: a naive merge walks 2^60 parts.
    let mut schemas = Map::new();
    schemas.insert("Level0".to_owned(), json!({ "type": "object", "properties": { "p0": { "type": "string" } } }));
    for level in 1..=60 {
        let previous = json!({ "$ref": format!("#/components/schemas/Level{}", level - 1) });
        let own = json!({ "properties": { format!("p{level}"): { "type": "string" } } });
        schemas.insert(format!("Level{level}"), json!({ "allOf": [previous.clone(), previous, own] }));
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": { "title": "deep", "version": "1" },
        "paths": { "/deep": { "get": { "operationId": "getDeep", "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Level60" } } }
        } } } } },
        "components": { "schemas": schemas },
    });
    let api = realtimekit_codegen::lower_spec(&spec.to_string()).expect("the deep spec lowers");
    let deepest = api.types.iter().find(|def| def.name.bare() == "Level60").expect("Level60 exists");
    let realtimekit_codegen::ir::TypeKind::Struct(object) = &deepest.kind else { panic!("Level60 is a struct") };
    assert_eq!(object.fields.len(), 61, "every level's property is merged once");
}
