//! A pure OpenAPI 3.0 to Rust client generator: spec text in, files out, no IO.
//!
//! ```text
//! spec text --load--> openapiv3::OpenAPI --lower--> ir::Api --emit--> TokenStream per file --render--> GeneratedFile
//!            (errors with JSON Pointer)    (refs resolved, final     (quote!, one module     (syn + prettyplease,
//!                                           names, validated,         per concern)            @generated header)
//!                                           ordered)
//! ```
//!
//! [`generate`] runs the whole pipeline; [`lower_spec`] stops at the IR, for tools such as the
//! spec diff that compare APIs rather than emit them.

pub mod diagnostics;
mod emit;
pub mod ir;
mod load;
mod lower;
pub mod names;
mod parallel;
mod render;
pub mod runtime_files;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use render::HEADER;

/// What the generated crate is called and how it is configured at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The package name, e.g. `cloudflare-realtimekit`.
    pub crate_name: String,
    /// The package version.
    pub crate_version: String,
    /// The environment variable `Client::from_env` reads the token from.
    pub token_env: String,
    /// The environment variable that overrides the base URL.
    pub base_url_env: String,
}

impl Config {
    /// The configuration of a crate with this name, with generic environment variable names
    /// derived from it (`MY_API_TOKEN`, `MY_API_BASE_URL` for `my-api`).
    pub fn for_crate(crate_name: &str) -> Self {
        let prefix = names::static_name(&names::field_name(crate_name));
        Self {
            crate_name: crate_name.to_owned(),
            crate_version: "0.1.0".to_owned(),
            token_env: format!("{prefix}_TOKEN"),
            base_url_env: format!("{prefix}_BASE_URL"),
        }
    }

    /// The configuration of this project's own crate, `cloudflare-realtimekit`.
    pub fn realtimekit() -> Self {
        Self {
            crate_name: "cloudflare-realtimekit".to_owned(),
            crate_version: "0.1.0".to_owned(),
            token_env: "CLOUDFLARE_API_TOKEN".to_owned(),
            base_url_env: "CLOUDFLARE_BASE_URL".to_owned(),
        }
    }
}

/// One generated file: a path relative to the crate root, and its full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path, with `/` separators, e.g. `src/models.rs`.
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// Generates a complete client crate from spec text: no IO, deterministic.
///
/// Returns the files sorted by path, or every problem found in the spec. Warnings of a
/// successful run (such as a skipped operation) are returned beside the files.
pub fn generate(spec_text: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let api = lower_spec(spec_text)?;
    let emitter = emit::Emitter::new(&api, config);
    let rendered = parallel::map(&emitter.files(), |&file| -> Result<GeneratedFile, Diagnostics> {
        let path = emit::Emitter::path(file);
        let contents = match emitter.emit(file) {
            emit::FileContent::Rust(tokens) => render::render_rust(&path, tokens)?,
            emit::FileContent::Text(text) => text,
        };
        Ok(GeneratedFile { path, contents })
    });
    let mut files = Vec::with_capacity(rendered.len() + runtime_files::RUNTIME_MODULES.len());
    let mut problems = Vec::new();
    for file in rendered {
        match file {
            Ok(file) => files.push(file),
            Err(Diagnostics(found)) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    for (name, source) in runtime_files::RUNTIME_MODULES {
        files.push(GeneratedFile {
            path: format!("src/runtime/{name}.rs"),
            contents: render::render_runtime(name, source),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, warnings: api.warnings })
}

/// The output of [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Every file of the crate, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
}

/// Parses spec text (JSON, or YAML otherwise) into a plain JSON value, as written.
///
/// For tools such as the spec linter that read the document itself rather than the IR.
pub fn parse_document(spec_text: &str) -> Result<serde_json::Value, Diagnostics> {
    load::parse_text(spec_text)
}

/// Loads and lowers a spec into the IR, or returns every problem found.
pub fn lower_spec(spec_text: &str) -> Result<ir::Api, Diagnostics> {
    let loaded = load::load(spec_text)?;
    lower::lower(&loaded)
}
