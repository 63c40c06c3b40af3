//! `cargo xtask diff-proof`: `swagen diff` checked against the compiler on real version pairs.
//!
//! For each pair (Kubernetes 1.13 → 1.36, Docker 1.25 → 1.41 → 1.56, from `../shared/corpus/big`):
//! 1. the old spec is generated with a fresh names file, the new one with that file (as `cargo xtask codegen`
//!    would after a spec update); no item in both versions may change its name;
//! 2. `swagen diff` reports the changes;
//! 3. a caller of a seeded sample of the old API (`caller.rs`) must compile against the old client, and is then
//!    compiled against the new one: the sampled items that fail to compile must be exactly those the report calls
//!    breaking.
//!
//! Everything is written under `target/diff-proof/<pair>/` (the report as Markdown and JSON, the caller, the
//! names files), built into `target/diff-proof-target`.

pub mod caller;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use swagen::diff::{ChangeKind, Report};
use swagen::{Generator, NameBook};

/// One version pair: paths under the shared data folder.
struct Pair {
    name: &'static str,
    old: &'static str,
    new: &'static str,
}

const PAIRS: &[Pair] = &[
    Pair {
        name: "kubernetes-1.13-1.36",
        old: "corpus/big/extra/npm-kubernetes-client-9.0.0__swagger-1.13.json",
        new: "corpus/big/kubernetes__api__openapi-spec__swagger.json",
    },
    Pair {
        name: "docker-1.25-1.41",
        old: "corpus/big/extra/moby__api__docs__v1.25.yaml",
        new: "corpus/big/extra/moby__api__docs__v1.41.yaml",
    },
    Pair {
        name: "docker-1.41-1.56",
        old: "corpus/big/extra/moby__api__docs__v1.41.yaml",
        new: "corpus/big/moby__api__swagger.yaml",
    },
];

/// Options: `--shared DIR` (default `../shared`), `--sample N` items per pair (default 40), `--seed N`.
pub struct Options {
    pub shared: PathBuf,
    pub sample: usize,
    pub seed: u64,
}

pub fn parse_args(root: &Path, args: &[&str]) -> Result<Options, String> {
    let mut o = Options { shared: root.join("../shared"), sample: 40, seed: 2026 };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().map(|v| (*v).to_owned()).ok_or_else(|| format!("{a} needs a value"));
        match *a {
            "--shared" => o.shared = PathBuf::from(value()?),
            "--sample" => o.sample = value()?.parse().map_err(|e| format!("--sample: {e}"))?,
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// What one pair showed.
pub struct Outcome {
    pub pair: String,
    pub report: Report,
    /// Names of items in both versions: kept, changed.
    pub names_kept: usize,
    pub renamed: Vec<String>,
    pub sampled: usize,
    pub sampled_breaking: usize,
    pub failing: usize,
    /// Sampled items where the compiler and the report disagree, with why.
    pub mismatches: Vec<String>,
}

/// Runs every pair; `Ok(true)` when no name changed and there is no mismatch.
pub fn run(root: &Path, o: &Options) -> Result<bool, String> {
    let mut ok = true;
    let mut lines = Vec::new();
    for pair in PAIRS {
        let outcome = run_pair(root, o, pair)?;
        ok &= outcome.renamed.is_empty() && outcome.mismatches.is_empty();
        let line = format!(
            "{}: {}; names kept {}/{}; sample {} items (seed {}): {} reported breaking, {} fail to compile, {} mismatch(es)",
            outcome.pair,
            outcome.report.summary(),
            outcome.names_kept,
            outcome.names_kept + outcome.renamed.len(),
            outcome.sampled,
            o.seed,
            outcome.sampled_breaking,
            outcome.failing,
            outcome.mismatches.len()
        );
        eprintln!("{line}");
        for r in &outcome.renamed {
            eprintln!("  renamed: {r}");
        }
        for m in &outcome.mismatches {
            eprintln!("  MISMATCH {m}");
        }
        lines.push(line);
    }
    println!("{}", lines.join("\n"));
    Ok(ok)
}

fn run_pair(root: &Path, o: &Options, pair: &Pair) -> Result<Outcome, String> {
    let dir = root.join("target/diff-proof").join(pair.name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let names = dir.join("names.json");
    let _ = std::fs::remove_file(&names);
    let (old_spec, new_spec) = (o.shared.join(pair.old), o.shared.join(pair.new));
    let old_gen = Generator::new(&old_spec).source_label(pair.old).names(&names);
    let new_gen = Generator::new(&new_spec).source_label(pair.new).names(&names);
    let old = old_gen.generate().map_err(|f| f.to_string())?;
    write(&names, &old.names.to_json())?;
    let new = new_gen.generate().map_err(|f| f.to_string())?;
    write(&dir.join("new.names.json"), &new.names.to_json())?;
    let report = swagen::diff_specs(&old_gen, &new_gen).map_err(|f| f.to_string())?;
    write(&dir.join("report.md"), &report.markdown())?;
    write(&dir.join("report.json"), &report.json())?;
    let (names_kept, renamed) = compare_books(&old.names, &new.names);

    let surface = swagen::diff::surface::read(&old.code)?;
    let sample = sample(&surface, o.sample, o.seed);
    let caller = caller::write(&surface, &sample);
    let ws = dir.join("ws");
    write_workspace(root, &ws, &caller.code)?;
    write(&ws.join("client/src/lib.rs"), &old.code)?;
    let against_old = failing_items(root, &ws, &caller)?;
    if !against_old.is_empty() {
        return Err(format!(
            "{}: the caller does not compile against the old client (a harness bug): {against_old:?}",
            pair.name
        ));
    }
    write(&ws.join("client/src/lib.rs"), &new.code)?;
    let failing = failing_items(root, &ws, &caller)?;
    let reported = reported_breaking(&report, &sample);
    let mut mismatches = Vec::new();
    for (item, why) in &failing {
        if !reported.contains_key(item) {
            mismatches.push(format!("{item}: fails to compile ({why}) but the report does not call it breaking"));
        }
    }
    for (item, change) in &reported {
        if !failing.contains_key(item) {
            mismatches.push(format!("{item}: reported breaking ({change}) but compiles"));
        }
    }
    Ok(Outcome {
        pair: pair.name.to_owned(),
        sampled_breaking: reported.len(),
        failing: failing.len(),
        sampled: sample.len(),
        report,
        names_kept,
        renamed,
        mismatches,
    })
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Entries of both books with the same key: how many kept their name, and the ones that did not.
fn compare_books(old: &NameBook, new: &NameBook) -> (usize, Vec<String>) {
    let flat = |b: &NameBook| -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        let maps =
            [("type", &b.types), ("inline", &b.inline_types), ("method", &b.methods), ("choice", &b.content_types)];
        for (what, map) in maps {
            m.extend(map.iter().map(|(k, v)| (format!("{what} {k}"), v.clone())));
        }
        for (what, nested) in [("variant", &b.variants), ("field", &b.fields)] {
            for (ty, map) in nested {
                m.extend(map.iter().map(|(k, v)| (format!("{what} {ty} {k}"), v.clone())));
            }
        }
        m
    };
    let (o, n) = (flat(old), flat(new));
    let mut kept = 0;
    let mut renamed = Vec::new();
    for (k, v) in &o {
        match n.get(k) {
            Some(w) if w == v => kept += 1,
            Some(w) => renamed.push(format!("{k}: `{v}` → `{w}`")),
            None => {}
        }
    }
    (kept, renamed)
}

/// A seeded sample of the old API's items: every public item but `Client` itself, and each of its methods.
fn sample(surface: &swagen::diff::surface::Surface, n: usize, seed: u64) -> Vec<String> {
    let mut all: Vec<String> = surface.items.keys().filter(|k| *k != "Client").cloned().collect();
    if let Some(client) = surface.items.get("Client") {
        all.extend(client.fns.keys().map(|f| format!("Client::{f}")));
    }
    all.sort();
    let mut state = seed;
    let mut next = || {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for i in (1..all.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        all.swap(i, j);
    }
    all.truncate(n);
    all.sort();
    all
}

/// The sampled items the report calls breaking (a breaking change on the item or one of its members), with the
/// first such change.
fn reported_breaking(report: &Report, sample: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in sample {
        let hit = report.changes.iter().filter(|c| c.kind == ChangeKind::Breaking).find(|c| {
            c.item == *item || c.item.strip_prefix(item.as_str()).is_some_and(|rest| rest.starts_with(['.', ':', '(']))
        });
        if let Some(c) = hit {
            out.insert(item.clone(), format!("{}: {}", c.item, c.change));
        }
    }
    out
}

fn write_workspace(root: &Path, ws: &Path, caller: &str) -> Result<(), String> {
    let runtime = root.join("crates/swagen-runtime");
    let runtime = runtime.canonicalize().map_err(|e| format!("cannot find {}: {e}", runtime.display()))?;
    let runtime = format!("{:?}", runtime.to_string_lossy());
    write(
        &ws.join("Cargo.toml"),
        "# Written by `cargo xtask diff-proof`.\n[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"caller\"]\n\n\
         [profile.dev]\ndebug = false\nincremental = false\n",
    )?;
    write(
        &ws.join("client/Cargo.toml"),
        &format!("[package]\nname = \"client\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nswagen-runtime = {{ path = {runtime} }}\n"),
    )?;
    write(
        &ws.join("caller/Cargo.toml"),
        &format!("[package]\nname = \"caller\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nclient = {{ path = \"../client\" }}\nswagen-runtime = {{ path = {runtime} }}\n"),
    )?;
    write(&ws.join("caller/src/lib.rs"), caller)?;
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    Ok(())
}

/// Checks the caller; the sampled items whose module has an error, with the first error's message. A module that
/// fails is taken out and the rest checked again, until no new item fails (so an early error cannot hide a later
/// one).
fn failing_items(root: &Path, ws: &Path, c: &caller::Caller) -> Result<BTreeMap<String, String>, String> {
    let mut failing: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..6 {
        let lines: Vec<&str> = c.code.lines().collect();
        let mut code = String::new();
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let out = c.spans.iter().any(|(item, a, b)| n >= *a && n <= *b && failing.contains_key(item));
            code.push_str(if out { "" } else { line });
            code.push('\n');
        }
        write(&ws.join("caller/src/lib.rs"), &code)?;
        let errors = cargo_check(root, ws)?;
        let before = failing.len();
        for (line, message) in errors {
            match c.spans.iter().find(|(_, a, b)| line >= *a && line <= *b) {
                Some((item, _, _)) => {
                    failing.entry(item.clone()).or_insert(message);
                }
                None => return Err(format!("an error outside the sampled items, line {line}: {message}")),
            }
        }
        if failing.len() == before {
            break;
        }
    }
    Ok(failing)
}

/// `cargo check -p caller`: the lines of `caller/src/lib.rs` with an error and the error's message. An error in
/// the client itself is a failure.
fn cargo_check(root: &Path, ws: &Path) -> Result<Vec<(usize, String)>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut child = Command::new(&cargo)
        .args(["check", "-p", "caller", "--message-format=json", "--target-dir"])
        .arg(root.join("target/diff-proof-target"))
        .current_dir(ws)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    let stdout = child.stdout.take().ok_or("cargo's output is not piped")?;
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("cannot read cargo's output: {e}"))?;
        let Ok(msg) = serde_json::from_str::<Value>(&line) else { continue };
        if msg["reason"] != "compiler-message" || msg["message"]["level"] != "error" {
            continue;
        }
        let text = msg["message"]["message"].as_str().unwrap_or_default().to_owned();
        let spans = msg["message"]["spans"].as_array().cloned().unwrap_or_default();
        let Some(primary) = spans.iter().find(|s| s["is_primary"] == true) else { continue };
        let file = primary["file_name"].as_str().unwrap_or_default();
        if !file.ends_with("caller/src/lib.rs") {
            return Err(format!("the client does not compile: {file}: {text}"));
        }
        let n = primary["line_start"].as_u64().unwrap_or(0) as usize;
        if seen.insert((n, text.clone())) {
            errors.push((n, text));
        }
    }
    child.wait().map_err(|e| format!("cannot wait for cargo: {e}"))?;
    Ok(errors)
}
