//! Real-world specs written by others: every OpenAPI 3.0 and 3.1 example of ReadMe's
//! `@readme/oas-examples` (pinned in `tools/package.json`, installed by `cargo xtask test`)
//! generates a crate, all of them pass `cargo clippy -D warnings` together, and all their doc
//! examples compile.
//!
//! The corpus covers what specs do in the wild: callbacks, circular schemas, discriminators,
//! every parameter style, file uploads, multiple media types, deprecations, security schemes,
//! server variables, `$ref`s into `paths`, and in 3.1 `type` lists, `const`, `examples`,
//! webhooks and the `mutualTLS` scheme. What the generator reported for each spec (warnings for
//! what it skips, errors for a spec it refuses) is one snapshot per version, so a reviewer sees
//! any change in what the corpus yields.

use std::fmt::Write as _;
use std::path::PathBuf;

use realtimekit_tests::crate_workspace::{Member, Outcome, Workspace, members_in};

/// Where `npm ci` in `tools/` puts the examples of OpenAPI `version` (`3.0`, `3.1`).
fn corpus_folder(version: &str) -> PathBuf {
    let folder =
        realtimekit_tests::project_root().join(format!("tools/node_modules/@readme/oas-examples/{version}/json"));
    assert!(
        folder.is_dir(),
        "{} is missing: `cargo xtask test` installs it (or run `npm ci` in tools/)",
        folder.display()
    );
    folder
}

fn corpus() -> Vec<Member> {
    let folder = corpus_folder("3.0");
    let mut members = members_in(&folder, "");
    members.extend(members_in(&folder.join("openapi-workshop"), "workshop_"));
    members
}

/// The 3.1 examples, in crates of their own (`v31_petstore`), as several share a name with a 3.0
/// example.
fn corpus_31() -> Vec<Member> {
    members_in(&corpus_folder("3.1"), "v31_")
}

/// What the generator reported for each spec, and how many specs it refused and operations it
/// skipped.
fn summarize(outcomes: &[Outcome]) -> (String, usize, usize) {
    let mut report = String::new();
    let (mut refused, mut skipped) = (0, 0);
    for outcome in outcomes {
        let verdict = if outcome.generated { "generated" } else { "refused" };
        refused += usize::from(!outcome.generated);
        let _ = writeln!(report, "{}: {verdict}", outcome.folder);
        for diagnostic in &outcome.diagnostics.0 {
            skipped += usize::from(diagnostic.message.starts_with("operation skipped"));
            let _ = writeln!(report, "  {diagnostic}");
        }
    }
    (report, refused, skipped)
}

#[test]
fn every_example_spec_generates_a_crate_that_passes_clippy_with_examples_that_compile() {
    let members = corpus();
    assert!(members.len() >= 40, "expected the whole corpus, found {} specs", members.len());
    let members_31 = corpus_31();
    assert!(members_31.len() >= 10, "expected the whole 3.1 corpus, found {} specs", members_31.len());
    let count = members.len();
    let all: Vec<Member> = members.into_iter().chain(members_31).collect();
    let (workspace, outcomes) = Workspace::generate("corpus-crates", &all);

    let (outcomes_30, outcomes_31) = outcomes.split_at(count);
    let (report, refused, skipped) = summarize(outcomes_30);
    insta::assert_snapshot!(report);
    let (report_31, refused_31, skipped_31) = summarize(outcomes_31);
    insta::assert_snapshot!("openapi31", report_31);
    eprintln!(
        "OpenAPI 3.0: {count} specs, {refused} refused, {skipped} operations skipped; OpenAPI 3.1: {} specs, \
         {refused_31} refused, {skipped_31} operations skipped",
        all.len() - count
    );

    assert_eq!(workspace.packages().len(), all.len(), "every spec of the corpus generates:\n{report}{report_31}");
    if let Err(message) =
        workspace.check().and_then(|()| workspace.check_features()).and_then(|()| workspace.doc_tests())
    {
        panic!("{message}");
    }
}
