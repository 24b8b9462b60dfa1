//! The typed values the examples' mock answers with, shaped like the spec's own examples.

use cloudflare_realtimekit::{Result, models};

/// The account id the mock expects.
pub const ACCOUNT_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// The app id the mock expects.
pub const APP_ID: &str = "app-1";

/// The meeting the mock's active session belongs to.
pub const MEETING_ID: &str = "97440c6a-140b-40a9-9499-b23fd7a3868a";

/// A live session with this id and participant count.
pub fn live_session(id: &str, live_participants: i64) -> Result<models::Session> {
    let session = models::Session::builder()
        .id(id)
        .associated_id(MEETING_ID)
        .created_at("2025-03-01T10:00:00.000Z")
        .live_participants(live_participants)
        .max_concurrent_participants(live_participants.max(1))
        .meeting_display_name("Weekly sync")
        .minutes_consumed(12.5)
        .organization_id("org-1")
        .started_at("2025-03-01T10:00:00.000Z")
        .status(models::SessionStatus::Live)
        .r#type(models::SessionType::Meeting)
        .updated_at("2025-03-01T10:05:00.000Z")
        .build()?;
    Ok(session)
}

/// A page of the sessions list holding `sessions`.
pub fn sessions_page(sessions: Vec<models::Session>) -> models::ListSessionsResponse {
    let list = models::SessionList::builder().sessions(sessions).build();
    models::ListSessionsResponse::builder().data(list).success(true).build()
}

/// The answer to getActiveSession for a session with this participant count.
pub fn active_session(live_participants: i64) -> Result<models::GetActiveSessionResponse> {
    let session = live_session("session-live", live_participants)?;
    Ok(models::GetActiveSessionResponse::builder().data(session).success(true).build())
}

/// The answer to a kick of the participant with this custom id.
pub fn kicked(custom_id: &str) -> Result<models::KickParticipantsResponse> {
    let participant = models::KickedParticipant::builder()
        .id("peer-7")
        .created_at("2025-03-01T10:00:00.000Z")
        .updated_at("2025-03-01T10:06:00.000Z")
        .name(format!("Participant {custom_id}"))
        .build()?;
    let result = models::KickResult::builder().action("kick").participants(vec![participant]).build();
    Ok(models::KickParticipantsResponse::builder().data(result).success(true).build())
}

/// The answer to the creation of a poll with this question and these options.
pub fn created_poll(question: &str, options: &[String]) -> Result<models::CreatePollResponse> {
    let options = options
        .iter()
        .map(|text| models::PollOption::builder().count(0).text(text.as_str()).votes(Vec::new()).build())
        .collect::<Result<Vec<_>, _>>()?;
    let poll = models::Poll::builder().id("poll-1").options(options).question(question).build()?;
    let result = models::PollResult::builder().action("create").poll(poll).build();
    Ok(models::CreatePollResponse::builder().data(result).success(true).build())
}
