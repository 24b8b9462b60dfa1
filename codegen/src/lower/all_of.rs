//! `allOf`: the parts are merged into one object, at a cost bounded by the spec's size.
//!
//! Each component is merged at most once: the result is kept in a cache of borrowed
//! properties, so a diamond of `allOf`s (or a long chain of them) costs the size of the
//! merged objects, never an exponential walk. A component that reaches itself through `allOf`
//! is reported as a cycle. Later parts override earlier properties of the same name, which is
//! how the envelope pattern `allOf: [Envelope, {properties: {result: Thing}}]` narrows the
//! envelope's `result`; a later property that only annotates (a `description`) keeps the
//! earlier type. Parts that carry no type information are ignored, so
//! `allOf: [{$ref: Thing}, {description: ..}]` is simply `Thing`.

use std::rc::Rc;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowering;
use super::refs::{component_exists, no_local_schema, one_of_kind, schema_name, split_ref};
use super::schema::{Properties, Property, is_annotation_only};
use super::shape::Shape;
use crate::diagnostics::Pointer;
use crate::ir::TypeRef;
use crate::names;

/// How many `allOf` levels may nest before merging gives up, to bound recursion.
const MAX_ALL_OF_DEPTH: usize = 64;

/// The merged view of an object-like schema.
#[derive(Debug, Clone, Default)]
pub(super) struct Merged<'a> {
    properties: Properties<'a>,
    required: Vec<String>,
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> Merged<'a> {
    /// Adds a later part: its properties override, its required names add up.
    fn absorb(&mut self, part: &Merged<'a>) {
        for (name, property) in &part.properties {
            self.insert(name, property.clone());
        }
        for name in &part.required {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
        if part.additional.is_some() {
            self.additional = part.additional;
        }
    }

    fn insert(&mut self, name: &str, property: Property<'a>) {
        let annotates_only = matches!(property.schema, ReferenceOr::Item(schema) if is_annotation_only(schema));
        if annotates_only && self.properties.contains_key(name) {
            return;
        }
        self.properties.insert(name.to_owned(), property);
    }
}

/// A component's merge, as the cache holds it.
#[derive(Debug, Clone)]
pub(super) enum Memo<'a> {
    /// Being merged now: meeting it again is a cycle.
    InProgress,
    /// Merged; `None` when it is not an object.
    Done(Option<Rc<Merged<'a>>>),
}

impl<'a> Lowering<'a> {
    /// Lowers `allOf: parts` of the schema at `schema_at`. `component` names the component this
    /// schema is, so its merge is cached for the parts that refer to it.
    pub(super) fn all_of(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        schema_at: &Pointer,
        hint: &str,
        component: Option<&str>,
    ) -> Shape {
        let at = &schema_at.push("allOf");
        let substantive: Vec<(usize, &'a ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| !matches!(part, ReferenceOr::Item(schema) if is_annotation_only(schema)))
            .collect();
        match substantive.as_slice() {
            [] => return Shape::Ref(TypeRef::Any),
            [(index, only)] => return Shape::Ref(self.type_ref(only, &at.push(index), hint)),
            _ => {}
        }
        let merged = match component {
            Some(name) => self.merge_component(name, |lowering| lowering.merge_parts(parts, at, hint, 0)),
            None => self.merge_parts(parts, at, hint, 0).map(Rc::new),
        };
        match merged {
            Some(merged) => self.object(&merged.properties, &merged.required, merged.additional, schema_at, hint),
            None => Shape::Ref(TypeRef::Any),
        }
    }

    /// Merges every part in order, or reports why they cannot be merged.
    fn merge_parts(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        owner: &str,
        depth: usize,
    ) -> Option<Merged<'a>> {
        if depth > MAX_ALL_OF_DEPTH {
            self.warning(
                at,
                format!("`allOf` nests more than {MAX_ALL_OF_DEPTH} levels deep; any JSON value is accepted"),
            );
            return None;
        }
        let mut merged = Merged::default();
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.push(index);
            let piece = match part {
                ReferenceOr::Reference { reference } => self.merge_reference(reference, &part_at, depth)?,
                ReferenceOr::Item(schema) => Rc::new(self.merge_schema(schema, &part_at, owner, depth)?),
            };
            merged.absorb(&piece);
        }
        Some(merged)
    }

    /// The merged view of the component a part refers to, from the cache when it is there.
    fn merge_reference(&mut self, reference: &str, at: &Pointer, depth: usize) -> Option<Rc<Merged<'a>>> {
        let Some(name) = schema_name(reference) else {
            return self.merge_elsewhere(reference, at, depth).map(Rc::new);
        };
        let Some(schema) = self.component_schema(reference) else {
            if self.components.contains_key(&name) {
                // A component that is itself a `$ref` is merged through its target.
                let target = self.document.components.as_ref().and_then(|c| c.schemas.get(&name));
                if let Some(ReferenceOr::Reference { reference: next }) = target {
                    let next = next.clone();
                    return self.merge_component(&name, |lowering| {
                        lowering.merge_reference(&next, at, depth + 1).map(|merged| (*merged).clone())
                    });
                }
            }
            self.error(&at.push("$ref"), format!("unresolved reference `{reference}`: no such schema"));
            return None;
        };
        let component_at = Pointer::root().push("components").push("schemas").push(&name);
        let owner = names::type_name(&name);
        self.merge_component(&name, |lowering| lowering.merge_schema(schema, &component_at, &owner, depth + 1))
    }

    /// The merged view of a part that refers to anything but a component schema: a schema
    /// elsewhere in the document, such as inside `paths`, or (a common mistake, with a warning)
    /// a parameter, header, response or request body whose schema is meant. Neither is cached;
    /// the depth bound ends a part that leads back to itself.
    fn merge_elsewhere(&mut self, reference: &str, at: &Pointer, depth: usize) -> Option<Merged<'a>> {
        let at_ref = at.push("$ref");
        if let Some((kind, name)) = split_ref(reference) {
            if !component_exists(self.document, &kind, &name) {
                self.error(&at_ref, format!("unresolved reference `{reference}`: no such component"));
                return None;
            }
            let Some((schema, schema_at)) = self.schema_of_component(&kind, &name) else {
                let message = format!("`{reference}` names {}, which holds no schema to merge", one_of_kind(&kind));
                self.error(&at_ref, message);
                return None;
            };
            let named = format!("`{reference}` names {}, where a schema belongs", one_of_kind(&kind));
            self.warning(&at_ref, format!("{named}; its schema is read"));
            return match schema {
                ReferenceOr::Reference { reference } => {
                    self.merge_reference(reference, &schema_at, depth + 1).map(|merged| (*merged).clone())
                }
                ReferenceOr::Item(schema) => self.merge_schema(schema, &schema_at, &names::type_name(&name), depth + 1),
            };
        }
        let local: &'a crate::load::LocalItems = self.local;
        let found =
            Pointer::from_fragment(reference).ok().and_then(|pointer| Some((local.schemas.get(&pointer)?, pointer)));
        let Some((schema, schema_at)) = found else {
            self.error(&at_ref, no_local_schema(reference));
            return None;
        };
        let owner = names::type_name(&schema_at.last().unwrap_or_default());
        self.merge_schema(schema, &schema_at, &owner, depth + 1)
    }

    /// Runs `merge` for the component `name` once, caching its result and catching cycles.
    fn merge_component(
        &mut self,
        name: &str,
        merge: impl FnOnce(&mut Self) -> Option<Merged<'a>>,
    ) -> Option<Rc<Merged<'a>>> {
        match self.all_of_cache.get(name) {
            Some(Memo::Done(result)) => return result.clone(),
            Some(Memo::InProgress) => {
                let at = Pointer::root().push("components").push("schemas").push(name);
                self.error(&at, "this schema includes itself through `allOf`, so it has no finite shape");
                return None;
            }
            None => {}
        }
        self.all_of_cache.insert(name.to_owned(), Memo::InProgress);
        let result = merge(self).map(Rc::new);
        self.all_of_cache.insert(name.to_owned(), Memo::Done(result.clone()));
        result
    }

    /// The merged view of one object-like schema, declared at `at`.
    fn merge_schema(&mut self, schema: &'a Schema, at: &Pointer, owner: &str, depth: usize) -> Option<Merged<'a>> {
        let (properties, required, additional, nested) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                (Some(&object.properties), &object.required[..], object.additional_properties.as_ref(), &[][..])
            }
            SchemaKind::AllOf { all_of } => (None, &[][..], None, &all_of[..]),
            SchemaKind::Any(any)
                if matches!(any.typ.as_deref(), None | Some("object"))
                    && any.items.is_none()
                    && any.enumeration.is_empty() =>
            {
                (Some(&any.properties), &any.required[..], any.additional_properties.as_ref(), &any.all_of[..])
            }
            _ => {
                self.warning(
                    at,
                    "this `allOf` part is not an object, so the parts cannot be merged; any JSON value is accepted",
                );
                return None;
            }
        };
        let mut merged = Merged::default();
        if !nested.is_empty() {
            let inner = self.merge_parts(nested, &at.push("allOf"), owner, depth + 1)?;
            merged.absorb(&inner);
        }
        let base = at.push("properties");
        for (name, property) in properties.into_iter().flatten() {
            let property = Property { schema: property, at: base.push(name), owner: Some(owner.to_owned()) };
            merged.insert(name, property);
        }
        for name in required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
        if additional.is_some() {
            merged.additional = additional;
        }
        Some(merged)
    }
}
