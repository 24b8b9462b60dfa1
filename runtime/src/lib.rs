//! The hand-written runtime shared by generated API clients.
//!
//! The code generator copies every module of this crate except this file
//! into each generated client crate (as `src/runtime/*.rs`), so the modules
//! refer to each other only through `super::` paths and know nothing about
//! any particular API: base URLs, environment variable names and operation
//! facts are all passed in by generated code.
//!
//! This crate exists so that the runtime can be compiled, linted and tested
//! in place.
//!
//! In a generated crate the `runtime` module is `#[doc(hidden)]`: users reach
//! what they need through the crate root (errors, `Response`, `RetryPolicy`,
//! `RequestOptions`, `Transport`) and its `raw` module. Constructors and
//! setters that only generated code calls, such as `ApiError::new` or
//! `Response::new`, are `#[doc(hidden)]` too, so they are not part of a
//! generated crate's public API (cargo-semver-checks skips hidden items).
//!
//! - [`operation`]: static facts about one operation.
//! - [`request`]: building and validating one request.
//! - [`param`]: parameter rules, values and styles.
//! - [`content`]: parameters written as JSON text (`content: application/json`).
//! - [`body`]: form and multipart request bodies.
//! - [`transport`]: sending requests with retries, tracing and decoding.
//! - [`response`]: a decoded response with its metadata.
//! - [`decode`]: the decoders that turn response bodies into values.
//! - [`error`]: the single error type.
//! - [`snippet`]: the short body excerpts that error messages show.
//! - [`conventions`]: what an API declares about its responses (success
//!   flag, error body, request id headers).
//! - [`retry`]: the retry rules.
//! - [`config`]: the client builder.
//! - [`auth`]: the API's security schemes and the credentials sent for
//!   them.
//! - [`secret`]: the redacted API token and the token providers that rotate
//!   it.
//! - [`hook`]: hooks that adjust and observe each attempt.
//! - [`paginate`]: lazy streams over paged list endpoints.
//! - [`tagged`]: decoding and encoding unions that carry a discriminator.
//! - [`object`]: decoding generated structs from JSON objects.
//! - [`integers`]: decoding integers that arrive as whole-valued floats.
//! - [`open_enum`]: decoding string enums that keep unknown values.
//! - [`options`]: per-request overrides of the client's settings.
//! - `mock`: a mock server for consumers' tests, behind the `mock` feature.

#![deny(missing_docs)]

pub mod auth;
pub mod body;
pub mod config;
pub mod content;
pub mod conventions;
pub mod decode;
pub mod error;
pub mod hook;
pub mod integers;
pub mod mock;
pub mod object;
pub mod open_enum;
pub mod operation;
pub mod options;
pub mod paginate;
pub mod param;
pub mod parameters;
pub mod request;
pub mod response;
pub mod retry;
pub mod secret;
pub mod snippet;
pub mod tagged;
pub mod transport;
