//! Structs encoded and decoded through `object` behave like derived ones on JSON: the same
//! values and text, the same errors for missing and repeated fields, unknown keys skipped,
//! escaped keys matched.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use realtimekit_runtime::object::{self, Slot as _};
use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

impl Serialize for Session {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut writer = object::Writer::start(serializer)?;
        writer.field("id", &self.id)?;
        writer.optional("ended_at", &self.ended_at)?;
        writer.optional("peers", &self.peers)?;
        writer.end()
    }
}

/// The same struct with the derives, for comparison.
#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct DerivedSession {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ended_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    peers: Option<Vec<Peer>>,
}

/// A struct with a required but nullable field, which is written as `null` when unset.
struct Nullable {
    ended_at: Option<String>,
}

impl Serialize for Nullable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut writer = object::Writer::start(serializer)?;
        writer.field("ended_at", &self.ended_at)?;
        writer.end()
    }
}

#[derive(Debug, PartialEq, Deserialize, Serialize)]
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

#[test]
fn encodes_the_same_text_as_the_derive() {
    let peers = Some(vec![Peer { name: "ada".into() }]);
    let lean = Session { id: "s1".into(), ended_at: None, peers };
    let derived = DerivedSession { id: "s1".into(), ended_at: None, peers: Some(vec![Peer { name: "ada".into() }]) };
    assert_eq!(serde_json::to_string(&lean).unwrap(), serde_json::to_string(&derived).unwrap());
    assert_eq!(serde_json::to_string(&lean).unwrap(), r#"{"id":"s1","peers":[{"name":"ada"}]}"#);
    let all = Session { id: "s2".into(), ended_at: Some("later".into()), peers: None };
    assert_eq!(serde_json::to_string(&all).unwrap(), r#"{"id":"s2","ended_at":"later"}"#);
}

#[test]
fn a_required_nullable_field_is_written_as_null() {
    assert_eq!(serde_json::to_string(&Nullable { ended_at: None }).unwrap(), r#"{"ended_at":null}"#);
}

#[test]
fn round_trips_through_text() {
    let session = Session { id: "s1".into(), ended_at: Some("later".into()), peers: Some(Vec::new()) };
    let text = serde_json::to_string(&session).unwrap();
    assert_eq!(serde_json::from_str::<Session>(&text).unwrap(), session);
}
