//! Lowering operations: each path item's operations, with their parameters (`params.rs`),
//! request body and responses (`responses.rs`).
//!
//! An operation that uses something the client cannot express is skipped with a warning that
//! names its pointer, and the rest of the API still generates. Two common mistakes are read
//! the way their authors meant them, with a warning: a query string written into the path key
//! (`/uploads?convert={convert}`) is left out of the path, its variables being the query
//! parameters the operation declares; and a `$ref` to a component of the wrong kind is read
//! as the kind expected when it can be (`refs.rs`), or skips the operation when it cannot.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ReferenceOr};

use super::Lowering;
use super::pagination::PendingPagination;
use super::skip::Skip;
use crate::diagnostics::Pointer;
use crate::ir::{HttpMethod, Operation, ParamLocation, RetrySafety, RustName};
use crate::names;
use crate::path_template::{fixed_query_pairs, query_string, query_variables, route, template_variables};

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
            if let Some(query) = query_string(path) {
                self.warning(&at_path, query_string_warning(path, query));
            }
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
                self.unreadable_reference = None;
                match self.operation(path, method, &item.parameters, operation, &at) {
                    Ok((lowered, pending)) => {
                        if let Some(pending) = pending {
                            self.pending_pagination.push((operations.len(), pending));
                        }
                        operations.push(lowered);
                    }
                    Err(Skip(reason)) => {
                        self.warning(&at, format!("operation skipped: {reason}"));
                        self.skipped_operations.insert(at);
                    }
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
        self.check_query_string_parameters(path, path_level, &operation.parameters)?;
        let method_name = names::operation_method_name(operation.operation_id.as_deref(), method, path);
        let hint = names::type_name(method_name.bare());
        let params = self.params(path, path_level, &operation.parameters, at, &hint)?;
        let body = match &operation.request_body {
            Some(body) => self.request_body(body, &at.push("requestBody"), &hint)?,
            None => None,
        };
        let responses = self.responses(&operation.responses, &at.push("responses"), &hint);
        // A reference to a component of the wrong kind that cannot be read as the right one.
        if let Some(reason) = self.unreadable_reference.take() {
            return Err(Skip(reason));
        }
        for variable in query_variables(path) {
            if !params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == variable) {
                self.warning(
                    at,
                    format!(
                        "`{{{variable}}}` in the query string of the path template is not a query parameter of this \
                         operation, so it is not sent"
                    ),
                );
            }
        }
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
            path: route(path).to_owned(),
            fixed_query: fixed_query_pairs(path),
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
            gate: crate::ir::Gate::Always,
        };
        Ok((lowered, pending))
    }
}

impl<'a> Lowering<'a> {
    /// Refuses, as a reason to skip the operation, a parameter declared in the path whose only
    /// place in the template is the query string written into it: the client cannot put it in
    /// the path, and reading it as a query parameter would change what the spec declares.
    fn check_query_string_parameters(
        &self,
        path: &str,
        path_level: &'a [ReferenceOr<Parameter>],
        operation_level: &'a [ReferenceOr<Parameter>],
    ) -> Result<(), Skip> {
        let in_query = query_variables(path);
        if in_query.is_empty() {
            return Ok(());
        }
        let in_path = template_variables(path);
        for parameter in path_level.iter().chain(operation_level).filter_map(|p| self.peek(p)) {
            let Parameter::Path { parameter_data, .. } = parameter else { continue };
            let name = &parameter_data.name;
            if in_query.contains(name) && !in_path.contains(name) {
                return Err(Skip(format!(
                    "parameter `{name}` is declared in the path, but `{{{name}}}` is only in the query string of \
                     the path template; declare it `in: query`"
                )));
            }
        }
        Ok(())
    }
}

/// The warning for a path key that carries a query string: what the client requests instead,
/// and what of the query string it does not send.
fn query_string_warning(path: &str, query: &str) -> String {
    let fixed: Vec<&str> = query.split('&').filter(|part| !part.is_empty() && !part.contains('{')).collect();
    let mut message = format!(
        "the path template carries a query string (`?{query}`), which is not part of the path: the client \
         requests `{}`, and its variables are sent as the query parameters the operations declare",
        route(path)
    );
    if !fixed.is_empty() {
        let fixed: Vec<String> = fixed.iter().map(|part| format!("`{part}`")).collect();
        message.push_str(&format!("; its fixed part {} is sent on every request", fixed.join(", ")));
    }
    message
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
