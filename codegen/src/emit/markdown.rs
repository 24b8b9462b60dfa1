//! Markdown for rustdoc: doc attributes, and spec text made safe to embed in them.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line, so prettyplease prints `///` comments.
///
/// The text is the generator's own Markdown, links and code blocks included; text from the
/// spec goes through [`spec_text`] first.
pub(crate) fn doc_lines(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = line.trim_end();
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Doc attributes for a paragraph that follows other doc lines, after a blank line, so it
/// neither runs into the previous paragraph nor continues a list or quote that ends it.
pub(crate) fn doc_paragraph(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #[doc = ""] #lines }
}

/// Doc attributes for optional spec text, with a fallback sentence when the spec has none.
pub(crate) fn docs_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc_lines(&spec_text(text)),
        None => doc_lines(fallback),
    }
}

/// Spec text made safe to embed in rustdoc Markdown, line by line. Tabs become four spaces, as
/// clippy's `tabs_in_doc_comments` asks.
pub(crate) fn spec_text(text: &str) -> String {
    let text = text.replace('\t', "    ");
    mark_lazy_continuations(&text).iter().map(|line| escape_doc_line(line)).collect::<Vec<_>>().join("\n")
}

/// The block a line of Markdown continues, for [`mark_lazy_continuations`].
enum Block {
    Paragraph,
    Quote,
    /// A list item, whose text starts this many columns in.
    ListItem(usize),
}

/// Writes out what Markdown leaves implicit: a line that continues a block quote gets its `>`,
/// and a line that continues a list item is indented under it. The rendering is the same, and
/// clippy's `doc_lazy_continuation` has nothing to flag. Fenced code is left alone.
fn mark_lazy_continuations(text: &str) -> Vec<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let mut block = Block::Paragraph;
    let mut in_fence = false;
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                block = Block::Paragraph;
                return Cow::Borrowed(line);
            }
            if in_fence {
                return Cow::Borrowed(line);
            }
            let indent = line.len() - trimmed.len();
            if trimmed.is_empty() || starts_own_block(trimmed) {
                block = Block::Paragraph;
            } else if trimmed.starts_with('>') {
                block = Block::Quote;
            } else if let Some(marker) = list_marker_width(trimmed) {
                block = Block::ListItem(indent + marker);
            } else {
                match block {
                    Block::Quote => return Cow::Owned(format!("> {line}")),
                    Block::ListItem(column) if indent < column => {
                        return Cow::Owned(format!("{}{trimmed}", " ".repeat(column)));
                    }
                    Block::ListItem(_) | Block::Paragraph => {}
                }
            }
            Cow::Borrowed(line)
        })
        .collect()
}

/// Whether `line` is a heading or a thematic break (`---`, `***`, `___`), which no paragraph
/// continues into.
fn starts_own_block(line: &str) -> bool {
    let rule = line.replace(' ', "");
    let thematic_break = rule.len() >= 3 && ['-', '*', '_'].iter().any(|&c| rule.chars().all(|r| r == c));
    thematic_break || line.starts_with('#')
}

/// Where the text of a list item that starts `line` begins, counted from the marker (`- `,
/// `* `, `+ `, `1. ` or `1) `, with the spaces after it), if `line` starts a list item.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let delimited = line[digits..].starts_with(['.', ')']);
        if digits == 0 || digits > 9 || !delimited {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].bytes().take_while(|&b| b == b' ').count();
    // At least one space must follow; five or more mean indented code, whose text starts after one.
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Keeps spec text from being read as rustdoc syntax it did not mean: bare URLs become
/// autolinks, and outside code spans brackets are escaped (so they are not taken as intra-doc
/// links) and `<` is written as an entity (so `<1y` or `<angle>` is not taken as HTML).
fn escape_doc_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if !in_code && (word.starts_with("http://") || word.starts_with("https://")) && !word.contains('`') {
            let url = word.trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(&url.replace('<', "%3C").replace('>', "%3E"));
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                '[' | ']' if !in_code => {
                    out.push('\\');
                    out.push(c);
                }
                '<' if !in_code => out.push_str("&lt;"),
                _ => out.push(c),
            }
        }
    }
    out
}

/// Text as a Markdown code span, fenced with enough backticks for the text it holds.
pub(crate) fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_escape_links_brackets_and_tags() {
        assert_eq!(escape_doc_line("see https://x.io/a. and [b]"), "see <https://x.io/a>. and \\[b\\]");
        assert_eq!(escape_doc_line("ages <1y or <angle>"), "ages &lt;1y or &lt;angle>");
        assert_eq!(escape_doc_line("code `a[0] <b>` stays"), "code `a[0] <b>` stays");
    }

    #[test]
    fn lazy_continuations_of_quotes_and_list_items_are_written_out() {
        let text = "> Warning\nstill quoted\n\nplain\n- item\ncontinued\n  1. nested\n  more\n*   wide\n  tail\n---\n```\n> code\nkept\n```";
        let marked: Vec<String> = mark_lazy_continuations(text).into_iter().map(Into::into).collect();
        assert_eq!(
            marked,
            [
                "> Warning",
                "> still quoted",
                "",
                "plain",
                "- item",
                "  continued",
                "  1. nested",
                "     more",
                "*   wide",
                "    tail",
                "---",
                "```",
                "> code",
                "kept",
                "```",
            ]
        );
    }

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
    }
}
