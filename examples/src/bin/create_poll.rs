//! Creates a poll in a meeting's active session and prints its options.
//!
//! `cargo run -p realtimekit-examples --bin create_poll -- MEETING_ID "Question?" "Option A" "Option B"`

use cloudflare_realtimekit::models::CreatePollRequest;
use realtimekit_examples::{Environment, argument, samples};

#[tokio::main]
async fn main() -> cloudflare_realtimekit::Result<()> {
    let meeting_id = argument(1, samples::MEETING_ID);
    let question = argument(2, "Ship it on Friday?");
    let mut options: Vec<String> = std::env::args().skip(3).collect();
    if options.is_empty() {
        options = vec!["Yes".to_owned(), "No".to_owned(), "Next week".to_owned()];
    }
    let env = Environment::from_env().await?;
    let poll = CreatePollRequest::builder().question(question.as_str()).options(options.clone()).build()?;
    if let Some(mock) = env.mock() {
        mock.expect(env.app().create_poll(&meeting_id, poll.clone()))
            .respond(&samples::created_poll(&question, &options)?)
            .await;
    }

    let response = env.app().create_poll(&meeting_id, poll).send().await?;
    println!("HTTP {}", response.status());
    if let Some(poll) = response.data.as_ref().and_then(|result| result.poll.as_ref()) {
        println!("poll {}: {}", poll.id, poll.question);
        for option in &poll.options {
            println!("- {} ({} votes)", option.text, option.count);
        }
    }
    env.finish().await;
    Ok(())
}
