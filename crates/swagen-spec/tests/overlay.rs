//! Overlays (OpenAPI Overlay Specification 1.0) applied to raw Swagger documents.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use serde_json::{json, Value};
use std::path::PathBuf;
use swagen_spec::{
    apply_overlay, apply_overlay_file, apply_overlay_files, document_from_value, parse_value, Diagnostic, Location,
    Severity,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/overlays").join(name)
}

fn raw_fixture(name: &str) -> Value {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    parse_value(&path.display().to_string(), &bytes).unwrap().1
}

/// Applies an inline overlay and expects success.
fn apply_ok(doc: &mut Value, overlay: &str) -> Vec<Diagnostic> {
    apply_overlay(doc, "overlay.yaml", overlay).unwrap_or_else(|d| panic!("{}", render(&d)))
}

/// Applies an inline overlay, expects failure and an unchanged document.
fn apply_err(doc: &Value, overlay: &str) -> Vec<Diagnostic> {
    let mut work = doc.clone();
    let diagnostics = apply_overlay(&mut work, "overlay.yaml", overlay).expect_err("the overlay should fail");
    assert_eq!(&work, doc, "a failing overlay must leave the document unchanged");
    diagnostics
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

/// (severity, code, pointer) of each diagnostic, for compact assertions.
fn summary(diagnostics: &[Diagnostic]) -> Vec<(Severity, &'static str, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let at = match &d.location {
                Location::Pointer(p) => p.clone(),
                Location::LineColumn { line, column } => format!("{line}:{column}"),
                Location::File => String::new(),
            };
            (d.severity, d.code, at)
        })
        .collect()
}

fn overlay(actions: &str) -> String {
    format!("overlay: 1.0.0\ninfo: {{title: t, version: 1.0.0}}\nactions:\n{actions}")
}

fn overlay_1_1(actions: &str) -> String {
    format!("overlay: 1.1.0\ninfo: {{title: t, version: 1.0.0}}\nactions:\n{actions}")
}

#[test]
fn fixture_overlay_repairs_the_tags_spec() {
    let mut raw = raw_fixture("tags.yaml");
    let warnings = apply_overlay_file(&mut raw, &fixture("tags-fix.overlay.yaml")).unwrap();
    assert!(warnings.is_empty(), "{}", render(&warnings));

    let doc = document_from_value("tags.yaml", swagen_spec::Format::Yaml, raw).unwrap();
    let list = doc.spec.paths["/tags"].get.as_ref().unwrap();
    let names: Vec<&str> = list.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["group", "limit", "page"]);
    let group = &list.parameters[0];
    assert_eq!(group.ty.as_deref(), Some("integer"));
    assert_eq!(group.format.as_deref(), Some("int64"));
    assert_eq!(group.description.as_deref(), Some("The group id."));
    assert_eq!(list.tags, ["tags"]);

    let item = &doc.spec.paths["/tags/{tag}"];
    assert!(item.delete.is_none());
    assert_eq!(item.get.as_ref().unwrap().tags, ["tags"]);
    assert_eq!(doc.spec.definitions["Tag"]["properties"]["count"], json!({"type": "integer"}));
    assert_eq!(doc.spec.info.title, "Tags API (fixed)");
    assert_eq!(doc.raw["paths"]["/tags"]["get"]["x-overlay-applied"], json!(true));
}

#[test]
fn fixture_broken_overlay_reports_every_error_with_its_place() {
    let original = raw_fixture("tags.yaml");
    let mut raw = original.clone();
    let path = fixture("broken.overlay.yaml");
    let diagnostics = apply_overlay_file(&mut raw, &path).unwrap_err();
    assert_eq!(raw, original);
    use Severity::{Error, Warning};
    assert_eq!(
        summary(&diagnostics),
        [
            (Error, "overlay-jsonpath", "#/actions/1/target".to_owned()),
            (Error, "overlay-no-match", "#/actions/2/target".to_owned()),
            (Error, "overlay-incompatible", "#/actions/3/update/parameters".to_owned()),
            (Error, "overlay-primitive-target", "#/actions/4/update".to_owned()),
            (Error, "overlay-remove", "#/actions/5/remove".to_owned()),
            (Warning, "overlay-unknown-field", "#/actions/6/udpate".to_owned()),
            (Warning, "overlay-no-op", "#/actions/6".to_owned()),
        ],
        "{}",
        render(&diagnostics)
    );
    assert!(diagnostics.iter().all(|d| d.file == path.display().to_string()));
    let bad_path = &diagnostics[0];
    assert!(bad_path.message.contains("column 16"), "{bad_path}");
    assert!(bad_path.message.contains("expected `,` or `]`, found `.`"), "{bad_path}");
    assert!(diagnostics[3].message.contains("#/paths/~1tags/get/operationId"), "{}", diagnostics[3]);
    assert_eq!(diagnostics[5].help.as_deref(), Some("did you mean `update`? (extensions start with `x-`)"));
}

#[test]
fn update_merges_objects_recursively() {
    let mut doc = json!({"info": {"title": "A", "contact": {"name": "x"}, "x-tags": ["a"]}, "swagger": "2.0"});
    let warnings = apply_ok(
        &mut doc,
        &overlay(
            "  - target: $.info\n    update:\n      title: B\n      contact: {email: e@example.com}\n      \
             x-tags: [b, c]\n      version: '2'\n",
        ),
    );
    assert!(warnings.is_empty());
    assert_eq!(
        doc,
        json!({"info": {"title": "B", "contact": {"name": "x", "email": "e@example.com"}, "x-tags": ["a", "b", "c"],
               "version": "2"}, "swagger": "2.0"})
    );
    // New keys are appended, existing keys keep their place.
    let keys: Vec<&String> = doc["info"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["title", "contact", "x-tags", "version"]);
}

#[test]
fn update_on_the_root_mirrors_the_document() {
    let mut doc = json!({"paths": {"/a": {"get": {"summary": "old"}}}});
    apply_ok(
        &mut doc,
        &overlay(
            "  - target: $\n    update:\n      paths:\n        /a:\n          get: {summary: new}\n        /b: {}\n",
        ),
    );
    assert_eq!(doc, json!({"paths": {"/a": {"get": {"summary": "new"}}, "/b": {}}}));
}

#[test]
fn update_on_arrays_appends_or_concatenates() {
    let mut doc = json!({"tags": [{"name": "a"}], "schemes": ["http"]});
    apply_ok(
        &mut doc,
        &overlay(
            "  - target: $.tags\n    update: {name: b}\n  - target: $.schemes\n    update: [https, ws]\n  \
             - target: $.schemes\n    update: wss\n",
        ),
    );
    assert_eq!(doc, json!({"tags": [{"name": "a"}, {"name": "b"}], "schemes": ["http", "https", "ws", "wss"]}));
}

#[test]
fn update_on_primitives_depends_on_the_version() {
    let doc = json!({"info": {"title": "A"}});
    let actions = "  - target: $.info.title\n    update: B\n";
    let errors = apply_err(&doc, &overlay(actions));
    assert_eq!(summary(&errors), [(Severity::Error, "overlay-primitive-target", "#/actions/0/update".to_owned())]);
    assert!(errors[0].help.as_deref().unwrap().contains("overlay: 1.1.0"));

    let mut changed = doc.clone();
    apply_ok(&mut changed, &overlay_1_1(actions));
    assert_eq!(changed, json!({"info": {"title": "B"}}));

    let errors = apply_err(&doc, &overlay_1_1("  - target: $.info.title\n    update: {text: B}\n"));
    assert_eq!(errors[0].code, "overlay-incompatible");
}

#[test]
fn incompatible_updates_are_errors_deep_in_the_update() {
    let doc =
        json!({"definitions": {"A": {"type": "object", "properties": {"p": {"type": "string"}}, "required": ["p"]}}});
    let errors = apply_err(
        &doc,
        &overlay(
            "  - target: $.definitions.A\n    update:\n      properties:\n        p: string\n      required: {p: true}\n  \
             - target: $.definitions\n    update: [A]\n",
        ),
    );
    assert_eq!(
        summary(&errors),
        [
            (Severity::Error, "overlay-incompatible", "#/actions/0/update/properties/p".to_owned()),
            (Severity::Error, "overlay-incompatible", "#/actions/0/update/required".to_owned()),
            (Severity::Error, "overlay-incompatible", "#/actions/1/update".to_owned()),
        ],
        "{}",
        render(&errors)
    );
    assert!(errors[0].message.contains("#/definitions/A/properties/p"), "{}", errors[0]);
}

#[test]
fn null_over_an_object_is_ignored_with_a_warning() {
    let mut doc = json!({"info": {"title": "A", "contact": {"name": "x"}, "description": "d"}});
    let warnings = apply_ok(&mut doc, &overlay("  - target: $.info\n    update: {contact: null, description: null}\n"));
    assert_eq!(
        summary(&warnings),
        [(Severity::Warning, "overlay-null-ignored", "#/actions/0/update/contact".to_owned())]
    );
    assert_eq!(doc, json!({"info": {"title": "A", "contact": {"name": "x"}, "description": null}}));
}

#[test]
fn filter_targets_on_parameter_lists() {
    let mut doc = json!({"paths": {"/tags": {"get": {"parameters": [
        {"name": "group", "in": "query"},
        {"name": "group", "in": "header", "type": "string"},
        {"name": "limit", "in": "query"}
    ]}}}});
    apply_ok(
        &mut doc,
        &overlay(
            "  - target: $.paths['/tags'].get.parameters[?@.name == 'group' && @.in == 'query']\n    \
             update: {type: integer}\n  - target: $.paths['/tags'].get.parameters[?!@.type]\n    update: {type: string}\n",
        ),
    );
    let params = &doc["paths"]["/tags"]["get"]["parameters"];
    assert_eq!(params[0], json!({"name": "group", "in": "query", "type": "integer"}));
    assert_eq!(params[1]["type"], "string");
    assert_eq!(params[2], json!({"name": "limit", "in": "query", "type": "string"}));
}

#[test]
fn remove_deletes_array_elements_and_members() {
    let mut doc = json!({"paths": {"/a": {"get": {"parameters": [
        {"name": "a", "in": "header"}, {"name": "b", "in": "query"}, {"name": "c", "in": "header"}, {"name": "d", "in": "query"}
    ]}, "delete": {}}}});
    apply_ok(
        &mut doc,
        &overlay(
            "  - target: $.paths.*.get.parameters[?@.in == 'header']\n    remove: true\n  \
             - target: $.paths['/a'].delete\n    remove: true\n",
        ),
    );
    assert_eq!(
        doc,
        json!({"paths": {"/a": {"get": {"parameters": [{"name": "b", "in": "query"}, {"name": "d", "in": "query"}]}}}})
    );
}

#[test]
fn remove_handles_nested_selections_and_keeps_order() {
    let mut doc = json!({"a": {"x-internal": true, "b": {"x-internal": true}}, "c": {"d": 1}, "e": 2});
    apply_ok(&mut doc, &overlay("  - target: $..[?@['x-internal'] == true]\n    remove: true\n"));
    assert_eq!(doc, json!({"c": {"d": 1}, "e": 2}));
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["c", "e"]);
}

#[test]
fn remove_wins_over_update_with_a_warning() {
    let mut doc = json!({"info": {"title": "A"}, "host": "h"});
    let warnings = apply_ok(&mut doc, &overlay("  - target: $.info\n    remove: true\n    update: {title: B}\n"));
    assert_eq!(summary(&warnings), [(Severity::Warning, "overlay-update-ignored", "#/actions/0/update".to_owned())]);
    assert_eq!(doc, json!({"host": "h"}));
}

#[test]
fn remove_false_with_update_updates() {
    let mut doc = json!({"info": {"title": "A"}});
    apply_ok(&mut doc, &overlay("  - target: $.info\n    remove: false\n    update: {title: B}\n"));
    assert_eq!(doc, json!({"info": {"title": "B"}}));
}

#[test]
fn the_root_cannot_be_removed() {
    let errors = apply_err(&json!({}), &overlay("  - target: $\n    remove: true\n"));
    assert_eq!(summary(&errors), [(Severity::Error, "overlay-remove-root", "#/actions/0/target".to_owned())]);
}

#[test]
fn actions_apply_in_order_to_the_previous_result() {
    let mut doc = json!({"paths": {"/old": {"get": {"summary": "old"}}}});
    apply_ok(
        &mut doc,
        &overlay(
            "  - target: $.paths['/old']\n    remove: true\n  - target: $.paths\n    update:\n      /old:\n        \
             post: {summary: rebuilt}\n  - target: $.paths['/old'].post\n    update: {x-checked: true}\n",
        ),
    );
    assert_eq!(doc, json!({"paths": {"/old": {"post": {"summary": "rebuilt", "x-checked": true}}}}));
}

#[test]
fn a_target_matching_nothing_is_an_error() {
    let errors = apply_err(&json!({"paths": {}}), &overlay("  - target: $.paths['/pets']\n    update: {x: 1}\n"));
    assert_eq!(summary(&errors), [(Severity::Error, "overlay-no-match", "#/actions/0/target".to_owned())]);
    assert!(errors[0].message.contains("$.paths['/pets']"));
    let errors = apply_err(&json!({"paths": {}}), &overlay("  - target: $.paths['/pets']\n    remove: true\n"));
    assert_eq!(errors[0].code, "overlay-no-match");
}

#[test]
fn bad_jsonpath_reports_the_column() {
    let errors = apply_err(&json!({}), &overlay("  - target: \"$.paths[?@.name = 'x']\"\n    update: {a: 1}\n"));
    assert_eq!(summary(&errors), [(Severity::Error, "overlay-jsonpath", "#/actions/0/target".to_owned())]);
    assert!(errors[0].message.contains("at column 17: `=` is not a comparison; use `==`"), "{}", errors[0]);
}

#[test]
fn lenient_jsonpath_is_a_warning() {
    let mut doc = json!({"paths": {"/a": {"get": {"x-internal": true}}}});
    let warnings = apply_ok(&mut doc, &overlay("  - target: $.paths.*.get.x-internal\n    remove: true\n"));
    assert_eq!(summary(&warnings), [(Severity::Warning, "overlay-jsonpath-lenient", "#/actions/0/target".to_owned())]);
    assert_eq!(doc, json!({"paths": {"/a": {"get": {}}}}));
}

#[test]
fn overlay_structure_errors() {
    let doc = json!({});
    type Expected = &'static [(Severity, &'static str, &'static str)];
    let cases: &[(&str, Expected)] = &[
        ("info: {title: t, version: v}\nactions: []\n", &[(Severity::Error, "overlay-version", "#")]),
        ("overlay: 2.0.0\nactions: []\n", &[(Severity::Error, "overlay-version", "#/overlay")]),
        ("overlay: [1]\nactions: []\n", &[(Severity::Error, "overlay-version", "#/overlay")]),
        ("overlay: 1.0.0\ninfo: {title: t, version: v}\n", &[(Severity::Error, "overlay-actions", "#")]),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: {target: $}\n",
            &[(Severity::Error, "overlay-actions", "#/actions")],
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t}\nactions:\n  - 3\n  - update: {}\n  - target: 3\n",
            &[
                (Severity::Warning, "overlay-info", "#/info"),
                (Severity::Error, "overlay-action", "#/actions/0"),
                (Severity::Error, "overlay-target", "#/actions/1"),
                (Severity::Error, "overlay-target", "#/actions/2/target"),
            ],
        ),
        ("- overlay: 1.0.0\n", &[(Severity::Error, "overlay-not-mapping", "#")]),
        ("[]", &[(Severity::Error, "overlay-not-mapping", "#")]),
        ("  \n", &[(Severity::Error, "overlay-empty", "")]),
        ("overlay: 1.0.0\nactions: [\n", &[(Severity::Error, "syntax", "3:1")]),
        ("{\"overlay\": \"1.0.0\", \"actions\": [}", &[(Severity::Error, "syntax", "1:34")]),
    ];
    for (text, expected) in cases {
        let errors = apply_err(&doc, text);
        let expected: Vec<(Severity, &str, String)> =
            expected.iter().map(|(s, c, p)| (*s, *c, (*p).to_owned())).collect();
        assert_eq!(summary(&errors), expected, "{text}\n{}", render(&errors));
        assert!(errors.iter().all(|d| d.file == "overlay.yaml"));
    }
}

#[test]
fn overlay_warnings_do_not_stop_it() {
    let mut doc = json!({"info": {}});
    let warnings = apply_ok(
        &mut doc,
        "overlay: 1.0\nx-owner: me\nextra: 1\nactions:\n  - target: $.info\n    update: {title: T}\n    x-note: n\n",
    );
    assert_eq!(
        summary(&warnings),
        [
            (Severity::Warning, "overlay-version-number", "#/overlay".to_owned()),
            (Severity::Warning, "overlay-info", "#".to_owned()),
            (Severity::Warning, "overlay-unknown-field", "#/extra".to_owned()),
        ],
        "{}",
        render(&warnings)
    );
    assert_eq!(doc, json!({"info": {"title": "T"}}));

    let mut doc = json!({"info": {}});
    let warnings = apply_ok(&mut doc, "overlay: 1.2.0\ninfo: {title: t, version: v}\nactions: []\n");
    assert_eq!(
        summary(&warnings),
        [
            (Severity::Warning, "overlay-version-newer", "#/overlay".to_owned()),
            (Severity::Warning, "overlay-no-actions", "#/actions".to_owned()),
        ]
    );
}

#[test]
fn json_overlays_work_too() {
    let mut doc = json!({"info": {"title": "A"}});
    apply_ok(
        &mut doc,
        r#"{"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$.info", "update": {"title": "B"}}]}"#,
    );
    assert_eq!(doc, json!({"info": {"title": "B"}}));
}

#[test]
fn copy_uses_a_single_node_from_the_document() {
    let mut doc = json!({"definitions": {"A": {"type": "object", "properties": {"id": {"type": "integer"}}}, "B": {"type": "object"}}});
    let warnings = apply_ok(&mut doc, &overlay_1_1("  - target: $.definitions.B\n    copy: $.definitions.A\n"));
    assert!(warnings.is_empty());
    assert_eq!(doc["definitions"]["B"], doc["definitions"]["A"]);

    let errors = apply_err(&doc, &overlay_1_1("  - target: $.definitions.B\n    copy: $.definitions.*\n"));
    assert_eq!(summary(&errors), [(Severity::Error, "overlay-copy", "#/actions/0/copy".to_owned())]);
    let errors = apply_err(&doc, &overlay_1_1("  - target: $.definitions.B\n    copy: $.x\n    update: {}\n"));
    assert_eq!(errors[0].code, "overlay-action");
}

#[test]
fn several_overlay_files_apply_in_order() {
    let dir = tempdir();
    let first = dir.join("first.yaml");
    let second = dir.join("second.yaml");
    std::fs::write(&first, overlay("  - target: $.info\n    update: {title: one}\n")).unwrap();
    std::fs::write(&second, overlay("  - target: $[?@.title == 'one']\n    update: {version: '2'}\n")).unwrap();
    let mut doc = json!({"info": {"title": "zero"}});
    apply_overlay_files(&mut doc, &[&first, &second]).unwrap();
    assert_eq!(doc, json!({"info": {"title": "one", "version": "2"}}));

    let missing = dir.join("missing.yaml");
    let errors = apply_overlay_files(&mut doc, &[&missing]).unwrap_err();
    assert_eq!(summary(&errors), [(Severity::Error, "overlay-read", String::new())]);
    assert_eq!(errors[0].file, missing.display().to_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn overlay_then_typed_load_reports_spec_errors_by_pointer() {
    let mut raw = raw_fixture("tags.yaml");
    apply_ok(
        &mut raw,
        &overlay(
            "  - target: $.paths['/tags'].get\n    update: {parameters: [{name: x, in: query, required: maybe}]}\n",
        ),
    );
    let error = document_from_value("tags.yaml", swagen_spec::Format::Yaml, raw).unwrap_err();
    assert_eq!(error.location, Location::Pointer("#/paths/~1tags/get/parameters/2/required".into()));
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("swagen-overlay-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
