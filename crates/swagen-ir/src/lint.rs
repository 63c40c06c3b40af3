//! Document checks that need no lowering: mistakes swagen reads past (or repairs elsewhere) but must name, each a
//! warning with the JSON pointer of the offending node. One function per mistake, all called from [`lint`].

use crate::ctx::Ctx;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use swagen_spec::diag::{pointer, pointer_token};

pub(crate) fn lint(cx: &mut Ctx<'_>) {
    let raw = &cx.doc.raw;
    let Some(root) = raw.as_object() else { return };
    let mut found = Vec::new();
    lists(root, "#", &mut found);
    if let Some(Value::Object(defs)) = root.get("definitions") {
        for (name, schema) in defs {
            let at = pointer(["definitions", name.as_str()]);
            if name.trim().is_empty() {
                found.push(w("empty-name", &at, "a definition has an empty name".into(), "give the definition a name"));
            }
            schema_checks(schema, &at, 0, &mut found);
        }
        definition_cycles(defs, &mut found);
    }
    for section in ["parameters", "responses"] {
        if let Some(Value::Object(items)) = root.get(section) {
            for (name, item) in items {
                let at = pointer([section, name.as_str()]);
                if let Some(s) = item.get("schema") {
                    schema_checks(s, &format!("{at}/schema"), 0, &mut found);
                }
                if section == "parameters" {
                    parameter_checks(item, &at, &mut found);
                }
            }
        }
    }
    let schemes: BTreeSet<&str> = match root.get("securityDefinitions") {
        Some(Value::Object(m)) => m.keys().map(String::as_str).collect(),
        _ => BTreeSet::new(),
    };
    security_names(root.get("security"), "#/security", &schemes, &mut found);
    if let Some(Value::Object(paths)) = root.get("paths") {
        for (key, item) in paths {
            let item_at = pointer(["paths", key.as_str()]);
            if !key.starts_with('/') && !key.starts_with("x-") {
                found.push(w(
                    "path-key",
                    &item_at,
                    format!("path `{key}` does not start with `/`; read as `/{key}`"),
                    "start every path key with `/`",
                ));
            }
            let Some(item) = item.as_object() else { continue };
            for (method, op) in item {
                let at = format!("{item_at}/{}", pointer_token(method));
                if method == "parameters" {
                    params_of(op, &at, &mut found);
                    continue;
                }
                if method == "$ref" || method.starts_with("x-") {
                    continue;
                }
                if !swagen_spec::METHODS.contains(&method.as_str()) {
                    found.push(w(
                        "unknown-method",
                        &at,
                        format!("`{method}` is not a field of a Swagger 2.0 path item; ignored"),
                        "a path item holds HTTP methods (get, put, post, delete, options, head, patch), `parameters`, \
                         `$ref` and `x-` extensions",
                    ));
                    continue;
                }
                let Some(op) = op.as_object() else { continue };
                lists(op, &at, &mut found);
                if !op.contains_key("responses") {
                    found.push(w(
                        "no-responses",
                        &at,
                        format!("operation `{method} {key}` has no `responses`; its result is read as untyped JSON"),
                        "add `responses` with at least the success status and its schema",
                    ));
                }
                if let Some(p) = op.get("parameters") {
                    params_of(p, &format!("{at}/parameters"), &mut found);
                }
                if let Some(Value::Object(responses)) = op.get("responses") {
                    for (status, r) in responses {
                        if let Some(s) = r.get("schema") {
                            let s_at = format!("{at}/responses/{}/schema", pointer_token(status));
                            schema_checks(s, &s_at, 0, &mut found);
                        }
                    }
                }
                security_names(op.get("security"), &format!("{at}/security"), &schemes, &mut found);
            }
        }
    }
    for (code, at, message, help) in found {
        cx.warn(code, &at, message, help);
    }
}

type Found = Vec<(&'static str, String, String, &'static str)>;

fn w(
    code: &'static str,
    at: &str,
    message: String,
    help: &'static str,
) -> (&'static str, String, String, &'static str) {
    (code, at.to_owned(), message, help)
}

/// `consumes`, `produces` and `schemes` are lists; a single string is read as a one-item list.
fn lists(obj: &Map<String, Value>, at: &str, found: &mut Found) {
    for key in ["consumes", "produces", "schemes"] {
        if let Some(Value::String(s)) = obj.get(key) {
            found.push(w(
                "not-a-list",
                &format!("{at}/{key}"),
                format!("`{key}` is the string `{s}`, not a list; read as `[{s}]`"),
                "write it as a list: `[\"…\"]`",
            ));
        }
    }
}

fn params_of(list: &Value, at: &str, found: &mut Found) {
    if let Value::Array(items) = list {
        for (i, p) in items.iter().enumerate() {
            parameter_checks(p, &format!("{at}/{i}"), found);
        }
    }
}

fn parameter_checks(p: &Value, at: &str, found: &mut Found) {
    let Some(obj) = p.as_object() else { return };
    if obj.contains_key("$ref") {
        ref_checks(obj, at, found);
        return;
    }
    let place = obj.get("in").and_then(Value::as_str).unwrap_or_default();
    if place == "body" {
        match obj.get("schema") {
            Some(s) => schema_checks(s, &format!("{at}/schema"), 0, found),
            None => found.push(w(
                "body-without-schema",
                at,
                "a `body` parameter has no `schema`; the body is sent as untyped JSON".into(),
                "add `schema` (a `$ref` to a definition, or an inline schema)",
            )),
        }
        return;
    }
    if obj.get("type").and_then(Value::as_str) == Some("file") && place != "formData" {
        found.push(w(
            "file-outside-form",
            &format!("{at}/type"),
            format!("`type: file` is only allowed for `in: formData`, but this parameter is `in: {place}`; sent as a string"),
            "move the parameter to formData (with `consumes: multipart/form-data`), or give it another type",
        ));
    }
    type_value(obj, at, found);
    enum_duplicates(obj, at, found);
}

/// A schema's own mistakes, and those of the schemas inside it (bounded by the parser's nesting limit too).
fn schema_checks(s: &Value, at: &str, depth: usize, found: &mut Found) {
    let Some(obj) = s.as_object() else { return };
    if depth > swagen_spec::MAX_DEPTH {
        return;
    }
    ref_checks(obj, at, found);
    type_value(obj, at, found);
    enum_duplicates(obj, at, found);
    if let Some(Value::Bool(_)) = obj.get("required") {
        found.push(w(
            "required-flag",
            &format!("{at}/required"),
            "`required: true/false` on a schema is JSON Schema draft 3; Swagger 2.0 lists required property names \
             in the parent's `required` array. Ignored"
                .into(),
            "remove it and add the property's name to the parent object's `required: [...]`",
        ));
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (name, p) in props {
            schema_checks(p, &format!("{at}/properties/{}", pointer_token(name)), depth + 1, found);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(v @ Value::Object(_)) = obj.get(key) {
            schema_checks(v, &format!("{at}/{key}"), depth + 1, found);
        }
    }
    if let Some(Value::Array(parts)) = obj.get("allOf") {
        for (i, p) in parts.iter().enumerate() {
            schema_checks(p, &format!("{at}/allOf/{i}"), depth + 1, found);
        }
    }
}

fn ref_checks(obj: &Map<String, Value>, at: &str, found: &mut Found) {
    match obj.get("$ref") {
        None | Some(Value::String(_)) => {}
        Some(other) => found.push(w(
            "ref-not-string",
            &format!("{at}/$ref"),
            format!("`$ref` is {other}, not a string; the schema is typed as a JSON value"),
            "write the reference as a string, e.g. `$ref: '#/definitions/Pet'`",
        )),
    }
    if let Some(Value::String(r)) = obj.get("$ref") {
        let bad_escape = r.match_indices('~').any(|(i, _)| !matches!(r.as_bytes().get(i + 1), Some(b'0' | b'1')));
        if bad_escape {
            found.push(w(
                "ref-escape",
                &format!("{at}/$ref"),
                format!("`$ref: {r}` has a `~` not followed by 0 or 1, which a JSON pointer does not allow"),
                "write `~` as `~0` and `/` as `~1` inside a pointer token",
            ));
        }
    }
}

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object", "file", "null"];

fn type_value(obj: &Map<String, Value>, at: &str, found: &mut Found) {
    match obj.get("type") {
        None | Some(Value::String(_)) => {}
        Some(Value::Array(items)) if items.iter().all(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))) => {}
        Some(other) => found.push(w(
            "type-value",
            &format!("{at}/type"),
            format!("`type` is {other}, not one of the Swagger 2.0 type names; typed as a JSON value"),
            "use string, number, integer, boolean, array or object",
        )),
    }
}

fn enum_duplicates(obj: &Map<String, Value>, at: &str, found: &mut Found) {
    let Some(Value::Array(values)) = obj.get("enum") else { return };
    let mut seen = BTreeSet::new();
    for (i, v) in values.iter().enumerate() {
        if !seen.insert(v.to_string()) {
            found.push(w(
                "enum-duplicate",
                &format!("{at}/enum/{i}"),
                format!("enum value {v} is listed twice; the second is ignored"),
                "remove the duplicate value",
            ));
        }
    }
}

fn security_names(security: Option<&Value>, at: &str, schemes: &BTreeSet<&str>, found: &mut Found) {
    let Some(Value::Array(reqs)) = security else { return };
    for (i, req) in reqs.iter().enumerate() {
        let Some(req) = req.as_object() else { continue };
        for name in req.keys() {
            if !schemes.contains(name.as_str()) {
                found.push(w(
                    "undefined-security",
                    &format!("{at}/{i}/{}", pointer_token(name)),
                    format!("security requirement `{name}` names no entry of `securityDefinitions`; no credentials are sent for it"),
                    "add it to `securityDefinitions`, or correct the name",
                ));
            }
        }
    }
}

/// Definitions that are only a `$ref` (aliases) or are built from `allOf` parts, and reach themselves that way:
/// nothing defines them, so they are typed as JSON values.
fn definition_cycles(defs: &Map<String, Value>, found: &mut Found) {
    let target = |r: &str| r.strip_prefix("#/definitions/").map(|t| t.replace("~1", "/").replace("~0", "~"));
    let mut edges: BTreeMap<&str, Vec<(String, &'static str)>> = BTreeMap::new();
    for (name, s) in defs {
        let mut out = Vec::new();
        if let Some(t) = s.get("$ref").and_then(Value::as_str).and_then(target) {
            out.push((t, "$ref"));
        }
        if let Some(Value::Array(parts)) = s.get("allOf") {
            for p in parts {
                if let Some(t) = p.get("$ref").and_then(Value::as_str).and_then(target) {
                    out.push((t, "allOf"));
                }
            }
        }
        edges.insert(name.as_str(), out);
    }
    // A definition is in a cycle when following the edges from it comes back to it (bounded walk).
    let mut reported = BTreeSet::new();
    for start in edges.keys() {
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        let mut visited = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for (next, _) in edges.get(node).into_iter().flatten() {
                if next == start {
                    if trail.iter().all(|n| !reported.contains(*n)) {
                        reported.extend(trail.iter().copied());
                        let cycle: Vec<&str> = trail.iter().copied().chain(std::iter::once(*start)).collect();
                        found.push(w(
                            "definition-cycle",
                            &pointer(["definitions", *start]),
                            format!(
                                "definitions refer to themselves through `$ref`/`allOf` only ({}), so none of them \
                                 has content; typed as JSON values",
                                cycle.join(" → ")
                            ),
                            "give one definition of the cycle real content (`type`, `properties`)",
                        ));
                    }
                } else if let Some((key, _)) = edges.get_key_value(next.as_str()) {
                    if visited.insert(*key) && trail.len() < swagen_spec::MAX_DEPTH {
                        let mut t = trail.clone();
                        t.push(key);
                        stack.push((key, t));
                    }
                }
            }
        }
    }
}
