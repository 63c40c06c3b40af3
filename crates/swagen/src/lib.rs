//! swagen: a Swagger 2.0 → Rust client generator.
//!
//! The library facade over the pipeline `swagen-spec` (load, bundle external `$ref`s) → `swagen-ir` (lower,
//! repair, normalise) → `swagen-codegen` (emit, format). Use [`Generator`] from a `build.rs`:
//!
//! ```no_run
//! // build.rs
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("livechat.rs");
//! swagen::Generator::new("specs/livechat.yaml").write_to(&out).unwrap();
//! println!("cargo:rerun-if-changed=specs/livechat.yaml");
//! ```

pub mod diff;
mod explain;
mod normalize;
mod write;

pub use explain::{explain, route_stats, routes_json, routes_json_of, RouteStats};
pub use normalize::{normalize_document, NormalizeReport};
pub use swagen_ir::{Lowered, NameBook};
pub use swagen_spec::{Diagnostic, Location, Renderer, Severity, Style};
pub use write::{write_atomic, WriteOutcome};

use std::fmt;
use std::path::{Path, PathBuf};

/// The swagen version written into `@generated` headers.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Generates a client from one spec.
#[derive(Clone, Debug)]
pub struct Generator {
    spec: PathBuf,
    source_label: Option<String>,
    blocking: bool,
    ref_dirs: Vec<PathBuf>,
    overlays: Vec<PathBuf>,
    names: Option<PathBuf>,
    selection: swagen_ir::select::Selection,
    string_formats: bool,
}

/// A generated client and what was repaired on the way.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The formatted Rust module.
    pub code: String,
    /// Warnings (repairs); never errors.
    pub warnings: Vec<Diagnostic>,
    /// The names given (for the names file; see [`Generator::names`]). Empty when [`Generator::write_to`] found
    /// the output up to date.
    pub names: NameBook,
}

/// Generation failed; every diagnostic (errors and warnings) is here.
#[derive(Clone, Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn internal(file: &str, message: String) -> Failure {
        Failure { diagnostics: vec![Diagnostic::error("internal", file, Location::File, message)] }
    }
}

impl Failure {
    /// Every diagnostic with its source excerpt (see [`Renderer`]), then a summary line.
    pub fn render(&self, style: Style) -> String {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let mut located = self.diagnostics.clone();
        swagen_spec::locate::locate_all(&mut located);
        let mut out = Renderer::new(style).render_all(&located);
        out.push_str(&format!("swagen: {errors} error(s); no client generated"));
        out
    }
}

impl fmt::Display for Failure {
    /// Plain [`Failure::render`]: what a `build.rs` panic or a log shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Style::Plain))
    }
}

impl std::error::Error for Failure {}

impl Generator {
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Generator {
            spec: spec.into(),
            source_label: None,
            blocking: false,
            ref_dirs: Vec::new(),
            overlays: Vec::new(),
            names: None,
            selection: Default::default(),
            string_formats: false,
        }
    }

    /// Generates only the operations with one of these tags (matched ignoring case; repeatable, adds to
    /// [`Generator::operations`]) and the types they reach. A tag no operation has is an error.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.selection.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Generates only these operations (by operationId, method name or `METHOD /path`; adds to
    /// [`Generator::tags`]) and the types they reach. A name that matches no operation is an error.
    pub fn operations<S: Into<String>>(mut self, operations: impl IntoIterator<Item = S>) -> Self {
        self.selection.operations.extend(operations.into_iter().map(Into::into));
        self
    }

    /// Keeps `date-time`, `date` and `uuid` as `String` instead of `DateTime`, `Date` and `Uuid` (default: off).
    pub fn string_formats(mut self, keep: bool) -> Self {
        self.string_formats = keep;
        self
    }

    /// The user's choices applied to a lowered spec: the subset, the string formats.
    fn shape(&self, mut lowered: Lowered) -> Result<Lowered, Failure> {
        if let Err(message) = swagen_ir::select::select(&mut lowered.api, &self.selection) {
            let d = Diagnostic::error("selection", &self.label(), Location::File, message)
                .with_help("check the names against the spec's `tags` and operations (`swagen explain` lists them)");
            return Err(Failure { diagnostics: vec![d] });
        }
        if self.string_formats {
            swagen_ir::select::formats_as_strings(&mut lowered.api);
        }
        Ok(lowered)
    }

    /// Keeps the names this names file records (`specs/<name>.names.json`, written by `cargo xtask codegen` or
    /// `swagen generate --names`): items it knows keep their names, only new items are named fresh, so a spec
    /// change that only adds only adds to the Rust API. A file that does not exist yet is an empty book.
    /// [`Generated::names`] is the book to write back.
    pub fn names(mut self, file: impl Into<PathBuf>) -> Self {
        self.names = Some(file.into());
        self
    }

    /// The names file's book: empty when none is set or it does not exist yet.
    pub fn name_book(&self) -> Result<NameBook, Failure> {
        let Some(path) = &self.names else { return Ok(NameBook::new()) };
        let file = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(NameBook::new()),
            Err(e) => {
                let message = format!("cannot read the names file: {e}");
                return Err(Failure {
                    diagnostics: vec![Diagnostic::error("names-file", &file, Location::File, message)],
                });
            }
        };
        NameBook::parse(&text).map_err(|e| {
            let d = Diagnostic::error("names-file", &file, Location::File, e)
                .with_help("regenerate it from the last good version (`git checkout` it, then `cargo xtask codegen`), or delete it to name everything afresh");
            Failure { diagnostics: vec![d] }
        })
    }

    /// Applies this OpenAPI Overlay 1.0 document to the spec before anything else reads it (repeatable; in order).
    /// The spec file itself is never changed.
    pub fn overlay(mut self, overlay: impl Into<PathBuf>) -> Self {
        self.overlays.push(overlay.into());
        self
    }

    /// Also emit `blocking::Client`, a synchronous client over the async one (default: off).
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = blocking;
        self
    }

    /// How the spec is named in the `@generated` header (default: the path as given, with `/` separators).
    pub fn source_label(mut self, label: impl Into<String>) -> Self {
        self.source_label = Some(label.into());
        self
    }

    /// Also let external `$ref`s read files under `dir` (repeatable). The spec's own folder is always allowed;
    /// files anywhere else are refused (`external-ref-outside`), and URLs are never fetched.
    pub fn allow_ref_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.ref_dirs.push(dir.into());
        self
    }

    fn label(&self) -> String {
        self.source_label.clone().unwrap_or_else(|| self.spec.to_string_lossy().replace('\\', "/"))
    }

    /// Loads the spec, bundles its external `$ref`s into it, and lowers it (for `check` and `explain`). Load and
    /// bundling errors are returned as a failure.
    pub fn lower(&self) -> Result<Lowered, Failure> {
        let book = self.name_book()?;
        self.shape(swagen_ir::lower_with(&self.prepared()?, &book))
    }

    /// What the route normaliser reads of each path key (no pins applied), for `swagen routes --features` and
    /// `--weights` (fitting and cross-validating the normaliser's weights).
    pub fn path_inputs(&self) -> Result<Vec<swagen_ir::normalise::PathInput>, Failure> {
        Ok(swagen_ir::lower::path_inputs(&self.prepared()?.spec))
    }

    /// The document as lowering reads it: loaded, overlays applied, external `$ref`s bundled.
    fn prepared(&self) -> Result<swagen_spec::Document, Failure> {
        let doc = self.load()?;
        let options = swagen_spec::BundleOptions { allowed_roots: self.ref_dirs.clone() };
        swagen_spec::bundle(doc, &options).map_err(|diagnostics| Failure { diagnostics })
    }

    /// The repaired, normalised Swagger 2.0 document as YAML (`swagen normalize`), with the lowering diagnostics
    /// (what was repaired). Fails when lowering finds errors.
    pub fn normalized(&self) -> Result<(String, Lowered, NormalizeReport), Failure> {
        let book = self.name_book()?;
        let doc = self.prepared()?;
        let lowered = swagen_ir::lower_with(&doc, &book);
        if lowered.has_errors() {
            return Err(Failure { diagnostics: lowered.diagnostics });
        }
        let (value, report) = normalize_document(&doc.raw, &lowered);
        let yaml = serde_yaml::to_string(&value)
            .map_err(|e| Failure::internal(&doc.file, format!("cannot write the document as YAML: {e}")))?;
        let label = self.label();
        Ok((format!("# Normalised by swagen {VERSION} from {label}\n{yaml}"), lowered, report))
    }

    /// Loads the spec and applies the overlays (targets address the spec as written, before bundling).
    fn load(&self) -> Result<swagen_spec::Document, Failure> {
        if self.overlays.is_empty() {
            return swagen_spec::load_file(&self.spec).map_err(|d| Failure { diagnostics: vec![d] });
        }
        let file = self.spec.display().to_string();
        let bytes = swagen_spec::read_file(&self.spec, "the spec").map_err(|d| Failure { diagnostics: vec![d] })?;
        let (format, mut raw) =
            swagen_spec::parse_value(&file, &bytes).map_err(|d| Failure { diagnostics: vec![d] })?;
        let overlay_warnings = swagen_spec::apply_overlay_files(&mut raw, &self.overlays)
            .map_err(|diagnostics| Failure { diagnostics })?;
        let mut doc =
            swagen_spec::document_from_value(&file, format, raw).map_err(|d| Failure { diagnostics: vec![d] })?;
        doc.path = Some(self.spec.clone());
        doc.warnings.extend(overlay_warnings);
        Ok(doc)
    }

    /// Generates the client module.
    pub fn generate(&self) -> Result<Generated, Failure> {
        let lowered = self.lower()?;
        emit_lowered(&lowered, &self.label(), self.blocking)
    }

    /// Generates and writes atomically to `out`; leaves the file (bytes and mtime) untouched when unchanged.
    ///
    /// Made for `build.rs`: a stamp beside the output (`.<name>.swagen-stamp`) records the swagen version, the
    /// options and a hash of every file read (spec, overlays, external `$ref` targets) and of the output. When none
    /// of them changed, nothing is loaded or generated (a few milliseconds, even for Kubernetes): the output is
    /// returned as it is, without warnings, and is not touched. [`write_atomic`] with [`Generator::generate`]
    /// writes without a stamp (what `swagen generate -o` does).
    pub fn write_to(&self, out: &Path) -> Result<(Generated, WriteOutcome), Failure> {
        let stamp_path = stamp_path(out);
        if let Some(code) = self.up_to_date(out, &stamp_path) {
            return Ok((Generated { code, warnings: Vec::new(), names: NameBook::new() }, WriteOutcome::Unchanged));
        }
        let mut inputs: Vec<PathBuf> = vec![self.spec.clone()];
        inputs.extend(self.overlays.iter().cloned());
        inputs.extend(self.names.iter().filter(|n| n.is_file()).cloned());
        let book = self.name_book()?;
        // The spec and overlays as they are before generating: see `stamp`.
        let before: Vec<Option<u64>> = inputs.iter().map(|p| std::fs::read(p).ok().map(|b| fnv1a(&b))).collect();
        let doc = self.prepared()?;
        inputs.extend(doc.referenced.iter().cloned());
        let lowered = self.shape(swagen_ir::lower_with(&doc, &book))?;
        let generated = emit_lowered(&lowered, &self.label(), self.blocking)?;
        let outcome = write_atomic(out, generated.code.as_bytes())
            .map_err(|e| Failure::internal(&out.display().to_string(), format!("cannot write the client: {e}")))?;
        // A stamp that cannot be written only costs the next run its shortcut.
        if let Some(stamp) = stamp(self.stamp_header(), &inputs, &before, generated.code.as_bytes()) {
            let _ = write_atomic(&stamp_path, stamp.as_bytes());
        }
        Ok((generated, outcome))
    }

    /// The stamp for these inputs and output, or `None` when an input cannot be read.
    fn stamp_header(&self) -> String {
        let dirs: Vec<String> = self.ref_dirs.iter().map(|d| d.display().to_string()).collect();
        // The program running swagen (the build script): rebuilt, e.g. against a changed swagen, it regenerates.
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let mtime = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                format!("{} {}", m.len(), mtime.map_or(0, |d| d.as_nanos()))
            })
            .unwrap_or_default();
        // The names file is an input when it exists; whether it does is part of the options.
        let names = self.names.as_ref().map(|n| format!("{} {}", n.display(), n.is_file())).unwrap_or_default();
        format!(
            "swagen {VERSION}\nexe {exe}\nlabel {}\nblocking {}\nallow-ref-dir {}\nnames {}\nselection {:?}\nstring-formats {}\n",
            self.label().replace('\n', " "),
            self.blocking,
            dirs.join(" | ").replace('\n', " "),
            names.replace('\n', " "),
            self.selection,
            self.string_formats,
        )
    }

    /// The output's text when the stamp says nothing changed since it was written.
    fn up_to_date(&self, out: &Path, stamp_path: &Path) -> Option<String> {
        let stamp = std::fs::read_to_string(stamp_path).ok()?;
        let rest = stamp.strip_prefix(&self.stamp_header())?;
        let mut lines = rest.lines();
        let code = std::fs::read_to_string(out).ok()?;
        let (hash, what) = lines.next()?.split_once(' ')?;
        if what != "output" || hash != format!("{:016x}", fnv1a(code.as_bytes())) {
            return None;
        }
        let mut files = 0;
        for line in lines {
            let (hash, path) = line.split_once(' ')?;
            let bytes = std::fs::read(path).ok()?;
            if hash != format!("{:016x}", fnv1a(&bytes)) {
                return None;
            }
            files += 1;
        }
        // The spec, every overlay and the names file must be listed (the options could have gained an overlay).
        let names = usize::from(self.names.as_ref().is_some_and(|n| n.is_file()));
        (files > self.overlays.len() + names).then_some(code)
    }
}

/// The stamp for `output` made from `inputs`; `None` when one cannot be read, or when one of the first ones (the
/// spec and overlays, hashed in `before` ahead of generating) changed while generating: the output may come from
/// the older text, so no stamp is written and the next build regenerates.
fn stamp(header: String, inputs: &[PathBuf], before: &[Option<u64>], output: &[u8]) -> Option<String> {
    let mut s = header;
    s.push_str(&format!("{:016x} output\n", fnv1a(output)));
    for (i, path) in inputs.iter().enumerate() {
        let hash = fnv1a(&std::fs::read(path).ok()?);
        if before.get(i).is_some_and(|b| *b != Some(hash)) {
            return None;
        }
        s.push_str(&format!("{hash:016x} {}\n", path.display()));
    }
    Some(s)
}

/// Where [`Generator::write_to`] keeps its stamp: `.<name>.swagen-stamp` beside the output.
fn stamp_path(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".to_owned());
    out.with_file_name(format!(".{name}.swagen-stamp"))
}

/// FNV-1a, 64 bits: enough to notice a changed input (a stale stamp only costs a regeneration).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ bytes.len() as u64
}

/// Compares the Rust APIs generated from two specs (each with its overlays and names file): see [`diff`].
pub fn diff_specs(old: &Generator, new: &Generator) -> Result<diff::Report, Failure> {
    let (old_lowered, new_lowered) = (old.lower()?, new.lower()?);
    let old_code = emit_lowered(&old_lowered, &old.label(), false)?.code;
    let new_code = emit_lowered(&new_lowered, &new.label(), false)?.code;
    let side = |label, code, lowered| diff::Side { label, code, lowered: Some(lowered) };
    let (old_label, new_label) = (old.label(), new.label());
    diff::diff(side(&old_label, &old_code, &old_lowered), side(&new_label, &new_code, &new_lowered))
        .map_err(|e| Failure::internal(&new_label, e))
}

/// Emits code for an already lowered spec.
pub fn generate_from(lowered: &Lowered, source_label: &str) -> Result<Generated, Failure> {
    emit_lowered(lowered, source_label, false)
}

fn emit_lowered(lowered: &Lowered, source_label: &str, blocking: bool) -> Result<Generated, Failure> {
    if lowered.has_errors() {
        return Err(Failure { diagnostics: lowered.diagnostics.clone() });
    }
    let options =
        swagen_codegen::Options { source: source_label.to_owned(), generator_version: VERSION.to_owned(), blocking };
    let code =
        swagen_codegen::emit(&lowered.api, &options).map_err(|e| Failure::internal(source_label, e.to_string()))?;
    Ok(Generated { code, warnings: lowered.diagnostics.clone(), names: lowered.names.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn no_stamp_when_the_spec_changed_while_generating() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.yaml");
        std::fs::write(&spec, "swagger: '2.0'\n").unwrap();
        let inputs = vec![spec.clone()];
        let before = vec![Some(fnv1a(b"swagger: '2.0'\n"))];
        let made = stamp("h\n".to_owned(), &inputs, &before, b"code").unwrap();
        assert_eq!(
            made,
            format!("h\n{:016x} output\n{:016x} {}\n", fnv1a(b"code"), before[0].unwrap(), spec.display())
        );
        std::fs::write(&spec, "swagger: '2.0'\ninfo: {}\n").unwrap();
        assert_eq!(stamp("h\n".to_owned(), &inputs, &before, b"code"), None);
    }
}
