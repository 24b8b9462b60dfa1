//! Resolving local `$ref`s to the items they name.
//!
//! A local reference names a component (`#/components/<kind>/<name>`) or any other place in
//! the document, such as another operation's response; loading typed those places once
//! ([`LocalItems`]), so both resolve the same way, by the kind the `$ref`'s place expects. A
//! reference to another document is a diagnostic at the pointer of the `$ref`. A chain of
//! references is followed to its end, and a chain that comes back to itself is reported as a
//! cycle instead of looping.
//!
//! A reference to a component of the wrong kind is a common mistake, such as a schema used as
//! a response. It is read as the kind expected when it can be, with a warning: a schema as a
//! response or request body whose JSON body it is ([`Readings`]), a request body as a response
//! or the other way round with the same content, and a parameter, header, response or request
//! body where a schema belongs as its schema (`schema.rs`). Otherwise the operation that uses
//! it is skipped with a warning, and an example is only left out.

use std::collections::BTreeMap;

use openapiv3::{Example, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema};

use super::Lowering;
use crate::load::LocalItems;
use crate::pointer::{Pointer, PointerError};

/// How long a chain of references [`Lowering::peek`] follows before it gives up, so that a
/// cycle cannot make it loop.
const MAX_CHAIN: usize = 256;

/// The component kind and key a local `$ref` names, e.g. `("schemas", "Session")`.
pub(super) fn split_ref(reference: &str) -> Option<(String, String)> {
    let pointer = Pointer::from_fragment(reference).ok()?;
    let mut tokens = pointer.tokens();
    let (Some(components), Some(kind), Some(name), None) = (tokens.next(), tokens.next(), tokens.next(), tokens.next())
    else {
        return None;
    };
    (components == "components" && !name.is_empty()).then(|| (kind.into_owned(), name.into_owned()))
}

/// The key of the component schema a local `$ref` names, e.g. `Session`.
pub(super) fn schema_name(reference: &str) -> Option<String> {
    split_ref(reference).and_then(|(kind, name)| (kind == "schemas").then_some(name))
}

/// A component kind that `$ref`s can point into.
pub(super) trait Component: Sized + 'static {
    /// The key under `components`, e.g. `parameters`.
    const KIND: &'static str;
    /// The map of that kind in the document's components.
    fn map(components: &openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
    /// The places outside the components that references reach and that are of this kind.
    fn local(items: &LocalItems) -> Option<&BTreeMap<Pointer, ReferenceOr<Self>>> {
        let _ = items;
        None
    }
    /// How a reference to a component of another kind reads as this kind, when it can.
    fn reading<'r>(readings: &'r Readings, reference: &str) -> Option<&'r Reading<Self>> {
        let _ = (readings, reference);
        None
    }
}

macro_rules! component {
    ($ty:ty, $kind:literal, $field:ident $(, local: $local:ident)? $(, readings: $readings:ident)?) => {
        impl Component for $ty {
            const KIND: &'static str = $kind;
            fn map(components: &openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
            $(
                fn local(items: &LocalItems) -> Option<&BTreeMap<Pointer, ReferenceOr<Self>>> {
                    Some(&items.$local)
                }
            )?
            $(
                fn reading<'r>(readings: &'r Readings, reference: &str) -> Option<&'r Reading<Self>> {
                    readings.$readings.get(reference)
                }
            )?
        }
    };
}

component!(Parameter, "parameters", parameters, local: parameters);
component!(RequestBody, "requestBodies", request_bodies, local: request_bodies, readings: request_bodies);
component!(Response, "responses", responses, local: responses, readings: responses);
component!(Example, "examples", examples, local: examples);
// Schemas reached outside the components are lowered by `schema.rs`, as types of their own.
component!(Schema, "schemas", schemas);

/// A component of one kind read as another, as [`Readings`] holds it.
#[derive(Debug)]
pub(super) struct Reading<T> {
    /// The item it reads as.
    item: T,
    /// How it is read, for the warning: `a response whose JSON body is that schema`.
    how: &'static str,
    /// Where the content it keeps is declared, and the component's key, when it keeps the
    /// content of the component it names; `None` when the item only refers to it.
    declared: Option<(Pointer, String)>,
}

/// The components that `$ref`s name where another kind belongs and that can be read as that
/// kind, made once before lowering so that lowering can borrow them like the document: a schema
/// used as a response or request body is one whose JSON body is that schema, and a request body
/// used as a response (or a response as a request body) keeps its content.
#[derive(Debug, Default)]
pub(super) struct Readings {
    responses: BTreeMap<String, Reading<Response>>,
    request_bodies: BTreeMap<String, Reading<RequestBody>>,
}

impl Readings {
    /// The readings for every reference of the wrong kind in a response or request body place.
    pub(super) fn new(document: &OpenAPI) -> Self {
        let mut readings = Self::default();
        let components = document.components.as_ref();
        let operations = document.paths.paths.values().filter_map(ReferenceOr::as_item).flat_map(|item| item.iter());
        let mut response_refs = Vec::new();
        let mut body_refs = Vec::new();
        for (_, operation) in operations {
            let responses = operation.responses.responses.values().chain(&operation.responses.default);
            response_refs.extend(responses.filter_map(reference_of));
            body_refs.extend(operation.request_body.as_ref().and_then(reference_of));
        }
        if let Some(components) = components {
            response_refs.extend(components.responses.values().filter_map(reference_of));
            body_refs.extend(components.request_bodies.values().filter_map(reference_of));
        }
        for reference in response_refs {
            let Some((kind, name)) = split_ref(reference) else { continue };
            let reading = match kind.as_str() {
                "schemas" if component_exists(document, &kind, &name) => Reading {
                    item: Response { content: json_content(reference), ..Response::default() },
                    how: "a response whose JSON body is that schema",
                    declared: None,
                },
                "requestBodies" => {
                    let Some(body) = components.and_then(|c| c.request_bodies.get(&name)?.as_item()) else { continue };
                    Reading {
                        item: Response {
                            description: body.description.clone().unwrap_or_default(),
                            content: body.content.clone(),
                            ..Response::default()
                        },
                        how: "a response with the same content",
                        declared: Some((component_pointer(&kind, &name), name)),
                    }
                }
                _ => continue,
            };
            readings.responses.insert(reference.to_owned(), reading);
        }
        for reference in body_refs {
            let Some((kind, name)) = split_ref(reference) else { continue };
            let reading = match kind.as_str() {
                "schemas" if component_exists(document, &kind, &name) => Reading {
                    item: RequestBody { content: json_content(reference), ..RequestBody::default() },
                    how: "a JSON request body of that schema",
                    declared: None,
                },
                "responses" => {
                    let Some(response) = components.and_then(|c| c.responses.get(&name)?.as_item()) else { continue };
                    Reading {
                        item: RequestBody {
                            description: Some(response.description.clone()).filter(|text| !text.is_empty()),
                            content: response.content.clone(),
                            ..RequestBody::default()
                        },
                        how: "a request body with the same content",
                        declared: Some((component_pointer(&kind, &name), name)),
                    }
                }
                _ => continue,
            };
            readings.request_bodies.insert(reference.to_owned(), reading);
        }
        readings
    }
}

/// The reference an item is, if it is one.
fn reference_of<T>(item: &ReferenceOr<T>) -> Option<&str> {
    match item {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(_) => None,
    }
}

/// A content map with one JSON entry whose schema is `reference`.
fn json_content(reference: &str) -> indexmap::IndexMap<String, openapiv3::MediaType> {
    let media = openapiv3::MediaType {
        schema: Some(ReferenceOr::Reference { reference: reference.to_owned() }),
        ..openapiv3::MediaType::default()
    };
    std::iter::once(("application/json".to_owned(), media)).collect()
}

/// The pointer of a component.
fn component_pointer(kind: &str, name: &str) -> Pointer {
    Pointer::root().push("components").push(kind).push(name)
}

/// Whether the document declares the component `kind`/`name`, of any kind.
pub(super) fn component_exists(document: &OpenAPI, kind: &str, name: &str) -> bool {
    let Some(c) = document.components.as_ref() else { return false };
    match kind {
        "schemas" => c.schemas.contains_key(name),
        "parameters" => c.parameters.contains_key(name),
        "responses" => c.responses.contains_key(name),
        "requestBodies" => c.request_bodies.contains_key(name),
        "examples" => c.examples.contains_key(name),
        "headers" => c.headers.contains_key(name),
        "securitySchemes" => c.security_schemes.contains_key(name),
        "links" => c.links.contains_key(name),
        "callbacks" => c.callbacks.contains_key(name),
        _ => false,
    }
}

/// Why a schema `$ref` that names no component resolves to nothing.
pub(super) fn no_local_schema(reference: &str) -> String {
    if reference.starts_with("#/") {
        format!("unresolved reference `{reference}`: no schema in this document at that pointer")
    } else {
        format!("`{reference}` points outside this document; only local `#/...` references are read")
    }
}

/// One component of a kind, for messages: `a request body`.
pub(super) fn one_of_kind(kind: &str) -> String {
    match kind {
        "schemas" => "a schema".to_owned(),
        "parameters" => "a parameter".to_owned(),
        "responses" => "a response".to_owned(),
        "requestBodies" => "a request body".to_owned(),
        "examples" => "an example".to_owned(),
        "headers" => "a header".to_owned(),
        "securitySchemes" => "a security scheme".to_owned(),
        "links" => "a link".to_owned(),
        "callbacks" => "a callback".to_owned(),
        other => format!("a `{other}` entry"),
    }
}

/// An item found by following references, with where it is declared.
pub(super) struct Resolved<'r, T> {
    /// The item.
    pub(super) item: &'r T,
    /// Its pointer: where it was written inline, or its component's.
    pub(super) at: Pointer,
    /// The key of the component it is, if it was reached through references.
    pub(super) component: Option<String>,
}

impl<'a> Lowering<'a> {
    /// Follows `item` through any chain of `$ref`s to the component it ends at.
    ///
    /// Reports an unresolved, non-local or cyclic reference at `at` and returns `None`.
    pub(super) fn resolve<'r, T: Component>(&mut self, item: &'r ReferenceOr<T>, at: &Pointer) -> Option<&'r T>
    where
        'a: 'r,
    {
        self.resolve_located(item, at).map(|resolved| resolved.item)
    }

    /// [`Self::resolve`], also telling where the item is declared: `at` itself, or the
    /// component the chain of references ends at.
    pub(super) fn resolve_located<'r, T: Component>(
        &mut self,
        item: &'r ReferenceOr<T>,
        at: &Pointer,
    ) -> Option<Resolved<'r, T>>
    where
        'a: 'r,
    {
        let mut current = item;
        // Where each item of the chain is declared, and the component it is, if one.
        let mut seen: Vec<(Pointer, Option<String>)> = Vec::new();
        loop {
            let reference = match current {
                ReferenceOr::Item(item) => {
                    let (at, component) = seen.pop().unwrap_or_else(|| (at.clone(), None));
                    return Some(Resolved { item, at, component });
                }
                ReferenceOr::Reference { reference } => reference,
            };
            let at_ref = at.push("$ref");
            let (declared, component, next) = match split_ref(reference) {
                Some((kind, name)) if kind != T::KIND => return self.other_kind(reference, &kind, &name, at),
                Some((kind, name)) => {
                    let document: &'a openapiv3::OpenAPI = self.document;
                    let next = document.components.as_ref().and_then(|c| T::map(c).get(&name));
                    (component_pointer(&kind, &name), Some(name), next)
                }
                None => {
                    let declared = self.local_target(reference, &at_ref)?;
                    let local: &'a LocalItems = self.local;
                    let next = T::local(local).and_then(|items| items.get(&declared));
                    if next.is_none() && local.present.contains(&declared) {
                        let message = format!("`{reference}` leads to a value that is not {}", one_of_kind(T::KIND));
                        self.error(&at_ref, message);
                        return None;
                    }
                    (declared, None, next)
                }
            };
            if seen.iter().any(|(pointer, _)| *pointer == declared) {
                self.error(&at_ref, format!("`{reference}` is part of a reference cycle with no value in it"));
                return None;
            }
            let Some(next) = next else {
                let missing =
                    if component.is_some() { "no such component" } else { "nothing in this document at that pointer" };
                self.error(&at_ref, format!("unresolved reference `{reference}`: {missing}"));
                return None;
            };
            seen.push((declared, component));
            current = next;
        }
    }

    /// The name hint of the operation that declares `declared`, when that is a place inside an
    /// operation: an item reached there by a `$ref` from another operation is named after the
    /// operation that declares it, not after whichever refers to it first.
    pub(super) fn declaring_hint(&self, declared: &Pointer) -> Option<String> {
        let document: &'a OpenAPI = self.document;
        let mut tokens = declared.tokens();
        let (Some(paths), Some(path), Some(method)) = (tokens.next(), tokens.next(), tokens.next()) else {
            return None;
        };
        if paths != "paths" {
            return None;
        }
        let item = document.paths.paths.get(path.as_ref())?.as_item()?;
        let (_, operation) = item.iter().find(|(name, _)| *name == method)?;
        let method_name = crate::names::operation_method_name(operation.operation_id.as_deref(), &method, &path);
        Some(crate::names::type_name(method_name.bare()))
    }

    /// The place a `$ref` that names no component points at, or `None` with an error at
    /// `at_ref` when it points into another document or is not a valid fragment.
    fn local_target(&mut self, reference: &str, at_ref: &Pointer) -> Option<Pointer> {
        let message = match Pointer::from_fragment(reference) {
            Ok(pointer) if !pointer.is_root() => return Some(pointer),
            Err(error @ (PointerError::InvalidEscape(_) | PointerError::NotUtf8)) => {
                format!("`{reference}` is not a valid reference: {error}")
            }
            _ => format!("`{reference}` points outside this document; only local `#/...` references are read"),
        };
        self.error(at_ref, message);
        None
    }

    /// A reference, written at `at`, to the component `kind`/`name` where a `T` belongs: read
    /// as a `T` with a warning when it can be; otherwise an example is left out with a warning,
    /// and anything else makes the operation being lowered skipped
    /// ([`Lowering::unreadable_reference`]).
    fn other_kind<'r, T: Component>(
        &mut self,
        reference: &str,
        kind: &str,
        name: &str,
        at: &Pointer,
    ) -> Option<Resolved<'r, T>>
    where
        'a: 'r,
    {
        let at_ref = at.push("$ref");
        if !component_exists(self.document, kind, name) {
            self.error(&at_ref, format!("unresolved reference `{reference}`: no such component"));
            return None;
        }
        let named = format!("`{reference}` names {}, where {} belongs", one_of_kind(kind), one_of_kind(T::KIND));
        let readings: &'a Readings = self.readings;
        if let Some(reading) = T::reading(readings, reference) {
            self.warning(&at_ref, format!("{named}; it is read as {}", reading.how));
            let (at, component) = match &reading.declared {
                Some((declared_at, component)) => (declared_at.clone(), Some(component.clone())),
                None => (at.clone(), None),
            };
            return Some(Resolved { item: &reading.item, at, component });
        }
        if T::KIND == Example::KIND {
            self.warning(&at_ref, format!("{named}; the example is left out"));
        } else if self.unreadable_reference.is_none() {
            self.unreadable_reference = Some(format!("{named}, and cannot be read as one (at {at_ref})"));
        }
        None
    }

    /// The item a chain of references of the right kind ends at, reporting nothing: for checks
    /// made before an operation is lowered, which reports any problem of the chain itself.
    pub(super) fn peek<'r, T: Component>(&self, item: &'r ReferenceOr<T>) -> Option<&'r T>
    where
        'a: 'r,
    {
        let document: &'a OpenAPI = self.document;
        let mut current = item;
        for _ in 0..MAX_CHAIN {
            match current {
                ReferenceOr::Item(item) => return Some(item),
                ReferenceOr::Reference { reference } => {
                    current = match split_ref(reference) {
                        Some((kind, name)) if kind == T::KIND => T::map(document.components.as_ref()?).get(&name)?,
                        Some(_) => return None,
                        None => T::local(self.local)?.get(&Pointer::from_fragment(reference).ok()?)?,
                    };
                }
            }
        }
        None
    }

    /// The schema of the component `kind`/`name` of another kind than schemas, with its
    /// pointer, for a schema `$ref` that names it: a parameter's or header's schema, or the
    /// schema of a response's or request body's JSON content (or else its first).
    pub(super) fn schema_of_component(&self, kind: &str, name: &str) -> Option<(&'a ReferenceOr<Schema>, Pointer)> {
        let document: &'a OpenAPI = self.document;
        let components = document.components.as_ref()?;
        let at = component_pointer(kind, name);
        let from_format = |format: &'a ParameterSchemaOrContent, at: Pointer| match format {
            ParameterSchemaOrContent::Schema(schema) => Some((schema, at.push("schema"))),
            ParameterSchemaOrContent::Content(content) => from_content(content, &at),
        };
        match kind {
            "parameters" => from_format(&components.parameters.get(name)?.as_item()?.parameter_data_ref().format, at),
            "headers" => from_format(&components.headers.get(name)?.as_item()?.format, at),
            "responses" => from_content(&components.responses.get(name)?.as_item()?.content, &at),
            "requestBodies" => from_content(&components.request_bodies.get(name)?.as_item()?.content, &at),
            _ => None,
        }
    }
}

/// The schema of a content map's JSON entry, or else of its first, with its pointer.
fn from_content<'c>(
    content: &'c indexmap::IndexMap<String, openapiv3::MediaType>,
    at: &Pointer,
) -> Option<(&'c ReferenceOr<Schema>, Pointer)> {
    let (media_type, media) =
        content.iter().find(|(media_type, _)| super::media::is_json(media_type)).or_else(|| content.first())?;
    Some((media.schema.as_ref()?, at.push("content").push(media_type).push("schema")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_local_references() {
        let split = |kind: &str, name: &str| Some((kind.to_owned(), name.to_owned()));
        assert_eq!(split_ref("#/components/schemas/Session"), split("schemas", "Session"));
        assert_eq!(split_ref("#/components/schemas/a~1b"), split("schemas", "a/b"));
        assert_eq!(split_ref("#/components/schemas/a%20b~01"), split("schemas", "a b~1"));
        assert_eq!(split_ref("#/components/parameters/Page"), split("parameters", "Page"));
        assert_eq!(split_ref("other.yaml#/components/schemas/X"), None);
        assert_eq!(split_ref("#/components/schemas/"), None);
        assert_eq!(split_ref("#/components/schemas/A/properties/b"), None);
        assert_eq!(split_ref("#/components/schemas/a~2b"), None);
        assert_eq!(schema_name("#/components/schemas/Session"), Some("Session".to_owned()));
        assert_eq!(schema_name("#/components/parameters/Page"), None);
    }

    /// A local reference with a broken escape says what is wrong with it.
    #[test]
    fn invalid_escapes_in_references_are_reported() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters: [{$ref: "#/components/parameters/a~2b"}]
      responses: {"204": {description: Nothing.}}
"##;
        let report = crate::lower_spec(spec).err().map(|report| report.to_string()).unwrap_or_default();
        let expected = "error: /paths/~1a/get/parameters/0/$ref: `#/components/parameters/a~2b` is not a valid \
                        reference: `~2` is not an escape; `~` must be followed by `0` or `1`";
        assert!(report.contains(expected), "{report}");
    }

    /// A `$ref` whose fragment is percent-encoded resolves, into the components or elsewhere.
    #[test]
    fn percent_encoded_references_resolve() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /systems/{systemSymbol}/waypoints:
    get:
      parameters:
        - {name: systemSymbol, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The waypoints.
          content:
            application/json:
              schema:
                type: object
                properties:
                  first: {$ref: "#/components/schemas/Way%20point"}
  /copy:
    get:
      responses:
        "200":
          description: The same body.
          content:
            application/json:
              schema:
                $ref: "#/paths/~1systems~1%7BsystemSymbol%7D~1waypoints/get/responses/200/content/application~1json/schema"
components:
  schemas:
    Way point: {type: object, properties: {symbol: {type: string}}}
"##;
        let api = crate::lower_spec(spec).unwrap_or_else(|report| panic!("the references resolve: {report}"));
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
        let waypoint = api.types.iter().find(|def| def.origin.last().as_deref() == Some("Way point"));
        assert!(waypoint.is_some(), "the component is a type: {:?}", api.types);
    }
}
