//! Route normalisation: example values baked into path keys become path parameters.
//!
//! Each literal segment is judged by two kinds of evidence, never by its exact text:
//! - **shape**: UUIDs, e-mail addresses, long digit runs, upper-case codes with digits (`ABC123`, `5FUED`),
//!   long hex strings and letter/digit mixes (`mxsmn867vb`) are values; version markers (`v2`, `1.1`) and plain words
//!   are literals;
//! - **structure**: a plain word that is the last segment of an item path (`/tags/support`, only GET/PUT/PATCH/DELETE)
//!   under a collection path that exists in the spec (`/tags`, with GET or POST), where the operation's own text names
//!   the collection's noun ("Delete a tag"), is a chosen name, so a value.
//!
//! Names: an existing template at the same slot of a sibling path wins; otherwise the singular of the collection
//! before the value, plus `_id` for opaque ids (`chat_id`) or alone for chosen names (`tag`).
//! Every segment gets a [`SegmentDecision`] with its reason, which `swagen explain` prints.

use crate::ir::{Method, RoutePart};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What the normaliser needs to know about one path key.
#[derive(Clone, Debug)]
pub struct PathInput {
    pub key: String,
    pub methods: Vec<Method>,
    /// The summaries, descriptions and operationIds of the key's operations, as written.
    pub text: String,
    /// A decision the user pinned (`x-swagen-route` / `x-swagen-literal` on the path item).
    pub pin: Pin,
}

/// A route decision pinned by the user, overriding the normaliser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Pin {
    #[default]
    None,
    /// `x-swagen-literal: true`: keep every literal segment of the key.
    Literal,
    /// `x-swagen-route: /tags/{tag}`: use this template; its segments line up with the key's.
    Route(String),
}

/// The normaliser's result for one path key.
#[derive(Clone, Debug, PartialEq)]
pub struct NormalisedPath {
    pub key: String,
    pub route: Vec<RoutePart>,
    /// Parameters the normaliser introduced, in route order.
    pub introduced: Vec<Introduced>,
    /// Names of templates that were already in the key (`{id}`, `:id`), in route order.
    pub templated: Vec<String>,
    /// A query string baked into the key (`/?Action=X`), as fixed pairs.
    pub fixed_query: Vec<(String, String)>,
    /// One decision per segment.
    pub decisions: Vec<SegmentDecision>,
    /// The user pinned this route (`x-swagen-route` / `x-swagen-literal`).
    pub pinned: bool,
}

/// A parameter the normaliser introduced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Introduced {
    pub name: String,
    pub example: String,
    pub reason: String,
}

/// The decision about one segment of a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentDecision {
    pub segment: String,
    /// `Some(name)` when the segment is (or became) a parameter.
    pub param: Option<String>,
    pub changed: bool,
    pub reason: String,
}

/// The shape of a literal segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Uuid,
    Email,
    Digits,
    ShortDigits,
    Code,
    Hex,
    Mixed,
    Dotted,
    Domain,
    Version,
    Word,
    Other,
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Shape::Uuid => "a UUID",
            Shape::Email => "an e-mail address",
            Shape::Digits => "a run of digits",
            Shape::ShortDigits => "a short number",
            Shape::Code => "an upper-case code with digits",
            Shape::Hex => "a long hexadecimal string",
            Shape::Mixed => "a mix of letters and digits",
            Shape::Dotted => "a dotted id or address",
            Shape::Domain => "a domain name",
            Shape::Version => "a version marker",
            Shape::Word => "a plain word",
            Shape::Other => "not a recognised value shape",
        }
    }

    /// Values whose name should end in `_id`.
    fn is_opaque_id(self) -> bool {
        matches!(
            self,
            Shape::Uuid | Shape::Digits | Shape::ShortDigits | Shape::Code | Shape::Hex | Shape::Mixed | Shape::Dotted
        )
    }
}

fn classify(seg: &str) -> Shape {
    let len = seg.chars().count();
    if seg.is_empty() {
        return Shape::Other;
    }
    if is_uuid(seg) {
        return Shape::Uuid;
    }
    if let Some((local, domain)) = seg.split_once('@') {
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') {
            return Shape::Email;
        }
    }
    if is_version(seg) {
        return Shape::Version;
    }
    if is_domain(seg) {
        return Shape::Domain;
    }
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    // `123.456.789.012`, `S1352647457.ac951bfe2e`: dotted parts, all alphanumeric, with many digits.
    if digits >= 6
        && seg.split('.').count() > 1
        && seg.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Shape::Dotted;
    }
    if digits == seg.len() {
        return if len >= 3 { Shape::Digits } else { Shape::ShortDigits };
    }
    let letters = seg.bytes().filter(u8::is_ascii_alphabetic).count();
    let alnum = digits + letters == seg.len();
    if alnum
        && len >= 4
        && digits > 0
        && letters > 0
        && seg.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Shape::Code;
    }
    if alnum && len >= 8 && digits > 0 && letters > 0 && seg.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Shape::Hex;
    }
    // Long generated keys (`hzYAVO9Sg98nsNh65VfX81M84O2kyXVy6K1xwHD7`): letters of both cases and digits.
    if alnum && len >= 16 && digits >= 2 && letters >= 2 {
        return Shape::Mixed;
    }
    // Random lower-case ids (`fugvjdxtri`, `0cjtch`): a run of five or more consonants no word has.
    if alnum && len >= 6 && !seg.bytes().any(|b| b.is_ascii_uppercase()) && longest_consonant_run(seg) >= 5 {
        return Shape::Mixed;
    }
    if alnum && len >= 6 && digits >= 2 && letters >= 2 && seg.bytes().all(|b| !b.is_ascii_uppercase()) {
        let transitions = seg.as_bytes().windows(2).filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit()).count();
        if transitions >= 2 {
            return Shape::Mixed;
        }
    }
    if seg.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_') && letters > 0 {
        return Shape::Word;
    }
    Shape::Other
}

fn longest_consonant_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for b in s.bytes() {
        let consonant = b.is_ascii_alphabetic() && !b"aeiouyAEIOUY".contains(&b);
        run = if consonant { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// `example.com`, `mon-api.com`, `a.b.c.com`: dot-separated labels of letters, digits and hyphens, ending in an
/// alphabetic top-level label of 2 to 6 letters that is not a file extension.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && split_extension(s).1.is_empty()
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `v2`, `v1beta1`, `V3`, `1.1`, `2.0`.
fn is_version(s: &str) -> bool {
    let b = s.as_bytes();
    if (b[0] == b'v' || b[0] == b'V') && b.len() >= 2 && b[1].is_ascii_digit() {
        let rest = &s[1..];
        let digits_end = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let tail = &rest[digits_end..];
        return tail.is_empty()
            || (tail.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && tail.bytes().next().is_some_and(|c| c.is_ascii_lowercase()));
    }
    s.contains('.')
        && s.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
        && s.split('.').count() <= 3
}

/// Splits a glued file extension off a segment: `9579007950.json` → (`9579007950`, `.json`).
fn split_extension(seg: &str) -> (&str, &str) {
    const EXTENSIONS: &[&str] = &["json", "xml", "csv", "txt", "html", "htm", "yaml", "yml", "atom", "rss", "js"];
    match seg.rfind('.') {
        Some(dot) if dot > 0 && EXTENSIONS.contains(&seg[dot + 1..].to_ascii_lowercase().as_str()) => {
            (&seg[..dot], &seg[dot..])
        }
        _ => (seg, ""),
    }
}

/// Words that name sub-resources or actions, never values, even in an item position.
#[rustfmt::skip]
const RESERVED_WORDS: &[&str] = &[
    "me", "self", "current", "mine", "all", "any", "none", "new", "latest", "last", "first", "default", "search",
    "find", "query", "count", "stats", "statistics", "status", "summary", "info", "details", "settings", "config",
    "configuration", "batch", "bulk", "export", "import", "upload", "download", "history", "recent", "popular",
    "public", "private", "active", "inactive", "archived", "deleted", "pending", "upcoming", "random", "meta",
    "metadata", "schema", "health", "ping", "version", "versions", "login", "logout", "register", "auth", "token",
    "refresh", "verify", "validate", "sync", "reset", "activate", "deactivate", "enable", "disable", "start",
    "stop", "cancel", "close", "open", "approve", "reject", "publish", "unpublish", "preview", "test", "list",
    "autocomplete", "suggest", "suggestions", "available",
];

/// English singular of a (probably plural) noun, good enough for resource names.
pub fn singular(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.len() > 1 {
            return format!("{}y", &word[..stem.len()]);
        }
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes"] {
        if w.ends_with(suffix) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("sis")
        && !w.ends_with("xis")
        && w.len() > 2
    {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

fn looks_plural(word: &str) -> bool {
    singular(word) != word
}

/// A path key split into its segments and the fixed query pairs baked into it.
type SplitKey = (Vec<String>, Vec<(String, String)>);

/// Parses a path key into its path part, segments and fixed query pairs.
fn split_key(key: &str) -> SplitKey {
    // Machine-made keys carry HTML-escaped or percent-encoded ampersands in their query part.
    let unescaped = key.replace("&amp;", "&").replace("%26", "&");
    let key = unescaped.as_str();
    let (path, query) = match key.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (key, None),
    };
    let segments = path.split('/').skip(usize::from(path.starts_with('/'))).map(str::to_owned).collect();
    let fixed = query
        .map(|q| {
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) => (k.to_owned(), v.to_owned()),
                    None => (kv.to_owned(), String::new()),
                })
                .collect()
        })
        .unwrap_or_default();
    (segments, fixed)
}

/// A segment that is already a template (`{id}`, `{id}.json`, `:id`): its parts.
fn template_parts(seg: &str) -> Option<Vec<RoutePart>> {
    if let Some(name) = seg.strip_prefix(':') {
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Some(vec![RoutePart::Param(name.to_owned())]);
        }
    }
    // `<ID>` placeholders, as some docs write them.
    if let Some(name) = seg.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Some(vec![RoutePart::Param(name.to_owned())]);
        }
    }
    if !seg.contains('{') {
        return None;
    }
    let unhashed = seg.replace("#{", "{"); // Ruby-style `#{id}` placeholders
    let mut parts = Vec::new();
    let mut rest = unhashed.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close_rel) = rest[open..].find('}') else { break };
        let close = open + close_rel;
        if open > 0 {
            parts.push(RoutePart::Literal(rest[..open].to_owned()));
        }
        parts.push(RoutePart::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(RoutePart::Literal(rest.to_owned()));
    }
    parts.iter().any(|p| matches!(p, RoutePart::Param(_))).then_some(parts)
}

/// Normalises every path key of a spec. The output is in input order.
pub fn normalise(paths: &[PathInput]) -> Vec<NormalisedPath> {
    let split: Vec<SplitKey> = paths.iter().map(|p| split_key(&p.key)).collect();
    let by_path: HashMap<String, usize> =
        split.iter().enumerate().map(|(i, (segs, _))| (format!("/{}", segs.join("/")), i)).collect();
    let siblings = sibling_templates(&split);
    let mentioned = mentioned_values(paths);
    let mut known: HashMap<String, String> = HashMap::new();

    let run = |known: &HashMap<String, String>| -> Vec<NormalisedPath> {
        paths
            .iter()
            .zip(&split)
            .map(|(input, (segs, fixed))| match &input.pin {
                Pin::None => {
                    let cx =
                        Evidence { all: paths, siblings: &siblings, by_path: &by_path, known, mentioned: &mentioned };
                    normalise_one(input, segs, fixed.clone(), &cx)
                }
                Pin::Literal => pinned(input, segs, segs, fixed.clone(), "pinned literal by `x-swagen-literal`"),
                Pin::Route(r) => {
                    let (pin_segs, _) = split_key(r);
                    pinned(input, segs, &pin_segs, fixed.clone(), "pinned by `x-swagen-route`")
                }
            })
            .collect()
    };
    let first = run(&known);
    // A literal found to be an example value in one key is the same value in every key that starts the same way
    // (`/stages/alpha` → `/stages/alpha/cache/data`): a second pass applies what the first found.
    let before = known.len();
    for (norm, (segs, _)) in first.iter().zip(&split) {
        for (i, d) in norm.decisions.iter().enumerate() {
            if d.changed && !d.segment.starts_with(['{', ':']) && i < segs.len() {
                known.entry(segs[..=i].join("/")).or_insert_with(|| format!("`{}` showed it", norm.key));
            }
        }
    }
    if known.len() == before {
        return first;
    }
    run(&known)
}

/// Words the operations' own text shows to be values: a name in the possessive, written with a capital inside a
/// sentence and never in lower case (`Retrieve Jessica's …`), and a quoted word right after a possessive (`Eric's "user" feed`): the text
/// speaks of one person's one thing, which the path spells out as example values. Lower-cased.
fn mentioned_values(paths: &[PathInput]) -> HashSet<String> {
    // Words the text also writes in lower case are common nouns ("the authenticated Member's …"), not names.
    let lower: HashSet<&str> = paths
        .iter()
        .flat_map(|p| p.text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && w.chars().all(char::is_lowercase))
        .collect();
    let mut out = HashSet::new();
    for p in paths {
        let words: Vec<&str> = p.text.split_whitespace().collect();
        for (k, w) in words.iter().enumerate() {
            let Some(name) = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")) else { continue };
            let sentence_start =
                k == 0 || words[k - 1].ends_with(['.', '!', '?', ':']) || words[k - 1].ends_with(char::is_numeric);
            let capitalised = name.len() >= 2
                && name.chars().next().is_some_and(char::is_uppercase)
                && name.chars().skip(1).all(char::is_lowercase);
            if capitalised && !sentence_start && !lower.contains(name.to_lowercase().as_str()) {
                out.insert(name.to_lowercase());
            }
            let quoted = words.get(k + 1).and_then(|q| q.strip_prefix('"')).and_then(|q| q.strip_suffix('"'));
            if let Some(q) = quoted
                .filter(|q| !q.is_empty() && q.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            {
                out.insert(q.to_ascii_lowercase());
            }
        }
    }
    out
}

/// A route the user pinned: `pin_segs` (a template) replaces the key's segments; a template where the key has a
/// literal introduces a parameter with that literal as its example.
fn pinned(
    input: &PathInput,
    segs: &[String],
    pin_segs: &[String],
    fixed_query: Vec<(String, String)>,
    why: &str,
) -> NormalisedPath {
    let mut route = vec![RoutePart::Literal(String::new())];
    let mut introduced = Vec::new();
    let mut templated = Vec::new();
    let mut decisions = Vec::new();
    for (i, seg) in pin_segs.iter().enumerate() {
        push_literal(&mut route, "/");
        let original = segs.get(i).map(String::as_str).unwrap_or_default();
        let original_is_template = template_parts(original).is_some();
        match template_parts(seg) {
            Some(parts) => {
                let mut first = None;
                for part in parts {
                    match part {
                        RoutePart::Literal(l) => push_literal(&mut route, &l),
                        RoutePart::Param(n) => {
                            first.get_or_insert_with(|| n.clone());
                            if original_is_template {
                                templated.push(n.clone());
                            } else {
                                introduced.push(Introduced {
                                    name: n.clone(),
                                    example: original.to_owned(),
                                    reason: why.to_owned(),
                                });
                            }
                            route.push(RoutePart::Param(n));
                        }
                    }
                }
                decisions.push(SegmentDecision {
                    segment: original.to_owned(),
                    param: first,
                    changed: !original_is_template || original != seg,
                    reason: why.to_owned(),
                });
            }
            None => {
                push_literal(&mut route, seg);
                decisions.push(SegmentDecision {
                    segment: original.to_owned(),
                    param: None,
                    changed: original != seg,
                    reason: format!("kept: {why}"),
                });
            }
        }
    }
    NormalisedPath { key: input.key.clone(), route, introduced, templated, fixed_query, decisions, pinned: true }
}

/// What the whole spec tells about one key's segments.
struct Evidence<'a> {
    all: &'a [PathInput],
    /// Prefix → the template name a sibling uses in the next slot ([`sibling_templates`]).
    siblings: &'a HashMap<String, String>,
    by_path: &'a HashMap<String, usize>,
    /// Prefix through a slot → why its literal is an example value (found in another key).
    known: &'a HashMap<String, String>,
    /// Words the text names as values ([`mentioned_values`]).
    mentioned: &'a HashSet<String>,
}

fn normalise_one(
    input: &PathInput,
    segs: &[String],
    fixed_query: Vec<(String, String)>,
    cx: &Evidence<'_>,
) -> NormalisedPath {
    let Evidence { all, siblings, by_path, known, mentioned } = *cx;
    let mut route = vec![RoutePart::Literal(String::new())];
    let mut introduced = Vec::new();
    let mut templated = Vec::new();
    let mut decisions = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for seg in segs {
        if let Some(parts) = template_parts(seg) {
            for p in &parts {
                if let RoutePart::Param(n) = p {
                    used.insert(n.clone());
                }
            }
        }
    }

    for (i, seg) in segs.iter().enumerate() {
        push_literal(&mut route, "/");
        if let Some(parts) = template_parts(seg) {
            let names: Vec<String> = parts
                .iter()
                .filter_map(|p| match p {
                    RoutePart::Param(n) => Some(n.clone()),
                    RoutePart::Literal(_) => None,
                })
                .collect();
            let express = seg.starts_with(':');
            for p in parts {
                match p {
                    RoutePart::Literal(l) => push_literal(&mut route, &l),
                    param => route.push(param),
                }
            }
            templated.extend(names.iter().cloned());
            decisions.push(SegmentDecision {
                segment: seg.clone(),
                param: names.first().cloned(),
                changed: express || seg.contains("#{"),
                reason: if express {
                    format!("an Express-style `{seg}` segment; written as `{{{}}}`", names.join("}{"))
                } else {
                    "already a template".to_owned()
                },
            });
            continue;
        }

        // A file extension glued to a value (`9579007950.json`) stays literal after the parameter.
        let (core, suffix) = split_extension(seg);
        let shape = classify(core);
        let prev = i.checked_sub(1).map(|j| segs[j].as_str()).filter(|p| classify(p) == Shape::Word);
        let value_reason = match shape {
            Shape::Uuid | Shape::Email | Shape::Digits | Shape::Code | Shape::Hex | Shape::Mixed | Shape::Dotted => {
                Some(format!("`{core}` is {}, a value rather than a name", shape.describe()))
            }
            Shape::Domain => Some(format!("`{core}` is a domain name, a value rather than a path word")),
            Shape::ShortDigits => prev
                .filter(|p| {
                    looks_plural(p) || by_path.contains_key(&format!("/{}", segs[..i].join("/"))) || i + 1 == segs.len()
                })
                .map(|p| format!("`{core}` is a short number after the collection `{p}`, so an item id")),
            Shape::Word if suffix.is_empty() && core.starts_with('_') => None,
            Shape::Word if suffix.is_empty() => item_evidence(i, segs, input, all, by_path)
                .or_else(|| named_like_its_collection(core, prev))
                .or_else(|| http_method_value(core, prev))
                .or_else(|| {
                    // Not before a template: `/actions/installed/:actionId` names the installed action by id.
                    if segs.get(i + 1).is_some_and(|n| template_parts(n).is_some()) {
                        return None;
                    }
                    let why = known.get(&segs[..=i].join("/"))?;
                    Some(format!("`{core}` is an example value at this place: {why}"))
                })
                .or_else(|| {
                    (i > 0 && mentioned.contains(&core.to_ascii_lowercase())).then(|| {
                        format!("the operations' text names `{core}` as a value (quoted, or a name in the possessive)")
                    })
                }),
            Shape::Other => numbered_item(core, prev),
            Shape::Word | Shape::Version => None,
        };

        let Some(reason) = value_reason else {
            push_literal(&mut route, seg);
            let why = match shape {
                Shape::Word if RESERVED_WORDS.contains(&seg.to_ascii_lowercase().as_str()) => {
                    format!("kept: `{seg}` names a sub-resource or action")
                }
                Shape::Word => format!(
                    "kept: `{seg}` is a plain word (a resource or action name); nothing in the spec's structure marks it as an example value"
                ),
                Shape::ShortDigits => format!("kept: `{seg}` is a short number not preceded by a collection name"),
                other => format!("kept: `{seg}` is {}", other.describe()),
            };
            decisions.push(SegmentDecision { segment: seg.clone(), param: None, changed: false, reason: why });
            continue;
        };

        let (base, name_reason) = match siblings.get(&segs[..i].join("/")).cloned() {
            Some(existing) => {
                let why = format!("named `{existing}` as the sibling template at this slot");
                (existing, why)
            }
            None => match prev {
                Some(p) => {
                    let noun = crate::case::snake(&singular(p));
                    if shape.is_opaque_id() {
                        (format!("{noun}_id"), format!("named after the collection `{p}` (an opaque id)"))
                    } else if shape == Shape::Email {
                        ("email".to_owned(), "named for its shape".to_owned())
                    } else if shape == Shape::Domain {
                        ("domain".to_owned(), "named for its shape".to_owned())
                    } else {
                        (noun, format!("named after the collection `{p}` (a chosen name)"))
                    }
                }
                None if shape == Shape::Email => ("email".to_owned(), "named for its shape".to_owned()),
                None => ("id".to_owned(), "no collection name before it".to_owned()),
            },
        };
        let name = unique_name(&base, &used);
        used.insert(name.clone());
        let full_reason = format!("{reason}; {name_reason}");
        route.push(RoutePart::Param(name.clone()));
        push_literal(&mut route, suffix);
        introduced.push(Introduced { name: name.clone(), example: core.to_owned(), reason: full_reason.clone() });
        decisions.push(SegmentDecision { segment: seg.clone(), param: Some(name), changed: true, reason: full_reason });
    }
    route.retain(|p| !matches!(p, RoutePart::Literal(l) if l.is_empty()));
    if route.is_empty() {
        route.push(RoutePart::Literal("/".to_owned()));
    }

    NormalisedPath { key: input.key.clone(), route, introduced, templated, fixed_query, decisions, pinned: false }
}

/// `postman-do-tag` under `tags`: a multi-word name ending in the collection's noun is one of its items
/// (`ticket_sources` under `tickets`, which starts with it, is a sub-resource).
fn named_like_its_collection(seg: &str, prev: Option<&str>) -> Option<String> {
    let collection = prev.filter(|p| looks_plural(p))?;
    let noun = singular(collection).to_ascii_lowercase();
    let words: Vec<String> = seg.split(['-', '_']).map(str::to_ascii_lowercase).collect();
    (words.len() >= 2 && words.last() == Some(&noun))
        .then(|| format!("`{seg}` names a {noun} (it contains the word) under the collection `{collection}`"))
}

/// `GET` under `methods`: an HTTP method as a value of a collection of methods.
fn http_method_value(seg: &str, prev: Option<&str>) -> Option<String> {
    const METHODS: [&str; 7] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"];
    let collection = prev.filter(|p| looks_plural(p))?;
    METHODS.contains(&seg).then(|| format!("`{seg}` is an HTTP method under the collection `{collection}`, so a value"))
}

/// `stage1` under `stages`: the collection's noun numbered.
fn numbered_item(seg: &str, prev: Option<&str>) -> Option<String> {
    let collection = prev.filter(|p| looks_plural(p))?;
    let noun = singular(collection).to_ascii_lowercase();
    let rest = seg.to_ascii_lowercase().strip_prefix(noun.as_str())?.to_owned();
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("`{seg}` is a numbered {noun} under the collection `{collection}`, so a value"))
}

/// Evidence that the plain word at `i` is an item of the collection before it; `None` if there is none.
fn item_evidence(
    i: usize,
    segs: &[String],
    input: &PathInput,
    all: &[PathInput],
    by_path: &HashMap<String, usize>,
) -> Option<String> {
    let seg = &segs[i];
    // Chosen names are singular words; a plural word after a collection is a sub-collection (`/pets/tags`).
    if i == 0 || i + 1 != segs.len() || RESERVED_WORDS.contains(&seg.to_ascii_lowercase().as_str()) || looks_plural(seg)
    {
        return None;
    }
    let collection = &segs[i - 1];
    if classify(collection) != Shape::Word || !looks_plural(collection) {
        return None;
    }
    let item_methods = [Method::Get, Method::Put, Method::Patch, Method::Delete];
    if input.methods.is_empty() || !input.methods.iter().all(|m| item_methods.contains(m)) {
        return None;
    }
    let parent_key = format!("/{}", segs[..i].join("/"));
    let parent = &all[*by_path.get(&parent_key)?];
    let collection_methods: Vec<&str> =
        parent.methods.iter().filter(|m| matches!(m, Method::Get | Method::Post)).map(|m| m.as_str()).collect();
    if collection_methods.is_empty() {
        return None;
    }
    let noun = singular(collection).to_ascii_lowercase();
    // The operation speaks of one item: "Delete a tag", "Get the given IP pool".
    if !mentions_one(&input.text, &noun) {
        return None;
    }
    let methods: Vec<&str> = input.methods.iter().map(|m| m.as_str()).collect();
    Some(format!(
        "`{parent_key}` is a collection ({}) and `{}` an item path ({}) whose text names a \"{noun}\", so `{seg}` is an example value",
        collection_methods.join(", "),
        input.key,
        methods.join(", "),
    ))
}

/// Whether `text` names one `noun` with a determiner before it ("a tag", "the given tag", "a single tag").
fn mentions_one(text: &str, noun: &str) -> bool {
    const DETERMINERS: &[&str] = &["a", "an", "the", "one", "single", "given", "specific", "specified", "this", "that"];
    // "a named stage", "the existing tag": one of these may stand between the determiner and the noun.
    const MODIFIERS: &[&str] = &["named", "given", "specific", "specified", "single", "particular", "existing"];
    let text = text.to_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // `ip-pool` is spoken as "ip pool".
    let noun: Vec<&str> = noun.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let direct = words.windows(noun.len() + 1).any(|w| DETERMINERS.contains(&w[0]) && w[1..] == noun[..]);
    let modified = words
        .windows(noun.len() + 2)
        .any(|w| DETERMINERS.contains(&w[0]) && MODIFIERS.contains(&w[1]) && w[2..] == noun[..]);
    !noun.is_empty() && (direct || modified)
}

/// For every path prefix (segments joined by `/`), the template name the first path (in document order) with that
/// prefix has in the next slot: the name a sibling already uses there. One pass, so the lookup per segment is
/// constant, not a scan of every path (Kubernetes ×16: 9,000 paths).
fn sibling_templates(split: &[SplitKey]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (segs, _) in split {
        for (i, seg) in segs.iter().enumerate() {
            let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else { continue };
            if !name.is_empty() && !name.contains(['{', '}']) {
                out.entry(segs[..i].join("/")).or_insert_with(|| name.to_owned());
            }
        }
    }
    out
}

fn unique_name(base: &str, used: &BTreeSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}_{n}")).find(|c| !used.contains(c)).unwrap_or_else(|| base.to_owned())
}

fn push_literal(route: &mut Vec<RoutePart>, text: &str) {
    if let Some(RoutePart::Literal(last)) = route.last_mut() {
        last.push_str(text);
    } else {
        route.push(RoutePart::Literal(text.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(classify("ABC123"), Shape::Code);
        assert_eq!(classify("5FUED"), Shape::Code);
        assert_eq!(classify("MH022RD0K5"), Shape::Code);
        assert_eq!(classify("62976d30-b6dc-40f1-8422-ccc367572101"), Shape::Uuid);
        assert_eq!(classify("9579007950"), Shape::Digits);
        assert_eq!(classify("john@example.com"), Shape::Email);
        assert_eq!(classify("mxsmn867vb"), Shape::Mixed);
        assert_eq!(classify("4unj71"), Shape::Mixed);
        assert_eq!(classify("v2"), Shape::Version);
        assert_eq!(classify("v1beta1"), Shape::Version);
        assert_eq!(classify("1.1"), Shape::Version);
        assert_eq!(classify("oauth2"), Shape::Other);
        assert_eq!(classify("tags"), Shape::Word);
        assert_eq!(classify("GetTelerate3750"), Shape::Other);
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("tags"), "tag");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("chat"), "chat");
    }

    fn run(paths: &[(&str, &[Method], &str)]) -> Vec<String> {
        let inputs: Vec<PathInput> = paths
            .iter()
            .map(|(k, m, t)| PathInput {
                key: (*k).to_owned(),
                methods: m.to_vec(),
                text: t.to_lowercase(),
                pin: Pin::None,
            })
            .collect();
        normalise(&inputs).iter().map(|n| crate::ir::route_template(&n.route)).collect()
    }

    #[test]
    fn livechat_routes() {
        let routes = run(&[
            ("/chats/ABC123/tags", &[Method::Put], "Update chat tags"),
            ("/tickets/5FUED/tags", &[Method::Put], "Update ticket tags"),
            ("/tags", &[Method::Get, Method::Post], "List all tags. Add a tag"),
            ("/tags/support", &[Method::Delete], "Delete a tag"),
        ]);
        assert_eq!(routes, ["/chats/{chat_id}/tags", "/tickets/{ticket_id}/tags", "/tags", "/tags/{tag}"]);
    }

    #[test]
    fn real_literals_survive() {
        let routes = run(&[
            ("/users", &[Method::Get, Method::Post], "List users"),
            ("/users/me", &[Method::Get], "Get the current user"),
            ("/users/search", &[Method::Get], "Search users"),
            ("/v2/pets/{petId}", &[Method::Get], "Get a pet"),
            ("/api/1.1/status", &[Method::Get], "Status"),
            ("/auth/1/session", &[Method::Post], "Log in"),
            ("/GetTelerate3750", &[Method::Get], "Telerate"),
            ("/pets", &[Method::Get], "List pets"),
            ("/pets/tags", &[Method::Get], "List the tags of pets"),
        ]);
        assert_eq!(
            routes,
            [
                "/users",
                "/users/me",
                "/users/search",
                "/v2/pets/{petId}",
                "/api/1.1/status",
                "/auth/1/session",
                "/GetTelerate3750",
                "/pets",
                "/pets/tags"
            ]
        );
    }

    #[test]
    fn values_by_shape_and_sibling_names() {
        let routes = run(&[
            ("/devices/62976d30-b6dc-40f1-8422-ccc367572101/events", &[Method::Get], "Events"),
            ("/admin/products/9579007950", &[Method::Get], "Get a product"),
            ("/groups/{group_id}", &[Method::Get], "Get a group"),
            ("/groups/ABC123", &[Method::Delete], "Delete a group"),
            ("/restapis/mxsmn867vb/authorizers/4unj71", &[Method::Get], "Get an authorizer"),
            ("/agents/john@example.com", &[Method::Get], "Get an agent"),
            ("/items/:id", &[Method::Get], "Get an item"),
            ("/admin/products/9579007950.json", &[Method::Get], "Get a product"),
            ("/visitors/S1352647457.ac951bfe2e/details", &[Method::Get], "Visitor details"),
            ("/sending-ips/123.456.789.012", &[Method::Get], "Get a sending IP"),
            ("/admin/comments/#{id}.json", &[Method::Get], "Get a comment"),
            ("/reports/ratings", &[Method::Get], "Ratings report"),
            ("/reports/ratings/ranking", &[Method::Get], "Shows the ratings ranking"),
            ("/sending-domains/example1.com", &[Method::Get], "Get a sending domain"),
            ("/account", &[Method::Post], "Create an account"),
            ("/account/1", &[Method::Get], "Get an account"),
            ("/auth/1/session", &[Method::Post], "Log in"),
            ("/ip-pools", &[Method::Get, Method::Post], "List IP pools"),
            ("/ip-pools/warm_up_ip_pool", &[Method::Get, Method::Delete], "Get an IP Pool"),
        ]);
        assert_eq!(
            routes,
            [
                "/devices/{device_id}/events",
                "/admin/products/{product_id}",
                "/groups/{group_id}",
                "/groups/{group_id}",
                "/restapis/{restapi_id}/authorizers/{authorizer_id}",
                "/agents/{email}",
                "/items/{id}",
                "/admin/products/{product_id}.json",
                "/visitors/{visitor_id}/details",
                "/sending-ips/{sending_ip_id}",
                "/admin/comments/{id}.json",
                "/reports/ratings",
                "/reports/ratings/ranking",
                "/sending-domains/{domain}",
                "/account",
                "/account/{account_id}",
                "/auth/1/session",
                "/ip-pools",
                "/ip-pools/{ip_pool}"
            ]
        );
    }

    #[test]
    fn random_ids_keys_placeholders_and_numbered_items() {
        let routes = run(&[
            ("/restapis/fugvjdxtri/deployments/dzacq7", &[Method::Get], "Get a deployment"),
            ("/apikeys/hzYAVO9Sg98nsNh65VfX81M84O2kyXVy6K1xwHD7", &[Method::Get], "Get an API key"),
            ("/item/<ID>", &[Method::Get], "Read an item"),
            ("/taxrate/1", &[Method::Get], "Read a tax rate"),
            ("/restapis/x1y2z3w4/stages/stage1", &[Method::Get], "Get a stage"),
            ("/restapis/x1y2z3w4/resources/0cjtch/methods/GET", &[Method::Get], "Get a method"),
            ("/tags/postman-do-tag/resources", &[Method::Get], "Resources of a tag"),
            ("/reports/tickets/ticket_sources", &[Method::Get], "Ticket sources report"),
            ("/dummies/{dummy_id}/runs/_current", &[Method::Get], "The current run"),
            ("/GetRealTimeCrossRateTableAsHTML", &[Method::Get], "Cross rates"),
            ("/GetAllSplitsByExchange", &[Method::Get], "Splits"),
        ]);
        assert_eq!(
            routes,
            [
                "/restapis/{restapi_id}/deployments/dzacq7",
                "/apikeys/{apikey_id}",
                "/item/{ID}",
                "/taxrate/{taxrate_id}",
                "/restapis/{restapi_id}/stages/{stage}",
                "/restapis/{restapi_id}/resources/{resource_id}/methods/{method}",
                "/tags/{tag}/resources",
                "/reports/tickets/ticket_sources",
                "/dummies/{dummy_id}/runs/_current",
                "/GetRealTimeCrossRateTableAsHTML",
                "/GetAllSplitsByExchange"
            ]
        );
    }
}
