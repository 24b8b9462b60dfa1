//! Emits each operation's `BuildRequest` impl: one runtime call per parameter (by location and
//! style, with its validation rules) and one for the body (by encoding).
//!
//! Everything here is a fact of the operation; how values are encoded is the runtime's. The impl
//! also says how the success body is encoded where that is not JSON as `application/json`, so the
//! `mock` feature answers as the service does.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::answers::{success_type, uses_status_enum};
use crate::ir::{
    AnswerEnum, Api, BodyEncoding, Constraints, Delimiter, Operation, Param, ParamLocation, ParamStyle, RequestBody,
    ResponseKind, RustName, Scalar, Serialization, SerializationStyle, StatusMatch, StringFormat, TypeKind, TypeRef,
};
use crate::surface::additional_properties_field;
use crate::surface::runtime::{Imports, Item};

/// The `BuildRequest` impl: the success type, status and body encoding, and how the request is
/// built.
pub(super) fn build_request_impl(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let builder = op.builder_name.ident();
    let facts = op.facts_name.ident();
    let success_ty = success_type(api, op, imports);
    let request_type = imports.name(Item::Request);
    let success_status = Literal::u16_unsuffixed(match op.success().map(|r| r.status) {
        Some(StatusMatch::Code(code)) => code,
        _ => 200,
    });
    let fixed = op.fixed_query.iter().map(|(key, value)| quote! { request.fixed_query_pair(#key, #value); });
    let steps = op.params.iter().map(|param| param_step(param, imports));
    let body = op.body.as_ref().map(|body| body_step(api, body, imports));
    let accept = op
        .success()
        .filter(|r| op.success_enum.is_none() && matches!(r.kind, ResponseKind::Text | ResponseKind::Binary))
        .map(|_| quote! { request.accept("*/*"); });
    let build = if op.fixed_query.is_empty() && op.params.is_empty() && op.body.is_none() && accept.is_none() {
        quote! { #request_type::new(&#facts) }
    } else {
        quote! {
            let mut request = #request_type::new(&#facts);
            #(#fixed)*
            #(#steps)*
            #body
            #accept
            request
        }
    };
    let status_of = uses_status_enum(op).then(|| {
        let from_status = imports.name(Item::FromStatus);
        quote! {
            fn success_status(value: &Self::Success) -> u16 {
                #from_status::status(value)
            }
        }
    });
    // The first success answer's encoding, stated only where it is not the default.
    let first = op.success().map_or(Encoding::Json(JSON), |r| encoding(r.kind, r.media_type.as_deref()));
    let success_body = (first != Encoding::Json(JSON)).then(|| {
        let (success_body, encoding) = (imports.name(Item::SuccessBody), encoding_tokens(first, imports));
        quote! { const SUCCESS_BODY: #success_body = #encoding; }
    });
    let body_of = op.success_enum.as_ref().and_then(|answers| success_body_method(op, answers, first, imports));
    let build_request = imports.name(Item::BuildRequest);
    quote! {
        impl #build_request for #builder {
            type Success = #success_ty;
            const SUCCESS_STATUS: u16 = #success_status;
            #success_body
            fn build_request(&self) -> #request_type {
                #build
            }
            #status_of
            #body_of
        }
    }
}

/// How a success answer's body is encoded: its kind and media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding<'a> {
    Json(&'a str),
    Text(&'a str),
    Binary(&'a str),
    Empty,
}

/// The encoding of an answer of `kind`, documented with `media_type`.
fn encoding(kind: ResponseKind, media_type: Option<&str>) -> Encoding<'_> {
    match kind {
        ResponseKind::Json => Encoding::Json(media_type.unwrap_or(JSON)),
        ResponseKind::Text => Encoding::Text(media_type.unwrap_or("text/plain")),
        ResponseKind::Binary => Encoding::Binary(media_type.unwrap_or("application/octet-stream")),
        ResponseKind::Empty => Encoding::Empty,
    }
}

/// The media type of the runtime's default encoding, `SuccessBody::JSON`.
const JSON: &str = "application/json";

/// The runtime's `SuccessBody` for an encoding, written as `SuccessBody::JSON` for the default.
fn encoding_tokens(encoding: Encoding<'_>, imports: &Imports) -> TokenStream {
    let success_body = imports.name(Item::SuccessBody);
    let (variant, media_type) = match encoding {
        Encoding::Json(JSON) => return quote! { #success_body::JSON },
        Encoding::Json(media_type) => ("Json", Some(media_type)),
        Encoding::Text(media_type) => ("Text", Some(media_type)),
        Encoding::Binary(media_type) => ("Binary", Some(media_type)),
        Encoding::Empty => ("Empty", None),
    };
    let variant = RustName::plain(variant).ident();
    match media_type {
        Some(media_type) => quote! { #success_body::#variant(#media_type) },
        None => quote! { #success_body::#variant },
    }
}

/// The `success_body` method of an operation with a success enum: one arm per encoding that
/// differs from `SUCCESS_BODY` (the first success answer's), the other variants falling back to
/// it; `None` when every answer is encoded as `SUCCESS_BODY` says.
fn success_body_method(
    op: &Operation,
    answers: &AnswerEnum,
    first: Encoding<'_>,
    imports: &Imports,
) -> Option<TokenStream> {
    // Variants that share an encoding share an arm, in the order the encodings first appear.
    let mut arms: Vec<(Encoding<'_>, Vec<TokenStream>)> = Vec::new();
    let mut falls_back = false;
    let name = answers.name.ident();
    for variant in &answers.variants {
        let response = op.responses.iter().find(|r| r.status == variant.status && r.status.is_success());
        let encoding = encoding(variant.kind, response.and_then(|r| r.media_type.as_deref()));
        if encoding == first {
            falls_back = true;
            continue;
        }
        let variant_name = variant.name.ident();
        let pattern = match variant.ty {
            Some(_) => quote! { #name::#variant_name(_) },
            None => quote! { #name::#variant_name },
        };
        match arms.iter_mut().find(|(seen, _)| *seen == encoding) {
            Some((_, patterns)) => patterns.push(pattern),
            None => arms.push((encoding, vec![pattern])),
        }
    }
    if arms.is_empty() {
        return None;
    }
    let arms = arms.iter().map(|(encoding, patterns)| {
        let value = encoding_tokens(*encoding, imports);
        quote! { #(#patterns)|* => #value, }
    });
    let fallback = falls_back.then(|| quote! { _ => Self::SUCCESS_BODY, });
    let success_body = imports.name(Item::SuccessBody);
    Some(quote! {
        fn success_body(value: &Self::Success) -> #success_body {
            match value {
                #(#arms)*
                #fallback
            }
        }
    })
}

/// The runtime call that adds one parameter.
fn param_step(param: &Param, imports: &Imports) -> TokenStream {
    let name = param.name.ident();
    let wire = &param.wire_name;
    let value = if param.required {
        quote! { Some(&self.#name) }
    } else {
        quote! { self.#name.as_ref() }
    };
    if let ParamStyle::Serialized(_) | ParamStyle::Json = param.style {
        // Serialized values carry no rules, so `Constraints` is not named for them.
        return serialized_step(param, &value, imports);
    }
    let rules = constraints_tokens(&param.constraints, imports);
    let slice = if param.required {
        quote! { Some(self.#name.as_slice()) }
    } else {
        quote! { self.#name.as_deref() }
    };
    let simple_path = param.serialization.style == SerializationStyle::Simple;
    match (param.location, param.style) {
        (_, ParamStyle::Serialized(_) | ParamStyle::Json) => serialized_step(param, &value, imports),
        (ParamLocation::Path, ParamStyle::Scalar) if simple_path => {
            quote! { request.path_param(#wire, &self.#name, #rules); }
        }
        (ParamLocation::Path, ParamStyle::Scalar) => {
            let style = style_tokens(param.serialization, imports);
            quote! { request.path_param_as(#wire, &self.#name, #style, #rules); }
        }
        (ParamLocation::Path, ParamStyle::Joined(_) | ParamStyle::Exploded) if simple_path => {
            quote! { request.path_param_list(#wire, &self.#name, #rules); }
        }
        (ParamLocation::Path, ParamStyle::Joined(_) | ParamStyle::Exploded) => {
            let style = style_tokens(param.serialization, imports);
            quote! { request.path_param_list_as(#wire, &self.#name, #style, #rules); }
        }
        (ParamLocation::Query, ParamStyle::Scalar) => quote! { request.query_param(#wire, #value, #rules); },
        (ParamLocation::Query, ParamStyle::Exploded) => quote! { request.query_param_list(#wire, #slice, #rules); },
        (ParamLocation::Query, ParamStyle::Joined(delimiter)) => {
            let style_type = imports.name(Item::Style);
            let style = match delimiter {
                Delimiter::Comma => quote! { #style_type::Form },
                Delimiter::Space => quote! { #style_type::SpaceDelimited },
                Delimiter::Pipe => quote! { #style_type::PipeDelimited },
            };
            quote! { request.query_param_joined(#wire, #slice, #style, #rules); }
        }
        (ParamLocation::Header, ParamStyle::Scalar) => quote! { request.header_param(#wire, #value, #rules); },
        (ParamLocation::Header, _) => quote! { request.header_param_list(#wire, #slice, #rules); },
        (ParamLocation::Cookie, ParamStyle::Scalar) => quote! { request.cookie_param(#wire, #value, #rules); },
        (ParamLocation::Cookie, ParamStyle::Exploded) => {
            quote! { request.cookie_param_exploded(#wire, #slice, #rules); }
        }
        (ParamLocation::Cookie, _) => quote! { request.cookie_param_list(#wire, #slice, #rules); },
    }
}

/// The runtime call that adds a value serialized first: as JSON text (`content`), or (an
/// object, a map, a union) written in the parameter's style; `value` is the optional value, as
/// the query, header and cookie calls take it.
fn serialized_step(param: &Param, value: &TokenStream, imports: &Imports) -> TokenStream {
    let (name, wire) = (param.name.ident(), &param.wire_name);
    if param.style == ParamStyle::Json {
        return match param.location {
            ParamLocation::Path => quote! { request.path_param_json(#wire, &self.#name); },
            ParamLocation::Query => quote! { request.query_param_json(#wire, #value); },
            ParamLocation::Header => quote! { request.header_param_json(#wire, #value); },
            ParamLocation::Cookie => quote! { request.cookie_param_json(#wire, #value); },
        };
    }
    let style = style_tokens(param.serialization, imports);
    match param.location {
        ParamLocation::Path => quote! { request.path_param_styled(#wire, &self.#name, #style); },
        ParamLocation::Query => quote! { request.query_param_styled(#wire, #value, #style); },
        ParamLocation::Header => quote! { request.header_param_styled(#wire, #value, #style); },
        ParamLocation::Cookie => quote! { request.cookie_param_styled(#wire, #value, #style); },
    }
}

/// The runtime's `Style` for a parameter's style and `explode`.
fn style_tokens(serialization: Serialization, imports: &Imports) -> TokenStream {
    let style_type = imports.name(Item::Style);
    let variant = match (serialization.style, serialization.explode) {
        (SerializationStyle::Simple, false) => "Simple",
        (SerializationStyle::Simple, true) => "SimpleExploded",
        (SerializationStyle::Label, false) => "Label",
        (SerializationStyle::Label, true) => "LabelExploded",
        (SerializationStyle::Matrix, false) => "Matrix",
        (SerializationStyle::Matrix, true) => "MatrixExploded",
        (SerializationStyle::Form, false) => "Form",
        (SerializationStyle::Form, true) => "FormExploded",
        (SerializationStyle::SpaceDelimited, _) => "SpaceDelimited",
        (SerializationStyle::PipeDelimited, _) => "PipeDelimited",
        (SerializationStyle::DeepObject, _) => "DeepObject",
    };
    let variant = RustName::plain(variant).ident();
    quote! { #style_type::#variant }
}

/// The runtime calls that set the body, when it is given.
fn body_step(api: &Api, body: &RequestBody, imports: &Imports) -> TokenStream {
    match (body.required, body.encoding) {
        (true, BodyEncoding::Multipart) => {
            let set = set_body(api, body, imports, quote! { body });
            quote! {
                let body = &self.body;
                #set
            }
        }
        (true, _) => set_body(api, body, imports, quote! { self.body }),
        (false, _) => {
            let set = set_body(api, body, imports, quote! { body });
            quote! {
                if let Some(body) = &self.body {
                    #set
                }
            }
        }
    }
}

/// The calls that set the body held by the place `value` (`self.body`, or the binding `body`).
fn set_body(api: &Api, body: &RequestBody, imports: &Imports, value: TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json if body.media_type == "application/json" => quote! { request.json_body(&#value); },
        BodyEncoding::Json => {
            let media_type = &body.media_type;
            quote! {
                request.json_body(&#value);
                request.content_type(#media_type);
            }
        }
        BodyEncoding::Form => quote! { request.form_body(&#value); },
        BodyEncoding::Multipart => multipart_steps(api, &body.ty, imports),
        BodyEncoding::Text | BodyEncoding::Binary => {
            let media_type = &body.media_type;
            quote! { request.raw_body(#value.clone(), #media_type); }
        }
    }
}

/// One part per property of a multipart body: files for binary properties, values otherwise.
fn multipart_steps(api: &Api, ty: &TypeRef, imports: &Imports) -> TokenStream {
    let TypeRef::Named(id) = api.resolve_alias(ty) else { return TokenStream::new() };
    let TypeKind::Struct(object) = &api.type_def(*id).kind else { return TokenStream::new() };
    let parts = object.fields.iter().map(|field| {
        let name = field.name.ident();
        let wire = &field.wire_name;
        let binary = TypeRef::Scalar(Scalar::String(StringFormat::Binary));
        match (&field.ty, field.is_optional()) {
            (ty, false) if *ty == binary => quote! { form.file(#wire, Some(&body.#name)); },
            (ty, true) if *ty == binary => quote! { form.file(#wire, body.#name.as_ref()); },
            (TypeRef::Array(item), false) if **item == binary => {
                quote! { body.#name.iter().for_each(|file| form.file(#wire, Some(file))); }
            }
            (TypeRef::Array(item), true) if **item == binary => {
                quote! { body.#name.iter().flatten().for_each(|file| form.file(#wire, Some(file))); }
            }
            _ => quote! { form.field(#wire, &body.#name); },
        }
    });
    let additional = object.additional_properties.as_ref().map(|_| {
        let field = additional_properties_field().ident();
        quote! { body.#field.iter().for_each(|(key, value)| form.field(key, value)); }
    });
    let multipart = imports.name(Item::Multipart);
    quote! {
        let mut form = #multipart::new();
        #(#parts)*
        #additional
        request.multipart_body(form);
    }
}

/// `&Constraints::NONE` with one `const` call per rule, e.g. `&Constraints::NONE.max_length(32)`.
fn constraints_tokens(rules: &Constraints, imports: &Imports) -> TokenStream {
    let mut calls = Vec::new();
    let length = |value: u64| Literal::usize_unsuffixed(usize::try_from(value).unwrap_or(usize::MAX));
    if let Some(min) = rules.min_length {
        let min = length(min);
        calls.push(quote! { .min_length(#min) });
    }
    if let Some(max) = rules.max_length {
        let max = length(max);
        calls.push(quote! { .max_length(#max) });
    }
    if let Some(min) = rules.minimum.filter(|v| v.is_finite()) {
        let min = number(min);
        calls.push(if rules.exclusive_minimum {
            quote! { .exclusive_minimum(#min) }
        } else {
            quote! { .minimum(#min) }
        });
    }
    if let Some(max) = rules.maximum.filter(|v| v.is_finite()) {
        let max = number(max);
        calls.push(if rules.exclusive_maximum {
            quote! { .exclusive_maximum(#max) }
        } else {
            quote! { .maximum(#max) }
        });
    }
    let constraints = imports.name(Item::Constraints);
    quote! { &#constraints::NONE #(#calls)* }
}

/// A finite `f64` as a literal, with its sign as a separate token so it parses as an expression.
fn number(value: f64) -> TokenStream {
    let literal = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() && value != 0.0 {
        quote! { -#literal }
    } else {
        quote! { #literal }
    }
}
