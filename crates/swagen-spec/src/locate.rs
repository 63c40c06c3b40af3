//! JSON pointer → line and column in the source text, so diagnostics found after loading (on the JSON value) still
//! name a place a person can open.
//!
//! JSON is scanned exactly. YAML is scanned by indentation, which covers block mappings and sequences (the form
//! specs are written in); inside flow collections (`{a: 1}`) the position of the collection is given. When a
//! pointer cannot be followed to its end, the deepest part found is given; `None` only when nothing matched.

use crate::diag::{Diagnostic, Location};
use crate::source::{detect_format, read_file, Format};
use std::num::NonZeroU32;

/// The 1-based line and column of the node `pointer` (`#/paths/~1tags/get`) names in `text`.
pub fn locate(text: &str, format: Format, pointer: &str) -> Option<(usize, usize)> {
    Locator::new(text, format).locate(pointer)
}

/// Where a diagnostic is in its file (here, not in `diag.rs`, so that diagnostics do not depend on locating).
impl Diagnostic {
    /// Finds the line and column of a pointer location in `source` (the text of `self.file`).
    pub fn locate_in(self, source: &str, format: Format) -> Self {
        self.locate_with(&Locator::new(source, format))
    }

    /// Finds the line and column of a pointer location with a locator over the text of `self.file`.
    pub fn locate_with(mut self, locator: &Locator<'_>) -> Self {
        if let (Location::Pointer(p), None) = (&self.location, self.position) {
            let narrow = |n: usize| NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX));
            self.position = locator.locate(p).and_then(|(l, c)| Some((narrow(l)?, narrow(c)?)));
        }
        self
    }
}

/// Locates many pointers in one text (the YAML line index is built once).
pub struct Locator<'a> {
    text: &'a str,
    format: Format,
    lines: Vec<Line<'a>>,
    /// JSON: the members (or elements) of every object (or array) scanned so far, by the container's offset, so
    /// many pointers into one big document (Kubernetes, 4 MB) scan each container once.
    children: std::cell::RefCell<std::collections::HashMap<usize, Children>>,
    /// The byte offsets where lines start, built on first use.
    line_starts: std::cell::OnceCell<Vec<usize>>,
    /// Byte offset → its column (in characters, 0-based), for offsets already located: a minified spec is one
    /// line of megabytes, and counting from the line's start for every diagnostic would be quadratic.
    columns: std::cell::RefCell<std::collections::BTreeMap<usize, usize>>,
}

/// The children of a JSON container: member name → value offset, or element offsets.
enum Children {
    Object(std::collections::HashMap<String, usize>),
    Array(Vec<usize>),
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, format: Format) -> Self {
        // A byte-order mark is not part of the document (columns on the first line count from after it).
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines = if format == Format::Yaml { content_lines(text) } else { Vec::new() };
        Locator {
            text,
            format,
            lines,
            children: Default::default(),
            line_starts: Default::default(),
            columns: Default::default(),
        }
    }

    /// The 1-based line and column of the node `pointer` names.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let tokens = pointer_tokens(pointer)?;
        match self.format {
            Format::Json => Some(self.line_column(self.json_offset(&tokens))),
            // The root is the first line with content, or the start of a document that has none (comments only).
            Format::Yaml if tokens.is_empty() => {
                Some(self.lines.first().map_or((1, 1), |first| (first.number + 1, first.indent + 1)))
            }
            Format::Yaml => yaml_position(&self.lines, &tokens),
        }
    }
}

impl Locator<'_> {
    /// JSON: the offset of the value the tokens lead to (or of the deepest value reached).
    fn json_offset(&self, tokens: &[String]) -> usize {
        let b = self.text.as_bytes();
        let mut children = self.children.borrow_mut();
        let mut i = skip_ws(b, 0);
        for token in tokens {
            let kids = match children.entry(i) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => match scan_children(b, i) {
                    Some(kids) => e.insert(kids),
                    None => break,
                },
            };
            let next = match kids {
                Children::Object(members) => members.get(token.as_str()).copied(),
                Children::Array(elements) => token.parse::<usize>().ok().and_then(|n| elements.get(n).copied()),
            };
            match next {
                Some(n) => i = n,
                None => break, // the deepest value reached
            }
        }
        i
    }

    /// JSON: the line and column of the *last* member named like the pointer's last token in its object (a
    /// duplicate key: the parser keeps the last one).
    pub fn locate_last_member(&self, pointer: &str) -> Option<(usize, usize)> {
        let tokens = pointer_tokens(pointer)?;
        let (key, parent) = tokens.split_last()?;
        if self.format != Format::Json {
            return None;
        }
        let b = self.text.as_bytes();
        let mut j = skip_ws(b, self.json_offset(parent));
        if b.get(j)? != &b'{' {
            return None;
        }
        j = skip_ws(b, j + 1);
        let mut last = None;
        while b.get(j)? == &b'"' {
            let end = skip_string(b, j)?;
            let name: String = serde_json::from_slice(&b[j..end]).ok()?;
            j = skip_ws(b, end);
            if b.get(j)? != &b':' {
                return None;
            }
            j = skip_ws(b, j + 1);
            if name == *key {
                last = Some(j);
            }
            j = skip_ws(b, skip_value(b, j)?);
            if b.get(j)? == &b',' {
                j = skip_ws(b, j + 1);
            }
        }
        last.map(|o| self.line_column(o))
    }

    /// The 1-based line and column of a byte offset.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| line_starts(self.text));
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let mut columns = self.columns.borrow_mut();
        // Count from the nearest offset already located on this line, if any.
        let (from, base) = match columns.range(start..=offset).next_back() {
            Some((&o, &c)) => (o, c),
            None => (start, 0),
        };
        let column = base + self.text.get(from..offset).map_or(0, |t| t.chars().count());
        columns.insert(offset, column);
        (line, column + 1)
    }
}

/// The byte offsets where the lines of `text` start: 0, and every offset after a `\n` (the end of the text too,
/// when it ends with one).
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    let p = pointer.strip_prefix('#').unwrap_or(pointer);
    if p.is_empty() {
        return Some(Vec::new());
    }
    let p = p.strip_prefix('/')?;
    Some(p.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// After the string starting at `i` (a `"`).
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// After the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while b.get(j).is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace()) {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The members of the object (or the elements of the array) at `i`, with the offsets of their values.
fn scan_children(b: &[u8], i: usize) -> Option<Children> {
    match b.get(i)? {
        b'{' => {
            let mut members = std::collections::HashMap::new();
            let mut j = skip_ws(b, i + 1);
            while b.get(j)? == &b'"' {
                let end = skip_string(b, j)?;
                let raw = &b[j + 1..end - 1];
                // Most keys have no escapes: taken as they are, without decoding.
                let name = if raw.contains(&b'\\') {
                    serde_json::from_slice::<String>(&b[j..end]).ok()?
                } else {
                    String::from_utf8_lossy(raw).into_owned()
                };
                j = skip_ws(b, end);
                if b.get(j)? != &b':' {
                    return None;
                }
                j = skip_ws(b, j + 1);
                // The first of duplicate keys is the one named (the parser keeps the last; the warning names both).
                members.entry(name).or_insert(j);
                j = skip_ws(b, skip_value(b, j)?);
                if b.get(j)? == &b',' {
                    j = skip_ws(b, j + 1);
                }
            }
            Some(Children::Object(members))
        }
        b'[' => {
            let mut elements = Vec::new();
            let mut j = skip_ws(b, i + 1);
            while b.get(j)? != &b']' {
                elements.push(j);
                j = skip_ws(b, skip_value(b, j)?);
                if b.get(j)? == &b',' {
                    j = skip_ws(b, j + 1);
                }
            }
            Some(Children::Array(elements))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// YAML (block style)

/// A content line: 0-based line number, indentation, the text after it.
#[derive(Clone)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

fn content_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .filter_map(|(number, raw)| {
            let trimmed = raw.trim_start();
            let skip = trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---");
            (!skip).then(|| Line { number, indent: raw.len() - trimmed.len(), text: trimmed })
        })
        .collect()
}

fn yaml_position(lines: &[Line<'_>], tokens: &[String]) -> Option<(usize, usize)> {
    let mut block: &[Line<'_>] = lines;
    let mut owned: Vec<Line<'_>>;
    let mut found: Option<(usize, usize)> = None;
    for token in tokens {
        let Some(first) = block.first() else { break };
        let indent = first.indent;
        // Sequence items at this level.
        let next = if first.text.starts_with("- ") || first.text == "-" {
            let Ok(n) = token.parse::<usize>() else { break };
            let starts: Vec<usize> =
                (0..block.len()).filter(|&k| block[k].indent == indent && block[k].text.starts_with('-')).collect();
            let Some(&start) = starts.get(n) else { break };
            let end = starts.get(n + 1).copied().unwrap_or_else(|| block_end(block, start, indent));
            let item = &block[start];
            let rest = item.text[1..].trim_start();
            found = Some((item.number + 1, item.indent + 1));
            if rest.is_empty() {
                &block[start + 1..end]
            } else {
                let mut sub = Vec::with_capacity(end - start);
                sub.push(Line {
                    number: item.number,
                    indent: item.indent + (item.text.len() - rest.len()),
                    text: rest,
                });
                sub.extend(block[start + 1..end].iter().cloned());
                owned = sub;
                &owned[..]
            }
        } else {
            let Some(k) = (0..block.len()).find(|&k| block[k].indent == indent && key_of(block[k].text) == Some(token))
            else {
                break;
            };
            let line = &block[k];
            found = Some((line.number + 1, line.indent + 1));
            // A key's value may be a sequence written at the key's own indent (`parameters:` then `- in: …`).
            let end = (k + 1..block.len())
                .find(|&j| {
                    let l = &block[j];
                    l.indent < indent || (l.indent == indent && !(l.text.starts_with("- ") || l.text == "-"))
                })
                .unwrap_or(block.len());
            &block[k + 1..end]
        };
        block = next;
    }
    found
}

/// The end of the block that the line at `k` (at `indent`) opens: the next line at the same or a lower indent.
fn block_end(block: &[Line<'_>], k: usize, indent: usize) -> usize {
    (k + 1..block.len()).find(|&j| block[j].indent <= indent).unwrap_or(block.len())
}

/// The key of a `key: value` line, unquoted.
fn key_of(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix('"') {
        let end = rest.find("\":")?;
        return Some(&rest[..end]);
    }
    if let Some(rest) = text.strip_prefix('\'') {
        let end = rest.find("':")?;
        return Some(&rest[..end]);
    }
    let end = text.find(": ").or_else(|| text.strip_suffix(':').map(str::len))?;
    Some(text[..end].trim_end())
}

#[cfg(test)]
mod indentless_tests {
    use super::*;

    #[test]
    fn sequences_at_the_key_indent() {
        let text = "paths:\n  /a:\n    put:\n      parameters:\n      - in: formData\n        name: a\n      - in: header\n        name: b\n      responses: {}\n";
        assert_eq!(locate(text, Format::Yaml, "#/paths/~1a/put/parameters/1"), Some((7, 7)));
        assert_eq!(locate(text, Format::Yaml, "#/paths/~1a/put/parameters/1/name"), Some((8, 9)));
        assert_eq!(locate(text, Format::Yaml, "#/paths/~1a/put/responses"), Some((9, 7)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "swagger: '2.0'\npaths:\n  /tags:\n    get:\n      parameters:\n        - in: query\n          name: group\n        - name: x\n          in: header\n  '/tags/{tag}':\n    delete:\n      responses:\n        200:\n          description: OK\n";

    #[test]
    fn yaml_block_style() {
        assert_eq!(locate(YAML, Format::Yaml, "#/paths/~1tags/get/parameters/1"), Some((8, 9)));
        assert_eq!(locate(YAML, Format::Yaml, "#/paths/~1tags/get/parameters/1/in"), Some((9, 11)));
        assert_eq!(locate(YAML, Format::Yaml, "#/paths/~1tags/get/parameters/0/name"), Some((7, 11)));
        assert_eq!(locate(YAML, Format::Yaml, "#/paths/~1tags~1{tag}/delete/responses/200"), Some((13, 9)));
        // Not there: the deepest part found.
        assert_eq!(locate(YAML, Format::Yaml, "#/paths/~1tags/get/nothing"), Some((4, 5)));
        assert_eq!(locate(YAML, Format::Yaml, "#/nothing"), None);
    }

    #[test]
    fn json_exact() {
        let json = "{\n  \"paths\": {\n    \"/tags\": {\"get\": {\"parameters\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}}\n  }\n}";
        assert_eq!(locate(json, Format::Json, "#/paths/~1tags/get/parameters/1/name"), Some((3, 62)));
        assert_eq!(locate(json, Format::Json, "#/paths"), Some((2, 12)));
        // Not there: the deepest part found.
        assert_eq!(locate(json, Format::Json, "#/nothing"), Some((1, 1)));
        assert_eq!(locate("{\"a\": [1, 2]}", Format::Json, "#/a/5"), Some((1, 7)));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "{", "[", "\"", "{\"a\":", "a:\n - \n -", "- - -", "{\"a\\\"\": 1}", ":\n:"] {
            for p in ["#", "#/a", "#/0/0", "#/a/~1b", "no-hash"] {
                let _ = locate(text, Format::Json, p);
                let _ = locate(text, Format::Yaml, p);
            }
        }
    }
}

/// Gives every pointer diagnostic that has no line and column yet the position of its node, reading each file
/// named once (size-bounded, as any input). Used when diagnostics are shown, so that diagnostics about overlaid
/// documents (the spec as written is searched; the deepest node found is given) and about files reached by
/// external `$ref`s get a place too.
pub fn locate_all(diags: &mut [Diagnostic]) {
    let mut by_file: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, d) in diags.iter().enumerate() {
        if matches!(d.location, Location::Pointer(_)) && d.position().is_none() {
            by_file.entry(d.file.clone()).or_default().push(i);
        }
    }
    for (file, indices) in by_file {
        let Ok(bytes) = read_file(std::path::Path::new(&file), "the file") else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let locator = Locator::new(&text, detect_format(text.trim_start_matches('\u{feff}')));
        for i in indices {
            if let Some(d) = diags.get_mut(i) {
                *d = d.clone().locate_with(&locator);
            }
        }
    }
}
