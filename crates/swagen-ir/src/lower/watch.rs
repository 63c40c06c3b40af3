//! Watch variants of list operations: where `produces` offers a watch stream (`application/json;stream=watch`,
//! as Kubernetes' list operations do), a second method sends the same request with `watch=true` and delivers the
//! events one by one, each typed with the list's item type (`Pod` for a `PodList`).

use crate::ir::*;
use crate::namebook::NameBook;
use crate::naming::unique;
use std::collections::{BTreeSet, HashMap};

/// Gives each watchable GET whose success type is a list model (a struct with an `items` array) its watch variant.
/// Names are the names file's, else `<method>_watch`, unique among the client's methods (`taken`, which gains them).
pub(super) fn watch_variants(ops: &mut [Operation], models: &[Model], book: &NameBook, taken: &mut BTreeSet<String>) {
    taken.extend(ops.iter().map(|op| op.name.clone()));
    // Recorded names (that no method took) first, so a fresh one never takes them.
    let mut recorded: HashMap<String, String> = HashMap::new();
    for op in ops.iter() {
        let key = NameBook::watch_key(&op.path_key);
        if let Some(name) = book.methods.get(&key).filter(|n| !taken.contains(*n)) {
            recorded.insert(key, name.clone());
        }
    }
    taken.extend(recorded.values().cloned());
    for op in ops.iter_mut().filter(|op| op.watchable && op.method == Method::Get) {
        let has_watch_param = op.params.iter().any(|p| p.wire_name == "watch" && p.location == ParamLocation::Query);
        let Some(item) = list_item(op, models).filter(|_| has_watch_param) else { continue };
        let name = match recorded.remove(&NameBook::watch_key(&op.path_key)) {
            Some(name) => name,
            None => unique(&format!("{}_watch", op.name), taken),
        };
        op.watch = Some(Watch { name, item });
    }
}

/// The item type of the operation's success type, when it is a struct with an `items` array.
fn list_item(op: &Operation, models: &[Model]) -> Option<Type> {
    let success = op.responses.iter().find(|r| r.status.is_success())?;
    let Some(Type::Named(name)) = &success.ty else { return None };
    let model = models.iter().find(|m| &m.name == name)?;
    let ModelKind::Struct { fields, .. } = &model.kind else { return None };
    match &fields.iter().find(|f| f.wire_name == "items")?.ty {
        Type::Array(item) => Some((**item).clone()),
        _ => None,
    }
}
