//! Path keys: what the route normaliser reads of them, the routes pinned with `x-swagen-route` /
//! `x-swagen-literal`, and each path item lowered into its operations.

use super::operation::lower_operation;
use super::typing::PendingSchema;
use crate::ctx::Ctx;
use crate::ir::*;
use crate::normalise::{normalise, NormalisedPath, PathInput, Pin};
use swagen_spec::diag::{pointer, pointer_join};
use swagen_spec::Parameter;

/// What the route normaliser reads of each path key (pins not applied): methods, text, declared path parameters.
pub fn path_inputs(spec: &swagen_spec::Swagger) -> Vec<PathInput> {
    spec.paths
        .iter()
        .map(|(key, item)| {
            let mut text = String::new();
            let mut methods = Vec::new();
            let mut declared: Vec<String> = Vec::new();
            let mut declare = |params: &[Parameter]| {
                for p in params {
                    let p = match p.reference.as_deref().and_then(|r| r.strip_prefix("#/parameters/")) {
                        Some(name) => spec.parameters.get(name).unwrap_or(p),
                        None => p,
                    };
                    if p.location == "path" && !p.name.is_empty() && !declared.contains(&p.name) {
                        declared.push(p.name.clone());
                    }
                }
            };
            declare(&item.parameters);
            for (m, op) in item.operations() {
                methods.extend(Method::parse(m));
                for t in [&op.summary, &op.description, &op.operation_id].into_iter().flatten() {
                    text.push_str(t);
                    text.push(' ');
                }
                declare(&op.parameters);
            }
            PathInput { key: key.clone(), methods, text, pin: Pin::None, declared }
        })
        .collect()
}

/// Every path key's route: pins read, then all keys normalised at once (the normaliser needs the siblings).
pub(super) fn normalise_routes(cx: &mut Ctx<'_>) -> Vec<NormalisedPath> {
    let inputs: Vec<PathInput> = path_inputs(&cx.doc.spec)
        .into_iter()
        .map(|mut input| {
            input.pin = read_pin(cx, &input.key);
            if input.pin == Pin::None {
                input.pin = recorded_pin(cx, &input.key);
            }
            input
        })
        .collect();
    normalise(&inputs)
}

/// Every operation of every path item, in document order, and the schemas to type once they are named. The
/// normaliser's decisions become notes; a path item without operations is reported.
pub(super) fn lower_paths(cx: &mut Ctx<'_>, routes: &[NormalisedPath]) -> (Vec<Operation>, Vec<PendingSchema>) {
    let doc = cx.doc;
    let mut operations = Vec::new();
    let mut pending = Vec::new();
    for ((key, item), norm) in doc.spec.paths.iter().zip(routes) {
        let item_ptr = pointer(["paths", key.as_str()]);
        for d in &norm.decisions {
            let text = match &d.param {
                Some(p) if d.changed => format!("`{}` → `{{{p}}}`: {}", d.segment, d.reason),
                _ => format!("`{}`: {}", d.segment, d.reason),
            };
            cx.note(key, &item_ptr, text);
        }
        if !norm.fixed_query.is_empty() {
            cx.note(key, &item_ptr, "the query string in the key becomes fixed query parameters".to_owned());
        }
        if let Some(reference) = &item.reference {
            // Loading copies the targets of `$ref`s into this document and bundling those into other files;
            // what is left leads nowhere.
            cx.error(
                "path-item-ref",
                &pointer_join(&item_ptr, "$ref"),
                format!("the path item `$ref: {reference}` does not lead to a path item"),
                "point it at a path item (`#/paths/~1other`, `other.yaml#/paths/~1other`) or inline the operations",
            );
        } else if item.operations().next().is_none() {
            cx.warn(
                "empty-path",
                &item_ptr,
                format!("path `{key}` has no operations"),
                "add operations or remove the path",
            );
        }
        for (m, op) in item.operations() {
            let Some(method) = Method::parse(m) else { continue };
            let (lowered, schemas) = lower_operation(cx, key, method, item, op, norm);
            pending.extend(schemas.into_iter().map(|(slot, schema, at)| PendingSchema {
                op: operations.len(),
                slot,
                schema,
                at,
            }));
            operations.push(lowered);
        }
    }
    (operations, pending)
}

/// `x-swagen-route` / `x-swagen-literal` on a path item (from the spec or an overlay).
/// The route the names file records for `key`, when it lines up with the key: the same number of segments, and
/// every literal segment of the route the key's own.
fn recorded_pin(cx: &mut Ctx<'_>, key: &str) -> Pin {
    let Some(route) = cx.book.routes.get(key) else { return Pin::None };
    let segments = |p: &str| -> Vec<String> {
        p.split('?').next().unwrap_or_default().split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    };
    let (ours, theirs) = (segments(key), segments(route));
    let fits = ours.len() == theirs.len() && ours.iter().zip(&theirs).all(|(k, r)| r.contains('{') || k == r);
    if !fits {
        cx.note(
            key,
            &pointer(["paths", key]),
            format!("the names file's route `{route}` does not fit this key; derived afresh"),
        );
        return Pin::None;
    }
    Pin::Recorded(route.clone())
}

fn read_pin(cx: &mut Ctx<'_>, key: &str) -> Pin {
    let doc = cx.doc;
    let Some(item) = doc.raw.get("paths").and_then(|p| p.get(key)) else { return Pin::None };
    let item_ptr = pointer(["paths", key]);
    if let Some(route) = item.get("x-swagen-route") {
        let at = pointer_join(&item_ptr, "x-swagen-route");
        let Some(route) = route.as_str().filter(|r| r.starts_with('/')) else {
            cx.warn(
                "bad-pin",
                &at,
                "`x-swagen-route` must be a route template starting with `/`; ignored".to_owned(),
                "write the route, e.g. `x-swagen-route: /tags/{tag}`",
            );
            return Pin::None;
        };
        let count = |p: &str| p.split('?').next().unwrap_or_default().split('/').filter(|s| !s.is_empty()).count();
        if count(route) != count(key) {
            cx.warn(
                "bad-pin",
                &at,
                format!("`x-swagen-route: {route}` has {} segments but the key `{key}` has {}; the parameters it introduces get no example", count(route), count(key)),
                "pin a route with one segment per segment of the key",
            );
        }
        cx.note(key, &at, format!("route pinned to `{route}` by `x-swagen-route`"));
        return Pin::Route(route.to_owned());
    }
    match item.get("x-swagen-literal") {
        Some(serde_json::Value::Bool(true)) => {
            cx.note(
                key,
                &pointer_join(&item_ptr, "x-swagen-literal"),
                "kept as written: `x-swagen-literal: true`".to_owned(),
            );
            Pin::Literal
        }
        _ => Pin::None,
    }
}
