//! The items that local `$ref`s reach outside `#/components/<kind>/<name>`, typed once.
//!
//! A `$ref` may point anywhere in the document, such as `#/paths/~1v2~1clicks/get/responses/401`
//! or into a request body's schema. Each such target is typed here as every kind of object it
//! can be read as, so lowering resolves a reference to it the way it resolves one to a
//! component: by the kind the place of the `$ref` expects ([`crate::lower`]'s `Component`).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Example, Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::Pointer;

/// The targets of local references outside the components, by the JSON Pointer of the
/// reference's fragment, typed as each kind they can be read as.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocalItems {
    /// Every target that exists in the document, whatever it is.
    pub present: BTreeSet<Pointer>,
    /// Targets that are schemas.
    pub schemas: BTreeMap<Pointer, Schema>,
    /// Targets that are parameters, or references to one.
    pub parameters: BTreeMap<Pointer, ReferenceOr<Parameter>>,
    /// Targets that are request bodies, or references to one.
    pub request_bodies: BTreeMap<Pointer, ReferenceOr<RequestBody>>,
    /// Targets that are responses, or references to one.
    pub responses: BTreeMap<Pointer, ReferenceOr<Response>>,
    /// Targets that are examples, or references to one.
    pub examples: BTreeMap<Pointer, ReferenceOr<Example>>,
}

impl LocalItems {
    /// Every target of a local `$ref` in `raw` other than a whole component, typed. A target
    /// that is missing is only left out of `present`; lowering reports the reference.
    pub(crate) fn new(raw: &Value) -> Self {
        let mut references = BTreeSet::new();
        collect_references(raw, &mut references);
        let mut items = Self::default();
        for reference in references {
            let Some(pointer) = Pointer::from_fragment(reference).ok().filter(|pointer| !pointer.is_root()) else {
                continue;
            };
            if is_whole_component(&pointer) {
                continue;
            }
            let Some(target) = raw.pointer(pointer.as_str()) else { continue };
            items.add(pointer, target);
        }
        items
    }

    /// Types `target` as every kind it reads as.
    fn add(&mut self, pointer: Pointer, target: &Value) {
        insert_typed(&mut self.schemas, &pointer, target);
        insert_typed(&mut self.parameters, &pointer, target);
        insert_typed(&mut self.request_bodies, &pointer, target);
        insert_typed(&mut self.responses, &pointer, target);
        insert_typed(&mut self.examples, &pointer, target);
        self.present.insert(pointer);
    }
}

/// Inserts `target` typed as `T`, when it is one.
fn insert_typed<'v, T: Deserialize<'v>>(map: &mut BTreeMap<Pointer, T>, pointer: &Pointer, target: &'v Value) {
    if let Ok(item) = T::deserialize(target) {
        map.insert(pointer.clone(), item);
    }
}

/// Whether `pointer` names a whole component, `/components/<kind>/<name>`, which lowering
/// finds in the typed components instead.
fn is_whole_component(pointer: &Pointer) -> bool {
    let tokens: Vec<_> = pointer.tokens().collect();
    matches!(tokens.as_slice(), [components, _, name] if components == "components" && !name.is_empty())
}

/// Every `$ref` string in `value`.
fn collect_references<'v>(value: &'v Value, found: &mut BTreeSet<&'v str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.insert(reference);
            }
            map.values().for_each(|value| collect_references(value, found));
        }
        Value::Array(items) => items.iter().for_each(|value| collect_references(value, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A target is typed as each kind it is, and a whole component or a missing target is not
    /// typed at all.
    #[test]
    fn targets_are_typed_by_kind() {
        let raw = serde_json::json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"401": {"description": "No."}},
            }}},
            "refs": [
                {"$ref": "#/paths/~1a/get/parameters/0"},
                {"$ref": "#/paths/~1a/get/responses/401"},
                {"$ref": "#/paths/~1a/get/parameters/0/schema"},
                {"$ref": "#/paths/~1missing"},
                {"$ref": "#/components/schemas/Whole"},
            ],
        });
        let items = LocalItems::new(&raw);
        let at = |text: &str| Pointer::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert!(items.parameters.contains_key(&at("/paths/~1a/get/parameters/0")));
        assert!(!items.parameters.contains_key(&at("/paths/~1a/get/responses/401")));
        assert!(items.responses.contains_key(&at("/paths/~1a/get/responses/401")));
        assert!(items.schemas.contains_key(&at("/paths/~1a/get/parameters/0/schema")));
        assert!(!items.present.contains(&at("/paths/~1missing")));
        assert!(!items.present.contains(&at("/components/schemas/Whole")));
        assert_eq!(items.present.len(), 3);
    }
}
