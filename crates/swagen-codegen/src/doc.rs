//! Doc comments from spec text: injection-proof (always a string literal), fences made non-doctest, long prose
//! lines wrapped.

use proc_macro2::TokenStream;
use quote::quote;

const WIDTH: usize = 100;

/// Builds `#[doc = "..."]` attributes, one per line, from paragraphs (empty strings are skipped; paragraphs are
/// separated by a blank doc line).
pub fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(prose_lines(p));
    }
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Splits text into doc lines: control characters dropped, code fences tagged `text` (so rustdoc never runs
/// them as tests) and closed if left open, prose lines wrapped at a word boundary.
fn prose_lines(text: &str) -> Vec<String> {
    let clean: String = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in clean.lines() {
        let line = raw.trim_end().replace('\t', "    ");
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker = &trimmed[..3];
            if in_fence {
                out.push(marker.to_owned());
            } else {
                let info = trimmed[3..].trim();
                let info = if info.is_empty() || !info.chars().all(|c| c.is_ascii_alphanumeric()) {
                    "text"
                } else if info == "rust" {
                    "rust,ignore"
                } else {
                    info
                };
                out.push(format!("{marker}{info}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.len() <= WIDTH || line.starts_with("    ") || line.starts_with('|') {
            out.push(line);
        } else {
            out.extend(wrap(&line));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

fn wrap(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if !current.is_empty() && current.len() + 1 + word.len() > WIDTH {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_never_become_doctests() {
        let lines = prose_lines("Example:\n```\nfoo(); }\n```\n```rust\nbar\n");
        assert_eq!(lines, ["Example:", "```text", "foo(); }", "```", "```rust,ignore", "bar", "```"]);
    }

    #[test]
    fn wraps_long_prose() {
        let long = "word ".repeat(40);
        let lines = prose_lines(&long);
        assert!(lines.iter().all(|l| l.len() <= WIDTH));
        assert_eq!(lines.join(" ").split(' ').count(), 40);
    }
}
