//! Reading response bodies: a body that arrives in many chunks is joined whole, in order.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use realtimekit_runtime::request::Request;
use realtimekit_testkit::{Reply, Server};
use serde::Deserialize;
use support::{LIST_ITEMS, transport};

#[derive(Debug, Deserialize)]
struct Page {
    items: Vec<String>,
}

#[tokio::test]
async fn a_body_of_many_chunks_is_joined_in_order() {
    // About 2 MiB: far more than one read of the connection, so it arrives in many chunks.
    let items: Vec<String> = (0..100_000).map(|index| format!("item-{index:08}")).collect();
    let body = serde_json::json!({ "items": items }).to_string();
    let server = Server::replying(vec![Reply::raw_json(200, &body)]).await;

    let response = transport(&server).execute::<Page>(Request::new(&LIST_ITEMS)).await.unwrap();

    assert_eq!(response.body().as_ref(), body.as_bytes());
    assert_eq!(response.items, items);
}
