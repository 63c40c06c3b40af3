//! Just enough English for resource names: singulars, "a tag" in an operation's text, related names.

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

pub(crate) fn looks_plural(word: &str) -> bool {
    singular(word) != word
}

/// Whether `text` names one `noun` with a determiner before it ("a tag", "the given tag", "a single tag").
pub(crate) fn mentions_one(text: &str, noun: &str) -> bool {
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

/// A name folded for comparison: lower case, letters and digits only (`zone_id`, `zoneId`, `zone-id` → `zoneid`).
pub(crate) fn fold(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether two names speak of the same thing: equal when folded, one the singular of the other, one ending with
/// the other (`item_codename` and `codename`), or one a prefix of the other of at least three letters (`lang` and
/// `language`, `apps` and `application`).
pub(crate) fn related(a: &str, b: &str) -> bool {
    let (a, b) = (fold(&singular(a)), fold(&singular(b)));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    a == b || (short.len() >= 3 && (long.starts_with(short.as_str()) || long.ends_with(short.as_str())))
}

/// Whether the text contains `value` as words (`San_Francisco` in "… of San Francisco, CA"), at least 3 letters.
pub(crate) fn text_mentions(text_lower: &str, value: &str) -> bool {
    let spoken: String = value.replace(['_', '-', '+'], " ").to_lowercase();
    let spoken = spoken.trim();
    if spoken.chars().filter(char::is_ascii_alphanumeric).count() < 3 {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = text_lower[from..].find(spoken) {
        let start = from + pos;
        let end = start + spoken.len();
        let before = text_lower[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text_lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return true;
        }
        from = start + spoken.len().max(1);
        while !text_lower.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Whether the text says an item is given by its `label` ("specified by its codename", "by their external IDs"):
/// then the literal after a `label` segment is that item's value (`/items/codename/on_roasts`).
pub(crate) fn given_by(text_lower: &str, label: &str) -> bool {
    let spoken = label.replace(['_', '-'], " ").to_lowercase();
    ["by its", "by their"].iter().any(|by| {
        text_mentions(text_lower, &format!("{by} {spoken}")) || text_mentions(text_lower, &format!("{by} {spoken}s"))
    })
}

/// Whether the text shows `value` quoted or in parentheses right beside `noun`, as an example of one: "Get a gateway
/// (stripe)", "the \"timeline\" feed".
pub(crate) fn shown_beside(text_lower: &str, noun: &str, value: &str) -> bool {
    let noun = noun.replace(['_', '-'], " ").to_lowercase();
    let value = value.replace(['_', '-'], " ").to_lowercase();
    if noun.trim().is_empty() || value.trim().is_empty() {
        return false;
    }
    let quoted = [format!("\"{value}\""), format!("'{value}'"), format!("`{value}`"), format!("({value})")];
    quoted.iter().any(|q| text_lower.contains(&format!("{noun} {q}")) || text_lower.contains(&format!("{q} {noun}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        assert_eq!(singular("tags"), "tag");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("chat"), "chat");
    }

    #[test]
    fn relations() {
        assert!(related("lang", "language"));
        assert!(related("codename", "item_codename"));
        assert!(related("zoneId", "zone_id"));
        assert!(related("segments", "segment"));
        assert!(!related("q", "query"));
        assert!(!related("city", "state"));
    }

    #[test]
    fn mentions() {
        assert!(text_mentions("the weather of san francisco, ca.", "San_Francisco"));
        assert!(!text_mentions("sanfrancisco", "San_Francisco"));
        assert!(!text_mentions("a ca b", "CA"));
        assert!(mentions_one("Delete a tag", "tag"));
    }

    #[test]
    fn examples_and_labels_in_text() {
        assert!(shown_beside("get a gateway (stripe)", "gateway", "stripe"));
        assert!(shown_beside("retrieve jessica's \"timeline\" feed", "feed", "timeline"));
        assert!(!shown_beside("pay with stripe through a gateway", "gateway", "stripe"));
        assert!(given_by("a content item specified by its codename.", "codename"));
        assert!(given_by("both are specified by their external ids", "external-id"));
        assert!(!given_by("list items by codename", "codename"));
    }
}
