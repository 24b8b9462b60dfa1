//! Comparing what a matched operation answers: the success body `send()` decodes (one type,
//! or an enum over several documented answers), the success status, the error answers, and
//! the responses' documentation.
//!
//! On the wire the success body is read by old clients, so it may narrow but not widen; an
//! added success answer with a body of its own is one they cannot decode. Answer enums are
//! exhaustive, so any change to their variants breaks Rust code that matches on them.

use realtimekit_codegen::ir::{AnswerEnum, AnswerVariant, Api, Operation, Response, ResponseKind, StatusMatch};

use super::Diff;
use super::change::Impact;
use super::model::{Area, Change, Kind};
use super::operations::route;
use super::rust::type_expr;

/// What `send()` decodes a success into.
enum Success<'a> {
    /// One body type (`None`: no body is decoded), and how it is decoded.
    Single(Option<&'a realtimekit_codegen::ir::TypeRef>, ResponseKind),
    /// An enum over several answers.
    Enum(&'a AnswerEnum),
}

fn success(op: &Operation) -> Success<'_> {
    match &op.success_enum {
        Some(answers) => Success::Enum(answers),
        None => {
            let response = op.success();
            Success::Single(response.and_then(|r| r.ty.as_ref()), response.map_or(ResponseKind::Empty, |r| r.kind))
        }
    }
}

/// The success type as the report names it, as `send()` declares it: `()` for an answer
/// documented without a body, `serde_json::Value` for one with an undescribed body.
fn success_name(api: &Api, success: &Success<'_>) -> String {
    match success {
        Success::Single(_, ResponseKind::Empty) => "`()`".to_owned(),
        Success::Single(Some(ty), _) => format!("`{}`", type_expr(api, ty)),
        Success::Single(None, _) => "`serde_json::Value`".to_owned(),
        Success::Enum(answers) => format!("the answer enum `{}`", answers.name),
    }
}

impl Diff<'_> {
    /// Every change to the answers; documentation changes go to `docs`.
    pub(super) fn answers(&mut self, old: &Operation, new: &Operation, docs: &mut Vec<String>) {
        let (a, b) = (success(old), success(new));
        let enum_change = match (&a, &b) {
            (Success::Enum(x), Success::Enum(y)) => self.answer_variants_change(x, y),
            _ => None,
        };
        let wire_breaks = match (&a, &b) {
            (Success::Single(x, x_kind), Success::Single(y, y_kind)) => match (x, y) {
                (Some(x), Some(y)) if self.sides.same_rust_type(x, y) && x_kind == y_kind => None,
                (Some(x), Some(y)) => Some(x_kind != y_kind || !self.sides.old_accepts_new(x, y)),
                (None, None) => None,
                (None, Some(_)) => Some(false),
                (Some(_), None) => Some(true),
            },
            (Success::Enum(_), Success::Enum(_)) => enum_change.as_ref().map(|(_, wire)| *wire),
            // A server that now answers one of the old bodies only is still understood.
            (Success::Enum(x), Success::Single(Some(y), _)) => {
                Some(!x.variants.iter().any(|v| v.ty.as_ref().is_some_and(|t| self.sides.old_accepts_new(t, y))))
            }
            _ => Some(true),
        };
        if let Some(wire_breaks) = wire_breaks {
            let effect = match (enum_change, &b) {
                (Some((detail, _)), Success::Enum(answers)) => {
                    format!("the answer enum `{}` of `{}::send` changes: {detail}", answers.name, new.builder_name)
                }
                _ => format!(
                    "`{}::send` answers with {} instead of {}",
                    new.builder_name,
                    success_name(self.sides.new, &b),
                    success_name(self.sides.old, &a)
                ),
            };
            self.push(
                Change::new(Area::Response, Kind::Retyped, route(new))
                    .describe("success answer changed")
                    .rust_effect(effect)
                    .impact(Impact::breaks(wire_breaks, true))
                    .at(new.origin.push("responses")),
            );
        }
        self.success_status(old, new);
        self.error_answers(old, new);
        response_docs(old, new, docs);
    }

    /// The variants of two answer enums that differ, and whether old clients would fail.
    fn answer_variants_change(&self, x: &AnswerEnum, y: &AnswerEnum) -> Option<(String, bool)> {
        let same = |v: &AnswerVariant, w: &AnswerVariant| match (&v.ty, &w.ty) {
            (Some(s), Some(t)) => v.kind == w.kind && self.sides.same_rust_type(s, t),
            (None, None) => true,
            _ => false,
        };
        let mut parts = Vec::new();
        let mut wire = false;
        for variant in &x.variants {
            match y.variants.iter().find(|w| w.status == variant.status) {
                None => parts.push(format!("`{}` removed", variant.name)),
                Some(other) if !same(variant, other) => {
                    parts.push(format!("`{}` retyped", other.name));
                    wire = true;
                }
                Some(other) if other.name != variant.name => {
                    parts.push(format!("`{}` renamed `{}`", variant.name, other.name))
                }
                Some(_) => {}
            }
        }
        for variant in y.variants.iter().filter(|w| !x.variants.iter().any(|v| v.status == w.status)) {
            parts.push(format!("`{}` added", variant.name));
            wire = true;
        }
        if x.name != y.name {
            parts.push(format!("`{}` renamed `{}`", x.name, y.name));
        }
        (!parts.is_empty()).then(|| (parts.join(", "), wire))
    }

    fn success_status(&mut self, old: &Operation, new: &Operation) {
        let (a, b) = (old.success().map(status), new.success().map(status));
        if a != b {
            let show = |s: Option<String>| s.unwrap_or_else(|| "none".to_owned());
            self.push(
                Change::new(Area::Response, Kind::Changed, route(new))
                    .describe(format!("success status {} → {}", show(a), show(b)))
                    .rust_effect("none: any 2xx status is a success")
                    .impact(Impact::PATCH)
                    .at(new.origin.push("responses")),
            );
        }
    }

    /// The enum of typed error answers, when the documented errors have different bodies.
    fn error_answers(&mut self, old: &Operation, new: &Operation) {
        let change = match (&old.error_enum, &new.error_enum) {
            (None, None) => return,
            (Some(x), Some(y)) => match self.answer_variants_change(x, y) {
                Some((text, _)) => format!("error enum `{}` changed: {text}", y.name),
                None => return,
            },
            (None, Some(y)) => format!("error enum `{}` added", y.name),
            (Some(x), None) => format!("error enum `{}` removed", x.name),
        };
        self.push(
            Change::new(Area::Response, Kind::Changed, route(new))
                .describe("documented error answers changed")
                .rust_effect(change)
                .impact(Impact::breaks(false, true))
                .at(new.origin.push("responses")),
        );
    }
}

/// Responses added or removed, and changed descriptions and examples, for the docs row.
fn response_docs(old: &Operation, new: &Operation, docs: &mut Vec<String>) {
    for response in &old.responses {
        match new.responses.iter().find(|r| r.status == response.status) {
            None => docs.push(format!("{} response removed", status(response))),
            Some(other) => {
                if other.description != response.description {
                    docs.push(format!("{} response description", status(response)));
                }
                if other.examples != response.examples {
                    docs.push(format!("{} response examples", status(response)));
                }
            }
        }
    }
    for response in new.responses.iter().filter(|r| !old.responses.iter().any(|o| o.status == r.status)) {
        docs.push(format!("{} response added", status(response)));
    }
}

/// A documented status as the spec writes it: `200`, `4XX` or `default`.
fn status(response: &Response) -> String {
    match response.status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Class(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}
