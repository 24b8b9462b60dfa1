//! Static facts about one API operation, as generated code declares them.
//!
//! Generated code builds one [`Operation`] per API operation as a `static`
//! item and hands a reference to it to [`super::request::Request::new`]. The
//! runtime uses these facts to render the URL, to decide whether a failed
//! attempt may be retried, and to label tracing spans and errors.

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The `GET` method.
    Get,
    /// The `POST` method.
    Post,
    /// The `PUT` method.
    Put,
    /// The `PATCH` method.
    Patch,
    /// The `DELETE` method.
    Delete,
    /// The `HEAD` method.
    Head,
    /// The `OPTIONS` method.
    Options,
    /// The `TRACE` method.
    Trace,
}

impl Method {
    /// Returns the equivalent [`reqwest::Method`].
    #[doc(hidden)]
    pub fn as_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Put => reqwest::Method::PUT,
            Self::Patch => reqwest::Method::PATCH,
            Self::Delete => reqwest::Method::DELETE,
            Self::Head => reqwest::Method::HEAD,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Trace => reqwest::Method::TRACE,
        }
    }

    /// Returns the method name in upper case, for example `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether repeating an operation is harmless.
///
/// The retry rules in [`super::retry`] depend on this: an idempotent
/// operation is retried after any transient failure, while a non-idempotent
/// one is retried only when the failed attempt provably did not take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetrySafety {
    /// Sending the request twice has the same effect as sending it once.
    Idempotent,
    /// Sending the request twice may have a different effect, for example
    /// creating two resources.
    NotIdempotent,
}

impl RetrySafety {
    /// Returns the usual safety of an HTTP method: `POST` and `PATCH` are not
    /// idempotent, every other method is.
    pub const fn for_method(method: Method) -> Self {
        match method {
            Method::Post | Method::Patch => Self::NotIdempotent,
            Method::Get | Method::Put | Method::Delete | Method::Head | Method::Options | Method::Trace => {
                Self::Idempotent
            }
        }
    }
}

/// The static facts of one API operation.
///
/// Generated code declares one of these per operation as a `static` item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The snake_case name of the client method, for example
    /// `"list_sessions"`; it labels tracing spans and errors.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template relative to the base URL, with `{name}`
    /// placeholders for path parameters, for example
    /// `"/accounts/{account_id}/sessions"`.
    pub path: &'static str,
    /// Whether the operation may be retried freely.
    pub retry: RetrySafety,
}
