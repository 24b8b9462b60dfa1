//! Which old item is which new item: operations by route, parameters by place, and types by
//! name or by where they are used.
//!
//! Operations match by HTTP method and path template (variable names aside), so a changed
//! `operationId` is a rename of the Rust method, not a removal and an addition; an operation
//! whose route changed but whose `operationId` did not has moved. Types match by Rust name
//! first; a type whose name disappeared is then matched to a new name found at the same place
//! (the same field, parameter or body of matched operations), which is a rename.

use std::collections::BTreeSet;

use realtimekit_codegen::ir::{Api, HttpMethod, Operation, Param, ParamLocation, TypeId, TypeKind, TypeRef};

/// The operations of both specs, matched.
#[derive(Debug)]
pub(super) struct Operations<'a> {
    /// Matched pairs, in the old spec's order; `moved` when only the `operationId` matched.
    pub(super) pairs: Vec<OperationPair<'a>>,
    /// Operations only the old spec has.
    pub(super) removed: Vec<&'a Operation>,
    /// Operations only the new spec has.
    pub(super) added: Vec<&'a Operation>,
}

/// One operation in both specs.
#[derive(Debug, Clone, Copy)]
pub(super) struct OperationPair<'a> {
    pub(super) old: &'a Operation,
    pub(super) new: &'a Operation,
    /// Whether the route changed (the pair matched by `operationId`).
    pub(super) moved: bool,
}

/// Matches operations by route, then the rest by `operationId`.
pub(super) fn operations<'a>(old: &'a Api, new: &'a Api) -> Operations<'a> {
    let mut unmatched_new: Vec<&Operation> = new.operations.iter().collect();
    let mut pairs = Vec::new();
    let mut unmatched_old = Vec::new();
    for op in &old.operations {
        match unmatched_new.iter().position(|candidate| route(candidate) == route(op)) {
            Some(index) => pairs.push(OperationPair { old: op, new: unmatched_new.remove(index), moved: false }),
            None => unmatched_old.push(op),
        }
    }
    let mut removed = Vec::new();
    for op in unmatched_old {
        match unmatched_new.iter().position(|candidate| candidate.operation_id == op.operation_id) {
            Some(index) => pairs.push(OperationPair { old: op, new: unmatched_new.remove(index), moved: true }),
            None => removed.push(op),
        }
    }
    Operations { pairs, removed, added: unmatched_new }
}

/// The route of an operation with its path variables unnamed: `GET /a/{}/b`.
fn route(op: &Operation) -> (HttpMethod, String) {
    let mut path = String::new();
    let mut in_variable = false;
    for character in op.path.chars() {
        match character {
            '{' => {
                in_variable = true;
                path.push('{');
            }
            '}' => {
                in_variable = false;
                path.push('}');
            }
            _ if in_variable => {}
            other => path.push(other),
        }
    }
    (op.http_method, path)
}

/// Where a parameter is: path parameters by position (their names are not on the wire),
/// the others by location and wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ParamKey {
    Path(usize),
    Other(ParamLocation, String),
}

fn param_keys(op: &Operation) -> Vec<(ParamKey, &Param)> {
    let mut position = 0;
    op.params
        .iter()
        .map(|param| {
            let key = if param.location == ParamLocation::Path {
                position += 1;
                ParamKey::Path(position - 1)
            } else {
                ParamKey::Other(param.location, param.wire_name.clone())
            };
            (key, param)
        })
        .collect()
}

/// The parameters of two versions of an operation side by side: old ones in order (with
/// their match, if any), then the new ones.
pub(super) fn params<'a>(old: &'a Operation, new: &'a Operation) -> Vec<(Option<&'a Param>, Option<&'a Param>)> {
    let old_keys = param_keys(old);
    let new_keys = param_keys(new);
    let mut matched: Vec<(Option<&Param>, Option<&Param>)> = old_keys
        .iter()
        .map(|(key, param)| (Some(*param), new_keys.iter().find(|(k, _)| k == key).map(|(_, p)| *p)))
        .collect();
    let added = new_keys.iter().filter(|(key, _)| !old_keys.iter().any(|(k, _)| k == key));
    matched.extend(added.map(|(_, param)| (None, Some(*param))));
    matched
}

/// The correspondence between old and new types.
#[derive(Debug)]
pub(super) struct Types {
    old_to_new: Vec<Option<TypeId>>,
    new_to_old: Vec<Option<TypeId>>,
}

impl Types {
    /// Pairs types by name, then finds renames by walking matched operations side by side.
    pub(super) fn pair(old: &Api, new: &Api, operations: &Operations<'_>) -> Self {
        let mut pairing = Pairing {
            old,
            new,
            types: Self { old_to_new: vec![None; old.types.len()], new_to_old: vec![None; new.types.len()] },
            visited: BTreeSet::new(),
        };
        for (index, def) in old.types.iter().enumerate() {
            if let Some(found) = new.types.iter().position(|d| d.name == def.name) {
                pairing.types.old_to_new[index] = Some(TypeId(found));
                pairing.types.new_to_old[found] = Some(TypeId(index));
            }
        }
        for pair in &operations.pairs {
            for (old_param, new_param) in params(pair.old, pair.new) {
                if let (Some(a), Some(b)) = (old_param, new_param) {
                    pairing.walk(&a.ty, &b.ty);
                }
            }
            if let (Some(a), Some(b)) = (&pair.old.body, &pair.new.body) {
                pairing.walk(&a.ty, &b.ty);
            }
            for response in &pair.old.responses {
                let matching = pair.new.responses.iter().find(|r| r.status == response.status);
                if let (Some(a), Some(b)) = (&response.ty, matching.and_then(|r| r.ty.as_ref())) {
                    pairing.walk(a, b);
                }
            }
            // The success bodies correspond even when the success status changed.
            let successes =
                (pair.old.success().and_then(|r| r.ty.as_ref()), pair.new.success().and_then(|r| r.ty.as_ref()));
            if let (Some(a), Some(b)) = successes {
                pairing.walk(a, b);
            }
        }
        pairing.types
    }

    /// The new type an old one became.
    pub(super) fn new_of(&self, old: TypeId) -> Option<TypeId> {
        self.old_to_new[old.0]
    }

    /// The old type a new one was.
    pub(super) fn old_of(&self, new: TypeId) -> Option<TypeId> {
        self.new_to_old[new.0]
    }
}

/// The state of [`Types::pair`].
struct Pairing<'a> {
    old: &'a Api,
    new: &'a Api,
    types: Types,
    visited: BTreeSet<(TypeId, TypeId)>,
}

impl Pairing<'_> {
    /// Walks two type references found at the same place.
    fn walk(&mut self, old: &TypeRef, new: &TypeRef) {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.visit(*a, *b),
            (TypeRef::Array(a), TypeRef::Array(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => self.walk(a, b),
            _ => {}
        }
    }

    /// Pairs two types found at the same place if that is a rename, then walks their insides.
    fn visit(&mut self, a: TypeId, b: TypeId) {
        let paired = match (self.types.old_to_new[a.0], self.types.new_to_old[b.0]) {
            (Some(found), _) => found == b,
            (None, None) if self.may_be_renamed(a, b) => {
                self.types.old_to_new[a.0] = Some(b);
                self.types.new_to_old[b.0] = Some(a);
                true
            }
            _ => false,
        };
        if !paired || !self.visited.insert((a, b)) {
            return;
        }
        match (&self.old.type_def(a).kind, &self.new.type_def(b).kind) {
            (TypeKind::Struct(x), TypeKind::Struct(y)) => {
                for field in &x.fields {
                    if let Some(other) = y.fields.iter().find(|f| f.wire_name == field.wire_name) {
                        self.walk(&field.ty, &other.ty);
                    }
                }
                if let (Some(x), Some(y)) = (&x.additional_properties, &y.additional_properties) {
                    self.walk(x, y);
                }
            }
            (TypeKind::Union(x), TypeKind::Union(y)) => {
                for (v, w) in x.variants.iter().zip(&y.variants) {
                    self.walk(&v.ty, &w.ty);
                }
            }
            (TypeKind::Alias(x), TypeKind::Alias(y)) => self.walk(x, y),
            _ => {}
        }
    }

    /// A rename: the same kind of type, whose old name is gone and whose new name is new.
    fn may_be_renamed(&self, a: TypeId, b: TypeId) -> bool {
        let (old, new) = (self.old.type_def(a), self.new.type_def(b));
        std::mem::discriminant(&old.kind) == std::mem::discriminant(&new.kind)
            && !self.new.types.iter().any(|d| d.name == old.name)
            && !self.old.types.iter().any(|d| d.name == new.name)
    }
}
