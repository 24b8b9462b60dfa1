//! The intermediate representation: a resolved, validated and fully named model of one API.
//!
//! Lowering (`lower`) is the only code that builds it; everything downstream (the emitters,
//! the diff tool, the benchmarks and the consumer mocks) only reads it. Every name in here is
//! final and valid Rust, every `$ref` is resolved to a [`TypeId`], and every list is in a
//! deterministic order, so two runs over the same spec give equal values.

use serde_json::Value;

pub use crate::names::RustName;

/// One API, ready for emission.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// `info.description` of the spec.
    pub description: Option<String>,
    /// The first `servers` entry, used as the default base URL.
    pub default_base_url: Option<String>,
    /// How requests authenticate: the spec's security schemes and what its `security` requires.
    pub auth: Auth,
    /// What the spec declares about its responses (`x-conventions`).
    pub conventions: Conventions,
    /// Every named type, sorted by Rust name. A [`TypeId`] indexes this list.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by Rust method name.
    pub operations: Vec<Operation>,
    /// Path parameters that lead every operation's path, offered as a scoped handle.
    pub scope: Option<Scope>,
    /// The cargo features that gate parts of the API, from its tags.
    pub features: Vec<Feature>,
    /// Problems that did not stop generation, such as a skipped operation.
    pub warnings: Vec<crate::Diagnostic>,
}

impl Api {
    /// The type a [`TypeId`] points at.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The type an alias names, through any chain of aliases; any other type as it is.
    pub fn resolve_alias<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        resolve_alias(&self.types, ty)
    }

    /// The operations that have a paginated list response.
    pub fn paginated_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(|op| op.pagination.is_some())
    }
}

/// The type an alias in `types` names, through any chain of aliases; any other type as it is.
///
/// Lowering calls it on the types found so far, before an [`Api`] exists; everyone else calls
/// [`Api::resolve_alias`]. A chain longer than the number of types is a cycle, which lowering
/// reports, so the walk stops there.
pub fn resolve_alias<'a>(types: &'a [TypeDef], ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..=types.len() {
        match current {
            TypeRef::Named(id) => match types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => current = target,
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// What a spec declares about its responses in `x-conventions` (or what its user declares for
/// it); every part is absent unless declared, and the generator guesses none of them.
///
/// Every location is a JSON Pointer (RFC 6901) into a response body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conventions {
    /// Where a success body keeps the boolean that says whether the call succeeded.
    pub success_flag: Option<String>,
    /// Where an error body may keep its code, tried in order.
    pub error_code: Vec<String>,
    /// Where an error body may keep its message, tried in order.
    pub error_message: Vec<String>,
    /// The response headers that carry the server's request id, lowercase, in order of preference.
    pub request_id_headers: Vec<String>,
}

impl Conventions {
    /// Whether the spec declares where error bodies keep their code or message.
    pub fn has_error_body(&self) -> bool {
        !self.error_code.is_empty() || !self.error_message.is_empty()
    }
}

/// How to read the declared success flag out of one operation's success body, following the
/// Rust types the body actually has.
#[derive(Debug, Clone, PartialEq)]
pub enum FlagAccess {
    /// The flag itself, a `bool`.
    Flag,
    /// A struct field, and the rest of the way from its value.
    Field {
        /// The Rust field name.
        field: RustName,
        /// Whether the field is an `Option` (not required, nullable, or one-way).
        optional: bool,
        /// The rest of the way.
        next: Box<FlagAccess>,
    },
    /// A union: the variants whose value holds the flag, each with the rest of the way.
    Union {
        /// The union type.
        ty: TypeId,
        /// The Rust variant names that lead to the flag, and the rest of the way from each.
        variants: Vec<(RustName, FlagAccess)>,
        /// Whether these are all the union's variants, so no value lacks the flag.
        exhaustive: bool,
    },
}

/// How the API authenticates, from `components.securitySchemes` and the top-level `security`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Auth {
    /// Every security scheme the generated client can send, in the spec's order.
    pub schemes: Vec<SecurityScheme>,
    /// The alternatives of the top-level `security`, each the keys of the schemes it needs
    /// together, in the spec's order. Empty when the spec requires nothing, or when one
    /// alternative is empty or names a scheme the client cannot send (a `mutualTLS` one, say),
    /// since the client cannot tell whether the caller meets it another way.
    pub required: Vec<Vec<String>>,
}

/// One security scheme the generated client can send.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's key under `components.securitySchemes`.
    pub key: String,
    /// Where its credential goes.
    pub kind: SecurityKind,
    /// Its description.
    pub docs: Option<String>,
    /// The client builder method that sets its credential; `None` for bearer schemes, whose
    /// token the builder's `token`, `token_provider` and `from_env` set.
    pub setter: Option<RustName>,
}

/// Where a security scheme's credential goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`.
    Bearer(BearerSource),
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An API key.
    ApiKey {
        /// Where it is sent.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name, as the spec writes it.
        name: String,
    },
}

/// The kind of scheme whose token is sent as a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerSource {
    /// An `http` scheme with `scheme: bearer`.
    Http,
    /// An `oauth2` scheme: its access token.
    OAuth2,
    /// An `openIdConnect` scheme: its access token.
    OpenIdConnect,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A cargo feature that compiles the operations of some of the spec's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name in `Cargo.toml`, e.g. `active-session`: unique, and stable while
    /// the tags it groups stay.
    pub name: String,
    /// What it holds, for its comment in `Cargo.toml`.
    pub content: FeatureContent,
}

/// What a [`Feature`] compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureContent {
    /// The operations of these tags, as the spec writes them; more than one when the spec has
    /// more tags than a crate may have features.
    Tags(Vec<String>),
    /// The operations without a tag.
    Untagged,
    /// The schemas that no operation uses, such as webhook payloads.
    UnusedSchemas,
}

/// Which features compile an item: an index into [`Api::features`] each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Every build has it: the crate has no features, or every feature needs it.
    #[default]
    Always,
    /// A build with any one of these features has it, in ascending order.
    AnyOf(Vec<usize>),
}

impl Gate {
    /// The gate of what two items with these gates both need: a build that has either.
    pub fn union(&self, other: &Gate) -> Gate {
        match (self, other) {
            (Gate::AnyOf(left), Gate::AnyOf(right)) => {
                let mut features: Vec<usize> = left.iter().chain(right).copied().collect();
                features.sort_unstable();
                features.dedup();
                Gate::AnyOf(features)
            }
            _ => Gate::Always,
        }
    }
}

/// An index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named Rust type: a struct, an enum, a tagged or untagged union, or an alias.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The final Rust name, UpperCamelCase and unique.
    pub name: RustName,
    /// The JSON Pointer of the schema this type comes from.
    pub origin: crate::Pointer,
    /// The schema's description.
    pub docs: Option<String>,
    /// Whether the schema is `deprecated`.
    pub deprecated: bool,
    /// What the type is.
    pub kind: TypeKind,
    /// The features that compile it: those of every operation that uses it.
    pub gate: Gate,
    /// Whether a request parameter or body holds it, so users build its values; the builders of
    /// types only answers hold are for tests, behind the `builders` feature.
    pub in_requests: bool,
}

/// The shape of a [`TypeDef`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A closed set of string or integer values, kept open for values added later.
    Enum(EnumDef),
    /// `oneOf` / `anyOf`.
    Union(UnionDef),
    /// Another name for a type, such as a component that is just `type: string`.
    Alias(TypeRef),
}

/// An object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// The properties, in the spec's order.
    pub fields: Vec<Field>,
    /// The value type of `additionalProperties`, when the object also holds arbitrary keys.
    pub additional_properties: Option<TypeRef>,
    /// The name of the struct's builder, such as `SessionBuilder`, final once names are.
    pub builder_name: RustName,
}

impl StructDef {
    /// The fields its builder must be given before it builds, in the spec's order.
    pub fn required_fields(&self) -> Vec<&Field> {
        required_fields(&self.fields)
    }
}

/// The fields a struct's builder must be given before it builds, in the spec's order: the
/// required ones that cannot be `None`.
pub fn required_fields(fields: &[Field]) -> Vec<&Field> {
    fields.iter().filter(|field| !field.is_optional()).collect()
}

/// One property of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (may be a raw identifier such as `r#type`).
    pub name: RustName,
    /// The property name on the wire.
    pub wire_name: String,
    /// The field's type, without the `Option` that optionality adds.
    pub ty: TypeRef,
    /// Whether the property is in the schema's `required` list.
    pub required: bool,
    /// Whether the schema says `nullable: true`.
    pub nullable: bool,
    /// The property's description.
    pub docs: Option<String>,
    /// Whether the property is `deprecated`.
    pub deprecated: bool,
    /// Whether the property is `readOnly` (sent by the server only).
    pub read_only: bool,
    /// Whether the property is `writeOnly` (sent by the client only).
    pub write_only: bool,
    /// Validation rules of the property's schema.
    pub constraints: Constraints,
    /// The schema's `default`, if any.
    pub default: Option<Value>,
    /// Whether the field's type is boxed because it leads back to the type that holds it.
    pub boxed: bool,
}

impl Field {
    /// Whether the Rust field is wrapped in `Option`: it is not required, it may be `null`, or it
    /// travels in one direction only (`readOnly` or `writeOnly`), so one side never sees it.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable || self.read_only || self.write_only
    }
}

/// An enum schema.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The known values, in the spec's order.
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps values this version does not know.
    pub unknown_variant: RustName,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: RustName,
    /// The value on the wire.
    pub value: EnumValue,
}

/// A wire value of an enum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnumValue {
    /// A string value.
    String(String),
    /// An integer value.
    Integer(i64),
}

/// A `oneOf` or `anyOf` schema.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The property whose value selects the variant, when the spec names a discriminator and
    /// every variant has a tag; otherwise the union is untagged and tried in order.
    pub discriminator: Option<String>,
    /// The alternatives, in the spec's order.
    pub variants: Vec<UnionVariant>,
    /// The variant that keeps a value whose tag names no known variant, for a tagged union.
    pub unknown_variant: Option<RustName>,
    /// Whether every alternative is written as one piece of text (a scalar or an enum), so the
    /// union can be a parameter anywhere.
    pub text_value: bool,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: RustName,
    /// The alternative's type.
    pub ty: TypeRef,
    /// The discriminator value that selects it.
    pub tag: Option<String>,
    /// Whether the alternative's type is boxed: because it leads back to the union, or because
    /// it is far larger than the other alternatives.
    pub boxed: bool,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A type of [`Api::types`].
    Named(TypeId),
    /// A built-in scalar.
    Scalar(Scalar),
    /// A JSON array.
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// Any JSON value: a schema with no type.
    Any,
}

impl TypeRef {
    /// Adds the named types this reference mentions, through arrays and maps, to `found`.
    pub fn named_types(&self, found: &mut Vec<TypeId>) {
        match self {
            Self::Named(id) => found.push(*id),
            Self::Array(inner) | Self::Map(inner) => inner.named_types(found),
            Self::Scalar(_) | Self::Any => {}
        }
    }
}

impl TypeKind {
    /// The named types this type holds: its fields', additional properties', alternatives' or
    /// target's.
    pub fn named_types(&self) -> Vec<TypeId> {
        let mut found = Vec::new();
        match self {
            Self::Struct(object) => {
                object.fields.iter().for_each(|field| field.ty.named_types(&mut found));
                object.additional_properties.iter().for_each(|ty| ty.named_types(&mut found));
            }
            Self::Union(union) => union.variants.iter().for_each(|variant| variant.ty.named_types(&mut found)),
            Self::Alias(target) => target.named_types(&mut found),
            Self::Enum(_) => {}
        }
        found
    }
}

/// A scalar type and the Rust type it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `string`, with its format.
    String(StringFormat),
    /// `boolean`.
    Boolean,
    /// `integer`: `i32`, `i64`, `u32` or `u64`.
    Integer(IntegerKind),
    /// `number`: `f32` or `f64`.
    Number(NumberKind),
}

/// The `format` of a string schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// No format, or one with no special handling.
    Plain,
    /// `date-time`: an RFC 3339 timestamp, kept as text.
    DateTime,
    /// `date`: an RFC 3339 full date, kept as text.
    Date,
    /// `uuid`, kept as text.
    Uuid,
    /// `binary`: raw bytes, `bytes::Bytes` in Rust (a file part in a multipart body).
    Binary,
}

/// The Rust integer type of an integer schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerKind {
    /// `format: int32` that may be negative.
    I32,
    /// `int64` or no format, that may be negative.
    I64,
    /// `int32` with `minimum >= 0`.
    U32,
    /// `int64` or no format, with `minimum >= 0`.
    U64,
}

/// The Rust float type of a number schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// `format: float`.
    F32,
    /// `format: double` or no format.
    F64,
}

/// Validation rules from a schema, checked before a request is sent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Constraints {
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
}

impl Constraints {
    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`.
    pub operation_id: String,
    /// The JSON Pointer of the operation object.
    pub origin: crate::Pointer,
    /// The client method, snake_case, e.g. `list_sessions`.
    pub method_name: RustName,
    /// The request builder type, UpperCamelCase, e.g. `ListSessions`.
    pub builder_name: RustName,
    /// The static that holds the operation's facts, e.g. `LIST_SESSIONS`.
    pub facts_name: RustName,
    /// The module that holds the builder, e.g. `list_sessions`.
    pub module_name: RustName,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template, e.g. `/accounts/{account_id}/sessions`.
    pub path: String,
    /// The `summary`.
    pub summary: Option<String>,
    /// The `description`.
    pub description: Option<String>,
    /// The `tags`.
    pub tags: Vec<String>,
    /// Whether the operation is `deprecated`.
    pub deprecated: bool,
    /// Path parameters in template order, then query, header and cookie parameters.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Every documented response, success first, in status order.
    pub responses: Vec<Response>,
    /// Whether a retry may repeat an effect on the server.
    pub retry: RetrySafety,
    /// The `key=value` pairs that a query string written into the path template fixes, such
    /// as `download=true` in `/files/{id}?download=true`, sent on every request first.
    pub fixed_query: Vec<(String, String)>,
    /// How to walk pages, for list operations.
    pub pagination: Option<Pagination>,
    /// How to read the declared success flag (see [`Conventions::success_flag`]) out of the
    /// success body, when the body holds it.
    pub success_flag: Option<FlagAccess>,
    /// The success enum, when several success answers have different bodies.
    pub success_enum: Option<AnswerEnum>,
    /// The error enum, when the documented error answers have different bodies.
    pub error_enum: Option<AnswerEnum>,
    /// The features that compile it: those of its tags.
    pub gate: Gate,
}

impl Operation {
    /// The first documented success response. When [`Self::success_enum`] is set, the
    /// operation answers with that enum instead of this response's type.
    pub fn success(&self) -> Option<&Response> {
        self.responses.iter().find(|r| r.status.is_success())
    }

    /// The named types its parameters, body and answers use directly.
    pub fn named_types(&self) -> Vec<TypeId> {
        let mut found = Vec::new();
        self.params.iter().for_each(|param| param.ty.named_types(&mut found));
        self.body.iter().for_each(|body| body.ty.named_types(&mut found));
        self.responses.iter().filter_map(|response| response.ty.as_ref()).for_each(|ty| ty.named_types(&mut found));
        for answer in [&self.success_enum, &self.error_enum].into_iter().flatten() {
            let types = answer.variants.iter().filter_map(|variant| variant.ty.as_ref());
            types.for_each(|ty| ty.named_types(&mut found));
        }
        if let Some(pagination) = &self.pagination {
            pagination.item_ty.named_types(&mut found);
        }
        found
    }

    /// The parameters in one location.
    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// The runtime's `Method` variant name.
    pub fn variant_name(self) -> &'static str {
        match self {
            Self::Get => "Get",
            Self::Put => "Put",
            Self::Post => "Post",
            Self::Delete => "Delete",
            Self::Options => "Options",
            Self::Head => "Head",
            Self::Patch => "Patch",
            Self::Trace => "Trace",
        }
    }

    /// Whether RFC 9110 defines the method as idempotent.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }
}

/// Whether a request may be sent again after it may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetrySafety {
    /// Repeating the request has the effect of sending it once.
    Idempotent,
    /// Repeating the request may repeat its effect; retry only when it provably did not arrive.
    NotIdempotent,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name of the builder field and setter.
    pub name: RustName,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Validation rules, checked before sending.
    pub constraints: Constraints,
    /// The parameter's description.
    pub docs: Option<String>,
    /// Whether the parameter is `deprecated`.
    pub deprecated: bool,
    /// How the value is written, from the parameter's `style`, `explode` and shape.
    pub style: ParamStyle,
    /// The `style` and `explode` the parameter declares, or its location's defaults.
    pub serialization: Serialization,
    /// The schema's `default`, which the server applies when the parameter is left out.
    pub default: Option<Value>,
}

/// How a parameter value is written (OpenAPI `style` and `explode`, decided for its shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// One value written as text: a scalar or an enum.
    Scalar,
    /// An array of scalars, each item written on its own (exploded `form`, `label` or `matrix`).
    Exploded,
    /// An array of scalars joined into one value.
    Joined(Delimiter),
    /// A value serialized first (an object, a map, a union), then written in its style.
    Serialized(ObjectStyle),
    /// A value written as one JSON document (`content: application/json`), then encoded for
    /// its location like text.
    Json,
}

/// What joins the items of an array parameter that is not exploded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`: the `form` and `simple` styles.
    Comma,
    /// ` `: `spaceDelimited`.
    Space,
    /// `|`: `pipeDelimited`.
    Pipe,
}

/// How a serialized parameter is written. Outside the query, and for the `spaceDelimited`
/// and `pipeDelimited` styles, `FormExploded` and `Form` say only whether it is exploded;
/// [`Param::serialization`] holds the style itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// Exploded: in the query, each property is its own `key=value`.
    FormExploded,
    /// Not exploded: in the query, `name=key,value,key,value`.
    Form,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// A parameter's OpenAPI `style`, with `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serialization {
    /// The style.
    pub style: SerializationStyle,
    /// Whether the items of an array, or the properties of an object, are written one by one.
    pub explode: bool,
}

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerializationStyle {
    /// `simple`, in paths and headers: `blue,black`.
    Simple,
    /// `label`, in paths: `.blue,black`.
    Label,
    /// `matrix`, in paths: `;color=blue,black`.
    Matrix,
    /// `form`, in queries and cookies: `color=blue,black`.
    Form,
    /// `spaceDelimited`, in queries: `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited`, in queries: `color=blue|black`.
    PipeDelimited,
    /// `deepObject`, in queries: `color[R]=100`.
    DeepObject,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// How the body is encoded.
    pub encoding: BodyEncoding,
    /// The media type sent as `content-type`, e.g. `application/json`.
    pub media_type: String,
    /// The body's type.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
    /// The body's description.
    pub docs: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`, or any `+json` media type.
    Json,
    /// `application/x-www-form-urlencoded`, from an object.
    Form,
    /// `multipart/form-data`, one part per property of an object.
    Multipart,
    /// `text/*`, from a string.
    Text,
    /// Any other media type, such as `application/octet-stream`: raw bytes.
    Binary,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status the response is documented for.
    pub status: StatusMatch,
    /// The response's description.
    pub description: String,
    /// The decoded body type: the JSON type, `String` for text, `Bytes` for binary, `None`
    /// for an answer without a body.
    pub ty: Option<TypeRef>,
    /// How the body is decoded.
    pub kind: ResponseKind,
    /// The media type the body is sent with: as documented, or a concrete one for a range such
    /// as `text/*`; `None` for an answer without a body.
    pub media_type: Option<String>,
    /// The named examples of the JSON body, in the spec's order.
    pub examples: Vec<Example>,
}

/// How a response body is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON, or any `+json` media type.
    Json,
    /// `text/*`, as a string.
    Text,
    /// Any other media type, as raw bytes.
    Binary,
    /// No body is documented; whatever arrives is ignored.
    Empty,
}

/// An enum over the documented answers of an operation whose answers have different bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerEnum {
    /// The enum's name, unique among the builders and answer enums of `operations`.
    pub name: RustName,
    /// One variant per documented answer, specific statuses before classes and `default`.
    pub variants: Vec<AnswerVariant>,
}

/// One documented answer of an [`AnswerEnum`].
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerVariant {
    /// The variant name, e.g. `Created` for 201.
    pub name: RustName,
    /// The statuses it covers.
    pub status: StatusMatch,
    /// How its body is decoded.
    pub kind: ResponseKind,
    /// Its body type; `None` for an answer without a body (a unit variant).
    pub ty: Option<TypeRef>,
    /// Whether the body is boxed because it is far larger than the other answers' bodies.
    pub boxed: bool,
}

/// The statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX`, by its first digit.
    Class(u8),
    /// `default`.
    Default,
}

impl StatusMatch {
    /// Whether the status is a 2xx success.
    pub fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..300).contains(&code),
            Self::Class(class) => class == 2,
            Self::Default => false,
        }
    }
}

/// One example body of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The example's key, or `example` for a single unnamed one.
    pub name: String,
    /// The example's summary.
    pub summary: Option<String>,
    /// The example itself.
    pub value: Value,
}

/// How a list operation walks its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The Rust name of the page-number parameter.
    pub page_param: RustName,
    /// The Rust name of the page-size parameter.
    pub per_page_param: Option<RustName>,
    /// The number of the first page.
    pub first_page: u64,
    /// The fields that lead from the response body to the item array.
    pub items: Vec<FieldStep>,
    /// The item type.
    pub item_ty: TypeRef,
    /// The fields that lead to the total item count, when the response has one.
    pub total_count: Option<Vec<FieldStep>>,
    /// The fields that lead to the 1-based position of the page's last item in the whole
    /// result, when the response has one.
    pub end_offset: Option<Vec<FieldStep>>,
}

/// One step of a path through response fields.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: RustName,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// The field's type, for the last step's conversions.
    pub ty: TypeRef,
}

/// A handle that fixes the path parameters every operation starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// The handle type, e.g. `AppClient`.
    pub type_name: RustName,
    /// The client method that makes it, e.g. `app`.
    pub method_name: RustName,
    /// The wire names of the fixed parameters, in path order.
    pub params: Vec<String>,
    /// Their Rust names, which every operation's path parameters also have, in the same order.
    pub fields: Vec<RustName>,
}
