//! Compile time of the generated Kubernetes client against the anchor, k8s-openapi 0.29 (`features = ["v1_36"]`,
//! types only), measured in the same run (`cargo xtask bench`, or alone with `cargo xtask bench --compile-only`).
//!
//! Each crate is built once so its dependencies are built (shared target folder per profile), then its own build is
//! timed again, `runs` times (median): for swagen's crates after touching their source, for k8s-openapi after
//! `cargo clean -p k8s-openapi`. Three builds: debug as a dependency is built (full: `CARGO_INCREMENTAL=0`, which is
//! how cargo builds any registry crate, k8s-openapi included), debug as a developer rebuilds a crate of their
//! workspace after an edit (incremental; swagen's crates only, the anchor is never built that way), and release.
//! swagen's rows: the whole client (tests/replay/kubernetes-1.36.json with its overlay, as the replay tests use it)
//! and a one-group subset (`--tags apps_v1`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One crate to build.
struct Subject {
    name: &'static str,
    dir: PathBuf,
    /// How its own build is made fresh before each timed build.
    fresh: Fresh,
}

enum Fresh {
    Touch,
    CleanPackage(&'static str),
}

/// The compile-time table, as Markdown.
pub fn run(root: &Path, swagen: &Path, runs: usize) -> Result<String, String> {
    let base = root.join("target/bench/compile");
    let target = base.join("target");
    let spec = root.join("tests/replay/kubernetes-1.36.json");
    let overlay = root.join("tests/replay/kubernetes-1.36.overlay.yaml");
    let mut subjects = Vec::new();
    for (name, tags) in [("swagen-kubernetes", None), ("swagen-kubernetes-apps-v1", Some("apps_v1"))] {
        let dir = base.join(name);
        let mut c = Command::new(swagen);
        c.args(["generate", "-q"]).arg(&spec).arg("--overlay").arg(&overlay).arg("-o").arg(dir.join("src/lib.rs"));
        if let Some(t) = tags {
            c.args(["--tags", t]);
        }
        super::bench::cmd_ok(&mut c)?;
        write_manifest(
            &dir,
            name,
            &format!("swagen-runtime = {{ path = {:?} }}", path_str(&root.join("crates/swagen-runtime"))),
        )?;
        subjects.push(Subject { name, dir, fresh: Fresh::Touch });
    }
    let anchor = base.join("k8s-openapi");
    write_manifest(&anchor, "anchor", "k8s-openapi = { version = \"=0.29.0\", features = [\"v1_36\"] }")?;
    std::fs::create_dir_all(anchor.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(anchor.join("src/lib.rs"), "//! k8s-openapi, built for the comparison.\npub use k8s_openapi;\n")
        .map_err(|e| e.to_string())?;
    subjects.push(Subject { name: "k8s-openapi 0.29 (v1_36)", dir: anchor, fresh: Fresh::CleanPackage("k8s-openapi") });

    let mut rows: Vec<(String, &str, f64)> = Vec::new();
    for (profile, release, incremental) in
        [("debug", false, false), ("incremental", false, true), ("release", true, false)]
    {
        for s in &subjects {
            if incremental && matches!(s.fresh, Fresh::CleanPackage(_)) {
                continue;
            }
            eprintln!("bench: compile time of {} ({profile})", s.name);
            let secs = time_build(s, &target, (release, incremental), runs)?;
            rows.push((s.name.to_owned(), profile, secs));
        }
    }
    Ok(table(&rows, &subjects, runs))
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

fn write_manifest(dir: &Path, name: &str, dependency: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{dependency}\n\n[workspace]\n",
        name.replace('-', "_")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}

/// The median time of `runs` builds of the subject's own code (dependencies already built).
fn time_build(s: &Subject, target: &Path, (release, incremental): (bool, bool), runs: usize) -> Result<f64, String> {
    let build = || {
        let mut c = Command::new(super::bench::cargo());
        c.current_dir(&s.dir).args(["build", "--quiet", "--target-dir"]).arg(target);
        c.env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" });
        if release {
            c.arg("--release");
        }
        c
    };
    super::bench::cmd_ok(&mut build())?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        match s.fresh {
            Fresh::Touch => touch(&s.dir.join("src/lib.rs")),
            Fresh::CleanPackage(package) => {
                let mut c = Command::new(super::bench::cargo());
                c.current_dir(&s.dir).args(["clean", "--quiet", "-p", package, "--target-dir"]).arg(target);
                if release {
                    c.arg("--release");
                }
                super::bench::cmd_ok(&mut c)?;
            }
        }
        let start = Instant::now();
        super::bench::cmd_ok(&mut build())?;
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn touch(file: &Path) {
    if let Ok(f) = std::fs::File::options().append(true).open(file) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

fn lines(file: &Path) -> usize {
    std::fs::read_to_string(file).map(|t| t.lines().count()).unwrap_or(0)
}

fn table(rows: &[(String, &str, f64)], subjects: &[Subject], runs: usize) -> String {
    let anchor = |profile: &str| rows.iter().find(|r| r.0.starts_with("k8s-openapi") && r.1 == profile).map(|r| r.2);
    let mut out = format!(
        "\nCompile time of the crate alone, dependencies prebuilt (median of {runs}; 2-core machine)\n\n\
         | crate | lines | debug (s) | vs k8s-openapi | release (s) | vs k8s-openapi | debug, incremental rebuild (s) |\n\
         |---|---|---|---|---|---|---|\n"
    );
    for s in subjects {
        let of = |profile: &str| rows.iter().find(|r| r.0 == s.name && r.1 == profile).map(|r| r.2);
        let cell = |profile: &str| match (of(profile), anchor(profile)) {
            (Some(t), Some(a)) => format!("{t:.1} | {:.2}×", t / a),
            (Some(t), None) => format!("{t:.1} | –"),
            _ => "– | –".to_owned(),
        };
        let n =
            if s.name.starts_with("swagen") { lines(&s.dir.join("src/lib.rs")).to_string() } else { "–".to_owned() };
        let incremental = of("incremental").map_or("–".to_owned(), |t| format!("{t:.1}"));
        out.push_str(&format!("| {} | {n} | {} | {} | {incremental} |\n", s.name, cell("debug"), cell("release")));
    }
    out
}
