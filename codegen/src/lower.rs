//! Lowering: the `openapiv3` document in, a validated [`Api`] out.
//!
//! This is the only code that sees `openapiv3`. It runs in phases over one [`Lowering`]
//! context: register component schemas (so any `$ref` resolves, forward or backward), lower
//! their bodies, lower operations (which may add inline types), then decide every name, sort
//! the types and box the references that make types recursive. Problems are collected as
//! diagnostics; if any is an error, lowering fails with all of them. In keep-going mode the
//! errors local to an operation or component instead skip exactly the operations and types
//! that depend on them (`skip.rs`), and only the others fail it.

mod all_of;
pub(crate) mod conventions;
mod dedupe;
mod extension;
mod features;
mod media;
mod names;
mod operation;
mod pagination;
mod params;
mod recursion;
mod refs;
mod responses;
mod scalars;
mod schema;
mod security;
mod shape;
mod sizes;
mod skip;
mod union;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer, Severity};
use crate::ir::{Api, Conventions, Gate, RustName, TypeDef, TypeId, TypeKind};
use crate::load::{LeftOut, Loaded};

/// Lowers a loaded spec into the IR.
///
/// `declared` gives the API's response conventions in place of the spec's own `x-conventions`,
/// for a spec its user cannot edit. `keep_going`, in keep-going mode, holds the parts that
/// loading left out; errors local to an operation or component then skip what depends on them.
pub(crate) fn lower(
    loaded: &Loaded,
    declared: Option<&Conventions>,
    keep_going: Option<&[LeftOut]>,
) -> Result<Api, Diagnostics> {
    let readings = refs::Readings::new(&loaded.document);
    let mut lowering = Lowering::new(loaded, &readings);
    let conventions = match declared {
        Some(conventions) => conventions.clone(),
        None => lowering.declared_conventions(),
    };
    lowering.register_component_schemas();
    lowering.lower_component_schemas();
    let operations = lowering.lower_operations();
    // Schemas reached by `$ref`s into `paths` may be aliases of each other, found only now.
    lowering.check_alias_cycles();
    let document = &loaded.document;
    let mut api = Api {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        default_base_url: document.servers.first().map(|server| server.url.clone()),
        auth: security::lower(document, &mut lowering.diagnostics),
        conventions,
        types: std::mem::take(&mut lowering.types),
        operations,
        scope: None,
        features: Vec::new(),
        warnings: Vec::new(),
    };
    if let Some(left_out) = keep_going {
        lowering.skip_what_errors_reach(&mut api, left_out);
    }
    names::finish(&mut api, &lowering.preferred_names);
    recursion::box_cycles(&mut api);
    sizes::box_large_variants(&mut api);
    params::mark_text_unions(&mut api);
    pagination::resolve(&mut api, &lowering.pending_pagination, &mut lowering.diagnostics);
    conventions::mark_success_flags(&mut api, &mut lowering.diagnostics);
    conventions::check_error_bodies(&api, &mut lowering.diagnostics);
    if keep_going.is_some() {
        skip::skip_operations_with_late_errors(&mut api, &mut lowering.diagnostics);
    }
    dedupe::merge_identical_types(&mut api);
    api.scope = pagination::scope(&api);
    api.operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    features::mark_request_types(&mut api);
    features::gate(&mut api);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        lowering.diagnostics.into_iter().partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(Diagnostics::sorted(errors.into_iter().chain(warnings).collect()));
    }
    api.warnings = Diagnostics::sorted(warnings).0;
    Ok(api)
}

/// The state shared by the lowering phases.
struct Lowering<'a> {
    document: &'a OpenAPI,
    /// Items that `$ref`s reach outside the components, by pointer (see [`Loaded`]).
    local: &'a crate::load::LocalItems,
    /// Every type found so far; names are provisional until [`names::finish`].
    types: Vec<TypeDef>,
    /// The name each type would like, by [`TypeId`], before uniqueness is enforced.
    preferred_names: Vec<String>,
    /// Component schema keys and the types they became.
    components: BTreeMap<String, TypeId>,
    /// `x-pagination` extensions by operation index, resolved once field names are final.
    pending_pagination: Vec<(usize, pagination::PendingPagination)>,
    /// Component schemas merged for `allOf`, so each is merged once.
    all_of_cache: BTreeMap<String, all_of::Memo<'a>>,
    /// The type each inline schema became, by pointer, so a schema reached twice is one type.
    inline_types: std::collections::HashMap<Pointer, crate::ir::TypeRef>,
    /// How deep inline schemas currently nest.
    nesting: usize,
    /// References of the wrong kind read as the kind expected (see `refs.rs`).
    readings: &'a refs::Readings,
    /// Why the operation being lowered must be skipped, when a reference in it names a
    /// component of another kind that cannot be read as the kind expected.
    unreadable_reference: Option<String>,
    /// The operations skipped while lowering, by pointer.
    skipped_operations: BTreeSet<Pointer>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Lowering<'a> {
    fn new(loaded: &'a Loaded, readings: &'a refs::Readings) -> Self {
        Self {
            document: &loaded.document,
            local: &loaded.local,
            readings,
            unreadable_reference: None,
            skipped_operations: BTreeSet::new(),
            types: Vec::new(),
            preferred_names: Vec::new(),
            components: BTreeMap::new(),
            pending_pagination: Vec::new(),
            all_of_cache: BTreeMap::new(),
            inline_types: std::collections::HashMap::new(),
            nesting: 0,
            diagnostics: Vec::new(),
        }
    }

    /// Adds a type with a provisional body and returns its id.
    fn add_type(&mut self, preferred_name: String, origin: &Pointer, kind: TypeKind) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: RustName::plain(preferred_name.clone()),
            origin: origin.clone(),
            docs: None,
            deprecated: false,
            kind,
            gate: Gate::Always,
            in_requests: false,
        });
        self.preferred_names.push(preferred_name);
        id
    }

    /// The spec's own `x-conventions`, or none when it declares none or declares them wrongly.
    fn declared_conventions(&mut self) -> Conventions {
        let Some(extension) = self.document.extensions.get(conventions::EXTENSION) else {
            return Conventions::default();
        };
        match conventions::parse(extension, &Pointer::root().push(conventions::EXTENSION)) {
            Ok(conventions) => conventions,
            Err(problems) => {
                self.diagnostics.extend(problems);
                Conventions::default()
            }
        }
    }

    fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(pointer, message));
    }

    fn warning(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(pointer, message));
    }
}
