//! Cargo features from the spec's tags: one per tag, or per group of tags when a spec has more
//! tags than a crate may have features, and which of them compile each operation and type.
//!
//! An operation is compiled by the features of its tags (the untagged feature when it has
//! none). A type is compiled by the features of every operation that uses it, directly or
//! through other types, so a build with one feature has every type that feature's operations
//! need and no other. Schemas that no operation uses get a feature of their own. A type every
//! feature needs is always compiled, which keeps its `cfg` short and means nothing to a build.
//!
//! It also marks the types that requests hold, whose builders users need in every build; the
//! builders of the other types (those only answers hold) are for tests, behind a feature.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Feature, FeatureContent, Gate, TypeId};
use crate::names::{Allocator, RustName, Style, feature_name};
use crate::surface::FIXED_FEATURES;

/// The most features crates.io accepts in one crate, `default` included.
pub(super) const REGISTRY_FEATURE_LIMIT: usize = 300;

/// What the untagged feature and the unused-schemas feature want to be called.
const UNTAGGED: &str = "untagged";
const UNUSED_SCHEMAS: &str = "unused-schemas";

/// Decides the features of `api` and the gate of each operation and type. A spec whose
/// operations the features would not split (no tags, or one tag for all) gets none.
pub(super) fn gate(api: &mut Api) {
    let tags: BTreeSet<&str> = api.operations.iter().flat_map(|op| op.tags.iter().map(String::as_str)).collect();
    let untagged = api.operations.iter().any(|op| op.tags.is_empty());
    if tags.len() + usize::from(untagged) < 2 {
        return;
    }
    let budget = REGISTRY_FEATURE_LIMIT - FIXED_FEATURES.len() - usize::from(untagged) - 1;
    let groups = group_tags(&tags, budget);
    let mut contents: Vec<(String, FeatureContent)> = groups
        .into_iter()
        .map(|(key, members)| (key, FeatureContent::Tags(members.into_iter().map(str::to_owned).collect())))
        .collect();
    if untagged {
        contents.push((String::new(), FeatureContent::Untagged));
    }

    let operation_features = operation_features(api, &contents);
    let mut reached = reach(api, &operation_features, contents.len());
    let unused: Vec<usize> = (0..api.types.len()).filter(|&id| reached[id].is_empty()).collect();
    if !unused.is_empty() {
        contents.push((String::new(), FeatureContent::UnusedSchemas));
        let feature = contents.len() - 1;
        spread(api, unused.iter().map(|&id| TypeId(id)), feature, &mut reached);
    }

    api.features = name_features(contents);
    let every = api.features.len();
    let gate_of = |features: &BTreeSet<usize>| {
        if features.len() == every { Gate::Always } else { Gate::AnyOf(features.iter().copied().collect()) }
    };
    for (op, features) in api.operations.iter_mut().zip(&operation_features) {
        op.gate = gate_of(features);
    }
    for (def, features) in api.types.iter_mut().zip(&reached) {
        def.gate = gate_of(features);
    }
}

/// Marks the types a request parameter or body holds, directly or through other types.
pub(super) fn mark_request_types(api: &mut Api) {
    let mut pending: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        op.params.iter().for_each(|param| param.ty.named_types(&mut pending));
        op.body.iter().for_each(|body| body.ty.named_types(&mut pending));
    }
    while let Some(id) = pending.pop() {
        let def = &mut api.types[id.0];
        if !def.in_requests {
            def.in_requests = true;
            pending.extend(def.kind.named_types());
        }
    }
}

/// The features of each operation, by index into `contents`.
fn operation_features(api: &Api, contents: &[(String, FeatureContent)]) -> Vec<BTreeSet<usize>> {
    let mut feature_of_tag: BTreeMap<&str, usize> = BTreeMap::new();
    let mut untagged = None;
    for (index, (_, content)) in contents.iter().enumerate() {
        match content {
            FeatureContent::Tags(tags) => feature_of_tag.extend(tags.iter().map(|tag| (tag.as_str(), index))),
            FeatureContent::Untagged => untagged = Some(index),
            FeatureContent::UnusedSchemas => {}
        }
    }
    let of = |op: &crate::ir::Operation| -> BTreeSet<usize> {
        match op.tags.as_slice() {
            [] => untagged.into_iter().collect(),
            tags => tags.iter().filter_map(|tag| feature_of_tag.get(tag.as_str()).copied()).collect(),
        }
    };
    api.operations.iter().map(of).collect()
}

/// For each type, the features whose operations use it.
fn reach(api: &Api, operation_features: &[BTreeSet<usize>], features: usize) -> Vec<BTreeSet<usize>> {
    let mut reached = vec![BTreeSet::new(); api.types.len()];
    for feature in 0..features {
        let roots = api
            .operations
            .iter()
            .zip(operation_features)
            .filter(|(_, of)| of.contains(&feature))
            .flat_map(|(op, _)| op.named_types());
        spread(api, roots, feature, &mut reached);
    }
    reached
}

/// Marks every type reachable from `roots` as needed by `feature`.
fn spread(api: &Api, roots: impl Iterator<Item = TypeId>, feature: usize, reached: &mut [BTreeSet<usize>]) {
    let mut pending: Vec<TypeId> = roots.collect();
    while let Some(id) = pending.pop() {
        if reached[id.0].insert(feature) {
            pending.extend(api.types[id.0].kind.named_types());
        }
    }
}

/// The tags in groups of at most `budget`, each under the key its feature is named after.
///
/// One group per tag when they fit; otherwise by the first word of each tag (`Zone Settings`
/// and `Zone Lockdown` both under `zone`); otherwise by the longest prefix of the tags' feature
/// names that still fits, each group named by what all its tags share (`widget000` for
/// `Widget0000` to `Widget0009`). A grouping by the tags' own spelling keeps a tag in its
/// feature when other tags come and go. Tags that still do not fit (more first letters than
/// features) are cut, in order, into `budget` runs.
fn group_tags<'t>(tags: &BTreeSet<&'t str>, budget: usize) -> BTreeMap<String, Vec<&'t str>> {
    // Each tag's feature name, made once for every grouping below.
    let named: Vec<(&'t str, String)> = tags.iter().map(|&tag| (tag, feature_name(tag).bare().to_owned())).collect();
    let group_by = |key: &dyn Fn(&str, &str) -> String| {
        let mut groups: BTreeMap<String, Vec<&'t str>> = BTreeMap::new();
        for (tag, name) in &named {
            groups.entry(key(tag, name)).or_default().push(*tag);
        }
        groups
    };
    let exact = group_by(&|tag, _| tag.to_owned());
    if exact.len() <= budget {
        return exact;
    }
    let by_word = group_by(&|_, name| name.split('-').next().unwrap_or_default().to_owned());
    if by_word.len() <= budget {
        return by_word;
    }
    let longest = named.iter().map(|(_, name)| name.len()).max().unwrap_or_default();
    for length in (1..=longest).rev() {
        let by_prefix = group_by(&|_, name| name.chars().take(length).collect());
        if by_prefix.len() <= budget {
            return by_prefix.into_values().map(|members| (shared_start(&members), members)).collect();
        }
    }
    let all: Vec<&str> = tags.iter().copied().collect();
    let per_group = all.len().div_ceil(budget.max(1));
    all.chunks(per_group).enumerate().map(|(index, run)| (format!("tags-{}", index + 1), run.to_vec())).collect()
}

/// What the feature names of `tags` start with, without a trailing `-`.
fn shared_start(tags: &[&str]) -> String {
    let names: Vec<String> = tags.iter().map(|tag| feature_name(tag).bare().to_owned()).collect();
    let first = names.first().map(String::as_str).unwrap_or_default();
    let shared = names.iter().fold(first.len(), |shared, name| {
        first.bytes().zip(name.bytes()).take(shared).take_while(|(a, b)| a == b).count()
    });
    first[..shared].trim_end_matches('-').to_owned()
}

/// Names the features: each after its key (a tag, or what a group of tags shares), unique
/// among themselves and the crate's fixed features.
fn name_features(contents: Vec<(String, FeatureContent)>) -> Vec<Feature> {
    let mut allocator = Allocator::new(Style::Kebab, &[&["default"], FIXED_FEATURES].concat());
    let requests: Vec<(String, RustName)> = contents
        .iter()
        .map(|(key, content)| match content {
            FeatureContent::Tags(_) => (key.clone(), feature_name(key)),
            // An empty wire name yields the name to a tag that is spelled the same.
            FeatureContent::Untagged => (String::new(), RustName::plain(UNTAGGED)),
            FeatureContent::UnusedSchemas => (String::new(), RustName::plain(UNUSED_SCHEMAS)),
        })
        .collect();
    let names = allocator.allocate(&requests);
    names
        .into_iter()
        .zip(contents)
        .map(|(name, (_, content))| Feature { name: name.bare().to_owned(), content })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_that_fit_are_a_feature_each() {
        let tags: BTreeSet<&str> = ["Zone Settings", "Zone Lockdown", "Accounts"].into_iter().collect();
        let groups = group_tags(&tags, 3);
        assert_eq!(groups.len(), 3);
    }

    #[test]
    fn too_many_tags_group_by_first_word_then_by_a_shared_start() {
        let tags: BTreeSet<&str> =
            ["Zone Settings", "Zone Lockdown", "Accounts", "Account Members"].into_iter().collect();
        let by_word = group_tags(&tags, 3);
        assert_eq!(by_word.keys().collect::<Vec<_>>(), ["account", "accounts", "zone"]);
        assert_eq!(by_word["zone"], ["Zone Lockdown", "Zone Settings"]);
        let by_start = group_tags(&tags, 2);
        assert_eq!(by_start.keys().collect::<Vec<_>>(), ["account", "zone"]);
        assert_eq!(by_start["account"], ["Account Members", "Accounts"]);
    }

    #[test]
    fn numbered_tags_group_by_their_longest_shared_start_that_fits() {
        let names: Vec<String> = (0..500).map(|n| format!("Widget{n:04}")).collect();
        let tags: BTreeSet<&str> = names.iter().map(String::as_str).collect();
        let groups = group_tags(&tags, 292);
        assert_eq!(groups.len(), 50);
        assert_eq!(groups["widget000"].len(), 10);
        assert_eq!(groups["widget049"].last(), Some(&"Widget0499"));
    }

    #[test]
    fn tags_beyond_every_grouping_are_cut_into_runs() {
        let tags: BTreeSet<&str> = ["alpha", "beta", "gamma", "delta", "epsilon"].into_iter().collect();
        let groups = group_tags(&tags, 2);
        assert_eq!(groups.keys().collect::<Vec<_>>(), ["tags-1", "tags-2"]);
        assert_eq!(groups["tags-1"], ["alpha", "beta", "delta"]);
        assert_eq!(groups.values().map(Vec::len).sum::<usize>(), 5);
    }

    #[test]
    fn names_are_unique_and_avoid_the_fixed_features() {
        let contents = vec![
            ("mock".to_owned(), FeatureContent::Tags(vec!["mock".to_owned()])),
            ("Mock".to_owned(), FeatureContent::Tags(vec!["Mock".to_owned()])),
            ("untagged".to_owned(), FeatureContent::Tags(vec!["untagged".to_owned()])),
            (String::new(), FeatureContent::Untagged),
        ];
        let names: Vec<String> = name_features(contents).into_iter().map(|feature| feature.name).collect();
        assert_eq!(names, ["mock-2", "mock-3", "untagged", "untagged-2"]);
    }
}
