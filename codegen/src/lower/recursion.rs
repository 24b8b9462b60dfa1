//! Recursive types: a field or union alternative that leads back to the type holding it,
//! without passing through a `Vec` or a map, is boxed, so every type has a finite size.
//!
//! The types and their direct references (a field's or alternative's type, an alias's target;
//! `Option` adds no indirection) form a graph; every reference that stays inside one strongly
//! connected component of it is part of a cycle and gets a `Box`.

use crate::ir::{Api, TypeKind, TypeRef};

/// Marks every field and alternative that needs a `Box`.
pub(super) fn box_cycles(api: &mut Api) {
    let edges: Vec<Vec<usize>> = api.types.iter().map(|def| direct_targets(&def.kind)).collect();
    let component = strongly_connected(&edges);
    let same =
        |from: usize, ty: &TypeRef| matches!(ty, TypeRef::Named(to) if component.get(to.0) == component.get(from));
    for (index, def) in api.types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(object) => {
                for field in &mut object.fields {
                    field.boxed = same(index, &field.ty);
                }
            }
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = same(index, &variant.ty);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// The types a type holds directly, by index.
fn direct_targets(kind: &TypeKind) -> Vec<usize> {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Scalar(_) | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Any => None,
    };
    match kind {
        TypeKind::Struct(object) => object.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(target) => direct(target).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// The strongly connected component of every node (Tarjan's algorithm, without recursion so
/// that long chains of types cannot exhaust the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack = Vec::new();
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame is a node and the position of the next edge to follow from it.
        let mut frames = vec![(root, 0usize)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(node, position)) = frames.last() {
            let next = edges[node].get(position).copied().filter(|&target| target < count);
            if let Some(frame) = frames.last_mut() {
                frame.1 += 1;
            }
            match next {
                Some(target) if order[target] == UNSEEN => {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                }
                Some(target) => {
                    if on_stack[target] {
                        low[node] = low[node].min(order[target]);
                    }
                }
                None if position < edges[node].len() => {}
                None => {
                    frames.pop();
                    if let Some(&(parent, _)) = frames.last() {
                        low[parent] = low[parent].min(low[node]);
                    }
                    if low[node] == order[node] {
                        while let Some(member) = stack.pop() {
                            on_stack[member] = false;
                            component[member] = next_component;
                            if member == node {
                                break;
                            }
                        }
                        next_component += 1;
                    }
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 3 -> 3 a self-loop, 4 -> 0 leads into the cycle.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let component = strongly_connected(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[0]);
    }

    #[test]
    fn long_chains_do_not_exhaust_the_stack() {
        let count = 200_000;
        let edges: Vec<Vec<usize>> = (0..count).map(|i| vec![(i + 1) % count]).collect();
        let component = strongly_connected(&edges);
        assert!(component.iter().all(|&c| c == component[0]));
    }
}
