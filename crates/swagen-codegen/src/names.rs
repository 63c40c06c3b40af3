//! Rust identifiers from IR names: keywords escaped, invalid names repaired; the names of each operation's
//! method, arguments and types.

use proc_macro2::{Ident, Span};
use quote::format_ident;
use std::collections::BTreeSet;
use swagen_ir::naming::unique_with;
use swagen_ir::{Api, Operation, Param};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// A snake_case value identifier: `type` → `r#type`, `self` → `self_`.
pub fn value_ident(name: &str) -> Ident {
    let name = sanitize(name, "value");
    if NOT_RAW.contains(&name.as_str()) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name.as_str()) {
        Ident::new_raw(&name, Span::call_site())
    } else {
        Ident::new(&name, Span::call_site())
    }
}

/// An UpperCamelCase type identifier from a snake_case name plus a suffix.
pub fn type_ident(name: &str, suffix: &str) -> Ident {
    let camel = format!("{}{suffix}", swagen_ir::case::upper_camel(name));
    let camel = sanitize(&camel, "Type");
    if NOT_RAW.contains(&camel.as_str()) || KEYWORDS.contains(&camel.as_str()) {
        Ident::new(&format!("{camel}_"), Span::call_site())
    } else {
        Ident::new(&camel, Span::call_site())
    }
}

/// ASCII letters, digits and `_` only; never empty, never starting with a digit.
fn sanitize(name: &str, fallback: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if s.is_empty() || s.chars().all(|c| c == '_') {
        fallback.to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// The names of the items generated for each operation, unique in the client module.
pub(crate) struct TopNames {
    pub(crate) ops: Vec<OpNames>,
}

/// The names of one operation's own types.
pub(crate) struct OpNames {
    pub(crate) params: Ident,
    pub(crate) response: Ident,
    pub(crate) error: Ident,
    /// When the body may be sent as several content types: the enum the caller chooses from (shared by every
    /// operation offering the same list) and whether this operation is the first to use it (and so emits it).
    pub(crate) content_type: Option<(Ident, bool)>,
    /// Whether the params struct is this operation's own or another's (`params::share_structs`).
    pub(crate) params_share: ParamsShare,
}

/// Whose params struct an operation's params type is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ParamsShare {
    /// Its own struct; `others` operations later in the module take the same parameters and alias it.
    Owner { others: usize },
    /// An alias of an earlier operation's struct, which takes the same parameters: that struct's name and a doc link
    /// to that operation's method.
    AliasOf { owner: Ident, link: String },
}

impl TopNames {
    pub(crate) fn new(api: &Api) -> TopNames {
        let mut used: BTreeSet<String> = [
            "Client",
            "Config",
            "Error",
            "ResponseValue",
            "Method",
            "CollectionFormat",
            "Value",
            "FilePart",
            "ApiKeyIn",
            "BTreeMap",
            "StatusCode",
            "types",
            "ApiError",
            "Call",
            "Hook",
            "RetryPolicy",
            "Timeouts",
            "ByteStream",
            "JsonLines",
            "Upload",
            "WatchEvent",
            "IntOrString",
            "DateTime",
            "MicroTime",
            "Date",
            "Uuid",
            "Nullable",
            "Pending",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let mut unique = |base: Ident| format_ident!("{}", unique_with(&base.to_string(), &mut used, ""));
        let mut ops: Vec<OpNames> = api
            .operations
            .iter()
            .map(|op| OpNames {
                params: unique(type_ident(&op.name, "Params")),
                response: unique(type_ident(&op.name, "Response")),
                error: unique(type_ident(&op.name, "Error")),
                content_type: None,
                params_share: ParamsShare::Owner { others: 0 },
            })
            .collect();
        // One enum per distinct list of offered content types, named in the IR (`ContentType`…).
        let mut lists: Vec<(&[String], Ident)> = Vec::new();
        for (op, names) in api.operations.iter().zip(ops.iter_mut()) {
            let Some(list) = offered_content_types(op) else { continue };
            names.content_type = Some(match lists.iter().find(|(l, _)| *l == list) {
                Some((_, ident)) => (ident.clone(), false),
                None => {
                    let choice = match &op.body {
                        swagen_ir::Body::Json { choice: Some(choice), .. } => choice.as_str(),
                        _ => "ContentType",
                    };
                    let ident = unique(format_ident!("{}", choice));
                    lists.push((list, ident.clone()));
                    (ident, true)
                }
            });
        }
        crate::params::share_structs(api, &mut ops);
        TopNames { ops }
    }
}

/// The content types an operation's body may be sent as, when there is a choice (more than one).
pub(crate) fn offered_content_types(op: &Operation) -> Option<&[String]> {
    match &op.body {
        swagen_ir::Body::Json { content_types, .. } if content_types.len() > 1 => Some(content_types),
        _ => None,
    }
}

/// The variant name of a media type: `application/merge-patch+json` → `MergePatchJson`, `text/plain` →
/// `TextPlain`.
pub(crate) fn media_variant(media: &str) -> Ident {
    let tail = media.strip_prefix("application/").unwrap_or(media);
    let camel = swagen_ir::case::upper_camel(&tail.replace(['/', '+', '.', '-'], "_"));
    format_ident!("{}", sanitize(&camel, "Other"))
}

/// The path arguments of an operation, as identifiers, avoiding the `params` argument's name and the names
/// clippy's `disallowed_names` refuses for bindings (`foo`, `baz`, `quux`; arguments are positional, so callers
/// never see the `_`).
pub(crate) fn path_arg_ident(p: &Param) -> Ident {
    const DISALLOWED: [&str; 4] = ["params", "foo", "baz", "quux"];
    if DISALLOWED.contains(&p.name.as_str()) {
        value_ident(&format!("{}_", p.name))
    } else {
        value_ident(&p.name)
    }
}

/// A doc link to the operation's method: ``[`Client::name`]``. rustdoc reads the `#` of a raw identifier as an
/// anchor, so `r#try` is linked as ``[`Client::r#try`](Client::try)``, which rustdoc resolves to the method.
pub(crate) fn method_link(op: &Operation) -> String {
    let method = value_ident(&op.name).to_string();
    match method.strip_prefix("r#") {
        Some(bare) => format!("[`Client::{method}`](Client::{bare})"),
        None => format!("[`Client::{method}`]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(value_ident("type").to_string(), "r#type");
        assert_eq!(value_ident("self").to_string(), "self_");
        assert_eq!(value_ident("crate").to_string(), "crate_");
        assert_eq!(value_ident("9lives").to_string(), "_9lives");
        assert_eq!(value_ident("").to_string(), "value");
        assert_eq!(type_ident("self", "").to_string(), "Self_");
        assert_eq!(type_ident("add_tag", "Params").to_string(), "AddTagParams");
    }
}
