//! Emission: the IR in, one token stream (or text, for Cargo.toml) per generated file out.
//!
//! Each submodule emits one concern and reads only the IR: it never sees `openapiv3` and never
//! invents a name. The helpers here turn IR references into Rust tokens.

mod client;
mod examples;
mod guide;
mod krate;
mod mock;
mod models;
mod op_docs;
mod operations;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::Config;
use crate::ir::{Api, IntegerKind, NumberKind, Scalar, TypeRef};

/// One file to write, before rendering.
pub(crate) enum FileContent {
    /// A Rust file, with the inner doc lines that open it.
    Rust(TokenStream),
    /// Any other text, already final.
    Text(String),
}

/// Emits every file of the crate, keyed by path relative to the crate root.
pub(crate) fn emit(api: &Api, config: &Config) -> Vec<(String, FileContent)> {
    let mut files = vec![
        ("Cargo.toml".to_owned(), FileContent::Text(krate::cargo_toml(api, config))),
        ("src/lib.rs".to_owned(), FileContent::Rust(krate::lib_rs(api, config))),
        ("src/client.rs".to_owned(), FileContent::Rust(client::client_rs(api, config))),
        ("src/models.rs".to_owned(), FileContent::Rust(models::models_rs(api))),
        ("src/mock.rs".to_owned(), FileContent::Rust(mock::mock_rs(api, config))),
        ("src/operations.rs".to_owned(), FileContent::Rust(operations::operations_rs(api))),
        ("src/runtime.rs".to_owned(), FileContent::Rust(krate::runtime_rs())),
    ];
    for op in &api.operations {
        let path = format!("src/operations/{}.rs", op.module_name.trim_start_matches("r#"));
        files.push((path, FileContent::Rust(operations::operation_rs(api, op))));
    }
    files
}

/// The API's name for prose, e.g. "the Cloudflare RealtimeKit API" reads as "Cloudflare RealtimeKit API".
pub(crate) fn api_name(api: &Api) -> String {
    let title = api.title.trim();
    if title.to_ascii_lowercase().ends_with("api") { title.to_owned() } else { format!("{title} API") }
}

/// An identifier from an IR name, raw (`r#type`) where the IR says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so prettyplease prints `///` comments.
///
/// The text is the generator's own Markdown, links and code blocks included; text from the
/// spec goes through [`spec_text`] first.
pub(crate) fn doc_lines(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = line.trim_end();
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Doc attributes for optional spec text, with a fallback sentence when the spec has none.
pub(crate) fn docs_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc_lines(&spec_text(text)),
        None => doc_lines(fallback),
    }
}

/// Spec text made safe to embed in rustdoc Markdown, line by line.
pub(crate) fn spec_text(text: &str) -> String {
    text.lines().map(escape_doc_line).collect::<Vec<_>>().join("\n")
}

/// Keeps spec text from being read as rustdoc syntax it did not mean: bare URLs become
/// autolinks, and brackets are escaped so they are not taken as intra-doc links.
fn escape_doc_line(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                format!("<{word}>")
            } else {
                word.replace('[', "\\[").replace(']', "\\]")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a type reference is written: inside `models`, or in a module that imports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Inside `models.rs`: named types are written bare.
    Models,
    /// Elsewhere: named types are written `models::Name`.
    Outside,
}

/// The Rust type of an IR type reference.
pub(crate) fn type_tokens(api: &Api, ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            match scope {
                Scope::Models => quote! { #name },
                Scope::Outside => quote! { models::#name },
            }
        }
        TypeRef::Scalar(scalar) => scalar_tokens(*scalar),
        TypeRef::Array(item) => {
            let item = type_tokens(api, item, scope);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) if **value == TypeRef::Any => quote! { serde_json::Map<String, serde_json::Value> },
        TypeRef::Map(value) => {
            let value = type_tokens(api, value, scope);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Any => quote! { serde_json::Value },
    }
}

/// The Rust type of a scalar.
pub(crate) fn scalar_tokens(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::String(_) => quote! { String },
        Scalar::Boolean => quote! { bool },
        Scalar::Integer(IntegerKind::I32) => quote! { i32 },
        Scalar::Integer(IntegerKind::I64) => quote! { i64 },
        Scalar::Integer(IntegerKind::U32) => quote! { u32 },
        Scalar::Integer(IntegerKind::U64) => quote! { u64 },
        Scalar::Number(NumberKind::F32) => quote! { f32 },
        Scalar::Number(NumberKind::F64) => quote! { f64 },
    }
}

/// Whether a value of this type is text, so setters take `impl Into<String>`.
pub(crate) fn is_text(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Scalar(Scalar::String(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_escape_links_and_brackets() {
        assert_eq!(escape_doc_line("see https://x.io/a and [b]"), "see <https://x.io/a> and \\[b\\]");
    }

    #[test]
    fn raw_identifiers_are_kept() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("id").to_string(), "id");
    }
}
