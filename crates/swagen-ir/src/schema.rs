//! Schemas → [`Model`]s and [`Type`]s.
//!
//! Every `definitions` entry becomes a model, named before any schema is read so references resolve in one pass
//! (`models.rs`).
//! Inline object and enum schemas become models named after where they sit (`PetCategory`, `AddPetBody`).
//! `allOf` parts are merged into one struct. Recursion is made finite afterwards: struct fields that lead back to
//! their own struct without a `Vec`/map in between are boxed, and aliases that would name themselves become
//! newtypes. Nothing here fails: a schema swagen cannot type becomes `serde_json::Value`, with a warning when the
//! schema is malformed.

use crate::ctx::Ctx;
use crate::ir::*;
use crate::models::variant_base;
use crate::naming::{safe_snake, unique_with};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use swagen_spec::diag::pointer_join;

/// How deep schemas may nest (and `$ref`s chain) before swagen stops and uses a JSON value.
pub const MAX_DEPTH: usize = 64;

/// The `definitions` key a `$ref` names, if it is `#/definitions/<key>`.
fn definition_key(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/definitions/")?;
    (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
}

/// Lowers every definition into a model, in document order.
pub(crate) fn lower_definitions(cx: &mut Ctx<'_>) {
    let doc = cx.doc;
    for (key, schema) in &doc.spec.definitions {
        let Some(name) = cx.schemas.definition_name(key).map(str::to_owned) else { continue };
        let at = swagen_spec::diag::pointer(["definitions", key.as_str()]);
        let slot = cx.schemas.models.len();
        cx.schemas.models.push(placeholder(&name, &at));
        let kind = model_kind(cx, schema, &at, &name);
        let m = &mut cx.schemas.models[slot];
        m.definition = Some(key.clone());
        m.description = description(schema);
        m.kind = kind;
    }
}

fn placeholder(name: &str, at: &str) -> Model {
    Model {
        name: name.to_owned(),
        definition: None,
        pointer: at.to_owned(),
        description: None,
        kind: ModelKind::Alias(Type::Json),
    }
}

fn description(schema: &Value) -> Option<String> {
    let d = schema.get("description").or_else(|| schema.get("title"))?.as_str()?;
    (!d.trim().is_empty()).then(|| d.to_owned())
}

/// `allOf` whose only part with content is one schema (the others only annotate: `description`, `readOnly`…) and
/// no properties of its own: that part's type (`allOf: [{$ref: MountType}]` is a `MountType`, not a struct).
fn single_all_of(schema: &Value) -> Option<&Value> {
    let parts = schema.get("allOf")?.as_array()?;
    let own = ["properties", "additionalProperties", "required"];
    if own.iter().any(|k| schema.get(*k).is_some()) {
        return None;
    }
    let annotation = |v: &Value| {
        v.as_object().is_some_and(|o| {
            o.keys()
                .all(|k| matches!(k.as_str(), "description" | "title" | "readOnly" | "example") || k.starts_with("x-"))
        })
    };
    let mut effective = parts.iter().filter(|p| !annotation(p));
    let first = effective.next()?;
    effective.next().is_none().then_some(first)
}

fn is_struct_schema(schema: &Value) -> bool {
    if single_all_of(schema).is_some() {
        return false;
    }
    let has_props = schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
    let ty = schema.get("type").and_then(Value::as_str);
    let all_of = schema.get("allOf").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    (has_props && matches!(ty, None | Some("object"))) || (all_of && matches!(ty, None | Some("object")))
}

/// What a named schema becomes.
fn model_kind(cx: &mut Ctx<'_>, schema: &Value, at: &str, name: &str) -> ModelKind {
    if schema.get("$ref").is_none() && single_all_of(schema).is_none() {
        if is_struct_schema(schema) {
            return struct_kind(cx, schema, at, name);
        }
        if let Some(kind) = enum_kind(schema) {
            return recorded_variants(cx, name, kind);
        }
    }
    ModelKind::Alias(schema_type(cx, schema, at, name))
}

/// The type of a schema. Object and enum schemas become models named `hint`.
pub(crate) fn schema_type(cx: &mut Ctx<'_>, schema: &Value, at: &str, hint: &str) -> Type {
    if cx.schemas.depth >= MAX_DEPTH {
        if !cx.schemas.depth_warned {
            cx.schemas.depth_warned = true;
            cx.warn(
                "schema-depth",
                at,
                format!("schemas nest deeper than {MAX_DEPTH} levels here; the rest is typed as a JSON value"),
                "flatten the schema with named definitions",
            );
        }
        return Type::Json;
    }
    cx.schemas.depth += 1;
    let ty = schema_type_inner(cx, schema, at, hint);
    cx.schemas.depth -= 1;
    ty
}

fn schema_type_inner(cx: &mut Ctx<'_>, schema: &Value, at: &str, hint: &str) -> Type {
    let Some(obj) = schema.as_object() else { return Type::Json };
    if let Some(r) = obj.get("$ref") {
        let Some(r) = r.as_str() else { return Type::Json };
        return ref_type(cx, r, hint);
    }
    if let Some(part) = single_all_of(schema) {
        return schema_type(cx, part, &format!("{at}/allOf"), hint);
    }
    if is_struct_schema(schema) {
        return inline_model(cx, schema, at, hint, struct_kind);
    }
    if let Some(kind) = enum_kind(schema) {
        let kind_c = kind.clone();
        return inline_model(cx, schema, at, hint, move |cx, _, _, name| recorded_variants(cx, name, kind_c.clone()));
    }
    let format = obj.get("format").and_then(Value::as_str).unwrap_or_default();
    match obj.get("type") {
        Some(Value::String(t)) => match t.as_str() {
            "string" if format == "binary" => Type::Bytes,
            "string" | "integer" if format == "int-or-string" => Type::IntOrString,
            "string" => string_format(format),
            "integer" if format == "int32" => Type::I32,
            "integer" => Type::I64,
            "number" if format == "float" => Type::F32,
            "number" => Type::F64,
            "boolean" => Type::Boolean,
            "file" => Type::Bytes,
            "array" => match obj.get("items") {
                Some(items) => {
                    let inner = schema_type(cx, items, &pointer_join(at, "items"), &format!("{hint}Item"));
                    Type::Array(Box::new(nullable(items, inner)))
                }
                None => Type::Array(Box::new(Type::Json)),
            },
            "object" => map_type(cx, obj, at, hint),
            "null" => Type::Json,
            other => {
                cx.warn(
                    "schema-type",
                    &pointer_join(at, "type"),
                    format!("unknown schema `type: {other}`; typed as a JSON value"),
                    "use string, integer, number, boolean, array, object or file",
                );
                Type::Json
            }
        },
        Some(_) => Type::Json, // `type: [string, "null"]` (JSON Schema, not Swagger 2.0)
        None if obj.contains_key("additionalProperties") => map_type(cx, obj, at, hint),
        None => Type::Json,
    }
}

/// A string's type by its `format`: times, days and ids are typed; any other format stays a `String`.
pub(crate) fn string_format(format: &str) -> Type {
    match format {
        "date-time" => Type::DateTime,
        "date-time-micro" => Type::MicroTime,
        "date" => Type::Date,
        "uuid" => Type::Uuid,
        _ => Type::String,
    }
}

/// An object without named properties: a map when `additionalProperties` says what the values are.
fn map_type(cx: &mut Ctx<'_>, obj: &serde_json::Map<String, Value>, at: &str, hint: &str) -> Type {
    match obj.get("additionalProperties") {
        Some(Value::Object(ap)) if !ap.is_empty() => {
            let ap = Value::Object(ap.clone());
            let inner = schema_type(cx, &ap, &pointer_join(at, "additionalProperties"), &format!("{hint}Value"));
            Type::Map(Box::new(nullable(&ap, inner)))
        }
        _ => Type::Map(Box::new(Type::Json)),
    }
}

/// A list item or map value that may be `null` (`x-nullable: true`) is optional.
fn nullable(schema: &Value, ty: Type) -> Type {
    let flag = |k: &str| schema.get(k).and_then(Value::as_bool).unwrap_or(false);
    let flagged = flag("x-nullable") || flag("x-isnullable");
    if flagged && !matches!(ty, Type::Json | Type::Nullable(_)) {
        Type::Nullable(Box::new(ty))
    } else {
        ty
    }
}

fn ref_type(cx: &mut Ctx<'_>, r: &str, hint: &str) -> Type {
    if let Some(key) = definition_key(r) {
        if let Some(name) = cx.schemas.definition_name(&key) {
            return Type::Named(name.to_owned());
        }
    }
    if !r.starts_with('#') || cx.schemas.following.iter().any(|f| f == r) {
        return Type::Json; // external (reported by the ref check) or a cycle through non-definition refs
    }
    let doc = cx.doc;
    let Some(target) = swagen_spec::resolve_local(&doc.raw, r) else { return Type::Json };
    cx.schemas.following.push(r.to_owned());
    let ty = schema_type(cx, target, r.trim_start_matches('#'), hint);
    cx.schemas.following.pop();
    ty
}

fn inline_model(
    cx: &mut Ctx<'_>,
    schema: &Value,
    at: &str,
    hint: &str,
    kind: impl FnOnce(&mut Ctx<'_>, &Value, &str, &str) -> ModelKind,
) -> Type {
    let name = cx.schemas.inline_name(at, hint);
    let slot = cx.schemas.models.len();
    cx.schemas.models.push(placeholder(&name, at));
    let kind = kind(cx, schema, at, &name);
    let m = &mut cx.schemas.models[slot];
    m.description = description(schema);
    m.kind = kind;
    Type::Named(name)
}

/// Properties gathered from a schema and its `allOf` parts.
#[derive(Default)]
struct Gathered {
    props: Vec<(String, Value, String)>,
    required: BTreeSet<String>,
    additional: Option<(Value, String)>,
    discriminator: Option<String>,
}

fn gather(cx: &mut Ctx<'_>, schema: &Value, at: &str, out: &mut Gathered, seen: &mut Vec<String>) {
    if seen.len() > MAX_DEPTH {
        return;
    }
    let doc = cx.doc;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        if seen.iter().any(|s| s == r) {
            return;
        }
        if let Some(target) = swagen_spec::resolve_local(&doc.raw, r) {
            seen.push(r.to_owned());
            gather(cx, target, r.trim_start_matches('#'), out, seen);
            seen.pop();
        }
        return;
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for (i, part) in parts.iter().enumerate() {
            gather(cx, part, &format!("{at}/allOf/{i}"), out, seen);
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let p_at = pointer_join(&pointer_join(at, "properties"), k);
            match out.props.iter_mut().find(|(name, _, _)| name == k) {
                Some(existing) => *existing = (k.clone(), v.clone(), p_at),
                None => out.props.push((k.clone(), v.clone(), p_at)),
            }
        }
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        out.required.extend(req.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    match schema.get("additionalProperties") {
        Some(ap @ Value::Object(_)) => out.additional = Some((ap.clone(), pointer_join(at, "additionalProperties"))),
        Some(Value::Bool(true)) => out.additional = Some((Value::Object(Default::default()), at.to_owned())),
        _ => {}
    }
    if let Some(d) = schema.get("discriminator").and_then(Value::as_str) {
        out.discriminator = Some(d.to_owned());
    }
}

fn struct_kind(cx: &mut Ctx<'_>, schema: &Value, at: &str, name: &str) -> ModelKind {
    let mut g = Gathered::default();
    gather(cx, schema, at, &mut g, &mut Vec::new());
    let mut used = BTreeSet::new();
    let additional = g.additional.as_ref().map(|(ap, ap_at)| {
        let ty = schema_type(cx, ap, ap_at, &format!("{name}Value"));
        used.insert("additional_properties".to_owned());
        ty
    });
    let mut fields = Vec::with_capacity(g.props.len());
    // Names the names file recorded (where two properties spell one name) are the recorded properties' own.
    let mut recorded = cx.book.fields.get(name).cloned().unwrap_or_default();
    recorded.retain(|_, field| !used.contains(field));
    used.extend(g.props.iter().filter_map(|(wire, _, _)| recorded.get(wire).cloned()));
    for (wire, prop, p_at) in g.props {
        let ty = schema_type(cx, &prop, &p_at, &format!("{name}{}", crate::case::upper_camel(&wire)));
        let field_name = match recorded.get(&wire) {
            Some(recorded) => recorded.clone(),
            None => unique_with(&safe_snake(&wire, "field"), &mut used, "_"),
        };
        let flag = |k: &str| prop.get(k).and_then(Value::as_bool).unwrap_or(false);
        fields.push(Field {
            name: field_name,
            required: g.required.contains(&wire),
            wire_name: wire,
            ty,
            nullable: flag("x-nullable") || flag("x-isnullable"),
            read_only: flag("readOnly"),
            boxed: false,
            description: description(&prop),
            default: prop.get("default").map(Value::to_string),
        });
    }
    ModelKind::Struct { fields, additional, discriminator: g.discriminator }
}

/// An enum's variants renamed as the names file recorded them (by wire value); values it does not know are named
/// around the recorded names.
fn recorded_variants(cx: &Ctx<'_>, name: &str, kind: ModelKind) -> ModelKind {
    let Some(recorded) = cx.book.variants.get(name) else { return kind };
    let rename = |pairs: Vec<(String, String)>| -> Vec<String> {
        let mut used: BTreeSet<String> = BTreeSet::from(["Other".to_owned()]);
        used.extend(pairs.iter().filter_map(|(value, _)| recorded.get(value).cloned()));
        pairs
            .into_iter()
            .map(|(value, fresh)| match recorded.get(&value) {
                Some(name) => name.clone(),
                None => unique_with(&fresh, &mut used, ""),
            })
            .collect()
    };
    match kind {
        ModelKind::StringEnum(mut vs) => {
            let names = rename(vs.iter().map(|v| (v.value.clone(), v.name.clone())).collect());
            vs.iter_mut().zip(names).for_each(|(v, n)| v.name = n);
            ModelKind::StringEnum(vs)
        }
        ModelKind::IntEnum(mut vs) => {
            let names = rename(vs.iter().map(|v| (v.value.to_string(), v.name.clone())).collect());
            vs.iter_mut().zip(names).for_each(|(v, n)| v.name = n);
            ModelKind::IntEnum(vs)
        }
        other => other,
    }
}

/// A string or integer `enum` (a `null` member is ignored); other enums keep their underlying type.
fn enum_kind(schema: &Value) -> Option<ModelKind> {
    let values: Vec<&Value> = schema.get("enum")?.as_array()?.iter().filter(|v| !v.is_null()).collect();
    if values.is_empty() {
        return None;
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let described = names_in_description(schema, &values);
    let names: Vec<Option<&str>> = {
        let given = schema.get("x-enum-varnames").or_else(|| schema.get("x-enumNames")).and_then(Value::as_array);
        (0..values.len())
            .map(|i| given.and_then(|g| g.get(i)).and_then(Value::as_str).or(described.get(i).copied().flatten()))
            .collect()
    };
    let mut used = BTreeSet::from(["Other".to_owned()]);
    if matches!(ty, None | Some("string")) && values.iter().all(|v| v.is_string()) {
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let value = v.as_str().unwrap_or_default().to_owned();
            if !seen.insert(value.clone()) {
                continue;
            }
            let base = variant_base(names[i].unwrap_or(&value), i);
            variants.push(Variant { name: unique_with(&base, &mut used, ""), value });
        }
        return Some(ModelKind::StringEnum(variants));
    }
    if matches!(ty, None | Some("integer")) && values.iter().all(|v| v.as_i64().is_some()) {
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let value = v.as_i64().unwrap_or_default();
            if !seen.insert(value) {
                continue;
            }
            let base = match names[i] {
                Some(n) => variant_base(n, i),
                None if value < 0 => format!("Minus{}", value.unsigned_abs()),
                None => format!("Value{value}"),
            };
            variants.push(IntVariant { name: unique_with(&base, &mut used, ""), value });
        }
        return Some(ModelKind::IntEnum(variants));
    }
    None
}

/// Names for integer enum values that the schema's description gives (`0: Modified`, `` `1` - Added``,
/// `2 = Deleted`), one word each; only when it names every value (else none, and variants are `Value0`…).
fn names_in_description<'a>(schema: &'a Value, values: &[&Value]) -> Vec<Option<&'a str>> {
    let Some(text) = schema.get("description").and_then(Value::as_str) else { return Vec::new() };
    if !values.iter().all(|v| v.is_i64()) {
        return Vec::new();
    }
    let found: Vec<Option<&str>> = values.iter().map(|v| name_after(text, &v.to_string())).collect();
    if found.iter().all(Option::is_some) {
        found
    } else {
        Vec::new()
    }
}

/// The word after `value` and a separator (`:`, `-`, `=`, `–`) in `text`, the value standing alone (or in
/// backticks) at a line's or list item's start or after a space.
fn name_after<'a>(text: &'a str, value: &str) -> Option<&'a str> {
    for (at, _) in text.match_indices(value) {
        let before = text[..at].trim_end_matches('`');
        if !(before.is_empty() || before.ends_with([' ', '\n', '(', ',', ';'])) {
            continue;
        }
        let rest = text[at + value.len()..].trim_start_matches('`');
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix([':', '-', '=', '\u{2013}']) else { continue };
        let rest = rest.trim_start().trim_start_matches(['`', '"', '\'']);
        let end = rest.find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(rest.len());
        if end > 0 && rest[..end].chars().next().is_some_and(char::is_alphabetic) {
            return Some(&rest[..end]);
        }
    }
    None
}

/// Makes recursive types finite: aliases that name themselves become newtypes (or JSON when nothing else
/// works), and struct fields that reach their own struct without indirection are boxed.
pub(crate) fn fix_recursion(models: &mut [Model]) {
    let index: HashMap<String, usize> = models.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();

    // 1. Alias cycles: `type A = Vec<A>` is not Rust.
    let alias_adj: Vec<Vec<usize>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Alias(t) => {
                let mut names = Vec::new();
                named_in(t, &mut names);
                names
                    .iter()
                    .filter_map(|n| index.get(*n).copied())
                    .filter(|&j| matches!(models[j].kind, ModelKind::Alias(_)))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let comp = components(&alias_adj);
    for i in 0..models.len() {
        let cyclic = alias_adj[i].contains(&i) || alias_adj[i].iter().any(|&j| j != i && comp[j] == comp[i]);
        if !cyclic {
            continue;
        }
        if let ModelKind::Alias(t) = &models[i].kind {
            models[i].kind =
                if matches!(t, Type::Named(_)) { ModelKind::Alias(Type::Json) } else { ModelKind::Newtype(t.clone()) };
        }
    }

    // 2. Direct containment (a field's type is the other model, not a list or map of it).
    let direct = |t: &Type| match t {
        Type::Named(n) => index.get(n).copied(),
        _ => None,
    };
    let adj: Vec<Vec<usize>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct { fields, .. } => fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            ModelKind::Alias(t) | ModelKind::Newtype(t) => direct(t).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let comp = components(&adj);
    for i in 0..models.len() {
        let c = comp[i];
        if let ModelKind::Struct { fields, .. } = &mut models[i].kind {
            for f in fields.iter_mut() {
                if let Type::Named(n) = &f.ty {
                    if index.get(n).is_some_and(|&j| comp[j] == c) {
                        f.boxed = true;
                    }
                }
            }
        }
    }
}

fn named_in<'t>(t: &'t Type, out: &mut Vec<&'t str>) {
    match t {
        Type::Named(n) => out.push(n),
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Strongly connected components (Kosaraju, iterative): a component id per node.
fn components(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((v, i)) = stack.pop() {
            if let Some(&w) = adj[v].get(i) {
                stack.push((v, i + 1));
                if w < n && !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    let mut rev = vec![Vec::new(); n];
    for (v, ws) in adj.iter().enumerate() {
        for &w in ws {
            if w < n {
                rev[w].push(v);
            }
        }
    }
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    for &start in order.iter().rev() {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = next;
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            for &w in &rev[v] {
                if comp[w] == usize::MAX {
                    comp[w] = next;
                    stack.push(w);
                }
            }
        }
        next += 1;
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_enum_names_from_descriptions() {
        let schema =
            serde_json::json!({"description": "Kind of change:\n- `0`: Modified\n- `1`: Added\n- `2`: Deleted"});
        let values = [serde_json::json!(0), serde_json::json!(1), serde_json::json!(2)];
        let refs: Vec<&Value> = values.iter().collect();
        assert_eq!(names_in_description(&schema, &refs), [Some("Modified"), Some("Added"), Some("Deleted")]);
        let partial = serde_json::json!({"description": "0 = Off, or anything else"});
        assert!(names_in_description(&partial, &refs).is_empty());
    }

    #[test]
    fn scc() {
        let adj = vec![vec![1], vec![0], vec![2], vec![]];
        let c = components(&adj);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[2], c[3]);
    }
}
