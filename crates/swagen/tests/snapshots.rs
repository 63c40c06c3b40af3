//! Snapshots of what swagen produces for every spec in `specs/` and `tests/specs/` (generated code and `explain` output) and of the
//! diagnostics for every bad spec in `tests/bad-specs/`. Review changes with `cargo insta review`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

/// The specs (not the overlays) of a folder.
fn specs(dir: &str) -> Vec<PathBuf> {
    let is_spec = |p: &PathBuf| {
        let name = p.file_name().unwrap().to_string_lossy();
        (name.ends_with(".yaml") || name.ends_with(".json")) && !name.contains(".overlay.") && !name.contains(".names.")
    };
    files(dir).into_iter().filter(is_spec).collect()
}

/// A generator set up as `cargo xtask codegen` sets it up: with `<name>.overlay.yaml` beside the spec, if any.
fn generator(spec: &Path) -> swagen::Generator {
    let overlay = spec.with_file_name(format!("{}.overlay.yaml", spec.file_stem().unwrap().to_string_lossy()));
    let label = rel(spec);
    if overlay.is_file() {
        let label = format!("{label} with {}", rel(&overlay));
        swagen::Generator::new(spec).source_label(label).overlay(overlay)
    } else {
        swagen::Generator::new(spec).source_label(label)
    }
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/")
}

#[test]
fn generated_code_and_explain_for_every_spec() {
    for spec in specs("specs").into_iter().chain(specs("tests/specs")) {
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        // As tests/clients generates them: the features client with its blocking client.
        let generator = generator(&spec).blocking(name == "features");
        let code = generator.generate().unwrap().code;
        insta::assert_snapshot!(format!("{name}__code"), code);
        let explain = swagen::explain(&generator.lower().unwrap()).replace(&format!("{}/", root().display()), "");
        insta::assert_snapshot!(format!("{name}__explain"), explain);
    }
}

/// `emit` (two threads, pieces printed apart, docs spliced in after printing) gives the bytes of the single
/// reference printing, `format_tokens(emit_tokens_with(..))`, for every spec that lowers, the bad ones included.
#[test]
fn emit_matches_the_reference_printing() {
    let all = specs("specs").into_iter().chain(specs("tests/specs")).chain(specs("tests/bad-specs"));
    let mut compared = 0;
    for spec in all {
        let Ok(lowered) = generator(&spec).lower() else { continue };
        for blocking in [false, true] {
            let options = swagen_codegen::Options { source: "s".into(), generator_version: "v".into(), blocking };
            let reference =
                swagen_codegen::format_tokens(swagen_codegen::emit_tokens_with(&lowered.api, blocking), &options);
            let emitted = swagen_codegen::emit(&lowered.api, &options);
            assert_eq!(emitted.unwrap(), reference.unwrap(), "{} (blocking: {blocking})", spec.display());
        }
        compared += 1;
    }
    assert!(compared >= 40, "only {compared} specs compared");
}

/// The same over the real-world corpus, both client styles (`../shared/corpus`: 880 of its 890 files lower):
/// `cargo test --release -p swagen --test snapshots -- --ignored emit_matches_the_reference_printing_on_the_corpus`.
#[test]
#[ignore = "minutes; needs ../shared/corpus"]
fn emit_matches_the_reference_printing_on_the_corpus() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                out.push(path);
            }
        }
    }
    let mut all = Vec::new();
    walk(&root().join("../shared/corpus"), &mut all);
    all.sort();
    let mut compared = 0;
    for spec in &all {
        let Ok(lowered) = swagen::Generator::new(spec).lower() else { continue };
        for blocking in [false, true] {
            let options = swagen_codegen::Options { source: "s".into(), generator_version: "v".into(), blocking };
            let tokens = swagen_codegen::emit_tokens_with(&lowered.api, blocking);
            let reference = swagen_codegen::format_tokens(tokens, &options);
            let emitted = swagen_codegen::emit(&lowered.api, &options);
            assert_eq!(emitted.unwrap(), reference.unwrap(), "{} (blocking: {blocking})", spec.display());
        }
        compared += 1;
    }
    eprintln!("{compared} of {} corpus files compared", all.len());
}

/// What `swagen check` reports for a spec, rendered as in a terminal without colour (with source excerpts).
fn check_rendered(spec: &Path) -> (bool, String) {
    let (diagnostics, failed) = match swagen::Generator::new(spec).lower() {
        Ok(lowered) => (lowered.diagnostics, false),
        Err(failure) => (failure.diagnostics, true),
    };
    let has_error = failed || diagnostics.iter().any(|d| d.is_error());
    (has_error, swagen::Renderer::new(swagen::Style::Plain).render_all(&diagnostics))
}

/// The catalogue of bad inputs: each gives at least one diagnostic, rendered with its source excerpt, and no panic.
/// `tests/bad-specs/README.md` says what each file gets wrong.
#[test]
fn diagnostics_for_bad_specs() {
    let mut count = 0;
    let catalogue = files("tests/bad-specs").into_iter().filter(|p| p.is_file() && !p.ends_with("README.md"));
    for spec in catalogue {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let (_, rendered) = check_rendered(&spec);
        assert!(!rendered.is_empty(), "{name}: no diagnostic");
        let rendered = rendered.replace(&format!("{}/", root().display()), "");
        insta::assert_snapshot!(format!("bad__{name}"), rendered);
        count += 1;
    }
    assert!(count >= 40, "the catalogue has {count} bad specs; keep at least 40");
}

/// Bad inputs too big to check in, made on the fly: a 200 MB file (sparse, so cheap) and schemas nested
/// 10,000 levels deep in JSON and in YAML.
#[test]
fn diagnostics_for_generated_bad_specs() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge-200mb.yaml");
    std::fs::File::create(&huge).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let nested = |open: &str, leaf: &str, close: &str| format!("{}{leaf}{}", open.repeat(10_000), close.repeat(10_000));
    let deep_json = dir.path().join("nested-10000-levels.json");
    std::fs::write(
        &deep_json,
        format!(
            r#"{{"swagger":"2.0","info":{{"title":"t","version":"1"}},"paths":{{}},"definitions":{{"Deep":{}}}}}"#,
            nested(r#"{"type":"array","items":"#, r#"{"type":"string"}"#, "}")
        ),
    )
    .unwrap();
    let deep_yaml = dir.path().join("nested-10000-levels.yaml");
    std::fs::write(
        &deep_yaml,
        format!(
            "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ndefinitions:\n  Deep: {}\n",
            nested("{type: array, items: ", "{type: string}", "}")
        ),
    )
    .unwrap();
    for (spec, code) in [(&huge, "too-large"), (&deep_json, "too-deep"), (&deep_yaml, "too-deep")] {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let (has_error, rendered) = check_rendered(spec);
        assert!(has_error && rendered.contains(&format!("error[{code}]")), "{name}: {rendered}");
        let rendered = rendered.replace(&format!("{}/", dir.path().display()), "");
        insta::assert_snapshot!(format!("bad__{name}"), rendered);
    }
}

#[test]
fn missing_file_is_a_clear_error() {
    let failure = swagen::Generator::new("does/not/exist.yaml").generate().unwrap_err();
    let text = failure.to_string();
    assert!(text.contains("does/not/exist.yaml"), "{text}");
    assert!(text.contains("cannot read the spec"), "{text}");
}

/// Output is byte-identical across runs and across the YAML and JSON forms of one spec.
#[test]
fn deterministic_across_runs_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    for spec in specs("specs").into_iter().chain(specs("tests/specs")) {
        let label = rel(&spec);
        let first = swagen::Generator::new(&spec).source_label(&label).generate().unwrap().code;
        let second = swagen::Generator::new(&spec).source_label(&label).generate().unwrap().code;
        assert_eq!(first, second, "{label}: two runs differ");

        let doc = swagen_spec::load_file(&spec).unwrap();
        let other = match doc.format {
            swagen_spec::Format::Yaml => {
                let json = dir.path().join("spec.json");
                std::fs::write(&json, serde_json::to_string_pretty(&doc.raw).unwrap()).unwrap();
                json
            }
            swagen_spec::Format::Json => {
                let yaml = dir.path().join("spec.yaml");
                std::fs::write(&yaml, serde_yaml::to_string(&doc.raw).unwrap()).unwrap();
                yaml
            }
        };
        let converted = swagen::Generator::new(&other).source_label(&label).generate().unwrap().code;
        assert_eq!(first, converted, "{label}: YAML and JSON forms differ");
    }
}
