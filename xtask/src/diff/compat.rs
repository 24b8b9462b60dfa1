//! Whether a retyped value still fits: the same Rust type, and which values the wire accepts.
//!
//! On the wire a type is the set of JSON values that decode as it. A change is harmless for
//! whoever reads the value when the reader's new type accepts every value the writer may send:
//! the server reads requests, so a request type may widen; old clients read responses, so a
//! response type may narrow. String enums accept any string (unknown values are kept), and
//! string formats do not narrow anything (the crate keeps them as text), except `binary`.

use realtimekit_codegen::ir::{
    Api, EnumValue, IntegerKind, NumberKind, Scalar, StringFormat, TypeId, TypeKind, TypeRef,
};

use super::pairing::Types;
use super::rust::type_expr;

/// The two specs and their type correspondence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sides<'a> {
    pub(super) old: &'a Api,
    pub(super) new: &'a Api,
    pub(super) types: &'a Types,
}

/// Which spec a type reference belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

impl<'a> Sides<'a> {
    /// Whether both references are the same Rust type, counting a renamed type as the same
    /// (the rename is reported on its own).
    pub(super) fn same_rust_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.types.new_of(*a) == Some(*b),
            (TypeRef::Array(a), TypeRef::Array(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => self.same_rust_type(a, b),
            (TypeRef::Scalar(_), TypeRef::Scalar(_)) | (TypeRef::Any, TypeRef::Any) => {
                type_expr(self.old, old) == type_expr(self.new, new)
            }
            _ => false,
        }
    }

    /// Whether every value of the old type is a value of the new one: a request that widened.
    pub(super) fn new_accepts_old(&self, old: &TypeRef, new: &TypeRef) -> bool {
        self.covers((Side::New, new), (Side::Old, old), 0)
    }

    /// Whether a parameter's new type accepts every old value as the URL carries it: as text,
    /// so a parameter that became a string accepts any scalar it took before.
    pub(super) fn param_accepts(&self, old: &TypeRef, new: &TypeRef) -> bool {
        let scalar = !matches!(self.shape(Side::Old, old, 0), Shape::List(_) | Shape::Map(_) | Shape::Item(_));
        (scalar && matches!(self.shape(Side::New, new, 0), Shape::Text)) || self.new_accepts_old(old, new)
    }

    /// Whether every value of the new type is a value of the old one: a response that narrowed.
    pub(super) fn old_accepts_new(&self, old: &TypeRef, new: &TypeRef) -> bool {
        self.covers((Side::Old, old), (Side::New, new), 0)
    }

    fn api(&self, side: Side) -> &'a Api {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// Whether `wide` accepts every value of `narrow`.
    fn covers(&self, wide: (Side, &TypeRef), narrow: (Side, &TypeRef), depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let (wide_shape, narrow_shape) = (self.shape(wide.0, wide.1, 0), self.shape(narrow.0, narrow.1, 0));
        match (wide_shape, narrow_shape) {
            (Shape::Any, _) => true,
            (Shape::Text, Shape::Text)
            | (Shape::Bytes, Shape::Bytes)
            | (Shape::Boolean, Shape::Boolean)
            | (Shape::Number, Shape::Number) => true,
            (Shape::Number, Shape::Integer(..)) => true,
            (Shape::Integer(low, high), Shape::Integer(from, to)) => low <= from && to <= high,
            (Shape::List(a), Shape::List(b)) | (Shape::Map(a), Shape::Map(b)) => {
                self.covers((wide.0, a), (narrow.0, b), depth + 1)
            }
            (Shape::Item(a), Shape::Item(b)) => match (wide.0, narrow.0) {
                (Side::Old, Side::New) => self.types.new_of(a) == Some(b),
                (Side::New, Side::Old) => self.types.new_of(b) == Some(a),
                _ => a == b,
            },
            _ => false,
        }
    }

    /// What a type reference is on the wire, looking through aliases and enums.
    fn shape<'t>(&self, side: Side, ty: &'t TypeRef, depth: usize) -> Shape<'t>
    where
        'a: 't,
    {
        match ty {
            TypeRef::Any => Shape::Any,
            TypeRef::Scalar(Scalar::String(StringFormat::Binary)) => Shape::Bytes,
            TypeRef::Scalar(Scalar::String(_)) => Shape::Text,
            TypeRef::Scalar(Scalar::Boolean) => Shape::Boolean,
            TypeRef::Scalar(Scalar::Number(NumberKind::F32 | NumberKind::F64)) => Shape::Number,
            TypeRef::Scalar(Scalar::Integer(kind)) => {
                let (low, high) = integer_range(*kind);
                Shape::Integer(low, high)
            }
            TypeRef::Array(item) => Shape::List(item),
            TypeRef::Map(value) => Shape::Map(value),
            TypeRef::Named(id) => match &self.api(side).type_def(*id).kind {
                TypeKind::Alias(target) if depth < MAX_DEPTH => self.shape(side, target, depth + 1),
                TypeKind::Enum(enumeration) => match enumeration.variants.first().map(|v| &v.value) {
                    Some(EnumValue::Integer(_)) => Shape::Integer(i64::MIN.into(), i64::MAX.into()),
                    _ => Shape::Text,
                },
                _ => Shape::Item(*id),
            },
        }
    }
}

/// How deep aliases and nested containers are followed before giving up (and calling it a break).
const MAX_DEPTH: usize = 64;

/// A type as the wire sees it.
#[derive(Debug, Clone, Copy)]
enum Shape<'t> {
    Any,
    Text,
    /// Raw bytes: a file part or a binary body.
    Bytes,
    Boolean,
    Number,
    /// The smallest and largest value.
    Integer(i128, i128),
    List(&'t TypeRef),
    Map(&'t TypeRef),
    /// A struct or union: the same values only if it is the same (possibly renamed) type.
    Item(TypeId),
}

fn integer_range(kind: IntegerKind) -> (i128, i128) {
    match kind {
        IntegerKind::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntegerKind::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntegerKind::U32 => (0, u32::MAX.into()),
        IntegerKind::U64 => (0, u64::MAX.into()),
    }
}
