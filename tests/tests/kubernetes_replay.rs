//! Real Kubernetes API server traffic, replayed against the generated Kubernetes client.
//!
//! `../shared/traffic/kubernetes-1.35/` holds 36 exchanges recorded from a real API server (k8s-openapi's test
//! replays, Apache-2.0); the recordings are copied, unchanged, into `tests/replay/kubernetes-1.35/`. For each
//! recording the raw recording server (`swagen_e2e::recorder`) answers with the recorded answers, in order, and the
//! client generated from `tests/replay/kubernetes-1.36.json` (with `kubernetes-1.36.overlay.yaml`) makes the
//! recorded calls. Then every request the client sent is held against the recorded one: method, path, query (as a
//! set of pairs), content type and body (as JSON); and every answer is decoded into the generated types, with typed
//! fields checked.
//!
//! Custom resources use an API group the spec cannot know (it is created by the test itself), so their calls go
//! through the runtime the generated client is built on (`Config::request`), typed with a struct declared here, the
//! way a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use swagen_clients::kubernetes::{self as k8s, types, Client, ContentType};
use swagen_e2e::recorder::{Recorder, Reply};
use swagen_runtime::{Config, Error, IntOrString, Method, WatchEvent};

/// One recorded exchange.
#[derive(Debug, serde::Deserialize)]
struct Exchange {
    request_url: String,
    request_method: String,
    request_body: Option<String>,
    request_content_type: Option<String>,
    response_status_code: u16,
    response_body: String,
}

fn recording(name: &str) -> Vec<Exchange> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("replay/kubernetes-1.35").join(format!("{name}.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// A recorder answering a recording's exchanges in order, and the client pointed at it.
async fn replay(name: &str) -> (Vec<Exchange>, Recorder, Client) {
    let exchanges = recording(name);
    let replies = exchanges
        .iter()
        .map(|e| Reply::new(e.response_status_code, "application/json", e.response_body.clone()))
        .collect();
    let server = Recorder::start(replies).await;
    let client = Client::with_config(Config::new(server.url()));
    (exchanges, server, client)
}

/// The query of a URL as a set of decoded pairs (`?&watch=true` has an empty first pair, not sent).
fn query_set(target: &str) -> BTreeSet<(String, String)> {
    let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Every request the client sent equals the recorded one: method, path, query set, content type, body as JSON.
fn assert_requests_match(name: &str, exchanges: &[Exchange], server: &Recorder) {
    let sent = server.requests();
    assert_eq!(sent.len(), exchanges.len(), "{name}: {} requests sent for {} recorded", sent.len(), exchanges.len());
    for (i, (request, recorded)) in sent.iter().zip(exchanges).enumerate() {
        let at = format!("{name} #{i} ({} {})", recorded.request_method, recorded.request_url);
        assert_eq!(request.method, recorded.request_method, "{at}: method");
        let path = |t: &str| t.split('?').next().unwrap_or_default().to_owned();
        assert_eq!(path(&request.target), path(&recorded.request_url), "{at}: path");
        assert_eq!(query_set(&request.target), query_set(&recorded.request_url), "{at}: query");
        if let Some(ct) = &recorded.request_content_type {
            assert_eq!(request.header("content-type"), Some(ct.as_str()), "{at}: content type");
        }
        match recorded.request_body.as_deref().filter(|b| !b.is_empty()) {
            Some(body) => {
                let expected: Value = serde_json::from_str(body).unwrap();
                let actual: Value = serde_json::from_slice(&request.body).unwrap_or_else(|e| panic!("{at}: body: {e}"));
                assert_eq!(actual, expected, "{at}: body");
            }
            None => {
                assert!(request.body.is_empty(), "{at}: a body was sent: {:?}", String::from_utf8_lossy(&request.body))
            }
        }
    }
}

/// The recorded request body of exchange `i`, decoded into a generated type.
fn body<T: serde::de::DeserializeOwned>(exchanges: &[Exchange], i: usize) -> T {
    serde_json::from_str(exchanges[i].request_body.as_deref().unwrap()).unwrap()
}

#[tokio::test]
async fn api_versions_list() {
    let (exchanges, server, client) = replay("api_versions-list").await;
    let groups = client.get_api_versions().await.unwrap();
    assert!(groups.groups.iter().any(|g| g.name == "apps" && g.versions.iter().any(|v| v.version == "v1")));
    assert_requests_match("api_versions-list", &exchanges, &server);
}

#[tokio::test]
async fn deployment_list() {
    let (exchanges, server, client) = replay("deployment-list").await;
    let list = client.list_apps_v1_namespaced_deployment("kube-system", &Default::default()).await.unwrap();
    let coredns = list.items.iter().find(|d| d.metadata.as_ref().and_then(|m| m.name.as_deref()) == Some("coredns"));
    let coredns = coredns.expect("coredns is listed");
    let strategy = coredns.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.rolling_update.as_ref());
    // `maxUnavailable: 1` is an integer, `maxSurge: 25%` a string: both forms of IntOrString.
    assert_eq!(strategy.and_then(|r| r.max_unavailable.clone()), Some(IntOrString::Int(1)));
    assert_eq!(strategy.and_then(|r| r.max_surge.clone()), Some(IntOrString::String("25%".to_owned())));
    assert_requests_match("deployment-list", &exchanges, &server);
}

#[tokio::test]
async fn pod_list() {
    let (exchanges, server, client) = replay("pod-list").await;
    let pods = client.list_core_v1_namespaced_pod("kube-system", &Default::default()).await.unwrap();
    assert!(!pods.items.is_empty());
    let raw: Value = serde_json::from_str(&exchanges[0].response_body).unwrap();
    for (i, pod) in pods.items.iter().enumerate() {
        let status = pod.status.as_ref().unwrap();
        assert!(status.phase.is_some(), "every pod has a phase");
        // Times are typed, and written back exactly as the server wrote them.
        let created = pod.metadata.as_ref().and_then(|m| m.creation_timestamp).map(|t| t.to_string());
        assert_eq!(created.as_deref(), raw["items"][i]["metadata"]["creationTimestamp"].as_str());
        let running = status.phase.as_deref() == Some("Running");
        assert!(!running || status.pod_ips.as_ref().is_some_and(|ips| !ips.is_empty()), "acronyms: pod_ips");
    }
    assert_requests_match("pod-list", &exchanges, &server);
}

#[tokio::test]
async fn job_create_read_and_delete() {
    let (exchanges, server, client) = replay("job-create").await;
    let job: types::Job = body(&exchanges, 0);
    let create = k8s::CreateBatchV1NamespacedJobParams::new(job);
    let created = client.create_batch_v1_namespaced_job("default", &create).await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let name = "k8s-openapi-tests-create-job";
    assert_eq!(created.metadata.as_ref().and_then(|m| m.name.as_deref()), Some(name));
    let mut last = None;
    for _ in 0..6 {
        last = Some(client.read_batch_v1_namespaced_job("default", name, &Default::default()).await.unwrap());
    }
    let failed = last.unwrap().into_inner().status.and_then(|s| s.failed);
    assert_eq!(failed, Some(1), "the job's pod failed (it exits 5)");
    let pods = client.list_core_v1_namespaced_pod("default", &Default::default()).await.unwrap();
    assert!(pods.items.iter().any(|p| p
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref()?.get("job-name"))
        .map(String::as_str)
        == Some(name)));
    // Deleting answers the deleted Job (it still has finalizers), not a Status.
    let deleted = client.delete_batch_v1_namespaced_job("default", name, &Default::default()).await.unwrap();
    assert_eq!(deleted.body["kind"], "Job");
    let job: types::Job = serde_json::from_value(deleted.into_inner()).unwrap();
    assert!(job.metadata.and_then(|m| m.deletion_timestamp).is_some());
    let selector = k8s::DeleteCoreV1CollectionNamespacedPodParams::new().label_selector(format!("job-name={name}"));
    let deleted = client.delete_core_v1_collection_namespaced_pod("default", &selector).await.unwrap();
    assert_eq!(deleted.body["kind"], "PodList", "a delete-collection answers the list, not a Status");
    let pods: types::PodList = serde_json::from_value(deleted.into_inner()).unwrap();
    assert_eq!(pods.items.len(), 1);
    assert_requests_match("job-create", &exchanges, &server);
}

#[tokio::test]
async fn patch_deployment_in_three_patch_kinds() {
    let (exchanges, server, client) = replay("patch-deployment").await;
    let deployment: types::Deployment = body(&exchanges, 0);
    let create = k8s::CreateAppsV1NamespacedDeploymentParams::new(deployment);
    let created = client.create_apps_v1_namespaced_deployment("default", &create).await.unwrap();
    let surge = created.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.rolling_update.as_ref());
    assert_eq!(surge.and_then(|r| r.max_surge.clone()), Some(IntOrString::from("25%")));
    let name = "k8s-openapi-tests-patch-deployment";
    // A JSON Patch (an array; the spec's first content type), a merge patch and a strategic merge patch, each with
    // its own content type.
    for (i, kind) in
        [(1, ContentType::JsonPatchJson), (2, ContentType::MergePatchJson), (3, ContentType::StrategicMergePatchJson)]
    {
        let mut patch = k8s::PatchAppsV1NamespacedDeploymentParams::new(body(&exchanges, i));
        patch.content_type = if i == 1 { None } else { Some(kind) };
        let patched = client.patch_apps_v1_namespaced_deployment("default", name, &patch).await.unwrap();
        let image = patched.spec.as_ref().and_then(|s| s.template.spec.as_ref()).map(|s| s.containers[0].image.clone());
        assert!(image.flatten().is_some_and(|i| i.starts_with("alpine:")));
    }
    let deleted = client.delete_apps_v1_namespaced_deployment("default", name, &Default::default()).await.unwrap();
    assert_eq!(deleted.body["kind"], "Status", "this delete answers a Status");
    let status: types::Status = serde_json::from_value(deleted.into_inner()).unwrap();
    assert_eq!(status.status.as_deref(), Some("Success"));
    let selector =
        k8s::DeleteCoreV1CollectionNamespacedPodParams::new().label_selector(format!("{name}-key={name}-value"));
    let deleted = client.delete_core_v1_collection_namespaced_pod("default", &selector).await.unwrap();
    assert_eq!(deleted.body["kind"], "PodList");
    assert_requests_match("patch-deployment", &exchanges, &server);
}

/// Reads every event of a watch.
async fn events<T: serde::de::DeserializeOwned>(
    mut lines: swagen_runtime::JsonLines<WatchEvent<T>>,
) -> Vec<WatchEvent<T>> {
    let mut out = Vec::new();
    while let Some(event) = lines.next::<Value>().await {
        out.push(event.unwrap());
    }
    out
}

#[tokio::test]
async fn watch_pods() {
    let (exchanges, server, client) = replay("watch_event-watch_pods").await;
    let answer = client.list_core_v1_namespaced_pod_watch("kube-system", &Default::default()).await.unwrap();
    let events = events(answer.into_inner()).await;
    assert!(events.len() > 3);
    assert!(events
        .iter()
        .all(|e| matches!(e, WatchEvent::Added(p) if p.metadata.as_ref().and_then(|m| m.name.as_ref()).is_some())));
    assert_requests_match("watch_event-watch_pods", &exchanges, &server);
}

#[tokio::test]
async fn watch_pods_with_initial_events_and_a_bookmark() {
    let (exchanges, server, client) = replay("watch_event-watch_pods_without_initial_events").await;
    let params = k8s::ListCoreV1NamespacedPodParams::new()
        .allow_watch_bookmarks(true)
        .resource_version("0")
        .resource_version_match("NotOlderThan")
        .send_initial_events(true);
    let answer = client.list_core_v1_namespaced_pod_watch("kube-system", &params).await.unwrap();
    let events = events(answer.into_inner()).await;
    let bookmark = events.iter().find_map(|e| match e {
        WatchEvent::Bookmark(b) => Some(b),
        _ => None,
    });
    let bookmark = bookmark.expect("a BOOKMARK ends the initial events");
    assert!(!bookmark.metadata.resource_version.is_empty());
    assert_eq!(bookmark.metadata.annotations.get("k8s.io/initial-events-end").map(String::as_str), Some("true"));
    assert!(events.iter().filter(|e| matches!(e, WatchEvent::Added(_))).count() > 3);
    assert_requests_match("watch_event-watch_pods_without_initial_events", &exchanges, &server);
}

/// The custom resource the recording creates (its group is not in the spec).
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct FooBar {
    #[serde(rename = "apiVersion")]
    api_version: String,
    kind: String,
    metadata: types::ObjectMeta,
    spec: FooBarSpec,
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct FooBarSpec {
    prop1: String,
    prop2: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prop3: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prop4: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prop5: Option<Value>,
}

#[tokio::test]
async fn custom_resource_definition_and_its_resources() {
    let (exchanges, server, client) = replay("custom_resource_definition-test").await;
    let crd: types::CustomResourceDefinition = body(&exchanges, 0);
    let create = k8s::CreateApiextensionsV1CustomResourceDefinitionParams::new(crd);
    let created = client.create_apiextensions_v1_custom_resource_definition(&create).await.unwrap();
    let name = "foobars.k8s-openapi-tests-custom-resource-definition.com";
    assert_eq!(created.spec.names.kind, "FooBar");
    for _ in 0..2 {
        client.read_apiextensions_v1_custom_resource_definition(name, &Default::default()).await.unwrap();
    }

    // The custom resources: through the runtime, typed with FooBar.
    let config = Config::new(server.url());
    let base = "/apis/k8s-openapi-tests-custom-resource-definition.com/v1/namespaces/default/foobars";
    for i in [3, 4] {
        let fb: FooBar = body(&exchanges, i);
        let created =
            config.request(Method::POST, base.to_owned()).json(&fb).send_json::<FooBar, Value>().await.unwrap();
        assert_eq!(created.spec.prop1, "value1");
    }
    let list = config.request(Method::GET, base.to_owned()).send_json::<Value, Value>().await.unwrap();
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(2));
    for n in ["fb1", "fb2"] {
        let fb = config.request(Method::GET, format!("{base}/{n}")).send_json::<FooBar, Value>().await.unwrap();
        assert_eq!(fb.metadata.name.as_deref(), Some(n));
    }
    let watch = config.request(Method::GET, base.to_owned()).query("watch", &true);
    let answer = watch.send_json_lines::<WatchEvent<FooBar>, Value>().await.unwrap();
    let events = events(answer.into_inner()).await;
    assert_eq!(events.len(), 2);
    for n in ["fb1", "fb2"] {
        let deleted =
            config.request(Method::DELETE, format!("{base}/{n}")).send_json::<types::Status, Value>().await.unwrap();
        assert_eq!(deleted.status.as_deref(), Some("Success"));
    }
    // Invalid resources: 422 with a Status naming what is wrong.
    for i in [11, 12, 13] {
        let fb: Value = body(&exchanges, i);
        let refused = config.request(Method::POST, base.to_owned()).json(&fb).send_json::<Value, types::Status>().await;
        match refused {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 422);
                assert_eq!(e.payload.and_then(|s| s.reason).as_deref(), Some("Invalid"));
            }
            other => panic!("expected a 422, got {other:?}"),
        }
    }
    let deleted = client.delete_apiextensions_v1_custom_resource_definition(name, &Default::default()).await.unwrap();
    assert_eq!(deleted.body["kind"], "CustomResourceDefinition", "the CRD is answered while it is being deleted");
    assert_requests_match("custom_resource_definition-test", &exchanges, &server);
}

/// Whether `text` looks like an RFC 3339 date-time (`2026-06-15T04:14:44Z`, with or without a fraction or offset).
fn looks_like_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[..4].iter().all(u8::is_ascii_digit)
}

fn collect_times<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(s) if looks_like_date_time(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| collect_times(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_times(v, out)),
        // Objects inside strings (watch events, annotations holding JSON).
        Value::String(s) if s.starts_with('{') => {
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                let mut found = Vec::new();
                collect_times(&inner, &mut found);
                for t in found {
                    assert_round_trip(t);
                }
            }
        }
        _ => {}
    }
}

fn assert_round_trip(text: &str) {
    let t: swagen_runtime::DateTime = text.parse().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.to_string(), text, "written back as read");
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(serde_json::from_str::<swagen_runtime::DateTime>(&json).unwrap(), t);
}

/// Every time in every recorded answer (and request) is read by `DateTime` and written back byte for byte: each
/// RFC 3339 form the real API server writes (seconds, nanoseconds; `Z`).
#[test]
fn every_recorded_time_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("replay/kubernetes-1.35");
    let mut forms = BTreeSet::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned();
        for e in recording(&name) {
            for body in [Some(e.response_body.as_str()), e.request_body.as_deref()].into_iter().flatten() {
                // Watch answers are JSON lines.
                for line in body.lines().filter(|l| !l.trim().is_empty()) {
                    let Ok(value) = serde_json::from_str::<Value>(line) else { continue };
                    let mut times = Vec::new();
                    collect_times(&value, &mut times);
                    for t in times {
                        assert_round_trip(t);
                        forms.insert(t.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect::<String>());
                        count += 1;
                    }
                }
            }
        }
    }
    assert!(count > 100, "{count} times found");
    // The forms in the recordings: whole seconds (typed fields) and nanoseconds (the kubelet's annotations).
    assert!(forms.contains("9999-99-99T99:99:99Z"), "{forms:?}");
    assert!(forms.contains("9999-99-99T99:99:99.999999999Z"), "{forms:?}");
}
