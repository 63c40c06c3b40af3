//! Specs split across files: `Generator` bundles external `$ref`s before lowering.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ext-refs")
}

/// The official split petstore (`spec/swagger.*` refers to `../common/Error.*`), when the corpus is present.
fn petstore_separate(format: &str) -> Option<PathBuf> {
    let dir = Path::new("/work/shared/corpus/big/extra/oai-examples-v2.0").join(format).join("petstore-separate");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is not present", dir.display());
        None
    }
}

#[test]
fn generates_from_a_spec_split_across_files() {
    let generated = swagen::Generator::new(fixtures().join("ok/root.yaml")).generate().unwrap();
    for name in ["pub struct Pet", "pub struct Owner", "pub struct Address", "pub struct CycleA", "pub struct Error2"] {
        assert!(generated.code.contains(name), "{name} missing");
    }
    for op in ["list_pets", "get_pet", "get_thing", "get_node"] {
        assert!(generated.code.contains(&format!("pub fn {op}(")), "{op} missing");
    }
}

#[test]
fn official_petstore_separate_generates_with_its_parent_folder_allowed() {
    for format in ["yaml", "json"] {
        let Some(dir) = petstore_separate(format) else { return };
        let spec = dir.join("spec").join(format!("swagger.{format}"));
        let generated = swagen::Generator::new(&spec).allow_ref_dir(&dir).generate().unwrap();
        assert!(generated.code.contains("Pet"), "{format}: Pet missing");
        assert!(generated.code.contains("Error"), "{format}: Error missing");
        assert!(generated.code.contains("pub struct NewPet"), "{format}: NewPet missing");
    }
}

#[test]
fn official_petstore_separate_is_refused_without_it() {
    let Some(dir) = petstore_separate("yaml") else { return };
    let failure = swagen::Generator::new(dir.join("spec/swagger.yaml")).generate().unwrap_err();
    let codes: Vec<&str> = failure.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["external-ref-outside"; 4], "{failure}");
    let text = failure.to_string();
    assert!(text.contains("spec/swagger.yaml:44:13 at #/paths/~1pets/get/responses/default/schema/$ref"), "{text}");
}

#[test]
fn bundling_errors_fail_generation_with_the_referring_file_and_pointer() {
    let failure = swagen::Generator::new(fixtures().join("bad/nested-missing.yaml")).generate().unwrap_err();
    let text = failure.to_string();
    assert!(text.contains("error[external-ref-missing]"), "{text}");
    assert!(text.contains("bad/frag.yaml:6:7 at #/definitions/Broken/properties/gone/$ref"), "{text}");
    assert!(text.contains("= help:"), "{text}");
}

#[test]
fn cli_allow_ref_dir() {
    let spec = fixtures().join("bad/outside.yaml");
    let run = |extra: &[&Path]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_swagen"));
        cmd.arg("check").arg(&spec);
        for dir in extra {
            cmd.arg("--allow-ref-dir").arg(dir);
        }
        cmd.output().unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("external-ref-outside"));
    let allowed = run(&[&fixtures()]);
    assert_eq!(allowed.status.code(), Some(0), "{}", String::from_utf8_lossy(&allowed.stderr));
}
