//! Lowering request bodies and responses: the media type each uses decides how it is encoded
//! or decoded, and several documented answers with different bodies become an enum.
//!
//! When a content map offers several media types, JSON is preferred, then a form, multipart,
//! text, and last any other type, which travels as raw bytes.

use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::Lowering;
use super::skip::Skip;
use crate::diagnostics::Pointer;
use crate::ir::{
    AnswerEnum, AnswerVariant, BodyEncoding, Example, RequestBody, Response, ResponseKind, RustName, Scalar,
    StatusMatch, StringFormat, TypeKind, TypeRef,
};
use crate::names;

/// What a media type is, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Media {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

const TEXT: TypeRef = TypeRef::Scalar(Scalar::String(StringFormat::Plain));
const BYTES: TypeRef = TypeRef::Scalar(Scalar::String(StringFormat::Binary));

impl<'a> Lowering<'a> {
    /// The request body, or why the operation cannot send it.
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Option<RequestBody>, Skip> {
        let Some(resolved) = self.resolve_located(body, at) else { return Ok(None) };
        let hint = match &resolved.component {
            Some(component) => names::type_name(component),
            None => format!("{}Body", self.declaring_hint(&resolved.at).as_deref().unwrap_or(hint)),
        };
        let body = resolved.item;
        let Some((media_type, media, kind)) = pick_media(&body.content) else {
            return Err(Skip("the request body documents no media type".to_owned()));
        };
        if !media_type.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return Err(Skip(format!("the request media type `{media_type}` is not valid in a header")));
        }
        let schema_at = resolved.at.push("content").push(media_type).push("schema");
        let schema_ty = match &media.schema {
            Some(schema) => self.type_ref(schema, &schema_at, &hint),
            None => TypeRef::Any,
        };
        let (encoding, ty) = match kind {
            Media::Json => (BodyEncoding::Json, schema_ty),
            Media::Form if self.is_object(&schema_ty, false) => (BodyEncoding::Form, schema_ty),
            Media::Multipart if self.is_object(&schema_ty, true) => (BodyEncoding::Multipart, schema_ty),
            Media::Form | Media::Multipart => {
                return Err(Skip(format!("the `{media_type}` request body is not an object with properties")));
            }
            Media::Text => (BodyEncoding::Text, TEXT),
            Media::Binary => (BodyEncoding::Binary, BYTES),
        };
        Ok(Some(RequestBody {
            encoding,
            media_type: sent_media_type(media_type, kind),
            ty,
            required: body.required,
            docs: body.description.clone(),
        }))
    }

    /// Whether a body type is an object: a struct (or, unless `struct_only`, a map).
    fn is_object(&self, ty: &TypeRef, struct_only: bool) -> bool {
        match self.unalias(ty) {
            TypeRef::Named(id) => matches!(self.types.get(id.0).map(|def| &def.kind), Some(TypeKind::Struct(_))),
            TypeRef::Map(_) | TypeRef::Any => !struct_only,
            TypeRef::Scalar(_) | TypeRef::Array(_) => false,
        }
    }

    /// Every documented response, success first, in status order.
    pub(super) fn responses(&mut self, responses: &'a openapiv3::Responses, at: &Pointer, hint: &str) -> Vec<Response> {
        let mut lowered = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, response)| (status_match(code), code.to_string(), response))
            .chain(responses.default.iter().map(|response| (StatusMatch::Default, "default".to_owned(), response)));
        let success_count = responses.responses.keys().filter(|code| status_match(code).is_success()).count();
        for (status, key, response) in entries {
            let Some(resolved) = self.resolve_located(response, &at.push(&key)) else { continue };
            let declaring = self.declaring_hint(&resolved.at);
            let hint = declaring.as_deref().unwrap_or(hint);
            let name = match (&resolved.component, status) {
                (Some(component), _) => names::type_name(component),
                (None, s) if s.is_success() && success_count == 1 => format!("{hint}Response"),
                (None, s) if s.is_success() => format!("{hint}Response{}", names::type_name(&key)),
                (None, _) => format!("{hint}Error{}", names::type_name(&key)),
            };
            let response = resolved.item;
            let picked = pick_media(&response.content);
            let media_type = picked.map(|(media_type, _, media)| answer_media_type(media_type, media));
            let (kind, ty, examples) = match picked {
                None => (ResponseKind::Empty, None, Vec::new()),
                Some((media_type, media, Media::Json)) => {
                    let media_at = resolved.at.push("content").push(media_type);
                    let ty = match &media.schema {
                        Some(schema) => self.type_ref(schema, &media_at.push("schema"), &name),
                        None => TypeRef::Any,
                    };
                    (ResponseKind::Json, Some(ty), self.examples(media, &media_at))
                }
                Some((_, _, Media::Text)) => (ResponseKind::Text, Some(TEXT), Vec::new()),
                Some(_) => (ResponseKind::Binary, Some(BYTES), Vec::new()),
            };
            let description = response.description.clone();
            lowered.push(Response { status, description, ty, kind, media_type, examples });
        }
        lowered.sort_by_key(|r| (!r.status.is_success(), r.status));
        lowered
    }

    fn examples(&mut self, media: &'a MediaType, at: &Pointer) -> Vec<Example> {
        let mut examples: Vec<Example> = media
            .example
            .iter()
            .map(|value| Example { name: "example".to_owned(), summary: None, value: value.clone() })
            .collect();
        for (name, example) in &media.examples {
            let Some(example) = self.resolve(example, &at.push("examples").push(name)) else { continue };
            if let Some(value) = &example.value {
                examples.push(Example { name: name.clone(), summary: example.summary.clone(), value: value.clone() });
            }
        }
        examples
    }
}

/// The success and error enums of an operation whose answers of one kind have different bodies;
/// names are provisional until the naming phase.
pub(super) fn answer_enums(responses: &[Response], hint: &str) -> (Option<AnswerEnum>, Option<AnswerEnum>) {
    let (success, errors): (Vec<&Response>, Vec<&Response>) = responses.iter().partition(|r| r.status.is_success());
    let success_enum = (distinct_bodies(&success, true) > 1).then(|| answer_enum(&success, format!("{hint}Response")));
    let error_enum = (distinct_bodies(&errors, false) > 1).then(|| answer_enum(&errors, format!("{hint}Error")));
    (success_enum, error_enum)
}

/// How many different bodies the answers have; answers without a body count only if
/// `count_empty`.
fn distinct_bodies(responses: &[&Response], count_empty: bool) -> usize {
    let mut seen: Vec<(ResponseKind, Option<&TypeRef>)> = Vec::new();
    for response in responses.iter().filter(|r| count_empty || r.ty.is_some()) {
        let key = (response.kind, response.ty.as_ref());
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen.len()
}

fn answer_enum(responses: &[&Response], name: String) -> AnswerEnum {
    let name = RustName::plain(name);
    let variants = responses
        .iter()
        .map(|response| AnswerVariant {
            name: status_variant_name(response.status),
            status: response.status,
            kind: response.kind,
            ty: response.ty.clone(),
            boxed: false,
        })
        .collect();
    AnswerEnum { name, variants }
}

/// The variant name of an answer: the status's reason phrase, e.g. `NotFound` for 404.
fn status_variant_name(status: StatusMatch) -> RustName {
    let name = match status {
        StatusMatch::Code(200) => "Ok",
        StatusMatch::Code(201) => "Created",
        StatusMatch::Code(202) => "Accepted",
        StatusMatch::Code(203) => "NonAuthoritative",
        StatusMatch::Code(204) => "NoContent",
        StatusMatch::Code(206) => "PartialContent",
        StatusMatch::Code(207) => "MultiStatus",
        StatusMatch::Code(400) => "BadRequest",
        StatusMatch::Code(401) => "Unauthorized",
        StatusMatch::Code(402) => "PaymentRequired",
        StatusMatch::Code(403) => "Forbidden",
        StatusMatch::Code(404) => "NotFound",
        StatusMatch::Code(405) => "MethodNotAllowed",
        StatusMatch::Code(409) => "Conflict",
        StatusMatch::Code(410) => "Gone",
        StatusMatch::Code(412) => "PreconditionFailed",
        StatusMatch::Code(413) => "PayloadTooLarge",
        StatusMatch::Code(415) => "UnsupportedMediaType",
        StatusMatch::Code(422) => "UnprocessableEntity",
        StatusMatch::Code(429) => "TooManyRequests",
        StatusMatch::Code(500) => "InternalServerError",
        StatusMatch::Code(502) => "BadGateway",
        StatusMatch::Code(503) => "ServiceUnavailable",
        StatusMatch::Code(504) => "GatewayTimeout",
        StatusMatch::Class(2) => "Success",
        StatusMatch::Class(4) => "ClientError",
        StatusMatch::Class(5) => "ServerError",
        StatusMatch::Default => "Other",
        StatusMatch::Code(code) => return RustName::plain(format!("Status{code}")),
        StatusMatch::Class(class) => return RustName::plain(format!("Status{class}xx")),
    };
    RustName::plain(name)
}

/// The best entry of a content map, by [`Media`] preference and then the spec's order.
fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType, Media)> {
    content
        .iter()
        .map(|(media_type, media)| (media_type.as_str(), media, classify(media_type)))
        .min_by_key(|(_, _, kind)| *kind)
}

fn classify(media_type: &str) -> Media {
    let essence = super::media::essence(media_type);
    if super::media::is_json(&essence) {
        Media::Json
    } else if essence == "application/x-www-form-urlencoded" {
        Media::Form
    } else if essence.starts_with("multipart/") {
        Media::Multipart
    } else if essence.starts_with("text/") {
        Media::Text
    } else {
        Media::Binary
    }
}

/// The `content-type` a body is sent with: the media type as written, or a concrete one for a
/// range such as `*/*`.
fn sent_media_type(media_type: &str, kind: Media) -> String {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    match (kind, essence.ends_with("/*")) {
        (Media::Text, true) => "text/plain".to_owned(),
        (_, true) => "application/octet-stream".to_owned(),
        _ => media_type.to_owned(),
    }
}

/// The `content-type` an answer is sent with: as [`sent_media_type`] gives it, or the usual one
/// for its kind when the documented one is not valid in a header.
fn answer_media_type(media_type: &str, kind: Media) -> String {
    if media_type.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return sent_media_type(media_type, kind);
    }
    let usual = match kind {
        Media::Json => "application/json",
        Media::Text => "text/plain",
        Media::Form | Media::Multipart | Media::Binary => "application/octet-stream",
    };
    usual.to_owned()
}

fn status_match(code: &StatusCode) -> StatusMatch {
    match code {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(class) => StatusMatch::Class(u8::try_from(*class).unwrap_or(0)),
    }
}
