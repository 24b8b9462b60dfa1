//! Clients of the generated crate aimed at the shared loopback test server
//! ([`realtimekit_testkit::Server`]), with the ids and the token they use, and helpers that send
//! the `POST` operations for the behaviour tests (`tests/client_*.rs`).

use std::time::Duration;

use cloudflare_realtimekit::runtime::retry::RetryPolicy;
use cloudflare_realtimekit::{Client, ClientBuilder, Error, models};
use realtimekit_testkit::Server;
use serde_json::Value;

/// The API token every test client uses. It is distinctive so that a leak is easy to spot.
pub const TOKEN: &str = "rtk-token-7Qx9-LEAKCHECK-c0ffee";

/// An account id of exactly 32 characters, the longest the spec allows.
pub const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// An app id shaped like the real service's: a UUID of 36 characters.
pub const APP: &str = "14a396e7-ca44-4937-bf1f-050a69118543";

/// A retry policy with the default number of retries (2) and millisecond backoffs, so retry
/// tests run fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(4),
        ..RetryPolicy::DEFAULT
    }
}

/// A builder of the generated client aimed at `base_url`, with the test token, fast retries and
/// a five-second per-attempt timeout.
pub fn builder_for(base_url: &str) -> ClientBuilder {
    Client::builder().token(TOKEN).base_url(base_url).retry_policy(fast_retries()).timeout(Duration::from_secs(5))
}

/// A generated client aimed at `server`; see [`builder_for`].
pub fn client_for(server: &Server) -> Client {
    builder_for(&server.url()).build().expect("the test client builds")
}

/// The operations sent with `POST`. None of them is idempotent, so none may be sent twice unless
/// the server provably did not act on the first attempt.
pub const POST_OPERATIONS: [&str; 3] = ["kick_participants", "kick_all_participants", "create_poll"];

/// Sends the `POST` operation `name` (one of [`POST_OPERATIONS`]) for the test meeting and
/// returns its decoded answer, encoded as JSON again.
pub async fn send_post(client: &Client, name: &str) -> Result<Value, Error> {
    let app = client.app(ACCOUNT, APP);
    let encoded = match name {
        "kick_participants" => {
            let body = kick_request(&[], &["participant-1"]);
            serde_json::to_value(app.kick_participants("meeting-1", body).send().await?.value())
        }
        "kick_all_participants" => serde_json::to_value(app.kick_all_participants("meeting-1").send().await?.value()),
        "create_poll" => {
            let body = poll_request("Ship it?", &["Yes", "No"]);
            serde_json::to_value(app.create_poll("meeting-1", body).send().await?.value())
        }
        other => panic!("`{other}` is not a POST operation"),
    };
    Ok(encoded.expect("a decoded answer encodes"))
}

/// A kick of these participants, by custom id and by id, built by name.
pub fn kick_request(custom_participant_ids: &[&str], participant_ids: &[&str]) -> models::KickParticipantsRequest {
    let owned = |ids: &[&str]| ids.iter().map(|&id| id.to_owned()).collect::<Vec<_>>();
    models::KickParticipantsRequest::builder()
        .custom_participant_ids(owned(custom_participant_ids))
        .participant_ids(owned(participant_ids))
        .build()
        .expect("both id lists are set")
}

/// A poll asking `question` with these options, built by name.
pub fn poll_request(question: &str, options: &[&str]) -> models::CreatePollRequest {
    let options = options.iter().map(|&option| option.to_owned()).collect();
    models::CreatePollRequest::builder()
        .question(question)
        .options(options)
        .build()
        .expect("the question and options are set")
}

/// The number of `POST` requests `server` has read.
pub fn posts_seen(server: &Server) -> usize {
    server.requests().iter().filter(|request| request.method == "POST").count()
}
