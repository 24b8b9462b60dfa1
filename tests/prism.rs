//! Conformance against an independent implementation of the spec: the Prism mock server
//! (`tools/package.json`) validates every request the generated client sends, for every
//! operation with every optional parameter set, and answers with the spec's own examples, which
//! the client must decode.
//!
//! Prism answers a request that breaks the spec with an error status instead of a mock: 422 for a
//! bad parameter or body, 401 for missing bearer credentials. It runs with `--errors`, which also
//! turns a served example that breaks its own schema into a 500. Negative controls send invalid
//! requests with plain `reqwest` and require those error statuses, so this test cannot pass if
//! Prism stopped validating requests.
//!
//! Prism is installed by `cargo xtask test` (`npm ci --prefix tools`). When it is missing this
//! test fails and says so; it never skips.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cloudflare_realtimekit::{Client, Error, models};
use futures_util::StreamExt as _;
use realtimekit_tests::clients::{ACCOUNT, APP, TOKEN, kick_request, poll_request};
use realtimekit_tests::{example_response, example_responses, lowered_spec, project_root, same_json};
use serde::Serialize;
use serde_json::Value;

/// How long Prism may take to load the spec and start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

/// The per-attempt timeout of every request; generous, because the machine may be busy.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The meeting id used in paths.
const MEETING: &str = "6bf2b8be-04dd-4191-b602-1128921a306b";

/// The session id used in paths.
const SESSION: &str = "session-1";

/// A valid `date-time` for `start_time`.
const START_TIME: &str = "2024-01-01T00:00:00Z";

/// A valid `date-time` for `end_time`, with fractional seconds.
const END_TIME: &str = "2024-01-31T23:59:59.500Z";

/// The operations this file checks, by client method name; the test requires that this is
/// every operation of the spec, so a new operation cannot go unchecked.
const CHECKED_OPERATIONS: [&str; 7] = [
    "create_poll",
    "get_active_session",
    "kick_all_participants",
    "kick_participants",
    "list_meetings",
    "list_session_participants",
    "list_sessions",
];

/// A running Prism mock server, killed when dropped (also when a test panics).
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    /// The Prism executable that `npm ci --prefix tools` installs.
    fn executable() -> PathBuf {
        let name = if cfg!(windows) { "prism.cmd" } else { "prism" };
        project_root().join("tools").join("node_modules").join(".bin").join(name)
    }

    /// Starts Prism on a free loopback port, mocking `spec/openapi.yaml` with request validation
    /// errors switched on, and waits until it accepts connections.
    async fn start() -> Self {
        let executable = Self::executable();
        assert!(
            executable.exists(),
            "Prism is not installed: {} does not exist. Run `cargo xtask test`, which installs it \
             (`npm ci --prefix tools`) and then runs every test.",
            executable.display()
        );
        let port = free_port();
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
        let output = File::create(&log).unwrap();
        let child = Command::new(&executable)
            .args(["mock", "spec/openapi.yaml", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
            .current_dir(project_root())
            .stdin(Stdio::null())
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", executable.display()));
        let mut prism = Self { child, port, log };
        prism.wait_until_listening().await;
        prism
    }

    /// Polls the port until Prism accepts a connection, failing with its log if it exits first
    /// or takes longer than [`STARTUP_TIMEOUT`].
    async fn wait_until_listening(&mut self) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("Prism exited during startup ({status}); its output:\n{}", self.output());
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return;
            }
            assert!(
                started.elapsed() < STARTUP_TIMEOUT,
                "Prism did not listen within {STARTUP_TIMEOUT:?}; its output:\n{}",
                self.output()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Prism's base URL. Prism serves the spec's paths at the root: it ignores the path of the
    /// spec's server URL (`/client/v4`) and answers 404 under it.
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything Prism has logged so far.
    fn output(&self) -> String {
        std::fs::read_to_string(&self.log)
            .unwrap_or_else(|error| format!("(cannot read {}: {error})", self.log.display()))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism may already have exited; there is nothing useful to do with either error.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A generated client aimed at `prism`, with `extra_headers` sent on every request.
///
/// Retries are off, so an error answer from Prism is reported as it came.
fn client_for(prism: &Prism, extra_headers: &[(&str, &str)]) -> Client {
    let mut builder = Client::builder().token(TOKEN).base_url(prism.url()).max_retries(0).timeout(REQUEST_TIMEOUT);
    for (name, value) in extra_headers {
        builder = builder.default_header(name, value);
    }
    builder.build().unwrap()
}

/// The outcome of one check: `Err` holds a readable explanation.
type Checked = Result<(), String>;

/// Describes a client error, with Prism's whole answer (its validation report) when it answered.
fn describe(error: &Error) -> String {
    match error.api_error() {
        Some(api) => format!("{error}\nPrism answered: {}", String::from_utf8_lossy(api.body())),
        None => format!("{error}"),
    }
}

/// Checks that a call succeeded with `status` and decoded exactly `example`: the decoded value,
/// encoded again, equals the example Prism served.
fn check_answer<T: Serialize>(
    result: cloudflare_realtimekit::Result<cloudflare_realtimekit::Response<T>>,
    status: u16,
    example: &Value,
) -> Checked {
    let response = result.map_err(|error| describe(&error))?;
    if response.status().as_u16() != status {
        return Err(format!("answered {} instead of {status}", response.status()));
    }
    let decoded = serde_json::to_value(response.value()).map_err(|error| error.to_string())?;
    if !same_json(&decoded, example) {
        return Err(format!("decoded {decoded:#}\nbut the spec's example is {example:#}"));
    }
    Ok(())
}

/// `list_sessions` with every filter, once per pair of enum values, so that every value of
/// `sort_by`, `sort_order` and `status` is sent.
async fn list_sessions(client: &Client) -> Checked {
    let example = example_response("list_sessions", 200);
    let variants = [
        (models::SessionSortBy::CreatedAt, models::SortOrder::Asc, models::SessionStatus::Live),
        (models::SessionSortBy::MinutesConsumed, models::SortOrder::Desc, models::SessionStatus::Ended),
    ];
    for (sort_by, sort_order, status) in variants {
        let result = client
            .app(ACCOUNT, APP)
            .list_sessions()
            .associated_id(MEETING)
            .end_time(END_TIME)
            .page_no(1)
            .participants("any")
            .per_page(25)
            .sort_by(sort_by)
            .sort_order(sort_order)
            .start_time(START_TIME)
            .status(status)
            .send()
            .await;
        check_answer(result, 200, &example)?;
    }
    Ok(())
}

/// `list_session_participants` with every parameter, once per pair of enum values. With
/// `include_peer_events=true` Prism is asked (with `Prefer: example=...`) for the spec's example
/// that holds peer events, so their decoding is checked too.
async fn list_session_participants(prism: &Prism) -> Checked {
    let examples = example_responses("list_session_participants", 200);
    let with_peer_events = "participantsWithPeerEvents";
    let peer_example = examples
        .iter()
        .find(|(name, _)| name == with_peer_events)
        .map(|(_, value)| value.clone())
        .ok_or_else(|| format!("the spec has no `{with_peer_events}` example"))?;
    let prefer = format!("example={with_peer_events}");
    let runs = [
        (false, models::ParticipantSortBy::JoinedAt, models::SortOrder::Asc, models::ParticipantView::Raw, None),
        (
            true,
            models::ParticipantSortBy::Duration,
            models::SortOrder::Desc,
            models::ParticipantView::Consolidated,
            Some(prefer.as_str()),
        ),
    ];
    for (include_peer_events, sort_by, sort_order, view, prefer) in runs {
        let client = match prefer {
            Some(prefer) => client_for(prism, &[("prefer", prefer)]),
            None => client_for(prism, &[]),
        };
        let example = if prefer.is_some() { &peer_example } else { &examples[0].1 };
        let result = client
            .app(ACCOUNT, APP)
            .list_session_participants(SESSION)
            .include_peer_events(include_peer_events)
            .page_no(2)
            .per_page(50)
            .sort_by(sort_by)
            .sort_order(sort_order)
            .view(view)
            .send()
            .await;
        check_answer(result, 200, example)?;
    }
    Ok(())
}

/// `list_meetings` with every parameter, then a walk over its pages, whose page requests must be
/// valid too.
async fn list_meetings(client: &Client) -> Checked {
    let example = example_response("list_meetings", 200);
    let meetings = client.app(ACCOUNT, APP).list_meetings();
    let result = meetings.clone().end_time(END_TIME).page_no(1).per_page(10).start_time(START_TIME).send().await;
    check_answer(result, 200, &example)?;
    // Prism serves the same page for every page number, so the walk stops when it sees a page
    // repeated; `take` bounds it in case it did not.
    let pages: Vec<_> = meetings.per_page(1).pages().take(5).collect().await;
    if pages.is_empty() {
        return Err("walking the pages yielded no page".to_owned());
    }
    for page in pages {
        page.map_err(|error| format!("walking the pages: {}", describe(&error)))?;
    }
    Ok(())
}

/// `get_active_session`, and its documented 404 (asked for with `Prefer: code=404`), which must
/// become a not-found error carrying the example's code and message.
async fn get_active_session(prism: &Prism) -> Checked {
    let example = example_response("get_active_session", 200);
    let result = client_for(prism, &[]).app(ACCOUNT, APP).get_active_session(MEETING).send().await;
    check_answer(result, 200, &example)?;

    let not_found = example_response("get_active_session", 404);
    let result =
        client_for(prism, &[("prefer", "code=404")]).app(ACCOUNT, APP).get_active_session(MEETING).send().await;
    let error = match result {
        Ok(response) => return Err(format!("asked for the 404 example, got {}", response.status())),
        Err(error) => error,
    };
    let api = error.api_error().ok_or_else(|| format!("expected an API error, got {}", describe(&error)))?;
    let expected_message = not_found["error"]["message"].as_str();
    if !error.is_not_found() || api.code() != Some(404) || api.message() != expected_message {
        return Err(format!("the 404 example decoded as {}", describe(&error)));
    }
    Ok(())
}

/// `kick_participants` with both ID lists filled.
async fn kick_participants(client: &Client) -> Checked {
    let example = example_response("kick_participants", 200);
    let body = kick_request(&["83qi0i", "3uggr"], &["0a08343d-a9dc-45f0-9feb-6a64afcc4f81"]);
    let result = client.app(ACCOUNT, APP).kick_participants(MEETING, body).send().await;
    check_answer(result, 200, &example)
}

/// `kick_all_participants`, which has no body.
async fn kick_all_participants(client: &Client) -> Checked {
    let example = example_response("kick_all_participants", 200);
    let result = client.app(ACCOUNT, APP).kick_all_participants(MEETING).send().await;
    check_answer(result, 200, &example)
}

/// `create_poll` with every field of the body set.
async fn create_poll(client: &Client) -> Checked {
    let example = example_response("create_poll", 201);
    let mut body = poll_request("Ship it?", &["Yes", "No"]);
    body.anonymous = Some(true);
    body.hide_votes = Some(false);
    let result = client.app(ACCOUNT, APP).create_poll(MEETING, body).send().await;
    check_answer(result, 201, &example)
}

/// Sends a raw request and checks Prism's status, and that its report names `expected_in_body`.
async fn expect_rejection(request: reqwest::RequestBuilder, status: u16, expected_in_body: &str) -> Checked {
    let response = request.send().await.map_err(|error| error.to_string())?;
    let actual = response.status().as_u16();
    let body = response.text().await.map_err(|error| error.to_string())?;
    if actual != status || !body.contains(expected_in_body) {
        return Err(format!("expected {status} naming `{expected_in_body}`, got {actual}: {body}"));
    }
    Ok(())
}

/// Negative controls: invalid requests, sent without the generated client, must be rejected.
/// They prove that Prism validates requests and enforces the spec's bearer security.
async fn invalid_requests_are_rejected(prism: &Prism) -> Checked {
    let http = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build().map_err(|error| error.to_string())?;
    let base = format!("{}/accounts/{ACCOUNT}/realtime/kit/{APP}", prism.url());
    let bearer = format!("Bearer {TOKEN}");

    let bad_enum = http.get(format!("{base}/sessions?sort_order=SIDEWAYS")).header("authorization", &bearer);
    expect_rejection(bad_enum, 422, "sort_order").await.map_err(|why| format!("a bad `sort_order`: {why}"))?;

    let missing_array = http
        .post(format!("{base}/meetings/{MEETING}/active-session/kick"))
        .header("authorization", &bearer)
        .header("content-type", "application/json")
        .body(r#"{"participant_ids":["0a08343d"]}"#);
    expect_rejection(missing_array, 422, "custom_participant_ids")
        .await
        .map_err(|why| format!("a kick body without `custom_participant_ids`: {why}"))?;

    let anonymous = http.get(format!("{base}/sessions"));
    expect_rejection(anonymous, 401, "security").await.map_err(|why| format!("no Authorization header: {why}"))?;

    let under_base_path = http.get(format!("{}/client/v4/accounts/{ACCOUNT}/realtime/kit/{APP}/sessions", prism.url()));
    expect_rejection(under_base_path.header("authorization", &bearer), 404, "NO_PATH_MATCHED")
        .await
        .map_err(|why| format!("a path under the server's base path: {why}"))
}

/// Runs `check`, recording its failure under `name`.
async fn record(failures: &mut Vec<String>, name: &str, check: impl Future<Output = Checked>) {
    if let Err(why) = check.await {
        failures.push(format!("{name}: {why}"));
    }
}

/// One Prism serves every check; each failure is collected, so one broken operation does not
/// hide another.
#[tokio::test]
async fn every_operation_conforms_to_the_spec_as_prism_validates_it() {
    let mut in_spec: Vec<&str> = lowered_spec().operations.iter().map(|op| op.method_name.bare()).collect();
    in_spec.sort_unstable();
    assert_eq!(in_spec, CHECKED_OPERATIONS, "every operation of the spec must be checked against Prism");

    let prism = Prism::start().await;
    let client = client_for(&prism, &[]);
    let mut failures = Vec::new();
    record(&mut failures, "list_sessions", list_sessions(&client)).await;
    record(&mut failures, "list_session_participants", list_session_participants(&prism)).await;
    record(&mut failures, "list_meetings", list_meetings(&client)).await;
    record(&mut failures, "get_active_session", get_active_session(&prism)).await;
    record(&mut failures, "kick_participants", kick_participants(&client)).await;
    record(&mut failures, "kick_all_participants", kick_all_participants(&client)).await;
    record(&mut failures, "create_poll", create_poll(&client)).await;
    record(&mut failures, "negative controls", invalid_requests_are_rejected(&prism)).await;
    assert!(
        failures.is_empty(),
        "{} check(s) failed against Prism:\n\n{}\n\nPrism's log:\n{}",
        failures.len(),
        failures.join("\n\n"),
        prism.output()
    );
    // The log matters only when a check failed, and then the message above holds it.
    let _ = std::fs::remove_file(&prism.log);
}
