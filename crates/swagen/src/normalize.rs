//! `swagen normalize`: the repaired, normalised Swagger 2.0 document, for other tools.
//!
//! The document after overlays and bundling, with the normaliser's routes as path keys (path items that become one
//! route are merged), the parameters it introduced declared, fixed query strings as required single-value query
//! parameters, and the lowering repairs written into the spec: untyped parameters typed `string`, indexed form fields
//! as one `multi` array, form `consumes` where formData needs it, undeclared templates declared, path parameters
//! without a template dropped, dangling `#/definitions/…` targets added as free-form objects, and the method names
//! swagen chose as operationIds where the spec's were not used.

use heck::{ToLowerCamelCase, ToSnakeCase};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use swagen_ir::{route_template, Lowered};
use swagen_spec::METHODS;

/// What normalising did that the lowering diagnostics do not already say.
#[derive(Clone, Debug, Default)]
pub struct NormalizeReport {
    /// Path keys that could not be merged into their route because the same method already sits there; they are
    /// kept under their original key.
    pub kept_apart: Vec<String>,
}

/// Rewrites `raw` (the document as lowered) into its normalised form.
pub fn normalize_document(raw: &Value, lowered: &Lowered) -> (Value, NormalizeReport) {
    let mut doc = raw.clone();
    let mut report = NormalizeReport::default();
    let global_consumes = raw.get("consumes").cloned();
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else { return (doc, report) };
    let mut out: Map<String, Value> = Map::new();
    for ((key, item), norm) in paths.iter().zip(&lowered.routes) {
        let Some(item) = item.as_object() else { continue };
        let route = route_template(&norm.route);
        let shared: Vec<Value> = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut item_out: Map<String, Value> = Map::new();
        for (k, v) in item {
            if k == "parameters" || METHODS.contains(&k.as_str()) {
                continue;
            }
            item_out.insert(k.clone(), v.clone());
        }
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else { continue };
            let mut op = op.clone();
            // The method name swagen chose becomes the operationId when the spec's one was not used.
            let chosen = lowered
                .api
                .operations
                .iter()
                .find(|o| o.path_key == *key && o.method.as_str().eq_ignore_ascii_case(method))
                .map(|o| o.name.clone());
            let original = op.get("operationId").and_then(Value::as_str).map(str::to_snake_case);
            if let Some(name) = chosen.filter(|n| original.as_deref() != Some(n.as_str())) {
                op.insert("operationId".to_owned(), json!(name.to_lower_camel_case()));
            }
            let params = operation_params(&shared, &op, norm);
            let has_file = params.iter().any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
            if params.iter().any(|p| p.get("in").and_then(Value::as_str) == Some("formData")) {
                let consumes = op.get("consumes").or(global_consumes.as_ref());
                let listed = |t: &str| {
                    consumes.and_then(Value::as_array).is_some_and(|c| c.iter().any(|m| m.as_str() == Some(t)))
                };
                let fine = listed("multipart/form-data") || (!has_file && listed("application/x-www-form-urlencoded"));
                if !fine {
                    let media = if has_file { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
                    op.insert("consumes".to_owned(), json!([media]));
                }
            }
            op.insert("parameters".to_owned(), Value::Array(params));
            item_out.insert((*method).to_owned(), Value::Object(op));
        }
        merge_into(&mut out, &route, key, item_out, &mut report);
    }
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("paths".to_owned(), Value::Object(out));
    }
    add_dangling_definitions(&mut doc);
    (doc, report)
}

/// Puts a path item under its route; when a method is already there, the item keeps its original key.
fn merge_into(out: &mut Map<String, Value>, route: &str, key: &str, item: Map<String, Value>, r: &mut NormalizeReport) {
    match out.get_mut(route).and_then(Value::as_object_mut) {
        None => {
            out.insert(route.to_owned(), Value::Object(item));
        }
        Some(existing) => {
            let clash = METHODS.iter().any(|m| item.contains_key(*m) && existing.contains_key(*m));
            if clash {
                r.kept_apart.push(key.to_owned());
                out.insert(key.to_owned(), Value::Object(item));
            } else {
                for (k, v) in item {
                    existing.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// The operation's parameters, repaired: path-level ones merged in, templates declared, fixed query pairs added.
fn operation_params(
    shared: &[Value],
    op: &Map<String, Value>,
    norm: &swagen_ir::normalise::NormalisedPath,
) -> Vec<Value> {
    let own: Vec<Value> = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let id = |p: &Value| {
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        (s("name"), s("in"), s("$ref"))
    };
    let own_ids: BTreeSet<_> = own.iter().map(id).collect();
    let mut params: Vec<Value> = shared.iter().filter(|p| !own_ids.contains(&id(p))).cloned().collect();
    params.extend(own);

    let templates: Vec<String> = norm
        .route
        .iter()
        .filter_map(|p| match p {
            swagen_ir::RoutePart::Param(n) => Some(n.clone()),
            swagen_ir::RoutePart::Literal(_) => None,
        })
        .collect();
    // Path parameters without a template in the route are dropped (lowering ignores them too).
    params.retain(|p| {
        p.get("in").and_then(Value::as_str) != Some("path")
            || p.get("name").and_then(Value::as_str).is_some_and(|n| templates.iter().any(|t| t == n))
    });
    let mut repaired = repair_params(params);
    let declared: BTreeSet<String> = repaired
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect();
    for t in templates.iter().filter(|t| !declared.contains(*t)) {
        let example = norm.introduced.iter().find(|i| &i.name == t).map(|i| i.example.clone());
        let mut p = json!({"name": t, "in": "path", "required": true, "type": "string"});
        if let (Some(obj), Some(ex)) = (p.as_object_mut(), example) {
            obj.insert(
                "description".to_owned(),
                json!(format!("A value such as `{ex}` (the example in the original path `{}`).", norm.key)),
            );
            obj.insert("x-example".to_owned(), json!(ex));
        }
        repaired.push(p);
    }
    for (k, v) in &norm.fixed_query {
        repaired.push(json!({
            "name": k, "in": "query", "required": true, "type": "string", "enum": [v], "default": v,
            "description": format!("Always `{v}` for this operation (from the query string in `{}`).", norm.key),
        }));
    }
    repaired
}

/// Untyped parameters become strings; indexed fields (`tag[0]`, `tag[]`) become one `multi` array `tag[]`.
fn repair_params(params: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(params.len());
    let mut merged: Vec<(String, String)> = Vec::new();
    for mut p in params {
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
        if p.get("$ref").is_none() && location != "body" && p.get("type").is_none() {
            if let Some(obj) = p.as_object_mut() {
                obj.insert("type".to_owned(), json!("string"));
            }
        }
        if let Some(base) = indexed_base(&name).filter(|_| location == "formData" || location == "query") {
            let k = (base.to_owned(), location.clone());
            if merged.contains(&k) {
                continue;
            }
            merged.push(k);
            let item_type = p.get("type").and_then(Value::as_str).filter(|t| *t != "array").unwrap_or("string");
            let mut list = json!({
                "name": format!("{base}[]"), "in": location, "type": "array",
                "items": {"type": item_type}, "collectionFormat": "multi",
            });
            if let (Some(obj), Some(d)) = (list.as_object_mut(), p.get("description")) {
                obj.insert("description".to_owned(), d.clone());
            }
            out.push(list);
            continue;
        }
        out.push(p);
    }
    out
}

fn indexed_base(name: &str) -> Option<&str> {
    let inner = name.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let index = &inner[open + 1..];
    (open > 0 && index.bytes().all(|b| b.is_ascii_digit())).then(|| &inner[..open])
}

/// A `$ref: '#/definitions/X'` with no `X` gets `X` as a free-form object (lowering types it as a JSON value).
fn add_dangling_definitions(doc: &mut Value) {
    let mut missing = BTreeSet::new();
    collect_missing(doc, doc, &mut missing);
    if missing.is_empty() {
        return;
    }
    let Some(obj) = doc.as_object_mut() else { return };
    let defs = obj.entry("definitions").or_insert_with(|| json!({}));
    if let Some(defs) = defs.as_object_mut() {
        for name in missing {
            defs.insert(
                name,
                json!({"type": "object", "description": "Added by swagen normalize: the spec refers to it but does not define it."}),
            );
        }
    }
}

fn collect_missing(root: &Value, v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                if let Some(name) = r.strip_prefix("#/definitions/").filter(|n| !n.contains('/')) {
                    if swagen_spec::resolve_local(root, r).is_none() {
                        out.insert(name.replace("~1", "/").replace("~0", "~"));
                    }
                }
            }
            for (k, child) in map {
                if k != "example" && k != "examples" && !k.starts_with("x-") {
                    collect_missing(root, child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|c| collect_missing(root, c, out)),
        _ => {}
    }
}
