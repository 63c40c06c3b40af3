//! The LiveChat client (`livechat::Client`) against Prism mocking the *normalised* LiveChat spec: the document
//! `swagen normalize specs/livechat.yaml --overlay specs/livechat.overlay.yaml` writes (here through the library,
//! `swagen::Generator::normalized`), into a temporary folder. That document is what the client was generated from,
//! with the repairs written into it (`/chats/{chat_id}/tags` instead of `/chats/ABC123/tags`, one `tag[]` list
//! field, typed parameters, form `consumes`), so Prism checks both that swagen's normalised spec is a valid Swagger
//! 2.0 document Prism can serve, and that the generated client sends exactly what that document describes.
//!
//! Each of the five operations is called with valid arguments (tags that need percent-encoding, e.g.
//! `vip customer/2` as a path segment of `delete_tag`), with Basic auth, and must be accepted by Prism: no
//! `sl-violations` about the request, no 422 / 401 / 404 problem of Prism's, no `Request did not pass the
//! validation rules` in Prism's log for that call (the same checking as `tests/prism.rs`, shared in
//! `swagen_e2e::prism::calls`). A 2xx answer the client cannot decode is listed as a decode error but does not
//! fail the test. Control requests that break the spec must be rejected, so a harness that sees no rejection at
//! all cannot pass.
//!
//! Needs Prism: `bash scripts/prism.sh` (CI runs it); `SWAGEN_SKIP_PRISM=1` skips. Run with
//! `cargo test -p swagen-e2e --test prism_livechat -- --nocapture` to see the summary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use livechat::{AddTagParams, Client, DeleteTagParams, ListTagsParams, UpdateChatTagsParams, UpdateTicketTagsParams};
use serde_json::Value;
use swagen_e2e::prism::calls::{answer, calls, check, check_controls, run, snake, Known};
use swagen_e2e::prism::{self, Prism};
use swagen_runtime::{Config, Method};

const SPEC: &str = "specs/livechat.yaml";
const OVERLAY: &str = "specs/livechat.overlay.yaml";
const LOGIN: &str = "john@example.com";
const API_KEY: &str = "c0ffee-5ecret-api-key";
/// A tag that needs percent-encoding, in a path segment (`delete_tag`) and in form bodies.
const TAG: &str = "vip customer/2";
/// How `TAG` must appear in the request line of `delete_tag` (one segment: the `/` encoded too).
const TAG_IN_PATH: &str = "/tags/vip%20customer%2F2";

/// The operations of the normalised document: `(METHOD, route)` → the operationId in snake case (the method name
/// of the client).
fn operations(doc: &serde_yaml::Value) -> BTreeMap<(String, String), String> {
    let mut found = BTreeMap::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if method == "parameters" || method.starts_with("x-") {
                continue;
            }
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("no operationId: {method} {path:?}"));
            found.insert((method.to_uppercase(), path.as_str().unwrap().to_owned()), snake(id));
        }
    }
    found
}

/// Every operation of the normalised spec is in the list, once (labels after `+` aside).
fn check_coverage(ops: &BTreeMap<(String, String), String>, labels: &[&str]) {
    let expected: BTreeSet<&str> = ops.values().map(String::as_str).collect();
    let called: BTreeSet<&str> = labels.iter().map(|l| l.split('+').next().unwrap()).collect();
    let missing: Vec<_> = expected.difference(&called).collect();
    let extra: Vec<_> = called.difference(&expected).collect();
    assert!(missing.is_empty() && extra.is_empty(), "operations not called: {missing:?}; unknown: {extra:?}");
    let mut seen = BTreeSet::new();
    let twice: Vec<_> = labels.iter().filter(|l| !seen.insert(**l)).collect();
    assert!(twice.is_empty(), "labels used twice: {twice:?}");
}

/// Whether `path` (a concrete path, as Prism lists it with example values) is an instance of `route` (with
/// `{name}` templates).
fn route_matches(route: &str, path: &str) -> bool {
    let route: Vec<&str> = route.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    route.len() == path.len()
        && route
            .iter()
            .zip(&path)
            .all(|(r, p)| if r.starts_with('{') && r.ends_with('}') { !p.is_empty() } else { r == p })
}

/// Prism accepted the document: it listens, lists one route per operation of the spec (`[CLI] ℹ info  PUT
/// http://…/chats/<example>/tags`) and logged no error while loading it.
fn check_spec_served(prism: &Prism, ops: &BTreeMap<(String, String), String>) {
    // Prism accepts connections a moment before it logs that it listens: wait for the line (bounded).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !prism.log().contains("Prism is listening on") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let log = prism.log();
    let startup: Vec<&str> = log.lines().take_while(|l| !l.contains("/__swagen_mark__/")).collect();
    assert!(log.contains("Prism is listening on"), "Prism did not say it listens; its log:\n{log}");
    let errors: Vec<&&str> = startup.iter().filter(|l| l.contains('✖') || l.contains("fatal")).collect();
    assert!(errors.is_empty(), "Prism logged errors while loading the normalised spec: {errors:#?}");
    let mut listed = Vec::new();
    for line in log.lines().filter(|l| l.contains("[CLI]")) {
        let Some(at) = line.find(" info ") else { continue };
        let mut words = line[at + " info ".len()..].split_whitespace();
        let (Some(method), Some(url)) = (words.next(), words.next()) else { continue };
        if let Some(path) = url.strip_prefix(prism.base_url()) {
            listed.push((method.to_owned(), path.to_owned()));
        }
    }
    for (method, route) in ops.keys() {
        assert!(
            listed.iter().any(|(m, p)| m == method && route_matches(route, p)),
            "Prism does not serve {method} {route} of the normalised spec; it lists {listed:?}"
        );
    }
    assert_eq!(listed.len(), ops.len(), "Prism lists other routes than the spec's: {listed:?}");
}

#[tokio::test]
async fn livechat_normalised_spec_every_operation_is_accepted_by_prism() {
    const KNOWN: Known = &[];
    if prism::skipped() {
        eprintln!("note: {}=1: skipping the Prism test on the normalised {SPEC}", prism::SKIP_ENV);
        return;
    }

    // 1. The normalised spec, written through the library into a temporary folder (kept until the end).
    let root = prism::workspace_root();
    let (yaml, lowered, normalize_report) = swagen::Generator::new(root.join(SPEC))
        .overlay(root.join(OVERLAY))
        .source_label(SPEC)
        .normalized()
        .unwrap_or_else(|e| panic!("swagen could not normalise {SPEC} with {OVERLAY}:\n{e}"));
    assert!(normalize_report.kept_apart.is_empty(), "path items kept apart: {:?}", normalize_report.kept_apart);
    let dir = tempfile::tempdir().unwrap();
    let spec_path: PathBuf = dir.path().join("livechat.normalized.yaml");
    std::fs::write(&spec_path, &yaml).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let ops = operations(&doc);
    let lowered_names: BTreeSet<&str> = lowered.api.operations.iter().map(|o| o.name.as_str()).collect();
    let spec_names: BTreeSet<&str> = ops.values().map(String::as_str).collect();
    assert_eq!(spec_names, lowered_names, "the normalised operationIds are not the client's method names");
    eprintln!(
        "normalised {SPEC} + {OVERLAY} → {} ({} operations, {} repair warnings): {:?}",
        spec_path.display(),
        ops.len(),
        lowered.diagnostics.len(),
        ops.iter().map(|((m, r), n)| format!("{m} {r} = {n}")).collect::<Vec<_>>()
    );

    // 2. Prism on it: starting at all means it read the document; it must also serve every route.
    let spec_arg = spec_path.to_string_lossy().into_owned();
    let Some(prism) = prism::start(&spec_arg).unwrap_or_else(|e| panic!("Prism refused the normalised spec: {e}"))
    else {
        return;
    };
    check_spec_served(&prism, &ops);

    // Controls: requests Prism must reject, so a harness that sees no rejection at all cannot pass.
    let anonymous = Client::with_base_url(prism.base_url());
    let c = Client::with_base_url(prism.base_url()).basic_auth(LOGIN, API_KEY);
    let no_version = Config::new(prism.base_url()).basic_auth(LOGIN, API_KEY);
    let mut controls = calls!(anonymous; "no-auth" => list_tags(&ListTagsParams::default()););
    controls.push((
        "group-not-an-integer",
        Box::pin(async {
            let request = c.config().request(Method::GET, "/tags".to_owned()).query("group", "support");
            answer!(request.send_json::<Value, Value>().await)
        }),
    ));
    controls.push((
        "no-api-version",
        Box::pin(async {
            answer!(no_version.request(Method::GET, "/tags".to_owned()).send_json::<Value, Value>().await)
        }),
    ));
    check_controls(SPEC, &run(&prism, "controls", controls).await);

    // 3. Every operation, with valid arguments.
    let tags = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let bearer = Client::with_base_url(prism.base_url()).bearer_auth("oauth-access-token");
    let mut calls = calls!(c;
        update_chat_tags("PJ0MRSHTDG", &UpdateChatTagsParams::new().tag(tags(&[TAG, "sales & support", "naïve=1"])));
        update_ticket_tags("5FUED", &UpdateTicketTagsParams::new().tag(tags(&["refund #42", TAG])));
        list_tags(&ListTagsParams::new().group(0));
        "all-groups" => list_tags(&ListTagsParams::default());
        add_tag(&AddTagParams::new(LOGIN, 0, TAG));
        delete_tag(TAG, &DeleteTagParams::new(0));
        "reserved" => delete_tag("50% off?#a&b", &DeleteTagParams::new(1));
    );
    calls.extend(calls!(bearer; "bearer" => list_tags(&ListTagsParams::new().group(1));));
    check_coverage(&ops, &calls.iter().map(|(l, _)| *l).collect::<Vec<_>>());
    let report = run(&prism, "calls", calls).await;

    // The tag went as one path segment, `/` included.
    let log = prism.log_by_mark();
    let delete_log = log.get("delete_tag").map_or(&[][..], Vec::as_slice);
    assert!(
        delete_log.iter().any(|l| l.contains(&format!("delete {TAG_IN_PATH} "))),
        "delete_tag did not send {TAG_IN_PATH}; Prism logged: {delete_log:#?}"
    );
    check("livechat (normalised)", &report, KNOWN);
    drop(prism);
    drop(dir);
}
