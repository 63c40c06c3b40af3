//! The `swagen` command line.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use swagen::{Diagnostic, Generator, WriteOutcome};

#[derive(Parser)]
#[command(name = "swagen", version, about = "Swagger 2.0 → Rust client generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client module from a Swagger 2.0 spec (YAML or JSON).
    Generate {
        /// The spec file.
        spec: PathBuf,
        /// Write the module here (atomically; untouched when unchanged). Default: standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Do not print warnings.
        #[arg(short, long)]
        quiet: bool,
        /// Also emit `blocking::Client`, a synchronous client over the async one.
        #[arg(long)]
        blocking: bool,
        /// Also let external `$ref`s read files under DIR (repeatable; the spec's folder is always allowed).
        #[arg(long = "allow-ref-dir", value_name = "DIR")]
        allow_ref_dir: Vec<PathBuf>,
    },
    /// Report diagnostics only; writes nothing. Exit 0: clean (or warnings), 1: warnings with --deny-warnings, 2: errors.
    Check {
        spec: PathBuf,
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Also let external `$ref`s read files under DIR (repeatable; the spec's folder is always allowed).
        #[arg(long = "allow-ref-dir", value_name = "DIR")]
        allow_ref_dir: Vec<PathBuf>,
    },
    /// Explain every repair and normalisation decision.
    Explain { spec: PathBuf },
    /// Print the normalised route of every path key.
    Routes {
        spec: PathBuf,
        /// As a JSON array: `[{"path", "route", "query", "params": [{"name", "example", "reason"}]}]`.
        #[arg(long)]
        json: bool,
        /// Print only the counts: paths, changed, merged, clashed, pinned.
        #[arg(long, conflicts_with = "json")]
        stats: bool,
    },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}\n");
    }
}

/// A generator for `spec` whose external `$ref`s may also read files under `dirs`.
fn with_ref_dirs(spec: &Path, dirs: Vec<PathBuf>) -> Generator {
    dirs.into_iter().fold(Generator::new(spec), Generator::allow_ref_dir)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, output, quiet, blocking, allow_ref_dir } => {
            let generator = with_ref_dirs(&spec, allow_ref_dir).blocking(blocking);
            let result = match &output {
                Some(out) => generator.write_to(out).map(|(g, outcome)| (g, Some(outcome))),
                None => generator.generate().map(|g| (g, None)),
            };
            match result {
                Ok((generated, outcome)) => {
                    if !quiet {
                        print_diagnostics(&generated.warnings);
                    }
                    match (output, outcome) {
                        (Some(out), Some(WriteOutcome::Unchanged)) => eprintln!("{}: unchanged", out.display()),
                        (Some(out), _) => eprintln!("{}: written", out.display()),
                        (None, _) => {
                            let mut stdout = std::io::stdout().lock();
                            if stdout.write_all(generated.code.as_bytes()).is_err() {
                                return ExitCode::from(2);
                            }
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    eprintln!("{failure}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { spec, deny_warnings, allow_ref_dir } => match with_ref_dirs(&spec, allow_ref_dir).lower() {
            Ok(lowered) => {
                print_diagnostics(&lowered.diagnostics);
                let errors = lowered.diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = lowered.diagnostics.len() - errors;
                eprintln!("{}: {errors} error(s), {warnings} warning(s)", spec.display());
                if errors > 0 {
                    ExitCode::from(2)
                } else if warnings > 0 && deny_warnings {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::from(2)
            }
        },
        Command::Routes { spec, json, stats } => match Generator::new(&spec).lower() {
            Ok(lowered) => {
                if stats {
                    println!("{}", swagen::route_stats(&lowered));
                } else if json {
                    println!("{}", swagen::routes_json(&lowered));
                } else {
                    for r in &lowered.routes {
                        println!("{} → {}", r.key, swagen_ir::route_template(&r.route));
                    }
                }
                ExitCode::SUCCESS
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::from(2)
            }
        },
        Command::Explain { spec } => match Generator::new(&spec).lower() {
            Ok(lowered) => {
                print!("{}", swagen::explain(&lowered));
                if lowered.has_errors() {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::from(2)
            }
        },
    }
}
