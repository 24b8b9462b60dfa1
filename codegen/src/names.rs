//! Every naming decision: wire names in, valid, unique and deterministic Rust identifiers out.
//!
//! Case conversion comes from `heck`. Symbols that case conversion would drop become words
//! first (`<1y` is `Lt1y`, `>1y` is `Gt1y`), keywords become raw identifiers or get a trailing
//! underscore where Rust forbids the raw form, and a leading digit gets a prefix. The
//! [`Allocator`] then makes the names of one namespace unique without depending on the order
//! in which the spec lists things.
//!
//! Names stay short enough for a file system and a reader: a name longer than [`MAX_NAME_LEN`]
//! bytes is cut at a word boundary and ends with a hash of the whole name ([`bounded`]), both
//! where a name is made from a wire name and where the allocator hands it out, so an operation's
//! module and its file `src/operations/<module>.rs` always agree and stay far below the 255
//! bytes file systems allow.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// A final Rust name: a valid identifier that knows whether it is a keyword written raw.
///
/// `type` is the bare form of the field `r#type`; file names, docs and derived names use the
/// bare form, code uses the identifier. Only the naming rules here make one, so every name in
/// the IR is valid and no other code adds or strips the `r#` prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName {
    bare: String,
    raw: bool,
}

impl RustName {
    /// A name that the naming rules made and that is not a keyword, such as a type name built
    /// from [`type_name`]s or a fixed name such as `Unknown`.
    pub fn plain(name: impl Into<String>) -> Self {
        Self { bare: name.into(), raw: false }
    }

    /// The name without any `r#`: `type` for `r#type`.
    pub fn bare(&self) -> &str {
        &self.bare
    }

    /// Whether the name is a keyword, written as a raw identifier.
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// The name as Rust code writes it: `r#type` for the keyword `type`.
    pub fn identifier(&self) -> String {
        self.to_string()
    }

    /// The name as a token.
    ///
    /// Should a name ever be invalid despite the rules, it is made valid here rather than
    /// panicking, and the compile checks would show the odd name.
    pub fn ident(&self) -> Ident {
        let forbidden_raw = matches!(self.bare.as_str(), "self" | "super" | "crate" | "Self" | "_");
        if !is_identifier(&self.bare) || (self.raw && forbidden_raw) || self.bare == "_" {
            Ident::new(&repaired(&self.bare), Span::call_site())
        } else if self.raw {
            Ident::new_raw(&self.bare, Span::call_site())
        } else {
            Ident::new(&self.bare, Span::call_site())
        }
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            formatter.write_str("r#")?;
        }
        formatter.write_str(&self.bare)
    }
}

/// Whether `name` is an ASCII identifier.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A valid identifier made from an invalid name: other characters become `_`, and a leading
/// digit or an empty name gets a prefix.
fn repaired(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    format!("_{cleaned}_")
}

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
    "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore.
const UNRAWABLE_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "extern", "_"];

/// The placeholder names clippy's `disallowed_names` flags by default; they get a trailing
/// underscore too, so generated code passes clippy whatever the spec calls things.
const CLIPPY_PLACEHOLDER_NAMES: &[&str] = &["foo", "baz", "quux"];

/// Type names that generated code uses unqualified from the prelude, so a schema may not take them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "ToString",
    "ToOwned",
    "Extend",
    "FromIterator",
    "Unpin",
];

/// Symbols that carry meaning in wire names, spelt as words before case conversion.
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('<', "lt"),
    ('>', "gt"),
    ('=', "eq"),
    ('+', "plus"),
    ('!', "not"),
    ('&', "and"),
    ('|', "or"),
    ('@', "at"),
    ('#', "hash"),
    ('%', "percent"),
    ('*', "star"),
    ('$', "dollar"),
];

/// Replaces meaningful symbols by words and a leading minus before a digit by `minus`.
fn spell_symbols(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    if raw.starts_with('-') && raw[1..].starts_with(|c: char| c.is_ascii_digit()) {
        out.push_str("minus ");
        chars.next();
    }
    for c in chars {
        match SYMBOL_WORDS.iter().find(|(symbol, _)| *symbol == c) {
            Some((_, word)) => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

/// Keeps only ASCII letters, digits and `_`, mapping others to separators: non-ASCII
/// identifiers would trip rustc's `uncommon_codepoints` and confusable-script lints.
fn identifier_chars(text: &str) -> String {
    let kept: String = text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { ' ' }).collect();
    plural_acronyms(&kept)
}

/// Writes the plural `s` of an acronym in capitals, so case conversion keeps the word whole:
/// `getNFTs` is `get_nfts` rather than `get_nf_ts`, and `userIDs` is `user_ids`.
fn plural_acronyms(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        let capitals_before = chars[..index].iter().rev().take_while(|c| c.is_ascii_uppercase()).count();
        let word_ends = chars.get(index + 1).is_none_or(|next| !next.is_ascii_lowercase());
        if c == 's' && capitals_before >= 2 && word_ends {
            out.push('S');
        } else {
            out.push(c);
        }
    }
    out
}

/// An UpperCamelCase type name for a wire name, e.g. `session-status` is `SessionStatus`.
pub fn type_name(raw: &str) -> String {
    let name = identifier_chars(&spell_symbols(raw)).to_upper_camel_case();
    let name = if name.is_empty() { "Unnamed".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("Type{name}") } else { name };
    let name = if RESERVED_TYPE_NAMES.contains(&name.as_str()) { format!("{name}Model") } else { name };
    bounded(&name, Style::Camel)
}

/// An UpperCamelCase enum variant name for a wire value, e.g. `>1y` is `Gt1y`, `2xx` is `Value2xx`.
pub fn variant_name(raw: &str) -> RustName {
    RustName::plain(variant_text(raw))
}

fn variant_text(raw: &str) -> String {
    let name = identifier_chars(&spell_symbols(raw)).to_upper_camel_case();
    let name = if name.is_empty() { "Empty".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("Value{name}") } else { name };
    if name == "Self" { "SelfValue".to_owned() } else { bounded(&name, Style::Camel) }
}

/// A snake_case field, parameter or method name, e.g. `type` is `r#type`, `2fa` is `_2fa`.
pub fn field_name(raw: &str) -> RustName {
    let name = identifier_chars(&spell_symbols(raw)).to_snake_case();
    let name = if name.is_empty() { "value".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    escape_keyword(bounded(&name, Style::Snake))
}

/// A kebab-case cargo feature name for a tag, e.g. `Active Session` is `active-session`: ASCII
/// letters, digits and `-`, starting with a letter, as crates.io requires.
pub fn feature_name(raw: &str) -> RustName {
    let name = identifier_chars(&spell_symbols(raw)).to_snake_case().replace('_', "-");
    let name = name.trim_matches('-');
    let name = match name.chars().next() {
        None => "tag".to_owned(),
        Some(first) if !first.is_ascii_alphabetic() => format!("tag-{name}"),
        Some(_) => name.to_owned(),
    };
    RustName::plain(bounded(&name, Style::Kebab))
}

/// A SHOUTY_SNAKE_CASE name for a `static`, from a snake_case name.
pub fn static_name(snake: &RustName) -> RustName {
    let name = snake.bare().to_shouty_snake_case();
    RustName::plain(if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    })
}

/// A snake_case method name for an operation: its `operationId`, or its method and path when
/// the spec gives none (`GET /users/{id}` is `get_users_id`).
pub fn operation_method_name(operation_id: Option<&str>, method: &str, path: &str) -> RustName {
    match operation_id {
        Some(id) if !id.trim().is_empty() => field_name(id),
        _ => field_name(&format!("{method} {}", path.replace(['{', '}'], ""))),
    }
}

/// Writes a keyword as a raw identifier, or with a trailing underscore where Rust forbids that
/// (and for clippy's placeholder names).
fn escape_keyword(name: String) -> RustName {
    if UNRAWABLE_KEYWORDS.contains(&name.as_str()) || CLIPPY_PLACEHOLDER_NAMES.contains(&name.as_str()) {
        RustName::plain(format!("{name}_"))
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        RustName { bare: name, raw: true }
    } else {
        RustName::plain(name)
    }
}

/// The longest name, in bytes, that is kept as it is; a longer one is shortened by [`bounded`].
/// Long enough for any name a person wrote, and far below the 255 bytes a file name may have.
pub const MAX_NAME_LEN: usize = 80;

/// How much of a long name [`bounded`] keeps before the hash: short enough that the names made
/// from a shortened one (`<Builder>Response`, a numbered duplicate) still fit [`MAX_NAME_LEN`].
const KEPT_PREFIX_LEN: usize = 48;

/// `name` when it fits in [`MAX_NAME_LEN`] bytes; otherwise its start, cut at a word boundary
/// within 48 bytes, followed by eight hex digits of a hash of the whole name (after `_` in the
/// snake style). Two long names that share their start stay apart, and the result depends on
/// the name alone, never on the order of the spec or on the run.
pub fn bounded(name: &str, style: Style) -> String {
    if name.len() <= MAX_NAME_LEN {
        return name.to_owned();
    }
    let hash = format!("{:08x}", stable_hash(name));
    // A name with no lowercase letter, such as a `static`'s, keeps its case.
    let hash = if name.chars().any(|c| c.is_ascii_lowercase()) { hash } else { hash.to_ascii_uppercase() };
    let prefix = word_prefix(name, KEPT_PREFIX_LEN, style);
    match style {
        Style::Camel => {
            let mut chars = hash.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or_default();
            format!("{prefix}{first}{}", chars.as_str())
        }
        Style::Snake => format!("{prefix}_{hash}"),
        Style::Kebab => format!("{prefix}-{hash}"),
    }
}

/// The start of `name`, at most `limit` bytes long, ending at a word boundary (before `_` in the
/// snake style, before a capital letter in the camel style) when one lies in the second half of
/// the limit, or cut at the limit otherwise.
fn word_prefix(name: &str, limit: usize, style: Style) -> &str {
    let end = (0..=limit.min(name.len())).rev().find(|&i| name.is_char_boundary(i)).unwrap_or(0);
    let bytes = name.as_bytes();
    let is_boundary = |i: usize| match style {
        Style::Snake => bytes[i] == b'_',
        Style::Kebab => bytes[i] == b'-',
        Style::Camel => bytes[i].is_ascii_uppercase(),
    };
    let cut = (limit / 2..=end).rev().find(|&i| i > 0 && i < bytes.len() && is_boundary(i)).unwrap_or(end);
    name[..cut].trim_end_matches(['_', '-'])
}

/// A hash of `text` that is the same on every platform and in every release: FNV-1a, folded
/// to 32 bits. `std`'s hashers promise neither.
fn stable_hash(text: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let [a, b, c, d, ..] = (hash ^ (hash >> 32)).to_le_bytes();
    u32::from_le_bytes([a, b, c, d])
}

/// The style of suffix that separates otherwise equal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Name2`, `Name3`: for types and variants.
    Camel,
    /// `name_2`, `name_3`: for fields, parameters and methods.
    Snake,
    /// `name-2`, `name-3`: for cargo features.
    Kebab,
}

/// Hands out unique names in one namespace.
///
/// Names are requested in a batch and decided together: when several requests want the same
/// name, the one whose wire name already equals it keeps it, then the others by wire name, so
/// the outcome does not depend on the order of the requests.
#[derive(Debug)]
pub struct Allocator {
    style: Style,
    taken: BTreeSet<String>,
}

impl Allocator {
    /// An allocator whose namespace already holds `reserved`.
    pub fn new(style: Style, reserved: &[&str]) -> Self {
        Self { style, taken: reserved.iter().map(|name| (*name).to_owned()).collect() }
    }

    /// Decides a unique name for each `(wire name, wanted name)` request, in request order.
    pub fn allocate(&mut self, requests: &[(String, RustName)]) -> Vec<RustName> {
        let wanted_bounded: Vec<RustName> = requests.iter().map(|(_, wanted)| self.bounded(wanted)).collect();
        let mut by_wanted: BTreeMap<&RustName, Vec<usize>> = BTreeMap::new();
        for (index, wanted) in wanted_bounded.iter().enumerate() {
            by_wanted.entry(wanted).or_default().push(index);
        }
        // Names that are wanted as they are come before any suffixed name is invented.
        let wanted_names: BTreeSet<&str> = by_wanted.keys().map(|name| name.bare()).collect();
        let mut result = vec![RustName::default(); requests.len()];
        for (wanted, mut indices) in by_wanted {
            indices.sort_by(|&a, &b| {
                let renamed = |i: usize| requests[i].0.as_str() != wanted.bare();
                (renamed(a), &requests[a].0, a).cmp(&(renamed(b), &requests[b].0, b))
            });
            for index in indices {
                result[index] = self.claim(wanted, &wanted_names);
            }
        }
        result
    }

    /// Claims one name directly, e.g. for a fixed variant such as `Unknown`.
    pub fn claim_one(&mut self, wanted: &RustName) -> RustName {
        let wanted = self.bounded(wanted);
        self.claim(&wanted, &BTreeSet::new())
    }

    /// The wanted name, shortened by [`bounded`] in this namespace's style when it is too long;
    /// names that reach the allocator by joining shorter ones (an inline type named after its
    /// operation and property) are bounded here.
    fn bounded(&self, wanted: &RustName) -> RustName {
        if wanted.bare().len() <= MAX_NAME_LEN {
            wanted.clone()
        } else {
            RustName::plain(bounded(wanted.bare(), self.style))
        }
    }

    /// The wanted name when it is free, or the first free suffixed one. A suffixed keyword
    /// (`type_2`) is no longer a keyword, so it is written plain.
    fn claim(&mut self, wanted: &RustName, other_wanted: &BTreeSet<&str>) -> RustName {
        if self.taken.insert(wanted.bare().to_owned()) {
            return wanted.clone();
        }
        let base = wanted.bare();
        (2..)
            .map(|n| match self.style {
                Style::Camel => format!("{base}{n}"),
                Style::Snake => format!("{base}_{n}"),
                Style::Kebab => format!("{base}-{n}"),
            })
            .find(|candidate| !other_wanted.contains(candidate.as_str()) && !self.taken.contains(candidate))
            .map(|candidate| {
                self.taken.insert(candidate.clone());
                RustName::plain(candidate)
            })
            .unwrap_or_else(|| wanted.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_table() {
        let table = [
            ("Active Session", "active-session"),
            ("code-scanning", "code-scanning"),
            ("Zone_Settings", "zone-settings"),
            ("2FA", "tag-2fa"),
            ("", "tag"),
            ("Ünïcode only: ✓", "n-code-only"),
            ("C++ / SDKs", "c-plus-plus-sdks"),
        ];
        for (raw, expected) in table {
            assert_eq!(feature_name(raw).bare(), expected, "{raw:?}");
        }
    }

    #[test]
    fn field_names_table() {
        let table = [
            ("type", "r#type"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("Self", "self_"),
            ("2fa", "_2fa"),
            ("account_id", "account_id"),
            ("accountId", "account_id"),
            ("stream_liveInput", "stream_live_input"),
            ("Content-Type", "content_type"),
            ("", "value"),
            ("__", "value"),
            ("async", "r#async"),
            ("foo", "foo_"),
            ("Quux", "quux_"),
            ("gen", "r#gen"),
            ("x-request-id", "x_request_id"),
            ("per_page", "per_page"),
        ];
        for (raw, expected) in table {
            assert_eq!(field_name(raw).to_string(), expected, "field name of {raw:?}");
        }
    }

    #[test]
    fn type_and_variant_names_table() {
        let types = [
            ("session", "Session"),
            ("Session", "Session"),
            ("session_status", "SessionStatus"),
            ("2fa-config", "Type2faConfig"),
            ("Result", "ResultModel"),
            ("Option", "OptionModel"),
            ("Self", "SelfModel"),
            ("", "Unnamed"),
        ];
        for (raw, expected) in types {
            assert_eq!(type_name(raw), expected, "type name of {raw:?}");
        }
        let variants = [
            ("LIVE", "Live"),
            ("minutesConsumed", "MinutesConsumed"),
            ("<1y", "Lt1y"),
            (">1y", "Gt1y"),
            ("-1", "Minus1"),
            ("1", "Value1"),
            ("", "Empty"),
            ("a+b", "APlusB"),
        ];
        for (raw, expected) in variants {
            assert_eq!(variant_name(raw).to_string(), expected, "variant name of {raw:?}");
        }
    }

    #[test]
    fn operation_names_come_from_id_or_route() {
        assert_eq!(operation_method_name(Some("listSessions"), "get", "/x").to_string(), "list_sessions");
        assert_eq!(operation_method_name(Some("get-User_byID"), "get", "/x").to_string(), "get_user_by_id");
        assert_eq!(operation_method_name(None, "get", "/users/{id}").to_string(), "get_users_id");
        assert_eq!(operation_method_name(Some("  "), "post", "/a").to_string(), "post_a");
        assert_eq!(static_name(&field_name("type")).to_string(), "TYPE");
        assert_eq!(static_name(&field_name("2fa_enable")).to_string(), "_2FA_ENABLE");
        assert_eq!(field_name("café").to_string(), "caf");
        assert_eq!(operation_method_name(Some("getNFTs"), "get", "/x").to_string(), "get_nfts");
        assert_eq!(field_name("userIDs").to_string(), "user_ids");
        assert_eq!(field_name("URLsByHost").to_string(), "urls_by_host");
        assert_eq!(field_name("HTTPServer").to_string(), "http_server");
        assert_eq!(type_name("NFTs"), "Nfts");
        assert_eq!(type_name("Ünïcode²"), "NCode");
    }

    #[test]
    fn collisions_after_case_conversion_are_resolved_independently_of_order() {
        let requests = |order: &[&str]| -> Vec<(String, RustName)> {
            order.iter().map(|wire| ((*wire).to_owned(), field_name(wire))).collect()
        };
        let mut allocator = Allocator::new(Style::Snake, &[]);
        let forward = allocator.allocate(&requests(&["stream_liveInput", "stream_live_input"]));
        let mut allocator = Allocator::new(Style::Snake, &[]);
        let backward = allocator.allocate(&requests(&["stream_live_input", "stream_liveInput"]));
        assert_eq!(texts(&forward), ["stream_live_input_2", "stream_live_input"]);
        assert_eq!(texts(&backward), ["stream_live_input", "stream_live_input_2"]);
    }

    #[test]
    fn suffixes_avoid_names_that_are_wanted_or_reserved() {
        let mut allocator = Allocator::new(Style::Camel, &["Client"]);
        let requests: Vec<(String, RustName)> = ["client", "Client", "client2"]
            .iter()
            .map(|wire| ((*wire).to_owned(), RustName::plain(type_name(wire))))
            .collect();
        // `Client` matches its wire name exactly, so it is served first; `Client2` is wanted as is.
        assert_eq!(texts(&allocator.allocate(&requests)), ["Client4", "Client3", "Client2"]);
        let mut variants = Allocator::new(Style::Camel, &[]);
        let requests: Vec<(String, RustName)> =
            ["<1y", ">1y", "1y"].iter().map(|w| ((*w).to_owned(), variant_name(w))).collect();
        assert_eq!(texts(&variants.allocate(&requests)), ["Lt1y", "Gt1y", "Value1y"]);
    }

    #[test]
    fn raw_keywords_keep_their_suffix_readable() {
        let mut allocator = Allocator::new(Style::Snake, &[]);
        let requests = vec![("type".to_owned(), field_name("type")), ("Type".to_owned(), field_name("Type"))];
        let names = allocator.allocate(&requests);
        assert_eq!(texts(&names), ["r#type", "type_2"]);
        assert_eq!((names[0].bare(), names[0].is_raw(), names[1].is_raw()), ("type", true, false));
    }

    #[test]
    fn identifiers_are_raw_only_for_keywords() {
        assert_eq!(field_name("type").ident().to_string(), "r#type");
        assert_eq!(field_name("id").ident().to_string(), "id");
        assert_eq!(RustName::plain("9 lives").ident().to_string(), "_9_lives_");
    }

    /// A name of ~400 characters and a near-duplicate of it (one word differs at the end) get
    /// bounded, distinct names whatever the order of the requests, and the hash never changes.
    #[test]
    fn long_names_are_bounded_distinct_and_stable() {
        let stem = "listEveryDeeplyNestedResourceAttachmentOfTheCalendarEventInstance".repeat(6);
        let (long, near) = (format!("{stem}ForUser"), format!("{stem}ForGroup"));
        assert!(long.len() > 390, "{}", long.len());
        let (a, b) = (field_name(&long), field_name(&near));
        assert_eq!(a.bare(), "list_every_deeply_nested_resource_attachment_of_0f488201");
        assert_ne!(a, b);
        for name in [&a, &b] {
            assert!(name.bare().len() <= MAX_NAME_LEN && !name.is_raw(), "{name}");
            assert!(format!("src/operations/{}.rs", name.bare()).len() <= 255);
            assert_eq!(field_name(name.bare()), *name, "a bounded name is a fixed point");
        }
        let camel = type_name(&long);
        assert!(camel.len() <= MAX_NAME_LEN && camel.starts_with("ListEveryDeeplyNested"), "{camel}");
        assert!(!camel.contains('_'), "{camel}");
        assert_ne!(camel, type_name(&near));
        // Names joined from bounded ones, such as an inline type named after its operation, are
        // bounded by the allocator, independently of the order of the requests.
        let joined = |wire: &str| (wire.to_owned(), RustName::plain(format!("{}{}", type_name(wire), type_name(wire))));
        let forward = Allocator::new(Style::Camel, &[]).allocate(&[joined(&long), joined(&near)]);
        let backward = Allocator::new(Style::Camel, &[]).allocate(&[joined(&near), joined(&long)]);
        assert_eq!(texts(&forward), [backward[1].to_string(), backward[0].to_string()]);
        assert!(forward.iter().all(|name| name.bare().len() <= MAX_NAME_LEN), "{forward:?}");
        assert_ne!(forward[0], forward[1]);
        // A name that fits is kept as it is, and the limit is in bytes of the name itself.
        let fits = "a".repeat(MAX_NAME_LEN);
        assert_eq!(bounded(&fits, Style::Snake), fits);
        assert_eq!(bounded("list_sessions", Style::Snake), "list_sessions");
        assert_eq!(static_name(&a).bare(), a.bare().to_ascii_uppercase());
    }

    fn texts(names: &[RustName]) -> Vec<String> {
        names.iter().map(RustName::to_string).collect()
    }
}
