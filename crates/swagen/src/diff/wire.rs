//! Wire-only changes: the same Rust API sends a different request or reads a different answer. Read from the two
//! lowered APIs (the IR), matched by Rust name: an operation's method, route, content types, and each parameter's
//! place, wire name and collection format; a field's property name; an enum variant's value.

use super::Change;
use std::collections::BTreeMap;
use swagen_ir::{route_template, Api, Body, Model, ModelKind, Operation, Param};

/// Every wire-level difference between operations and models of the same Rust name; `methods` maps a renamed
/// operation's old name to its new one.
pub fn compare(old: &Api, new: &Api, methods: &BTreeMap<String, String>) -> Vec<Change> {
    let mut out = Vec::new();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|op| (op.name.as_str(), op)).collect();
    for o in &old.operations {
        let name = methods.get(&o.name).unwrap_or(&o.name);
        if let Some(n) = new_ops.get(name.as_str()) {
            operation(&format!("Client::{name}"), o, n, &mut out);
        }
    }
    let new_models: BTreeMap<&str, &Model> = new.models.iter().map(|m| (m.name.as_str(), m)).collect();
    for o in &old.models {
        if let Some(n) = new_models.get(o.name.as_str()) {
            model(&format!("types::{}", o.name), o, n, &mut out);
        }
    }
    out
}

fn operation(at: &str, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let request = |op: &Operation| format!("{} {}", op.method.as_str(), route_template(&op.route));
    if request(o) != request(n) {
        out.push(Change::wire(at, format!("sends `{}` instead of `{}`", request(n), request(o))));
    }
    if o.fixed_query != n.fixed_query {
        out.push(Change::wire(at, format!("fixed query `{:?}` → `{:?}`", o.fixed_query, n.fixed_query)));
    }
    if o.accept != n.accept {
        let show = |a: &Option<String>| a.clone().unwrap_or_else(|| "nothing".to_owned());
        out.push(Change::wire(at, format!("`Accept: {}` → `Accept: {}`", show(&o.accept), show(&n.accept))));
    }
    let content = |op: &Operation| match &op.body {
        Body::None => "no body".to_owned(),
        Body::Form => "application/x-www-form-urlencoded".to_owned(),
        Body::Multipart => "multipart/form-data".to_owned(),
        Body::Json { content_types, .. } => content_types.join(" or "),
    };
    if content(o) != content(n) {
        out.push(Change::wire(at, format!("body sent as `{}` instead of `{}`", content(n), content(o))));
    }
    let new_params: BTreeMap<&str, &Param> = n.params.iter().map(|p| (p.name.as_str(), p)).collect();
    for p in &o.params {
        let Some(q) = new_params.get(p.name.as_str()) else { continue };
        let place = |p: &Param| format!("{:?} `{}`", p.location, p.wire_name).to_lowercase();
        if place(p) != place(q) {
            out.push(Change::wire(
                &format!("{at}({})", p.name),
                format!("sent as {} instead of {}", place(q), place(p)),
            ));
        }
        if matches!(p.ty, swagen_ir::Type::Array(_)) && p.collection_format != q.collection_format {
            let what = format!("lists joined as {:?} instead of {:?}", q.collection_format, p.collection_format);
            out.push(Change::wire(&format!("{at}({})", p.name), what.to_lowercase()));
        }
    }
}

fn model(at: &str, o: &Model, n: &Model, out: &mut Vec<Change>) {
    match (&o.kind, &n.kind) {
        (ModelKind::Struct { fields: of, .. }, ModelKind::Struct { fields: nf, .. }) => {
            for f in of {
                if let Some(g) = nf.iter().find(|g| g.name == f.name).filter(|g| g.wire_name != f.wire_name) {
                    let what = format!("the property `{}` instead of `{}`", g.wire_name, f.wire_name);
                    out.push(Change::wire(&format!("{at}.{}", f.name), what));
                }
            }
        }
        (ModelKind::StringEnum(ov), ModelKind::StringEnum(nv)) => {
            for v in ov {
                if let Some(w) = nv.iter().find(|w| w.name == v.name).filter(|w| w.value != v.value) {
                    let what = format!("the value `{}` instead of `{}`", w.value, v.value);
                    out.push(Change::wire(&format!("{at}::{}", v.name), what));
                }
            }
        }
        (ModelKind::IntEnum(ov), ModelKind::IntEnum(nv)) => {
            for v in ov {
                if let Some(w) = nv.iter().find(|w| w.name == v.name).filter(|w| w.value != v.value) {
                    let what = format!("the value `{}` instead of `{}`", w.value, v.value);
                    out.push(Change::wire(&format!("{at}::{}", v.name), what));
                }
            }
        }
        _ => {}
    }
}
