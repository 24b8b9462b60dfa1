//! How the comparison records a [`Change`]: a builder over its fields, and [`Impact`], the
//! classification both ways from which the bump follows.

use realtimekit_codegen::Pointer;

use super::model::{Area, Bump, Change, Compat, Direction, Kind};

impl Change {
    /// A change to document: fill it in with the methods below, which the comparison uses.
    pub(super) fn new(area: Area, kind: Kind, subject: impl Into<String>) -> Self {
        Self {
            area,
            kind,
            subject: subject.into(),
            description: String::new(),
            rust_effect: String::new(),
            direction: None,
            wire: Compat::Compatible,
            rust: Compat::Compatible,
            bump: Bump::Patch,
            pointer: Pointer::root(),
        }
    }

    /// Sets what changed, in the spec's terms.
    pub(super) fn describe(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Sets the effect on the Rust API.
    pub(super) fn rust_effect(mut self, effect: impl Into<String>) -> Self {
        self.rust_effect = effect.into();
        self
    }

    /// Sets the classification both ways, and the bump that follows from it.
    pub(super) fn impact(mut self, impact: Impact) -> Self {
        self.wire = Compat::breaking_if(impact.wire_breaks);
        self.rust = Compat::breaking_if(impact.rust_breaks);
        self.bump = if impact.wire_breaks || impact.rust_breaks {
            Bump::Major
        } else if impact.adds {
            Bump::Minor
        } else {
            Bump::Patch
        };
        self
    }

    /// Sets which way the changed type travels.
    pub(super) fn direction(mut self, direction: Direction) -> Self {
        self.direction = Some(direction);
        self
    }

    /// Sets the JSON Pointer of the changed place.
    pub(super) fn at(mut self, pointer: impl Into<Pointer>) -> Self {
        self.pointer = pointer.into();
        self
    }
}

/// How a change affects callers, before it becomes a [`Change`]'s fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Impact {
    /// Clients of the old spec may fail against a server of the new one.
    pub(super) wire_breaks: bool,
    /// Code that compiles against today's crate may not compile against the new one.
    pub(super) rust_breaks: bool,
    /// The change adds to the public API (or deprecates part of it): a minor release.
    pub(super) adds: bool,
}

impl Impact {
    /// A change to documentation or behaviour only: a patch release.
    pub(super) const PATCH: Self = Self { wire_breaks: false, rust_breaks: false, adds: false };

    /// An addition that breaks nothing: a minor release.
    pub(super) const ADDITION: Self = Self { wire_breaks: false, rust_breaks: false, adds: true };

    /// A change classified both ways; when it breaks neither, it is a patch.
    pub(super) fn breaks(wire: bool, rust: bool) -> Self {
        Self { wire_breaks: wire, rust_breaks: rust, adds: false }
    }

    /// The same classification, but a minor release when nothing breaks.
    pub(super) fn or_minor(self) -> Self {
        Self { adds: true, ..self }
    }
}
