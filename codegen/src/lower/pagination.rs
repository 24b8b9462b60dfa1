//! Facts that need final field names: pagination (`x-pagination`) and the scoped handle for
//! path parameters that every operation starts with.
//!
//! `x-pagination` is an operation extension:
//! ```yaml
//! x-pagination:
//!   page-param: page_no          # query parameter holding the page number
//!   per-page-param: per_page     # query parameter holding the page size (optional)
//!   first-page: 1                # number of the first page (default 1)
//!   items: /data/sessions        # JSON Pointer to the item array in the success body
//!   total-count: /paging/total_count   # JSON Pointer to the total item count (optional)
//!   end-offset: /paging/end_offset     # JSON Pointer to the 1-based position of the page's
//!                                      # last item in the whole result (optional)
//!   x-note: why it pages this way      # for readers; ignored
//! ```
//!
//! Any other key is an error at its pointer.

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Api, FieldStep, Pagination, ParamLocation, RustName, Scalar, Scope, StringFormat, TypeKind, TypeRef};
use crate::names;
use crate::path_template::template_variables;

/// An `x-pagination` extension as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Declared {
    page_param: String,
    per_page_param: Option<String>,
    first_page: Option<i64>,
    items: String,
    total_count: Option<String>,
    end_offset: Option<String>,
    /// A note for the spec's readers, which the generator leaves alone.
    #[serde(rename = "x-note")]
    _note: Option<serde::de::IgnoredAny>,
}

/// An `x-pagination` extension as written, before its pointers are checked.
#[derive(Debug)]
pub(super) struct PendingPagination {
    at: Pointer,
    page_param: String,
    per_page_param: Option<String>,
    first_page: u64,
    items: String,
    total_count: Option<String>,
    end_offset: Option<String>,
}

impl PendingPagination {
    /// Reads the extension's fields, reporting a malformed one, or an unknown key, at its pointer.
    pub(super) fn parse(extension: &Value, at: &Pointer) -> Result<Self, Diagnostic> {
        let declared: Declared = super::extension::parse(extension, at, "x-pagination")?;
        let first_page = match declared.first_page {
            None => 1,
            Some(page) => u64::try_from(page)
                .map_err(|_| Diagnostic::error(at.push("first-page"), "`first-page` must be a non-negative integer"))?,
        };
        Ok(Self {
            at: at.clone(),
            page_param: declared.page_param,
            per_page_param: declared.per_page_param,
            first_page,
            items: declared.items,
            total_count: declared.total_count,
            end_offset: declared.end_offset,
        })
    }
}

/// Resolves each pending extension against its operation's parameters and success body.
///
/// A page type says where its items are once (`impl Paginated`), so operations that share a
/// success body must agree on the item and total pointers.
pub(super) fn resolve(api: &mut Api, pending: &[(usize, PendingPagination)], diagnostics: &mut Vec<Diagnostic>) {
    let mut claimed: Vec<(TypeRef, Pagination)> = Vec::new();
    for (index, pending) in pending {
        let resolved = pagination(api, *index, pending).and_then(|pagination| {
            let body = api.operations[*index].success().and_then(|r| r.ty.clone()).unwrap_or(TypeRef::Any);
            match claimed.iter().find(|(ty, _)| *ty == body) {
                Some((_, earlier))
                    if earlier.items != pagination.items
                        || earlier.total_count != pagination.total_count
                        || earlier.end_offset != pagination.end_offset =>
                {
                    Err(Diagnostic::error(
                        &pending.at,
                        "another operation pages the same response type with other `items`, `total-count` or \
                         `end-offset` pointers",
                    ))
                }
                Some(_) => Ok(pagination),
                None => {
                    claimed.push((body, pagination.clone()));
                    Ok(pagination)
                }
            }
        });
        match resolved {
            Ok(pagination) => api.operations[*index].pagination = Some(pagination),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
}

fn pagination(api: &Api, index: usize, pending: &PendingPagination) -> Result<Pagination, Diagnostic> {
    let op = &api.operations[index];
    let query_param = |wire: &str, key: &str| {
        op.params_in(ParamLocation::Query).find(|p| p.wire_name == wire).map(|p| p.name.clone()).ok_or_else(|| {
            Diagnostic::error(pending.at.push(key), format!("`{wire}` is not a query parameter of this operation"))
        })
    };
    let page_param = query_param(&pending.page_param, "page-param")?;
    let per_page_param =
        pending.per_page_param.as_deref().map(|wire| query_param(wire, "per-page-param")).transpose()?;
    if op.success_enum.is_some() {
        return Err(Diagnostic::error(
            &pending.at,
            "the operation documents several success answers with different bodies; paging needs exactly one",
        ));
    }
    let body = op
        .success()
        .and_then(|r| r.ty.clone())
        .ok_or_else(|| Diagnostic::error(&pending.at, "the operation has no JSON success body to paginate"))?;
    let items = walk(api, &body, &pending.items, &pending.at.push("items"))?;
    let item_ty = match items.last().map(|step| &step.ty) {
        Some(TypeRef::Array(item)) => (**item).clone(),
        _ => return Err(Diagnostic::error(pending.at.push("items"), "`items` must point at an array")),
    };
    let total_count = integer_steps(api, &body, pending, "total-count", pending.total_count.as_deref())?;
    let end_offset = integer_steps(api, &body, pending, "end-offset", pending.end_offset.as_deref())?;
    if end_offset.is_some() && total_count.is_none() {
        return Err(Diagnostic::error(
            pending.at.push("end-offset"),
            "`end-offset` is compared with the total, so it needs `total-count` too",
        ));
    }
    Ok(Pagination {
        page_param,
        per_page_param,
        first_page: pending.first_page,
        items,
        item_ty,
        total_count,
        end_offset,
    })
}

/// Follows the optional pointer under `key`, such as `total-count`, which must lead to an integer.
fn integer_steps(
    api: &Api,
    body: &TypeRef,
    pending: &PendingPagination,
    key: &str,
    pointer: Option<&str>,
) -> Result<Option<Vec<FieldStep>>, Diagnostic> {
    let Some(pointer) = pointer else { return Ok(None) };
    let at = pending.at.push(key);
    let steps = walk(api, body, pointer, &at)?;
    match steps.last().map(|step| &step.ty) {
        Some(TypeRef::Scalar(Scalar::Integer(_))) => Ok(Some(steps)),
        _ => Err(Diagnostic::error(&at, format!("`{key}` must point at an integer"))),
    }
}

/// Follows a JSON Pointer through struct fields, from `root`.
fn walk(api: &Api, root: &TypeRef, pointer: &str, at: &Pointer) -> Result<Vec<FieldStep>, Diagnostic> {
    let parsed = Pointer::parse(pointer)
        .map_err(|error| Diagnostic::error(at, format!("`{pointer}` is not a JSON Pointer: {error}")))?;
    let mut steps = Vec::new();
    let mut current = root.clone();
    for token in parsed.tokens() {
        let field = match api.resolve_alias(&current) {
            TypeRef::Named(id) => match &api.type_def(*id).kind {
                TypeKind::Struct(object) => object.fields.iter().find(|f| f.wire_name == token),
                _ => None,
            },
            _ => None,
        };
        let field = field.ok_or_else(|| {
            Diagnostic::error(at, format!("`{pointer}` does not lead through object properties (no `{token}`)"))
        })?;
        current = api.resolve_alias(&field.ty).clone();
        steps.push(FieldStep { field: field.name.clone(), optional: field.is_optional(), ty: current.clone() });
    }
    if steps.is_empty() {
        return Err(Diagnostic::error(at, "the pointer must name at least one property"));
    }
    Ok(steps)
}

/// The path parameters that lead every operation's path, when there are any and at least two
/// operations share them; they become a handle such as `client.app(account_id, app_id)`.
///
/// The handle holds them as text, so every operation must declare each of them as a string
/// under the Rust name the handle gives it; an integer id, for one, gets no handle.
pub(super) fn scope(api: &Api) -> Option<Scope> {
    if api.operations.len() < 2 {
        return None;
    }
    let segment_lists: Vec<Vec<&str>> = api.operations.iter().map(|op| op.path.split('/').collect()).collect();
    let shortest = segment_lists.iter().map(Vec::len).min()?;
    let common = (0..shortest).take_while(|&i| segment_lists.iter().all(|s| s[i] == segment_lists[0][i])).count();
    let prefix = segment_lists[0][..common].join("/");
    let params = template_variables(&prefix);
    let text_everywhere = |wire: &String| {
        api.operations.iter().all(|op| {
            op.params_in(ParamLocation::Path).any(|p| {
                p.wire_name == *wire
                    && p.name == names::field_name(wire)
                    && matches!(p.ty, TypeRef::Scalar(Scalar::String(format)) if format != StringFormat::Binary)
            })
        })
    };
    if !params.iter().all(text_everywhere) {
        return None;
    }
    let last = params.last()?;
    let base = last.strip_suffix("_id").or_else(|| last.strip_suffix("Id")).unwrap_or(last);
    let method_name = names::field_name(base);
    if api.operations.iter().any(|op| op.method_name == method_name) {
        return None;
    }
    let fields = params.iter().map(|wire| names::field_name(wire)).collect();
    let type_name = RustName::plain(format!("{}Client", names::type_name(base)));
    Some(Scope { type_name, method_name, params, fields })
}
