//! The evidence about every candidate literal: independent signals, each a number, that a weighted sum turns into
//! one score per candidate ([`crate::normalise::Weights`]). Nothing here names a word, a vendor or a file: the
//! signals are shapes, the spec's own structure (siblings, collections, declared parameters) and the operations'
//! own text.

use super::english::{fold, given_by, looks_plural, mentions_one, related, shown_beside, singular, text_mentions};
use super::key::{self, split_extension, split_key, template_names, SplitKey};
use super::shape::{classify, consonant_run, Shape, SHAPES};
use super::PathInput;
use crate::ir::Method;
use std::collections::HashMap;

/// How many signals there are.
pub const FEATURES: usize = SIGNALS.len() + SHAPES.len();

/// The signals besides the shape, in feature order after the shapes.
const SIGNALS: [&str; 38] = [
    "partial: the value after `name:` in its segment",
    "partial: digits glued after `word_` in its segment",
    "shape: a run of five consonants",
    "shape: a file extension is glued to it",
    "shape: twelve or more characters",
    "declared: a path parameter the operation declares is missing from the key, and goes here",
    "declared: that missing parameter's name matches the segment before it",
    "declared: the key's operations declare path parameters missing from it",
    "placeholder: it spells the name of the collection before it (`segments/segment-id`)",
    "siblings: a key that differs only here has a template here",
    "siblings: a key with the same segments before it has a template here",
    "siblings: a key that differs only here has a value here (template, value shape or declared value)",
    "siblings: how many other keys differ only here, in the last segment (log2)",
    "structure: an item path under a collection path, whose text names one item",
    "structure: the segment before it is a plural word",
    "structure: the segment before it is a template",
    "structure: the last segment",
    "structure: the first segment",
    "structure: the segment before it is a version",
    "structure: the path before it is a key of the spec",
    "text: the operations' text mentions it",
    "text: the operations' text also mentions the segment before it",
    "spec: the share of keys with templates",
    "spec: a word-shaped literal in a spec that templates its paths",
    "spec: a value-shaped literal in a spec that templates its paths",
    "spec: the share of keys with a UUID, long number or e-mail address",
    "spec: the share of keys that start with the same segments through this one",
    "structure: keys go on from it in different ways (a fork in the path tree)",
    "vocabulary: the literal also stands under other collections (`pages/count.json`, `blogs/count.json`)",
    "structure: the segment before it looks like a value (a number, a code, an id)",
    "structure: the segment after it looks like a value (a number, a code, an id)",
    "structure: the segment after it is a template",
    "siblings: the share of the other literals after the same segments that are shaped like values",
    "siblings: how many other keys differ only here, with the same segments after it (log2)",
    "structure: how many keys go on from it (log2)",
    "structure: a number right after a plural word (`games/2`)",
    "siblings: how many other literals in this slot, not shaped like words, the segment after it also follows (log2)",
    "text: names one item of the collection before it (`stages/alpha`: \"a named stage\"), not the literal itself",
];

/// The name of feature `i` (for `explain` and the fitting tool).
pub fn feature_name(i: usize) -> &'static str {
    if i < SHAPES.len() {
        SHAPES[i].name()
    } else {
        SIGNALS.get(i - SHAPES.len()).copied().unwrap_or("?")
    }
}

/// Index of a signal by its position in [`SIGNALS`].
const fn sig(i: usize) -> usize {
    SHAPES.len() + i
}
const PARTIAL_COLON: usize = sig(0);
const PARTIAL_WORD: usize = sig(1);
const CONSONANTS: usize = sig(2);
const EXTENSION: usize = sig(3);
const LONG: usize = sig(4);
const DECLARED_SLOT: usize = sig(5);
const DECLARED_NAME: usize = sig(6);
const DECLARED_ANY: usize = sig(7);
const PLACEHOLDER: usize = sig(8);
const SIB_TEMPLATE: usize = sig(9);
const PREFIX_TEMPLATE: usize = sig(10);
const SIB_VALUE: usize = sig(11);
const SIB_COUNT: usize = sig(12);
const ITEM: usize = sig(13);
const PREV_PLURAL: usize = sig(14);
const PREV_TEMPLATE: usize = sig(15);
const LAST: usize = sig(16);
const FIRST: usize = sig(17);
const PREV_VERSION: usize = sig(18);
const PARENT_KEY: usize = sig(19);
const TEXT: usize = sig(20);
const TEXT_PREV: usize = sig(21);
const SPEC_TEMPLATED: usize = sig(22);
const SPEC_WORD: usize = sig(23);
const SPEC_VALUE: usize = sig(24);
const SPEC_STRONG: usize = sig(25);
const PREFIX_SHARE: usize = sig(26);
const FORK: usize = sig(27);
const RECURS: usize = sig(28);
const PREV_VALUE: usize = sig(29);
const NEXT_VALUE: usize = sig(30);
const NEXT_TEMPLATE: usize = sig(31);
const SLOT_VALUES: usize = sig(32);
const SIB_COUNT_MID: usize = sig(33);
const THROUGH: usize = sig(34);
const NUMBER_AFTER_PLURAL: usize = sig(35);
const NEXT_SHARED: usize = sig(36);
const TEXT_ONE: usize = sig(37);

/// Where the value sits in its segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// The whole segment (without a glued extension).
    Whole,
    /// After `name:` (`lang:FR`).
    AfterColon,
    /// Digits after `word_` (`tide_20160312`).
    AfterWord,
}

/// A literal (or the value part of one) that might be an example value.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub key: usize,
    pub slot: usize,
    /// Literal text kept before the value in its segment (`lang:`).
    pub head: String,
    pub value: String,
    /// Literal text kept after the value (`.json`).
    pub tail: String,
    pub part: Part,
    pub shape: Shape,
    pub features: [f64; FEATURES],
    /// The declared parameter this candidate carries: a rule, not a weighed signal (see [`declare`]).
    pub declared: Option<String>,
    /// The segment before it, when the text says the item is given by it (see [`label_before`]): a rule too.
    pub given_by: Option<String>,
    /// The item noun the text shows this literal beside, quoted, as an example (see [`shown_example`]): a rule too.
    pub shown_beside: Option<String>,
}

impl Candidate {
    /// Whether the literal spells a placeholder name (`segment-id` under `segments`).
    pub fn is_placeholder(&self) -> bool {
        self.features[PLACEHOLDER] > 0.0
    }

    /// Whether other literals after the same segments are shaped like ids (`/restapis/uojnr9hd57` beside
    /// `/restapis/fugvjdxtri`): the slot holds ids, so a value there is named as one.
    pub fn slot_holds_ids(&self) -> bool {
        self.features[SLOT_VALUES] > 0.0
    }

    /// Why a rule, not the weighed signals, makes this candidate a value: Swagger 2.0 says every `in: path`
    /// parameter has its `{name}` in the path, so a declared parameter missing from the key stands in it; and a
    /// literal that spells an item's name where the item goes (`segments/segment-id`) is a documentation
    /// placeholder.
    pub fn rule(&self) -> Option<String> {
        if let Some(name) = &self.declared {
            return Some(format!(
                "a value: the operation declares the path parameter `{name}`, which the key has no template for"
            ));
        }
        // Sixteen hexadecimal digits or more are a 64-bit id or a hash, like a UUID.
        let long_hex = self.shape == Shape::Hex && self.value.len() >= 16;
        if (matches!(self.shape, Shape::Uuid | Shape::Email) || long_hex) && self.part == Part::Whole {
            return Some(format!("a value: {} is an example value wherever it stands", self.shape.describe()));
        }
        if self.part == Part::AfterWord {
            return Some(format!("a value: a long number glued to `{}` (a date or an id)", self.head));
        }
        if let Some(noun) = &self.shown_beside {
            return Some(format!(
                "a value: the operations' text shows `{}` quoted beside `{noun}`, as an example of one",
                self.value
            ));
        }
        if let Some(label) = &self.given_by {
            return Some(format!(
                "a value: the operations' text gives the item by its {label}, and `{label}` is the segment before it"
            ));
        }
        self.is_placeholder()
            .then(|| format!("a value: `{}` spells the name of an item where the item goes", self.value))
    }
}

/// What the whole spec says, computed once.
pub(crate) struct Spec<'a> {
    pub inputs: &'a [PathInput],
    pub split: Vec<SplitKey>,
    by_path: HashMap<String, usize>,
    /// Prefix (segments joined by `/`) → the first template name a key with that prefix has in the next slot.
    pub prefix_templates: HashMap<String, String>,
    /// "Differs only in this slot" groups: signature → members (key, slot).
    groups: HashMap<String, Vec<(usize, usize)>>,
    texts: Vec<String>,
    /// Per key: declared path parameters whose template is not in the key, in the order the text names them.
    pub missing: Vec<Vec<String>>,
    templated_share: f64,
    strong_share: f64,
    /// The spec writes its paths properly: nothing in any key looks like a baked-in value (see [`sloppy`]).
    pub clean: bool,
    /// Segments through a slot, joined by `/` → how many keys start with them.
    prefixes: HashMap<String, usize>,
    /// `/` and the segments before a slot → the different segments the keys have in that slot (how many: a fork in
    /// the path tree).
    slots: HashMap<String, std::collections::BTreeSet<String>>,
    /// A literal segment → the literal segments it follows anywhere in the spec (its collections).
    parents: HashMap<String, std::collections::HashSet<String>>,
    /// `/` and the segments before a slot, and a literal after the slot that is neither a value nor a version → the
    /// literals in the slot it follows that are not shaped like words.
    next_shared: HashMap<(String, String), std::collections::BTreeSet<String>>,
}

impl<'a> Spec<'a> {
    pub fn new(inputs: &'a [PathInput]) -> Self {
        let split: Vec<SplitKey> = inputs.iter().map(|p| split_key(&p.key)).collect();
        let by_path = split.iter().enumerate().map(|(i, (segs, _))| (format!("/{}", segs.join("/")), i)).collect();
        let texts: Vec<String> = inputs.iter().map(|p| p.text.to_lowercase()).collect();
        let mut missing: Vec<Vec<String>> =
            inputs.iter().zip(&split).zip(&texts).map(|((p, (segs, _)), t)| missing(p, segs, t)).collect();
        order_from_siblings(&mut missing, &texts);
        let n = split.len().max(1) as f64;
        let templated = split.iter().filter(|(segs, _)| segs.iter().any(|s| !template_names(s).is_empty())).count();
        let strong = split
            .iter()
            .filter(|(segs, _)| segs.iter().any(|s| classify(split_extension(s).0).is_strong() || s.contains('@')))
            .count();
        let mut prefixes: HashMap<String, usize> = HashMap::new();
        let mut slots: HashMap<String, std::collections::BTreeSet<String>> = HashMap::new();
        for (segs, _) in &split {
            for i in 0..segs.len() {
                slots.entry(id_prefix(&segs[..i])).or_default().insert(segs[i].clone());
                *prefixes.entry(segs[..=i].join("/")).or_default() += 1;
            }
        }
        let mut parents: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
        let mut next_shared: HashMap<(String, String), std::collections::BTreeSet<String>> = HashMap::new();
        for (segs, _) in &split {
            for (i, w) in segs.windows(2).enumerate() {
                if template_names(&w[0]).is_empty() && template_names(&w[1]).is_empty() {
                    parents.entry(w[1].clone()).or_default().insert(w[0].clone());
                    // Versions follow API namespaces (`/apis/apps/v1`, `/apis/batch/v1`), not instances; word-shaped
                    // literals are names side by side (`/service/apptoken/action`, `/service/baseentry/action`).
                    let next = classify(split_extension(&w[1]).0);
                    if !next.is_value() && next != Shape::Version && !worded(&w[0]) {
                        let before = format!("/{}", segs[..i].join("/"));
                        next_shared.entry((before, w[1].clone())).or_default().insert(w[0].clone());
                    }
                }
            }
        }
        // Clean: the spec templates its paths (some key has a template) and no key shows a baked-in value.
        let clean = templated > 0
            && !split.iter().zip(inputs).zip(&missing).any(|((sk, input), m)| sloppy(&sk.0, &input.key, m));
        Spec {
            clean,
            prefixes,
            slots,
            parents,
            next_shared,
            inputs,
            prefix_templates: prefix_templates(&split),
            groups: slot_groups(&split),
            split,
            by_path,
            texts,
            missing,
            templated_share: templated as f64 / n,
            strong_share: strong as f64 / n,
        }
    }

    fn segs(&self, key: usize) -> &[String] {
        &self.split[key].0
    }
}

/// Declared path parameters of a key that its key has no template for, ordered by where the operations' text
/// first names them (`Use {state}/{city}`), then in declared order.
fn missing(input: &PathInput, segs: &[String], text: &str) -> Vec<String> {
    // Templates anywhere in the key count, the query part's too (`/latest?term={term}` declares `term` in: path).
    let query = input.key.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let present: Vec<String> =
        segs.iter().map(String::as_str).chain(query.split('&')).flat_map(template_names).map(|n| fold(&n)).collect();
    let mut out: Vec<String> = Vec::new();
    for name in &input.declared {
        if !present.contains(&fold(name)) && !out.contains(name) {
            out.push(name.clone());
        }
    }

    let at = |name: &String| {
        let spoken = name.replace(['_', '-'], " ").to_lowercase();
        text.find(&spoken).unwrap_or(usize::MAX)
    };
    out.sort_by_key(at); // stable: names the text never mentions keep their declared order
    out
}

/// Whether a key shows that its spec bakes values into paths: a declared path parameter missing from it, another
/// placeholder syntax (`:id`, `<id>`, `#{id}`), a literal shaped like a value (UUID, e-mail, long number, code,
/// long hexadecimal or random string), a number right after a plural word (`/clients/2`), or a query string.
fn sloppy(segs: &[String], key: &str, missing: &[String]) -> bool {
    if !missing.is_empty() || key.contains('?') {
        return true;
    }
    segs.iter().enumerate().any(|(i, seg)| {
        if seg.starts_with(':') || seg.starts_with('<') || seg.contains("#{") || key::bracketed(seg).is_some() {
            return true;
        }
        if !template_names(seg).is_empty() {
            return false;
        }
        let shape = classify(split_extension(seg).0);
        let after_plural = i > 0 && classify(&segs[i - 1]) == Shape::LowerWord && looks_plural(&segs[i - 1]);
        matches!(shape, Shape::Uuid | Shape::Email | Shape::LongNumber | Shape::Code | Shape::Hex | Shape::Random)
            || (shape == Shape::ShortNumber && after_plural)
    })
}

/// Where the text first names `name` (`state` in "Use {2 letter state code} / {City Name}").
fn position(name: &str, text: &str) -> Option<usize> {
    text.find(&name.replace(['_', '-'], " ").to_lowercase())
}

/// Missing names whose order a key's own text does not give take the order other keys' texts give them, pair by
/// pair (`Use {state} / {city}` once, for twenty keys; `{country} / {city}` for a key that also has `language`).
fn order_from_siblings(missing: &mut [Vec<String>], texts: &[String]) {
    let mut before: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for (names, text) in missing.iter().zip(texts) {
        for a in names {
            for b in names {
                if let (Some(x), Some(y)) = (position(a, text), position(b, text)) {
                    if x < y {
                        before.insert((a.clone(), b.clone()));
                    }
                }
            }
        }
    }
    for (names, text) in missing.iter_mut().zip(texts) {
        if names.len() < 2 || names.iter().all(|n| position(n, text).is_some()) {
            continue;
        }
        // Insertion sort by the known pairs; names with no known order keep theirs.
        for i in 1..names.len() {
            let mut j = i;
            while j > 0 && before.contains(&(names[j].clone(), names[j - 1].clone())) {
                names.swap(j, j - 1);
                j -= 1;
            }
        }
    }
}

/// The literal with templates and value-shaped literals read as one placeholder, for comparing keys.
fn canonical(seg: &str) -> &str {
    if !template_names(seg).is_empty() || classify(split_extension(seg).0).is_strong() {
        "{}"
    } else {
        seg
    }
}

/// `/` and the segments, with templates and literals shaped like ids read as one placeholder
/// (`/restapis/{}/resources` for `/restapis/uojnr9hd57/resources` and `/restapis/fugvjdxtri/resources`).
fn id_prefix(segs: &[String]) -> String {
    let canon: Vec<&str> = segs
        .iter()
        .map(|s| {
            let core = split_extension(s).0;
            let id = classify(core).is_value() || consonant_run(core);
            if id || !template_names(s).is_empty() {
                "{}"
            } else {
                s.as_str()
            }
        })
        .collect();
    format!("/{}", canon.join("/"))
}

fn slot_groups(split: &[SplitKey]) -> HashMap<String, Vec<(usize, usize)>> {
    let mut out: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (k, (segs, _)) in split.iter().enumerate() {
        let canon: Vec<&str> = segs.iter().map(|s| canonical(s)).collect();
        for slot in 0..segs.len() {
            let mut sig = canon.clone();
            sig[slot] = "\u{0}";
            out.entry(sig.join("/")).or_default().push((k, slot));
        }
    }
    out
}

/// For every path prefix, the template name the first key with that prefix has in the next slot.
fn prefix_templates(split: &[SplitKey]) -> HashMap<String, String> {
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

/// The candidates of one key, with every feature but the declared ones (see [`declare`]).
pub(crate) fn candidates(spec: &Spec<'_>, key: usize) -> Vec<Candidate> {
    let segs = spec.segs(key);
    let mut out = Vec::new();
    for (slot, seg) in segs.iter().enumerate() {
        if seg.is_empty() || !template_names(seg).is_empty() {
            continue;
        }
        let (core, ext) = split_extension(seg);
        let (head, value, part) = split_value(core);
        let mut shape = classify(value);
        // `/api/2/…`, `/2013-04-01/…`: a number or date in the root most keys share is the API's version, not an
        // example value.
        let sharing = spec.prefixes.get(&segs[..=slot].join("/")).copied().unwrap_or(1);
        let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'.');
        if numeric && slot <= 2 && sharing * 2 >= spec.split.len() && spec.split.len() >= 4 && part == Part::Whole {
            shape = Shape::Version;
        }
        let mut c = Candidate {
            key,
            slot,
            head: head.to_owned(),
            value: value.to_owned(),
            tail: ext.to_owned(),
            part,
            shape,
            features: [0.0; FEATURES],
            declared: None,
            given_by: None,
            shown_beside: None,
        };
        fill_features(spec, &mut c, segs);
        c.given_by = label_before(spec, &c, segs);
        c.shown_beside = shown_example(spec, &c, segs);
        out.push(c);
    }
    declare(spec, key, &mut out);
    out
}

/// `/items/codename/on_roasts` whose text says "a content item specified by its codename": the segment before the
/// literal is a word naming how the item is given (a label, not a collection), and the text never uses the literal
/// itself as a word. Not before a template (`/macro/id/{macroId}` writes the value as one already).
fn label_before(spec: &Spec<'_>, c: &Candidate, segs: &[String]) -> Option<String> {
    let label = segs.get(c.slot.checked_sub(1)?)?;
    let next_template = segs.get(c.slot + 1).is_some_and(|n| !template_names(n).is_empty());
    if c.part != Part::Whole || c.shape == Shape::Version || next_template {
        return None;
    }
    if !matches!(classify(label), Shape::LowerWord | Shape::LowerWords) {
        return None;
    }
    let text = &spec.texts[c.key];
    (!text_mentions(text, &c.value) && given_by(text, label)).then(|| label.clone())
}

/// `/v2/gateways/stripe` whose text reads "Get a gateway (stripe)": the text shows the literal quoted or in
/// parentheses beside the item noun of the collection before it.
fn shown_example(spec: &Spec<'_>, c: &Candidate, segs: &[String]) -> Option<String> {
    let collection = segs.get(c.slot.checked_sub(1)?)?;
    if c.part != Part::Whole || !classify(collection).is_lower_word() {
        return None;
    }
    let noun = singular(collection);
    shown_beside(&spec.texts[c.key], &noun, &c.value).then_some(noun)
}

/// `lang:FR` → (`lang:`, `FR`); `tide_20160312` → (`tide_`, `20160312`); otherwise the whole core.
fn split_value(core: &str) -> (&str, &str, Part) {
    if let Some((name, value)) = core.split_once(':') {
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()) && !value.is_empty() {
            return (&core[..=name.len()], value, Part::AfterColon);
        }
    }
    if let Some((word, digits)) = core.rsplit_once('_') {
        if !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && digits.len() >= 6
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return (&core[..=word.len()], digits, Part::AfterWord);
        }
    }
    ("", core, Part::Whole)
}

fn fill_features(spec: &Spec<'_>, c: &mut Candidate, segs: &[String]) {
    let f = &mut c.features;
    let slot = c.slot;
    if let Some(i) = SHAPES.iter().position(|s| *s == c.shape) {
        f[i] = 1.0;
    }
    f[PARTIAL_COLON] = f64::from(c.part == Part::AfterColon);
    f[PARTIAL_WORD] = f64::from(c.part == Part::AfterWord);
    f[CONSONANTS] = f64::from(consonant_run(&c.value));
    f[EXTENSION] = f64::from(!c.tail.is_empty());
    f[LONG] = f64::from(c.value.chars().count() >= 12);
    let next = segs.get(slot + 1).map(String::as_str);
    // A key that goes on from this literal with a template (`/leads/lead/{leadID}`) shows it is a real segment.
    let templated_after = spec.prefix_templates.contains_key(&segs[..=slot].join("/"));
    let prev = slot.checked_sub(1).map(|j| segs[j].as_str());
    f[PLACEHOLDER] = f64::from(c.part == Part::Whole && !templated_after && placeholder(&c.value, prev, next));
    siblings(spec, c);
    let prev = slot.checked_sub(1).map(|j| segs[j].as_str());
    let prev_word = prev.filter(|p| matches!(classify(p), Shape::LowerWord | Shape::LowerWords));
    c.features[PREFIX_TEMPLATE] = f64::from(spec.prefix_templates.contains_key(&segs[..slot].join("/")));
    c.features[ITEM] = f64::from(item_evidence(spec, c.key, slot).is_some());
    c.features[PREV_PLURAL] = f64::from(prev_word.is_some_and(looks_plural));
    c.features[NUMBER_AFTER_PLURAL] =
        f64::from(c.features[PREV_PLURAL] > 0.0 && matches!(c.shape, Shape::ShortNumber | Shape::LongNumber));
    c.features[PREV_TEMPLATE] = f64::from(prev.is_some_and(|p| !template_names(p).is_empty()));
    c.features[LAST] = f64::from(slot + 1 == segs.len());
    c.features[FIRST] = f64::from(slot == 0);
    c.features[PREV_VERSION] = f64::from(prev.is_some_and(|p| classify(p) == Shape::Version));
    c.features[PARENT_KEY] = f64::from(slot > 0 && spec.by_path.contains_key(&format!("/{}", segs[..slot].join("/"))));
    let text = &spec.texts[c.key];
    c.features[TEXT] = f64::from(text_mentions(text, &c.value));
    c.features[TEXT_PREV] = f64::from(
        c.features[TEXT] > 0.0 && prev.is_some_and(|p| template_names(p).is_empty() && text_mentions(text, p)),
    );
    let weak = matches!(
        c.shape,
        Shape::LowerWord
            | Shape::LowerWords
            | Shape::LowerAlnum
            | Shape::UpperWord
            | Shape::Capitalised
            | Shape::Camel
            | Shape::Domain
            | Shape::ShortNumber
            | Shape::Other
    );
    c.features[SPEC_TEMPLATED] = spec.templated_share;
    c.features[SPEC_WORD] = if weak { spec.templated_share } else { 0.0 };
    c.features[SPEC_VALUE] = if weak || c.shape == Shape::Version { 0.0 } else { spec.templated_share };
    c.features[SPEC_STRONG] = spec.strong_share;
    let through = segs[..=slot].join("/");
    let sharing = spec.prefixes.get(&through).copied().unwrap_or(1);
    c.features[PREFIX_SHARE] = sharing as f64 / spec.split.len().max(1) as f64;
    c.features[THROUGH] = if slot + 1 < segs.len() { (sharing as f64).log2() } else { 0.0 };
    c.features[FORK] = f64::from(spec.slots.get(&id_prefix(&segs[..=slot])).is_some_and(|n| n.len() >= 2));
    let value_like = |p: &str| classify(split_extension(p).0).is_value();
    // A name stands before a value (`games/2`) and after one (`ABC123/tags`); values may follow each other
    // (`6/30/24`), so only for a literal that is not shaped like a value itself.
    let own_value = c.shape.is_value();
    c.features[PREV_VALUE] = f64::from(!own_value && prev.is_some_and(value_like));
    c.features[NEXT_VALUE] =
        f64::from(!own_value && next.is_some_and(|n| template_names(n).is_empty() && value_like(n)));
    c.features[NEXT_TEMPLATE] = f64::from(next.is_some_and(|n| !template_names(n).is_empty()));
    c.features[SLOT_VALUES] = slot_values(spec, segs, slot);
    // `/restapis/fugvjdxtri/stages` beside `/restapis/uycll6xg9a/stages`: what follows is the same kind of thing
    // under each, so the literals in this slot are instances of one kind (not collections side by side, whose
    // children differ).
    c.features[NEXT_SHARED] = next.map_or(0.0, |n| {
        let key = (format!("/{}", segs[..slot].join("/")), n.to_owned());
        let others = spec.next_shared.get(&key).map_or(0, |set| set.len() - usize::from(set.contains(&segs[slot])));
        (1.0 + others as f64).log2()
    });
    // A plural word is a collection of its own (`/alerts/configs`), not one item of the one before it.
    c.features[TEXT_ONE] = f64::from(
        c.part == Part::Whole
            && c.features[TEXT] == 0.0
            && !collection_word(&c.value)
            && prev_word.is_some_and(|p| looks_plural(p) && mentions_one(&spec.inputs[c.key].text, &singular(p))),
    );
    // Words that recur under several collections are vocabulary (`count.json`); ids recur as examples (`1`, `2`).
    c.features[RECURS] = f64::from(!own_value && spec.parents.get(&segs[slot]).is_some_and(|p| p.len() >= 2));
}

/// A plural word is a collection of its own (`/users/followers`); words with a number in them are not
/// (`unique_id_4_graduate_students`).
fn collection_word(seg: &str) -> bool {
    looks_plural(seg) && !seg.bytes().any(|b| b.is_ascii_digit())
}

/// Shaped like a word or words (`apptoken`, `base-entry`, `Paris`, `example.com`), not like an id.
fn worded(seg: &str) -> bool {
    matches!(
        classify(split_extension(seg).0),
        Shape::LowerWord | Shape::LowerWords | Shape::Camel | Shape::Capitalised | Shape::Spaced | Shape::Domain
    )
}

/// Of the other segments that follow the same segments as this one (`/restapis/uojnr9hd57` beside
/// `/restapis/fugvjdxtri`), the share that are shaped like values: a slot that holds ids holds ids.
fn slot_values(spec: &Spec<'_>, segs: &[String], slot: usize) -> f64 {
    let Some(seen) = spec.slots.get(&id_prefix(&segs[..slot])) else { return 0.0 };
    let others: Vec<&String> = seen.iter().filter(|s| **s != segs[slot]).collect();
    if others.is_empty() {
        return 0.0;
    }
    let valued = others
        .iter()
        .filter(|s| {
            let shape = classify(split_extension(s).0);
            template_names(s).is_empty() && shape.is_value() && shape != Shape::ShortNumber
        })
        .count();
    valued as f64 / others.len() as f64
}

/// `segments/segment-id`, `versions/version`, `apps/application-id`: the literal spells the name of an item of the
/// collection before it (its singular, maybe with `id`), as documentation placeholders do.
fn placeholder(value: &str, prev: Option<&str>, next: Option<&str>) -> bool {
    // The collection is a plural word; a label right before a template (`strategies/strategyId/{strategyId}`)
    // names that template, it does not stand in for it.
    let Some(prev) = prev.filter(|p| matches!(classify(p), Shape::LowerWord | Shape::LowerWords) && looks_plural(p))
    else {
        return false;
    };
    if next.is_some_and(|n| !template_names(n).is_empty()) {
        return false;
    }
    let folded = fold(value);
    let stem = folded.strip_suffix("id").filter(|s| !s.is_empty() && value.len() > 2).unwrap_or(&folded);
    let noun = fold(&singular(prev));
    stem == noun || (stem.len() >= 3 && noun.len() >= 3 && folded != noun && related(stem, &noun) && stem != folded)
}

/// The features that compare a key with the keys that differ from it only in this slot.
fn siblings(spec: &Spec<'_>, c: &mut Candidate) {
    let segs = spec.segs(c.key);
    let canon: Vec<&str> = segs.iter().map(|s| canonical(s)).collect();
    let mut sig = canon;
    sig[c.slot] = "\u{0}";
    let members = spec.groups.get(&sig.join("/")).map(Vec::as_slice).unwrap_or_default();
    let mut template = false;
    let mut value = false;
    let mut others = 0usize;
    for &(k, slot) in members.iter().filter(|(k, _)| *k != c.key) {
        let other = &spec.segs(k)[slot];
        if other == &segs[c.slot] {
            continue; // the same literal again (a method split over two keys)
        }
        others += 1;
        template |= !template_names(other).is_empty();
        value |= matches!(
            classify(split_extension(other).0),
            Shape::Uuid | Shape::Email | Shape::LongNumber | Shape::Hex | Shape::Random | Shape::Code
        );
        value |= !spec.missing[k].is_empty() && spec.split[k].0.len() == segs.len();
    }
    c.features[SIB_TEMPLATE] = f64::from(template);
    c.features[SIB_VALUE] = f64::from(template || value);
    let count = (1.0 + others as f64).log2();
    // `/api/users`, `/api/orders`: collections side by side; `/Report/P45/run`, `/Report/P60/run`: one slot varying
    // between identical paths.
    if c.slot + 1 == segs.len() {
        c.features[SIB_COUNT] = count;
    } else {
        c.features[SIB_COUNT_MID] = count;
    }
}

/// Marks where the key's missing declared path parameters go: first where the segment before (or the name glued
/// before the value) matches a missing name, then the remaining names on the last remaining candidates.
fn declare(spec: &Spec<'_>, key: usize, cands: &mut [Candidate]) {
    let missing = &spec.missing[key];
    if missing.is_empty() {
        return;
    }
    let segs = spec.segs(key);
    // A declared name may stand for a template written under another name (`domain` for `{name}`). When the key
    // has as many undeclared templates as missing names, a missing name only goes to a literal that does not read
    // as a plain word.
    let declared: Vec<String> = spec.inputs[key].declared.iter().map(|n| fold(n)).collect();
    let undeclared = segs.iter().flat_map(|s| template_names(s)).filter(|t| !declared.contains(&fold(t))).count();
    let renamed = missing.len() <= undeclared;
    let eligible = |c: &Candidate| {
        c.shape != Shape::Version
            && !(renamed && (c.shape.is_lower_word() || matches!(c.shape, Shape::Camel | Shape::Other)))
    };
    let mut left: Vec<&String> = missing.iter().collect();
    for c in cands.iter_mut() {
        c.features[DECLARED_ANY] = 1.0;
    }
    for c in cands.iter_mut().filter(|c| eligible(c)) {
        let before = match c.part {
            Part::AfterColon => c.head.trim_end_matches(':').to_owned(),
            _ => c.slot.checked_sub(1).map(|j| segs[j].clone()).unwrap_or_default(),
        };
        // The literal spells the name (`alertId` for `alertId`), or the segment before it names it (`lang:` for
        // `language`, `codename` for `item_codename`).
        let spelled = left.iter().position(|n| fold(n) == fold(&c.value));
        // A plain word after the word that names a parameter is that parameter's collection (`alerts/configs`),
        // not its value.
        let word = c.part == Part::Whole && c.shape.is_lower_word();
        let named = (!word).then(|| left.iter().position(|n| related(n, &before))).flatten();
        if let Some(pos) = spelled.or(named) {
            c.declared = Some(left.remove(pos).clone());
            c.features[DECLARED_NAME] = 1.0;
            c.features[DECLARED_SLOT] = 1.0;
        }
    }
    let mut free: Vec<usize> = (0..cands.len())
        .filter(|&i| {
            let c = &cands[i];
            // A plain lower-case word is a step of the path (`q` in `/q/CA/…`, a collection), not a value, unless
            // its name says otherwise (above): specs that declare a parameter too many must not turn `actions`
            // or `chapter` into one.
            let word = c.shape.is_lower_word();
            c.declared.is_none() && eligible(c) && c.part != Part::AfterWord && !word
        })
        .collect();
    let take = free.len().saturating_sub(left.len());
    for (i, name) in free.drain(take..).zip(left) {
        cands[i].declared = Some(name.clone());
        cands[i].features[DECLARED_SLOT] = 1.0;
    }
}

/// Evidence that the word at `slot` is an item of the collection before it: an item path (only GET, PUT, PATCH,
/// DELETE) whose parent path is a collection (GET or POST) and whose text names one item ("Delete a tag").
pub(crate) fn item_evidence(spec: &Spec<'_>, key: usize, slot: usize) -> Option<String> {
    let segs = spec.segs(key);
    let input = &spec.inputs[key];
    let seg = &segs[slot];
    if slot == 0 || slot + 1 != segs.len() || collection_word(seg) {
        return None;
    }
    let collection = &segs[slot - 1];
    if classify(collection) != Shape::LowerWord && classify(collection) != Shape::LowerWords {
        return None;
    }
    if !looks_plural(collection) {
        return None;
    }
    let item_methods = [Method::Get, Method::Put, Method::Patch, Method::Delete];
    if input.methods.is_empty() || !input.methods.iter().all(|m| item_methods.contains(m)) {
        return None;
    }
    let parent_key = format!("/{}", segs[..slot].join("/"));
    let parent = &spec.inputs[*spec.by_path.get(&parent_key)?];
    if !parent.methods.iter().any(|m| matches!(m, Method::Get | Method::Post)) {
        return None;
    }
    let noun = singular(collection).to_ascii_lowercase();
    mentions_one(&input.text, &noun).then(|| format!("`{parent_key}` is a collection and the text names one {noun}"))
}
