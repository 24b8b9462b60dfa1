//! Comparing operations: added, removed, renamed or moved; for matched ones, their
//! parameters (`params.rs`), body and pagination (`exchanges.rs`) and answers (`answers.rs`).

use realtimekit_codegen::ir::Operation;

use super::Diff;
use super::change::Impact;
use super::model::{Area, Change, Kind};
use super::pairing::{OperationPair, Operations};
use super::rust::{builder, methods};

/// An operation as the report names it: `` `GET /path` ``.
pub(super) fn route(op: &Operation) -> String {
    format!("`{} {}`", op.http_method.as_str(), op.path)
}

impl Diff<'_> {
    /// Every operation change, in the old spec's order, additions last.
    pub(super) fn operations(&mut self, operations: &Operations<'_>) {
        let (old, new) = (self.sides.old, self.sides.new);
        for op in &operations.removed {
            self.push(
                Change::new(Area::Operation, Kind::Removed, route(op))
                    .describe(format!("operation `{}` removed", op.operation_id))
                    .rust_effect(format!("{} and builder {} removed", methods(old, op), builder(op)))
                    .impact(Impact::breaks(true, true))
                    .at(&op.origin),
            );
        }
        for pair in &operations.pairs {
            self.operation(*pair);
        }
        for op in &operations.added {
            self.push(
                Change::new(Area::Operation, Kind::Added, route(op))
                    .describe(format!("operation `{}` added", op.operation_id))
                    .rust_effect(format!("{} and builder {} added", methods(new, op), builder(op)))
                    .impact(Impact::ADDITION)
                    .at(&op.origin),
            );
        }
    }

    fn operation(&mut self, pair: OperationPair<'_>) {
        let OperationPair { old, new, moved } = pair;
        let subject = route(new);
        if moved {
            self.push(
                Change::new(Area::Operation, Kind::Moved, subject.clone())
                    .describe(format!("operation `{}` moved from {}", new.operation_id, route(old)))
                    .rust_effect("none by itself: the method and builder keep their names")
                    .impact(Impact::breaks(true, false))
                    .at(&new.origin),
            );
        }
        if old.method_name != new.method_name {
            self.push(
                Change::new(Area::Operation, Kind::Renamed, subject.clone())
                    .describe(format!("operationId `{}` → `{}`", old.operation_id, new.operation_id))
                    .rust_effect(format!(
                        "{} renamed to `{}`; builder {} renamed to {}",
                        methods(self.sides.old, old),
                        new.method_name,
                        builder(old),
                        builder(new)
                    ))
                    .impact(Impact::breaks(false, true))
                    .at(new.origin.push("operationId")),
            );
        }
        if old.deprecated != new.deprecated {
            let (describe, effect, impact) = if new.deprecated {
                ("marked deprecated", "gain `#[deprecated]`", Impact::ADDITION)
            } else {
                ("no longer deprecated", "lose `#[deprecated]`", Impact::PATCH)
            };
            self.push(
                Change::new(Area::Operation, Kind::Deprecated, subject.clone())
                    .describe(describe)
                    .rust_effect(format!("{} {effect}", methods(self.sides.new, new)))
                    .impact(impact)
                    .at(new.origin.push("deprecated")),
            );
        }
        let mut docs = Vec::new();
        self.params(old, new, &mut docs);
        self.body(old, new, &mut docs);
        self.answers(old, new, &mut docs);
        self.pagination(old, new);
        if old.operation_id != new.operation_id && old.method_name == new.method_name {
            docs.push(format!("operationId (`{}` → `{}`, same Rust names)", old.operation_id, new.operation_id));
        }
        if old.summary != new.summary {
            docs.push("summary".to_owned());
        }
        if old.description != new.description {
            docs.push("description".to_owned());
        }
        if old.tags != new.tags {
            docs.push("tags".to_owned());
        }
        if !docs.is_empty() {
            self.push(
                Change::new(Area::Operation, Kind::Docs, subject)
                    .describe(format!("documentation changed: {}", docs.join(", ")))
                    .rust_effect(format!("docs of {}", methods(self.sides.new, new)))
                    .at(&new.origin),
            );
        }
    }
}
