//! Lowering schemas: components and inline schemas become named types or type references.
//!
//! A schema that needs a Rust item of its own (an object, an enum, a union) becomes a
//! [`TypeDef`](crate::ir::TypeDef); anything else (scalars, arrays, maps, free-form values)
//! becomes a [`TypeRef`] in place. Inline types take the name of where they appear: the
//! property `data` of `ListSessionsResponse` is `ListSessionsResponseData`. `allOf` merging
//! lives in `all_of.rs`, `oneOf` / `anyOf` in `union.rs`.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowering;
use super::refs::{component_exists, no_local_schema, one_of_kind, schema_name, split_ref};
use super::scalars::{constraints, enum_shape, integer_kind, number_kind, string_format, untyped_enum};
use super::shape::Shape;
use crate::diagnostics::Pointer;
use crate::ir::{
    EnumValue, Field, IntegerKind, NumberKind, Scalar, StringFormat, StructDef, TypeId, TypeKind, TypeRef,
};
use crate::names;

/// How deep inline schemas may nest before the rest is accepted as any JSON value, so that a
/// pathological spec cannot exhaust the stack.
const MAX_NESTING: usize = 64;

/// How deep a type sits in the generated code that holds it, at most: the decoder's local for
/// an optional field is `Option<Option<T>>`, a body is returned as `Result<Response<T>>`, and a
/// list item is streamed as `impl Stream<Item = Result<T>>`, so `T` starts up to four levels in.
const FIELD_TYPE_NESTING: u32 = 4;

/// The complexity a type may reach at [`FIELD_TYPE_NESTING`], counted as in
/// [`type_complexity`]: clippy's limit of 250 less the 60 that the types around it add.
const MAX_FIELD_TYPE_COMPLEXITY: u32 = 190;

/// The properties of an object schema by wire name, borrowed from the document.
pub(super) type Properties<'a> = indexmap::IndexMap<String, Property<'a>>;

/// One property of an object schema, and where it is declared: a merged `allOf` property
/// keeps the pointer and name of the part that declares it.
#[derive(Debug, Clone)]
pub(super) struct Property<'a> {
    pub(super) schema: &'a ReferenceOr<Box<Schema>>,
    pub(super) at: Pointer,
    /// The name inline types of this property start with, when it is not the object's own.
    pub(super) owner: Option<String>,
}

/// The properties of a schema as written, declared at `at`.
fn own_properties<'a>(
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    at: &Pointer,
) -> Properties<'a> {
    let base = at.push("properties");
    properties.iter().map(|(k, v)| (k.clone(), Property { schema: v, at: base.push(k), owner: None })).collect()
}

impl<'a> Lowering<'a> {
    /// The component schema a `$ref` names, if it exists; borrowed from the document, not `self`.
    pub(super) fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let name = schema_name(reference)?;
        let document: &'a openapiv3::OpenAPI = self.document;
        document.components.as_ref()?.schemas.get(&name)?.as_item()
    }

    /// The schema an item or reference stands for, following one `$ref` to a component.
    pub(super) fn schema_of(&self, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        }
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
        let document: &'a openapiv3::OpenAPI = self.document;
        let Some(components) = &document.components else { return };
        let base = Pointer::root().push("components").push("schemas");
        for (key, schema) in &components.schemas {
            let Some(&id) = self.components.get(key) else { continue };
            let at = base.push(key);
            let hint = self.preferred_names[id.0].clone();
            let (kind, docs, deprecated) = match schema {
                ReferenceOr::Item(schema) => {
                    let kind = match self.shape(schema, &at, &hint, Some(key)) {
                        Shape::Item(kind) => kind,
                        Shape::Ref(target) => TypeKind::Alias(target),
                    };
                    (kind, schema.schema_data.description.clone(), schema.schema_data.deprecated)
                }
                ReferenceOr::Reference { reference } => (TypeKind::Alias(self.schema_ref(reference, &at)), None, false),
            };
            let def = &mut self.types[id.0];
            def.kind = kind;
            def.docs = docs;
            def.deprecated = deprecated;
        }
        self.check_alias_cycles();
    }

    /// The type reference for a schema, adding a named type for an inline object or enum.
    pub(super) fn type_ref(&mut self, schema: &'a ReferenceOr<Schema>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, at, hint),
        }
    }

    /// [`Self::type_ref`] for the boxed schemas that properties and items use.
    pub(super) fn boxed_type_ref(&mut self, schema: &'a ReferenceOr<Box<Schema>>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, at, hint),
        }
    }

    /// The component schema a `$ref` names, as a reference to its type.
    pub(super) fn schema_ref(&mut self, reference: &str, at: &Pointer) -> TypeRef {
        match schema_name(reference) {
            Some(name) => match self.components.get(&name) {
                Some(id) => TypeRef::Named(*id),
                None => {
                    self.error(&at.push("$ref"), format!("unresolved reference `{reference}`: no such schema"));
                    TypeRef::Any
                }
            },
            None if split_ref(reference).is_some_and(|(kind, _)| kind != "schemas") => {
                self.schema_of_other_kind(reference, at)
            }
            None => match Pointer::from_fragment(reference).ok().and_then(|target| self.local_schema(&target, None)) {
                Some(ty) => ty,
                None => {
                    self.error(&at.push("$ref"), no_local_schema(reference));
                    TypeRef::Any
                }
            },
        }
    }

    /// A schema `$ref`, written at `at`, that names a component of another kind: a common
    /// mistake, read with a warning as the component's schema (a parameter's or header's, or a
    /// response's or request body's JSON content), or as any JSON value when it has none.
    fn schema_of_other_kind(&mut self, reference: &str, at: &Pointer) -> TypeRef {
        let at_ref = at.push("$ref");
        let Some((kind, name)) = split_ref(reference) else { return TypeRef::Any };
        if !component_exists(self.document, &kind, &name) {
            self.error(&at_ref, format!("unresolved reference `{reference}`: no such component"));
            return TypeRef::Any;
        }
        let named = format!("`{reference}` names {}, where a schema belongs", one_of_kind(&kind));
        match self.schema_of_component(&kind, &name) {
            Some(_) if self.nesting >= MAX_NESTING => {
                self.warning(&at_ref, format!("{named}, and leads back to itself; any JSON value is accepted here"));
                TypeRef::Any
            }
            Some((schema, schema_at)) => {
                self.warning(&at_ref, format!("{named}; its schema is read"));
                // A component whose schema names it again is read no deeper than nested schemas.
                self.nesting += 1;
                let ty = self.type_ref(schema, &schema_at, &names::type_name(&name));
                self.nesting -= 1;
                ty
            }
            None => {
                self.warning(&at_ref, format!("{named}, and holds none; any JSON value is accepted here"));
                TypeRef::Any
            }
        }
    }

    /// The type of the schema at `at` that a `$ref` reaches outside the components, such as
    /// a property inside a path's request body, named after `hint` or else the pointer's last
    /// token. Like a component, the type is registered before its schema is lowered, so
    /// references that lead back to it end there; the schema's own place in the document, when
    /// lowering reaches it inline, gets the same type.
    fn local_schema(&mut self, at: &Pointer, hint: Option<&str>) -> Option<TypeRef> {
        if let Some(known) = self.inline_types.get(at) {
            return Some(known.clone());
        }
        let local: &'a crate::load::LocalItems = self.local;
        let schema = local.schemas.get(at)?;
        let hint = match hint {
            Some(hint) => hint.to_owned(),
            None => names::type_name(&at.last().unwrap_or_default()),
        };
        let id = self.add_type(hint.clone(), at, TypeKind::Alias(TypeRef::Any));
        self.inline_types.insert(at.clone(), TypeRef::Named(id));
        let kind = match self.shape(schema, at, &hint, None) {
            Shape::Item(kind) => kind,
            Shape::Ref(target) => TypeKind::Alias(target),
        };
        let def = &mut self.types[id.0];
        def.kind = kind;
        def.docs = schema.schema_data.description.clone();
        def.deprecated = schema.schema_data.deprecated;
        Some(TypeRef::Named(id))
    }

    /// Lowers an inline schema, naming any item it needs after `hint`.
    fn inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> TypeRef {
        if let Some(known) = self.inline_types.get(at) {
            return known.clone();
        }
        if self.local.schemas.contains_key(at) {
            if let Some(ty) = self.local_schema(at, Some(hint)) {
                return ty;
            }
        }
        if self.nesting >= MAX_NESTING {
            self.warning(
                at,
                format!("schemas nest more than {MAX_NESTING} levels deep; any JSON value is accepted here"),
            );
            return TypeRef::Any;
        }
        self.nesting += 1;
        let shape = self.shape(schema, at, hint, None);
        self.nesting -= 1;
        let ty = match shape {
            Shape::Ref(target) => target,
            Shape::Item(kind) => {
                let id = self.add_type(hint.to_owned(), at, kind);
                let def = &mut self.types[id.0];
                def.docs = schema.schema_data.description.clone();
                def.deprecated = schema.schema_data.deprecated;
                TypeRef::Named(id)
            }
        };
        // The same inline schema reached again (through a merged `allOf`, a shared parameter or
        // response) is the same type, not a copy.
        self.inline_types.insert(at.clone(), ty.clone());
        ty
    }

    /// Decides what one schema is; `component` names the component it is, if it is one.
    fn shape(&mut self, schema: &'a Schema, at: &Pointer, hint: &str, component: Option<&str>) -> Shape {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<EnumValue> =
                    string.enumeration.iter().flatten().map(|v| EnumValue::String(v.clone())).collect();
                enum_shape(values, TypeRef::Scalar(Scalar::String(StringFormat::Plain)))
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values: Vec<EnumValue> =
                    integer.enumeration.iter().flatten().map(|v| EnumValue::Integer(*v)).collect();
                enum_shape(values, TypeRef::Scalar(Scalar::Integer(integer_kind(integer))))
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
                let properties = own_properties(&object.properties, at);
                self.object(&properties, &object.required, object.additional_properties.as_ref(), at, hint)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, at, hint, component),
            SchemaKind::OneOf { one_of } => self.union(one_of, schema, &at.push("oneOf"), hint),
            SchemaKind::AnyOf { any_of } => self.union(any_of, schema, &at.push("anyOf"), hint),
            SchemaKind::Not { .. } => {
                self.warning(at, "`not` schemas cannot be expressed as a Rust type; any JSON value is accepted");
                Shape::Ref(TypeRef::Any)
            }
            SchemaKind::Any(any) => self.any_schema(any, schema, at, hint, component),
        }
    }

    /// A schema that mixes keywords: decided by the strongest keyword present.
    fn any_schema(
        &mut self,
        any: &'a openapiv3::AnySchema,
        schema: &'a Schema,
        at: &Pointer,
        hint: &str,
        component: Option<&str>,
    ) -> Shape {
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, at, hint, component);
        }
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, schema, &at.push("oneOf"), hint);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, schema, &at.push("anyOf"), hint);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
            let properties = own_properties(&any.properties, at);
            return self.object(&properties, &any.required, any.additional_properties.as_ref(), at, hint);
        }
        if !any.enumeration.is_empty() {
            return untyped_enum(&any.enumeration);
        }
        if any.items.is_some() || any.typ.as_deref() == Some("array") {
            return Shape::Ref(self.array(any.items.as_ref(), at, hint));
        }
        Shape::Ref(match any.typ.as_deref() {
            Some("string") if any.format.as_deref() == Some("binary") => {
                TypeRef::Scalar(Scalar::String(StringFormat::Binary))
            }
            Some("string") => TypeRef::Scalar(Scalar::String(StringFormat::Plain)),
            Some("integer") => TypeRef::Scalar(Scalar::Integer(IntegerKind::I64)),
            Some("number") => TypeRef::Scalar(Scalar::Number(NumberKind::F64)),
            Some("boolean") => TypeRef::Scalar(Scalar::Boolean),
            _ => TypeRef::Any,
        })
    }

    fn array(&mut self, items: Option<&'a ReferenceOr<Box<Schema>>>, at: &Pointer, hint: &str) -> TypeRef {
        let item = match items {
            Some(items) => {
                let at = at.push("items");
                let hint = format!("{hint}Item");
                let item = self.boxed_type_ref(items, &at, &hint);
                self.contained(item, &at, &hint)
            }
            None => TypeRef::Any,
        };
        TypeRef::Array(Box::new(item))
    }

    /// `element`, or an alias named `hint` for it when writing it out inside one more container
    /// would make a type that clippy's `type_complexity` flags, such as `Vec<Vec<Vec<Vec<..>>>>`.
    fn contained(&mut self, element: TypeRef, at: &Pointer, hint: &str) -> TypeRef {
        if type_complexity(&TypeRef::Array(Box::new(element.clone())), FIELD_TYPE_NESTING) <= MAX_FIELD_TYPE_COMPLEXITY
        {
            return element;
        }
        let id = self.add_type(hint.to_owned(), at, TypeKind::Alias(element));
        TypeRef::Named(id)
    }

    /// An object schema: a struct when it has properties, a map otherwise.
    pub(super) fn object(
        &mut self,
        properties: &Properties<'a>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> Shape {
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let at = at.push("additionalProperties");
                let hint = format!("{hint}Value");
                let value = self.type_ref(schema, &at, &hint);
                Some(self.contained(value, &at, &hint))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        if properties.is_empty() {
            return Shape::Ref(TypeRef::Map(Box::new(additional.unwrap_or(TypeRef::Any))));
        }
        let fields = properties
            .iter()
            .map(|(wire, property)| {
                let owner = property.owner.as_deref().unwrap_or(hint);
                self.field(wire, property.schema, required.contains(wire), &property.at, owner)
            })
            .collect();
        for name in required.iter().filter(|name| !properties.contains_key(*name)) {
            self.warning(&at.push("required"), format!("required property `{name}` is not among the properties"));
        }
        Shape::Item(TypeKind::Struct(StructDef {
            fields,
            additional_properties: additional,
            builder_name: crate::ir::RustName::plain(String::new()),
        }))
    }

    fn field(
        &mut self,
        wire: &str,
        schema: &'a ReferenceOr<Box<Schema>>,
        required: bool,
        at: &Pointer,
        hint: &str,
    ) -> Field {
        let ty = self.boxed_type_ref(schema, at, &format!("{hint}{}", names::type_name(wire)));
        let data = self.schema_of(schema);
        // A `$ref` property carries no annotations of its own; the component's apply.
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
            boxed: false,
        }
    }

    /// Reports aliases that only lead back to themselves, which no Rust type can express, and
    /// breaks those cycles so later phases can follow aliases without looping.
    pub(super) fn check_alias_cycles(&mut self) {
        let mut cyclic = Vec::new();
        for start in 0..self.types.len() {
            let mut current = TypeId(start);
            for _ in 0..=self.types.len() {
                match &self.types[current.0].kind {
                    TypeKind::Alias(TypeRef::Named(next)) if *next == TypeId(start) => {
                        cyclic.push(start);
                        break;
                    }
                    TypeKind::Alias(TypeRef::Named(next)) => current = *next,
                    _ => break,
                }
            }
        }
        for index in cyclic {
            let origin = self.types[index].origin.clone();
            self.diagnostics
                .push(crate::Diagnostic::error(origin, "this schema is a `$ref` cycle with no value in it"));
            self.types[index].kind = TypeKind::Alias(TypeRef::Any);
        }
    }
}

/// Whether a schema carries no type information: only annotations such as `description`,
/// `nullable` or `required`. Such an `allOf` part, or property override, adds nothing.
pub(super) fn is_annotation_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.items.is_none()
                && any.additional_properties.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// The complexity clippy's `type_complexity` lint gives `ty` written out at generic depth
/// `nest`: ten per type path, times its depth. A map's `String` key counts too.
fn type_complexity(ty: &TypeRef, nest: u32) -> u32 {
    let here = 10 * nest;
    match ty {
        TypeRef::Array(item) => here + type_complexity(item, nest + 1),
        TypeRef::Map(value) => here + 10 * (nest + 1) + type_complexity(value, nest + 1),
        TypeRef::Named(_) | TypeRef::Scalar(_) | TypeRef::Any => here,
    }
}
