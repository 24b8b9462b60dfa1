//! Structurally identical types, compiled once. Specs repeat the same inline shape under many
//! names: GitHub's repeats the enum `[open, closed]` and its kin thousands of times. One of
//! each set of identical types stays a type; every other becomes an alias of it, so every name
//! the spec gives still exists and still reads the same, while the compiler sees one type.
//!
//! Two types are identical when their bodies are equal once every type they name is replaced
//! by the type it stands for: the same fields with the same wire names, types, docs and rules,
//! or the same variants. A type's own name, docs and deprecation stay its own. Merging one set
//! can make others identical (two structs that differed only in which of two equal enums they
//! held), so the merge repeats until nothing changes.
//!
//! The type that stays is chosen by its name alone, so the choice does not depend on the order
//! of the spec: a component schema before an inline one, then the shortest name, then the
//! first in alphabetical order.

use std::collections::HashMap;

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Turns every type that is identical to another into an alias of the one that stays.
pub(super) fn merge_identical_types(api: &mut Api) {
    loop {
        let stays = identical_sets(api);
        if stays.iter().all(Option::is_none) {
            return;
        }
        for (def, target) in api.types.iter_mut().zip(stays) {
            if let Some(target) = target {
                def.kind = TypeKind::Alias(TypeRef::Named(target));
            }
        }
    }
}

/// For each type that is identical to another and does not stay, the type that stays.
fn identical_sets(api: &Api) -> Vec<Option<TypeId>> {
    let mut sets: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, def) in api.types.iter().enumerate() {
        if let Some(shape) = shape(api, &def.kind) {
            sets.entry(shape).or_default().push(index);
        }
    }
    let mut stays = vec![None; api.types.len()];
    for members in sets.into_values().filter(|members| members.len() > 1) {
        let keeper = members.iter().copied().min_by_key(|&index| preference(api, index));
        if let Some(keeper) = keeper {
            for member in members.into_iter().filter(|&member| member != keeper) {
                stays[member] = Some(TypeId(keeper));
            }
        }
    }
    stays
}

/// Which of a set of identical types stays: the smallest key.
fn preference(api: &Api, index: usize) -> (bool, usize, String) {
    let def = &api.types[index];
    let inline = !def.origin.to_string().starts_with("/components/schemas/");
    let name = def.name.identifier();
    (inline, name.len(), name)
}

/// A text that two types share exactly when they are identical, or nothing for an alias,
/// which already names another type.
fn shape(api: &Api, kind: &TypeKind) -> Option<String> {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Alias(_) => return None,
        TypeKind::Struct(object) => {
            // Each struct's builder is named after it; the builders of merged structs are one.
            object.builder_name = Default::default();
            object.fields.iter_mut().for_each(|field| resolve(api, &mut field.ty));
            object.additional_properties.iter_mut().for_each(|ty| resolve(api, ty));
        }
        TypeKind::Union(union) => union.variants.iter_mut().for_each(|variant| resolve(api, &mut variant.ty)),
        TypeKind::Enum(_) => {}
    }
    Some(format!("{kind:?}"))
}

/// Replaces every type `ty` names by the type it stands for, through aliases; an alias of an
/// array or map leads to types inside it that may be aliases too.
fn resolve(api: &Api, ty: &mut TypeRef) {
    if let TypeRef::Named(_) = ty {
        *ty = api.resolve_alias(ty).clone();
    }
    if let TypeRef::Array(inner) | TypeRef::Map(inner) = ty {
        resolve(api, inner);
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeKind, TypeRef};

    fn lowered(spec: &str) -> Api {
        crate::lower_spec(spec).expect("the spec lowers")
    }

    fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
        &api.types.iter().find(|def| def.name.identifier() == name).expect("the type exists").kind
    }

    fn target(api: &Api, name: &str) -> String {
        match kind(api, name) {
            TypeKind::Alias(TypeRef::Named(id)) => api.type_def(*id).name.identifier(),
            other => panic!("{name} is not an alias: {other:?}"),
        }
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /issues:
    get:
      operationId: listIssues
      parameters:
        - {name: state, in: query, schema: {type: string, enum: [open, closed]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  issue: {type: object, properties: {state: {type: string, enum: [open, closed]}}}
                  pull: {type: object, properties: {state: {type: string, enum: [open, closed]}}}
                  other: {type: string, enum: [open, closed, merged]}
components:
  schemas:
    State: {type: string, enum: [open, closed]}
"#;

    #[test]
    fn identical_enums_are_aliases_of_the_component() {
        let api = lowered(SPEC);
        assert!(matches!(kind(&api, "State"), TypeKind::Enum(_)));
        assert_eq!(target(&api, "ListIssuesState"), "State");
        assert!(matches!(kind(&api, "ListIssuesResponseOther"), TypeKind::Enum(_)), "other values stay apart");
    }

    #[test]
    fn structs_that_become_identical_merge_too() {
        let api = lowered(SPEC);
        let issue = kind(&api, "ListIssuesResponseIssue");
        let pull = kind(&api, "ListIssuesResponsePull");
        let merged = [issue, pull].iter().filter(|kind| matches!(kind, TypeKind::Alias(_))).count();
        assert_eq!(merged, 1, "one of the two structs stays: {issue:?} {pull:?}");
    }
}
