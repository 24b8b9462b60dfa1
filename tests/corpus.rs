//! Real-world specs written by others: every OpenAPI 3.0 example of ReadMe's
//! `@readme/oas-examples` (pinned in `tools/package.json`, installed by `cargo xtask test`)
//! generates a crate, all of them pass `cargo clippy -D warnings` together, and all their doc
//! examples compile.
//!
//! The corpus covers what specs do in the wild: callbacks, circular schemas, discriminators,
//! every parameter style, file uploads, multiple media types, deprecations, security schemes,
//! server variables, `$ref`s into `paths`. What the generator reported for each spec (warnings
//! for the operations it skips, errors for a spec it refuses) is one snapshot, so a reviewer
//! sees any change in what the corpus yields.

use std::fmt::Write as _;
use std::path::PathBuf;

use realtimekit_tests::crate_workspace::{Member, Workspace, members_in};

/// Where `npm ci` in `tools/` puts the examples.
fn corpus_folder() -> PathBuf {
    let folder = realtimekit_tests::project_root().join("tools/node_modules/@readme/oas-examples/3.0/json");
    assert!(
        folder.is_dir(),
        "{} is missing: `cargo xtask test` installs it (or run `npm ci` in tools/)",
        folder.display()
    );
    folder
}

fn corpus() -> Vec<Member> {
    let folder = corpus_folder();
    let mut members = members_in(&folder, "");
    members.extend(members_in(&folder.join("openapi-workshop"), "workshop_"));
    members
}

#[test]
fn every_example_spec_generates_a_crate_that_passes_clippy_with_examples_that_compile() {
    let members = corpus();
    assert!(members.len() >= 40, "expected the whole corpus, found {} specs", members.len());
    let (workspace, outcomes) = Workspace::generate("corpus-crates", &members);

    let mut report = String::new();
    for outcome in &outcomes {
        let verdict = if outcome.generated { "generated" } else { "refused" };
        let _ = writeln!(report, "{}: {verdict}", outcome.folder);
        for diagnostic in &outcome.diagnostics.0 {
            let _ = writeln!(report, "  {diagnostic}");
        }
    }
    insta::assert_snapshot!(report);

    assert_eq!(workspace.packages().len(), members.len(), "every spec of the corpus generates:\n{report}");
    if let Err(message) = workspace.check().and_then(|()| workspace.doc_tests()) {
        panic!("{message}");
    }
}
