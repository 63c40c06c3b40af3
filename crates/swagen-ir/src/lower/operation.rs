//! One operation lowered: its parameters sorted by where they go, path parameters put in route order and named,
//! the body's encoding chosen, its responses read. Its schemas are typed later (`typing`), once it has its name.

use super::consumes::{accept, body_format, contains_bytes, form_encoding, media_types, response_format};
use super::indexed::merge_indexed_fields;
use super::params::{declared_params, lower_param, repair_locations};
use super::responses::lower_responses;
use super::typing::Slot;
use crate::ctx::Ctx;
use crate::ir::*;
use crate::naming::{safe_snake, unique};
use crate::normalise::NormalisedPath;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use swagen_spec::diag::{pointer, pointer_join};
use swagen_spec::Parameter;

/// Lowers one operation of the path item `key`; also gives its schemas, to be typed once it is named.
pub(super) fn lower_operation(
    cx: &mut Ctx<'_>,
    key: &str,
    method: Method,
    item: &swagen_spec::PathItem,
    op: &swagen_spec::Operation,
    norm: &NormalisedPath,
) -> (Operation, Vec<(Slot, Value, String)>) {
    let mut schemas: Vec<(Slot, Value, String)> = Vec::new();
    let consumes = media_types(&op.consumes, &cx.doc.spec.consumes);
    let produces = media_types(&op.produces, &cx.doc.spec.produces);
    let lower_m = method.as_str().to_ascii_lowercase();
    let op_ptr = pointer(["paths", key, lower_m.as_str()]);
    let item_ptr = pointer(["paths", key]);

    let declared = declared_params(cx, item, op, &item_ptr, &op_ptr);
    let declared = repair_locations(cx, declared, &op_ptr);
    let template_names: Vec<&str> = norm
        .route
        .iter()
        .filter_map(|p| match p {
            RoutePart::Param(n) => Some(n.as_str()),
            RoutePart::Literal(_) => None,
        })
        .collect();
    let Sorted { path, other, mut body, has_form } =
        sort_params(cx, &declared, &template_names, (key, &consumes), &mut schemas);
    if has_form && !matches!(body, Body::None) {
        cx.error(
            "body-and-form",
            &op_ptr,
            "the operation has both a `body` parameter and formData parameters".to_owned(),
            "keep either the body parameter or the formData parameters",
        );
    }
    let other = merge_indexed_fields(cx, other);
    let (params, renames) = order_params(cx, &template_names, (path, other), norm, (key, &op_ptr), &mut body);
    let route = norm
        .route
        .iter()
        .map(|part| match part {
            RoutePart::Param(t) => RoutePart::Param(renames.get(t).cloned().unwrap_or_else(|| t.clone())),
            lit => lit.clone(),
        })
        .collect();
    if has_form {
        let has_file = params.iter().any(|p| p.location == ParamLocation::FormData && contains_bytes(&p.ty));
        body = form_encoding(cx, op, &op_ptr, &format!("{} {key}", method.as_str()), has_file);
    }
    let responses = lower_responses(cx, op, &op_ptr, &mut schemas);
    let auth = !matches!(&op.security, Some(list) if list.is_empty());
    let operation = Operation {
        name: String::new(),
        method,
        path_key: key.to_owned(),
        route,
        pointer: op_ptr,
        operation_id: op.operation_id.clone(),
        summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
        description: op.description.clone().filter(|s| !s.trim().is_empty()),
        tags: op.tags.clone(),
        deprecated: op.deprecated,
        params,
        body,
        fixed_query: norm.fixed_query.clone(),
        responses,
        auth,
        response_format: response_format(&produces),
        accept: accept(&produces),
        watchable: op.produces.as_deref().unwrap_or(&cx.doc.spec.produces).iter().any(|m| m.contains("stream=watch")),
        watch: None,
    };
    (operation, schemas)
}

/// An operation's declared parameters, sorted by where they go.
struct Sorted {
    /// Path parameters whose template is in the route, in declaration order.
    path: Vec<Param>,
    /// Query, header and formData parameters, with their pointers.
    other: Vec<(Param, String)>,
    body: Body,
    /// Whether any parameter is formData.
    has_form: bool,
}

/// A parameter whose values are listed (`enum`, or its items' `enum`) as a schema, to be typed as an enum once the
/// operation is named (`typing`); `true` when the schema is the items'.
fn enum_schema(p: &Parameter) -> Option<(Value, bool)> {
    let listed = |v: Option<&Value>| v.and_then(Value::as_array).is_some_and(|a| a.iter().any(|x| !x.is_null()));
    let own = p.enumeration.as_ref().is_some_and(|e| e.iter().any(|x| !x.is_null()));
    match (p.ty.as_deref(), &p.items) {
        (Some("string" | "integer"), _) if own => {
            Some((serde_json::json!({"type": p.ty, "format": p.format, "enum": p.enumeration}), false))
        }
        (Some("array"), Some(items)) if listed(items.get("enum")) => Some((items.clone(), true)),
        _ => None,
    }
}

/// Where a parameter is written: the target of its `$ref`, else where it is listed (names its enum in the names
/// file).
fn naming_pointer(cx: &Ctx<'_>, at: &str) -> String {
    let listed = swagen_spec::resolve_local(&cx.doc.raw, at);
    match listed.and_then(|v| v.get("$ref")).and_then(Value::as_str) {
        Some(target) => target.to_owned(),
        None => at.to_owned(),
    }
}

/// Sorts the declared parameters by location, typing each; a path parameter without a template, an unnamed
/// parameter, a second body and an unknown location are reported. `key` is the path key, `consumes` the media
/// types the body may be sent as; the body's schema is added to `schemas`.
fn sort_params(
    cx: &mut Ctx<'_>,
    declared: &[(Parameter, String)],
    template_names: &[&str],
    (key, consumes): (&str, &[String]),
    schemas: &mut Vec<(Slot, Value, String)>,
) -> Sorted {
    let mut sorted = Sorted { path: Vec::new(), other: Vec::new(), body: Body::None, has_form: false };
    for (p, at) in declared {
        let location = match p.location.as_str() {
            "body" => {
                if !matches!(sorted.body, Body::None) {
                    cx.error("two-bodies", at, "more than one `body` parameter".to_owned(), "keep one body parameter");
                }
                sorted.body = body_param(p, at, consumes, schemas);
                continue;
            }
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "formData" => ParamLocation::FormData,
            other_loc => {
                cx.error(
                    "parameter-location",
                    at,
                    format!(
                        "parameter `{}` has `in: {other_loc:?}`; expected path, query, header, formData or body",
                        p.name
                    ),
                    "set `in` to one of path, query, header, formData, body",
                );
                continue;
            }
        };
        if p.name.trim().is_empty() {
            cx.error("unnamed-parameter", at, "a parameter has no `name`".to_owned(), "give the parameter a name");
            continue;
        }
        sorted.has_form |= location == ParamLocation::FormData;
        let param = lower_param(cx, p, at, location);
        if let Some((schema, items)) = enum_schema(p) {
            let slot = Slot::Param(location, param.wire_name.clone());
            let at = naming_pointer(cx, at);
            schemas.push((slot, schema, if items { pointer_join(&at, "items") } else { at }));
        }
        if location != ParamLocation::Path {
            sorted.other.push((param, at.clone()));
        } else if template_names.contains(&p.name.as_str()) {
            sorted.path.push(param);
        } else {
            cx.warn(
                "unused-path-parameter",
                at,
                format!("path parameter `{}` has no `{{{}}}` in the path `{key}`; ignored", p.name, p.name),
                "add the template to the path key, or change the parameter's `in`",
            );
        }
    }
    sorted
}

/// The body parameter: sent as `consumes` says (JSON, text or bytes); its schema is typed later.
fn body_param(p: &Parameter, at: &str, consumes: &[String], schemas: &mut Vec<(Slot, Value, String)>) -> Body {
    let (format, content_type) = body_format(consumes, p.schema.as_ref());
    if let Some(schema) = &p.schema {
        schemas.push((Slot::Body, schema.clone(), pointer_join(at, "schema")));
    }
    Body::Json {
        name: safe_snake(&p.name, "body"),
        ty: match format {
            Format::Json => Type::Json,
            Format::Text => Type::String,
            Format::Bytes => Type::Bytes,
        },
        required: p.required,
        description: p.description.clone(),
        format,
        content_types: offered_types(consumes, format, &content_type),
        content_type,
        choice: None,
    }
}

/// The content types `consumes` offers that a body in `format` can be sent as, `chosen` first: JSON text also as
/// a YAML type (JSON is YAML; Kubernetes' apply patches), bytes as any binary type, text as any text type.
fn offered_types(consumes: &[String], format: Format, chosen: &str) -> Vec<String> {
    let fits = |m: &String| match format {
        Format::Json => m.contains("json") || m.contains("yaml"),
        Format::Text => m.starts_with("text/"),
        Format::Bytes => !m.starts_with("text/") && !m.contains("json") && !m.contains("form"),
    };
    let mut out = vec![chosen.to_owned()];
    out.extend(consumes.iter().filter(|m| fits(m) && m.as_str() != chosen).cloned());
    out.dedup();
    out
}

/// The parameters in order, each with its unique snake_case name: path parameters in route order (declared ones,
/// those the normaliser introduced, and undeclared templates, reported), then the rest; the body's field name is
/// made unique among them. Also gives each template's parameter name, to rename the route with.
fn order_params(
    cx: &mut Ctx<'_>,
    template_names: &[&str],
    (mut path_params, other): (Vec<Param>, Vec<(Param, String)>),
    norm: &NormalisedPath,
    (key, op_ptr): (&str, &str),
    body: &mut Body,
) -> (Vec<Param>, HashMap<String, String>) {
    let mut params: Vec<Param> = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut renames: HashMap<String, String> = HashMap::new();
    for template in template_names {
        if renames.contains_key(*template) {
            continue; // the same template twice in one path: one parameter fills both
        }
        let mut param = if let Some(pos) = path_params.iter().position(|p| p.wire_name == *template) {
            path_params.remove(pos)
        } else if let Some(intro) = norm.introduced.iter().find(|i| i.name == *template) {
            undeclared_path_param(template, Some(intro.example.clone()))
        } else {
            cx.warn(
                "undeclared-path-parameter",
                op_ptr,
                format!("`{{{template}}}` in the path `{key}` has no declared parameter; taken as a string"),
                "declare it under `parameters` with `in: path`",
            );
            undeclared_path_param(template, None)
        };
        param.required = true;
        param.name = unique(&safe_snake(template, "param"), &mut used);
        renames.insert((*template).to_owned(), param.name.clone());
        params.push(param);
    }
    for (mut p, _) in other {
        p.name = unique(&safe_snake(&p.name, "param"), &mut used);
        params.push(p);
    }
    if let Body::Json { name, .. } = body {
        *name = unique(name, &mut used);
    }
    (params, renames)
}

/// A string path parameter the spec did not declare (introduced by the normaliser, or just missing).
fn undeclared_path_param(template: &str, example: Option<String>) -> Param {
    Param {
        name: String::new(),
        wire_name: template.to_owned(),
        location: ParamLocation::Path,
        ty: Type::String,
        required: true,
        description: None,
        collection_format: CollectionFormat::Csv,
        example,
        allowed: Vec::new(),
        default: None,
    }
}
