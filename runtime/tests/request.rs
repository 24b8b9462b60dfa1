//! Request building: path and query encoding, validation, JSON bodies.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::borrow::Cow;
use std::collections::HashMap;

use realtimekit_runtime::error::Error;
use realtimekit_runtime::operation::{Method, Operation, RetrySafety};
use realtimekit_runtime::request::{Constraints, QueryValue, Request};
use realtimekit_testkit::{Reply, Server};
use support::{CREATE_ITEM, GET_ITEM, LIST_ITEMS, transport};

static TWO_PARAMS: Operation = Operation {
    name: "get_member",
    method: Method::Get,
    path: "/groups/{group_id}/members/{member_id}/profile",
    retry: RetrySafety::Idempotent,
};

async fn ok_server() -> Server {
    Server::replying(vec![Reply::raw_json(200, "{}")]).await
}

fn invalid(error: Error) -> (String, String) {
    match error {
        Error::InvalidRequest(e) => (e.parameter().to_owned(), e.reason().to_owned()),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

async fn path_for(value: &str) -> String {
    let server = ok_server().await;
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", value, &Constraints::NONE);
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    server.requests()[0].target.clone()
}

#[tokio::test]
async fn path_values_are_encoded_as_one_segment() {
    let cases = [
        ("abc-1.2_3~", "/items/abc-1.2_3~"),
        ("a/b", "/items/a%2Fb"),
        ("100%", "/items/100%25"),
        ("a b", "/items/a%20b"),
        ("?#", "/items/%3F%23"),
        ("é✓", "/items/%C3%A9%E2%9C%93"),
        ("...", "/items/..."),
        ("a+b&c=d;e", "/items/a%2Bb%26c%3Dd%3Be"),
    ];
    for (value, expected) in cases {
        assert_eq!(path_for(value).await, expected, "value {value:?}");
    }
}

#[tokio::test]
async fn several_path_params_fill_the_template() {
    let server = ok_server().await;
    let mut request = Request::new(&TWO_PARAMS);
    request.path_param("member_id", "m 2", &Constraints::NONE);
    request.path_param("group_id", "g/1", &Constraints::NONE);
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(server.requests()[0].target, "/groups/g%2F1/members/m%202/profile");
}

#[tokio::test]
async fn invalid_path_values_are_rejected_without_sending() {
    let server = ok_server().await;
    let transport = transport(&server);
    let length = Constraints { min_length: Some(2), max_length: Some(4), ..Constraints::NONE };
    let cases: [(&str, &Constraints, &str); 5] = [
        ("", &Constraints::NONE, "must not be empty"),
        (".", &Constraints::NONE, "must not be `.` or `..`"),
        ("..", &Constraints::NONE, "must not be `.` or `..`"),
        ("é", &length, "must be at least 2 characters long (got 1)"),
        ("ééééé", &length, "must be at most 4 characters long (got 5)"),
    ];
    for (value, rules, reason) in cases {
        let mut request = Request::new(&GET_ITEM);
        request.path_param("item_id", value, rules);
        let error = transport.execute::<serde_json::Value>(request).await.unwrap_err();
        assert!(error.to_string().starts_with("get_item: invalid request: `item_id`"));
        assert_eq!(invalid(error), ("item_id".to_owned(), reason.to_owned()));
    }
    // Unicode characters are counted, not bytes: four 2-byte characters fit.
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "éééé", &length);
    assert_eq!(server.count(), 0);
    transport.execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn missing_or_unknown_path_params_are_invalid() {
    let server = ok_server().await;
    let transport = transport(&server);

    let mut request = Request::new(&TWO_PARAMS);
    request.path_param("group_id", "g", &Constraints::NONE);
    let (parameter, reason) = invalid(transport.execute::<serde_json::Value>(request).await.unwrap_err());
    assert_eq!(parameter, "member_id");
    assert!(reason.contains("no value was supplied"), "{reason}");

    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "x", &Constraints::NONE);
    request.path_param("other", "y", &Constraints::NONE);
    let (parameter, reason) = invalid(transport.execute::<serde_json::Value>(request).await.unwrap_err());
    assert_eq!(parameter, "other");
    assert!(reason.contains("not a placeholder"), "{reason}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn query_parameters_are_encoded_in_order() {
    let server = ok_server().await;
    let mut request = Request::new(&LIST_ITEMS);
    request.query_param("q", Some("a b&c=d/é?#%+"), &Constraints::NONE);
    request.query_param::<str>("skipped", None, &Constraints::NONE);
    request.query_param("flag", Some(&true), &Constraints::NONE);
    request.query_param("page", Some(&2u32), &Constraints::NONE);
    request.query_param("offset", Some(&-5i64), &Constraints::NONE);
    request.query_param("ratio", Some(&0.5f64), &Constraints::NONE);
    request.query_param("name", Some(&String::from("x_y")), &Constraints::NONE);
    request.query_param_list("tag", Some(&["red".to_owned(), "big blue".to_owned()][..]), &Constraints::NONE);
    request.query_param_list::<u32>("none", None, &Constraints::NONE);
    request.query_param_list::<u32>("empty", Some(&[]), &Constraints::NONE);
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(
        server.requests()[0].target,
        "/items?q=a%20b%26c%3Dd%2F%C3%A9%3F%23%25%2B&flag=true&page=2&offset=-5&ratio=0.5\
         &name=x_y&tag=red&tag=big%20blue"
    );
}

/// An open enum as generated code would write it.
enum Status {
    Active,
    Unknown(String),
}

impl QueryValue for Status {
    fn query_text(&self) -> Cow<'_, str> {
        match self {
            Self::Active => Cow::Borrowed("ACTIVE"),
            Self::Unknown(text) => Cow::Borrowed(text),
        }
    }
}

#[tokio::test]
async fn an_unknown_enum_value_is_sent_as_written() {
    // The service may know values added after the spec, so the client does not refuse them.
    let server = ok_server().await;
    let mut request = Request::new(&LIST_ITEMS);
    request.query_param("status", Some(&Status::Unknown("PAUSED".into())), &Constraints::NONE);
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(server.requests()[0].target, "/items?status=PAUSED");
}

#[tokio::test]
async fn query_validation_rejects_without_sending() {
    let server = ok_server().await;
    let transport = transport(&server);
    let range = Constraints { minimum: Some(1.0), maximum: Some(100.0), ..Constraints::NONE };
    let exclusive = Constraints {
        minimum: Some(0.0),
        maximum: Some(1.0),
        exclusive_minimum: true,
        exclusive_maximum: true,
        ..Constraints::NONE
    };
    let length = Constraints { max_length: Some(3), ..Constraints::NONE };

    let cases: Vec<(Request, &str, &str)> = vec![
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("per_page", Some(&0u32), &range);
                r
            },
            "per_page",
            "must be at least 1 (got 0)",
        ),
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("per_page", Some(&101i32), &range);
                r
            },
            "per_page",
            "must be at most 100 (got 101)",
        ),
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("ratio", Some(&0.0f64), &exclusive);
                r
            },
            "ratio",
            "must be greater than 0 (got 0)",
        ),
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("ratio", Some(&1.0f32), &exclusive);
                r
            },
            "ratio",
            "must be less than 1 (got 1)",
        ),
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("ratio", Some(&f64::NAN), &Constraints::NONE);
                r
            },
            "ratio",
            "must be a finite number",
        ),
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("q", Some("abcd"), &length);
                r
            },
            "q",
            "must be at most 3 characters long (got 4)",
        ),
        (
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param_list("tag", Some(&["ok", "toolong"][..]), &length);
                r
            },
            "tag",
            "must be at most 3 characters long (got 7)",
        ),
        (
            // Only the first violation is reported.
            {
                let mut r = Request::new(&LIST_ITEMS);
                r.query_param("first", Some(&0u64), &range);
                r.query_param("second", Some("abcd"), &length);
                r
            },
            "first",
            "must be at least 1 (got 0)",
        ),
    ];
    for (request, parameter, reason) in cases {
        let error = transport.execute::<serde_json::Value>(request).await.unwrap_err();
        assert!(!error.is_retryable());
        assert_eq!(invalid(error), (parameter.to_owned(), reason.to_owned()));
    }
    assert_eq!(server.count(), 0);

    // Values inside the bounds pass.
    let mut request = Request::new(&LIST_ITEMS);
    request.query_param("per_page", Some(&100u64), &range);
    request.query_param("ratio", Some(&0.5f64), &exclusive);
    request.query_param("status", Some(&Status::Active), &Constraints::NONE);
    transport.execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(server.requests()[0].target, "/items?per_page=100&ratio=0.5&status=ACTIVE");
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = Server::replying(vec![Reply::raw_json(201, r#"{"id":"new"}"#)]).await;
    let transport = transport(&server);
    let mut request = Request::new(&CREATE_ITEM);
    request.json_body(&serde_json::json!({"name": "x", "size": 3}));
    assert!(request.body().is_some());
    let response = transport.execute::<serde_json::Value>(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response["id"], "new");

    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen.body).unwrap(),
        serde_json::json!({"name": "x", "size": 3})
    );

    // Without a body there is no content type.
    let mut request = Request::new(&GET_ITEM);
    request.path_param("item_id", "1", &Constraints::NONE);
    transport.execute::<serde_json::Value>(request).await.unwrap();
    let seen = &server.requests()[1];
    assert_eq!(seen.header("content-type"), None);
    assert!(seen.body.is_empty());
}

#[tokio::test]
async fn unserializable_body_is_invalid_without_sending() {
    let server = ok_server().await;
    let mut body = HashMap::new();
    body.insert((1, 2), "tuple keys are not JSON object keys");
    let mut request = Request::new(&CREATE_ITEM);
    request.json_body(&body);
    let error = transport(&server).execute::<serde_json::Value>(request).await.unwrap_err();
    let (parameter, reason) = invalid(error);
    assert_eq!(parameter, "body");
    assert!(reason.starts_with("could not be serialized as JSON"), "{reason}");
    assert_eq!(server.count(), 0);
}
