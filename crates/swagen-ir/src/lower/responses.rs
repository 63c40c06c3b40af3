//! An operation's responses: `$ref`s followed, status keys read, sorted by status.

use super::typing::Slot;
use crate::ctx::Ctx;
use crate::ir::*;
use serde_json::Value;
use swagen_spec::diag::pointer_join;
use swagen_spec::{resolve_local, Response as SpecResponse};

/// The responses of an operation, sorted by status (`default` last). Their schemas are added to `schemas`, whose
/// response slots keep pointing at the same responses after the sort.
pub(super) fn lower_responses(
    cx: &mut Ctx<'_>,
    op: &swagen_spec::Operation,
    op_ptr: &str,
    schemas: &mut Vec<(Slot, Value, String)>,
) -> Vec<Response> {
    let mut responses = Vec::new();
    for (code, r) in &op.responses {
        let at = pointer_join(&format!("{op_ptr}/responses"), code);
        let Some(r) = resolve_response(cx, r, &at) else { continue };
        let Some(status) = status(cx, code, &at) else { continue };
        if let Some(schema) = &r.schema {
            schemas.push((Slot::Response(responses.len()), schema.clone(), pointer_join(&at, "schema")));
        }
        // `x-swagen-stream: json-lines` (from the spec or an overlay): one value per line, read as they come.
        let json_lines = resolve_local(&cx.doc.raw, &at)
            .and_then(|raw| raw.get("x-swagen-stream"))
            .is_some_and(|v| v.as_str() == Some("json-lines"));
        responses.push(Response { status, description: r.description.clone(), ty: None, json_lines });
    }
    // Sort by status, keeping the pending schema slots pointing at the same responses.
    let mut order: Vec<usize> = (0..responses.len()).collect();
    order.sort_by_key(|&i| responses[i].status);
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<Option<Response>> = responses.into_iter().map(Some).collect();
    let responses: Vec<Response> = order.iter().filter_map(|&i| sorted[i].take()).collect();
    for (slot, _, _) in schemas.iter_mut() {
        if let Slot::Response(i) = slot {
            *i = new_index.get(*i).copied().unwrap_or(*i);
        }
    }
    responses
}

/// A response key's status: a code from 100 to 599 or `default`; anything else is ignored with a warning.
fn status(cx: &mut Ctx<'_>, code: &str, at: &str) -> Option<Status> {
    if code == "default" {
        return Some(Status::Default);
    }
    match code.parse::<u16>() {
        Ok(c) if (100..600).contains(&c) => Some(Status::Code(c)),
        _ => {
            cx.warn(
                "bad-status",
                at,
                format!("response key `{code}` is not an HTTP status code or `default`; ignored"),
                "use a status code such as 200, or `default`",
            );
            None
        }
    }
}

fn resolve_response(cx: &mut Ctx<'_>, r: &SpecResponse, at: &str) -> Option<SpecResponse> {
    let Some(reference) = &r.reference else { return Some(r.clone()) };
    let target = resolve_local(&cx.doc.raw, reference)?;
    match <SpecResponse as serde::Deserialize>::deserialize(target) {
        Ok(resolved) => Some(resolved),
        Err(e) => {
            cx.error(
                "bad-ref-target",
                at,
                format!("`$ref: {reference}` is not a response: {e}"),
                "point at a response",
            );
            None
        }
    }
}
