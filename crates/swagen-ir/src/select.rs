//! Passes over a lowered [`Api`] that the user asks for: a subset of the operations (`--tags`, `--operations`) with
//! only the models they reach, and string formats kept as `String` (`--string-formats`).

use crate::ir::*;
use std::collections::{BTreeSet, HashMap};

/// Which operations to generate: those with one of `tags`, and those `operations` names (by operationId, method
/// name or `METHOD /path`). Both empty: every operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub tags: Vec<String>,
    pub operations: Vec<String>,
}

impl Selection {
    /// Whether the selection keeps every operation.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }
}

/// Keeps the selected operations and the models their signatures reach (through fields, aliases, subtypes).
/// A tag or operation that matches nothing is an error naming what the spec has, so a typo is not an empty client.
pub fn select(api: &mut Api, selection: &Selection) -> Result<(), String> {
    if selection.is_all() {
        return Ok(());
    }
    let tag_of = |t: &str| selection.tags.iter().position(|s| s.eq_ignore_ascii_case(t));
    let op_of = |op: &Operation| {
        let route = format!("{} {}", op.method.as_str(), op.path_key);
        selection.operations.iter().position(|s| {
            op.operation_id.as_deref() == Some(s.as_str()) || op.name == *s || route.eq_ignore_ascii_case(s)
        })
    };
    let known: BTreeSet<String> = api.operations.iter().flat_map(|op| op.tags.iter().cloned()).collect();
    let mut tags_used = vec![false; selection.tags.len()];
    let mut ops_used = vec![false; selection.operations.len()];
    api.operations.retain(|op| {
        let by_tag: Vec<usize> = op.tags.iter().filter_map(|t| tag_of(t)).collect();
        let by_op = op_of(op);
        by_tag.iter().for_each(|&i| tags_used[i] = true);
        if let Some(i) = by_op {
            ops_used[i] = true;
        }
        !by_tag.is_empty() || by_op.is_some()
    });
    let unmatched: Vec<String> = (selection.tags.iter().zip(&tags_used))
        .filter(|(_, used)| !**used)
        .map(|(t, _)| format!("tag `{t}`"))
        .chain(
            selection
                .operations
                .iter()
                .zip(&ops_used)
                .filter(|(_, used)| !**used)
                .map(|(o, _)| format!("operation `{o}`")),
        )
        .collect();
    if !unmatched.is_empty() {
        let mut tags: Vec<&str> = known.iter().map(String::as_str).take(30).collect();
        if known.len() > tags.len() {
            tags.push("…");
        }
        return Err(format!(
            "no operation matches {} (tags are matched ignoring case, operations by operationId, method name or \
             `METHOD /path`); the spec's tags: {}",
            unmatched.join(", "),
            if tags.is_empty() { "none".to_owned() } else { tags.join(", ") }
        ));
    }
    keep_reached_models(api);
    Ok(())
}

/// Drops the models no operation reaches.
fn keep_reached_models(api: &mut Api) {
    let index: HashMap<&str, usize> = api.models.iter().enumerate().map(|(i, m)| (m.name.as_str(), i)).collect();
    let mut reached = BTreeSet::new();
    let mut todo: Vec<usize> = Vec::new();
    let visit = |ty: &Type, todo: &mut Vec<usize>| {
        let mut names = Vec::new();
        named(ty, &mut names);
        todo.extend(names.iter().filter_map(|n| index.get(n.as_str()).copied()));
    };
    for op in &api.operations {
        for_each_op_type(op, &mut |t| visit(t, &mut todo));
    }
    while let Some(i) = todo.pop() {
        if !reached.insert(i) {
            continue;
        }
        let m = &api.models[i];
        for_each_model_type(&m.kind, &mut |t| visit(t, &mut todo));
        if let ModelKind::Tagged { variants, fields, .. } = &m.kind {
            let more = variants.iter().map(|v| v.model.as_str()).chain([fields.as_str()]);
            todo.extend(more.filter_map(|n| index.get(n).copied()));
        }
    }
    let mut i = 0;
    api.models.retain(|_| {
        i += 1;
        reached.contains(&(i - 1))
    });
}

/// The model names in a type.
fn named(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Named(n) => out.push(n.clone()),
        Type::Array(t) | Type::Map(t) | Type::Nullable(t) => named(t, out),
        _ => {}
    }
}

fn for_each_op_type(op: &Operation, f: &mut dyn FnMut(&Type)) {
    op.params.iter().for_each(|p| f(&p.ty));
    if let Body::Json { ty, .. } = &op.body {
        f(ty);
    }
    op.responses.iter().filter_map(|r| r.ty.as_ref()).for_each(&mut *f);
    if let Some(w) = &op.watch {
        f(&w.item);
    }
}

fn for_each_model_type(kind: &ModelKind, f: &mut dyn FnMut(&Type)) {
    match kind {
        ModelKind::Struct { fields, additional, .. } => {
            fields.iter().for_each(|x| f(&x.ty));
            if let Some(a) = additional {
                f(a);
            }
        }
        ModelKind::Alias(t) | ModelKind::Newtype(t) => f(t),
        ModelKind::StringEnum(_) | ModelKind::IntEnum(_) | ModelKind::Tagged { .. } => {}
    }
}

/// Every type in the API, to be changed in place.
fn for_each_type_mut(api: &mut Api, f: &mut dyn FnMut(&mut Type)) {
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| f(&mut p.ty));
        if let Body::Json { ty, .. } = &mut op.body {
            f(ty);
        }
        op.responses.iter_mut().filter_map(|r| r.ty.as_mut()).for_each(&mut *f);
        if let Some(w) = &mut op.watch {
            f(&mut w.item);
        }
    }
    for m in &mut api.models {
        match &mut m.kind {
            ModelKind::Struct { fields, additional, .. } => {
                fields.iter_mut().for_each(|x| f(&mut x.ty));
                if let Some(a) = additional {
                    f(a);
                }
            }
            ModelKind::Alias(t) | ModelKind::Newtype(t) => f(t),
            ModelKind::StringEnum(_) | ModelKind::IntEnum(_) | ModelKind::Tagged { .. } => {}
        }
    }
}

/// `date-time`, `date` and `uuid` kept as `String` (`--string-formats`), for code written against the text.
pub fn formats_as_strings(api: &mut Api) {
    fn plain(ty: &mut Type) {
        match ty {
            Type::DateTime | Type::MicroTime | Type::Date | Type::Uuid => *ty = Type::String,
            Type::Array(t) | Type::Map(t) | Type::Nullable(t) => plain(t),
            _ => {}
        }
    }
    for_each_type_mut(api, &mut plain);
}
