//! Builds the compiled `no_run` examples of the generated docs: one call per operation, and the
//! crate's quick start.
//!
//! Examples are written as tokens, like all other emitted code, and printed with prettyplease;
//! the `async fn` that wraps them is then hidden with rustdoc's `# ` prefix.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::features::Gates;
use super::ident;
use crate::Config;
use crate::ir::{Api, Operation, Param, ParamLocation, ResponseKind, Scalar, StringFormat, TypeKind, TypeRef};
use crate::surface::is_text;
use crate::surface::runtime::{Imports, Item};

/// How deep sample values may nest before arrays and maps are left empty.
const MAX_SAMPLE_DEPTH: usize = 4;

/// How deep sample values may nest at all: a type whose required fields lead back to itself has
/// no finite value, so past this depth the sample gives up with `unreachable!()` (examples are
/// compiled, never run).
const MAX_NAMED_DEPTH: usize = 12;

/// The crate's name as Rust code spells it, e.g. `cloudflare_realtimekit`.
pub(super) fn crate_ident(config: &Config) -> Ident {
    ident(&config.crate_name.replace('-', "_"))
}

/// A fenced `no_run` example that calls one operation, through the scoped handle or not.
pub(super) fn operation_example(api: &Api, op: &Operation, config: &Config, scoped: bool) -> String {
    let krate = crate_ident(config);
    let imports = Imports::doc_example(&krate);
    let call = operation_call(api, op, scoped, &imports);
    let consume = if op.pagination.is_some() {
        quote! {
            let mut items = std::pin::pin!(#call.items());
            while let Some(item) = items.next().await {
                let item = item?;
                println!("{item:?}");
            }
        }
    } else {
        quote! {
            let response = #call.send().await?;
            let (status, value) = (response.status(), response.value());
            println!("{status} {value:?}");
        }
    };
    let stream_import = op.pagination.is_some().then(|| quote! { use futures_util::StreamExt; });
    let models_import = imports.declarations();
    doc_example(
        &krate,
        quote! {
            #stream_import
            #models_import
            let client = #krate::Client::from_env()?;
            #consume
        },
    )
}

/// The quick start of the crate docs: a client from the environment and one call, preferably a
/// list operation walked lazily.
pub(super) fn quick_start(api: &Api, config: &Config, gates: &Gates<'_>) -> Option<String> {
    let op = first_operation(api, gates)?;
    Some(operation_example(api, op, config, api.scope.is_some()))
}

/// The operation the crate docs use as their example: the first list operation, or else the
/// first operation.
///
/// Only operations that the default features compile qualify, since doc examples are tested
/// with them.
pub(super) fn first_operation<'a>(api: &'a Api, gates: &Gates<'_>) -> Option<&'a Operation> {
    let mut compiled = api.operations.iter().filter(|op| gates.on_by_default(&op.gate));
    compiled.clone().find(|op| op.pagination.is_some()).or_else(|| compiled.next())
}

/// The operation the mock docs use: like [`first_operation`], among operations that answer
/// with one JSON type, which a mock answer can be written as.
pub(super) fn mockable_operation<'a>(api: &'a Api, gates: &Gates<'_>) -> Option<&'a Operation> {
    let mockable = |op: &&Operation| {
        gates.on_by_default(&op.gate)
            && op.success_enum.is_none()
            && op.success().is_some_and(|r| r.kind == ResponseKind::Json && r.ty.is_some())
    };
    api.operations
        .iter()
        .filter(mockable)
        .find(|op| op.pagination.is_some())
        .or_else(|| api.operations.iter().find(mockable))
}

/// The call expression, up to but not including `.send()`: the client method with sample
/// required arguments, then the first optional enum setter, which shows how filters read.
pub(super) fn operation_call(api: &Api, op: &Operation, scoped: bool, imports: &Imports) -> TokenStream {
    let method = op.method_name.ident();
    let scope_params: &[String] = match (&api.scope, scoped) {
        (Some(scope), true) => &scope.params,
        _ => &[],
    };
    let receiver = match (&api.scope, scoped) {
        (Some(scope), true) => {
            let make = scope.method_name.ident();
            let values = scope.params.iter().map(|wire| sample_text(wire));
            quote! { client.#make(#(#values),*) }
        }
        _ => quote! { client },
    };
    let arguments = op
        .params
        .iter()
        .filter(|p| p.required && !(p.location == ParamLocation::Path && scope_params.contains(&p.wire_name)))
        .map(|param| sample_argument(api, param, imports))
        .chain(op.body.iter().filter(|b| b.required).map(|body| sample_value(api, &body.ty, "body", 0, imports)));
    let filter = op.params.iter().find(|p| !p.required && is_enum(api, &p.ty)).map(|param| {
        let setter = param.name.ident();
        let value = sample_value(api, &param.ty, &param.wire_name, 0, imports);
        quote! { .#setter(#value) }
    });
    quote! { #receiver.#method(#(#arguments),*) #filter }
}

fn sample_argument(api: &Api, param: &Param, imports: &Imports) -> TokenStream {
    if is_text(&param.ty) {
        sample_text(&param.wire_name)
    } else {
        sample_value(api, &param.ty, &param.wire_name, 0, imports)
    }
}

/// A placeholder string that says what it stands for, e.g. `"meeting_id"`.
fn sample_text(wire_name: &str) -> TokenStream {
    quote! { #wire_name }
}

/// An expression of the given type that compiles, built from constructors and the first enum
/// variant; arrays and maps are empty once nesting gets deep.
pub(super) fn sample_value(api: &Api, ty: &TypeRef, wire_name: &str, depth: usize, imports: &Imports) -> TokenStream {
    match ty {
        TypeRef::Named(_) if depth > MAX_NAMED_DEPTH => quote! { unreachable!() },
        TypeRef::Named(id) => {
            let def = api.type_def(*id);
            let name = def.name.ident();
            let models = imports.name(Item::Models);
            match &def.kind {
                TypeKind::Struct(object) if object.fields.iter().any(|f| !f.is_optional()) => {
                    let setters = object.required_fields().into_iter().map(|field| {
                        let setter = field.name.ident();
                        let value = if is_text(&field.ty) {
                            sample_text(&field.wire_name)
                        } else {
                            sample_value(api, &field.ty, &field.wire_name, depth + 1, imports)
                        };
                        quote! { .#setter(#value) }
                    });
                    quote! { #models::#name::builder() #(#setters)* .build()? }
                }
                TypeKind::Struct(_) => quote! { #models::#name::default() },
                TypeKind::Enum(def) => match def.variants.first() {
                    Some(variant) => {
                        let variant = variant.name.ident();
                        quote! { #models::#name::#variant }
                    }
                    None => quote! { #models::#name::default() },
                },
                TypeKind::Union(union) => match union.variants.first() {
                    Some(variant) => {
                        let variant_name = variant.name.ident();
                        let inner = sample_value(api, &variant.ty, wire_name, depth + 1, imports);
                        let inner = if variant.boxed {
                            quote! { Box::new(#inner) }
                        } else {
                            inner
                        };
                        quote! { #models::#name::#variant_name(#inner) }
                    }
                    None => quote! { #models::#name::default() },
                },
                TypeKind::Alias(inner) => sample_value(api, inner, wire_name, depth + 1, imports),
            }
        }
        TypeRef::Scalar(Scalar::String(StringFormat::Binary)) => quote! { bytes::Bytes::from_static(b"bytes") },
        TypeRef::Scalar(Scalar::String(_)) => quote! { #wire_name.to_owned() },
        TypeRef::Scalar(Scalar::Boolean) => quote! { true },
        TypeRef::Scalar(Scalar::Integer(_)) => quote! { 1 },
        TypeRef::Scalar(Scalar::Number(_)) => quote! { 1.0 },
        TypeRef::Array(item) if depth < MAX_SAMPLE_DEPTH => {
            let item = sample_value(api, item, wire_name, depth + 1, imports);
            quote! { vec![#item] }
        }
        TypeRef::Array(_) => quote! { Vec::new() },
        TypeRef::Map(_) => quote! { Default::default() },
        TypeRef::Any => quote! { serde_json::Value::Null },
    }
}

fn is_enum(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if matches!(api.type_def(*id).kind, TypeKind::Enum(_)))
}

/// Wraps statements in a hidden `async fn` returning the crate's `Result`, prints them, and
/// fences them as a `no_run` block.
pub(super) fn doc_example(krate: &Ident, statements: TokenStream) -> String {
    let function = quote! {
        async fn example() -> #krate::Result<()> {
            #statements
            Ok(())
        }
    };
    let Ok(file) = syn::parse2::<syn::File>(function) else {
        return String::new();
    };
    let printed = prettyplease::unparse(&file);
    let lines: Vec<&str> = printed.lines().collect();
    let mut block = String::from("```no_run\n");
    for (index, line) in lines.iter().enumerate() {
        let is_frame = index == 0 || index + 1 == lines.len();
        let line = if is_frame { line } else { line.strip_prefix("    ").unwrap_or(line) };
        let hidden = if is_frame || line == "Ok(())" { "# " } else { "" };
        block.push_str(&format!("{hidden}{line}\n"));
    }
    block.push_str("```");
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Placeholders are wire names, which a spec may write with any character: they stay exact,
    /// as string literals whose escapes keep the example free of raw control characters.
    #[test]
    fn placeholders_keep_wire_names_exact_as_escaped_literals() {
        let wire = "id\r\n\0\t\u{202e}`*/\"\\";
        let placeholder = sample_text(wire);
        let example = doc_example(&ident("krate"), quote! { let id = #placeholder; });
        assert!(example.contains(r#"let id = "id\r\n\0\t\u{202e}`*/\"\\";"#), "{example}");
        assert!(!example.chars().any(|c| c.is_control() && c != '\n'), "{example}");
        let literal: syn::LitStr = syn::parse2(placeholder).expect("a string literal");
        assert_eq!(literal.value(), wire);
    }
}
