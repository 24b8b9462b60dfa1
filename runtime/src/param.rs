//! Parameter values: the validation rules of one parameter, and how values
//! are written as text in paths, queries, headers and cookies.
//!
//! Scalars and enums implement [`QueryValue`], which writes them without
//! going through `serde`. Anything else (objects, unions, maps, arrays of
//! objects) is serialized to JSON first and then written in the parameter's
//! [`Style`], following OpenAPI's `style` and `explode` rules.

use std::borrow::Cow;

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

/// How a query parameter that is not a scalar is written (OpenAPI `style`
/// and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form` with `explode: true`: an array repeats `name=item`, an object
    /// writes `key=value` for each of its properties.
    FormExploded,
    /// `form` with `explode: false`: an array is `name=a,b`, an object is
    /// `name=key,value,key,value`.
    Form,
    /// `spaceDelimited`: an array is `name=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: an array is `name=a|b`.
    PipeDelimited,
    /// `deepObject`: an object writes `name[key]=value` for each property.
    DeepObject,
}

impl Style {
    /// The text between the items of an array that is not exploded.
    pub(crate) fn delimiter(self) -> &'static str {
        match self {
            Self::SpaceDelimited => " ",
            Self::PipeDelimited => "|",
            Self::FormExploded | Self::Form | Self::DeepObject => ",",
        }
    }
}

/// The `(name, value)` pairs a serialized value becomes in `style`, before
/// percent-encoding. `null` values and properties are left out.
pub(crate) fn styled_pairs(name: &str, value: &Value, style: Style) -> Vec<(String, String)> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let texts: Vec<Cow<'_, str>> = items.iter().filter(|item| !item.is_null()).map(Value::query_text).collect();
            match style {
                Style::FormExploded | Style::DeepObject => {
                    texts.into_iter().map(|text| (name.to_owned(), text.into_owned())).collect()
                }
                Style::Form | Style::SpaceDelimited | Style::PipeDelimited => {
                    vec![(name.to_owned(), texts.join(style.delimiter()))]
                }
            }
        }
        Value::Object(properties) => {
            let present = properties.iter().filter(|(_, value)| !value.is_null());
            match style {
                Style::DeepObject => {
                    present.map(|(key, value)| (format!("{name}[{key}]"), value.query_text().into_owned())).collect()
                }
                Style::FormExploded => {
                    present.map(|(key, value)| (key.clone(), value.query_text().into_owned())).collect()
                }
                Style::Form | Style::SpaceDelimited | Style::PipeDelimited => {
                    let flat: Vec<String> =
                        present.flat_map(|(key, value)| [key.clone(), value.query_text().into_owned()]).collect();
                    vec![(name.to_owned(), flat.join(style.delimiter()))]
                }
            }
        }
        scalar => vec![(name.to_owned(), scalar.query_text().into_owned())],
    }
}
