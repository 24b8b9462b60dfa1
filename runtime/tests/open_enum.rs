//! Open string enums: known values become variants, unknown ones are kept, other types fail.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use realtimekit_runtime::open_enum;
use serde::{Deserialize, Deserializer};

/// An enum shaped like a generated one.
#[derive(Debug, PartialEq)]
enum Status {
    Live,
    Ended,
    Unknown(String),
}

impl Status {
    fn known(value: &str) -> Option<Self> {
        match value {
            "LIVE" => Some(Self::Live),
            "ENDED" => Some(Self::Ended),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        open_enum::deserialize(deserializer, Self::known, Self::Unknown)
    }
}

#[test]
fn known_values_become_variants_and_others_are_kept() {
    let decoded: Vec<Status> = serde_json::from_str(r#"["LIVE", "ENDED", "PAUSED", "live", "A\"B"]"#).unwrap();
    assert_eq!(
        decoded,
        [
            Status::Live,
            Status::Ended,
            Status::Unknown("PAUSED".to_owned()),
            Status::Unknown("live".to_owned()),
            Status::Unknown("A\"B".to_owned()),
        ]
    );
}

#[test]
fn owned_strings_decode_too() {
    // A `Value` hands its strings over owned, through `visit_string`.
    let value = serde_json::json!(["ENDED", "NEW"]);
    let decoded: Vec<Status> = serde_json::from_value(value).unwrap();
    assert_eq!(decoded, [Status::Ended, Status::Unknown("NEW".to_owned())]);
}

#[test]
fn values_that_are_not_strings_are_errors() {
    let error = serde_json::from_str::<Status>("5").unwrap_err();
    assert!(error.to_string().contains("expected a string"), "{error}");
    assert!(serde_json::from_str::<Status>("null").is_err());
    assert_eq!(serde_json::from_str::<Option<Status>>("null").unwrap(), None);
}
