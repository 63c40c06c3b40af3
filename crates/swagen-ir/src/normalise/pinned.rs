//! Routes the user pinned with `x-swagen-route` or `x-swagen-literal`: they replace the normaliser's decision.

use super::key::{push_literal, template_parts};
use super::{Introduced, NormalisedPath, PathInput, SegmentDecision};
use crate::ir::RoutePart;

/// A route the user pinned: `pin_segs` (a template) replaces the key's segments; a template where the key has a
/// literal introduces a parameter with that literal as its example.
pub(crate) fn pinned(
    input: &PathInput,
    segs: &[String],
    pin_segs: &[String],
    fixed_query: Vec<(String, String)>,
    why: &str,
) -> NormalisedPath {
    let mut route = vec![RoutePart::Literal(String::new())];
    let mut introduced = Vec::new();
    let mut templated = Vec::new();
    let mut decisions = Vec::new();
    for (i, seg) in pin_segs.iter().enumerate() {
        push_literal(&mut route, "/");
        let original = segs.get(i).map(String::as_str).unwrap_or_default();
        let original_is_template = template_parts(original).is_some();
        match template_parts(seg) {
            Some(parts) => {
                let mut first = None;
                for part in parts {
                    match part {
                        RoutePart::Literal(l) => push_literal(&mut route, &l),
                        RoutePart::Param(n) => {
                            first.get_or_insert_with(|| n.clone());
                            if original_is_template {
                                templated.push(n.clone());
                            } else {
                                introduced.push(Introduced {
                                    name: n.clone(),
                                    example: original.to_owned(),
                                    reason: why.to_owned(),
                                });
                            }
                            route.push(RoutePart::Param(n));
                        }
                    }
                }
                decisions.push(SegmentDecision {
                    segment: original.to_owned(),
                    param: first,
                    changed: !original_is_template || original != seg,
                    reason: why.to_owned(),
                });
            }
            None => {
                push_literal(&mut route, seg);
                decisions.push(SegmentDecision {
                    segment: original.to_owned(),
                    param: None,
                    changed: original != seg,
                    reason: format!("kept: {why}"),
                });
            }
        }
    }
    NormalisedPath { key: input.key.clone(), route, introduced, templated, fixed_query, decisions, pinned: true }
}
