use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] | routes-score [--fit | --cv | --cross-file | --harm] [--shared DIR]
       cargo xtask corpus [--dir DIR]... [--json FILE] [--limit N] [--no-clippy]
       cargo xtask fuzz [--minutes N | --seconds N]
       cargo xtask bench [--runs N] [--no-peers] [--no-check] [--no-compile | --compile-only]
       cargo xtask diff-proof [--shared DIR] [--sample N] [--seed N]

  codegen          regenerate every checked-in client from specs/ (specs/<name>.yaml -> crates/<name>/src/client.rs)
  codegen --check  write nothing; fail with a diff when a checked-in client is stale
  routes-score     build swagen (release) and score `swagen routes --json` against every hand-checked label file in
                   DIR/corpus/labels with the reference scorer (DIR: --shared, default ../shared; needs python3)
    --fit          fit the normaliser's weights on every labelled spec; writes crates/swagen-ir/src/normalise/weights.rs
    --cv           leave-one-spec-out: each spec normalised with weights fitted on the others; per label file and
                   overall, beside the fitted figures
    --cross-file   each label file judged by weights fitted only on the other files' specs (tuned on one set,
                   judged on another)
    --harm         parameters introduced in specs that need none (guru, Kubernetes, Docker, petstore), evangelist
                   counts, and 50 changed keys drawn with a fixed seed
  corpus           generate every *.yaml/*.yml/*.json spec under each DIR (default: ../shared/corpus/{guru,evangelist,big,peers/go-swagger}),
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
                   peak RSS, lines, `cargo check` of the generated crate; peers installed into target/tools; then
                   the compile time (debug, release) of the Kubernetes client, whole and `--tags apps_v1`, against
                   k8s-openapi 0.29 (v1_36)
  diff-proof       `swagen diff` against the compiler on Kubernetes 1.13 -> 1.36 and Docker 1.25 -> 1.41 -> 1.56:
                   names kept, the report's counts, and a caller of N sampled old items (default 40, seed 2026)
                   compiled against the new client: what fails must be exactly what the report calls breaking";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["codegen"] => run_codegen(&root, false),
        ["codegen", "--check"] => run_codegen(&root, true),
        ["routes-score", rest @ ..] => routes_score(&root, rest),
        ["corpus", rest @ ..] => corpus(&root, rest),
        ["bench", rest @ ..] => match xtask::bench::parse_args(rest).and_then(|o| xtask::bench::run(&root, &o)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bench: {e}");
                ExitCode::FAILURE
            }
        },
        ["diff-proof", rest @ ..] => {
            match xtask::diffproof::parse_args(&root, rest).and_then(|o| xtask::diffproof::run(&root, &o)) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("diff-proof: {e}");
                    ExitCode::FAILURE
                }
            }
        }
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
                eprint!("{}", report.api);
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
fn routes_score(root: &std::path::Path, args: &[&str]) -> ExitCode {
    let mut shared = root.join("../shared");
    let mut mode = "score";
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--shared" => match it.next() {
                Some(dir) => shared = PathBuf::from(dir),
                None => return usage(),
            },
            "--fit" | "--cv" | "--cross-file" | "--harm" => mode = a.trim_start_matches('-'),
            _ => return usage(),
        }
    }
    let run = || -> Result<(), String> {
        let paths = xtask::routes::Paths::new(root, &shared)?;
        xtask::routes::build(root)?;
        match mode {
            "fit" => xtask::routes::fit_and_write(&paths),
            "cv" => xtask::routes::cross_validate(&paths),
            "cross-file" => xtask::routes::cross_file(&paths),
            "harm" => xtask::routes::harm(&paths),
            _ => xtask::routes::score_fitted(&paths),
        }
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("routes-score: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
