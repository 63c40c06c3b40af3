//! `cargo xtask bench [--runs N] [--no-peers] [--no-check]`: swagen against its peers on petstore, Docker and
//! Kubernetes, measured in one run and printed as one Markdown table (the one in BENCHMARKS.md).
//!
//! Per generator and spec: wall time (median of N runs, default 5), peak RSS (GNU `time`'s `%M` when
//! `/usr/bin/time` exists), output lines (`.rs` files), and the `cargo check` time of the generated crate alone
//! (its dependencies built first, then the crate's own files touched and checked again). Peers are installed under
//! `target/tools` on first use: openapi-generator from PyPI (`openapi-generator-cli`, its bundled jar run with
//! `java -jar`), cargo-progenitor with `cargo install`, and npm's `swagger2openapi` to give progenitor the spec as
//! OpenAPI 3. A peer that fails on a spec is shown as failing, with the first line of its complaint.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub struct Options {
    pub runs: usize,
    pub peers: bool,
    pub check: bool,
    /// The compile-time comparison with k8s-openapi (`crate::compiletime`).
    pub compile: bool,
    /// Only the compile-time comparison.
    pub compile_only: bool,
}

pub fn parse_args(args: &[&str]) -> Result<Options, String> {
    let mut o = Options { runs: 5, peers: true, check: true, compile: true, compile_only: false };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--runs" => o.runs = it.next().and_then(|n| n.parse().ok()).ok_or("--runs needs a number")?,
            "--no-peers" => o.peers = false,
            "--no-check" => o.check = false,
            "--no-compile" => o.compile = false,
            "--compile-only" => o.compile_only = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// One measured cell group.
struct Row {
    generator: &'static str,
    spec: &'static str,
    result: Result<Measure, String>,
}

struct Measure {
    wall_median: f64,
    rss_mb: Option<f64>,
    lines: usize,
    check_secs: Option<Result<f64, String>>,
}

pub fn run(root: &Path, o: &Options) -> Result<(), String> {
    let bench = root.join("target/bench");
    let tools = root.join("target/tools");
    std::fs::create_dir_all(&bench).map_err(|e| e.to_string())?;
    let k8s = root.join("../shared/corpus/big/kubernetes__api__openapi-spec__swagger.json");
    let mut specs: Vec<(&'static str, PathBuf)> =
        vec![("petstore", root.join("tests/specs/petstore.yaml")), ("docker", root.join("tests/specs/docker.yaml"))];
    if k8s.is_file() {
        specs.push(("kubernetes", k8s));
    } else {
        eprintln!("bench: {} not found; Kubernetes is skipped", k8s.display());
    }

    eprintln!("bench: building swagen (release)");
    cmd_ok(Command::new(cargo()).current_dir(root).args(["build", "--release", "-p", "swagen"]))?;
    let swagen = root.join("target/release/swagen");
    if o.compile_only {
        println!("{}", crate::compiletime::run(root, &swagen, o.runs.min(3))?);
        return Ok(());
    }
    let mut rows = Vec::new();
    for (name, spec) in &specs {
        let out = bench.join(format!("swagen-{name}"));
        let result = measure(o.runs, &out, || {
            let mut c = Command::new(&swagen);
            c.arg("generate").arg("-q").arg(spec).arg("-o").arg(out.join("src/lib.rs"));
            c
        })
        .and_then(|mut m| {
            if o.check {
                write_swagen_crate(root, &out, name)?;
                m.check_secs = Some(check_time(&out, &bench.join("check-target-swagen")));
            }
            Ok(m)
        });
        rows.push(Row { generator: "swagen", spec: name, result });
    }

    if o.peers {
        match openapi_generator(&tools) {
            Ok(jar) => {
                for (name, spec) in &specs {
                    let out = bench.join(format!("openapi-generator-{name}"));
                    let result = measure(o.runs, &out, || {
                        let mut c = Command::new("java");
                        c.arg("-jar").arg(&jar).args(["generate", "-g", "rust", "--skip-validate-spec", "-i"]);
                        c.arg(spec).arg("-o").arg(&out).args(["--package-name", &format!("oag_{name}")]);
                        c.arg("--additional-properties=packageVersion=0.1.0");
                        c
                    })
                    .map(|mut m| {
                        if o.check {
                            m.check_secs = Some(check_time(&out, &bench.join("check-target-oag")));
                        }
                        m
                    });
                    rows.push(Row { generator: "openapi-generator 7.26 (rust)", spec: name, result });
                }
            }
            Err(e) => rows.push(Row { generator: "openapi-generator 7.26 (rust)", spec: "all", result: Err(e) }),
        }
        match progenitor(root, &tools) {
            Ok((progenitor, s2o)) => {
                for (name, spec) in &specs {
                    let out = bench.join(format!("progenitor-{name}"));
                    let v3 = bench.join(format!("{name}.openapi3.json"));
                    let converted = cmd_ok(Command::new(&s2o).arg(spec).arg("-o").arg(&v3).arg("--patch"));
                    let result = converted.map_err(|e| format!("swagger2openapi: {e}")).and_then(|()| {
                        measure(o.runs, &out, || {
                            let mut c = Command::new(&progenitor);
                            c.arg("progenitor").arg("-i").arg(&v3).arg("-o").arg(&out);
                            c.args(["-n", &format!("prog_{name}"), "-v", "0.1.0"]);
                            c
                        })
                    });
                    let result = result.map(|mut m| {
                        if o.check {
                            m.check_secs = Some(check_time(&out, &bench.join("check-target-progenitor")));
                        }
                        m
                    });
                    rows.push(Row { generator: "progenitor (cargo-progenitor)", spec: name, result });
                }
            }
            Err(e) => rows.push(Row { generator: "progenitor (cargo-progenitor)", spec: "all", result: Err(e) }),
        }
    }
    print_table(&rows, o.runs);
    if o.compile {
        println!("{}", crate::compiletime::run(root, &swagen, o.runs.min(3))?);
    }
    Ok(())
}

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs a command, failing with the first lines of its standard error.
pub(crate) fn cmd_ok(c: &mut Command) -> Result<(), String> {
    let out = c.output().map_err(|e| format!("cannot run {:?}: {e}", c.get_program()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(first_line(&out.stderr, &out.stdout))
    }
}

fn first_line(stderr: &[u8], stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr).into_owned() + &String::from_utf8_lossy(stdout);
    // A panic's message is on the line after "panicked at".
    let lines: Vec<&str> = text.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.contains("panicked at")) {
        if let Some(message) = lines.get(i + 1) {
            return format!("panics: {}", message.chars().take(160).collect::<String>());
        }
    }
    if let Some(l) = lines.iter().find(|l| l.contains("fail:")) {
        return l.chars().take(160).collect();
    }
    let interesting = text
        .lines()
        .find(|l| l.contains("rror") || l.contains("xception") || l.contains("panicked"))
        .or_else(|| text.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("failed without a message");
    interesting.chars().take(160).collect()
}

/// Runs the generator `runs` times into a fresh `out`; the wall time is the median, the RSS the largest seen.
fn measure(runs: usize, out: &Path, make: impl Fn() -> Command) -> Result<Measure, String> {
    let mut walls = Vec::new();
    let mut rss: Option<f64> = None;
    let time = Path::new("/usr/bin/time");
    for _ in 0..runs.max(1) {
        let _ = std::fs::remove_dir_all(out);
        std::fs::create_dir_all(out.join("src")).map_err(|e| e.to_string())?;
        let inner = make();
        let rss_file = out.with_extension("rss");
        let mut c = if time.is_file() {
            let mut c = Command::new(time);
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(inner.get_program()).args(inner.get_args());
            c
        } else {
            inner
        };
        let start = Instant::now();
        let output = c.output().map_err(|e| format!("cannot run: {e}"))?;
        walls.push(start.elapsed().as_secs_f64());
        if !output.status.success() {
            return Err(first_line(&output.stderr, &output.stdout));
        }
        if let Some(kb) = std::fs::read_to_string(&rss_file).ok().and_then(|t| t.trim().parse::<f64>().ok()) {
            rss = Some(rss.unwrap_or(0.0).max(kb / 1024.0));
        }
    }
    walls.sort_by(f64::total_cmp);
    Ok(Measure { wall_median: walls[walls.len() / 2], rss_mb: rss, lines: count_lines(out), check_secs: None })
}

fn count_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                count_lines(&p)
            } else if p.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&p).map(|t| t.lines().count()).unwrap_or(0)
            } else {
                0
            }
        })
        .sum()
}

/// A crate around swagen's module: the runtime is its only dependency.
fn write_swagen_crate(root: &Path, dir: &Path, name: &str) -> Result<(), String> {
    let runtime = root.join("crates/swagen-runtime");
    let manifest = format!(
        "[package]\nname = \"swagen_{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         swagen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}

/// `cargo check` of the generated crate alone: once to build its dependencies, then again after touching its own
/// sources; the second run is the figure.
fn check_time(dir: &Path, target: &Path) -> Result<f64, String> {
    let manifest = dir.join("Cargo.toml");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        // openapi-generator writes `version = "unersioned.0.0"` without packageVersion, which cargo rejects.
        let fixed = text.replace("unersioned.0.0", "0.1.0");
        let fixed = if fixed.contains("[workspace]") { fixed } else { fixed + "\n[workspace]\n" };
        let _ = std::fs::write(&manifest, fixed);
    }
    let check = || {
        let mut c = Command::new(cargo());
        c.current_dir(dir).args(["check", "--quiet", "--target-dir"]).arg(target);
        c
    };
    cmd_ok(&mut check())?;
    touch_sources(&dir.join("src"));
    let start = Instant::now();
    cmd_ok(&mut check())?;
    Ok(start.elapsed().as_secs_f64())
}

fn touch_sources(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for p in entries.filter_map(Result::ok).map(|e| e.path()) {
        if p.is_dir() {
            touch_sources(&p);
        } else if let Ok(f) = std::fs::File::options().append(true).open(&p) {
            let _ = f.set_modified(std::time::SystemTime::now());
        }
    }
}

/// openapi-generator's jar, from PyPI's `openapi-generator-cli` installed into `target/tools/pip`.
fn openapi_generator(tools: &Path) -> Result<PathBuf, String> {
    let pip = tools.join("pip");
    let jar = pip.join("openapi_generator_cli/openapi-generator.jar");
    if !jar.is_file() {
        eprintln!("bench: installing openapi-generator-cli 7.26.0 (PyPI) into {}", pip.display());
        cmd_ok(
            Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--target"])
                .arg(&pip)
                .arg("openapi-generator-cli==7.26.0"),
        )?;
    }
    cmd_ok(Command::new("java").arg("-version")).map_err(|e| format!("java is needed: {e}"))?;
    Ok(jar)
}

/// cargo-progenitor (cargo install) and swagger2openapi (npm), under `target/tools`.
fn progenitor(root: &Path, tools: &Path) -> Result<(PathBuf, PathBuf), String> {
    let bin = tools.join("bin/cargo-progenitor");
    if !bin.is_file() {
        eprintln!("bench: installing cargo-progenitor into {} (a few minutes, once)", tools.display());
        cmd_ok(Command::new(cargo()).args(["install", "cargo-progenitor", "--locked", "--root"]).arg(tools))?;
    }
    let npm = tools.join("npm");
    let s2o = npm.join("node_modules/.bin/swagger2openapi");
    if !s2o.is_file() {
        eprintln!("bench: installing swagger2openapi (npm) into {}", npm.display());
        std::fs::create_dir_all(&npm).map_err(|e| e.to_string())?;
        cmd_ok(
            Command::new("npm")
                .current_dir(root)
                .args(["install", "--silent", "--prefix"])
                .arg(&npm)
                .arg("swagger2openapi@7"),
        )?;
    }
    Ok((bin, s2o))
}

fn print_table(rows: &[Row], runs: usize) {
    println!("| generator | spec | wall (median of {runs}) | peak RSS | lines | `cargo check` of the crate |");
    println!("|---|---|---:|---:|---:|---:|");
    for r in rows {
        match &r.result {
            Ok(m) => {
                let rss = m.rss_mb.map_or("n/a".to_owned(), |v| format!("{v:.0} MB"));
                let check = match &m.check_secs {
                    None => "not run".to_owned(),
                    Some(Ok(s)) => format!("{s:.1} s"),
                    Some(Err(e)) => format!("fails: {}", e.replace('|', "/")),
                };
                println!("| {} | {} | {:.3} s | {rss} | {} | {check} |", r.generator, r.spec, m.wall_median, m.lines);
            }
            Err(e) => println!("| {} | {} | fails: {} | | | |", r.generator, r.spec, e.replace('|', "/")),
        }
    }
}
