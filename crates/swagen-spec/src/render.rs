//! Rendering diagnostics for people: the message, the place, an excerpt of the source line with a caret under the
//! offending node, and the help line. Colour (ANSI) is optional: on for a terminal, off in CI, for `NO_COLOR` and
//! in files and snapshots.
//!
//! ```text
//! error[dangling-ref]: `$ref` `#/parameters/nope` points at nothing
//!   --> specs/pets.yaml:12:11 at #/paths/~1pets/get/parameters/0/$ref
//!    |
//! 12 |         - $ref: '#/parameters/nope'
//!    |                 ^^^^^^^^^^^^^^^^^^^
//!    = help: define `#/parameters/nope`, or fix the reference
//! ```

use crate::diag::{Diagnostic, Location, Severity};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Color,
}

impl Style {
    /// Colour when `stream_is_terminal` and the `NO_COLOR` environment variable is unset or empty
    /// (<https://no-color.org>); plain otherwise (CI logs, pipes, files).
    pub fn detect(stream_is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if stream_is_terminal && !no_color {
            Style::Color
        } else {
            Style::Plain
        }
    }
}

/// At most this many characters of a source line are shown (minified JSON is one long line).
const WINDOW: usize = 100;

/// Renders diagnostics, reading each file once (through [`crate::load::read_file`], so size-bounded) to show the
/// lines they point at. Files that cannot be read are rendered without an excerpt.
pub struct Renderer {
    style: Style,
    sources: HashMap<String, Option<Source>>,
}

/// A file's text and where its lines start, so each excerpt finds its line without rescanning the file
/// (the Kubernetes spec is 4 MB and may have dozens of warnings).
struct Source {
    text: String,
    line_starts: Vec<usize>,
}

impl Source {
    fn new(text: String) -> Self {
        let mut line_starts = crate::locate::line_starts(&text);
        // `str::lines` has no empty line after a final `\n`.
        if line_starts.len() > 1 && line_starts.last() == Some(&text.len()) {
            line_starts.pop();
        }
        Source { text, line_starts }
    }

    /// Line `line` (1-based) as `str::lines` gives it: without its `\n` or `\r\n`.
    fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        Some(match rest.split_once('\n') {
            Some((raw, _)) => raw.strip_suffix('\r').unwrap_or(raw),
            None => rest,
        })
    }
}

impl Renderer {
    pub fn new(style: Style) -> Self {
        Renderer { style, sources: HashMap::new() }
    }

    /// Uses `text` as the content of `file` instead of reading it (documents loaded from memory).
    pub fn with_source(mut self, file: &str, text: &str) -> Self {
        self.sources.insert(file.to_owned(), Some(Source::new(text.to_owned())));
        self
    }

    /// One diagnostic, without a trailing newline.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        let mut out = String::new();
        let (level, color) = match d.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let style = self.style;
        let paint = |s: &str, code: &str| match style {
            Style::Color => format!("{code}{s}\x1b[0m"),
            Style::Plain => s.to_owned(),
        };
        let blue = "\x1b[1;34m";
        let _ = write!(out, "{}", paint(&format!("{level}[{}]", d.code), color));
        let _ = write!(out, "{}", paint(&format!(": {}", clean(&d.message)), "\x1b[1m"));
        let (place, position) = match &d.location {
            Location::File => (clean(&d.file), None),
            Location::LineColumn { line, column } => {
                (format!("{}:{line}:{column}", clean(&d.file)), Some((*line, *column)))
            }
            Location::Pointer(p) => match d.position() {
                Some((line, column)) => {
                    (format!("{}:{line}:{column} at {}", clean(&d.file), clean(p)), Some((line, column)))
                }
                None => (format!("{}{}", clean(&d.file), clean(p)), None),
            },
        };
        let excerpt = position.and_then(|(line, column)| excerpt(self.source(&d.file)?.line(line)?, line, column));
        let gutter_width = excerpt.as_ref().map_or(1, |e| e.line_no.to_string().len());
        let pad = " ".repeat(gutter_width);
        let _ = write!(out, "\n{pad}{} {place}", paint("-->", blue));
        if let Some(e) = excerpt {
            let bar = paint("|", blue);
            let _ = write!(out, "\n{pad} {bar}");
            let _ = write!(out, "\n{} {bar} {}", paint(&e.line_no.to_string(), blue), e.text);
            let carets = paint(&"^".repeat(e.width), color);
            let _ = write!(out, "\n{pad} {bar} {}{carets}", " ".repeat(e.offset));
        }
        if let Some(help) = &d.help {
            let _ = write!(out, "\n{pad} {} {}", paint("= help:", blue), clean(help));
        }
        out
    }

    /// Every diagnostic, each followed by a blank line.
    pub fn render_all(&mut self, diags: &[Diagnostic]) -> String {
        diags.iter().map(|d| self.render(d) + "\n\n").collect()
    }

    fn source(&mut self, file: &str) -> Option<&Source> {
        self.sources
            .entry(file.to_owned())
            .or_insert_with(|| {
                let bytes = crate::load::read_file(std::path::Path::new(file), "the file").ok()?;
                Some(Source::new(String::from_utf8_lossy(&bytes).into_owned()))
            })
            .as_ref()
    }
}

/// Text from the spec (names, values) with control characters escaped, so it cannot drive the terminal.
fn clean(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return s.to_owned();
    }
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

/// A source line cut to fit, with where the caret goes.
struct Excerpt {
    line_no: usize,
    text: String,
    /// Characters before the caret, in `text`.
    offset: usize,
    /// Carets under the node.
    width: usize,
}

/// `raw` is line `line` of the file, without its line ending.
fn excerpt(raw: &str, line: usize, column: usize) -> Option<Excerpt> {
    // Tabs and control characters would misalign the caret (and could drive a terminal): shown as one space / `?`.
    let chars: Vec<char> = raw
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if c.is_control() {
                '?'
            } else {
                c
            }
        })
        .collect();
    let col = column.saturating_sub(1).min(chars.len());
    let width = node_width(&chars[col..]).max(1);
    // A window of WINDOW characters around the node, with `…` where the line was cut.
    let start = if chars.len() <= WINDOW { 0 } else { col.saturating_sub(WINDOW / 3) };
    let end = (start + WINDOW).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut offset = col - start;
    if start > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let width = width.min(end.saturating_sub(col).max(1));
    Some(Excerpt { line_no: line, text: shown.trim_end().to_owned(), offset, width })
}

/// How many characters the node starting here spans: a quoted string to its closing quote; otherwise up to a
/// space, a comma or a bracket (and without a key's trailing `:`).
fn node_width(rest: &[char]) -> usize {
    match rest.first() {
        Some(&q @ ('"' | '\'')) => {
            let mut escaped = false;
            for (i, &c) in rest.iter().enumerate().skip(1) {
                match c {
                    '\\' if q == '"' && !escaped => escaped = true,
                    c if c == q && !escaped => return i + 1,
                    _ => escaped = false,
                }
            }
            rest.len()
        }
        Some('{' | '[') => 1,
        _ => {
            let n = rest.iter().position(|c| c.is_whitespace() || matches!(c, ',' | '{' | '}' | '[' | ']'));
            let n = n.unwrap_or(rest.len());
            if n > 1 && rest[n - 1] == ':' {
                n - 1
            } else {
                n
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, d: Diagnostic) -> String {
        Renderer::new(Style::Plain).with_source("f.yaml", text).render(&d)
    }

    #[test]
    fn excerpt_with_caret_under_the_node() {
        let d = Diagnostic::error("syntax", "f.yaml", Location::LineColumn { line: 2, column: 6 }, "bad")
            .with_help("fix it");
        let text = "a: 1\nkey: 'value here' # c\n";
        assert_eq!(
            render(text, d),
            "error[syntax]: bad\n --> f.yaml:2:6\n  |\n2 | key: 'value here' # c\n  |      ^^^^^^^^^^^^\n  = help: fix it"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_node() {
        let line = format!("{{\"a\": \"{}\", \"bad\": 1}}", "x".repeat(500));
        let d = Diagnostic::error("e", "f.yaml", Location::LineColumn { line: 1, column: 512 }, "m");
        let out = render(&line, d);
        let shown = out.lines().nth(3).unwrap_or_default();
        assert!(shown.chars().count() < WINDOW + 10, "{shown}");
        assert!(shown.contains("\"bad\""), "{out}");
        assert!(shown.contains('…'), "{out}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error("e", "f.yaml", Location::LineColumn { line: 1, column: 1 }, "m");
        let out = render("a\x1b[31m: 1", d);
        assert!(!out.contains('\x1b'), "{out:?}");
    }

    #[test]
    fn no_excerpt_without_a_position() {
        let d = Diagnostic::error("e", "f.yaml", Location::File, "m");
        assert_eq!(render("a: 1", d), "error[e]: m\n --> f.yaml");
    }

    #[test]
    fn color_only_when_asked() {
        let d = Diagnostic::warning("w", "f.yaml", Location::LineColumn { line: 1, column: 1 }, "m");
        let out = Renderer::new(Style::Color).with_source("f.yaml", "a: 1").render(&d);
        assert!(out.contains("\x1b[1;33mwarning[w]\x1b[0m"), "{out:?}");
    }
}
