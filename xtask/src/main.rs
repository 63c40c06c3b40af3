use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate every checked-in client from specs/ (specs/<name>.yaml -> crates/<name>/src/client.rs)
  codegen --check  write nothing; fail with a diff when a checked-in client is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["codegen"] => run_codegen(&root, false),
        ["codegen", "--check"] => run_codegen(&root, true),
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
