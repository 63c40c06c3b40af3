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
//! validation rules` in Prism's log for that call (the same checking as `tests/prism.rs`). A 2xx answer the client
//! cannot decode is listed as a decode error but does not fail the test. Control requests that break the spec must
//! be rejected, so a harness that sees no rejection at all cannot pass.
//!
//! Needs Prism: `bash scripts/prism.sh` (CI runs it); `SWAGEN_SKIP_PRISM=1` skips. Run with
//! `cargo test -p swagen-e2e --test prism_livechat -- --nocapture` to see the summary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{Debug, Write as _};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use livechat::{AddTagParams, Client, DeleteTagParams, ListTagsParams, UpdateChatTagsParams, UpdateTicketTagsParams};
use serde_json::Value;
use swagen_e2e::prism::{self, Findings, Prism};
use swagen_runtime::{Config, Error, Method, ResponseValue};

const SPEC: &str = "specs/livechat.yaml";
const OVERLAY: &str = "specs/livechat.overlay.yaml";
const LOGIN: &str = "john@example.com";
const API_KEY: &str = "c0ffee-5ecret-api-key";
/// A tag that needs percent-encoding, in a path segment (`delete_tag`) and in form bodies.
const TAG: &str = "vip customer/2";
/// How `TAG` must appear in the request line of `delete_tag` (one segment: the `/` encoded too).
const TAG_IN_PATH: &str = "/tags/vip%20customer%2F2";

/// What one call got, before Prism's log is read.
struct Answer {
    status: Option<u16>,
    findings: Findings,
    /// A 2xx answer the client could not decode.
    decode: Option<String>,
    /// The client could not send the request or read the answer.
    client_error: Option<String>,
}

fn answer<T, E: Debug>(result: Result<ResponseValue<T>, Error<E>>) -> Answer {
    let header = |h: &swagen_runtime::reqwest::header::HeaderMap| {
        h.get("sl-violations").and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    match result {
        Ok(response) => Answer {
            status: Some(response.status.as_u16()),
            findings: prism::judge_answer(response.status.as_u16(), header(&response.headers).as_deref(), None),
            decode: None,
            client_error: None,
        },
        Err(Error::Api(e)) => Answer {
            status: Some(e.status.as_u16()),
            findings: prism::judge_answer(e.status.as_u16(), header(&e.headers).as_deref(), e.body.json()),
            decode: None,
            client_error: None,
        },
        Err(Error::Decode(e)) => {
            let body: String = e.body.chars().take(160).collect();
            let content_type = e.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("no content-type");
            Answer {
                status: Some(e.status.as_u16()),
                findings: prism::judge_answer(e.status.as_u16(), header(&e.headers).as_deref(), None),
                decode: Some(format!("{} {content_type}: {} (body: {body})", e.status.as_u16(), e.message)),
                client_error: None,
            }
        }
        Err(other) => {
            Answer { status: None, findings: Findings::default(), decode: None, client_error: Some(other.to_string()) }
        }
    }
}

type Call<'a> = Pin<Box<dyn Future<Output = Answer> + 'a>>;

/// `calls!(client; method(args...); ...)` → a list of `("method", future of its Answer)`, not started yet. A label
/// before a call (`"bearer" => method(...)`, named `method+bearer`) tells apart several calls of one operation.
macro_rules! calls {
    ($client:ident; $($($label:literal =>)? $method:ident ( $($arg:expr),* $(,)? );)*) => {
        vec![$(
            (
                concat!(stringify!($method) $(, "+", $label)?),
                Box::pin(async { answer($client.$method($($arg),*).await) }) as Call<'_>,
            ),
        )*]
    };
}

/// Calls Prism rejects for a known reason: label → the reason (`BUG: ...` for a generator or runtime bug,
/// `SPEC: ...` for a spec that Prism reads differently). They are still made and reported; the test fails if one
/// of them is accepted again, so that the entry gets removed.
type Known = &'static [(&'static str, &'static str)];

/// The result of running a list of calls against Prism.
#[derive(Default)]
struct Report {
    /// every call made, in order
    labels: Vec<String>,
    accepted: usize,
    /// label → why Prism (or the client) refused it
    rejected: BTreeMap<String, Vec<String>>,
    decode_errors: BTreeMap<String, String>,
    /// label → Prism's complaints about its own (spec-generated) answer
    response_violations: BTreeMap<String, Vec<String>>,
    prism_errors: BTreeMap<String, Vec<String>>,
    warnings: BTreeMap<String, Vec<String>>,
    /// non-2xx answers Prism gave without a validation problem
    non_2xx: BTreeMap<String, u16>,
}

/// Makes the calls one after the other, each after a mark in Prism's log, then judges each answer together with
/// the piece of the log it caused. `name` names the end mark (unique per Prism).
async fn run(prism: &Prism, name: &str, calls: Vec<(&'static str, Call<'_>)>) -> Report {
    let mut answers = Vec::new();
    for (label, call) in calls {
        prism.mark(label).unwrap();
        answers.push((label, call.await));
    }
    prism.flush_log(&format!("__end__{name}")).unwrap();
    let log = prism.log_by_mark();
    let mut report = Report::default();
    for (label, answer) in answers {
        report.labels.push(label.to_owned());
        let logged = prism::judge_log(log.get(label).map_or(&[][..], Vec::as_slice));
        let Findings { mut request_errors, mut request_warnings, response_violations, mut prism_errors } =
            answer.findings;
        // The log is a second witness: its reasons are only added when the answer showed none.
        if request_errors.is_empty() {
            request_errors = logged.request_errors;
        }
        if request_warnings.is_empty() {
            request_warnings = logged.request_warnings;
        }
        if prism_errors.is_empty() {
            prism_errors = logged.prism_errors;
        }
        if let Some(e) = answer.client_error {
            request_errors.insert(0, format!("client error: {e}"));
        }
        if request_errors.is_empty() {
            report.accepted += 1;
            if let Some(status) = answer.status.filter(|s| !(200..300).contains(s)) {
                if prism_errors.is_empty() {
                    report.non_2xx.insert(label.to_owned(), status);
                }
            }
        } else {
            report.rejected.insert(label.to_owned(), request_errors);
        }
        if let Some(decode) = answer.decode {
            report.decode_errors.insert(label.to_owned(), decode);
        }
        if !response_violations.is_empty() {
            report.response_violations.insert(label.to_owned(), response_violations);
        }
        if !prism_errors.is_empty() {
            report.prism_errors.insert(label.to_owned(), prism_errors);
        }
        if !request_warnings.is_empty() {
            report.warnings.insert(label.to_owned(), request_warnings);
        }
    }
    report
}

/// Prints the summary (figures, decode errors, Prism's notes, known rejections) and fails with one message
/// listing every rejected call not in `known` (and every call of `known` that is now accepted).
fn check(spec: &str, report: &Report, known: Known) {
    let mut out = String::new();
    let w = &mut out;
    let operations: BTreeSet<&str> = report.labels.iter().map(|l| l.split('+').next().unwrap_or_default()).collect();
    let rejected_operations: BTreeSet<&str> =
        report.rejected.keys().map(|l| l.split('+').next().unwrap_or_default()).collect();
    writeln!(
        w,
        "{spec}: {} operations called ({} calls), {} accepted by Prism ({} of the calls)",
        operations.len(),
        report.labels.len(),
        operations.len() - rejected_operations.len(),
        report.accepted
    )
    .unwrap();
    writeln!(w, "decode errors: {} {:?}", report.decode_errors.len(), report.decode_errors.keys().collect::<Vec<_>>())
        .unwrap();
    for (label, e) in &report.decode_errors {
        writeln!(w, "  decode {label}: {e}").unwrap();
        match report.response_violations.get(label) {
            Some(v) => writeln!(w, "    Prism's answer breaks the spec itself: {}", v.join(" | ")).unwrap(),
            None => writeln!(
                w,
                "    Prism reported no response violation: the client failed on an answer valid per the spec"
            )
            .unwrap(),
        }
    }
    let others: Vec<_> = report.response_violations.keys().filter(|l| !report.decode_errors.contains_key(*l)).collect();
    if !others.is_empty() {
        writeln!(w, "Prism's answer broke the spec (decoded all the same): {others:?}").unwrap();
    }
    for (label, errors) in &report.prism_errors {
        writeln!(w, "  Prism error (request accepted) {label}: {}", errors.join(" | ")).unwrap();
    }
    for (label, warnings) in &report.warnings {
        writeln!(w, "  request warning {label}: {}", warnings.join(" | ")).unwrap();
    }
    for (label, status) in &report.non_2xx {
        writeln!(w, "  accepted, answered {status} (the spec's answer) {label}").unwrap();
    }
    let mut failures = String::new();
    for (label, reasons) in &report.rejected {
        let known_reason = known.iter().find(|(l, _)| l == label).map(|(_, why)| *why);
        let f = &mut failures;
        match known_reason {
            Some(why) => writeln!(w, "  known rejection {label} ({why}): {}", reasons.join(" | ")).unwrap(),
            None => {
                writeln!(f, "  {label}:").unwrap();
                for reason in reasons {
                    writeln!(f, "      {reason}").unwrap();
                }
            }
        }
    }
    let fixed: Vec<&str> = known.iter().map(|(l, _)| *l).filter(|l| !report.rejected.contains_key(*l)).collect();
    eprintln!("{out}");
    assert!(
        failures.is_empty() && fixed.is_empty(),
        "{spec}: Prism rejected these requests:\n{failures}known rejections now accepted (remove them from the \
         known list): {fixed:?}"
    );
}

/// Checks that Prism rejected every one of the `controls` (requests made invalid on purpose): the harness does
/// see rejections.
fn check_controls(spec: &str, report: &Report) {
    assert!(
        report.accepted == 0 && !report.labels.is_empty(),
        "{spec}: a control request that breaks the spec was not seen as rejected: called {}, rejected {:?}",
        report.labels.len(),
        report.rejected
    );
}

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

fn snake(id: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
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
            answer(request.send_json::<Value, Value>().await)
        }),
    ));
    controls.push((
        "no-api-version",
        Box::pin(async {
            answer(no_version.request(Method::GET, "/tags".to_owned()).send_json::<Value, Value>().await)
        }),
    ));
    check_controls(SPEC, &run(&prism, "controls", controls).await);

    // 3. Every operation, with valid arguments.
    let tags = |names: &[&str]| Some(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>());
    let bearer = Client::with_base_url(prism.base_url()).bearer_auth("oauth-access-token");
    let mut calls = calls!(c;
        update_chat_tags("PJ0MRSHTDG", &UpdateChatTagsParams { tag: tags(&[TAG, "sales & support", "naïve=1"]) });
        update_ticket_tags("5FUED", &UpdateTicketTagsParams { tag: tags(&["refund #42", TAG]) });
        list_tags(&ListTagsParams { group: Some(0) });
        "all-groups" => list_tags(&ListTagsParams::default());
        add_tag(&AddTagParams { author: LOGIN.into(), group: 0, tag: TAG.into() });
        delete_tag(TAG, &DeleteTagParams { group: 0 });
        "reserved" => delete_tag("50% off?#a&b", &DeleteTagParams { group: 1 });
    );
    calls.extend(calls!(bearer; "bearer" => list_tags(&ListTagsParams { group: Some(1) });));
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
