//! Tests of the generated crate's changelog: the Unreleased section written from diff reports.

use std::path::PathBuf;

use xtask::changelog::{release, release_base, with_unreleased};
use xtask::diff::diff_specs;

const RELEASED: &str = "# Changelog\n\nIntro kept as written.\n\n## 0.1.0\n\n<!-- spec: abc1234 -->\n\nFirst release, with prose kept as written.\n";

fn report(case: &str) -> xtask::diff::model::Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff").join(case);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("the fixture is readable");
    diff_specs(&read("old.yaml"), &read("new.yaml")).expect("the fixtures are valid specs")
}

#[test]
fn a_breaking_and_an_additive_change_each_get_their_group_under_unreleased() {
    let breaking = with_unreleased(RELEASED, &report("operation_renamed"));
    let additive = with_unreleased(RELEASED, &report("param_added_optional"));
    insta::assert_snapshot!("changelog_breaking", breaking);
    insta::assert_snapshot!("changelog_additive", additive);
    assert!(breaking.contains("### Breaking changes") && breaking.ends_with("prose kept as written.\n"));
    assert!(additive.contains("Needs a **minor** release") && additive.contains("### Added"));
}

#[test]
fn refreshing_replaces_the_previous_unreleased_section_and_no_change_removes_it() {
    let once = with_unreleased(RELEASED, &report("operation_renamed"));
    let replaced = with_unreleased(&once, &report("param_added_optional"));
    assert_eq!(replaced, with_unreleased(RELEASED, &report("param_added_optional")));
    assert_eq!(with_unreleased(&once, &report("unchanged")), RELEASED);
}

#[test]
fn a_release_turns_unreleased_into_a_version_that_the_next_diff_starts_from() {
    let pending = with_unreleased(RELEASED, &report("param_added_optional"));
    let released = release(&pending, "0.2.0", "def5678").unwrap();
    assert_eq!(release_base(&released), Some("def5678"));
    assert!(!released.contains("## Unreleased"));
    assert!(released.contains("## 0.2.0\n\n<!-- spec: def5678 -->\n\nNeeds a **minor** release"));
    assert!(released.ends_with(RELEASED.split_once("## 0.1.0").unwrap().1));
}

#[test]
fn the_committed_changelog_starts_from_a_release_marker() {
    let changelog = std::fs::read_to_string(xtask::generated_dir().join("CHANGELOG.md")).unwrap();
    assert!(release_base(&changelog).is_some(), "generated/CHANGELOG.md needs a `<!-- spec: REV -->` marker");
}
