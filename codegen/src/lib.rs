//! A pure OpenAPI 3.0 and 3.1 to Rust client generator: spec text in, files out, no IO.
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
pub mod path_template;
pub mod pointer;
mod render;
pub mod runtime_files;
pub mod surface;
mod text;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use pointer::{Pointer, PointerError};
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
    /// The API's response conventions, in place of the spec's own `x-conventions`: for a spec
    /// its user cannot edit. See [`parse_conventions`].
    pub conventions: Option<ir::Conventions>,
    /// What a problem local to one operation or component does: refuse the spec, or skip what
    /// depends on it.
    pub strictness: Strictness,
    /// The package's `keywords` on crates.io: at most 5, each at most 20 ASCII characters,
    /// starting with a letter and holding only letters, digits, `_`, `-` and `+`. crates.io
    /// refuses a package that breaks these limits when it is published.
    pub keywords: Vec<String>,
    /// The package's `categories`: at most 5 of the category slugs crates.io lists, such as
    /// `api-bindings` or `web-programming::http-client`.
    pub categories: Vec<String>,
    /// Whether the package may be published to a registry; when not, `Cargo.toml` says
    /// `publish = false` and the README tells users to depend on the crate by path.
    pub publish: bool,
    /// Whether the spec's tags become cargo features that gate their operations and the types
    /// only those use, so a build compiles only the part of the API it enables. A spec with no
    /// tags, or one tag for every operation, has none either way.
    pub tag_features: bool,
}

/// How the generator treats a problem that is local to one operation or one component.
///
/// Damage to the document itself (text that does not parse, no `paths`, an `openapi` version
/// other than 3.0 or 3.1, a broken `info`) refuses the spec in either mode. Common mistakes
/// that have one sensible reading, such as a query string written into a path key, are
/// warnings in either mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Strictness {
    /// Every error refuses the whole spec and nothing is generated: for a spec its authors
    /// maintain, such as this project's own.
    #[default]
    Strict,
    /// A problem local to one operation or one component (an unresolved `$ref`, a value of the
    /// wrong type, a schema that cannot be lowered, a bad parameter) skips exactly the
    /// operations that depend on it, each reported as a warning with its JSON Pointer and the
    /// reason, and leaves out the schemas that depend on it; the crate is generated from the
    /// rest. For a spec its user cannot fix.
    KeepGoing,
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
            conventions: None,
            strictness: Strictness::Strict,
            keywords: ["api", "client", "http", "openapi", "rest"].map(str::to_owned).to_vec(),
            categories: ["api-bindings", "web-programming::http-client"].map(str::to_owned).to_vec(),
            publish: false,
            tag_features: true,
        }
    }

    /// The configuration of this project's own crate, `cloudflare-realtimekit`.
    pub fn realtimekit() -> Self {
        Self {
            crate_name: "cloudflare-realtimekit".to_owned(),
            crate_version: "0.1.0".to_owned(),
            token_env: "CLOUDFLARE_API_TOKEN".to_owned(),
            base_url_env: "CLOUDFLARE_BASE_URL".to_owned(),
            conventions: None,
            strictness: Strictness::Strict,
            keywords: ["cloudflare", "realtimekit", "webrtc", "api", "client"].map(str::to_owned).to_vec(),
            categories: ["api-bindings", "web-programming::http-client"].map(str::to_owned).to_vec(),
            publish: false,
            // Seven operations share most of their types: a feature per tag would save a build
            // almost nothing, and `default-features = false` (to choose a TLS library) would
            // silently remove operations. See `spec/README.md`.
            tag_features: false,
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
/// successful run (such as a skipped operation) are returned beside the files. With
/// [`Strictness::KeepGoing`], a problem local to an operation or component skips what depends
/// on it instead of refusing the spec.
pub fn generate(spec_text: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let api = match config.strictness {
        Strictness::Strict => lower_loaded(&load::load(spec_text)?, config.conventions.as_ref(), None)?,
        Strictness::KeepGoing => {
            let (loaded, left_out) = load::load_keeping_going(spec_text)?;
            lower_loaded(&loaded, config.conventions.as_ref(), Some(&left_out))?
        }
    };
    let emitter = emit::Emitter::new(&api, config);
    let mut files = render_files(&emitter)?;
    for (name, source) in runtime_files::RUNTIME_MODULES {
        files.push(GeneratedFile {
            path: format!("src/runtime/{name}.rs"),
            contents: render::render_runtime(name, source),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, warnings: api.warnings })
}

/// Lowers a loaded spec, with the warnings of loading it (what a 3.1 document holds that has
/// no 3.0 form) among the warnings, or among the problems when lowering fails. `keep_going`
/// holds what keep-going loading left out, and makes lowering keep going too.
fn lower_loaded(
    loaded: &load::Loaded,
    conventions: Option<&ir::Conventions>,
    keep_going: Option<&[load::LeftOut]>,
) -> Result<ir::Api, Diagnostics> {
    let with_loading = |found: Vec<Diagnostic>| {
        if loaded.warnings.is_empty() {
            return found;
        }
        Diagnostics::sorted(found.into_iter().chain(loaded.warnings.iter().cloned()).collect()).0
    };
    match lower::lower(loaded, conventions, keep_going) {
        Ok(mut api) => {
            api.warnings = with_loading(std::mem::take(&mut api.warnings));
            Ok(api)
        }
        Err(Diagnostics(found)) => Err(Diagnostics(with_loading(found))),
    }
}

/// Emits and renders every file on one thread per core, joining the parts of a file in order.
fn render_files(emitter: &emit::Emitter<'_>) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let rendered = parallel::map(&emitter.files(), |&file| -> Result<(bool, GeneratedFile), Diagnostics> {
        let path = emit::Emitter::path(file);
        let continues = emit::Emitter::continues_file(file);
        let contents = match emitter.emit(file) {
            emit::FileContent::Rust(tokens) if continues => render::render_rust_part(&path, tokens)?,
            emit::FileContent::Rust(tokens) => render::render_rust(&path, tokens)?,
            emit::FileContent::Text(text) => text,
        };
        Ok((continues, GeneratedFile { path, contents }))
    });
    let mut files: Vec<GeneratedFile> = Vec::with_capacity(rendered.len() + runtime_files::RUNTIME_MODULES.len());
    let mut problems = Vec::new();
    for part in rendered {
        match (part, files.last_mut()) {
            (Ok((true, part)), Some(file)) => {
                // The part's first item follows the last item of the part before.
                file.contents.push('\n');
                file.contents.push_str(&part.contents);
            }
            (Ok((_, file)), _) => files.push(file),
            (Err(Diagnostics(found)), _) => problems.extend(found),
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(Diagnostics(problems)) }
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
pub fn parse_document(spec_text: &str) -> Result<serde_json::Value, Diagnostics> {
    load::parse_text(spec_text)
}

/// Parses spec text into a plain JSON value in the OpenAPI 3.0 form the generator reads: a
/// 3.0 document as written, a 3.1 document rewritten as 3.0 (`load/v31.rs`; the warnings of
/// the rewrite come with [`lower_spec`] and [`generate`]). Any other version is an error.
///
/// For tools such as the spec linter that read the document itself rather than the IR.
pub fn read_document(spec_text: &str) -> Result<serde_json::Value, Diagnostics> {
    load::read(spec_text).map(|(document, _)| document)
}

/// Loads and lowers a spec into the IR, or returns every problem found.
pub fn lower_spec(spec_text: &str) -> Result<ir::Api, Diagnostics> {
    let loaded = load::load(spec_text)?;
    lower_loaded(&loaded, None, None)
}

/// Reads response conventions from their own file (JSON, or YAML otherwise), written like the
/// value of a spec's `x-conventions`: for a spec its user cannot edit. Problems point into the
/// file.
pub fn parse_conventions(text: &str) -> Result<ir::Conventions, Diagnostics> {
    let value = load::parse_text(text)?;
    lower::conventions::parse(&value, &Pointer::root()).map_err(Diagnostics::sorted)
}

#[cfg(test)]
mod tests {
    use super::{Config, emit, lower_spec, render_files};

    /// Rendering `models.rs` in parts and joining them gives the text of rendering it whole.
    #[test]
    fn models_rendered_in_parts_read_as_one_file() {
        let spec = include_str!("../../spec/openapi.yaml");
        let api = lower_spec(spec).expect("the project's spec lowers");
        let config = Config::realtimekit();
        let models = |types_per_part: usize| {
            let emitter = emit::Emitter::with_models_parts(&api, &config, types_per_part);
            let files = render_files(&emitter).expect("the project's spec renders");
            files.into_iter().find(|file| file.path == "src/models.rs").expect("models.rs is emitted").contents
        };
        let whole = models(usize::MAX);
        assert!(api.types.len() > 20, "the spec has enough types to split");
        assert_eq!(models(1), whole);
        assert_eq!(models(7), whole);
    }
}
