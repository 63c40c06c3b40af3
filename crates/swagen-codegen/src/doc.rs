//! Doc comments from spec text: injection-proof (always a string literal), fences made non-doctest, long prose
//! lines wrapped.

use proc_macro2::TokenStream;
use quote::quote;

const WIDTH: usize = 100;

/// Spec text (a name, a value, a route) as a Markdown code span: backticks become `'` and control characters are
/// escaped (`\t`, `\n`, `\u{0}`), so the span stays on one line and means what it shows.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"`".to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('`');
    out
}

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
    escape_html_and_link_urls(&mut lines);
    for line in lines.iter_mut().filter(|l| !l.is_empty()) {
        line.insert(0, ' ');
    }
    match set_aside(lines) {
        Ok(marker) => quote!(#[doc = #marker]),
        Err(lines) => quote!(#(#[doc = #lines])*),
    }
}

// Doc splicing. Docs are most of a generated client (three quarters of the Kubernetes client's bytes), and each doc
// line costs a string literal escaped by proc-macro2, unescaped by syn and copied by prettyplease. While a
// [`Splicing`] is alive on a thread, `doc_attrs` sets the lines aside and emits one marker attribute
// (`#[doc = "\u{1}N"]`) in their place; prettyplease prints it as `///\u{1}N` at the item's indentation, and
// [`splice`] writes the set-aside lines there, each as prettyplease prints a one-line outer doc
// attribute (`///` + the text without trailing spaces). Only lines prettyplease would print that way are set
// aside (no newline, not starting with `/`), and spec text never holds the marker's control character (it is
// dropped above), so the spliced text is byte for byte what printing the attributes would give.

/// The control character that starts a marker; `prose_lines` drops control characters from spec text.
const MARK: char = '\u{1}';

thread_local! {
    static SET_ASIDE: std::cell::RefCell<Option<Vec<Vec<String>>>> = const { std::cell::RefCell::new(None) };
}

/// Sets `lines` aside when splicing is on and they print as plain `///` lines, and returns the marker; gives the
/// lines back otherwise.
fn set_aside(lines: Vec<String>) -> Result<String, Vec<String>> {
    if lines.is_empty() || lines.iter().any(|l| l.contains(['\n', MARK]) || l.starts_with('/')) {
        return Err(lines);
    }
    SET_ASIDE.with(|cell| match cell.borrow_mut().as_mut() {
        Some(store) => {
            store.push(lines);
            Ok(format!("{MARK}{}", store.len() - 1))
        }
        None => Err(lines),
    })
}

/// Doc splicing on the current thread, for as long as this value lives (see the comment above `MARK`).
pub(crate) struct Splicing(std::marker::PhantomData<*const ()>);

impl Splicing {
    /// Turns splicing on for this thread.
    pub(crate) fn start() -> Self {
        SET_ASIDE.with(|cell| *cell.borrow_mut() = Some(Vec::new()));
        Splicing(std::marker::PhantomData)
    }
}

/// Writes the lines set aside on this thread in place of the markers prettyplease printed. A marker line is
/// `<indent>///\u{1}N`; anything else is copied as it is. Without markers the text is returned unchanged.
pub(crate) fn splice(printed: String) -> String {
    if !printed.contains(MARK) {
        return printed;
    }
    SET_ASIDE.with(move |cell| {
        let store = cell.borrow();
        let Some(store) = store.as_ref() else { return printed };
        let mut out = String::with_capacity(printed.len() * 4);
        for line in printed.split_inclusive('\n') {
            let body = line.trim_start_matches(' ');
            let marker = body
                .strip_prefix("///")
                .and_then(|m| m.strip_prefix(MARK))
                .and_then(|m| m.trim_end().parse::<usize>().ok())
                .and_then(|i| store.get(i));
            match marker {
                Some(lines) => {
                    let indent = &line[..line.len() - body.len()];
                    for text in lines {
                        out.push_str(indent);
                        out.push_str("///");
                        out.push_str(text.trim_end_matches(' '));
                        out.push('\n');
                    }
                }
                None => out.push_str(line),
            }
        }
        out
    })
}

impl Drop for Splicing {
    fn drop(&mut self) {
        SET_ASIDE.with(|cell| *cell.borrow_mut() = None);
    }
}

/// Splits text into doc lines: control characters dropped, code fences tagged `text` (so rustdoc never runs
/// them as tests) and closed if left open, prose lines wrapped at a word boundary, and the continuation lines of
/// list items and block quotes indented or marked so Markdown (and clippy's doc lints) read them as intended.
fn prose_lines(text: &str) -> Vec<String> {
    let dropped = |c: char| c.is_control() && c != '\n' && c != '\t';
    let clean: std::borrow::Cow<str> = if text.contains(dropped) {
        text.chars().filter(|c| !dropped(*c)).collect::<String>().into()
    } else {
        text.into()
    };
    let mut out = Vec::new();
    let mut in_fence = false;
    // The prefix continuation lines need: spaces under a list item, `> ` in a quote.
    let mut cont: Option<String> = None;
    // Indented (pre-formatted) text is put in a `text` fence, so Markdown never reads it as a list continuation.
    let mut in_indented = false;
    for raw in clean.lines() {
        let line = raw.trim_end();
        let line = if line.contains('\t') { line.replace('\t', "    ") } else { line.to_owned() };
        let trimmed = line.trim_start();
        let indented = !in_fence && line.starts_with("    ") && cont.is_none() && !trimmed.is_empty();
        if in_indented && !indented {
            out.push("```".to_owned());
            in_indented = false;
        }
        // A closing fence has nothing after its marker (CommonMark); with text after it, it is a line of the block.
        let marker_line = starts_with_fence(trimmed);
        let bare = marker_line && trimmed[3..].trim_start_matches(&trimmed[..1]).trim().is_empty();
        let fence = marker_line && (bare || !in_fence);
        if fence {
            let marker = &trimmed[..3];
            if in_fence {
                out.push(marker.to_owned());
            } else {
                let info = trimmed[3..].trim_start_matches(&trimmed[..1]).trim();
                let word = !info.is_empty() && info.chars().all(|c| c.is_ascii_alphanumeric());
                let tag = if !word {
                    "text"
                } else if info == "rust" {
                    "rust,ignore"
                } else {
                    info
                };
                out.push(format!("{marker}{tag}"));
                // Text that is not a language tag stays, as the block's first line, rather than being lost.
                if !word && !info.is_empty() {
                    out.push(info.to_owned());
                }
            }
            in_fence = !in_fence;
            cont = None;
            continue;
        }
        if in_fence {
            out.push(line);
            continue;
        }
        if indented {
            if !in_indented {
                out.push("```text".to_owned());
                in_indented = true;
            }
            out.push(line);
            continue;
        }
        if trimmed.is_empty() {
            cont = None;
            out.push(String::new());
            continue;
        }
        let line = escape_inline(line);
        let trimmed = line.trim_start();
        // A heading or table row; inside a list item it is part of the item (below).
        if cont.is_none() && (trimmed.starts_with('#') || trimmed.starts_with('|')) {
            cont = None;
            out.push(trimmed.to_owned());
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(width) = list_marker_width(trimmed) {
            let prefix = " ".repeat(indent + width);
            wrap(no_fence_at(line, indent + width), &prefix, &mut out);
            cont = Some(prefix);
        } else if let Some(quoted) = trimmed.strip_prefix('>') {
            let at = indent + 1 + usize::from(quoted.starts_with(' '));
            wrap(no_fence_at(line, at), "> ", &mut out);
            cont = Some("> ".to_owned());
        } else if let Some(prefix) = &cont {
            wrap(format!("{prefix}{trimmed}"), prefix, &mut out);
        } else {
            wrap(line, "", &mut out);
        }
    }
    if in_fence || in_indented {
        out.push("```".to_owned());
    }
    out
}

/// Where the code spans of a line are: for each byte, whether it is inside one (backtick runs included). A run of
/// backticks with no run of the same length after it is literal text (CommonMark).
fn in_code_spans(line: &str) -> Vec<bool> {
    let b = line.as_bytes();
    let mut inside = vec![false; b.len()];
    let run = |at: usize| b[at..].iter().take_while(|&&c| c == b'`').count();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run(i);
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = run(j);
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                inside[i..end].iter_mut().for_each(|x| *x = true);
                i = end;
            }
            None => i += n,
        }
    }
    inside
}

/// The byte just after an inline link (`[text](target)`) that starts at `at`, if one does.
fn inline_link_end(line: &str, at: usize) -> Option<usize> {
    let rest = &line[at..];
    let close = rest.find("](")?;
    if rest[1..close].contains(['[', ']']) {
        return None;
    }
    let target = &rest[close + 2..];
    let end = target.find(')')?;
    (!target[..end].contains(char::is_whitespace) || target[..end].contains('"')).then_some(at + close + 2 + end + 1)
}

/// The length of a bare URL (`https://…`) starting at `at`, without the punctuation that ends a sentence after it.
fn bare_url_len(line: &str, at: usize, html_kept: bool) -> Option<usize> {
    let rest = &line[at..];
    if !(rest.starts_with("https://") || rest.starts_with("http://")) {
        return None;
    }
    // Text, unless it is already a link (`<https://…>`, `[a](https://…)`) or, where HTML is kept, an attribute.
    let head = &line[..at];
    let before = head.chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '<' || c == '/') || head.ends_with("](") {
        return None;
    }
    if html_kept && (head.ends_with("=\"") || head.ends_with("='") || head.ends_with('=')) {
        return None;
    }
    let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '"' | '`')).unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '"', '>']);
    (url.len() > "https://".len()).then_some(url.len())
}

/// Spec text in square brackets (`[Content]`, `tag[0]`) is not a link: rustdoc would try to resolve it as one and
/// warn. Brackets outside code spans and inline links (`[text](url)`) get a backslash; escapes already there stay.
fn escape_inline(line: String) -> String {
    if !line.contains(['[', ']']) {
        return line;
    }
    let code = in_code_spans(&line);
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if code[i] {
            out.push(c);
            continue;
        }
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                }
            }
            '[' => match inline_link_end(&line, i) {
                Some(end) => {
                    out.push_str(&line[i..end]);
                    while chars.peek().is_some_and(|(j, _)| *j < end) {
                        chars.next();
                    }
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            c => out.push(c),
        }
    }
    out
}

/// HTML elements that have no closing tag.
const VOID_ELEMENTS: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// An HTML tag starting at `at` (a `<`): its name, lower-cased, whether it closes (`</p>`) and whether it closes
/// itself (`<br/>`); `None` when the `<` starts no tag (`a < b`, `<https://…>`).
fn html_tag(line: &str, at: usize) -> Option<(String, bool, bool)> {
    let rest = &line[at + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
    let after = &rest[len..];
    if !(after.is_empty() || after.starts_with(['>', '/']) || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let self_closing = after.find('>').is_some_and(|end| after[..end].ends_with('/'));
    Some((rest[..len].to_ascii_lowercase(), closing, self_closing))
}

/// The `<` of each HTML tag outside fences and code spans: `(line, byte)`, with the tag.
fn html_tags(lines: &[String]) -> Vec<(usize, usize, String, bool, bool)> {
    let mut found = Vec::new();
    let mut in_fence = false;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if starts_with_fence(trimmed) {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !line.contains('<') {
            continue;
        }
        let code = in_code_spans(line);
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            if c == '<' && !escaped && !code[i] {
                if let Some((name, closing, self_closing)) = html_tag(line, i) {
                    found.push((n, i, name, closing, self_closing));
                }
            }
            escaped = c == '\\' && !escaped;
        }
    }
    found
}

/// Spec text often holds HTML that does not balance (`<p>` without `</p>`, `List<String>`); rustdoc warns about
/// every unclosed or unopened tag. When the tags of one item's docs do not balance, each gets a backslash (`\<p>`)
/// and reads as the text it is; balanced HTML (`<b>bold</b>`, `<br>`) is left for rustdoc to render. Then bare
/// URLs become autolinks ([`autolink_bare_urls`]).
fn escape_html_and_link_urls(lines: &mut [String]) {
    let tags = html_tags(lines);
    let mut open: Vec<&str> = Vec::new();
    let mut balanced = true;
    for (_, _, name, closing, self_closing) in &tags {
        let void = VOID_ELEMENTS.contains(&name.as_str());
        if *self_closing && !void {
            balanced = false; // `<div/>`: rustdoc calls a self-closing non-void tag invalid
            break;
        }
        if void {
            continue;
        }
        if !closing {
            open.push(name);
        } else if open.last() == Some(&name.as_str()) {
            open.pop();
        } else {
            balanced = false;
            break;
        }
    }
    let html_kept = balanced && open.is_empty();
    if !html_kept {
        for (n, i, ..) in tags.iter().rev() {
            if let Some(line) = lines.get_mut(*n) {
                line.insert(*i, '\\');
            }
        }
    }
    autolink_bare_urls(lines, html_kept);
}

/// The names of the HTML elements whose tag at the start of a line opens an HTML block (CommonMark, type 6): up to
/// the next blank line, Markdown is not read there, so an autolink would be an unclosed tag.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// rustdoc asks for bare URLs in text to be links: each becomes an autolink (`<https://…>`), outside fences, code
/// spans and (where HTML is kept) HTML blocks and attributes.
fn autolink_bare_urls(lines: &mut [String], html_kept: bool) {
    let mut in_fence = false;
    let mut in_html_block = false;
    for line in lines.iter_mut() {
        let trimmed = line.trim_start();
        if starts_with_fence(trimmed) {
            in_fence = !in_fence;
            continue;
        }
        if trimmed.is_empty() {
            in_html_block = false;
        }
        if html_kept && trimmed.starts_with('<') {
            let opens = html_tag(trimmed, 0).is_some_and(|(name, ..)| BLOCK_ELEMENTS.contains(&name.as_str()));
            in_html_block |= opens;
        }
        if in_fence || in_html_block || !line.contains("http") {
            continue;
        }
        let code = in_code_spans(line);
        let mut out = String::with_capacity(line.len() + 8);
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match (c, code[i]) {
                ('h', false) => match bare_url_len(line, i, html_kept) {
                    Some(len) => {
                        out.push('<');
                        out.push_str(&line[i..i + len]);
                        out.push('>');
                        while chars.peek().is_some_and(|(j, _)| *j < i + len) {
                            chars.next();
                        }
                    }
                    None => out.push(c),
                },
                _ => out.push(c),
            }
        }
        *line = out;
    }
}

/// Whether text starts with a code fence marker (```` ``` ```` or `~~~`).
fn starts_with_fence(text: &str) -> bool {
    text.starts_with("```") || text.starts_with("~~~")
}

/// `line` with a backslash before a fence marker (```` ``` ````, `~~~`) that starts at byte `at`, the start of a
/// list item's or block quote's text: there it would open a code block whose info string is the rest of the line
/// (rustdoc warns about such "attributes"), where the spec meant the characters.
fn no_fence_at(mut line: String, at: usize) -> String {
    if line.get(at..).is_some_and(starts_with_fence) {
        line.insert(at, '\\');
    }
    line
}

/// The width of a list marker and the spaces after it (`- `, `*   `, `1. `, `1) `), if the line starts with one.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits >= 10 || !line[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0 && marker + spaces < line.len()).then_some(marker + spaces)
}

/// A word that would change the Markdown meaning of a line if a wrap put it first (a quote, heading, list
/// marker, table or fence).
fn significant_at_line_start(word: &str) -> bool {
    word.starts_with(['>', '#', '|', '`', '~', '=']) || list_marker_width(&format!("{word} x")).is_some()
}

/// Wraps a line at `WIDTH` on spaces, onto `out`; continuation lines start with `prefix`. Leading indentation is
/// kept.
fn wrap(line: String, prefix: &str, out: &mut Vec<String>) {
    if line.len() <= WIDTH {
        out.push(line);
        return;
    }
    // The indentation and any list marker are kept as written (`*   item` stays `*   item`).
    let trimmed = line.trim_start();
    let head = line.len() - trimmed.len() + list_marker_width(trimmed).unwrap_or(0);
    let fresh = |start: &str| {
        let mut s = String::with_capacity(WIDTH + 1);
        s.push_str(start);
        s
    };
    let mut current = fresh(&line[..head]);
    let mut empty = true;
    for word in line[head..].split(' ').filter(|w| !w.is_empty()) {
        if !empty && current.len() + 1 + word.len() > WIDTH && !significant_at_line_start(word) {
            out.push(std::mem::replace(&mut current, fresh(prefix)));
            empty = true;
        }
        if !empty {
            current.push(' ');
        }
        current.push_str(word);
        empty = false;
    }
    if !empty {
        out.push(current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        let lines = prose_lines("The sum of [Content] and tag[0]; see [the guide](https://x.io/a) or `a[1]`.");
        assert_eq!(lines, ["The sum of \\[Content\\] and tag\\[0\\]; see [the guide](https://x.io/a) or `a[1]`."]);
        assert_eq!(prose_lines("already \\[escaped\\]"), ["already \\[escaped\\]"]);
        assert_eq!(prose_lines("```\nx[0]\n```"), ["```text", "x[0]", "```"]);
    }

    #[test]
    fn bare_urls_become_autolinks_where_markdown_is_read() {
        let fix = |text: &str| {
            let mut lines = prose_lines(text);
            escape_html_and_link_urls(&mut lines);
            lines
        };
        let lines = fix(
            "See https://x.io/a. Or <https://x.io/b>, `https://x.io/c`, [d](https://x.io/d) or \"https://x.io/e\".",
        );
        assert_eq!(lines, ["See <https://x.io/a>. Or <https://x.io/b>, `https://x.io/c`, [d](https://x.io/d) or \"<https://x.io/e>\"."]);
        let lines = fix("(https://x.io/f) and <code>https://x.io/g</code> or <a href=\"https://x.io/h\">h</a>");
        assert_eq!(lines, ["(<https://x.io/f>) and <code><https://x.io/g></code> or <a href=\"https://x.io/h\">h</a>"]);
        // In an HTML block Markdown is not read, so the URL stays; once tags are escaped, attributes are text.
        assert_eq!(fix("<p>see https://x.io/i</p>"), ["<p>see https://x.io/i</p>"]);
        assert_eq!(fix("<p>see <a href=\"https://x.io/j\">j</a>"), ["\\<p>see \\<a href=\"<https://x.io/j>\">j\\</a>"]);
    }

    #[test]
    fn html_that_does_not_balance_is_escaped() {
        let mut lines = vec!["<p><br /><p> and List<String>".to_owned(), "`<code>`".to_owned()];
        escape_html_and_link_urls(&mut lines);
        assert_eq!(lines, ["\\<p>\\<br />\\<p> and List\\<String>", "`<code>`"]);
        let mut lines = vec!["<b>bold</b><br>, <https://x.io> and a < b".to_owned()];
        escape_html_and_link_urls(&mut lines);
        assert_eq!(lines, ["<b>bold</b><br>, <https://x.io> and a < b"]);
        let mut lines = vec!["</p> first".to_owned()];
        escape_html_and_link_urls(&mut lines);
        assert_eq!(lines, ["\\</p> first"]);
        let mut lines = vec!["<p>x</p> <div class=\"remarks\"/>".to_owned()];
        escape_html_and_link_urls(&mut lines);
        assert_eq!(lines, ["\\<p>x\\</p> \\<div class=\"remarks\"/>"]);
    }

    #[test]
    fn fences_never_become_doctests() {
        let lines = prose_lines("Example:\n```\nfoo(); }\n```\n```rust\nbar\n");
        assert_eq!(lines, ["Example:", "```text", "foo(); }", "```", "```rust,ignore", "bar", "```"]);
    }

    #[test]
    fn list_and_quote_continuations() {
        let lines = prose_lines("Items:\n- first item\ncontinues here\n  over-indented\n\n> quoted\nlazy");
        assert_eq!(lines, ["Items:", "- first item", "  continues here", "  over-indented", "", "> quoted", "> lazy"]);
        let long = format!("- {}", "word ".repeat(30));
        assert!(prose_lines(&long).iter().skip(1).all(|l| l.starts_with("  ") && !l.starts_with("   ")));
        let lines = prose_lines("*   wide marker\ncontinued");
        assert_eq!(lines, ["*   wide marker", "    continued"]);
        let long = format!("*   {}", "word ".repeat(30));
        let lines = prose_lines(&long);
        assert!(lines[0].starts_with("*   word"));
        assert!(lines.iter().skip(1).all(|l| l.starts_with("    ") && !l.starts_with("     ")));
        // A wrap never starts a line with a quote or list marker.
        let text = format!("{} > 20 and - 3", "word ".repeat(19));
        assert!(prose_lines(&text).iter().skip(1).all(|l| !l.starts_with('>') && !l.starts_with('-')));
    }

    #[test]
    fn fence_markers_at_the_start_of_an_item_are_escaped() {
        let lines = prose_lines("- ``` try [0] && more\n> ~~~ quoted\n-   ```");
        assert_eq!(lines, ["- \\``` try \\[0\\] && more", "> \\~~~ quoted", "-   \\```"]);
    }

    #[test]
    fn table_rows_and_indented_text() {
        // Inside a list item, a `|` line continues the item (no lazy continuation for clippy to flag).
        let lines = prose_lines("* box:\n  0--1\n|  |\n  3--2");
        assert_eq!(lines, ["* box:", "  0--1", "  |  |", "  3--2"]);
        // Outside a list, indented text is fenced, so Markdown never reads it as a list continuation.
        let lines = prose_lines("Example:\n\n    int m1;\n    int m2;\nafter");
        assert_eq!(lines, ["Example:", "", "```text", "    int m1;", "    int m2;", "```", "after"]);
    }

    #[test]
    fn wraps_long_prose() {
        let long = "word ".repeat(40);
        let lines = prose_lines(&long);
        assert!(lines.iter().all(|l| l.len() <= WIDTH));
        assert_eq!(lines.join(" ").split(' ').count(), 40);
    }
}
