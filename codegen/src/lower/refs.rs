//! Resolving local `$ref`s to the components they name.
//!
//! Only local references (`#/components/<kind>/<name>`) are supported; anything else is a
//! diagnostic at the pointer of the `$ref`. A chain of references is followed to its end, and
//! a chain that comes back to itself is reported as a cycle instead of looping.

use openapiv3::{Example, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Lowering;
use crate::pointer::{Pointer, PointerError};

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
}

macro_rules! component {
    ($ty:ty, $kind:literal, $field:ident) => {
        impl Component for $ty {
            const KIND: &'static str = $kind;
            fn map(components: &openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Parameter, "parameters", parameters);
component!(RequestBody, "requestBodies", request_bodies);
component!(Response, "responses", responses);
component!(Example, "examples", examples);
component!(Schema, "schemas", schemas);

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
        let mut seen: Vec<String> = Vec::new();
        loop {
            let reference = match current {
                ReferenceOr::Item(item) => {
                    let (at, component) = match seen.last() {
                        Some(name) => (Pointer::root().push("components").push(T::KIND).push(name), Some(name.clone())),
                        None => (at.clone(), None),
                    };
                    return Some(Resolved { item, at, component });
                }
                ReferenceOr::Reference { reference } => reference,
            };
            let at_ref = at.push("$ref");
            let Some((kind, name)) = split_ref(reference) else {
                let message = match Pointer::from_fragment(reference) {
                    Err(error @ (PointerError::InvalidEscape(_) | PointerError::NotUtf8)) => {
                        format!("`{reference}` is not a valid reference: {error}")
                    }
                    _ => format!(
                        "unsupported reference `{reference}`: only local `#/components/...` references are supported"
                    ),
                };
                self.error(&at_ref, message);
                return None;
            };
            if kind != T::KIND {
                self.error(
                    &at_ref,
                    format!("`{reference}` points into `{kind}`, but a `{}` entry belongs here", T::KIND),
                );
                return None;
            }
            if seen.contains(&name) {
                self.error(&at_ref, format!("`{reference}` is part of a reference cycle with no value in it"));
                return None;
            }
            let document: &'a openapiv3::OpenAPI = self.document;
            let found = document.components.as_ref().and_then(|c| T::map(c).get(&name));
            match found {
                Some(next) => {
                    seen.push(name);
                    current = next;
                }
                None => {
                    self.error(&at_ref, format!("unresolved reference `{reference}`: no such component"));
                    return None;
                }
            }
        }
    }
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
