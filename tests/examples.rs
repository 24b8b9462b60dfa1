//! Every example response of the spec decodes into the generated types and re-encodes
//! without losing a field.

use cloudflare_realtimekit::models;
use realtimekit_tests::same_json;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `example` as `T`, encodes it again, and checks that nothing was lost or changed.
fn round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<(), String> {
    let decoded: T = serde_json::from_value(example.clone()).map_err(|e| format!("decode: {e}"))?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))?;
    if same_json(example, &encoded) { Ok(()) } else { Err(format!("re-encoded differs:\n{encoded:#}")) }
}

/// A check of one example against one generated type.
type RoundTrip = fn(&Value) -> Result<(), String>;

/// The generated type each documented response decodes into, by operation and status.
fn decoder(operation: &str, status: &str) -> Option<RoundTrip> {
    Some(match (operation, status) {
        ("list_sessions", "200") => round_trip::<models::ListSessionsResponse>,
        ("get_active_session", "200") => round_trip::<models::GetActiveSessionResponse>,
        ("get_active_session", "404") => round_trip::<models::ErrorEnvelope>,
        ("list_meetings", "200") => round_trip::<models::ListMeetingsResponse>,
        ("list_session_participants", "200") => round_trip::<models::ListSessionParticipantsResponse>,
        ("kick_participants", "200") => round_trip::<models::KickParticipantsResponse>,
        ("kick_all_participants", "200") => round_trip::<models::KickAllParticipantsResponse>,
        ("create_poll", "201") => round_trip::<models::CreatePollResponse>,
        _ => return None,
    })
}

#[test]
fn every_example_response_round_trips() {
    let api = realtimekit_codegen::lower_spec(&realtimekit_tests::spec_text()).expect("the spec lowers");
    let mut checked = 0;
    for op in &api.operations {
        for response in op.responses.iter().filter(|r| !r.examples.is_empty()) {
            let status = match response.status {
                realtimekit_codegen::ir::StatusMatch::Code(code) => code.to_string(),
                other => format!("{other:?}"),
            };
            let check = decoder(op.method_name.bare(), &status)
                .unwrap_or_else(|| panic!("no decoder for {} {status}: add it to the table", op.method_name));
            for example in &response.examples {
                check(&example.value).unwrap_or_else(|e| panic!("{} {status} `{}`: {e}", op.method_name, example.name));
                checked += 1;
            }
        }
    }
    assert!(checked >= 9, "only {checked} examples were checked");
}

#[test]
fn peer_events_survive_a_round_trip() {
    let body = serde_json::json!({"data": {"participants": [{"id": "p", "peer_events": [
        {"id": "e", "event_name": "PEER_JOINING", "peer_id": "p", "created_at": "t", "updated_at": "t"}
    ]}]}, "success": true});
    round_trip::<models::ListSessionParticipantsResponse>(&body).expect("round trip");
}

#[test]
fn unknown_enum_values_and_fields_are_kept_or_ignored() {
    let mut session = serde_json::json!({
        "id": "s", "associated_id": "m", "created_at": "t", "live_participants": 1,
        "max_concurrent_participants": 2, "meeting_display_name": "d", "minutes_consumed": 1.5,
        "organization_id": "o", "started_at": "t", "status": "PAUSED", "type": "webinar", "updated_at": "t",
        "brand_new_field": 7
    });
    let decoded: models::Session = serde_json::from_value(session.clone()).expect("decodes");
    assert_eq!(decoded.status, models::SessionStatus::Unknown("PAUSED".to_owned()));
    assert_eq!(decoded.status.as_str(), "PAUSED");
    session.as_object_mut().expect("object").remove("brand_new_field");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), session);
}
