//! Emission: the IR in, one token stream (or text, for `Cargo.toml`, the README and the license
//! texts) per generated file out.
//!
//! Each submodule emits one concern and reads only the IR: it never sees `openapiv3` and never
//! invents a name. The helpers here turn IR references into Rust tokens.

mod answers;
mod client;
mod examples;
mod features;
mod guide;
mod krate;
mod markdown;
mod mock;
mod models;
mod op_docs;
mod operations;
mod package;
mod paging;
mod request;
mod serde_impls;

use proc_macro2::{Ident, TokenStream};

use crate::Config;
use crate::ir::{Api, Field, RustName, TypeKind};
use crate::surface::{RustType, Scope};

pub(crate) use markdown::{code_span, doc_lines, doc_paragraph, docs_or, spec_first_line, spec_line, spec_text};

/// One file to write, before rendering.
pub(crate) enum FileContent {
    /// A Rust file, with the inner doc lines that open it.
    Rust(TokenStream),
    /// Any other text, already final.
    Text(String),
}

/// The types in one part of `models.rs`; a large spec's models are emitted and rendered in
/// parts, in parallel (see [`models::models_part`]).
const TYPES_PER_MODELS_PART: usize = 250;

/// Every file of the crate, each emitted on demand by [`Emitter::emit`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum CrateFile<'a> {
    /// `Cargo.toml`, `README.md` or a license text.
    Text(package::TextFile),
    Lib,
    Client,
    /// The types `start..end` of `models.rs`; parts after the first continue the file.
    Models {
        start: usize,
        end: usize,
    },
    /// The serde code of the structs among the types `start..end`, in `codecs.rs`, which
    /// exists when any struct has such code; parts after the first continue the file.
    Codecs {
        start: usize,
        end: usize,
    },
    Mock,
    Operations,
    Runtime,
    Operation(&'a crate::ir::Operation),
}

/// Emits the files of one crate. It is `Sync`, so several threads can emit and render files
/// at once; token streams are not `Send`, so each file's tokens stay on the thread that
/// renders them and are dropped before it takes the next file.
pub(crate) struct Emitter<'a> {
    api: &'a Api,
    config: &'a Config,
    /// The types in each part of `models.rs`.
    types_per_models_part: usize,
    /// The deprecated types and fields, which `models.rs` and the operation modules allow where
    /// they use them.
    deprecated: Deprecated,
    /// The deprecated types alone, for `client.rs`.
    deprecated_types: Deprecated,
    /// The API's cargo features, which gate operations and types.
    gates: features::Gates<'a>,
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(api: &'a Api, config: &'a Config) -> Self {
        Self::with_models_parts(api, config, TYPES_PER_MODELS_PART)
    }

    /// An emitter that splits `models.rs` into parts of `types_per_part` types.
    pub(crate) fn with_models_parts(api: &'a Api, config: &'a Config, types_per_part: usize) -> Self {
        Self {
            api,
            config,
            types_per_models_part: types_per_part.max(1),
            deprecated: Deprecated::of(api),
            deprecated_types: Deprecated::types(api),
            gates: features::Gates::new(api, config),
        }
    }

    /// Every file, the largest first so that, rendered in parallel, the long ones start early.
    /// The parts of one file come one after the other, in order.
    pub(crate) fn files(&self) -> Vec<CrateFile<'a>> {
        let types = self.api.types.len();
        let parts = || {
            (0..types.max(1))
                .step_by(self.types_per_models_part)
                .map(|start| (start, (start + self.types_per_models_part).min(types)))
        };
        let models = parts().map(|(start, end)| CrateFile::Models { start, end });
        let codecs = parts()
            .filter(|_| serde_impls::any_struct_codec(self.api))
            .map(|(start, end)| CrateFile::Codecs { start, end });
        let shared = [CrateFile::Client, CrateFile::Operations, CrateFile::Mock, CrateFile::Lib, CrateFile::Runtime];
        let text = package::TextFile::ALL.map(CrateFile::Text);
        let operations = self.api.operations.iter().map(CrateFile::Operation);
        models.chain(codecs).chain(shared).chain(text).chain(operations).collect()
    }

    /// Whether `file` continues the file before it, rather than starting one.
    pub(crate) fn continues_file(file: CrateFile<'_>) -> bool {
        matches!(file, CrateFile::Models { start, .. } | CrateFile::Codecs { start, .. } if start > 0)
    }

    /// The path of `file`, relative to the crate root.
    pub(crate) fn path(file: CrateFile<'_>) -> String {
        match file {
            CrateFile::Text(file) => file.path().to_owned(),
            CrateFile::Lib => "src/lib.rs".to_owned(),
            CrateFile::Client => "src/client.rs".to_owned(),
            CrateFile::Models { .. } => "src/models.rs".to_owned(),
            CrateFile::Codecs { .. } => "src/codecs.rs".to_owned(),
            CrateFile::Mock => "src/mock.rs".to_owned(),
            CrateFile::Operations => "src/operations.rs".to_owned(),
            CrateFile::Runtime => "src/runtime.rs".to_owned(),
            CrateFile::Operation(op) => format!("src/operations/{}.rs", op.module_name.bare()),
        }
    }

    /// The contents of `file`.
    pub(crate) fn emit(&self, file: CrateFile<'_>) -> FileContent {
        let (api, config, gates) = (self.api, self.config, &self.gates);
        match file {
            CrateFile::Text(file) => FileContent::Text(file.contents(api, config, gates)),
            CrateFile::Lib => FileContent::Rust(krate::lib_rs(api, config, gates)),
            CrateFile::Client => FileContent::Rust(client::client_rs(api, config, gates, &self.deprecated_types)),
            CrateFile::Models { start, end } => {
                FileContent::Rust(models::models_part(api, gates, start..end, &self.deprecated))
            }
            CrateFile::Codecs { start, end } => {
                FileContent::Rust(serde_impls::codecs_part(api, gates, start..end, &self.deprecated))
            }
            CrateFile::Mock => FileContent::Rust(mock::mock_rs(api, config, gates)),
            CrateFile::Operations => FileContent::Rust(operations::operations_rs(api, gates)),
            CrateFile::Runtime => FileContent::Rust(krate::runtime_rs()),
            CrateFile::Operation(op) => FileContent::Rust(operations::operation_rs(api, op, &self.deprecated)),
        }
    }
}

/// The API's name for prose, e.g. "the Cloudflare RealtimeKit API" reads as "Cloudflare RealtimeKit API".
pub(crate) fn api_name(api: &Api) -> String {
    let title = spec_line(&api.title);
    if title.is_empty() {
        // A spec may leave `info.title` empty; "a client for the API" still reads as a sentence.
        "API".to_owned()
    } else if title.to_ascii_lowercase().ends_with("api") {
        title
    } else {
        format!("{title} API")
    }
}

/// An identifier for a name the emitters fix themselves, such as a local binding (`step_1`)
/// or a fixed field (`body`); names from the IR carry their own [`RustName::ident`].
pub(crate) fn ident(name: &str) -> Ident {
    RustName::plain(name).ident()
}

/// Clippy's default limit on a function's inputs, `self` included.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `#[allow(clippy::too_many_arguments)]` for a function with `inputs` inputs (`self` and
/// `client` included) when clippy would flag it: a long list of required parameters is the
/// spec's, not a design the crate could change.
pub(crate) fn allow_many_arguments(inputs: usize) -> Option<TokenStream> {
    (inputs > CLIPPY_MAX_ARGUMENTS).then(|| quote::quote! { #[allow(clippy::too_many_arguments)] })
}

/// A struct field's value type in `models.rs`, boxed when it leads back to its own type; the
/// field declarations and the serde code that decodes them both write it.
pub(crate) fn field_type(api: &Api, field: &Field) -> TokenStream {
    RustType::field_value(api, field).tokens(Scope::Models)
}

/// The names of what the spec deprecates: types, and fields that generated code may access.
///
/// A module (or item) that refers to one allows the `deprecated` lint, so the crate's own
/// references are not warnings; users' references still are.
pub(crate) struct Deprecated {
    names: std::collections::BTreeSet<String>,
}

impl Deprecated {
    /// The deprecated types and fields of `api`.
    pub(crate) fn of(api: &Api) -> Self {
        let mut names: std::collections::BTreeSet<String> =
            api.types.iter().filter(|def| def.deprecated).map(|def| def.name.identifier()).collect();
        for def in &api.types {
            if let TypeKind::Struct(object) = &def.kind {
                let fields = object.fields.iter().filter(|f| f.deprecated);
                names.extend(fields.map(|f| f.name.identifier()));
            }
        }
        Self { names }
    }

    /// The deprecated types of `api` alone.
    pub(crate) fn types(api: &Api) -> Self {
        Self { names: api.types.iter().filter(|def| def.deprecated).map(|def| def.name.identifier()).collect() }
    }

    /// Whether the spec deprecates nothing that generated code refers to.
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Whether `tokens` use any of the names.
    pub(crate) fn mentioned_in(&self, tokens: &TokenStream) -> bool {
        !self.names.is_empty() && self.mentions(tokens)
    }

    fn mentions(&self, tokens: &TokenStream) -> bool {
        tokens.clone().into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => self.names.contains(&ident.to_string()),
            proc_macro2::TokenTree::Group(group) => self.mentions(&group.stream()),
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_names_are_plain_identifiers() {
        assert_eq!(ident("step_1").to_string(), "step_1");
        assert_eq!(ident("not valid").to_string(), "_not_valid_");
    }
}
