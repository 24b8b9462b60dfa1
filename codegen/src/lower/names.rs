//! The naming phase: every type, field, variant, operation and parameter gets its final,
//! unique name, and the types are sorted by name so ids no longer depend on the spec's order.

use crate::ir::{Api, Operation, RustName, TypeId, TypeKind, TypeRef};
use crate::names::{Allocator, Style, type_name};
use crate::surface;

/// Decides every final name and sorts the types; `preferred` holds each type's wanted name.
pub(super) fn finish(api: &mut Api, preferred: &[String]) {
    name_types(api, preferred);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(object) => {
                // A field's setter on the struct's builder has the field's name, so no field may
                // take the name of the builder's own `build`.
                let reserved: &[&str] = if object.additional_properties.is_some() {
                    &[surface::BUILD_METHOD, surface::ADDITIONAL_PROPERTIES_FIELD]
                } else {
                    &[surface::BUILD_METHOD]
                };
                let requests = object.fields.iter().map(|f| (f.wire_name.clone(), f.name.clone())).collect::<Vec<_>>();
                let names = Allocator::new(Style::Snake, reserved).allocate(&requests);
                object.fields.iter_mut().zip(names).for_each(|(field, name)| field.name = name);
            }
            TypeKind::Enum(enumeration) => {
                let requests =
                    enumeration.variants.iter().map(|v| (format!("{:?}", v.value), v.name.clone())).collect::<Vec<_>>();
                let mut allocator = Allocator::new(Style::Camel, &[]);
                let names = allocator.allocate(&requests);
                enumeration.variants.iter_mut().zip(names).for_each(|(variant, name)| variant.name = name);
                enumeration.unknown_variant = allocator.claim_one(&RustName::plain("Unknown"));
            }
            TypeKind::Union(union) => {
                let requests = union.variants.iter().map(|v| (v.name.identifier(), v.name.clone())).collect::<Vec<_>>();
                let mut allocator = Allocator::new(Style::Camel, &[]);
                let names = allocator.allocate(&requests);
                union.variants.iter_mut().zip(names).for_each(|(variant, name)| variant.name = name);
                if let Some(unknown) = &mut union.unknown_variant {
                    *unknown = allocator.claim_one(unknown);
                }
            }
            TypeKind::Alias(_) => {}
        }
    }
    name_operations(&mut api.operations);
    sort_types(api);
}

fn name_types(api: &mut Api, preferred: &[String]) {
    let requests: Vec<(String, RustName)> = api
        .types
        .iter()
        .zip(preferred)
        .map(|(def, wanted)| (def.origin.to_string(), RustName::plain(wanted.clone())))
        .collect();
    let mut allocator = Allocator::new(Style::Camel, &[]);
    let names = allocator.allocate(&requests);
    api.types.iter_mut().zip(names).for_each(|(def, name)| def.name = name);
    // Builders share the models' namespace, served after every type has its name.
    for def in &mut api.types {
        if let TypeKind::Struct(object) = &mut def.kind {
            object.builder_name = allocator.claim_one(&RustName::plain(format!("{}Builder", def.name.bare())));
        }
    }
}

fn name_operations(operations: &mut [Operation]) {
    let requests: Vec<(String, RustName)> =
        operations.iter().map(|op| (op.operation_id.clone(), op.method_name.clone())).collect();
    let methods = Allocator::new(Style::Snake, surface::CLIENT_METHODS).allocate(&requests);
    // Builders are served first, then the answer enums, in one namespace.
    // They share the operation module's namespace with what it imports.
    let mut type_names = Allocator::new(Style::Camel, &surface::runtime::operation_module_reserved());
    let builder_requests: Vec<(String, RustName)> =
        methods.iter().map(|method| (method.identifier(), RustName::plain(type_name(method.bare())))).collect();
    let builders = type_names.allocate(&builder_requests);
    let answer_requests: Vec<(String, RustName)> = operations
        .iter()
        .zip(&builders)
        .flat_map(|(op, builder)| {
            let answer =
                |role: &str, suffix: &str| (format!("{builder}/{role}"), RustName::plain(format!("{builder}{suffix}")));
            let success = op.success_enum.as_ref().map(|_| answer("success", "Response"));
            let error = op.error_enum.as_ref().map(|_| answer("error", "Error"));
            success.into_iter().chain(error)
        })
        .collect();
    let mut answer_names = type_names.allocate(&answer_requests).into_iter();
    for op in operations.iter_mut() {
        for answer in [&mut op.success_enum, &mut op.error_enum].into_iter().flatten() {
            answer.name = answer_names.next().unwrap_or_default();
            let requests: Vec<(String, RustName)> =
                answer.variants.iter().map(|v| (v.name.identifier(), v.name.clone())).collect();
            let names = Allocator::new(Style::Camel, &[]).allocate(&requests);
            answer.variants.iter_mut().zip(names).for_each(|(variant, name)| variant.name = name);
        }
    }
    let facts_requests: Vec<(String, RustName)> =
        methods.iter().map(|method| (method.identifier(), crate::names::static_name(method))).collect();
    let facts = Allocator::new(Style::Snake, &[]).allocate(&facts_requests);
    for (((op, method), builder), facts) in operations.iter_mut().zip(methods).zip(builders).zip(facts) {
        op.module_name = method.clone();
        op.method_name = method;
        op.builder_name = builder;
        op.facts_name = facts;
        let requests: Vec<(String, RustName)> =
            op.params.iter().map(|p| (p.wire_name.clone(), p.name.clone())).collect();
        let mut allocator = Allocator::new(Style::Snake, surface::BUILDER_METHODS);
        let names = allocator.allocate(&requests);
        op.params.iter_mut().zip(names).for_each(|(param, name)| param.name = name);
    }
}

/// Sorts the types by name and rewrites every [`TypeId`] to match.
fn sort_types(api: &mut Api) {
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by(|&a, &b| api.types[a].name.cmp(&api.types[b].name));
    reorder_types(api, &order);
}

/// Keeps the types whose ids `order` lists, in that order, and rewrites every [`TypeId`] to
/// match: for sorting, and for leaving out the types keep-going lowering skips. A reference to
/// a type left out, which that lowering never leaves behind, would become any JSON value.
pub(super) fn reorder_types(api: &mut Api, order: &[usize]) {
    let mut new_id = vec![None; api.types.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(slot) = new_id.get_mut(old) {
            *slot = Some(TypeId(new));
        }
    }
    let mut types: Vec<_> = std::mem::take(&mut api.types).into_iter().map(Some).collect();
    api.types = order.iter().filter_map(|&old| types.get_mut(old).and_then(Option::take)).collect();
    let remap = |ty: &mut TypeRef| remap_type_ref(ty, &new_id);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(object) => {
                object.fields.iter_mut().for_each(|f| remap(&mut f.ty));
                object.additional_properties.iter_mut().for_each(remap);
            }
            TypeKind::Union(union) => union.variants.iter_mut().for_each(|v| remap(&mut v.ty)),
            TypeKind::Alias(target) => remap(target),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| remap(&mut p.ty));
        op.body.iter_mut().for_each(|b| remap(&mut b.ty));
        op.responses.iter_mut().filter_map(|r| r.ty.as_mut()).for_each(remap);
        for answer in [&mut op.success_enum, &mut op.error_enum].into_iter().flatten() {
            answer.variants.iter_mut().filter_map(|v| v.ty.as_mut()).for_each(remap);
        }
    }
}

fn remap_type_ref(ty: &mut TypeRef, new_id: &[Option<TypeId>]) {
    match ty {
        TypeRef::Named(id) => match new_id.get(id.0).copied().flatten() {
            Some(new) => *id = new,
            None => *ty = TypeRef::Any,
        },
        TypeRef::Array(inner) | TypeRef::Map(inner) => remap_type_ref(inner, new_id),
        TypeRef::Scalar(_) | TypeRef::Any => {}
    }
}
