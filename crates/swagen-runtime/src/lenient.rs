//! Decoding as lenient as real servers need, and value types Swagger formats stand for.
//!
//! - [`null_as_default`]: Go servers (Docker, Kubernetes) send `null` for an empty list or map, even where the spec
//!   says the field is required and not nullable. Generated types read such a `null` as the empty value.
//! - [`IntOrString`]: Kubernetes' `format: int-or-string` (`maxUnavailable: 1` or `"25%"`), both forms round-trip.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Reads `null` as `T::default()` (an empty list or map), any other value as `T`. Used by generated types on
/// required list and map fields: `#[serde(default, deserialize_with = "swagen_runtime::null_as_default")]`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An integer or a string, as Kubernetes' `IntOrString` (`format: int-or-string`): written back in the form it
/// came in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

impl From<i64> for IntOrString {
    fn from(i: i64) -> Self {
        IntOrString::Int(i)
    }
}

impl From<i32> for IntOrString {
    fn from(i: i32) -> Self {
        IntOrString::Int(i.into())
    }
}

impl From<&str> for IntOrString {
    fn from(s: &str) -> Self {
        IntOrString::String(s.to_owned())
    }
}

impl From<String> for IntOrString {
    fn from(s: String) -> Self {
        IntOrString::String(s)
    }
}

impl crate::ParamValue for IntOrString {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        push(self.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Images {
        #[serde(default, deserialize_with = "null_as_default")]
        labels: std::collections::BTreeMap<String, String>,
        #[serde(default, deserialize_with = "null_as_default")]
        tags: Vec<String>,
    }

    #[test]
    fn null_lists_and_maps_are_empty() {
        let empty = Images { labels: Default::default(), tags: vec![] };
        assert_eq!(serde_json::from_str::<Images>(r#"{"labels": null, "tags": null}"#).unwrap(), empty);
        assert_eq!(serde_json::from_str::<Images>("{}").unwrap(), empty);
        let full: Images = serde_json::from_str(r#"{"labels": {"a": "b"}, "tags": ["x"]}"#).unwrap();
        assert_eq!(full.tags, ["x"]);
    }

    #[test]
    fn int_or_string_round_trips_both_forms() {
        for text in ["1", "\"25%\""] {
            let v: IntOrString = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), text);
        }
        assert_eq!(serde_json::from_str::<IntOrString>("1").unwrap(), IntOrString::Int(1));
    }
}

/// A map key, borrowed from the input when it can be: the hand-written `Deserialize` impls of generated types match
/// keys by text without copying them.
#[derive(Debug)]
pub struct FieldKey<'de>(std::borrow::Cow<'de, str>);

impl FieldKey<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = FieldKey<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(FieldKey(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
                Ok(FieldKey(std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E>(self, key: String) -> Result<Self::Value, E> {
                Ok(FieldKey(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
