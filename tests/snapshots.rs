//! Snapshots of the emitted files (and of any warnings): for `spec/` and for one small fixture
//! per feature, in YAML or JSON.
//!
//! Each crate is generated twice and must come out byte-identical. The runtime copies and the
//! license texts are left out: they are verbatim copies, checked by the drift test.
//! Review changes with `cargo insta review`; never edit a snapshot by hand.

use realtimekit_codegen::{Config, generate};

fn snapshot_crate(prefix: &str, spec: &str, config: &Config) {
    let generated = generate(spec, config).unwrap_or_else(|diagnostics| panic!("{prefix} generates:\n{diagnostics}"));
    let again = generate(spec, config).unwrap_or_else(|diagnostics| panic!("{prefix} generates:\n{diagnostics}"));
    assert!(generated == again, "{prefix}: generating twice gives different output");
    let copied = |path: &str| path.starts_with("src/runtime/") || path.starts_with("LICENSE-");
    for file in generated.files.iter().filter(|f| !copied(&f.path)) {
        let name = format!("{prefix}__{}", file.path.replace('/', "__"));
        insta::assert_snapshot!(name, file.contents);
    }
    // What was skipped, and why, is part of the output too.
    if !generated.warnings.is_empty() {
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("{prefix}__warnings"), warnings.join("\n"));
    }
}

#[test]
fn spec_crate() {
    snapshot_crate("spec", &realtimekit_tests::spec_text(), &Config::realtimekit());
}

#[test]
fn feature_fixtures() {
    insta::glob!("fixtures/features/*.{yaml,json}", |path| {
        let spec = std::fs::read_to_string(path).expect("fixture is readable");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("fixture").to_owned();
        snapshot_crate(&format!("fixture_{stem}"), &spec, &Config::for_crate(&format!("{stem}-client")));
    });
}
