//! OpenAPI Overlays (Overlay Specification 1.0, with 1.1's clarified merge rules) applied to a raw document.
//!
//! An overlay is a YAML or JSON document:
//!
//! ```yaml
//! overlay: 1.0.0
//! info: { title: Fix the tags API, version: 1.0.0 }
//! actions:
//!   - target: $.paths['/tags'].get.parameters[?@.name == 'group']
//!     update: { type: integer }
//!   - target: $.paths['/tags/{tag}'].delete
//!     remove: true
//! ```
//!
//! Actions apply in order, each to the result of the previous ones. `target` is a [`JsonPath`]; each selected
//! node is changed:
//!
//! - `remove: true` removes it from its object or array (`update` is then ignored, with a warning);
//! - `update` on an object is merged in recursively: new properties are added, primitives replace primitives,
//!   arrays are concatenated, objects are merged; other combinations are errors (`null` over an object or
//!   array is ignored with a warning);
//! - `update` on an array appends: an array update is concatenated, anything else is appended as one element;
//! - `update` on a primitive is an error for `overlay: 1.0.x` (target the containing object instead) and
//!   replaces it with a primitive for `overlay: 1.1.x`;
//! - `copy` (Overlay 1.1) names a JSONPath selecting exactly one node whose value is used as the update.
//!
//! Unlike the specification, which lets a target select nothing, swagen reports a target that matches no node
//! as an error: in a generator pipeline a stale overlay should fail loudly.
//!
//! Diagnostics point into the **overlay** (`#/actions/3/target`) and name the overlay file. All actions are
//! checked, so several errors are reported at once; on any error the document is left unchanged.

use crate::diag::{pointer_join, pointer_token, Diagnostic, Location};
use crate::jsonpath::{JsonPath, NodePath, PathToken};
use serde_json::{Map, Value};
use std::path::Path;

/// How deep an `update` may nest before the merge gives up.
const MAX_MERGE_DEPTH: usize = 256;

/// Fields an action may have besides `x-` extensions.
const ACTION_FIELDS: [&str; 5] = ["target", "description", "update", "remove", "copy"];

/// Fields the overlay itself may have besides `x-` extensions.
const OVERLAY_FIELDS: [&str; 4] = ["overlay", "info", "extends", "actions"];

/// The rule set an overlay is applied with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rules {
    /// Overlay 1.0: targets must select objects or arrays.
    V1_0,
    /// Overlay 1.1 and later 1.x: `update` may replace primitives.
    V1_1,
}

/// Reads an overlay file and applies it to `doc` (the raw spec; see [`crate::load::parse_value`]).
///
/// `Ok` holds the warnings; `Err` holds every diagnostic (errors and warnings), and `doc` is unchanged.
pub fn apply_overlay_file(doc: &mut Value, path: &Path) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let bytes = crate::load::read_file(path, "the overlay").map_err(|mut d| {
        if d.code == "read" {
            d.code = "overlay-read";
            d.help = Some("check the path; an overlay is an OpenAPI Overlay document in YAML or JSON".into());
        }
        vec![d]
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        vec![Diagnostic::error("encoding", &file, Location::File, format!("the overlay is not UTF-8 text: {e}"))
            .with_help("save the overlay as UTF-8")]
    })?;
    apply_overlay(doc, &file, text)
}

/// Applies several overlay files in order. `Ok` holds all warnings; `Err` holds every diagnostic of every
/// overlay. On `Err`, `doc` holds the overlays that applied cleanly (each failing overlay changed nothing).
pub fn apply_overlay_files<P: AsRef<Path>>(doc: &mut Value, paths: &[P]) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut all = Vec::new();
    let mut failed = false;
    for path in paths {
        match apply_overlay_file(doc, path.as_ref()) {
            Ok(warnings) => all.extend(warnings),
            Err(diagnostics) => {
                failed = true;
                all.extend(diagnostics);
            }
        }
    }
    if failed {
        Err(all)
    } else {
        Ok(all)
    }
}

/// Parses an overlay (YAML or JSON, chosen by content) and applies it to `doc`; `overlay_file` names the
/// overlay in diagnostics.
///
/// `Ok` holds the warnings; `Err` holds every diagnostic (errors and warnings), and `doc` is unchanged.
pub fn apply_overlay(
    doc: &mut Value,
    overlay_file: &str,
    overlay_text: &str,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let text = overlay_text.strip_prefix('\u{feff}').unwrap_or(overlay_text);
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error("overlay-empty", overlay_file, Location::File, "the overlay is empty")
            .with_help("an overlay starts with `overlay: 1.0.0`, `info` and `actions`")]);
    }
    let (_, overlay) = crate::load::parse_value(overlay_file, text.as_bytes()).map_err(|d| vec![d])?;
    apply_overlay_value(doc, overlay_file, &overlay)
}

/// Applies an already parsed overlay to `doc`; `overlay_file` names the overlay in diagnostics.
///
/// `Ok` holds the warnings; `Err` holds every diagnostic (errors and warnings), and `doc` is unchanged.
pub fn apply_overlay_value(
    doc: &mut Value,
    overlay_file: &str,
    overlay: &Value,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut cx = Overlay { file: overlay_file, rules: Rules::V1_0, diagnostics: Vec::new() };
    let mut work = doc.clone();
    cx.run(&mut work, overlay);
    if cx.diagnostics.iter().any(Diagnostic::is_error) {
        Err(cx.diagnostics)
    } else {
        *doc = work;
        Ok(cx.diagnostics)
    }
}

/// One overlay being applied: its name, rule set and what was found so far.
struct Overlay<'f> {
    file: &'f str,
    rules: Rules,
    diagnostics: Vec<Diagnostic>,
}

impl Overlay<'_> {
    fn error(&mut self, code: &'static str, pointer: &str, message: String, help: &str) {
        let d = Diagnostic::error(code, self.file, Location::Pointer(pointer.to_owned()), message);
        self.diagnostics.push(d.with_help(help));
    }

    fn warning(&mut self, code: &'static str, pointer: &str, message: String, help: &str) {
        let d = Diagnostic::warning(code, self.file, Location::Pointer(pointer.to_owned()), message);
        self.diagnostics.push(d.with_help(help));
    }

    fn run(&mut self, doc: &mut Value, overlay: &Value) {
        let Some(root) = overlay.as_object() else {
            self.error(
                "overlay-not-mapping",
                "#",
                format!("the overlay is {}, not a mapping", kind(overlay)),
                "an overlay starts with `overlay: 1.0.0`, `info` and `actions`",
            );
            return;
        };
        if !self.check_version(root) {
            return;
        }
        self.check_info(root);
        self.unknown_fields(root, "#", &OVERLAY_FIELDS, "the overlay");
        if let Some(extends) = root.get("extends").filter(|v| !v.is_string()) {
            let message = format!("`extends` should be a URL string, not {}; ignored", kind(extends));
            self.warning("overlay-extends", "#/extends", message, "write the spec's URL or path, or drop `extends`");
        }
        let Some(actions) = self.actions(root) else {
            return;
        };
        for (i, action) in actions.iter().enumerate() {
            self.action(doc, &format!("#/actions/{i}"), action);
        }
    }

    /// Sets the rule set from `overlay:`; false when the overlay cannot be applied at all.
    fn check_version(&mut self, root: &Map<String, Value>) -> bool {
        let help = "start the overlay with `overlay: 1.0.0`";
        let text = match root.get("overlay") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => {
                let message = format!("`overlay: {n}` is a number, not a version string; read as \"{n}\"");
                self.warning("overlay-version-number", "#/overlay", message, "quote it: `overlay: \"1.0.0\"`");
                n.to_string()
            }
            Some(other) => {
                let message = format!("`overlay` must be a version string such as \"1.0.0\", not {}", kind(other));
                self.error("overlay-version", "#/overlay", message, help);
                return false;
            }
            None => {
                let message = "no `overlay` field at the top level, so this is not an Overlay document".to_owned();
                self.error("overlay-version", "#", message, help);
                return false;
            }
        };
        match major_minor(&text) {
            Some((1, 0)) => self.rules = Rules::V1_0,
            Some((1, 1)) => self.rules = Rules::V1_1,
            Some((1, _)) => {
                self.rules = Rules::V1_1;
                let message = format!("Overlay {text} is newer than swagen knows (1.0, 1.1); applied with 1.1 rules");
                self.warning("overlay-version-newer", "#/overlay", message, "check the result, or use 1.1.0");
            }
            _ => {
                let message = format!("unsupported overlay version `{text}`; swagen applies Overlay 1.x");
                self.error("overlay-version", "#/overlay", message, help);
                return false;
            }
        }
        true
    }

    fn check_info(&mut self, root: &Map<String, Value>) {
        let help = "add `info: { title: …, version: … }` (the Overlay Specification requires it)";
        match root.get("info") {
            None => self.warning("overlay-info", "#", "the overlay has no `info`".to_owned(), help),
            Some(Value::Object(info)) => {
                for field in ["title", "version"] {
                    if !info.get(field).is_some_and(Value::is_string) {
                        let message = format!("`info.{field}` is missing or not a string");
                        self.warning("overlay-info", "#/info", message, help);
                    }
                }
            }
            Some(other) => {
                let message = format!("`info` is {}, not a mapping", kind(other));
                self.warning("overlay-info", "#/info", message, help);
            }
        }
    }

    fn actions<'v>(&mut self, root: &'v Map<String, Value>) -> Option<&'v Vec<Value>> {
        let help = "list the changes under `actions:`, each with a `target` and `update` or `remove: true`";
        match root.get("actions") {
            Some(Value::Array(actions)) => {
                if actions.is_empty() {
                    self.warning("overlay-no-actions", "#/actions", "`actions` is empty".to_owned(), help);
                }
                Some(actions)
            }
            Some(other) => {
                self.error("overlay-actions", "#/actions", format!("`actions` is {}, not a list", kind(other)), help);
                None
            }
            None => {
                self.error("overlay-actions", "#", "the overlay has no `actions`".to_owned(), help);
                None
            }
        }
    }

    fn unknown_fields(&mut self, object: &Map<String, Value>, pointer: &str, known: &[&str], what: &str) {
        for key in object.keys().filter(|k| !k.starts_with("x-") && !known.contains(&k.as_str())) {
            let message = format!("unknown field `{key}` in {what}; ignored");
            let help = match suggest(key, known) {
                Some(close) => format!("did you mean `{close}`? (extensions start with `x-`)"),
                None => format!("the fields are {}; extensions start with `x-`", quoted_list(known)),
            };
            self.warning("overlay-unknown-field", &pointer_join(pointer, key), message, &help);
        }
    }

    /// Checks and applies one action; `base` is its pointer (`#/actions/3`).
    fn action(&mut self, doc: &mut Value, base: &str, action: &Value) {
        let Some(fields) = action.as_object() else {
            let message = format!("the action is {}, not a mapping", kind(action));
            self.error("overlay-action", base, message, "write `- target: $…` followed by `update:` or `remove: true`");
            return;
        };
        self.unknown_fields(fields, base, &ACTION_FIELDS, "an action");
        let Some(target) = self.target(fields, base) else {
            return;
        };
        let remove = match fields.get("remove") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let message = format!("`remove` must be true or false, not {}", kind(other));
                self.error("overlay-remove", &format!("{base}/remove"), message, "write `remove: true`");
                return;
            }
        };
        if remove {
            self.remove_action(doc, base, &target, fields);
            return;
        }
        let Some((update, origin)) = self.update_value(doc, base, fields) else {
            return;
        };
        let nodes = self.select(doc, base, &target);
        for node in &nodes {
            self.update_node(doc, node, &update, &origin);
        }
    }

    /// The parsed `target`; reports a missing, non-string or invalid one.
    fn target(&mut self, fields: &Map<String, Value>, base: &str) -> Option<JsonPath> {
        let pointer = format!("{base}/target");
        let help = "a target is a JSONPath (RFC 9535) such as `$.paths['/pets'].get`";
        let text = match fields.get("target") {
            Some(Value::String(text)) => text,
            Some(other) => {
                self.error(
                    "overlay-target",
                    &pointer,
                    format!("`target` is {}, not a JSONPath string", kind(other)),
                    help,
                );
                return None;
            }
            None => {
                self.error("overlay-target", base, "the action has no `target`".to_owned(), help);
                return None;
            }
        };
        self.parse_path(text, &pointer, "target")
    }

    fn parse_path(&mut self, text: &str, pointer: &str, field: &str) -> Option<JsonPath> {
        match JsonPath::parse(text) {
            Ok(path) => {
                for w in path.warnings() {
                    let message = format!("`{field}` `{text}`, column {}: {}", w.column, w.message);
                    self.warning("overlay-jsonpath-lenient", pointer, message, "use the bracket form");
                }
                Some(path)
            }
            Err(e) => {
                let message = format!("invalid JSONPath in `{field}` `{text}` {e}");
                let help = "JSONPath is RFC 9535, e.g. `$.paths['/tags'].get.parameters[?@.name == 'group']`";
                self.error("overlay-jsonpath", pointer, message, help);
                None
            }
        }
    }

    /// The selected nodes; a target that selects nothing is an error.
    fn select(&mut self, doc: &Value, base: &str, target: &JsonPath) -> Vec<NodePath> {
        let nodes = target.select_paths(doc);
        if nodes.is_empty() {
            let message = format!("target `{target}` selects nothing in the document");
            let help = "check the path against the spec as changed by the earlier actions; names are case-sensitive \
                        and keys such as `/pets` or `200` need brackets: `['/pets']`";
            self.error("overlay-no-match", &format!("{base}/target"), message, help);
        }
        nodes
    }

    fn remove_action(&mut self, doc: &mut Value, base: &str, target: &JsonPath, fields: &Map<String, Value>) {
        for ignored in ["update", "copy"] {
            if fields.contains_key(ignored) {
                let message = format!("`{ignored}` is ignored because the action has `remove: true`");
                let help = "split it into two actions: one removing, one updating";
                self.warning("overlay-update-ignored", &format!("{base}/{ignored}"), message, help);
            }
        }
        // Reverse document order: children before parents, later array elements before earlier ones.
        for node in self.select(doc, base, target).iter().rev() {
            self.remove_node(doc, base, node);
        }
    }

    fn remove_node(&mut self, doc: &mut Value, base: &str, node: &NodePath) {
        let Some((last, parent)) = node.tokens().split_last() else {
            let message = "the target selects the document root, which cannot be removed".to_owned();
            self.error("overlay-remove-root", &format!("{base}/target"), message, "target the nodes to remove");
            return;
        };
        let removed = match (node_mut(doc, parent), last) {
            (Some(Value::Object(map)), PathToken::Name(name)) => map.shift_remove(name).is_some(),
            (Some(Value::Array(items)), PathToken::Index(i)) if *i < items.len() => {
                items.remove(*i);
                true
            }
            _ => false,
        };
        if !removed {
            let message = format!("internal: `#{}` vanished before it could be removed", node.pointer());
            self.error("overlay-internal", &format!("{base}/target"), message, "please report this overlay");
        }
    }

    /// The value to merge (from `update` or `copy`) and where it came from; `None` when nothing is to be done.
    fn update_value(&mut self, doc: &Value, base: &str, fields: &Map<String, Value>) -> Option<(Value, Origin)> {
        match (fields.get("update"), fields.get("copy")) {
            (Some(update), None) => Some((update.clone(), Origin { pointer: format!("{base}/update"), deep: true })),
            (None, Some(copy)) => self.copy_value(doc, base, copy),
            (Some(_), Some(_)) => {
                let message = "the action has both `update` and `copy`".to_owned();
                self.error("overlay-action", base, message, "use one of them per action");
                None
            }
            (None, None) => {
                let message = "the action has neither `update` nor `remove: true`, so it does nothing".to_owned();
                self.warning("overlay-no-op", base, message, "add `update: …` or `remove: true`");
                None
            }
        }
    }

    fn copy_value(&mut self, doc: &Value, base: &str, copy: &Value) -> Option<(Value, Origin)> {
        let pointer = format!("{base}/copy");
        if self.rules == Rules::V1_0 {
            let message = "`copy` is an Overlay 1.1 feature; applied anyway".to_owned();
            self.warning("overlay-copy-1-1", &pointer, message, "declare `overlay: 1.1.0`");
        }
        let Value::String(text) = copy else {
            self.error("overlay-copy", &pointer, format!("`copy` is {}, not a JSONPath string", kind(copy)), "");
            return None;
        };
        let path = self.parse_path(text, &pointer, "copy")?;
        match path.select(doc).as_slice() {
            [one] => Some(((*one).clone(), Origin { pointer, deep: false })),
            nodes => {
                let message = format!("`copy` `{text}` selects {} nodes; it must select exactly one", nodes.len());
                self.error("overlay-copy", &pointer, message, "narrow the JSONPath to a single node");
                None
            }
        }
    }

    fn update_node(&mut self, doc: &mut Value, node: &NodePath, update: &Value, origin: &Origin) {
        let doc_pointer = format!("#{}", node.pointer());
        let rules = self.rules;
        let Some(slot) = node_mut(doc, node.tokens()) else {
            let message = format!("internal: `{doc_pointer}` vanished before it could be updated");
            self.error("overlay-internal", &origin.pointer, message, "please report this overlay");
            return;
        };
        match (slot, update) {
            (Value::Object(target), Value::Object(update)) => self.merge(target, update, origin, &doc_pointer, "", 0),
            (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
            (Value::Array(items), one) => items.push(one.clone()),
            (Value::Object(_), other) => {
                let message = format!(
                    "the target selects the object at `{doc_pointer}`, but `update` is {}; an object can only be \
                     merged with a mapping",
                    kind(other)
                );
                let help = "to change one property, write `update: {name: value}`; to replace the object, remove \
                            it in one action and add it back from its parent in the next";
                self.error("overlay-incompatible", &origin.pointer, message, help);
            }
            (slot, _) if rules == Rules::V1_0 => {
                let message = format!(
                    "the target selects {} at `{doc_pointer}`; Overlay 1.0 targets must select objects or arrays",
                    kind(slot)
                );
                let help = "target the containing object and update the property (`update: {name: value}`), or \
                            declare `overlay: 1.1.0`, which lets `update` replace a primitive";
                self.error("overlay-primitive-target", &origin.pointer, message, help);
            }
            (slot, new) if is_primitive(new) => *slot = new.clone(),
            (slot, other) => {
                let message = format!(
                    "the target selects {} at `{doc_pointer}`, which can only be replaced by a primitive, not by {}",
                    kind(slot),
                    kind(other)
                );
                let help = "remove the value in one action and add it back from its parent in the next";
                self.error("overlay-incompatible", &origin.pointer, message, help);
            }
        }
    }

    /// Merges `update` into `target`; `rel` is the pointer suffix below the selected node.
    fn merge(
        &mut self,
        target: &mut Map<String, Value>,
        update: &Map<String, Value>,
        origin: &Origin,
        doc_pointer: &str,
        rel: &str,
        depth: usize,
    ) {
        if depth > MAX_MERGE_DEPTH {
            let message = format!("`update` nests more than {MAX_MERGE_DEPTH} levels deep; not merged");
            self.error("overlay-too-deep", &origin.at(rel), message, "flatten the update");
            return;
        }
        for (key, new) in update {
            let rel = format!("{rel}/{}", pointer_token(key));
            match target.get_mut(key) {
                None => {
                    target.insert(key.clone(), new.clone());
                }
                Some(old) => self.merge_value(old, new, origin, doc_pointer, &rel, depth + 1),
            }
        }
    }

    fn merge_value(
        &mut self,
        old: &mut Value,
        new: &Value,
        origin: &Origin,
        doc_pointer: &str,
        rel: &str,
        depth: usize,
    ) {
        let at = format!("{doc_pointer}{rel}");
        match (old, new) {
            (Value::Object(old), Value::Object(new)) => self.merge(old, new, origin, doc_pointer, rel, depth),
            (Value::Array(old), Value::Array(new)) => old.extend(new.iter().cloned()),
            (old, new) if old.is_null() || (is_primitive(old) && is_primitive(new)) => *old = new.clone(),
            (old, Value::Null) => {
                let message = format!("`null` cannot be merged into the {} at `{at}`; left unchanged", kind(old));
                let help = "to delete it, use an action with `remove: true`";
                self.warning("overlay-null-ignored", &origin.at(rel), message, help);
            }
            (old, new) => {
                let message = format!("cannot merge {} into {} at `{at}`", kind(new), kind(old));
                let help = "only objects merge with objects, arrays with arrays and primitives with primitives; to \
                            replace the value, remove it in one action and add it back in the next";
                self.error("overlay-incompatible", &origin.at(rel), message, help);
            }
        }
    }
}

/// Where an update value came from in the overlay.
struct Origin {
    /// `#/actions/3/update` or `#/actions/3/copy`.
    pointer: String,
    /// Whether positions inside the value can be pointed at (true for `update`, false for a copied value).
    deep: bool,
}

impl Origin {
    fn at(&self, rel: &str) -> String {
        if self.deep {
            format!("{}{rel}", self.pointer)
        } else {
            self.pointer.clone()
        }
    }
}

fn node_mut<'v>(root: &'v mut Value, tokens: &[PathToken]) -> Option<&'v mut Value> {
    let mut current = root;
    for token in tokens {
        current = match (current, token) {
            (Value::Object(map), PathToken::Name(name)) => map.get_mut(name)?,
            (Value::Array(items), PathToken::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

/// `1.0.0` → (1, 0); also `1.0` and `1`.
fn major_minor(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = match parts.next() {
        Some(minor) => minor.parse().ok()?,
        None => 0,
    };
    let patch_ok = parts.next().is_none_or(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()));
    (patch_ok && parts.next().is_none()).then_some((major, minor))
}

fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn quoted_list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// A known name within edit distance 2 of `key` (typos such as `udpate`, `Target`).
fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let key = key.to_ascii_lowercase();
    known.iter().map(|k| (edit_distance(&key, k), *k)).filter(|(d, _)| *d <= 2).min_by_key(|(d, _)| *d).map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}
