//! `oneOf` / `anyOf`: an enum with one variant per alternative.
//!
//! With a discriminator whose values name every alternative, the variant is chosen by that
//! property, and a value whose tag this version does not know is kept rather than rejected.
//! Without one (or when an alternative is inline, so no tag can name it) the alternatives are
//! tried in the spec's order.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowering;
use super::refs::split_ref;
use super::shape::Shape;
use crate::diagnostics::Pointer;
use crate::ir::{RustName, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names;

impl<'a> Lowering<'a> {
    /// Lowers the alternatives `list` (at `at`, the pointer of the list) of `schema`.
    pub(super) fn union(
        &mut self,
        list: &'a [ReferenceOr<Schema>],
        schema: &'a Schema,
        at: &Pointer,
        hint: &str,
    ) -> Shape {
        match list {
            [] => return Shape::Ref(TypeRef::Any),
            [only] => return Shape::Ref(self.type_ref(only, &at.push(0), hint)),
            _ => {}
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants = Vec::new();
        for (index, item) in list.iter().enumerate() {
            let name = variant_name(item, index);
            let ty = self.type_ref(item, &at.push(index), &format!("{hint}{}", name.bare()));
            let tag = discriminator.and_then(|discriminator| tag_of(discriminator, item));
            variants.push(UnionVariant { name, ty, tag, boxed: false });
        }
        let property = match discriminator {
            Some(discriminator) if variants.iter().all(|v| v.tag.is_some()) => {
                Some(discriminator.property_name.clone())
            }
            Some(discriminator) => {
                self.warning(
                    at,
                    format!(
                        "the discriminator `{}` cannot name inline alternatives, so the alternatives are tried in order",
                        discriminator.property_name
                    ),
                );
                variants.iter_mut().for_each(|variant| variant.tag = None);
                None
            }
            None => None,
        };
        let unknown_variant = property.as_ref().map(|_| RustName::plain("Unknown"));
        Shape::Item(TypeKind::Union(UnionDef { discriminator: property, variants, unknown_variant, text_value: false }))
    }
}

/// The tag that selects a referenced alternative: its key in the discriminator's `mapping`,
/// or else the component's name. Inline alternatives have none.
fn tag_of(discriminator: &Discriminator, item: &ReferenceOr<Schema>) -> Option<String> {
    let ReferenceOr::Reference { reference } = item else { return None };
    let (_, name) = split_ref(reference)?;
    let mapped = discriminator.mapping.iter().find(|(_, target)| *target == reference || **target == name);
    Some(mapped.map_or(name, |(tag, _)| tag.clone()))
}

/// A variant name: the component's name, the schema's title, or its kind of value.
fn variant_name(item: &ReferenceOr<Schema>, index: usize) -> RustName {
    let schema = match item {
        ReferenceOr::Reference { reference } => {
            return split_ref(reference)
                .map_or_else(|| RustName::plain(format!("Variant{}", index + 1)), |(_, n)| names::variant_name(&n));
        }
        ReferenceOr::Item(schema) => schema,
    };
    if let Some(title) = schema.schema_data.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return names::variant_name(title);
    }
    let kind = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => return RustName::plain(format!("Variant{}", index + 1)),
    };
    RustName::plain(kind)
}
