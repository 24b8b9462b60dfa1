//! The typed values the examples' mock answers with, shaped like the spec's own examples.

use cloudflare_realtimekit::models;

/// The account id the mock expects.
pub const ACCOUNT_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// The app id the mock expects.
pub const APP_ID: &str = "app-1";

/// The meeting the mock's active session belongs to.
pub const MEETING_ID: &str = "97440c6a-140b-40a9-9499-b23fd7a3868a";

/// A live session with this id and participant count.
pub fn live_session(id: &str, live_participants: i64) -> models::Session {
    models::Session::new(
        MEETING_ID,
        "2025-03-01T10:00:00.000Z",
        id,
        live_participants,
        live_participants.max(1),
        "Weekly sync",
        12.5,
        "org-1",
        "2025-03-01T10:00:00.000Z",
        models::SessionStatus::Live,
        models::SessionType::Meeting,
        "2025-03-01T10:05:00.000Z",
    )
}

/// A page of the sessions list holding `sessions`.
pub fn sessions_page(sessions: Vec<models::Session>) -> models::ListSessionsResponse {
    let mut list = models::SessionList::default();
    list.sessions = Some(sessions);
    let mut page = models::ListSessionsResponse::default();
    page.data = Some(list);
    page.success = Some(true);
    page
}

/// The answer to getActiveSession for a session with this participant count.
pub fn active_session(live_participants: i64) -> models::GetActiveSessionResponse {
    let mut response = models::GetActiveSessionResponse::default();
    response.data = Some(live_session("session-live", live_participants));
    response.success = Some(true);
    response
}

/// The answer to a kick of the participant with this custom id.
pub fn kicked(custom_id: &str) -> models::KickParticipantsResponse {
    let mut participant =
        models::KickedParticipant::new("2025-03-01T10:00:00.000Z", "peer-7", "2025-03-01T10:06:00.000Z");
    participant.name = Some(format!("Participant {custom_id}"));
    let mut result = models::KickResult::default();
    result.action = Some("kick".to_owned());
    result.participants = Some(vec![participant]);
    let mut response = models::KickParticipantsResponse::default();
    response.data = Some(result);
    response.success = Some(true);
    response
}

/// The answer to the creation of a poll with this question and these options.
pub fn created_poll(question: &str, options: &[String]) -> models::CreatePollResponse {
    let options = options.iter().map(|text| models::PollOption::new(0, text.as_str(), Vec::new())).collect();
    let mut result = models::PollResult::default();
    result.action = Some("create".to_owned());
    result.poll = Some(models::Poll::new("poll-1", options, question));
    let mut response = models::CreatePollResponse::default();
    response.data = Some(result);
    response.success = Some(true);
    response
}
