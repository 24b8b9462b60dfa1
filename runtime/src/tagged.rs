//! Tagged unions: a `oneOf` whose discriminator property names the
//! alternative.
//!
//! Generated unions decode through these helpers: the value is read once as
//! JSON, its tag picks the alternative, and the whole value (tag included)
//! decodes into it, so alternatives may declare the tag property themselves.
//! A tag that names no known alternative keeps the raw value. Encoding writes
//! the alternative and adds the tag when the alternative does not carry it.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The text of the tag `property` of `value`, if it is an object that has
/// one.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Decodes the alternative `T` from the whole value.
pub fn alternative<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Encodes the alternative `value`, adding `property: tag` when it lacks the
/// tag.
pub fn serialize_tagged<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut encoded = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Value::Object(object) = &mut encoded {
        object.entry(property.to_owned()).or_insert_with(|| Value::String(tag.to_owned()));
    }
    encoded.serialize(serializer)
}
