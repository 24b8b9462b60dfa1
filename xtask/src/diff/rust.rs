//! How IR items read in the generated crate, for the report: type expressions, client methods,
//! builders, setters and constructors, so that each change names the Rust items it touches.
//!
//! Every spelling comes from the generator's surface module (`realtimekit_codegen::surface`),
//! which the emitters write code through, so the report names exactly what is emitted; this
//! module only puts the items in code spans.

use realtimekit_codegen::ir::{Api, Field, Operation, Param, RustName, TypeRef};
use realtimekit_codegen::surface::{self, Construction, RustType};

/// The Rust type of a type reference, as `models.rs` writes it (without the `models::` path).
pub(super) fn type_expr(api: &Api, ty: &TypeRef) -> String {
    RustType::of(api, ty).to_string()
}

/// The declared type of a struct field: its type, boxed when it leads back to its own type,
/// in `Option` when the field is optional.
pub(super) fn field_type(api: &Api, field: &Field) -> String {
    RustType::field(api, field).to_string()
}

/// The field as a path, e.g. `` `Session::status` ``.
pub(super) fn field_path(type_name: &RustName, field: &Field) -> String {
    format!("`{type_name}::{}`", field.name)
}

/// The client methods that start an operation, e.g. `` `Client::list_sessions` and `AppClient::list_sessions` ``.
pub(super) fn methods(api: &Api, op: &Operation) -> String {
    let paths: Vec<String> = surface::client_method_paths(api, op).iter().map(|path| format!("`{path}`")).collect();
    paths.join(" and ")
}

/// The request builder type, e.g. `` `operations::ListSessions` ``.
pub(super) fn builder(op: &Operation) -> String {
    format!("`{}`", surface::builder_path(op))
}

/// The setter of an optional parameter, e.g. `` `ListSessions::status(SessionStatus)` ``.
pub(super) fn setter(api: &Api, op: &Operation, param: &Param) -> String {
    let setter = surface::setter(api, param);
    format!("`{}::{}({})`", op.builder_name, setter.name, setter.ty)
}

/// The arguments of the client method, e.g. `list_sessions(account_id, app_id)`: required
/// parameters in order, then a required body.
pub(super) fn signature(api: &Api, op: &Operation) -> String {
    let arguments: Vec<String> =
        surface::required_arguments(api, op).iter().map(|argument| argument.name.to_string()).collect();
    format!("`{}({})`", op.method_name, arguments.join(", "))
}

/// How a struct is made: its builder, and the fields `build()` needs, e.g.
/// `` `Poll::builder()` needing `id`, `question` ``.
pub(super) fn constructor(type_name: &RustName, fields: &[Field]) -> String {
    let construction = Construction::of(fields);
    if !construction.is_fallible() {
        return format!("`{type_name}::builder()` needing no field");
    }
    let names: Vec<String> =
        construction.required.iter().map(|field| format!("`{type_name}::{}`", field.name)).collect();
    format!("`{type_name}::builder()` needing {}", names.join(", "))
}
