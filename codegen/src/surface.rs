//! The Rust surface of a generated crate, spelled once: the Rust type of every IR type, the
//! arguments of client methods and builders, setters, constructors, and the names that the
//! generated items own.
//!
//! The emitters write code through it, lowering reserves names through it, and `xtask diff`
//! names the Rust items a spec change touches through it, so the diff report cannot drift from
//! what is emitted.

pub mod runtime;

use std::fmt;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Field, IntegerKind, NumberKind, Operation, Param, Scalar, StringFormat, TypeRef};
use crate::names::RustName;
use runtime::{Imports, Item};

/// The methods every request builder has, which its setters may not take: its own, and those
/// its derives and trait impls add.
pub const BUILDER_METHODS: &[&str] = &[
    "client",
    "send",
    "pages",
    "items",
    "new",
    "body",
    "build_request",
    "success_status",
    "clone",
    "fmt",
    WITH_OPTIONS_METHOD,
    OPTIONS_FIELD,
];

/// The builder method that takes a request's overrides of the client's settings.
const WITH_OPTIONS_METHOD: &str = "with_options";

/// The private builder field that holds them.
const OPTIONS_FIELD: &str = "request_options";

/// [`WITH_OPTIONS_METHOD`] as a name.
pub fn with_options_method() -> RustName {
    RustName::plain(WITH_OPTIONS_METHOD)
}

/// [`OPTIONS_FIELD`] as a name.
pub fn options_field() -> RustName {
    RustName::plain(OPTIONS_FIELD)
}

/// The methods the client facade has, which operations may not take.
pub const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "transport", "clone", "fmt"];

/// The method of a model's builder that makes the value; no field, and so no setter, may take
/// its name.
pub const BUILD_METHOD: &str = "build";

/// The cargo features every generated crate has, whatever its spec: the API features
/// (`lower/features.rs`) are named around them. `full` turns on every API feature, `builders`
/// the builders of the types only answers hold; the others choose the TLS library or add the
/// mock server.
pub const FIXED_FEATURES: &[&str] = &["builders", "full", "mock", "native-tls", "rustls", "rustls-ring"];

/// The feature that compiles the builders of the types only answers hold.
pub const BUILDERS_FEATURE: &str = "builders";

/// The field a struct with `additionalProperties` keeps the other entries in.
pub const ADDITIONAL_PROPERTIES_FIELD: &str = "additional_properties";

/// [`ADDITIONAL_PROPERTIES_FIELD`] as a name.
pub fn additional_properties_field() -> RustName {
    RustName::plain(ADDITIONAL_PROPERTIES_FIELD)
}

/// The Rust type of a value: what a field, parameter, body or item is declared as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A type of `models`.
    Named(RustName),
    /// A primitive or a library type, written as it is, such as `String` or `bytes::Bytes`.
    Primitive(&'static str),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `std::collections::BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `serde_json::Map<String, serde_json::Value>`, an object of any values.
    JsonObject,
    /// `serde_json::Value`, any JSON value.
    JsonValue,
    /// `Option<T>`.
    Option(Box<RustType>),
    /// `Box<T>`.
    Boxed(Box<RustType>),
}

impl RustType {
    /// The Rust type of an IR type reference.
    pub fn of(api: &Api, ty: &TypeRef) -> Self {
        match ty {
            TypeRef::Named(id) => Self::Named(api.type_def(*id).name.clone()),
            TypeRef::Scalar(scalar) => Self::Primitive(scalar_name(*scalar)),
            TypeRef::Array(item) => Self::Vec(Box::new(Self::of(api, item))),
            TypeRef::Map(value) if **value == TypeRef::Any => Self::JsonObject,
            TypeRef::Map(value) => Self::Map(Box::new(Self::of(api, value))),
            TypeRef::Any => Self::JsonValue,
        }
    }

    /// A struct field's value type: its type, boxed when it leads back to its own type.
    pub fn field_value(api: &Api, field: &Field) -> Self {
        let ty = Self::of(api, &field.ty);
        if field.boxed { Self::Boxed(Box::new(ty)) } else { ty }
    }

    /// A struct field's declared type: its value type, in `Option` when the field is optional.
    pub fn field(api: &Api, field: &Field) -> Self {
        let ty = Self::field_value(api, field);
        if field.is_optional() { Self::Option(Box::new(ty)) } else { ty }
    }

    /// The type as code in `scope` writes it.
    pub(crate) fn tokens(&self, scope: Scope<'_>) -> TokenStream {
        match self {
            Self::Named(name) => {
                let name = name.ident();
                match scope {
                    Scope::Models => quote! { #name },
                    Scope::Module(imports) => {
                        let models = imports.name(Item::Models);
                        quote! { #models::#name }
                    }
                }
            }
            Self::Primitive(text) => text.parse().unwrap_or_default(),
            Self::Vec(item) => {
                let item = item.tokens(scope);
                quote! { Vec<#item> }
            }
            Self::Map(value) => {
                let value = value.tokens(scope);
                quote! { std::collections::BTreeMap<String, #value> }
            }
            Self::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
            Self::JsonValue => quote! { serde_json::Value },
            Self::Option(inner) => {
                let inner = inner.tokens(scope);
                quote! { Option<#inner> }
            }
            Self::Boxed(inner) => {
                let inner = inner.tokens(scope);
                quote! { Box<#inner> }
            }
        }
    }
}

/// The short form reviewers read in reports: named types without their `models::` path and
/// maps as `BTreeMap`, e.g. `Option<Vec<Session>>`.
impl fmt::Display for RustType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Named(name) => write!(formatter, "{name}"),
            Self::Primitive(text) => formatter.write_str(text),
            Self::Vec(item) => write!(formatter, "Vec<{item}>"),
            Self::Map(value) => write!(formatter, "BTreeMap<String, {value}>"),
            Self::JsonObject => formatter.write_str("serde_json::Map<String, serde_json::Value>"),
            Self::JsonValue => formatter.write_str("serde_json::Value"),
            Self::Option(inner) => write!(formatter, "Option<{inner}>"),
            Self::Boxed(inner) => write!(formatter, "Box<{inner}>"),
        }
    }
}

/// Where a type is written: inside `models`, or in a module that names models through its
/// imports.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Inside `models.rs`: named types are written bare.
    Models,
    /// Elsewhere: named types are written `models::Name`, and the module imports `models`.
    Module(&'a Imports),
}

/// The Rust type of an IR type reference, as code in `scope` writes it.
pub(crate) fn type_tokens(api: &Api, ty: &TypeRef, scope: Scope<'_>) -> TokenStream {
    RustType::of(api, ty).tokens(scope)
}

/// The Rust name of a scalar.
fn scalar_name(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String(StringFormat::Binary) => "bytes::Bytes",
        Scalar::String(_) => "String",
        Scalar::Boolean => "bool",
        Scalar::Integer(IntegerKind::I32) => "i32",
        Scalar::Integer(IntegerKind::I64) => "i64",
        Scalar::Integer(IntegerKind::U32) => "u32",
        Scalar::Integer(IntegerKind::U64) => "u64",
        Scalar::Number(NumberKind::F32) => "f32",
        Scalar::Number(NumberKind::F64) => "f64",
    }
}

/// Whether a value of this type is text, so public methods take `impl Into<String>`.
pub fn is_text(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Scalar(Scalar::String(format)) if *format != StringFormat::Binary)
}

/// One argument of a public method: a client method's, a builder's `new` or a setter's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The argument's name, which is also the builder field's.
    pub name: RustName,
    /// The type the builder stores.
    pub ty: RustType,
    /// Whether the value is text, so public methods accept `impl Into<String>`.
    pub text: bool,
}

impl Argument {
    fn of(api: &Api, name: RustName, ty: &TypeRef) -> Self {
        Self { name, ty: RustType::of(api, ty), text: is_text(ty) }
    }

    /// The request body, which is taken as its type, text or not.
    fn body(api: &Api, ty: &TypeRef) -> Self {
        Self { name: body_name(), ty: RustType::of(api, ty), text: false }
    }

    /// The argument as a public method declares it.
    pub(crate) fn parameter(&self, scope: Scope<'_>) -> TokenStream {
        let name = self.name.ident();
        if self.text {
            quote! { #name: impl Into<String> }
        } else {
            let ty = self.ty.tokens(scope);
            quote! { #name: #ty }
        }
    }

    /// The argument as the builder's crate-private `new` declares it: the stored type.
    pub(crate) fn stored_parameter(&self, scope: Scope<'_>) -> TokenStream {
        let name = self.name.ident();
        let ty = self.ty.tokens(scope);
        quote! { #name: #ty }
    }

    /// The argument as a public method passes it on to the builder.
    pub(crate) fn value(&self) -> TokenStream {
        let name = self.name.ident();
        if self.text {
            quote! { #name.into() }
        } else {
            quote! { #name }
        }
    }
}

/// The name of the argument and builder field that holds the request body.
pub fn body_name() -> RustName {
    RustName::plain("body")
}

/// The arguments of an operation's client method, and of its builder's `new`: the required
/// parameters in order, then a required body.
pub fn required_arguments(api: &Api, op: &Operation) -> Vec<Argument> {
    let params = op.params.iter().filter(|p| p.required).map(|param| Argument::of(api, param.name.clone(), &param.ty));
    let body = op.body.iter().filter(|b| b.required).map(|body| Argument::body(api, &body.ty));
    params.chain(body).collect()
}

/// The setter of an optional parameter: its name and the value it takes.
pub fn setter(api: &Api, param: &Param) -> Argument {
    Argument::of(api, param.name.clone(), &param.ty)
}

/// The setter of an optional body, when the operation has one.
pub fn body_setter(api: &Api, op: &Operation) -> Option<Argument> {
    op.body.as_ref().filter(|body| !body.required).map(|body| Argument::body(api, &body.ty))
}

/// The client methods that start an operation, as paths, e.g. `Client::list_sessions` and,
/// with a scoped handle, `AppClient::list_sessions`.
pub fn client_method_paths(api: &Api, op: &Operation) -> Vec<String> {
    let mut paths = vec![format!("Client::{}", op.method_name)];
    paths.extend(api.scope.iter().map(|scope| format!("{}::{}", scope.type_name, op.method_name)));
    paths
}

/// The request builder's path from the crate root, e.g. `operations::ListSessions`.
pub fn builder_path(op: &Operation) -> String {
    format!("operations::{}", op.builder_name)
}

/// How a struct is made: `Type::builder()`, a setter per field, then `build()`, which checks
/// that the required fields were set. With none required, `build()` cannot fail and `Default`
/// makes one too.
#[derive(Debug, Clone, PartialEq)]
pub struct Construction<'a> {
    /// The fields `build()` needs, in the spec's order.
    pub required: Vec<&'a Field>,
}

impl<'a> Construction<'a> {
    /// How a struct with these fields is made.
    pub fn of(fields: &'a [Field]) -> Self {
        Self { required: crate::ir::required_fields(fields) }
    }

    /// Whether `build()` can fail, returning a `Result`.
    pub fn is_fallible(&self) -> bool {
        !self.required.is_empty()
    }
}
