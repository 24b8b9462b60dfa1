//! Watches the participant count of a meeting's active session, polling it a few times.
//!
//! `cargo run -p realtimekit-examples --bin watch_participants -- MEETING_ID [POLLS] [SECONDS_BETWEEN]`

use std::time::Duration;

use realtimekit_examples::{Environment, argument, samples};

#[tokio::main]
async fn main() -> cloudflare_realtimekit::Result<()> {
    let meeting_id = argument(1, samples::MEETING_ID);
    let polls: usize = argument(2, "3").parse().unwrap_or(3);
    let env = Environment::from_env().await?;
    let mut interval = Duration::from_secs(argument(3, "5").parse().unwrap_or(5));
    if let Some(mock) = env.mock() {
        interval = Duration::from_millis(10);
        // One answer per poll, in order, then no active session any more.
        for count in [3, 5, 4].into_iter().cycle().take(polls) {
            mock.expect(env.app().get_active_session(&meeting_id))
                .times(1)
                .respond(&samples::active_session(count)?)
                .await;
        }
    }

    for poll in 1..=polls {
        match env.app().get_active_session(&meeting_id).send().await {
            Ok(response) => {
                let count = response.data.as_ref().map_or(0, |session| session.live_participants);
                println!("poll {poll}: {count} live participants");
            }
            Err(error) if error.is_not_found() => println!("poll {poll}: no active session"),
            Err(error) => return Err(error),
        }
        if poll < polls {
            tokio::time::sleep(interval).await;
        }
    }
    env.finish().await;
    Ok(())
}
