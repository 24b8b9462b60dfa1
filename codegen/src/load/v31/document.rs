//! The differences of 3.1 at the document level, outside schemas and `$ref`s.
//!
//! `jsonSchemaDialect`, `info.summary` and `license.identifier` are dropped (a dialect other
//! than 3.1's own gets a warning), `webhooks` are reported at `/webhooks` as not generated, a
//! `mutualTLS` security scheme is dropped with a warning, and a missing `paths` (optional in
//! 3.1) is empty.

use serde_json::{Map, Value};

use super::Normalizer;
use crate::diagnostics::Pointer;

impl Normalizer {
    /// The document-level differences.
    pub(super) fn root(&mut self, root: &mut Map<String, Value>) {
        let at = Pointer::root();
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if !dialect.as_str().is_some_and(is_own_dialect) {
                self.warn(
                    &at.push("jsonSchemaDialect"),
                    format!(
                        "the schema dialect {dialect} is not read; schemas are read as OpenAPI 3.1's own \
                         (JSON Schema 2020-12)"
                    ),
                );
            }
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info.shift_remove("summary");
            if let Some(Value::Object(license)) = info.get_mut("license") {
                license.shift_remove("identifier");
            }
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let names: Vec<String> =
                webhooks.as_object().into_iter().flatten().map(|(name, _)| format!("`{name}`")).collect();
            if !names.is_empty() || !webhooks.is_object() {
                let which = if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) };
                self.warn(
                    &at.push("webhooks"),
                    format!(
                        "webhooks{which} are not generated: the API sends them, and the generated crate is a client"
                    ),
                );
            }
        }
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
        let schemes = root
            .get_mut("components")
            .and_then(|components| components.get_mut("securitySchemes"))
            .and_then(Value::as_object_mut);
        if let Some(schemes) = schemes {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual {
                schemes.shift_remove(&name);
                self.warn(
                    &at.push("components").push("securitySchemes").push(&name),
                    "the `mutualTLS` security scheme is not generated; give the HTTP client its certificate yourself",
                );
            }
        }
    }
}

/// Whether a `jsonSchemaDialect` is the one 3.1 reads anyway.
fn is_own_dialect(dialect: &str) -> bool {
    let dialect = dialect.trim_end_matches('#');
    dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
        || dialect == "https://json-schema.org/draft/2020-12/schema"
}
