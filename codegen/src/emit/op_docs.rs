//! Writes the documentation of each operation's client method: route, parameters, errors,
//! retry rule, pagination and a compiled example.

use proc_macro2::TokenStream;

use super::examples::operation_example;
use super::{doc_lines, spec_text};
use crate::Config;
use crate::ir::{Api, Constraints, Operation, Param, ParamLocation, RetrySafety, Scalar, StatusMatch, TypeRef};

/// The full documentation of an operation's method on `Client`, or on the scoped handle when
/// `scoped` is set (then path parameters fixed by the handle are left out).
pub(super) fn operation_docs(api: &Api, op: &Operation, config: &Config, scoped: bool) -> TokenStream {
    let mut sections = Vec::new();
    sections.push(overview(op));
    sections.push(format!("# HTTP route\n\n`{} {}`", op.http_method.as_str(), op.path));
    let parameters = parameter_list(api, op, scoped);
    if !parameters.is_empty() {
        sections.push(format!("# Parameters\n\n{parameters}"));
    }
    sections.push(format!("# Errors\n\n{}", error_list(op)));
    sections.push(format!("# Retries\n\n{}", retry_rule(op.retry)));
    if let Some(pagination) = &op.pagination {
        sections.push(format!(
            "# Pagination\n\n`.pages()` and `.items()` on the returned builder are lazy streams over every page, \
             starting at page {} (or the one set with `.{}()`). They stop on the paging totals, on an empty or short \
             page, on a page that repeats the previous one, or at the page cap, so they never loop forever.",
            pagination.first_page,
            pagination.page_param.trim_start_matches("r#"),
        ));
    }
    sections.push(format!("# Example\n\n{}", operation_example(api, op, config, scoped)));
    doc_lines(&sections.join("\n\n"))
}

/// The retry rule of an operation, as its docs state it.
pub(super) fn retry_rule(retry: RetrySafety) -> &'static str {
    match retry {
        RetrySafety::Idempotent => {
            "The request is idempotent, so connection errors, timeouts, 408, 409, 429 and 5xx answers are retried \
             with exponential backoff and jitter, honouring `Retry-After`."
        }
        RetrySafety::NotIdempotent => {
            "The request is not idempotent, so it is retried only when it provably had no effect: the connection \
             was refused before anything was sent, the server answered 429, or it answered 503 with `Retry-After`. \
             It is never sent twice otherwise."
        }
    }
}

fn overview(op: &Operation) -> String {
    let summary = op.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let description = op.description.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let mut text = match summary {
        Some(summary) => format!("{}.", spec_text(summary.trim_end_matches('.'))),
        None => format!("Calls `{}`.", op.operation_id),
    };
    if let Some(description) = description.filter(|d| Some(*d) != summary) {
        text.push_str("\n\n");
        text.push_str(&spec_text(description));
    }
    text
}

fn parameter_list(api: &Api, op: &Operation, scoped: bool) -> String {
    let fixed: &[String] = match (&api.scope, scoped) {
        (Some(scope), true) => &scope.params,
        _ => &[],
    };
    let mut lines: Vec<String> = op
        .params
        .iter()
        .filter(|p| !(p.location == ParamLocation::Path && fixed.contains(&p.wire_name)))
        .map(|param| parameter_line(api, op, param))
        .collect();
    if let Some(body) = &op.body {
        let how = if body.required { "required argument".to_owned() } else { "optional, `.body()`".to_owned() };
        let docs = body.docs.as_deref().map(|d| format!(": {}", spec_text(first_line(d)))).unwrap_or_default();
        lines.push(format!("- body ({how}), {}{docs}", type_phrase(api, &body.ty)));
    }
    lines.join("\n")
}

fn parameter_line(api: &Api, op: &Operation, param: &Param) -> String {
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let how = if param.required {
        format!("required {location} argument")
    } else {
        format!("optional {location}, [`.{0}()`](crate::operations::{1}::{0})", param.name, op.builder_name)
    };
    let rules = constraint_phrase(&param.constraints);
    let rules = if rules.is_empty() { String::new() } else { format!(", {rules}") };
    let docs = param.docs.as_deref().map(|d| format!(": {}", spec_text(first_line(d)))).unwrap_or_default();
    format!("- `{}` ({how}), {}{rules}{docs}", param.wire_name, type_phrase(api, &param.ty))
}

fn first_line(text: &str) -> &str {
    text.trim().lines().next().unwrap_or_default().trim()
}

/// How a type reads in prose, linking to model types.
fn type_phrase(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => {
            let name = &api.type_def(*id).name;
            format!("[`{name}`](crate::models::{name})")
        }
        TypeRef::Scalar(Scalar::String(_)) => "string".to_owned(),
        TypeRef::Scalar(Scalar::Boolean) => "boolean".to_owned(),
        TypeRef::Scalar(Scalar::Integer(_)) => "integer".to_owned(),
        TypeRef::Scalar(Scalar::Number(_)) => "number".to_owned(),
        TypeRef::Array(item) => format!("list of {}", type_phrase(api, item)),
        TypeRef::Map(value) => format!("map of string to {}", type_phrase(api, value)),
        TypeRef::Any => "any JSON value".to_owned(),
    }
}

/// The validation rules checked before sending, in words.
fn constraint_phrase(rules: &Constraints) -> String {
    let mut parts = Vec::new();
    if let Some(min) = rules.min_length {
        parts.push(format!("at least {min} characters"));
    }
    if let Some(max) = rules.max_length {
        parts.push(format!("at most {max} characters"));
    }
    if let Some(min) = rules.minimum {
        let relation = if rules.exclusive_minimum { "above" } else { "at least" };
        parts.push(format!("{relation} {min}"));
    }
    if let Some(max) = rules.maximum {
        let relation = if rules.exclusive_maximum { "below" } else { "at most" };
        parts.push(format!("{relation} {max}"));
    }
    parts.join(", ")
}

fn error_list(op: &Operation) -> String {
    let mut lines: Vec<String> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .map(|response| {
            let status = match response.status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Class(class) => format!("{class}XX"),
                StatusMatch::Default => "any other status".to_owned(),
            };
            let helper = match response.status {
                StatusMatch::Code(404) => " ([`Error::is_not_found`](crate::Error::is_not_found))",
                StatusMatch::Code(429) => " ([`Error::is_rate_limited`](crate::Error::is_rate_limited))",
                _ => "",
            };
            format!("- `{status}`: {}{helper}.", spec_text(first_line(&response.description).trim_end_matches('.')))
        })
        .collect();
    lines.push(
        "- Any non-2xx answer is an [`Error::Api`](crate::Error::Api) with the status, the API's error code and \
         message, the request id and the raw body."
            .to_owned(),
    );
    if op.success_flag.is_some() {
        lines.push(
            "- A 2xx answer whose body says `\"success\": false` is an [`Error::Api`](crate::Error::Api) too."
                .to_owned(),
        );
    }
    lines.push(
        "- A parameter that breaks the spec's rules is an [`Error::InvalidRequest`](crate::Error::InvalidRequest), \
         and nothing is sent."
            .to_owned(),
    );
    lines.join("\n")
}
