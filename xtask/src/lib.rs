//! Project automation, run as `cargo xtask <command>`.
//!
//! `codegen`: regenerates every checked-in client from `specs/`. The convention: `specs/<name>.{yaml,yml,json}`
//! generates `crates/<name>/src/client.rs` when the crate `crates/<name>` exists, after applying the Overlay
//! `specs/<name>.overlay.yaml` when there is one, keeping the names recorded in `specs/<name>.names.json` and
//! writing that file back with the names of new items. With `--check`, nothing is written; stale files are listed
//! with a diff and the command fails.
//!
//! `corpus`: generates, type-checks and lints every spec of the shared real-world corpus; see [`corpus`].

pub mod bench;
pub mod compiletime;
pub mod corpus;
pub mod diffproof;
pub mod fuzz;
pub mod routes;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One spec and the file generated from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub spec: PathBuf,
    pub output: PathBuf,
    /// The spec's path relative to the workspace root, with `/` separators (named in the `@generated` header).
    pub label: String,
    /// `specs/<name>.overlay.yaml`, when it exists: applied to the spec before generating.
    pub overlay: Option<PathBuf>,
    /// `specs/<name>.names.json`: the names kept from one generation to the next (written when missing).
    pub names: PathBuf,
    /// `specs/<name>.swagen.json`, when it exists: what to generate (`{"tags": [..], "operations": [..],
    /// "string_formats": false}`, each optional).
    pub options: Option<PathBuf>,
}

/// The generator for a target: its spec, overlay, names file and options file.
pub fn target_generator(t: &Target) -> Result<swagen::Generator, String> {
    let mut generator = swagen::Generator::new(&t.spec).source_label(&t.label).names(&t.names);
    if let Some(overlay) = &t.overlay {
        generator = generator.overlay(overlay);
    }
    let Some(path) = &t.options else { return Ok(generator) };
    let bad = |e: String| format!("{}: {e}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let Some(object) = value.as_object() else { return Err(bad("not a JSON object".to_owned())) };
    let list = |key: &str| -> Result<Vec<String>, String> {
        match object.get(key) {
            None => Ok(Vec::new()),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned).ok_or_else(|| bad(format!("`{key}` holds a non-string"))))
                .collect(),
            Some(_) => Err(bad(format!("`{key}` is not a list of strings"))),
        }
    };
    if let Some(unknown) = object.keys().find(|k| !matches!(k.as_str(), "tags" | "operations" | "string_formats")) {
        return Err(bad(format!("unknown key `{unknown}` (known: tags, operations, string_formats)")));
    }
    let strings = match object.get("string_formats") {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| bad("`string_formats` is not true or false".to_owned()))?,
    };
    Ok(generator.tags(list("tags")?).operations(list("operations")?).string_formats(strings))
}

/// Every generation target under `root`, in file-name order.
pub fn targets(root: &Path) -> std::io::Result<Vec<Target>> {
    let mut out = Vec::new();
    let specs = root.join("specs");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&specs)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for spec in entries {
        let ext = spec.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "yaml" | "yml" | "json") {
            continue;
        }
        let Some(stem) = spec.file_stem().and_then(|s| s.to_str()) else { continue };
        if stem.ends_with(".overlay") || stem.ends_with(".names") || stem.ends_with(".swagen") {
            continue;
        }
        let krate = root.join("crates").join(stem);
        if !krate.join("Cargo.toml").is_file() {
            continue;
        }
        let file = spec.file_name().and_then(|f| f.to_str()).unwrap_or(stem);
        let overlay = specs.join(format!("{stem}.overlay.yaml"));
        let overlay_label = format!(" with specs/{stem}.overlay.yaml");
        let has_overlay = overlay.is_file();
        out.push(Target {
            spec: spec.clone(),
            output: krate.join("src").join("client.rs"),
            label: format!("specs/{file}{}", if has_overlay { overlay_label.as_str() } else { "" }),
            overlay: has_overlay.then_some(overlay),
            names: specs.join(format!("{stem}.names.json")),
            options: Some(specs.join(format!("{stem}.swagen.json"))).filter(|p| p.is_file()),
        });
    }
    Ok(out)
}

/// What `codegen` did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written (or, with `check`, that would be).
    pub changed: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Unified diffs of stale files (check mode only).
    pub diffs: String,
    /// What the drift does to each stale client's Rust API (`swagen diff`'s summary; check mode only).
    pub api: String,
}

/// `path: Rust API: N breaking, M additive, …` and the breaking changes, for a stale client.
fn api_summary(rel: &str, old: &str, new: &str) -> String {
    let side = |label, code| swagen::diff::Side { label, code, lowered: None };
    match swagen::diff::diff(side("checked in", old), side("generated", new)) {
        Ok(r) => {
            let mut out = format!("{rel}: Rust API: {}\n", r.summary());
            for c in r.changes.iter().filter(|c| c.kind == swagen::diff::ChangeKind::Breaking) {
                out.push_str(&format!("  breaking: {}: {}\n", c.item, c.change));
            }
            out
        }
        Err(e) => format!("{rel}: Rust API not compared: {e}\n"),
    }
}

/// Regenerates every target; with `check`, writes nothing and reports what is stale.
pub fn codegen(root: &Path, check: bool) -> Result<Report, String> {
    let targets = targets(root).map_err(|e| format!("cannot list {}: {e}", root.join("specs").display()))?;
    if targets.is_empty() {
        return Err(format!("no specs with a matching crate under {}", root.display()));
    }
    let mut report = Report::default();
    for t in targets {
        let generated = target_generator(&t)?.generate().map_err(|f| f.to_string())?;
        let names = generated.names.to_json();
        for (path, text) in [(&t.output, &generated.code), (&t.names, &names)] {
            let old = std::fs::read_to_string(path).unwrap_or_default();
            if old == *text {
                report.unchanged.push(path.clone());
                continue;
            }
            if check {
                let rel = path.strip_prefix(root).unwrap_or(path).display().to_string();
                if *path == t.output {
                    report.api.push_str(&api_summary(&rel, &old, text));
                }
                let diff = similar::TextDiff::from_lines(&old, text);
                let _ = write!(
                    report.diffs,
                    "{}",
                    diff.unified_diff()
                        .context_radius(3)
                        .header(&format!("{rel} (checked in)"), &format!("{rel} (generated)"))
                );
            } else {
                swagen::write_atomic(path, text.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            report.changed.push(path.clone());
        }
    }
    Ok(report)
}
