//! Emits `operations.rs` and one `operations/<name>.rs` per operation.
//!
//! An operation module holds only facts: a static [`Operation`] record (method, path template,
//! retry safety), a request builder whose setters mirror the parameters, how each parameter
//! and the body are written with their validation rules (`request.rs`), what the operation
//! answers with (`answers.rs`), and, for list operations, where the items and totals live
//! (`paging.rs`). Sending, retrying, encoding, decoding and paging are the runtime's.
//!
//! [`Operation`]: crate::ir::Operation

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use super::answers::{answer_enums, send_method};
use super::paging::{paginated_impl, paging_methods};
use super::request::build_request_impl;
use super::{Deprecated, Scope, code_span, doc_lines, doc_paragraph, docs_or, ident, is_text, spec_text, type_tokens};
use crate::ir::{Api, Operation, Param, RetrySafety};

/// The whole `operations.rs` file: module declarations and re-exports of the builders.
pub(super) fn operations_rs(api: &Api) -> TokenStream {
    let modules = api.operations.iter().map(|op| {
        let module = ident(&op.module_name);
        let mut exports = vec![ident(&op.builder_name)];
        exports.extend([&op.success_enum, &op.error_enum].into_iter().flatten().map(|answers| ident(&answers.name)));
        let exports = match exports.as_slice() {
            [only] => quote! { pub use #module::#only; },
            _ => quote! { pub use #module::{#(#exports),*}; },
        };
        let docs = doc_lines(&format!("`{} {}`.", op.http_method.as_str(), op.path));
        quote! {
            #docs
            pub mod #module;
            #exports
        }
    });
    quote! {
        #![doc = " Request builders, one module per operation."]
        #(#modules)*
    }
}

/// One operation's module.
pub(super) fn operation_rs(api: &Api, op: &Operation, deprecated: &Deprecated) -> TokenStream {
    let summary = spec_text(op.summary.as_deref().unwrap_or_default().trim());
    let route = match summary.as_str() {
        "" => format!(" `{} {}`.", op.http_method.as_str(), op.path),
        summary => format!(" `{} {}`: {summary}", op.http_method.as_str(), op.path),
    };
    let facts = facts_static(op);
    let builder = builder_struct(api, op);
    let methods = builder_methods(api, op);
    let build = build_request_impl(api, op);
    let send = send_method(api, op);
    let answers = answer_enums(api, op);
    let paging = op.pagination.as_ref().map(|_| paginated_impl(api, op));
    let body = quote! {
        #facts
        #builder
        #methods
        #build
        #send
        #answers
        #paging
    };
    let models_import = mentions(&body, "models").then(|| quote! { use crate::models; });
    let multipart_import = mentions(&body, "Multipart").then(|| quote! { use crate::runtime::body::Multipart; });
    let paging_import = mentions(&body, "PageRequest").then(|| quote! { use crate::runtime::paginate::PageRequest; });
    let request_items =
        ["BuildRequest", "Constraints", "Request", "Style"].into_iter().filter(|name| mentions(&body, name)).map(ident);
    // The crate's own references to what the spec deprecates are not warnings; users' are.
    let allow = deprecated.mentioned_in(&body).then(|| quote! { #![allow(deprecated)] });
    quote! {
        #![doc = #route]
        #allow
        use crate::Client;
        #models_import
        #multipart_import
        use crate::runtime::error::Result;
        use crate::runtime::operation::{Method, Operation, RetrySafety};
        #paging_import
        use crate::runtime::request::{#(#request_items),*};
        use crate::runtime::response::Response;
        #body
    }
}

/// Whether `tokens` use the identifier `name` anywhere, so the module must import it.
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => mentions(&group.stream(), name),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

fn facts_static(op: &Operation) -> TokenStream {
    let facts = ident(&op.facts_name);
    let name = op.method_name.trim_start_matches("r#");
    let method = ident(op.http_method.variant_name());
    let path = &op.path;
    let retry = match op.retry {
        RetrySafety::Idempotent => quote! { RetrySafety::Idempotent },
        RetrySafety::NotIdempotent => quote! { RetrySafety::NotIdempotent },
    };
    let docs = doc_lines(&format!("The facts of `{name}` that the runtime needs to send it."));
    quote! {
        #docs
        static #facts: Operation = Operation { name: #name, method: Method::#method, path: #path, retry: #retry };
    }
}

/// The type a parameter is stored as in the builder.
fn param_storage(api: &Api, param: &Param) -> TokenStream {
    let ty = type_tokens(api, &param.ty, Scope::Outside);
    if param.required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

fn body_type(api: &Api, op: &Operation) -> Option<TokenStream> {
    op.body.as_ref().map(|body| type_tokens(api, &body.ty, Scope::Outside))
}

fn builder_struct(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let fields = op.params.iter().map(|param| {
        let name = ident(&param.name);
        let ty = param_storage(api, param);
        quote! { #name: #ty, }
    });
    let body = body_type(api, op).map(|ty| match op.body.as_ref().is_some_and(|b| b.required) {
        true => quote! { body: #ty, },
        false => quote! { body: Option<#ty>, },
    });
    let docs = doc_lines(&format!(
        "A `{} {}` request: set optional parameters, then `.send().await`.\n\nMade by [`Client::{}`].",
        op.http_method.as_str(),
        op.path,
        op.method_name.trim_start_matches("r#")
    ));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder {
            client: Client,
            #(#fields)*
            #body
        }
    }
}

/// One required argument of a builder's `new` and of the client method that calls it.
pub(super) struct Argument {
    /// The argument's name, which is also the builder field's.
    pub(super) name: proc_macro2::Ident,
    /// The type the builder stores.
    pub(super) ty: TokenStream,
    /// Whether the value is text, so public methods accept `impl Into<String>`.
    pub(super) text: bool,
}

impl Argument {
    /// The argument as a public method declares it.
    pub(super) fn parameter(&self) -> TokenStream {
        let Self { name, ty, text } = self;
        if *text {
            quote! { #name: impl Into<String> }
        } else {
            quote! { #name: #ty }
        }
    }

    /// The argument as a public method passes it on to the builder.
    pub(super) fn value(&self) -> TokenStream {
        let name = &self.name;
        if self.text {
            quote! { #name.into() }
        } else {
            quote! { #name }
        }
    }
}

/// The arguments `new` takes: required parameters, then a required body.
pub(super) fn required_arguments(api: &Api, op: &Operation) -> Vec<Argument> {
    let params = op.params.iter().filter(|p| p.required).map(|param| Argument {
        name: ident(&param.name),
        ty: type_tokens(api, &param.ty, Scope::Outside),
        text: is_text(&param.ty),
    });
    let body = op.body.iter().filter(|b| b.required).map(|body| Argument {
        name: ident("body"),
        ty: type_tokens(api, &body.ty, Scope::Outside),
        text: false,
    });
    params.chain(body).collect()
}

fn builder_methods(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let arguments = required_arguments(api, op);
    let argument_list = arguments.iter().map(|Argument { name, ty, .. }| quote! { #name: #ty });
    let initializers = op.params.iter().map(|param| {
        let name = ident(&param.name);
        if param.required {
            quote! { #name, }
        } else {
            quote! { #name: None, }
        }
    });
    let body_init = op.body.as_ref().map(|body| {
        if body.required {
            quote! { body, }
        } else {
            quote! { body: None, }
        }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|param| setter(api, param));
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = type_tokens(api, &body.ty, Scope::Outside);
        let docs = docs_or(body.docs.as_deref(), "The request body.");
        quote! {
            #docs
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    });
    let paging = op.pagination.as_ref().map(|pagination| paging_methods(api, op, &pagination.page_param));
    let allow = (arguments.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #builder {
            #[doc = " A request with its required parameters; optional ones start unset."]
            #allow
            pub(crate) fn new(client: Client, #(#argument_list),*) -> Self {
                Self { client, #(#initializers)* #body_init }
            }
            #(#setters)*
            #body_setter
            #paging
        }
    }
}

fn setter(api: &Api, param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let docs = docs_or(param.docs.as_deref(), &format!("The {} parameter.", code_span(&param.wire_name)));
    let default = param
        .default
        .as_ref()
        .map(|value| doc_paragraph(&format!("The server uses {} when it is not set.", code_span(&value.to_string()))));
    let docs = quote! { #docs #default };
    let deprecated = param.deprecated.then(|| quote! { #[deprecated] });
    if is_text(&param.ty) {
        quote! {
            #docs
            #deprecated
            pub fn #name(mut self, #name: impl Into<String>) -> Self {
                self.#name = Some(#name.into());
                self
            }
        }
    } else {
        let ty = type_tokens(api, &param.ty, Scope::Outside);
        quote! {
            #docs
            #deprecated
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = Some(#name);
                self
            }
        }
    }
}
