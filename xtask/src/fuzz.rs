//! `cargo xtask fuzz [--minutes N | --seconds N]`: a bounded libFuzzer run of `fuzz/fuzz_targets/pipeline.rs`.
//!
//! Installs cargo-fuzz into `target/tools` on first use, seeds `target/fuzz-corpus/pipeline` from the project's own
//! specs and the small specs of `../shared/corpus/` (when present), and runs on the stable toolchain with
//! `RUSTC_BOOTSTRAP=1` and no sanitizer. Exits non-zero when libFuzzer finds a crash (kept in `fuzz/artifacts/`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Seeds larger than this are skipped: libFuzzer mutates small inputs best, and `-max_len` bounds them anyway.
const MAX_SEED_BYTES: u64 = 64 * 1024;
const MAX_LEN: u64 = 128 * 1024;

pub fn parse_args(args: &[&str]) -> Result<u64, String> {
    match args {
        [] => Ok(600),
        ["--minutes", n] => n.parse::<u64>().map(|m| m * 60).map_err(|e| format!("--minutes {n}: {e}")),
        ["--seconds", n] => n.parse::<u64>().map_err(|e| format!("--seconds {n}: {e}")),
        _ => Err("usage: cargo xtask fuzz [--minutes N | --seconds N]".into()),
    }
}

pub fn run(root: &Path, seconds: u64) -> Result<(), String> {
    let tools = root.join("target/tools");
    let cargo_fuzz = tools.join("bin/cargo-fuzz");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if !cargo_fuzz.is_file() {
        eprintln!("fuzz: installing cargo-fuzz into {}", tools.display());
        let status = Command::new(&cargo)
            .args(["install", "cargo-fuzz", "--locked", "--root"])
            .arg(&tools)
            .status()
            .map_err(|e| format!("cannot run cargo install: {e}"))?;
        if !status.success() {
            return Err("cargo install cargo-fuzz failed".into());
        }
    }
    let corpus = root.join("target/fuzz-corpus/pipeline");
    std::fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let mut seeds = 0;
    let shared = root.join("../shared/corpus");
    let dirs = [root.join("fuzz/seeds"), root.join("specs"), root.join("tests/specs"), root.join("tests/bad-specs")];
    for dir in dirs.iter().chain([shared.join("guru"), shared.join("evangelist"), shared.join("big")].iter()) {
        seeds += copy_seeds(dir, &corpus)?;
    }
    eprintln!("fuzz: {seeds} seed files copied into {}; running for {seconds} s", corpus.display());
    let status = Command::new(&cargo_fuzz)
        .current_dir(root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", "--sanitizer", "none", "--fuzz-dir", "fuzz", "--target-dir"])
        .arg(root.join("target/fuzz-target"))
        .arg("pipeline")
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-max_len={MAX_LEN}"))
        .args(["-timeout=20", "-rss_limit_mb=4096", "-print_final_stats=1"])
        .status()
        .map_err(|e| format!("cannot run cargo-fuzz: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("libFuzzer stopped with {status}: a crash input is in fuzz/artifacts/pipeline/"))
    }
}

/// Copies the spec files of `dir` (recursively) that are small enough; returns how many.
fn copy_seeds(dir: &Path, corpus: &Path) -> Result<usize, String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(0) };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut n = 0;
    for p in paths {
        if p.is_dir() {
            n += copy_seeds(&p, corpus)?;
            continue;
        }
        let spec = p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
        let small = std::fs::metadata(&p).is_ok_and(|m| m.len() <= MAX_SEED_BYTES);
        if spec && small {
            let name = p.to_string_lossy().replace(['/', '\\'], "_");
            let name = name.trim_start_matches(['.', '_']);
            std::fs::copy(&p, corpus.join(name)).map_err(|e| format!("cannot copy {}: {e}", p.display()))?;
            n += 1;
        }
    }
    Ok(n)
}
