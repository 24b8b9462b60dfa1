//! Comparing the parameters of a matched operation: added, removed, made required or
//! optional, renamed, retyped, written another way, or given other rules.

use realtimekit_codegen::ir::{
    Delimiter, ObjectStyle, Operation, Param, ParamLocation, ParamStyle, SerializationStyle,
};

use super::Diff;
use super::change::Impact;
use super::constraints;
use super::model::{Area, Change, Kind};
use super::operations::route;
use super::pairing;
use super::rust::{setter, signature, type_expr};

impl Diff<'_> {
    /// Every parameter change of a matched operation; documentation changes go to `docs`.
    pub(super) fn params(&mut self, old: &Operation, new: &Operation, docs: &mut Vec<String>) {
        for (a, b) in pairing::params(old, new) {
            match (a, b) {
                (Some(a), Some(b)) => self.param(old, new, a, b, docs),
                (Some(a), None) => self.param_removed(old, new, a),
                (None, Some(b)) => self.param_added(old, new, b),
                (None, None) => {}
            }
        }
    }

    fn param_removed(&mut self, old: &Operation, new: &Operation, param: &Param) {
        let effect = if param.required {
            format!(
                "argument `{}` removed: {} → {}",
                param.name,
                signature(self.sides.old, old),
                signature(self.sides.new, new)
            )
        } else {
            format!("setter {} removed", setter(self.sides.old, old, param))
        };
        self.push(
            Change::new(Area::Parameter, Kind::Removed, route(new))
                .describe(format!("{} parameter `{}` removed", location(param), param.wire_name))
                .rust_effect(effect)
                .impact(Impact::breaks(true, true))
                .at(&new.origin),
        );
    }

    fn param_added(&mut self, old: &Operation, new: &Operation, param: &Param) {
        let change = Change::new(Area::Parameter, Kind::Added, route(new)).at(&new.origin);
        let change = if param.required {
            change
                .describe(format!("required {} parameter `{}` added", location(param), param.wire_name))
                .rust_effect(format!(
                    "argument `{}` added: {} → {}",
                    param.name,
                    signature(self.sides.old, old),
                    signature(self.sides.new, new)
                ))
                .impact(Impact::breaks(true, true))
        } else {
            change
                .describe(format!("optional {} parameter `{}` added", location(param), param.wire_name))
                .rust_effect(format!("setter {} added", setter(self.sides.new, new, param)))
                .impact(Impact::ADDITION)
        };
        self.push(change);
    }

    fn param(&mut self, old: &Operation, new: &Operation, a: &Param, b: &Param, docs: &mut Vec<String>) {
        let subject = route(new);
        let what = format!("{} parameter `{}`", location(b), b.wire_name);
        self.param_presence(old, new, a, b);
        if !self.sides.same_rust_type(&a.ty, &b.ty) {
            let (old_ty, new_ty) = (type_expr(self.sides.old, &a.ty), type_expr(self.sides.new, &b.ty));
            let place = if b.required {
                format!("argument `{}` of `{}`", b.name, new.method_name)
            } else {
                format!("setter `{}::{}`", new.builder_name, b.name)
            };
            self.push(
                Change::new(Area::Parameter, Kind::Retyped, subject.clone())
                    .describe(format!("{what} retyped"))
                    .rust_effect(format!("{place}: `{old_ty}` → `{new_ty}`"))
                    .impact(Impact::breaks(!self.sides.param_accepts(&a.ty, &b.ty), true))
                    .at(&new.origin),
            );
        } else if a.style != b.style || a.serialization != b.serialization {
            self.push(
                Change::new(Area::Parameter, Kind::Changed, subject.clone())
                    .describe(format!("{what} written as {} instead of {}", written_as(b), written_as(a)))
                    .rust_effect("none: the builder writes it the new way")
                    .impact(Impact::breaks(true, false))
                    .at(&new.origin),
            );
        }
        if a.constraints != b.constraints {
            let tightened = constraints::tightened(&a.constraints, &b.constraints);
            self.push(
                Change::new(Area::Parameter, Kind::Constraints, subject.clone())
                    .describe(format!("{what}: {}", constraints::describe(&a.constraints, &b.constraints)))
                    .rust_effect("the builder checks the new rules before sending")
                    .impact(Impact::breaks(tightened, false))
                    .at(&new.origin),
            );
        }
        if a.deprecated != b.deprecated {
            let (describe, impact) = if b.deprecated {
                ("marked deprecated", Impact::ADDITION)
            } else {
                ("no longer deprecated", Impact::PATCH)
            };
            self.push(
                Change::new(Area::Parameter, Kind::Deprecated, subject)
                    .describe(format!("{what} {describe}"))
                    .rust_effect("none: the method and setter docs say so")
                    .impact(impact)
                    .at(&new.origin),
            );
        }
        if a.docs != b.docs {
            docs.push(format!("{what} description"));
        }
        if a.default != b.default {
            docs.push(format!("{what} default"));
        }
    }

    /// A parameter that became required or optional, or, with the same place, another name.
    fn param_presence(&mut self, old: &Operation, new: &Operation, a: &Param, b: &Param) {
        let subject = route(new);
        let what = format!("{} parameter `{}`", location(b), b.wire_name);
        if a.required != b.required {
            let (kind, effect, wire) = if b.required {
                let effect = format!(
                    "setter {} removed; argument `{}` added: {} → {}",
                    setter(self.sides.old, old, a),
                    b.name,
                    signature(self.sides.old, old),
                    signature(self.sides.new, new)
                );
                (Kind::MadeRequired, effect, true)
            } else {
                let effect = format!(
                    "argument `{}` removed: {} → {}; setter {} added",
                    a.name,
                    signature(self.sides.old, old),
                    signature(self.sides.new, new),
                    setter(self.sides.new, new, b)
                );
                (Kind::MadeOptional, effect, false)
            };
            let describe = if b.required { "made required" } else { "made optional" };
            self.push(
                Change::new(Area::Parameter, kind, subject.clone())
                    .describe(format!("{what} {describe}"))
                    .rust_effect(effect)
                    .impact(Impact::breaks(wire, true))
                    .at(&new.origin),
            );
        } else if a.name != b.name {
            let (effect, rust_breaks) = if b.required {
                (
                    format!("argument `{}` renamed `{}`; arguments are positional, so callers compile", a.name, b.name),
                    false,
                )
            } else {
                (
                    format!("setter {} renamed to {}", setter(self.sides.old, old, a), setter(self.sides.new, new, b)),
                    true,
                )
            };
            self.push(
                Change::new(Area::Parameter, Kind::Renamed, subject.clone())
                    .describe(format!("{} parameter `{}` renamed `{}`", location(b), a.wire_name, b.wire_name))
                    .rust_effect(effect)
                    .impact(Impact::breaks(false, rust_breaks))
                    .at(&new.origin),
            );
        }
    }
}

/// How a parameter is written, in words.
/// How a parameter is written, for the report: its OpenAPI style and explode, and its shape.
fn written_as(param: &Param) -> String {
    let explode = if param.serialization.explode { ", exploded" } else { "" };
    format!("`{}`{explode} ({})", serialization_style(param.serialization.style), style(param.style))
}

/// The name the spec gives a style.
fn serialization_style(style: SerializationStyle) -> &'static str {
    match style {
        SerializationStyle::Simple => "simple",
        SerializationStyle::Label => "label",
        SerializationStyle::Matrix => "matrix",
        SerializationStyle::Form => "form",
        SerializationStyle::SpaceDelimited => "spaceDelimited",
        SerializationStyle::PipeDelimited => "pipeDelimited",
        SerializationStyle::DeepObject => "deepObject",
    }
}

fn style(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Scalar => "one value",
        ParamStyle::Exploded => "one pair per item",
        ParamStyle::Joined(Delimiter::Comma) => "items joined by `,`",
        ParamStyle::Joined(Delimiter::Space) => "items joined by spaces",
        ParamStyle::Joined(Delimiter::Pipe) => "items joined by `|`",
        ParamStyle::Serialized(ObjectStyle::FormExploded) => "one pair per property",
        ParamStyle::Serialized(ObjectStyle::Form) => "properties joined by `,`",
        ParamStyle::Serialized(ObjectStyle::DeepObject) => "`name[key]` pairs",
        ParamStyle::Json => "JSON text",
    }
}

/// Where a parameter travels, as a word.
fn location(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
