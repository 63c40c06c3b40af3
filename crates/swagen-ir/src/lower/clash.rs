//! Operations whose routes are the same after normalisation, reported (both are kept).

use crate::ctx::Ctx;
use crate::ir::*;
use std::collections::HashMap;

/// Reports every operation whose method and normalised route an earlier operation has.
pub(super) fn report_clashes(cx: &mut Ctx<'_>, ops: &[Operation]) {
    let mut seen: HashMap<(String, Method), &Operation> = HashMap::new();
    for op in ops {
        let k = (route_template(&op.route), op.method);
        if let Some(first) = seen.get(&k) {
            let message = format!(
                "`{} {}` and `{} {}` are the same route `{}` after normalisation; both kept, as `{}` and `{}`",
                first.method.as_str(),
                first.path_key,
                op.method.as_str(),
                op.path_key,
                k.0,
                first.name,
                op.name
            );
            cx.warn("route-clash", &op.pointer, message, "remove one of the operations, or pin the route");
        } else {
            seen.insert(k, op);
        }
    }
}
