//! Short excerpts of response bodies, for the messages of errors that carry a body: the start
//! of the body as one line of text, however long, binary or badly encoded it is.

/// Returns the start of `body` as text: invalid UTF-8 is replaced, runs of
/// whitespace become one space, and at most `max_chars` characters are kept
/// (an ellipsis marks a cut).
pub(crate) fn snippet(body: &[u8], max_chars: usize) -> String {
    // Four bytes per character is the UTF-8 maximum, so this prefix holds at
    // least `max_chars` characters whenever the body is longer.
    let limit = body.len().min(max_chars.saturating_mul(4));
    let prefix = body.get(..limit).unwrap_or(body);
    let cut_prefix = limit < body.len();

    let mut out = String::new();
    let mut count = 0usize;
    let mut pending_space = false;
    let mut truncated = false;
    let mut chunks = prefix.utf8_chunks().peekable();
    'outer: while let Some(chunk) = chunks.next() {
        let is_last = chunks.peek().is_none();
        // A character split by the prefix cut is not an encoding error.
        let replacement = if chunk.invalid().is_empty() || (is_last && cut_prefix) {
            None
        } else {
            Some(char::REPLACEMENT_CHARACTER)
        };
        for c in chunk.valid().chars().chain(replacement) {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            let needed = if pending_space { 2 } else { 1 };
            if count + needed > max_chars {
                truncated = true;
                break 'outer;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
                count += 1;
            }
            out.push(c);
            count += 1;
        }
    }
    if truncated || cut_prefix {
        out.push('…');
    }
    out
}
