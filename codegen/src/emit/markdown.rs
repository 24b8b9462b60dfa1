//! Markdown for rustdoc: doc attributes, and spec text made safe to embed in them.
//!
//! Spec text is first normalized (`crate::text`: line feeds only, no tabs or control
//! characters), then kept from being read as rustdoc syntax it did not mean. Its code blocks,
//! fenced or indented, become fenced blocks that rustdoc does not compile and that always close;
//! backticks that open no code span are escaped; bare URLs become autolinks; brackets and tags
//! are escaped; and lazy continuations of quotes and list items are written out.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use crate::text::{normalized, one_line, visible_controls};

/// `#[doc]` attributes, one per line, so prettyplease prints `///` comments.
///
/// The text is the generator's own Markdown, links and code blocks included; text from the
/// spec goes through [`spec_text`] first. Whatever the text holds, it is normalized here once
/// more, so no doc attribute ever holds a carriage return, a tab or another control character.
pub(crate) fn doc_lines(text: &str) -> TokenStream {
    let text = normalized(text);
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

/// Doc attributes for optional spec text, with a fallback sentence when the spec has none, or
/// only characters that normalizing drops (docs are required: the crate denies `missing_docs`).
pub(crate) fn docs_or(text: Option<&str>, fallback: &str) -> TokenStream {
    let text = text.map(|text| spec_text(text.trim())).filter(|text| !text.trim().is_empty());
    doc_lines(text.as_deref().unwrap_or(fallback))
}

/// Spec text made safe to embed in rustdoc Markdown as whole blocks, such as a description.
///
/// The result is self-contained: every code block it opens is closed, none is compiled as a
/// doc test, and it never starts with a code block, so it may follow a caller's text on the
/// same line.
pub(crate) fn spec_text(text: &str) -> String {
    let text = normalized(text);
    let lines: Vec<&str> = text.lines().collect();
    let (mut lines, _) = CodeBlocks::scan(&lines, 0);
    if lines.first().is_some_and(|line| line.code) {
        lines.insert(0, Line::text(""));
    }
    mark_lazy_continuations(lines)
        .iter()
        .map(|line| if line.code { line.text.to_string() } else { escape_doc_line(&line.text) })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spec text for a place in the generator's Markdown that holds one line, such as a summary:
/// normalized onto one line and escaped like the text lines of [`spec_text`], with no block
/// syntax read in it.
pub(crate) fn spec_line(text: &str) -> String {
    escape_doc_line(one_line(text).trim())
}

/// The first line of spec text, made safe as [`spec_line`] makes a line: for list items that
/// show only the start of a description.
pub(crate) fn spec_first_line(text: &str) -> String {
    let text = normalized(text);
    escape_doc_line(text.trim().lines().next().unwrap_or_default().trim())
}

/// An exact value, such as a wire value or a default, as a Markdown code span fenced with
/// enough backticks for the text it holds; invisible characters are shown as escapes.
pub(crate) fn code_span(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"`".to_owned();
    }
    let text = visible_controls(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// How deeply block quotes are scanned for code blocks: quotes are scanned by recursion, and a
/// line of a thousand `>` must not exhaust the stack. Deeper lines are kept as text, without the
/// further `>` markers and the indentation that could make them code.
const MAX_QUOTE_DEPTH: usize = 16;

/// A line of spec Markdown: code (a code block's fence or content), which is kept as written,
/// or text, which is escaped.
struct Line<'a> {
    text: Cow<'a, str>,
    code: bool,
}

impl<'a> Line<'a> {
    fn text(text: impl Into<Cow<'a, str>>) -> Self {
        Self { text: text.into(), code: false }
    }

    fn code(text: impl Into<Cow<'a, str>>) -> Self {
        Self { text: text.into(), code: true }
    }
}

/// A fenced code block that is still open.
struct OpenFence {
    /// The fence that opened it, e.g. "```"; a closing fence is at least as long.
    fence: String,
    /// The column the fence starts at.
    indent: usize,
    /// The column where the text of the list item that holds it starts (0 outside lists): a
    /// line indented less ends the item, and the block with it.
    container: usize,
}

/// An indented code block being collected: it is written out as a fenced one when it ends.
struct IndentedCode<'a> {
    /// The column where the text of the list item that holds it starts (0 outside lists); the
    /// code is indented four columns more.
    container: usize,
    lines: Vec<&'a str>,
}

/// Finds the code blocks of spec Markdown, line by line, and makes each safe for rustdoc,
/// which compiles every code block that names no language (or names Rust) as a doc test,
/// indented blocks and those in lists and quotes included. A fenced block gets the info string
/// `text` unless it names another language, and is closed where its container or the text
/// ends; an indented block becomes a fenced `text` block.
///
/// The scan follows CommonMark closely enough for this, and errs towards code: a line it takes
/// for a paragraph's continuation loses the indentation that could make it code.
#[derive(Default)]
struct CodeBlocks<'a> {
    /// How many block quotes the lines are in.
    depth: usize,
    out: Vec<Line<'a>>,
    fence: Option<OpenFence>,
    indented: Option<IndentedCode<'a>>,
    /// Whether the last line left a paragraph open, which the next line may continue.
    paragraph: bool,
    /// The column where the text of the last list item starts, while its list goes on.
    item: Option<usize>,
}

impl<'a> CodeBlocks<'a> {
    /// The lines, `depth` block quotes deep, with their code blocks made safe, and whether they
    /// end in an open paragraph.
    fn scan(lines: &[&'a str], depth: usize) -> (Vec<Line<'a>>, bool) {
        let mut scan = Self { depth, ..Self::default() };
        let mut index = 0;
        while index < lines.len() {
            index += scan.line(&lines[index..]);
        }
        scan.end_indented_code();
        if let Some(fence) = scan.fence.take() {
            scan.out.push(Line::code(closing_fence(&fence)));
        }
        (scan.out, scan.paragraph)
    }

    /// Takes the first of `lines` (or, for a block quote, all the lines of the quote) and
    /// returns how many it took.
    fn line(&mut self, lines: &[&'a str]) -> usize {
        let line = lines[0];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if self.in_fence(line, trimmed, indent) || self.in_indented_code(line, trimmed, indent) {
            return 1;
        }
        if trimmed.is_empty() {
            self.out.push(Line::text(line));
            self.paragraph = false;
            return 1;
        }
        let container = match self.item {
            Some(column) if indent >= column => column,
            // A line indented less continues the item's paragraph lazily, or starts a block
            // of its own; after a blank line, it ends the list.
            Some(_) if self.paragraph => 0,
            _ => {
                self.item = None;
                0
            }
        };
        if indent - container >= 4 {
            if self.paragraph {
                // A continuation line: its indentation does not show, and without it the line
                // cannot be taken for code.
                self.out.push(Line::text(format!("{}{}", " ".repeat(container), continuation(trimmed))));
            } else {
                self.indented = Some(IndentedCode { container, lines: vec![line] });
            }
            return 1;
        }
        if let Some((fence, info)) = fence_opening(trimmed) {
            self.open_fence(&line[..indent], fence, info, indent, container);
            return 1;
        }
        if trimmed.starts_with('>') {
            return self.quote(lines);
        }
        if starts_own_block(trimmed) {
            self.out.push(Line::text(line));
            self.paragraph = false;
            return 1;
        }
        if let Some(width) = list_marker_width(trimmed).filter(|&width| self.starts_list_item(trimmed, width)) {
            let column = indent + width;
            self.item = Some(column);
            let (marker, content) = line.split_at(column);
            if let Some((fence, info)) = fence_opening(content) {
                self.open_fence(marker, fence, info, column, column);
            } else {
                // Text that starts as indented code, five spaces or more after the marker, is
                // written as a paragraph.
                let text = content.trim_start();
                let line =
                    if content.starts_with(' ') { Cow::Owned(format!("{marker}{text}")) } else { Cow::Borrowed(line) };
                self.out.push(Line::text(line));
                self.paragraph = !text.is_empty();
            }
            return 1;
        }
        self.out.push(Line::text(line));
        self.paragraph = true;
        1
    }

    /// Whether a list marker of `width` columns starts a list item here: one that would
    /// interrupt a paragraph must hold text, and be a bullet or start at 1, as in CommonMark.
    fn starts_list_item(&self, line: &str, width: usize) -> bool {
        let content = line[width..].trim();
        let ordered = line.starts_with(|c: char| c.is_ascii_digit());
        !self.paragraph || (!content.is_empty() && (!ordered || line.starts_with("1.") || line.starts_with("1)")))
    }

    /// Takes a line inside an open fenced block, if there is one.
    fn in_fence(&mut self, line: &'a str, trimmed: &str, indent: usize) -> bool {
        let Some(fence) = &self.fence else { return false };
        if !trimmed.is_empty() && indent < fence.container {
            // The list item ends, and the block with it; the line is read anew.
            let closing = closing_fence(fence);
            self.out.push(Line::code(closing));
            self.fence = None;
            return false;
        }
        if indent < fence.container + 4 && closes(trimmed, &fence.fence) {
            self.fence = None;
            self.paragraph = false;
        }
        self.out.push(Line::code(line));
        true
    }

    /// Takes a line of an indented code block being collected, if there is one.
    fn in_indented_code(&mut self, line: &'a str, trimmed: &str, indent: usize) -> bool {
        let Some(block) = &mut self.indented else { return false };
        if trimmed.is_empty() || indent >= block.container + 4 {
            block.lines.push(line);
            return true;
        }
        self.end_indented_code();
        false
    }

    /// Writes out the indented code block being collected, if any, as a fenced `text` block;
    /// its trailing blank lines follow the block.
    fn end_indented_code(&mut self) {
        let Some(block) = self.indented.take() else { return };
        let content = block.lines.iter().rposition(|line| !line.trim().is_empty()).map_or(0, |last| last + 1);
        let longest_run = block.lines[..content]
            .iter()
            .map(|line| line.trim_start().bytes().take_while(|&b| b == b'`').count())
            .max()
            .unwrap_or(0);
        let margin = " ".repeat(block.container);
        let fence = "`".repeat(longest_run.max(2) + 1);
        self.out.push(Line::code(format!("{margin}{fence}text")));
        for line in &block.lines[..content] {
            let code = line.get(block.container + 4..).unwrap_or_default();
            self.out.push(Line::code(format!("{margin}{code}")));
        }
        self.out.push(Line::code(format!("{margin}{fence}")));
        for _ in content..block.lines.len() {
            self.out.push(Line::text(""));
        }
        self.paragraph = false;
    }

    /// Writes the opening fence of a fenced code block after `prefix` (its indentation, or a
    /// list marker), with an info string that rustdoc does not compile.
    fn open_fence(&mut self, prefix: &str, fence: &str, info: &str, indent: usize, container: usize) {
        let info = if is_rust_info(info) { "text" } else { info };
        self.out.push(Line::code(format!("{prefix}{fence}{info}")));
        self.fence = Some(OpenFence { fence: fence.to_owned(), indent, container });
        self.paragraph = false;
    }

    /// Takes the block quote that starts `lines`: its lines without their `>` markers are
    /// scanned on their own, since a quote holds blocks as the text does, and its code blocks
    /// close where the quote ends.
    fn quote(&mut self, lines: &[&'a str]) -> usize {
        let count = lines.iter().take_while(|line| line.trim_start().starts_with('>')).count();
        let margin = lines[0].len() - lines[0].trim_start().len();
        let inner: Vec<&str> = lines[..count].iter().map(|line| strip_quote_marker(line)).collect();
        let (quoted, paragraph) = if self.depth < MAX_QUOTE_DEPTH {
            Self::scan(&inner, self.depth + 1)
        } else {
            (inner.iter().map(|line| Line::text(line.trim_start_matches(['>', ' ']))).collect(), true)
        };
        for line in quoted {
            let text = match line.text.as_ref() {
                "" => format!("{}>", " ".repeat(margin)),
                text => format!("{}> {text}", " ".repeat(margin)),
            };
            self.out.push(Line { text: Cow::Owned(text), code: line.code });
        }
        self.paragraph = paragraph;
        count
    }
}

/// A line of paragraph text that loses its indentation, with a marker that could start a block
/// of its own (a quote, list item, heading, rule or fence) escaped, so that it stays text.
fn continuation(text: &str) -> Cow<'_, str> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(['.', ')']) {
        return Cow::Owned(format!("{}\\{}", &text[..digits], &text[digits..]));
    }
    if text.starts_with(['>', '-', '+', '*', '_', '#', '=', '`', '~']) {
        return Cow::Owned(format!("\\{text}"));
    }
    Cow::Borrowed(text)
}

/// The fence and info string of a line that opens a fenced code block: three or more backticks
/// (with no backtick after them) or tildes.
fn fence_opening(line: &str) -> Option<(&str, &str)> {
    let marker = line.chars().next().filter(|&c| c == '`' || c == '~')?;
    let length = line.bytes().take_while(|&b| b == marker as u8).count();
    let (fence, info) = line.split_at(length);
    (length >= 3 && !(marker == '`' && info.contains('`'))).then(|| (fence, info.trim()))
}

/// Whether `line` closes a block opened by `fence`: the same character, at least as many times,
/// and nothing after it.
fn closes(line: &str, fence: &str) -> bool {
    let marker = fence.as_bytes()[0];
    let length = line.bytes().take_while(|&b| b == marker).count();
    length >= fence.len() && line[length..].trim().is_empty()
}

/// The fence that closes `fence` where it was opened.
fn closing_fence(fence: &OpenFence) -> String {
    format!("{}{}", " ".repeat(fence.indent), fence.fence)
}

/// Whether rustdoc compiles a code block with this info string as a doc test: when it names no
/// language, names Rust, or holds only rustdoc's own attributes (`ignore`, `no_run`, ...).
fn is_rust_info(info: &str) -> bool {
    let info = info.to_ascii_lowercase();
    let mut words = info.split(|c: char| c == ',' || c.is_whitespace()).filter(|word| !word.is_empty());
    words.clone().all(is_rustdoc_attribute) || words.any(|word| word == "rust")
}

/// Whether rustdoc reads `word` of an info string as an attribute of a Rust code block.
fn is_rustdoc_attribute(word: &str) -> bool {
    matches!(
        word,
        "rust"
            | "ignore"
            | "should_panic"
            | "no_run"
            | "compile_fail"
            | "test_harness"
            | "standalone_crate"
            | "allow_fail"
            | "unstable"
            | "custom"
    ) || word.starts_with("ignore-")
        || word.starts_with("edition")
        || word.starts_with(['{', '.'])
        || word.contains('=')
        || (word.starts_with('e') && word.len() == 5 && word[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// A quoted line without its `>` marker and the space after it.
fn strip_quote_marker(line: &str) -> &str {
    let quoted = line.trim_start().strip_prefix('>').unwrap_or(line);
    quoted.strip_prefix(' ').unwrap_or(quoted)
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
/// clippy's `doc_lazy_continuation` has nothing to flag. Code is left alone.
fn mark_lazy_continuations(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    let mut block = Block::Paragraph;
    lines
        .into_iter()
        .map(|line| {
            if line.code {
                block = Block::Paragraph;
                return line;
            }
            let trimmed = line.text.trim_start();
            let indent = line.text.len() - trimmed.len();
            if trimmed.is_empty() || starts_own_block(trimmed) {
                block = Block::Paragraph;
            } else if trimmed.starts_with('>') {
                block = Block::Quote;
            } else if let Some(marker) = list_marker_width(trimmed) {
                block = Block::ListItem(indent + marker);
            } else {
                match block {
                    Block::Quote => return Line::text(format!("> {}", line.text)),
                    Block::ListItem(column) if indent < column => {
                        return Line::text(format!("{}{trimmed}", " ".repeat(column)));
                    }
                    Block::ListItem(_) | Block::Paragraph => {}
                }
            }
            line
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

/// Keeps a line of spec text from being read as rustdoc syntax it did not mean. Code spans
/// (a run of backticks closed by a run as long, on the same line) are kept; outside them,
/// backticks that close nothing are escaped, and so is a run of three tildes (either could open
/// a code block), bare URLs become autolinks, brackets are escaped (so they are not taken as
/// intra-doc links) and `<` is written as an entity (so `<1y` or `<angle>` is not taken as
/// HTML). Backslash escapes the spec wrote are kept.
fn escape_doc_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    loop {
        let (text, tail) = rest.split_at(next_backtick(rest));
        escape_text(text, &mut out);
        if tail.is_empty() {
            return out;
        }
        let run = tail.bytes().take_while(|&b| b == b'`').count();
        match closing_run(&tail[run..], run) {
            Some(end) => {
                let span = run + end + run;
                out.push_str(&tail[..span]);
                rest = &tail[span..];
            }
            None => {
                out.push_str(&"\\`".repeat(run));
                rest = &tail[run..];
            }
        }
    }
}

/// Where the first backtick that is not escaped with a backslash is, or the end of `text`.
fn next_backtick(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'`' => return index,
            b'\\' if bytes.get(index + 1).is_some_and(u8::is_ascii_punctuation) => index += 2,
            _ => index += 1,
        }
    }
    bytes.len()
}

/// Where, in `text`, a run of exactly `length` backticks starts, if one does.
fn closing_run(text: &str, length: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let run = bytes[index..].iter().take_while(|&&b| b == b'`').count();
        if run == length {
            return Some(index);
        }
        index += run.max(1);
    }
    None
}

/// Escapes text outside code spans, word by word, into `out`.
fn escape_text(text: &str, out: &mut String) {
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let autolink_end =
            (word.starts_with("<http://") || word.starts_with("<https://")).then(|| word.find('>')).flatten();
        if let Some(end) = autolink_end {
            out.push_str(&word[..=end]);
            escape_chars(&word[end + 1..], out);
        } else if word.starts_with("http://") || word.starts_with("https://") {
            let url = word.trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(&url.replace('<', "%3C").replace('>', "%3E"));
            out.push('>');
            escape_chars(&word[url.len()..], out);
        } else {
            escape_chars(word, out);
        }
    }
}

/// Escapes brackets, `<` and runs of three tildes; keeps backslash escapes as written.
fn escape_chars(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    let mut tildes = 0;
    while let Some(c) = chars.next() {
        tildes = if c == '~' { tildes + 1 } else { 0 };
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                out.push(c);
                out.extend(chars.next());
            }
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '~' if tildes == 1 && text_starts_tilde_run(chars.clone()) => out.push_str("\\~"),
            _ => out.push(c),
        }
    }
}

/// Whether the characters after a tilde hold two more, so that together they could open a
/// fenced code block.
fn text_starts_tilde_run(mut after: impl Iterator<Item = char>) -> bool {
    after.next() == Some('~') && after.next() == Some('~')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        spec_text(text).lines().map(str::to_owned).collect()
    }

    #[test]
    fn doc_lines_escape_links_brackets_and_tags() {
        assert_eq!(escape_doc_line("see https://x.io/a. and [b]"), "see <https://x.io/a>. and \\[b\\]");
        assert_eq!(escape_doc_line("ages <1y or <angle>"), "ages &lt;1y or &lt;angle>");
        assert_eq!(escape_doc_line("code `a[0] <b>` stays"), "code `a[0] <b>` stays");
        assert_eq!(escape_doc_line("kept <https://x.io/a> and \\[b\\]"), "kept <https://x.io/a> and \\[b\\]");
    }

    #[test]
    fn backticks_that_close_nothing_are_escaped() {
        assert_eq!(escape_doc_line("an odd ` then [x] <y>"), "an odd \\` then \\[x\\] &lt;y>");
        assert_eq!(escape_doc_line("``a`b`` then ``` and `c`"), "``a`b`` then \\`\\`\\` and `c`");
        assert_eq!(escape_doc_line("escaped \\` stays"), "escaped \\` stays");
        assert_eq!(escape_doc_line("~~~ and ~~strike~~"), "\\~~~ and ~~strike~~");
    }

    #[test]
    fn lazy_continuations_of_quotes_and_list_items_are_written_out() {
        let text = "> Warning\nstill quoted\n\nplain\n- item\ncontinued\n  1. nested\n  more\n*   wide\n  tail\n---\n```\n> code\nkept\n```";
        assert_eq!(
            lines(text),
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
                "```text",
                "> code",
                "kept",
                "```",
            ]
        );
    }

    #[test]
    fn code_blocks_are_never_compiled_and_always_close() {
        assert_eq!(lines("a\n\n```\nlet x = 1;"), ["a", "", "```text", "let x = 1;", "```"]);
        assert_eq!(
            lines("a\n\n```json\n{}\n```\n~~~ rust,ignore\nx\n~~~"),
            ["a", "", "```json", "{}", "```", "~~~text", "x", "~~~"]
        );
        assert_eq!(lines("a\n\n    code\n    ```\n\nb"), ["a", "", "````text", "code", "```", "````", "", "b"]);
        assert_eq!(lines("a\n    not code"), ["a", "not code"]);
        assert_eq!(lines("a\n    >     b\n    -     c\n    1. d"), ["a", "\\>     b", "\\-     c", "1\\. d"]);
        assert_eq!(
            lines("- item\n\n      code\n\n  text"),
            ["- item", "", "  ```text", "  code", "  ```", "", "  text"]
        );
        assert_eq!(lines("a\n- ```\n  x\ny"), ["a", "- ```text", "  x", "  ```", "y"]);
        assert_eq!(
            lines("> a\n>\n>     code\n> ```\n> b"),
            ["> a", ">", "> ```text", "> code", "> ```", "> ```text", "> b", "> ```"]
        );
    }

    #[test]
    fn deep_quotes_are_text_without_indentation() {
        let deep = format!("{}     code", ">".repeat(10_000));
        let text = spec_text(&format!("a\n\n{deep}"));
        assert!(text.ends_with("> code"), "{}", &text[text.len() - 20..]);
        assert_eq!(lines("> > >     x"), ["", "> > > ```text", "> > > x", "> > > ```"]);
    }

    #[test]
    fn spec_text_never_starts_with_code() {
        assert_eq!(lines("```\nx\n```"), ["", "```text", "x", "```"]);
        assert_eq!(spec_line("```json"), "\\`\\`\\`json");
    }

    #[test]
    fn one_line_places_hold_one_line() {
        assert_eq!(spec_line("Get a note\r\nwith CRLF */"), "Get a note with CRLF */");
        assert_eq!(spec_first_line("First\rsecond"), "First");
        assert_eq!(spec_first_line("\r\n  [x]\r\nsecond"), "\\[x\\]");
    }

    #[test]
    fn doc_lines_hold_no_control_characters() {
        let tokens = doc_lines("a\rb\r\nc\0d\te").to_string();
        assert!(!tokens.contains(['\r', '\0', '\t']), "{tokens}");
        assert_eq!(tokens.matches("doc").count(), 3, "{tokens}");
    }

    #[test]
    fn code_spans_fence_backticks_and_show_invisible_characters() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a\r\nb\0"), "`a\\r\\nb\\0`");
        assert_eq!(code_span(""), "`\"\"`");
    }

    #[test]
    fn text_that_normalizing_empties_gets_the_fallback() {
        assert_eq!(docs_or(Some("\0\u{7}\r\n"), "Fallback.").to_string(), doc_lines("Fallback.").to_string());
        assert_eq!(docs_or(Some(" a "), "Fallback.").to_string(), doc_lines("a").to_string());
    }
}
