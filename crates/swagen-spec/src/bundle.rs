//! Bundling: external (relative-file) `$ref`s are read and folded into the root document, so later stages
//! only ever see local `#/…` references.
//!
//! * A reference in a schema position (`definitions/*`, `schema`, `items`, `properties/*`,
//!   `additionalProperties`, `allOf/*`) is hoisted into the root's `definitions` under the fragment's last
//!   segment, or the file stem (`Pet.yaml` → `Pet`), made unique (`Pet2`, …) when the name is taken by a
//!   different schema; the `$ref` becomes `#/definitions/<name>`. Each (file, fragment) is hoisted once, which
//!   also makes recursive schemas terminate.
//! * Any other reference (a parameter, a response, a path item) is replaced by a copy of its target.
//! * References inside a referenced file, local (`#/…`) or external, are resolved relative to that file.
//! * URLs are never fetched, and files outside the allowed folders are never read.

use crate::diag::{pointer, Diagnostic, Location};
use crate::load::{parse_value, typed, Document};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

/// How deep copies of referenced parameters, responses and path items may nest.
pub const MAX_INLINE_DEPTH: usize = 64;

/// Options for [`bundle`].
#[derive(Clone, Debug, Default)]
pub struct BundleOptions {
    /// Folders, besides the root spec's own folder (always allowed), that referenced files may live in.
    pub allowed_roots: Vec<PathBuf>,
}

/// A `$ref` split at its first `#`: the file part (empty for a local reference) and the fragment (without
/// the `#`; empty when the whole file is meant).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefParts<'a> {
    pub file: &'a str,
    pub fragment: &'a str,
}

/// Splits `other.yaml#/definitions/X` into `other.yaml` and `/definitions/X`.
pub fn split_ref(reference: &str) -> RefParts<'_> {
    match reference.split_once('#') {
        Some((file, fragment)) => RefParts { file, fragment },
        None => RefParts { file: reference, fragment: "" },
    }
}

/// True for references that name a network location: `//host/…` or any `scheme:…` (`http:`, `file:`, …).
pub fn is_url(file: &str) -> bool {
    if file.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = file.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The raw tokens of a fragment (`/a/b~1c` → `["a", "b/c"]`, `%xx` decoded); `None` when it is not a JSON
/// pointer (it does not start with `/`). The empty fragment is the whole document.
pub fn pointer_tokens(fragment: &str) -> Option<Vec<String>> {
    let fragment = percent_decode(fragment);
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

/// Decodes `%xx` escapes; the text is returned unchanged when they do not decode to UTF-8.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Removes `.` and resolves `..` without touching the file system (`a/./b/../c` → `a/c`).
pub fn normalize_lexically(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Resolves every external `$ref` of `doc` (see the module documentation). A document without a path
/// ([`crate::load_bytes`]) or without external references is returned unchanged. Errors name the file that
/// holds the `$ref` and its JSON pointer there.
pub fn bundle(mut doc: Document, options: &BundleOptions) -> Result<Document, Vec<Diagnostic>> {
    let Some(path) = doc.path.clone() else { return Ok(doc) };
    if !has_external_ref(&doc.raw) {
        return Ok(doc);
    }
    let canonical = path.canonicalize().map_err(|e| {
        vec![Diagnostic::error("read", &doc.file, Location::File, format!("cannot read the spec: {e}"))
            .with_help("check the path")]
    })?;
    let root = Source { label: doc.file.clone(), path: canonical };
    let mut bundler = Bundler::new(root, &doc.raw, options);
    let mut raw = std::mem::take(&mut doc.raw);
    bundler.run(&mut raw);
    if !bundler.errors.is_empty() {
        // Errors in the spec itself get its line and column (those in referenced files keep their pointer).
        let errors = match &doc.source {
            Some(source) => {
                let locator = crate::locate::Locator::new(source, doc.format);
                let file = doc.file.clone();
                bundler.errors.into_iter().map(|d| if d.file == file { d.locate_with(&locator) } else { d }).collect()
            }
            None => bundler.errors,
        };
        return Err(errors);
    }
    doc.warnings.append(&mut bundler.warnings);
    // What bundling brought in from other files gets the same repairs as the spec itself.
    let mut repairs = Vec::new();
    crate::repair::repair(&doc.file, &mut raw, &mut repairs);
    repairs.retain(|r| !doc.warnings.iter().any(|w| w.location == r.location && w.code == r.code));
    doc.warnings.extend(repairs);
    doc.spec = typed(&doc.file, &raw).map_err(|d| {
        let message = format!("{} (in the document with its external `$ref`s bundled in)", d.message);
        vec![Diagnostic { message, ..d }]
    })?;
    doc.raw = raw;
    doc.referenced = bundler.files.keys().cloned().collect();
    Ok(doc)
}

/// Whether any object holds a `$ref` string that does not start with `#`.
fn has_external_ref(v: &Value) -> bool {
    match v {
        Value::Object(map) => {
            matches!(map.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || map.values().any(has_external_ref)
        }
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

/// What a position in a document holds; decides which keys are walked and whether a `$ref` there is a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    /// A Swagger object that is not a schema (the root, a path item, an operation, a parameter, …).
    Node,
    /// A map from names to nodes (`paths`, `parameters`, `responses`, `headers`).
    Map,
    /// A schema.
    Schema,
    /// A map from names to schemas (`definitions`, `properties`).
    SchemaMap,
    /// A list of schemas (`allOf`).
    SchemaList,
}

impl Ctx {
    /// The context of the value under `key`; `None` for free-form data (examples, defaults, extensions).
    fn child(self, key: &str) -> Option<Ctx> {
        match self {
            Ctx::Map => (!key.starts_with("x-")).then_some(Ctx::Node),
            Ctx::SchemaMap | Ctx::SchemaList => Some(Ctx::Schema),
            Ctx::Schema => schema_child(key),
            Ctx::Node => node_child(key),
        }
    }

    /// The context of an array element.
    fn element(self) -> Ctx {
        match self {
            Ctx::Schema | Ctx::SchemaList => Ctx::Schema,
            Ctx::Node | Ctx::Map | Ctx::SchemaMap => Ctx::Node,
        }
    }
}

fn is_free_form(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

fn schema_child(key: &str) -> Option<Ctx> {
    match key {
        _ if is_free_form(key) => None,
        "properties" | "definitions" | "patternProperties" => Some(Ctx::SchemaMap),
        "items" | "additionalProperties" | "not" => Some(Ctx::Schema),
        "allOf" | "anyOf" | "oneOf" => Some(Ctx::SchemaList),
        _ => Some(Ctx::Node),
    }
}

fn node_child(key: &str) -> Option<Ctx> {
    match key {
        _ if is_free_form(key) => None,
        "schema" | "items" => Some(Ctx::Schema),
        "definitions" => Some(Ctx::SchemaMap),
        "paths" | "parameters" | "responses" | "headers" | "securityDefinitions" => Some(Ctx::Map),
        _ => Some(Ctx::Node),
    }
}

/// A file references are resolved against: its name for diagnostics and its canonical path.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Source {
    label: String,
    path: PathBuf,
}

/// One referenced target: the canonical file and the fragment as a normalised pointer (`#/a/b`).
type Key = (PathBuf, String);

/// Where a hoisted schema ends up in the root's `definitions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// Appended as a new definition.
    Append,
    /// Replaces the root definition of the same name, which was only a `$ref` to this target.
    InPlace,
    /// An identical root definition already exists; nothing is written.
    Existing,
}

/// A schema hoisted into the root's `definitions`.
#[derive(Debug)]
struct Hoisted {
    name: String,
    key: Key,
    tokens: Vec<String>,
    placement: Placement,
    value: Option<Value>,
}

/// What to do with one `$ref` object.
enum Action {
    Keep,
    Rewrite(String),
    Replace(Value),
}

/// Why a referenced file may not be read.
enum Refusal {
    /// Resolved (canonical or, for a missing file, lexically normalised) path outside every allowed folder.
    Outside(PathBuf),
    /// The label of a file that does not exist.
    Missing(String),
    /// The label of a file that exists but cannot be resolved.
    Unreadable(String, std::io::Error),
}

struct Bundler {
    root: Source,
    /// Canonical allowed folders, and the same folders made absolute lexically (for files that do not exist).
    roots: Vec<PathBuf>,
    lexical_roots: Vec<PathBuf>,
    /// The root's definitions as loaded, for name clashes.
    root_defs: Map<String, Value>,
    /// Loaded files by canonical path: label and content; `None` when loading failed (already reported).
    files: BTreeMap<PathBuf, Option<(String, Value)>>,
    hoisted: Vec<Hoisted>,
    by_key: BTreeMap<Key, usize>,
    names: BTreeSet<String>,
    queue: VecDeque<usize>,
    inlining: Vec<Key>,
    errors: Vec<Diagnostic>,
    /// Repairs made while bundling (`x.yml/#/…` read as `x.yml#/…`).
    warnings: Vec<Diagnostic>,
}

impl Bundler {
    fn new(root: Source, raw: &Value, options: &BundleOptions) -> Bundler {
        let mut folders: Vec<PathBuf> = root.path.parent().map(Path::to_path_buf).into_iter().collect();
        folders.extend(options.allowed_roots.iter().cloned());
        let roots = folders.iter().filter_map(|f| f.canonicalize().ok()).collect();
        let lexical_roots = folders.iter().filter_map(|f| std::path::absolute(f).ok()).collect();
        let root_defs = raw.get("definitions").and_then(Value::as_object).cloned().unwrap_or_default();
        let names = root_defs.keys().cloned().collect();
        Bundler {
            root,
            roots,
            lexical_roots,
            root_defs,
            files: BTreeMap::new(),
            hoisted: Vec::new(),
            by_key: BTreeMap::new(),
            names,
            queue: VecDeque::new(),
            inlining: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Walks the root, then every hoisted schema (which may hoist more), then writes the hoisted definitions.
    fn run(&mut self, raw: &mut Value) {
        self.reserve_root_aliases();
        let root = self.root.clone();
        self.walk(raw, &root, Ctx::Node, &mut Vec::new());
        while let Some(index) = self.queue.pop_front() {
            self.fill(index);
        }
        self.write_definitions(raw);
    }

    /// A root definition that is only a `$ref` to another file (`Pet: {$ref: Pet.yaml}`) keeps its name: the
    /// target is hoisted into that very definition.
    fn reserve_root_aliases(&mut self) {
        let root = self.root.clone();
        let aliases: Vec<(String, String)> = self
            .root_defs
            .iter()
            .filter_map(|(name, v)| Some((name.clone(), v.get("$ref")?.as_str()?.to_owned())))
            .collect();
        for (name, reference) in aliases {
            let parts = split_ref(&reference);
            if parts.file.is_empty() || is_url(parts.file) {
                continue;
            }
            let (Some(tokens), Ok((path, _))) = (pointer_tokens(parts.fragment), self.locate(parts.file, &root)) else {
                continue;
            };
            let key = (path, pointer(&tokens));
            if key.0 != self.root.path && !self.by_key.contains_key(&key) {
                self.add_hoisted(Hoisted { name, key, tokens, placement: Placement::InPlace, value: None });
            }
        }
    }

    /// Records a hoisted schema (name taken, key mapped) and queues its walk unless it is written nowhere.
    fn add_hoisted(&mut self, hoisted: Hoisted) {
        let index = self.hoisted.len();
        self.by_key.insert(hoisted.key.clone(), index);
        self.names.insert(hoisted.name.clone());
        if hoisted.placement != Placement::Existing {
            self.queue.push_back(index);
        }
        self.hoisted.push(hoisted);
    }

    /// Walks `v` (found at `at` in `src`), resolving every `$ref` on the way.
    fn walk(&mut self, v: &mut Value, src: &Source, ctx: Ctx, at: &mut Vec<String>) {
        if let Some(reference) = v.get("$ref").and_then(Value::as_str).map(str::to_owned) {
            match self.resolve(&reference, src, ctx, at) {
                Action::Replace(value) => {
                    *v = value;
                    return;
                }
                Action::Rewrite(new) => {
                    if let Some(map) = v.as_object_mut() {
                        map.insert("$ref".to_owned(), Value::String(new));
                    }
                }
                Action::Keep => {}
            }
        }
        match v {
            Value::Object(map) => {
                for (key, child) in map.iter_mut().filter(|(k, _)| *k != "$ref") {
                    let Some(child_ctx) = ctx.child(key) else { continue };
                    at.push(key.clone());
                    self.walk(child, src, child_ctx, at);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    at.push(i.to_string());
                    self.walk(child, src, ctx.element(), at);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    /// Decides what becomes of one `$ref` found at `at` in `src`.
    fn resolve(&mut self, reference: &str, src: &Source, ctx: Ctx, at: &[String]) -> Action {
        if *src == self.root && reference.starts_with('#') {
            return Action::Keep;
        }
        let parts = split_ref(reference);
        if is_url(parts.file) {
            self.report_url(reference, src, at);
            return Action::Keep;
        }
        let Some(tokens) = pointer_tokens(parts.fragment) else {
            self.report_not_pointer(reference, src, at);
            return Action::Keep;
        };
        let target_src =
            if parts.file.is_empty() { Some(src.clone()) } else { self.open(parts.file, src, at, reference) };
        let Some(target_src) = target_src else { return Action::Keep };
        if target_src.path == self.root.path {
            return Action::Rewrite(pointer(&tokens));
        }
        let Some(target) = self.target(&target_src.path, &tokens) else {
            self.report_dangling(reference, &target_src, src, at);
            return Action::Keep;
        };
        let key = (target_src.path.clone(), pointer(&tokens));
        if ctx == Ctx::Schema {
            let name = self.hoist(key, tokens, &target);
            return Action::Rewrite(pointer(["definitions", name.as_str()]));
        }
        self.inline(key, tokens, target, &target_src, ctx, (reference, src, at))
    }

    /// A copy of the value at `tokens` in the loaded file `path`.
    fn target(&self, path: &Path, tokens: &[String]) -> Option<Value> {
        let (_, value) = self.files.get(path)?.as_ref()?;
        let fragment = pointer(tokens);
        value.pointer(fragment.strip_prefix('#').unwrap_or(&fragment)).cloned()
    }

    /// The definition name for a schema target, reserving it (and queueing its walk) when first met.
    fn hoist(&mut self, key: Key, tokens: Vec<String>, target: &Value) -> String {
        if let Some(hoisted) = self.by_key.get(&key).and_then(|&index| self.hoisted.get(index)) {
            return hoisted.name.clone();
        }
        let base = definition_name(&tokens, &key.0);
        let (name, placement) = match self.root_defs.get(&base) {
            Some(existing) if existing == target && !has_ref(target) => (base, Placement::Existing),
            _ => (self.unique_name(&base), Placement::Append),
        };
        self.add_hoisted(Hoisted { name: name.clone(), key, tokens, placement, value: None });
        name
    }

    /// `base`, or `base2`, `base3`, … when taken.
    fn unique_name(&self, base: &str) -> String {
        if !self.names.contains(base) {
            return base.to_owned();
        }
        (2..=self.names.len() + 2)
            .map(|n| format!("{base}{n}"))
            .find(|candidate| !self.names.contains(candidate))
            .unwrap_or_else(|| format!("{base}_"))
    }

    /// Walks a reserved hoisted schema in its own file and stores the result.
    fn fill(&mut self, index: usize) {
        let Some(hoisted) = self.hoisted.get(index) else { return };
        let (path, mut at) = (hoisted.key.0.clone(), hoisted.tokens.clone());
        let (Some(src), Some(mut value)) = (self.loaded_source(&path), self.target(&path, &at)) else { return };
        self.walk(&mut value, &src, Ctx::Schema, &mut at);
        if let Some(hoisted) = self.hoisted.get_mut(index) {
            hoisted.value = Some(value);
        }
    }

    fn loaded_source(&self, path: &Path) -> Option<Source> {
        let (label, _) = self.files.get(path)?.as_ref()?;
        Some(Source { label: label.clone(), path: path.to_owned() })
    }

    /// Replaces a non-schema `$ref` by its target, walked in the target's file.
    fn inline(
        &mut self,
        key: Key,
        tokens: Vec<String>,
        mut target: Value,
        target_src: &Source,
        ctx: Ctx,
        site: (&str, &Source, &[String]),
    ) -> Action {
        if self.inlining.contains(&key) || self.inlining.len() >= MAX_INLINE_DEPTH {
            self.report_cycle(site.0, site.1, site.2);
            return Action::Keep;
        }
        self.inlining.push(key);
        let mut at = tokens;
        self.walk(&mut target, target_src, ctx, &mut at);
        self.inlining.pop();
        Action::Replace(target)
    }

    /// Resolves the file part of a reference found in `src`, loading the file once; reports and returns `None`
    /// when it may not or cannot be read.
    fn open(&mut self, file: &str, src: &Source, at: &[String], reference: &str) -> Option<Source> {
        let located = match self.locate(file, src) {
            // `other.yml/#/definitions/X`: a slash before the fragment names a folder that is not there; the file
            // is, and go-swagger and swagger-parser read it. Read it too, with a warning.
            Err(_) if file.ends_with('/') && self.locate(file.trim_end_matches('/'), src).is_ok() => {
                let trimmed = file.trim_end_matches('/');
                let location = Location::Pointer(pointer(at.iter().map(String::as_str).chain(["$ref"])));
                let message = format!("`$ref: {reference}` has a `/` after the file name; read as `{trimmed}`");
                let help = "remove the `/` before `#`: a reference to a file is `file.yml#/pointer`";
                self.warnings
                    .push(Diagnostic::warning("ref-trailing-slash", &src.label, location, message).with_help(help));
                self.locate(trimmed, src)
            }
            other => other,
        };
        let (path, label) = match located {
            Ok(found) => found,
            Err(refusal) => {
                self.report_refusal(refusal, reference, src, at);
                return None;
            }
        };
        if path == self.root.path {
            return Some(self.root.clone());
        }
        if !self.files.contains_key(&path) {
            let site = pointer(at.iter().map(String::as_str).chain(["$ref"]));
            let loaded = self.load(&path, &label, &format!("{}{site}", src.label));
            self.files.insert(path.clone(), loaded);
        }
        self.loaded_source(&path)
    }

    /// The canonical path and a display label of `file` relative to the folder of `src`, if it may be read.
    fn locate(&self, file: &str, src: &Source) -> Result<(PathBuf, String), Refusal> {
        let file = percent_decode(file);
        let folder = src.path.parent().unwrap_or(Path::new(""));
        let joined = folder.join(&file);
        let label_folder = Path::new(&src.label).parent().unwrap_or(Path::new(""));
        let label = normalize_lexically(&label_folder.join(&file)).to_string_lossy().into_owned();
        match joined.canonicalize() {
            Ok(path) if self.roots.iter().any(|r| path.starts_with(r)) => Ok((path, label)),
            Ok(path) => Err(Refusal::Outside(path)),
            Err(_) if !self.lexically_allowed(&joined) => Err(Refusal::Outside(normalize_lexically(&joined))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Refusal::Missing(label)),
            Err(e) => Err(Refusal::Unreadable(label, e)),
        }
    }

    /// For files that do not exist: is the path, made absolute and normalised, inside an allowed folder?
    fn lexically_allowed(&self, path: &Path) -> bool {
        let Ok(absolute) = std::path::absolute(path) else { return false };
        let path = normalize_lexically(&absolute);
        self.roots.iter().chain(&self.lexical_roots).any(|r| path.starts_with(normalize_lexically(r)))
    }

    /// Reads and parses a referenced file (no Swagger version check: it is usually a fragment). A failure is
    /// reported once, with `site` (where the file is first referenced) added to its help.
    fn load(&mut self, path: &Path, label: &str, site: &str) -> Option<(String, Value)> {
        let parsed = crate::load::read_file(path, "the file")
            .map_err(|mut d| {
                if d.code == "read" {
                    d.code = "external-ref-read";
                    d.file = label.to_owned();
                    d.help = Some("check the file's permissions".into());
                }
                d
            })
            .and_then(|bytes| parse_value(label, &bytes));
        match parsed {
            Ok((_, value)) => Some((label.to_owned(), value)),
            Err(d) => {
                let help = d.help.as_deref().unwrap_or_default().to_owned();
                self.errors.push(d.with_help(format!("{help} (the file is referenced from {site})")));
                None
            }
        }
    }

    /// Writes the hoisted schemas into the root's `definitions`, in the order they were first met.
    fn write_definitions(&mut self, raw: &mut Value) {
        let hoisted = std::mem::take(&mut self.hoisted);
        let mut writes = hoisted.into_iter().filter(|h| h.placement != Placement::Existing).peekable();
        if writes.peek().is_none() {
            return;
        }
        let Some(root) = raw.as_object_mut() else { return };
        let definitions = root.entry("definitions").or_insert_with(|| Value::Object(Map::new()));
        let Some(definitions) = definitions.as_object_mut() else {
            self.errors.push(
                Diagnostic::error(
                    "schema",
                    &self.root.label,
                    Location::Pointer("#/definitions".to_owned()),
                    "`definitions` is not a mapping, so referenced schemas cannot be added to it",
                )
                .with_help("make `definitions` a mapping from names to schemas"),
            );
            return;
        };
        for h in writes {
            if let Some(value) = h.value {
                definitions.insert(h.name, value);
            }
        }
    }

    fn report(&mut self, code: &'static str, src: &Source, at: &[String], message: String, help: &str) {
        let location = Location::Pointer(pointer(at.iter().map(String::as_str).chain(["$ref"])));
        self.errors.push(Diagnostic::error(code, &src.label, location, message).with_help(help));
    }

    fn report_url(&mut self, reference: &str, src: &Source, at: &[String]) {
        let message = format!("`$ref: {reference}` is a URL; swagen never fetches references over the network");
        let help = "download the file next to the spec and refer to it by a relative path";
        self.report("external-ref-url", src, at, message, help);
    }

    fn report_not_pointer(&mut self, reference: &str, src: &Source, at: &[String]) {
        let message = format!("`$ref: {reference}`: the part after `#` is not a JSON pointer (it must start with `/`)");
        let help = "write the fragment as a JSON pointer, e.g. `other.yaml#/definitions/Pet`";
        self.report("dangling-ref", src, at, message, help);
    }

    fn report_dangling(&mut self, reference: &str, target: &Source, src: &Source, at: &[String]) {
        let message = format!("`$ref: {reference}` points to nothing in {}", target.label);
        let help = "correct the part after `#`, or add the missing entry to that file";
        self.report("dangling-ref", src, at, message, help);
    }

    fn report_cycle(&mut self, reference: &str, src: &Source, at: &[String]) {
        let message = format!(
            "`$ref: {reference}` refers back to itself (or nests more than {MAX_INLINE_DEPTH} levels deep), so it \
             cannot be copied in place"
        );
        let help = "break the cycle: a parameter, response or path item cannot contain itself";
        self.report("external-ref-cycle", src, at, message, help);
    }

    fn report_refusal(&mut self, refusal: Refusal, reference: &str, src: &Source, at: &[String]) {
        match refusal {
            Refusal::Outside(path) => {
                let folders: Vec<String> = self.roots.iter().map(|r| r.display().to_string()).collect();
                let message = format!(
                    "`$ref: {reference}` resolves to {}, outside the folders references may read ({})",
                    path.display(),
                    folders.join(", ")
                );
                let help = "move the file under the spec's folder, or allow its folder (`swagen … --allow-ref-dir \
                            DIR`, `Generator::allow_ref_dir`)";
                self.report("external-ref-outside", src, at, message, help);
            }
            Refusal::Missing(label) => {
                let message = format!("`$ref: {reference}` refers to {label}, which does not exist");
                // `$ref: pet` is a file named `pet` in Swagger 2.0 (a JSON Reference); some tools read it as
                // `#/definitions/pet`.
                let help = if self.root_defs.contains_key(reference) {
                    format!("a `$ref` names a file; for the definition write `$ref: '#/definitions/{reference}'`")
                } else {
                    "correct the path; it is relative to the folder of the file that holds the `$ref`".to_owned()
                };
                self.report("external-ref-missing", src, at, message, &help);
            }
            Refusal::Unreadable(label, e) => {
                let message = format!("`$ref: {reference}` refers to {label}, which cannot be read: {e}");
                self.report("external-ref-read", src, at, message, "check the path and the file's permissions");
            }
        }
    }
}

/// Whether a value holds any `$ref`.
fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(map) => map.contains_key("$ref") || map.values().any(has_ref),
        Value::Array(items) => items.iter().any(has_ref),
        _ => false,
    }
}

/// The name a hoisted schema is given: the fragment's last meaningful segment (`#/definitions/Pet` → `Pet`),
/// or the file stem for a whole file (`Pet.yaml` → `Pet`).
pub fn definition_name(tokens: &[String], file: &Path) -> String {
    let structural = |t: &str| {
        t.is_empty()
            || t.bytes().all(|b| b.is_ascii_digit())
            || matches!(t, "schema" | "items" | "additionalProperties" | "allOf" | "properties" | "definitions")
    };
    tokens
        .iter()
        .rev()
        .find(|t| !structural(t))
        .cloned()
        .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Schema".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_file_and_fragment() {
        assert_eq!(split_ref("other.yaml#/definitions/X"), RefParts { file: "other.yaml", fragment: "/definitions/X" });
        assert_eq!(split_ref("Pet.yaml"), RefParts { file: "Pet.yaml", fragment: "" });
        assert_eq!(split_ref("./a/b.json#/foo"), RefParts { file: "./a/b.json", fragment: "/foo" });
        assert_eq!(split_ref("#/definitions/X"), RefParts { file: "", fragment: "/definitions/X" });
        assert_eq!(split_ref("a.yaml#"), RefParts { file: "a.yaml", fragment: "" });
    }

    #[test]
    fn pointer_tokens_unescape() {
        assert_eq!(pointer_tokens(""), Some(vec![]));
        assert_eq!(pointer_tokens("/a/b~1c/d~0e"), Some(vec!["a".into(), "b/c".into(), "d~e".into()]));
        assert_eq!(pointer_tokens("/paths/~1pets%7Bid%7D"), Some(vec!["paths".into(), "/pets{id}".into()]));
        assert_eq!(pointer_tokens("/"), Some(vec![String::new()]));
        assert_eq!(pointer_tokens("Pet"), None);
    }

    #[test]
    fn urls_are_recognised() {
        for url in ["http://x/a.yaml", "https://x/a.yaml#/b", "//host/a.yaml", "file:///etc/passwd", "s3+x.y-z:q"] {
            assert!(is_url(url), "{url}");
        }
        for file in ["a.yaml", "../common/Error.yaml", "./a/b.json", "/abs/path.yaml", "", "1x:y"] {
            assert!(!is_url(file), "{file}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("My%20Pet.yaml"), "My Pet.yaml");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%ff"), "%ff");
    }

    #[test]
    fn lexical_normalisation() {
        assert_eq!(normalize_lexically(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize_lexically(Path::new("spec/../common/E.yaml")), PathBuf::from("common/E.yaml"));
        assert_eq!(normalize_lexically(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize_lexically(Path::new("/../x")), PathBuf::from("/x"));
        assert_eq!(normalize_lexically(Path::new("./Pet.yaml")), PathBuf::from("Pet.yaml"));
    }

    #[test]
    fn definition_names() {
        let t = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(definition_name(&t(&["definitions", "X"]), Path::new("/d/defs.yaml")), "X");
        assert_eq!(definition_name(&[], Path::new("/d/Pet.yaml")), "Pet");
        assert_eq!(definition_name(&t(&["200", "schema"]), Path::new("/d/r.yaml")), "r");
        assert_eq!(definition_name(&t(&["Pet", "properties", "tags", "items"]), Path::new("p.yaml")), "tags");
    }

    #[test]
    fn contexts() {
        assert_eq!(Ctx::Node.child("schema"), Some(Ctx::Schema));
        assert_eq!(Ctx::Node.child("parameters"), Some(Ctx::Map));
        assert_eq!(Ctx::Map.child("schema"), Some(Ctx::Node));
        assert_eq!(Ctx::Map.child("x-extra"), None);
        assert_eq!(Ctx::Schema.child("properties"), Some(Ctx::SchemaMap));
        assert_eq!(Ctx::SchemaMap.child("example"), Some(Ctx::Schema));
        assert_eq!(Ctx::Schema.child("example"), None);
        assert_eq!(Ctx::Schema.child("allOf").map(Ctx::element), Some(Ctx::Schema));
        assert_eq!(Ctx::Node.child("tags").map(Ctx::element), Some(Ctx::Node));
    }
}
