//! Bundling external `$ref`s: the fixtures in `tests/ext-refs/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use swagen_spec::{bundle, load_bytes, load_file, BundleOptions, Diagnostic, Document, Location};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ext-refs")
}

fn load(rel: &str) -> Document {
    load_file(&fixtures().join(rel)).unwrap()
}

fn bundled(rel: &str) -> Document {
    bundle(load(rel), &BundleOptions::default()).unwrap_or_else(|d| panic!("{rel}: {d:#?}"))
}

/// The one error bundling `rel` gives.
fn error(rel: &str, options: &BundleOptions) -> Diagnostic {
    let mut errors = bundle(load(rel), options).map(|_| ()).expect_err(rel);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.remove(0)
}

fn external_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if !r.starts_with('#') {
                    out.push(r.clone());
                }
            }
            map.iter().filter(|(k, _)| *k != "examples").for_each(|(_, v)| external_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| external_refs(v, out)),
        _ => {}
    }
}

fn at(d: &Diagnostic) -> &str {
    match &d.location {
        Location::Pointer(p) => p,
        other => panic!("not a pointer: {other:?}"),
    }
}

#[test]
fn hoists_schemas_in_the_order_first_met() {
    let doc = bundled("ok/root.yaml");
    let names: Vec<&String> = doc.raw["definitions"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["Error", "Owner", "Pet", "Error2", "X", "cycle-a", "Address", "Y", "cycle-b"]);
    let defs = &doc.raw["definitions"];
    // The root's own `Error` is untouched; `responses.yaml`'s different `Error` became `Error2`.
    assert_eq!(defs["Error"]["properties"], json!({"text": {"type": "string"}}));
    assert_eq!(defs["Error2"]["required"], json!(["code"]));
    // A root definition that was only a `$ref` keeps its name and place.
    assert_eq!(defs["Owner"]["properties"]["address"], json!({"$ref": "#/definitions/Address"}));
    // Whole file, nested chain relative to each file, and `#` inside a whole-file schema.
    assert_eq!(defs["Pet"]["properties"]["owner"], json!({"$ref": "#/definitions/Owner"}));
    assert_eq!(defs["Pet"]["properties"]["parent"], json!({"$ref": "#/definitions/Pet"}));
    // A local ref of another file is hoisted too.
    assert_eq!(defs["X"]["properties"]["y"], json!({"$ref": "#/definitions/Y"}));
    // The cycle between two files terminates.
    assert_eq!(defs["cycle-a"]["properties"]["b"], json!({"$ref": "#/definitions/cycle-b"}));
    assert_eq!(defs["cycle-b"]["properties"]["a"], json!({"$ref": "#/definitions/cycle-a"}));
}

#[test]
fn an_identical_root_definition_is_reused() {
    let doc = bundled("ok/reuse.yaml");
    let names: Vec<&String> = doc.raw["definitions"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["Y"]);
    let schema = &doc.raw["paths"]["/y"]["get"]["responses"]["200"]["schema"];
    assert_eq!(schema, &json!({"$ref": "#/definitions/Y"}));
}

#[test]
fn inlines_parameters_responses_and_path_items() {
    let doc = bundled("ok/root.yaml");
    let get = &doc.raw["paths"]["/pets"]["get"];
    assert_eq!(get["parameters"][0], json!({"name": "limit", "in": "query", "type": "integer", "format": "int32"}));
    assert_eq!(get["parameters"][1]["name"], "page", "a local alias inside params.yaml is followed");
    assert_eq!(get["responses"]["200"]["schema"]["items"], json!({"$ref": "#/definitions/Pet"}));
    assert_eq!(get["responses"]["default"]["schema"], json!({"$ref": "#/definitions/Error2"}));
    let item = &doc.raw["paths"]["/pets/{id}"];
    assert_eq!(item["get"]["operationId"], "getPet");
    assert_eq!(item["get"]["responses"]["404"]["schema"], json!({"$ref": "#/definitions/Error2"}));
    // Examples are data: left alone.
    let examples = &doc.raw["paths"]["/nodes"]["get"]["responses"]["200"]["examples"];
    assert_eq!(examples["application/json"], json!({"$ref": "not-a-reference.yaml"}));
    let mut left = Vec::new();
    external_refs(&doc.raw, &mut left);
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_typed_model_is_rebuilt() {
    let doc = bundled("ok/root.yaml");
    assert!(doc.spec.definitions.contains_key("Pet"));
    let item = &doc.spec.paths["/pets/{id}"];
    assert!(item.reference.is_none());
    assert_eq!(item.operations().count(), 1);
}

#[test]
fn deterministic() {
    let first = serde_json::to_string(&bundled("ok/root.yaml").raw).unwrap();
    let second = serde_json::to_string(&bundled("ok/root.yaml").raw).unwrap();
    assert_eq!(first, second);
}

#[test]
fn documents_without_a_path_or_external_refs_are_unchanged() {
    let text = std::fs::read(fixtures().join("ok/root.yaml")).unwrap();
    let doc = load_bytes("root.yaml", &text).unwrap();
    let raw = doc.raw.clone();
    assert_eq!(bundle(doc, &BundleOptions::default()).unwrap().raw, raw);

    let spec = fixtures().join("../specs/petstore.yaml");
    let doc = load_file(&spec).unwrap();
    let raw = doc.raw.clone();
    assert_eq!(bundle(doc, &BundleOptions::default()).unwrap().raw, raw);
}

#[test]
fn a_file_outside_the_spec_folder_is_refused_unless_allowed() {
    let d = error("bad/outside.yaml", &BundleOptions::default());
    assert_eq!(d.code, "external-ref-outside");
    assert!(d.file.ends_with("bad/outside.yaml"), "{}", d.file);
    assert_eq!(at(&d), "#/paths/~1x/get/responses/200/schema/$ref");
    assert!(d.help.as_deref().unwrap_or_default().contains("--allow-ref-dir"), "{d}");

    let options = BundleOptions { allowed_roots: vec![fixtures()] };
    let doc = bundle(load("bad/outside.yaml"), &options).unwrap();
    assert_eq!(doc.raw["definitions"]["Y"], json!({"type": "string", "enum": ["a", "b"]}));
}

#[test]
fn a_missing_file_names_the_ref_and_the_resolved_path() {
    let d = error("bad/missing.yaml", &BundleOptions::default());
    assert_eq!(d.code, "external-ref-missing");
    assert_eq!(at(&d), "#/paths/~1x/get/responses/200/schema/$ref");
    assert!(d.message.contains("bad/nope.yaml"), "{d}");
}

#[test]
fn urls_are_never_fetched() {
    let errors = bundle(load("bad/url.yaml"), &BundleOptions::default()).map(|_| ()).unwrap_err();
    let codes: Vec<_> = errors.iter().map(|d| (d.code, at(d))).collect();
    assert_eq!(
        codes,
        [
            ("external-ref-url", "#/paths/~1x/get/responses/200/schema/$ref"),
            ("external-ref-url", "#/paths/~1x/get/responses/default/schema/$ref"),
        ]
    );
}

#[test]
fn a_parameter_cycle_between_files_is_reported() {
    let d = error("bad/cycle.yaml", &BundleOptions::default());
    assert_eq!(d.code, "external-ref-cycle");
    assert!(d.file.ends_with("bad/param-b.yaml"), "{}", d.file);
    assert_eq!(at(&d), "#/p/$ref");
}

#[test]
fn a_fragment_that_points_to_nothing_is_dangling() {
    let d = error("bad/dangling.yaml", &BundleOptions::default());
    assert_eq!(d.code, "dangling-ref");
    assert!(d.message.contains("frag.yaml"), "{d}");
}

#[test]
fn errors_inside_a_referenced_file_name_that_file() {
    let d = error("bad/nested-missing.yaml", &BundleOptions::default());
    assert_eq!(d.code, "external-ref-missing");
    assert!(d.file.ends_with("bad/frag.yaml"), "{}", d.file);
    assert_eq!(at(&d), "#/definitions/Broken/properties/gone/$ref");
}

#[test]
fn syntax_errors_in_a_referenced_file_name_that_file() {
    let d = error("bad/syntax.yaml", &BundleOptions::default());
    assert_eq!(d.code, "syntax");
    assert!(d.file.ends_with("bad/broken.yaml"), "{}", d.file);
    assert!(matches!(d.location, Location::LineColumn { line: 3, .. }), "{d}");
    assert!(d.help.as_deref().unwrap_or_default().contains("bad/syntax.yaml#/paths/~1x/get/responses/200/schema/$ref"));
}

#[test]
fn a_slash_before_the_fragment_is_read_as_the_file_with_a_warning() {
    let doc = bundled("ok/slash-before-fragment.yaml");
    let schema = &doc.raw["paths"]["/pets"]["get"]["responses"]["200"]["schema"];
    assert_eq!(schema, &json!({"$ref": "#/definitions/Y"}));
    assert_eq!(doc.raw["definitions"]["Y"], json!({"type": "string", "enum": ["a", "b"]}));
    let codes: Vec<&str> = doc.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["ref-trailing-slash"], "{:#?}", doc.warnings);
    assert!(doc.warnings[0].message.contains("read as `defs.yaml`"), "{}", doc.warnings[0].message);
}

#[test]
fn extension_keys_under_paths_and_responses_are_skipped() {
    let text = br#"{"swagger": "2.0", "info": {"title": "t", "version": "1"},
        "paths": {"x-owner": "team", "/a": {"get": {"responses": {"200": {"description": "ok"}, "x-note": "n"}}}}}"#;
    let doc = load_bytes("x.json", text).unwrap();
    assert_eq!(doc.spec.paths.keys().collect::<Vec<_>>(), ["/a"]);
    assert_eq!(doc.spec.paths["/a"].get.as_ref().unwrap().responses.keys().collect::<Vec<_>>(), ["200"]);
    assert!(doc.warnings.is_empty(), "{:#?}", doc.warnings);
}
