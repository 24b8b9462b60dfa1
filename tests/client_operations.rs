//! Every operation of the generated client against a loopback server that answers with the
//! spec's own example responses: the request sent (method, path, query string, headers, body)
//! and the decoded result, including raw response access and forward-compatible decoding.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use cloudflare_realtimekit::{Client, Error, models};
use realtimekit_codegen::ir::StatusMatch;
use realtimekit_testkit::{Reply, Seen, Server};
use realtimekit_tests::clients::{ACCOUNT, APP, TOKEN, builder_for, kick_request, poll_request};
use realtimekit_tests::{example_response, example_responses, lowered_spec, same_json};
use reqwest::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

/// A default header every client in this file sends.
const RUN_HEADER: (&str, &str) = ("x-test-run", "client-operations");

/// The path of `rest` under the test account and app.
fn app_path(rest: &str) -> String {
    format!("/accounts/{ACCOUNT}/realtime/kit/{APP}{rest}")
}

/// A server that answers every request with `body` and `status`, and a client aimed at it.
async fn serve(status: u16, body: &Value) -> (Server, Client) {
    let server = Server::replying(vec![Reply::json(status, body)]).await;
    let client = builder_for(&server.url()).default_header(RUN_HEADER.0, RUN_HEADER.1).build().unwrap();
    (server, client)
}

/// The only request `server` saw.
fn only_request(server: &Server) -> Seen {
    let mut seen = server.requests();
    assert_eq!(seen.len(), 1, "expected exactly one request: {seen:?}");
    seen.remove(0)
}

/// Checks the headers every request carries, and the body headers when a JSON body was sent.
fn assert_standard_headers(seen: &Seen, with_body: bool) {
    assert_eq!(seen.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(seen.header("accept"), Some("application/json"));
    let agent = seen.header("user-agent").unwrap();
    assert!(agent.starts_with("cloudflare-realtimekit/"), "user agent: {agent}");
    assert_eq!(seen.header(RUN_HEADER.0), Some(RUN_HEADER.1));
    if with_body {
        assert_eq!(seen.header("content-type"), Some("application/json"));
        assert_eq!(seen.header("content-length"), Some(seen.body.len().to_string().as_str()));
    } else {
        assert_eq!(seen.header("content-type"), None);
        assert!(seen.body.is_empty(), "unexpected body: {:?}", String::from_utf8_lossy(&seen.body));
    }
}

/// Checks that `decoded` encodes back to exactly the example it was decoded from.
fn assert_decoded_from<T: Serialize>(decoded: &T, example: &Value) {
    let encoded = serde_json::to_value(decoded).unwrap();
    assert!(same_json(&encoded, example), "decoded {encoded:#}\nbut the server sent {example:#}");
}

/// The query parameters as owned pairs, for comparing with what the server decoded.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        expected.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn list_sessions_sends_every_filter_and_decodes_the_documented_answer() {
    let example = example_response("list_sessions", 200);
    let (server, client) = serve(200, &example).await;
    let response = client
        .app(ACCOUNT, APP)
        .list_sessions()
        .associated_id("meeting/1 & 2")
        .end_time("2024-01-31T23:59:59Z")
        .page_no(2)
        .participants("any")
        .per_page(25)
        .sort_by(models::SessionSortBy::CreatedAt)
        .sort_order(models::SortOrder::Desc)
        .start_time("2024-01-01T00:00:00Z")
        .status(models::SessionStatus::Live)
        .send()
        .await
        .unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path(), app_path("/sessions"));
    assert_eq!(
        seen.query(),
        pairs(&[
            ("associated_id", "meeting/1 & 2"),
            ("end_time", "2024-01-31T23:59:59Z"),
            ("page_no", "2"),
            ("participants", "any"),
            ("per_page", "25"),
            ("sort_by", "createdAt"),
            ("sort_order", "DESC"),
            ("start_time", "2024-01-01T00:00:00Z"),
            ("status", "LIVE"),
        ])
    );
    // Reserved characters in values are percent-encoded rather than sent raw.
    let query = seen.raw_query();
    assert!(query.contains("associated_id=meeting%2F1%20%26%202"), "{query}");
    assert!(query.contains("end_time=2024-01-31T23%3A59%3A59Z"), "{query}");
    assert_standard_headers(&seen, false);

    assert_eq!(response.status(), StatusCode::OK);
    assert_decoded_from(response.value(), &example);
    // The list answer's shortcut borrows the same items as the nested fields hold.
    let sessions = response.sessions();
    assert_eq!(Some(sessions), response.data.as_ref().unwrap().sessions.as_deref());
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].status, models::SessionStatus::Live);
    assert_eq!(sessions[0].r#type, models::SessionType::Meeting);
    assert_eq!(response.success, Some(true));
    // Without `data`, or without its list, the shortcut is empty rather than a panic.
    assert!(models::ListSessionsResponse::builder().build().sessions().is_empty());
    let no_list = models::ListSessionsResponse::builder().data(models::SessionList::builder().build()).build();
    assert!(no_list.sessions().is_empty());
}

#[tokio::test]
async fn unset_optional_parameters_are_not_sent() {
    let example = example_response("list_sessions", 200);
    let (server, client) = serve(200, &example).await;
    client.list_sessions(ACCOUNT, APP).send().await.unwrap();
    let seen = only_request(&server);
    assert_eq!(seen.target, app_path("/sessions"), "no query string at all");
}

#[tokio::test]
async fn list_session_participants_sends_its_filters_and_decodes_peer_events() {
    let (_, example) = example_responses("list_session_participants", 200)
        .into_iter()
        .find(|(name, _)| name == "participantsWithPeerEvents")
        .unwrap();
    let (server, client) = serve(200, &example).await;
    let response = client
        .list_session_participants(ACCOUNT, APP, "session-42")
        .include_peer_events(true)
        .page_no(1)
        .per_page(2)
        .sort_by(models::ParticipantSortBy::JoinedAt)
        .sort_order(models::SortOrder::Asc)
        .view(models::ParticipantView::Consolidated)
        .send()
        .await
        .unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path(), app_path("/sessions/session-42/participants"));
    assert_eq!(
        seen.query(),
        pairs(&[
            ("include_peer_events", "true"),
            ("page_no", "1"),
            ("per_page", "2"),
            ("sort_by", "joinedAt"),
            ("sort_order", "ASC"),
            ("view", "consolidated"),
        ])
    );
    assert_standard_headers(&seen, false);

    assert_decoded_from(response.value(), &example);
    let data = response.data.as_ref().unwrap();
    assert_eq!(data.paging.as_ref().unwrap().total_count, 123);
    let participants = data.participants.as_ref().unwrap();
    assert_eq!(participants.len(), 2);
    assert_eq!(participants[0].display_name.as_deref(), Some("Mark"));
    let events = participants[1].peer_events.as_ref().unwrap();
    assert_eq!(events[1].event_name.as_deref(), Some("PEER_LEAVING"));
}

#[tokio::test]
async fn list_meetings_sends_its_filters_and_decodes_the_documented_answer() {
    let example = example_response("list_meetings", 200);
    let (server, client) = serve(200, &example).await;
    let response = client
        .app(ACCOUNT, APP)
        .list_meetings()
        .start_time("2024-01-01T00:00:00Z")
        .end_time("2024-02-01T00:00:00Z")
        .page_no(3)
        .per_page(10)
        .send()
        .await
        .unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path(), app_path("/meetings"));
    assert_eq!(
        seen.query(),
        pairs(&[
            ("end_time", "2024-02-01T00:00:00Z"),
            ("page_no", "3"),
            ("per_page", "10"),
            ("start_time", "2024-01-01T00:00:00Z"),
        ])
    );
    assert_standard_headers(&seen, false);

    assert_decoded_from(response.value(), &example);
    assert_eq!(response.data.len(), 1);
    assert_eq!(response.data[0].status, Some(models::MeetingStatus::Active));
    assert_eq!(response.data[0].session_keep_alive_time_in_secs, Some(60.0));
    assert_eq!(response.paging.total_count, 30);
    assert!(response.success);
}

#[tokio::test]
async fn get_active_session_sends_a_bare_get_and_decodes_the_documented_answer() {
    let example = example_response("get_active_session", 200);
    let (server, client) = serve(200, &example).await;
    let response = client.get_active_session(ACCOUNT, APP, "meeting-9").send().await.unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.target, app_path("/meetings/meeting-9/active-session"));
    assert_standard_headers(&seen, false);

    assert_decoded_from(response.value(), &example);
    let session = response.data.as_ref().unwrap();
    assert_eq!(session.id, "id");
    assert_eq!(session.status, models::SessionStatus::Live);
    assert_eq!(session.breakout_rooms.as_ref().map(Vec::len), Some(1));
}

#[tokio::test]
async fn kick_participants_posts_both_id_lists_and_decodes_the_documented_answer() {
    let example = example_response("kick_participants", 200);
    let (server, client) = serve(200, &example).await;
    let body = kick_request(&["custom-1"], &["p-1", "p-2"]);
    let response = client.app(ACCOUNT, APP).kick_participants("meeting-9", body).send().await.unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, app_path("/meetings/meeting-9/active-session/kick"));
    assert_standard_headers(&seen, true);
    assert_eq!(seen.json(), json!({"custom_participant_ids": ["custom-1"], "participant_ids": ["p-1", "p-2"]}));

    assert_decoded_from(response.value(), &example);
    let kicked = response.data.as_ref().unwrap().participants.as_ref().unwrap();
    assert_eq!(kicked[0].email.as_deref(), Some("email"));
}

#[tokio::test]
async fn kick_all_participants_posts_without_a_body_and_decodes_the_documented_answer() {
    let example = example_response("kick_all_participants", 200);
    let (server, client) = serve(200, &example).await;
    let response = client.kick_all_participants(ACCOUNT, APP, "meeting-9").send().await.unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, app_path("/meetings/meeting-9/active-session/kick-all"));
    assert_standard_headers(&seen, false);

    assert_decoded_from(response.value(), &example);
    assert_eq!(response.data.as_ref().unwrap().kicked_participants_count, Some(0));
}

#[tokio::test]
async fn create_poll_posts_the_poll_and_a_201_answer_is_a_success() {
    let example = example_response("create_poll", 201);
    let (server, client) = serve(201, &example).await;
    let mut poll = poll_request("Ship it?", &["Yes", "No"]);
    poll.anonymous = Some(true);
    let response = client.app(ACCOUNT, APP).create_poll("meeting-9", poll).send().await.unwrap();

    let seen = only_request(&server);
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, app_path("/meetings/meeting-9/active-session/poll"));
    assert_standard_headers(&seen, true);
    // Unset optional fields are left out rather than sent as `null`.
    assert_eq!(seen.json(), json!({"anonymous": true, "options": ["Yes", "No"], "question": "Ship it?"}));

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_decoded_from(response.value(), &example);
    let poll = response.data.as_ref().unwrap().poll.as_ref().unwrap();
    assert_eq!(poll.options[0].votes[0].name, "name");

    // A server that answers 200 or 202 instead is just as successful.
    for status in [200, 202] {
        let (_server, client) = serve(status, &example).await;
        let body = poll_request("Q", &["A"]);
        let response = client.create_poll(ACCOUNT, APP, "m", body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), status);
    }
}

/// A decoded answer encoded as JSON again, so that one table can hold every operation.
fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Calls `operation` with fixed arguments and returns its decoded answer, encoded again.
async fn call(client: &Client, operation: &str) -> Result<Value, Error> {
    let app = client.app(ACCOUNT, APP);
    let kick = || kick_request(&[], &["p"]);
    let poll = || poll_request("Q", &["A"]);
    Ok(match operation {
        "list_sessions" => encode(app.list_sessions().send().await?.value()),
        "list_session_participants" => encode(app.list_session_participants("s").send().await?.value()),
        "list_meetings" => encode(app.list_meetings().send().await?.value()),
        "get_active_session" => encode(app.get_active_session("m").send().await?.value()),
        "kick_participants" => encode(app.kick_participants("m", kick()).send().await?.value()),
        "kick_all_participants" => encode(app.kick_all_participants("m").send().await?.value()),
        "create_poll" => encode(app.create_poll("m", poll()).send().await?.value()),
        other => panic!("no call for the operation `{other}`: add it to this table"),
    })
}

#[tokio::test]
async fn every_documented_answer_of_every_operation_decodes_through_the_client() {
    let mut served = 0;
    for operation in &lowered_spec().operations {
        for response in &operation.responses {
            let StatusMatch::Code(status) = response.status else { continue };
            for example in &response.examples {
                let (server, client) = serve(status, &example.value).await;
                let label = format!("{} {status} `{}`", operation.method_name, example.name);
                match call(&client, operation.method_name.bare()).await {
                    Ok(decoded) if response.status.is_success() => {
                        assert!(same_json(&decoded, &example.value), "{label}: decoded {decoded:#}");
                    }
                    Err(Error::Api(error)) if !response.status.is_success() => {
                        assert_eq!(error.status().as_u16(), status, "{label}");
                        assert_eq!(error.body().as_ref(), serde_json::to_vec(&example.value).unwrap(), "{label}");
                    }
                    other => panic!("{label}: unexpected result {other:?}"),
                }
                assert_eq!(server.count(), 1, "{label}: the documented answer is final");
                served += 1;
            }
        }
    }
    assert!(served >= 9, "only {served} documented answers were served");
}

#[tokio::test]
async fn success_responses_expose_status_headers_and_the_raw_body() {
    let example = example_response("get_active_session", 200);
    // The exact bytes matter here, so the body is pretty-printed rather than compact.
    let raw = serde_json::to_string_pretty(&example).unwrap();
    let reply = Reply::text(200, "application/json; charset=utf-8", &raw)
        .header("cf-ray", "req-ok-1")
        .header("x-ratelimit-remaining", "41");
    let server = Server::replying(vec![reply]).await;
    let client = builder_for(&server.url()).build().unwrap();
    let response = client.get_active_session(ACCOUNT, APP, "m").send().await.unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.operation(), "get_active_session");
    assert_eq!(response.request_id(), Some("req-ok-1"));
    assert_eq!(response.headers()["x-ratelimit-remaining"], "41");
    assert_eq!(response.headers()["content-type"], "application/json; charset=utf-8");
    assert_eq!(response.body().as_ref(), raw.as_bytes());

    let (value, meta) = response.into_parts();
    assert_decoded_from(&value, &example);
    assert_eq!(meta.status(), StatusCode::OK);
    assert_eq!(meta.request_id(), Some("req-ok-1"));
    assert_eq!(meta.body().as_ref(), raw.as_bytes());
}

#[tokio::test]
async fn unknown_enum_values_and_unknown_fields_are_tolerated() {
    let mut sessions = example_response("list_sessions", 200);
    sessions["data"]["sessions"][0]["status"] = json!("PAUSED");
    sessions["data"]["sessions"][0]["type"] = json!("webinar");
    sessions["data"]["sessions"][0]["recording"] = json!({"enabled": true});
    sessions["data"]["cursor"] = json!("next-token");
    sessions["result_info"] = json!({"count": 1});
    let (_server, client) = serve(200, &sessions).await;
    let response = client.list_sessions(ACCOUNT, APP).send().await.unwrap();
    let session = &response.data.as_ref().unwrap().sessions.as_ref().unwrap()[0];
    assert_eq!(session.status, models::SessionStatus::Unknown("PAUSED".to_owned()));
    assert_eq!(session.r#type, models::SessionType::Unknown("webinar".to_owned()));
    assert_eq!(session.status.as_str(), "PAUSED");

    let mut meetings = example_response("list_meetings", 200);
    meetings["data"][0]["status"] = json!("ARCHIVED");
    meetings["data"][0]["region"] = json!("eu");
    meetings["paging"]["next"] = Value::Null;
    let (_server, client) = serve(200, &meetings).await;
    let response = client.list_meetings(ACCOUNT, APP).send().await.unwrap();
    assert_eq!(response.data[0].status, Some(models::MeetingStatus::Unknown("ARCHIVED".to_owned())));

    let mut poll = example_response("create_poll", 201);
    poll["data"]["poll"]["options"][0]["colour"] = json!("green");
    poll["data"]["poll"]["closes_at"] = json!("2030-01-01T00:00:00Z");
    let (_server, client) = serve(201, &poll).await;
    let body = poll_request("Q", &["A"]);
    let response = client.create_poll(ACCOUNT, APP, "m", body).send().await.unwrap();
    assert_eq!(response.data.as_ref().unwrap().poll.as_ref().unwrap().options[0].count, 0);
}
