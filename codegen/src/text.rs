//! Spec text as generated files may hold it: one line ending, no control characters, and TOML
//! quoting; every piece of spec text that reaches a doc comment or `Cargo.toml` goes through here.
//!
//! Prose (descriptions, summaries, titles) is [`normalized`]: rustc rejects a bare carriage
//! return in a doc comment and the codepoints that change the direction of text anywhere in a
//! comment, clippy rejects tabs in doc comments, and the other control characters are
//! invisible. Exact values shown in docs (wire values, names, defaults) keep every character
//! instead, with the invisible ones written as escapes ([`visible_controls`]). String literals
//! need neither: `proc_macro2::Literal::string` escapes them, so wire values stay exact.

use std::borrow::Cow;

/// Prose normalized for a generated file: CRLF and lone CR become LF, a tab becomes four spaces,
/// and other control characters and the codepoints that change the direction of text are
/// dropped.
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_hazard(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A CR before an LF is dropped, and the LF kept; any other CR ends the line itself.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if is_hazard(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Prose [`normalized`] onto one line: each line break becomes a space.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    match normalized(text) {
        Cow::Borrowed(text) if !text.contains('\n') => Cow::Borrowed(text),
        text => Cow::Owned(text.replace('\n', " ")),
    }
}

/// An exact value with each control character and direction codepoint written as its Rust
/// escape (`\r`, `\t`, `\0`, `\u{202e}`), so docs can show it without holding it.
pub(crate) fn visible_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if is_hazard(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A TOML basic string that holds `text` exactly.
///
/// Rust's `Debug` quoting is not TOML: it writes `\0` and `\u{301}`, which TOML rejects. Cargo
/// hands the package description to rustc in an environment variable, which cannot hold a NUL,
/// so the description is [`normalized`] before it is quoted.
pub(crate) fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether Rust source must not hold `c` as it is, outside a string literal's escapes: a control
/// character (the line feed included; callers keep it where it is a line break) or a codepoint
/// that changes the direction of text, which rustc's `text_direction_codepoint_in_comment` and
/// `text_direction_codepoint_in_literal` lints deny.
pub(crate) fn is_hazard(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_become_line_feeds() {
        assert_eq!(normalized("a\r\nb\rc\nd\r"), "a\nb\nc\nd\n");
        assert_eq!(normalized("\r\r\n"), "\n\n");
        assert!(matches!(normalized("plain\ntext"), Cow::Borrowed(_)));
    }

    #[test]
    fn tabs_become_spaces_and_invisible_characters_are_dropped() {
        assert_eq!(normalized("a\tb"), "a    b");
        assert_eq!(
            normalized("nul\0, bell\u{7}, nel\u{85}, override\u{202E}, isolate\u{2066}."),
            "nul, bell, nel, override, isolate."
        );
        assert_eq!(normalized("Ünïcode, \u{2028} and \u{301}"), "Ünïcode, \u{2028} and \u{301}");
    }

    #[test]
    fn one_line_joins_lines_with_spaces() {
        assert_eq!(one_line("a\r\nb\rc"), "a b c");
        assert!(matches!(one_line("a b"), Cow::Borrowed(_)));
    }

    #[test]
    fn exact_values_show_invisible_characters_as_escapes() {
        assert_eq!(visible_controls("a\r\nb\0c\td\u{202E}"), "a\\r\\nb\\0c\\td\\u{202e}");
        assert_eq!(visible_controls("back\\slash \"quote\""), "back\\slash \"quote\"");
    }

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(toml_string("Café \"API\" \\ v1"), "\"Café \\\"API\\\" \\\\ v1\"");
        assert_eq!(toml_string("a\r\nb\0c\u{1b}e\u{301}"), "\"a\\r\\nb\\u0000c\\u001Be\u{301}\"");
    }
}
