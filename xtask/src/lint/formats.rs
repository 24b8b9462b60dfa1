//! The string formats the example validator checks: `date-time` and `date` (RFC 3339) and
//! `uuid`. Other formats are accepted as they are.

/// Whether `text` is a valid value of `format`; unknown formats always match.
pub(super) fn matches(format: &str, text: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "uuid" => is_uuid(text),
        _ => true,
    }
}

/// `2023-02-01`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && digits(&bytes[0..4])
        && bytes[4] == b'-'
        && digits(&bytes[5..7])
        && bytes[7] == b'-'
        && digits(&bytes[8..10])
}

/// `2023-02-01T10:51:08.039Z` or with an offset such as `+01:00`.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else { return false };
    if !is_date(date) {
        return false;
    }
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(index) => time.split_at(index),
        None => return false,
    };
    let clock = clock.as_bytes();
    let whole = clock.len() >= 8
        && digits(&clock[0..2])
        && clock[2] == b':'
        && digits(&clock[3..5])
        && clock[5] == b':'
        && digits(&clock[6..8]);
    let fraction = match &clock[8.min(clock.len())..] {
        [] => true,
        [b'.', rest @ ..] => !rest.is_empty() && digits(rest),
        _ => false,
    };
    let offset = offset.as_bytes();
    let zone = matches!(offset, [b'Z'] | [b'z'])
        || (offset.len() == 6
            && matches!(offset[0], b'+' | b'-')
            && digits(&offset[1..3])
            && offset[3] == b':'
            && digits(&offset[4..6]));
    whole && fraction && zone
}

/// `005f4e0c-4d08-4d4e-a391-a76be75cd296`.
fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_rfc3339_and_uuids() {
        assert!(matches("date-time", "2023-02-01T10:51:08.039Z"));
        assert!(matches("date-time", "2023-02-01T10:51:08+01:00"));
        assert!(!matches("date-time", "created_at"));
        assert!(!matches("date-time", "2023-02-01 10:51:08Z"));
        assert!(matches("date", "2023-02-01"));
        assert!(!matches("date", "2023-2-1"));
        assert!(matches("uuid", "005f4e0c-4d08-4d4e-a391-a76be75cd296"));
        assert!(!matches("uuid", "id"));
        assert!(matches("email", "anything"));
    }
}
