//! Open string enums: enums that keep the values they do not know.
//!
//! Generated string enums decode through [`deserialize`]: a known wire value
//! becomes its variant and any other string is kept in the `Unknown`
//! variant. The string is read in place. The derived decoding of an enum with
//! an untagged catch-all variant instead buffers every value and then tries
//! the variants in turn, which made decoding a page of sessions (two enums
//! each) about 6% slower than a hand-written closed enum.

use std::fmt;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Decodes a string enum: `known` maps a wire value to its variant, and
/// `unknown` keeps any other string. A value that is not a string is an
/// error.
pub fn deserialize<'de, D, T>(
    deserializer: D,
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(OpenEnumVisitor { known, unknown })
}

/// Reads one string and picks the variant.
struct OpenEnumVisitor<T> {
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
}

impl<T> Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok((self.known)(value).unwrap_or_else(|| (self.unknown)(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
        // An owned string that names no variant is kept without copying.
        Ok(match (self.known)(&value) {
            Some(variant) => variant,
            None => (self.unknown)(value),
        })
    }
}
