//! Shared helpers of the project's integration tests.

pub mod clients;
pub mod crate_workspace;

use std::path::PathBuf;
use std::sync::OnceLock;

use realtimekit_codegen::ir::{Api, Operation, StatusMatch};
use serde_json::Value;

/// The project root.
pub fn project_root() -> PathBuf {
    xtask::project_root()
}

/// The hand-maintained spec's text.
pub fn spec_text() -> String {
    std::fs::read_to_string(xtask::spec_path()).expect("spec/openapi.yaml is readable")
}

/// The spec lowered to the generator's IR, loaded once per test binary.
pub fn lowered_spec() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| realtimekit_codegen::lower_spec(&spec_text()).expect("the spec lowers"))
}

/// The spec's operation whose client method is `operation`, for example `list_sessions`.
pub fn spec_operation(operation: &str) -> &'static Operation {
    lowered_spec()
        .operations
        .iter()
        .find(|op| op.method_name.identifier() == operation)
        .unwrap_or_else(|| panic!("the spec has no operation `{operation}`"))
}

/// The named example bodies the spec documents for `operation` (its snake_case method name)
/// answering `status`, in the spec's order.
///
/// Panics when the spec documents none, so a test cannot silently serve nothing.
pub fn example_responses(operation: &str, status: u16) -> Vec<(String, Value)> {
    let op = spec_operation(operation);
    let examples: Vec<(String, Value)> = op
        .responses
        .iter()
        .filter(|response| response.status == StatusMatch::Code(status))
        .flat_map(|response| response.examples.iter().map(|example| (example.name.clone(), example.value.clone())))
        .collect();
    assert!(!examples.is_empty(), "the spec documents no example of `{operation}` answering {status}");
    examples
}

/// The first example body the spec documents for `operation` answering `status`.
pub fn example_response(operation: &str, status: u16) -> Value {
    example_responses(operation, status).swap_remove(0).1
}

/// The documented success status of `operation` and its first example body.
pub fn success_example(operation: &str) -> (u16, Value) {
    let op = spec_operation(operation);
    let Some(StatusMatch::Code(status)) = op.success().map(|response| response.status) else {
        panic!("`{operation}` documents no single success status");
    };
    (status, example_response(operation, status))
}

/// JSON equality where `0` and `0.0` are the same number.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}
