//! Parameter styles, header and cookie parameters, non-JSON bodies and decoders, checked on
//! the wire against the loopback server.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use bytes::Bytes;
use realtimekit_runtime::body::Multipart;
use realtimekit_runtime::decode::{self, BodyError, FromStatus};
use realtimekit_runtime::error::Error;
use realtimekit_runtime::request::{Constraints, Request, Style};
use realtimekit_testkit::{Reply, Seen, Server};
use reqwest::StatusCode;
use support::{CREATE_ITEM, GET_ITEM, LIST_ITEMS, transport};

/// Sends `request` to a server that answers `{}` and returns what it received.
async fn sent(request: Request) -> Seen {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    server.requests().remove(0)
}

fn invalid(error: Error) -> (String, String) {
    match error {
        Error::InvalidRequest(e) => (e.parameter().to_owned(), e.reason().to_owned()),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn arrays_follow_their_style() {
    let mut request = Request::new(&LIST_ITEMS);
    let tags = ["a b".to_owned(), "c".to_owned()];
    request.query_param_list("exploded", Some(&tags[..]), &Constraints::NONE);
    request.query_param_joined("form", Some(&[1u32, 2, 3][..]), Style::Form, &Constraints::NONE);
    request.query_param_joined("space", Some(&tags[..]), Style::SpaceDelimited, &Constraints::NONE);
    request.query_param_joined("pipe", Some(&tags[..]), Style::PipeDelimited, &Constraints::NONE);
    request.query_param_joined::<u32>("none", None, Style::Form, &Constraints::NONE);
    let target = sent(request).await.target;
    assert_eq!(target, "/items?exploded=a%20b&exploded=c&form=1,2,3&space=a%20b%20c&pipe=a%20b|c");
}

#[tokio::test]
async fn objects_follow_their_style() {
    let filter = serde_json::json!({ "color": "red", "size": 2, "gone": null });
    let mut request = Request::new(&LIST_ITEMS);
    request.query_param_styled("filter", Some(&filter), Style::DeepObject);
    request.query_param_styled("flat", Some(&filter), Style::FormExploded);
    request.query_param_styled("joined", Some(&filter), Style::Form);
    request.query_param_styled::<serde_json::Value>("absent", None, Style::Form);
    let target = sent(request).await.target;
    assert_eq!(target, "/items?filter%5Bcolor%5D=red&filter%5Bsize%5D=2&color=red&size=2&joined=color,red,size,2");
}

#[tokio::test]
async fn path_lists_are_joined_by_commas() {
    let mut request = Request::new(&GET_ITEM);
    request.path_param_list("item_id", &[3u64, 4], &Constraints::NONE);
    assert_eq!(sent(request).await.target, "/items/3,4");
}

#[tokio::test]
async fn numeric_path_values_are_checked_and_written() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", &0u32, &Constraints::NONE.minimum(1.0));
    let error = transport(&server).execute::<serde_json::Value>(request).await.unwrap_err();
    assert_eq!(invalid(error), ("item_id".to_owned(), "must be at least 1 (got 0)".to_owned()));
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn header_and_cookie_parameters_are_sent() {
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "1", &Constraints::NONE);
    request.header_param("X-Trace-Id", Some("abc"), &Constraints::NONE);
    request.header_param_list("X-Tags", Some(&["a".to_owned(), "b".to_owned()][..]), &Constraints::NONE);
    request.header_param::<str>("X-Absent", None, &Constraints::NONE);
    request.cookie_param("session", Some("s; 1"), &Constraints::NONE);
    request.cookie_param("theme", Some(&7u32), &Constraints::NONE);
    let recorded = sent(request).await;
    assert_eq!(recorded.header("x-trace-id"), Some("abc"));
    assert_eq!(recorded.header("x-tags"), Some("a,b"));
    assert_eq!(recorded.header("x-absent"), None);
    assert_eq!(recorded.header("cookie"), Some("session=s%3B%201; theme=7"));
}

#[tokio::test]
async fn a_header_parameter_replaces_a_default_header() {
    let mut request = Request::new(&LIST_ITEMS);
    request.header_param("user-agent", Some("per-call/2"), &Constraints::NONE);
    let recorded = sent(request).await;
    let agents: Vec<_> = recorded.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("user-agent")).collect();
    assert_eq!(agents.len(), 1, "{agents:?}");
    assert_eq!(recorded.header("user-agent"), Some("per-call/2"));
}

#[tokio::test]
async fn bad_header_parameters_are_rejected_without_sending() {
    let cases: [(&'static str, &str, &str); 3] = [
        ("X-Note", "line\nbreak", "must be visible ASCII text to be sent as a header"),
        ("bad header", "x", "is not a valid HTTP header name"),
        ("Authorization", "Bearer other", "is a header the client sets itself"),
    ];
    for (name, value, reason) in cases {
        let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
        let mut request = Request::new(&LIST_ITEMS);
        request.header_param(name, Some(value), &Constraints::NONE);
        let error = transport(&server).execute::<serde_json::Value>(request).await.unwrap_err();
        assert_eq!(invalid(error), (name.to_owned(), reason.to_owned()));
        assert_eq!(server.count(), 0);
    }
}

/// Properties come in JSON object order, which is sorted by key or, with serde_json's
/// `preserve_order`, the order of insertion; items of an array keep their order either way.
#[tokio::test]
async fn form_bodies_are_url_encoded() {
    let mut request = Request::new(&CREATE_ITEM);
    let body = serde_json::json!({ "name": "a b&c", "tags": ["x", "y"], "meta": { "k": 1 }, "skip": null });
    request.form_body(&body);
    let recorded = sent(request).await;
    assert_eq!(recorded.header("content-type"), Some("application/x-www-form-urlencoded"));
    let body = String::from_utf8(recorded.body).unwrap();
    let mut pairs: Vec<&str> = body.split('&').collect();
    // A stable sort by key keeps the order of an array's items.
    pairs.sort_by_key(|pair| pair.split('=').next().unwrap_or_default().to_owned());
    assert_eq!(pairs, ["meta%5Bk%5D=1", "name=a%20b%26c", "tags=x", "tags=y"]);
}

#[tokio::test]
async fn a_form_body_must_be_an_object() {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let mut request = Request::new(&CREATE_ITEM);
    request.form_body(&[1, 2]);
    let error = transport(&server).execute::<serde_json::Value>(request).await.unwrap_err();
    assert_eq!(invalid(error).1, "must be an object to be sent as a form");
}

#[tokio::test]
async fn multipart_bodies_hold_text_json_and_file_parts() {
    let mut form = Multipart::new();
    form.field("title", "Quarterly report");
    form.field("pages", &3);
    form.field("meta", &serde_json::json!({ "draft": true }));
    form.field("missing", &None::<String>);
    form.file("file", Some(&Bytes::from_static(b"\x00\x01binary")));
    form.file("absent", None);
    let mut request = Request::new(&CREATE_ITEM);
    request.multipart_body(form);
    let recorded = sent(request).await;
    let content_type = recorded.header("content-type").unwrap().to_owned();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    let body = String::from_utf8_lossy(&recorded.body).into_owned();
    let parts: Vec<&str> = body.split(&format!("--{boundary}")).collect();
    assert_eq!(parts.len(), 6, "{body}");
    assert_eq!(parts[0], "");
    assert_eq!(parts[5], "--\r\n");
    assert!(parts[1].contains("name=\"title\"") && parts[1].ends_with("\r\n\r\nQuarterly report\r\n"), "{}", parts[1]);
    assert!(parts[2].contains("name=\"pages\"") && parts[2].ends_with("\r\n\r\n3\r\n"));
    assert!(parts[3].contains("content-type: application/json") && parts[3].ends_with("{\"draft\":true}\r\n"));
    assert!(parts[4].contains("filename=\"file\"") && parts[4].contains("application/octet-stream"));
    assert!(recorded.body.windows(8).any(|w| w == b"\x00\x01binary"));
}

#[tokio::test]
async fn raw_bodies_keep_their_media_type_and_accept_can_change() {
    let mut request = Request::new(&CREATE_ITEM);
    request.raw_body(Bytes::from_static(b"\xffraw"), "application/octet-stream");
    request.accept("text/plain");
    let recorded = sent(request).await;
    assert_eq!(recorded.header("content-type"), Some("application/octet-stream"));
    assert_eq!(recorded.header("accept"), Some("text/plain"));
    assert_eq!(recorded.body, b"\xffraw");

    let mut request = Request::new(&CREATE_ITEM);
    request.json_body(&serde_json::json!({ "op": "replace" }));
    request.content_type("application/merge-patch+json");
    assert_eq!(sent(request).await.header("content-type"), Some("application/merge-patch+json"));
}

#[tokio::test]
async fn text_binary_and_empty_answers_have_their_decoders() {
    let server = Server::replying(vec![
        Reply::text(200, "text/plain", "héllo"),
        Reply::text(200, "application/octet-stream", "\u{1}raw"),
        Reply::status(204),
        Reply::text(200, "text/plain", "ignored body"),
    ])
    .await;
    let transport = transport(&server);
    let get = || {
        let mut request = Request::new(&GET_ITEM);
        request.path_param("item_id", "1", &Constraints::NONE);
        request
    };
    let text = transport.execute_with(get(), decode::text).await.unwrap();
    assert_eq!(text.value(), "héllo");
    let binary = transport.execute_with(get(), decode::binary).await.unwrap();
    assert_eq!(binary.value().as_ref(), b"\x01raw");
    transport.execute_with(get(), decode::empty).await.unwrap();
    transport.execute_with(get(), decode::empty).await.unwrap();
}

/// An answer enum as generated code writes it for an operation with two documented answers.
#[derive(Debug, PartialEq)]
enum Created {
    Created(serde_json::Value),
    Accepted(String),
}

impl FromStatus for Created {
    fn from_status(status: StatusCode, body: &Bytes) -> Result<Self, BodyError> {
        match status.as_u16() {
            201 => decode::json(status, body).map(Self::Created),
            202 => decode::text(status, body).map(Self::Accepted),
            _ => Err(BodyError::undocumented(status)),
        }
    }

    fn status(&self) -> u16 {
        match self {
            Self::Created(_) => 201,
            Self::Accepted(_) => 202,
        }
    }
}

#[tokio::test]
async fn answers_are_decoded_by_status() {
    let server =
        Server::replying(vec![Reply::raw_json(201, r#"{"id": 1}"#), Reply::body(202, "queued"), Reply::body(200, "?")])
            .await;
    let transport = transport(&server);
    let first = transport.execute_with(Request::new(&CREATE_ITEM), Created::from_status).await.unwrap();
    assert_eq!(first.value(), &Created::Created(serde_json::json!({ "id": 1 })));
    assert_eq!(first.value().status(), 201);
    let second = transport.execute_with(Request::new(&CREATE_ITEM), Created::from_status).await.unwrap();
    assert_eq!(second.into_inner(), Created::Accepted("queued".to_owned()));
    let error = transport.execute_with(Request::new(&CREATE_ITEM), Created::from_status).await.unwrap_err();
    let Error::Decode(decode) = error else { panic!("expected a decode error, got {error:?}") };
    assert!(decode.message().contains("not documented"), "{decode}");
}

#[tokio::test]
async fn error_bodies_decode_into_documented_types() {
    let server = Server::replying(vec![Reply::raw_json(404, r#"{"reason": "gone"}"#)]).await;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "1", &Constraints::NONE);
    let error = transport(&server).execute::<serde_json::Value>(request).await.unwrap_err();
    let api = error.api_error().unwrap();
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Gone {
        reason: String,
    }
    assert_eq!(api.json::<Gone>().unwrap(), Gone { reason: "gone".to_owned() });
    let mismatch = api.json::<Vec<u8>>().unwrap_err();
    assert_eq!(mismatch.status(), 404);
    let by_status = api.decode::<Created>().unwrap_err();
    assert!(by_status.message().contains("not documented"));
}
