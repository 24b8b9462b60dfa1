//! The spec diff: what changed between two specs, what each change does to the generated Rust
//! API, whether it breaks callers on the wire and whether it breaks code that compiles
//! against today's crate, and the semver bump that follows.
//!
//! Both specs are lowered to the generator's IR ([`realtimekit_codegen::lower_spec`]), so the
//! diff sees the final Rust names. Operations match by method and path, types by name or by
//! where they are used (see `pairing.rs`).
//!
//! The two kinds of breakage are judged separately. *Wire*: does a client built from the old
//! spec still work against a server that follows the new one? The server reads requests and
//! old clients read responses, so the same change can be harmless one way and breaking the
//! other; a type used both ways takes the worse. *Rust*: does code that compiles against
//! today's crate still compile? Structs are `#[non_exhaustive]` with a `new` over their
//! non-optional fields, string and integer enums are `#[non_exhaustive]` with an `Unknown`
//! variant, unions and answer enums are exhaustive, required parameters are method arguments
//! (positional) and optional ones are builder setters.
//!
//! | Change | Wire, in requests | Wire, in responses | Rust | Bump |
//! |---|---|---|---|---|
//! | operation added | compatible | compatible | compatible (methods and builder added) | minor |
//! | operation removed | breaking | breaking | breaking | major |
//! | `operationId` renamed (same route) | compatible | compatible | breaking (method and builder renamed) | major |
//! | operation moved (new route, same `operationId`) | breaking | breaking | compatible | major |
//! | optional parameter added | compatible | — | compatible (setter added) | minor |
//! | required parameter added, or made required | breaking | — | breaking (method gains an argument) | major |
//! | parameter made optional | compatible | — | breaking (argument becomes a setter) | major |
//! | parameter removed | breaking (the server drops it) | — | breaking | major |
//! | parameter retyped | breaking unless the new type accepts every old value (as text in the URL) | — | breaking | major |
//! | parameter written another way (`style`, `explode`) | breaking | — | compatible | major |
//! | path variable renamed | compatible | — | compatible (arguments are positional) | patch |
//! | constraints tightened / loosened | breaking / compatible | compatible | compatible | major / patch |
//! | optional field added | compatible | compatible | compatible (`#[non_exhaustive]`) | minor |
//! | required field added | breaking (old clients omit it) | compatible (old clients ignore it) | breaking (`new` gains an argument) | major |
//! | field removed | breaking (the server drops it) | breaking if it was required | breaking | major |
//! | field optional → required | breaking | compatible | breaking (`Option<T>` → `T`) | major |
//! | field required → optional | compatible | breaking (old clients need it) | breaking (`T` → `Option<T>`) | major |
//! | field retyped | breaking unless the new type accepts every old value | breaking unless the old type accepts every new value | breaking | major |
//! | enum value added | compatible | compatible (decoded as `Unknown` until now) | compatible (`#[non_exhaustive]`) | minor |
//! | enum value removed | breaking (old clients may send it) | compatible | breaking (variant removed) | major |
//! | union alternative added | compatible | breaking if untagged; compatible if tagged (kept as `Unknown`) | breaking (exhaustive enum) | major |
//! | request body added (required / optional) | breaking / compatible | — | breaking / compatible (argument / setter) | major / minor |
//! | request body sent with another media type | breaking | — | compatible | major |
//! | success answer retyped, or a success answer added | — | breaking unless the old type accepts every new value | breaking (`send` returns another type) | major |
//! | documented error answers with different bodies changed | compatible | compatible | breaking (the error enum changes) | major |
//! | pagination added / removed | compatible | compatible | compatible / breaking (`pages`, `items`) | minor / major |
//! | schema renamed | compatible | compatible | breaking (type renamed) | major |
//! | type added / removed | compatible | compatible | compatible / breaking | minor / major |
//! | deprecated | compatible | compatible | compatible (`#[deprecated]` warns) | minor |
//! | documentation, examples, success status | compatible | compatible | compatible | patch |
//!
//! The verdict is the largest bump of any change: major when anything breaks either way.

mod answers;
mod change;
pub mod command;
mod compat;
mod constraints;
mod exchanges;
mod fields;
pub mod input;
mod markdown;
pub mod model;
mod operations;
mod pairing;
mod params;
mod rust;
mod types;
mod usage;

use realtimekit_codegen::ir::Api;
use realtimekit_codegen::{Diagnostics, Pointer};

pub use model::{Area, Bump, Change, Compat, Direction, Kind, Report, Section, SpecInfo, Verdict};

use change::Impact;
use compat::Sides;
use usage::Usage;

/// Compares two APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let operations = pairing::operations(old, new);
    let types = pairing::Types::pair(old, new, &operations);
    let mut diff = Diff {
        sides: Sides { old, new, types: &types },
        old_usage: usage::usage(old),
        new_usage: usage::usage(new),
        changes: Vec::new(),
    };
    diff.operations(&operations);
    diff.types();
    diff.client();
    let info = |api: &Api| SpecInfo { source: None, title: api.title.clone(), version: api.version.clone() };
    Report::new(info(old), info(new), diff.changes)
}

/// Lowers two spec texts and compares them.
pub fn diff_specs(old: &str, new: &str) -> Result<Report, SpecError> {
    let lower = |text: &str, side: &'static str| {
        realtimekit_codegen::lower_spec(text).map_err(|diagnostics| SpecError { side, diagnostics })
    };
    Ok(diff(&lower(old, "old")?, &lower(new, "new")?))
}

/// A spec that could not be lowered, so there is nothing to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// `old` or `new`.
    pub side: &'static str,
    /// Every problem found in it.
    pub diagnostics: Diagnostics,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the {} spec has problems:\n{}", self.side, self.diagnostics)
    }
}

impl std::error::Error for SpecError {}

/// The comparison under way: both specs, which way their types travel, and the changes so far.
struct Diff<'a> {
    sides: Sides<'a>,
    old_usage: Vec<Usage>,
    new_usage: Vec<Usage>,
    changes: Vec<Change>,
}

impl Diff<'_> {
    fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// Changes to the client as a whole: the scoped handle, the default base URL, the API's info.
    fn client(&mut self) {
        let (old, new) = (self.sides.old, self.sides.new);
        let handle = |api: &Api| {
            api.scope
                .as_ref()
                .map(|s| format!("`{}` (made by `Client::{}({})`)", s.type_name, s.method_name, s.params.join(", ")))
        };
        match (handle(old), handle(new)) {
            (None, Some(added)) => self.push(
                Change::new(Area::Client, Kind::Added, "scoped handle")
                    .describe("every path now starts with the same parameters")
                    .rust_effect(format!("handle {added} added"))
                    .impact(Impact::ADDITION),
            ),
            (Some(removed), None) => self.push(
                Change::new(Area::Client, Kind::Removed, "scoped handle")
                    .describe("the paths no longer all start with the same parameters")
                    .rust_effect(format!("handle {removed} removed"))
                    .impact(Impact::breaks(false, true)),
            ),
            (Some(before), Some(after)) if before != after => self.push(
                Change::new(Area::Client, Kind::Changed, "scoped handle")
                    .describe("the parameters every path starts with changed")
                    .rust_effect(format!("handle {before} becomes {after}"))
                    .impact(Impact::breaks(false, true)),
            ),
            _ => {}
        }
        if old.default_base_url != new.default_base_url {
            let show = |url: &Option<String>| url.as_deref().map_or("none".to_owned(), |u| format!("`{u}`"));
            self.push(
                Change::new(Area::Client, Kind::Changed, "default base URL")
                    .describe(format!(
                        "`servers[0]`: {} → {}",
                        show(&old.default_base_url),
                        show(&new.default_base_url)
                    ))
                    .rust_effect("`Client::new` and `Client::from_env` send to the new URL unless configured otherwise")
                    .impact(Impact::PATCH)
                    .at(Pointer::root().push("servers").push(0).push("url")),
            );
        }
        let mut parts = Vec::new();
        if old.title != new.title {
            parts.push("title");
        }
        if old.version != new.version {
            parts.push("version");
        }
        if old.description != new.description {
            parts.push("description");
        }
        if !parts.is_empty() {
            self.push(
                Change::new(Area::Client, Kind::Docs, "API")
                    .describe(format!("`info` {} changed", parts.join(", ")))
                    .rust_effect("crate documentation")
                    .at(Pointer::root().push("info")),
            );
        }
    }
}
