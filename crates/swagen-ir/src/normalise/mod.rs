//! Route normalisation: example values baked into path keys become path parameters.
//!
//! The decision is made on evidence, not on a list of special cases. Every literal segment (or the value part of
//! one: `lang:FR`, `tide_20160312`) is a candidate, and `evidence.rs` measures independent signals about it:
//! - **declared parameters**: the operations declare `in: path` parameters whose `{name}` the key lacks; they go
//!   where a segment before names them, otherwise on the last candidates;
//! - **shape**: UUIDs, e-mail addresses, long numbers and codes look like values; words, versions and small numbers
//!   barely say anything on their own;
//! - **siblings**: a key that differs only in this slot and has a template (or a value) there; a key with the same
//!   segments before this slot that templates it;
//! - **structure**: an item path under a collection path, the position, what stands before;
//! - **text**: the operations' own text uses the literal as an example;
//! - **the spec as a whole**: a spec that templates its paths properly raises the bar for word-shaped literals.
//!
//! A weighted sum of the signals ([`Weights`], fitted by logistic regression on hand-labelled specs with
//! `cargo xtask routes-score --fit`; `--cv` measures it leave-one-spec-out) scores each candidate; a positive score
//! makes it a parameter. A value found in one key is the same value in every key that starts the same way.
//! Names come from `names.rs`. Every segment gets a [`SegmentDecision`] whose reason lists the signals that
//! weighed most, which `swagen explain` and `swagen routes --json` print.

mod english;
mod evidence;
mod key;
mod names;
mod pinned;
mod shape;
mod tiles;
mod weights;

pub use english::singular;
pub use evidence::{feature_name, FEATURES};
pub use weights::Weights;

use crate::ir::{Method, RoutePart};
use evidence::{candidates, item_evidence, Candidate, Part, Spec};
use key::{push_literal, split_key, template_parts};
use std::collections::{BTreeSet, HashMap};

/// What the normaliser needs to know about one path key.
#[derive(Clone, Debug)]
pub struct PathInput {
    pub key: String,
    pub methods: Vec<Method>,
    /// The summaries, descriptions and operationIds of the key's operations, as written.
    pub text: String,
    /// A decision the user pinned (`x-swagen-route` / `x-swagen-literal` on the path item).
    pub pin: Pin,
    /// Names of the `in: path` parameters the key's operations (and its path item) declare, in order.
    pub declared: Vec<String>,
}

/// A route decision pinned by the user, overriding the normaliser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Pin {
    #[default]
    None,
    /// `x-swagen-literal: true`: keep every literal segment of the key.
    Literal,
    /// `x-swagen-route: /tags/{tag}`: use this template; its segments line up with the key's.
    Route(String),
    /// The route the names file recorded for the key (the normaliser's earlier decision, kept so a spec change
    /// elsewhere cannot change this route's parameters); its segments line up with the key's.
    Recorded(String),
}

/// The normaliser's result for one path key.
#[derive(Clone, Debug, PartialEq)]
pub struct NormalisedPath {
    pub key: String,
    pub route: Vec<RoutePart>,
    /// Parameters the normaliser introduced, in route order.
    pub introduced: Vec<Introduced>,
    /// Names of templates that were already in the key (`{id}`, `:id`), in route order.
    pub templated: Vec<String>,
    /// A query string baked into the key (`/?Action=X`), as fixed pairs.
    pub fixed_query: Vec<(String, String)>,
    /// One decision per segment.
    pub decisions: Vec<SegmentDecision>,
    /// The user pinned this route (`x-swagen-route` / `x-swagen-literal`).
    pub pinned: bool,
}

/// A parameter the normaliser introduced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Introduced {
    pub name: String,
    pub example: String,
    pub reason: String,
}

/// The decision about one segment of a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentDecision {
    pub segment: String,
    /// `Some(name)` when the segment is (or became) a parameter.
    pub param: Option<String>,
    pub changed: bool,
    pub reason: String,
}

/// One candidate's signals, for fitting the weights (`swagen routes --features`).
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateRow {
    pub key: String,
    /// Index of the segment in the key (after the leading `/`).
    pub slot: usize,
    pub value: String,
    pub features: Vec<f64>,
    /// A rule decides this candidate (a declared parameter, a placeholder); the weights do not.
    pub ruled: bool,
}

/// Normalises every path key of a spec with the fitted weights. The output is in input order.
pub fn normalise(paths: &[PathInput]) -> Vec<NormalisedPath> {
    normalise_with(paths, &Weights::fitted())
}

/// The signals of every candidate literal of every key not pinned, in key and segment order.
pub fn candidate_rows(paths: &[PathInput]) -> Vec<CandidateRow> {
    let spec = Spec::new(paths);
    (0..paths.len())
        .filter(|&k| paths[k].pin == Pin::None)
        .flat_map(|k| candidates(&spec, k))
        .map(|c| CandidateRow {
            key: paths[c.key].key.clone(),
            slot: c.slot,
            value: c.value.clone(),
            features: c.features.to_vec(),
            ruled: c.rule().is_some(),
        })
        .collect()
}

/// A candidate's verdict: whether it is a value, and why.
struct Verdict {
    value: bool,
    reason: String,
}

/// Normalises every path key of a spec with these weights.
pub fn normalise_with(paths: &[PathInput], weights: &Weights) -> Vec<NormalisedPath> {
    let spec = Spec::new(paths);
    let cands: Vec<Vec<Candidate>> =
        (0..paths.len()).map(|k| if paths[k].pin == Pin::None { candidates(&spec, k) } else { Vec::new() }).collect();
    let mut verdicts: Vec<Vec<Verdict>> =
        cands.iter().map(|cs| cs.iter().map(|c| judge(c, weights, &spec)).collect()).collect();
    propagate(&spec, &cands, &mut verdicts);
    keep_labels(&spec, &cands, &mut verdicts);
    paths
        .iter()
        .enumerate()
        .map(|(k, input)| {
            let (segs, fixed) = &spec.split[k];
            match &input.pin {
                Pin::None => build(&spec, k, &cands[k], &verdicts[k], fixed.clone()),
                Pin::Literal => {
                    pinned::pinned(input, segs, segs, fixed.clone(), "pinned literal by `x-swagen-literal`")
                }
                Pin::Route(r) => {
                    let (pin_segs, _) = split_key(r);
                    pinned::pinned(input, segs, &pin_segs, fixed.clone(), "pinned by `x-swagen-route`")
                }
                Pin::Recorded(r) => {
                    let (pin_segs, _) = split_key(r);
                    let why = "as the names file records it";
                    NormalisedPath { pinned: false, ..pinned::pinned(input, segs, &pin_segs, fixed.clone(), why) }
                }
            }
        })
        .collect()
}

/// Scores one candidate and says which signals weighed most.
fn judge(c: &Candidate, weights: &Weights, spec: &Spec<'_>) -> Verdict {
    if let Some(reason) = c.rule() {
        return Verdict { value: true, reason };
    }
    let contributions: Vec<(usize, f64)> =
        c.features.iter().enumerate().map(|(i, x)| (i, x * weights.weights[i])).filter(|(_, v)| *v != 0.0).collect();
    let score = weights.bias + contributions.iter().map(|(_, v)| v).sum::<f64>();
    // A spec that writes its paths properly raises the bar sharply: its dotted and plain names are names.
    let bar = if spec.clean { CLEAN_BAR } else { 0.0 };
    let value = score > bar;
    let mut telling: Vec<&(usize, f64)> = contributions.iter().filter(|(_, v)| (*v > 0.0) == value).collect();
    telling.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    let signals: Vec<String> = telling.iter().take(3).map(|(i, v)| format!("{} ({v:+.1})", feature_name(*i))).collect();
    let what = if value { "a value" } else { "kept" };
    let mut reason = format!("{what}, score {score:+.1}: {}", signals.join("; "));
    if spec.clean && !value && score > 0.0 {
        reason
            .push_str(&format!(" (the spec templates its paths properly, so a value needs more than {CLEAN_BAR:+.1})"));
    }
    if value {
        if let Some(item) = (c.part == Part::Whole).then(|| item_evidence(spec, c.key, c.slot)).flatten() {
            reason.push_str(&format!(" ({item})"));
        }
    }
    Verdict { value, reason }
}

/// The score a literal must pass in a spec with no sign of values baked into its paths.
const CLEAN_BAR: f64 = 3.0;

/// A literal found to be an example value in one key is the same value in every key that starts the same way
/// (`/stages/alpha` → `/stages/alpha/cache/data`).
fn propagate(spec: &Spec<'_>, cands: &[Vec<Candidate>], verdicts: &mut [Vec<Verdict>]) {
    let mut known: HashMap<String, String> = HashMap::new();
    for (cs, vs) in cands.iter().zip(verdicts.iter()) {
        for (c, v) in cs.iter().zip(vs) {
            if v.value && c.part == Part::Whole {
                let segs = &spec.split[c.key].0;
                known.entry(segs[..=c.slot].join("/")).or_insert_with(|| spec.inputs[c.key].key.clone());
            }
        }
    }
    for (cs, vs) in cands.iter().zip(verdicts.iter_mut()) {
        for (c, v) in cs.iter().zip(vs.iter_mut()) {
            if v.value || c.part != Part::Whole {
                continue;
            }
            let segs = &spec.split[c.key].0;
            if let Some(shown) = known.get(&segs[..=c.slot].join("/")) {
                v.value = true;
                v.reason = format!("a value: `{shown}` starts the same way and has a value here");
            }
        }
    }
}

/// A segment the text gives the next value by (`codename` in `/items/codename/on_roasts`, "specified by its
/// codename") is a label, whatever its score, in every key that starts the same way.
fn keep_labels(spec: &Spec<'_>, cands: &[Vec<Candidate>], verdicts: &mut [Vec<Verdict>]) {
    let labels: BTreeSet<String> = cands
        .iter()
        .flatten()
        .filter(|c| c.given_by.is_some())
        .map(|c| spec.split[c.key].0[..c.slot].join("/"))
        .collect();
    for (cs, vs) in cands.iter().zip(verdicts.iter_mut()) {
        for (c, v) in cs.iter().zip(vs.iter_mut()) {
            if v.value && c.part == Part::Whole && labels.contains(&spec.split[c.key].0[..=c.slot].join("/")) {
                *v = Verdict {
                    value: false,
                    reason: format!("kept: a label, the operations' text gives the item after it by its {}", c.value),
                };
            }
        }
    }
}

/// The route of one key from its candidates' verdicts.
fn build(
    spec: &Spec<'_>,
    k: usize,
    cands: &[Candidate],
    verdicts: &[Verdict],
    fixed_query: Vec<(String, String)>,
) -> NormalisedPath {
    let segs = &spec.split[k].0;
    let mut route = vec![RoutePart::Literal(String::new())];
    let mut introduced = Vec::new();
    let mut templated = Vec::new();
    let mut decisions = Vec::new();
    let mut used: BTreeSet<String> = segs.iter().flat_map(|s| key::template_names(s)).collect();
    for (slot, seg) in segs.iter().enumerate() {
        push_literal(&mut route, "/");
        if let Some(parts) = template_parts(seg) {
            decisions.push(templated_decision(seg, parts, &mut route, &mut templated));
            continue;
        }
        let Some(i) = cands.iter().position(|c| c.slot == slot) else {
            push_literal(&mut route, seg);
            decisions.push(SegmentDecision {
                segment: seg.clone(),
                param: None,
                changed: false,
                reason: "empty".into(),
            });
            continue;
        };
        let (c, v) = (&cands[i], &verdicts[i]);
        if !v.value {
            push_literal(&mut route, seg);
            decisions.push(SegmentDecision {
                segment: seg.clone(),
                param: None,
                changed: false,
                reason: v.reason.clone(),
            });
            continue;
        }
        let (name, name_reason) = names::name(spec, c, &used);
        used.insert(name.clone());
        let reason = format!("{}; {name_reason}", v.reason);
        push_literal(&mut route, &c.head);
        route.push(RoutePart::Param(name.clone()));
        push_literal(&mut route, &c.tail);
        introduced.push(Introduced { name: name.clone(), example: c.value.clone(), reason: reason.clone() });
        decisions.push(SegmentDecision { segment: seg.clone(), param: Some(name), changed: true, reason });
    }
    route.retain(|p| !matches!(p, RoutePart::Literal(l) if l.is_empty()));
    if route.is_empty() {
        route.push(RoutePart::Literal("/".to_owned()));
    }
    NormalisedPath {
        key: spec.inputs[k].key.clone(),
        route,
        introduced,
        templated,
        fixed_query,
        decisions,
        pinned: false,
    }
}

/// A segment that is already a template (`{id}`, `:id`, `#{id}`), written into the route.
fn templated_decision(
    seg: &str,
    parts: Vec<RoutePart>,
    route: &mut Vec<RoutePart>,
    templated: &mut Vec<String>,
) -> SegmentDecision {
    let names: Vec<String> = parts
        .iter()
        .filter_map(|p| match p {
            RoutePart::Param(n) => Some(n.clone()),
            RoutePart::Literal(_) => None,
        })
        .collect();
    let express = seg.starts_with(':');
    let bracket = key::bracketed(seg).is_some();
    for p in parts {
        match p {
            RoutePart::Literal(l) => push_literal(route, &l),
            param => route.push(param),
        }
    }
    templated.extend(names.iter().cloned());
    SegmentDecision {
        segment: seg.to_owned(),
        param: names.first().cloned(),
        changed: express || seg.contains("#{") || bracket,
        reason: if express {
            format!("an Express-style `{seg}` segment; written as `{{{}}}`", names.join("}{"))
        } else if bracket {
            format!("a square-bracket placeholder `{seg}`; written as `{{{}}}`", names.join("}{"))
        } else {
            "already a template".to_owned()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(key: &str, methods: &[Method], text: &str, declared: &[&str]) -> PathInput {
        PathInput {
            key: key.to_owned(),
            methods: methods.to_vec(),
            text: text.to_owned(),
            pin: Pin::None,
            declared: declared.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    fn routes(inputs: &[PathInput]) -> Vec<String> {
        normalise(inputs).iter().map(|n| crate::ir::route_template(&n.route)).collect()
    }

    fn run(paths: &[(&str, &[Method], &str)]) -> Vec<String> {
        let inputs: Vec<PathInput> = paths.iter().map(|(k, m, t)| input(k, m, t, &[])).collect();
        routes(&inputs)
    }

    #[test]
    fn livechat_routes() {
        let routes = run(&[
            ("/chats/ABC123/tags", &[Method::Put], "Update chat tags"),
            ("/tickets/5FUED/tags", &[Method::Put], "Update ticket tags"),
            ("/tags", &[Method::Get, Method::Post], "List all tags. Add a tag"),
            ("/tags/support", &[Method::Delete], "Delete a tag"),
        ]);
        assert_eq!(routes, ["/chats/{chat_id}/tags", "/tickets/{ticket_id}/tags", "/tags", "/tags/{tag}"]);
    }

    #[test]
    fn a_spec_that_templates_its_paths_keeps_its_names() {
        // Kubernetes: API groups are dotted names, not values, in a spec whose values are all templates.
        let routes = run(&[
            ("/api/v1/namespaces/{namespace}/pods", &[Method::Get], "list pods"),
            ("/api/v1/namespaces/{namespace}/pods/{name}", &[Method::Get, Method::Delete], "read a pod"),
            ("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", &[Method::Get], "list CRDs"),
            ("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", &[Method::Get], "read a CRD"),
            ("/apis/apps/v1/deployments", &[Method::Get], "list deployments"),
            ("/incidents/ack", &[Method::Post], "Acknowledge incidents"),
            ("/incidents", &[Method::Get], "List incidents"),
            ("/incidents/{id}", &[Method::Get], "Get an incident"),
        ]);
        assert_eq!(
            routes,
            [
                "/api/v1/namespaces/{namespace}/pods",
                "/api/v1/namespaces/{namespace}/pods/{name}",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}",
                "/apis/apps/v1/deployments",
                "/incidents/ack",
                "/incidents",
                "/incidents/{id}",
            ]
        );
    }

    #[test]
    fn declared_parameters_missing_from_the_key_take_their_places_in_the_texts_order() {
        let inputs = [
            input(
                "/{key}/geolookup/q/CA/San_Francisco.json",
                &[Method::Get],
                "Use {2 letter state code} / {City Name}",
                &["city", "state", "key"],
            ),
            input("/{key}/tide/q/CA/San_Francisco.json", &[Method::Get], "Tides of San Francisco", &["city", "state"]),
            input("/{key}/forecast/lang:FR/q/France/Paris.json", &[Method::Get], "", &["language", "country", "city"]),
            input("/{key}/history_20101018/q/SFO.json", &[Method::Get], "History", &["airport_code"]),
        ];
        assert_eq!(
            routes(&inputs),
            [
                "/{key}/geolookup/q/{state}/{city}.json",
                "/{key}/tide/q/{state}/{city}.json",
                "/{key}/forecast/lang:{language}/q/{country}/{city}.json",
                "/{key}/history_{date}/q/{airport_code}.json",
            ]
        );
    }

    #[test]
    fn a_declared_name_for_a_template_written_otherwise_is_not_missing() {
        let inputs = [
            input("/domains/{name}/latest_tags", &[Method::Get], "Latest tags of a domain", &["domain"]),
            input("/actions/{action_id}", &[Method::Get], "An action", &["id", "action_id"]),
            input("/latest?term={term}", &[Method::Get], "Latest", &["term"]),
        ];
        assert_eq!(routes(&inputs), ["/domains/{name}/latest_tags", "/actions/{action_id}", "/latest"]);
    }

    #[test]
    fn placeholders_spell_the_item_where_the_item_goes() {
        let routes = run(&[
            ("/apps/application-id/segments", &[Method::Get], "Segments"),
            ("/apps/application-id/segments/segment-id", &[Method::Get], "A segment"),
            ("/leads", &[Method::Get], "Leads"),
            ("/leads/lead", &[Method::Get], "Every lead"),
            ("/leads/lead/{leadID}", &[Method::Get], "A lead"),
            ("/strategies/strategyId/{strategyId}", &[Method::Get], "A strategy"),
        ]);
        assert_eq!(
            routes,
            [
                "/apps/{application_id}/segments",
                "/apps/{application_id}/segments/{segment_id}",
                "/leads",
                "/leads/lead",
                "/leads/lead/{leadID}",
                "/strategies/strategyId/{strategyId}",
            ]
        );
    }

    #[test]
    fn values_by_shape_in_a_spec_that_bakes_them_in() {
        let routes = run(&[
            ("/devices/62976d30-b6dc-40f1-8422-ccc367572101/events", &[Method::Get], "Events"),
            ("/admin/products/9579007950.json", &[Method::Get], "Get a product"),
            ("/admin/products/count.json", &[Method::Get], "Count products"),
            ("/agents/john@example.com", &[Method::Get], "Get an agent"),
            ("/items/:id", &[Method::Get], "Get an item"),
            ("/admin/comments/#{id}.json", &[Method::Get], "Get a comment"),
            ("/uid/7888c9a3824a11f1", &[Method::Get], "A visitor"),
            ("/sending-ips/123.456.789.012", &[Method::Get], "A sending IP"),
        ]);
        assert_eq!(
            routes,
            [
                "/devices/{device_id}/events",
                "/admin/products/{product_id}.json",
                "/admin/products/count.json",
                "/agents/{email}",
                "/items/{id}",
                "/admin/comments/{id}.json",
                "/uid/{uid}",
                "/sending-ips/{sending_ip}",
            ]
        );
    }

    #[test]
    fn a_name_before_values_stays_and_a_slot_of_ids_is_named_as_one() {
        // Map tiles: the style before the coordinates is a name; the coordinates are values, named by their place.
        let routes = run(&[
            ("/maptile/normal.day/6/30/24/256/png8", &[Method::Get], "Map tile"),
            ("/maptile/normal.day/11/525/761/256/png8", &[Method::Get], "Base64 tile"),
            ("/terrain.day/7/66/45/256/png8", &[Method::Get], "Terrain tile"),
            ("//{hostname}/games/2", &[Method::Get], "Get a game"),
            ("//{hostname}/games", &[Method::Get], "List games"),
            ("/restapis/uojnr9hd57/models", &[Method::Get], "Models of an API"),
            ("/restapis/fugvjdxtri/resources/3kzxbg5sa2", &[Method::Get], "A resource"),
            ("/restapis/fugvjdxtri/resources", &[Method::Get], "Resources"),
        ]);
        assert_eq!(routes[0], "/maptile/normal.day/{zoom}/{x}/{y}/{size}/png8");
        assert!(routes[2].starts_with("/terrain.day/{"), "{}", routes[2]);
        assert_eq!(routes[3], "//{hostname}/games/{game_id}");
        assert_eq!(routes[5], "/restapis/{restapi_id}/models");
        assert_eq!(routes[6], "/restapis/{restapi_id}/resources/{resource_id}");
    }

    #[test]
    fn codes_in_one_slot_with_the_same_segment_after_them_are_values_and_names_are_not() {
        // Report codes: `run` follows each of them, so they are instances of one kind.
        let routes = run(&[
            ("/Report/ACTPAYINS/run", &[Method::Get], "Run a report"),
            ("/Report/DPSMSG/run", &[Method::Get], "Run a report"),
            ("/Report/P32/run", &[Method::Get], "Run a report"),
            ("/Employer/ER001/Employees", &[Method::Get], "Employees"),
        ]);
        assert!(routes[..3].iter().all(|r| r.starts_with("/Report/{") && r.ends_with("}/run")), "{routes:?}");
        // Service names side by side, each with the same `action` after it: names, kept.
        let routes = run(&[
            ("/service/apptoken/action/get", &[Method::Post], "Get an app token"),
            ("/service/baseentry/action/get", &[Method::Post], "Get an entry"),
            ("/service/categoryentry/action/index", &[Method::Post], "Index"),
            ("/service/categoryuser/action/delete", &[Method::Post], "Delete"),
        ]);
        assert_eq!(routes[0], "/service/apptoken/action/get");
        assert_eq!(routes[3], "/service/categoryuser/action/delete");
    }

    #[test]
    fn the_root_most_keys_share_is_a_version() {
        let routes = run(&[
            ("/api/2/issue", &[Method::Post], "Create an issue"),
            ("/api/2/issue/{issueIdOrKey}", &[Method::Get], "Get an issue"),
            ("/api/2/project", &[Method::Get], "Projects"),
            ("/api/2/user", &[Method::Get], "A user"),
            ("/api/2/users/7", &[Method::Get], "User 7"),
        ]);
        assert_eq!(routes[..4], ["/api/2/issue", "/api/2/issue/{issueIdOrKey}", "/api/2/project", "/api/2/user"]);
    }

    #[test]
    fn an_item_the_text_gives_by_its_label_is_a_value_after_the_label() {
        let routes = run(&[
            ("/items/codename/on_roasts", &[Method::Get], "View a content item specified by its codename."),
            ("/items/external-id/which-brewing", &[Method::Put], "Update an item specified by its external ID."),
            ("/items/codename/list", &[Method::Get], "List items by their codenames: the list of codenames."),
            ("/users/email/verify", &[Method::Post], "Find a user by email."),
        ]);
        assert_eq!(routes[0], "/items/codename/{codename}");
        assert_eq!(routes[1], "/items/external-id/{external_id}");
        // The text uses the literal as a word of its own; the text does not say "by its".
        assert_eq!(routes[2..], ["/items/codename/list", "/users/email/verify"]);
    }

    #[test]
    fn a_word_the_text_names_as_one_item_of_the_collection_before_it_is_a_value() {
        let routes = run(&[
            ("/restapis/uycll6xg9a/stages/alpha", &[Method::Delete], "Deletes a named stage of a given API."),
            ("/restapis/uycll6xg9a/stages/alpha/cache/data", &[Method::Delete], "Flushes a stage's cache."),
            ("/restapis/uojnr9hd57/models", &[Method::Get], "Lists the models of an API."),
            ("/reports/chats/queued_visitors", &[Method::Get], "Shows the number of queued visitors in chats."),
        ]);
        assert_eq!(routes[0], "/restapis/{restapi_id}/stages/{stage}");
        assert_eq!(routes[1], "/restapis/{restapi_id}/stages/{stage}/cache/data");
        // The text names the literal itself, not one chat.
        assert_eq!(routes[3], "/reports/chats/queued_visitors");
    }

    #[test]
    fn a_template_with_slashes_is_one_segment() {
        let routes =
            run(&[("{/r/subreddit}/rising.json", &[Method::Get], "Rising"), ("/hot.json", &[Method::Get], "Hot")]);
        assert_eq!(routes, ["/{/r/subreddit}/rising.json", "/hot.json"]);
        let inputs = [input("/orders/{orderId}/properties/{typeId?}", &[Method::Get], "", &["orderId", "typeId?"])];
        let norm = normalise(&inputs);
        assert_eq!(crate::ir::route_template(&norm[0].route), "/orders/{orderId}/properties/{typeId?}");
        assert!(norm[0].fixed_query.is_empty() && norm[0].introduced.is_empty(), "{norm:?}");
    }

    #[test]
    fn every_decision_says_why() {
        let inputs = [input("/chats/ABC123/tags", &[Method::Put], "Update chat tags", &[])];
        let norm = normalise(&inputs);
        let value = &norm[0].decisions[1];
        assert!(value.changed && value.reason.contains("shape: an upper-case code with digits"), "{value:?}");
        let kept = &norm[0].decisions[0];
        assert!(!kept.changed && kept.reason.starts_with("kept, score"), "{kept:?}");
    }
}
