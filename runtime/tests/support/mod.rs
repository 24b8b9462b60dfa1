//! The runtime tests' stand-in API: its defaults, conventions and operations, and transports
//! aimed at the shared loopback server (`realtimekit_testkit::Server`).

// Each test binary uses only some of these fixtures.
#![allow(dead_code)]

use std::time::Duration;

use realtimekit_runtime::auth::{AuthLocation, AuthScheme, Security};
use realtimekit_runtime::config::{ApiDefaults, ClientBuilder};
use realtimekit_runtime::conventions::Conventions;
use realtimekit_runtime::operation::{Method, Operation, RetrySafety};
use realtimekit_runtime::request::{Constraints, Request};
use realtimekit_runtime::retry::RetryPolicy;
use realtimekit_runtime::transport::Transport;
use realtimekit_testkit::Server;

/// The token the tests use; it must never show up in any output.
pub(crate) const TOKEN: &str = "tok_SECRET_4f9a1c";

/// Defaults pointing at environment variables that are never set, for an API that declares a
/// success flag, two error body shapes and two request id headers.
pub(crate) static DEFAULTS: ApiDefaults = ApiDefaults {
    base_url: "http://127.0.0.1:9/v1",
    token_env: "RTK_RUNTIME_TEST_UNSET_TOKEN_VAR",
    base_url_env: "RTK_RUNTIME_TEST_UNSET_BASE_URL_VAR",
    user_agent: "runtime-tests/1.0",
    conventions: DECLARED,
    security: BEARER_REQUIRED,
};

/// An API whose one scheme, a bearer token, is required.
pub(crate) const BEARER_REQUIRED: Security =
    Security { schemes: &[AuthScheme { key: "token", location: AuthLocation::Bearer }], required: &[&["token"]] };

/// The conventions of the API that [`DEFAULTS`] describes.
pub(crate) const DECLARED: Conventions = Conventions {
    success_flag: Some("/success"),
    error_code: &["/error/code", "/errors/0/code"],
    error_message: &["/error/message", "/errors/0/message"],
    request_id_headers: &["x-request-id", "cf-ray"],
};

/// The same API as [`DEFAULTS`], but declaring no conventions at all.
pub(crate) static PLAIN_DEFAULTS: ApiDefaults = ApiDefaults { conventions: Conventions::NONE, ..DEFAULTS };

/// `GET /items/{item_id}`, idempotent.
pub(crate) static GET_ITEM: Operation =
    Operation { name: "get_item", method: Method::Get, path: "/items/{item_id}", retry: RetrySafety::Idempotent };

/// `GET /items`, idempotent.
pub(crate) static LIST_ITEMS: Operation =
    Operation { name: "list_items", method: Method::Get, path: "/items", retry: RetrySafety::Idempotent };

/// `POST /items`, not idempotent.
pub(crate) static CREATE_ITEM: Operation =
    Operation { name: "create_item", method: Method::Post, path: "/items", retry: RetrySafety::NotIdempotent };

/// A stand-in for a generated client type.
#[derive(Debug, Clone)]
pub(crate) struct TestClient(pub Transport);

impl From<Transport> for TestClient {
    fn from(transport: Transport) -> Self {
        Self(transport)
    }
}

/// A builder aimed at `base_url` with a fast retry policy.
pub(crate) fn builder(base_url: &str) -> ClientBuilder<TestClient> {
    ClientBuilder::<TestClient>::new(&DEFAULTS)
        .token(TOKEN)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries(2))
}

/// A retry policy with tiny backoffs.
pub(crate) fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(5),
    }
}

/// A transport aimed at `server` with a fast retry policy.
pub(crate) fn transport(server: &Server) -> Transport {
    builder(&server.url()).build().unwrap().0
}

/// A transport like [`transport`], for an API that declares no conventions.
pub(crate) fn plain_transport(server: &Server) -> Transport {
    ClientBuilder::<TestClient>::new(&PLAIN_DEFAULTS)
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_retries(2))
        .build()
        .unwrap()
        .0
}

/// A `GET` of item 1, which the retry rules may resend freely.
pub(crate) fn get_item_request() -> Request {
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "1", &Constraints::NONE);
    request
}

/// A `POST` that creates an item, which the retry rules never resend once it may have acted.
pub(crate) fn create_item_request() -> Request {
    let mut request = Request::new(&CREATE_ITEM);
    request.json_body(&serde_json::json!({"name": "x"}));
    request
}
