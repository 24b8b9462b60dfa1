//! Every row of the OpenAPI 3.0 style table ("Style Examples"), checked on the wire against the
//! loopback server: the string `blue`, the array `[blue, black, brown]` and the object
//! `{R: 100, G: 200, B: 150}` named `color`, in each style, exploded or not, in the path, the
//! query, a header and a cookie. Then what keeps values inside their segment, header or cookie.
//!
//! Where 3.0.3's table has typos that 3.0.4 fixed, the fixed row is checked: `label` without
//! `explode` joins with commas (`.blue,black,brown`, RFC 6570 section 3.2.5), and
//! `spaceDelimited`/`pipeDelimited` keep the `color=` name. `deepObject` brackets are
//! percent-encoded, as RFC 3986 requires in a query.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;

use realtimekit_runtime::error::Error;
use realtimekit_runtime::operation::{Method, Operation, RetrySafety};
use realtimekit_runtime::request::{Constraints, Request, Style};
use realtimekit_testkit::{Reply, Seen, Server};
use serde::Serialize;
use support::transport;

/// `GET /colors/{color}`.
static COLOR: Operation =
    Operation { name: "get_color", method: Method::Get, path: "/colors/{color}", retry: RetrySafety::Idempotent };

/// `GET /colors`.
static COLORS: Operation =
    Operation { name: "list_colors", method: Method::Get, path: "/colors", retry: RetrySafety::Idempotent };

/// The table's object, declared in its order, which is not the order of its keys: the wire must
/// follow the declaration whatever features `serde_json` is built with.
#[derive(Serialize)]
struct Rgb {
    #[serde(rename = "R")]
    r: u32,
    #[serde(rename = "G")]
    g: u32,
    #[serde(rename = "B")]
    b: u32,
}

const RGB: Rgb = Rgb { r: 100, g: 200, b: 150 };

const BLUE_BLACK_BROWN: [&str; 3] = ["blue", "black", "brown"];

/// Sends `request` to a server that answers `{}` and returns what it received.
async fn sent(request: Request) -> Seen {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    transport(&server).execute::<serde_json::Value>(request).await.unwrap();
    server.requests().remove(0)
}

/// The request built by `build` on `operation`.
fn request(operation: &'static Operation, build: impl FnOnce(&mut Request)) -> Request {
    let mut request = Request::new(operation);
    build(&mut request);
    request
}

/// The parameter and reason `build` is refused for, with nothing sent.
async fn refusal(operation: &'static Operation, build: impl FnOnce(&mut Request)) -> (String, String) {
    let server = Server::replying(vec![Reply::raw_json(200, "{}")]).await;
    let error = transport(&server).execute::<serde_json::Value>(request(operation, build)).await.unwrap_err();
    assert_eq!(server.count(), 0, "a refused request is not sent");
    match error {
        Error::InvalidRequest(error) => (error.parameter().to_owned(), error.reason().to_owned()),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

/// The request targets of the string, the array and the object in the path style `style`.
async fn path_row(style: Style) -> [String; 3] {
    let string = request(&COLOR, |r| r.path_param_as("color", "blue", style, &Constraints::NONE));
    let array = request(&COLOR, |r| r.path_param_list_as("color", &BLUE_BLACK_BROWN, style, &Constraints::NONE));
    let object = request(&COLOR, |r| r.path_param_styled("color", &RGB, style));
    [sent(string).await.target, sent(array).await.target, sent(object).await.target]
}

#[tokio::test]
async fn path_styles_follow_the_table() {
    let rows = [
        (Style::Simple, ["/colors/blue", "/colors/blue,black,brown", "/colors/R,100,G,200,B,150"]),
        (Style::SimpleExploded, ["/colors/blue", "/colors/blue,black,brown", "/colors/R=100,G=200,B=150"]),
        (Style::Label, ["/colors/.blue", "/colors/.blue,black,brown", "/colors/.R,100,G,200,B,150"]),
        (Style::LabelExploded, ["/colors/.blue", "/colors/.blue.black.brown", "/colors/.R=100.G=200.B=150"]),
        (Style::Matrix, ["/colors/;color=blue", "/colors/;color=blue,black,brown", "/colors/;color=R,100,G,200,B,150"]),
        (
            Style::MatrixExploded,
            ["/colors/;color=blue", "/colors/;color=blue;color=black;color=brown", "/colors/;R=100;G=200;B=150"],
        ),
    ];
    for (style, expected) in rows {
        assert_eq!(path_row(style).await, expected.map(str::to_owned), "{style:?}");
    }
}

#[tokio::test]
async fn the_plain_path_methods_are_the_simple_style() {
    let string = request(&COLOR, |r| r.path_param("color", "blue", &Constraints::NONE));
    let array = request(&COLOR, |r| r.path_param_list("color", &BLUE_BLACK_BROWN, &Constraints::NONE));
    assert_eq!(sent(string).await.target, "/colors/blue");
    assert_eq!(sent(array).await.target, "/colors/blue,black,brown");
}

#[tokio::test]
async fn query_styles_follow_the_table() {
    let form = request(&COLORS, |r| {
        r.query_param("color", Some("blue"), &Constraints::NONE);
        r.query_param_joined("color", Some(&BLUE_BLACK_BROWN[..]), Style::Form, &Constraints::NONE);
        r.query_param_styled("color", Some(&RGB), Style::Form);
    });
    assert_eq!(sent(form).await.raw_query(), "color=blue&color=blue,black,brown&color=R,100,G,200,B,150");
    let exploded = request(&COLORS, |r| {
        r.query_param_list("color", Some(&BLUE_BLACK_BROWN[..]), &Constraints::NONE);
        r.query_param_styled("color", Some(&RGB), Style::FormExploded);
    });
    assert_eq!(sent(exploded).await.raw_query(), "color=blue&color=black&color=brown&R=100&G=200&B=150");
    let delimited = request(&COLORS, |r| {
        r.query_param_joined("color", Some(&BLUE_BLACK_BROWN[..]), Style::SpaceDelimited, &Constraints::NONE);
        r.query_param_styled("color", Some(&RGB), Style::SpaceDelimited);
        r.query_param_joined("color", Some(&BLUE_BLACK_BROWN[..]), Style::PipeDelimited, &Constraints::NONE);
        r.query_param_styled("color", Some(&RGB), Style::PipeDelimited);
    });
    assert_eq!(
        sent(delimited).await.raw_query(),
        "color=blue%20black%20brown&color=R%20100%20G%20200%20B%20150&color=blue|black|brown&color=R|100|G|200|B|150"
    );
    let deep = request(&COLORS, |r| r.query_param_styled("color", Some(&RGB), Style::DeepObject));
    assert_eq!(sent(deep).await.raw_query(), "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150");
}

#[tokio::test]
async fn header_styles_follow_the_table() {
    let simple = request(&COLORS, |r| {
        r.header_param("x-string", Some("blue"), &Constraints::NONE);
        r.header_param_list("x-array", Some(&BLUE_BLACK_BROWN[..]), &Constraints::NONE);
        r.header_param_styled("x-object", Some(&RGB), Style::Simple);
        r.header_param_styled("x-exploded", Some(&RGB), Style::SimpleExploded);
        r.header_param_styled::<Rgb>("x-absent", None, Style::Simple);
    });
    let seen = sent(simple).await;
    assert_eq!(seen.header("x-string"), Some("blue"));
    assert_eq!(seen.header("x-array"), Some("blue,black,brown"));
    assert_eq!(seen.header("x-object"), Some("R,100,G,200,B,150"));
    assert_eq!(seen.header("x-exploded"), Some("R=100,G=200,B=150"));
    assert_eq!(seen.header("x-absent"), None);
}

/// Adds parameters to a request.
type Build = fn(&mut Request);

#[tokio::test]
async fn cookie_styles_follow_the_table() {
    let cases: [(Build, &str); 5] = [
        (|r| r.cookie_param("color", Some("blue"), &Constraints::NONE), "color=blue"),
        (|r| r.cookie_param_list("color", Some(&BLUE_BLACK_BROWN[..]), &Constraints::NONE), "color=blue,black,brown"),
        (
            |r| r.cookie_param_exploded("color", Some(&BLUE_BLACK_BROWN[..]), &Constraints::NONE),
            "color=blue; color=black; color=brown",
        ),
        (|r| r.cookie_param_styled("color", Some(&RGB), Style::Form), "color=R,100,G,200,B,150"),
        (|r| r.cookie_param_styled("color", Some(&RGB), Style::FormExploded), "R=100; G=200; B=150"),
    ];
    for (build, expected) in cases {
        assert_eq!(sent(request(&COLORS, build)).await.header("cookie"), Some(expected));
    }
}

/// A `deepObject` filter with an object, arrays of scalars and objects, and `null`s inside.
#[derive(Serialize)]
struct Filter {
    name: &'static str,
    color: Rgb,
    tags: Vec<&'static str>,
    ranges: Vec<BTreeMap<&'static str, Option<u32>>>,
    missing: Option<u32>,
}

#[tokio::test]
async fn deep_objects_nest_with_brackets_and_index_arrays() {
    let range = |min, max| BTreeMap::from([("max", max), ("min", Some(min))]);
    let filter = Filter {
        name: "a b",
        color: RGB,
        tags: vec!["x", "y"],
        ranges: vec![range(1, Some(2)), range(3, None)],
        missing: None,
    };
    let seen = sent(request(&COLORS, |r| r.query_param_styled("filter", Some(&filter), Style::DeepObject))).await;
    let readable = seen.raw_query().replace("%5B", "[").replace("%5D", "]");
    assert_eq!(
        readable,
        "filter[name]=a%20b&filter[color][R]=100&filter[color][G]=200&filter[color][B]=150\
         &filter[tags][0]=x&filter[tags][1]=y\
         &filter[ranges][0][max]=2&filter[ranges][0][min]=1&filter[ranges][1][min]=3"
    );
    assert!(!seen.raw_query().contains('['), "brackets are percent-encoded: {}", seen.raw_query());
}

#[tokio::test]
async fn reserved_characters_in_values_are_encoded_and_delimiters_are_not() {
    let tricky = BTreeMap::from([("a/b", "c;d"), ("e,f", "g=h|.")]);
    let matrix = request(&COLOR, |r| r.path_param_styled("color", &tricky, Style::MatrixExploded));
    assert_eq!(sent(matrix).await.target, "/colors/;a%2Fb=c%3Bd;e%2Cf=g%3Dh%7C.");
    let label = request(&COLOR, |r| r.path_param_list_as("color", &["x/y", "?#"], Style::Label, &Constraints::NONE));
    assert_eq!(sent(label).await.target, "/colors/.x%2Fy,%3F%23");
    let query = request(&COLORS, |r| r.query_param_styled("color", Some(&tricky), Style::PipeDelimited));
    assert_eq!(sent(query).await.raw_query(), "color=a%2Fb|c%3Bd|e%2Cf|g%3Dh%7C.");
    let cookie = request(&COLORS, |r| r.cookie_param_styled("color", Some(&tricky), Style::Form));
    assert_eq!(sent(cookie).await.header("cookie"), Some("color=a/b,c%3Bd,e%2Cf,g=h|."));
    let exploded = request(&COLORS, |r| r.cookie_param_styled("color", Some(&tricky), Style::FormExploded));
    assert_eq!(sent(exploded).await.header("cookie"), Some("a%2Fb=c%3Bd; e%2Cf=g=h|."));
}

#[tokio::test]
async fn nested_values_outside_deep_objects_are_json_text() {
    let nested = serde_json::json!({ "a": { "b": 1 } });
    let header = request(&COLORS, |r| r.header_param_styled("x-nested", Some(&nested), Style::SimpleExploded));
    assert_eq!(sent(header).await.header("x-nested"), Some(r#"a={"b":1}"#));
}

#[tokio::test]
async fn path_values_cannot_become_dot_segments_or_vanish() {
    let dot = (String::from("color"), String::from("must not be `.` or `..`"));
    let empty = (String::from("color"), String::from("must not be empty"));
    let label_dot = refusal(&COLOR, |r| r.path_param_as("color", ".", Style::Label, &Constraints::NONE)).await;
    assert_eq!(label_dot, dot, "`.` in the label style is the segment `..`");
    let list_dot = refusal(&COLOR, |r| r.path_param_list("color", &[".."], &Constraints::NONE)).await;
    assert_eq!(list_dot, dot, "a one-item list of `..`");
    let empty_object = BTreeMap::<String, String>::new();
    let object = refusal(&COLOR, |r| r.path_param_styled("color", &empty_object, Style::Label)).await;
    assert_eq!(object, empty, "an empty object is undefined in RFC 6570, so nothing is left");
    let value = refusal(&COLOR, |r| r.path_param_as("color", "", Style::Matrix, &Constraints::NONE)).await;
    assert_eq!(value, empty);
    let item = refusal(&COLOR, |r| r.path_param_list_as("color", &["a", ""], Style::Label, &Constraints::NONE)).await;
    assert_eq!(item.1, "must not hold empty items");
    let rules = Constraints::NONE.max_length(3);
    let long = refusal(&COLOR, |r| r.path_param_as("color", "purple", Style::Matrix, &rules)).await;
    assert_eq!(long.1, "must be at most 3 characters long (got 6)");
}

#[tokio::test]
async fn bad_header_values_are_refused_without_a_panic() {
    for text in ["a\nb", "a\rb", "a\u{7f}b"] {
        let broken = BTreeMap::from([("line", text)]);
        let reason = refusal(&COLORS, |r| r.header_param_styled("x-object", Some(&broken), Style::Simple)).await;
        assert_eq!(reason, ("x-object".to_owned(), "must be visible ASCII text to be sent as a header".to_owned()));
    }
}

#[tokio::test]
async fn values_that_cannot_be_serialized_are_refused() {
    let keyed_by_lists = BTreeMap::from([(vec![1u8], 1u8)]);
    let reason = refusal(&COLORS, |r| r.cookie_param_styled("color", Some(&keyed_by_lists), Style::Form)).await;
    assert_eq!(reason.0, "color");
    assert!(reason.1.starts_with("could not be serialized"), "{}", reason.1);
}
