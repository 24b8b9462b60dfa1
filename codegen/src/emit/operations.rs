//! Emits `operations.rs` and one `operations/<name>.rs` per operation.
//!
//! An operation module holds only facts: a static [`Operation`] record (method, path template,
//! retry safety), a request builder whose setters mirror the parameters, how each parameter
//! and the body are written with their validation rules (`request.rs`), what the operation
//! answers with (`answers.rs`), and, for list operations, where the items and totals live
//! (`paging.rs`). Sending, retrying, encoding, decoding and paging are the runtime's.
//!
//! [`Operation`]: crate::ir::Operation

use proc_macro2::TokenStream;
use quote::quote;

use super::answers::{answer_enums, send_method};
use super::features::{Gates, gate_items};
use super::paging::{paginated_impl, paging_methods};
use super::request::build_request_impl;
use super::{Deprecated, allow_many_arguments, code_span, doc_lines, doc_paragraph, docs_or, ident, spec_text};
use crate::ir::{Api, Operation, Param, RetrySafety};
use crate::surface::runtime::{Imports, Item};
use crate::surface::{
    Argument, Scope, body_name, body_setter, options_field, required_arguments, setter, type_tokens,
    with_options_method,
};

/// The whole `operations.rs` file: module declarations and re-exports of the builders.
pub(super) fn operations_rs(api: &Api, gates: &Gates<'_>) -> TokenStream {
    let modules = api.operations.iter().map(|op| {
        let module = op.module_name.ident();
        let mut exports = vec![op.builder_name.ident()];
        exports.extend([&op.success_enum, &op.error_enum].into_iter().flatten().map(|answers| answers.name.ident()));
        let exports = match exports.as_slice() {
            [only] => quote! { pub use #module::#only; },
            _ => quote! { pub use #module::{#(#exports),*}; },
        };
        let docs = doc_lines(&format!("`{} {}`.", op.http_method.as_str(), op.path));
        let module = quote! {
            #docs
            pub mod #module;
            #exports
        };
        gate_items(gates.attr(&op.gate).as_ref(), module)
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
    let imports = Imports::operation_module();
    let facts = facts_static(op, &imports);
    let builder = builder_struct(api, op, &imports);
    let methods = builder_methods(api, op, &imports);
    let build = build_request_impl(api, op, &imports);
    let send = send_method(api, op, &imports);
    let answers = answer_enums(api, op, &imports);
    let paging = paginated_impl(api, op, &imports);
    let body = quote! {
        #facts
        #builder
        #methods
        #build
        #send
        #answers
        #paging
    };
    let imports = imports.declarations();
    // The crate's own references to what the spec deprecates are not warnings; users' are.
    let allow = deprecated.mentioned_in(&body).then(|| quote! { #![allow(deprecated)] });
    quote! {
        #![doc = #route]
        #allow
        #imports
        #body
    }
}

fn facts_static(op: &Operation, imports: &Imports) -> TokenStream {
    let facts = op.facts_name.ident();
    let name = op.method_name.bare();
    let method = ident(op.http_method.variant_name());
    let path = &op.path;
    let retry_safety = imports.name(Item::RetrySafety);
    let retry = match op.retry {
        RetrySafety::Idempotent => quote! { #retry_safety::Idempotent },
        RetrySafety::NotIdempotent => quote! { #retry_safety::NotIdempotent },
    };
    let (operation, method_type) = (imports.name(Item::Operation), imports.name(Item::Method));
    let docs = doc_lines(&format!("The facts of `{name}` that the runtime needs to send it."));
    quote! {
        #docs
        static #facts: #operation =
            #operation { name: #name, method: #method_type::#method, path: #path, retry: #retry };
    }
}

/// The type a parameter is stored as in the builder.
fn param_storage(api: &Api, param: &Param, imports: &Imports) -> TokenStream {
    let ty = type_tokens(api, &param.ty, Scope::Module(imports));
    if param.required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

fn builder_struct(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let builder = op.builder_name.ident();
    let fields = op.params.iter().map(|param| {
        let name = param.name.ident();
        let ty = param_storage(api, param, imports);
        quote! { #name: #ty, }
    });
    let body = op.body.as_ref().map(|body| {
        let name = body_name().ident();
        let ty = type_tokens(api, &body.ty, Scope::Module(imports));
        if body.required {
            quote! { #name: #ty, }
        } else {
            quote! { #name: Option<#ty>, }
        }
    });
    let options_field = options_field().ident();
    let request_options = imports.name(Item::RequestOptions);
    let client = imports.name(Item::Client);
    let docs = doc_lines(&format!(
        "A `{} {}` request: set optional parameters, then `.send().await`.\n\nMade by [`Client::{}`].",
        op.http_method.as_str(),
        op.path,
        op.method_name.bare()
    ));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder {
            client: #client,
            #options_field: #request_options,
            #(#fields)*
            #body
        }
    }
}

fn builder_methods(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let builder = op.builder_name.ident();
    let arguments = required_arguments(api, op);
    let argument_list = arguments.iter().map(|argument| argument.stored_parameter(Scope::Module(imports)));
    let initializers = op.params.iter().map(|param| {
        let name = param.name.ident();
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
    let setters = op.params.iter().filter(|p| !p.required).map(|param| setter_method(api, param, imports));
    let body_setter = body_setter(api, op).map(|argument| {
        let docs = docs_or(op.body.as_ref().and_then(|body| body.docs.as_deref()), "The request body.");
        setter_tokens(&argument, docs, None, imports)
    });
    let paging = paging_methods(api, op, imports);
    // `new` takes the client as well.
    let allow = allow_many_arguments(arguments.len() + 1);
    let client = imports.name(Item::Client);
    let (options_field, with_options) = (options_field().ident(), with_options_method().ident());
    let request_options = imports.name(Item::RequestOptions);
    quote! {
        impl #builder {
            #[doc = " A request with its required parameters; optional ones start unset."]
            #allow
            pub(crate) fn new(client: #client, #(#argument_list),*) -> Self {
                Self { client, #(#initializers)* #body_init #options_field: #request_options::new() }
            }
            #(#setters)*
            #body_setter

            #[doc = " Overrides the client's settings for this request: the per-attempt timeout, a total deadline, the number of retries, extra headers."]
            pub fn #with_options(mut self, options: #request_options) -> Self {
                self.#options_field = options;
                self
            }
            #paging
        }
    }
}

fn setter_method(api: &Api, param: &Param, imports: &Imports) -> TokenStream {
    let docs = docs_or(param.docs.as_deref(), &format!("The {} parameter.", code_span(&param.wire_name)));
    let default = param
        .default
        .as_ref()
        .map(|value| doc_paragraph(&format!("The server uses {} when it is not set.", code_span(&value.to_string()))));
    let docs = quote! { #docs #default };
    let deprecated = param.deprecated.then(|| quote! { #[deprecated] });
    setter_tokens(&setter(api, param), docs, deprecated, imports)
}

/// A setter that stores its argument in the builder field of the same name.
fn setter_tokens(
    argument: &Argument,
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    imports: &Imports,
) -> TokenStream {
    let name = argument.name.ident();
    let parameter = argument.parameter(Scope::Module(imports));
    let value = argument.value();
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, #parameter) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}
