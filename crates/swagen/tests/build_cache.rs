//! `Generator::write_to` (the `build.rs` entry point) skips all work when nothing it depends on changed: the spec,
//! the overlays, the options, the output itself. Whether work was skipped shows in the warnings: a skipped run has
//! none, a real run of the LiveChat spec has several.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use std::path::Path;
use swagen::{Generator, WriteOutcome};

#[test]
fn unchanged_inputs_skip_generation_and_leave_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("livechat.yaml");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(root.join("specs/livechat.yaml"), &spec).unwrap();
    let out = dir.path().join("out/client.rs");
    let generator = || Generator::new(&spec).source_label("livechat.yaml");

    let (first, outcome) = generator().write_to(&out).unwrap();
    assert_eq!(outcome, WriteOutcome::Written);
    assert!(!first.warnings.is_empty(), "a real run reports the LiveChat repairs");
    assert!(dir.path().join("out/.client.rs.swagen-stamp").is_file());
    let mtime = std::fs::metadata(&out).unwrap().modified().unwrap();

    // Nothing changed: skipped (no warnings), same code, file untouched.
    let (second, outcome) = generator().write_to(&out).unwrap();
    assert_eq!(outcome, WriteOutcome::Unchanged);
    assert!(second.warnings.is_empty(), "{:?}", second.warnings);
    assert_eq!(second.code, first.code);
    assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), mtime);

    // The spec's bytes changed (a comment): generated again; same code, so the file is still untouched.
    let mut text = std::fs::read_to_string(&spec).unwrap();
    text.push_str("\n# a comment\n");
    std::fs::write(&spec, text).unwrap();
    let (third, outcome) = generator().write_to(&out).unwrap();
    assert_eq!(outcome, WriteOutcome::Unchanged);
    assert!(!third.warnings.is_empty(), "the changed spec was not read again");
    assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), mtime);

    // Other options: generated again.
    let (fourth, outcome) = generator().blocking(true).write_to(&out).unwrap();
    assert_eq!(outcome, WriteOutcome::Written);
    assert!(fourth.code.contains("pub mod blocking"));

    // The output edited by hand: generated again and restored.
    std::fs::write(&out, "// edited\n").unwrap();
    let (_, outcome) = generator().blocking(true).write_to(&out).unwrap();
    assert_eq!(outcome, WriteOutcome::Written);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), fourth.code);
}

#[test]
fn an_added_overlay_is_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = dir.path().join("client.rs");
    let spec = root.join("specs/livechat.yaml");
    let (plain, _) = Generator::new(&spec).source_label("l").write_to(&out).unwrap();
    let overlaid = Generator::new(&spec).source_label("l").overlay(root.join("specs/livechat.overlay.yaml"));
    let (typed, outcome) = overlaid.write_to(&out).unwrap();
    assert_eq!(outcome, WriteOutcome::Written);
    assert_ne!(plain.code, typed.code);
}
