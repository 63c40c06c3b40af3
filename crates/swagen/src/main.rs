//! The `swagen` command line.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process (and its children). The first touch of a huge page zeroes all
/// 2 MiB of it; for a run that lives a fraction of a second that costs more than it saves: on the 2-core machine,
/// Kubernetes took 0.52–0.61 s wall with huge pages (0.31–0.36 s of it in the kernel) and 0.34–0.41 s without
/// (BENCHMARKS.md). mimalloc's `no_thp` feature already stops it asking for them; this also covers kernels set
/// to give them to every program. A kernel that refuses the call changes nothing, which is harmless.
#[cfg(all(feature = "mimalloc", target_os = "linux"))]
fn no_huge_pages() {
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

#[cfg(not(all(feature = "mimalloc", target_os = "linux")))]
fn no_huge_pages() {}

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use swagen::{Diagnostic, Generator, Renderer, Style, WriteOutcome};

/// Writes to standard output. A reader that stops early (`swagen routes … | head`) closes the pipe: the program
/// then ends quietly, where `println!` would panic.
fn write_stdout(text: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// `print!` through [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

/// `println!` through [`write_stdout`].
macro_rules! outln {
    ($($arg:tt)*) => { write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

#[derive(Parser)]
#[command(name = "swagen", version, about = "Swagger 2.0 → Rust client generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour diagnostics: `auto` (when standard error is a terminal and NO_COLOR is unset), `always`, `never`.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client module from a Swagger 2.0 spec (YAML or JSON).
    Generate {
        /// Write the module here (atomically; untouched when unchanged). Default: standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Do not print warnings.
        #[arg(short, long)]
        quiet: bool,
        /// Also emit `blocking::Client`, a synchronous client over the async one.
        #[arg(long)]
        blocking: bool,
        #[command(flatten)]
        input: Input,
    },
    /// Report diagnostics only; writes nothing. Exit 0: clean (or warnings), 1: warnings with --deny-warnings, 2: errors.
    Check {
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// `human` (default) on standard error, or `json`: one JSON object per diagnostic on standard output
        /// (`severity`, `code`, `file`, `line`, `column`, `pointer`, `message`, `help`).
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        message_format: String,
        #[command(flatten)]
        input: Input,
    },
    /// Write the repaired, normalised Swagger 2.0 document (YAML), so other tools get the same routes and repairs.
    Normalize {
        #[command(flatten)]
        input: Input,
        /// Write it here (atomically; untouched when unchanged). Default: standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Explain every repair and normalisation decision.
    Explain {
        #[command(flatten)]
        input: Input,
    },
    /// Compare the Rust APIs generated from two versions of a spec: every change, breaking, additive or wire-only.
    /// Exit 0: nothing breaks callers, 1: something does, 2: a side could not be generated.
    Diff {
        /// The old spec.
        old: PathBuf,
        /// The new spec.
        new: PathBuf,
        /// Apply this Overlay to the old spec (repeatable, in order).
        #[arg(long = "old-overlay", value_name = "FILE")]
        old_overlay: Vec<PathBuf>,
        /// Apply this Overlay to the new spec (repeatable, in order).
        #[arg(long = "new-overlay", value_name = "FILE")]
        new_overlay: Vec<PathBuf>,
        /// The names file both sides keep, as regenerating the new spec with the checked-in file does.
        #[arg(long = "names", value_name = "FILE", conflicts_with_all = ["old_names", "new_names"])]
        names: Option<PathBuf>,
        /// The old side's names file.
        #[arg(long = "old-names", value_name = "FILE")]
        old_names: Option<PathBuf>,
        /// The new side's names file (e.g. the one the pull request checks in).
        #[arg(long = "new-names", value_name = "FILE")]
        new_names: Option<PathBuf>,
        /// Also let external `$ref`s read files under DIR (repeatable; each spec's folder is always allowed).
        #[arg(long = "allow-ref-dir", value_name = "DIR")]
        allow_ref_dir: Vec<PathBuf>,
        /// `markdown` (for a pull-request comment) or `json`.
        #[arg(long, value_name = "FORMAT", default_value = "markdown", value_parser = ["markdown", "json"])]
        format: String,
    },
    /// Print the normalised route of every path key.
    Routes {
        #[command(flatten)]
        input: Input,
        /// As a JSON array: `[{"path", "route", "query", "params": [{"name", "example", "reason"}]}]`.
        #[arg(long)]
        json: bool,
        /// Print only the counts: paths, changed, merged, clashed, pinned.
        #[arg(long, conflicts_with = "json")]
        stats: bool,
        /// Print every candidate literal's signals as JSON lines (`key`, `slot`, `value`, `features`), for
        /// fitting the normaliser's weights (`cargo xtask routes-score --fit`).
        #[arg(long, conflicts_with_all = ["json", "stats"])]
        features: bool,
        /// Normalise with these weights (`bias w0 w1 …`) instead of the fitted ones; with `--json`, for
        /// `cargo xtask routes-score --cv`. Pins are not applied.
        #[arg(long, value_name = "FILE", requires = "json")]
        weights: Option<PathBuf>,
    },
}

/// The diagnostics with the line and column of every pointer that can be found (see `locate_all`).
fn located(diags: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut diags = diags.to_vec();
    swagen_spec::locate::locate_all(&mut diags);
    diags
}

/// How diagnostics are rendered on standard error (set once from `--color`).
static STYLE: std::sync::OnceLock<Style> = std::sync::OnceLock::new();

fn style() -> Style {
    *STYLE.get_or_init(|| Style::detect(std::io::IsTerminal::is_terminal(&std::io::stderr())))
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let text = Renderer::new(style()).render_all(&located(diags));
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn print_failure(failure: &swagen::Failure) {
    let _ = writeln!(std::io::stderr().lock(), "{}", failure.render(style()));
}

/// A command that could not load or lower the spec: the failure on standard error, exit code 2.
fn failed(failure: &swagen::Failure) -> ExitCode {
    print_failure(failure);
    ExitCode::from(2)
}

/// The spec and what is applied to it before lowering (shared by every command).
#[derive(clap::Args)]
struct Input {
    /// The spec file (Swagger 2.0, YAML or JSON).
    spec: PathBuf,
    /// Apply this OpenAPI Overlay 1.0 document first (repeatable, applied in order; the spec is not changed).
    #[arg(long = "overlay", value_name = "FILE")]
    overlay: Vec<PathBuf>,
    /// Also let external `$ref`s read files under DIR (repeatable; the spec's folder is always allowed).
    #[arg(long = "allow-ref-dir", value_name = "DIR")]
    allow_ref_dir: Vec<PathBuf>,
    /// Keep the names this names file records (a missing file is an empty one); `generate` writes it back with
    /// the names of new items, atomically.
    #[arg(long = "names", value_name = "FILE")]
    names: Option<PathBuf>,
    /// Only the operations with one of these tags (comma-separated or repeated; case ignored), and the types they
    /// reach.
    #[arg(long = "tags", value_name = "TAG", value_delimiter = ',')]
    tags: Vec<String>,
    /// Only these operations (operationId, method name or `METHOD /path`; comma-separated or repeated), and the
    /// types they reach. With --tags: both.
    #[arg(long = "operations", value_name = "OP", value_delimiter = ',')]
    operations: Vec<String>,
    /// Keep `date-time`, `date` and `uuid` as `String` (default: DateTime, Date, Uuid).
    #[arg(long = "string-formats")]
    string_formats: bool,
}

impl Input {
    fn generator(&self) -> Generator {
        let g = self.allow_ref_dir.iter().fold(Generator::new(&self.spec), |g, d| g.allow_ref_dir(d));
        let g = self.names.iter().fold(g, |g, n| g.names(n));
        let g = g.tags(self.tags.iter().cloned()).operations(self.operations.iter().cloned());
        self.overlay.iter().fold(g.string_formats(self.string_formats), |g, o| g.overlay(o))
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match cli.color.as_str() {
        "always" => {
            let _ = STYLE.set(Style::Color);
        }
        "never" => {
            let _ = STYLE.set(Style::Plain);
        }
        _ => {}
    }
    match cli.command {
        Command::Generate { output, quiet, blocking, input } => generate(&input, output, quiet, blocking),
        Command::Check { deny_warnings, message_format, input } => check(&input, deny_warnings, &message_format),
        Command::Routes { features: true, input, .. } => routes_features(&input),
        Command::Routes { weights: Some(file), input, .. } => routes_with_weights(&input, &file),
        Command::Routes { input, json, stats, .. } => routes(&input, json, stats),
        Command::Normalize { input, output } => normalize(&input, output),
        Command::Explain { input } => explain(&input),
        Command::Diff { old, new, old_overlay, new_overlay, names, old_names, new_names, allow_ref_dir, format } => {
            let side = |spec: &PathBuf, overlays: &[PathBuf], names: Option<&PathBuf>| {
                let g = allow_ref_dir.iter().fold(Generator::new(spec), |g, d| g.allow_ref_dir(d));
                let g = names.iter().fold(g, |g, n| g.names(n));
                overlays.iter().fold(g, |g, o| g.overlay(o))
            };
            let old = side(&old, &old_overlay, names.as_ref().or(old_names.as_ref()));
            let new = side(&new, &new_overlay, names.as_ref().or(new_names.as_ref()));
            diff(&old, &new, &format)
        }
    }
}

/// `swagen diff`: the report on standard output; exit 1 when something breaks callers.
fn diff(old: &Generator, new: &Generator, format: &str) -> ExitCode {
    match swagen::diff_specs(old, new) {
        Ok(report) => {
            let text = if format == "json" { report.json() } else { report.markdown() };
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
            if report.is_breaking() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(failure) => failed(&failure),
    }
}

/// `swagen generate`: the client module, written atomically to `output` or printed.
fn generate(input: &Input, output: Option<PathBuf>, quiet: bool, blocking: bool) -> ExitCode {
    let generator = input.generator().blocking(blocking);
    let result = generator.generate().and_then(|g| write_names(input, &g).map(|()| g)).and_then(|g| match &output {
        Some(out) => match swagen::write_atomic(out, g.code.as_bytes()) {
            Ok(outcome) => Ok((g, Some(outcome))),
            Err(e) => Err(swagen::Failure {
                diagnostics: vec![Diagnostic::error(
                    "write",
                    &out.display().to_string(),
                    swagen::Location::File,
                    format!("cannot write the client: {e}"),
                )],
            }),
        },
        None => Ok((g, None)),
    });
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
        Err(failure) => failed(&failure),
    }
}

/// Writes the names file back (atomically; untouched when unchanged), when `--names` is given.
fn write_names(input: &Input, generated: &swagen::Generated) -> Result<(), swagen::Failure> {
    let Some(path) = &input.names else { return Ok(()) };
    swagen::write_atomic(path, generated.names.to_json().as_bytes()).map(|_| ()).map_err(|e| swagen::Failure {
        diagnostics: vec![Diagnostic::error(
            "write",
            &path.display().to_string(),
            swagen::Location::File,
            format!("cannot write the names file: {e}"),
        )],
    })
}

/// `swagen check`: the diagnostics only (human or JSON lines), and an exit code by the worst of them.
fn check(input: &Input, deny_warnings: bool, message_format: &str) -> ExitCode {
    match input.generator().lower() {
        Ok(lowered) => {
            if message_format == "json" {
                for d in &located(&lowered.diagnostics) {
                    outln!("{}", d.to_json());
                }
            } else {
                print_diagnostics(&lowered.diagnostics);
            }
            let errors = lowered.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = lowered.diagnostics.len() - errors;
            eprintln!("{}: {errors} error(s), {warnings} warning(s)", input.spec.display());
            if errors > 0 {
                ExitCode::from(2)
            } else if warnings > 0 && deny_warnings {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(failure) => {
            if message_format == "json" {
                for d in &located(&failure.diagnostics) {
                    outln!("{}", d.to_json());
                }
            } else {
                print_failure(&failure);
            }
            ExitCode::from(2)
        }
    }
}

/// `swagen routes --features`: every candidate literal's signals, as JSON lines.
fn routes_features(input: &Input) -> ExitCode {
    match input.generator().path_inputs() {
        Ok(inputs) => {
            for row in swagen_ir::normalise::candidate_rows(&inputs) {
                let line = serde_json::json!({
                    "key": row.key, "slot": row.slot, "value": row.value, "ruled": row.ruled, "features": row.features,
                });
                outln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(failure) => failed(&failure),
    }
}

/// `swagen routes --json --weights FILE`: the routes as JSON, normalised with other weights (pins not applied).
fn routes_with_weights(input: &Input, file: &std::path::Path) -> ExitCode {
    let weights = match std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|t| swagen_ir::normalise::Weights::parse(&t))
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot read weights from {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    match input.generator().path_inputs() {
        Ok(inputs) => {
            outln!("{}", swagen::routes_json_of(&swagen_ir::normalise::normalise_with(&inputs, &weights)));
            ExitCode::SUCCESS
        }
        Err(failure) => failed(&failure),
    }
}

/// `swagen routes`: each path key's normalised route, as text, JSON (`--json`) or counts (`--stats`).
fn routes(input: &Input, json: bool, stats: bool) -> ExitCode {
    match input.generator().lower() {
        Ok(lowered) => {
            if stats {
                outln!("{}", swagen::route_stats(&lowered));
            } else if json {
                outln!("{}", swagen::routes_json(&lowered));
            } else {
                for r in &lowered.routes {
                    outln!("{} → {}", r.key, swagen_ir::route_template(&r.route));
                }
            }
            ExitCode::SUCCESS
        }
        Err(failure) => failed(&failure),
    }
}

/// `swagen normalize`: the repaired, normalised document as YAML, written atomically to `output` or printed.
fn normalize(input: &Input, output: Option<PathBuf>) -> ExitCode {
    match input.generator().normalized() {
        Ok((yaml, lowered, report)) => {
            print_diagnostics(&lowered.diagnostics);
            for key in &report.kept_apart {
                eprintln!("note: `{key}` keeps its key: its route already has the same method");
            }
            match output {
                None => {
                    out!("{yaml}");
                    ExitCode::SUCCESS
                }
                Some(out) => match swagen::write_atomic(&out, yaml.as_bytes()) {
                    Ok(outcome) => {
                        let what = if outcome == WriteOutcome::Unchanged { "unchanged" } else { "written" };
                        eprintln!("{}: {what}", out.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: cannot write {}: {e}", out.display());
                        ExitCode::from(2)
                    }
                },
            }
        }
        Err(failure) => failed(&failure),
    }
}

/// `swagen explain`: every repair and decision.
fn explain(input: &Input) -> ExitCode {
    match input.generator().lower() {
        Ok(lowered) => {
            out!("{}", swagen::explain(&lowered));
            if lowered.has_errors() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(failure) => failed(&failure),
    }
}
