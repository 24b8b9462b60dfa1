//! Kicks one participant out of a meeting's active session by the custom id your app gave them.
//!
//! `cargo run -p realtimekit-examples --bin kick_by_custom_id -- MEETING_ID CUSTOM_PARTICIPANT_ID`

use cloudflare_realtimekit::models::KickParticipantsRequest;
use realtimekit_examples::{Environment, argument, samples};

#[tokio::main]
async fn main() -> cloudflare_realtimekit::Result<()> {
    let meeting_id = argument(1, samples::MEETING_ID);
    let custom_id = argument(2, "customer-42");
    let env = Environment::from_env().await?;
    // Both id lists are required; the one you do not use is empty.
    let kick = KickParticipantsRequest::builder()
        .custom_participant_ids(vec![custom_id.clone()])
        .participant_ids(Vec::new())
        .build()?;
    if let Some(mock) = env.mock() {
        mock.expect(env.app().kick_participants(&meeting_id, kick.clone()))
            .respond(&samples::kicked(&custom_id)?)
            .await;
    }

    // A kick is not idempotent: the client never sends it twice unless it provably had no effect.
    let response = env.app().kick_participants(&meeting_id, kick).send().await?;
    let kicked = response.data.as_ref().and_then(|result| result.participants.as_deref()).unwrap_or_default();
    for participant in kicked {
        println!("kicked {} ({})", participant.name.as_deref().unwrap_or("unnamed"), participant.id);
    }
    println!("{} participant(s) kicked", kicked.len());
    env.finish().await;
    Ok(())
}
