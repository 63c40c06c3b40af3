//! The enums callers choose a body's content type from: one per distinct list of offered content types (Kubernetes'
//! four patch kinds), named `ContentType`, `ContentType2`… in document order, or as the names file records them.

use crate::ir::*;
use crate::namebook::NameBook;
use crate::naming::unique_with;
use std::collections::{BTreeMap, BTreeSet};

/// The names file's key of a list of content types.
pub(super) fn list_key(list: &[String]) -> String {
    list.join(", ")
}

/// Names the choice of every body offered in several content types.
pub(super) fn name_choices(ops: &mut [Operation], book: &NameBook) {
    let mut used: BTreeSet<String> = book.content_types.values().cloned().collect();
    let mut named: BTreeMap<String, String> = BTreeMap::new();
    for op in ops.iter_mut() {
        let Body::Json { content_types, choice, .. } = &mut op.body else { continue };
        if content_types.len() < 2 {
            continue;
        }
        let key = list_key(content_types);
        let name = named
            .entry(key.clone())
            .or_insert_with(|| match book.content_types.get(&key) {
                Some(recorded) => recorded.clone(),
                None => unique_with("ContentType", &mut used, ""),
            })
            .clone();
        *choice = Some(name);
    }
}
