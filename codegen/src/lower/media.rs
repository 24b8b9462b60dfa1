//! Media types as lowering reads them: the essence of a `content` key (no parameters, lower
//! case), and whether it is JSON.

/// The media type without its parameters, in lower case: `Application/JSON; charset=utf-8` is
/// `application/json`.
pub(super) fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or a `+json` suffix such as
/// `application/problem+json`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types_are_recognised_with_parameters_and_suffixes() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/jsonl"));
        assert_eq!(essence("Text/Plain ; charset=utf-8"), "text/plain");
    }
}
