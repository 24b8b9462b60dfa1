//! The hand-written runtime sources that every generated crate carries as `src/runtime/*.rs`.
//!
//! They live, and are tested, in the `realtimekit-runtime` crate; this table embeds them so the
//! pure generator can copy them without reading files. A test checks that it lists every
//! module of `runtime/src`.

/// `(module name, source text)` for each runtime module, sorted by name.
pub const RUNTIME_MODULES: &[(&str, &str)] = &[
    ("config", include_str!("../../runtime/src/config.rs")),
    ("error", include_str!("../../runtime/src/error.rs")),
    ("mock", include_str!("../../runtime/src/mock.rs")),
    ("operation", include_str!("../../runtime/src/operation.rs")),
    ("paginate", include_str!("../../runtime/src/paginate.rs")),
    ("request", include_str!("../../runtime/src/request.rs")),
    ("response", include_str!("../../runtime/src/response.rs")),
    ("retry", include_str!("../../runtime/src/retry.rs")),
    ("secret", include_str!("../../runtime/src/secret.rs")),
    ("transport", include_str!("../../runtime/src/transport.rs")),
];
