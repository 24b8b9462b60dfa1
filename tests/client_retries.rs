//! The retry rules through the generated API, counting the requests the server saw: GETs are
//! retried on 408, 409, 429 and 5xx (twice by default, never with `max_retries(0)`), while the
//! POSTs (kick, kick all, poll) are re-sent only after a refused connection, a 429, or a 503
//! carrying `Retry-After`.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudflare_realtimekit::runtime::error::TransportErrorKind;
use cloudflare_realtimekit::{Client, Error};
use realtimekit_testkit::{Reply, Server, refused_port};
use realtimekit_tests::clients::{
    ACCOUNT, APP, POST_OPERATIONS, TOKEN, builder_for, client_for, posts_seen, send_post,
};
use realtimekit_tests::{example_response, success_example};

/// A client with the default retry policy, aimed at `server`.
fn default_client(server: &Server) -> Client {
    Client::builder().token(TOKEN).base_url(server.url()).build().unwrap()
}

/// A reply with `status` that asks for an immediate retry, so the default policy's backoff
/// never slows the tests down.
fn retry_now(status: u16) -> Reply {
    Reply::status(status).header("retry-after-ms", "0")
}

/// Sends `get_active_session`, the GET used throughout this file.
async fn get(client: &Client) -> Result<(), Error> {
    client.get_active_session(ACCOUNT, APP, "meeting-1").send().await.map(drop)
}

#[tokio::test]
async fn get_is_retried_twice_by_default_on_408_409_429_and_5xx() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = Server::replying(vec![retry_now(status)]).await;
        let error = get(&default_client(&server)).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.count(), 3, "{status}: the first attempt and the two default retries");

        let answer = Reply::json(200, &example_response("get_active_session", 200));
        let server = Server::replying(vec![retry_now(status), retry_now(status), answer]).await;
        get(&default_client(&server)).await.unwrap_or_else(|error| panic!("{status}: {error}"));
        assert_eq!(server.count(), 3, "{status}");
    }
}

#[tokio::test]
async fn get_is_not_retried_on_other_client_errors() {
    for status in [400, 401, 403, 404, 405, 410, 422] {
        let server = Server::replying(vec![retry_now(status)]).await;
        let error = get(&default_client(&server)).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.count(), 1, "{status} is final");
    }
}

#[tokio::test]
async fn max_retries_zero_disables_retries() {
    let server = Server::replying(vec![retry_now(503)]).await;
    let client = builder_for(&server.url()).max_retries(0).build().unwrap();
    get(&client).await.unwrap_err();
    assert_eq!(server.count(), 1);
    send_post(&client, "kick_participants").await.unwrap_err();
    assert_eq!(posts_seen(&server), 1, "not even a 503 with Retry-After is retried");

    let port = refused_port().await;
    let client = builder_for(&format!("http://127.0.0.1:{port}")).max_retries(0).build().unwrap();
    let error = get(&client).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert_eq!(transport.attempts(), 1);
}

#[tokio::test]
async fn post_is_never_resent_after_an_answer_that_may_have_acted() {
    for name in POST_OPERATIONS {
        for status in [408, 409, 500, 502, 503, 504] {
            let server = Server::replying(vec![Reply::status(status), retry_now(200)]).await;
            let error = send_post(&default_client(&server), name).await.unwrap_err();
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{name}");
            assert_eq!(posts_seen(&server), 1, "{name}: {status} without Retry-After is final");
        }
        // A retry header on a 500 does not make a POST safe to repeat either.
        let server = Server::replying(vec![retry_now(500)]).await;
        send_post(&default_client(&server), name).await.unwrap_err();
        assert_eq!(posts_seen(&server), 1, "{name}: 500 with a retry header");
    }
}

#[tokio::test]
async fn post_is_resent_after_429_or_503_with_retry_after() {
    for name in POST_OPERATIONS {
        for refusal in
            [retry_now(429), Reply::status(429), retry_now(503), Reply::status(503).header("retry-after", "0")]
        {
            let server = Server::replying(vec![refusal.clone()]).await;
            let error = send_post(&client_for(&server), name).await.unwrap_err();
            assert_eq!(posts_seen(&server), 3, "{name}: {refusal:?} did not act, so it is retried twice");
            assert!(error.status().is_some_and(|status| status == 429 || status == 503));

            let (status, body) = success_example(name);
            let server = Server::replying(vec![refusal.clone(), Reply::json(status, &body)]).await;
            send_post(&client_for(&server), name).await.unwrap();
            assert_eq!(posts_seen(&server), 2, "{name}: {refusal:?}");
        }
    }
}

#[tokio::test]
async fn post_is_retried_when_the_connection_is_refused() {
    let port = refused_port().await;
    for name in POST_OPERATIONS {
        let client = builder_for(&format!("http://127.0.0.1:{port}")).build().unwrap();
        let error = send_post(&client, name).await.unwrap_err();
        let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
        assert_eq!(transport.kind(), TransportErrorKind::Connect, "{name}");
        assert_eq!(transport.attempts(), 3, "{name}: nothing was sent, so every retry is used");
    }
}

/// Resolves every host name to a refused address the first time it is asked, and to a live
/// server from then on, so one call meets a refused connection and then a working one.
#[derive(Debug)]
struct RefuseFirst {
    refused: SocketAddr,
    live: SocketAddr,
    lookups: AtomicUsize,
}

impl reqwest::dns::Resolve for RefuseFirst {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let address = if self.lookups.fetch_add(1, Ordering::SeqCst) == 0 { self.refused } else { self.live };
        let addresses: reqwest::dns::Addrs = Box::new(std::iter::once(address));
        Box::pin(std::future::ready(Ok(addresses)))
    }
}

#[tokio::test]
async fn post_refused_before_sending_is_sent_once_when_the_server_comes_back() {
    for name in POST_OPERATIONS {
        let (status, body) = success_example(name);
        let server = Server::replying(vec![Reply::json(status, &body)]).await;
        let resolver = Arc::new(RefuseFirst {
            refused: SocketAddr::from(([127, 0, 0, 1], refused_port().await)),
            live: server.address(),
            lookups: AtomicUsize::new(0),
        });
        let http = reqwest::Client::builder()
            .dns_resolver(Arc::clone(&resolver))
            .no_proxy()
            .retry(reqwest::retry::never())
            .build()
            .unwrap();
        // The base URL names no port, so the resolver's ports are the ones dialled.
        let client = builder_for("http://realtimekit.test").http_client(http).build().unwrap();
        send_post(&client, name).await.unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(resolver.lookups.load(Ordering::SeqCst), 2, "{name}: one refused dial, one good one");
        assert_eq!(posts_seen(&server), 1, "{name}");
        assert_eq!(server.requests()[0].header("host"), Some("realtimekit.test"));
    }
}
