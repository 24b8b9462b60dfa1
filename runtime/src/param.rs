//! Parameter values: the validation rules of one parameter, and how values
//! are written as text in paths, queries, headers and cookies.
//!
//! Scalars and enums implement [`QueryValue`], which writes them without
//! going through `serde`. Anything else (objects, unions, maps, arrays of
//! objects) is serialized first, keeping the order of its properties, and
//! then written in the parameter's [`Style`], following the OpenAPI style
//! table (RFC 6570 for `simple`, `label`, `matrix` and `form`).

use std::borrow::Cow;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Validation rules for one parameter value, taken from its schema.
///
/// Generated code writes them as chains of `const` calls, such as
/// `Constraints::NONE.max_length(32)`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Constraints {
    /// The minimum length in Unicode characters.
    pub min_length: Option<usize>,
    /// The maximum length in Unicode characters.
    pub max_length: Option<usize>,
    /// The minimum numeric value.
    pub minimum: Option<f64>,
    /// The maximum numeric value.
    pub maximum: Option<f64>,
    /// Whether `minimum` itself is excluded.
    pub exclusive_minimum: bool,
    /// Whether `maximum` itself is excluded.
    pub exclusive_maximum: bool,
}

impl Constraints {
    /// No constraints at all.
    pub const NONE: Constraints = Constraints {
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
    };

    /// These rules with a minimum length in characters.
    pub const fn min_length(mut self, length: usize) -> Self {
        self.min_length = Some(length);
        self
    }

    /// These rules with a maximum length in characters.
    pub const fn max_length(mut self, length: usize) -> Self {
        self.max_length = Some(length);
        self
    }

    /// These rules with an inclusive minimum value.
    pub const fn minimum(mut self, value: f64) -> Self {
        self.minimum = Some(value);
        self
    }

    /// These rules with an inclusive maximum value.
    pub const fn maximum(mut self, value: f64) -> Self {
        self.maximum = Some(value);
        self
    }

    /// These rules with an exclusive minimum value.
    pub const fn exclusive_minimum(mut self, value: f64) -> Self {
        self.minimum = Some(value);
        self.exclusive_minimum = true;
        self
    }

    /// These rules with an exclusive maximum value.
    pub const fn exclusive_maximum(mut self, value: f64) -> Self {
        self.maximum = Some(value);
        self.exclusive_maximum = true;
        self
    }

    /// Checks a value's text and numeric value, returning why it fails.
    pub(crate) fn check(&self, text: &str, numeric: Option<f64>) -> Result<(), String> {
        if self.min_length.is_some() || self.max_length.is_some() {
            let length = text.chars().count();
            if let Some(min) = self.min_length.filter(|min| length < *min) {
                return Err(format!("must be at least {min} characters long (got {length})"));
            }
            if let Some(max) = self.max_length.filter(|max| length > *max) {
                return Err(format!("must be at most {max} characters long (got {length})"));
            }
        }
        if let Some(number) = numeric {
            if !number.is_finite() {
                return Err("must be a finite number".to_owned());
            }
            if let Some(min) = self.minimum {
                if self.exclusive_minimum && number <= min {
                    return Err(format!("must be greater than {min} (got {number})"));
                }
                if number < min {
                    return Err(format!("must be at least {min} (got {number})"));
                }
            }
            if let Some(max) = self.maximum {
                if self.exclusive_maximum && number >= max {
                    return Err(format!("must be less than {max} (got {number})"));
                }
                if number > max {
                    return Err(format!("must be at most {max} (got {number})"));
                }
            }
        }
        Ok(())
    }
}

/// How a scalar parameter value is written and checked.
pub trait QueryValue {
    /// The value as text, before percent-encoding.
    fn query_text(&self) -> Cow<'_, str>;

    /// The numeric value, checked against `minimum` and `maximum`; `None`
    /// for non-numeric values.
    fn numeric(&self) -> Option<f64> {
        None
    }
}

impl QueryValue for str {
    fn query_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for String {
    fn query_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for bool {
    fn query_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl QueryValue for Value {
    /// Strings are written as they are, anything else as JSON text.
    fn query_text(&self) -> Cow<'_, str> {
        match self {
            Value::String(text) => Cow::Borrowed(text),
            other => Cow::Owned(other.to_string()),
        }
    }

    fn numeric(&self) -> Option<f64> {
        self.as_f64()
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn query_text(&self) -> Cow<'_, str> {
        (**self).query_text()
    }

    fn numeric(&self) -> Option<f64> {
        (**self).numeric()
    }
}

macro_rules! numeric_query_value {
    ($($ty:ty),*) => {
        $(
            impl QueryValue for $ty {
                fn query_text(&self) -> Cow<'_, str> {
                    Cow::Owned(self.to_string())
                }

                fn numeric(&self) -> Option<f64> {
                    Some(*self as f64)
                }
            }
        )*
    };
}

numeric_query_value!(i32, i64, u32, u64, f32, f64);

/// How a parameter value is written: its OpenAPI `style`, and whether it is
/// exploded.
///
/// Generated code picks the style its parameter declares (or its location's
/// default); the examples below write `id` = `5`, `[3, 4]` and
/// `{"R": 100, "G": 200}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`, exploded: `id=3&id=4`, `R=100&G=200` (in a cookie, one
    /// cookie per item or property: `id=3; id=4`).
    FormExploded,
    /// `form`, not exploded: `id=3,4`, `id=R,100,G,200`.
    Form,
    /// `spaceDelimited`: `id=3%204`, `id=R%20100%20G%20200`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=3|4`, `id=R|100|G|200`.
    PipeDelimited,
    /// `deepObject`: `id[R]=100&id[G]=200`, with the brackets
    /// percent-encoded. Nested objects go deeper (`id[a][b]=1`) and nested
    /// arrays are indexed (`id[list][0]=x`), as `qs` and Stripe write them.
    DeepObject,
    /// `simple` (paths and headers), not exploded: `5`, `3,4`, `R,100,G,200`.
    Simple,
    /// `simple`, exploded: `5`, `3,4`, `R=100,G=200`.
    SimpleExploded,
    /// `label` (paths), not exploded: `.5`, `.3,4`, `.R,100,G,200`.
    Label,
    /// `label`, exploded: `.5`, `.3.4`, `.R=100.G=200`.
    LabelExploded,
    /// `matrix` (paths), not exploded: `;id=5`, `;id=3,4`, `;id=R,100,G,200`.
    Matrix,
    /// `matrix`, exploded: `;id=5`, `;id=3;id=4`, `;R=100;G=200`.
    MatrixExploded,
}

impl Style {
    /// The text between the items of an array or object that is not
    /// exploded, as a query writes it.
    pub(crate) fn delimiter(self) -> &'static str {
        match self {
            Self::SpaceDelimited => "%20",
            Self::PipeDelimited => "|",
            _ => ",",
        }
    }

    /// Whether each item or property is written on its own.
    fn exploded(self) -> bool {
        matches!(
            self,
            Self::FormExploded | Self::DeepObject | Self::SimpleExploded | Self::LabelExploded | Self::MatrixExploded
        )
    }
}

/// Escapes one piece of text (a name, a key, an item) for where it travels.
pub(crate) type Escape = fn(&str) -> String;

/// How the names and the values of `name=value` pairs are escaped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairEscape {
    /// For names, and keys that become names.
    pub(crate) name: Escape,
    /// For values, and the items and keys joined into one value.
    pub(crate) value: Escape,
}

/// A serialized parameter value whose objects keep their properties in the
/// order they were written: a struct's in declaration order, whatever
/// features `serde_json` is built with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `null`, a boolean, a number or a string.
    Scalar(Value),
    /// An array.
    Array(Vec<Node>),
    /// An object, in order.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// Serializes `value` (to JSON text, so the order is kept, and back).
    pub(crate) fn of<V: Serialize + ?Sized>(value: &V) -> Result<Self, serde_json::Error> {
        serde_json::from_str(&serde_json::to_string(value)?)
    }

    fn is_null(&self) -> bool {
        matches!(self, Self::Scalar(Value::Null))
    }

    /// A scalar's text as [`QueryValue`] writes it; an array or object as
    /// JSON text.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Self::Scalar(value) => value.query_text(),
            nested => Cow::Owned(nested.json()),
        }
    }

    /// The value as JSON text, in order.
    fn json(&self) -> String {
        match self {
            Self::Scalar(value) => value.to_string(),
            Self::Array(items) => format!("[{}]", join(items.iter().map(Self::json), ",")),
            Self::Object(properties) => {
                let members = properties.iter().map(|(key, value)| format!("{}:{}", Value::from(&**key), value.json()));
                format!("{{{}}}", join(members, ","))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(value)))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(value)))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(value)))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut properties = Vec::new();
        while let Some(entry) = map.next_entry()? {
            properties.push(entry);
        }
        Ok(Node::Object(properties))
    }
}

/// Joins pieces of text with `separator`.
fn join(pieces: impl Iterator<Item = String>, separator: &str) -> String {
    pieces.collect::<Vec<_>>().join(separator)
}

/// A value taken apart for writing, `null`s left out. Arrays and objects
/// nested in an array or object are written as JSON text, except by
/// `deepObject`.
enum Parts<'v> {
    Scalar(Cow<'v, str>),
    Items(Vec<Cow<'v, str>>),
    Properties(Vec<(&'v str, Cow<'v, str>)>),
}

impl<'v> Parts<'v> {
    /// The parts of `value`, or `None` for `null`.
    fn of(value: &'v Node) -> Option<Self> {
        Some(match value {
            Node::Scalar(Value::Null) => return None,
            Node::Array(items) => Self::Items(items.iter().filter(|item| !item.is_null()).map(Node::text).collect()),
            Node::Object(properties) => Self::Properties(
                properties
                    .iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(key, value)| (key.as_str(), value.text()))
                    .collect(),
            ),
            scalar => Self::Scalar(scalar.text()),
        })
    }
}

/// The text a value becomes in a path segment or a header, in a `simple`,
/// `label` or `matrix` style (RFC 6570 expansion; any other style is read as
/// `simple`), with each piece escaped and the delimiters as they are; `None`
/// for `null`. An empty array or object is undefined in RFC 6570, so it
/// writes nothing, not even the `.` or `;` prefix.
pub(crate) fn expansion(name: &str, value: &Node, style: Style, escape: Escape) -> Option<String> {
    let (prefix, separator, named) = match style {
        Style::Label | Style::LabelExploded => (".", ".", false),
        Style::Matrix | Style::MatrixExploded => (";", ";", true),
        _ => ("", ",", false),
    };
    let name = escape(name);
    let labelled = |text: String| if named { format!("{name}={text}") } else { text };
    let body = match Parts::of(value)? {
        Parts::Scalar(text) if named && text.is_empty() => name.clone(),
        Parts::Scalar(text) => labelled(escape(&text)),
        Parts::Items(items) if items.is_empty() => return Some(String::new()),
        Parts::Properties(properties) if properties.is_empty() => return Some(String::new()),
        Parts::Items(items) if style.exploded() => join(items.iter().map(|item| labelled(escape(item))), separator),
        Parts::Items(items) => labelled(join(items.iter().map(|item| escape(item)), ",")),
        Parts::Properties(properties) if style.exploded() => {
            join(properties.iter().map(|(key, value)| format!("{}={}", escape(key), escape(value))), separator)
        }
        Parts::Properties(properties) => {
            labelled(join(properties.iter().flat_map(|(key, value)| [escape(key), escape(value)]), ","))
        }
    };
    Some(format!("{prefix}{body}"))
}

/// The escaped `(name, value)` pairs a value becomes in a query or cookie
/// style (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`). `null`
/// values, items and properties are left out.
pub(crate) fn styled_pairs(name: &str, value: &Node, style: Style, escape: PairEscape) -> Vec<(String, String)> {
    if style == Style::DeepObject && matches!(value, Node::Object(_)) {
        let mut pairs = Vec::new();
        deep_pairs(name.to_owned(), value, escape, &mut pairs);
        return pairs;
    }
    let key = (escape.name)(name);
    match Parts::of(value) {
        None => Vec::new(),
        Some(Parts::Scalar(text)) => vec![(key, (escape.value)(&text))],
        Some(Parts::Items(items)) if style.exploded() => {
            items.iter().map(|item| (key.clone(), (escape.value)(item))).collect()
        }
        Some(Parts::Items(items)) => {
            vec![(key, join(items.iter().map(|item| (escape.value)(item)), style.delimiter()))]
        }
        Some(Parts::Properties(properties)) if style.exploded() => {
            properties.iter().map(|(name, value)| ((escape.name)(name), (escape.value)(value))).collect()
        }
        Some(Parts::Properties(properties)) => {
            let pieces = properties.iter().flat_map(|(name, value)| [(escape.value)(name), (escape.value)(value)]);
            vec![(key, join(pieces, style.delimiter()))]
        }
    }
}

/// The `deepObject` pairs of `value` under `key`: `key[property]` for each
/// property and `key[index]` for each item of an array, as deep as the value
/// goes. Indexes keep the item's position, so arrays of objects stay
/// unambiguous.
fn deep_pairs(key: String, value: &Node, escape: PairEscape, pairs: &mut Vec<(String, String)>) {
    match value {
        Node::Scalar(Value::Null) => {}
        Node::Object(properties) => {
            for (name, value) in properties {
                deep_pairs(format!("{key}[{name}]"), value, escape, pairs);
            }
        }
        Node::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep_pairs(format!("{key}[{index}]"), item, escape, pairs);
            }
        }
        scalar => pairs.push(((escape.name)(&key), (escape.value)(&scalar.text()))),
    }
}
