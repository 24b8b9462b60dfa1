//! Client configuration: the builder every generated client exposes.
//!
//! Generated code supplies the API's facts in a `static` [`ApiDefaults`]
//! and implements `From<Transport>` for its client type; users then write
//! `Client::builder().token(..).build()` or `Client::from_env().build()`.
//! Every setting is validated by [`ClientBuilder::build`], which reports
//! problems as [`Error::Config`] with a message that never contains the
//! token. The extension points are set here too: a [`TokenProvider`] in
//! place of a fixed token, and [`Hook`]s around each attempt.
//!
//! The API's security schemes come with its defaults ([`Security`]): the
//! bearer token is set by `token`, `token_provider` or `from_env`, and the
//! other credentials by typed setters that generated code adds to the
//! builder for the schemes its spec declares, on top of
//! [`ClientBuilder::api_key_for`] and [`ClientBuilder::basic_credentials`].
//! `build` needs a credential only when the spec's top-level `security`
//! requires one.

use std::env::VarError;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, HOST, HeaderMap, HeaderName, HeaderValue, TRANSFER_ENCODING, USER_AGENT,
};

use super::auth::{Given, Security};
use super::conventions::Conventions;
use super::error::Error;
use super::hook::Hook;
use super::retry::RetryPolicy;
use super::secret::{ApiToken, TokenProvider};
use super::transport::{Parts, Transport};

/// The default per-attempt timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The maximum number of redirects followed by the client the runtime
/// builds itself.
pub const MAX_REDIRECTS: usize = 10;

/// With the `rustls-ring` feature, reqwest's rustls has no crypto library of its own: ring is
/// installed as the process's rustls provider, unless the application installed one first,
/// whose choice stands. Without that feature this does nothing.
fn use_ring_unless_chosen() {
    #[cfg(feature = "rustls-ring")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one at the same moment; its provider then stays, which
        // serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The redirect rule of the client the runtime builds itself: follow up to
/// [`MAX_REDIRECTS`] redirects within the origin (scheme, host and port) of
/// the request, and stop at one that leads elsewhere.
///
/// reqwest drops `Authorization` and cookies when a redirect leaves the host,
/// but forwards every other header, and default headers may carry
/// credentials (Cloudflare's legacy `X-Auth-Key`, for one). A redirect that
/// is not followed comes back as [`Error::Api`] with its 3xx status, so
/// nothing reaches another origin unless the caller sends it there.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The facts about an API that generated code passes to the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiDefaults {
    /// The default base URL, for example `"https://api.example.com/v1"`.
    pub base_url: &'static str,
    /// The environment variable [`ClientBuilder::from_env`] reads the API
    /// token from.
    pub token_env: &'static str,
    /// The environment variable [`ClientBuilder::from_env`] reads a base
    /// URL override from.
    pub base_url_env: &'static str,
    /// The default `User-Agent` header value.
    pub user_agent: &'static str,
    /// What the API's spec declares about its responses: a success flag, the
    /// shape of error bodies, request id headers.
    pub conventions: Conventions,
    /// The API's security schemes, and which credentials a client needs.
    pub security: Security,
}

/// Where the token comes from, kept so that errors can say so.
#[derive(Clone)]
enum TokenSource {
    Unset,
    Given(String),
    Env(&'static str, String),
    EnvMissing(&'static str),
    EnvNotUnicode(&'static str),
    /// Asked for the token before each attempt.
    Provider(Arc<dyn TokenProvider>),
}

/// The validated token: fixed, or asked for before each attempt.
enum Credentials {
    Fixed(ApiToken),
    Provider(Arc<dyn TokenProvider>),
}

/// Builds a client of type `C` (the generated client type).
///
/// Settings are checked only by [`build`](Self::build). `Debug` output never
/// shows the token or header values. A builder is `Clone`, so one base
/// configuration can make several clients; its token provider and hooks are
/// then shared by them.
pub struct ClientBuilder<C> {
    defaults: &'static ApiDefaults,
    token: TokenSource,
    /// The credentials of the schemes other than bearer ones.
    given: Given,
    base_url: Option<String>,
    /// The environment variable the base URL came from, if any.
    base_url_env: Option<&'static str>,
    /// Whether that environment variable held invalid Unicode.
    base_url_not_unicode: bool,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    /// The hooks, in registration order.
    hooks: Vec<Arc<dyn Hook>>,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// Starts a builder with the API's defaults and no token.
    pub fn new(defaults: &'static ApiDefaults) -> Self {
        Self {
            defaults,
            token: TokenSource::Unset,
            given: Given::default(),
            base_url: None,
            base_url_env: None,
            base_url_not_unicode: false,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::DEFAULT,
            user_agent: None,
            default_headers: Vec::new(),
            http_client: None,
            hooks: Vec::new(),
            client: PhantomData,
        }
    }

    /// Starts a builder that takes the token from the `defaults.token_env`
    /// environment variable and, if `defaults.base_url_env` is set and not
    /// empty, the base URL from it.
    ///
    /// A missing token is reported by [`build`](Self::build) when the API's
    /// security requires one (an API that requires none builds without it);
    /// an empty one always is.
    /// Later calls to [`token`](Self::token),
    /// [`token_provider`](Self::token_provider) or [`base_url`](Self::base_url)
    /// override the environment.
    pub fn from_env(defaults: &'static ApiDefaults) -> Self {
        let mut builder = Self::new(defaults);
        builder.token = match std::env::var(defaults.token_env) {
            Ok(value) => TokenSource::Env(defaults.token_env, value),
            Err(VarError::NotPresent) => TokenSource::EnvMissing(defaults.token_env),
            Err(VarError::NotUnicode(_)) => TokenSource::EnvNotUnicode(defaults.token_env),
        };
        match std::env::var(defaults.base_url_env) {
            Ok(value) if !value.trim().is_empty() => {
                builder.base_url = Some(value);
                builder.base_url_env = Some(defaults.base_url_env);
            }
            Ok(_) | Err(VarError::NotPresent) => {}
            Err(VarError::NotUnicode(_)) => {
                // This is reported by `build` rather than silently falling
                // back to the default base URL.
                builder.base_url_env = Some(defaults.base_url_env);
                builder.base_url_not_unicode = true;
            }
        }
        builder
    }

    /// Sets the API token, fixed for the life of the client; it replaces a
    /// token provider set before.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = TokenSource::Given(token.into());
        self
    }

    /// Asks `provider` for the API token before each attempt, so the token
    /// can change without rebuilding the client; it replaces a token set
    /// before, by [`token`](Self::token) or from the environment.
    ///
    /// A provider that fails ends the call with [`Error::Token`] before the
    /// attempt is sent. See [`TokenProvider`] for when it is called and what
    /// it should cost.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token = TokenSource::Provider(Arc::new(provider));
        self
    }

    /// Sets the API key of the API key scheme keyed `scheme` (its key under
    /// `components.securitySchemes`); it replaces a key set before for the
    /// same scheme.
    ///
    /// Generated clients offer a typed setter per scheme, which calls this.
    /// The key is sent where the scheme says: in a header (marked
    /// sensitive), in the query (after the request's own parameters; the
    /// query never reaches logs, tracing or errors) or in a cookie. A key
    /// that is empty or not visible ASCII, or a scheme the API does not
    /// declare, is reported by [`build`](Self::build), without the key.
    #[doc(hidden)]
    pub fn api_key_for(mut self, scheme: &'static str, key: impl Into<String>) -> Self {
        self.given.set_api_key(scheme, key.into());
        self
    }

    /// Sets the HTTP Basic credentials, sent as
    /// `Authorization: Basic <base64(user:password)>`, marked sensitive.
    ///
    /// Generated clients offer a typed setter when the spec declares a Basic
    /// scheme, which calls this. A user name that is empty or holds a `:`,
    /// and Basic credentials given together with a bearer token, are
    /// reported by [`build`](Self::build).
    #[doc(hidden)]
    pub fn basic_credentials(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.given.basic = Some((user.into(), password.into()));
        self
    }

    /// Adds a hook around each attempt.
    ///
    /// Several hooks may be added. Before each attempt, retries included,
    /// their [`before`](Hook::before) runs in the order they were added;
    /// after it, their [`after`](Hook::after) runs in the reverse order. See
    /// [`super::hook`] for what a hook may do.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Sets the base URL; a trailing slash is optional.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self.base_url_env = None;
        self.base_url_not_unicode = false;
        self
    }

    /// Sets the timeout of each attempt, covering connecting, sending and
    /// reading the whole response (default 60 s). It applies to an injected
    /// client too.
    pub fn timeout(mut self, per_attempt: Duration) -> Self {
        self.timeout = per_attempt;
        self
    }

    /// Sets the connect timeout (default 10 s). It applies only to the
    /// client the runtime builds itself, not to an injected one.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the maximum number of retries (default 2); `0` disables
    /// retries.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Replaces the whole retry policy, including its `max_retries`.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the `User-Agent` header (default `defaults.user_agent`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header sent with every request.
    ///
    /// `Authorization`, `Host`, `Content-Length` and `Transfer-Encoding`
    /// are refused, and `Accept`, `Content-Type` and `User-Agent` are
    /// overridden by the runtime; an invalid name or value is reported by
    /// [`build`](Self::build).
    pub fn default_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.default_headers.push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Uses `client` instead of building a `reqwest::Client`.
    ///
    /// Its own settings (TLS, proxies, redirects, connect timeout) are kept;
    /// the per-attempt timeout, headers and retries still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<C, Error> {
        self.build_transport().map(C::from)
    }

    /// Validates the configuration and builds the [`Transport`] alone.
    pub fn build_transport(self) -> Result<Transport, Error> {
        let credentials = self.credentials()?;
        let base_url = self.validated_base_url()?;
        if self.timeout.is_zero() {
            return Err(Error::config("the timeout must be greater than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::config("the connect timeout must be greater than zero"));
        }
        let mut headers = HeaderMap::new();
        // The credentials go in after the default headers, so a default header of the same
        // name cannot replace an API key.
        let mut credential_headers = HeaderMap::new();
        let other_credentials =
            self.given.apply(&self.defaults.security, credentials.is_some(), &mut credential_headers)?;
        for (name, value) in &self.default_headers {
            let name = HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| Error::config(format!("`{name}` is not a valid HTTP header name")))?;
            if [AUTHORIZATION, HOST, CONTENT_LENGTH, TRANSFER_ENCODING].contains(&name) {
                return Err(Error::config(format!("the `{name}` header cannot be set as a default header")));
            }
            // The value is not echoed: it may be a secret.
            let value = HeaderValue::from_str(value.trim())
                .map_err(|_| Error::config(format!("the value of the default header `{name}` is not valid")))?;
            headers.append(name, value);
        }
        let user_agent = self.user_agent.as_deref().unwrap_or(self.defaults.user_agent);
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::config("the user agent is not a valid HTTP header value"))?;
        headers.insert(USER_AGENT, user_agent);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.extend(credential_headers);
        let token_provider = match credentials {
            Some(Credentials::Fixed(token)) => {
                headers.insert(AUTHORIZATION, token.authorization_header()?);
                None
            }
            Some(Credentials::Provider(provider)) => Some(provider),
            None => None,
        };

        // The client built here carries the per-attempt timeout itself; an
        // injected client gets it on each request instead.
        if self.http_client.is_none() {
            use_ring_unless_chosen();
        }
        let (client, client_times_out) = match self.http_client {
            Some(client) => (client, false),
            None => (
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(same_origin_redirects())
                    // A `Referer` would hand the full request URL, query included, to
                    // whatever host a redirect leads to.
                    .referer(false)
                    // The runtime's own retry rules are the only ones.
                    .retry(reqwest::retry::never())
                    .build()
                    .map_err(|error| Error::config(format!("could not build the HTTP client: {error}")))?,
                true,
            ),
        };
        Ok(Transport::new(Parts {
            client,
            client_times_out,
            base_url,
            headers,
            token_provider,
            credentials: other_credentials,
            hooks: self.hooks,
            timeout: self.timeout,
            retry: self.retry,
            conventions: &self.defaults.conventions,
        }))
    }

    /// The bearer token, if one was set, after checking that the credentials set satisfy
    /// the API's security requirement.
    ///
    /// When a token alone would satisfy it, a missing token is reported as such, naming the
    /// environment variable `from_env` reads; otherwise the error names the schemes the API
    /// accepts.
    fn credentials(&self) -> Result<Option<Credentials>, Error> {
        let security = &self.defaults.security;
        let has_token = !matches!(self.token, TokenSource::Unset | TokenSource::EnvMissing(_));
        let satisfied = security.is_satisfied(|scheme| self.given.provides(scheme, has_token));
        // With nothing given and a token enough, the error says how to give the token.
        if !satisfied && (has_token || !self.given.is_empty() || !security.token_suffices()) {
            return Err(Error::config(format!(
                "the credentials given are not enough: the API requires {}; set them on the builder",
                security.describe_required()
            )));
        }
        let (value, origin) = match &self.token {
            TokenSource::Provider(provider) => return Ok(Some(Credentials::Provider(Arc::clone(provider)))),
            TokenSource::Given(value) => (value, None),
            TokenSource::Env(var, value) => (value, Some(*var)),
            TokenSource::Unset | TokenSource::EnvMissing(_) if satisfied => return Ok(None),
            TokenSource::Unset => {
                return Err(Error::config(format!(
                    "no API token was given: call `token(..)` on the builder or use \
                     `from_env()` with the `{}` environment variable set",
                    self.defaults.token_env
                )));
            }
            TokenSource::EnvMissing(var) => {
                return Err(Error::config(format!(
                    "no API token was found: the `{var}` environment variable is not set"
                )));
            }
            TokenSource::EnvNotUnicode(var) => {
                return Err(Error::config(format!("the `{var}` environment variable is not valid Unicode")));
            }
        };
        let token = ApiToken::new(value.as_str()).map_err(|error| match (error, origin) {
            (Error::Config(config), Some(var)) => {
                Error::config(format!("{} (read from the `{var}` environment variable)", config.message()))
            }
            (error, _) => error,
        })?;
        Ok(Some(Credentials::Fixed(token)))
    }

    fn validated_base_url(&self) -> Result<String, Error> {
        if let (true, Some(var)) = (self.base_url_not_unicode, self.base_url_env) {
            return Err(Error::config(format!("the `{var}` environment variable is not valid Unicode")));
        }
        let raw = self.base_url.as_deref().unwrap_or(self.defaults.base_url).trim();
        let origin = match self.base_url_env {
            Some(var) => format!(" (read from the `{var}` environment variable)"),
            None => String::new(),
        };
        let url = reqwest::Url::parse(raw)
            .map_err(|error| Error::config(format!("the base URL `{raw}` is not valid{origin}: {error}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::config(format!("the base URL must not contain credentials{origin}")));
        }
        let problem = if !matches!(url.scheme(), "http" | "https") {
            Some("its scheme must be http or https")
        } else if url.cannot_be_a_base() || url.host_str().is_none() {
            Some("it must have a host")
        } else if url.query().is_some() || url.fragment().is_some() {
            Some("it must not have a query or fragment")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(Error::config(format!("the base URL `{raw}` is not valid{origin}: {problem}")));
        }
        Ok(url.as_str().trim_end_matches('/').to_owned())
    }
}

// Written out rather than derived, so that cloning a builder does not ask the client type to
// be `Clone` as well.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            defaults: self.defaults,
            token: self.token.clone(),
            given: self.given.clone(),
            base_url: self.base_url.clone(),
            base_url_env: self.base_url_env,
            base_url_not_unicode: self.base_url_not_unicode,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry,
            user_agent: self.user_agent.clone(),
            default_headers: self.default_headers.clone(),
            http_client: self.http_client.clone(),
            hooks: self.hooks.clone(),
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = match &self.token {
            TokenSource::Unset => "<unset>",
            TokenSource::Given(_) | TokenSource::Env(..) => "<redacted>",
            TokenSource::EnvMissing(_) | TokenSource::EnvNotUnicode(_) => "<missing>",
            TokenSource::Provider(_) => "<provider>",
        };
        // Header values may be secret, so only their names are shown.
        let header_names: Vec<&str> = self.default_headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("defaults", &self.defaults)
            .field("token", &token)
            .field("credentials", &self.given)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("default_headers", &header_names)
            .field("http_client", &self.http_client.is_some())
            .field("hooks", &self.hooks.len())
            .finish()
    }
}
