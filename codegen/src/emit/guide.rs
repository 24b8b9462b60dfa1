//! Writes the crate-level docs of the generated crate: a quick start, then one section per
//! behaviour of the client (configuration, errors, retries, pagination, validation, security,
//! observability, raw access and forward compatibility).

use quote::quote;

use super::api_name;
use super::examples::{crate_ident, doc_example, first_operation, operation_call, quick_start};
use super::features::Gates;
use super::{code_span, spec_line, spec_text};
use crate::Config;
use crate::ir::Api;
use crate::surface::runtime::Imports;

/// The whole crate documentation, as Markdown.
pub(super) fn crate_docs(api: &Api, config: &Config, gates: &Gates<'_>) -> String {
    let mut sections = vec![format!("Async client for the {} (version {}).", api_name(api), spec_line(&api.version))];
    if let Some(description) = api.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        sections.push(spec_text(description));
    }
    if let Some(example) = quick_start(api, config, gates) {
        sections.push(format!("# Quick start\n\nSet `{}` to an API token, then:\n\n{example}", config.token_env));
    }
    sections.extend(gates.docs_section(config));
    sections.push(configuration(config));
    sections.push(calls(api));
    sections.push(errors(api, config, gates));
    sections.push(RETRIES.to_owned());
    sections.push(PER_REQUEST_OPTIONS.to_owned());
    sections.push(PAGINATION.to_owned());
    sections.push(VALIDATION.to_owned());
    sections.push(SECURITY.to_owned());
    sections.push(OBSERVABILITY.to_owned());
    sections.push(raw_access(config));
    sections.push(FORWARD_COMPATIBILITY.to_owned());
    sections.push(OTHER_CRATES.to_owned());
    sections.join("\n\n")
}

fn configuration(config: &Config) -> String {
    let krate = crate_ident(config);
    let example = doc_example(
        &krate,
        quote! {
            use std::time::Duration;
            let client = #krate::Client::builder()
                .token("my-api-token")
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(5))
                .max_retries(3)
                .user_agent("my-service/1.0")
                .default_header("x-team", "payments")
                .build()?;
            println!("{client:?}");
        },
    );
    format!(
        "# Configuration\n\n\
         [`Client::new`] takes a token; [`Client::from_env`] reads it from `{token}` and lets `{base}` override \
         the base URL. A missing or empty token is a [`Error::Config`] when the client is built, not at the first \
         call. [`Client::builder`] sets the base URL, the timeout per attempt (60 s by default) and the connect \
         timeout, the number of retries (2 by default, 0 disables them), the user agent, extra default headers, or an \
         injected `reqwest::Client`. Clients are cheap to clone and share one connection pool.\n\n\
         A token that rotates comes from a [`TokenProvider`] (`ClientBuilder::token_provider`), asked before each \
         attempt, so a retry sends the fresh token. A [`Hook`] (`ClientBuilder::hook`) runs around each attempt: \
         before it, to add headers or sign the request; after it, to see the status or the error, for metrics. \
         Hooks never send anything themselves, so a POST that may have acted is still never resent.\n\n{example}",
        token = config.token_env,
        base = config.base_url_env,
    )
}

fn calls(api: &Api) -> String {
    let scope = match &api.scope {
        Some(scope) => format!(
            " [`Client::{}`] returns a handle with {} fixed, so calls through it need not repeat them.",
            scope.method_name,
            scope.params.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ")
        ),
        None => String::new(),
    };
    format!(
        "# Calls\n\nEvery operation is a method that returns a request builder: required parameters are its \
         arguments, optional ones are chained setters, and `.send().await` sends it. Any 2xx status is a success, \
         whatever the exact code.{scope}"
    )
}

fn errors(api: &Api, config: &Config, gates: &Gates<'_>) -> String {
    let krate = crate_ident(config);
    let conventions = &api.conventions;
    let example = first_operation(api, gates).map(|op| {
        let imports = Imports::doc_example(&krate);
        let call = operation_call(api, op, api.scope.is_some(), &imports);
        let models_import = imports.declarations();
        let api_error = if conventions.has_error_body() {
            quote! {
                let (status, code, message) = (api.status(), api.code(), api.message());
                println!("{status}: {code:?} {message:?}");
            }
        } else {
            quote! {
                let (status, body) = (api.status(), api.body());
                println!("{status}: {}", String::from_utf8_lossy(body));
            }
        };
        doc_example(
            &krate,
            quote! {
                #models_import
                let client = #krate::Client::from_env()?;
                match #call.send().await {
                    Ok(response) => {
                        let value = response.value();
                        println!("{value:?}");
                    }
                    Err(error) if error.is_not_found() => println!("nothing there"),
                    Err(error) if error.is_rate_limited() => println!("slow down and try later"),
                    Err(#krate::Error::Api(api)) => {
                        #api_error
                    }
                    Err(#krate::Error::Decode(decode)) => {
                        // The whole body is kept, so it can still be read another way.
                        let path = decode.path();
                        match serde_json::from_slice::<serde_json::Value>(decode.body()) {
                            Ok(value) => println!("unexpected body at {path}, read as plain JSON: {value}"),
                            Err(_) => println!("unexpected body at {path}: {} bytes", decode.body().len()),
                        }
                    }
                    Err(error) => return Err(error),
                }
            },
        )
    });
    format!(
        "# Errors\n\n\
         Every call returns [`Result`], whose [`Error`] is `#[non_exhaustive]` with one variant per kind of failure:\n\n\
         - [`Error::Api`]: {}\n\
         - [`Error::Decode`]: a 2xx body that does not match the spec. It names the JSON path that failed and keeps \
         the status, the headers and the whole raw body, so a caller can still read the body another way, for \
         example as a `serde_json::Value`, or log exactly what arrived.\n\
         - [`Error::Transport`], [`Error::Timeout`]: the connection failed, or an attempt took longer than the timeout.\n\
         - [`Error::InvalidRequest`]: a parameter broke the spec's rules; nothing was sent.\n\
         - [`Error::Config`]: the client could not be built.\n\
         - [`Error::Token`], [`Error::Hook`]: the token provider gave no token, or a hook stopped an attempt; \
         nothing more was sent.\n\
         - [`Error::Build`]: a model's builder was missing a required field.\n\n\
         [`Error::is_not_found`], [`Error::is_rate_limited`], [`Error::is_retryable`] and [`Error::status`] answer \
         the usual questions; `is_retryable` follows the operation's own retry rule, so a POST that may have taken \
         effect is not retryable.\n\n{}",
        api_error_docs(conventions),
        example.unwrap_or_default()
    )
}

/// What an [`Error::Api`] carries, as far as the spec declares its conventions.
fn api_error_docs(conventions: &crate::ir::Conventions) -> String {
    let listed = |pointers: &[String]| pointers.iter().map(|p| code_span(p)).collect::<Vec<_>>().join(" or ");
    let failed_success = match &conventions.success_flag {
        Some(flag) => format!(", or a 2xx answer whose body holds `false` at the success flag ({})", code_span(flag)),
        None => String::new(),
    };
    let mut carried = vec!["the status".to_owned(), "the headers".to_owned()];
    if !conventions.error_code.is_empty() {
        carried.push(format!("the error code (read at {})", listed(&conventions.error_code)));
    }
    if !conventions.error_message.is_empty() {
        carried.push(format!("the error message (read at {})", listed(&conventions.error_message)));
    }
    if !conventions.request_id_headers.is_empty() {
        carried.push(format!("the request id (from the {} header)", listed(&conventions.request_id_headers)));
    }
    carried.push("the whole raw body".to_owned());
    let last = carried.pop().unwrap_or_default();
    let shape = if conventions.has_error_body() {
        " A body of another shape (HTML, empty, truncated) still gives the status and the raw body."
    } else {
        " The spec declares no shape for error bodies, so read them with [`ApiError::body`] or [`ApiError::json`]."
    };
    format!("a non-2xx answer{failed_success}. It carries {} and {last}.{shape}", carried.join(", "))
}

const RETRIES: &str = "# Retries\n\n\
    Connection errors, timeouts, 408, 409, 429 and 5xx answers are retried with exponential backoff and jitter, \
    honouring `Retry-After` (seconds or an HTTP date) and `retry-after-ms` up to a cap. Requests that are not \
    idempotent (the POSTs) are retried only when they provably had no effect: the connection was refused before \
    anything was sent, a 429, or a 503 that carries `Retry-After`; they are never sent twice otherwise. Each \
    operation's docs state its rule.";

const PER_REQUEST_OPTIONS: &str = "# Per-request options\n\n\
    Every request builder takes a [`RequestOptions`] through `with_options`: a per-attempt timeout, a total \
    deadline across attempts and backoff, a retry count and extra headers for that call alone, without a second \
    client. An attempt still in flight at the deadline ends with an [`Error::Timeout`] whose `is_deadline()` is \
    true, and a retry that could not start before it is not made. The retry rules still decide what is retried, so \
    a raised retry count never resends a POST that may have acted. On `.pages()` and `.items()` the options apply \
    to each page request. Dropping a call's future cancels it, with any retries still to come.";

const PAGINATION: &str = "# Pagination\n\n\
    List operations offer `.pages()` and `.items()`: lazy `Stream`s of pages and of items. They advance the page \
    number and stop once the page's `end_offset`, or the count so far, reaches the reported `total_count`; on an \
    empty page; on a short page when no total is reported; on a page that repeats the previous one; or at a page \
    cap. A server that serves fewer items per page than asked does not end a walk early, and a misbehaving one \
    cannot make it loop forever. An error ends the stream after it is yielded.";

const VALIDATION: &str = "# Validation\n\n\
    Before anything is sent, each parameter is checked against the spec's own constraints (maximum length, minimum \
    and maximum, empty required ids). A violation is an [`Error::InvalidRequest`] that names the parameter.";

const SECURITY: &str = "# Security\n\n\
    Path parameters are percent-encoded as one segment, and values such as `.` or `..` that would change the path \
    are rejected. The token never appears in `Debug` output, errors or logs. Redirects are followed only within the \
    origin of the request; one that leads to another scheme, host or port is not followed and comes back as an \
    [`Error::Api`] with its 3xx status, so no header, default headers included, reaches another origin. The default \
    base URL is HTTPS.\n\n\
    ## TLS\n\n\
    HTTPS goes through rustls on aws-lc-rs (feature `rustls`, the default, as in reqwest), which verifies \
    certificates against the platform's trust store. Feature `rustls-ring` uses the ring crypto library instead \
    and builds from a clean state in about half the time; since reqwest then leaves the choice of crypto library to \
    the application, ring is installed as the process's rustls provider when the client is built, unless one is \
    installed already (install one yourself before building a `reqwest::Client` of your own). Feature \
    `native-tls` uses the platform's own library. Choose one by turning the default features off: \
    `default-features = false, features = [\"rustls-ring\"]`, plus the API features you call where the crate has \
    them. With no TLS feature, the client reaches `http://` servers only.";

const OBSERVABILITY: &str = "# Observability\n\n\
    Every call runs in a `tracing` span, `http_request`, whose fields follow OpenTelemetry's HTTP client \
    conventions: `otel.name` is the operation's name (an OpenTelemetry layer names the span after it), then \
    `http.request.method`, `url.template` (the path template, never the rendered path or query), \
    `http.response.status_code`, `http.request.resend_count` once a retry is made, `error.type` for a failed call, \
    the answer's `request_id` where the API declares its header, and `latency_ms`. No other header and nothing \
    secret is recorded.";

fn raw_access(config: &Config) -> String {
    let krate = crate_ident(config);
    let example = doc_example(
        &krate,
        quote! {
            fn show<T: std::fmt::Debug>(response: &#krate::Response<T>) {
                let (status, request_id, body) = (response.status(), response.request_id(), response.body());
                let content_type = response.headers().get("content-type");
                let value = response.value();
                println!("{status} {request_id:?} {content_type:?} {} bytes: {value:?}", body.len());
            }
            let _ = show::<()>;
        },
    );
    format!(
        "# Raw access\n\n\
         A successful call returns a [`Response`]: the decoded value (it dereferences to it) together with the status, \
         the headers and the raw body.\n\n{example}"
    )
}

const OTHER_CRATES: &str = "# Types from other crates\n\n\
    The public API names these on purpose, so their major versions are part of this crate's: `reqwest` \
    (`StatusCode` and `HeaderMap` on responses and errors, `reqwest::Client` for `ClientBuilder::http_client`, \
    `reqwest::Error` as an error's source, and the attempt's `Url`, `HeaderMap` and `StatusCode` that a `Hook` \
    sees), `bytes::Bytes` (raw bodies and binary fields), `serde_json::Value` \
    (free-form values), and, with the `mock` feature, `wiremock::ResponseTemplate`.";

const FORWARD_COMPATIBILITY: &str = "# Forward compatibility\n\n\
    Enums keep values this version does not know in an `Unknown` variant instead of failing the whole response, and \
    unknown fields are ignored. Structs that may grow are `#[non_exhaustive]`; build them with `Type::builder()`, a \
    setter per field by name, then `build()`, which returns a `BuildError` naming a required field left unset (and \
    converts into `Error`, so `?` works). A struct whose fields are all optional builds infallibly and is `Default` \
    too. Request and response values are built the same way, so your own tests can construct both. The builders \
    of types that only answers hold need the `builders` feature, which the `mock` feature turns on (and the default \
    features do, when they compile the whole API): a build that only reads answers compiles none of that code.";
