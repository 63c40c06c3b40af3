//! The models one API lowers into, and the names they and their variants take.
//!
//! Every `definitions` entry is named before any schema is read (shortest unique dotted suffix, UpperCamelCase,
//! never a name the generated `types` module or Rust's prelude uses), so references resolve in one pass.

use crate::ir::Model;
use crate::namebook::NameBook;
use crate::naming::unique_with;
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Names a model never takes: the generated `types` module uses them, or they are in Rust's prelude.
pub(crate) const RESERVED: &[&str] = &[
    "Value",
    "BTreeMap",
    "Serialize",
    "Deserialize",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Unpin",
    "Self",
    "FromIterator",
    "Types",
];

/// The models of one API, and the names taken so far.
#[derive(Default)]
pub(crate) struct Schemas {
    pub models: Vec<Model>,
    /// `definitions` key → model name.
    def_names: HashMap<String, String>,
    used: BTreeSet<String>,
    /// Inline model key (see [`NameBook::inline_key`]) → the name the names file recorded (reserved in `used` from
    /// the start).
    recorded_inline: HashMap<String, String>,
    /// Inline model name → its key, for the names file.
    pub inline_keys: HashMap<String, String>,
    /// How deep the schema being typed nests (see `schema::MAX_DEPTH`).
    pub depth: usize,
    /// Local `$ref`s (not to definitions) being followed, to stop cycles.
    pub following: Vec<String>,
    pub depth_warned: bool,
}

impl Schemas {
    /// Names every definition up front: the name the book recorded for its key, else the shortest unique dotted
    /// suffix (`io.k8s.api.core.v1.Pod` → `Pod`) among the names not recorded. Every recorded name is reserved
    /// first, so a new item never takes an existing item's name.
    pub fn new(definitions: &IndexMap<String, Value>, raw: &Value, book: &NameBook) -> Schemas {
        let mut s = Schemas::default();
        // Recorded names of items still in the spec are reserved (a schema gone frees its name).
        s.used.extend(book.types.iter().filter(|(k, _)| definitions.contains_key(*k)).map(|(_, v)| v.clone()));
        s.recorded_inline = book
            .inline_types
            .iter()
            .filter(|(k, _)| k.split_once(' ').is_some_and(|(_, at)| inline_schema_at(raw, at)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        s.used.extend(s.recorded_inline.values().cloned());
        let mut recorded: HashMap<String, String> = HashMap::new();
        for key in definitions.keys() {
            if let Some(name) = book.types.get(key) {
                recorded.insert(key.clone(), name.clone());
            }
        }
        let keys: Vec<&String> = definitions.keys().collect();
        let parts: Vec<Vec<&str>> = keys.iter().map(|k| k.split('.').filter(|p| !p.is_empty()).collect()).collect();
        let mut take: Vec<usize> = vec![1; keys.len()];
        let candidate = |i: usize, take: &[usize]| -> String {
            let p = &parts[i];
            let from = p.len().saturating_sub(take[i]);
            model_base(&p[from..].join("."))
        };
        // Grow the suffix of clashing names until they differ or cannot grow.
        for _ in 0..16 {
            let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
            for i in 0..keys.len() {
                groups.entry(candidate(i, &take)).or_default().push(i);
            }
            let mut grew = false;
            let mut clashing: Vec<&Vec<usize>> = groups.values().filter(|g| g.len() > 1).collect();
            clashing.sort();
            for g in clashing {
                for &i in g {
                    if take[i] < parts[i].len() {
                        take[i] += 1;
                        grew = true;
                    }
                }
            }
            if !grew {
                break;
            }
        }
        for (i, key) in keys.iter().enumerate() {
            let name = match recorded.remove(key.as_str()) {
                Some(name) => name,
                None => s.unique_name(&candidate(i, &take)),
            };
            s.def_names.insert((*key).clone(), name);
        }
        s
    }

    /// The name for an inline schema at `at` named after `hint`: the recorded one, else one made from `hint` among
    /// the names not taken.
    pub fn inline_name(&mut self, at: &str, hint: &str) -> String {
        let base = model_base(hint);
        let key = NameBook::inline_key(&base, at);
        let name = match self.recorded_inline.remove(&key) {
            Some(name) => name,
            None => self.unique_name(&base),
        };
        self.inline_keys.insert(name.clone(), key);
        name
    }

    pub fn unique_name(&mut self, base: &str) -> String {
        unique_with(base, &mut self.used, "")
    }

    /// The model name of a `definitions` key.
    pub fn definition_name(&self, key: &str) -> Option<&str> {
        self.def_names.get(key).map(String::as_str)
    }
}

/// Whether an inline schema (not a `$ref`) is still at `at`: a recorded inline name is reserved only then.
fn inline_schema_at(raw: &Value, at: &str) -> bool {
    swagen_spec::resolve_local(raw, at).is_some_and(|schema| schema.get("$ref").is_none())
}

/// UpperCamelCase in ASCII letters and digits only. The first letter is upper-cased after non-ASCII letters are
/// dropped, so `日本self` gives `Self`, never the keyword `self`.
fn ascii_camel(text: &str) -> String {
    let ascii: String = crate::case::upper_camel(text).chars().filter(char::is_ascii_alphanumeric).collect();
    let mut chars = ascii.chars();
    chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

pub(crate) fn model_base(text: &str) -> String {
    let camel = ascii_camel(text);
    let camel = if camel.is_empty() {
        "Model".to_owned()
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Model{camel}")
    } else {
        camel
    };
    if RESERVED.contains(&camel.as_str()) {
        format!("{camel}Model")
    } else {
        camel
    }
}

/// A variant name from any text: `2xl` → `V2xl`, `-1` → `Minus1`, `""` → `Empty`, `é` → `Value3`.
pub(crate) fn variant_base(text: &str, index: usize) -> String {
    let t = text.trim();
    if t.is_empty() {
        return "Empty".to_owned();
    }
    let spelled = if let Some(rest) = t.strip_prefix('-') {
        format!("minus {rest}")
    } else if let Some(rest) = t.strip_prefix('+') {
        format!("plus {rest}")
    } else {
        t.to_owned()
    };
    let camel = ascii_camel(&spelled);
    if camel.is_empty() {
        format!("Value{index}")
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else if camel == "Self" {
        "SelfValue".to_owned()
    } else {
        camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names() {
        assert_eq!(variant_base("2xl", 0), "V2xl");
        assert_eq!(variant_base("-1", 0), "Minus1");
        assert_eq!(variant_base("+1", 0), "Plus1");
        assert_eq!(variant_base("", 0), "Empty");
        assert_eq!(variant_base("é", 3), "Value3");
        assert_eq!(variant_base("self", 0), "SelfValue");
        assert_eq!(variant_base("日本self", 0), "SelfValue");
        assert_eq!(model_base("日本type"), "Type");
        assert_eq!(variant_base("in_progress", 0), "InProgress");
    }

    #[test]
    fn model_names() {
        assert_eq!(model_base("Option"), "OptionModel");
        assert_eq!(model_base("2fa"), "Model2fa");
        assert_eq!(model_base("pet-store"), "PetStore");
        let defs: IndexMap<String, Value> =
            ["io.k8s.api.core.v1.Pod", "io.k8s.api.apps.v1.Scale", "io.k8s.api.autoscaling.v1.Scale"]
                .into_iter()
                .map(|k| (k.to_owned(), Value::Null))
                .collect();
        let s = Schemas::new(&defs, &Value::Null, &NameBook::new());
        assert_eq!(s.definition_name("io.k8s.api.core.v1.Pod"), Some("Pod"));
        assert_eq!(s.definition_name("io.k8s.api.apps.v1.Scale"), Some("AppsV1Scale"));
        assert_eq!(s.definition_name("io.k8s.api.autoscaling.v1.Scale"), Some("AutoscalingV1Scale"));
    }
}
