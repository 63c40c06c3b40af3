//! A path key taken apart: segments, templates already in it, glued extensions, and a query string baked in.

use crate::ir::RoutePart;

/// A path key split into its segments and the fixed query pairs baked into it.
pub(crate) type SplitKey = (Vec<String>, Vec<(String, String)>);

/// Parses a path key into its segments and fixed query pairs (`/?Action=X&amp;Y=1`).
pub(crate) fn split_key(key: &str) -> SplitKey {
    // Machine-made keys carry HTML-escaped or percent-encoded ampersands in their query part.
    let unescaped = key.replace("&amp;", "&").replace("%26", "&");
    let key = unescaped.as_str();
    // The query starts at `?`, or earlier at an `&name=` a machine wrote before it (`/x&max=1?y=2`).
    // A `?` inside braces belongs to a template (`{id?}`, an optional parameter in some frameworks' syntax).
    let mut depth = 0usize;
    let question = key
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            c == '?' && depth == 0
        })
        .map_or(key.len(), |(i, _)| i);
    let ampersand = key[..question]
        .match_indices('&')
        .map(|(i, _)| i)
        .find(|&i| key[i + 1..question].split('&').next().is_some_and(|kv| kv.contains('=') && !kv.contains('/')));
    let start = ampersand.unwrap_or(question);
    let (path, query) = if start < key.len() { (&key[..start], Some(&key[start + 1..])) } else { (key, None) };
    let query = query.map(|q| q.replace('?', "&"));
    let query = query.as_deref();
    let segments = split_segments(path);
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

/// The segments of a path, a slash inside braces not splitting (`{/r/subreddit}/rising.json` has two).
fn split_segments(path: &str) -> Vec<String> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// `[page_id].json` → `{page_id}.json`: square-bracket placeholders, as some docs write them (a name of letters,
/// digits, `_` and `-` that starts with a letter).
pub(crate) fn bracketed(seg: &str) -> Option<String> {
    let open = seg.find('[')?;
    let close = open + seg[open..].find(']')?;
    let name = &seg[open + 1..close];
    let word = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (word && !seg[close + 1..].contains('[')).then(|| format!("{}{{{name}}}{}", &seg[..open], &seg[close + 1..]))
}

/// A segment that is already a template (`{id}`, `{id}.json`, `:id`, `<ID>`, `#{id}`, `[id]`): its parts.
pub(crate) fn template_parts(seg: &str) -> Option<Vec<RoutePart>> {
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
    let unbracketed = bracketed(seg);
    let seg = unbracketed.as_deref().unwrap_or(seg);
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

/// The names of the templates in a segment (none for a literal).
pub(crate) fn template_names(seg: &str) -> Vec<String> {
    template_parts(seg)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            RoutePart::Param(n) => Some(n),
            RoutePart::Literal(_) => None,
        })
        .collect()
}

/// Splits a glued file extension off a segment: `9579007950.json` → (`9579007950`, `.json`).
pub(crate) fn split_extension(seg: &str) -> (&str, &str) {
    const EXTENSIONS: &[&str] = &["json", "xml", "csv", "txt", "html", "htm", "yaml", "yml", "atom", "rss", "js"];
    match seg.rfind('.') {
        Some(dot) if dot > 0 && EXTENSIONS.contains(&seg[dot + 1..].to_ascii_lowercase().as_str()) => {
            (&seg[..dot], &seg[dot..])
        }
        _ => (seg, ""),
    }
}

/// Appends literal text to a route, joining it with a literal before it.
pub(crate) fn push_literal(route: &mut Vec<RoutePart>, text: &str) {
    if let Some(RoutePart::Literal(last)) = route.last_mut() {
        last.push_str(text);
    } else {
        route.push(RoutePart::Literal(text.to_owned()));
    }
}
