//! Lowering operations: each path item's operations, with their parameters (`params.rs`),
//! request body and responses (`responses.rs`).
//!
//! An operation that uses something the client cannot express is skipped with a warning that
//! names its pointer, and the rest of the API still generates.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ReferenceOr};

use super::Lowering;
use super::pagination::PendingPagination;
use super::skip::Skip;
use crate::diagnostics::Pointer;
use crate::ir::{HttpMethod, Operation, RetrySafety, RustName};
use crate::names;

impl<'a> Lowering<'a> {
    /// Lowers every operation of every path, in the spec's order.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let document: &'a openapiv3::OpenAPI = self.document;
        let mut operations = Vec::new();
        let mut first_use: BTreeMap<String, Pointer> = BTreeMap::new();
        for (path, item) in &document.paths.paths {
            let at_path = Pointer::root().push("paths").push(path);
            let Some(item) = item.as_item() else {
                self.warning(&at_path, "path items given by `$ref` are not supported; the path is skipped");
                continue;
            };
            for (method, operation) in item.iter() {
                let at = at_path.push(method);
                if let Some(id) = &operation.operation_id {
                    if let Some(earlier) = first_use.get(id) {
                        self.error(
                            &at.push("operationId"),
                            format!("duplicate operationId `{id}`, first used at {earlier}"),
                        );
                        continue;
                    }
                    first_use.insert(id.clone(), at.clone());
                }
                match self.operation(path, method, &item.parameters, operation, &at) {
                    Ok((lowered, pending)) => {
                        if let Some(pending) = pending {
                            self.pending_pagination.push((operations.len(), pending));
                        }
                        operations.push(lowered);
                    }
                    Err(Skip(reason)) => self.warning(&at, format!("operation skipped: {reason}")),
                }
            }
        }
        operations
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        path_level: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
        at: &Pointer,
    ) -> Result<(Operation, Option<PendingPagination>), Skip> {
        let http_method = http_method(method).ok_or_else(|| Skip(format!("unknown method `{method}`")))?;
        let method_name = names::operation_method_name(operation.operation_id.as_deref(), method, path);
        let hint = names::type_name(method_name.bare());
        let params = self.params(path, path_level, &operation.parameters, at, &hint)?;
        let body = match &operation.request_body {
            Some(body) => self.request_body(body, &at.push("requestBody"), &hint)?,
            None => None,
        };
        let responses = self.responses(&operation.responses, &at.push("responses"), &hint);
        let (success_enum, error_enum) = super::responses::answer_enums(&responses, &hint);
        let pending = match operation.extensions.get("x-pagination") {
            Some(extension) => match PendingPagination::parse(extension, &at.push("x-pagination")) {
                Ok(pending) => Some(pending),
                Err(diagnostic) => {
                    self.diagnostics.push(diagnostic);
                    None
                }
            },
            None => None,
        };
        let lowered = Operation {
            operation_id: operation.operation_id.clone().unwrap_or_else(|| method_name.identifier()),
            origin: at.clone(),
            builder_name: RustName::plain(hint),
            facts_name: names::static_name(&method_name),
            module_name: method_name.clone(),
            method_name,
            http_method,
            path: path.to_owned(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            tags: operation.tags.clone(),
            deprecated: operation.deprecated,
            params,
            body,
            responses,
            retry: if http_method.is_idempotent() { RetrySafety::Idempotent } else { RetrySafety::NotIdempotent },
            pagination: None,
            success_flag: None,
            success_enum,
            error_enum,
        };
        Ok((lowered, pending))
    }
}

fn http_method(method: &str) -> Option<HttpMethod> {
    Some(match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}
