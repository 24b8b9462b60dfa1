//! Emits `client.rs`: the `Client` facade with one method per operation, the scoped handle
//! that fixes the path parameters every operation starts with, the API's security schemes as
//! facts for the runtime, and a typed client builder setter for each scheme that is not a
//! bearer token.

use proc_macro2::TokenStream;
use quote::quote;

use super::features::{Gates, gate_items};
use super::op_docs::{client_method_docs, operation_docs};
use super::{Deprecated, allow_many_arguments, api_name, code_span, doc_lines, spec_text};
use crate::Config;
use crate::ir::{Api, ApiKeyLocation, BearerSource, Gate, Operation, RustName, SecurityKind, SecurityScheme};
use crate::surface::runtime::{Imports, Item};
use crate::surface::{Scope, required_arguments};

/// The API's declared response conventions, as the runtime's `Conventions` value.
fn conventions(api: &Api, imports: &Imports) -> TokenStream {
    let declared = &api.conventions;
    let conventions = imports.name(Item::Conventions);
    if declared == &crate::ir::Conventions::default() {
        return quote! { #conventions::NONE };
    }
    let success_flag = match &declared.success_flag {
        Some(pointer) => quote! { Some(#pointer) },
        None => quote! { None },
    };
    let (code, message, headers) = (&declared.error_code, &declared.error_message, &declared.request_id_headers);
    quote! {
        #conventions {
            success_flag: #success_flag,
            error_code: &[#(#code),*],
            error_message: &[#(#message),*],
            request_id_headers: &[#(#headers),*],
        }
    }
}

/// The API's security schemes and requirement, as the runtime's `Security` value.
fn security(api: &Api, imports: &Imports) -> TokenStream {
    let auth = &api.auth;
    let security = imports.name(Item::Security);
    if auth.schemes.is_empty() && auth.required.is_empty() {
        return quote! { #security::NONE };
    }
    let (scheme_type, location) = (imports.name(Item::AuthScheme), imports.name(Item::AuthLocation));
    let schemes = auth.schemes.iter().map(|scheme| {
        let key = &scheme.key;
        let location = match &scheme.kind {
            SecurityKind::Bearer(_) => quote! { #location::Bearer },
            SecurityKind::Basic => quote! { #location::Basic },
            SecurityKind::ApiKey { location: ApiKeyLocation::Header, name } => quote! { #location::Header(#name) },
            SecurityKind::ApiKey { location: ApiKeyLocation::Query, name } => quote! { #location::Query(#name) },
            SecurityKind::ApiKey { location: ApiKeyLocation::Cookie, name } => quote! { #location::Cookie(#name) },
        };
        quote! { #scheme_type { key: #key, location: #location } }
    });
    let required = auth.required.iter().map(|alternative| quote! { &[#(#alternative),*] });
    quote! {
        #security {
            schemes: &[#(#schemes),*],
            required: &[#(#required),*],
        }
    }
}

/// Where a scheme's credential goes and how it is set, as one sentence of docs.
fn scheme_summary(scheme: &SecurityScheme) -> String {
    let key = code_span(&scheme.key);
    let setter = scheme.setter.as_ref().map(|setter| format!("[`ClientBuilder::{}`]", setter.bare()));
    match (&scheme.kind, setter) {
        (SecurityKind::Bearer(source), _) => {
            let what = match source {
                BearerSource::Http => "a bearer token",
                BearerSource::OAuth2 => "an OAuth 2 access token, sent as a bearer token",
                BearerSource::OpenIdConnect => "an OpenID Connect access token, sent as a bearer token",
            };
            format!(
                "{key}: {what}, set with [`Client::new`], `ClientBuilder::token`, `ClientBuilder::token_provider` or [`Client::from_env`]."
            )
        }
        (SecurityKind::Basic, setter) => {
            format!("{key}: HTTP Basic credentials, set with {}.", setter.unwrap_or_default())
        }
        (SecurityKind::ApiKey { location, name }, setter) => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            format!("{key}: an API key in the {} {place}, set with {}.", code_span(name), setter.unwrap_or_default())
        }
    }
}

/// The `Client` docs' section on authentication, when the spec declares security schemes.
fn authentication_docs(api: &Api) -> String {
    let auth = &api.auth;
    if auth.schemes.is_empty() {
        return String::new();
    }
    let schemes: Vec<String> = auth.schemes.iter().map(|scheme| format!("- {}", scheme_summary(scheme))).collect();
    let required = if auth.required.is_empty() {
        "Credentials are optional: the client builds without any, and sends those it is given.".to_owned()
    } else {
        let combinations: Vec<String> = auth
            .required
            .iter()
            .map(|keys| keys.iter().map(|key| code_span(key)).collect::<Vec<_>>().join(" and "))
            .collect();
        match combinations.as_slice() {
            [only] => format!("Building the client needs {only}."),
            _ => format!("Building the client needs one of: {}.", combinations.join("; ")),
        }
    };
    format!("\n\n# Authentication\n\n{}\n\n{required}", schemes.join("\n"))
}

/// The typed setters of the credentials of the schemes that are not bearer tokens, as an
/// inherent `impl` on the crate's `ClientBuilder`.
fn credential_setters(api: &Api) -> TokenStream {
    let mut basic_done = false;
    let setters: Vec<TokenStream> = api
        .auth
        .schemes
        .iter()
        .filter_map(|scheme| {
            let setter = scheme.setter.as_ref()?.ident();
            let description = scheme.docs.as_deref().map(|docs| format!("\n\n{}", spec_text(docs))).unwrap_or_default();
            let key = &scheme.key;
            match &scheme.kind {
                SecurityKind::Bearer(_) => None,
                SecurityKind::Basic if basic_done => None,
                SecurityKind::Basic => {
                    basic_done = true;
                    let docs = doc_lines(&format!(
                        "Sets the HTTP Basic credentials of the {} scheme, sent as `Authorization: Basic` with `user:password` in base64 and marked sensitive.{description}\n\nA user name that is empty or holds a `:`, and credentials given together with a bearer token, are errors when the client is built. The credentials never appear in `Debug` output, errors or logs.",
                        code_span(key)
                    ));
                    Some(quote! {
                        #docs
                        pub fn #setter(self, user: impl Into<String>, password: impl Into<String>) -> Self {
                            self.basic_credentials(user, password)
                        }
                    })
                }
                SecurityKind::ApiKey { location, name } => {
                    let name = code_span(name);
                    let place = match location {
                        ApiKeyLocation::Header => format!("in the {name} header, marked sensitive"),
                        ApiKeyLocation::Query => format!(
                            "as the {name} query parameter, after the request's own (the query is kept out of tracing and errors)"
                        ),
                        ApiKeyLocation::Cookie => format!("as the {name} cookie, after the request's own cookies"),
                    };
                    let docs = doc_lines(&format!(
                        "Sets the API key of the {} scheme, sent {place}.{description}\n\nAn empty key, or one that is not visible ASCII, is an error when the client is built. The key never appears in `Debug` output, errors or logs.",
                        code_span(key)
                    ));
                    Some(quote! {
                        #docs
                        pub fn #setter(self, key: impl Into<String>) -> Self {
                            self.api_key_for(#key, key)
                        }
                    })
                }
            }
        })
        .collect();
    if setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl ClientBuilder {
            #(#setters)*
        }
    }
}

/// The whole `client.rs` file.
pub(super) fn client_rs(api: &Api, config: &Config, gates: &Gates<'_>, deprecated: &Deprecated) -> TokenStream {
    let base_url = api.default_base_url.as_deref().unwrap_or("http://localhost");
    let token_env = &config.token_env;
    let base_url_env = &config.base_url_env;
    let user_agent = format!("{}/{}", config.crate_name, config.crate_version);
    let imports = Imports::client_module();
    let methods: TokenStream = api
        .operations
        .iter()
        .map(|op| {
            let method = imports.under(&op.gate, || client_method(api, op, config, &imports));
            gate_items(gates.attr(&op.gate).as_ref(), method)
        })
        .collect();
    let scope = scope_handle(api, config, gates, &imports);
    let conventions = conventions(api, &imports);
    let security = security(api, &imports);
    let credential_setters = credential_setters(api);
    // The crate's own references to deprecated types are not warnings; users' are.
    let allow = (deprecated.mentioned_in(&methods) || deprecated.mentioned_in(&scope))
        .then(|| quote! { #![allow(deprecated)] });
    let client_docs = doc_lines(&format!(
        "A client for the {}.\n\nCheap to clone: clones share one connection pool. Make one with [`Client::new`], [`Client::from_env`] or [`Client::builder`].{}",
        api_name(api),
        authentication_docs(api)
    ));
    let missing_token = if api.auth.required.is_empty() {
        "The API requires no credentials, so a missing token is not an error; an empty one is, here rather than at the first call."
    } else {
        "A missing or empty token is an error here, not at the first call."
    };
    let from_env_docs = doc_lines(&format!(
        "A client configured from the environment: the token from `{token_env}`, and the base URL from `{base_url_env}` when it is set.\n\n{missing_token}"
    ));
    let api_defaults = imports.name(Item::ApiDefaults);
    let (result, transport) = (imports.name(Item::Result), imports.name(Item::Transport));
    let client_builder = Item::ClientBuilder.path();
    let imports = imports.gated_declarations(|gate| gates.attr(gate));
    quote! {
        #![doc = " The client facade: configuration, and one method per operation."]
        #allow
        #imports

        #[doc = " The facts of this API that configuration starts from."]
        pub(crate) static API: #api_defaults = #api_defaults {
            base_url: #base_url,
            token_env: #token_env,
            base_url_env: #base_url_env,
            user_agent: #user_agent,
            conventions: #conventions,
            security: #security,
        };

        #[doc = " Configures a [`Client`]: base URL, timeouts, retries, user agent, headers, or an injected `reqwest::Client`."]
        pub type ClientBuilder = #client_builder<Client>;

        #credential_setters

        #client_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: #transport,
        }

        impl From<#transport> for Client {
            fn from(transport: #transport) -> Self {
                Self { transport }
            }
        }

        impl Client {
            #[doc = " A client with the given API token and default settings."]
            #[doc = ""]
            #[doc = " An empty token is an error here, not at the first call."]
            pub fn new(token: impl Into<String>) -> #result<Self> {
                Self::builder().token(token).build()
            }

            #from_env_docs
            pub fn from_env() -> #result<Self> {
                ClientBuilder::from_env(&API).build()
            }

            #[doc = " A builder starting from the default settings."]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(&API)
            }

            #[doc = " The transport that sends requests, with this client's configuration and connection pool."]
            #[doc = ""]
            #[doc = " It also sends what the spec does not describe: a [`raw::Request`](crate::raw::Request) for a `static` [`raw::Operation`](crate::raw::Operation), through `execute` or `execute_with`, gets the same retries, errors and redaction as the generated operations."]
            pub fn transport(&self) -> &#transport {
                &self.transport
            }

            #methods
        }

        #scope
    }
}

fn client_method(api: &Api, op: &Operation, config: &Config, imports: &Imports) -> TokenStream {
    let method = op.method_name.ident();
    let builder = op.builder_name.ident();
    let module = op.module_name.ident();
    let operations = imports.name(Item::Operations);
    let arguments = required_arguments(api, op);
    let parameters = arguments.iter().map(|argument| argument.parameter(Scope::Module(imports)));
    let values = arguments.iter().map(|argument| argument.value());
    // With a scoped handle, the handle's method carries the full docs and this one links there.
    let docs = match &api.scope {
        Some(scope) => client_method_docs(op, scope),
        None => operation_docs(api, op, config, false),
    };
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let allow = allow_many_arguments(arguments.len() + 1);
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #method(&self, #(#parameters),*) -> #operations::#module::#builder {
            #operations::#module::#builder::new(self.clone(), #(#values),*)
        }
    }
}

/// The scoped handle, e.g. `client.app(account_id, app_id).list_sessions()`.
///
/// A build without any operation has no handle, whose fields nothing would read.
fn scope_handle(api: &Api, config: &Config, gates: &Gates<'_>, imports: &Imports) -> TokenStream {
    let Some(scope) = &api.scope else { return TokenStream::new() };
    let handle = scope.type_name.ident();
    let make = scope.method_name.ident();
    let fields: Vec<_> = scope.fields.iter().map(RustName::ident).collect();
    let methods = api.operations.iter().map(|op| {
        imports.under(&op.gate, || {
            let method = op.method_name.ident();
            let builder = op.builder_name.ident();
            let module = op.module_name.ident();
            let operations = imports.name(Item::Operations);
            let arguments = required_arguments(api, op);
            let parameters: Vec<TokenStream> = arguments
                .iter()
                .filter(|argument| !scope.fields.contains(&argument.name))
                .map(|argument| argument.parameter(Scope::Module(imports)))
                .collect();
            let allow = allow_many_arguments(parameters.len() + 1);
            let values = arguments.iter().map(|argument| {
                if scope.fields.contains(&argument.name) {
                    let name = argument.name.ident();
                    quote! { self.#name.clone() }
                } else {
                    argument.value()
                }
            });
            let docs = operation_docs(api, op, config, true);
            let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
            let method = quote! {
                #docs
                #deprecated
                #allow
                pub fn #method(&self, #(#parameters),*) -> #operations::#module::#builder {
                    #operations::#module::#builder::new(self.client.clone(), #(#values),*)
                }
            };
            gate_items(gates.attr(&op.gate).as_ref(), method)
        })
    });
    let names = scope.params.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    let handle_docs = doc_lines(&format!("A [`Client`] with {names} fixed, so calls need not repeat them."));
    let make_docs = doc_lines(&format!("A handle with {names} fixed for every call made through it."));
    let handle_items = quote! {
        impl Client {
            #make_docs
            pub fn #make(&self, #(#fields: impl Into<String>),*) -> #handle {
                #handle { client: self.clone(), #(#fields: #fields.into()),* }
            }
        }

        #handle_docs
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: Client,
            #(#fields: String,)*
        }

        impl #handle {
            #(#methods)*
        }
    };
    gate_items(gates.attr(&scope_gate(api)).as_ref(), handle_items)
}

/// The features that compile the scoped handle: those of any operation.
pub(super) fn scope_gate(api: &Api) -> Gate {
    let mut gates = api.operations.iter().map(|op| op.gate.clone());
    let first = gates.next().unwrap_or_default();
    gates.fold(first, |all, gate| all.union(&gate))
}
