//! Emits `codecs.rs`: the `Serialize` and `Deserialize` implementations of the structs, through
//! the runtime's `object` module, apart from `models.rs` so that file reads as the data model.
//!
//! The serde derives expand to about 25 lines per field; these write four: a slot, a match arm
//! and an initializer to decode, and one line to encode. On a spec with thousands of schemas,
//! the derives' expansion was most of the memory `cargo check` needed for the generated crate.
//! Structs with `additionalProperties` keep the derives, whose `#[serde(flatten)]` collects the
//! extra entries.
//!
//! A field whose type holds integers (`u64`, `Option<Vec<i64>>`, a map of them, an alias of
//! one) is read through the runtime's `integers` module, which also accepts whole-valued floats
//! such as `30.0` for them: [`holds_integers`] decides which fields, here and for the derives.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::Deprecated;
use super::features::{Gates, gate_items};
use crate::ir::{Api, Field, Gate, Scalar, StructDef, TypeDef, TypeKind, TypeRef};
use crate::surface::runtime::{Imports, Item};
use crate::surface::{RustType, Scope};

/// Whether any struct goes through `runtime::object`, so the crate has a `codecs.rs`.
pub(super) fn any_struct_codec(api: &Api) -> bool {
    codec_structs(api).next().is_some()
}

/// The structs that go through `runtime::object`.
fn codec_structs(api: &Api) -> impl Iterator<Item = &TypeDef> {
    api.types.iter().filter(|def| matches!(&def.kind, TypeKind::Struct(object) if uses_object(object)))
}

/// One part of `codecs.rs`: the serde code of the structs among the types in `types`, after
/// the file's opening when the part is the first; parts are rendered in parallel, as the
/// parts of `models.rs` are.
pub(super) fn codecs_part(api: &Api, gates: &Gates<'_>, types: Range<usize>, deprecated: &Deprecated) -> TokenStream {
    let imports = Imports::new(&[Item::Models]);
    let impls: Vec<TokenStream> = api
        .types
        .get(types.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(object) if uses_object(object) => {
                Some(gate_items(gates.attr(&def.gate).as_ref(), serde_impls(api, def, object, &imports)))
            }
            _ => None,
        })
        .collect();
    let opening = (types.start == 0).then(|| {
        // The first part names `models` whether or not its own structs do, since later parts
        // share its imports; a build without any of the structs has no use for them.
        imports.name(Item::Models);
        let allow = (!deprecated.is_empty()).then(|| quote! { #![allow(deprecated)] });
        let object = Item::Object.path();
        let models = imports.declarations();
        let gate = codec_structs(api).fold(None, |all: Option<Gate>, def| {
            Some(all.map_or_else(|| def.gate.clone(), |all| all.union(&def.gate)))
        });
        let uses = gate_items(
            gate.and_then(|gate| gates.attr(&gate)).as_ref(),
            quote! {
                #models
                use #object::{self, Slot as _};
            },
        );
        quote! {
            #![doc = " How the structs of `models` are encoded and decoded, through the runtime's `object` module."]
            #allow
            #uses
        }
    });
    quote! {
        #opening
        #(#impls)*
    }
}

/// Whether the struct is encoded and decoded through `runtime::object` rather than the derives.
pub(super) fn uses_object(object: &StructDef) -> bool {
    object.additional_properties.is_none()
}

/// Whether a value of this type holds integers that its own decoding reads: an integer, or an
/// array, map or alias of one. Structs, enums and unions are left out, since they decode their
/// own contents.
pub(super) fn holds_integers(api: &Api, ty: &TypeRef) -> bool {
    holds(api, ty, |ty| matches!(ty, TypeRef::Scalar(Scalar::Integer(_))), 0)
}

/// Whether a value of this type may hold a fractional number: a `number`, any JSON value, or
/// an array, map or alias of either.
pub(super) fn holds_fractions(api: &Api, ty: &TypeRef) -> bool {
    holds(api, ty, |ty| matches!(ty, TypeRef::Scalar(Scalar::Number(_)) | TypeRef::Any), 0)
}

/// Whether `ty`, its array items, its map values or the targets of its aliases match `wanted`;
/// `depth` counts the aliases followed, so a cycle of aliases ends.
fn holds(api: &Api, ty: &TypeRef, wanted: fn(&TypeRef) -> bool, depth: usize) -> bool {
    if wanted(ty) {
        return true;
    }
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => holds(api, inner, wanted, depth),
        TypeRef::Named(id) if depth < api.types.len() => match &api.type_def(*id).kind {
            TypeKind::Alias(target) => holds(api, target, wanted, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

/// `Serialize`, `Deserialize` and `runtime::object::Object` for a struct.
fn serde_impls(api: &Api, def: &TypeDef, object: &StructDef, imports: &Imports) -> TokenStream {
    let name = RustType::Named(def.name.clone()).tokens(Scope::Module(imports));
    let wire_name = def.name.bare();
    let visit_body = visit_body(api, &object.fields, imports);
    let write_body = write_body(&object.fields);
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #write_body
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        impl object::Object for #name {
            const NAME: &'static str = #wire_name;

            fn visit<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #visit_body
            }
        }
    }
}

/// Writes each field in order; an optional field that is unset is left out, as the derive's
/// `skip_serializing_if = "Option::is_none"` did. A required field that is nullable is written
/// even when it is `None`, as `null`.
fn write_body(fields: &[Field]) -> TokenStream {
    if fields.is_empty() {
        return quote! { object::Writer::start(serializer)?.end() };
    }
    let writes = fields.iter().map(|field| {
        let name = field.name.ident();
        let wire = &field.wire_name;
        if field.required {
            quote! { writer.field(#wire, &self.#name)?; }
        } else {
            quote! { writer.optional(#wire, &self.#name)?; }
        }
    });
    quote! {
        let mut writer = object::Writer::start(serializer)?;
        #(#writes)*
        writer.end()
    }
}

/// Reads every entry into a slot per field, then builds the struct from the slots.
fn visit_body(api: &Api, fields: &[Field], imports: &Imports) -> TokenStream {
    if fields.is_empty() {
        return quote! {
            while __map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                object::skip(&mut __map)?;
            }
            Ok(Self {})
        };
    }
    let slots = fields.iter().map(|field| {
        let slot = field.name.ident();
        let ty = RustType::field_value(api, field).tokens(Scope::Module(imports));
        // An optional field's slot holds `Option<T>`, so a `null` is told apart from a repeat.
        let ty = if field.is_optional() {
            quote! { Option<#ty> }
        } else {
            ty
        };
        quote! { let mut #slot: Option<#ty> = None; }
    });
    let arms = fields.iter().map(|field| {
        let slot = field.name.ident();
        let wire = &field.wire_name;
        if holds_integers(api, &field.ty) {
            quote! { #wire => #slot.fill_integers_from(&mut __map, #wire)?, }
        } else {
            quote! { #wire => #slot.fill_from(&mut __map, #wire)?, }
        }
    });
    let initializers = fields.iter().map(|field| {
        let slot = field.name.ident();
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
