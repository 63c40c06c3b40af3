//! Header parameters every operation carries, lifted to client settings.

use super::settings::CLIENT_METHODS;
use crate::ctx::Ctx;
use crate::ir::*;
use crate::naming::{safe_snake, unique};
use std::collections::BTreeSet;

/// A header parameter that every operation carries becomes a client setting.
pub(super) fn lift_client_headers(cx: &mut Ctx<'_>, ops: &mut [Operation]) -> Vec<ClientHeader> {
    if ops.len() < 2 {
        return Vec::new();
    }
    let mut lifted = Vec::new();
    // Setter names: distinct from each other and from the client's own methods.
    let mut used: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    let candidates: Vec<Param> = ops[0].params_in(ParamLocation::Header).cloned().collect();
    for h in candidates {
        let wire = h.wire_name.to_ascii_lowercase();
        let everywhere =
            ops.iter().all(|op| op.params_in(ParamLocation::Header).any(|p| p.wire_name.to_ascii_lowercase() == wire));
        if !everywhere {
            continue;
        }
        for op in ops.iter_mut() {
            op.params.retain(|p| !(p.location == ParamLocation::Header && p.wire_name.to_ascii_lowercase() == wire));
        }
        let stripped =
            h.wire_name.strip_prefix("X-").or_else(|| h.wire_name.strip_prefix("x-")).unwrap_or(&h.wire_name);
        let name = unique(&safe_snake(stripped, "header_value"), &mut used);
        cx.note(
            &h.wire_name,
            "#/paths",
            format!(
                "header `{}` is a parameter of all {} operations, so it is a client setting (`{name}`) sent on every request",
                h.wire_name,
                ops.len()
            ),
        );
        // A JSON string default is the value itself; anything else is sent as its JSON text.
        let default = h.default.as_deref().map(|d| serde_json::from_str::<String>(d).unwrap_or_else(|_| d.to_owned()));
        lifted.push(ClientHeader { name, wire_name: h.wire_name.clone(), description: h.description.clone(), default });
    }
    lifted
}
