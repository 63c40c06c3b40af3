//! `cargo xtask codegen --check` passes on the checked-in tree, and fails (writing nothing) after an edit to a
//! generated file. Runs on a copy of the workspace's specs and generated clients in a temporary folder.

use std::path::Path;

fn copy_workspace_subset(dst: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for t in xtask::targets(root).unwrap() {
        let spec_rel = t.spec.strip_prefix(root).unwrap();
        let out_rel = t.output.strip_prefix(root).unwrap();
        let krate = out_rel.parent().unwrap().parent().unwrap();
        std::fs::create_dir_all(dst.join(spec_rel).parent().unwrap()).unwrap();
        std::fs::create_dir_all(dst.join(out_rel).parent().unwrap()).unwrap();
        std::fs::copy(&t.spec, dst.join(spec_rel)).unwrap();
        if let Some(overlay) = &t.overlay {
            std::fs::copy(overlay, dst.join(overlay.strip_prefix(root).unwrap())).unwrap();
        }
        std::fs::copy(&t.output, dst.join(out_rel)).unwrap();
        std::fs::copy(&t.names, dst.join(t.names.strip_prefix(root).unwrap())).unwrap();
        std::fs::copy(root.join(krate).join("Cargo.toml"), dst.join(krate).join("Cargo.toml")).unwrap();
    }
}

#[test]
fn checked_in_clients_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let report = xtask::codegen(root, true).unwrap();
    assert!(report.changed.is_empty(), "stale generated files; run `cargo xtask codegen`:\n{}", report.diffs);
    assert!(!report.unchanged.is_empty());
}

#[test]
fn check_fails_after_an_edit_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace_subset(dir.path());
    assert!(xtask::codegen(dir.path(), true).unwrap().changed.is_empty());

    let client = dir.path().join("crates/livechat/src/client.rs");
    let mut edited = std::fs::read_to_string(&client).unwrap();
    edited = edited.replacen("pub fn list_tags", "pub fn list_all_tags", 1);
    std::fs::write(&client, &edited).unwrap();
    let mtime = std::fs::metadata(&client).unwrap().modified().unwrap();

    let report = xtask::codegen(dir.path(), true).unwrap();
    assert_eq!(report.changed, vec![client.clone()]);
    assert!(report.diffs.contains("-    pub fn list_all_tags"), "{}", report.diffs);
    assert!(report.diffs.contains("+    pub fn list_tags"), "{}", report.diffs);
    // The drift's effect on the Rust API, as `swagen diff` judges it.
    assert!(report.api.contains("Rust API: 1 breaking, 1 additive, 0 wire-only"), "{}", report.api);
    assert!(report.api.contains("breaking: Client::list_all_tags: function removed"), "{}", report.api);
    assert_eq!(std::fs::read_to_string(&client).unwrap(), edited, "--check must not write");
    assert_eq!(std::fs::metadata(&client).unwrap().modified().unwrap(), mtime);

    // Without --check the file is repaired, and a second run leaves it untouched.
    assert_eq!(xtask::codegen(dir.path(), false).unwrap().changed.len(), 1);
    assert!(xtask::codegen(dir.path(), true).unwrap().changed.is_empty());
    let mtime = std::fs::metadata(&client).unwrap().modified().unwrap();
    assert!(xtask::codegen(dir.path(), false).unwrap().changed.is_empty());
    assert_eq!(std::fs::metadata(&client).unwrap().modified().unwrap(), mtime);
}

#[test]
fn check_fails_when_the_names_file_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace_subset(dir.path());
    let names = dir.path().join("specs/livechat.names.json");
    let text = std::fs::read_to_string(&names).unwrap();
    let stale = text.replace("    \"GET /tags\": \"list_tags\",\n", "");
    assert_ne!(stale, text);
    std::fs::write(&names, &stale).unwrap();
    let report = xtask::codegen(dir.path(), true).unwrap();
    assert_eq!(report.changed, vec![names.clone()], "{}", report.diffs);
    assert!(report.diffs.contains("+    \"GET /tags\": \"list_tags\","), "{}", report.diffs);
    assert_eq!(std::fs::read_to_string(&names).unwrap(), stale, "--check must not write");
}

/// `specs/<name>.swagen.json` chooses what is generated: here only the petstore's `store` operations; an unknown key
/// is an error naming the file.
#[test]
fn options_file_selects_a_subset() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    std::fs::create_dir_all(dir.path().join("crates/petstore/src")).unwrap();
    std::fs::copy(root.join("tests/specs/petstore.yaml"), dir.path().join("specs/petstore.yaml")).unwrap();
    std::fs::write(dir.path().join("crates/petstore/Cargo.toml"), "[package]\nname = \"petstore\"\n").unwrap();
    let options = dir.path().join("specs/petstore.swagen.json");
    std::fs::write(&options, r#"{"tags": ["store"], "string_formats": true}"#).unwrap();
    xtask::codegen(dir.path(), false).unwrap();
    let client = std::fs::read_to_string(dir.path().join("crates/petstore/src/client.rs")).unwrap();
    assert!(client.contains("pub fn place_order") && !client.contains("pub fn add_pet"));
    assert!(client.contains("pub ship_date: Option<String>"), "string formats kept");
    std::fs::write(&options, r#"{"tag": ["store"]}"#).unwrap();
    let err = xtask::codegen(dir.path(), false).unwrap_err();
    assert!(err.contains("petstore.swagen.json: unknown key `tag`"), "{err}");
}
