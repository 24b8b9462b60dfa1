//! Integer fields of the generated crate decode from whole-valued JSON floats, as JavaScript and
//! Python servers write them: a `list_meetings` page whose paging offsets and total are `30.0`
//! decodes, and `.items()` walks such pages to the end; a fractional total is a decode error
//! whose path names the field. Every page is built from the spec's own example response.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use cloudflare_realtimekit::{Error, models};
use futures_util::TryStreamExt as _;
use realtimekit_testkit::{Reply, Seen, Server};
use realtimekit_tests::clients::{ACCOUNT, APP, client_for};
use realtimekit_tests::example_response;
use serde_json::{Value, json};

/// A `list_meetings` page holding meetings with these ids, with `paging` as given.
fn meetings_page(ids: &[String], paging: Value) -> Value {
    let mut page = example_response("list_meetings", 200);
    let template = page.pointer("/data/0").expect("the example lists a meeting").clone();
    page["data"] = ids
        .iter()
        .map(|id| {
            let mut meeting = template.clone();
            meeting["id"] = json!(id);
            meeting
        })
        .collect();
    page["paging"] = paging;
    page
}

/// The page number a request asked for.
fn page_no(seen: &Seen) -> u64 {
    seen.query_value("page_no").expect("every page request names its page").parse().unwrap()
}

#[tokio::test]
async fn a_page_with_whole_float_paging_decodes() {
    let ids: Vec<String> = (1..=3).map(|n| format!("m-{n}")).collect();
    let page = meetings_page(&ids, json!({"start_offset": 1.0, "end_offset": 30.0, "total_count": 30.0}));
    // The server really sends floats: the encoder keeps the `.0`.
    assert!(serde_json::to_string(&page).unwrap().contains(r#""total_count":30.0"#));
    let server = Server::replying(vec![Reply::json(200, &page)]).await;
    let response = client_for(&server).list_meetings(ACCOUNT, APP).send().await.unwrap();
    assert_eq!((response.paging.start_offset, response.paging.end_offset, response.paging.total_count), (1, 30, 30));
    assert_eq!(response.data.len(), 3);
    // Encoding writes them back as integers.
    let encoded = serde_json::to_value(&response.paging).unwrap();
    assert_eq!(encoded, json!({"end_offset": 30, "start_offset": 1, "total_count": 30}));
    assert!(encoded["total_count"].is_u64());
}

#[tokio::test]
async fn items_walk_pages_whose_paging_is_whole_floats_to_the_end() {
    // Two meetings a page, five in all; every paging number is a float, written as `n.0`.
    let server = Server::start(|_, seen| {
        let page = page_no(seen);
        let first = (page - 1) * 2 + 1;
        let last = (page * 2).min(5);
        let ids: Vec<String> = (first..=last).map(|n| format!("m-{n}")).collect();
        let paging = json!({"start_offset": first as f64, "end_offset": last as f64, "total_count": 5.0});
        Reply::json(200, &meetings_page(&ids, paging))
    })
    .await;
    let meetings: Vec<models::Meeting> =
        client_for(&server).list_meetings(ACCOUNT, APP).per_page(2).items().try_collect().await.unwrap();
    let ids: Vec<&str> = meetings.iter().map(|meeting| meeting.id.as_str()).collect();
    assert_eq!(ids, ["m-1", "m-2", "m-3", "m-4", "m-5"]);
    let pages: Vec<u64> = server.requests().iter().map(page_no).collect();
    assert_eq!(pages, [1, 2, 3], "the walk stops where the end offset reaches the total");
}

#[tokio::test]
async fn a_fractional_total_is_a_decode_error_that_names_the_field() {
    let ids = vec!["m-1".to_owned()];
    let page = meetings_page(&ids, json!({"start_offset": 1.0, "end_offset": 1.0, "total_count": 30.5}));
    let server = Server::replying(vec![Reply::json(200, &page), Reply::json(200, &page)]).await;
    let client = client_for(&server);

    let error = client.list_meetings(ACCOUNT, APP).send().await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "paging.total_count");
    assert!(decode.message().contains("30.5") && decode.message().contains("whole number"), "{}", decode.message());

    // The walk ends with the same error instead of yielding anything.
    let walked: Result<Vec<models::Meeting>, Error> = client.list_meetings(ACCOUNT, APP).items().try_collect().await;
    let error = walked.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "paging.total_count");
}

#[tokio::test]
async fn an_out_of_range_offset_is_a_decode_error_that_names_the_field() {
    let ids = vec!["m-1".to_owned()];
    let page = meetings_page(&ids, json!({"start_offset": 1e30, "end_offset": 1.0, "total_count": 1.0}));
    let server = Server::replying(vec![Reply::json(200, &page)]).await;
    let error = client_for(&server).list_meetings(ACCOUNT, APP).send().await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "paging.start_offset");
    assert!(decode.message().contains("within the range of"), "{}", decode.message());
}
