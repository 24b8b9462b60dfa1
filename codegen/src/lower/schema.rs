//! Lowering schemas: components and inline schemas become named types or type references.
//!
//! A schema that needs a Rust item of its own (an object, an enum, a union) becomes a
//! [`TypeDef`](crate::ir::TypeDef); anything else (scalars, arrays, maps, free-form values)
//! becomes a [`TypeRef`] in place. Inline types take the name of where they appear: the
//! property `data` of `ListSessionsResponse` is `ListSessionsResponseData`.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat as Format, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowering;
use super::refs::split_ref;
use crate::diagnostics::Pointer;
use crate::ir::{
    Constraints, EnumDef, EnumValue, Field, IntegerKind, NumberKind, Scalar, StringFormat, StructDef, TypeId, TypeKind,
    TypeRef, UnionDef, UnionVariant, Variant,
};
use crate::names;

/// What a schema lowers to before it is placed: its own item, or a reference in place.
enum Shape {
    Item(TypeKind),
    Ref(TypeRef),
}

/// How deep `allOf` merging may nest before it is reported, to keep its cost bounded.
const MAX_ALL_OF_DEPTH: usize = 32;

impl<'a> Lowering<'a> {
    /// The component schema a `$ref` names, if it exists; borrowed from the document, not `self`.
    pub(super) fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let (kind, name) = split_ref(reference)?;
        if kind != "schemas" {
            return None;
        }
        let document: &'a openapiv3::OpenAPI = self.document;
        document.components.as_ref()?.schemas.get(&name)?.as_item()
    }

    /// Reserves a type for every component schema, so `$ref`s resolve in any order.
    pub(super) fn register_component_schemas(&mut self) {
        let Some(components) = &self.document.components else { return };
        let base = Pointer::root().push("components").push("schemas");
        for key in components.schemas.keys() {
            let id = self.add_type(names::type_name(key), &base.push(key), TypeKind::Alias(TypeRef::Any));
            self.components.insert(key.clone(), id);
        }
    }

    /// Lowers the body of every component schema into the type reserved for it.
    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.document.components else { return };
        let base = Pointer::root().push("components").push("schemas");
        for (key, schema) in &components.schemas {
            let id = self.components[key];
            let at = base.push(key);
            let hint = self.preferred_names[id.0].clone();
            let (docs, deprecated) = match schema {
                ReferenceOr::Item(schema) => (schema.schema_data.description.clone(), schema.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (None, false),
            };
            let kind = match schema {
                ReferenceOr::Item(schema) => match self.shape(schema, &at, &hint, 0) {
                    Shape::Item(kind) => kind,
                    Shape::Ref(target) => TypeKind::Alias(target),
                },
                ReferenceOr::Reference { reference } => TypeKind::Alias(self.schema_ref(reference, &at)),
            };
            let def = &mut self.types[id.0];
            def.kind = kind;
            def.docs = docs;
            def.deprecated = deprecated;
        }
        self.check_alias_cycles();
    }

    /// The type reference for a schema, adding a named type for an inline object or enum.
    pub(super) fn type_ref(&mut self, schema: &ReferenceOr<Schema>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, at, hint),
        }
    }

    /// [`Self::type_ref`] for the boxed schemas that properties and items use.
    pub(super) fn boxed_type_ref(&mut self, schema: &ReferenceOr<Box<Schema>>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, at, hint),
        }
    }

    /// The component schema a `$ref` names, as a reference to its type.
    fn schema_ref(&mut self, reference: &str, at: &Pointer) -> TypeRef {
        match split_ref(reference) {
            Some(("schemas", name)) => match self.components.get(&name) {
                Some(id) => TypeRef::Named(*id),
                None => {
                    self.error(&at.push("$ref"), format!("unresolved reference `{reference}`: no such schema"));
                    TypeRef::Any
                }
            },
            _ => {
                self.error(
                    &at.push("$ref"),
                    format!("`{reference}` is not a local `#/components/schemas/...` reference"),
                );
                TypeRef::Any
            }
        }
    }

    /// Lowers an inline schema, naming any item it needs after `hint`.
    fn inline(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> TypeRef {
        match self.shape(schema, at, hint, 0) {
            Shape::Ref(target) => target,
            Shape::Item(kind) => {
                let id = self.add_type(hint.to_owned(), at, kind);
                let def = &mut self.types[id.0];
                def.docs = schema.schema_data.description.clone();
                def.deprecated = schema.schema_data.deprecated;
                TypeRef::Named(id)
            }
        }
    }

    /// Decides what one schema is.
    fn shape(&mut self, schema: &Schema, at: &Pointer, hint: &str, depth: usize) -> Shape {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values = string.enumeration.iter().flatten().map(|v| EnumValue::String(v.clone())).collect();
                Shape::Item(TypeKind::Enum(enum_def(values)))
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values = integer.enumeration.iter().flatten().map(|v| EnumValue::Integer(*v)).collect();
                Shape::Item(TypeKind::Enum(enum_def(values)))
            }
            SchemaKind::Type(Type::String(string)) => {
                Shape::Ref(TypeRef::Scalar(Scalar::String(string_format(&string.format))))
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                Shape::Ref(TypeRef::Scalar(Scalar::Integer(integer_kind(integer))))
            }
            SchemaKind::Type(Type::Number(number)) => Shape::Ref(TypeRef::Scalar(Scalar::Number(number_kind(number)))),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Scalar(Scalar::Boolean)),
            SchemaKind::Type(Type::Array(array)) => Shape::Ref(self.array(array.items.as_ref(), at, hint)),
            SchemaKind::Type(Type::Object(object)) => {
                self.object(&object.properties, &object.required, object.additional_properties.as_ref(), at, hint)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, at, hint, depth),
            SchemaKind::OneOf { one_of } => self.union(one_of, schema, &at.push("oneOf"), hint),
            SchemaKind::AnyOf { any_of } => self.union(any_of, schema, &at.push("anyOf"), hint),
            SchemaKind::Not { .. } => {
                self.warning(at, "`not` schemas cannot be expressed as a Rust type; any JSON value is accepted");
                Shape::Ref(TypeRef::Any)
            }
            SchemaKind::Any(any) => self.any_schema(any, at, hint, depth),
        }
    }

    /// A schema that mixes keywords: decided by the strongest keyword present.
    fn any_schema(&mut self, any: &openapiv3::AnySchema, at: &Pointer, hint: &str, depth: usize) -> Shape {
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, at, hint, depth);
        }
        if !any.one_of.is_empty() || !any.any_of.is_empty() {
            let (list, key) = if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
            return self.union_variants(list, None, &at.push(key), hint);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.object(&any.properties, &any.required, any.additional_properties.as_ref(), at, hint);
        }
        if !any.enumeration.is_empty() {
            let values = any
                .enumeration
                .iter()
                .filter_map(|value| match value {
                    serde_json::Value::String(s) => Some(EnumValue::String(s.clone())),
                    serde_json::Value::Number(n) => n.as_i64().map(EnumValue::Integer),
                    _ => None,
                })
                .collect();
            return Shape::Item(TypeKind::Enum(enum_def(values)));
        }
        if any.items.is_some() || any.typ.as_deref() == Some("array") {
            return Shape::Ref(self.array(any.items.as_ref(), at, hint));
        }
        Shape::Ref(TypeRef::Any)
    }

    fn array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, at: &Pointer, hint: &str) -> TypeRef {
        let item = match items {
            Some(items) => self.boxed_type_ref(items, &at.push("items"), &format!("{hint}Item")),
            None => TypeRef::Any,
        };
        TypeRef::Array(Box::new(item))
    }

    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> Shape {
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                Some(self.type_ref(schema, &at.push("additionalProperties"), &format!("{hint}Value")))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        if properties.is_empty() {
            return Shape::Ref(TypeRef::Map(Box::new(additional.unwrap_or(TypeRef::Any))));
        }
        let fields = properties
            .iter()
            .map(|(wire, schema)| {
                self.field(wire, schema, required.contains(wire), &at.push("properties").push(wire), hint)
            })
            .collect();
        for name in required.iter().filter(|name| !properties.contains_key(*name)) {
            self.warning(&at.push("required"), format!("required property `{name}` is not among the properties"));
        }
        Shape::Item(TypeKind::Struct(StructDef { fields, additional_properties: additional }))
    }

    fn field(
        &mut self,
        wire: &str,
        schema: &ReferenceOr<Box<Schema>>,
        required: bool,
        at: &Pointer,
        hint: &str,
    ) -> Field {
        let ty = self.boxed_type_ref(schema, at, &format!("{hint}{}", names::type_name(wire)));
        let data = match schema {
            ReferenceOr::Item(schema) => Some(schema.as_ref()),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        };
        let (nullable, docs, deprecated, read_only, write_only, default) = match data {
            Some(s) => {
                let d = &s.schema_data;
                (d.nullable, d.description.clone(), d.deprecated, d.read_only, d.write_only, d.default.clone())
            }
            None => (false, None, false, false, false, None),
        };
        Field {
            name: names::field_name(wire),
            wire_name: wire.to_owned(),
            ty,
            required,
            nullable,
            docs,
            deprecated,
            read_only,
            write_only,
            constraints: data.map(constraints).unwrap_or_default(),
            default,
        }
    }

    /// Merges the parts of an `allOf` into one object; a single part is used as it is.
    fn all_of(&mut self, parts: &[ReferenceOr<Schema>], at: &Pointer, hint: &str, depth: usize) -> Shape {
        let at = at.push("allOf");
        if let [only] = parts {
            return Shape::Ref(self.type_ref(only, &at.push(0), hint));
        }
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.push(index);
            if !self.collect_object(part, &part_at, depth, &mut properties, &mut required, &mut additional) {
                self.warning(
                    &part_at,
                    "an `allOf` part is not an object, so the parts cannot be merged; any JSON value is accepted",
                );
                return Shape::Ref(TypeRef::Any);
            }
        }
        self.object(&properties, &required, additional.as_ref(), &at, hint)
    }

    /// Adds the properties of one `allOf` part, following references and nested `allOf`s.
    fn collect_object(
        &mut self,
        part: &ReferenceOr<Schema>,
        at: &Pointer,
        depth: usize,
        properties: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        additional: &mut Option<AdditionalProperties>,
    ) -> bool {
        if depth > MAX_ALL_OF_DEPTH {
            self.error(at, "`allOf` nests too deeply (or through a reference cycle) to merge");
            return false;
        }
        let schema = match part {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.component_schema(reference) {
                Some(schema) => schema,
                None => {
                    self.error(&at.push("$ref"), format!("unresolved reference `{reference}`: no such schema"));
                    return false;
                }
            },
        };
        let (props, req, extra, nested) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, &o.additional_properties, None),
            SchemaKind::Any(a) => (&a.properties, &a.required, &a.additional_properties, Some(&a.all_of)),
            SchemaKind::AllOf { all_of } => {
                return all_of.iter().all(|p| self.collect_object(p, at, depth + 1, properties, required, additional));
            }
            _ => return false,
        };
        for sub in nested.into_iter().flatten() {
            if !self.collect_object(sub, at, depth + 1, properties, required, additional) {
                return false;
            }
        }
        for (name, property) in props {
            properties.insert(name.clone(), property.clone());
        }
        required.extend(req.iter().filter(|name| !required.contains(name)).cloned().collect::<Vec<_>>());
        if extra.is_some() {
            additional.clone_from(extra);
        }
        true
    }

    fn union(&mut self, list: &[ReferenceOr<Schema>], schema: &Schema, at: &Pointer, hint: &str) -> Shape {
        let discriminator = schema.schema_data.discriminator.as_ref().map(|d| d.property_name.clone());
        self.union_variants(list, discriminator, at, hint)
    }

    fn union_variants(
        &mut self,
        list: &[ReferenceOr<Schema>],
        discriminator: Option<String>,
        at: &Pointer,
        hint: &str,
    ) -> Shape {
        if let [only] = list {
            return Shape::Ref(self.type_ref(only, &at.push(0), hint));
        }
        let variants = list
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let name = match item {
                    ReferenceOr::Reference { reference } => split_ref(reference).map(|(_, n)| names::variant_name(&n)),
                    ReferenceOr::Item(_) => None,
                }
                .unwrap_or_else(|| format!("Variant{}", index + 1));
                let ty = self.type_ref(item, &at.push(index), &format!("{hint}{name}"));
                UnionVariant { name, ty, tag: None }
            })
            .collect();
        Shape::Item(TypeKind::Union(UnionDef { discriminator, variants }))
    }

    /// Reports aliases that only lead back to themselves, which no Rust type can express.
    fn check_alias_cycles(&mut self) {
        for start in 0..self.types.len() {
            let mut current = TypeId(start);
            for _ in 0..=self.types.len() {
                match &self.types[current.0].kind {
                    TypeKind::Alias(TypeRef::Named(next)) if *next == TypeId(start) => {
                        let origin = self.types[start].origin.clone();
                        self.diagnostics.push(crate::Diagnostic::error(
                            origin,
                            "this schema is a `$ref` cycle with no value in it",
                        ));
                        break;
                    }
                    TypeKind::Alias(TypeRef::Named(next)) => current = *next,
                    _ => break,
                }
            }
        }
    }
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
    EnumDef { variants, unknown_variant: "Unknown".to_owned() }
}

fn string_format(format: &VariantOrUnknownOrEmpty<Format>) -> StringFormat {
    match format {
        VariantOrUnknownOrEmpty::Item(Format::DateTime) => StringFormat::DateTime,
        VariantOrUnknownOrEmpty::Item(Format::Date) => StringFormat::Date,
        VariantOrUnknownOrEmpty::Unknown(other) if other == "uuid" => StringFormat::Uuid,
        _ => StringFormat::Plain,
    }
}

fn integer_kind(integer: &openapiv3::IntegerType) -> IntegerKind {
    let unsigned = integer.minimum.is_some_and(|minimum| minimum >= 0);
    let narrow = matches!(integer.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32));
    match (narrow, unsigned) {
        (true, true) => IntegerKind::U32,
        (true, false) => IntegerKind::I32,
        (false, true) => IntegerKind::U64,
        (false, false) => IntegerKind::I64,
    }
}

fn number_kind(number: &openapiv3::NumberType) -> NumberKind {
    match number.format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => NumberKind::F32,
        _ => NumberKind::F64,
    }
}

/// The validation rules of a schema.
pub(super) fn constraints(schema: &Schema) -> Constraints {
    let mut rules = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            rules.min_length = s.min_length.map(|n| n as u64);
            rules.max_length = s.max_length.map(|n| n as u64);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            rules.minimum = i.minimum.map(|n| n as f64);
            rules.maximum = i.maximum.map(|n| n as f64);
            rules.exclusive_minimum = i.exclusive_minimum;
            rules.exclusive_maximum = i.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(n)) => {
            rules.minimum = n.minimum;
            rules.maximum = n.maximum;
            rules.exclusive_minimum = n.exclusive_minimum;
            rules.exclusive_maximum = n.exclusive_maximum;
        }
        _ => {}
    }
    rules
}
