//! The hand-written baseline: serde structs for the list endpoints and a client on plain
//! reqwest, written the way a person would without a generator.
//!
//! The structs have the same fields and field types as the generated models, so decoding does
//! the same work; enums are closed with a `#[serde(other)]` catch-all, the usual hand-written
//! way to survive new values. The client sends the same headers as the generated one
//! (`Authorization`, `Accept`, `User-Agent`) and uses the same per-request timeout, set once on
//! the `reqwest::Client`.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The body of a list-sessions answer.
#[derive(Debug, Deserialize)]
pub struct SessionsPage {
    /// The page.
    pub data: Option<SessionList>,
    /// Whether the request succeeded.
    pub success: Option<bool>,
}

/// The sessions of one page.
#[derive(Debug, Deserialize)]
pub struct SessionList {
    /// The sessions.
    pub sessions: Option<Vec<Session>>,
}

/// One session.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// The id of the meeting the session belongs to.
    pub associated_id: String,
    /// The breakout rooms, untyped.
    pub breakout_rooms: Option<Vec<serde_json::Value>>,
    /// When the session was created.
    pub created_at: String,
    /// When the session ended.
    pub ended_at: Option<String>,
    /// The session id.
    pub id: String,
    /// The number of participants now in the session.
    pub live_participants: i64,
    /// The largest number of participants at once.
    pub max_concurrent_participants: i64,
    /// The meeting's title.
    pub meeting_display_name: String,
    /// Free-form metadata.
    pub meta: Option<serde_json::Value>,
    /// Minutes consumed so far.
    pub minutes_consumed: f64,
    /// The app that hosted the session.
    pub organization_id: String,
    /// When the session started.
    pub started_at: String,
    /// Live or ended.
    pub status: SessionStatus,
    /// The kind of session.
    #[serde(rename = "type")]
    pub kind: SessionType,
    /// When the session was last updated.
    pub updated_at: String,
}

/// The status of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SessionStatus {
    /// `LIVE`.
    #[serde(rename = "LIVE")]
    Live,
    /// `ENDED`.
    #[serde(rename = "ENDED")]
    Ended,
    /// Any other value.
    #[serde(other)]
    Unknown,
}

/// The kind of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionType {
    /// `meeting`.
    Meeting,
    /// `livestream`.
    Livestream,
    /// `participant`.
    Participant,
    /// Any other value.
    #[serde(other)]
    Unknown,
}

/// The body of a list-participants answer.
#[derive(Debug, Deserialize)]
pub struct ParticipantsPage {
    /// The page.
    pub data: Option<ParticipantList>,
    /// Whether the request succeeded.
    pub success: Option<bool>,
}

/// The participants of one page, with the paging facts.
#[derive(Debug, Deserialize)]
pub struct ParticipantList {
    /// Where the page sits in the whole list.
    pub paging: Option<Paging>,
    /// The participants.
    pub participants: Option<Vec<Participant>>,
}

/// Where a page sits in the whole list.
#[derive(Debug, Deserialize)]
pub struct Paging {
    /// The offset of the last item of the page.
    pub end_offset: i64,
    /// The offset of the first item of the page.
    pub start_offset: i64,
    /// The number of items across all pages.
    pub total_count: u64,
}

/// One participant of a session.
#[derive(Debug, Deserialize)]
pub struct Participant {
    /// When the participant was created.
    pub created_at: Option<String>,
    /// The caller's own id for the participant.
    pub custom_participant_id: Option<String>,
    /// The name shown in the session.
    pub display_name: Option<String>,
    /// Minutes spent in the session.
    pub duration: Option<f64>,
    /// The participant id.
    pub id: Option<String>,
    /// When the participant joined.
    pub joined_at: Option<String>,
    /// When the participant left.
    pub left_at: Option<String>,
    /// The participant's peer events.
    pub peer_events: Option<Vec<PeerEvent>>,
    /// The preset the participant joined with.
    pub preset_name: Option<String>,
    /// When the participant was last updated.
    pub updated_at: Option<String>,
    /// The user id.
    pub user_id: Option<String>,
}

/// One event of a participant's peer.
#[derive(Debug, Deserialize)]
pub struct PeerEvent {
    /// When the event was created.
    pub created_at: Option<String>,
    /// The event's name, such as `PEER_JOINING`.
    pub event_name: Option<String>,
    /// The event id.
    pub id: Option<String>,
    /// The peer the event belongs to.
    pub peer_id: Option<String>,
    /// When the event was last updated.
    pub updated_at: Option<String>,
}

/// Why a baseline request failed.
#[derive(Debug)]
pub enum BaselineError {
    /// The request could not be sent or its answer could not be read.
    Http(reqwest::Error),
    /// The server answered with a status other than 2xx.
    Status(u16),
    /// The body did not decode.
    Decode(serde_json::Error),
    /// The token does not fit in a header.
    InvalidToken,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(error) => write!(f, "HTTP error: {error}"),
            Self::Status(status) => write!(f, "the server answered {status}"),
            Self::Decode(error) => write!(f, "the body did not decode: {error}"),
            Self::InvalidToken => f.write_str("the token is not a valid header value"),
        }
    }
}

impl std::error::Error for BaselineError {}

impl From<reqwest::Error> for BaselineError {
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error)
    }
}

impl From<serde_json::Error> for BaselineError {
    fn from(error: serde_json::Error) -> Self {
        Self::Decode(error)
    }
}

/// A hand-written client for the two list endpoints, on plain reqwest.
#[derive(Debug, Clone)]
pub struct BaselineClient {
    http: reqwest::Client,
    base_url: String,
}

impl BaselineClient {
    /// A client for `base_url` (without a trailing slash) that sends `token`.
    pub fn new(base_url: &str, token: &str) -> Result<Self, BaselineError> {
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| BaselineError::InvalidToken)?;
        authorization.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static("realtimekit-baseline/0.1.0"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned() })
    }

    /// `GET /accounts/{account_id}/realtime/kit/{app_id}/sessions` with paging.
    pub async fn list_sessions(
        &self,
        account_id: &str,
        app_id: &str,
        page_no: u64,
        per_page: u64,
    ) -> Result<SessionsPage, BaselineError> {
        let url = format!(
            "{}/accounts/{account_id}/realtime/kit/{app_id}/sessions?page_no={page_no}&per_page={per_page}",
            self.base_url
        );
        self.get_json(url).await
    }

    /// `GET /accounts/{account_id}/realtime/kit/{app_id}/sessions/{session_id}/participants`
    /// with peer events and paging.
    pub async fn list_participants(
        &self,
        account_id: &str,
        app_id: &str,
        session_id: &str,
        page_no: u64,
        per_page: u64,
    ) -> Result<ParticipantsPage, BaselineError> {
        let url = format!(
            "{}/accounts/{account_id}/realtime/kit/{app_id}/sessions/{session_id}/participants\
             ?include_peer_events=true&page_no={page_no}&per_page={per_page}",
            self.base_url
        );
        self.get_json(url).await
    }

    async fn get_json<T: DeserializeOwned>(&self, url: String) -> Result<T, BaselineError> {
        let response = self.http.get(url).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(BaselineError::Status(status.as_u16()));
        }
        Ok(serde_json::from_slice(&body)?)
    }
}
