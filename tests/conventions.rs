//! API conventions are declared facts: a spec that declares none gets no success check, no error
//! body parsing, no request id header and none of their docs, and a user can declare them for a
//! spec they cannot edit.

use realtimekit_codegen::{Config, generate, parse_conventions};

/// The generated files that are not the runtime, which is the same text in every crate.
fn api_files(spec: &str, config: &Config) -> Vec<(String, String)> {
    let generated = generate(spec, config).expect("the fixture generates");
    generated
        .files
        .into_iter()
        .filter(|file| !file.path.starts_with("src/runtime/"))
        .map(|file| (file.path, file.contents))
        .collect()
}

fn fixture(name: &str) -> String {
    let path = realtimekit_tests::project_root().join("tests/fixtures/features").join(name);
    std::fs::read_to_string(path).expect("the fixture is readable")
}

#[test]
fn a_spec_that_declares_no_conventions_gets_no_convention_code_or_docs() {
    let files = api_files(&fixture("no_conventions.yaml"), &Config::for_crate("no-conventions"));
    for (path, contents) in &files {
        for phrase in ["require_success", "success flag", "envelope", "cf-ray", "\"success\": false", "error code"] {
            assert!(!contents.contains(phrase), "{path} mentions `{phrase}`");
        }
    }
    let client = &files.iter().find(|(path, _)| path == "src/client.rs").expect("client.rs").1;
    assert!(client.contains("conventions: Conventions::NONE"), "{client}");
}

#[test]
fn conventions_declared_by_the_user_replace_the_specs_own() {
    let declared = parse_conventions("success-flag: /success\nrequest-id-headers: [X-GitHub-Request-Id]\n")
        .expect("the declaration parses");
    let config = Config { conventions: Some(declared), ..Config::for_crate("declared") };
    let files = api_files(&fixture("no_conventions.yaml"), &config);
    let operation = &files.iter().find(|(path, _)| path.starts_with("src/operations/")).expect("an operation").1;
    assert!(operation.contains(".require_success(|body| Some(body.success))"), "{operation}");
    let client = &files.iter().find(|(path, _)| path == "src/client.rs").expect("client.rs").1;
    assert!(client.contains(r#"request_id_headers: &["x-github-request-id"]"#), "{client}");

    // An empty declaration takes the spec's own conventions away.
    let config = Config { conventions: Some(parse_conventions("{}").expect("parses")), ..Config::for_crate("none") };
    let files = api_files(&fixture("conventions.yaml"), &config);
    assert!(files.iter().all(|(_, contents)| !contents.contains("require_success")));
}

#[test]
fn a_malformed_declaration_is_reported_at_its_pointer() {
    let problems =
        parse_conventions("success-flag: success\nerror-body: {message: [/a, b]}\nrequest-id-headers: [\"a b\"]\n")
            .expect_err("three problems");
    let pointers: Vec<&str> = problems.0.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(pointers, ["/error-body/message/1", "/request-id-headers/0", "/success-flag"]);
    let problems = parse_conventions("success_flag: /success\n").expect_err("a misspelled key");
    assert!(problems.to_string().contains("unknown field `success_flag`"), "{problems}");
}
