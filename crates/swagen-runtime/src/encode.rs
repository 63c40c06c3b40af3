//! Path-segment percent-encoding and parameter value encoding (Swagger's `collectionFormat`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;

/// Everything but RFC 3986 unreserved characters is encoded in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a value as exactly one path segment: `a b/c` → `a%20b%2Fc`. The dot segments `.` and `..`
/// become `%2E`/`%2E%2E`, which [`crate::Request`] refuses to send (URL parsers would resolve them), so no value
/// can change the route.
/// Stands for an empty path parameter; [`crate::Request`] refuses a path containing it.
pub(crate) const EMPTY_SEGMENT: &str = "\0";

pub fn encode_path_segment(value: &str) -> Cow<'_, str> {
    match value {
        // An empty segment would reach another route (`/files/` instead of `/files/{path}`); the marker (a raw NUL,
        // which encoding never produces) makes the request refuse to be sent.
        "" => Cow::Borrowed(EMPTY_SEGMENT),
        "." => Cow::Borrowed("%2E"),
        ".." => Cow::Borrowed("%2E%2E"),
        _ => utf8_percent_encode(value, SEGMENT).into(),
    }
}

/// A non-text path parameter (a number, a flag, an enum) as one percent-encoded path segment.
pub fn encode_path_value<V: std::fmt::Display>(value: V) -> String {
    encode_path_segment(&value.to_string()).into_owned()
}

/// Swagger's `collectionFormat`: how a list is put on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum CollectionFormat {
    /// `a,b`
    #[default]
    Csv,
    /// `a b`
    Ssv,
    /// `a\tb`
    Tsv,
    /// `a|b`
    Pipes,
    /// `name=a&name=b`
    Multi,
}

impl CollectionFormat {
    /// Puts a list on the wire as `name=value` pairs. An empty list is sent, not dropped: one pair with an empty
    /// value (`tag[]=` in `multi`, `tag=` joined), the form convention for "the list is empty" (Rails' hidden
    /// field for an empty multi-select); only an absent list (`None`, see [`ListValue`]) sends nothing.
    pub(crate) fn encode<V: ParamValue>(self, name: &str, values: &[V], out: &mut Vec<(String, String)>) {
        let mut items = Vec::with_capacity(values.len());
        for v in values {
            v.push_values(&mut |s| items.push(s));
        }
        if items.is_empty() {
            out.push((name.to_owned(), String::new()));
            return;
        }
        let sep = match self {
            CollectionFormat::Multi => {
                out.extend(items.into_iter().map(|v| (name.to_owned(), v)));
                return;
            }
            CollectionFormat::Csv => ",",
            CollectionFormat::Ssv => " ",
            CollectionFormat::Tsv => "\t",
            CollectionFormat::Pipes => "|",
        };
        out.push((name.to_owned(), items.join(sep)));
    }
}

/// A list parameter as a params struct holds it: a required list (`Vec<T>`, a slice) is always sent, an optional
/// one (`Option<Vec<T>>`) only when it is `Some`, so "no field" (`None`) and "an empty list" (`Some(vec![])`)
/// stay apart on the wire.
pub trait ListValue<V> {
    /// The items to send, or `None` to send nothing.
    fn items(&self) -> Option<&[V]>;
}

impl<V> ListValue<V> for [V] {
    fn items(&self) -> Option<&[V]> {
        Some(self)
    }
}

impl<V> ListValue<V> for Vec<V> {
    fn items(&self) -> Option<&[V]> {
        Some(self)
    }
}

impl<V> ListValue<V> for Option<Vec<V>> {
    fn items(&self) -> Option<&[V]> {
        self.as_deref()
    }
}

impl<V, L: ListValue<V> + ?Sized> ListValue<V> for &L {
    fn items(&self) -> Option<&[V]> {
        (**self).items()
    }
}

/// Joins a list path parameter into one value (`a,b` for csv), to be encoded with [`encode_path_segment`].
/// `multi` has no meaning in a path and is joined as csv.
pub fn join_list<V: ParamValue>(values: &[V], format: CollectionFormat) -> String {
    let format = if format == CollectionFormat::Multi { CollectionFormat::Csv } else { format };
    let mut out = Vec::new();
    format.encode("", values, &mut out);
    out.pop().map(|(_, v)| v).unwrap_or_default()
}

/// A value that can be sent as a query, header or form parameter. `None` sends nothing.
pub trait ParamValue {
    /// Calls `push` once per wire value (zero times for `None`).
    fn push_values(&self, push: &mut dyn FnMut(String));
}

impl ParamValue for str {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        push(self.to_owned());
    }
}

impl ParamValue for String {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        push(self.clone());
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        (**self).push_values(push);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        if let Some(v) = self {
            v.push_values(push);
        }
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn push_values(&self, push: &mut dyn FnMut(String)) {
                push(self.to_string());
            }
        }
    )*};
}
display_param!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl ParamValue for serde_json::Value {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => push(s.clone()),
            other => push(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(encode_path_segment("../admin"), "..%2Fadmin");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("x?y#z%2F"), "x%3Fy%23z%252F");
        assert_eq!(encode_path_segment("support"), "support");
        assert_eq!(encode_path_segment("żółw"), "%C5%BC%C3%B3%C5%82w");
    }

    #[test]
    fn collection_formats() {
        let vals = ["a", "b"];
        let mut out = Vec::new();
        CollectionFormat::Multi.encode("tag[]", &vals, &mut out);
        assert_eq!(out, [("tag[]".to_owned(), "a".to_owned()), ("tag[]".to_owned(), "b".to_owned())]);
        for (f, joined) in [
            (CollectionFormat::Csv, "a,b"),
            (CollectionFormat::Ssv, "a b"),
            (CollectionFormat::Tsv, "a\tb"),
            (CollectionFormat::Pipes, "a|b"),
        ] {
            let mut out = Vec::new();
            f.encode("x", &vals, &mut out);
            assert_eq!(out, [("x".to_owned(), joined.to_owned())]);
        }
        for f in [CollectionFormat::Csv, CollectionFormat::Multi] {
            let mut out = Vec::new();
            f.encode::<&str>("x", &[], &mut out);
            assert_eq!(out, [("x".to_owned(), String::new())], "an empty list is sent as one empty value");
        }
        assert_eq!(None::<Vec<u8>>.items(), None);
        assert_eq!(Some(Vec::<u8>::new()).items(), Some(&[][..]));
        assert_eq!(join_list(&[1, 2], CollectionFormat::Pipes), "1|2");
        assert_eq!(join_list(&["a", "b"], CollectionFormat::Multi), "a,b");
        assert_eq!(join_list::<&str>(&[], CollectionFormat::Csv), "");
    }
}
