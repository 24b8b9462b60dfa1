//! Integers decode from whole-valued JSON floats (`30.0`, `1e3`, `-2.0`) through `integers`, in
//! every width and container, in generated-style structs and in derived ones; fractional and
//! out-of-range floats stay errors that say what is wrong and where; encoding is unchanged.

// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use realtimekit_runtime::integers::{LenientIntegers, LenientSeed};
use realtimekit_runtime::object::{self, Slot as _};
use serde::de::{DeserializeSeed, MapAccess};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Decodes `json` as `T` through the lenient seed, with the error as text.
fn lenient<T: for<'de> LenientIntegers<'de>>(json: &str) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    LenientSeed::<T>::new().deserialize(&mut deserializer).map_err(|error| error.to_string())
}

/// Asserts that every text in `inputs` decodes as `T` to `expected`.
fn accepts<T: for<'de> LenientIntegers<'de> + PartialEq + Debug>(inputs: &[&str], expected: T) {
    for input in inputs {
        assert_eq!(lenient::<T>(input).as_ref(), Ok(&expected), "decoding {input} as {}", std::any::type_name::<T>());
    }
}

/// Asserts that `input` fails to decode as `T` with a message that holds each of `fragments`.
fn rejects<T: for<'de> LenientIntegers<'de> + Debug>(input: &str, fragments: &[&str]) {
    let message = lenient::<T>(input).unwrap_err();
    for fragment in fragments {
        assert!(message.contains(fragment), "decoding {input}: `{message}` should say `{fragment}`");
    }
}

#[test]
fn every_width_accepts_integers_and_whole_floats() {
    accepts::<u8>(&["255", "255.0", "2.55e2"], 255);
    accepts::<u16>(&["30", "30.0", "3e1"], 30);
    accepts::<u32>(&["4294967295", "4294967295.0"], u32::MAX);
    accepts::<u64>(&["30", "30.0", "3.0e1", "30.000"], 30);
    accepts::<u64>(&["1e3", "1000.0"], 1000);
    accepts::<u64>(&["18446744073709551615"], u64::MAX);
    accepts::<u64>(&["0", "0.0", "-0.0"], 0);
    accepts::<usize>(&["7.0"], 7);
    accepts::<u128>(&["1e20"], 100_000_000_000_000_000_000);
    accepts::<i8>(&["-128", "-128.0", "-1.28e2"], i8::MIN);
    accepts::<i8>(&["127.0"], 127);
    accepts::<i16>(&["-2", "-2.0", "-2e0"], -2);
    accepts::<i32>(&["-2147483648.0"], i32::MIN);
    accepts::<i64>(&["-2", "-2.0"], -2);
    accepts::<i64>(&["9007199254740992.0"], 9_007_199_254_740_992);
    accepts::<isize>(&["-7.0"], -7);
    accepts::<i128>(&["-1e20"], -100_000_000_000_000_000_000);
}

#[test]
fn a_fractional_number_is_rejected_as_not_whole() {
    rejects::<u64>("30.5", &["invalid value", "30.5", "a whole number for u64"]);
    rejects::<i32>("-0.25", &["-0.25", "a whole number for i32"]);
    rejects::<u8>("1e-3", &["a whole number for u8"]);
}

#[test]
fn an_out_of_range_number_is_rejected_with_the_range() {
    rejects::<u64>("1e30", &["floating point `1e+30`", "within the range of u64 (0 to 18446744073709551615)"]);
    rejects::<u64>("18446744073709551616.0", &["within the range of u64"]);
    rejects::<u8>("300.0", &["floating point `300.0`", "within the range of u8 (0 to 255)"]);
    rejects::<u8>("300", &["integer `300`", "within the range of u8"]);
    rejects::<i8>("-129.0", &["within the range of i8 (-128 to 127)"]);
    rejects::<i64>("1e19", &["within the range of i64"]);
    rejects::<i128>("-1e39", &["within the range of i128"]);
}

#[test]
fn a_negative_number_into_an_unsigned_type_is_out_of_range() {
    rejects::<u64>("-1.0", &["floating point `-1.0`", "within the range of u64"]);
    rejects::<u64>("-1", &["integer `-1`", "within the range of u64"]);
    rejects::<u32>("-2e0", &["within the range of u32"]);
}

#[test]
fn other_types_are_still_rejected() {
    rejects::<u64>(r#""30""#, &["invalid type: string \"30\", expected u64"]);
    rejects::<i32>("true", &["invalid type: boolean `true`, expected i32"]);
    rejects::<Vec<u64>>("3.0", &["expected a sequence"]);
}

#[test]
fn containers_accept_whole_floats_for_their_integers() {
    accepts::<Option<u64>>(&["null"], None);
    accepts::<Option<u64>>(&["30.0", "30"], Some(30));
    accepts::<Box<i32>>(&["-2.0"], Box::new(-2));
    accepts::<Vec<u64>>(&["[1.0, 2, 3e0]"], vec![1, 2, 3]);
    accepts::<Option<Vec<i64>>>(&["[-1.0, 4]"], Some(vec![-1, 4]));
    accepts::<Vec<Vec<u32>>>(&["[[1.0], [], [2, 3.0]]"], vec![vec![1], vec![], vec![2, 3]]);
    let map = BTreeMap::from([("a".to_owned(), 1_u64), ("b".to_owned(), 2)]);
    accepts::<BTreeMap<String, u64>>(&[r#"{"a": 1.0, "b": 2}"#], map);
    let lists = BTreeMap::from([("a".to_owned(), vec![Some(1_u8), None])]);
    accepts::<BTreeMap<String, Vec<Option<u8>>>>(&[r#"{"a": [1.0, null]}"#], lists);
}

#[test]
fn containers_reject_a_fractional_item() {
    rejects::<Vec<u64>>("[1.0, 2.5]", &["a whole number for u64"]);
    rejects::<BTreeMap<String, u8>>(r#"{"a": 256.0}"#, &["within the range of u8"]);
    rejects::<Option<i32>>("0.5", &["a whole number for i32"]);
}

#[test]
fn decodes_from_a_json_value_too() {
    let value = serde_json::json!({"a": [1.0, 2], "b": []});
    let decoded = LenientSeed::<BTreeMap<String, Vec<i16>>>::new().deserialize(value).unwrap();
    assert_eq!(decoded, BTreeMap::from([("a".to_owned(), vec![1, 2]), ("b".to_owned(), Vec::new())]));
    let error = LenientSeed::<u16>::new().deserialize(serde_json::json!(1.5)).unwrap_err();
    assert!(error.to_string().contains("a whole number for u16"), "{error}");
}

/// A struct shaped like a generated one, whose integer fields go through `fill_integers_from`.
#[derive(Debug, PartialEq)]
struct Paging {
    total_count: u64,
    start_offset: Option<i32>,
    counts: Option<Vec<u64>>,
    histogram: Option<BTreeMap<String, u32>>,
    name: Option<String>,
}

impl<'de> Deserialize<'de> for Paging {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object::deserialize(deserializer)
    }
}

impl object::Object for Paging {
    const NAME: &'static str = "Paging";

    fn visit<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut total_count: Option<u64> = None;
        let mut start_offset: Option<Option<i32>> = None;
        let mut counts: Option<Option<Vec<u64>>> = None;
        let mut histogram: Option<Option<BTreeMap<String, u32>>> = None;
        let mut name: Option<Option<String>> = None;
        while let Some(key) = map.next_key::<object::Key<'de>>()? {
            match key.as_str() {
                "total_count" => total_count.fill_integers_from(&mut map, "total_count")?,
                "start_offset" => start_offset.fill_integers_from(&mut map, "start_offset")?,
                "counts" => counts.fill_integers_from(&mut map, "counts")?,
                "histogram" => histogram.fill_integers_from(&mut map, "histogram")?,
                "name" => name.fill_from(&mut map, "name")?,
                _ => object::skip(&mut map)?,
            }
        }
        Ok(Self {
            total_count: total_count.or_missing("total_count")?,
            start_offset: start_offset.flatten(),
            counts: counts.flatten(),
            histogram: histogram.flatten(),
            name: name.flatten(),
        })
    }
}

impl Serialize for Paging {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut writer = object::Writer::start(serializer)?;
        writer.field("total_count", &self.total_count)?;
        writer.optional("start_offset", &self.start_offset)?;
        writer.optional("counts", &self.counts)?;
        writer.optional("histogram", &self.histogram)?;
        writer.optional("name", &self.name)?;
        writer.end()
    }
}

/// The page around it, as a response body holds it.
#[derive(Debug, PartialEq, Deserialize)]
struct Page {
    data: PageData,
}

#[derive(Debug, PartialEq, Deserialize)]
struct PageData {
    paging: Paging,
}

/// Decodes `json` as a `Page` with `serde_path_to_error`, as the runtime does after a failure,
/// and returns the failing path and message.
fn page_error(json: &str) -> (String, String) {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let error = serde_path_to_error::deserialize::<_, Page>(&mut deserializer).unwrap_err();
    (error.path().to_string(), error.inner().to_string())
}

#[test]
fn a_struct_decodes_whole_floats_into_its_integer_fields() {
    let json =
        r#"{"total_count": 30.0, "start_offset": -1.0, "counts": [1.0, 2], "histogram": {"a": 3e0}, "name": "n"}"#;
    let paging: Paging = serde_json::from_str(json).unwrap();
    let histogram = Some(BTreeMap::from([("a".to_owned(), 3)]));
    let expected =
        Paging { total_count: 30, start_offset: Some(-1), counts: Some(vec![1, 2]), histogram, name: Some("n".into()) };
    assert_eq!(paging, expected);
    let nulls: Paging = serde_json::from_str(r#"{"total_count": 1e3, "start_offset": null}"#).unwrap();
    assert_eq!(nulls.total_count, 1000);
    assert_eq!(nulls.start_offset, None);
}

#[test]
fn a_struct_keeps_the_slot_rules() {
    let repeated = serde_json::from_str::<Paging>(r#"{"total_count": 1.0, "total_count": 2}"#).unwrap_err();
    assert!(repeated.to_string().starts_with("duplicate field `total_count`"), "{repeated}");
    let missing = serde_json::from_str::<Paging>(r#"{"counts": []}"#).unwrap_err();
    assert!(missing.to_string().starts_with("missing field `total_count`"), "{missing}");
}

#[test]
fn encoding_writes_integers_as_integers() {
    let paging: Paging =
        serde_json::from_str(r#"{"total_count": 30.0, "counts": [1.0], "histogram": {"a": 2.0}}"#).unwrap();
    assert_eq!(serde_json::to_string(&paging).unwrap(), r#"{"total_count":30,"counts":[1],"histogram":{"a":2}}"#);
}

#[test]
fn the_error_path_names_the_field() {
    let (path, message) = page_error(r#"{"data": {"paging": {"total_count": 30.5}}}"#);
    assert_eq!(path, "data.paging.total_count");
    assert!(message.contains("floating point `30.5`, expected a whole number for u64"), "{message}");
    let (path, message) = page_error(r#"{"data": {"paging": {"total_count": -1.0}}}"#);
    assert_eq!(path, "data.paging.total_count");
    assert!(message.contains("within the range of u64"), "{message}");
    let (path, _) = page_error(r#"{"data": {"paging": {"total_count": 1, "counts": [1.0, 1e30]}}}"#);
    assert_eq!(path, "data.paging.counts[1]");
    let (path, _) = page_error(r#"{"data": {"paging": {"total_count": 1, "histogram": {"a": 1, "b": 0.5}}}}"#);
    assert_eq!(path, "data.paging.histogram.b");
    let (path, _) = page_error(r#"{"data": {"paging": {"total_count": 1, "start_offset": 3000000000.0}}}"#);
    assert_eq!(path, "data.paging.start_offset");
}

/// A struct that keeps the serde derives, as generated structs with extra properties do.
#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct Tally {
    #[serde(deserialize_with = "realtimekit_runtime::integers::deserialize")]
    total: u64,
    #[serde(default, deserialize_with = "realtimekit_runtime::integers::deserialize")]
    peak: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "realtimekit_runtime::integers::deserialize")]
    steps: Option<Vec<i64>>,
    #[serde(flatten)]
    #[serde(deserialize_with = "realtimekit_runtime::integers::deserialize")]
    additional_properties: BTreeMap<String, u8>,
}

#[test]
fn derived_structs_decode_whole_floats_through_deserialize_with() {
    let tally: Tally = serde_json::from_str(r#"{"total": 30.0, "peak": -2.0, "steps": [1.0], "extra": 7.0}"#).unwrap();
    let additional_properties = BTreeMap::from([("extra".to_owned(), 7)]);
    assert_eq!(tally, Tally { total: 30, peak: Some(-2), steps: Some(vec![1]), additional_properties });
    // A missing nullable field is `None`, as without `deserialize_with`.
    let bare: Tally = serde_json::from_str(r#"{"total": 1, "peak": null}"#).unwrap();
    assert_eq!((bare.peak, bare.steps), (None, None));
    let missing_peak: Tally = serde_json::from_str(r#"{"total": 1}"#).unwrap();
    assert_eq!(missing_peak.peak, None);
    assert_eq!(serde_json::to_string(&tally).unwrap(), r#"{"total":30,"peak":-2,"steps":[1],"extra":7}"#);
    let error = serde_json::from_str::<Tally>(r#"{"total": 30.5}"#).unwrap_err();
    assert!(error.to_string().contains("a whole number for u64"), "{error}");
    let error = serde_json::from_str::<Tally>(r#"{"total": 1, "extra": 300.0}"#).unwrap_err();
    assert!(error.to_string().contains("within the range of u8"), "{error}");
}

#[test]
fn a_derived_struct_error_path_names_the_field() {
    let mut deserializer = serde_json::Deserializer::from_str(r#"{"total": 1, "steps": [1, 2.5]}"#);
    let error = serde_path_to_error::deserialize::<_, Tally>(&mut deserializer).unwrap_err();
    assert_eq!(error.path().to_string(), "steps[1]");
}

/// An untagged union whose integer alternative accepts whole floats.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Label {
    Text(String),
    #[serde(deserialize_with = "realtimekit_runtime::integers::deserialize")]
    Whole(i64),
}

#[test]
fn an_untagged_integer_alternative_accepts_whole_floats() {
    assert_eq!(serde_json::from_str::<Label>("30.0").unwrap(), Label::Whole(30));
    assert_eq!(serde_json::from_str::<Label>("-3").unwrap(), Label::Whole(-3));
    assert_eq!(serde_json::from_str::<Label>(r#""30.0""#).unwrap(), Label::Text("30.0".into()));
    assert!(serde_json::from_str::<Label>("30.5").is_err());
    // The derive buffers each value before trying the alternatives; the buffered float decodes.
    let labels: Vec<Label> = serde_json::from_str(r#"["a", 1.0]"#).unwrap();
    assert_eq!(labels, vec![Label::Text("a".into()), Label::Whole(1)]);
}
