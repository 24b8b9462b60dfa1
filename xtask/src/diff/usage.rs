//! Which way the values of each type travel: in requests (the server reads them), in
//! responses (clients read them), or both; the wire rules of a change depend on it.

use realtimekit_codegen::ir::{Api, TypeKind, TypeRef};

use super::model::Direction;

/// Which way values of each type of `api` travel, by [`TypeId`].
pub(super) fn usage(api: &Api) -> Vec<Usage> {
    let mut usage = vec![Usage::default(); api.types.len()];
    for op in &api.operations {
        let requests = op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty));
        for ty in requests {
            mark(api, ty, &mut usage, |u| &mut u.request);
        }
        for ty in op.responses.iter().filter_map(|r| r.ty.as_ref()) {
            mark(api, ty, &mut usage, |u| &mut u.response);
        }
    }
    usage
}

fn mark(api: &Api, ty: &TypeRef, usage: &mut [Usage], flag: fn(&mut Usage) -> &mut bool) {
    match ty {
        TypeRef::Named(id) => {
            let seen = flag(&mut usage[id.0]);
            if *seen {
                return;
            }
            *seen = true;
            match &api.type_def(*id).kind {
                TypeKind::Struct(object) => {
                    for field in &object.fields {
                        mark(api, &field.ty, usage, flag);
                    }
                    if let Some(value) = &object.additional_properties {
                        mark(api, value, usage, flag);
                    }
                }
                TypeKind::Union(union) => union.variants.iter().for_each(|v| mark(api, &v.ty, usage, flag)),
                TypeKind::Alias(target) => mark(api, target, usage, flag),
                TypeKind::Enum(_) => {}
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => mark(api, inner, usage, flag),
        TypeRef::Scalar(_) | TypeRef::Any => {}
    }
}

/// Whether a type travels in requests, in responses, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Usage {
    pub(super) request: bool,
    pub(super) response: bool,
}

impl Usage {
    /// Both usages together.
    pub(super) fn union(self, other: Self) -> Self {
        Self { request: self.request || other.request, response: self.response || other.response }
    }

    /// The direction the report shows.
    pub(super) fn direction(self) -> Direction {
        match (self.request, self.response) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            (false, false) => Direction::Unused,
        }
    }

    /// Whether a change breaks the wire, given whether it breaks readers of requests (the
    /// server, when old clients send) and readers of responses (old clients).
    pub(super) fn breaks(self, in_requests: bool, in_responses: bool) -> bool {
        (self.request && in_requests) || (self.response && in_responses)
    }
}
