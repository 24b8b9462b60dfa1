//! Resolving local `$ref`s to the components they name.
//!
//! Only local references (`#/components/<kind>/<name>`) are supported; anything else is a
//! diagnostic at the pointer of the `$ref`. A chain of references is followed to its end, and
//! a chain that comes back to itself is reported as a cycle instead of looping.

use openapiv3::{Example, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Lowering;
use crate::diagnostics::Pointer;

/// The component kind and key a local `$ref` names, e.g. `("schemas", "Session")`.
pub(super) fn split_ref(reference: &str) -> Option<(&str, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some((kind, name.replace("~1", "/").replace("~0", "~")))
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
                self.error(
                    &at_ref,
                    format!(
                        "unsupported reference `{reference}`: only local `#/components/...` references are supported"
                    ),
                );
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
        assert_eq!(split_ref("#/components/schemas/Session"), Some(("schemas", "Session".to_owned())));
        assert_eq!(split_ref("#/components/schemas/a~1b"), Some(("schemas", "a/b".to_owned())));
        assert_eq!(split_ref("other.yaml#/components/schemas/X"), None);
        assert_eq!(split_ref("#/components/schemas/"), None);
    }
}
