//! The API's response conventions, declared in the root extension `x-conventions` (or given by
//! the user for a spec they cannot edit), and checked against the types of the bodies.
//!
//! ```yaml
//! x-conventions:
//!   success-flag: /success                      # a boolean in success bodies; false means failed
//!   error-body:
//!     code: [/error/code, /errors/0/code]       # where error bodies keep a code, tried in order
//!     message: [/error/message, /errors/0/message]
//!   request-id-headers: [cf-ray]                # response headers that name the request
//!   x-note: why these were declared             # for readers; ignored
//! ```
//!
//! Every part is optional and every location is a JSON Pointer into a response body; `code` and
//! `message` take one pointer or a list. Nothing here is guessed from field names: a spec that
//! declares nothing gets no success check, no error body parsing and no request id. A declared
//! location that a body does not have is a warning at that body, and the body goes unchecked.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Api, Conventions, FlagAccess, ResponseKind, RustName, Scalar, StatusMatch, TypeKind, TypeRef};

/// The root extension that declares the conventions.
pub(crate) const EXTENSION: &str = "x-conventions";

/// How deep a declared location may go through unions, which may be recursive.
const MAX_DEPTH: usize = 32;

/// `x-conventions` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Declared {
    success_flag: Option<String>,
    error_body: Option<DeclaredErrorBody>,
    #[serde(default)]
    request_id_headers: Vec<String>,
    /// A note for the spec's readers, which the generator leaves alone.
    #[serde(rename = "x-note")]
    _note: Option<serde::de::IgnoredAny>,
}

/// `x-conventions.error-body` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclaredErrorBody {
    #[serde(default)]
    code: OneOrMany,
    #[serde(default)]
    message: OneOrMany,
}

/// One pointer, or a list of them tried in order.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            Self::None => Vec::new(),
            Self::One(pointer) => vec![pointer],
            Self::Many(pointers) => pointers,
        }
    }
}

/// Reads a declaration found at `at`, reporting every problem at its own pointer.
pub(crate) fn parse(value: &Value, at: &Pointer) -> Result<Conventions, Vec<Diagnostic>> {
    let declared: Declared = super::extension::parse(value, at, EXTENSION).map_err(|problem| vec![problem])?;
    let (code, message) = match declared.error_body {
        Some(body) => (body.code.into_vec(), body.message.into_vec()),
        None => (Vec::new(), Vec::new()),
    };
    let mut problems = Vec::new();
    if let Some(flag) = &declared.success_flag {
        check_pointer(flag, &at.push("success-flag"), &mut problems);
    }
    for (key, pointers) in [("code", &code), ("message", &message)] {
        for (index, pointer) in pointers.iter().enumerate() {
            check_pointer(pointer, &at.push("error-body").push(key).push(index), &mut problems);
        }
    }
    for (index, name) in declared.request_id_headers.iter().enumerate() {
        if name.is_empty() || !name.bytes().all(is_header_name_byte) {
            let at = at.push("request-id-headers").push(index);
            problems.push(Diagnostic::error(at, format!("`{name}` is not a valid HTTP header name")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Conventions {
        success_flag: declared.success_flag,
        error_code: code,
        error_message: message,
        request_id_headers: declared.request_id_headers.iter().map(|name| name.to_ascii_lowercase()).collect(),
    })
}

/// Reports a location that is not a JSON Pointer to a property (`/a/b`, with `~0` and `~1`).
fn check_pointer(pointer: &str, at: &Pointer, problems: &mut Vec<Diagnostic>) {
    let well_formed = Pointer::parse(pointer).is_ok_and(|pointer| !pointer.is_root());
    if !well_formed {
        problems.push(Diagnostic::error(
            at,
            format!("`{pointer}` is not a JSON Pointer into a body; it must start with `/`, such as `/success`"),
        ));
    }
}

/// Whether `byte` may appear in an HTTP header name (an RFC 9110 token).
fn is_header_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// The unescaped reference tokens of a declared location; `None` when it is not a JSON Pointer
/// (which [`parse`] reports), so that it reaches nothing.
fn tokens(pointer: &str) -> Option<Vec<String>> {
    Pointer::parse(pointer).ok().map(|pointer| pointer.tokens().map(Cow::into_owned).collect())
}

/// Finds how each operation's success body holds the declared flag, and warns about the JSON
/// success bodies that do not hold it.
pub(super) fn mark_success_flags(api: &mut Api, diagnostics: &mut Vec<Diagnostic>) {
    let Some(flag) = api.conventions.success_flag.clone() else { return };
    let path = tokens(&flag);
    let found: Vec<Option<FlagAccess>> = api
        .operations
        .iter()
        .map(|op| {
            // Several success bodies are decoded by status into an enum, which is not checked.
            if op.success_enum.is_some() {
                return None;
            }
            let response = op.success().filter(|r| r.kind == ResponseKind::Json)?;
            let body = response.ty.as_ref()?;
            let access = path.as_deref().and_then(|path| flag_access(api, body, path, 0));
            if access.is_none() {
                let at = response_pointer(&op.origin, response.status);
                diagnostics.push(Diagnostic::warning(
                    at,
                    format!(
                        "the declared success flag `{flag}` is not a boolean property of this success body, so \
                         the body is not checked for it"
                    ),
                ));
            }
            access
        })
        .collect();
    api.operations.iter_mut().zip(found).for_each(|(op, access)| op.success_flag = access);
}

/// How to reach the boolean at `path` from a value of type `ty`, through struct fields and
/// union variants.
fn flag_access(api: &Api, ty: &TypeRef, path: &[String], depth: usize) -> Option<FlagAccess> {
    if depth > MAX_DEPTH {
        return None;
    }
    let ty = api.resolve_alias(ty);
    let Some((token, rest)) = path.split_first() else {
        return (*ty == TypeRef::Scalar(Scalar::Boolean)).then_some(FlagAccess::Flag);
    };
    let TypeRef::Named(id) = ty else { return None };
    match &api.type_def(*id).kind {
        TypeKind::Struct(object) => {
            let field = object.fields.iter().find(|field| field.wire_name == *token)?;
            let next = flag_access(api, &field.ty, rest, depth + 1)?;
            Some(FlagAccess::Field { field: field.name.clone(), optional: field.is_optional(), next: Box::new(next) })
        }
        TypeKind::Union(union) => {
            let variants: Vec<(RustName, FlagAccess)> = union
                .variants
                .iter()
                .filter_map(|variant| Some((variant.name.clone(), flag_access(api, &variant.ty, path, depth + 1)?)))
                .collect();
            let exhaustive = variants.len() == union.variants.len() && union.unknown_variant.is_none();
            (!variants.is_empty()).then_some(FlagAccess::Union { ty: *id, variants, exhaustive })
        }
        TypeKind::Enum(_) | TypeKind::Alias(_) => None,
    }
}

/// Warns about documented JSON error bodies that hold none of the declared code or message
/// locations, since their errors would come without a code or a message.
pub(super) fn check_error_bodies(api: &Api, diagnostics: &mut Vec<Diagnostic>) {
    let conventions = &api.conventions;
    let checks = [
        ErrorBodyPart::new("code", &conventions.error_code, |ty| {
            matches!(ty, TypeRef::Scalar(Scalar::Integer(_) | Scalar::String(_)))
        }),
        ErrorBodyPart::new("message", &conventions.error_message, |ty| {
            matches!(ty, TypeRef::Scalar(Scalar::String(_)))
        }),
    ];
    for op in &api.operations {
        for response in op.responses.iter().filter(|r| !r.status.is_success() && r.kind == ResponseKind::Json) {
            let Some(body) = &response.ty else { continue };
            for ErrorBodyPart { part, pointers, paths, fits } in &checks {
                if pointers.is_empty() || paths.iter().any(|path| reaches(api, body, path, *fits, 0)) {
                    continue;
                }
                diagnostics.push(Diagnostic::warning(
                    response_pointer(&op.origin, response.status),
                    format!(
                        "this error body holds none of the declared error {part} locations ({})",
                        pointers.join(", ")
                    ),
                ));
            }
        }
    }
}

/// Whether a type is what a declared location must hold, such as text for a message.
type Fits = fn(&TypeRef) -> bool;

/// One part of a declared error body, such as its code: where it may be, and what it holds.
struct ErrorBodyPart<'a> {
    part: &'static str,
    pointers: &'a [String],
    /// The declared locations as tokens, parsed once rather than once per error body.
    paths: Vec<Vec<String>>,
    fits: Fits,
}

impl<'a> ErrorBodyPart<'a> {
    fn new(part: &'static str, pointers: &'a [String], fits: Fits) -> Self {
        Self { part, pointers, paths: pointers.iter().filter_map(|pointer| tokens(pointer)).collect(), fits }
    }
}

/// Whether some value of type `ty` holds, at `path`, a value whose type `fits`; an array
/// index token steps into the items.
fn reaches(api: &Api, ty: &TypeRef, path: &[String], fits: Fits, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let ty = api.resolve_alias(ty);
    let Some((token, rest)) = path.split_first() else { return fits(ty) };
    match ty {
        TypeRef::Array(item) if token.parse::<usize>().is_ok() => reaches(api, item, rest, fits, depth + 1),
        TypeRef::Map(value) => reaches(api, value, rest, fits, depth + 1),
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Struct(object) => match object.fields.iter().find(|field| field.wire_name == *token) {
                Some(field) => reaches(api, &field.ty, rest, fits, depth + 1),
                None => object
                    .additional_properties
                    .as_ref()
                    .is_some_and(|value| reaches(api, value, rest, fits, depth + 1)),
            },
            TypeKind::Union(union) => {
                union.variants.iter().any(|variant| reaches(api, &variant.ty, path, fits, depth + 1))
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => false,
        },
        TypeRef::Any => true,
        TypeRef::Scalar(_) | TypeRef::Array(_) => false,
    }
}

/// The pointer of one documented response of the operation at `operation`.
fn response_pointer(operation: &Pointer, status: StatusMatch) -> Pointer {
    let key = match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Class(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    };
    operation.push("responses").push(key)
}
