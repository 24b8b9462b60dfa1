//! Emits `mock.rs`, the typed mocks behind the `mock` feature: the runtime's mock server, aimed
//! at this API's client.
//!
//! Expectations are the generated request builders themselves and answers are the generated
//! response types, so the mocks follow the spec with no per-operation code of their own.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_lines;
use super::examples::{crate_ident, doc_example, mockable_operation, operation_call, sample_value};
use super::features::Gates;
use crate::Config;
use crate::ir::Api;
use crate::surface::runtime::{Imports, Item};

/// The whole `mock.rs` file.
pub(super) fn mock_rs(api: &Api, config: &Config, gates: &Gates<'_>) -> TokenStream {
    let docs = doc_lines(&format!(
        "Typed mocks for your tests (feature `mock`): a local server that expects the requests your code \
         sends and answers with the generated types.\n\n\
         State each expectation with the same request builder the client uses, answer it with a typed value \
         (or an error), run the code under test against [`MockServer::client`], then call \
         [`MockServer::verify`]: it fails on requests that matched nothing and on expectations that were not \
         met.\n\n{}",
        module_example(api, config, gates).unwrap_or_default()
    ))
    .to_string()
    .replace("# [doc", "#![doc");
    let docs: TokenStream = docs.parse().unwrap_or_default();
    let mock_module = Item::MockServer.parent_path();
    let (expectation, mock_server) = (Item::MockExpectation.ident(), Item::MockServer.ident());
    quote! {
        #docs
        use crate::client::API;
        use crate::{Client, ClientBuilder};
        pub use #mock_module::{#expectation, #mock_server};
        pub use wiremock::ResponseTemplate;

        impl MockServer {
            #[doc = " Starts a mock of this API with no expectations, on 127.0.0.1 with a free port."]
            pub async fn start() -> Self {
                Self::start_for(&API).await
            }

            #[doc = " A client builder aimed at this server, with the token every expectation requires and no retries."]
            pub fn client_builder(&self) -> ClientBuilder {
                self.builder_for()
            }

            #[doc = " A client aimed at this server."]
            pub fn client(&self) -> Client {
                match self.client_builder().build() {
                    Ok(client) => client,
                    Err(error) => panic!("a client aimed at the mock server must build: {error}"),
                }
            }
        }
    }
}

/// An example that expects one call, answers it, makes it, and verifies.
fn module_example(api: &Api, config: &Config, gates: &Gates<'_>) -> Option<String> {
    let op = mockable_operation(api, gates)?;
    let krate = crate_ident(config);
    let imports = Imports::doc_example(&krate);
    let call = operation_call(api, op, api.scope.is_some(), &imports);
    let answer = sample_value(api, op.success()?.ty.as_ref()?, "response", 0, &imports);
    let statements = quote! {
        use #krate::mock::MockServer;
        let server = MockServer::start().await;
        let client = server.client();
        server.expect(#call).respond(&#answer).await;
        let response = #call.send().await?;
        assert_eq!(response.status(), 200);
        server.verify().await;
    };
    let models_import = imports.declarations();
    Some(doc_example(&krate, quote! { #models_import #statements }))
}
