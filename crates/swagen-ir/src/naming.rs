//! Operation names: from a sane operationId, otherwise from the summary's verb and the normalised route; snake_case
//! identifiers from any text ([`safe_snake`]) and names made unique.

use crate::ir::{Method, RoutePart};
use crate::normalise::singular;
use std::collections::BTreeSet;

/// Verbs accepted from the first word of a summary.
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "get", "list", "add", "create", "update", "delete", "remove", "set", "replace", "find", "search", "send",
    "upload", "download", "start", "stop", "cancel", "close", "open", "assign", "unassign", "reset", "check",
    "fetch", "retrieve", "patch", "modify", "edit", "enable", "disable", "archive", "restore", "count", "mark",
    "move", "copy", "invite", "approve", "reject", "publish", "unpublish", "register", "verify", "validate",
];

/// Everything the namer looks at for one operation.
pub struct NameInput<'a> {
    pub method: Method,
    pub path_key: &'a str,
    pub route: &'a [RoutePart],
    pub operation_id: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// Example values the normaliser took out of the path.
    pub examples: Vec<&'a str>,
}

/// A chosen name and why.
pub struct Named {
    pub name: String,
    pub reason: String,
}

/// Chooses an operation's base name (not yet made unique).
pub fn operation_name(input: &NameInput<'_>) -> Named {
    if let Some(id) = input.operation_id.map(str::trim).filter(|id| !id.is_empty()) {
        let squashed = squash(id);
        let carries_example = input.examples.iter().any(|ex| {
            let ex = squash(ex);
            ex.len() >= 3 && squashed.contains(&ex)
        });
        let path_words = squash(input.path_key.split('?').next().unwrap_or_default());
        let method = input.method.as_str().to_ascii_lowercase();
        // Path then method (`TagsGet`) is machine-made; method then a long path (`getV2ChatsChatIdTags`) reads worse
        // than a derived name; method then a short path (`getStatus`) is a fine name.
        let segments = input.path_key.split('/').filter(|s| !s.is_empty()).count();
        let mechanical = squashed == format!("{path_words}{method}")
            || (segments >= 3 && squashed == format!("{method}{path_words}"));
        let snake = crate::case::snake(id);
        if !carries_example && !mechanical && snake.chars().any(|c| c.is_ascii_alphabetic()) {
            return Named { name: snake, reason: format!("from operationId `{id}`") };
        }
        let derived = derived_name(input);
        let why = if carries_example {
            format!("operationId `{id}` contains an example value from the path, so not used")
        } else if mechanical {
            format!("operationId `{id}` only repeats the path and method, so not used")
        } else {
            format!("operationId `{id}` gives no usable name")
        };
        return Named { name: derived.name, reason: format!("{why}; {}", derived.reason) };
    }
    derived_name(input)
}

fn derived_name(input: &NameInput<'_>) -> Named {
    let ends_with_param = matches!(input.route.last(), Some(RoutePart::Param(_)));
    let summary_verb = input
        .summary
        .and_then(|s| s.split_whitespace().next())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase())
        .filter(|w| VERBS.contains(&w.as_str()));
    let (verb, verb_reason) = match summary_verb {
        Some(v) => (v.clone(), format!("verb `{v}` from the summary")),
        None => {
            let v = match input.method {
                Method::Get if ends_with_param => "get",
                Method::Get => "list",
                Method::Post => "create",
                Method::Put | Method::Patch => "update",
                Method::Delete => "delete",
                Method::Head => "head",
                Method::Options => "options",
            };
            (v.to_owned(), format!("verb `{v}` from the method {}", input.method.as_str()))
        }
    };

    // Object words from the route's literal segments: a segment followed by a parameter names one item.
    let mut literals: Vec<(String, bool)> = Vec::new();
    for (i, part) in input.route.iter().enumerate() {
        if let RoutePart::Literal(text) = part {
            let followed_by_param = matches!(input.route.get(i + 1), Some(RoutePart::Param(_)));
            let segs: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
            for (j, seg) in segs.iter().enumerate() {
                let last_in_part = j + 1 == segs.len();
                literals.push(((*seg).to_owned(), last_in_part && followed_by_param));
            }
        }
    }
    let creating = matches!(verb.as_str(), "add" | "create") && !ends_with_param;
    let count = literals.len();
    let mut words: Vec<String> = Vec::new();
    for (k, (seg, item)) in literals.iter().enumerate() {
        let word = crate::case::snake(seg);
        if word.is_empty() || is_version_word(&word) {
            continue;
        }
        let one = *item || (creating && k + 1 == count);
        words.push(if one { singular(&word) } else { word });
    }
    if words.first().is_some_and(|w| w == &verb) {
        words.remove(0);
    }
    let object = if words.is_empty() { "root".to_owned() } else { words.join("_") };
    Named { name: format!("{verb}_{object}"), reason: format!("{verb_reason} and `{object}` from the route") }
}

fn is_version_word(w: &str) -> bool {
    let b = w.as_bytes();
    matches!(b.first(), Some(b'v')) && b.len() >= 2 && b[1].is_ascii_digit() || w == "api"
}

/// Lower-case alphanumerics only: `ChatsABC123TagsPut` → `chatsabc123tagsput`.
fn squash(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// snake_case of any text, never empty and never starting with a digit.
pub fn safe_snake(text: &str, fallback: &str) -> String {
    let s = crate::case::snake(text);
    let s: String = s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let s = s.trim_matches('_').to_owned();
    if s.is_empty() {
        fallback.to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{s}")
    } else {
        s
    }
}

/// `base`, or else `base_2`, `base_3`…: the first name not in `used`, which is then added to it.
pub(crate) fn unique(base: &str, used: &mut BTreeSet<String>) -> String {
    unique_with(base, used, "_")
}

/// `base`, or else `base{sep}2`, `base{sep}3`…: the first name not in `used`, which is then added to it.
pub fn unique_with(base: &str, used: &mut BTreeSet<String>, sep: &str) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}{sep}{n}");
        n += 1;
    }
    used.insert(name.clone());
    name
}
