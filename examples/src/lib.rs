//! What every example shares: a client for a real account when `CLOUDFLARE_API_TOKEN` is set, or for the crate's typed mock otherwise.
//!
//! Against a real account the examples also need `CLOUDFLARE_ACCOUNT_ID` and `REALTIMEKIT_APP_ID`.
//! Against the mock, each example states the calls it expects and what they answer, and
//! [`Environment::finish`] verifies that they were made.

use cloudflare_realtimekit::mock::MockServer;
use cloudflare_realtimekit::{AppClient, Client, Error, Result};

pub mod samples;

/// Where an example runs.
#[derive(Debug)]
pub struct Environment {
    app: AppClient,
    mock: Option<MockServer>,
}

impl Environment {
    /// A real account if `CLOUDFLARE_API_TOKEN` is set, the mock otherwise.
    pub async fn from_env() -> Result<Self> {
        if std::env::var_os("CLOUDFLARE_API_TOKEN").is_some() {
            let client = Client::from_env()?;
            let account = required_var("CLOUDFLARE_ACCOUNT_ID")?;
            let app = required_var("REALTIMEKIT_APP_ID")?;
            return Ok(Self { app: client.app(account, app), mock: None });
        }
        let mock = MockServer::start().await;
        let app = mock.client().app(samples::ACCOUNT_ID, samples::APP_ID);
        Ok(Self { app, mock: Some(mock) })
    }

    /// The client, scoped to the account and app.
    pub fn app(&self) -> &AppClient {
        &self.app
    }

    /// The mock server, when the example runs against it.
    pub fn mock(&self) -> Option<&MockServer> {
        self.mock.as_ref()
    }

    /// Verifies the mock's expectations, when running against it.
    pub async fn finish(self) {
        if let Some(mock) = &self.mock {
            mock.verify().await;
        }
    }
}

fn required_var(name: &'static str) -> Result<String> {
    std::env::var(name).map_err(|_| Error::config(format!("{name} must be set when CLOUDFLARE_API_TOKEN is")))
}

/// The first command-line argument, or `default`.
pub fn argument(position: usize, default: &str) -> String {
    std::env::args().nth(position).unwrap_or_else(|| default.to_owned())
}
