//! OpenAPI 3.1 read as 3.0: a 3.1 document, still a JSON value, is rewritten into the 3.0 form
//! that the shape check, `openapiv3` and lowering read, with a warning at the original JSON
//! Pointer for whatever cannot be carried over.
//!
//! The rewrite goes over the whole document in order. The anchors are found first, so that
//! `$ref`s to them resolve (`references.rs`), and the document-level differences are rewritten
//! (`document.rs`). Then every schema tree that the walk over the document's structure
//! (`walk.rs`) reaches is rewritten bottom-up (`schema.rs`, with `type` lists in `types.rs`),
//! so every warning names the place the author wrote, and only keywords change; an operation
//! without `responses` (optional in 3.1) gets an empty map. Then path items given by `$ref` are
//! copied in place, and each `$ref` with sibling keywords becomes what 3.0 reads
//! (`references.rs`). Last, `openapi` becomes `3.0.3`. A 3.1 document that only uses what 3.0
//! has therefore reads exactly like its 3.0 twin.

mod document;
mod references;
mod schema;
#[cfg(test)]
mod tests;
mod types;
mod walk;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub(in crate::load) use self::references::inline_path_items;
use self::walk::{Visitor, walk_document};
use crate::diagnostics::{Diagnostic, Pointer};

/// How deep the walk goes, so a pathological document cannot exhaust the stack; the parsers
/// already refuse deeper nesting.
const MAX_DEPTH: usize = 256;

/// Whether a parsed document declares OpenAPI 3.1.
pub(super) fn is_v31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites a 3.1 document into the 3.0 form, with a warning for each thing dropped or read
/// differently, at its pointer in the document as written.
pub(super) fn normalize(mut document: Value) -> (Value, Vec<Diagnostic>) {
    let mut normalizer = Normalizer { warnings: Vec::new(), anchors: references::anchors(&document) };
    if let Value::Object(root) = &mut document {
        normalizer.root(root);
    }
    walk_document(&mut document, &mut normalizer);
    references::inline_path_items(&mut document);
    references::wrap_references(&mut document);
    if let Value::Object(root) = &mut document {
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    }
    (document, normalizer.warnings)
}

/// Rewrites the document and each schema, recording what it drops. Its rewrites are in
/// `document.rs`, `schema.rs`, `types.rs` and `references.rs`.
struct Normalizer {
    warnings: Vec<Diagnostic>,
    /// Anchor names and the pointers of their schemas.
    anchors: BTreeMap<String, Pointer>,
}

impl Visitor for Normalizer {
    fn schema(&mut self, schema: &mut Value, at: &Pointer) {
        self.schema_at(schema, at, 0);
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, _at: &Pointer) {
        // 3.1 lets an operation leave its responses out.
        if !operation.contains_key("responses") {
            operation.insert("responses".to_owned(), Value::Object(Map::new()));
        }
    }
}

impl Normalizer {
    fn warn(&mut self, at: &Pointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(at, message));
    }
}
