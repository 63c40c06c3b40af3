//! The checks that only report, run on their own thread while the rest lowers: every `$ref`, the lints, the
//! parameter lists the loader repaired.

use crate::ctx::Ctx;
use crate::ir::Note;
use crate::models::Schemas;
use serde_json::Value;
use swagen_spec::diag::pointer;
use swagen_spec::{resolve_local, Diagnostic, Document};

/// The report-only checks of [`super::lower`] (their diagnostics and notes), on the calling thread.
pub(super) fn run(doc: &Document) -> (Vec<Diagnostic>, Vec<Note>) {
    let book = crate::namebook::NameBook::new();
    let mut cx = Ctx::new(doc, &book, Schemas::default());
    check_refs(&mut cx, &doc.raw, &mut vec![]);
    crate::lint::lint(&mut cx);
    check_parameter_lists(&mut cx);
    (cx.diagnostics, cx.notes)
}

/// Parameter lists written as a mapping or with `null` entries were repaired by the loader; say so.
fn check_parameter_lists(cx: &mut Ctx<'_>) {
    let doc = cx.doc;
    let Some(paths) = doc.raw.get("paths").and_then(Value::as_object) else { return };
    for (key, item) in paths {
        let mut lists = vec![(pointer(["paths", key.as_str(), "parameters"]), item.get("parameters"))];
        for m in swagen_spec::METHODS {
            lists.push((
                pointer(["paths", key.as_str(), m, "parameters"]),
                item.get(m).and_then(|o| o.get("parameters")),
            ));
        }
        for (at, list) in lists {
            match list {
                Some(Value::Object(_)) => cx.warn(
                    "parameters-map",
                    &at,
                    "`parameters` is a mapping; the values that look like parameters (with `name`, `in` or `$ref`) are taken as the list, the rest is ignored".to_owned(),
                    "write `parameters` as a list",
                ),
                Some(Value::Array(items)) if items.iter().any(Value::is_null) => cx.warn(
                    "null-parameter",
                    &at,
                    "`parameters` has empty (`null`) entries; they are skipped".to_owned(),
                    "remove the empty entries",
                ),
                _ => {}
            }
        }
    }
}

/// Every `$ref` must point at something. External references are not read yet.
fn check_refs<'v>(cx: &mut Ctx<'_>, v: &'v Value, path: &mut Vec<std::borrow::Cow<'v, str>>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                // The pointer is only built for a reference that is reported (most are fine).
                let at = |path: &[std::borrow::Cow<'v, str>]| pointer(path.iter().map(|t| &**t).chain(["$ref"]));
                let dangling = r.starts_with('#') && resolve_local(&cx.doc.raw, r).is_none();
                if r.starts_with('#') && !dangling {
                    // Resolves: nothing to say.
                } else if dangling && r.starts_with("#/definitions/") {
                    cx.warn(
                        "dangling-ref",
                        &at(path),
                        format!("`$ref: {r}` points to nothing in this document; typed as a JSON value"),
                        "add the missing definition, or correct the reference",
                    );
                } else if dangling {
                    cx.error(
                        "dangling-ref",
                        &at(path),
                        format!("`$ref: {r}` points to nothing in this document"),
                        "add the missing definition, or correct the reference",
                    );
                } else {
                    cx.error(
                        "external-ref",
                        &at(path),
                        format!("`$ref: {r}` refers to another file; swagen does not read external references yet"),
                        "inline the referenced definition into this document",
                    );
                }
            }
            for (k, child) in map {
                // Examples and extensions are free-form: a `$ref` key there is data, not a reference.
                if k == "example" || k == "examples" || k.starts_with("x-") {
                    continue;
                }
                if child.is_object() || child.is_array() {
                    path.push(std::borrow::Cow::Borrowed(k));
                    check_refs(cx, child, path);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if child.is_object() || child.is_array() {
                    path.push(std::borrow::Cow::Owned(i.to_string()));
                    check_refs(cx, child, path);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}
