//! Runs every example binary against the typed mock (no token set) and checks what it prints.

use std::process::Command;

/// Runs an example binary with no token, so it uses the mock, and returns its standard output.
fn run(binary: &str, args: &[&str]) -> String {
    let output =
        Command::new(binary).args(args).env_remove("CLOUDFLARE_API_TOKEN").output().expect("the example binary starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{binary} failed: {}\n{stdout}\n{stderr}", output.status);
    stdout
}

#[test]
fn list_live_sessions_walks_every_page() {
    let stdout = run(env!("CARGO_BIN_EXE_list_live_sessions"), &[]);
    assert!(stdout.contains("session-1 Weekly sync (2 live participants)"), "{stdout}");
    assert!(stdout.contains("session-53 Weekly sync (1 live participants)"), "{stdout}");
    assert!(stdout.ends_with("53 live sessions\n"), "{stdout}");
}

#[test]
fn kick_by_custom_id_kicks_the_named_participant() {
    let stdout = run(env!("CARGO_BIN_EXE_kick_by_custom_id"), &["meeting-9", "customer-7"]);
    assert_eq!(stdout, "kicked Participant customer-7 (peer-7)\n1 participant(s) kicked\n");
}

#[test]
fn create_poll_prints_its_options() {
    let stdout = run(env!("CARGO_BIN_EXE_create_poll"), &["meeting-9", "Lunch?", "Pizza", "Salad"]);
    assert_eq!(stdout, "HTTP 201 Created\npoll poll-1: Lunch?\n- Pizza (0 votes)\n- Salad (0 votes)\n");
}

#[test]
fn watch_participants_prints_each_count() {
    let stdout = run(env!("CARGO_BIN_EXE_watch_participants"), &["meeting-9", "4"]);
    assert_eq!(
        stdout,
        "poll 1: 3 live participants\npoll 2: 5 live participants\npoll 3: 4 live participants\npoll 4: 3 live participants\n"
    );
}
