//! The names file: every name swagen derived for a spec, kept beside it (`specs/<name>.names.json`) so that a spec
//! change that only adds to the spec only adds to the Rust API.
//!
//! Several names depend on the whole spec, not on the item alone: a definition's type name is its shortest unique
//! dotted suffix (adding `io.k8s.api.foo.v1.Pod` would rename `Pod` to `CoreV1Pod`), a method name taken twice gets a
//! number in document order, enum variants that spell alike get numbers in value order, and a parameter the
//! normaliser introduces takes a sibling's template name. The book records each decision under the item's stable
//! identity (definition key, `METHOD path-key`, type name and wire value, path key); lowering with a book gives a
//! recorded item its recorded name and names only new items fresh, around the recorded ones. Written by `cargo xtask
//! codegen` (checked by `--check`), read by `build.rs` (`Generator::names`) and the CLI (`--names FILE`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the file's format.
pub const NAMEBOOK_VERSION: u32 = 1;

/// Every recorded name, keyed by the item's stable identity; sorted, so the file's diff is reviewable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameBook {
    /// `swagen-names`: the format version.
    #[serde(rename = "swagen-names", default = "version")]
    pub version: u32,
    /// `definitions` key → type name (`io.k8s.api.core.v1.Pod` → `Pod`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, String>,
    /// An inline schema, as the name it is made from and the schema's JSON pointer (one schema can be met in several
    /// places, e.g. through `allOf`) → its type name (`ListPetsResponse #/paths/~1pets/get/responses/200/schema` →
    /// `ListPetsResponse`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inline_types: BTreeMap<String, String>,
    /// `METHOD path-key` as in the spec (`GET /pets/{id}`) → method name; `GET path-key watch` → its watch variant.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub methods: BTreeMap<String, String>,
    /// Path key → its route (`/tags/support` → `/tags/{tag}`): what the normaliser decided, names included. A key
    /// kept as written maps to itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub routes: BTreeMap<String, String>,
    /// A list of content types a body may be sent as (joined with `, `) → the name of the enum callers choose from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content_types: BTreeMap<String, String>,
    /// Type name → (wire value → variant name), for string and integer enums.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, BTreeMap<String, String>>,
    /// Type name → (property → field name), for the structs where two properties spell the same field name (`fooBar`
    /// and `foo_bar`); every other field's name depends on its property alone.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, BTreeMap<String, String>>,
}

fn version() -> u32 {
    NAMEBOOK_VERSION
}

impl NameBook {
    /// An empty book (every name is derived fresh).
    pub fn new() -> Self {
        NameBook { version: NAMEBOOK_VERSION, ..NameBook::default() }
    }

    /// Reads a book from its JSON text, and checks that every name is one swagen could have given (a hand edit that
    /// is not a Rust identifier of the right case is refused, naming the entry).
    pub fn parse(text: &str) -> Result<Self, String> {
        let book: NameBook = serde_json::from_str(text).map_err(|e| format!("not a names file: {e}"))?;
        if book.version != NAMEBOOK_VERSION {
            return Err(format!("names file version {} (this swagen reads version {NAMEBOOK_VERSION})", book.version));
        }
        book.validate()?;
        Ok(book)
    }

    fn validate(&self) -> Result<(), String> {
        let camel = |what: &str, key: &str, name: &str| -> Result<(), String> {
            let ok = name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
                && name != "Self";
            ok.then_some(()).ok_or_else(|| format!("{what} `{key}`: `{name}` is not an UpperCamelCase Rust name"))
        };
        let snake = |what: &str, key: &str, name: &str| -> Result<(), String> {
            let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            ok.then_some(()).ok_or_else(|| format!("{what} `{key}`: `{name}` is not a snake_case Rust name"))
        };
        for (key, name) in self.types.iter().chain(&self.inline_types).chain(&self.content_types) {
            camel("type", key, name)?;
            if crate::models::RESERVED.contains(&name.as_str()) {
                return Err(format!("type `{key}`: `{name}` is a name the generated code uses itself"));
            }
        }
        let mut methods = std::collections::BTreeSet::new();
        for (key, name) in &self.methods {
            snake("method", key, name)?;
            if !methods.insert(name) {
                return Err(format!("method `{key}`: `{name}` is recorded twice"));
            }
        }
        for (ty, members) in &self.variants {
            let mut seen = std::collections::BTreeSet::from(["Other"]);
            for (value, name) in members {
                camel("variant of", &format!("{ty}` value `{value}"), name)?;
                if !seen.insert(name) {
                    return Err(format!("variant of `{ty}` value `{value}`: `{name}` is taken"));
                }
            }
        }
        for (ty, members) in &self.fields {
            let mut seen = std::collections::BTreeSet::new();
            for (wire, name) in members {
                snake("field of", &format!("{ty}` property `{wire}"), name)?;
                if !seen.insert(name) {
                    return Err(format!("field of `{ty}` property `{wire}`: `{name}` is recorded twice"));
                }
            }
        }
        for (key, route) in &self.routes {
            if !route.starts_with('/') {
                return Err(format!("route of `{key}`: `{route}` does not start with `/`"));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for name in self.types.values().chain(self.inline_types.values()) {
            if !seen.insert(name) {
                return Err(format!("type name `{name}` is recorded twice"));
            }
        }
        Ok(())
    }

    /// The book as pretty JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned());
        text.push('\n');
        text
    }

    /// The identity of an operation in the book.
    pub fn method_key(method: &str, path_key: &str) -> String {
        format!("{} {path_key}", method.to_ascii_uppercase())
    }

    /// The identity of an inline model in the book: the name it is made from, and where its schema is.
    pub fn inline_key(base: &str, pointer: &str) -> String {
        format!("{base} {pointer}")
    }

    /// The identity of an operation's watch variant in the book.
    pub fn watch_key(path_key: &str) -> String {
        format!("GET {path_key} watch")
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
            && self.inline_types.is_empty()
            && self.methods.is_empty()
            && self.routes.is_empty()
            && self.content_types.is_empty()
            && self.variants.is_empty()
            && self.fields.is_empty()
    }
}
