//! An operation's parameters as declared: `$ref`s followed, path-level ones merged with the operation's,
//! duplicates reported, sloppy locations repaired, and each typed.

use crate::ctx::Ctx;
use crate::ir::*;
use serde_json::Value;
use swagen_spec::{resolve_local, Parameter};

/// The parameters an operation declares, with the pointer of each: path-level parameters, overridden by operation
/// parameters with the same name and location (allowed); the same name and location twice in one list is a
/// duplicate (forbidden), reported.
pub(super) fn declared_params(
    cx: &mut Ctx<'_>,
    item: &swagen_spec::PathItem,
    op: &swagen_spec::Operation,
    item_ptr: &str,
    op_ptr: &str,
) -> Vec<(Parameter, String)> {
    let mut path_level: Vec<(Parameter, String)> = Vec::new();
    for (i, p) in item.parameters.iter().enumerate() {
        let at = format!("{item_ptr}/parameters/{i}");
        if let Some(p) = resolve_param(cx, p, &at) {
            replace_duplicate(cx, &mut path_level, p, at, item_ptr);
        }
    }
    let mut op_level: Vec<(Parameter, String)> = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        let at = format!("{op_ptr}/parameters/{i}");
        if let Some(p) = resolve_param(cx, p, &at) {
            replace_duplicate(cx, &mut op_level, p, at, op_ptr);
        }
    }
    path_level.retain(|(q, _)| !op_level.iter().any(|(p, _)| p.name == q.name && p.location == q.location));
    let mut declared = path_level;
    declared.extend(op_level);
    declared
}

/// Follows a parameter `$ref`; `None` when it cannot (already reported by the `$ref` check).
fn resolve_param(cx: &mut Ctx<'_>, p: &Parameter, at: &str) -> Option<Parameter> {
    let Some(r) = &p.reference else { return Some(p.clone()) };
    if let Some(known) = cx.params_by_ref.get(r) {
        return Some(known.clone());
    }
    if r.starts_with("#/definitions/") {
        cx.warn(
            "parameter-ref-schema",
            at,
            format!("`$ref: {r}` in a parameter list points to a schema, not a parameter (the keys beside a `$ref` are ignored); not sent"),
            "declare the parameter (`name`, `in`), e.g. `{name: body, in: body, schema: {$ref: ...}}`",
        );
        return None;
    }
    let target = resolve_local(&cx.doc.raw, r)?;
    match <Parameter as serde::Deserialize>::deserialize(target) {
        Ok(resolved) if resolved.reference.is_none() => {
            cx.params_by_ref.insert(r.clone(), resolved.clone());
            Some(resolved)
        }
        Ok(again) => {
            let message = if again.reference.as_deref() == Some(r.as_str()) {
                format!("`$ref: {r}` refers to itself (the parameter at `{r}` is that same `$ref`)")
            } else {
                format!("`$ref: {r}` leads to another `$ref`; swagen follows one level")
            };
            cx.error("ref-chain", at, message, "make the target a parameter (`name`, `in`, `type`), not a `$ref`");
            None
        }
        Err(e) => {
            cx.error("bad-ref-target", at, format!("`$ref: {r}` is not a parameter: {e}"), "point at a parameter");
            None
        }
    }
}

/// Adds a parameter to a list, or, when the list already has one of the same name and location (Swagger 2.0
/// forbids that), replaces it with a warning that says which one is used. Bodies are left to the body checks.
fn replace_duplicate(cx: &mut Ctx<'_>, list: &mut Vec<(Parameter, String)>, p: Parameter, at: String, owner: &str) {
    let same =
        |q: &Parameter| q.name == p.name && q.location == p.location && !p.location.is_empty() && p.location != "body";
    if let Some(pos) = list.iter().position(|(q, _)| same(q)) {
        let (_, first) = list.remove(pos);
        cx.warn(
            "duplicate-parameter",
            &at,
            format!(
                "parameter `{}` (in: {}) is declared twice in the list of {owner}, at {first} and here, which \
                 Swagger 2.0 forbids; this one is used",
                p.name, p.location
            ),
            "remove one of the two declarations",
        );
    }
    list.push((p, at));
}

/// Sloppy parameter lists, repaired with a warning each: `in: form`/`formfile` are formData; a parameter with an
/// `in` nobody knows is dropped; several `body` parameters are the properties of one JSON object body; `body`
/// parameters beside formData ones are form fields (their value sent as JSON text).
pub(super) fn repair_locations(
    cx: &mut Ctx<'_>,
    declared: Vec<(Parameter, String)>,
    op_ptr: &str,
) -> Vec<(Parameter, String)> {
    let mut out: Vec<(Parameter, String)> = Vec::with_capacity(declared.len());
    for (p, at) in declared {
        if let Some(p) = repair_location(cx, p, &at) {
            out.push((p, at));
        }
    }
    let bodies: Vec<usize> = (0..out.len()).filter(|&i| out[i].0.location == "body").collect();
    let has_form = out.iter().any(|(p, _)| p.location == "formData");
    if has_form && !bodies.is_empty() {
        bodies_as_form_fields(cx, &mut out, &bodies);
    } else if bodies.len() > 1 {
        out = merge_bodies(cx, out, &bodies, op_ptr);
    }
    out
}

/// A parameter's `in`, repaired (`form`, `formfile`…); `None` (with a warning) when it names no place.
fn repair_location(cx: &mut Ctx<'_>, mut p: Parameter, at: &str) -> Option<Parameter> {
    match p.location.as_str() {
        "path" | "query" | "header" | "formData" | "body" => {}
        loc if loc.eq_ignore_ascii_case("form") || loc.eq_ignore_ascii_case("formdata") => {
            cx.warn(
                "parameter-location",
                at,
                format!("parameter `{}` has `in: {loc}`; taken as formData", p.name),
                "write `in: formData`",
            );
            p.location = "formData".to_owned();
        }
        loc if loc.eq_ignore_ascii_case("formfile") || loc.eq_ignore_ascii_case("file") => {
            cx.warn(
                "parameter-location",
                at,
                format!("parameter `{}` has `in: {loc}`; taken as a formData file", p.name),
                "write `in: formData` and `type: file`",
            );
            p.location = "formData".to_owned();
            p.ty = Some("file".to_owned());
        }
        loc => {
            cx.warn(
                "parameter-location",
                at,
                if loc.is_empty() {
                    format!(
                        "parameter `{}` has no `in`, so swagen does not know where to send it; it is not sent",
                        p.name
                    )
                } else {
                    format!(
                        "parameter `{}` has `in: {loc:?}`, which is not a place in a request; it is not sent",
                        p.name
                    )
                },
                "set `in` to one of path, query, header, formData, body",
            );
            return None;
        }
    }
    Some(p)
}

/// `body` parameters beside formData ones become form fields whose value is sent as JSON text.
fn bodies_as_form_fields(cx: &mut Ctx<'_>, out: &mut [(Parameter, String)], bodies: &[usize]) {
    for &i in bodies {
        let (p, at) = &mut out[i];
        if p.name.trim().is_empty() {
            p.name = "body".to_owned(); // a body's name is never sent; a form field's is
        }
        cx.warn(
            "body-and-form",
            at,
            format!(
                "`body` parameter `{}` beside formData parameters, which Swagger 2.0 forbids (form parameters \
                 cannot be declared together with a body parameter); sent as a form field (JSON text)",
                p.name
            ),
            "keep either the body parameter or the formData parameters",
        );
        p.location = "formData".to_owned();
        p.ty = Some("string".to_owned());
    }
}

/// Several `body` parameters become one, a JSON object with a property each, where the first one stood.
fn merge_bodies(
    cx: &mut Ctx<'_>,
    out: Vec<(Parameter, String)>,
    bodies: &[usize],
    op_ptr: &str,
) -> Vec<(Parameter, String)> {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for &i in bodies {
        let p = &out[i].0;
        let mut schema = p.schema.clone().unwrap_or_else(|| serde_json::json!({}));
        if let (Some(obj), Some(d)) = (schema.as_object_mut(), &p.description) {
            obj.entry("description").or_insert_with(|| Value::String(d.clone()));
        }
        properties.insert(p.name.clone(), schema);
        if p.required {
            required.push(Value::String(p.name.clone()));
        }
    }
    let names: Vec<String> = bodies.iter().map(|&i| format!("`{}`", out[i].0.name)).collect();
    cx.warn(
        "several-bodies",
        op_ptr,
        format!(
            "{} `body` parameters; sent as one JSON object with these properties: {}",
            bodies.len(),
            names.join(", ")
        ),
        "declare one body parameter whose schema is an object with these properties",
    );
    let at = out[bodies[0]].1.clone();
    let merged = Parameter {
        name: "body".to_owned(),
        location: "body".to_owned(),
        required: !required.is_empty(),
        schema: Some(serde_json::json!({"type": "object", "properties": properties, "required": required})),
        ..Parameter::default()
    };
    let first = bodies[0];
    let mut out: Vec<(Parameter, String)> =
        out.into_iter().enumerate().filter(|(i, _)| !bodies[1..].contains(i)).map(|(_, x)| x).collect();
    out[first] = (merged, at);
    out
}

/// A declared parameter typed (an untyped one is a string) and placed at `location`.
pub(super) fn lower_param(cx: &mut Ctx<'_>, p: &Parameter, at: &str, location: ParamLocation) -> Param {
    let ty = match p.ty.as_deref() {
        None => {
            cx.warn(
                "untyped-parameter",
                at,
                format!("parameter `{}` has no `type`; taken as a string", p.name),
                "add `type: string` (or the real type) to the parameter",
            );
            Type::String
        }
        Some("array") => {
            let item = p.items.as_ref().and_then(|i| i.get("type")).and_then(Value::as_str);
            let format = p.items.as_ref().and_then(|i| i.get("format")).and_then(Value::as_str);
            Type::Array(Box::new(scalar_type(cx, item.unwrap_or("string"), format, &p.name, at)))
        }
        Some(t) => scalar_type(cx, t, p.format.as_deref(), &p.name, at),
    };
    let collection_format = match p.collection_format.as_deref() {
        None => CollectionFormat::Csv,
        Some(f) => CollectionFormat::parse(f).unwrap_or_else(|| {
            cx.warn(
                "collection-format",
                at,
                format!("unknown `collectionFormat: {f}` on `{}`; using csv", p.name),
                "use csv, ssv, tsv, pipes or multi",
            );
            CollectionFormat::Csv
        }),
    };
    Param {
        name: p.name.clone(),
        wire_name: p.name.clone(),
        location,
        ty,
        required: p.required || location == ParamLocation::Path,
        description: p.description.clone().filter(|d| !d.trim().is_empty()),
        collection_format,
        example: None,
        allowed: allowed_values(p),
        default: p.default.as_ref().map(Value::to_string),
    }
}

fn allowed_values(p: &Parameter) -> Vec<String> {
    let from_items = p.items.as_ref().and_then(|i| i.get("enum")).and_then(Value::as_array);
    let values = p.enumeration.as_deref().or(from_items.map(Vec::as_slice)).unwrap_or_default();
    values.iter().map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).collect()
}

fn scalar_type(cx: &mut Ctx<'_>, t: &str, format: Option<&str>, name: &str, at: &str) -> Type {
    match (t, format.unwrap_or_default()) {
        ("string", "binary") => Type::Bytes,
        ("string", f) => crate::schema::string_format(f),
        ("integer", "int32") => Type::I32,
        ("integer", _) => Type::I64,
        ("number", "float") => Type::F32,
        ("number", _) => Type::F64,
        ("boolean", _) => Type::Boolean,
        ("file", _) => Type::Bytes,
        ("object", _) => Type::Json,
        (other, _) => {
            cx.warn(
                "unknown-type",
                at,
                format!("parameter `{name}` has unknown `type: {other}`; taken as a string"),
                "use string, integer, number, boolean or array",
            );
            Type::String
        }
    }
}
