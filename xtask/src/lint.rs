//! The spec linter: checks a spec as written and reports each problem at its JSON Pointer.
//!
//! Errors (the spec is wrong; `cargo xtask lint` exits non-zero):
//! - an `operationId` used twice;
//! - an operation without a 2xx response, or whose success response has no schema (204 and
//!   205 need none);
//! - a path variable that is not a declared path parameter, a path parameter that is not in
//!   the path, or one that is not `required: true`;
//! - an example, default or enum value that does not match its schema (see `validate.rs`);
//! - rules no value can meet: `minimum` above `maximum` (or equal with an exclusive bound),
//!   the same for lengths, item and property counts, a `multipleOf` of zero or less, a
//!   `pattern` that does not compile;
//! - anything the generator itself rejects, such as an `x-conventions` declaration with a
//!   location that is not a JSON Pointer, a header name that is not one, or an unknown key.
//!
//! Warnings (worth fixing, listed but not failing):
//! - a parameter or property without a description;
//! - a component that nothing uses;
//! - an operation without an `operationId`, a `required` name that is not a property, an
//!   example whose string does not match its `format`;
//! - the generator's own warnings: a skipped operation, and a declared convention that a body
//!   does not follow (a JSON success body without a boolean at the declared success flag, or a
//!   JSON error body that holds none of the declared code or message locations).
//!
//! The generator's diagnostics are included, prefixed with `generator:`, except where a check
//! here already reported a problem of the same severity at the same place or inside it.
//!
//! An OpenAPI 3.1 document is checked in the 3.0 form the generator reads it in
//! (`realtimekit_codegen::read_document`), so every check and the schema validator see one
//! dialect; what the rewrite drops comes with the generator's warnings.

pub mod command;
mod components;
mod constraints;
mod docs;
mod document;
mod examples;
mod formats;
mod operations;
mod validate;

use realtimekit_codegen::{Diagnostic, Diagnostics};

use document::Document;

/// Lints spec text: every problem found, sorted by pointer.
pub fn lint(spec_text: &str) -> Diagnostics {
    let root = match realtimekit_codegen::read_document(spec_text) {
        Ok(root) => root,
        Err(diagnostics) => return diagnostics,
    };
    let document = Document { root: &root };
    let mut found = Vec::new();
    operations::unique_operation_ids(document, &mut found);
    operations::success_responses(document, &mut found);
    operations::path_variables(document, &mut found);
    docs::parameter_descriptions(document, &mut found);
    docs::property_descriptions(document, &mut found);
    examples::examples(document, &mut found);
    constraints::constraints(document, &mut found);
    components::unused_components(document, &mut found);
    let generator = match realtimekit_codegen::lower_spec(spec_text) {
        Ok(api) => api.warnings,
        Err(diagnostics) => diagnostics.0,
    };
    // Only the checks above cover a generator diagnostic, never another generator diagnostic.
    let own_count = found.len();
    for diagnostic in generator {
        let covered = found[..own_count]
            .iter()
            .any(|d| d.pointer.starts_with(&diagnostic.pointer) && d.severity == diagnostic.severity);
        if !covered {
            let message = format!("generator: {}", diagnostic.message);
            found.push(Diagnostic { message, ..diagnostic });
        }
    }
    Diagnostics::sorted(found)
}
