//! Lists every live session of an app, walking all pages lazily.
//!
//! `cargo run -p realtimekit-examples --bin list_live_sessions`

use cloudflare_realtimekit::models::SessionStatus;
use futures_util::StreamExt;
use realtimekit_examples::{Environment, samples};

const PER_PAGE: u64 = 50;

#[tokio::main]
async fn main() -> cloudflare_realtimekit::Result<()> {
    let env = Environment::from_env().await?;
    if let Some(mock) = env.mock() {
        // Two pages: a full one, then a short one that ends the stream.
        let first =
            (1..=PER_PAGE).map(|n| samples::live_session(&format!("session-{n}"), 2)).collect::<Result<_, _>>()?;
        let last = (PER_PAGE + 1..=PER_PAGE + 3)
            .map(|n| samples::live_session(&format!("session-{n}"), 1))
            .collect::<Result<_, _>>()?;
        let request = || env.app().list_sessions().status(SessionStatus::Live).per_page(PER_PAGE);
        mock.expect(request().page_no(1)).respond(&samples::sessions_page(first)).await;
        mock.expect(request().page_no(2)).respond(&samples::sessions_page(last)).await;
    }

    let mut sessions = std::pin::pin!(env.app().list_sessions().status(SessionStatus::Live).per_page(PER_PAGE).items());
    let mut count = 0;
    while let Some(session) = sessions.next().await {
        let session = session?;
        count += 1;
        println!("{} {} ({} live participants)", session.id, session.meeting_display_name, session.live_participants);
    }
    println!("{count} live sessions");
    env.finish().await;
    Ok(())
}
