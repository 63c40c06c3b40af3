//! `swagen diff`: what changed in the generated Rust API between two versions of a spec, and whether it breaks
//! callers.
//!
//! Both sides are generated; `surface` reads each module's public API back from its code (what callers compile
//! against), `compare` judges every change by what it does to a caller's code (breaking or additive), and `wire`
//! adds the changes that keep the Rust API but change the request (wire-only), from the two lowered APIs. The report
//! renders as Markdown (a pull-request comment) or JSON.

pub mod compare;
pub mod surface;
pub mod wire;

use crate::Lowered;
use std::collections::BTreeMap;

/// How a change affects callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Code that compiled against the old API may not compile against the new one.
    Breaking,
    /// Only new things: code that compiled still compiles.
    Additive,
    /// The same Rust API sends a different request or reads a different answer.
    WireOnly,
}

impl ChangeKind {
    fn word(self) -> &'static str {
        match self {
            ChangeKind::Breaking => "breaking",
            ChangeKind::Additive => "additive",
            ChangeKind::WireOnly => "wire-only",
        }
    }
}

/// One change to one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The item, as a path from the module root: `Client::list_tags`, `types::Tag.name`, `types::Kind::A`.
    pub item: String,
    /// What changed, in a sentence fragment.
    pub change: String,
}

impl Change {
    pub(crate) fn breaking(item: &str, change: String) -> Change {
        Change { kind: ChangeKind::Breaking, item: item.to_owned(), change }
    }
    pub(crate) fn additive(item: &str, change: String) -> Change {
        Change { kind: ChangeKind::Additive, item: item.to_owned(), change }
    }
    pub(crate) fn wire(item: &str, change: String) -> Change {
        Change { kind: ChangeKind::WireOnly, item: item.to_owned(), change }
    }
}

/// One side of a comparison: a generated module, and (for wire-level changes and renames) the API it came from.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// How the side is named in the report (the spec's path, a git revision…).
    pub label: &'a str,
    pub code: &'a str,
    pub lowered: Option<&'a Lowered>,
}

/// Every change between two generated modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub old: String,
    pub new: String,
    /// Breaking changes first, then additive, then wire-only; each group in item order.
    pub changes: Vec<Change>,
}

/// Compares two generated modules. Fails only when a side is not Rust code.
pub fn diff(old: Side<'_>, new: Side<'_>) -> Result<Report, String> {
    let old_surface = surface::read(old.code).map_err(|e| format!("{}: {e}", old.label))?;
    let new_surface = surface::read(new.code).map_err(|e| format!("{}: {e}", new.label))?;
    let renames = match (old.lowered, new.lowered) {
        (Some(o), Some(n)) => renames(o, n),
        _ => compare::Renames::default(),
    };
    let mut changes = compare::compare(&old_surface, &new_surface, &renames);
    if let (Some(o), Some(n)) = (old.lowered, new.lowered) {
        // A wire change of an item that breaks anyway says nothing more.
        let broken: Vec<String> =
            changes.iter().filter(|c| c.kind == ChangeKind::Breaking).map(|c| c.item.clone()).collect();
        let wire = wire::compare(&o.api, &n.api, &renames.methods);
        let within = |item: &str, b: &str| {
            item == b || item.strip_prefix(b).is_some_and(|rest| rest.starts_with(['(', '.', ':']))
        };
        changes.extend(wire.into_iter().filter(|w| !broken.iter().any(|b| within(&w.item, b))));
    }
    changes.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.item.cmp(&b.item)).then_with(|| a.change.cmp(&b.change)));
    Ok(Report { old: old.label.to_owned(), new: new.label.to_owned(), changes })
}

/// Items the spec identifies as the same (definition key, `METHOD path`) that have another name on the new side.
fn renames(old: &Lowered, new: &Lowered) -> compare::Renames {
    let mut r = compare::Renames::default();
    let new_types: BTreeMap<&str, &str> =
        new.api.models.iter().filter_map(|m| Some((m.definition.as_deref()?, m.name.as_str()))).collect();
    for m in &old.api.models {
        let Some(key) = &m.definition else { continue };
        if let Some(name) = new_types.get(key.as_str()).filter(|n| **n != m.name) {
            r.items.insert(format!("types::{}", m.name), format!("types::{name}"));
        }
    }
    let key = |op: &swagen_ir::Operation| format!("{} {}", op.method.as_str(), op.path_key);
    let new_ops: BTreeMap<String, &str> = new.api.operations.iter().map(|op| (key(op), op.name.as_str())).collect();
    for op in &old.api.operations {
        if let Some(name) = new_ops.get(&key(op)).filter(|n| **n != op.name) {
            r.methods.insert(op.name.clone(), (*name).to_owned());
        }
    }
    r
}

impl Report {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// Whether anything breaks callers.
    pub fn is_breaking(&self) -> bool {
        self.count(ChangeKind::Breaking) > 0
    }

    /// `3 breaking, 12 additive, 2 wire-only`.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} additive, {} wire-only",
            self.count(ChangeKind::Breaking),
            self.count(ChangeKind::Additive),
            self.count(ChangeKind::WireOnly)
        )
    }

    /// The report as Markdown for a pull-request comment: breaking changes listed, the rest folded.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Rust API changes\n\n`{}` → `{}`: **{}**.\n", self.old, self.new, self.summary());
        if self.changes.is_empty() {
            out.push_str("\nThe generated Rust API is the same.\n");
        }
        for kind in [ChangeKind::Breaking, ChangeKind::Additive, ChangeKind::WireOnly] {
            let rows: Vec<&Change> = self.changes.iter().filter(|c| c.kind == kind).collect();
            if rows.is_empty() {
                continue;
            }
            let title = format!("{} ({})", capitalised(kind.word()), rows.len());
            let fold = kind != ChangeKind::Breaking;
            if fold {
                out.push_str(&format!("\n<details><summary>{title}</summary>\n\n"));
            } else {
                out.push_str(&format!("\n### {title}\n\n"));
            }
            out.push_str("| Item | Change |\n|---|---|\n");
            for c in rows {
                out.push_str(&format!("| `{}` | {} |\n", c.item, cell(&c.change)));
            }
            if fold {
                out.push_str("\n</details>\n");
            }
        }
        out
    }

    /// The report as JSON: `{"old", "new", "breaking", "additive", "wire_only", "changes": [{"kind", "item",
    /// "change"}]}`.
    pub fn json(&self) -> String {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| serde_json::json!({"kind": c.kind.word(), "item": c.item, "change": c.change}))
            .collect();
        let value = serde_json::json!({
            "old": self.old,
            "new": self.new,
            "breaking": self.count(ChangeKind::Breaking),
            "additive": self.count(ChangeKind::Additive),
            "wire_only": self.count(ChangeKind::WireOnly),
            "changes": changes,
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Text for a Markdown table cell: `|` escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
