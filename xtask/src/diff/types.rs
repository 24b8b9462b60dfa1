//! Comparing named types: added, removed, renamed or changed in kind, and, for matched ones,
//! their enum values, union alternatives and alias targets. Struct fields are in `fields.rs`.

use realtimekit_codegen::Pointer;
use realtimekit_codegen::ir::{EnumDef, EnumValue, TypeDef, TypeId, TypeKind, TypeRef, UnionDef};

use super::Diff;
use super::change::Impact;
use super::model::{Area, Change, Kind};
use super::rust::type_expr;
use super::usage::Usage;

/// The kind of a type, as a word.
fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "untagged enum",
        TypeKind::Alias(_) => "type alias",
    }
}

/// Where a type's schema is, as the report names it: `` schema `Session` `` for a component,
/// `` inline schema at `/paths/...` `` otherwise.
fn schema_label(origin: &Pointer) -> String {
    let tokens: Vec<_> = origin.tokens().collect();
    match tokens.as_slice() {
        [components, schemas, key] if components == "components" && schemas == "schemas" => format!("schema `{key}`"),
        _ => format!("inline schema at `{origin}`"),
    }
}

/// A type as the report names it: `` `Session` ``.
pub(super) fn subject(def: &TypeDef) -> String {
    format!("`{}`", def.name)
}

impl Diff<'_> {
    /// Every type change: removed and changed types in the old spec's order, then added ones.
    pub(super) fn types(&mut self) {
        let (old, new) = (self.sides.old, self.sides.new);
        for (index, def) in old.types.iter().enumerate() {
            let id = TypeId(index);
            match self.sides.types.new_of(id) {
                Some(other) => self.type_pair(id, other),
                None => self.push(
                    Change::new(Area::Type, Kind::Removed, subject(def))
                        .describe(format!("{} removed", schema_label(&def.origin)))
                        .rust_effect(format!("`models::{}` removed", def.name))
                        .direction(self.old_usage[index].direction())
                        .impact(Impact::breaks(false, true))
                        .at(&def.origin),
                ),
            }
        }
        for (index, def) in new.types.iter().enumerate() {
            if self.sides.types.old_of(TypeId(index)).is_none() {
                self.push(
                    Change::new(Area::Type, Kind::Added, subject(def))
                        .describe(format!("{} added", schema_label(&def.origin)))
                        .rust_effect(format!("`models::{}` added", def.name))
                        .direction(self.new_usage[index].direction())
                        .impact(Impact::ADDITION)
                        .at(&def.origin),
                );
            }
        }
    }

    fn type_pair(&mut self, a: TypeId, b: TypeId) {
        let (old, new) = (self.sides.old.type_def(a), self.sides.new.type_def(b));
        let usage = self.old_usage[a.0].union(self.new_usage[b.0]);
        let change = |kind| Change::new(Area::Type, kind, subject(new)).direction(usage.direction()).at(&new.origin);
        if old.name != new.name {
            self.push(
                change(Kind::Renamed)
                    .describe(if old.origin == new.origin {
                        format!("{} is named after a renamed operation or property", schema_label(&new.origin))
                    } else {
                        format!("{} → {}", schema_label(&old.origin), schema_label(&new.origin))
                    })
                    .rust_effect(format!("`models::{}` renamed to `models::{}`", old.name, new.name))
                    .impact(Impact::breaks(false, true)),
            );
        }
        if old.deprecated != new.deprecated {
            let (describe, impact) = if new.deprecated {
                ("marked deprecated", Impact::ADDITION)
            } else {
                ("no longer deprecated", Impact::PATCH)
            };
            self.push(
                change(Kind::Deprecated)
                    .describe(describe)
                    .rust_effect(format!(
                        "`#[deprecated]` on `models::{}` {}",
                        new.name,
                        if new.deprecated { "added" } else { "removed" }
                    ))
                    .impact(impact),
            );
        }
        let mut docs = Vec::new();
        if old.docs != new.docs {
            docs.push("description".to_owned());
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(x), TypeKind::Struct(y)) => self.fields(old, x, new, y, usage, &mut docs),
            (TypeKind::Enum(x), TypeKind::Enum(y)) => self.enum_values(old, x, new, y, usage),
            (TypeKind::Union(x), TypeKind::Union(y)) => self.union_variants(new, x, y, usage),
            (TypeKind::Alias(x), TypeKind::Alias(y)) => self.alias(new, x, y, usage),
            (x, y) => self.push(
                change(Kind::Retyped)
                    .describe(format!("schema changed from {} to {}", kind_name(x), kind_name(y)))
                    .rust_effect(format!(
                        "`models::{}` is now a {} instead of a {}",
                        new.name,
                        kind_name(y),
                        kind_name(x)
                    ))
                    .impact(Impact::breaks(usage.breaks(true, true), true)),
            ),
        }
        if !docs.is_empty() {
            self.push(
                change(Kind::Docs)
                    .describe(format!("documentation changed: {}", docs.join(", ")))
                    .rust_effect(format!("docs of `models::{}`", new.name)),
            );
        }
    }

    fn enum_values(&mut self, old: &TypeDef, x: &EnumDef, new: &TypeDef, y: &EnumDef, usage: Usage) {
        let change =
            |kind| Change::new(Area::EnumValue, kind, subject(new)).direction(usage.direction()).at(&new.origin);
        for variant in &x.variants {
            match y.variants.iter().find(|v| v.value == variant.value) {
                None => self.push(
                    change(Kind::Removed)
                        .describe(format!("value {} removed", value(&variant.value)))
                        .rust_effect(format!("variant `{}::{}` removed", new.name, variant.name))
                        .impact(Impact::breaks(usage.breaks(true, false), true)),
                ),
                Some(other) if other.name != variant.name => self.push(
                    change(Kind::Renamed)
                        .describe(format!("value {} kept, its Rust name changed", value(&variant.value)))
                        .rust_effect(format!("variant `{}::{}` renamed to `{}`", old.name, variant.name, other.name))
                        .impact(Impact::breaks(false, true)),
                ),
                Some(_) => {}
            }
        }
        for variant in y.variants.iter().filter(|v| !x.variants.iter().any(|w| w.value == v.value)) {
            self.push(
                change(Kind::Added)
                    .describe(format!("value {} added", value(&variant.value)))
                    .rust_effect(format!(
                        "variant `{0}::{1}` added; the enum is `#[non_exhaustive]`, and old clients keep the value in `{0}::{2}`",
                        new.name, variant.name, x.unknown_variant
                    ))
                    .impact(Impact::ADDITION),
            );
        }
        if x.unknown_variant != y.unknown_variant {
            self.push(
                change(Kind::Renamed)
                    .describe("the variant for unknown values was renamed to make room for a value")
                    .rust_effect(format!(
                        "variant `{0}::{1}` renamed to `{0}::{2}`",
                        new.name, x.unknown_variant, y.unknown_variant
                    ))
                    .impact(Impact::breaks(false, true)),
            );
        }
    }

    fn union_variants(&mut self, new: &TypeDef, x: &UnionDef, y: &UnionDef, usage: Usage) {
        let change =
            |kind| Change::new(Area::UnionVariant, kind, subject(new)).direction(usage.direction()).at(&new.origin);
        for variant in &x.variants {
            match y.variants.iter().find(|v| v.name == variant.name) {
                None => self.push(
                    change(Kind::Removed)
                        .describe(format!("alternative `{}` removed", variant.name))
                        .rust_effect(format!("variant `{}::{}` removed", new.name, variant.name))
                        .impact(Impact::breaks(usage.breaks(true, false), true)),
                ),
                Some(other) if !self.sides.same_rust_type(&variant.ty, &other.ty) || variant.boxed != other.boxed => {
                    self.push(
                        change(Kind::Retyped)
                            .describe(format!("alternative `{}` retyped", variant.name))
                            .rust_effect(format!(
                                "variant `{}::{}`: `{}` → `{}`",
                                new.name,
                                variant.name,
                                type_expr(self.sides.old, &variant.ty),
                                type_expr(self.sides.new, &other.ty)
                            ))
                            .impact(Impact::breaks(
                                usage.breaks(
                                    !self.sides.new_accepts_old(&variant.ty, &other.ty),
                                    !self.sides.old_accepts_new(&variant.ty, &other.ty),
                                ),
                                true,
                            )),
                    )
                }
                Some(_) => {}
            }
        }
        // Old clients keep an alternative they do not know only when the union is tagged and
        // has a variant for unknown tags; an untagged one fails to decode it.
        let old_clients_fail = x.unknown_variant.is_none();
        for variant in y.variants.iter().filter(|v| !x.variants.iter().any(|w| w.name == v.name)) {
            self.push(
                change(Kind::Added)
                    .describe(format!("alternative `{}` added", variant.name))
                    .rust_effect(format!("variant `{}::{}` added to an exhaustive enum", new.name, variant.name))
                    .impact(Impact::breaks(usage.breaks(false, old_clients_fail), true)),
            );
        }
    }

    fn alias(&mut self, new: &TypeDef, x: &TypeRef, y: &TypeRef, usage: Usage) {
        if self.sides.same_rust_type(x, y) {
            return;
        }
        let wire = usage.breaks(!self.sides.new_accepts_old(x, y), !self.sides.old_accepts_new(x, y));
        self.push(
            Change::new(Area::Type, Kind::Retyped, subject(new))
                .describe("schema retyped")
                .rust_effect(format!(
                    "`type {} = {}` instead of `{}`",
                    new.name,
                    type_expr(self.sides.new, y),
                    type_expr(self.sides.old, x)
                ))
                .direction(usage.direction())
                .impact(Impact::breaks(wire, true))
                .at(&new.origin),
        );
    }
}

/// An enum value as the spec writes it.
fn value(value: &EnumValue) -> String {
    match value {
        EnumValue::String(text) => format!("`\"{text}\"`"),
        EnumValue::Integer(number) => format!("`{number}`"),
    }
}
