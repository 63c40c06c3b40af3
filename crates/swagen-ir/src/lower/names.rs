//! Operations named (`crate::naming`) and the names made unique, with a warning where a name was taken.

use crate::ctx::Ctx;
use crate::ir::*;
use crate::namebook::NameBook;
use crate::naming::{operation_name, safe_snake, unique, NameInput};
use crate::normalise::NormalisedPath;
use std::collections::{BTreeSet, HashMap};

/// Names every operation: from its operationId, or made from its route and summary; a name taken already (by the
/// client's own methods, its settings or an earlier operation) gets a number, with a warning.
pub(super) fn name_operations(cx: &mut Ctx<'_>, ops: &mut [Operation], routes: &[NormalisedPath], taken: &[String]) {
    let by_key: HashMap<&str, &NormalisedPath> = routes.iter().map(|r| (r.key.as_str(), r)).collect();
    let mut chosen: Vec<(String, String)> = Vec::new();
    for op in ops.iter() {
        let examples: Vec<&str> = by_key
            .get(op.path_key.as_str())
            .map(|r| r.introduced.iter().map(|i| i.example.as_str()).collect())
            .unwrap_or_default();
        let named = operation_name(&NameInput {
            method: op.method,
            path_key: &op.path_key,
            route: &op.route,
            operation_id: op.operation_id.as_deref(),
            summary: op.summary.as_deref(),
            examples,
        });
        chosen.push((named.name, named.reason));
    }
    let mut used: BTreeSet<String> = taken.iter().cloned().collect();
    // Names the names file recorded are their operations' own (unless the client took one for a setting since).
    let recorded: Vec<Option<String>> = ops
        .iter()
        .map(|op| cx.book.methods.get(&NameBook::method_key(op.method.as_str(), &op.path_key)).cloned())
        .map(|name| name.filter(|n| !used.contains(n)))
        .collect();
    used.extend(recorded.iter().flatten().cloned());
    for ((op, (base, reason)), recorded) in ops.iter_mut().zip(chosen).zip(recorded) {
        if let Some(name) = recorded {
            let subject = format!("{} {}", op.method.as_str(), op.path_key);
            cx.note(&subject, &op.pointer, format!("method `{name}`: as the names file records it ({reason})"));
            op.name = name;
            continue;
        }
        let base = safe_snake(&base, "operation");
        let name = unique(&base, &mut used);
        if name != base {
            // Where the name came from decides what helps: a clashing operationId, or a name swagen had to make.
            let help = if reason.starts_with("from operationId") {
                "give the operations distinct operationIds".to_owned()
            } else {
                format!(
                    "swagen made this name itself ({reason}); give the operation an operationId without example values"
                )
            };
            cx.warn(
                "duplicate-name",
                &op.pointer,
                format!("operation name `{base}` is taken; this one is `{name}`"),
                &help,
            );
        }
        let subject = format!("{} {}", op.method.as_str(), op.path_key);
        cx.note(&subject, &op.pointer, format!("method `{name}`: {reason}"));
        op.name = name;
    }
}
