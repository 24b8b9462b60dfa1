//! JSON Pointers (RFC 6901): how every phase, and the review tools, say where in a document a thing is.
//!
//! A [`Pointer`] holds its escaped text, so it prints, compares and sorts exactly as it is
//! written. It is built one reference token at a time with [`Pointer::push`], parsed from
//! pointer text with [`Pointer::parse`] or from a `$ref`'s URI fragment with
//! [`Pointer::from_fragment`], and read back as unescaped tokens with [`Pointer::tokens`].
//!
//! Only the escaped form is ever stored, and every constructor checks it, so reading the tokens
//! back cannot fail.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A JSON Pointer: `""` for the whole document, otherwise `/` before each escaped token.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer(String);

/// Why text is not a JSON Pointer, or a `$ref` is not a local one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointerError {
    /// Text that is neither empty nor starts with `/`.
    MissingLeadingSlash,
    /// A `~` followed by something other than `0` or `1`, such as `~2`; the escape as written.
    InvalidEscape(String),
    /// Percent-escapes of a fragment that decode to bytes that are not UTF-8.
    NotUtf8,
    /// A reference that is not a fragment of this document, such as `other.yaml#/a`.
    NotAFragment,
}

impl fmt::Display for PointerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingLeadingSlash => f.write_str("it must be empty or start with `/`"),
            Self::InvalidEscape(escape) => write!(f, "`{escape}` is not an escape; `~` must be followed by `0` or `1`"),
            Self::NotUtf8 => f.write_str("its percent-escapes do not decode to UTF-8 text"),
            Self::NotAFragment => f.write_str("it is not a fragment (`#...`) of this document"),
        }
    }
}

impl std::error::Error for PointerError {}

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Parses escaped pointer text, such as `/paths/~1a/get`.
    pub fn parse(text: &str) -> Result<Self, PointerError> {
        if !text.is_empty() && !text.starts_with('/') {
            return Err(PointerError::MissingLeadingSlash);
        }
        check_escapes(text)?;
        Ok(Self(text.to_owned()))
    }

    /// Parses the fragment of a local `$ref`, such as `#/components/schemas/Session`.
    ///
    /// A fragment is percent-encoded (RFC 3986) before it is a pointer, so its percent-escapes
    /// are decoded first: `#/paths/~1systems~1%7Bid%7D` points at the path `/systems/{id}`. A
    /// `%` that does not start an escape is kept as written, as the URL Standard's
    /// percent-decode does, so a reference to a key that holds `%` still resolves.
    pub fn from_fragment(reference: &str) -> Result<Self, PointerError> {
        let fragment = reference.strip_prefix('#').ok_or(PointerError::NotAFragment)?;
        Self::parse(&percent_decode(fragment)?)
    }

    /// This pointer extended by one unescaped reference token.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string();
        Self(format!("{}/{}", self.0, Self::escape(&token)))
    }

    /// This pointer followed by every token of `relative`, a pointer from the place this one
    /// names.
    pub fn join(&self, relative: &Pointer) -> Self {
        Self(format!("{}{}", self.0, relative.0))
    }

    /// The escaped form of one reference token: `~` as `~0`, then `/` as `~1`.
    pub fn escape(token: &str) -> Cow<'_, str> {
        if token.contains(['~', '/']) {
            Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
        } else {
            Cow::Borrowed(token)
        }
    }

    /// The reference token an escaped one stands for: `~1` as `/`, then `~0` as `~`, so `~01`
    /// is `~1`.
    pub fn unescape(token: &str) -> Result<Cow<'_, str>, PointerError> {
        check_escapes(token)?;
        Ok(unescape_checked(token))
    }

    /// The unescaped reference tokens, outermost first; none for the root.
    pub fn tokens(&self) -> impl DoubleEndedIterator<Item = Cow<'_, str>> {
        self.0.strip_prefix('/').into_iter().flat_map(|tokens| tokens.split('/')).map(unescape_checked)
    }

    /// The last reference token, unescaped; `None` for the root.
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.tokens().next_back()
    }

    /// Whether this pointer is `prefix` or names a place inside it.
    pub fn starts_with(&self, prefix: &Pointer) -> bool {
        self.0.strip_prefix(&prefix.0).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// Whether this is the pointer to the whole document.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The escaped pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Pointer {
    type Err = PointerError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl From<&Pointer> for Pointer {
    fn from(pointer: &Pointer) -> Self {
        pointer.clone()
    }
}

/// A pointer serializes as its escaped text, as it is printed.
impl serde::Serialize for Pointer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Fails on the first `~` that is not `~0` or `~1`.
fn check_escapes(text: &str) -> Result<(), PointerError> {
    let mut rest = text;
    while let Some(index) = rest.find('~') {
        let after = &rest[index + 1..];
        if !after.starts_with(['0', '1']) {
            let escape: String = rest[index..].chars().take(2).collect();
            return Err(PointerError::InvalidEscape(escape));
        }
        rest = &after[1..];
    }
    Ok(())
}

/// Unescapes a token whose escapes are known to be valid.
fn unescape_checked(token: &str) -> Cow<'_, str> {
    if token.contains('~') { Cow::Owned(token.replace("~1", "/").replace("~0", "~")) } else { Cow::Borrowed(token) }
}

/// Decodes the `%XX` escapes of URI text; a `%` not followed by two hexadecimal digits stays.
pub(crate) fn percent_decode(text: &str) -> Result<Cow<'_, str>, PointerError> {
    if !text.contains('%') {
        return Ok(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = match bytes.get(index..index + 3) {
            Some([b'%', high, low]) => hex_value(*high).zip(hex_value(*low)).map(|(high, low)| high * 16 + low),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).map(Cow::Owned).map_err(|_| PointerError::NotUtf8)
}

/// The value of one hexadecimal digit.
fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|value| u8::try_from(value).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of a pointer, as owned strings.
    fn tokens(pointer: &Pointer) -> Vec<String> {
        pointer.tokens().map(Cow::into_owned).collect()
    }

    #[test]
    fn pushed_tokens_are_escaped_and_read_back_as_pushed() {
        let pointer = Pointer::root().push("paths").push("/a/{b}").push("get").push("x~y").push(3);
        assert_eq!(pointer.as_str(), "/paths/~1a~1{b}/get/x~0y/3");
        assert_eq!(tokens(&pointer), ["paths", "/a/{b}", "get", "x~y", "3"]);
        assert_eq!(Pointer::parse(pointer.as_str()), Ok(pointer.clone()));
        assert_eq!(pointer.to_string().parse::<Pointer>(), Ok(pointer));
    }

    #[test]
    fn escaping_round_trips_every_mix_of_tilde_and_slash() {
        for token in ["", "~", "/", "~1", "~0", "/~", "~/", "~01", "a~b/c", "~~//"] {
            let escaped = Pointer::escape(token);
            assert_eq!(Pointer::unescape(&escaped).as_deref(), Ok(token), "{token:?} escaped as {escaped:?}");
            assert_eq!(tokens(&Pointer::root().push(token)), [token]);
        }
    }

    #[test]
    fn tilde_zero_one_is_a_tilde_then_a_one_never_a_slash() {
        assert_eq!(Pointer::unescape("~01").as_deref(), Ok("~1"));
        assert_eq!(Pointer::unescape("~10").as_deref(), Ok("/0"));
        assert_eq!(Pointer::escape("~1"), "~01");
        assert_eq!(tokens(&Pointer::parse("/~01/~10").expect("valid")), ["~1", "/0"]);
    }

    #[test]
    fn invalid_escapes_are_errors() {
        assert_eq!(Pointer::parse("/a~2b"), Err(PointerError::InvalidEscape("~2".to_owned())));
        assert_eq!(Pointer::parse("/a~"), Err(PointerError::InvalidEscape("~".to_owned())));
        assert_eq!(Pointer::unescape("~x"), Err(PointerError::InvalidEscape("~x".to_owned())));
        assert_eq!(Pointer::from_fragment("#/a~2"), Err(PointerError::InvalidEscape("~2".to_owned())));
        assert_eq!(Pointer::parse("a/b"), Err(PointerError::MissingLeadingSlash));
        assert!(PointerError::InvalidEscape("~2".to_owned()).to_string().contains("`~2`"));
    }

    #[test]
    fn fragments_are_percent_decoded_before_they_are_unescaped() {
        let pointer = Pointer::from_fragment("#/paths/~1systems~1%7BsystemSymbol%7D~1waypoints").expect("valid");
        assert_eq!(tokens(&pointer), ["paths", "/systems/{systemSymbol}/waypoints"]);
        assert_eq!(pointer, Pointer::root().push("paths").push("/systems/{systemSymbol}/waypoints"));
        // `%25` is a percent sign, decoded once: `%2541` is `%41`, not `A`.
        assert_eq!(tokens(&Pointer::from_fragment("#/a%25b/%2541").expect("valid")), ["a%b", "%41"]);
        // A percent-encoded `~` or `/` is still an escape or a separator once decoded.
        assert_eq!(tokens(&Pointer::from_fragment("#/a%7E1b%2Fc").expect("valid")), ["a/b", "c"]);
        assert_eq!(tokens(&Pointer::from_fragment("#/caf%C3%A9").expect("valid")), ["café"]);
        // A `%` that starts no escape is kept as written.
        assert_eq!(tokens(&Pointer::from_fragment("#/100%/%zz/%4").expect("valid")), ["100%", "%zz", "%4"]);
        assert_eq!(Pointer::from_fragment("#/%FF"), Err(PointerError::NotUtf8));
        assert_eq!(Pointer::from_fragment("other.yaml#/a"), Err(PointerError::NotAFragment));
        assert_eq!(Pointer::from_fragment("#"), Ok(Pointer::root()));
    }

    #[test]
    fn the_root_has_no_tokens() {
        let root = Pointer::root();
        assert!(root.is_root());
        assert_eq!(root.as_str(), "");
        assert_eq!(root.tokens().count(), 0);
        assert_eq!(root.last(), None);
        assert_eq!(Pointer::parse(""), Ok(root.clone()));
        // `/` is not the root: it names the key `""`.
        assert_eq!(tokens(&Pointer::parse("/").expect("valid")), [""]);
    }

    #[test]
    fn prefixes_end_at_token_boundaries() {
        let schema = Pointer::root().push("components").push("schemas").push("A");
        assert!(schema.push("properties").starts_with(&schema));
        assert!(schema.starts_with(&schema));
        assert!(schema.starts_with(&Pointer::root()));
        assert!(!Pointer::root().push("components").push("schemas").push("AB").starts_with(&schema));
        assert_eq!(schema.last().as_deref(), Some("A"));
        let relative = Pointer::root().push("items").push(0);
        assert_eq!(schema.join(&relative).as_str(), "/components/schemas/A/items/0");
    }

    #[test]
    fn serializes_as_its_escaped_text() {
        let pointer = Pointer::root().push("a/b");
        assert_eq!(serde_json::to_string(&pointer).expect("serializes"), r#""/a~1b""#);
    }
}
