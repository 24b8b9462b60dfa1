//! Decoding integers that arrive as whole-valued JSON floats, such as `30.0`, `1e3` or `-2.0`.
//!
//! A schema may type a count, an offset or a number of seconds as `integer` while servers (and
//! the JSON encoders of JavaScript and Python) write such values as floats. Serde's integer
//! types refuse any float, so one `30.0` would fail the decoding of a whole response. A field
//! whose type holds integers is therefore decoded through [`LenientIntegers`], which accepts a
//! float when it is a whole number within the integer type's range and rejects any other float
//! with an error that says which of the two it is not. Encoding is unchanged: integers are
//! written as JSON integers.
//!
//! The trait is implemented for the integer primitives and for the containers generated types
//! put them in (`Option`, `Vec`, `Box` and `BTreeMap`), so `Option<Vec<i64>>` and map values are
//! covered too. Values are read with `deserialize_any`, so the same code decodes from JSON text,
//! from a `serde_json::Value` and from the buffered content of untagged unions and flattened
//! structs.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Deserialize, DeserializeSeed, Error, Expected, MapAccess, SeqAccess, Unexpected, Visitor};

/// A type that holds integers and decodes them leniently: a whole-valued float within range
/// is accepted where an integer is expected.
pub trait LenientIntegers<'de>: Sized {
    /// Decodes the value, accepting whole-valued floats for its integers.
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Decodes `T` leniently, for `#[serde(deserialize_with = "...")]` on a field or variant.
pub fn deserialize<'de, T: LenientIntegers<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

/// Decodes `T` leniently from a `MapAccess` value or a `SeqAccess` element.
pub struct LenientSeed<T>(PhantomData<T>);

impl<T> LenientSeed<T> {
    /// The seed for one value of type `T`.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for LenientSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for LenientSeed<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("LenientSeed")
    }
}

impl<'de, T: LenientIntegers<'de>> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

/// An integer primitive: its name and bounds, for error messages, and the conversions that
/// check a decoded value against its range.
trait Integer: TryFrom<u64> + TryFrom<i64> + TryFrom<u128> + TryFrom<i128> {
    /// The type's name, as serde's own messages write it (`u64`).
    const NAME: &'static str;
    /// The smallest value, widened.
    const MIN: i128;
    /// The largest value, widened.
    const MAX: u128;
}

/// Implements [`Integer`] and [`LenientIntegers`] for integer primitives.
macro_rules! lenient_integers {
    ($($integer:ty),* $(,)?) => {$(
        impl Integer for $integer {
            const NAME: &'static str = stringify!($integer);
            const MIN: i128 = <$integer>::MIN as i128;
            const MAX: u128 = <$integer>::MAX as u128;
        }

        impl<'de> LenientIntegers<'de> for $integer {
            fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(IntegerVisitor(PhantomData))
            }
        }
    )*};
}

lenient_integers!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

/// Why a number does not fit an integer type, as the `expected ...` part of the error.
enum Expectation {
    /// The number has a fractional part.
    WholeNumber(&'static str),
    /// The number is whole but outside the type's range.
    InRange { name: &'static str, min: i128, max: u128 },
}

impl Expectation {
    fn in_range<T: Integer>() -> Self {
        Self::InRange { name: T::NAME, min: T::MIN, max: T::MAX }
    }
}

impl Expected for Expectation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WholeNumber(name) => write!(formatter, "a whole number for {name}"),
            Self::InRange { name, min, max } => {
                write!(formatter, "a number within the range of {name} ({min} to {max})")
            }
        }
    }
}

/// Reads an integer, or a float that is a whole number in range, as `T`.
struct IntegerVisitor<T>(PhantomData<T>);

impl<T: Integer> IntegerVisitor<T> {
    fn convert<N: Copy, E: Error>(value: N, unexpected: Unexpected<'_>) -> Result<T, E>
    where
        T: TryFrom<N>,
    {
        T::try_from(value).map_err(|_| E::invalid_value(unexpected, &Expectation::in_range::<T>()))
    }
}

impl<T: Integer> Visitor<'_> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::NAME)
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<T, E> {
        Self::convert(value, Unexpected::Unsigned(value))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<T, E> {
        Self::convert(value, Unexpected::Signed(value))
    }

    fn visit_u128<E: Error>(self, value: u128) -> Result<T, E> {
        Self::convert(value, Unexpected::Other("a 128-bit integer"))
    }

    fn visit_i128<E: Error>(self, value: i128) -> Result<T, E> {
        Self::convert(value, Unexpected::Other("a 128-bit integer"))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<T, E> {
        // A fractional part, an infinity and NaN all leave a non-zero (or NaN) `fract`.
        if value.fract() != 0.0 {
            return Err(E::invalid_value(Unexpected::Float(value), &Expectation::WholeNumber(T::NAME)));
        }
        // `u128::MAX as f64` rounds up to 2^128 and `i128::MIN as f64` is exactly -2^127, so a
        // whole float in these bounds converts exactly, and one outside them fits no primitive.
        let converted = if (0.0..u128::MAX as f64).contains(&value) {
            T::try_from(value as u128).ok()
        } else if (i128::MIN as f64..0.0).contains(&value) {
            T::try_from(value as i128).ok()
        } else {
            None
        };
        converted.ok_or_else(|| E::invalid_value(Unexpected::Float(value), &Expectation::in_range::<T>()))
    }
}

impl<'de, T: LenientIntegers<'de>> LenientIntegers<'de> for Option<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

/// Reads `null` as `None` and anything else as a lenient `T`.
struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: LenientIntegers<'de>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("option")
    }

    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
}

impl<'de, T: LenientIntegers<'de>> LenientIntegers<'de> for Box<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(deserializer).map(Box::new)
    }
}

/// The most elements reserved ahead from an array's size hint, so a hostile hint cannot make
/// decoding allocate much before any element is read.
const MAX_RESERVED: usize = 4096;

impl<'de, T: LenientIntegers<'de>> LenientIntegers<'de> for Vec<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

/// Reads an array, each element as a lenient `T`.
struct SeqVisitor<T>(PhantomData<T>);

impl<'de, T: LenientIntegers<'de>> Visitor<'de> for SeqVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_RESERVED));
        while let Some(item) = seq.next_element_seed(LenientSeed::new())? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: LenientIntegers<'de>> LenientIntegers<'de> for BTreeMap<K, V> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Reads an object, each value as a lenient `V`; a repeated key keeps its last value, as serde's
/// own `BTreeMap` does.
struct MapVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K: Deserialize<'de> + Ord, V: LenientIntegers<'de>> Visitor<'de> for MapVisitor<K, V> {
    type Value = BTreeMap<K, V>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, V>, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<K>()? {
            let value = map.next_value_seed(LenientSeed::new())?;
            entries.insert(key, value);
        }
        Ok(entries)
    }
}
