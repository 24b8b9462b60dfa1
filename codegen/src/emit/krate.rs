//! Emits the crate's frame in Rust: `lib.rs`, with the crate docs and the public re-exports,
//! and the `runtime` module declaration.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_lines;
use super::features::Gates;
use super::guide::crate_docs;
use crate::Config;
use crate::ir::{Api, RustName};
use crate::runtime_files::RUNTIME_MODULES;
use crate::surface::runtime::{Exposure, Item, RAW_MODULE};

/// `lib.rs`: crate docs, modules and the public re-exports.
pub(super) fn lib_rs(api: &Api, config: &Config, gates: &Gates<'_>) -> TokenStream {
    let docs = crate_docs(api, config, gates);
    let crate_docs = doc_lines(&docs).to_string().replace("# [doc", "#![doc");
    let crate_docs: TokenStream = crate_docs.parse().unwrap_or_default();
    // One sorted `use`, so rustfmt (which sorts them) leaves the file as prettyplease wrote it.
    // The scoped handle exists only in builds with an operation, so a gated one has its own line.
    let scope_attr = gates.attr(&super::client::scope_gate(api));
    let mut client_exports = vec![RustName::plain("Client"), RustName::plain("ClientBuilder")];
    let mut gated_exports = None;
    if let Some(scope) = &api.scope {
        match &scope_attr {
            None => client_exports.push(scope.type_name.clone()),
            Some(attr) => {
                let handle = scope.type_name.ident();
                gated_exports = Some(quote! { #attr pub use client::#handle; });
            }
        }
    }
    client_exports.sort();
    let client_exports = client_exports.iter().map(RustName::ident);
    let raw = raw_module();
    let root_exports = re_exports(Exposure::Root, true);
    let codecs = super::serde_impls::any_struct_codec(api).then(|| {
        quote! {
            #[rustfmt::skip]
            mod codecs;
        }
    });
    quote! {
        #crate_docs
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        #[rustfmt::skip]
        mod client;
        #codecs
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        #[rustfmt::skip]
        pub mod mock;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;
        #raw

        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod runtime;

        pub use client::{#(#client_exports),*};
        #gated_exports
        #(#root_exports)*

        /// The README, here so that doc tests compile its example.
        ///
        #[doc = include_str!("../README.md")]
        #[cfg(doctest)]
        pub struct ReadmeDoctests;
    }
}

/// One `pub use` per runtime module for the items of `exposure`, from the crate root
/// (`runtime::...`) or from `crate::runtime::...`, sorted as rustfmt sorts them.
fn re_exports(exposure: Exposure, from_root: bool) -> Vec<TokenStream> {
    let mut by_module: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for item in Item::ALL.iter().filter(|item| item.exposure() == exposure) {
        by_module.entry(item.parent()).or_default().push(item.name());
    }
    by_module
        .into_iter()
        .flat_map(|(parent, mut names)| -> Vec<TokenStream> {
            names.sort_by_key(|name| rustfmt_order(name));
            let parent = if from_root { parent.trim_start_matches("crate::") } else { parent };
            let parent = parent.split("::").map(|segment| RustName::plain(segment).ident());
            let parent: Vec<_> = parent.collect();
            // A long group would be wrapped, and rustfmt and the printer wrap it differently,
            // so it is written one item per line.
            let statements: Vec<TokenStream> = if names.len() > MAX_GROUPED {
                names
                    .iter()
                    .map(|name| {
                        let name = RustName::plain(*name).ident();
                        quote! { pub use #(#parent)::*::#name; }
                    })
                    .collect()
            } else {
                let names = names.iter().map(|name| RustName::plain(*name).ident());
                vec![quote! { pub use #(#parent)::*::{#(#names),*}; }]
            };
            statements
        })
        .collect()
}

/// The most names a re-export groups in braces; more are written one per line.
const MAX_GROUPED: usize = 5;

/// The key rustfmt sorts the names of a `use` group by: types (uppercase) before functions.
fn rustfmt_order(name: &str) -> (bool, String) {
    (name.starts_with(|c: char| c.is_ascii_lowercase()), name.to_owned())
}

/// The `raw` module: what sending a request the spec does not describe takes.
fn raw_module() -> TokenStream {
    let raw = RustName::plain(RAW_MODULE).ident();
    let exports = re_exports(Exposure::Raw, false);
    quote! {
        #[doc = " What sending a request that the spec does not describe takes: a [`Request`](crate::raw::Request) for a `static` [`Operation`](crate::raw::Operation), sent with [`Transport::execute`](crate::Transport::execute) or [`Transport::execute_with`](crate::Transport::execute_with) and a decoder, with the same retries, errors and redaction as the generated operations."]
        pub mod #raw {
            #(#exports)*
        }
    }
}

/// `runtime.rs`: declares the runtime modules copied from `runtime/src`.
pub(super) fn runtime_rs() -> TokenStream {
    // Each module's own `//!` docs describe it; an outer doc here would make rustdoc resolve
    // the module's intra-doc links from this parent instead.
    let modules = RUNTIME_MODULES.iter().map(|(name, _)| {
        let module = RustName::plain(*name).ident();
        quote! { pub mod #module; }
    });
    quote! {
        #![doc = " The hand-written runtime: transport, retries, errors and pagination."]
        #![doc = ""]
        #![doc = " These modules are copied verbatim from the generator's `runtime/src`, where they are tested."]
        #(#modules)*
    }
}
