//! Repairs on the raw document before it is typed, each its own pass (as k8s-openapi-codegen keeps its fixups):
//! what Swagger 2.0 allows but the typed model would trip on, and slips that have one obvious reading. Every
//! change that reads the spec differently from how it is written is a warning with its JSON pointer; what the
//! specification allows is taken silently.
//!
//! - [`local_path_item_refs`]: a path item `$ref` into this document (`$ref: '#/paths/~1test'`) becomes a copy
//!   of its target (allowed: Path Item Object `$ref`).
//! - [`null_responses`]: a response written as nothing (`200:`) is an answer without a body; Swagger 2.0 requires
//!   its `description`, so this is a warning.
//! - [`yaml11_booleans`]: `yes`/`no`/`on`/`off` where Swagger 2.0 wants a boolean (`required: no`) are what YAML 1.1
//!   parsers make of them; swagen reads YAML 1.2, where they are strings, so they are taken as booleans with a
//!   warning.
//!
//! `x-` keys directly under `paths` and under `responses` are skipped by the typed model itself (`model.rs`).

use crate::diag::{pointer, Diagnostic, Location};
use serde_json::Value;

/// How many path-item `$ref`s may lead through each other before it counts as a cycle.
const MAX_PATH_REF_DEPTH: usize = 16;

/// Runs every repair, in order.
pub fn repair(file: &str, raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    local_path_item_refs(file, raw, warnings);
    null_responses(file, raw, warnings);
    yaml11_booleans(file, raw, warnings);
}

/// Replaces each path item that is only a `$ref` into this document by a copy of the path item it points to.
/// A `$ref` that points nowhere, or to something that is not a mapping, is left for the reference check to report;
/// a cycle is reported here.
pub fn local_path_item_refs(file: &str, raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Object(paths)) = raw.get("paths") else { return };
    let mut copies = Vec::new();
    for (key, item) in paths {
        let Some(reference) = item.get("$ref").and_then(Value::as_str).filter(|r| r.starts_with('#')) else {
            continue;
        };
        let mut target = reference.to_owned();
        let mut resolved = None;
        for _ in 0..MAX_PATH_REF_DEPTH {
            let Some(found) = raw.pointer(target.trim_start_matches('#')) else { break };
            match found.get("$ref").and_then(Value::as_str).filter(|r| r.starts_with('#')) {
                Some(next) => target = next.to_owned(),
                None => {
                    resolved = found.is_object().then(|| found.clone());
                    break;
                }
            }
        }
        match resolved {
            Some(value) => copies.push((key.clone(), value)),
            None if raw.pointer(target.trim_start_matches('#')).is_some() => warnings.push(
                Diagnostic::warning(
                    "path-item-ref-cycle",
                    file,
                    Location::Pointer(pointer(["paths", key.as_str(), "$ref"])),
                    format!("the path item `$ref: {reference}` leads through {MAX_PATH_REF_DEPTH} `$ref`s without reaching a path item"),
                )
                .with_help("point the `$ref` at a path item with operations"),
            ),
            None => {}
        }
    }
    if let Some(Value::Object(paths)) = raw.get_mut("paths") {
        for (key, value) in copies {
            paths.insert(key, value);
        }
    }
}

/// `200:` with nothing after it: an answer without a body, with a warning (a Response Object requires
/// `description`).
pub fn null_responses(file: &str, raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Object(paths)) = raw.get_mut("paths") else { return };
    for (key, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for (method, op) in item.iter_mut().filter(|(m, _)| crate::METHODS.contains(&m.as_str())) {
            let Some(Value::Object(responses)) = op.get_mut("responses") else { continue };
            for (code, response) in responses.iter_mut().filter(|(c, r)| !c.starts_with("x-") && r.is_null()) {
                *response = serde_json::json!({ "description": "" });
                warnings.push(
                    Diagnostic::warning(
                        "empty-response",
                        file,
                        Location::Pointer(pointer(["paths", key.as_str(), method.as_str(), "responses", code.as_str()])),
                        format!("response `{code}` is empty; a Swagger 2.0 Response Object requires `description`. Read as an answer without a body"),
                    )
                    .with_help("write `description:` for the response (and `schema:` when it has a body)"),
                );
            }
        }
    }
}

/// Keys whose value Swagger 2.0 types as a boolean, wherever they stand (parameters, items, headers, schemas,
/// operations, `xml`).
const BOOLEAN_KEYS: &[&str] = &[
    "required",
    "allowEmptyValue",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "readOnly",
    "deprecated",
    "additionalProperties",
    "attribute",
    "wrapped",
];

/// YAML 1.1's spellings of booleans (YAML 1.2 reads them as strings).
fn yaml11_boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" | "true" => Some(true),
        "no" | "n" | "off" | "false" => Some(false),
        _ => None,
    }
}

/// `required: no` and the like, in the keys Swagger types as booleans, and `default`, `enum` and `example` of a
/// `type: boolean`: taken as booleans, with a warning. Property names are not keys of this kind: values under
/// `properties`, `definitions`, `paths`, `parameters` and `responses` maps are walked, never converted.
pub fn yaml11_booleans(file: &str, raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut at = Vec::new();
    walk(file, raw, &mut at, false, warnings);
}

/// Maps whose keys are names chosen by the author, not Swagger's keywords.
const NAMED_MAPS: &[&str] =
    &["properties", "definitions", "paths", "parameters", "responses", "securityDefinitions", "headers", "examples"];

fn walk(file: &str, v: &mut Value, at: &mut Vec<String>, names: bool, warnings: &mut Vec<Diagnostic>) {
    match v {
        Value::Object(map) => {
            let boolean_type = map.get("type").and_then(Value::as_str) == Some("boolean");
            for (key, child) in map.iter_mut() {
                at.push(key.clone());
                let keyword = !names && (BOOLEAN_KEYS.contains(&key.as_str()) || (boolean_type && key == "default"));
                if keyword {
                    convert(file, child, at, warnings);
                } else if !names && boolean_type && (key == "enum") {
                    if let Value::Array(items) = child {
                        for (i, item) in items.iter_mut().enumerate() {
                            at.push(i.to_string());
                            convert(file, item, at, warnings);
                            at.pop();
                        }
                    }
                } else if (names || !key.starts_with("x-")) && key != "example" {
                    walk(file, child, at, !names && NAMED_MAPS.contains(&key.as_str()), warnings);
                }
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                at.push(i.to_string());
                walk(file, item, at, false, warnings);
                at.pop();
            }
        }
        _ => {}
    }
}

fn convert(file: &str, v: &mut Value, at: &[String], warnings: &mut Vec<Diagnostic>) {
    let Some(text) = v.as_str() else { return };
    let Some(b) = yaml11_boolean(text) else { return };
    warnings.push(
        Diagnostic::warning(
            "yaml11-boolean",
            file,
            Location::Pointer(pointer(at)),
            format!("`{text}` is a string in YAML 1.2; taken as the boolean `{b}`, as YAML 1.1 reads it"),
        )
        .with_help(format!("write `{b}`")),
    );
    *v = Value::Bool(b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_item_refs_into_the_document_are_copied() {
        let mut raw = json!({"paths": {
            "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/b": {"$ref": "#/paths/~1a"},
            "/c": {"$ref": "#/paths/~1b"},
            "/d": {"$ref": "#/paths/~1d"},
        }});
        let mut warnings = Vec::new();
        local_path_item_refs("f", &mut raw, &mut warnings);
        assert_eq!(raw["paths"]["/b"], raw["paths"]["/a"]);
        assert_eq!(raw["paths"]["/c"], raw["paths"]["/a"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].code, "path-item-ref-cycle");
    }

    #[test]
    fn empty_responses_and_yaml11_booleans() {
        let mut raw = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "required": "no", "type": "boolean", "default": "off"}],
                "responses": {"200": null, "x-note": null},
            }}},
            "definitions": {"required": {"type": "object", "properties": {"deprecated": {"type": "string", "enum": ["yes"]}},
                "additionalProperties": "no"}},
        });
        let mut warnings = Vec::new();
        repair("f", &mut raw, &mut warnings);
        let codes: Vec<&str> = warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["empty-response", "yaml11-boolean", "yaml11-boolean", "yaml11-boolean"]);
        assert_eq!(raw["paths"]["/a"]["get"]["responses"]["200"], json!({"description": ""}));
        assert_eq!(raw["paths"]["/a"]["get"]["parameters"][0]["required"], json!(false));
        assert_eq!(raw["paths"]["/a"]["get"]["parameters"][0]["default"], json!(false));
        assert_eq!(raw["definitions"]["required"]["additionalProperties"], json!(false));
        // A string enum of a string property stays a string.
        assert_eq!(raw["definitions"]["required"]["properties"]["deprecated"]["enum"], json!(["yes"]));
    }
}
