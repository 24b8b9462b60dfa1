//! How IR items read in the generated crate: type expressions, client methods, builders and
//! setters, so that each change names the Rust items it touches.
//!
//! These mirror the emitters' rules (`codegen/src/emit/`): a required parameter is an argument
//! of the client method, an optional one a setter of the request builder; an optional field is
//! an `Option`; a struct's `new` takes its non-optional fields.

use realtimekit_codegen::ir::{Api, Field, IntegerKind, NumberKind, Operation, Param, Scalar, StringFormat, TypeRef};

/// The Rust type of a type reference, as `models.rs` writes it (without the `models::` path).
pub(super) fn type_expr(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.type_def(*id).name.clone(),
        TypeRef::Scalar(scalar) => scalar_expr(*scalar).to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_expr(api, item)),
        TypeRef::Map(value) if **value == TypeRef::Any => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_expr(api, value)),
        TypeRef::Any => "serde_json::Value".to_owned(),
    }
}

fn scalar_expr(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String(StringFormat::Binary) => "bytes::Bytes",
        Scalar::String(_) => "String",
        Scalar::Boolean => "bool",
        Scalar::Integer(IntegerKind::I32) => "i32",
        Scalar::Integer(IntegerKind::I64) => "i64",
        Scalar::Integer(IntegerKind::U32) => "u32",
        Scalar::Integer(IntegerKind::U64) => "u64",
        Scalar::Number(NumberKind::F32) => "f32",
        Scalar::Number(NumberKind::F64) => "f64",
    }
}

/// The declared type of a struct field: its type, boxed when it leads back to its own type,
/// in `Option` when the field is optional.
pub(super) fn field_type(api: &Api, field: &Field) -> String {
    let ty = type_expr(api, &field.ty);
    let ty = if field.boxed { format!("Box<{ty}>") } else { ty };
    if field.is_optional() { format!("Option<{ty}>") } else { ty }
}

/// The field as a path, e.g. `` `Session::status` ``.
pub(super) fn field_path(type_name: &str, field: &Field) -> String {
    format!("`{type_name}::{}`", field.name)
}

/// The client methods that start an operation, e.g. `` `Client::list_sessions` and `AppClient::list_sessions` ``.
pub(super) fn methods(api: &Api, op: &Operation) -> String {
    match &api.scope {
        Some(scope) => format!("`Client::{0}` and `{1}::{0}`", op.method_name, scope.type_name),
        None => format!("`Client::{}`", op.method_name),
    }
}

/// The request builder type, e.g. `` `operations::ListSessions` ``.
pub(super) fn builder(op: &Operation) -> String {
    format!("`operations::{}`", op.builder_name)
}

/// The setter of an optional parameter, e.g. `` `ListSessions::status(SessionStatus)` ``.
pub(super) fn setter(api: &Api, op: &Operation, param: &Param) -> String {
    format!("`{}::{}({})`", op.builder_name, param.name, type_expr(api, &param.ty))
}

/// The arguments of the client method, e.g. `list_sessions(account_id, app_id)`: required
/// parameters in order, then a required body.
pub(super) fn signature(op: &Operation) -> String {
    let mut arguments: Vec<&str> = op.params.iter().filter(|p| p.required).map(|p| p.name.as_str()).collect();
    if op.body.as_ref().is_some_and(|b| b.required) {
        arguments.push("body");
    }
    format!("`{}({})`", op.method_name, arguments.join(", "))
}

/// The constructor a struct offers: `new(required fields)`, or `Default` when none is required.
pub(super) fn constructor(type_name: &str, fields: &[Field]) -> String {
    let required: Vec<&str> =
        realtimekit_codegen::ir::constructor_arguments(fields).iter().map(|f| f.name.as_str()).collect();
    if required.is_empty() {
        format!("`{type_name}::default()`")
    } else {
        format!("`{type_name}::new({})`", required.join(", "))
    }
}
