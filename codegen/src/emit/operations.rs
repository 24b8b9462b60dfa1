//! Emits `operations.rs` and one `operations/<name>.rs` per operation.
//!
//! An operation module holds only facts: a static [`Operation`] record (method, path template,
//! retry safety), a request builder whose setters mirror the parameters, the validation rules
//! of each parameter, and, for list operations, where the items and totals live. Sending,
//! retrying, decoding and paging are the runtime's.
//!
//! [`Operation`]: crate::ir::Operation

use proc_macro2::TokenStream;
use quote::quote;

use super::op_docs::retry_rule;
use super::{Scope, doc_lines, docs_or, ident, is_text, spec_text, type_tokens};
use crate::ir::{
    Api, Constraints, FieldStep, IntegerKind, Operation, Param, ParamLocation, RetrySafety, Scalar, StatusMatch,
    TypeRef,
};

/// The whole `operations.rs` file: module declarations and re-exports of the builders.
pub(super) fn operations_rs(api: &Api) -> TokenStream {
    let modules = api.operations.iter().map(|op| {
        let module = ident(&op.module_name);
        let builder = ident(&op.builder_name);
        let docs = doc_lines(&format!("`{} {}`.", op.http_method.as_str(), op.path));
        quote! {
            #docs
            pub mod #module;
            pub use #module::#builder;
        }
    });
    quote! {
        #![doc = " Request builders, one module per operation."]
        #(#modules)*
    }
}

/// One operation's module.
pub(super) fn operation_rs(api: &Api, op: &Operation) -> TokenStream {
    let summary = spec_text(op.summary.as_deref().unwrap_or_default().trim());
    let route = format!(" `{} {}`: {summary}", op.http_method.as_str(), op.path);
    let facts = facts_static(op);
    let builder = builder_struct(api, op);
    let methods = builder_methods(api, op);
    let send = send_method(api, op);
    let paging = op.pagination.as_ref().map(|_| paginated_impl(api, op));
    let uses_models = op.params.iter().any(|p| mentions_models(&p.ty))
        || op.body.as_ref().is_some_and(|b| mentions_models(&b.ty))
        || op.success().and_then(|r| r.ty.as_ref()).is_some_and(mentions_models);
    let models_import = uses_models.then(|| quote! { use crate::models; });
    let paging_import = op.pagination.is_some().then(|| quote! { use crate::runtime::paginate::PageRequest; });
    let request_import = if op.params.is_empty() {
        quote! { use crate::runtime::request::{BuildRequest, Request}; }
    } else {
        quote! { use crate::runtime::request::{BuildRequest, Constraints, Request}; }
    };
    quote! {
        #![doc = #route]
        use crate::Client;
        #models_import
        use crate::runtime::error::Result;
        use crate::runtime::operation::{Method, Operation, RetrySafety};
        #paging_import
        #request_import
        use crate::runtime::response::Response;
        #facts
        #builder
        #methods
        #send
        #paging
    }
}

fn mentions_models(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions_models(inner),
        TypeRef::Scalar(_) | TypeRef::Any => false,
    }
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
    let docs = docs_or(param.docs.as_deref(), &format!("The `{}` parameter.", param.wire_name));
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

/// `Constraints { .. }` for a parameter, or `Constraints::NONE`.
fn constraints_tokens(rules: &Constraints) -> TokenStream {
    if rules.is_empty() {
        return quote! { &Constraints::NONE };
    }
    let some_usize = |v: Option<u64>| match v.and_then(|v| usize::try_from(v).ok()) {
        Some(v) => {
            let v = proc_macro2::Literal::usize_unsuffixed(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    };
    let some_f64 = |v: Option<f64>| match v {
        Some(v) => {
            let v = proc_macro2::Literal::f64_unsuffixed(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    };
    let mut set = Vec::new();
    if rules.min_length.is_some() {
        let v = some_usize(rules.min_length);
        set.push(quote! { min_length: #v });
    }
    if rules.max_length.is_some() {
        let v = some_usize(rules.max_length);
        set.push(quote! { max_length: #v });
    }
    if rules.minimum.is_some() {
        let v = some_f64(rules.minimum);
        set.push(quote! { minimum: #v });
    }
    if rules.maximum.is_some() {
        let v = some_f64(rules.maximum);
        set.push(quote! { maximum: #v });
    }
    if rules.exclusive_minimum {
        set.push(quote! { exclusive_minimum: true });
    }
    if rules.exclusive_maximum {
        set.push(quote! { exclusive_maximum: true });
    }
    quote! { &Constraints { #(#set,)* ..Constraints::NONE } }
}

/// The `BuildRequest` impl, which holds every per-parameter fact of the request, and `send()`.
fn send_method(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let facts = ident(&op.facts_name);
    let success_ty = match op.success().and_then(|r| r.ty.as_ref()) {
        Some(ty) => type_tokens(api, ty, Scope::Outside),
        None => quote! { serde_json::Value },
    };
    let success_status = proc_macro2::Literal::u16_unsuffixed(match op.success().map(|r| r.status) {
        Some(StatusMatch::Code(code)) => code,
        _ => 200,
    });
    let steps = op.params.iter().map(|param| {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        let rules = constraints_tokens(&param.constraints);
        match (param.location, &param.ty) {
            (ParamLocation::Path, ty) if is_text(ty) => quote! { request.path_param(#wire, &self.#name, #rules); },
            (ParamLocation::Path, _) => quote! { request.path_param(#wire, &self.#name.to_string(), #rules); },
            (_, TypeRef::Array(_)) if param.required => {
                quote! { request.query_param_list(#wire, Some(&self.#name), #rules); }
            }
            (_, TypeRef::Array(_)) => quote! { request.query_param_list(#wire, self.#name.as_deref(), #rules); },
            (_, _) if param.required => quote! { request.query_param(#wire, Some(&self.#name), #rules); },
            (_, _) => quote! { request.query_param(#wire, self.#name.as_ref(), #rules); },
        }
    });
    let body = op.body.as_ref().map(|body| {
        if body.required {
            quote! { request.json_body(&self.body); }
        } else {
            quote! { if let Some(body) = &self.body { request.json_body(body); } }
        }
    });
    let check_success = op.success_flag.as_ref().map(|flag| {
        let flag = ident(flag);
        let optional = success_flag_is_optional(api, op);
        if optional {
            quote! { .require_success(|body| body.#flag) }
        } else {
            quote! { .require_success(|body| Some(body.#flag)) }
        }
    });
    let retry_rule = retry_rule(op.retry);
    let docs = doc_lines(&format!(
        "Sends the request and decodes the success body.\n\nAny 2xx status is a success.{}\n\nRetries: {retry_rule}",
        if op.success_flag.is_some() { " A body whose `success` flag is `false` is an error." } else { "" }
    ));
    let mut_request = if op.params.is_empty() && op.body.is_none() {
        quote! { let request }
    } else {
        quote! { let mut request }
    };
    let request = quote! { self.build_request() };
    let result = if check_success.is_some() {
        quote! { self.client.transport().execute::<#success_ty>(#request).await? #check_success }
    } else {
        quote! { self.client.transport().execute::<#success_ty>(#request).await }
    };
    quote! {
        impl BuildRequest for #builder {
            type Success = #success_ty;
            const SUCCESS_STATUS: u16 = #success_status;
            fn build_request(&self) -> Request {
                #mut_request = Request::new(&#facts);
                #(#steps)*
                #body
                request
            }
        }

        impl #builder {
            #docs
            pub async fn send(self) -> Result<Response<#success_ty>> {
                #result
            }
        }
    }
}

fn success_flag_is_optional(api: &Api, op: &Operation) -> bool {
    let Some(TypeRef::Named(id)) = op.success().and_then(|r| r.ty.as_ref()) else { return false };
    match &api.type_def(*id).kind {
        crate::ir::TypeKind::Struct(object) => {
            object.fields.iter().any(|f| Some(&f.name) == op.success_flag.as_ref() && f.is_optional())
        }
        _ => false,
    }
}

fn paging_methods(api: &Api, op: &Operation, page_param: &str) -> TokenStream {
    let Some(pagination) = &op.pagination else { return TokenStream::new() };
    let page = ident(page_param);
    let success_ty = match op.success().and_then(|r| r.ty.as_ref()) {
        Some(ty) => type_tokens(api, ty, Scope::Outside),
        None => return TokenStream::new(),
    };
    let item_ty = type_tokens(api, &pagination.item_ty, Scope::Outside);
    let first = pagination.first_page;
    let start = match page_param_kind(op, page_param) {
        Some(IntegerKind::U64) | None => quote! { self.#page.unwrap_or(#first) },
        Some(IntegerKind::U32) => quote! { self.#page.map(u64::from).unwrap_or(#first) },
        Some(_) => quote! { self.#page.and_then(|n| u64::try_from(n).ok()).unwrap_or(#first) },
    };
    let per_page = match &pagination.per_page_param {
        Some(per_page) => {
            let per_page = ident(per_page);
            match page_param_kind(op, &per_page.to_string()) {
                Some(IntegerKind::U64) => quote! { self.#per_page },
                Some(IntegerKind::U32) => quote! { self.#per_page.map(u64::from) },
                _ => quote! { self.#per_page.and_then(|n| u64::try_from(n).ok()) },
            }
        }
        None => quote! { None },
    };
    let set_page = match page_param_kind(op, page_param) {
        Some(IntegerKind::U64) | None => quote! { Some(page) },
        _ => quote! { page.try_into().ok() },
    };
    let pages_docs = doc_lines(
        "Every page from the one set with the page parameter (or the first), fetched lazily.\n\nThe stream stops after the last page: on an empty or short page, when the total count is reached, when the server repeats a page, or at the page cap. An error ends it.",
    );
    let items_docs = doc_lines("Every item of every page, fetched lazily page by page; see [`Self::pages`].");
    quote! {
        #pages_docs
        pub fn pages(self) -> impl futures_core::Stream<Item = Result<Response<#success_ty>>> + Send + 'static {
            let start = PageRequest { per_page: #per_page, ..PageRequest::starting_at(#start) };
            crate::runtime::paginate::pages(start, move |page: u64| {
                let mut next = self.clone();
                next.#page = #set_page;
                next.send()
            })
        }

        #items_docs
        pub fn items(self) -> impl futures_core::Stream<Item = Result<#item_ty>> + Send + 'static {
            let start = PageRequest { per_page: #per_page, ..PageRequest::starting_at(#start) };
            crate::runtime::paginate::items(start, move |page: u64| {
                let mut next = self.clone();
                next.#page = #set_page;
                next.send()
            })
        }
    }
}

fn page_param_kind(op: &Operation, name: &str) -> Option<IntegerKind> {
    op.params.iter().find(|p| p.name == name).and_then(|p| match p.ty {
        TypeRef::Scalar(Scalar::Integer(kind)) => Some(kind),
        _ => None,
    })
}

/// `impl Paginated` for the success body: where its items and total count live.
fn paginated_impl(api: &Api, op: &Operation) -> TokenStream {
    let Some(pagination) = &op.pagination else { return TokenStream::new() };
    let Some(body) = op.success().and_then(|r| r.ty.as_ref()) else { return TokenStream::new() };
    let body = type_tokens(api, body, Scope::Outside);
    let item = type_tokens(api, &pagination.item_ty, Scope::Outside);
    let into_items = items_path(&pagination.items);
    let item_count = item_count_path(&pagination.items);
    let total = pagination.total_count.as_ref().map(|steps| {
        let walk = total_path(steps);
        quote! {
            fn total_count(&self) -> Option<u64> {
                #walk
            }
        }
    });
    quote! {
        impl crate::runtime::paginate::Paginated for #body {
            type Item = #item;

            fn item_count(&self) -> usize {
                #item_count
            }

            fn into_items(self) -> Vec<#item> {
                #into_items
            }

            #total
        }
    }
}

/// `self.a?.b.c.unwrap_or_default()`-style code that moves the item array out of a page.
fn items_path(steps: &[FieldStep]) -> TokenStream {
    let mut value = quote! { self };
    let mut statements = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let field = ident(&step.field);
        let last = index + 1 == steps.len();
        if last {
            value = if step.optional {
                quote! { #value.#field.unwrap_or_default() }
            } else {
                quote! { #value.#field }
            };
        } else if step.optional {
            let binding = ident(&format!("step_{index}"));
            statements.push(quote! { let Some(#binding) = #value.#field else { return Vec::new() }; });
            value = quote! { #binding };
        } else {
            value = quote! { #value.#field };
        }
    }
    quote! { #(#statements)* #value }
}

/// Code that counts a page's items without moving them.
fn item_count_path(steps: &[FieldStep]) -> TokenStream {
    let mut value = quote! { self };
    let mut statements = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let field = ident(&step.field);
        let last = index + 1 == steps.len();
        if last {
            value = if step.optional {
                quote! { #value.#field.as_ref().map_or(0, Vec::len) }
            } else {
                quote! { #value.#field.len() }
            };
        } else if step.optional {
            let binding = ident(&format!("step_{index}"));
            statements.push(quote! { let Some(#binding) = &#value.#field else { return 0 }; });
            value = quote! { #binding };
        } else {
            value = quote! { #value.#field };
        }
    }
    quote! { #(#statements)* #value }
}

/// Code that reads the total count through optional fields, converting it to `u64`.
fn total_path(steps: &[FieldStep]) -> TokenStream {
    let mut value = quote! { self };
    for (index, step) in steps.iter().enumerate() {
        let field = ident(&step.field);
        let last = index + 1 == steps.len();
        value = match (step.optional, last) {
            (true, false) => quote! { #value.#field.as_ref()? },
            (false, false) => quote! { #value.#field },
            (true, true) => quote! { #value.#field? },
            (false, true) => quote! { #value.#field },
        };
    }
    match steps.last().map(|s| &s.ty) {
        Some(TypeRef::Scalar(Scalar::Integer(IntegerKind::U64))) => quote! { Some(#value) },
        Some(TypeRef::Scalar(Scalar::Integer(IntegerKind::U32))) => quote! { Some(u64::from(#value)) },
        _ => quote! { u64::try_from(#value).ok() },
    }
}
