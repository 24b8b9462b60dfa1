//! Emits the crate's package files: `Cargo.toml`, `README.md` and the license texts, with the
//! runtime's dependencies, the features and the declared `rust-version`.

use quote::quote;

use super::examples::{crate_ident, first_operation, operation_call};
use super::features::Gates;
use super::{api_name, spec_line, spec_text};
use crate::Config;
use crate::ir::Api;
use crate::surface::BUILDERS_FEATURE;
use crate::surface::runtime::Imports;
use crate::text::{one_line, toml_string};

/// The dependencies of the runtime, as a standalone crate must declare them.
///
/// This mirrors `runtime/Cargo.toml`; a test keeps the two in step.
pub(crate) const RUNTIME_DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#"{ version = "1", features = ["serde"] }"#),
    ("fastrand", r#""2""#),
    ("futures-core", r#""0.3""#),
    ("futures-util", r#"{ version = "0.3", default-features = false }"#),
    ("httpdate", r#""1""#),
    ("percent-encoding", r#""2""#),
    ("reqwest", r#"{ version = "0.13", default-features = false }"#),
    (
        "rustls",
        r#"{ version = "0.23", default-features = false, features = ["ring", "std", "tls12"], optional = true }"#,
    ),
    ("serde", r#"{ version = "1", features = ["derive"] }"#),
    ("serde_json", r#""1""#),
    ("serde_path_to_error", r#""0.1""#),
    ("tokio", r#"{ version = "1", default-features = false, features = ["time"] }"#),
    ("tracing", r#"{ version = "0.1", default-features = false, features = ["std"] }"#),
    ("wiremock", r#"{ version = "0.6", optional = true }"#),
];

/// The generated crate's `rust-version`, the oldest Rust that builds it.
///
/// The crate declares the 2024 edition, which Rust 1.85 introduced, so no older toolchain
/// reads its manifest, and nothing else asks for more. The code: clippy's `incompatible_msrv`,
/// run on an edition-2021 copy of the crate that declares Rust 1.56, found no standard library
/// API newer than 1.79 in the generated code and the runtime; every clippy run checks against
/// this value, so none newer than 1.85 comes in unnoticed (`tests/msrv.rs` shows that the lint
/// reads `rust-version`). The dependencies: with every feature on, no locked package declares a
/// `rust-version` above 1.85 (reqwest 0.13.5, tokio 1.54.1 and hyper-util 0.1.21 declare
/// exactly 1.85; their older releases within the declared requirements need less).
pub(crate) const RUST_VERSION: &str = "1.85";

/// One feature of the generated crate.
struct Feature {
    /// The feature's name.
    name: &'static str,
    /// What the feature turns on, as `Cargo.toml` writes it.
    enables: &'static str,
    /// What it is for: the comment above it in `Cargo.toml`, and its line in the README.
    about: &'static str,
}

/// The crate's fixed features (the API's own come from its tags); the first is the default.
///
/// The default TLS stays rustls on aws-lc-rs, reqwest's own default, although rustls on ring
/// checks from clean in about half the time (see `README.md`'s performance table). reqwest
/// reaches ring only through its `rustls-no-provider` mode, in which rustls has no crypto
/// library until one is installed for the whole process: the runtime installs ring before it
/// builds its client, but a `reqwest::Client` the user builds first (to hand to
/// `ClientBuilder::http_client`, say) panics when nothing else in the build turns on a provider,
/// and installing a process-wide default is a side effect a library should not impose unasked.
/// So ring is one feature away for those who want the lighter build, and native-tls for the
/// platform's library.
const FEATURES: &[Feature] = &[
    Feature {
        name: "rustls",
        enables: r#"["reqwest/rustls"]"#,
        about: "TLS through rustls with aws-lc-rs, reqwest's own default (the default).",
    },
    Feature {
        name: "rustls-ring",
        enables: r#"["reqwest/rustls-no-provider", "dep:rustls"]"#,
        about: "TLS through rustls with the ring crypto library, which builds in about half the time; \
                installs ring as the process's rustls provider unless one is installed already.",
    },
    Feature {
        name: "native-tls",
        enables: r#"["reqwest/native-tls"]"#,
        about: "TLS through the platform's native library (OpenSSL, Security.framework or SChannel).",
    },
    Feature {
        name: BUILDERS_FEATURE,
        enables: "[]",
        about: "`Type::builder()` for the types only answers hold, which tests build; request types always have theirs.",
    },
    Feature {
        name: "mock",
        enables: r#"["dep:wiremock", "builders"]"#,
        about: "A local mock server for tests, which answers typed requests with the generated types.",
    },
];

/// The package's license: MIT or Apache-2.0, whose texts are the crate's [`TextFile`]s.
const LICENSE: &str = "MIT OR Apache-2.0";

/// A crate-level file that is plain text rather than Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFile {
    CargoToml,
    Readme,
    LicenseApache,
    LicenseMit,
}

impl TextFile {
    /// Every text file of the crate.
    pub(crate) const ALL: [Self; 4] = [Self::CargoToml, Self::Readme, Self::LicenseApache, Self::LicenseMit];

    /// The file's path, relative to the crate root.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Self::CargoToml => "Cargo.toml",
            Self::Readme => "README.md",
            Self::LicenseApache => "LICENSE-APACHE",
            Self::LicenseMit => "LICENSE-MIT",
        }
    }

    /// The file's text.
    pub(crate) fn contents(self, api: &Api, config: &Config, gates: &Gates<'_>) -> String {
        match self {
            Self::CargoToml => cargo_toml(api, config, gates),
            Self::Readme => readme(api, config, gates),
            Self::LicenseApache => include_str!("../../licenses/LICENSE-APACHE").to_owned(),
            Self::LicenseMit => include_str!("../../licenses/LICENSE-MIT").to_owned(),
        }
    }
}

/// What the package ships: the generated files, and the changelog that `xtask changelog` keeps
/// beside them. Anything else placed in the crate's folder stays out of the package.
fn package_include() -> Vec<&'static str> {
    let mut include: Vec<&str> = TextFile::ALL.iter().map(|file| file.path()).collect();
    include.extend(["CHANGELOG.md", "src/**/*.rs"]);
    include.sort_unstable();
    include
}

/// `Cargo.toml` of the generated crate.
fn cargo_toml(api: &Api, config: &Config, gates: &Gates<'_>) -> String {
    let description = format!("Async Rust client for the {} (generated from its OpenAPI spec).", one_line(&api.title));
    let mut package = vec![
        format!("name = {:?}", config.crate_name),
        format!("version = {:?}", config.crate_version),
        "edition = \"2024\"".to_owned(),
        format!("rust-version = {RUST_VERSION:?}"),
        format!("description = {}", toml_string(&description)),
        format!("license = {LICENSE:?}"),
        format!("readme = {:?}", TextFile::Readme.path()),
    ];
    if config.publish {
        package.push(format!("documentation = {}", toml_string(&docs_rs(config))));
    }
    if !config.keywords.is_empty() {
        package.push(format!("keywords = {}", toml_list(&config.keywords)));
    }
    if !config.categories.is_empty() {
        package.push(format!("categories = {}", toml_list(&config.categories)));
    }
    let include: Vec<String> = package_include().iter().map(|path| format!("/{path}")).collect();
    package.push(format!("include = {}", toml_list(&include)));
    if !config.publish {
        package.push("publish = false".to_owned());
    }
    let mut text = format!(
        "# @generated by realtimekit-codegen from the OpenAPI spec. Do not edit by hand.\n\n\
         [package]\n{package}\n\n\
         # docs.rs documents every feature and marks the items that need one.\n\
         [package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n\n\
         [features]\ndefault = {default}\n",
        package = package.join("\n"),
        default = toml_list(&default_features(gates)),
    );
    for feature in FEATURES {
        text.push_str(&format!("# {}\n{} = {}\n", feature.about, feature.name, feature.enables));
    }
    text.push_str(&gates.cargo_lines());
    text.push_str("\n[dependencies]\n");
    for (name, spec) in RUNTIME_DEPENDENCIES {
        text.push_str(&format!("{name} = {spec}\n"));
    }
    text.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n");
    text
}

/// The default features: the default TLS, and, when the whole API is on by default, the
/// builders and (where the crate has API features) `full`.
fn default_features(gates: &Gates<'_>) -> Vec<&'static str> {
    let builders = gates.all_by_default().then_some(BUILDERS_FEATURE);
    let api = (gates.any() && gates.all_by_default()).then_some("full");
    [FEATURES[0].name].into_iter().chain(builders).chain(api).collect()
}

/// A TOML array of strings, on one line.
fn toml_list(items: &[impl AsRef<str>]) -> String {
    let items: Vec<String> = items.iter().map(|item| toml_string(item.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// The crate's page on docs.rs.
fn docs_rs(config: &Config) -> String {
    format!("https://docs.rs/{}", config.crate_name)
}

/// Where a dependent's `Cargo.toml` takes the crate from, as the keys of an inline table:
/// `version = "0.1"` for a published crate, `path = "path/to/<name>"` otherwise.
pub(crate) fn dependency_source(config: &Config) -> String {
    if config.publish {
        format!("version = {}", toml_string(&version_requirement(&config.crate_version)))
    } else {
        format!("path = \"path/to/{}\"", config.crate_name)
    }
}

/// The version requirement that picks up compatible releases: `0.1` for 0.1.0, `1.2` for 1.2.3,
/// and the whole version for a pre-release, which a shorter requirement would not match.
fn version_requirement(version: &str) -> String {
    if version.contains(['-', '+']) {
        return version.to_owned();
    }
    version.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// `README.md`: what the crate is, how to add it, a short example, its features, the Rust it
/// needs and where its docs are. `lib.rs` hands it to rustdoc when doc tests are collected, so
/// the example is compiled with the crate's other examples.
fn readme(api: &Api, config: &Config, gates: &Gates<'_>) -> String {
    let name = &config.crate_name;
    let mut sections = vec![
        "<!-- @generated by realtimekit-codegen from the OpenAPI spec. Do not edit by hand. -->".to_owned(),
        format!("# {name}"),
        format!(
            "Async Rust client for the {} (version {}), generated from its OpenAPI spec. Every operation is a \
             method that returns a typed request builder; responses decode into the generated models.",
            api_name(api),
            spec_line(&api.version)
        ),
    ];
    if let Some(description) = api.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        sections.push(spec_text(description));
    }
    let dependency = if config.publish {
        format!("{name} = {}", toml_string(&version_requirement(&config.crate_version)))
    } else {
        format!("{name} = {{ {} }}", dependency_source(config))
    };
    let source = if config.publish {
        "Add the crate, and Tokio to run it, to your `Cargo.toml`:"
    } else {
        "The crate is not published to a registry: depend on it through the folder it was generated into, \
         with Tokio to run it:"
    };
    sections.push(format!(
        "## Installation\n\n{source}\n\n```toml\n[dependencies]\n{dependency}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```"
    ));
    if let Some(example) = readme_example(api, config, gates) {
        sections.push(format!(
            "## Example\n\nSet `{}` to an API token (and `{}` to use another server), then:\n\n```rust,no_run\n{example}```",
            config.token_env, config.base_url_env
        ));
    }
    let mut features: Vec<String> =
        FEATURES.iter().map(|feature| format!("- `{}`: {}", feature.name, feature.about)).collect();
    if gates.any() {
        let default = if gates.all_by_default() { " (on by default)" } else { "" };
        features.push(format!(
            "- `full`: every operation of the API{default}. Each tag of the spec is a feature too, which compiles \
             only its operations and the types they use; the crate docs list them."
        ));
    }
    sections.push(format!(
        "## Features\n\n{}\n\nWithout TLS (`default-features = false`), the client reaches `http://` servers \
         only. Enable `mock` in your `[dev-dependencies]` to test your own code without the real \
         service.",
        features.join("\n")
    ));
    sections.push(format!(
        "## Minimum supported Rust version\n\nRust {RUST_VERSION}, the first release of the 2024 edition \
         (`rust-version` in `Cargo.toml`)."
    ));
    let docs = if config.publish {
        format!("[docs.rs/{name}]({})", docs_rs(config))
    } else {
        format!("`cargo doc --open --package {name}`")
    };
    sections.push(format!(
        "## Documentation\n\nThe crate docs ({docs}) open with a quick start and explain configuration, errors, \
         retries, per-request options, pagination, validation, security and tracing. Every operation documents \
         its route, parameters, errors, retry rule and pagination, with an example."
    ));
    sections.push(format!(
        "## License\n\nLicensed under either of the Apache License, Version 2.0 ([`{}`]({})) or the MIT license \
         ([`{}`]({})), at your option.",
        TextFile::LicenseApache.path(),
        TextFile::LicenseApache.path(),
        TextFile::LicenseMit.path(),
        TextFile::LicenseMit.path(),
    ));
    let mut text = sections.join("\n\n");
    text.push('\n');
    text
}

/// The README's example, a whole program: a client from the environment and one call, the
/// operation the crate docs' quick start uses.
fn readme_example(api: &Api, config: &Config, gates: &Gates<'_>) -> Option<String> {
    let op = first_operation(api, gates)?;
    let krate = crate_ident(config);
    let imports = Imports::doc_example(&krate);
    let call = operation_call(api, op, api.scope.is_some(), &imports);
    let main = quote! {
        #[tokio::main]
        async fn main() -> #krate::Result<()> {
            let client = #krate::Client::from_env()?;
            let response = #call.send().await?;
            let (status, value) = (response.status(), response.value());
            println!("{status} {value:?}");
            Ok(())
        }
    };
    // The imports the call recorded as it named the models, then a blank line, which
    // prettyplease does not put between items.
    let imports = prettyplease::unparse(&syn::parse2::<syn::File>(imports.declarations()).ok()?);
    let main = prettyplease::unparse(&syn::parse2::<syn::File>(main).ok()?);
    Some(if imports.is_empty() { main } else { format!("{imports}\n{main}") })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Gates, RUNTIME_DEPENDENCIES, cargo_toml, readme, version_requirement};
    use crate::Config;

    /// Category slugs from crates.io's list that suit an API client.
    const CRATES_IO_CATEGORIES: &[&str] = &[
        "api-bindings",
        "asynchronous",
        "multimedia",
        "multimedia::video",
        "network-programming",
        "web-programming",
        "web-programming::http-client",
    ];

    /// Whether crates.io accepts `keyword`: at most 20 ASCII characters, a letter first, then
    /// letters, digits, `_`, `-` or `+`.
    fn crates_io_keyword(keyword: &str) -> bool {
        keyword.len() <= 20
            && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
            && keyword.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
    }

    #[test]
    fn default_keywords_and_categories_meet_crates_io_limits() {
        assert!(!crates_io_keyword("a-keyword-longer-than-20"));
        assert!(!crates_io_keyword("2fa"));
        for config in [Config::realtimekit(), Config::for_crate("my-api")] {
            let name = &config.crate_name;
            assert!((1..=5).contains(&config.keywords.len()), "{name}: {:?}", config.keywords);
            assert!(config.keywords.iter().all(|k| crates_io_keyword(k)), "{name}: {:?}", config.keywords);
            assert!((1..=5).contains(&config.categories.len()), "{name}: {:?}", config.categories);
            let unknown: Vec<&String> =
                config.categories.iter().filter(|c| !CRATES_IO_CATEGORIES.contains(&c.as_str())).collect();
            assert!(unknown.is_empty(), "{name}: categories crates.io does not list: {unknown:?}");
        }
    }

    #[test]
    fn version_requirements_pick_up_compatible_releases() {
        assert_eq!(version_requirement("0.1.0"), "0.1");
        assert_eq!(version_requirement("1.2.3"), "1.2");
        assert_eq!(version_requirement("0.2.0-beta.1"), "0.2.0-beta.1");
    }

    /// An unpublished crate says so and is installed by path; a published one links docs.rs and
    /// is installed by version.
    #[test]
    fn the_manifest_and_the_readme_follow_the_publish_flag() {
        let api = crate::lower_spec(include_str!("../../../spec/openapi.yaml")).expect("the project's spec lowers");
        let private = Config::realtimekit();
        let manifest = cargo_toml(&api, &private, &Gates::new(&api, &private));
        assert!(manifest.contains("\npublish = false\n") && !manifest.contains("documentation"), "{manifest}");
        let text = readme(&api, &private, &Gates::new(&api, &private));
        assert!(text.contains(r#"cloudflare-realtimekit = { path = "path/to/cloudflare-realtimekit" }"#), "{text}");
        assert!(text.contains("`cargo doc --open --package cloudflare-realtimekit`") && !text.contains("docs.rs"));

        let public = Config { publish: true, crate_version: "1.2.3".to_owned(), ..Config::realtimekit() };
        let manifest = cargo_toml(&api, &public, &Gates::new(&api, &public));
        assert!(!manifest.contains("publish"), "{manifest}");
        assert!(manifest.contains("\ndocumentation = \"https://docs.rs/cloudflare-realtimekit\"\n"), "{manifest}");
        let text = readme(&api, &public, &Gates::new(&api, &public));
        assert!(text.contains("\ncloudflare-realtimekit = \"1.2\"\n"), "{text}");
        assert!(text.contains("(https://docs.rs/cloudflare-realtimekit)") && !text.contains("path/to"), "{text}");
    }

    /// A dependency as Cargo reads it: version, default features, features, optional.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    struct Dependency {
        version: String,
        default_features: bool,
        features: Vec<String>,
        optional: bool,
        workspace: bool,
    }

    /// Reads `"1"` or an inline table such as `{ version = "1", features = ["a"] }`.
    fn parse_spec(spec: &str) -> Dependency {
        let spec = spec.trim();
        let mut dependency = Dependency { default_features: true, ..Dependency::default() };
        if let Some(version) = spec.strip_prefix('"') {
            dependency.version = version.trim_end_matches('"').to_owned();
            return dependency;
        }
        let inner = spec.trim_start_matches('{').trim_end_matches('}');
        let mut rest = inner;
        while let Some((key, after)) = rest.split_once('=') {
            let key = key.trim().trim_start_matches(',').trim();
            let after = after.trim_start();
            let (value, next) = if after.starts_with('[') {
                let end = after.find(']').expect("a closed list") + 1;
                (&after[..end], &after[end..])
            } else {
                after.split_once(',').unwrap_or((after, ""))
            };
            let value = value.trim();
            match key {
                "version" => dependency.version = value.trim_matches('"').to_owned(),
                "default-features" => dependency.default_features = value == "true",
                "optional" => dependency.optional = value == "true",
                "workspace" => dependency.workspace = value == "true",
                "features" => {
                    dependency.features = value
                        .trim_matches(|c| c == '[' || c == ']')
                        .split(',')
                        .map(|f| f.trim().trim_matches('"').to_owned())
                        .filter(|f| !f.is_empty())
                        .collect();
                }
                other => panic!("unexpected key `{other}` in `{spec}`"),
            }
            rest = next;
        }
        dependency.features.sort();
        dependency
    }

    /// The `name = spec` lines of one `[section]` of a manifest.
    fn section(manifest: &str, name: &str) -> BTreeMap<String, Dependency> {
        let header = format!("[{name}]");
        manifest
            .lines()
            .skip_while(|line| line.trim() != header)
            .skip(1)
            .take_while(|line| !line.starts_with('['))
            .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .filter_map(|line| line.split_once('='))
            .map(|(key, spec)| match key.trim().strip_suffix(".workspace") {
                Some(key) => (key.to_owned(), Dependency { workspace: true, ..parse_spec(r#""""#) }),
                None => (key.trim().to_owned(), parse_spec(spec)),
            })
            .collect()
    }

    #[test]
    fn runtime_dependencies_match_the_runtime_manifest() {
        let workspace = section(include_str!("../../../Cargo.toml"), "workspace.dependencies");
        let runtime = section(include_str!("../../../runtime/Cargo.toml"), "dependencies");
        let expected: BTreeMap<String, Dependency> = runtime
            .into_iter()
            .map(|(name, own)| {
                if !own.workspace {
                    return (name, own);
                }
                let shared = workspace.get(&name).unwrap_or_else(|| panic!("`{name}` is a workspace dependency"));
                let mut features = shared.features.clone();
                features.extend(own.features.iter().cloned());
                features.sort();
                features.dedup();
                let merged = Dependency { features, optional: own.optional, workspace: false, ..shared.clone() };
                (name, merged)
            })
            .collect();
        let emitted: BTreeMap<String, Dependency> =
            RUNTIME_DEPENDENCIES.iter().map(|(name, spec)| ((*name).to_owned(), parse_spec(spec))).collect();
        assert_eq!(emitted, expected, "RUNTIME_DEPENDENCIES must declare what runtime/Cargo.toml declares");
    }
}
