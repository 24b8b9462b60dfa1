//! The drift test: `generated/` must be exactly what the spec produces, as `cargo xtask check` demands.

use realtimekit_codegen::{Config, generate};

#[test]
fn generated_crate_matches_the_spec() {
    let generated = generate(&realtimekit_tests::spec_text(), &Config::realtimekit()).expect("the spec generates");
    let drift = xtask::drift(&xtask::generated_dir(), &generated.files).expect("generated/ is readable");
    assert!(
        drift.is_clean(),
        "generated/ is out of date with spec/openapi.yaml:\n  {}\nrun `cargo xtask generate` and commit the result.",
        drift.lines().join("\n  ")
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = realtimekit_tests::spec_text();
    let first = generate(&spec, &Config::realtimekit()).expect("the spec generates");
    let second = generate(&spec, &Config::realtimekit()).expect("the spec generates");
    assert_eq!(first, second);
}

#[test]
fn the_spec_generates_without_warnings() {
    let generated = generate(&realtimekit_tests::spec_text(), &Config::realtimekit()).expect("the spec generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}
