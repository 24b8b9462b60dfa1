//! Emits what an operation answers with: the `send()` method with its decoder, and the answer
//! enums of operations that document several answers with different bodies.
//!
//! The common case stays `Response<T>` with `T` decoded as JSON. Text, binary and empty answers
//! use the runtime's decoders; several success bodies make a success enum decoded by status,
//! and several error bodies an error enum that `ApiError::decode` produces.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{code_span, doc_lines, ident, spec_text};
use crate::ir::{AnswerEnum, AnswerVariant, Api, FlagAccess, Operation, Response, ResponseKind, StatusMatch, TypeRef};
use crate::surface::runtime::{Imports, Item};
use crate::surface::{Scope, options_field, type_tokens};

/// The type `send()` answers with, as written inside the operation's module.
pub(super) fn success_type(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    if let Some(answers) = &op.success_enum {
        let name = answers.name.ident();
        return quote! { #name };
    }
    match op.success() {
        Some(Response { kind: ResponseKind::Empty, .. }) => quote! { () },
        Some(Response { ty: Some(ty), .. }) => type_tokens(api, ty, Scope::Module(imports)),
        Some(Response { ty: None, .. }) | None => quote! { serde_json::Value },
    }
}

/// Whether the operation answers with a success enum.
pub(super) fn uses_status_enum(op: &Operation) -> bool {
    op.success_enum.is_some()
}

/// The `send()` method.
pub(super) fn send_method(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let builder = op.builder_name.ident();
    let success_ty = success_type(api, op, imports);
    let request = quote! { request };
    let decoder = |item: Item| {
        let decoder = imports.name(item);
        quote! { execute_with(#request, #decoder) }
    };
    let call = match (&op.success_enum, op.success().map(|r| r.kind)) {
        (Some(answers), _) => {
            let name = answers.name.ident();
            let from_status = imports.name(Item::FromStatus);
            quote! { execute_with(#request, <#name as #from_status>::from_status) }
        }
        (None, Some(ResponseKind::Text)) => decoder(Item::DecodeText),
        (None, Some(ResponseKind::Binary)) => decoder(Item::DecodeBinary),
        (None, Some(ResponseKind::Empty)) => decoder(Item::DecodeEmpty),
        (None, Some(ResponseKind::Json) | None) => quote! { execute::<#success_ty>(#request) },
    };
    // One call per statement: the request, the exchange, then the success flag's check.
    let exchange = match op.success_flag.as_ref().filter(|_| op.success_enum.is_none()) {
        Some(access) => {
            let read = read_flag(api, access, imports);
            quote! {
                let response = transport.#call.await?;
                response.require_success(|body| #read)
            }
        }
        None => quote! { transport.#call.await },
    };
    let check_success = op.success_flag.as_ref().filter(|_| op.success_enum.is_none());
    let method = op.method_name.bare();
    let full_docs = match &api.scope {
        Some(scope) => format!("crate::{}::{method}", scope.type_name),
        None => format!("crate::Client::{method}"),
    };
    let answer = match &op.success_enum {
        Some(answers) => format!(" into a [`{}`], by status", answers.name),
        None => String::new(),
    };
    let flag = match (&check_success, &api.conventions.success_flag) {
        (Some(_), Some(pointer)) => {
            format!(" A body whose success flag ({}) is `false` is an error.", code_span(pointer))
        }
        _ => String::new(),
    };
    let docs = doc_lines(&format!(
        "Sends the request and decodes the answer{answer}.{flag} See [`{method}`]({full_docs}) for errors and retries."
    ));
    let result = imports.name(Item::Result);
    let response = imports.name(Item::Response);
    let options_field = options_field().ident();
    quote! {
        impl #builder {
            #docs
            pub async fn send(self) -> #result<#response<#success_ty>> {
                let request = self.build_request().with_options(self.#options_field);
                let transport = self.client.transport();
                #exchange
            }
        }
    }
}

/// An expression of type `Option<bool>` that reads the success flag from the closure's `body`.
fn read_flag(api: &Api, access: &FlagAccess, imports: &Imports) -> TokenStream {
    match read_flag_from(api, imports, quote! { body }, true, access, 0) {
        Read::Always(flag) => quote! { Some(#flag) },
        Read::Maybe(flag) => flag,
    }
}

/// An expression that reads the flag, and whether a value always holds it.
enum Read {
    /// A `bool`: every value holds the flag.
    Always(TokenStream),
    /// An `Option<bool>`: a value may lack the flag.
    Maybe(TokenStream),
}

/// Reads the flag from `value`, following the body's actual Rust types: `Option` fields are
/// stepped through with `map` or `and_then`, and unions are matched, with `None` for the
/// variants that do not hold the flag.
///
/// `by_reference` says whether `value` is a reference already (the closure's argument or a
/// binding) rather than a place such as `body.data`.
fn read_flag_from(
    api: &Api,
    imports: &Imports,
    value: TokenStream,
    by_reference: bool,
    access: &FlagAccess,
    depth: usize,
) -> Read {
    match access {
        FlagAccess::Flag if by_reference => Read::Always(quote! { *#value }),
        FlagAccess::Flag => Read::Always(value),
        FlagAccess::Field { field, optional: false, next } => {
            let field = field.ident();
            read_flag_from(api, imports, quote! { #value.#field }, false, next, depth + 1)
        }
        FlagAccess::Field { field, optional: true, next } => {
            let field = field.ident();
            if **next == FlagAccess::Flag {
                return Read::Maybe(quote! { #value.#field });
            }
            let binding = ident(&format!("step_{depth}"));
            Read::Maybe(match read_flag_from(api, imports, quote! { #binding }, true, next, depth + 1) {
                Read::Always(inner) => quote! { #value.#field.as_ref().map(|#binding| #inner) },
                Read::Maybe(inner) => quote! { #value.#field.as_ref().and_then(|#binding| #inner) },
            })
        }
        FlagAccess::Union { ty, variants, exhaustive } => {
            let union = type_tokens(api, &TypeRef::Named(*ty), Scope::Module(imports));
            let binding = ident(&format!("variant_{depth}"));
            let arms = variants.iter().map(|(variant, next)| {
                let variant = variant.ident();
                let inner = match read_flag_from(api, imports, quote! { #binding }, true, next, depth + 1) {
                    Read::Always(inner) => quote! { Some(#inner) },
                    Read::Maybe(inner) => inner,
                };
                quote! { #union::#variant(#binding) => #inner, }
            });
            let rest = (!exhaustive).then(|| quote! { _ => None, });
            let scrutinee = if by_reference {
                value
            } else {
                quote! { &#value }
            };
            Read::Maybe(quote! { match #scrutinee { #(#arms)* #rest } })
        }
    }
}

/// The success and error enums of the operation, if it has them.
pub(super) fn answer_enums(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let method = op.method_name.bare();
    let success = op.success_enum.as_ref().map(|answers| {
        let docs = format!("The documented success answers of `{method}`, by status: what `send()` returns.");
        answer_enum(api, op, imports, answers, &docs, true)
    });
    let error = op.error_enum.as_ref().map(|answers| {
        let docs = format!(
            "The documented error answers of `{method}`, by status.\n\nDecode one from an [`Error::Api`](crate::Error::Api) with \
             [`ApiError::decode`]({}::decode).",
            Item::ApiError.doc_path()
        );
        answer_enum(api, op, imports, answers, &docs, false)
    });
    quote! { #success #error }
}

fn answer_enum(
    api: &Api,
    op: &Operation,
    imports: &Imports,
    answers: &AnswerEnum,
    docs: &str,
    success: bool,
) -> TokenStream {
    let name = answers.name.ident();
    let docs = doc_lines(docs);
    let variants = answers.variants.iter().map(|variant| {
        let variant_name = variant.name.ident();
        let description = op
            .responses
            .iter()
            .find(|r| r.status == variant.status)
            .map(|r| r.description.as_str())
            .unwrap_or_default();
        let line = description.trim().lines().next().unwrap_or_default().trim();
        let docs = doc_lines(&format!("`{}`: {}", status_text(variant.status), spec_text(line)));
        match &variant.ty {
            Some(ty) => {
                let ty = type_tokens(api, ty, Scope::Module(imports));
                let ty = if variant.boxed {
                    quote! { Box<#ty> }
                } else {
                    ty
                };
                quote! { #docs #variant_name(#ty), }
            }
            None => quote! { #docs #variant_name, },
        }
    });
    let body_error = imports.name(Item::BodyError);
    let arms = answers.variants.iter().map(|variant| {
        let pattern = status_pattern(variant.status);
        let decode = decode_variant(variant, imports);
        quote! { #pattern => #decode, }
    });
    let has_catch_all = answers.variants.iter().any(|v| v.status == StatusMatch::Default);
    let fallback = match (has_catch_all, success, answers.variants.first()) {
        (true, _, _) => None,
        (false, true, Some(first)) => {
            let decode = decode_variant(first, imports);
            Some(quote! { _ => #decode, })
        }
        (false, _, _) => Some(quote! { _ => Err(#body_error::undocumented(status)), }),
    };
    let statuses = answers.variants.iter().map(|variant| {
        let variant_name = variant.name.ident();
        let code = Literal::u16_unsuffixed(representative_status(variant.status));
        match variant.ty {
            Some(_) => quote! { Self::#variant_name(_) => #code, },
            None => quote! { Self::#variant_name => #code, },
        }
    });
    let from_status = imports.name(Item::FromStatus);
    let result = imports.name(Item::Result);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl #from_status for #name {
            fn from_status(
                status: reqwest::StatusCode,
                body: &bytes::Bytes,
            ) -> #result<Self, #body_error> {
                match status.as_u16() {
                    #(#arms)*
                    #fallback
                }
            }

            fn status(&self) -> u16 {
                match self {
                    #(#statuses)*
                }
            }
        }
    }
}

/// The expression that decodes one variant's body.
fn decode_variant(variant: &AnswerVariant, imports: &Imports) -> TokenStream {
    let name = variant.name.ident();
    let decoder = match variant.kind {
        ResponseKind::Empty => return quote! { Ok(Self::#name) },
        ResponseKind::Json => imports.name(Item::DecodeJson),
        ResponseKind::Text => imports.name(Item::DecodeText),
        ResponseKind::Binary => imports.name(Item::DecodeBinary),
    };
    match variant.ty {
        Some(_) => quote! { #decoder(status, body).map(Self::#name) },
        None => quote! { Ok(Self::#name) },
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Class(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

/// The status a mock answers a variant with.
fn representative_status(status: StatusMatch) -> u16 {
    match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Class(class) => u16::from(class) * 100,
        StatusMatch::Default => 500,
    }
}

/// The status as the spec writes it, e.g. `404`, `4XX` or `default`.
pub(super) fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Class(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}
