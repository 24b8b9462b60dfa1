//! Tagged unions decode by their tag, keep unknown tags, and encode with the tag present,
//! written here the way generated code writes them.

use realtimekit_runtime::tagged;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cat {
    pet_type: String,
    lives: u8,
}

/// An alternative that does not declare the tag itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Dog {
    good: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Pet {
    Cat(Cat),
    Dog(Box<Dog>),
    Unknown(Value),
}

impl Serialize for Pet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Cat(value) => tagged::serialize_tagged(value, "pet_type", "cat", serializer),
            Self::Dog(value) => tagged::serialize_tagged(value, "pet_type", "dog", serializer),
            Self::Unknown(value) => Serialize::serialize(value, serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Pet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Value as Deserialize>::deserialize(deserializer)?;
        match tagged::tag(&value, "pet_type") {
            Some("cat") => tagged::alternative(value).map(Self::Cat),
            Some("dog") => tagged::alternative(value).map(Self::Dog),
            _ => Ok(Self::Unknown(value)),
        }
    }
}

#[test]
fn the_tag_picks_the_alternative_which_sees_the_whole_object() {
    let cat: Pet = serde_json::from_value(json!({ "pet_type": "cat", "lives": 9 })).unwrap();
    assert_eq!(cat, Pet::Cat(Cat { pet_type: "cat".to_owned(), lives: 9 }));
    let dog: Pet = serde_json::from_value(json!({ "pet_type": "dog", "good": true })).unwrap();
    assert_eq!(dog, Pet::Dog(Box::new(Dog { good: true })));
}

#[test]
fn unknown_or_missing_tags_are_kept() {
    for raw in [json!({ "pet_type": "axolotl", "gills": 6 }), json!({ "no_tag": 1 }), json!("text")] {
        let pet: Pet = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(pet, Pet::Unknown(raw.clone()));
        assert_eq!(serde_json::to_value(&pet).unwrap(), raw);
    }
}

#[test]
fn a_known_tag_with_a_wrong_shape_is_an_error() {
    let error = serde_json::from_value::<Pet>(json!({ "pet_type": "cat", "lives": "many" })).unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn encoding_adds_the_tag_only_when_missing() {
    let dog = serde_json::to_value(Pet::Dog(Box::new(Dog { good: false }))).unwrap();
    assert_eq!(dog, json!({ "pet_type": "dog", "good": false }));
    let cat = serde_json::to_value(Pet::Cat(Cat { pet_type: "cat".to_owned(), lives: 1 })).unwrap();
    assert_eq!(cat, json!({ "pet_type": "cat", "lives": 1 }));
}
