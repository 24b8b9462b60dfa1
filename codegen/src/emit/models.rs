//! Emits `models.rs`: one Rust type per named IR type.
//!
//! Structs are `#[non_exhaustive]` so fields can be added without a breaking release, and
//! each has a builder with a named setter per field, so consumers can still build values and
//! can never swap two of them.
//! Enums keep values this version does not know in an `Unknown` variant, and so do unions with
//! a discriminator. A field that leads back to its own type is boxed.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::{Gates, gate_items};
use super::{Deprecated, code_span, doc_lines, doc_paragraph, docs_or, field_type, serde_impls};
use crate::ir::{Api, EnumDef, EnumValue, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::surface::runtime::Item;
use crate::surface::{BUILDERS_FEATURE, Construction, Scope, additional_properties_field, is_text, type_tokens};

/// One part of `models.rs`: the types in `types`, after the file's opening (its docs and
/// imports) when the part is the first.
///
/// A large spec's models are emitted and rendered in parts, in parallel, and the parts' text is
/// joined; prettyplease prints each item on its own, so the file reads as if rendered whole.
///
/// When the spec deprecates a type or a field, the file allows the `deprecated` lint: the
/// crate's own references to them (its impls, constructors and serde code) are not warnings,
/// while users' references still are.
pub(super) fn models_part(api: &Api, gates: &Gates<'_>, types: Range<usize>, deprecated: &Deprecated) -> TokenStream {
    let opening = (types.start == 0).then(|| {
        let allow = (!deprecated.is_empty()).then(|| quote! { #![allow(deprecated)] });
        quote! {
            #![doc = " The request and response types of the API, one per schema of the spec."]
            #allow
        }
    });
    let items = api
        .types
        .get(types)
        .unwrap_or_default()
        .iter()
        .map(|def| gate_items(gates.attr(&def.gate).as_ref(), type_item(api, def)));
    quote! {
        #opening
        #(#items)*
    }
}

/// One type, with its docs and its deprecation.
fn type_item(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = docs_or(def.docs.as_deref(), &format!("The `{}` schema.", def.name));
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    let body = match &def.kind {
        TypeKind::Struct(object) => struct_item(api, def, object),
        TypeKind::Enum(enumeration) => enum_item(def, enumeration),
        TypeKind::Union(union) => union_item(api, def, union),
        TypeKind::Alias(target) => {
            let name = def.name.ident();
            let target = type_tokens(api, target, Scope::Models);
            quote! { pub type #name = #target; }
        }
    };
    quote! { #docs #deprecated #body }
}

/// A struct and its constructor; its serde impls are in `codecs.rs` (see `serde_impls.rs`).
fn struct_item(api: &Api, def: &TypeDef, object: &StructDef) -> TokenStream {
    let name = def.name.ident();
    let additional = object.additional_properties.as_ref().map(|value| {
        let additional_field = additional_properties_field().ident();
        let lenient = lenient_integers(api, value, false);
        let value = type_tokens(api, value, Scope::Models);
        quote! {
            #[doc = " Properties beyond the documented ones."]
            #[serde(flatten)]
            #lenient
            pub #additional_field: std::collections::BTreeMap<String, #value>,
        }
    });
    // Structs are encoded and decoded through `runtime::object` (see `serde_impls.rs`) unless
    // the derives must collect extra properties.
    let object_impls = serde_impls::uses_object(object);
    let fields = object.fields.iter().map(|field| field_item(api, field, !object_impls));
    let derive_serde = (!object_impls).then(|| quote! { serde::Serialize, serde::Deserialize, });
    let derive_default = object.fields.iter().all(Field::is_optional).then(|| quote! { Default, });
    let builder = builder(api, def, object);
    // Users build the values of request types; values of the types only answers hold are built
    // by tests, which turn the feature on (the mock server does).
    let builder = if def.in_requests {
        builder
    } else {
        let feature = BUILDERS_FEATURE;
        gate_items(Some(&quote! { #[cfg(feature = #feature)] }), builder)
    };
    quote! {
        #[derive(Debug, Clone, #derive_default PartialEq, #derive_serde)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #builder
    }
}

/// One field; `serde_attributes` says whether the serde derives read its attributes.
fn field_item(api: &Api, field: &Field, serde_attributes: bool) -> TokenStream {
    let name = field.name.ident();
    let docs = docs_or(field.docs.as_deref(), &format!("The {} property.", code_span(&field.wire_name)));
    let notes = field_notes(field).map(|notes| doc_paragraph(&notes));
    let docs = quote! { #docs #notes };
    let ty = field_type(api, field);
    let wire = &field.wire_name;
    let renamed = serde_attributes && field.name.bare() != wire;
    let rename = renamed.then(|| quote! { #[serde(rename = #wire)] });
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    // A required but nullable field defaults to `None` when its key is missing, as the derive
    // does for an `Option` field without `deserialize_with`.
    let lenient =
        serde_attributes.then(|| lenient_integers(api, &field.ty, field.is_optional() && field.required)).flatten();
    if field.is_optional() {
        let skipped = serde_attributes && !field.required;
        let skip = skipped.then(|| quote! { #[serde(default, skip_serializing_if = "Option::is_none")] });
        quote! { #docs #rename #skip #lenient #deprecated pub #name: Option<#ty>, }
    } else {
        quote! { #docs #rename #lenient #deprecated pub #name: #ty, }
    }
}

/// For the derives: decodes a field or alternative whose type holds integers through the
/// runtime's `integers` module, which accepts whole-valued floats for them; `default` adds
/// `#[serde(default)]` to the same attribute.
fn lenient_integers(api: &Api, ty: &TypeRef, default: bool) -> Option<TokenStream> {
    let path = Item::LenientIntegers.path_text();
    let default = default.then(|| quote! { default, });
    serde_impls::holds_integers(api, ty).then(|| quote! { #[serde(#default deserialize_with = #path)] })
}

/// What the docs add to a field's description: its direction and its default.
fn field_notes(field: &Field) -> Option<String> {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Sent by the server only; leave it unset in requests.".to_owned());
    }
    if field.write_only {
        notes.push("Sent by the client only; answers leave it unset.".to_owned());
    }
    if let Some(default) = &field.default {
        notes.push(format!("Defaults to {} when left out.", code_span(&default.to_string())));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// `Type::builder()` and the builder it starts: a setter per field in the spec's order, and
/// `build()`, which names the first required field left unset. Nothing is positional, so two
/// fields of one type can never be swapped.
fn builder(api: &Api, def: &TypeDef, object: &StructDef) -> TokenStream {
    let (name, builder) = (def.name.ident(), object.builder_name.ident());
    let construction = Construction::of(&object.fields);
    let additional = object.additional_properties.as_ref().map(|value| (additional_properties_field(), value));
    let slots = object.fields.iter().map(|field| {
        let field_name = field.name.ident();
        let ty = stored_type(api, field);
        quote! { #field_name: Option<#ty>, }
    });
    let additional_slot = additional.as_ref().map(|(field, value)| {
        let (field, value) = (field.ident(), type_tokens(api, value, Scope::Models));
        quote! { #field: std::collections::BTreeMap<String, #value>, }
    });
    let setters = object.fields.iter().map(|field| field_setter(api, field));
    let additional_setter = additional.as_ref().map(|(field, value)| {
        let (field, value) = (field.ident(), type_tokens(api, value, Scope::Models));
        let docs = doc_lines("Adds a property beyond the documented ones.");
        quote! {
            #docs
            pub fn #field(mut self, key: impl Into<String>, value: #value) -> Self {
                self.#field.insert(key.into(), value);
                self
            }
        }
    });
    let type_name = def.name.bare();
    let values = object.fields.iter().map(|field| {
        let field_name = field.name.ident();
        if field.is_optional() {
            quote! { #field_name: self.#field_name, }
        } else {
            let bare = field.name.bare();
            quote! { #field_name: self.#field_name.ok_or_else(|| missing(#bare))?, }
        }
    });
    let additional_value = additional.as_ref().map(|(field, _)| {
        let field = field.ident();
        quote! { #field: self.#field, }
    });
    let value = quote! { #name { #(#values)* #additional_value } };
    let build = if construction.is_fallible() {
        let docs = doc_lines(&format!(
            "The value, or a [`BuildError`](crate::BuildError) naming the first required field left unset: {}.",
            construction.required.iter().map(|field| code_span(field.name.bare())).collect::<Vec<_>>().join(", ")
        ));
        quote! {
            #docs
            pub fn build(self) -> Result<#name, crate::BuildError> {
                let missing = |field| crate::BuildError::missing(#type_name, field);
                Ok(#value)
            }
        }
    } else {
        let docs = doc_lines("The value; every field is optional.");
        quote! {
            #docs
            pub fn build(self) -> #name {
                #value
            }
        }
    };
    let start_docs = doc_lines(&format!("Starts a builder, [`{builder}`]: set fields by name, then call `build()`."));
    let builder_docs =
        doc_lines(&format!("Builds a [`{type_name}`] field by field; made by [`{type_name}::builder`]."));
    quote! {
        impl #name {
            #start_docs
            pub fn builder() -> #builder {
                // `Default` by its trait, since a field named `default` has a setter of that name.
                Default::default()
            }
        }

        #builder_docs
        #[derive(Debug, Clone, Default)]
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct #builder {
            #(#slots)*
            #additional_slot
        }

        impl #builder {
            #(#setters)*
            #additional_setter
            #build
        }
    }
}

/// What a builder stores for a field until `build()`: the field's own type, unwrapped from the
/// `Option` that optionality adds.
fn stored_type(api: &Api, field: &Field) -> TokenStream {
    let ty = type_tokens(api, &field.ty, Scope::Models);
    if field.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// A builder's setter for one field, documented like the field.
fn field_setter(api: &Api, field: &Field) -> TokenStream {
    let name = field.name.ident();
    let docs = docs_or(field.docs.as_deref(), &format!("Sets the {} property.", code_span(&field.wire_name)));
    let required = (!field.is_optional()).then(|| doc_paragraph("Required."));
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    let (argument, value) = if is_text(&field.ty) {
        (quote! { impl Into<String> }, quote! { #name.into() })
    } else {
        (type_tokens(api, &field.ty, Scope::Models), quote! { #name })
    };
    let value = if field.boxed {
        quote! { Box::new(#value) }
    } else {
        value
    };
    quote! {
        #docs
        #required
        #deprecated
        pub fn #name(mut self, #name: #argument) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn enum_item(def: &TypeDef, enumeration: &EnumDef) -> TokenStream {
    let integer = enumeration.variants.iter().any(|v| matches!(v.value, EnumValue::Integer(_)));
    if integer { integer_enum_item(def, enumeration) } else { string_enum_item(def, enumeration) }
}

fn string_enum_item(def: &TypeDef, enumeration: &EnumDef) -> TokenStream {
    let name = def.name.ident();
    let (open_enum_deserialize, query_value) = (Item::OpenEnumDeserialize.path(), Item::QueryValue.path());
    let unknown = enumeration.unknown_variant.ident();
    let wire_values: Vec<String> = enumeration
        .variants
        .iter()
        .map(|v| match &v.value {
            EnumValue::String(text) => text.clone(),
            EnumValue::Integer(number) => number.to_string(),
        })
        .collect();
    let variant_names: Vec<_> = enumeration.variants.iter().map(|v| v.name.ident()).collect();
    let variants = variant_names.iter().zip(&wire_values).map(|(variant, wire)| {
        let docs = doc_lines(&format!("{}.", code_span(wire)));
        quote! { #docs #variant, }
    });
    // Decoding goes through the runtime's open-enum visitor, which reads the string in place; the
    // derived decoding of an untagged catch-all buffers each value and tries every variant first.
    // Encoding writes `as_str`, which is shorter than the derive and agrees with it.
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this version of the crate does not know; it is kept, not rejected."]
            #unknown(String),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl #name {
            #[doc = " The value as it is written on the wire."]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_names => #wire_values,)*
                    Self::#unknown(value) => value,
                }
            }

            fn known(value: &str) -> Option<Self> {
                match value {
                    #(#wire_values => Some(Self::#variant_names),)*
                    _ => None,
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #open_enum_deserialize(deserializer, Self::known, Self::#unknown)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #query_value for #name {
            fn query_text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}

fn integer_enum_item(def: &TypeDef, enumeration: &EnumDef) -> TokenStream {
    let name = def.name.ident();
    let (lenient_integers, query_value) = (Item::LenientIntegers.path(), Item::QueryValue.path());
    let unknown = enumeration.unknown_variant.ident();
    let values: Vec<i64> = enumeration
        .variants
        .iter()
        .filter_map(|v| match v.value {
            EnumValue::Integer(number) => Some(number),
            EnumValue::String(_) => None,
        })
        .collect();
    let variant_names: Vec<_> = enumeration.variants.iter().map(|v| v.name.ident()).collect();
    let variants = variant_names.iter().zip(&values).map(|(variant, value)| {
        let docs = doc_lines(&format!("`{value}`."));
        quote! { #docs #variant, }
    });
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this version of the crate does not know; it is kept, not rejected."]
            #unknown(i64),
        }

        impl #name {
            #[doc = " The value as it is written on the wire."]
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::#unknown(value) => value,
                }
            }

            #[doc = " The variant for a wire value."]
            pub fn from_value(value: i64) -> Self {
                match value {
                    #(#values => Self::#variant_names,)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #lenient_integers::<i64, D>(deserializer).map(Self::from_value)
            }
        }

        impl #query_value for #name {
            fn query_text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.value().to_string())
            }
        }
    }
}

fn union_item(api: &Api, def: &TypeDef, union: &UnionDef) -> TokenStream {
    let name = def.name.ident();
    // An untagged union's integer alternatives accept whole-valued floats, unless another
    // alternative takes fractional numbers: that one keeps receiving every float, as before.
    // Tagged unions decode each alternative through its own `Deserialize`.
    let untagged = union.discriminator.is_none() || union.unknown_variant.is_none();
    let lenient = untagged && !union.variants.iter().any(|variant| serde_impls::holds_fractions(api, &variant.ty));
    let variants = union.variants.iter().map(|variant| {
        let variant_name = variant.name.ident();
        let ty = variant_type(api, variant);
        let docs = match &variant.tag {
            Some(tag) => doc_lines(&format!("The alternative tagged {}.", code_span(tag))),
            None => doc_lines(&format!("The `{}` alternative.", variant.name)),
        };
        let lenient = lenient.then(|| lenient_integers(api, &variant.ty, false)).flatten();
        quote! { #docs #lenient #variant_name(#ty), }
    });
    let (Some(property), Some(unknown)) = (&union.discriminator, &union.unknown_variant) else {
        let parameter_impl = union.text_value.then(|| text_union_parameter(union, &name));
        return quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            #parameter_impl
        };
    };
    let unknown = unknown.ident();
    let unknown_docs = doc_lines(&format!(
        "A value whose {} this version of the crate does not know; it is kept, not rejected.",
        code_span(property)
    ));
    let tagged: Vec<(proc_macro2::Ident, &str)> = union
        .variants
        .iter()
        .filter_map(|variant| variant.tag.as_deref().map(|tag| (variant.name.ident(), tag)))
        .collect();
    let (serialize_tagged, alternative, tag_of) =
        (Item::SerializeTagged.path(), Item::TaggedAlternative.path(), Item::Tag.path());
    let serialize_arms = tagged.iter().map(|(variant, tag)| {
        quote! { Self::#variant(value) => #serialize_tagged(value, #property, #tag, serializer), }
    });
    let deserialize_arms = tagged.iter().map(|(variant, tag)| {
        quote! { Some(#tag) => #alternative(value).map(Self::#variant), }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #unknown_docs
            #unknown(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match #tag_of(&value, #property) {
                    #(#deserialize_arms)*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

/// `QueryValue` for a union whose alternatives are all written as text, so it can be a path,
/// query, header or cookie parameter: each alternative writes and checks itself.
fn text_union_parameter(union: &UnionDef, name: &proc_macro2::Ident) -> TokenStream {
    let variants: Vec<_> = union.variants.iter().map(|variant| variant.name.ident()).collect();
    let query_value = Item::QueryValue.path();
    quote! {
        impl #query_value for #name {
            fn query_text(&self) -> std::borrow::Cow<'_, str> {
                match self {
                    #(Self::#variants(value) => #query_value::query_text(value),)*
                }
            }

            fn numeric(&self) -> Option<f64> {
                match self {
                    #(Self::#variants(value) => #query_value::numeric(value),)*
                }
            }
        }
    }
}

/// An alternative's Rust type, boxed when it leads back to the union.
fn variant_type(api: &Api, variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(api, &variant.ty, Scope::Models);
    if variant.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}
