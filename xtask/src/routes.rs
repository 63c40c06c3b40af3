//! `cargo xtask routes-score`: the route normaliser measured against hand-labelled specs, honestly.
//!
//! - default: the checked-in (fitted) weights, scored on each label file by the reference scorer
//!   (`../shared/tools/score_routes.py`), then on both at once;
//! - `--fit`: fits the weights by logistic regression on every labelled spec and writes
//!   `crates/swagen-ir/src/normalise/weights.rs`;
//! - `--cv`: leave-one-spec-out: for each labelled spec, weights fitted on all the *other* specs normalise it; the
//!   held-out routes of all specs are then scored together, per label file and overall, beside the fitted figures;
//! - `--cross-file`: each label file judged by weights fitted only on the other files' specs;
//! - `--harm`: parameters introduced in specs that need none (every spec of `corpus/guru` and Kubernetes, Docker,
//!   petstore in `corpus/big`), and over `corpus/evangelist` the keys changed, merged and clashed, with 50 changed
//!   keys drawn with a fixed seed to read by hand.
//!
//! The signals themselves are computed by `swagen routes --features`; this file only joins them with the labels,
//! fits, and runs the scorer.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One candidate literal with its signals and, when labelled, whether it is a value.
struct Row {
    spec: String,
    features: Vec<f64>,
    target: bool,
}

/// Paths the command needs.
pub struct Paths {
    pub root: PathBuf,
    pub swagen: PathBuf,
    pub labels: Vec<PathBuf>,
    pub evangelist: PathBuf,
    pub scorer: PathBuf,
    pub corpus: PathBuf,
}

impl Paths {
    pub fn new(root: &Path, shared: &Path) -> Result<Self, String> {
        let labels_dir = shared.join("corpus/labels");
        let mut labels: Vec<PathBuf> = std::fs::read_dir(&labels_dir)
            .map_err(|e| {
                format!("{}: {e}; pass --shared DIR (the folder holding corpus/ and tools/)", labels_dir.display())
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        labels.sort();
        let paths = Paths {
            root: root.to_path_buf(),
            swagen: root.join("target/release/swagen"),
            labels,
            evangelist: shared.join("corpus/evangelist"),
            scorer: shared.join("tools/score_routes.py"),
            corpus: shared.join("corpus"),
        };
        for p in [&paths.evangelist, &paths.scorer] {
            if !p.exists() {
                return Err(format!("{} not found; pass --shared DIR", p.display()));
            }
        }
        Ok(paths)
    }
}

/// Builds the release binary the measurements run.
pub fn build(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let ok = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "swagen"])
        .current_dir(root)
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(()).ok_or_else(|| "cargo build --release -p swagen failed".to_owned())
}

/// The labelled specs (file names in `evangelist/`), in order, and the per-segment targets:
/// (spec, key, slot) → whether the labelled route has a parameter in that literal segment.
/// (spec file, key, slot) → whether the labels make that literal a parameter.
type Targets = HashMap<(String, String, usize), bool>;

fn targets(paths: &Paths) -> Result<(Vec<String>, Targets), String> {
    let mut specs = Vec::new();
    let mut out = HashMap::new();
    for file in &paths.labels {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let label: Value = serde_json::from_str(line).map_err(|e| format!("{}: {e}", file.display()))?;
            let spec = label["file"].as_str().unwrap_or_default().to_owned();
            if !specs.contains(&spec) {
                specs.push(spec.clone());
            }
            if label["skip"].as_bool().unwrap_or(false) {
                continue;
            }
            let key = label["path"].as_str().unwrap_or_default().trim().to_owned();
            let path = segments(&key);
            let route = segments(label["route"].as_str().unwrap_or_default());
            if path.len() != route.len() {
                continue;
            }
            for (slot, (p, r)) in path.iter().zip(&route).enumerate() {
                if !p.contains('{') && !p.starts_with(':') {
                    out.insert((spec.clone(), key.clone(), slot), r.contains('{'));
                }
            }
        }
    }
    Ok((specs, out))
}

fn segments(key: &str) -> Vec<String> {
    let path = key.trim().split('?').next().unwrap_or_default();
    path.split('/').skip(usize::from(path.starts_with('/'))).map(str::to_owned).collect()
}

/// Every labelled candidate of every labelled spec.
fn rows(paths: &Paths, specs: &[String], targets: &Targets) -> Result<Vec<Row>, String> {
    let mut out = Vec::new();
    for spec in specs {
        let file = paths.evangelist.join(spec);
        let output = Command::new(&paths.swagen)
            .args(["routes", "--features"])
            .arg(&file)
            .output()
            .map_err(|e| format!("cannot run swagen: {e}"))?;
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let row: Value = serde_json::from_str(line).map_err(|e| format!("{spec}: {e}"))?;
            let key = row["key"].as_str().unwrap_or_default().trim().to_owned();
            let slot = row["slot"].as_u64().unwrap_or_default() as usize;
            let Some(&target) = targets.get(&(spec.clone(), key, slot)) else { continue };
            if row["ruled"].as_bool().unwrap_or(false) {
                continue; // decided by a rule (a declared parameter, a placeholder), not by the weights
            }
            let features =
                row["features"].as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default();
            out.push(Row { spec: spec.clone(), features, target });
        }
    }
    Ok(out)
}

/// L2-regularised logistic regression by Newton's method: `[bias, w…]`. Every spec weighs the same in total, so
/// a spec with 500 keys does not outvote one with 12.
fn fit(rows: &[&Row]) -> Vec<f64> {
    let l2: f64 = std::env::var("ROUTES_L2").ok().and_then(|v| v.parse().ok()).unwrap_or(3.0);
    let Some(first) = rows.first() else { return Vec::new() };
    let n = first.features.len() + 1;
    let mut per_spec: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        *per_spec.entry(r.spec.as_str()).or_default() += 1;
    }
    let mean = rows.len() as f64 / per_spec.len().max(1) as f64;
    let weight = |r: &Row| mean / per_spec[r.spec.as_str()] as f64;
    let mut w = vec![0.0; n];
    for _ in 0..30 {
        let mut grad = vec![0.0; n];
        let mut hess = vec![vec![0.0; n]; n];
        for r in rows {
            let x: Vec<f64> = std::iter::once(1.0).chain(r.features.iter().copied()).collect();
            let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = f64::from(u8::from(r.target));
            let c = weight(r);
            for i in 0..n {
                grad[i] += c * (p - y) * x[i];
                for j in 0..n {
                    hess[i][j] += c * p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        // The bias is penalised too: with the shape signals one-hot, an unpenalised bias would take their
        // average, and a literal no signal speaks for would lean towards "a value".
        for i in 0..n {
            grad[i] += l2 * w[i];
            hess[i][i] += l2;
        }
        let Some(step) = solve(hess, grad) else { break };
        let mut moved = 0.0f64;
        for i in 0..n {
            w[i] -= step[i];
            moved = moved.max(step[i].abs());
        }
        if moved < 1e-7 {
            break;
        }
    }
    w[0] -= threshold(rows, &w);
    w
}

/// The score a candidate must pass, chosen on the rows the weights were fitted on: the one with the best F-score
/// weighing precision twice as much as recall (a parameter introduced wrongly costs a caller more than one missed;
/// an overlay pins either), folded into the bias.
fn threshold(rows: &[&Row], w: &[f64]) -> f64 {
    let scores: Vec<(f64, bool)> = rows
        .iter()
        .map(|r| (w[0] + r.features.iter().zip(&w[1..]).map(|(x, v)| x * v).sum::<f64>(), r.target))
        .collect();
    let f_half = |t: f64| {
        let tp = scores.iter().filter(|(s, y)| *s > t && *y).count() as f64;
        let fp = scores.iter().filter(|(s, y)| *s > t && !*y).count() as f64;
        let fn_ = scores.iter().filter(|(s, y)| *s <= t && *y).count() as f64;
        let (p, r) = (tp / (tp + fp).max(1.0), tp / (tp + fn_).max(1.0));
        if p + r == 0.0 {
            0.0
        } else {
            1.25 * p * r / (0.25 * p + r)
        }
    };
    (0..=12)
        .map(|i| f64::from(i) * 0.25)
        .max_by(|a, b| f_half(*a).total_cmp(&f_half(*b)).then(b.total_cmp(a)))
        .unwrap_or(0.0)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (top, rest) = a.split_at_mut(col + 1);
        let pivot_row = &top[col];
        for (offset, row) in rest.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[col + 1 + offset] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| a[i][k] * x[k]).sum();
        x[i] = (b[i] - s) / a[i][i];
    }
    Some(x)
}

fn weights_text(w: &[f64]) -> String {
    w.iter().map(|v| format!("{v:.6}")).collect::<Vec<_>>().join(" ")
}

/// `--fit`: fits on every labelled spec and writes the weights module.
pub fn fit_and_write(paths: &Paths) -> Result<(), String> {
    let (specs, targets) = targets(paths)?;
    let rows = rows(paths, &specs, &targets)?;
    let all: Vec<&Row> = rows.iter().collect();
    let w = fit(&all);
    let names = feature_names(paths)?;
    let mut body = String::new();
    for (i, v) in w.iter().enumerate().skip(1) {
        body.push_str(&format!("    {v:.6}, // {}\n", names.get(i - 1).map(String::as_str).unwrap_or("?")));
    }
    let file = paths.root.join("crates/swagen-ir/src/normalise/weights.rs");
    let old = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let head = old.split("const FITTED_BIAS").next().unwrap_or_default();
    let text = format!(
        "{head}const FITTED_BIAS: f64 = {:.6};\n/// Fitted on {} candidates of {} specs.\n#[rustfmt::skip]\nconst FITTED: [f64; FEATURES] = [\n{body}];\n",
        w[0],
        rows.len(),
        specs.len()
    );
    std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    eprintln!("wrote {} ({} candidates, {} specs)", file.display(), rows.len(), specs.len());
    Ok(())
}

/// The feature names, for the comments of the weights module.
fn feature_names(_paths: &Paths) -> Result<Vec<String>, String> {
    Ok((0..swagen_ir::normalise::FEATURES).map(|i| swagen_ir::normalise::feature_name(i).to_owned()).collect())
}

/// `--cv`: leave-one-spec-out routes for every labelled spec, written under `target/routes-cv/`, then scored.
pub fn cross_validate(paths: &Paths) -> Result<(), String> {
    let (specs, targets) = targets(paths)?;
    let rows = rows(paths, &specs, &targets)?;
    let dir = paths.root.join("target/routes-cv");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for spec in &specs {
        let others: Vec<&Row> = rows.iter().filter(|r| &r.spec != spec).collect();
        let weights = write_weights(&dir, spec, &others)?;
        held_out_routes(paths, &weights, spec, &dir)?;
    }
    let held_out = format!("cat {}/$(basename {{spec}}).json", dir.display());
    let fitted = format!("{} routes --json {{spec}}", paths.swagen.display());
    let mut report = Vec::new();
    let all = dir.join("all-labels.jsonl");
    let mut joined = String::new();
    for file in &paths.labels {
        joined.push_str(&std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    std::fs::write(&all, joined).map_err(|e| format!("{}: {e}", all.display()))?;
    let sets: Vec<(String, &Path)> = paths
        .labels
        .iter()
        .map(|p| (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), p.as_path()))
        .chain(std::iter::once(("overall".to_owned(), all.as_path())))
        .collect();
    for (name, labels) in &sets {
        let h = score(paths, labels, &held_out)?;
        let f = score(paths, labels, &fitted)?;
        report.push(format!("{name}\n  held out (leave-one-spec-out): {h}\n  fitted on all:                 {f}"));
    }
    println!("{}", report.join("\n"));
    Ok(())
}

/// `--cross-file`: each label file judged by weights fitted only on the specs of the other files (the way the
/// normaliser met `routes-2.jsonl`: tuned on one set of specs, judged on another), written under
/// `target/routes-xf/`, then scored.
pub fn cross_file(paths: &Paths) -> Result<(), String> {
    let (specs, targets) = targets(paths)?;
    let rows = rows(paths, &specs, &targets)?;
    let dir = paths.root.join("target/routes-xf");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut report = Vec::new();
    for file in &paths.labels {
        let judged = specs_of(file)?;
        let others: Vec<&Row> = rows.iter().filter(|r| !judged.contains(&r.spec)).collect();
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let weights = write_weights(&dir, &name, &others)?;
        for spec in &judged {
            held_out_routes(paths, &weights, spec, &dir)?;
        }
        let held_out = format!("cat {}/$(basename {{spec}}).json", dir.display());
        let fitted_on = others.iter().map(|r| r.spec.as_str()).collect::<std::collections::BTreeSet<_>>().len();
        let h = score(paths, file, &held_out)?;
        report.push(format!("{name}\n  fitted on the other files' {fitted_on} specs only: {h}"));
    }
    println!("{}", report.join("\n"));
    Ok(())
}

/// Fits on `rows` and writes the weights as `DIR/NAME.weights`.
fn write_weights(dir: &Path, name: &str, rows: &[&Row]) -> Result<PathBuf, String> {
    let weights = dir.join(format!("{name}.weights"));
    std::fs::write(&weights, weights_text(&fit(rows))).map_err(|e| format!("{}: {e}", weights.display()))?;
    Ok(weights)
}

/// `swagen routes --json` of one spec with these weights, written as `DIR/SPEC.json` for the scorer.
fn held_out_routes(paths: &Paths, weights: &Path, spec: &str, dir: &Path) -> Result<(), String> {
    let out = Command::new(&paths.swagen)
        .args(["routes", "--json", "--weights"])
        .arg(weights)
        .arg(paths.evangelist.join(spec))
        .output()
        .map_err(|e| format!("cannot run swagen: {e}"))?;
    let json = dir.join(format!("{spec}.json"));
    std::fs::write(&json, &out.stdout).map_err(|e| format!("{}: {e}", json.display()))
}

/// The specs a label file labels.
fn specs_of(file: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let label: Value = serde_json::from_str(line).map_err(|e| format!("{}: {e}", file.display()))?;
        let spec = label["file"].as_str().unwrap_or_default().to_owned();
        if !out.contains(&spec) {
            out.push(spec);
        }
    }
    Ok(out)
}

/// The reference scorer's last line for one label file and one routes command.
fn score(paths: &Paths, labels: &Path, cmd: &str) -> Result<String, String> {
    let out = Command::new("python3")
        .arg(&paths.scorer)
        .arg(labels)
        .arg(&paths.evangelist)
        .arg(cmd)
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if std::env::var_os("ROUTES_VERBOSE").is_some() {
        eprint!("{text}");
    }
    Ok(text.lines().last().unwrap_or_default().to_owned())
}

/// The plain score of the fitted weights on each label file and on all of them.
pub fn score_fitted(paths: &Paths) -> Result<(), String> {
    let fitted = format!("{} routes --json {{spec}}", paths.swagen.display());
    for labels in &paths.labels {
        let out = Command::new("python3")
            .arg(&paths.scorer)
            .arg(labels)
            .arg(&paths.evangelist)
            .arg(&fitted)
            .status()
            .map_err(|e| format!("cannot run python3: {e}"))?;
        if !out.success() {
            return Err("the scorer failed".to_owned());
        }
    }
    Ok(())
}

/// `--harm`: what the normaliser does to specs that need nothing, and to the whole evangelist corpus.
pub fn harm(paths: &Paths) -> Result<(), String> {
    let mut clean: Vec<PathBuf> = spec_files(&paths.corpus.join("guru"));
    for name in ["kubernetes", "docker", "moby", "petstore"] {
        clean.extend(spec_files(&paths.corpus.join("big")).into_iter().filter(|p| {
            p.parent() == Some(paths.corpus.join("big").as_path())
                && p.file_name().is_some_and(|n| n.to_string_lossy().to_lowercase().contains(name))
        }));
    }
    clean.sort();
    clean.dedup();
    let mut introduced = 0usize;
    let mut specs_touched = BTreeMap::new();
    for spec in &clean {
        let routes = routes_of(paths, spec);
        let n: usize = routes.iter().map(|r| r["params"].as_array().map_or(0, Vec::len)).sum();
        if n > 0 {
            let examples: Vec<String> = routes
                .iter()
                .filter(|r| r["params"].as_array().is_some_and(|a| !a.is_empty()))
                .take(3)
                .map(|r| {
                    format!("{} → {}", r["path"].as_str().unwrap_or_default(), r["route"].as_str().unwrap_or_default())
                })
                .collect();
            specs_touched.insert(spec.strip_prefix(&paths.corpus).unwrap_or(spec).display().to_string(), (n, examples));
        }
        introduced += n;
    }
    println!(
        "do no harm: {introduced} parameters introduced in {} of {} clean specs (guru + big)",
        specs_touched.len(),
        clean.len()
    );
    for (spec, (n, examples)) in &specs_touched {
        println!("  {spec}: {n}");
        for e in examples {
            println!("    {e}");
        }
    }
    evangelist_sample(paths)
}

/// Over the whole evangelist corpus: keys changed, merged and clashed, and 50 changed keys drawn at random
/// (fixed seed) to read by hand.
fn evangelist_sample(paths: &Paths) -> Result<(), String> {
    let (mut changed, mut merged, mut clashed, mut keys) = (0usize, 0usize, 0usize, 0usize);
    let mut pool: Vec<String> = Vec::new();
    for spec in spec_files(&paths.evangelist) {
        let out = Command::new(&paths.swagen).args(["routes", "--stats"]).arg(&spec).output();
        if let Ok(out) = out {
            let text = String::from_utf8_lossy(&out.stdout);
            for (name, slot) in
                [("paths", &mut keys), ("changed", &mut changed), ("merged", &mut merged), ("clashed", &mut clashed)]
            {
                *slot += stat(&text, name);
            }
        }
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for r in routes_of(paths, &spec) {
            let (path, route) = (r["path"].as_str().unwrap_or_default(), r["route"].as_str().unwrap_or_default());
            if r["params"].as_array().is_some_and(|a| !a.is_empty()) {
                pool.push(format!("{name}: {path} → {route}"));
            }
        }
    }
    println!(
        "evangelist: {keys} keys, {changed} changed, {merged} merged, {clashed} clashed; {} keys gained parameters",
        pool.len()
    );
    // A fixed-seed draw (xorshift), so the same 50 keys come back until the normaliser changes.
    let mut state: u64 = 0x005e_ed0f_5a6e_u64;
    let mut drawn = Vec::new();
    while drawn.len() < 50 && !pool.is_empty() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        drawn.push(pool.swap_remove((state % pool.len() as u64) as usize));
    }
    drawn.sort();
    println!("50 changed keys drawn with a fixed seed:");
    for d in drawn {
        println!("  {d}");
    }
    Ok(())
}

/// A count from `swagen routes --stats` (`paths 47, changed 15, merged 2, clashed 0, pinned 0`).
fn stat(text: &str, name: &str) -> usize {
    text.split(',').find_map(|part| part.trim().strip_prefix(name).and_then(|n| n.trim().parse().ok())).unwrap_or(0)
}

fn routes_of(paths: &Paths, spec: &Path) -> Vec<Value> {
    Command::new(&paths.swagen)
        .args(["routes", "--json"])
        .arg(spec)
        .output()
        .ok()
        .and_then(|o| serde_json::from_slice::<Vec<Value>>(&o.stdout).ok())
        .unwrap_or_default()
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    out.retain(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml" || x == "json"));
    out.sort();
    out
}
