//! Writes the documentation of each operation's client method: route, retry rule, parameters,
//! documented errors, pagination and a compiled example. What all operations share is in the
//! crate docs (`guide.rs`), which these link to.

use proc_macro2::TokenStream;

use super::examples::operation_example;
use super::{code_span, doc_lines, spec_first_line, spec_line, spec_text};
use crate::Config;
use crate::ir::{
    Api, Constraints, Operation, Param, ParamLocation, RetrySafety, Scalar, Scope, StatusMatch, StringFormat, TypeRef,
};
use crate::surface::runtime::Item;

/// The full documentation of an operation's method on `Client`, or on the scoped handle when
/// `scoped` is set (then path parameters fixed by the handle are left out).
///
/// Only the operation's own facts are here; what every operation shares (error kinds, the retry
/// schedule, how paging stops) is in the crate docs, which these link to.
pub(super) fn operation_docs(api: &Api, op: &Operation, config: &Config, scoped: bool) -> TokenStream {
    let mut sections = Vec::new();
    sections.push(overview(op));
    sections.push(format!("{}. {}", route(op), retry_summary(op.retry)));
    let parameters = parameter_list(api, op, scoped);
    if !parameters.is_empty() {
        sections.push(format!("# Parameters\n\n{parameters}"));
    }
    sections.push(format!("# Errors\n\n{}", error_list(api, op)));
    if let Some(pagination) = &op.pagination {
        sections.push(format!(
            "`.pages()` and `.items()` on the returned builder stream every page lazily, from page {} (or the one \
             set with `.{}()`); see [Pagination](crate#pagination) for when they stop.",
            pagination.first_page,
            pagination.page_param.bare(),
        ));
    }
    sections.push(format!("# Example\n\n{}", operation_example(api, op, config, scoped)));
    doc_lines(&sections.join("\n\n"))
}

/// The short documentation of an operation's method on `Client` when the scoped handle carries
/// the full one.
pub(super) fn client_method_docs(op: &Operation, scope: &Scope) -> TokenStream {
    let fixed = scope.params.iter().map(|p| code_span(p)).collect::<Vec<_>>().join(" and ");
    let method = op.method_name.bare();
    let summary = overview(op).lines().next().unwrap_or_default().to_owned();
    let (route, handle) = (route(op), &scope.type_name);
    doc_lines(&format!(
        "{summary}\n\n{route}: the same call as [`{handle}::{method}`](crate::{handle}::{method}), \
         with {fixed} given here; see there for its parameters, errors and an example."
    ))
}

/// The retry rule in one sentence, linking to the crate docs.
fn retry_summary(retry: RetrySafety) -> &'static str {
    match retry {
        RetrySafety::Idempotent => "Idempotent, so transient failures are [retried](crate#retries).",
        RetrySafety::NotIdempotent => {
            "Not idempotent, so it is [retried](crate#retries) only when it provably had no effect."
        }
    }
}

/// The summary as a sentence (or, without one, the operationId), then the description unless
/// it repeats the summary. Text that normalizing leaves empty counts as none.
fn overview(op: &Operation) -> String {
    let written_summary = op.summary.as_deref().map(str::trim);
    let summary = written_summary.map(spec_line).filter(|s| !s.is_empty());
    let description = op.description.as_deref().map(str::trim).filter(|d| Some(*d) != written_summary);
    let description = description.map(spec_text).filter(|d| !d.trim().is_empty());
    let mut text = match summary {
        Some(summary) => format!("{}.", summary.trim_end_matches('.')),
        None => format!("Calls {}.", code_span(&op.operation_id)),
    };
    if let Some(description) = description {
        text.push_str("\n\n");
        text.push_str(&description);
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
        let docs = body.docs.as_deref().map(|d| format!(": {}", spec_first_line(d))).unwrap_or_default();
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
    let mut rules = constraint_phrase(&param.constraints);
    if let Some(default) = &param.default {
        let phrase = format!("default {}", code_span(&default.to_string()));
        rules = if rules.is_empty() { phrase } else { format!("{rules}, {phrase}") };
    }
    let rules = if rules.is_empty() { String::new() } else { format!(", {rules}") };
    let docs = param.docs.as_deref().map(|d| format!(": {}", spec_first_line(d))).unwrap_or_default();
    format!("- {} ({how}), {}{rules}{docs}", code_span(&param.wire_name), type_phrase(api, &param.ty))
}

/// The method and path template as a code span, e.g. `GET /meetings/{meeting_id}`.
fn route(op: &Operation) -> String {
    code_span(&format!("{} {}", op.http_method.as_str(), op.path))
}

/// How a type reads in prose, linking to model types.
fn type_phrase(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => {
            let name = &api.type_def(*id).name;
            format!("[`{name}`](crate::models::{name})")
        }
        TypeRef::Scalar(Scalar::String(StringFormat::Binary)) => "bytes".to_owned(),
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

fn error_list(api: &Api, op: &Operation) -> String {
    let mut lines: Vec<String> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .map(|response| {
            let body = match (&response.ty, &op.error_enum) {
                (Some(ty), None) => format!(" Body: {}.", type_phrase(api, ty)),
                _ => String::new(),
            };
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
            let description = spec_first_line(&response.description);
            let description = description.trim_end_matches('.');
            format!("- `{status}`: {description}{helper}.{body}")
        })
        .collect();
    let typed = match (&op.error_enum, op.responses.iter().find(|r| !r.status.is_success()).and_then(|r| r.ty.as_ref()))
    {
        (Some(answers), _) => Some(format!(
            "- Decode a documented error body with [`ApiError::decode`]({1}::decode) \
             into [`{0}`](crate::operations::{0}), whose variant follows the status.",
            answers.name,
            Item::ApiError.doc_path()
        )),
        (None, Some(_)) => Some(format!(
            "- Decode a documented error body with [`ApiError::json`]({}::json).",
            Item::ApiError.doc_path()
        )),
        (None, None) => None,
    };
    lines.extend(typed);
    if let (Some(_), Some(pointer)) = (&op.success_flag, &api.conventions.success_flag) {
        lines.push(format!(
            "- A 2xx answer whose body holds `false` at the success flag ({}) is an \
             [`Error::Api`](crate::Error::Api) too.",
            code_span(pointer)
        ));
    }
    lines.push(
        "- Any other non-2xx answer is an [`Error::Api`](crate::Error::Api); a parameter that breaks the spec's rules \
         is an [`Error::InvalidRequest`](crate::Error::InvalidRequest) and nothing is sent (see [Errors](crate#errors))."
            .to_owned(),
    );
    lines.join("\n")
}
