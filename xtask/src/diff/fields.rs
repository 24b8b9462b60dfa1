//! Comparing the fields of a struct: added, removed, renamed, retyped, or switched between
//! optional and required, each judged by which way the struct travels.
//!
//! A field is optional in Rust (`Option<T>`, left out of `new`) when the property is not
//! required, is nullable, or travels one way only (`readOnly`, `writeOnly`). On the wire, an
//! old client may omit a property it did not have to send, and accepts an absent or null value
//! exactly where its field is an `Option`.

use realtimekit_codegen::ir::{Field, StructDef, TypeDef};

use super::Diff;
use super::change::Impact;
use super::constraints;
use super::model::{Area, Change, Kind};
use super::rust::{constructor, field_path, field_type, type_expr};
use super::types::subject;
use super::usage::Usage;

impl Diff<'_> {
    /// Every field change of a matched struct; documentation changes go to `docs`.
    pub(super) fn fields(
        &mut self,
        old: &TypeDef,
        x: &StructDef,
        new: &TypeDef,
        y: &StructDef,
        usage: Usage,
        docs: &mut Vec<String>,
    ) {
        let constructor_change = {
            let (before, after) = (constructor(&old.name, &x.fields), constructor(&new.name, &y.fields));
            let renamed = before.replacen(&format!("`{}::", old.name), &format!("`{}::", new.name), 1);
            (renamed != after).then(|| format!("; {before} → {after}"))
        };
        let effect_on_new = constructor_change.unwrap_or_default();
        let change = |kind, field: &Field| {
            Change::new(Area::Field, kind, subject(new))
                .direction(usage.direction())
                .at(new.origin.push("properties").push(&field.wire_name))
        };
        for a in &x.fields {
            let Some(b) = y.fields.iter().find(|f| f.wire_name == a.wire_name) else {
                let effect = if a.is_optional() { String::new() } else { effect_on_new.clone() };
                self.push(
                    change(Kind::Removed, a)
                        .describe(format!("property `{}` removed", a.wire_name))
                        .rust_effect(format!("field {} removed{effect}", field_path(&old.name, a)))
                        .impact(Impact::breaks(usage.breaks(true, !a.is_optional()), true)),
                );
                continue;
            };
            let path = field_path(&new.name, b);
            if a.name != b.name {
                self.push(
                    change(Kind::Renamed, b)
                        .describe(format!("property `{}` kept, its Rust name changed", b.wire_name))
                        .rust_effect(format!("field {} renamed to {path}", field_path(&old.name, a)))
                        .impact(Impact::breaks(false, true)),
                );
            }
            if presence_rules(a) != presence_rules(b) {
                self.presence(change(presence_kind(a, b), b), a, b, &path, &effect_on_new, usage);
            }
            if !self.sides.same_rust_type(&a.ty, &b.ty) || a.boxed != b.boxed {
                let wire =
                    usage.breaks(!self.sides.new_accepts_old(&a.ty, &b.ty), !self.sides.old_accepts_new(&a.ty, &b.ty));
                let (before, after) = (field_type(self.sides.old, a), field_type(self.sides.new, b));
                self.push(
                    change(Kind::Retyped, b)
                        .describe(format!("property `{}` retyped", b.wire_name))
                        .rust_effect(format!("{path}: `{before}` → `{after}`"))
                        .impact(Impact::breaks(wire, true)),
                );
            }
            if a.constraints != b.constraints {
                let tightened = usage.request && constraints::tightened(&a.constraints, &b.constraints);
                self.push(
                    change(Kind::Constraints, b)
                        .describe(format!(
                            "property `{}`: {}",
                            b.wire_name,
                            constraints::describe(&a.constraints, &b.constraints)
                        ))
                        .rust_effect("none: the rules are documentation on fields")
                        .impact(Impact::breaks(tightened, false)),
                );
            }
            if a.deprecated != b.deprecated {
                let (describe, impact) = if b.deprecated {
                    ("marked deprecated", Impact::ADDITION)
                } else {
                    ("no longer deprecated", Impact::PATCH)
                };
                self.push(
                    change(Kind::Deprecated, b)
                        .describe(format!("property `{}` {describe}", b.wire_name))
                        .rust_effect(format!(
                            "`#[deprecated]` on {path} {}",
                            if b.deprecated { "added" } else { "removed" }
                        ))
                        .impact(impact),
                );
            }
            if a.docs != b.docs || a.default != b.default {
                docs.push(format!("property `{}`", b.wire_name));
            }
        }
        for b in y.fields.iter().filter(|f| !x.fields.iter().any(|a| a.wire_name == f.wire_name)) {
            let declared = format!("`{}::{}: {}`", new.name, b.name, field_type(self.sides.new, b));
            let (describe, effect, impact) = if b.is_optional() {
                let impact = Impact::breaks(usage.breaks(b.required, false), false).or_minor();
                (format!("optional property `{}` added", b.wire_name), format!("field {declared} added"), impact)
            } else {
                let impact = Impact::breaks(usage.breaks(true, false), true);
                (
                    format!("required property `{}` added", b.wire_name),
                    format!("field {declared} added{effect_on_new}"),
                    impact,
                )
            };
            self.push(change(Kind::Added, b).describe(describe).rust_effect(effect).impact(impact));
        }
        self.additional_properties(new, x, y, usage);
    }

    /// A property that became required or optional, or nullable or not.
    fn presence(&mut self, change: Change, a: &Field, b: &Field, path: &str, effect_on_new: &str, usage: Usage) {
        // The server rejects what old clients send when the property may no longer be left
        // out or null; old clients reject what the server sends when a field they need may
        // now be missing or null.
        let in_requests = (!a.required && b.required) || (a.nullable && !b.nullable);
        let in_responses = !a.is_optional() && b.is_optional();
        let mut parts = Vec::new();
        if a.required != b.required {
            parts.push(if b.required { "now required" } else { "no longer required" });
        }
        if a.nullable != b.nullable {
            parts.push(if b.nullable { "now nullable" } else { "no longer nullable" });
        }
        if a.read_only != b.read_only {
            parts.push(if b.read_only { "now read-only" } else { "no longer read-only" });
        }
        if a.write_only != b.write_only {
            parts.push(if b.write_only { "now write-only" } else { "no longer write-only" });
        }
        let effect = if a.is_optional() == b.is_optional() {
            format!("none: {path} stays `{}`", field_type(self.sides.new, b))
        } else {
            format!("{path}: `{}` → `{}`{effect_on_new}", field_type(self.sides.old, a), field_type(self.sides.new, b))
        };
        self.push(
            change
                .describe(format!("property `{}` {}", b.wire_name, parts.join(" and ")))
                .rust_effect(effect)
                .impact(Impact::breaks(usage.breaks(in_requests, in_responses), a.is_optional() != b.is_optional())),
        );
    }

    fn additional_properties(&mut self, new: &TypeDef, x: &StructDef, y: &StructDef, usage: Usage) {
        let field = format!("`{}::additional_properties`", new.name);
        let (kind, describe, effect, impact) = match (&x.additional_properties, &y.additional_properties) {
            (None, Some(_)) => {
                (Kind::Added, "additional properties allowed", format!("field {field} added"), Impact::ADDITION)
            }
            (Some(_), None) => (
                Kind::Removed,
                "additional properties no longer allowed",
                format!("field {field} removed"),
                Impact::breaks(usage.breaks(true, false), true),
            ),
            (Some(a), Some(b)) if !self.sides.same_rust_type(a, b) => (
                Kind::Retyped,
                "additional properties retyped",
                format!(
                    "{field}: `BTreeMap<String, {}>` → `BTreeMap<String, {}>`",
                    type_expr(self.sides.old, a),
                    type_expr(self.sides.new, b)
                ),
                Impact::breaks(
                    usage.breaks(!self.sides.new_accepts_old(a, b), !self.sides.old_accepts_new(a, b)),
                    true,
                ),
            ),
            _ => return,
        };
        self.push(
            Change::new(Area::Field, kind, subject(new))
                .describe(describe)
                .rust_effect(effect)
                .direction(usage.direction())
                .impact(impact)
                .at(new.origin.push("additionalProperties")),
        );
    }
}

/// What decides whether a property must be present: required, nullable, read-only, write-only.
fn presence_rules(field: &Field) -> (bool, bool, bool, bool) {
    (field.required, field.nullable, field.read_only, field.write_only)
}

/// Whether a presence change makes the property required or optional, judged by Rust's view
/// when that changed and by the `required` list otherwise.
fn presence_kind(a: &Field, b: &Field) -> Kind {
    let optional = if a.is_optional() != b.is_optional() { b.is_optional() } else { !b.required };
    if optional { Kind::MadeOptional } else { Kind::MadeRequired }
}
