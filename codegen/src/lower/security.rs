//! Lowers the spec's security: every scheme of `components.securitySchemes` the client can
//! send, with the builder method that sets its credential, and the alternatives of the
//! top-level `security` that decide whether a client needs a credential to be built.
//!
//! HTTP bearer and Basic schemes and API keys (header, query, cookie) are generated; OAuth 2
//! and OpenID Connect schemes send their access token as a bearer token, so they are bearer
//! schemes here. Any other scheme is left out with a warning at its pointer, never refused.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme as SpecScheme};

use super::refs::split_ref;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{ApiKeyLocation, Auth, BearerSource, RustName, SecurityKind, SecurityScheme};
use crate::names::{Allocator, Style, field_name};
use crate::surface::runtime::CLIENT_BUILDER_METHODS;

/// The name of the setter of HTTP Basic credentials, shared by every Basic scheme.
const BASIC_SETTER: &str = "basic_auth";

/// Headers the transport owns, which an API key may not take (the runtime refuses them too).
const OWNED_HEADERS: &[&str] =
    &["host", "content-length", "transfer-encoding", "content-type", "cookie", "accept", "user-agent"];

/// The spec's security, with a warning in `diagnostics` for each scheme left out and for each
/// requirement that names a scheme the client cannot send.
pub(super) fn lower(document: &OpenAPI, diagnostics: &mut Vec<Diagnostic>) -> Auth {
    let schemes = schemes(document, diagnostics);
    let required = required(document, &schemes, diagnostics);
    Auth { schemes, required }
}

/// Every scheme the client can send, in the spec's order, with its setter's final name.
fn schemes(document: &OpenAPI, diagnostics: &mut Vec<Diagnostic>) -> Vec<SecurityScheme> {
    let Some(components) = &document.components else { return Vec::new() };
    let mut schemes: Vec<SecurityScheme> = components
        .security_schemes
        .iter()
        .filter_map(|(key, scheme)| {
            let at = Pointer::root().push("components").push("securitySchemes").push(key);
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => match referenced(document, reference) {
                    Some(scheme) => scheme,
                    None => {
                        diagnostics.push(Diagnostic::warning(
                            &at,
                            format!("the security scheme `{reference}` is not declared; this scheme is not generated"),
                        ));
                        return None;
                    }
                },
            };
            lower_scheme(key, scheme, &at, diagnostics)
        })
        .collect();
    // Every Basic scheme shares one setter; API keys get a setter each, named after the scheme.
    let mut allocator = Allocator::new(Style::Snake, CLIENT_BUILDER_METHODS);
    let basic = schemes
        .iter()
        .any(|scheme| scheme.kind == SecurityKind::Basic)
        .then(|| allocator.claim_one(&RustName::plain(BASIC_SETTER)));
    let requests: Vec<(String, RustName)> = schemes
        .iter()
        .filter(|scheme| matches!(scheme.kind, SecurityKind::ApiKey { .. }))
        .map(|scheme| (scheme.key.clone(), field_name(&scheme.key)))
        .collect();
    let mut api_key_setters = allocator.allocate(&requests).into_iter();
    for scheme in &mut schemes {
        scheme.setter = match scheme.kind {
            SecurityKind::Bearer(_) => None,
            SecurityKind::Basic => basic.clone(),
            SecurityKind::ApiKey { .. } => api_key_setters.next(),
        };
    }
    schemes
}

/// The scheme a `$ref` to `#/components/securitySchemes/<key>` names, if it is declared as an
/// item there.
fn referenced<'a>(document: &'a OpenAPI, reference: &str) -> Option<&'a SpecScheme> {
    let (_, key) = split_ref(reference).filter(|(kind, _)| kind == "securitySchemes")?;
    document.components.as_ref()?.security_schemes.get(&key)?.as_item()
}

/// One scheme, or `None` with a warning when the client cannot send it.
fn lower_scheme(
    key: &str,
    scheme: &SpecScheme,
    at: &Pointer,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SecurityScheme> {
    let mut leave_out = |message: String| {
        diagnostics.push(Diagnostic::warning(at, message));
        None
    };
    let (kind, docs) = match scheme {
        SpecScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            (SecurityKind::Bearer(BearerSource::Http), description.clone())
        }
        SpecScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
            (SecurityKind::Basic, description.clone())
        }
        SpecScheme::HTTP { scheme, .. } => {
            return leave_out(format!(
                "the HTTP authentication scheme `{scheme}` is not generated (only `bearer` and `basic` are); \
                 a hook can set its `Authorization` header"
            ));
        }
        SpecScheme::APIKey { location, name, description, .. } => {
            let location = match location {
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            };
            if let Some(problem) = unusable_name(location, name) {
                return leave_out(format!("the API key `{name}` is not generated: {problem}"));
            }
            (SecurityKind::ApiKey { location, name: name.clone() }, description.clone())
        }
        SpecScheme::OAuth2 { description, .. } => (
            SecurityKind::Bearer(BearerSource::OAuth2),
            with_note(
                description,
                "An OAuth 2 scheme: the client does not run its flows, but sends the access token it is given as a bearer token.",
            ),
        ),
        SpecScheme::OpenIDConnect { description, .. } => (
            SecurityKind::Bearer(BearerSource::OpenIdConnect),
            with_note(
                description,
                "An OpenID Connect scheme: the client does not run its flows, but sends the access token it is given as a bearer token.",
            ),
        ),
    };
    Some(SecurityScheme { key: key.to_owned(), kind, docs, setter: None })
}

/// Why an API key cannot be sent under `name` at `location`, if it cannot.
fn unusable_name(location: ApiKeyLocation, name: &str) -> Option<&'static str> {
    // RFC 9110 `token`, which both header and cookie names are.
    let is_token =
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    match location {
        ApiKeyLocation::Header | ApiKeyLocation::Cookie if !is_token => Some("its name is not a valid HTTP token"),
        ApiKeyLocation::Header if OWNED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) => {
            Some("the HTTP client sets that header itself")
        }
        ApiKeyLocation::Query if name.is_empty() => Some("its name is empty"),
        _ => None,
    }
}

/// The description with a note after it, or the note alone.
fn with_note(description: &Option<String>, note: &str) -> Option<String> {
    Some(match description {
        Some(description) if !description.trim().is_empty() => format!("{}\n\n{note}", description.trim_end()),
        _ => note.to_owned(),
    })
}

/// The alternatives of the top-level `security` (see [`Auth::required`]).
fn required(document: &OpenAPI, schemes: &[SecurityScheme], diagnostics: &mut Vec<Diagnostic>) -> Vec<Vec<String>> {
    let Some(alternatives) = &document.security else { return Vec::new() };
    let mut required = Vec::new();
    let mut enforceable = true;
    for (index, alternative) in alternatives.iter().enumerate() {
        if alternative.is_empty() {
            // An empty alternative makes credentials optional.
            enforceable = false;
        }
        for key in alternative.keys() {
            if !schemes.iter().any(|scheme| &scheme.key == key) {
                let at = Pointer::root().push("security").push(index).push(key);
                diagnostics.push(Diagnostic::warning(
                    &at,
                    format!(
                        "`{key}` is not a security scheme the client can send, so it may be met in a way \
                         the client cannot see; clients build without credentials"
                    ),
                ));
                enforceable = false;
            }
        }
        required.push(alternative.keys().cloned().collect());
    }
    if enforceable { required } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(yaml: &str) -> (Auth, Vec<Diagnostic>) {
        let document: OpenAPI = serde_yaml_ng::from_str(yaml).expect("a valid document");
        let mut diagnostics = Vec::new();
        (lower(&document, &mut diagnostics), diagnostics)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn every_supported_scheme_is_lowered_in_spec_order_with_its_setter() {
        let (auth, diagnostics) = lowered(&format!(
            "{HEAD}security: [{{bearer: []}}, {{api_key: [], basic: []}}]
components:
  securitySchemes:
    bearer: {{type: http, scheme: Bearer, description: A token.}}
    api_key: {{type: apiKey, in: header, name: X-API-Key}}
    token: {{type: apiKey, in: query, name: api_key}}
    session: {{type: apiKey, in: cookie, name: sid}}
    basic: {{type: http, scheme: basic}}
    oauth: {{type: oauth2, flows: {{}}}}
"
        ));
        assert_eq!(diagnostics, Vec::new());
        let summary: Vec<(&str, Option<&str>)> = auth
            .schemes
            .iter()
            .map(|scheme| (scheme.key.as_str(), scheme.setter.as_ref().map(RustName::bare)))
            .collect();
        // `token` is a method the builder already has, so the scheme keyed `token` gets another name.
        assert_eq!(
            summary,
            [
                ("bearer", None),
                ("api_key", Some("api_key")),
                ("token", Some("token_2")),
                ("session", Some("session")),
                ("basic", Some("basic_auth")),
                ("oauth", None)
            ]
        );
        assert_eq!(
            auth.schemes[2].kind,
            SecurityKind::ApiKey { location: ApiKeyLocation::Query, name: "api_key".to_owned() }
        );
        assert_eq!(auth.schemes[5].kind, SecurityKind::Bearer(BearerSource::OAuth2));
        assert!(auth.schemes[5].docs.as_deref().is_some_and(|docs| docs.contains("bearer token")));
        assert_eq!(auth.required, [vec!["bearer".to_owned()], vec!["api_key".to_owned(), "basic".to_owned()]]);
    }

    #[test]
    fn unsupported_schemes_are_warnings_at_their_pointer() {
        let (auth, diagnostics) = lowered(&format!(
            "{HEAD}security: [{{digest: []}}]
components:
  securitySchemes:
    digest: {{type: http, scheme: digest}}
    host: {{type: apiKey, in: header, name: Host}}
    spaced: {{type: apiKey, in: cookie, name: 'a b'}}
    elsewhere: {{$ref: '#/components/securitySchemes/missing'}}
"
        ));
        assert!(auth.schemes.is_empty());
        let found: Vec<String> = diagnostics.iter().map(|d| format!("{:?} {}", d.severity, d.pointer)).collect();
        assert_eq!(
            found,
            [
                "Warning /components/securitySchemes/digest",
                "Warning /components/securitySchemes/host",
                "Warning /components/securitySchemes/spaced",
                "Warning /components/securitySchemes/elsewhere",
                "Warning /security/0/digest",
            ]
        );
        // A requirement the client cannot check is not enforced.
        assert!(auth.required.is_empty());
    }

    #[test]
    fn no_security_requires_nothing_and_an_empty_alternative_makes_it_optional() {
        let (auth, _) = lowered(HEAD);
        assert_eq!(auth, Auth::default());
        let (auth, diagnostics) = lowered(&format!(
            "{HEAD}security: [{{key: []}}, {{}}]
components: {{securitySchemes: {{key: {{type: apiKey, in: query, name: k}}}}}}
"
        ));
        assert!(diagnostics.is_empty());
        assert_eq!(auth.schemes.len(), 1);
        assert!(auth.required.is_empty());
    }

    #[test]
    fn a_reference_to_a_declared_scheme_is_followed() {
        let (auth, diagnostics) = lowered(&format!(
            "{HEAD}components:
  securitySchemes:
    key: {{type: apiKey, in: header, name: X-Key}}
    alias: {{$ref: '#/components/securitySchemes/key'}}
"
        ));
        assert!(diagnostics.is_empty());
        let setters: Vec<&str> = auth.schemes.iter().filter_map(|s| s.setter.as_ref().map(RustName::bare)).collect();
        assert_eq!(setters, ["key", "alias"]);
    }
}
