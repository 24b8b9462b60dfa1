//! Encoding and decoding generated structs as JSON objects, with little code per struct.
//!
//! `#[derive(Deserialize)]` writes a field enum, its visitor (for string, byte and index
//! keys), a `visit_seq` for structs sent as arrays and a `visit_map`: about 19 lines per field;
//! `#[derive(Serialize)]` adds about six more. For a spec with thousands of schemas that code,
//! not the spec, decides how much memory `cargo check` needs. A generated struct instead
//! implements [`Object`], which holds only what differs between structs: one slot per field
//! and one match arm per wire name, and writes itself with a [`Writer`], one line per field.
//! The visitor, the key type, the slot helpers and the writer live here, once.
//!
//! The result decodes like the derive for JSON: unknown keys are skipped, a repeated key is an
//! error, a missing required field is an error that names it, a missing or `null` optional
//! field is `None`, and keys without escapes are matched in place, without allocating. Only JSON objects are
//! accepted (the derive also takes arrays, which no JSON API sends for an object).
//!
//! A field whose type holds integers is read with [`Slot::fill_integers_from`], which also
//! accepts whole-valued floats (`30.0`) for them, through the runtime's `integers` module.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Error, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize, Serializer};

use super::integers::{LenientIntegers, LenientSeed};

/// A struct that decodes from the entries of an object.
pub trait Object: Sized {
    /// The struct's name, for error messages (`expected struct Session`).
    const NAME: &'static str;

    /// Reads every entry of `map` and builds the struct.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes `T` from an object, for `T`'s `Deserialize` implementation.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// Skips the value of an entry whose key the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// The slot of one field while an object is read: empty until its key comes.
pub trait Slot<T> {
    /// Reads the value of the current entry into the slot, failing if the key came before.
    fn fill_from<'de, A: MapAccess<'de>>(&mut self, map: &mut A, name: &'static str) -> Result<(), A::Error>
    where
        T: Deserialize<'de>;

    /// Like [`Slot::fill_from`], for a field whose type holds integers: a whole-valued float
    /// within the integer type's range is accepted for each of them.
    fn fill_integers_from<'de, A: MapAccess<'de>>(&mut self, map: &mut A, name: &'static str) -> Result<(), A::Error>
    where
        T: LenientIntegers<'de>;

    /// The value of a required field, or the error that names it when its key never came.
    fn or_missing<E: Error>(self, name: &'static str) -> Result<T, E>;
}

impl<T> Slot<T> for Option<T> {
    fn fill_from<'de, A: MapAccess<'de>>(&mut self, map: &mut A, name: &'static str) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        if self.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        *self = Some(map.next_value()?);
        Ok(())
    }

    fn fill_integers_from<'de, A: MapAccess<'de>>(&mut self, map: &mut A, name: &'static str) -> Result<(), A::Error>
    where
        T: LenientIntegers<'de>,
    {
        if self.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        *self = Some(map.next_value_seed(LenientSeed::new())?);
        Ok(())
    }

    fn or_missing<E: Error>(self, name: &'static str) -> Result<T, E> {
        self.ok_or_else(|| E::missing_field(name))
    }
}

/// The key of an entry, borrowed from the input when it has no escapes.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// Hands the entries of an object to `T::visit`.
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// Writes a struct as the entries of an object, for the struct's `Serialize` implementation.
pub struct Writer<S: Serializer> {
    map: S::SerializeMap,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object.
    pub fn start(serializer: S) -> Result<Self, S::Error> {
        Ok(Self { map: serializer.serialize_map(None)? })
    }

    /// Writes a field that is always present (a `None` of a nullable field is written as
    /// `null`).
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), S::Error> {
        self.map.serialize_entry(key, value)
    }

    /// Writes an optional field when it is set, and leaves it out otherwise.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => self.map.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    /// Ends the object.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map.end()
    }
}

impl<S: Serializer> std::fmt::Debug for Writer<S> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Writer")
    }
}
