//! Builders of the JSON bodies the benches serve and decode, shaped like the spec's example
//! responses (`spec/openapi.yaml`) with realistic ids and timestamps.
//!
//! Every item carries its page and index in its ids, so two pages never have identical bodies
//! (the generated pagination stops when a server repeats a page).

use bytes::Bytes;
use serde_json::{Value, json};

/// A list-sessions body: page `page_no` holding `count` sessions.
pub fn sessions_page(page_no: u64, count: usize) -> Bytes {
    let sessions: Vec<Value> = (0..count).map(|index| session(page_no, index)).collect();
    to_bytes(&json!({ "data": { "sessions": sessions }, "success": true }))
}

/// A list-participants body: `count` participants with `peer_events` events each, reporting
/// `total_count` participants across all pages.
pub fn participants_page(page_no: u64, count: usize, peer_events: usize, total_count: u64) -> Bytes {
    let participants: Vec<Value> = (0..count).map(|index| participant(page_no, index, peer_events)).collect();
    let start = (page_no.saturating_sub(1)).saturating_mul(count as u64) + 1;
    let end = start + count as u64 - 1;
    to_bytes(&json!({
        "data": {
            "paging": { "end_offset": end, "start_offset": start, "total_count": total_count },
            "participants": participants,
        },
        "success": true,
    }))
}

fn session(page_no: u64, index: usize) -> Value {
    let status = if index % 3 == 0 { "LIVE" } else { "ENDED" };
    let kind = ["meeting", "livestream", "participant"][index % 3];
    json!({
        "id": uuid(page_no, index, 0x5e55),
        "associated_id": uuid(page_no, index, 0xa550),
        "created_at": timestamp(index, 0),
        "live_participants": index % 17,
        "max_concurrent_participants": index % 97,
        "meeting_display_name": format!("Weekly sync #{index}"),
        "minutes_consumed": (index as f64) * 1.25,
        "organization_id": "0a08343d-a9dc-45f0-9feb-6a64afcc4f81",
        "started_at": timestamp(index, 1),
        "status": status,
        "type": kind,
        "updated_at": timestamp(index, 2),
        "breakout_rooms": [{}],
        "ended_at": timestamp(index, 3),
        "meta": {},
    })
}

fn participant(page_no: u64, index: usize, peer_events: usize) -> Value {
    let id = uuid(page_no, index, 0x9a27);
    let events: Vec<Value> = (0..peer_events)
        .map(|event| {
            json!({
                "created_at": timestamp(index, event as u64 + 10),
                "event_name": if event % 2 == 0 { "PEER_JOINING" } else { "PEER_LEAVING" },
                "id": uuid(page_no, index * 16 + event, 0xe7e7),
                "peer_id": id,
                "updated_at": timestamp(index, event as u64 + 11),
            })
        })
        .collect();
    json!({
        "created_at": timestamp(index, 0),
        "custom_participant_id": format!("custom-{index}"),
        "display_name": format!("Participant {index}"),
        "duration": (index as f64) * 0.731 + 5.8097,
        "id": id,
        "joined_at": timestamp(index, 1),
        "left_at": timestamp(index, 2),
        "peer_events": events,
        "preset_name": "webinar_participant",
        "updated_at": timestamp(index, 3),
        "user_id": uuid(page_no, index, 0x05e2),
    })
}

/// A UUID-shaped id that differs by page, index and kind.
fn uuid(page_no: u64, index: usize, kind: u16) -> String {
    format!("{:08x}-{kind:04x}-4d4e-a391-{:012x}", page_no, index)
}

/// An ISO timestamp that differs by index and offset.
fn timestamp(index: usize, offset: u64) -> String {
    let seconds = (index as u64 * 7 + offset * 13) % 60;
    let minutes = (index as u64 / 60) % 60;
    format!("2023-02-01T10:{minutes:02}:{seconds:02}.{:03}Z", (index as u64 * 31 + offset) % 1000)
}

fn to_bytes(value: &Value) -> Bytes {
    // Serializing a `Value` of strings and numbers cannot fail.
    Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}
