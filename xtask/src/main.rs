use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] | routes-score [--shared DIR]
       cargo xtask corpus [--dir DIR]... [--json FILE] [--limit N] [--no-clippy]
       cargo xtask fuzz [--minutes N | --seconds N]
       cargo xtask bench [--runs N] [--no-peers] [--no-check]

  codegen          regenerate every checked-in client from specs/ (specs/<name>.yaml -> crates/<name>/src/client.rs)
  codegen --check  write nothing; fail with a diff when a checked-in client is stale
  routes-score     build swagen (release) and score `swagen routes --json` against the hand-checked route labels
                   with the reference scorer (DIR defaults to ../shared beside the workspace; needs python3)
  corpus           generate every *.yaml/*.yml/*.json spec under each DIR (default: ../shared/corpus/{guru,evangelist,big}),
                   then `cargo check` and `cargo clippy -- -D warnings` the generated modules in a throw-away workspace
                   (target/corpus, built into target/corpus-target); prints `FAIL <folder>/<spec>: <stage>: <reason>`
                   lines and `<folder>: generated G/N, compiled C/N, clippy-clean K/N`. Exits 0 whenever the run
                   completes (it is a measurement).
    --dir DIR      a spec folder (repeatable; its last path component labels it)
    --json FILE    also write a per-spec JSON report
    --limit N      only the first N specs (by path) of each folder
    --no-clippy    stop after the type check
  fuzz             libFuzzer on load -> lower -> emit (fuzz/fuzz_targets/pipeline.rs) for N minutes (default 10),
                   seeded from the project's specs and ../shared/corpus; installs cargo-fuzz into target/tools
  bench            swagen vs openapi-generator vs progenitor on petstore, Docker, Kubernetes: wall time (median),
                   peak RSS, lines, `cargo check` of the generated crate; peers installed into target/tools";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["codegen"] => run_codegen(&root, false),
        ["codegen", "--check"] => run_codegen(&root, true),
        ["routes-score"] => routes_score(&root, &root.join("../shared")),
        ["routes-score", "--shared", dir] => routes_score(&root, std::path::Path::new(dir)),
        ["corpus", rest @ ..] => corpus(&root, rest),
        ["bench", rest @ ..] => match xtask::bench::parse_args(rest).and_then(|o| xtask::bench::run(&root, &o)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bench: {e}");
                ExitCode::FAILURE
            }
        },
        ["fuzz", rest @ ..] => match xtask::fuzz::parse_args(rest).and_then(|s| xtask::fuzz::run(&root, s)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("fuzz: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_codegen(root: &std::path::Path, check: bool) -> ExitCode {
    match xtask::codegen(root, check) {
        Ok(report) => {
            let rel = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
            if check && !report.changed.is_empty() {
                eprint!("{}", report.diffs);
                eprintln!("stale generated files (run `cargo xtask codegen`):");
                for p in &report.changed {
                    eprintln!("  {}", rel(p));
                }
                return ExitCode::FAILURE;
            }
            for p in &report.changed {
                eprintln!("written: {}", rel(p));
            }
            for p in &report.unchanged {
                eprintln!("up to date: {}", rel(p));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask corpus`: generation, compile and clippy rates over the real-world corpus.
fn corpus(root: &std::path::Path, args: &[&str]) -> ExitCode {
    let opts = match xtask::corpus::parse_args(args) {
        Ok(opts) => opts,
        Err(e) => {
            eprintln!("{e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match xtask::corpus::run(root, &opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask routes-score`: the route normaliser's quality on the labelled evangelist specs.
fn routes_score(root: &std::path::Path, shared: &std::path::Path) -> ExitCode {
    let labels = shared.join("corpus/labels/routes.jsonl");
    let specs = shared.join("corpus/evangelist");
    let scorer = shared.join("tools/score_routes.py");
    for p in [&labels, &specs, &scorer] {
        if !p.exists() {
            eprintln!("{} not found; pass --shared DIR (the folder holding corpus/ and tools/)", p.display());
            return ExitCode::FAILURE;
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = std::process::Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "swagen"])
        .current_dir(root)
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("cargo build --release -p swagen failed");
        return ExitCode::FAILURE;
    }
    let swagen = root.join("target/release/swagen");
    let cmd = format!("{} routes --json {{spec}}", swagen.display());
    match std::process::Command::new("python3").arg(&scorer).arg(&labels).arg(&specs).arg(&cmd).status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run python3: {e}");
            ExitCode::FAILURE
        }
    }
}
