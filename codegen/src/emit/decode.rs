//! Emits the `Deserialize` implementation of a struct, through the runtime's `object` module.
//!
//! The derive writes about 19 lines per field; this writes three: a slot, a match arm and an
//! initializer. On a spec with thousands of schemas, that is most of the memory `cargo check`
//! needs for the generated crate. Structs with `additionalProperties` keep the derive, whose
//! `#[serde(flatten)]` collects the extra entries.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::models::field_type;
use crate::ir::{Api, Field, StructDef, TypeDef, TypeKind};

/// The imports `models.rs` needs when any struct decodes through `runtime::object`.
pub(super) fn imports(api: &Api) -> Option<TokenStream> {
    let used =
        api.types.iter().any(|def| matches!(&def.kind, TypeKind::Struct(object) if uses_object_decoding(object)));
    used.then(|| quote! { use crate::runtime::object::{self, Slot as _}; })
}

/// Whether the struct decodes through `runtime::object` rather than the derive.
pub(super) fn uses_object_decoding(object: &StructDef) -> bool {
    object.additional_properties.is_none()
}

/// `Deserialize` and `runtime::object::Object` for a struct. `allow` (the struct's allowance of
/// deprecated types) goes on both impls, and they also allow the deprecated fields they set.
pub(super) fn deserialize_impls(
    api: &Api,
    def: &TypeDef,
    object: &StructDef,
    allow: Option<&TokenStream>,
) -> TokenStream {
    let name = ident(&def.name);
    let wire_name = &def.name;
    let visit_body = visit_body(api, &object.fields);
    let sets_deprecated = object.fields.iter().any(|field| field.deprecated);
    let allow = match allow {
        Some(allow) => Some(allow.clone()),
        None => sets_deprecated.then(|| quote! { #[allow(deprecated)] }),
    };
    quote! {
        #allow
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        #allow
        impl object::Object for #name {
            const NAME: &'static str = #wire_name;

            fn visit<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #visit_body
            }
        }
    }
}

/// Reads every entry into a slot per field, then builds the struct from the slots.
fn visit_body(api: &Api, fields: &[Field]) -> TokenStream {
    if fields.is_empty() {
        return quote! {
            while __map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                object::skip(&mut __map)?;
            }
            Ok(Self {})
        };
    }
    let slots = fields.iter().map(|field| {
        let slot = ident(&field.name);
        let ty = field_type(api, field);
        // An optional field's slot holds `Option<T>`, so a `null` is told apart from a repeat.
        let ty = if field.is_optional() {
            quote! { Option<#ty> }
        } else {
            ty
        };
        quote! { let mut #slot: Option<#ty> = None; }
    });
    let arms = fields.iter().map(|field| {
        let slot = ident(&field.name);
        let wire = &field.wire_name;
        quote! { #wire => #slot.fill_from(&mut __map, #wire)?, }
    });
    let initializers = fields.iter().map(|field| {
        let slot = ident(&field.name);
        let wire = &field.wire_name;
        if field.is_optional() {
            quote! { #slot: #slot.flatten(), }
        } else {
            quote! { #slot: #slot.or_missing(#wire)?, }
        }
    });
    quote! {
        #(#slots)*
        while let Some(__key) = __map.next_key::<object::Key<'de>>()? {
            match __key.as_str() {
                #(#arms)*
                _ => object::skip(&mut __map)?,
            }
        }
        Ok(Self { #(#initializers)* })
    }
}
