//! The names file of a lowered API: every name that depends on more than its item (see [`NameBook`]), keyed by the
//! item's stable identity, for the next generation to keep.

use crate::ir::*;
use crate::namebook::NameBook;
use crate::naming::safe_snake;
use crate::normalise::NormalisedPath;
use std::collections::{BTreeMap, HashMap};

/// The book recording the names of `api` and the routes the normaliser chose; `inline_keys` maps each inline model's
/// name to its key ([`NameBook::inline_key`]).
pub(super) fn record(api: &Api, routes: &[NormalisedPath], inline_keys: &HashMap<String, String>) -> NameBook {
    let mut book = NameBook::new();
    for m in &api.models {
        match (&m.definition, inline_keys.get(&m.name)) {
            (Some(key), _) => {
                book.types.insert(key.clone(), m.name.clone());
            }
            (None, Some(key)) => {
                book.inline_types.entry(key.clone()).or_insert_with(|| m.name.clone());
            }
            (None, None) => {}
        }
        let members: BTreeMap<String, String> = match &m.kind {
            ModelKind::StringEnum(vs) => vs.iter().map(|v| (v.value.clone(), v.name.clone())).collect(),
            ModelKind::IntEnum(vs) => vs.iter().map(|v| (v.value.to_string(), v.name.clone())).collect(),
            ModelKind::Struct { fields, .. } => {
                let clashing = clashing_fields(fields);
                if !clashing.is_empty() {
                    book.fields.insert(m.name.clone(), clashing);
                }
                continue;
            }
            ModelKind::Alias(_) | ModelKind::Newtype(_) | ModelKind::Tagged { .. } => continue,
        };
        book.variants.insert(m.name.clone(), members);
    }
    for op in &api.operations {
        if let Body::Json { content_types, choice: Some(choice), .. } = &op.body {
            book.content_types.insert(super::choices::list_key(content_types), choice.clone());
        }
        book.methods.insert(NameBook::method_key(op.method.as_str(), &op.path_key), op.name.clone());
        if let Some(watch) = &op.watch {
            book.methods.insert(NameBook::watch_key(&op.path_key), watch.name.clone());
        }
    }
    for r in routes {
        book.routes.insert(r.key.clone(), route_template(&r.route));
    }
    book
}

/// The fields whose name depends on their siblings: those whose properties spell the same snake_case name.
fn clashing_fields(fields: &[Field]) -> BTreeMap<String, String> {
    let mut bases: HashMap<String, usize> = HashMap::new();
    for f in fields {
        *bases.entry(safe_snake(&f.wire_name, "field")).or_default() += 1;
    }
    fields
        .iter()
        .filter(|f| {
            let base = safe_snake(&f.wire_name, "field");
            f.name != base || bases.get(&base).is_some_and(|n| *n > 1)
        })
        .map(|f| (f.wire_name.clone(), f.name.clone()))
        .collect()
}
