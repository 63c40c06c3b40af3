//! What a literal looks like, as one class. Shape is one kind of evidence among several: strong for UUIDs,
//! e-mail addresses and long numbers, weak on its own for words and small numbers (see `evidence.rs`).

/// The shape of a literal (a whole segment without its extension, or the value part of one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Uuid,
    Email,
    /// Four or more digits.
    LongNumber,
    /// One to three digits.
    ShortNumber,
    /// Upper-case letters and digits, both (`ABC123`, `5FUED`, `P32`).
    Code,
    /// A long hexadecimal string with letters and digits.
    Hex,
    /// Letters and digits in no word-like order (`mxsmn867vb`, long generated keys).
    Random,
    /// Dot-separated alphanumeric parts with many digits (`123.456.789.012`, `S1352647457.ac951bfe2e`).
    Dotted,
    /// Dot-separated lower-case labels (`example.com`, `apiextensions.k8s.io`, `nginx.zip`).
    Domain,
    /// `v2`, `v1beta1`, `1.1`.
    Version,
    /// One lower-case word (`support`, `tree`).
    LowerWord,
    /// Lower-case words joined by `-` or `_`, maybe with digits (`on_roasts`, `ext-cafe-brno-59713`).
    LowerWords,
    /// One lower-case token with digits in it, no separator (`stage1`, `0cjtch`): a word with a number, or an id.
    LowerAlnum,
    /// Upper-case letters only (`CA`, `ACTPAYINS`, `AKNTS_BPXS`).
    UpperWord,
    /// Capitalised word or words (`Paris`, `San_Francisco`).
    Capitalised,
    /// Mixed case inside one word (`AbsencePayInstruction`, `GetTelerate3750`, `brandID`).
    Camel,
    /// Words with spaces (`EP Ops Adapter`).
    Spaced,
    Other,
}

/// Every shape, in feature order.
pub(crate) const SHAPES: [Shape; 18] = [
    Shape::Uuid,
    Shape::Email,
    Shape::LongNumber,
    Shape::ShortNumber,
    Shape::Code,
    Shape::Hex,
    Shape::Random,
    Shape::Dotted,
    Shape::Domain,
    Shape::Version,
    Shape::LowerWord,
    Shape::LowerWords,
    Shape::UpperWord,
    Shape::Capitalised,
    Shape::Camel,
    Shape::Spaced,
    Shape::Other,
    Shape::LowerAlnum,
];

impl Shape {
    /// The feature name of this shape.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Uuid => "shape: a UUID",
            Shape::Email => "shape: an e-mail address",
            Shape::LongNumber => "shape: a number of four or more digits",
            Shape::ShortNumber => "shape: a short number",
            Shape::Code => "shape: an upper-case code with digits",
            Shape::Hex => "shape: a long hexadecimal string",
            Shape::Random => "shape: letters and digits in no word order",
            Shape::Dotted => "shape: a dotted id or address",
            Shape::Domain => "shape: dotted lower-case labels",
            Shape::Version => "shape: a version marker",
            Shape::LowerWord => "shape: a lower-case word",
            Shape::LowerWords => "shape: lower-case words joined",
            Shape::LowerAlnum => "shape: one lower-case token with digits",
            Shape::UpperWord => "shape: an upper-case word",
            Shape::Capitalised => "shape: a capitalised name",
            Shape::Camel => "shape: a camel-case word",
            Shape::Spaced => "shape: words with spaces",
            Shape::Other => "shape: none of the above",
        }
    }

    /// The shape in words (`a UUID`).
    pub(crate) fn describe(self) -> &'static str {
        self.name().trim_start_matches("shape: ")
    }

    /// Values whose name should end in `_id`.
    pub(crate) fn is_opaque_id(self) -> bool {
        matches!(
            self,
            Shape::Uuid
                | Shape::LongNumber
                | Shape::ShortNumber
                | Shape::Code
                | Shape::Hex
                | Shape::Random
                | Shape::Dotted
        )
    }

    /// Shapes that read as a value (an id or one of the strong shapes), as evidence about the segments around it.
    pub(crate) fn is_value(self) -> bool {
        self.is_opaque_id() || self.is_strong()
    }

    /// A lower-case word, words joined, or one token with digits (`tags`, `game-rounds`, `stage1`): what names are
    /// chosen from.
    pub(crate) fn is_lower_word(self) -> bool {
        matches!(self, Shape::LowerWord | Shape::LowerWords | Shape::LowerAlnum)
    }

    /// Shapes that are values whatever the spec around them says.
    pub(crate) fn is_strong(self) -> bool {
        matches!(self, Shape::Uuid | Shape::Email | Shape::LongNumber | Shape::Hex)
    }
}

/// The shape of `seg`.
pub(crate) fn classify(seg: &str) -> Shape {
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
    let len = seg.chars().count();
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    let letters = seg.bytes().filter(u8::is_ascii_alphabetic).count();
    let alnum = digits + letters == seg.len();
    if digits == seg.len() {
        return if len >= 4 { Shape::LongNumber } else { Shape::ShortNumber };
    }
    if digits >= 6
        && seg.split('.').count() > 1
        && seg.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Shape::Dotted;
    }
    if is_domain(seg) {
        return Shape::Domain;
    }
    if alnum && digits > 0 && letters > 0 && seg.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
        return Shape::Code;
    }
    if alnum && len >= 8 && digits > 0 && letters > 0 && seg.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Shape::Hex;
    }
    if alnum && is_random(seg, digits, letters) {
        return Shape::Random;
    }
    word_shape(seg)
}

/// Letters and digits that read as no word: long generated keys, lower-case ids with digits scattered in them.
fn is_random(seg: &str, digits: usize, letters: usize) -> bool {
    let len = seg.len();
    if len >= 16 && digits >= 2 && letters >= 2 {
        return true;
    }
    let lower = !seg.bytes().any(|b| b.is_ascii_uppercase());
    let transitions = seg.as_bytes().windows(2).filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit()).count();
    lower && len >= 6 && digits >= 2 && letters >= 2 && transitions >= 2
}

fn word_shape(seg: &str) -> Shape {
    if seg.contains(' ') && seg.split(' ').all(|w| w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
        return Shape::Spaced;
    }
    let words: Vec<&str> = seg.split(['-', '_']).collect();
    if words.iter().any(|w| w.is_empty() || !w.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Shape::Other;
    }
    let all = |f: fn(&u8) -> bool| seg.bytes().filter(u8::is_ascii_alphabetic).all(|b| f(&b));
    let has_letter = seg.bytes().any(|b| b.is_ascii_alphabetic());
    if !has_letter {
        return Shape::Other;
    }
    if all(u8::is_ascii_lowercase) {
        return if words.len() > 1 {
            Shape::LowerWords
        } else if seg.bytes().all(|b| b.is_ascii_alphabetic()) {
            Shape::LowerWord
        } else {
            Shape::LowerAlnum
        };
    }
    if all(u8::is_ascii_uppercase) {
        return if seg.bytes().any(|b| b.is_ascii_digit()) { Shape::Code } else { Shape::UpperWord };
    }
    let capitalised = words.iter().all(|w| {
        let mut b = w.bytes();
        b.next().is_some_and(|c| c.is_ascii_uppercase()) && b.all(|c| !c.is_ascii_uppercase())
    });
    if capitalised {
        Shape::Capitalised
    } else {
        Shape::Camel
    }
}

/// The generic top-level domains people write in examples; any two letters stand for a country. A dotted name
/// ending otherwise (`normal.day`, `nginx.zip`, `image.gif`) is a name or a file, not a host.
const GENERIC_TLDS: &[&str] = &["com", "net", "org", "io", "edu", "gov", "info", "biz", "dev", "app", "cloud", "local"];

/// `example.com`, `mon-api.com`, `a.b.c.com`, `apiextensions.k8s.io`: dot-separated labels of lower-case letters,
/// digits and hyphens, ending in a generic or two-letter top-level domain.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && (tld.len() == 2 || GENERIC_TLDS.contains(tld))
}

pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `v2`, `v1beta1`, `V3`, `1.1`, `2.0`.
pub(crate) fn is_version(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'v' || b[0] == b'V') && b[1].is_ascii_digit() {
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

/// A run of five or more consonants, which few words have (`fugvjdxtri`, `hmrcsettings`).
pub(crate) fn consonant_run(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        let consonant = b.is_ascii_alphabetic() && !b"aeiouyAEIOUY".contains(&b);
        run = if consonant { run + 1 } else { 0 };
        if run >= 5 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for (seg, shape) in [
            ("ABC123", Shape::Code),
            ("5FUED", Shape::Code),
            ("P32", Shape::Code),
            ("62976d30-b6dc-40f1-8422-ccc367572101", Shape::Uuid),
            ("9579007950", Shape::LongNumber),
            ("12", Shape::ShortNumber),
            ("john@example.com", Shape::Email),
            ("mxsmn867vb", Shape::Random),
            ("v2", Shape::Version),
            ("v1beta1", Shape::Version),
            ("1.1", Shape::Version),
            ("tags", Shape::LowerWord),
            ("on_roasts", Shape::LowerWords),
            ("ext-cafe-brno-59713", Shape::LowerWords),
            ("stage1", Shape::LowerAlnum),
            ("0cjtch", Shape::LowerAlnum),
            ("CA", Shape::UpperWord),
            ("AKNTS_BPXS", Shape::UpperWord),
            ("San_Francisco", Shape::Capitalised),
            ("AbsencePayInstruction", Shape::Camel),
            ("GetTelerate3750", Shape::Camel),
            ("EP Ops Adapter", Shape::Spaced),
            ("apiextensions.k8s.io", Shape::Domain),
            ("123.456.789.012", Shape::Dotted),
            ("chat:bot", Shape::Other),
        ] {
            assert_eq!(classify(seg), shape, "{seg}");
        }
    }
}
