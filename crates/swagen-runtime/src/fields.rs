//! What the `Serialize` and `Deserialize` impls of generated structs call, so that each impl is short and has almost
//! no branches of its own. serde's derives write, per field, a length count, an `if` and a `?` (serialising) or a
//! field-identifier visitor and a `visit_seq` besides `visit_map` (deserialising); on the Kubernetes client those two
//! derives were most of the debug build (BENCHMARKS.md §7).
//!
//! - [`Fields`]: one chain of calls per struct, `Fields::new(s).opt("a", &self.a).field("b", &self.b).end()`; the
//!   chain carries the first error to `end`.
//! - [`Object`]: one `visit_map` per struct, keys matched as text (borrowed from the input when it allows), each
//!   value read into its slot by one call; the first error stops the reading and is returned by
//!   [`Object::finish`].

use crate::formats::Nullable;
use crate::lenient::FieldKey;
use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::marker::PhantomData;

/// A JSON object being written, field by field; the first error is kept and returned by [`Fields::end`].
pub struct Fields<M: SerializeMap> {
    map: Result<M, M::Error>,
}

impl<M: SerializeMap> Fields<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>>(serializer: S) -> Self {
        Fields { map: serializer.serialize_map(None) }
    }

    /// Writes a field that is always sent.
    pub fn field<T: Serialize + ?Sized>(mut self, key: &'static str, value: &T) -> Self {
        if let Ok(map) = &mut self.map {
            if let Err(e) = map.serialize_entry(key, value) {
                self.map = Err(e);
            }
        }
        self
    }

    /// Writes an optional field when it is set; `None` sends nothing.
    pub fn opt<T: Serialize>(self, key: &'static str, value: &Option<T>) -> Self {
        match value {
            Some(value) => self.field(key, value),
            None => self,
        }
    }

    /// Writes a tri-state field unless it is absent (`null` is sent as `null`).
    pub fn nullable<T: Serialize>(self, key: &'static str, value: &Nullable<T>) -> Self {
        if value.is_absent() {
            self
        } else {
            self.field(key, value)
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.map?.end()
    }
}

/// A generated struct, read from a JSON object by [`read_object`] (which its `Deserialize` impl calls).
pub trait ReadObject<'de>: Sized {
    /// What an error says was expected instead (``a `Pod` object``).
    const EXPECTING: &'static str;

    /// Reads the struct's fields from the object's entries.
    fn read<A: MapAccess<'de>>(o: Object<'de, A>) -> Result<Self, A::Error>;
}

/// Reads a generated struct from a JSON object: the one `Visitor` every generated `Deserialize` impl shares.
pub fn read_object<'de, T: ReadObject<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(Object::new(map))
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// A JSON object being read, field by field, into the slots of a generated [`ReadObject::read`].
pub struct Object<'de, A: MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Object<'de, A> {
    /// Starts reading the map.
    pub fn new(map: A) -> Self {
        Object { map, error: None, de: PhantomData }
    }

    /// The next key, or `None` at the end of the map or after an error.
    pub fn next_key(&mut self) -> Option<FieldKey<'de>> {
        if self.error.is_some() {
            return None;
        }
        self.map.next_key::<FieldKey<'de>>().unwrap_or_else(|e| {
            self.error = Some(e);
            None
        })
    }

    fn read<T: Deserialize<'de>>(&mut self) -> Option<T> {
        self.map.next_value::<T>().map_err(|e| self.error = Some(e)).ok()
    }

    /// Reads a value into an optional slot (`Option` or `Nullable`: `null` is its empty state).
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut T) {
        if let Some(v) = self.read::<T>() {
            *slot = v;
        }
    }

    /// Reads the value of a required field.
    pub fn required<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        if let Some(v) = self.read::<T>() {
            *slot = Some(v);
        }
    }

    /// Reads a required list or map, `null` read as empty (Go servers send `null` for an empty list).
    pub fn or_empty<T: Deserialize<'de> + Default>(&mut self, slot: &mut Option<T>) {
        if let Some(v) = self.read::<Option<T>>() {
            *slot = Some(v.unwrap_or_default());
        }
    }

    /// Skips the value of a key the struct does not name.
    pub fn skip(&mut self) {
        let _ = self.read::<IgnoredAny>();
    }

    /// The first error met while reading, if any.
    pub fn finish(&mut self) -> Result<(), A::Error> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// A required field's value, or the `missing field` error naming it.
    pub fn present<T>(&self, slot: Option<T>, key: &'static str) -> Result<T, A::Error> {
        slot.ok_or_else(|| A::Error::missing_field(key))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Pod {
        name: String,
        labels: Option<Vec<String>>,
        replicas: Option<i32>,
    }

    impl Serialize for Pod {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Fields::new(s).field("name", &self.name).opt("labels", &self.labels).opt("replicas", &self.replicas).end()
        }
    }

    impl<'de> Deserialize<'de> for Pod {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read_object(deserializer)
        }
    }

    impl<'de> ReadObject<'de> for Pod {
        const EXPECTING: &'static str = "a pod";
        fn read<A: MapAccess<'de>>(mut o: Object<'de, A>) -> Result<Self, A::Error> {
            let (mut name, mut labels, mut replicas) = (None, None, None);
            while let Some(key) = o.next_key() {
                match key.as_str() {
                    "name" => o.required(&mut name),
                    "labels" => o.or_empty(&mut labels),
                    "replicas" => o.value(&mut replicas),
                    _ => o.skip(),
                }
            }
            o.finish()?;
            Ok(Pod { name: o.present(name, "name")?, labels, replicas })
        }
    }

    /// Fails to serialise.
    struct Broken;

    impl Serialize for Broken {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("broken"))
        }
    }

    #[test]
    fn reads_fields_skips_unknown_ones_and_names_a_missing_one() {
        let pod: Pod =
            serde_json::from_str(r#"{"x": {"y": [1]}, "replicas": 2, "labels": null, "name": "web"}"#).unwrap();
        assert_eq!((pod.name.as_str(), pod.labels, pod.replicas), ("web", Some(vec![]), Some(2)));
        let err = serde_json::from_str::<Pod>(r#"{"replicas": 2}"#).unwrap_err();
        assert!(err.to_string().starts_with("missing field `name`"), "{err}");
        let err = serde_json::from_str::<Pod>("[1]").unwrap_err();
        assert!(err.to_string().starts_with("invalid type: sequence, expected a pod"), "{err}");
        // The first error stops the reading and is the one reported, with its place.
        let err = serde_json::from_str::<Pod>(r#"{"replicas": "two", "name": 5}"#).unwrap_err();
        assert!(err.to_string().contains("expected i32") && err.to_string().contains("column 18"), "{err}");
    }

    #[test]
    fn the_first_error_ends_the_chain() {
        let out = Fields::new(serde_json::value::Serializer).field("a", &1).field("b", &Broken).field("c", &3).end();
        assert_eq!(out.unwrap_err().to_string(), "broken");
    }

    #[test]
    fn writes_set_fields_in_order_and_leaves_unset_ones_out() {
        let pod = Pod { name: "web".into(), labels: None, replicas: Some(2) };
        assert_eq!(serde_json::to_string(&pod).unwrap(), r#"{"name":"web","replicas":2}"#);
    }
}
