//! The API's cargo features as the emitters write them: the `cfg` of a gated item, which
//! features are on by default, and the features' lines in `Cargo.toml` and the crate docs.
//!
//! Lowering decides the features and each item's [`Gate`]; [`Config::tag_features`] decides
//! whether the crate has them at all.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::Config;
use crate::ir::{Api, FeatureContent, Gate};

/// A spec with at most this many operations compiles all of them by default: its whole crate
/// checks in seconds, and `cargo add` gives a user every operation the docs show. A larger one
/// compiles none by default, and its users name the features they call.
pub(crate) const ALL_BY_DEFAULT_UP_TO: usize = 200;

/// The crate's API features, ready to write gates with.
pub(crate) struct Gates<'a> {
    api: &'a Api,
    enabled: bool,
}

impl<'a> Gates<'a> {
    pub(crate) fn new(api: &'a Api, config: &Config) -> Self {
        Self { api, enabled: config.tag_features && !api.features.is_empty() }
    }

    /// Whether the crate has API features.
    pub(crate) fn any(&self) -> bool {
        self.enabled
    }

    /// `#[cfg(...)]` for an item with this gate, or nothing when every build has it.
    pub(crate) fn attr(&self, gate: &Gate) -> Option<TokenStream> {
        self.predicate(gate).map(|predicate| quote! { #[cfg(#predicate)] })
    }

    /// The `cfg` predicate of the gate: `feature = "a"`, or `any(feature = "a", ...)`.
    pub(crate) fn predicate(&self, gate: &Gate) -> Option<TokenStream> {
        let Gate::AnyOf(features) = gate else { return None };
        if !self.enabled {
            return None;
        }
        let names: Vec<&str> = features.iter().map(|&index| self.api.features[index].name.as_str()).collect();
        Some(match names.as_slice() {
            [only] => quote! { feature = #only },
            names => quote! { any(#(feature = #names),*) },
        })
    }

    /// Whether the default features turn on every API feature.
    pub(crate) fn all_by_default(&self) -> bool {
        !self.enabled || self.api.operations.len() <= ALL_BY_DEFAULT_UP_TO
    }

    /// Whether a build with the default features has an item with this gate: what doc
    /// examples, which are tested with the default features, may use.
    pub(crate) fn on_by_default(&self, gate: &Gate) -> bool {
        matches!(gate, Gate::Always) || self.all_by_default()
    }

    /// The `[features]` lines of the API features, each after a comment saying what it holds,
    /// and `full`, which turns them all on; nothing when the crate has none.
    pub(crate) fn cargo_lines(&self) -> String {
        if !self.enabled {
            return String::new();
        }
        let mut lines = String::from("# Every operation and type of the API.\nfull = [");
        let names: Vec<String> = self.api.features.iter().map(|feature| format!("\"{}\"", feature.name)).collect();
        lines.push_str(&names.join(", "));
        lines.push_str("]\n");
        for feature in &self.api.features {
            lines.push_str(&format!("# {}\n{} = []\n", describe(&feature.content), feature.name));
        }
        lines
    }

    /// The crate docs' section on the API features, when the crate has them.
    pub(crate) fn docs_section(&self, config: &Config) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let default = if self.all_by_default() {
            "All of them are on by default (feature `full`). To compile only part of the API, turn the default \
             features off and name the ones you call, with a TLS feature"
        } else {
            "None of them is on by default, since the whole API takes long to compile: name the ones you call, \
             or `full` for all of them"
        };
        let mut section = format!(
            "# Features\n\nEach operation is compiled by the features of its tags, and each type by the \
             features of the operations that use it, so a build pays only for the part of the API it enables. \
             {default}:\n\n```toml\n[dependencies]\n{krate} = {{ {source}, default-features = false, \
             features = [\"rustls\", \"{example}\"] }}\n```\n\n| feature | what it compiles |\n|---|---|\n",
            krate = config.crate_name,
            source = super::package::dependency_source(config),
            example = self.api.features[0].name,
        );
        for feature in &self.api.features {
            section.push_str(&format!("| `{}` | {} |\n", feature.name, describe(&feature.content)));
        }
        Some(section.trim_end().to_owned())
    }
}

/// What a feature holds, in a few words.
fn describe(content: &FeatureContent) -> String {
    match content {
        FeatureContent::Tags(tags) => {
            let quoted: Vec<String> =
                tags.iter().map(|tag| format!("`{}`", tag.replace(['`', '\n', '|'], " "))).collect();
            format!("The operations tagged {}.", quoted.join(", "))
        }
        FeatureContent::Untagged => "The operations without a tag.".to_owned(),
        FeatureContent::UnusedSchemas => "The schemas that no operation uses, such as webhook payloads.".to_owned(),
    }
}

/// The items in `items`, each behind `attr` when there is one.
///
/// An item ends at a `;` or a `{ ... }` block at its top level, and a `;` right after such a
/// block (as in `static X: T = T { .. };`) still belongs to it, so the attribute is written
/// before each item's own attributes and docs.
pub(crate) fn gate_items(attr: Option<&TokenStream>, items: TokenStream) -> TokenStream {
    let Some(attr) = attr else { return items };
    let mut gated = TokenStream::new();
    let mut at_start = true;
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if at_start {
            gated.extend(attr.clone());
            at_start = false;
        }
        let ends_item = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            TokenTree::Ident(_) | TokenTree::Literal(_) => false,
        };
        let block = matches!(&token, TokenTree::Group(_));
        gated.extend([token]);
        if ends_item {
            if block && matches!(tokens.peek(), Some(TokenTree::Punct(punct)) if punct.as_char() == ';') {
                gated.extend(tokens.next());
            }
            at_start = true;
        }
    }
    gated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_attribute() {
        let attr = quote! { #[cfg(feature = "a")] };
        let items = quote! {
            #[doc = " A value."]
            pub struct Value { pub field: u8 }
            impl Value { pub fn get(&self) -> u8 { self.field } }
            pub type Alias = Value;
            pub(crate) static DEFAULT: Value = Value { field: 1 };
            pub struct Tuple(u8);
        };
        let gated = gate_items(Some(&attr), items).to_string();
        assert_eq!(gated.matches("# [cfg (feature = \"a\")]").count(), 5, "{gated}");
        assert!(gated.starts_with("# [cfg (feature = \"a\")] # [doc"), "{gated}");
        assert!(gated.contains("Value { field : 1 } ; # [cfg"), "{gated}");
    }

    #[test]
    fn ungated_items_are_unchanged() {
        let items = quote! { pub struct Value; };
        assert_eq!(gate_items(None, items.clone()).to_string(), items.to_string());
    }
}
