//! `cargo xtask corpus`: how much of the real-world corpus swagen generates, and how much of that compiles and is
//! clippy-clean.
//!
//! 1. Every `*.yaml`, `*.yml`, `*.json` under each folder is generated in-process (a panic counts as a failure).
//! 2. The generated modules are written into throw-away crates (`target/corpus/<folder>/c<k>/src/s<nnnn>_<name>.rs`,
//!    [`MODULES_PER_CRATE`] per crate), all members of one generated workspace at `target/corpus/`, which uses the
//!    main workspace's `Cargo.lock` and its own target dir `target/corpus-target` (dependencies build once).
//! 3. `cargo check --workspace --keep-going --message-format=json` maps every error to its module, hence its spec.
//!    rustc may stop before type-checking when name resolution fails somewhere in a crate, so failing modules are
//!    dropped from their `lib.rs` and the check re-run (up to [`MAX_ROUNDS`] rounds): every module counted as
//!    compiled was in a crate that built cleanly.
//! 4. `cargo clippy ... -- -D warnings` the same way over the modules that compiled.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead as _;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Generated modules per corpus crate.
pub const MODULES_PER_CRATE: usize = 60;
/// Check (or clippy) rounds at most; each round drops the modules that failed in the previous one.
pub const MAX_ROUNDS: usize = 3;
/// Generation threads (the machine this runs on has 2 cores).
const WORKERS: usize = 2;
/// Generation recurses over schemas; give the workers a main-thread-sized stack and more.
const WORKER_STACK: usize = 64 << 20;
/// Module names keep at most this much of the sanitised spec path.
const MAX_NAME: usize = 48;

/// Command-line options of `cargo xtask corpus`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Spec folders; empty means the default three under `../shared/corpus`.
    pub dirs: Vec<PathBuf>,
    pub json: Option<PathBuf>,
    /// Take only the first N specs of each folder.
    pub limit: Option<usize>,
    pub clippy: bool,
}

/// Parses the arguments after `corpus`.
pub fn parse_args(args: &[&str]) -> Result<Options, String> {
    let mut opts = Options { clippy: true, ..Options::default() };
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let mut value = || it.next().copied().ok_or_else(|| format!("{arg} needs a value"));
        match arg {
            "--dir" => opts.dirs.push(PathBuf::from(value()?)),
            "--json" => opts.json = Some(PathBuf::from(value()?)),
            "--limit" => {
                let v = value()?;
                opts.limit = Some(v.parse().map_err(|_| format!("--limit: not a count: {v}"))?);
            }
            "--no-clippy" => opts.clippy = false,
            other => return Err(format!("unknown corpus option: {other}")),
        }
    }
    Ok(opts)
}

/// The stage a spec failed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Generate,
    Compile,
    Clippy,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Generate => "generate",
            Stage::Compile => "compile",
            Stage::Clippy => "clippy",
        }
    }

    fn cargo_subcommand(self) -> &'static str {
        if self == Stage::Clippy {
            "clippy"
        } else {
            "check"
        }
    }

    /// Which compiler message levels fail a module at this stage.
    fn counts(self, level: &str) -> bool {
        match self {
            Stage::Clippy => matches!(level, "error" | "warning"),
            _ => level == "error",
        }
    }
}

/// One spec folder.
#[derive(Clone, Debug)]
struct Folder {
    /// The folder's last path component, made safe for package names (`guru`).
    label: String,
    dir: PathBuf,
}

/// One spec, where its module goes, and what became of it.
#[derive(Clone, Debug)]
struct Spec {
    folder: usize,
    path: PathBuf,
    /// Path relative to its folder, `/`-separated.
    rel: String,
    krate: usize,
    /// The module name (`s0001_amazonaws_com_acm`); unique within its folder.
    module: String,
    generated: bool,
    /// The stage the spec failed at, if any.
    failed: Option<Stage>,
    reason: String,
    /// Generator warnings (repairs).
    warnings: usize,
}

impl Spec {
    fn live(&self) -> bool {
        self.generated && self.failed.is_none()
    }

    fn fail(&mut self, stage: Stage, reason: String) {
        if self.failed.is_none() {
            self.failed = Some(stage);
            self.reason = reason;
        }
    }
}

/// One generated crate.
#[derive(Clone, Debug)]
struct Krate {
    /// Path relative to the corpus workspace (`guru/c1`).
    rel: String,
    name: String,
    /// Indexes into the spec list.
    specs: Vec<usize>,
}

/// Everything one run works on.
struct Corpus {
    root: PathBuf,
    /// `target/corpus`.
    ws: PathBuf,
    target_dir: PathBuf,
    folders: Vec<Folder>,
    specs: Vec<Spec>,
    krates: Vec<Krate>,
}

/// Wall time and round count of one phase.
#[derive(Clone, Copy, Debug, Default)]
struct Timing {
    time: Duration,
    rounds: usize,
}

/// Runs the whole measurement and prints the report. `Err` only for infrastructure failures.
pub fn run(root: &Path, opts: &Options) -> Result<(), String> {
    let dirs = if opts.dirs.is_empty() {
        ["guru", "evangelist", "big", "peers/go-swagger"]
            .iter()
            .map(|d| root.join("../shared/corpus").join(d))
            .collect()
    } else {
        opts.dirs.clone()
    };
    let mut corpus = Corpus::discover(root, &dirs, opts.limit)?;
    eprintln!("corpus: {} specs in {} folder(s)", corpus.specs.len(), corpus.folders.len());

    let started = Instant::now();
    corpus.generate_all()?;
    let generate = Timing { time: started.elapsed(), rounds: 1 };

    corpus.write_workspace()?;
    let compile = corpus.verify(Stage::Compile)?;
    let clippy = if opts.clippy { Some(corpus.verify(Stage::Clippy)?) } else { None };

    corpus.print_report(generate, compile, clippy);
    if let Some(path) = &opts.json {
        let report = corpus.json_report(opts.clippy, generate, compile, clippy);
        let text = serde_json::to_string_pretty(&report).map_err(|e| format!("cannot render the JSON report: {e}"))?;
        std::fs::write(path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Discovery and layout

impl Corpus {
    fn discover(root: &Path, dirs: &[PathBuf], limit: Option<usize>) -> Result<Corpus, String> {
        let ws = root.join("target/corpus");
        std::fs::create_dir_all(&ws).map_err(|e| format!("cannot create {}: {e}", ws.display()))?;
        let ws = ws.canonicalize().map_err(|e| format!("cannot open {}: {e}", ws.display()))?;
        let mut corpus = Corpus {
            root: root.to_path_buf(),
            target_dir: root.join("target/corpus-target"),
            ws,
            folders: Vec::new(),
            specs: Vec::new(),
            krates: Vec::new(),
        };
        for dir in dirs {
            let dir = dir.canonicalize().map_err(|e| format!("cannot open spec folder {}: {e}", dir.display()))?;
            let label = corpus.unique_label(&dir);
            let mut files = Vec::new();
            collect_specs(&dir, &mut files)?;
            files.sort();
            // Parts of split specs (`Pet.yaml`, `parameters.yaml` beside a `swagger.yaml` that refers to them) are
            // not documents of their own: they are generated through the spec that refers to them.
            // A folder listed in a `MANIFEST.tsv` beside it (`kind` `spec` or `part` per file) says it itself.
            let manifest = manifest_kinds(&dir);
            let (specs, parts): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|f| match &manifest {
                Some(kinds) => kinds.get(f).is_some_and(|k| k == "spec"),
                None => is_document(f),
            });
            for p in &parts {
                let rel = p.strip_prefix(&dir).unwrap_or(p).display();
                if manifest.is_some() {
                    println!("SKIP {label}/{rel}: listed as a part (a file other specs refer to) in MANIFEST.tsv");
                } else {
                    println!(
                        "SKIP {label}/{rel}: no `swagger`, `openapi` or `swaggerVersion` field: a part of a split spec"
                    );
                }
            }
            let mut files = specs;
            files.truncate(limit.unwrap_or(usize::MAX));
            corpus.add_folder(Folder { label, dir }, files);
        }
        Ok(corpus)
    }

    fn unique_label(&self, dir: &Path) -> String {
        let base = dir.file_name().map(|n| sanitize(&n.to_string_lossy(), '-')).unwrap_or_default();
        let base = if base.is_empty() { "specs".to_owned() } else { base };
        let mut label = base.clone();
        let mut n = 1;
        while self.folders.iter().any(|f| f.label == label) {
            n += 1;
            label = format!("{base}-{n}");
        }
        label
    }

    /// Adds a folder's specs; consecutive runs of [`MODULES_PER_CRATE`] specs share a crate.
    fn add_folder(&mut self, folder: Folder, files: Vec<PathBuf>) {
        let folder_index = self.folders.len();
        for (i, path) in files.into_iter().enumerate() {
            if i % MODULES_PER_CRATE == 0 {
                let k = i / MODULES_PER_CRATE + 1;
                self.krates.push(Krate {
                    rel: format!("{}/c{k}", folder.label),
                    name: format!("corpus-{}-c{k}", folder.label),
                    specs: Vec::new(),
                });
            }
            let rel = path.strip_prefix(&folder.dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
            let mut name = sanitize(&stem.to_lowercase(), '_');
            name.truncate(MAX_NAME);
            let krate = self.krates.len() - 1;
            self.krates[krate].specs.push(self.specs.len());
            self.specs.push(Spec {
                folder: folder_index,
                module: format!("s{:04}_{}", i + 1, name.trim_end_matches('_')),
                path,
                rel,
                krate,
                generated: false,
                failed: None,
                reason: String::new(),
                warnings: 0,
            });
        }
        self.folders.push(folder);
    }

    fn module_file(&self, spec: &Spec) -> PathBuf {
        self.ws.join(&self.krates[spec.krate].rel).join("src").join(format!("{}.rs", spec.module))
    }
}

/// The `kind` (`spec` or `part`) of every file under `dir` that a `MANIFEST.tsv` in its parent folder lists
/// (column `local_path` relative to that parent, column `kind`); `None` without one.
fn manifest_kinds(dir: &Path) -> Option<std::collections::HashMap<PathBuf, String>> {
    let parent = dir.parent()?;
    let text = std::fs::read_to_string(parent.join("MANIFEST.tsv")).ok()?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split('\t').collect();
    let (kind, path) = (header.iter().position(|h| *h == "kind")?, header.iter().position(|h| *h == "local_path")?);
    let kinds: std::collections::HashMap<PathBuf, String> = lines
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let file = parent.join(cols.get(path)?).canonicalize().ok()?;
            let kind = (*cols.get(kind)?).to_owned();
            file.starts_with(dir).then_some((file, kind))
        })
        .collect();
    (!kinds.is_empty()).then_some(kinds)
}

/// Whether a file is a whole API document (it names its format at the top), not a part of a split one.
fn is_document(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else { return true }; // unreadable: let generation report it
    let keys = ["swagger", "openapi", "swaggerVersion"];
    keys.iter().any(|k| {
        text.contains(&format!("\"{k}\""))
            || text
                .lines()
                .map(str::trim_start)
                .any(|l| l.starts_with(&format!("{k}:")) || l.starts_with(&format!("'{k}':")))
    })
}

/// Every `*.yaml`, `*.yml`, `*.json` file under `dir`, recursively.
fn collect_specs(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect_specs(&path, out)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            out.push(path);
        }
    }
    Ok(())
}

/// ASCII letters and digits kept, every other run of characters becomes one `sep`; trimmed of `sep`.
fn sanitize(s: &str, sep: char) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    out.trim_end_matches(sep).to_owned()
}

// ---------------------------------------------------------------------------------------------------------------
// Generation

/// What generating one spec gave.
enum Generation {
    Ok { warnings: usize },
    Failed { warnings: usize, reason: String },
}

impl Corpus {
    /// Generates every spec on [`WORKERS`] threads, writing each module as soon as it is generated.
    fn generate_all(&mut self) -> Result<(), String> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, Generation)>> = Mutex::new(Vec::new());
        let this = &*self;
        let outcome: Result<(), String> = std::thread::scope(|s| {
            let mut handles = Vec::new();
            for _ in 0..WORKERS {
                let worker = || this.generate_worker(&next, &results);
                let handle = std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, worker)
                    .map_err(|e| format!("cannot start a generation thread: {e}"))?;
                handles.push(handle);
            }
            for h in handles {
                h.join().map_err(|_| "a generation thread died".to_owned())??;
            }
            Ok(())
        });
        outcome?;
        let results = results.into_inner().map_err(|_| "a generation thread died".to_owned())?;
        for (i, g) in results {
            let spec = &mut self.specs[i];
            match g {
                Generation::Ok { warnings } => {
                    spec.generated = true;
                    spec.warnings = warnings;
                }
                Generation::Failed { warnings, reason } => {
                    spec.warnings = warnings;
                    spec.fail(Stage::Generate, reason);
                }
            }
        }
        Ok(())
    }

    fn generate_worker(&self, next: &AtomicUsize, results: &Mutex<Vec<(usize, Generation)>>) -> Result<(), String> {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(spec) = self.specs.get(i) else { return Ok(()) };
            let g = self.generate_one(spec)?;
            results.lock().map_err(|_| "a generation thread died".to_owned())?.push((i, g));
        }
    }

    /// Generates one spec and writes its module. `Err` only when the module cannot be written.
    fn generate_one(&self, spec: &Spec) -> Result<Generation, String> {
        let label = format!("{}/{}", self.folders[spec.folder].label, spec.rel);
        let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
            // External `$ref`s may reach anywhere in the corpus folder (petstore-separate's `spec/` refers to
            // `../common/`).
            let dir = &self.folders[spec.folder].dir;
            swagen::Generator::new(&spec.path).source_label(&label).allow_ref_dir(dir).generate()
        }));
        let generated = match caught {
            Ok(Ok(g)) => g,
            Ok(Err(failure)) => return Ok(failed(&failure)),
            Err(payload) => {
                return Ok(Generation::Failed { warnings: 0, reason: format!("PANIC: {}", panic_text(&*payload)) })
            }
        };
        let file = self.module_file(spec);
        swagen::write_atomic(&file, generated.code.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(Generation::Ok { warnings: generated.warnings.len() })
    }
}

/// A generation failure: its first error, on one line.
fn failed(failure: &swagen::Failure) -> Generation {
    let warnings = failure.diagnostics.iter().filter(|d| !d.is_error()).count();
    let reason = match failure.diagnostics.iter().find(|d| d.is_error()) {
        Some(d) => {
            let at = match &d.location {
                swagen::Location::File => String::new(),
                swagen::Location::LineColumn { line, column } => format!(" at {line}:{column}"),
                swagen::Location::Pointer(p) if p != "#" => format!(" at {p}"),
                swagen::Location::Pointer(_) => String::new(),
            };
            format!("error[{}]: {}{at}", d.code, first_line(&d.message))
        }
        None => "no client generated, and no error reported".to_owned(),
    };
    Generation::Failed { warnings, reason }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        first_line(s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        first_line(s).to_owned()
    } else {
        "(no message)".to_owned()
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default().trim()
}

// ---------------------------------------------------------------------------------------------------------------
// The corpus workspace

impl Corpus {
    /// Writes every crate's `Cargo.toml`, the workspace manifest and `Cargo.lock` (modules are written already).
    fn write_workspace(&self) -> Result<(), String> {
        let runtime = self.root.join("crates/swagen-runtime");
        let runtime = runtime.canonicalize().map_err(|e| format!("cannot find {}: {e}", runtime.display()))?;
        let mut members = Vec::new();
        for k in self.krates.iter().filter(|k| k.specs.iter().any(|&i| self.specs[i].generated)) {
            let manifest = format!(
                "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nswagen-runtime = {{ path = {} }}\n",
                k.name,
                toml_string(&runtime.to_string_lossy())
            );
            write(&self.ws.join(&k.rel).join("Cargo.toml"), &manifest)?;
            members.push(format!("    {},\n", toml_string(&k.rel)));
        }
        let manifest = format!(
            "# Written by `cargo xtask corpus`; a workspace of its own so it stays out of the main one.\n\
             [workspace]\nresolver = \"2\"\nmembers = [\n{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
            members.concat()
        );
        write(&self.ws.join("Cargo.toml"), &manifest)?;
        let lock = self.root.join("Cargo.lock");
        std::fs::copy(&lock, self.ws.join("Cargo.lock")).map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
        Ok(())
    }

    /// Rewrites each crate's `lib.rs` to declare its live modules only.
    fn write_lib_files(&self) -> Result<(), String> {
        for k in &self.krates {
            if !k.specs.iter().any(|&i| self.specs[i].generated) {
                continue;
            }
            let lib: String = k
                .specs
                .iter()
                .map(|&i| &self.specs[i])
                .filter(|s| s.live())
                .map(|s| format!("pub mod {};\n", s.module))
                .collect();
            write(&self.ws.join(&k.rel).join("src/lib.rs"), &lib)?;
        }
        Ok(())
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes `text` to `path`, leaving the file untouched (mtime kept) when it already holds it.
fn write(path: &Path, text: &str) -> Result<(), String> {
    swagen::write_atomic(path, text.as_bytes()).map(|_| ()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------------------------
// Checking

/// One compiler message that fails a module (or a crate, when no module is named).
#[derive(Clone, Debug)]
struct Finding {
    krate: usize,
    /// The spec whose module the message points into.
    spec: Option<usize>,
    reason: String,
}

impl Corpus {
    /// Runs `cargo check` (or clippy) until every remaining module is in a clean crate, at most [`MAX_ROUNDS`] times.
    fn verify(&mut self, stage: Stage) -> Result<Timing, String> {
        let started = Instant::now();
        let mut rounds = 0;
        let mut failing = Vec::new();
        while rounds < MAX_ROUNDS {
            self.write_lib_files()?;
            let live = self.specs.iter().filter(|s| s.live()).count();
            if live == 0 {
                break;
            }
            rounds += 1;
            eprintln!("corpus: cargo {} round {rounds}: {live} module(s)", stage.cargo_subcommand());
            let findings = self.run_cargo(stage)?;
            failing = self.apply_findings(stage, &findings);
            if failing.is_empty() {
                break;
            }
        }
        self.mark_unproven(stage, &failing);
        self.write_lib_files()?;
        Ok(Timing { time: started.elapsed(), rounds })
    }

    /// Fails the modules the findings name; a crate with only crate-level findings fails all its live modules.
    /// Returns the crates that had findings.
    fn apply_findings(&mut self, stage: Stage, findings: &[Finding]) -> Vec<usize> {
        let mut by_crate: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
        for f in findings {
            by_crate.entry(f.krate).or_default().push(f);
        }
        for (&k, list) in &by_crate {
            let named: Vec<&&Finding> = list.iter().filter(|f| f.spec.is_some()).collect();
            if named.is_empty() {
                let reason = format!("crate {}: {}", self.krates[k].rel, list[0].reason);
                for i in self.krates[k].specs.clone() {
                    if self.specs[i].live() {
                        self.specs[i].fail(stage, reason.clone());
                    }
                }
            }
            for f in named {
                if let Some(i) = f.spec {
                    self.specs[i].fail(stage, f.reason.clone());
                }
            }
        }
        by_crate.into_keys().collect()
    }

    /// After the last round, the modules left in crates that still failed were never proven clean.
    fn mark_unproven(&mut self, stage: Stage, failing: &[usize]) {
        for &k in failing {
            let reason = format!("not proven: crate {} still failed after {MAX_ROUNDS} rounds", self.krates[k].rel);
            for i in self.krates[k].specs.clone() {
                if self.specs[i].live() {
                    self.specs[i].fail(stage, reason.clone());
                }
            }
        }
    }

    /// Runs cargo over the corpus workspace and returns the messages that fail modules at `stage`.
    fn run_cargo(&self, stage: Stage) -> Result<Vec<Finding>, String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut cmd = Command::new(&cargo);
        cmd.arg(stage.cargo_subcommand())
            .args(["--workspace", "--keep-going", "--message-format=json", "--target-dir"])
            .arg(&self.target_dir)
            .current_dir(&self.ws)
            .stdout(Stdio::piped());
        if stage == Stage::Clippy {
            cmd.args(["--", "-D", "warnings"]);
        }
        let mut child = cmd.spawn().map_err(|e| format!("cannot run {cargo}: {e}"))?;
        let stdout = child.stdout.take().ok_or_else(|| "cargo's output is not piped".to_owned())?;
        let index = self.module_index();
        let mut findings = Vec::new();
        let mut foreign = None;
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("cannot read cargo's output: {e}"))?;
            let Ok(msg) = serde_json::from_str::<Value>(&line) else { continue };
            match self.finding(stage, &msg, &index) {
                Some(Ok(f)) => findings.push(f),
                Some(Err(e)) => foreign = foreign.or(Some(e)),
                None => {}
            }
        }
        let status = child.wait().map_err(|e| format!("cannot wait for cargo: {e}"))?;
        if let Some(e) = foreign {
            return Err(format!("a dependency of the corpus crates failed to build: {e}"));
        }
        if !status.success() && findings.is_empty() {
            return Err(format!(
                "cargo {} failed in {} without a compiler error ({status})",
                stage.cargo_subcommand(),
                self.ws.display()
            ));
        }
        Ok(findings)
    }

    /// `(crate manifest path) → (crate, module name → spec)`.
    fn module_index(&self) -> HashMap<PathBuf, (usize, HashMap<&str, usize>)> {
        let mut index = HashMap::new();
        for (k, krate) in self.krates.iter().enumerate() {
            let modules = krate.specs.iter().map(|&i| (self.specs[i].module.as_str(), i)).collect();
            index.insert(self.ws.join(&krate.rel).join("Cargo.toml"), (k, modules));
        }
        index
    }

    /// The finding a cargo JSON message makes, if any; `Err` for an error in a package outside the corpus.
    fn finding(
        &self,
        stage: Stage,
        msg: &Value,
        index: &HashMap<PathBuf, (usize, HashMap<&str, usize>)>,
    ) -> Option<Result<Finding, String>> {
        if msg["reason"] != "compiler-message" {
            return None;
        }
        let diag = &msg["message"];
        let level = diag["level"].as_str().unwrap_or_default();
        if !stage.counts(level) || is_summary(diag) {
            return None;
        }
        let manifest = PathBuf::from(msg["manifest_path"].as_str().unwrap_or_default());
        let Some((krate, modules)) = index.get(&manifest) else {
            return (level == "error").then(|| Err(format!("{}: {}", manifest.display(), one_line(diag))));
        };
        let located = module_span(diag, modules);
        let reason = match located {
            Some((_, span)) => format!("{} at line {}{}", one_line(diag), span["line_start"], span_text(span)),
            None => one_line(diag),
        };
        Some(Ok(Finding { krate: *krate, spec: located.map(|(i, _)| i), reason }))
    }
}

/// `error[E0308]: mismatched types` or `warning[clippy::too_many_arguments]: this function has ...`.
fn one_line(diag: &Value) -> String {
    let level = diag["level"].as_str().unwrap_or("error");
    let text = first_line(diag["message"].as_str().unwrap_or_default());
    match diag["code"]["code"].as_str() {
        Some(code) => format!("{level}[{code}]: {text}"),
        None => format!("{level}: {text}"),
    }
}

/// rustc's closing "aborting due to…" / "N warnings emitted" messages.
fn is_summary(diag: &Value) -> bool {
    let no_spans = diag["spans"].as_array().is_none_or(|s| s.is_empty());
    let text = diag["message"].as_str().unwrap_or_default();
    no_spans && (text.starts_with("aborting due to") || text.ends_with("emitted"))
}

/// The first span (primary ones first, then macro expansion sites) in one of the crate's modules.
fn module_span<'a>(diag: &'a Value, modules: &HashMap<&str, usize>) -> Option<(usize, &'a Value)> {
    let spans = diag["spans"].as_array()?;
    let primary = spans.iter().filter(|s| s["is_primary"] == true);
    let others = spans.iter().filter(|s| s["is_primary"] != true);
    for top in primary.chain(others) {
        let mut span = top;
        loop {
            let file = Path::new(span["file_name"].as_str().unwrap_or_default());
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            if let Some(&i) = modules.get(stem) {
                return Some((i, span));
            }
            match span.get("expansion").and_then(|e| e.get("span")) {
                Some(next) if next.is_object() => span = next,
                _ => break,
            }
        }
    }
    None
}

/// `: `the source line``, trimmed and shortened, or nothing.
fn span_text(span: &Value) -> String {
    let text = span["text"][0]["text"].as_str().unwrap_or_default().trim();
    if text.is_empty() {
        return String::new();
    }
    let short: String = text.chars().take(100).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!(": `{short}{more}`")
}

// ---------------------------------------------------------------------------------------------------------------
// Report

/// Per-folder counts.
#[derive(Clone, Copy, Debug, Default)]
struct Summary {
    total: usize,
    generated: usize,
    compiled: usize,
    clippy_clean: usize,
}

impl Spec {
    fn compiled(&self) -> bool {
        self.generated && matches!(self.failed, None | Some(Stage::Clippy))
    }
}

impl Corpus {
    fn summary(&self, folder: Option<usize>) -> Summary {
        let mut s = Summary::default();
        for spec in self.specs.iter().filter(|s| folder.is_none_or(|f| s.folder == f)) {
            s.total += 1;
            s.generated += usize::from(spec.generated);
            s.compiled += usize::from(spec.compiled());
            s.clippy_clean += usize::from(spec.live());
        }
        s
    }

    fn print_report(&self, generate: Timing, compile: Timing, clippy: Option<Timing>) {
        for spec in self.specs.iter().filter(|s| s.failed.is_some()) {
            let stage = spec.failed.map_or("", Stage::as_str);
            println!("FAIL {}/{}: {stage}: {}", self.folders[spec.folder].label, spec.rel, spec.reason);
        }
        let line = |name: &str, s: Summary| {
            let clean = if clippy.is_some() { s.clippy_clean.to_string() } else { "-".to_owned() };
            let n = s.total;
            println!("{name}: generated {}/{n}, compiled {}/{n}, clippy-clean {clean}/{n}", s.generated, s.compiled);
        };
        for (i, f) in self.folders.iter().enumerate() {
            line(&f.label, self.summary(Some(i)));
        }
        if self.folders.len() > 1 {
            line("total", self.summary(None));
        }
        let clippy = clippy.map_or("skipped".to_owned(), timing);
        let generate = generate.time.as_secs_f64();
        println!("time: generate {generate:.1}s, compile {}, clippy {clippy}", timing(compile));
    }

    fn json_report(&self, with_clippy: bool, generate: Timing, compile: Timing, clippy: Option<Timing>) -> Value {
        let specs: Vec<Value> = self
            .specs
            .iter()
            .map(|s| {
                json!({
                    "folder": self.folders[s.folder].label,
                    "path": s.rel,
                    "generated": s.generated,
                    "compiled": s.compiled(),
                    "clippy_clean": if with_clippy { json!(s.live()) } else { Value::Null },
                    "stage": s.failed.map(Stage::as_str),
                    "reason": if s.failed.is_some() { json!(s.reason) } else { Value::Null },
                    "warnings": s.warnings,
                })
            })
            .collect();
        let summary = |label: &str, s: Summary| {
            json!({
                "folder": label,
                "total": s.total,
                "generated": s.generated,
                "compiled": s.compiled,
                "clippy_clean": if with_clippy { json!(s.clippy_clean) } else { Value::Null },
            })
        };
        let mut summaries: Vec<Value> =
            self.folders.iter().enumerate().map(|(i, f)| summary(&f.label, self.summary(Some(i)))).collect();
        summaries.push(summary("total", self.summary(None)));
        let secs = |t: Timing| json!({ "seconds": t.time.as_secs_f64(), "rounds": t.rounds });
        json!({
            "specs": specs,
            "summaries": summaries,
            "timings": {
                "generate": { "seconds": generate.time.as_secs_f64() },
                "compile": secs(compile),
                "clippy": clippy.map(secs),
            },
        })
    }
}

fn timing(t: Timing) -> String {
    let plural = if t.rounds == 1 { "" } else { "s" };
    format!("{:.1}s ({} round{plural})", t.time.as_secs_f64(), t.rounds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options() {
        let opts =
            parse_args(&["--dir", "a", "--dir", "b", "--limit", "3", "--no-clippy", "--json", "r.json"]).unwrap();
        assert_eq!(opts.dirs, vec![PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(opts.limit, Some(3));
        assert_eq!(opts.json, Some(PathBuf::from("r.json")));
        assert!(!opts.clippy);
        assert!(parse_args(&[]).unwrap().clippy);
        assert!(parse_args(&["--limit"]).is_err());
        assert!(parse_args(&["--limit", "x"]).is_err());
        assert!(parse_args(&["--frobnicate"]).is_err());
    }

    #[test]
    fn sanitizes_module_names() {
        assert_eq!(sanitize("amazonaws.com__acm__2015-12-08", '_'), "amazonaws_com_acm_2015_12_08");
        assert_eq!(sanitize("extra/oai-examples-v2.0/json/petstore", '_'), "extra_oai_examples_v2_0_json_petstore");
        assert_eq!(sanitize("--x--", '-'), "x");
    }

    #[test]
    fn maps_a_compiler_error_to_its_module() {
        let modules: HashMap<&str, usize> = [("s0002_b", 7)].into_iter().collect();
        let diag = json!({
            "level": "error",
            "message": "mismatched types\nmore",
            "code": { "code": "E0308" },
            "spans": [
                { "file_name": "guru/c1/src/lib.rs", "is_primary": false, "line_start": 1, "text": [] },
                { "file_name": "guru/c1/src/s0002_b.rs", "is_primary": true, "line_start": 12,
                  "text": [{ "text": "    let x: u8 = \"a\";" }] },
            ],
        });
        let (spec, span) = module_span(&diag, &modules).unwrap();
        assert_eq!(spec, 7);
        assert_eq!(span["line_start"], 12);
        assert_eq!(one_line(&diag), "error[E0308]: mismatched types");
        assert_eq!(span_text(span), ": `let x: u8 = \"a\";`");
        assert!(is_summary(&json!({ "message": "aborting due to 3 previous errors", "spans": [] })));
        assert!(!is_summary(&diag));
    }
}
