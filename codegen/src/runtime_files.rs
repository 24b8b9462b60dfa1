//! The hand-written runtime sources that every generated crate carries as `src/runtime/*.rs`.
//!
//! They live, and are tested, in the `realtimekit-runtime` crate; this table embeds them so the
//! pure generator can copy them without reading files. A test checks that it lists every
//! module of `runtime/src`.

/// `(module name, source text)` for each runtime module, sorted by name.
pub const RUNTIME_MODULES: &[(&str, &str)] = &[
    ("auth", include_str!("../../runtime/src/auth.rs")),
    ("body", include_str!("../../runtime/src/body.rs")),
    ("config", include_str!("../../runtime/src/config.rs")),
    ("content", include_str!("../../runtime/src/content.rs")),
    ("conventions", include_str!("../../runtime/src/conventions.rs")),
    ("decode", include_str!("../../runtime/src/decode.rs")),
    ("error", include_str!("../../runtime/src/error.rs")),
    ("hook", include_str!("../../runtime/src/hook.rs")),
    ("integers", include_str!("../../runtime/src/integers.rs")),
    ("mock", include_str!("../../runtime/src/mock.rs")),
    ("object", include_str!("../../runtime/src/object.rs")),
    ("open_enum", include_str!("../../runtime/src/open_enum.rs")),
    ("operation", include_str!("../../runtime/src/operation.rs")),
    ("options", include_str!("../../runtime/src/options.rs")),
    ("paginate", include_str!("../../runtime/src/paginate.rs")),
    ("param", include_str!("../../runtime/src/param.rs")),
    ("parameters", include_str!("../../runtime/src/parameters.rs")),
    ("request", include_str!("../../runtime/src/request.rs")),
    ("response", include_str!("../../runtime/src/response.rs")),
    ("retry", include_str!("../../runtime/src/retry.rs")),
    ("secret", include_str!("../../runtime/src/secret.rs")),
    ("snippet", include_str!("../../runtime/src/snippet.rs")),
    ("tagged", include_str!("../../runtime/src/tagged.rs")),
    ("transport", include_str!("../../runtime/src/transport.rs")),
];

#[cfg(test)]
mod tests {
    use super::RUNTIME_MODULES;

    #[test]
    fn every_runtime_module_is_copied() {
        let declared: Vec<&str> = include_str!("../../runtime/src/lib.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("pub mod "))
            .map(|rest| rest.trim_end_matches(';'))
            .collect();
        let copied: Vec<&str> = RUNTIME_MODULES.iter().map(|(name, _)| *name).collect();
        assert_eq!(copied, declared);
    }
}
