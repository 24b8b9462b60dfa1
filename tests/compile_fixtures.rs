//! Every feature fixture's crate builds with no warnings and its doc examples compile, so a
//! snapshot can never hold code that does not compile.
//!
//! The fixtures are generated into one cargo workspace under the target directory
//! (`<target>/fixture-crates/`), which `cargo clippy --workspace --all-targets -D warnings` and
//! `cargo test --doc` check as a whole; see `crate_workspace.rs`.

use realtimekit_tests::crate_workspace::{Workspace, members_in};

#[test]
fn every_feature_fixture_compiles_without_warnings() {
    let members = members_in(&realtimekit_tests::project_root().join("tests/fixtures/features"), "");
    assert!(members.len() >= 10, "expected one fixture per feature, found {}", members.len());
    let (workspace, outcomes) = Workspace::generate("fixture-crates", &members);
    if let Some(outcome) = outcomes.iter().find(|outcome| !outcome.generated) {
        panic!("{} generates:\n{}", outcome.folder, outcome.diagnostics);
    }
    if let Err(message) = workspace.check().and_then(|()| workspace.doc_tests()) {
        panic!("{message}");
    }
}
