//! The Swagger 2.0 document model.
//!
//! Deliberately tolerant: real specs are sloppy, so anything that can be repaired later (a missing `type`,
//! a number where a string belongs) is accepted here and judged during lowering, where a diagnostic can
//! say what was repaired. Schemas are kept as raw JSON values; the IR interprets them.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A Swagger 2.0 document.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Swagger {
    #[serde(default, deserialize_with = "loose_string")]
    pub swagger: String,
    #[serde(default)]
    pub info: Info,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub host: Option<String>,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub base_path: Option<String>,
    #[serde(default, deserialize_with = "loose_string_list")]
    pub schemes: Vec<String>,
    #[serde(default, deserialize_with = "loose_string_list")]
    pub consumes: Vec<String>,
    #[serde(default, deserialize_with = "loose_string_list")]
    pub produces: Vec<String>,
    #[serde(default, deserialize_with = "without_extensions")]
    pub paths: IndexMap<String, PathItem>,
    #[serde(default)]
    pub definitions: IndexMap<String, Value>,
    #[serde(default)]
    pub parameters: IndexMap<String, Parameter>,
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
    #[serde(default)]
    pub security_definitions: IndexMap<String, Value>,
    #[serde(default)]
    pub security: Option<Vec<IndexMap<String, Value>>>,
}

/// `info`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Info {
    #[serde(default, deserialize_with = "loose_string")]
    pub title: String,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "loose_string")]
    pub version: String,
}

/// A path item: the operations under one path key.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PathItem {
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    pub get: Option<Operation>,
    pub put: Option<Operation>,
    pub post: Option<Operation>,
    pub delete: Option<Operation>,
    pub options: Option<Operation>,
    pub head: Option<Operation>,
    pub patch: Option<Operation>,
    #[serde(default, deserialize_with = "loose_parameters")]
    pub parameters: Vec<Parameter>,
}

/// The HTTP methods Swagger 2.0 knows, in the order swagen emits them.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

impl PathItem {
    /// The operations present, in [`METHODS`] order, with their lower-case method name.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        let ops = [&self.get, &self.put, &self.post, &self.delete, &self.options, &self.head, &self.patch];
        METHODS.into_iter().zip(ops).filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    }
}

/// One operation.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    #[serde(default, deserialize_with = "loose_string_list")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub operation_id: Option<String>,
    #[serde(default, deserialize_with = "loose_opt_string_list")]
    pub consumes: Option<Vec<String>>,
    #[serde(default, deserialize_with = "loose_opt_string_list")]
    pub produces: Option<Vec<String>>,
    #[serde(default, deserialize_with = "loose_parameters")]
    pub parameters: Vec<Parameter>,
    #[serde(default, deserialize_with = "without_extensions")]
    pub responses: IndexMap<String, Response>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub security: Option<Vec<IndexMap<String, Value>>>,
}

/// A parameter, or a `$ref` to one (then only `reference` is set).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    #[serde(default, deserialize_with = "loose_string")]
    pub name: String,
    #[serde(rename = "in", default, deserialize_with = "loose_string")]
    pub location: String,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub description: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(rename = "type", default, deserialize_with = "loose_opt_string")]
    pub ty: Option<String>,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub format: Option<String>,
    #[serde(default)]
    pub items: Option<Value>,
    #[serde(default, deserialize_with = "loose_opt_string")]
    pub collection_format: Option<String>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(rename = "enum", default)]
    pub enumeration: Option<Vec<Value>>,
    #[serde(default)]
    pub schema: Option<Value>,
}

/// A response, or a `$ref` to one.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Response {
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    #[serde(default, deserialize_with = "loose_string")]
    pub description: String,
    #[serde(default)]
    pub schema: Option<Value>,
    #[serde(default)]
    pub headers: IndexMap<String, Value>,
}

/// A map of Swagger objects that may also hold `^x-` extension keys (the Paths and Responses objects): the
/// extensions are skipped, the rest typed in place (a type error keeps its JSON pointer).
fn without_extensions<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<IndexMap<String, T>, D::Error> {
    struct Objects<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Objects<T> {
        type Value = IndexMap<String, T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a mapping")
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(IndexMap::new())
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if key.starts_with("x-") {
                    map.next_value::<serde::de::IgnoredAny>()?;
                } else {
                    let value = map.next_value::<T>()?;
                    out.insert(key, value);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(Objects(std::marker::PhantomData))
}

/// A parameter list; machine-made specs also write a mapping (name → parameter) or put `null` entries in it.
/// Both are repaired here; lowering warns about them (it reads the raw document). List items are deserialized in
/// place, so a type error inside one keeps its JSON pointer.
fn loose_parameters<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Parameter>, D::Error> {
    struct Params;
    impl<'de> serde::de::Visitor<'de> for Params {
        type Value = Vec<Parameter>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of parameters")
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<Option<Parameter>>()? {
                out.extend(item);
            }
            Ok(out)
        }

        // Only the values that look like parameters: some specs put an operation-like mapping here.
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((_, v)) = map.next_entry::<String, Value>()? {
                if ["name", "in", "$ref"].iter().any(|k| v.get(k).is_some()) {
                    out.push(serde_json::from_value(v).map_err(serde::de::Error::custom)?);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(Params)
}

/// Accepts a string, a number or a boolean as a string (YAML turns `version: 1.0` into a number);
/// `null` becomes the empty string.
fn loose_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(loose_opt_string(d)?.unwrap_or_default())
}

fn loose_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(Some(s)), // moved, not copied: descriptions are most of a spec's text
        v => {
            scalar_to_string(&v).map_err(|found| serde::de::Error::custom(format!("expected a string, found {found}")))
        }
    }
}

fn loose_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(loose_opt_string_list(d)?.unwrap_or_default())
}

/// A list of strings; a single string is taken as a list of one (a common slip).
fn loose_opt_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let v = Value::deserialize(d)?;
    let items = match &v {
        Value::Null => return Ok(None),
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        other => vec![other],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match scalar_to_string(item) {
            Ok(Some(s)) => out.push(s),
            Ok(None) => {}
            Err(found) => return Err(serde::de::Error::custom(format!("expected a list of strings, found {found}"))),
        }
    }
    Ok(Some(out))
}

fn scalar_to_string(v: &Value) -> Result<Option<String>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Array(_) => Err("a list"),
        Value::Object(_) => Err("a mapping"),
    }
}
