//! What the generated client refuses to send and what it never reveals: parameters are
//! validated before anything is sent, path values are percent-encoded as one segment, the
//! token never shows in `Debug` or `Display` output, and a redirect is followed only within the
//! origin of the request, so no header reaches another host.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use cloudflare_realtimekit::runtime::error::TransportErrorKind;
use cloudflare_realtimekit::{Client, Error, models};
use realtimekit_testkit::{Reply, Server, refused_port};
use realtimekit_tests::clients::{ACCOUNT, APP, TOKEN, builder_for, client_for, kick_request, poll_request};
use realtimekit_tests::example_response;

/// Sends every operation with these ids (the meeting or session id is `id`) and returns each
/// operation's name with its result.
async fn every_operation(
    client: &Client,
    account: &str,
    app: &str,
    id: &str,
) -> Vec<(&'static str, Result<(), Error>)> {
    let kick = kick_request(&[], &["p"]);
    let poll = poll_request("Q", &["A"]);
    vec![
        ("list_sessions", client.list_sessions(account, app).send().await.map(drop)),
        ("list_meetings", client.list_meetings(account, app).send().await.map(drop)),
        ("list_session_participants", client.list_session_participants(account, app, id).send().await.map(drop)),
        ("get_active_session", client.get_active_session(account, app, id).send().await.map(drop)),
        ("kick_participants", client.kick_participants(account, app, id, kick).send().await.map(drop)),
        ("kick_all_participants", client.kick_all_participants(account, app, id).send().await.map(drop)),
        ("create_poll", client.create_poll(account, app, id, poll).send().await.map(drop)),
    ]
}

/// Checks that `result` is an invalid-request error of `operation` naming `parameter`, and
/// returns its reason.
fn invalid_reason(operation: &str, result: Result<(), Error>, parameter: &str) -> String {
    match result {
        Err(Error::InvalidRequest(invalid)) => {
            assert_eq!((invalid.operation(), invalid.parameter()), (operation, parameter), "{invalid}");
            invalid.reason().to_owned()
        }
        other => panic!("{operation}: expected an invalid `{parameter}`, got {other:?}"),
    }
}

/// The id parameter of `operation` other than the account and app ids, if it has one.
fn id_parameter(operation: &str) -> Option<&'static str> {
    match operation {
        "list_sessions" | "list_meetings" => None,
        "list_session_participants" => Some("session_id"),
        _ => Some("meeting_id"),
    }
}

#[tokio::test]
async fn invalid_ids_are_rejected_before_anything_is_sent() {
    // Requests that do reach the server get the spec's answer for their path.
    let server = Server::start(|_, seen| {
        let operation = if seen.path().ends_with("/sessions") { "list_sessions" } else { "list_meetings" };
        Reply::json(200, &example_response(operation, 200))
    })
    .await;
    let client = client_for(&server);
    let too_long = format!("{ACCOUNT}x");

    for (operation, result) in every_operation(&client, &too_long, APP, "m").await {
        let reason = invalid_reason(operation, result, "account_id");
        assert_eq!(reason, "must be at most 32 characters long (got 33)");
    }
    for (operation, result) in every_operation(&client, "", APP, "m").await {
        assert_eq!(invalid_reason(operation, result, "account_id"), "must not be empty");
    }
    for (operation, result) in every_operation(&client, ACCOUNT, "", "m").await {
        invalid_reason(operation, result, "app_id");
    }
    assert_eq!(server.count(), 0, "no request with a bad account or app id was sent");

    for id in ["", ".", ".."] {
        for (operation, result) in every_operation(&client, ACCOUNT, APP, id).await {
            match id_parameter(operation) {
                Some(parameter) => drop(invalid_reason(operation, result, parameter)),
                // The operations without a meeting or session id are sent as usual.
                None => result.unwrap_or_else(|error| panic!("{operation}: {error}")),
            }
        }
    }
    let paths: Vec<String> = server.requests().iter().map(|seen| seen.path().to_owned()).collect();
    let expected: Vec<String> = ["/sessions", "/meetings"]
        .repeat(3)
        .iter()
        .map(|rest| format!("/accounts/{ACCOUNT}/realtime/kit/{APP}{rest}"))
        .collect();
    assert_eq!(paths, expected, "only the list operations without a bad id reached the server");
}

#[tokio::test]
async fn real_app_ids_and_long_meeting_ids_reach_the_server_in_every_operation() {
    let server = Server::start(|_, seen| {
        let path = seen.path();
        let operation = [
            ("/sessions", "list_sessions"),
            ("/meetings", "list_meetings"),
            ("/participants", "list_session_participants"),
            ("/active-session", "get_active_session"),
            ("/kick", "kick_participants"),
            ("/kick-all", "kick_all_participants"),
        ]
        .into_iter()
        .find_map(|(end, operation)| path.ends_with(end).then_some(operation));
        match operation {
            Some(operation) => Reply::json(200, &example_response(operation, 200)),
            None => Reply::json(201, &example_response("create_poll", 201)),
        }
    })
    .await;
    let client = client_for(&server);
    // Real app ids are UUIDs (36 characters), and meeting and session ids have no documented limit.
    let long_id = format!("{}-{}", "6bf2b8be-04dd-4191-b602-1128921a306b", "a".repeat(200));
    for (operation, result) in every_operation(&client, ACCOUNT, APP, &long_id).await {
        result.unwrap_or_else(|error| panic!("{operation} refused a valid request: {error}"));
    }
    let prefix = format!("/accounts/{ACCOUNT}/realtime/kit/{APP}");
    let paths: Vec<String> = server.requests().iter().map(|seen| seen.path().to_owned()).collect();
    let expected: Vec<String> = [
        "/sessions".to_owned(),
        "/meetings".to_owned(),
        format!("/sessions/{long_id}/participants"),
        format!("/meetings/{long_id}/active-session"),
        format!("/meetings/{long_id}/active-session/kick"),
        format!("/meetings/{long_id}/active-session/kick-all"),
        format!("/meetings/{long_id}/active-session/poll"),
    ]
    .iter()
    .map(|rest| format!("{prefix}{rest}"))
    .collect();
    assert_eq!(paths, expected, "every operation reached the server with the ids as given");
}

#[tokio::test]
async fn unknown_enum_values_are_sent_as_written() {
    // The service may accept values added after the spec; the client leaves that to the server.
    let server = Server::start(|_, seen| {
        let operation = if seen.path().ends_with("/sessions") { "list_sessions" } else { "list_session_participants" };
        Reply::json(200, &example_response(operation, 200))
    })
    .await;
    let client = client_for(&server);
    client.list_sessions(ACCOUNT, APP).status(models::SessionStatus::Unknown("PAUSED".into())).send().await.unwrap();
    client
        .list_session_participants(ACCOUNT, APP, "s")
        .view(models::ParticipantView::Unknown("flat".into()))
        .send()
        .await
        .unwrap();
    let queries: Vec<Option<String>> =
        server.requests().iter().map(|seen| seen.target.split_once('?').map(|(_, q)| q.to_owned())).collect();
    assert_eq!(queries, [Some("status=PAUSED".to_owned()), Some("view=flat".to_owned())]);
}

#[tokio::test]
async fn path_values_are_percent_encoded_as_one_segment() {
    let answer = Reply::json(200, &example_response("get_active_session", 200));
    let server = Server::replying(vec![answer]).await;
    let client = client_for(&server);
    let cases = [
        ("a/b?c#d e%f", "a%2Fb%3Fc%23d%20e%25f"),
        ("../admin", "..%2Fadmin"),
        ("...", "..."),
        ("réunion", "r%C3%A9union"),
        ("%2e%2e", "%252e%252e"),
    ];
    for (id, _) in cases {
        client.get_active_session("acc/1", APP, id).send().await.unwrap();
    }
    let seen = server.requests();
    assert_eq!(seen.len(), cases.len());
    for ((id, encoded), request) in cases.iter().zip(&seen) {
        let expected = format!("/accounts/acc%2F1/realtime/kit/{APP}/meetings/{encoded}/active-session");
        assert_eq!(request.target, expected, "meeting id {id:?}");
    }
}

/// Fails if `text` holds the token or its distinctive part.
fn assert_no_token(what: &str, text: &str) {
    assert!(!text.contains(TOKEN) && !text.contains("LEAKCHECK"), "the token leaked into {what}: {text}");
}

#[tokio::test]
async fn the_token_never_appears_in_debug_or_display_output() {
    let builder = builder_for("http://127.0.0.1:9").default_header("x-test-run", "security");
    assert_no_token("the builder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_token("the client", &format!("{client:?} {:?}", client.app(ACCOUNT, APP)));
    let kick = kick_request(&[], &[]);
    let poll = poll_request("Q", &[]);
    let requests = [
        format!("{:?}", client.list_sessions(ACCOUNT, APP).per_page(5)),
        format!("{:?}", client.list_meetings(ACCOUNT, APP)),
        format!("{:?}", client.list_session_participants(ACCOUNT, APP, "s")),
        format!("{:?}", client.get_active_session(ACCOUNT, APP, "m")),
        format!("{:?}", client.kick_participants(ACCOUNT, APP, "m", kick)),
        format!("{:?}", client.kick_all_participants(ACCOUNT, APP, "m")),
        format!("{:?}", client.create_poll(ACCOUNT, APP, "m", poll)),
    ];
    for request in &requests {
        assert_no_token("a request builder", request);
    }

    // One error of every kind, and a successful response.
    let mut errors = Vec::new();
    let server = Server::replying(vec![
        Reply::json(404, &example_response("get_active_session", 404)),
        Reply::text(200, "application/json", "{\"data\": 1}"),
        Reply::json(200, &example_response("get_active_session", 200)),
        Reply::status(200).after(Duration::from_secs(10)),
    ])
    .await;
    let client = builder_for(&server.url()).max_retries(0).timeout(Duration::from_millis(300)).build().unwrap();
    let get = || client.get_active_session(ACCOUNT, APP, "m").send();
    errors.push(get().await.unwrap_err());
    errors.push(get().await.unwrap_err());
    let response = get().await.unwrap();
    assert_no_token("a response", &format!("{response:?}"));
    errors.push(get().await.unwrap_err());
    errors.push(client.get_active_session(ACCOUNT, APP, "").send().await.unwrap_err());
    let refused = builder_for(&format!("http://127.0.0.1:{}", refused_port().await)).build().unwrap();
    errors.push(refused.list_meetings(ACCOUNT, APP).send().await.unwrap_err());
    errors.push(Client::builder().token(format!("{TOKEN} with a space")).build().unwrap_err());
    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Api(_) => "api",
            Error::Decode(_) => "decode",
            Error::Timeout(_) => "timeout",
            Error::InvalidRequest(_) => "invalid",
            Error::Transport(_) => "transport",
            Error::Config(_) => "config",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["api", "decode", "timeout", "invalid", "transport", "config"]);
    for error in &errors {
        assert_no_token("an error", &format!("{error:?} {error} {:?}", std::error::Error::source(error)));
    }
    // The server did receive the token, so the checks above are not vacuous.
    assert_eq!(server.requests()[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[tokio::test]
async fn redirects_are_followed_within_the_origin_only() {
    let answer = Reply::json(200, &example_response("get_active_session", 200));
    let other = Server::replying(vec![answer.clone()]).await;
    let other_port = other.port();
    // The origin redirects its first request within itself, its second to another port and its
    // third to another host name; it answers anything under `/moved` itself.
    let origin = Server::start(move |n, seen| {
        if seen.path().starts_with("/moved") {
            return answer.clone();
        }
        let location = match n {
            0 => "/moved".to_owned(),
            1 => format!("http://127.0.0.1:{other_port}/landed"),
            _ => format!("http://localhost:{other_port}/landed"),
        };
        Reply::status(307).header("location", &location)
    })
    .await;
    // A default header may carry a credential, such as Cloudflare's legacy API key.
    let client = builder_for(&origin.url()).default_header("x-auth-key", "legacy-secret").build().unwrap();

    let response = client.get_active_session(ACCOUNT, APP, "m").send().await.unwrap();
    assert_eq!(response.data.as_ref().unwrap().id, "id");
    for _ in 0..2 {
        let error = client.get_active_session(ACCOUNT, APP, "m").send().await.unwrap_err();
        let Error::Api(api) = &error else { panic!("expected the redirect as an API error, got {error:?}") };
        assert_eq!(api.status().as_u16(), 307);
    }

    let bearer = format!("Bearer {TOKEN}");
    let seen = origin.requests();
    assert_eq!(seen.len(), 4, "three calls and one redirect within the origin");
    assert_eq!(seen[1].target, "/moved");
    assert!(seen.iter().all(|request| request.header("authorization") == Some(bearer.as_str())));
    assert!(seen.iter().all(|request| request.header("x-auth-key") == Some("legacy-secret")));
    assert!(other.requests().is_empty(), "nothing reaches another port or host: {:?}", other.requests());
}

#[tokio::test]
async fn a_redirect_loop_ends_in_a_transport_error() {
    let server = Server::start(|_, _| Reply::status(302).header("location", "/again")).await;
    let error = client_for(&server).list_meetings(ACCOUNT, APP).send().await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    assert_eq!(transport.attempts(), 1, "a redirect loop is not retried");
    assert_eq!(server.count(), 11, "the first request and ten redirects");
}
