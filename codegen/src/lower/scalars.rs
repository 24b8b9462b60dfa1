//! Lowering the leaves of schemas: enums (typed or not), scalar formats and integer widths,
//! and the validation rules a schema carries.

use openapiv3::{
    IntegerFormat, NumberFormat, Schema, SchemaKind, StringFormat as Format, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::shape::Shape;
use crate::ir::{
    Constraints, EnumDef, EnumValue, IntegerKind, NumberKind, RustName, Scalar, StringFormat, TypeKind, TypeRef,
    Variant,
};
use crate::names;

/// An enum from its values, or the scalar `fallback` when no value is left (an enum of `null`
/// only).
pub(super) fn enum_shape(values: Vec<EnumValue>, fallback: TypeRef) -> Shape {
    if values.is_empty() {
        return Shape::Ref(fallback);
    }
    Shape::Item(TypeKind::Enum(enum_def(values)))
}

/// An enum with no `type`: strings or integers make an enum; `null` is left out (the schema's
/// `nullable` covers it); booleans are a `bool`; any other mix is any JSON value.
pub(super) fn untyped_enum(values: &[Value]) -> Shape {
    let present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    if !present.is_empty() && present.iter().all(|v| v.is_string()) {
        let values = present.iter().filter_map(|v| v.as_str()).map(|s| EnumValue::String(s.to_owned())).collect();
        return enum_shape(values, TypeRef::Any);
    }
    if !present.is_empty() && present.iter().all(|v| v.as_i64().is_some()) {
        let values = present.iter().filter_map(|v| v.as_i64()).map(EnumValue::Integer).collect();
        return enum_shape(values, TypeRef::Any);
    }
    if !present.is_empty() && present.iter().all(|v| v.is_boolean()) {
        return Shape::Ref(TypeRef::Scalar(Scalar::Boolean));
    }
    if !present.is_empty() && present.iter().all(|v| v.is_number()) {
        return Shape::Ref(TypeRef::Scalar(Scalar::Number(NumberKind::F64)));
    }
    Shape::Ref(TypeRef::Any)
}

fn enum_def(values: Vec<EnumValue>) -> EnumDef {
    let mut variants: Vec<Variant> = Vec::new();
    for value in values {
        if !variants.iter().any(|v| v.value == value) {
            let name = match &value {
                EnumValue::String(text) => names::variant_name(text),
                EnumValue::Integer(number) => names::variant_name(&number.to_string()),
            };
            variants.push(Variant { name, value });
        }
    }
    EnumDef { variants, unknown_variant: RustName::plain("Unknown") }
}

pub(super) fn string_format(format: &VariantOrUnknownOrEmpty<Format>) -> StringFormat {
    match format {
        VariantOrUnknownOrEmpty::Item(Format::DateTime) => StringFormat::DateTime,
        VariantOrUnknownOrEmpty::Item(Format::Date) => StringFormat::Date,
        VariantOrUnknownOrEmpty::Item(Format::Binary) => StringFormat::Binary,
        VariantOrUnknownOrEmpty::Unknown(other) if other == "uuid" => StringFormat::Uuid,
        _ => StringFormat::Plain,
    }
}

pub(super) fn integer_kind(integer: &openapiv3::IntegerType) -> IntegerKind {
    let unsigned = integer.minimum.is_some_and(|minimum| minimum >= 0);
    let narrow = matches!(integer.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32));
    match (narrow, unsigned) {
        (true, true) => IntegerKind::U32,
        (true, false) => IntegerKind::I32,
        (false, true) => IntegerKind::U64,
        (false, false) => IntegerKind::I64,
    }
}

pub(super) fn number_kind(number: &openapiv3::NumberType) -> NumberKind {
    match number.format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => NumberKind::F32,
        _ => NumberKind::F64,
    }
}

/// The validation rules of a schema; bounds that are not finite numbers are left out.
pub(super) fn constraints(schema: &Schema) -> Constraints {
    let finite = |value: Option<f64>| value.filter(|v| v.is_finite());
    let mut rules = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            rules.min_length = s.min_length.map(|n| n as u64);
            rules.max_length = s.max_length.map(|n| n as u64);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            rules.minimum = i.minimum.map(|n| n as f64);
            rules.maximum = i.maximum.map(|n| n as f64);
            rules.exclusive_minimum = i.exclusive_minimum && rules.minimum.is_some();
            rules.exclusive_maximum = i.exclusive_maximum && rules.maximum.is_some();
        }
        SchemaKind::Type(Type::Number(n)) => {
            rules.minimum = finite(n.minimum);
            rules.maximum = finite(n.maximum);
            rules.exclusive_minimum = n.exclusive_minimum && rules.minimum.is_some();
            rules.exclusive_maximum = n.exclusive_maximum && rules.maximum.is_some();
        }
        _ => {}
    }
    rules
}
