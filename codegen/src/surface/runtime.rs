//! The registry of the items generated code names outside its own module: the runtime's, and
//! the crate's `Client` and `models`.
//!
//! Emitters name an item through an [`Imports`] of the module they write: an item that the
//! module imports is recorded and written by its name, any other is written by its full path.
//! The `use` lines come from what was recorded, and the names a module imports are the names
//! lowering keeps its own items from taking ([`OPERATION_MODULE_IMPORTS`]), so the three can
//! never disagree.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::Gate;
use crate::names::RustName;

/// An item that generated code names outside the module that defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    /// `crate::Client`.
    Client,
    /// The `crate::models` module.
    Models,
    /// The `crate::operations` module.
    Operations,
    /// `body::Multipart`.
    Multipart,
    /// `auth::AuthLocation`.
    AuthLocation,
    /// `auth::AuthScheme`.
    AuthScheme,
    /// `auth::Security`.
    Security,
    /// `config::ApiDefaults`.
    ApiDefaults,
    /// `config::ClientBuilder`.
    ClientBuilder,
    /// `conventions::Conventions`.
    Conventions,
    /// `decode::BodyError`.
    BodyError,
    /// `decode::FromStatus`.
    FromStatus,
    /// `decode::binary`.
    DecodeBinary,
    /// `decode::empty`.
    DecodeEmpty,
    /// `decode::json`.
    DecodeJson,
    /// `decode::text`.
    DecodeText,
    /// `error::ApiError`.
    ApiError,
    /// `error::ConfigError`.
    ConfigError,
    /// `error::DecodeError`.
    DecodeError,
    /// `error::Error`.
    Error,
    /// `error::InvalidRequestError`.
    InvalidRequestError,
    /// `error::TimeoutError`.
    TimeoutError,
    /// `error::TransportError`.
    TransportError,
    /// `error::TransportErrorKind`.
    TransportErrorKind,
    /// `decode::Decoder`.
    Decoder,
    /// `retry::RetryPolicy`.
    RetryPolicy,
    /// `error::Result`.
    Result,
    /// `integers::deserialize`.
    LenientIntegers,
    /// `mock::Expectation`.
    MockExpectation,
    /// `mock::MockServer`.
    MockServer,
    /// The `object` module.
    Object,
    /// `open_enum::deserialize`.
    OpenEnumDeserialize,
    /// `options::RequestOptions`.
    RequestOptions,
    /// `operation::Method`.
    Method,
    /// `operation::Operation`.
    Operation,
    /// `operation::RetrySafety`.
    RetrySafety,
    /// `paginate::PageRequest`.
    PageRequest,
    /// `paginate::Paginated`.
    Paginated,
    /// `paginate::items_of`.
    ItemsOf,
    /// `paginate::pages`.
    Pages,
    /// `request::BuildRequest`.
    BuildRequest,
    /// `request::Constraints`.
    Constraints,
    /// `request::QueryValue`.
    QueryValue,
    /// `request::Request`.
    Request,
    /// `request::Style`.
    Style,
    /// `request::SuccessBody`.
    SuccessBody,
    /// `response::Response`.
    Response,
    /// `tagged::alternative`.
    TaggedAlternative,
    /// `tagged::serialize_tagged`.
    SerializeTagged,
    /// `tagged::tag`.
    Tag,
    /// `transport::Transport`.
    Transport,
    /// `hook::Hook`.
    Hook,
    /// `hook::AttemptRequest`.
    AttemptRequest,
    /// `hook::AttemptOutcome`.
    AttemptOutcome,
    /// `hook::AttemptResult`.
    AttemptResult,
    /// `secret::TokenProvider`.
    TokenProvider,
    /// `secret::TokenFuture`.
    TokenFuture,
    /// `secret::ApiToken`.
    ApiToken,
    /// `error::BoxError`.
    BoxError,
    /// `error::TokenError`.
    TokenError,
    /// `error::HookError`.
    HookError,
    /// `error::BuildError`.
    BuildError,
}

impl Item {
    /// Every item.
    pub const ALL: &'static [Item] = &[
        Self::Client,
        Self::Models,
        Self::Operations,
        Self::Multipart,
        Self::AuthLocation,
        Self::AuthScheme,
        Self::Security,
        Self::ApiDefaults,
        Self::ClientBuilder,
        Self::Conventions,
        Self::BodyError,
        Self::FromStatus,
        Self::DecodeBinary,
        Self::DecodeEmpty,
        Self::DecodeJson,
        Self::DecodeText,
        Self::ApiError,
        Self::ConfigError,
        Self::DecodeError,
        Self::Error,
        Self::InvalidRequestError,
        Self::TimeoutError,
        Self::TransportError,
        Self::TransportErrorKind,
        Self::Decoder,
        Self::RetryPolicy,
        Self::Result,
        Self::LenientIntegers,
        Self::MockExpectation,
        Self::MockServer,
        Self::Object,
        Self::OpenEnumDeserialize,
        Self::RequestOptions,
        Self::Method,
        Self::Operation,
        Self::RetrySafety,
        Self::PageRequest,
        Self::Paginated,
        Self::ItemsOf,
        Self::Pages,
        Self::BuildRequest,
        Self::Constraints,
        Self::QueryValue,
        Self::Request,
        Self::Style,
        Self::SuccessBody,
        Self::Response,
        Self::TaggedAlternative,
        Self::SerializeTagged,
        Self::Tag,
        Self::Transport,
        Self::Hook,
        Self::AttemptRequest,
        Self::AttemptOutcome,
        Self::AttemptResult,
        Self::TokenProvider,
        Self::TokenFuture,
        Self::ApiToken,
        Self::BoxError,
        Self::TokenError,
        Self::HookError,
        Self::BuildError,
    ];

    /// The module path that holds the item, e.g. `crate::runtime::request`.
    pub fn parent(self) -> &'static str {
        match self {
            Self::Client | Self::Models | Self::Operations => "crate",
            Self::Multipart => "crate::runtime::body",
            Self::AuthLocation | Self::AuthScheme | Self::Security => "crate::runtime::auth",
            Self::ApiDefaults | Self::ClientBuilder => "crate::runtime::config",
            Self::Conventions => "crate::runtime::conventions",
            Self::BodyError
            | Self::FromStatus
            | Self::DecodeBinary
            | Self::DecodeEmpty
            | Self::DecodeJson
            | Self::DecodeText
            | Self::Decoder => "crate::runtime::decode",
            Self::ApiError
            | Self::ConfigError
            | Self::DecodeError
            | Self::Error
            | Self::InvalidRequestError
            | Self::TimeoutError
            | Self::TransportError
            | Self::TransportErrorKind
            | Self::Result => "crate::runtime::error",
            Self::RetryPolicy => "crate::runtime::retry",
            Self::LenientIntegers => "crate::runtime::integers",
            Self::MockExpectation | Self::MockServer => "crate::runtime::mock",
            Self::Object => "crate::runtime",
            Self::OpenEnumDeserialize => "crate::runtime::open_enum",
            Self::RequestOptions => "crate::runtime::options",
            Self::Method | Self::Operation | Self::RetrySafety => "crate::runtime::operation",
            Self::PageRequest | Self::Paginated | Self::ItemsOf | Self::Pages => "crate::runtime::paginate",
            Self::BuildRequest
            | Self::Constraints
            | Self::QueryValue
            | Self::Request
            | Self::Style
            | Self::SuccessBody => "crate::runtime::request",
            Self::Response => "crate::runtime::response",
            Self::TaggedAlternative | Self::SerializeTagged | Self::Tag => "crate::runtime::tagged",
            Self::Transport => "crate::runtime::transport",
            Self::Hook | Self::AttemptRequest | Self::AttemptOutcome | Self::AttemptResult => "crate::runtime::hook",
            Self::TokenProvider | Self::TokenFuture | Self::ApiToken => "crate::runtime::secret",
            Self::BoxError | Self::TokenError | Self::HookError | Self::BuildError => "crate::runtime::error",
        }
    }

    /// The item's own name, e.g. `Request`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Client => "Client",
            Self::Models => "models",
            Self::Operations => "operations",
            Self::Multipart => "Multipart",
            Self::AuthLocation => "AuthLocation",
            Self::AuthScheme => "AuthScheme",
            Self::Security => "Security",
            Self::ApiDefaults => "ApiDefaults",
            Self::ClientBuilder => "ClientBuilder",
            Self::Conventions => "Conventions",
            Self::BodyError => "BodyError",
            Self::FromStatus => "FromStatus",
            Self::DecodeBinary => "binary",
            Self::DecodeEmpty => "empty",
            Self::DecodeJson => "json",
            Self::DecodeText => "text",
            Self::ApiError => "ApiError",
            Self::ConfigError => "ConfigError",
            Self::DecodeError => "DecodeError",
            Self::Error => "Error",
            Self::InvalidRequestError => "InvalidRequestError",
            Self::TimeoutError => "TimeoutError",
            Self::TransportError => "TransportError",
            Self::TransportErrorKind => "TransportErrorKind",
            Self::Decoder => "Decoder",
            Self::RetryPolicy => "RetryPolicy",
            Self::Result => "Result",
            Self::LenientIntegers | Self::OpenEnumDeserialize => "deserialize",
            Self::MockExpectation => "Expectation",
            Self::MockServer => "MockServer",
            Self::Object => "object",
            Self::RequestOptions => "RequestOptions",
            Self::Method => "Method",
            Self::Operation => "Operation",
            Self::RetrySafety => "RetrySafety",
            Self::PageRequest => "PageRequest",
            Self::Paginated => "Paginated",
            Self::ItemsOf => "items_of",
            Self::Pages => "pages",
            Self::BuildRequest => "BuildRequest",
            Self::Constraints => "Constraints",
            Self::QueryValue => "QueryValue",
            Self::Request => "Request",
            Self::Style => "Style",
            Self::SuccessBody => "SuccessBody",
            Self::Response => "Response",
            Self::TaggedAlternative => "alternative",
            Self::SerializeTagged => "serialize_tagged",
            Self::Tag => "tag",
            Self::Transport => "Transport",
            Self::Hook => "Hook",
            Self::AttemptRequest => "AttemptRequest",
            Self::AttemptOutcome => "AttemptOutcome",
            Self::AttemptResult => "AttemptResult",
            Self::TokenProvider => "TokenProvider",
            Self::TokenFuture => "TokenFuture",
            Self::ApiToken => "ApiToken",
            Self::BoxError => "BoxError",
            Self::TokenError => "TokenError",
            Self::HookError => "HookError",
            Self::BuildError => "BuildError",
        }
    }

    /// Where users of the generated crate find the item.
    pub fn exposure(self) -> Exposure {
        match self {
            Self::Error
            | Self::Result
            | Self::ApiError
            | Self::ConfigError
            | Self::DecodeError
            | Self::InvalidRequestError
            | Self::TimeoutError
            | Self::TransportError
            | Self::TransportErrorKind
            | Self::Response
            | Self::RetryPolicy
            | Self::RequestOptions
            | Self::Transport
            | Self::Hook
            | Self::AttemptRequest
            | Self::AttemptOutcome
            | Self::AttemptResult
            | Self::TokenProvider
            | Self::TokenFuture
            | Self::ApiToken
            | Self::BoxError
            | Self::TokenError
            | Self::HookError
            | Self::BuildError => Exposure::Root,
            Self::Request
            | Self::Operation
            | Self::Method
            | Self::RetrySafety
            | Self::Constraints
            | Self::Style
            | Self::Decoder
            | Self::DecodeJson
            | Self::DecodeText
            | Self::DecodeBinary
            | Self::DecodeEmpty => Exposure::Raw,
            _ => Exposure::Plumbing,
        }
    }

    /// The path docs link to: the public one where users find the item, the full one for
    /// plumbing.
    pub fn doc_path(self) -> String {
        match self.exposure() {
            Exposure::Root => format!("crate::{}", self.name()),
            Exposure::Raw => format!("crate::{RAW_MODULE}::{}", self.name()),
            Exposure::Plumbing => self.path_text(),
        }
    }

    /// The item's full path as text, e.g. `crate::runtime::request::Request`.
    pub fn path_text(self) -> String {
        format!("{}::{}", self.parent(), self.name())
    }

    /// The item's full path as tokens.
    pub(crate) fn path(self) -> TokenStream {
        let (parent, name) = (self.parent_path(), self.ident());
        quote! { #parent::#name }
    }

    /// The path of the module that holds the item, as tokens.
    pub(crate) fn parent_path(self) -> TokenStream {
        let segments = self.parent().split("::").map(|segment| RustName::plain(segment).ident());
        quote! { #(#segments)::* }
    }

    /// The item's own name, as a token.
    pub(crate) fn ident(self) -> Ident {
        RustName::plain(self.name()).ident()
    }
}

/// Where users of a generated crate find a runtime item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// Re-exported at the crate root: errors, `Response`, `RetryPolicy`, `RequestOptions`,
    /// `Transport`.
    Root,
    /// Re-exported in the `raw` module, for requests the spec does not describe.
    Raw,
    /// Plumbing the generated code uses; its module is `#[doc(hidden)]` and not part of the
    /// crate's public API.
    Plumbing,
}

/// The module that re-exports what sending a request the spec does not describe takes.
pub const RAW_MODULE: &str = "raw";

/// What an operation module imports. Its builder and answer enums share the module's
/// namespace (and that of `operations.rs`, which re-exports them), so lowering reserves these
/// names.
pub const OPERATION_MODULE_IMPORTS: &[Item] = &[
    Item::Client,
    Item::Models,
    Item::Multipart,
    Item::Result,
    Item::Method,
    Item::Operation,
    Item::RetrySafety,
    Item::PageRequest,
    Item::Pages,
    Item::ItemsOf,
    Item::BuildRequest,
    Item::Constraints,
    Item::Request,
    Item::Style,
    Item::SuccessBody,
    Item::Response,
    Item::RequestOptions,
];

/// What `client.rs` imports. The scoped handle shares its namespace.
pub const CLIENT_MODULE_IMPORTS: &[Item] = &[
    Item::Operations,
    Item::Models,
    Item::ApiDefaults,
    Item::AuthLocation,
    Item::AuthScheme,
    Item::Conventions,
    Item::Result,
    Item::Security,
    Item::Transport,
];

/// The methods the runtime's `ClientBuilder` owns, which the setters that generated code adds
/// for the spec's security schemes may not take.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "from_env",
    "token",
    "token_provider",
    "api_key_for",
    "basic_credentials",
    "hook",
    "base_url",
    "timeout",
    "connect_timeout",
    "max_retries",
    "retry_policy",
    "user_agent",
    "default_header",
    "http_client",
    "build",
    "build_transport",
    "clone",
    "fmt",
];

/// The names an operation module's own items may not take.
pub fn operation_module_reserved() -> Vec<&'static str> {
    OPERATION_MODULE_IMPORTS.iter().map(|item| item.name()).collect()
}

/// The names `client.rs`'s own items may not take, besides `Client` and `ClientBuilder`.
pub fn client_module_reserved() -> Vec<&'static str> {
    CLIENT_MODULE_IMPORTS.iter().map(|item| item.name()).chain(["Client", "ClientBuilder"]).collect()
}

/// One `use` line being gathered: its `cfg` attribute, and the names it imports.
#[derive(Default)]
struct UseLine {
    attr: Option<TokenStream>,
    names: Vec<&'static str>,
}

/// The items one module names: those it may import are recorded as they are used, so its
/// `use` lines list exactly those, each behind the features of the items that use it.
pub(crate) struct Imports {
    importable: &'static [Item],
    /// Each item used, with the gate of everything that used it.
    used: RefCell<BTreeMap<Item, Gate>>,
    /// The gate of the item being emitted (see [`Imports::under`]).
    current: RefCell<Gate>,
    /// The crate's name, for code outside the crate such as doc examples; `crate` otherwise.
    root: Option<Ident>,
}

impl Imports {
    /// The imports of a module that imports the `importable` items and names others by path.
    pub(crate) fn new(importable: &'static [Item]) -> Self {
        Self { importable, used: RefCell::default(), current: RefCell::default(), root: None }
    }

    /// The imports of a doc example of the crate `root`, which imports `models`.
    pub(crate) fn doc_example(root: &Ident) -> Self {
        Self {
            importable: &[Item::Models],
            used: RefCell::default(),
            current: RefCell::default(),
            root: Some(root.clone()),
        }
    }

    /// The imports of an operation module.
    pub(crate) fn operation_module() -> Self {
        Self::new(OPERATION_MODULE_IMPORTS)
    }

    /// The imports of `client.rs`.
    pub(crate) fn client_module() -> Self {
        Self::new(CLIENT_MODULE_IMPORTS)
    }

    /// The item as this module writes it: its name if the module imports it, which records the
    /// import, and its full path otherwise.
    pub(crate) fn name(&self, item: Item) -> TokenStream {
        if self.importable.contains(&item) {
            let current = self.current.borrow();
            let mut used = self.used.borrow_mut();
            let gate = used.get(&item).map_or_else(|| current.clone(), |gate| gate.union(&current));
            used.insert(item, gate);
            let name = RustName::plain(item.name()).ident();
            quote! { #name }
        } else {
            item.path()
        }
    }

    /// Emits an item whose features are `gate`: what it imports is needed only in builds with
    /// one of them.
    pub(crate) fn under<T>(&self, gate: &Gate, emit: impl FnOnce() -> T) -> T {
        let outer = self.current.replace(gate.clone());
        let emitted = emit();
        self.current.replace(outer);
        emitted
    }

    /// One `use` line per parent module, in path order, for what was recorded, in a module
    /// whose items are not gated.
    pub(crate) fn declarations(&self) -> TokenStream {
        self.gated_declarations(|_| None)
    }

    /// The `use` lines, each behind `cfg(gate)` of the items that use it: the same parent's
    /// items share a line when they share a gate.
    pub(crate) fn gated_declarations(&self, cfg: impl Fn(&Gate) -> Option<TokenStream>) -> TokenStream {
        // Keyed by parent and by the attribute's text, since tokens have no order.
        let mut by_parent: BTreeMap<(&str, String), UseLine> = BTreeMap::new();
        for (item, gate) in self.used.borrow().iter() {
            let attr = cfg(gate);
            let key = (item.parent(), attr.as_ref().map(ToString::to_string).unwrap_or_default());
            let line = by_parent.entry(key).or_default();
            line.attr = attr;
            line.names.push(item.name());
        }
        let mut lines: Vec<(String, TokenStream)> = Vec::new();
        for ((parent, _), UseLine { attr, mut names }) in by_parent {
            names.sort_unstable();
            let parent_path = parent.split("::").map(|segment| match (&self.root, segment) {
                (Some(root), "crate") => root.clone(),
                _ => RustName::plain(segment).ident(),
            });
            let parent_path = quote! { #(#parent_path)::* };
            if parent == "crate" {
                // Each item of the crate root on a line of its own, as people write them.
                for name in names {
                    let ident = RustName::plain(name).ident();
                    lines.push((format!("{parent}::{name}"), quote! { #attr use #parent_path::#ident; }));
                }
            } else if let [only] = names.as_slice() {
                let ident = RustName::plain(*only).ident();
                lines.push((format!("{parent}::{only}"), quote! { #attr use #parent_path::#ident; }));
            } else {
                let idents = names.iter().map(|name| RustName::plain(*name).ident());
                let key = format!("{parent}::{{{}", attr.as_ref().map(ToString::to_string).unwrap_or_default());
                lines.push((key, quote! { #attr use #parent_path::{#(#idents),*}; }));
            }
        }
        lines.sort_by(|a, b| a.0.cmp(&b.0));
        lines.into_iter().map(|(_, line)| line).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_items_are_recorded_and_others_written_by_path() {
        let imports = Imports::operation_module();
        assert_eq!(imports.name(Item::Request).to_string(), "Request");
        assert_eq!(imports.name(Item::DecodeJson).to_string(), "crate :: runtime :: decode :: json");
        imports.name(Item::Method);
        imports.name(Item::Operation);
        imports.name(Item::Client);
        assert_eq!(
            imports.declarations().to_string(),
            quote! {
                use crate::Client;
                use crate::runtime::operation::{Method, Operation};
                use crate::runtime::request::Request;
            }
            .to_string()
        );
    }

    #[test]
    fn doc_examples_import_from_the_crate_by_name() {
        let krate = RustName::plain("my_api").ident();
        let imports = Imports::doc_example(&krate);
        assert_eq!(imports.name(Item::Models).to_string(), "models");
        assert_eq!(imports.declarations().to_string(), quote! { use my_api::models; }.to_string());
    }

    #[test]
    fn reserved_names_are_the_imported_names() {
        let reserved = operation_module_reserved();
        for name in ["Client", "Request", "Response", "Result", "Multipart", "PageRequest", "Style"] {
            assert!(reserved.contains(&name), "{name}");
        }
        assert!(client_module_reserved().contains(&"ApiDefaults"));
    }

    #[test]
    fn client_builder_methods_are_the_methods_of_the_runtime_builder() {
        let source = crate::runtime_files::RUNTIME_MODULES
            .iter()
            .find(|(name, _)| *name == "config")
            .map(|(_, source)| *source)
            .expect("the config module");
        let builder = source.split("impl<C: From<Transport>> ClientBuilder<C> {").nth(1).expect("the builder's impl");
        let builder = builder.split("\n}\n").next().unwrap_or_default();
        let declared: Vec<&str> = builder
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("pub fn "))
            .filter_map(|rest| rest.split(['(', '<']).next())
            .collect();
        for method in &declared {
            assert!(CLIENT_BUILDER_METHODS.contains(method), "`{method}` is missing from CLIENT_BUILDER_METHODS");
        }
        for method in CLIENT_BUILDER_METHODS.iter().filter(|method| !["clone", "fmt"].contains(method)) {
            assert!(declared.contains(method), "`{method}` is not a method of the runtime's ClientBuilder");
        }
    }

    #[test]
    fn every_runtime_item_is_public_in_the_copied_runtime() {
        for item in Item::ALL.iter().filter(|item| item.parent() != "crate") {
            let (module, declaration) = match item.parent().strip_prefix("crate::runtime::") {
                Some(module) => (module, None),
                None => (item.name(), Some(())),
            };
            let source = crate::runtime_files::RUNTIME_MODULES
                .iter()
                .find(|(name, _)| *name == module)
                .map(|(_, source)| *source)
                .unwrap_or_else(|| panic!("no runtime module `{module}` for {}", item.path_text()));
            if declaration.is_none() {
                let declared = ["fn", "struct", "enum", "trait", "type"]
                    .iter()
                    .any(|kind| source.contains(&format!("pub {kind} {}", item.name())));
                let reexported = source.lines().filter(|line| line.starts_with("pub use ")).any(|line| {
                    line.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == item.name())
                });
                let declared = declared || reexported;
                assert!(declared, "`{}` is not declared public", item.path_text());
            }
        }
    }
}
