//! Lowering operations: parameters (path-level and operation-level), bodies and responses.
//!
//! An operation that uses something the client cannot express yet is skipped with a warning
//! that names its pointer, and the rest of the API still generates.

use std::collections::BTreeMap;

use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::Lowering;
use super::pagination::PendingPagination;
use crate::diagnostics::Pointer;
use crate::ir::{
    BodyEncoding, Example, HttpMethod, Operation, Param, ParamLocation, RequestBody, Response, RetrySafety, StatusMatch,
};
use crate::names;

/// Why an operation was skipped; becomes a warning at its pointer.
struct Skip(String);

impl Lowering<'_> {
    /// Lowers every operation of every path, in the spec's order.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let document = self.document;
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
        path_level: &[ReferenceOr<Parameter>],
        operation: &openapiv3::Operation,
        at: &Pointer,
    ) -> Result<(Operation, Option<PendingPagination>), Skip> {
        let http_method = http_method(method).ok_or_else(|| Skip(format!("unknown method `{method}`")))?;
        let method_name = names::operation_method_name(operation.operation_id.as_deref(), method, path);
        let hint = names::type_name(&method_name);
        let params = self.params(path, path_level, &operation.parameters, at, &hint)?;
        let body = match &operation.request_body {
            Some(body) => self.request_body(body, &at.push("requestBody"), &hint)?,
            None => None,
        };
        let responses = self.responses(&operation.responses, &at.push("responses"), &hint);
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
            operation_id: operation.operation_id.clone().unwrap_or_else(|| method_name.clone()),
            origin: at.to_string(),
            builder_name: hint,
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
        };
        Ok((lowered, pending))
    }

    /// Path-level parameters overridden by operation-level ones of the same name and location,
    /// ordered path (template order), query, header, cookie.
    fn params(
        &mut self,
        path: &str,
        path_level: &[ReferenceOr<Parameter>],
        operation_level: &[ReferenceOr<Parameter>],
        at: &Pointer,
        hint: &str,
    ) -> Result<Vec<Param>, Skip> {
        let at_path_item = Pointer::root().push("paths").push(path).push("parameters");
        let mut merged: Vec<(Param, Pointer)> = Vec::new();
        let sources = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, at_path_item.push(i)))
            .chain(operation_level.iter().enumerate().map(|(i, p)| (p, at.push("parameters").push(i))));
        for (parameter, param_at) in sources {
            let Some(parameter) = self.resolve(parameter, &param_at) else { continue };
            let param = self.param(parameter, &param_at, hint)?;
            merged.retain(|(p, _)| !(p.wire_name == param.wire_name && p.location == param.location));
            merged.push((param, param_at));
        }
        let variables = template_variables(path);
        for variable in &variables {
            if !merged.iter().any(|(p, _)| p.location == ParamLocation::Path && &p.wire_name == variable) {
                self.error(
                    at,
                    format!("path variable `{{{variable}}}` of `{path}` is not declared as a path parameter"),
                );
            }
        }
        for (param, param_at) in &merged {
            if param.location == ParamLocation::Path && !variables.contains(&param.wire_name) {
                self.error(param_at, format!("path parameter `{}` does not appear in `{path}`", param.wire_name));
            }
        }
        let position = |p: &Param| variables.iter().position(|v| v == &p.wire_name).unwrap_or(usize::MAX);
        let mut params: Vec<Param> = merged.into_iter().map(|(p, _)| p).collect();
        params.sort_by_key(|p| (p.location, if p.location == ParamLocation::Path { position(p) } else { 0 }));
        Ok(params)
    }

    fn param(&mut self, parameter: &Parameter, at: &Pointer, hint: &str) -> Result<Param, Skip> {
        let (location, data) = match parameter {
            Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
            Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
            Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
            Parameter::Cookie { parameter_data, .. } => (ParamLocation::Cookie, parameter_data),
        };
        if matches!(location, ParamLocation::Header | ParamLocation::Cookie) {
            return Err(Skip(format!("header and cookie parameters such as `{}` are not supported yet", data.name)));
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Skip(format!("parameter `{}` uses `content`, which is not supported", data.name)));
        };
        let schema_at = at.push("schema");
        let ty = self.type_ref(schema, &schema_at, &format!("{hint}{}", names::type_name(&data.name)));
        let resolved = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        };
        Ok(Param {
            name: names::field_name(&data.name),
            wire_name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            constraints: resolved.map(super::schema::constraints).unwrap_or_default(),
            docs: data.description.clone().or_else(|| resolved.and_then(|s| s.schema_data.description.clone())),
            deprecated: data.deprecated.unwrap_or(false),
        })
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Option<RequestBody>, Skip> {
        let Some(body) = self.resolve(body, at) else { return Ok(None) };
        let Some((media_type, media)) = json_media(&body.content) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(Skip(format!("request body media type(s) {types:?} are not supported yet; only JSON is")));
        };
        let Some(schema) = &media.schema else {
            return Err(Skip(format!("request body `{media_type}` has no schema")));
        };
        let ty = self.type_ref(schema, &at.push("content").push(media_type).push("schema"), &format!("{hint}Body"));
        Ok(Some(RequestBody {
            encoding: BodyEncoding::Json,
            ty,
            required: body.required,
            docs: body.description.clone(),
        }))
    }

    fn responses(&mut self, responses: &openapiv3::Responses, at: &Pointer, hint: &str) -> Vec<Response> {
        let mut lowered = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, response)| (status_match(code), code.to_string(), response))
            .chain(responses.default.iter().map(|response| (StatusMatch::Default, "default".to_owned(), response)));
        let success_count = responses.responses.keys().filter(|code| status_match(code).is_success()).count();
        for (status, key, response) in entries {
            let response_at = at.push(&key);
            let Some(response) = self.resolve(response, &response_at) else { continue };
            let name = match status {
                s if s.is_success() && success_count == 1 => format!("{hint}Response"),
                s if s.is_success() => format!("{hint}Response{}", names::type_name(&key)),
                _ => format!("{hint}Error{}", names::type_name(&key)),
            };
            let (ty, examples) = match json_media(&response.content) {
                Some((media_type, media)) => {
                    let media_at = response_at.push("content").push(media_type);
                    let ty = media.schema.as_ref().map(|s| self.type_ref(s, &media_at.push("schema"), &name));
                    (ty, self.examples(media, &media_at))
                }
                None => (None, Vec::new()),
            };
            lowered.push(Response { status, description: response.description.clone(), ty, examples });
        }
        lowered.sort_by_key(|r| (!r.status.is_success(), r.status));
        lowered
    }

    fn examples(&mut self, media: &MediaType, at: &Pointer) -> Vec<Example> {
        let mut examples: Vec<Example> = media
            .example
            .iter()
            .map(|value| Example { name: "example".to_owned(), summary: None, value: value.clone() })
            .collect();
        for (name, example) in &media.examples {
            let Some(example) = self.resolve(example, &at.push("examples").push(name)) else { continue };
            if let Some(value) = &example.value {
                examples.push(Example { name: name.clone(), summary: example.summary.clone(), value: value.clone() });
            }
        }
        examples
    }
}

/// The JSON media type entry of a content map: `application/json` or any `+json` type.
fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content.iter().map(|(k, v)| (k.as_str(), v)).find(|(media_type, _)| {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    })
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

fn status_match(code: &StatusCode) -> StatusMatch {
    match code {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(class) => StatusMatch::Class(u8::try_from(*class).unwrap_or(0)),
    }
}

/// The `{name}` variables of a path template, in order.
pub(super) fn template_variables(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}
