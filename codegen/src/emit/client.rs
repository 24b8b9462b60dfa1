//! Emits `client.rs`: the `Client` facade with one method per operation, and the scoped
//! handle that fixes the path parameters every operation starts with.

use proc_macro2::TokenStream;
use quote::quote;

use super::op_docs::{client_method_docs, operation_docs};
use super::{Deprecated, allow_many_arguments, api_name, doc_lines};
use crate::Config;
use crate::ir::{Api, Operation, RustName};
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

/// The whole `client.rs` file.
pub(super) fn client_rs(api: &Api, config: &Config, deprecated: &Deprecated) -> TokenStream {
    let base_url = api.default_base_url.as_deref().unwrap_or("http://localhost");
    let token_env = &config.token_env;
    let base_url_env = &config.base_url_env;
    let user_agent = format!("{}/{}", config.crate_name, config.crate_version);
    let imports = Imports::client_module();
    let methods: TokenStream = api.operations.iter().map(|op| client_method(api, op, config, &imports)).collect();
    let scope = scope_handle(api, config, &imports);
    let conventions = conventions(api, &imports);
    // The crate's own references to deprecated types are not warnings; users' are.
    let allow = (deprecated.mentioned_in(&methods) || deprecated.mentioned_in(&scope))
        .then(|| quote! { #![allow(deprecated)] });
    let client_docs = doc_lines(&format!(
        "A client for the {}.\n\nCheap to clone: clones share one connection pool. Make one with [`Client::new`], [`Client::from_env`] or [`Client::builder`].",
        api_name(api)
    ));
    let from_env_docs = doc_lines(&format!(
        "A client configured from the environment: the token from `{token_env}`, and the base URL from `{base_url_env}` when it is set.\n\nA missing or empty token is an error here, not at the first call."
    ));
    let api_defaults = imports.name(Item::ApiDefaults);
    let (result, transport) = (imports.name(Item::Result), imports.name(Item::Transport));
    let client_builder = Item::ClientBuilder.path();
    let imports = imports.declarations();
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
        };

        #[doc = " Configures a [`Client`]: base URL, timeouts, retries, user agent, headers, or an injected `reqwest::Client`."]
        pub type ClientBuilder = #client_builder<Client>;

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
fn scope_handle(api: &Api, config: &Config, imports: &Imports) -> TokenStream {
    let Some(scope) = &api.scope else { return TokenStream::new() };
    let handle = scope.type_name.ident();
    let make = scope.method_name.ident();
    let fields: Vec<_> = scope.fields.iter().map(RustName::ident).collect();
    let methods = api.operations.iter().map(|op| {
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
        quote! {
            #docs
            #deprecated
            #allow
            pub fn #method(&self, #(#parameters),*) -> #operations::#module::#builder {
                #operations::#module::#builder::new(self.client.clone(), #(#values),*)
            }
        }
    });
    let names = scope.params.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    let handle_docs = doc_lines(&format!("A [`Client`] with {names} fixed, so calls need not repeat them."));
    let make_docs = doc_lines(&format!("A handle with {names} fixed for every call made through it."));
    quote! {
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
    }
}
