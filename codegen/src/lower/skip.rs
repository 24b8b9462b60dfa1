//! [`Skip`]: why an operation is left out of the client, returned by the lowering of the
//! operation, its parameters and its request body, and reported as a warning at its pointer.
//!
//! In keep-going mode errors become skips here too ([`Lowering::skip_what_errors_reach`]). An
//! error inside an operation, a path item or a component breaks that place, and whatever depends
//! on a broken place is broken: a place depends on the places its `$ref`s name (read from the
//! document, so a reference counts wherever it sits: in a property, an `allOf` part, a shared
//! response), and an operation also on its path item's parameters. As a safety net the IR is
//! read too: a type that uses a broken type, and an operation whose parameters, body or answers
//! do, are broken. Broken operations are skipped and broken types left out, each with a warning
//! that gives the reason and where it is; every such error becomes a warning at its own pointer.
//! Errors anywhere else (the document's `info`, its `x-conventions`) still fail lowering.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde_json::Value;

use super::Lowering;
use super::names::reorder_types;
use crate::diagnostics::{Diagnostic, Pointer, Severity};
use crate::ir::{Api, Operation};
use crate::load::{LeftOut, METHODS};

/// Why an operation was skipped; becomes a warning at its pointer.
pub(super) struct Skip(pub(super) String);

/// How deep the search for `$ref`s goes inside one place of the document, so a pathological
/// document cannot exhaust the stack; the parsers already refuse deeper nesting.
const MAX_DEPTH: usize = 256;

/// An error that keep-going lowering turns into skips: the place it breaks, and the problem as
/// it was reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Culprit {
    site: Pointer,
    problem: Diagnostic,
}

impl Lowering<'_> {
    /// Keep-going mode, before names are decided: skips every operation and leaves out every
    /// type that an error local to an operation or component reaches, and turns those errors
    /// (and the problems of the parts loading `left_out`) into warnings.
    pub(super) fn skip_what_errors_reach(&mut self, api: &mut Api, left_out: &[LeftOut]) {
        let mut kept = Vec::new();
        let mut culprits: Vec<Culprit> =
            left_out.iter().map(|part| Culprit { site: part.unit.clone(), problem: part.problem.clone() }).collect();
        for diagnostic in std::mem::take(&mut self.diagnostics) {
            if diagnostic.severity == Severity::Error && is_local(&diagnostic.pointer) {
                culprits.push(Culprit { site: diagnostic.pointer.clone(), problem: diagnostic });
            } else {
                kept.push(diagnostic);
            }
        }
        if culprits.is_empty() {
            self.diagnostics = kept;
            return;
        }
        culprits.sort();
        culprits.dedup();
        let roots =
            api.operations.iter().map(|op| op.origin.clone()).chain(api.types.iter().map(|def| def.origin.clone()));
        let graph = Graph::build(&serde_json::to_value(self.document).unwrap_or(Value::Null), roots);
        let broken_places = graph.broken(&culprits);
        let broken_types = broken_types(api, |origin| graph.cause(&broken_places, origin));
        let broken_operations: Vec<Option<usize>> = api
            .operations
            .iter()
            .map(|op| graph.cause(&broken_places, &op.origin).or_else(|| uses_broken_type(op, &broken_types)))
            .collect();

        // The warnings that skip an operation or leave out a schema, with the culprit they cite.
        let mut citing: Vec<(Diagnostic, usize)> = Vec::new();
        for (op, cause) in api.operations.iter().zip(&broken_operations) {
            if let Some(cause) = cause {
                citing.push((skipped(&op.origin, &culprits[*cause]), *cause));
            }
        }
        // Operations that errors concern but that were never lowered: left out by loading, or
        // a duplicate operationId.
        let lowered: BTreeSet<&Pointer> = api.operations.iter().map(|op| &op.origin).collect();
        let mut reported = BTreeSet::new();
        for (index, culprit) in culprits.iter().enumerate() {
            let Some(op) = operation_of(&culprit.site) else { continue };
            if !lowered.contains(&op) && !self.skipped_operations.contains(&op) && reported.insert(op.clone()) {
                citing.push((skipped(&op, culprit), index));
            }
        }
        let components = Pointer::root().push("components").push("schemas");
        for (def, cause) in api.types.iter().zip(&broken_types) {
            let is_component = def.origin.starts_with(&components) && def.origin.tokens().count() == 3;
            if let (Some(cause), true) = (cause, is_component) {
                let reason = because(&culprits[*cause], &def.origin);
                citing.push((Diagnostic::warning(&def.origin, format!("schema left out: {reason}")), *cause));
            }
        }
        // Each error stays as a warning at its own pointer, unless a warning at that same
        // pointer already cites it.
        for (index, culprit) in culprits.iter().enumerate() {
            let cited_in_place =
                citing.iter().any(|(warning, cause)| *cause == index && warning.pointer == culprit.problem.pointer);
            if !cited_in_place {
                kept.push(Diagnostic::warning(&culprit.problem.pointer, culprit.problem.message.clone()));
            }
        }
        kept.extend(citing.into_iter().map(|(warning, _)| warning));
        self.diagnostics = kept;
        self.remove_operations(api, &broken_operations);
        let order: Vec<usize> = (0..api.types.len()).filter(|&index| broken_types[index].is_none()).collect();
        self.preferred_names = order.iter().filter_map(|&index| self.preferred_names.get(index).cloned()).collect();
        reorder_types(api, &order);
    }

    /// Removes the operations marked broken, keeping the pending pagination of the others.
    fn remove_operations(&mut self, api: &mut Api, broken: &[Option<usize>]) {
        let mut new_index = Vec::with_capacity(broken.len());
        let mut next = 0;
        for cause in broken {
            new_index.push(cause.is_none().then(|| {
                next += 1;
                next - 1
            }));
        }
        self.pending_pagination = std::mem::take(&mut self.pending_pagination)
            .into_iter()
            .filter_map(|(index, pending)| new_index.get(index).copied().flatten().map(|index| (index, pending)))
            .collect();
        let mut index = 0;
        api.operations.retain(|_| {
            let keep = broken.get(index).is_some_and(Option::is_none);
            index += 1;
            keep
        });
    }
}

/// Keep-going mode, after names are decided: skips the operations that errors found only then
/// (a pagination that cannot be followed) are inside, turning those errors into warnings.
pub(super) fn skip_operations_with_late_errors(api: &mut Api, diagnostics: &mut Vec<Diagnostic>) {
    let by_origin: HashMap<&Pointer, usize> =
        api.operations.iter().enumerate().map(|(index, op)| (&op.origin, index)).collect();
    let mut causes: BTreeMap<usize, Culprit> = BTreeMap::new();
    for diagnostic in diagnostics.iter_mut().filter(|d| d.severity == Severity::Error) {
        let Some(&index) = operation_of(&diagnostic.pointer).as_ref().and_then(|op| by_origin.get(op)) else {
            continue;
        };
        diagnostic.severity = Severity::Warning;
        let culprit = Culprit { site: diagnostic.pointer.clone(), problem: diagnostic.clone() };
        causes.entry(index).or_insert(culprit);
    }
    if causes.is_empty() {
        return;
    }
    for (index, culprit) in &causes {
        if let Some(op) = api.operations.get(*index) {
            diagnostics.push(skipped(&op.origin, culprit));
        }
    }
    let mut index = 0;
    api.operations.retain(|_| {
        let keep = !causes.contains_key(&index);
        index += 1;
        keep
    });
}

/// The warning that an operation at `at` is skipped because of `culprit`.
fn skipped(at: &Pointer, culprit: &Culprit) -> Diagnostic {
    Diagnostic::warning(at, format!("operation skipped: {}", because(culprit, at)))
}

/// The problem of `culprit`, with where it is when that is not `subject` itself.
fn because(culprit: &Culprit, subject: &Pointer) -> String {
    if culprit.problem.pointer == *subject {
        culprit.problem.message.clone()
    } else {
        format!("{} (at {})", culprit.problem.message, culprit.problem.pointer)
    }
}

/// Whether a problem at `pointer` is local: inside a path item or a component.
fn is_local(pointer: &Pointer) -> bool {
    let mut tokens = pointer.tokens();
    match (tokens.next().as_deref(), tokens.next(), tokens.next()) {
        (Some("paths"), Some(path), _) => !path.starts_with("x-"),
        (Some("components"), Some(kind), Some(_)) => !kind.starts_with("x-"),
        _ => false,
    }
}

/// The operation a pointer lies in, if any: `/paths/~1a/get` for `/paths/~1a/get/parameters/0`.
fn operation_of(pointer: &Pointer) -> Option<Pointer> {
    let mut tokens = pointer.tokens();
    let (Some(paths), Some(path), Some(method)) = (tokens.next(), tokens.next(), tokens.next()) else { return None };
    (paths == "paths" && METHODS.contains(&method.as_ref()))
        .then(|| Pointer::root().push("paths").push(path).push(method))
}

/// For each type, the culprit that breaks it: the one that breaks its place in the document,
/// or one that breaks a type it uses.
fn broken_types(api: &Api, place_cause: impl Fn(&Pointer) -> Option<usize>) -> Vec<Option<usize>> {
    let mut cause: Vec<Option<usize>> = api.types.iter().map(|def| place_cause(&def.origin)).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); api.types.len()];
    for (user, def) in api.types.iter().enumerate() {
        for id in def.kind.named_types() {
            if let Some(list) = users.get_mut(id.0) {
                list.push(user);
            }
        }
    }
    spread(&mut cause, &users);
    cause
}

/// The culprit of the first broken type an operation's parameters, body or answers use.
fn uses_broken_type(op: &Operation, broken_types: &[Option<usize>]) -> Option<usize> {
    op.named_types().into_iter().find_map(|id| broken_types.get(id.0).copied().flatten())
}

/// The places of the document that operations and types come from, and the places each
/// depends on: those its `$ref`s name and, for an operation, its path item's parameters.
#[derive(Debug, Default)]
struct Graph {
    places: Vec<Pointer>,
    index: HashMap<Pointer, usize>,
    depends_on: Vec<Vec<usize>>,
}

impl Graph {
    /// The graph of every place reachable from `roots` through `$ref`s in `document`.
    fn build(document: &Value, roots: impl Iterator<Item = Pointer>) -> Self {
        let mut graph = Self::default();
        let mut queue: VecDeque<usize> = VecDeque::new();
        for root in roots {
            if let (id, true) = graph.place(root) {
                queue.push_back(id);
            }
        }
        while let Some(id) = queue.pop_front() {
            let at = graph.places[id].clone();
            let mut targets = Vec::new();
            if let Some(value) = document.pointer(at.as_str()) {
                references(value, &mut targets, 0);
            }
            if operation_of(&at).as_ref() == Some(&at) {
                let mut tokens = at.tokens();
                if let (Some(paths), Some(path)) = (tokens.next(), tokens.next()) {
                    targets.push(Pointer::root().push(paths).push(path).push("parameters"));
                }
            }
            for target in targets {
                let (target, new) = graph.place(target);
                if new {
                    queue.push_back(target);
                }
                graph.depends_on[id].push(target);
            }
        }
        graph
    }

    /// The id of a place, and whether it is new.
    fn place(&mut self, at: Pointer) -> (usize, bool) {
        if let Some(&id) = self.index.get(&at) {
            return (id, false);
        }
        let id = self.places.len();
        self.index.insert(at.clone(), id);
        self.places.push(at);
        self.depends_on.push(Vec::new());
        (id, true)
    }

    /// For each place, the first culprit that breaks it: one inside it, or one that breaks a
    /// place it depends on.
    fn broken(&self, culprits: &[Culprit]) -> Vec<Option<usize>> {
        let mut cause: Vec<Option<usize>> = vec![None; self.places.len()];
        for (index, culprit) in culprits.iter().enumerate() {
            let mut prefix = Pointer::root();
            for token in culprit.site.tokens() {
                prefix = prefix.push(token);
                if let Some(&id) = self.index.get(&prefix) {
                    cause[id].get_or_insert(index);
                }
            }
        }
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); self.places.len()];
        for (place, targets) in self.depends_on.iter().enumerate() {
            for &target in targets {
                dependents[target].push(place);
            }
        }
        spread(&mut cause, &dependents);
        cause
    }

    /// The culprit that breaks the place `at`, if it is a place of the graph and broken.
    fn cause(&self, broken: &[Option<usize>], at: &Pointer) -> Option<usize> {
        self.index.get(at).and_then(|&id| broken.get(id).copied().flatten())
    }
}

/// The places the local `$ref`s inside `value` name.
fn references(value: &Value, found: &mut Vec<Pointer>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(entries) => {
            if let Some(Value::String(reference)) = entries.get("$ref") {
                found.extend(Pointer::from_fragment(reference).ok());
            }
            entries.values().for_each(|value| references(value, found, depth + 1));
        }
        Value::Array(items) => items.iter().for_each(|value| references(value, found, depth + 1)),
        _ => {}
    }
}

/// Breaks, breadth first, everything that depends on a broken place, each with the cause of
/// the first broken place that reaches it; `dependents[place]` lists the places that use it.
fn spread<C: Copy>(cause: &mut [Option<C>], dependents: &[Vec<usize>]) {
    let mut queue: VecDeque<usize> = (0..cause.len()).filter(|&place| cause[place].is_some()).collect();
    while let Some(broken) = queue.pop_front() {
        for &dependent in dependents.get(broken).into_iter().flatten() {
            if cause[dependent].is_none() {
                cause[dependent] = cause[broken];
                queue.push_back(dependent);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Strictness, generate};

    fn keep_going() -> Config {
        Config { strictness: Strictness::KeepGoing, ..Config::for_crate("salvaged") }
    }

    /// The operation files and the warnings of a keep-going run.
    fn salvaged(spec: &str) -> (Vec<String>, Vec<String>) {
        let generated = generate(spec, &keep_going()).unwrap_or_else(|report| panic!("keeps going:\n{report}"));
        let operations =
            generated.files.iter().filter_map(|file| file.path.strip_prefix("src/operations/")).map(str::to_owned);
        (operations.collect(), generated.warnings.iter().map(ToString::to_string).collect())
    }

    const CHAIN: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: viaChain
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Outer"}}}}
  /b:
    get:
      operationId: direct
      parameters: [{name: q, in: query, schema: {$ref: "#/components/schemas/Broken"}}]
      responses: {"204": {description: ok}}
  /c:
    get:
      operationId: unrelated
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Fine"}}}}
components:
  schemas:
    Fine: {type: object, properties: {n: {type: integer}}}
    Broken: {type: object, properties: {x: {$ref: "#/components/schemas/Nowhere"}}}
    Middle: {type: object, properties: {items: {type: array, items: {$ref: "#/components/schemas/Broken"}}}}
    Outer:
      oneOf:
        - $ref: "#/components/schemas/Middle"
        - $ref: "#/components/schemas/Fine"
"##;

    /// A component that cannot be lowered skips the operations that reach it directly or
    /// through other types, leaves out those types, and keeps everything else; strict mode
    /// refuses the same spec.
    #[test]
    fn a_broken_component_skips_only_what_reaches_it() {
        assert!(generate(CHAIN, &Config::for_crate("strict")).is_err());
        let (operations, warnings) = salvaged(CHAIN);
        assert_eq!(operations, ["unrelated.rs"]);
        let expected = [
            "warning: /components/schemas/Broken/properties/x/$ref: unresolved reference `#/components/schemas/Nowhere`: no such schema",
            "warning: /paths/~1a/get: operation skipped: unresolved reference `#/components/schemas/Nowhere`: no such schema (at /components/schemas/Broken/properties/x/$ref)",
            "warning: /paths/~1b/get: operation skipped: unresolved reference `#/components/schemas/Nowhere`: no such schema (at /components/schemas/Broken/properties/x/$ref)",
        ];
        for line in expected {
            assert!(warnings.iter().any(|warning| warning == line), "{line}\n{warnings:#?}");
        }
        for left_out in ["Broken", "Middle", "Outer"] {
            let line = format!("warning: /components/schemas/{left_out}: schema left out: unresolved reference");
            assert!(warnings.iter().any(|warning| warning.starts_with(&line)), "{left_out}: {warnings:#?}");
        }
        assert!(!warnings.iter().any(|warning| warning.contains("/components/schemas/Fine")), "{warnings:#?}");
    }

    /// A component or operation that does not even type is left out by loading, and only what
    /// depends on it is skipped.
    #[test]
    fn parts_that_do_not_type_are_left_out() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: usesBadParameter
      parameters: [{$ref: "#/components/parameters/Bad"}]
      responses: {"204": {description: ok}}
    post:
      operationId: badResponses
      responses: [not, a, map]
    put:
      operationId: fine
      responses: {"204": {description: ok}}
components:
  parameters:
    Bad: {name: q, in: query, style: sideways, schema: {type: string}}
"##;
        let (operations, warnings) = salvaged(spec);
        assert_eq!(operations, ["fine.rs"]);
        assert!(
            warnings.iter().any(|w| w.starts_with("warning: /paths/~1a/get: operation skipped: ")),
            "{warnings:#?}"
        );
        assert!(
            warnings.iter().any(|w| w.starts_with("warning: /paths/~1a/post: operation skipped: ")),
            "{warnings:#?}"
        );
    }

    /// Damage to the document itself still refuses the spec in keep-going mode.
    #[test]
    fn document_damage_still_refuses() {
        for spec in [
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n",
            "openapi: 2.5.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "openapi: 3.0.3\ninfo: {title: [t], version: '1'}\npaths: {/a: {get: {responses: 7}}}\n",
            "openapi: [",
        ] {
            let report = generate(spec, &keep_going()).expect_err("document damage refuses");
            assert!(report.has_errors(), "{report}");
        }
    }

    /// A bad `x-pagination` found only once names are decided skips its operation too.
    #[test]
    fn late_errors_skip_their_operation() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pages:
    get:
      operationId: listPages
      x-pagination: {page-param: page, items: /data}
      responses: {"204": {description: ok}}
  /fine:
    get:
      operationId: fine
      responses: {"204": {description: ok}}
"##;
        let (operations, warnings) = salvaged(spec);
        assert_eq!(operations, ["fine.rs"]);
        let skipped = "warning: /paths/~1pages/get: operation skipped: `page` is not a query parameter of this operation \
                       (at /paths/~1pages/get/x-pagination/page-param)";
        assert!(warnings.iter().any(|warning| warning == skipped), "{warnings:#?}");
    }
}
