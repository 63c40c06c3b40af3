//! Names for the parameters the normaliser introduces: a declared name wins, then a name a sibling already uses at
//! the same slot, then the label the text gives the item by (`codename`), then map-tile coordinates by their
//! place (`zoom/x/y`), then the literal itself when it spells a placeholder, then one made from the collection
//! before the value.

use super::english::singular;
use super::evidence::{Candidate, Part, Spec};
use super::key::template_names;
use super::shape::{classify, Shape};
use super::tiles;
use std::collections::BTreeSet;

/// The name for `c` and why, unique among `used`.
pub(crate) fn name(spec: &Spec<'_>, c: &Candidate, used: &BTreeSet<String>) -> (String, String) {
    // The label needs `used` (`variant_codename` when the key has a `codename` already); a declared name and a
    // sibling's template name come first, as for every value.
    let (base, why) = match &c.given_by {
        Some(label) if c.declared.is_none() && sibling_name(spec, c).is_none() => {
            label_name(&spec.split[c.key].0, c.slot, label, used)
        }
        _ => base_name(spec, c),
    };
    (unique_name(&base, used), why)
}

fn base_name(spec: &Spec<'_>, c: &Candidate) -> (String, String) {
    if let Some(declared) = &c.declared {
        return (declared.clone(), format!("named `{declared}` as the operation declares it"));
    }
    let segs = &spec.split[c.key].0;
    if c.part == Part::Whole {
        if let Some(existing) = sibling_name(spec, c) {
            let why = format!("named `{existing}` as a sibling key's template at this slot");
            return (existing, why);
        }
        if let Some((tile, why)) = tiles::tile_name(segs, c.slot) {
            return (tile.to_owned(), why);
        }
    }
    // The nearest word before the value names its collection; numbers and other values before it do not.
    let prev = segs[..c.slot]
        .iter()
        .rev()
        .take_while(|p| template_names(p).is_empty())
        .map(String::as_str)
        .find(|p| p.chars().next().is_some_and(char::is_alphabetic) && !matches!(classify(p), Shape::Version));
    if c.is_placeholder() {
        return (crate::case::snake(&c.value), "named as the placeholder it spells".to_owned());
    }
    if c.part == Part::AfterWord {
        let noun = if c.value.len() == 8 { "date" } else { "value" };
        return (noun.to_owned(), format!("named `{noun}` for digits glued to `{}`", c.head));
    }
    if c.part == Part::AfterColon {
        let noun = crate::case::snake(c.head.trim_end_matches(':'));
        return (noun, "named after the name glued before it".to_owned());
    }
    match (c.shape, prev.filter(|p| !p.is_empty())) {
        (Shape::Email, _) => ("email".to_owned(), "named for its shape".to_owned()),
        (Shape::Domain, _) => ("domain".to_owned(), "named for its shape".to_owned()),
        (shape, Some(p)) => {
            let noun = crate::case::snake(&singular(p));
            // An id word already (`uid`, `guid`, `zone_id`) takes no second `_id`.
            let id_word = noun.ends_with("_id") || (noun.len() <= 4 && noun.ends_with("id"));
            if noun.is_empty() {
                ("id".to_owned(), "no usable name before it".to_owned())
            } else if is_ipv4_shaped(&c.value) {
                (noun, format!("named after the collection `{p}` (an address, not an id of one)"))
            } else if shape.is_opaque_id() || c.slot_holds_ids() {
                let name = if id_word { noun } else { format!("{noun}_id") };
                (name, format!("named after the collection `{p}` (an opaque id)"))
            } else {
                (noun, format!("named after the collection `{p}` (a chosen name)"))
            }
        }
        (_, None) => ("id".to_owned(), "no collection name before it".to_owned()),
    }
}

/// `codename` for `/items/codename/on_roasts`: the label; `variant_codename` when the key already has a
/// `codename` (`/items/codename/on_roasts/variants/codename/en-US`), after the collection before the label.
fn label_name(segs: &[String], slot: usize, label: &str, used: &BTreeSet<String>) -> (String, String) {
    let label = crate::case::snake(label);
    let why = format!("named `{label}`, as the text gives the item by it");
    let collection = slot.checked_sub(2).map(|j| segs[j].as_str()).filter(|p| classify(p).is_lower_word());
    match collection {
        Some(p) if used.contains(&label) => (format!("{}_{label}", crate::case::snake(&singular(p))), why),
        _ => (label, why),
    }
}

/// Four dot-separated groups of one to three digits (`10.0.0.1`, `123.456.789.012`).
fn is_ipv4_shaped(value: &str) -> bool {
    let groups: Vec<&str> = value.split('.').collect();
    groups.len() == 4 && groups.iter().all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// The template name a key with the same segments before this slot (or differing only here) has in it.
fn sibling_name(spec: &Spec<'_>, c: &Candidate) -> Option<String> {
    let segs = &spec.split[c.key].0;
    spec.prefix_templates.get(&segs[..c.slot].join("/")).cloned()
}

fn unique_name(base: &str, used: &BTreeSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}_{n}")).find(|c| !used.contains(c)).unwrap_or_else(|| base.to_owned())
}
