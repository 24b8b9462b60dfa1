//! Structs decoded through `object` behave like derived ones on JSON: the same values, the same
//! errors for missing and repeated fields, unknown keys skipped, escaped keys matched.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use realtimekit_runtime::object::{self, Slot as _};
use serde::de::MapAccess;
use serde::{Deserialize, Deserializer};

/// A struct shaped like a generated one: a required field, an optional one, a nested one.
#[derive(Debug, PartialEq)]
struct Session {
    id: String,
    ended_at: Option<String>,
    peers: Option<Vec<Peer>>,
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object::deserialize(deserializer)
    }
}

impl object::Object for Session {
    const NAME: &'static str = "Session";

    fn visit<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut id: Option<String> = None;
        let mut ended_at: Option<Option<String>> = None;
        let mut peers: Option<Option<Vec<Peer>>> = None;
        while let Some(key) = map.next_key::<object::Key<'de>>()? {
            match key.as_str() {
                "id" => id.fill_from(&mut map, "id")?,
                "ended_at" => ended_at.fill_from(&mut map, "ended_at")?,
                "peers" => peers.fill_from(&mut map, "peers")?,
                _ => object::skip(&mut map)?,
            }
        }
        Ok(Self { id: id.or_missing("id")?, ended_at: ended_at.flatten(), peers: peers.flatten() })
    }
}

/// The same struct with the derive, for comparison.
#[derive(Debug, PartialEq, Deserialize)]
struct DerivedSession {
    id: String,
    #[serde(default)]
    ended_at: Option<String>,
    #[serde(default)]
    peers: Option<Vec<Peer>>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Peer {
    name: String,
}

fn both(json: &str) -> (Result<Session, String>, Result<DerivedSession, String>) {
    (
        serde_json::from_str::<Session>(json).map_err(|e| e.to_string()),
        serde_json::from_str::<DerivedSession>(json).map_err(|e| e.to_string()),
    )
}

#[test]
fn decodes_like_the_derive() {
    let json = r#"{"id":"s1","ended_at":null,"peers":[{"name":"ada"}],"extra":{"deep":[1,2,{"x":null}]}}"#;
    let (lean, derived) = both(json);
    let (lean, derived) = (lean.unwrap(), derived.unwrap());
    assert_eq!(lean.id, derived.id);
    assert_eq!(lean.ended_at, derived.ended_at);
    assert_eq!(lean.peers, derived.peers);
    assert_eq!(lean, Session { id: "s1".into(), ended_at: None, peers: Some(vec![Peer { name: "ada".into() }]) });
}

#[test]
fn missing_optional_fields_are_none() {
    let session: Session = serde_json::from_str(r#"{"id":"s1"}"#).unwrap();
    assert_eq!(session, Session { id: "s1".into(), ended_at: None, peers: None });
}

#[test]
fn a_missing_required_field_is_named_as_the_derive_names_it() {
    let (lean, derived) = both(r#"{"ended_at":"2024-01-01T00:00:00Z"}"#);
    assert_eq!(lean.unwrap_err(), derived.unwrap_err());
}

#[test]
fn a_repeated_key_is_an_error_as_with_the_derive() {
    let (lean, derived) = both(r#"{"id":"a","id":"b"}"#);
    let lean = lean.unwrap_err();
    assert!(lean.starts_with("duplicate field `id`"), "{lean}");
    assert!(derived.unwrap_err().starts_with("duplicate field `id`"));
}

#[test]
fn a_wrong_type_names_the_struct() {
    let (lean, derived) = both(r#""not an object""#);
    assert_eq!(lean.unwrap_err(), derived.unwrap_err().replace("DerivedSession", "Session"));
    let (lean, _) = both(r#"{"id":7}"#);
    assert!(lean.unwrap_err().starts_with("invalid type: integer `7`, expected a string"));
}

#[test]
fn escaped_keys_are_matched() {
    let session: Session = serde_json::from_str(r#"{"\u0069d":"s1","ended\u005fat":"later"}"#).unwrap();
    assert_eq!(session, Session { id: "s1".into(), ended_at: Some("later".into()), peers: None });
}

#[test]
fn nested_errors_keep_their_path() {
    let mut deserializer = serde_json::Deserializer::from_str(r#"{"id":"s1","peers":[{"name":"a"},{"nom":"b"}]}"#);
    let error = serde_path_to_error::deserialize::<_, Session>(&mut deserializer).unwrap_err();
    assert_eq!(error.path().to_string(), "peers[1]");
    assert!(error.inner().to_string().starts_with("missing field `name`"));
}

#[test]
fn decodes_from_a_json_value_too() {
    let value = serde_json::json!({"id": "s1", "unknown": true});
    let session: Session = serde_json::from_value(value).unwrap();
    assert_eq!(session.id, "s1");
}
