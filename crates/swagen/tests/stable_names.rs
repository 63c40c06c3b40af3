//! Names survive spec updates: a spec that only gains a definition, an operation and an enum value, regenerated with
//! the names file of the earlier generation, only gains lines. Without the names file the same additions rename
//! existing items (the control, so the test has teeth).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use swagen::{Generator, NameBook};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `map` with `key: value` put first (document order decides which of two equal names gets a number).
fn put_first(map: &mut Value, key: &str, value: Value) {
    let old = std::mem::take(map.as_object_mut().unwrap());
    let mut new = Map::new();
    new.insert(key.to_owned(), value);
    new.extend(old);
    *map = Value::Object(new);
}

/// Generates from `spec` (written as JSON into `dir`) with the overlay and the book; the code and the new book.
fn generate(dir: &Path, name: &str, spec: &Value, overlay: Option<&Path>, book: &NameBook) -> (String, NameBook) {
    let spec_path = dir.join(format!("{name}.json"));
    std::fs::write(&spec_path, serde_json::to_vec_pretty(spec).unwrap()).unwrap();
    let names_path = dir.join(format!("{name}.names.json"));
    std::fs::write(&names_path, book.to_json()).unwrap();
    let mut generator = Generator::new(&spec_path).source_label("spec").names(&names_path);
    if let Some(overlay) = overlay {
        generator = generator.overlay(overlay);
    }
    let generated = generator.generate().unwrap_or_else(|f| panic!("{f}"));
    (generated.code, generated.names)
}

/// The first line of `old` that `new` lost (`None`: `old`'s lines are a subsequence of `new`'s).
fn first_lost_line(old: &str, new: &str) -> Option<String> {
    let mut wanted = old.lines().peekable();
    for line in new.lines() {
        if wanted.peek() == Some(&line) {
            wanted.next();
        }
    }
    wanted.next().map(str::to_owned)
}

fn assert_only_gains(old: &str, new: &str, must_gain: &[&str]) {
    if let Some(lost) = first_lost_line(old, new) {
        panic!("the regenerated code lost the line\n{lost}");
    }
    for gained in must_gain {
        assert!(new.contains(gained), "the regenerated code lacks `{gained}`");
    }
}

#[test]
fn docker_additions_only_add_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/specs/docker-1.41.yaml")).unwrap();
    let spec: Value = serde_yaml::from_str(&text).unwrap();
    let overlay = root().join("tests/overlays/docker-1.41.overlay.yaml");
    let (before, book) = generate(dir.path(), "v1", &spec, Some(&overlay), &NameBook::new());

    let mut changed = spec.clone();
    // A definition named as an inline model already is (`ContainerState.Status`'s enum).
    put_first(
        &mut changed["definitions"],
        "ContainerStateStatus",
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    // An operation with the operationId of an existing one, ahead of it in the document.
    let list = json!({"get": {"operationId": "ContainerList", "summary": "List containers, again",
        "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"type": "string"}}}}}});
    put_first(&mut changed["paths"], "/containers/list", list);
    // An enum value that spells the same variant name as an existing one, ahead of it.
    let status = &mut changed["definitions"]["ContainerState"]["properties"]["Status"]["enum"];
    status.as_array_mut().unwrap().insert(0, json!("Running"));

    let (kept, _) = generate(dir.path(), "v2", &changed, Some(&overlay), &book);
    assert_only_gains(&before, &kept, &["pub struct ContainerStateStatus2", "container_list_2", "Running2,"]);

    // The control: the same change without the names file renames what callers use.
    let (fresh, _) = generate(dir.path(), "v2-fresh", &changed, Some(&overlay), &NameBook::new());
    assert!(first_lost_line(&before, &fresh).is_some());
    for renamed in ["pub enum ContainerStateStatus2", "pub fn container_list_2", "Running2,"] {
        assert!(fresh.contains(renamed), "without the names file `{renamed}` should appear");
    }
}

#[test]
fn kubernetes_new_group_keeps_pod() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/replay/kubernetes-1.36.json")).unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    let (before, book) = generate(dir.path(), "k1", &spec, None, &NameBook::new());
    assert_eq!(book.types.get("io.k8s.api.core.v1.Pod").map(String::as_str), Some("Pod"));

    let mut changed = spec.clone();
    let pod = json!({"type": "object", "description": "A pod of another group.",
        "properties": {"kind": {"type": "string"}}});
    changed["definitions"].as_object_mut().unwrap().insert("io.k8s.api.foo.v1.Pod".to_owned(), pod);
    let (kept, names) = generate(dir.path(), "k2", &changed, None, &book);
    assert_only_gains(&before, &kept, &["pub struct FooV1Pod"]);
    assert_eq!(names.types.get("io.k8s.api.foo.v1.Pod").map(String::as_str), Some("FooV1Pod"));

    let (fresh, _) = generate(dir.path(), "k2-fresh", &changed, None, &NameBook::new());
    assert!(fresh.contains("pub struct CoreV1Pod"), "without the names file `Pod` becomes `CoreV1Pod`");
}

#[test]
fn a_names_file_that_is_not_one_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let names = dir.path().join("bad.names.json");
    std::fs::write(&names, r#"{"swagen-names": 1, "methods": {"GET /a": "Not A Name"}}"#).unwrap();
    let failure = Generator::new(root().join("specs/livechat.yaml")).names(&names).generate().unwrap_err();
    let text = failure.to_string();
    assert!(text.contains("bad.names.json"), "{text}");
    assert!(text.contains("method `GET /a`: `Not A Name` is not a snake_case Rust name"), "{text}");
}
