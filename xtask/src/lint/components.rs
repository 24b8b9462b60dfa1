//! Checks that every component is used: reachable by `$ref` from the paths (directly or
//! through other used components), or, for a security scheme, named by a `security` rule.

use std::collections::{BTreeMap, BTreeSet};

use realtimekit_codegen::{Diagnostic, Pointer};
use serde_json::Value;

use super::document::Document;

/// A component: its kind (`schemas`, `parameters`, ...) and its name.
type Component = (String, String);

/// Every component that nothing uses gets a warning.
pub(super) fn unused_components(document: Document<'_>, found: &mut Vec<Diagnostic>) {
    let Some(components) = document.root.get("components").and_then(Value::as_object) else { return };
    let mut roots = BTreeSet::new();
    if let Some(root) = document.root.as_object() {
        for (key, value) in root.iter().filter(|(key, _)| key.as_str() != "components") {
            collect_refs(value, &mut roots);
            if key == "security" {
                security_names(value, &mut roots);
            }
        }
    }
    for op in document.operations() {
        if let Some(security) = op.operation.get("security") {
            security_names(security, &mut roots);
        }
    }
    let mut edges: BTreeMap<Component, BTreeSet<Component>> = BTreeMap::new();
    for (kind, entries) in components.iter().filter(|(kind, _)| !kind.starts_with("x-")) {
        for (name, value) in entries.as_object().into_iter().flatten() {
            let mut targets = BTreeSet::new();
            collect_refs(value, &mut targets);
            edges.insert((kind.clone(), name.clone()), targets);
        }
    }
    let mut used: BTreeSet<Component> = BTreeSet::new();
    let mut queue: Vec<Component> = roots.into_iter().collect();
    while let Some(next) = queue.pop() {
        if used.insert(next.clone()) {
            queue.extend(edges.get(&next).into_iter().flatten().cloned());
        }
    }
    for (kind, name) in edges.keys().filter(|component| !used.contains(*component)) {
        let at = Pointer::root().push("components").push(kind).push(name);
        found.push(Diagnostic::warning(&at, format!("component `{kind}/{name}` is never used")));
    }
}

/// Adds the component every local `$ref` in `value` points into.
fn collect_refs(value: &Value, found: &mut BTreeSet<Component>) {
    match value {
        Value::Object(object) => {
            if let Some(component) = object.get("$ref").and_then(Value::as_str).and_then(component_of) {
                found.insert(component);
            }
            object.values().for_each(|nested| collect_refs(nested, found));
        }
        Value::Array(items) => items.iter().for_each(|nested| collect_refs(nested, found)),
        _ => {}
    }
}

/// `#/components/schemas/A~1B/properties/x` → `("schemas", "A/B")`.
fn component_of(reference: &str) -> Option<Component> {
    let pointer = Pointer::from_fragment(reference).ok()?;
    let mut tokens = pointer.tokens();
    if tokens.next()? != "components" {
        return None;
    }
    Some((tokens.next()?.into_owned(), tokens.next()?.into_owned()))
}

/// Adds the security schemes a list of security requirements names.
fn security_names(security: &Value, found: &mut BTreeSet<Component>) {
    for requirement in security.as_array().into_iter().flatten().filter_map(Value::as_object) {
        for name in requirement.keys() {
            found.insert(("securitySchemes".to_owned(), name.clone()));
        }
    }
}
