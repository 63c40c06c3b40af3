//! JSON pointer → line and column in the source text, so diagnostics found after loading (on the JSON value) still
//! name a place a person can open.
//!
//! JSON is scanned exactly. YAML is scanned by indentation, which covers block mappings and sequences (the form
//! specs are written in); inside flow collections (`{a: 1}`) the position of the collection is given. When a
//! pointer cannot be followed to its end, the deepest part found is given; `None` only when nothing matched.

use crate::load::Format;

/// The 1-based line and column of the node `pointer` (`#/paths/~1tags/get`) names in `text`.
pub fn locate(text: &str, format: Format, pointer: &str) -> Option<(usize, usize)> {
    Locator::new(text, format).locate(pointer)
}

/// Locates many pointers in one text (the YAML line index is built once).
pub struct Locator<'a> {
    text: &'a str,
    format: Format,
    lines: Vec<Line<'a>>,
    /// JSON: the offsets of pointer prefixes already walked, so many pointers into one big document (Kubernetes,
    /// 4 MB) do not each scan it from the start.
    prefixes: std::cell::RefCell<std::collections::HashMap<Vec<String>, usize>>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, format: Format) -> Self {
        let lines = if format == Format::Yaml { content_lines(text) } else { Vec::new() };
        Locator { text, format, lines, prefixes: Default::default() }
    }

    /// The 1-based line and column of the node `pointer` names.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let tokens = pointer_tokens(pointer)?;
        match self.format {
            Format::Json => {
                let mut prefixes = self.prefixes.borrow_mut();
                let known = (0..=tokens.len()).rev().find_map(|n| prefixes.get(&tokens[..n]).map(|&o| (n, o)));
                let (n, start) = known.unwrap_or((0, skip_ws(self.text.as_bytes(), 0)));
                let offset = json_offset(self.text.as_bytes(), start, &tokens[n..], |walked, o| {
                    prefixes.insert(tokens[..n + walked].to_vec(), o);
                })?;
                Some(line_column(self.text, offset))
            }
            Format::Yaml => yaml_position(&self.lines, &tokens),
        }
    }
}

fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    let p = pointer.strip_prefix('#').unwrap_or(pointer);
    if p.is_empty() {
        return Some(Vec::new());
    }
    let p = p.strip_prefix('/')?;
    Some(p.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

/// The byte offset of the value the tokens lead to from the value at `start` (or of the deepest value reached);
/// `walked(k, offset)` is told where the first `k` tokens lead.
fn json_offset(b: &[u8], start: usize, tokens: &[String], mut walked: impl FnMut(usize, usize)) -> Option<usize> {
    let mut i = start;
    for (k, token) in tokens.iter().enumerate() {
        let next = match b.get(i)? {
            b'{' => object_member(b, i, token),
            b'[' => token.parse().ok().and_then(|n| array_element(b, i, n)),
            _ => None,
        };
        match next {
            Some(n) => {
                i = n;
                walked(k + 1, i);
            }
            None => return Some(i), // the deepest value reached
        }
    }
    Some(i)
}

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

/// The offset of the value of member `key` of the object at `i`.
fn object_member(b: &[u8], i: usize, key: &str) -> Option<usize> {
    let mut j = skip_ws(b, i + 1);
    while b.get(j)? == &b'"' {
        let end = skip_string(b, j)?;
        let raw = &b[j + 1..end - 1];
        // Most keys have no escapes: compared as bytes, without decoding.
        let matches = if raw.contains(&b'\\') {
            serde_json::from_slice::<String>(&b[j..end]).ok().is_some_and(|name| name == key)
        } else {
            raw == key.as_bytes()
        };
        j = skip_ws(b, end);
        if b.get(j)? != &b':' {
            return None;
        }
        j = skip_ws(b, j + 1);
        if matches {
            return Some(j);
        }
        j = skip_ws(b, skip_value(b, j)?);
        if b.get(j)? == &b',' {
            j = skip_ws(b, j + 1);
        }
    }
    None
}

/// The offset of element `n` of the array at `i`.
fn array_element(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let mut j = skip_ws(b, i + 1);
    for _ in 0..n {
        if b.get(j)? == &b']' {
            return None;
        }
        j = skip_ws(b, skip_value(b, j)?);
        if b.get(j)? != &b',' {
            return None;
        }
        j = skip_ws(b, j + 1);
    }
    (b.get(j)? != &b']').then_some(j)
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
            let end = block_end(block, k, indent);
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
