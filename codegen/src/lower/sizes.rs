//! Large alternatives: an enum is as large as its largest variant, so a union or answer enum
//! whose largest alternative dwarfs the others boxes it, as clippy's `large_enum_variant` asks.
//!
//! Sizes are estimated from the IR with the layout of a 64-bit target: `String`, `Vec` and
//! `BTreeMap` are 24 bytes, `serde_json::Value` and `bytes::Bytes` 32, a `Box` 8, and a struct
//! the sum of its fields, each padded to 8. The estimate leans high, and an alternative is
//! boxed when it is more than [`BOX_ABOVE`] bytes larger than the next largest, well below
//! clippy's threshold of 200, so the estimate's error cannot let the lint through.

use crate::ir::{Api, IntegerKind, NumberKind, Scalar, StringFormat, TypeKind, TypeRef};

/// How many bytes the largest alternative may exceed the next largest by, unboxed.
const BOX_ABOVE: u64 = 128;

/// The size of a pointer, and so of a boxed alternative.
const POINTER: u64 = 8;

/// Boxes the alternatives of unions and answer enums that are far larger than the rest.
pub(super) fn box_large_variants(api: &mut Api) {
    let mut sizes = Sizes { api: &*api, known: vec![None; api.types.len()] };
    let unions: Vec<(usize, Vec<bool>)> = (0..api.types.len())
        .filter_map(|index| match &api.types[index].kind {
            TypeKind::Union(union) => {
                let variants: Vec<(u64, bool)> =
                    union.variants.iter().map(|v| (sizes.size_of(&v.ty), v.boxed)).collect();
                Some((index, boxes(&variants)))
            }
            _ => None,
        })
        .collect();
    let answers: Vec<[Option<Vec<bool>>; 2]> = api
        .operations
        .iter()
        .map(|op| {
            [&op.success_enum, &op.error_enum].map(|answers| {
                answers.as_ref().map(|answers| {
                    let variants: Vec<(u64, bool)> = answers
                        .variants
                        .iter()
                        .map(|v| (v.ty.as_ref().map_or(0, |ty| sizes.size_of(ty)), false))
                        .collect();
                    boxes(&variants)
                })
            })
        })
        .collect();
    for (index, boxed) in unions {
        if let TypeKind::Union(union) = &mut api.types[index].kind {
            union.variants.iter_mut().zip(boxed).for_each(|(variant, boxed)| variant.boxed = boxed);
        }
    }
    for (op, [success, error]) in api.operations.iter_mut().zip(answers) {
        for (answers, boxed) in [(&mut op.success_enum, success), (&mut op.error_enum, error)] {
            if let (Some(answers), Some(boxed)) = (answers, boxed) {
                answers.variants.iter_mut().zip(boxed).for_each(|(variant, boxed)| variant.boxed = boxed);
            }
        }
    }
}

/// Which variants to box, given each one's size and whether it is boxed already: the largest,
/// again and again, while it exceeds the next largest by more than [`BOX_ABOVE`].
fn boxes(variants: &[(u64, bool)]) -> Vec<bool> {
    let mut boxed: Vec<bool> = variants.iter().map(|&(_, boxed)| boxed).collect();
    let size = |index: usize, boxed: &[bool]| if boxed[index] { POINTER } else { variants[index].0 };
    loop {
        let mut order: Vec<usize> = (0..variants.len()).collect();
        order.sort_by_key(|&index| std::cmp::Reverse(size(index, &boxed)));
        match order.as_slice() {
            [largest, next, ..] if size(*largest, &boxed) > size(*next, &boxed) + BOX_ABOVE => boxed[*largest] = true,
            _ => return boxed,
        }
    }
}

/// The estimated size of each named type, computed once.
struct Sizes<'a> {
    api: &'a Api,
    known: Vec<Option<u64>>,
}

impl Sizes<'_> {
    fn size_of(&mut self, ty: &TypeRef) -> u64 {
        match ty {
            TypeRef::Scalar(scalar) => scalar_size(*scalar),
            TypeRef::Array(_) | TypeRef::Map(_) => 24,
            TypeRef::Any => 32,
            TypeRef::Named(id) => {
                if let Some(known) = self.known[id.0] {
                    return known;
                }
                // A type met again while its own size is computed is reached through a `Box`
                // (recursion is boxed before this pass), so the pointer stands in for it.
                self.known[id.0] = Some(POINTER);
                let size = self.named_size(id.0);
                self.known[id.0] = Some(size);
                size
            }
        }
    }

    fn named_size(&mut self, index: usize) -> u64 {
        let api = self.api;
        match &api.types[index].kind {
            TypeKind::Struct(object) => {
                let fields: u64 = object
                    .fields
                    .iter()
                    .map(|field| {
                        let size = if field.boxed { POINTER } else { self.size_of(&field.ty) };
                        // An `Option` of a type with no spare bit pattern needs a tag.
                        let tag = if field.is_optional() && matches!(field.ty, TypeRef::Scalar(_)) { 8 } else { 0 };
                        (size + tag).next_multiple_of(8)
                    })
                    .sum();
                fields + if object.additional_properties.is_some() { 24 } else { 0 }
            }
            TypeKind::Union(union) => {
                let variants: Vec<(u64, bool)> =
                    union.variants.iter().map(|v| (self.size_of(&v.ty), v.boxed)).collect();
                let boxed = boxes(&variants);
                let largest = variants
                    .iter()
                    .zip(&boxed)
                    .map(|(&(size, _), &boxed)| if boxed { POINTER } else { size })
                    .max()
                    .unwrap_or(0);
                // The tag, and the `Unknown(serde_json::Value)` of a tagged union.
                largest.max(32) + 8
            }
            // A string enum keeps unknown values as a `String`, an integer enum as an `i64`.
            TypeKind::Enum(_) => 24,
            TypeKind::Alias(target) => self.size_of(target),
        }
    }
}

fn scalar_size(scalar: Scalar) -> u64 {
    match scalar {
        Scalar::String(StringFormat::Binary) => 32,
        Scalar::String(_) => 24,
        Scalar::Boolean => 1,
        Scalar::Integer(IntegerKind::I32 | IntegerKind::U32) | Scalar::Number(NumberKind::F32) => 4,
        Scalar::Integer(IntegerKind::I64 | IntegerKind::U64) | Scalar::Number(NumberKind::F64) => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_alternative_far_larger_than_the_next_is_boxed() {
        assert_eq!(boxes(&[(24, false), (520, false), (24, false)]), [false, true, false]);
        assert_eq!(boxes(&[(24, false), (140, false)]), [false, false]);
        // Boxing the largest may leave the next one far larger than the rest.
        assert_eq!(boxes(&[(900, false), (400, false), (8, false)]), [true, true, false]);
        assert_eq!(boxes(&[(900, false), (800, false), (8, false)]), [false, false, false]);
        // An alternative boxed for recursion counts as a pointer.
        assert_eq!(boxes(&[(300, true), (24, false)]), [true, false]);
        assert_eq!(boxes(&[]), Vec::<bool>::new());
    }
}
