//! Every feature fixture's crate builds with no warnings and its doc examples compile, so a
//! snapshot can never hold code that does not compile; fixtures with a behaviour test also run.
//!
//! The fixtures are generated into one cargo workspace under the target directory
//! (`<target>/fixture-crates/`), which `cargo clippy --workspace --all-targets -D warnings` and
//! `cargo test --doc` check as a whole; see `crate_workspace.rs`. A fixture `x.yaml` with a
//! `tests/fixtures/behaviour/x.rs` gets that file as its crate's `tests/behaviour.rs`, which
//! clippy lints with the crate and which then runs against the crate's own typed mock server.

use realtimekit_tests::crate_workspace::{Workspace, members_in};

#[test]
fn every_feature_fixture_compiles_without_warnings() {
    let members = members_in(&realtimekit_tests::project_root().join("tests/fixtures/features"), "");
    assert!(members.len() >= 10, "expected one fixture per feature, found {}", members.len());
    let (workspace, outcomes) = Workspace::generate("fixture-crates", &members);
    if let Some(outcome) = outcomes.iter().find(|outcome| !outcome.generated) {
        panic!("{} generates:\n{}", outcome.folder, outcome.diagnostics);
    }
    let behaviour = realtimekit_tests::project_root().join("tests/fixtures/behaviour");
    let mut tested = Vec::new();
    for (member, package) in members.iter().zip(workspace.packages()) {
        let source = behaviour.join(format!("{}.rs", member.folder));
        if source.exists() {
            workspace.add_test(&member.folder, "behaviour", &source);
            tested.push(package.clone());
        }
    }
    assert!(tested.len() >= 3, "the convention fixtures have behaviour tests, found {tested:?}");
    let outcome = workspace
        .check()
        .and_then(|()| workspace.check_features())
        .and_then(|()| workspace.doc_tests())
        .and_then(|()| workspace.run_test(&tested, "behaviour"));
    if let Err(message) = outcome {
        panic!("{message}");
    }
}
