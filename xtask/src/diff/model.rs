//! The diff's data: one [`Change`] per difference, classified for the wire and for Rust, and
//! the [`Report`] that gathers them under a [`Verdict`].

use realtimekit_codegen::Pointer;
use serde::Serialize;

/// Everything that differs between two specs, and the release it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The spec the change starts from.
    pub old: SpecInfo,
    /// The spec the change leads to.
    pub new: SpecInfo,
    /// Every change, grouped by area in report order.
    pub changes: Vec<Change>,
    /// The semver bump the changes need, with the counts behind it.
    pub verdict: Verdict,
}

impl Report {
    /// A report over `changes`, with its verdict worked out.
    pub fn new(old: SpecInfo, new: SpecInfo, mut changes: Vec<Change>) -> Self {
        changes.sort_by_key(|change| change.section());
        let verdict = Verdict::of(&changes);
        Self { old, new, changes, verdict }
    }

    /// Names where each spec came from, such as a file or `origin/main`.
    pub fn with_sources(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.old.source = Some(old.into());
        self.new.source = Some(new.into());
        self
    }

    /// Whether any change breaks callers, on the wire or in Rust.
    pub fn is_breaking(&self) -> bool {
        self.verdict.bump == Bump::Major
    }

    /// The report as pretty-printed JSON, for bots.
    pub fn to_json(&self) -> String {
        // Serializing plain strings, enums and counts cannot fail; an empty object is a safe fallback.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

/// Which spec a side of the diff is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecInfo {
    /// Where the text came from, when the caller said.
    pub source: Option<String>,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
}

/// One difference between the specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of API element changed.
    pub area: Area,
    /// How it changed.
    pub kind: Kind,
    /// Where, in the generated crate's terms: a route and method, or a type.
    pub subject: String,
    /// What changed, in the spec's terms.
    pub description: String,
    /// The effect on the generated Rust API: what appears, disappears or changes signature.
    pub rust_effect: String,
    /// For fields and enum values: whether the type travels in requests, responses or both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Whether clients built from the old spec still work against a server of the new one.
    pub wire: Compat,
    /// Whether code that compiles against today's crate still compiles against the new one.
    pub rust: Compat,
    /// The semver bump this change alone needs.
    pub bump: Bump,
    /// The JSON Pointer of the changed place, in the new spec (the old one for removals);
    /// serialized as its text.
    pub pointer: Pointer,
}

impl Change {
    /// The report section the change is listed under.
    pub fn section(&self) -> Section {
        if self.kind == Kind::Docs {
            return Section::Documentation;
        }
        match self.area {
            Area::Operation | Area::RequestBody | Area::Response | Area::Pagination => Section::Operations,
            Area::Parameter => Section::Parameters,
            Area::Field => Section::Fields,
            Area::EnumValue | Area::UnionVariant => Section::EnumValues,
            Area::Type => Section::Types,
            Area::Client => Section::Client,
        }
    }
}

/// What kind of API element a change concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// An operation: a method of `Client` and a request builder.
    Operation,
    /// A parameter: an argument of the method or a setter of the builder.
    Parameter,
    /// An operation's request body.
    RequestBody,
    /// An operation's responses.
    Response,
    /// An operation's `x-pagination`: the builder's `pages` and `items`.
    Pagination,
    /// A property of an object schema: a struct field.
    Field,
    /// A value of an enum schema: an enum variant.
    EnumValue,
    /// An alternative of a `oneOf` / `anyOf`: a variant of an untagged enum.
    UnionVariant,
    /// A named type.
    Type,
    /// The client as a whole: its scoped handle and default base URL.
    Client,
}

/// How an element changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// It appeared.
    Added,
    /// It disappeared.
    Removed,
    /// Its Rust name changed.
    Renamed,
    /// It moved to another path.
    Moved,
    /// It became required.
    MadeRequired,
    /// It became optional.
    MadeOptional,
    /// Its type changed.
    Retyped,
    /// Its validation rules changed.
    Constraints,
    /// It was marked deprecated, or no longer is.
    Deprecated,
    /// Something else about it changed: behaviour, not shape.
    Changed,
    /// Only its documentation changed.
    Docs,
}

/// Which way values of a type travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Only in requests: the client writes, the server reads.
    Request,
    /// Only in responses: the server writes, the client reads.
    Response,
    /// In both.
    Both,
    /// In no operation.
    Unused,
}

impl Direction {
    /// The direction as the report's tables write it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Request => "requests",
            Self::Response => "responses",
            Self::Both => "requests and responses",
            Self::Unused => "no operation",
        }
    }
}

/// Whether existing callers keep working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compat {
    /// They do.
    Compatible,
    /// They may not.
    Breaking,
}

impl Compat {
    /// `Breaking` when `breaks` holds.
    pub fn breaking_if(breaks: bool) -> Self {
        if breaks { Self::Breaking } else { Self::Compatible }
    }
}

/// A semver bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation or behaviour only.
    Patch,
    /// Additions: new items, setters, variants, or deprecations.
    Minor,
    /// Something breaks callers, on the wire or in Rust.
    Major,
}

impl Bump {
    /// The bump as a word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

/// The report's sections, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Operations added, removed, renamed or moved, and their bodies, responses and pages.
    Operations,
    /// Parameters of operations.
    Parameters,
    /// Properties of request and response types.
    Fields,
    /// Values of enums and alternatives of unions.
    EnumValues,
    /// Named types as a whole.
    Types,
    /// The client as a whole.
    Client,
    /// Changes to documentation only.
    Documentation,
}

impl Section {
    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            Self::Operations => "Operations",
            Self::Parameters => "Parameters",
            Self::Fields => "Request and response fields",
            Self::EnumValues => "Enum values",
            Self::Types => "Types",
            Self::Client => "Client",
            Self::Documentation => "Documentation only",
        }
    }
}

/// The release the changes need, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The largest bump any change needs.
    pub bump: Bump,
    /// How many changes break clients on the wire.
    pub wire_breaking: usize,
    /// How many changes break Rust code that compiles against today's crate.
    pub rust_breaking: usize,
    /// How many changes there are in all.
    pub changes: usize,
}

impl Verdict {
    fn of(changes: &[Change]) -> Self {
        Self {
            bump: changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None),
            wire_breaking: changes.iter().filter(|c| c.wire == Compat::Breaking).count(),
            rust_breaking: changes.iter().filter(|c| c.rust == Compat::Breaking).count(),
            changes: changes.len(),
        }
    }
}
