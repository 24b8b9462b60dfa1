//! Lowering parameters: path-level and operation-level ones merged (the operation's win), each
//! with the style its location, `style`, `explode` and shape call for.
//!
//! Every `style` of OpenAPI 3.0 is written for every shape it allows: scalars, enums and unions
//! of them as one value; arrays of those exploded or joined; objects, maps and other unions
//! serialized first, then written in their style (`simple`, `label` and `matrix` in paths,
//! `simple` in headers, `form` in cookies, any query style, `deepObject` to any depth). Only
//! `content` parameters make the operation skipped. `Accept`, `Content-Type` and `Authorization`
//! header parameters are ignored, as the OpenAPI specification says: the client sets those
//! itself.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

use super::Lowering;
use super::media::is_json;
use super::skip::Skip;
use crate::diagnostics::Pointer;
use crate::ir::{
    Api, Delimiter, ObjectStyle, Param, ParamLocation, ParamStyle, Scalar, Serialization, SerializationStyle,
    StringFormat, TypeDef, TypeKind, TypeRef, resolve_alias,
};
use crate::names;
use crate::path_template::template_variables;

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
                None => {
                    let declaring = self.declaring_hint(&resolved.at);
                    let hint = declaring.as_deref().unwrap_or(hint);
                    format!("{hint}{}", names::type_name(&resolved.item.parameter_data_ref().name))
                }
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
        let (schema, style, schema_at) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, None, at.push("schema")),
            ParameterSchemaOrContent::Content(content) => {
                // The spec allows one entry; a JSON one is written as JSON text.
                let json = content.iter().find(|(media_type, _)| is_json(media_type));
                let Some((media_type, media)) = json.filter(|_| content.len() == 1) else {
                    let media_types: Vec<&str> = content.keys().map(String::as_str).collect();
                    return Err(Skip(format!(
                        "parameter `{}` is given as `content` of {}, which is not supported: only one JSON media type is",
                        data.name,
                        media_types.join(", ")
                    )));
                };
                let Some(schema) = &media.schema else {
                    return Err(Skip(format!(
                        "parameter `{}` gives `{media_type}` content without a schema",
                        data.name
                    )));
                };
                (schema, Some(ParamStyle::Json), at.push("content").push(media_type.as_str()).push("schema"))
            }
        };
        let ty = self.type_ref(schema, &schema_at, hint);
        let serialization = serialization(parameter);
        let style = style.unwrap_or_else(|| param_style(self.param_shape(&ty), serialization));
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
            serialization,
            default: resolved.and_then(|s| s.schema_data.default.clone()),
        }))
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

/// The `style` a parameter declares, or its location's, and whether it is exploded: `explode`
/// defaults to true for `form` only.
fn serialization(parameter: &Parameter) -> Serialization {
    let style = match parameter {
        Parameter::Path { style: PathStyle::Simple, .. } | Parameter::Header { .. } => SerializationStyle::Simple,
        Parameter::Path { style: PathStyle::Label, .. } => SerializationStyle::Label,
        Parameter::Path { style: PathStyle::Matrix, .. } => SerializationStyle::Matrix,
        Parameter::Query { style: QueryStyle::Form, .. } | Parameter::Cookie { .. } => SerializationStyle::Form,
        Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => SerializationStyle::SpaceDelimited,
        Parameter::Query { style: QueryStyle::PipeDelimited, .. } => SerializationStyle::PipeDelimited,
        Parameter::Query { style: QueryStyle::DeepObject, .. } => SerializationStyle::DeepObject,
    };
    let explode = parameter.parameter_data_ref().explode.unwrap_or(style == SerializationStyle::Form);
    Serialization { style, explode }
}

/// How a value of `shape` is written in `serialization`. A `simple` array is the same exploded
/// or not, and so is joined either way.
fn param_style(shape: ParamShape, serialization: Serialization) -> ParamStyle {
    let Serialization { style, explode } = serialization;
    match shape {
        ParamShape::Scalar => ParamStyle::Scalar,
        ParamShape::ScalarArray => match style {
            SerializationStyle::SpaceDelimited => ParamStyle::Joined(Delimiter::Space),
            SerializationStyle::PipeDelimited => ParamStyle::Joined(Delimiter::Pipe),
            SerializationStyle::Simple => ParamStyle::Joined(Delimiter::Comma),
            _ if explode => ParamStyle::Exploded,
            _ => ParamStyle::Joined(Delimiter::Comma),
        },
        ParamShape::Other => ParamStyle::Serialized(match style {
            SerializationStyle::DeepObject => ObjectStyle::DeepObject,
            _ if explode => ObjectStyle::FormExploded,
            _ => ObjectStyle::Form,
        }),
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
