//! Per-stage benchmarks of the pipeline, so a regression points at its stage, with the parse-only floor
//! (`serde_json::from_slice` into `serde_json::Value`) beside them, and the scaling benchmark (synthetic specs of
//! 1×, 4× and 16× Kubernetes). Run with `cargo bench -p swagen --bench pipeline`; the allocation columns (divan's
//! `AllocProfiler`) give memory: `max alloc` is the peak of live bytes.
//!
//! Inputs: `tests/specs/petstore.yaml` and `tests/specs/docker.yaml` from the repository, and Kubernetes from
//! `$SWAGEN_K8S_SPEC` or `../shared/corpus/big/kubernetes__api__openapi-spec__swagger.json` (skipped when absent).
//! Each spec is measured in both forms (its YAML and JSON text), so `load` covers both parsers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark setup, not library code

use divan::Bencher;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn k8s_path() -> PathBuf {
    std::env::var_os("SWAGEN_K8S_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus/big/kubernetes__api__openapi-spec__swagger.json"))
}

/// A spec in both text forms.
struct Spec {
    yaml: Vec<u8>,
    json: Vec<u8>,
}

fn specs() -> &'static Vec<(&'static str, Spec)> {
    static SPECS: OnceLock<Vec<(&'static str, Spec)>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let mut out = Vec::new();
        for (name, path) in [
            ("petstore", root().join("tests/specs/petstore.yaml")),
            ("docker", root().join("tests/specs/docker.yaml")),
            ("kubernetes", k8s_path()),
        ] {
            let Ok(bytes) = std::fs::read(&path) else {
                eprintln!("note: {} not found; {name} is skipped", path.display());
                continue;
            };
            let doc = swagen_spec::load_bytes(name, &bytes).unwrap();
            let yaml = serde_yaml::to_string(&doc.raw).unwrap().into_bytes();
            let json = serde_json::to_vec_pretty(&doc.raw).unwrap();
            out.push((name, Spec { yaml, json }));
        }
        out
    })
}

fn names() -> Vec<&'static str> {
    specs().iter().map(|(n, _)| *n).collect()
}

fn spec(name: &str) -> &'static Spec {
    &specs().iter().find(|(n, _)| *n == name).unwrap().1
}

fn options() -> swagen_codegen::Options {
    swagen_codegen::Options { source: "bench".into(), generator_version: "bench".into(), blocking: false }
}

/// The floor: parsing the JSON text into a `serde_json::Value`, nothing else.
#[divan::bench(args = names())]
fn parse_floor_json(b: Bencher, name: &str) {
    let s = spec(name);
    b.bench(|| serde_json::from_slice::<Value>(&s.json).unwrap());
}

#[divan::bench(args = names())]
fn load_json(b: Bencher, name: &str) {
    let s = spec(name);
    b.bench(|| swagen_spec::load_bytes("spec.json", &s.json).unwrap());
}

#[divan::bench(args = names())]
fn load_yaml(b: Bencher, name: &str) {
    let s = spec(name);
    b.bench(|| swagen_spec::load_bytes("spec.yaml", &s.yaml).unwrap());
}

/// Lowering: repairs, route normalisation, naming, models.
#[divan::bench(args = names())]
fn lower(b: Bencher, name: &str) {
    let doc = swagen_spec::load_bytes("spec.json", &spec(name).json).unwrap();
    b.bench(|| swagen_ir::lower(&doc));
}

/// Building the module's token stream.
#[divan::bench(args = names())]
fn emit_tokens(b: Bencher, name: &str) {
    let lowered = swagen_ir::lower(&swagen_spec::load_bytes("spec.json", &spec(name).json).unwrap());
    b.bench(|| swagen_codegen::emit_tokens(&lowered.api));
}

/// Parsing the tokens into `syn` and printing them with prettyplease.
#[divan::bench(args = names())]
fn format(b: Bencher, name: &str) {
    let lowered = swagen_ir::lower(&swagen_spec::load_bytes("spec.json", &spec(name).json).unwrap());
    b.with_inputs(|| swagen_codegen::emit_tokens(&lowered.api))
        .bench_values(|t| swagen_codegen::format_tokens(t, &options()).unwrap());
}

/// The emitter as the command line runs it (`emit`): two threads, 64 items at a time, doc lines set aside while
/// printing and spliced in after (the same bytes as `format_tokens(emit_tokens(..))`, the two stages above).
#[divan::bench(args = names())]
fn emit(b: Bencher, name: &str) {
    let lowered = swagen_ir::lower(&swagen_spec::load_bytes("spec.json", &spec(name).json).unwrap());
    b.bench(|| swagen_codegen::emit(&lowered.api, &options()).unwrap());
}

/// What the design itself costs: `syn` parsing and prettyplease printing the code of the finished module, without
/// its doc comments (which `emit` splices in as text), on one thread. Nothing of swagen's own work is in it: no
/// loading, lowering, token building or doc text. The "≤ 10× the parse floor" budget has to hold this too.
#[divan::bench(args = names())]
fn print_floor(b: Bencher, name: &str) {
    let lowered = swagen_ir::lower(&swagen_spec::load_bytes("spec.json", &spec(name).json).unwrap());
    let module = swagen_codegen::emit(&lowered.api, &options()).unwrap();
    let code: String = module
        .lines()
        .filter(|l| !l.trim_start().starts_with("///") && !l.trim_start().starts_with("//!"))
        .flat_map(|l| [l, "\n"])
        .collect();
    b.with_inputs(|| code.parse::<proc_macro2::TokenStream>().unwrap())
        .bench_values(|t| prettyplease::unparse(&syn::parse2::<syn::File>(t).unwrap()));
}

/// Everything from the JSON text to the formatted module.
#[divan::bench(args = names())]
fn end_to_end_json(b: Bencher, name: &str) {
    let s = spec(name);
    b.bench(|| {
        let lowered = swagen_ir::lower(&swagen_spec::load_bytes("spec.json", &s.json).unwrap());
        swagen_codegen::emit(&lowered.api, &options()).unwrap()
    });
}

/// Kubernetes repeated `n` times: every path under `/copy{i}` and every definition renamed `…Copy{i}` (with the
/// `$ref`s into them), so the spec has `n` times the operations and models and nothing is shared.
fn scaled_k8s(n: usize) -> Option<Vec<u8>> {
    let base: Value = serde_json::from_slice(&std::fs::read(k8s_path()).ok()?).ok()?;
    let mut out = base.clone();
    let (paths, defs) = (out["paths"].as_object_mut()?.clone(), base["definitions"].as_object()?.clone());
    let mut all_paths = serde_json::Map::new();
    let mut all_defs = serde_json::Map::new();
    for i in 0..n {
        let mut copy = Value::Object(paths.clone());
        let mut copy_defs = Value::Object(defs.clone());
        rename_refs(&mut copy, i);
        rename_refs(&mut copy_defs, i);
        for (k, v) in copy.as_object()? {
            all_paths.insert(format!("/copy{i}{k}"), v.clone());
        }
        for (k, v) in copy_defs.as_object()? {
            all_defs.insert(format!("{k}Copy{i}"), v.clone());
        }
    }
    out["paths"] = Value::Object(all_paths);
    out["definitions"] = Value::Object(all_defs);
    serde_json::to_vec(&out).ok()
}

fn rename_refs(v: &mut Value, i: usize) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if r.starts_with("#/definitions/") {
                    r.push_str(&format!("Copy{i}"));
                }
            }
            if let Some(Value::String(id)) = map.get_mut("operationId") {
                id.push_str(&format!("Copy{i}"));
            }
            map.values_mut().for_each(|c| rename_refs(c, i));
        }
        Value::Array(items) => items.iter_mut().for_each(|c| rename_refs(c, i)),
        _ => {}
    }
}

/// Cost must grow linearly: compare time and `max alloc` across 1×, 4×, 16× (divide by 1, 4, 16 for per-copy).
#[divan::bench(args = [1, 4, 16], sample_count = 3, sample_size = 1)]
fn scaling_k8s(b: Bencher, n: usize) {
    let Some(json) = scaled_k8s(n) else {
        eprintln!("note: Kubernetes spec not found; scaling is skipped");
        return;
    };
    b.bench(|| {
        let lowered = swagen_ir::lower(&swagen_spec::load_bytes("spec.json", &json).unwrap());
        swagen_codegen::emit(&lowered.api, &options()).unwrap()
    });
}

/// What a `build.rs` pays when nothing changed: `Generator::write_to` with its stamp up to date (hash the spec and
/// the output, compare, return). Target: ≤ 50 ms for Kubernetes.
#[divan::bench(args = ["petstore", "docker", "kubernetes"])]
fn build_rs_unchanged(b: Bencher, name: &str) {
    let spec = match name {
        "kubernetes" => k8s_path(),
        other => root().join(format!("tests/specs/{other}.yaml")),
    };
    if !spec.is_file() {
        eprintln!("note: {} not found; skipped", spec.display());
        return;
    }
    let dir = std::env::temp_dir().join(format!("swagen-bench-{}-{name}", std::process::id()));
    let out = dir.join("client.rs");
    let generator = swagen::Generator::new(&spec);
    generator.write_to(&out).unwrap();
    b.bench(|| {
        let (_, outcome) = generator.write_to(&out).unwrap();
        assert_eq!(outcome, swagen::WriteOutcome::Unchanged);
    });
    let _ = std::fs::remove_dir_all(&dir);
}
