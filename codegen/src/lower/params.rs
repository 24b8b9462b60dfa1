//! Lowering parameters: path-level and operation-level ones merged (the operation's win), each
//! with the style its location, `style`, `explode` and shape call for.
//!
//! Scalars, enums and unions of them go anywhere. Arrays of those are exploded or joined as
//! their style says. Objects, maps and other unions are serialized in the query (`form` or
//! `deepObject`); in a path, header or cookie they, like the `matrix` and `label` path styles and
//! `content` parameters, make the operation skipped. `Accept`, `Content-Type` and `Authorization` header parameters
//! are ignored, as the OpenAPI specification says: the client sets those itself.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

use super::Lowering;
use super::path_template::template_variables;
use super::skip::Skip;
use crate::diagnostics::Pointer;
use crate::ir::{
    Api, Delimiter, ObjectStyle, Param, ParamLocation, ParamStyle, Scalar, StringFormat, TypeDef, TypeKind, TypeRef,
    resolve_alias,
};
use crate::names;

/// Header parameters the OpenAPI specification says to ignore.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// The shape of a parameter's type, which decides how it can be written.
enum ParamShape {
    Scalar,
    ScalarArray,
    Other,
}

impl<'a> Lowering<'a> {
    /// Path-level parameters overridden by operation-level ones of the same name and location,
    /// ordered path (template order), query, header, cookie.
    pub(super) fn params(
        &mut self,
        path: &str,
        path_level: &'a [ReferenceOr<Parameter>],
        operation_level: &'a [ReferenceOr<Parameter>],
        at: &Pointer,
        hint: &str,
    ) -> Result<Vec<Param>, Skip> {
        let at_path_item = Pointer::root().push("paths").push(path).push("parameters");
        let mut merged: Vec<(Param, Pointer)> = Vec::new();
        let sources = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, at_path_item.push(i)))
            .chain(operation_level.iter().enumerate().map(|(i, p)| (p, at.push("parameters").push(i))));
        for (parameter, param_at) in sources {
            let Some(resolved) = self.resolve_located(parameter, &param_at) else { continue };
            let hint = match &resolved.component {
                Some(component) => names::type_name(component),
                None => format!("{hint}{}", names::type_name(&resolved.item.parameter_data_ref().name)),
            };
            let Some(param) = self.param(resolved.item, &resolved.at, &hint)? else { continue };
            merged.retain(|(p, _)| !(p.wire_name == param.wire_name && p.location == param.location));
            merged.push((param, param_at));
        }
        let variables = template_variables(path);
        for variable in &variables {
            if !merged.iter().any(|(p, _)| p.location == ParamLocation::Path && &p.wire_name == variable) {
                self.error(
                    at,
                    format!("path variable `{{{variable}}}` of `{path}` is not declared as a path parameter"),
                );
            }
        }
        for (param, param_at) in &merged {
            if param.location == ParamLocation::Path && !variables.contains(&param.wire_name) {
                self.error(param_at, format!("path parameter `{}` does not appear in `{path}`", param.wire_name));
            }
        }
        let position = |p: &Param| variables.iter().position(|v| v == &p.wire_name).unwrap_or(usize::MAX);
        let mut params: Vec<Param> = merged.into_iter().map(|(p, _)| p).collect();
        params.sort_by_key(|p| (p.location, if p.location == ParamLocation::Path { position(p) } else { 0 }));
        Ok(params)
    }

    /// One parameter declared at `at`, or `None` for a header the client sets itself.
    fn param(&mut self, parameter: &'a Parameter, at: &Pointer, hint: &str) -> Result<Option<Param>, Skip> {
        let data = parameter.parameter_data_ref();
        let location = match parameter {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        if location == ParamLocation::Header && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
            return Ok(None);
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Skip(format!("parameter `{}` uses `content`, which is not supported", data.name)));
        };
        let ty = self.type_ref(schema, &at.push("schema"), hint);
        let style = self.param_style(parameter, &ty)?;
        let resolved = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        };
        Ok(Some(Param {
            name: names::field_name(&data.name),
            wire_name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            constraints: resolved.map(super::scalars::constraints).unwrap_or_default(),
            docs: data.description.clone().or_else(|| resolved.and_then(|s| s.schema_data.description.clone())),
            deprecated: data.deprecated.unwrap_or(false),
            style,
            default: resolved.and_then(|s| s.schema_data.default.clone()),
        }))
    }

    /// How a parameter of type `ty` is written, or why it cannot be.
    fn param_style(&self, parameter: &Parameter, ty: &TypeRef) -> Result<ParamStyle, Skip> {
        let data = parameter.parameter_data_ref();
        let shape = self.param_shape(ty);
        let unsupported = |what: &str| Skip(format!("parameter `{}` is {what}, which is not supported", data.name));
        match (parameter, shape) {
            (Parameter::Path { style: PathStyle::Matrix | PathStyle::Label, .. }, _) => {
                Err(unsupported("in the `matrix` or `label` path style"))
            }
            (_, ParamShape::Scalar) => Ok(ParamStyle::Scalar),
            (Parameter::Query { style, .. }, ParamShape::ScalarArray) => {
                let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                Ok(match style {
                    QueryStyle::SpaceDelimited => ParamStyle::Joined(Delimiter::Space),
                    QueryStyle::PipeDelimited => ParamStyle::Joined(Delimiter::Pipe),
                    QueryStyle::Form | QueryStyle::DeepObject if explode => ParamStyle::Exploded,
                    QueryStyle::Form | QueryStyle::DeepObject => ParamStyle::Joined(Delimiter::Comma),
                })
            }
            (Parameter::Query { style, .. }, ParamShape::Other) => {
                let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                Ok(ParamStyle::Serialized(match style {
                    QueryStyle::DeepObject => ObjectStyle::DeepObject,
                    _ if explode => ObjectStyle::FormExploded,
                    _ => ObjectStyle::Form,
                }))
            }
            (_, ParamShape::ScalarArray) => Ok(ParamStyle::Joined(Delimiter::Comma)),
            (_, ParamShape::Other) => Err(unsupported("an object, map or union outside the query")),
        }
    }

    /// Whether a type, seen through aliases, is a scalar, an array of scalars, or anything else.
    fn param_shape(&self, ty: &TypeRef) -> ParamShape {
        if is_text_value(&self.types, ty, true) {
            return ParamShape::Scalar;
        }
        match resolve_alias(&self.types, ty) {
            TypeRef::Array(item) if is_text_value(&self.types, item, true) => ParamShape::ScalarArray,
            _ => ParamShape::Other,
        }
    }

    /// The type an alias chain ends at.
    pub(super) fn unalias(&self, ty: &TypeRef) -> TypeRef {
        resolve_alias(&self.types, ty).clone()
    }
}

/// Records which untagged unions hold only alternatives written as text.
pub(super) fn mark_text_unions(api: &mut Api) {
    let text: Vec<bool> = api
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(union) => {
                union.discriminator.is_none()
                    && union.variants.iter().all(|variant| is_text_value(&api.types, &variant.ty, false))
            }
            _ => false,
        })
        .collect();
    for (def, text) in api.types.iter_mut().zip(text) {
        if let TypeKind::Union(union) = &mut def.kind {
            union.text_value = text;
        }
    }
}

/// Whether a value of `ty` is written as one piece of text: a scalar, an enum, or (when
/// `or_union`) an untagged union of those, such as GitHub's `workflow_id`, an integer or a file
/// name.
fn is_text_value(types: &[TypeDef], ty: &TypeRef, or_union: bool) -> bool {
    match resolve_alias(types, ty) {
        TypeRef::Scalar(Scalar::String(StringFormat::Binary)) => false,
        TypeRef::Scalar(_) | TypeRef::Any => true,
        TypeRef::Named(id) => match types.get(id.0).map(|def| &def.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Union(union)) if or_union && union.discriminator.is_none() => {
                union.variants.iter().all(|variant| is_text_value(types, &variant.ty, false))
            }
            _ => false,
        },
        TypeRef::Array(_) | TypeRef::Map(_) => false,
    }
}
