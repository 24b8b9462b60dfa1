//! Emits the paging half of list operations: `pages()` and `items()` on the builder, and the
//! `Paginated` impl that says where a page's items, total count and end offset live.
//!
//! The streams themselves are the runtime's (`runtime::paginate`); this module only states the
//! facts of one operation: which parameter holds the page number and the page size, and the
//! field path to the items.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::answers::success_type;
use super::{doc_lines, ident};
use crate::ir::{Api, FieldStep, IntegerKind, Operation, RustName, Scalar, TypeRef};
use crate::surface::runtime::{Imports, Item};
use crate::surface::{Scope, type_tokens};

/// `pages()` and `items()`, for an operation with pagination.
pub(super) fn paging_methods(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let Some(pagination) = &op.pagination else { return TokenStream::new() };
    let page_param = &pagination.page_param;
    let page = page_param.ident();
    if op.success().and_then(|r| r.ty.as_ref()).is_none() {
        return TokenStream::new();
    }
    let success_ty = success_type(api, op, imports);
    let item_ty = type_tokens(api, &pagination.item_ty, Scope::Module(imports));
    let first = Literal::u64_unsuffixed(pagination.first_page);
    let start = match page_param_kind(op, page_param) {
        Some(IntegerKind::U64) | None => quote! { self.#page.unwrap_or(#first) },
        Some(IntegerKind::U32) => quote! { self.#page.map(u64::from).unwrap_or(#first) },
        Some(_) => quote! { self.#page.and_then(|n| u64::try_from(n).ok()).unwrap_or(#first) },
    };
    let per_page = match &pagination.per_page_param {
        Some(per_page_param) => {
            let per_page = per_page_param.ident();
            match page_param_kind(op, per_page_param) {
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
        "Every page from the one set with the page parameter (or the first), fetched lazily.\n\nThe stream stops after the last page: on an empty page, when the reported total is reached, on a short page when no total is reported, when the server repeats a page, or at the page cap. An error ends it.",
    );
    let items_docs = doc_lines("Every item of every page, fetched lazily page by page; see [`Self::pages`].");
    let (result, response) = (imports.name(Item::Result), imports.name(Item::Response));
    let (page_request, pages, items_of) =
        (imports.name(Item::PageRequest), imports.name(Item::Pages), imports.name(Item::ItemsOf));
    quote! {
        #pages_docs
        pub fn pages(self) -> impl futures_core::Stream<Item = #result<#response<#success_ty>>> + Send + 'static {
            let start =
                #page_request { per_page: #per_page, numbered_from: #first, ..#page_request::starting_at(#start) };
            let fetch_page = move |page: u64| {
                let mut next = self.clone();
                next.#page = #set_page;
                next.send()
            };
            #pages(start, fetch_page)
        }

        #items_docs
        pub fn items(self) -> impl futures_core::Stream<Item = #result<#item_ty>> + Send + 'static {
            #items_of(self.pages())
        }
    }
}

fn page_param_kind(op: &Operation, name: &RustName) -> Option<IntegerKind> {
    op.params.iter().find(|p| p.name == *name).and_then(|p| match p.ty {
        TypeRef::Scalar(Scalar::Integer(kind)) => Some(kind),
        _ => None,
    })
}

/// `impl Paginated` for the success body: where its items, total count and end offset live.
///
/// Operations that page the same response type share one impl, in the first of them.
pub(super) fn paginated_impl(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let Some(pagination) = &op.pagination else { return TokenStream::new() };
    let Some(body) = op.success().and_then(|r| r.ty.as_ref()) else { return TokenStream::new() };
    let first = api
        .operations
        .iter()
        .find(|other| other.pagination.is_some() && other.success().and_then(|r| r.ty.as_ref()) == Some(body));
    if first.is_some_and(|first| first.method_name != op.method_name) {
        return TokenStream::new();
    }
    let body = type_tokens(api, body, Scope::Module(imports));
    let item = type_tokens(api, &pagination.item_ty, Scope::Module(imports));
    let paginated = imports.name(Item::Paginated);
    let into_items = items_path(&pagination.items);
    let item_count = item_count_path(&pagination.items);
    let total = pagination.total_count.as_ref().map(|steps| {
        let walk = integer_path(steps);
        quote! {
            fn total_count(&self) -> Option<u64> {
                #walk
            }
        }
    });
    let end_offset = pagination.end_offset.as_ref().map(|steps| {
        let walk = integer_path(steps);
        quote! {
            fn end_offset(&self) -> Option<u64> {
                #walk
            }
        }
    });
    let shortcut = items_shortcut(&body, &item, &pagination.items);
    quote! {
        #shortcut

        impl #paginated for #body {
            type Item = #item;

            fn item_count(&self) -> usize {
                #item_count
            }

            fn into_items(self) -> Vec<#item> {
                #into_items
            }

            #total

            #end_offset
        }
    }
}

/// A method on the page type that borrows its items however deep they are nested, named after
/// the field that holds them: `response.sessions()` for `data.sessions`. It is left out when
/// the items are a field of the page itself, which users read directly, or when the field's
/// name is `builder`, which every model already has.
fn items_shortcut(body: &TokenStream, item: &TokenStream, steps: &[FieldStep]) -> Option<TokenStream> {
    let (last, path) = steps.split_last().filter(|(_, path)| !path.is_empty())?;
    if last.field.bare() == "builder" {
        return None;
    }
    let mut value = quote! { self };
    let mut statements = Vec::new();
    for step in path {
        let field = step.field.ident();
        if step.optional {
            // Each optional step is bound to its field's name, which later steps may shadow.
            statements.push(quote! { let Some(#field) = &#value.#field else { return &[] }; });
            value = quote! { #field };
        } else {
            value = quote! { #value.#field };
        }
    }
    let field = last.field.ident();
    let items = if last.optional {
        quote! { #value.#field.as_deref().unwrap_or_default() }
    } else {
        quote! { &#value.#field }
    };
    let trail: Vec<String> = steps.iter().map(|step| step.field.bare().to_owned()).collect();
    let docs = doc_lines(&format!(
        "The items of this page, `{}`; empty when the answer leaves any of those fields out.",
        trail.join(".")
    ));
    Some(quote! {
        impl #body {
            #docs
            pub fn #field(&self) -> &[#item] {
                #(#statements)*
                #items
            }
        }
    })
}

/// `self.a?.b.c.unwrap_or_default()`-style code that moves the item array out of a page.
fn items_path(steps: &[FieldStep]) -> TokenStream {
    let mut value = quote! { self };
    let mut statements = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let field = step.field.ident();
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
        let field = step.field.ident();
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

/// Code that reads an integer, such as the total count, through optional fields, converting it
/// to `u64`.
fn integer_path(steps: &[FieldStep]) -> TokenStream {
    let mut value = quote! { self };
    for (index, step) in steps.iter().enumerate() {
        let field = step.field.ident();
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
