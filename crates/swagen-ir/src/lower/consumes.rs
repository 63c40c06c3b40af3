//! Encodings from `consumes` and `produces`: how a body is sent (JSON, text, bytes), which form encoding formData
//! gets (repaired when `consumes` names no form type), what the answers are read as and what to `Accept`.

use crate::ctx::Ctx;
use crate::ir::*;
use serde_json::Value;

/// The media types an operation lists (its own, or the document's).
pub(super) fn media_types(own: &Option<Vec<String>>, global: &[String]) -> Vec<String> {
    let list = own.as_deref().unwrap_or(global);
    list.iter().filter_map(|m| m.split(';').next()).map(|m| m.trim().to_ascii_lowercase()).collect()
}

fn is_json(media: &str) -> bool {
    media.contains("json") || media == "*/*"
}

/// The format of successful answers: JSON unless `produces` lists no JSON type.
pub(super) fn response_format(produces: &[String]) -> Format {
    if produces.is_empty() || produces.iter().any(|m| is_json(m)) {
        Format::Json
    } else if produces.iter().any(|m| m.starts_with("text/")) {
        Format::Text
    } else {
        Format::Bytes
    }
}

/// The media type to ask for: the first JSON type `produces` lists, else the first text type, else the first type.
pub(super) fn accept(produces: &[String]) -> Option<String> {
    let json = produces.iter().find(|m| m.contains("json"));
    let text = produces.iter().find(|m| m.starts_with("text/"));
    json.or(text).or(produces.first()).filter(|m| !m.is_empty() && *m != "*/*").cloned()
}

/// Whether a type is a file or a list of files.
pub(super) fn contains_bytes(t: &Type) -> bool {
    match t {
        Type::Bytes => true,
        Type::Array(inner) => contains_bytes(inner),
        _ => false,
    }
}

/// How a `body` parameter is sent, from `consumes`: JSON when it is listed (or nothing is), else raw bytes or text.
pub(super) fn body_format(consumes: &[String], schema: Option<&Value>) -> (Format, String) {
    let binary_schema = schema.is_some_and(|s| {
        let ty = s.get("type").and_then(Value::as_str);
        ty == Some("file") || (ty == Some("string") && s.get("format").and_then(Value::as_str) == Some("binary"))
    });
    if !binary_schema {
        if let Some(json) = consumes.iter().find(|m| is_json(m) && *m != "*/*") {
            return (Format::Json, json.clone());
        }
        if consumes.is_empty() || consumes.iter().any(|m| m == "*/*") {
            return (Format::Json, "application/json".to_owned());
        }
    }
    // A `type: string` body where `consumes` also offers a binary type (`[text/plain, application/octet-stream]`):
    // bytes, so a binary payload (a rootfs tar) can be sent.
    let string_schema = schema.is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("string"));
    let binary = consumes.iter().find(|m| !m.starts_with("text/") && !is_json(m) && !m.contains("form"));
    if let (true, Some(m)) = (string_schema || binary_schema, binary) {
        return (Format::Bytes, m.clone());
    }
    match consumes.first() {
        Some(m) if m.starts_with("text/") => (Format::Text, m.clone()),
        Some(m) if binary_schema || !m.contains("xml") => (Format::Bytes, m.clone()),
        Some(_) => (Format::Json, "application/json".to_owned()),
        None => (Format::Bytes, "application/octet-stream".to_owned()),
    }
}

/// formData needs a form content type; `consumes: application/json` beside formData is a common slip.
pub(super) fn form_encoding(
    cx: &mut Ctx<'_>,
    op: &swagen_spec::Operation,
    op_ptr: &str,
    subject: &str,
    has_file: bool,
) -> Body {
    let (consumes, at, scope) = match &op.consumes {
        Some(c) => (c.clone(), format!("{op_ptr}/consumes"), ""),
        None => (cx.doc.spec.consumes.clone(), "#/consumes".to_owned(), " (document-wide)"),
    };
    let has = |t: &str| consumes.iter().any(|c| c.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case(t)));
    if has("multipart/form-data") && (has_file || !has("application/x-www-form-urlencoded")) {
        return Body::Multipart;
    }
    if has_file {
        cx.warn(
            "file-needs-multipart",
            &at,
            format!("`{subject}` uploads a file, which needs multipart/form-data, but `consumes` does not list it; sent as multipart/form-data"),
            "add multipart/form-data to `consumes`",
        );
        return Body::Multipart;
    }
    if has("application/x-www-form-urlencoded") {
        return Body::Form;
    }
    let listed = if consumes.is_empty() {
        "no `consumes`".to_owned()
    } else {
        format!("`consumes: [{}]`{scope}", consumes.join(", "))
    };
    cx.warn(
        "form-consumes",
        &at,
        format!("{listed} beside the formData parameters of `{subject}`; its body is sent as application/x-www-form-urlencoded"),
        "set `consumes: [application/x-www-form-urlencoded]` on this operation",
    );
    Body::Form
}
