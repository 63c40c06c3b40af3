//! Two [`Surface`]s compared item by item, each change judged by what it does to a caller's code:
//!
//! - **breaking**: a caller that compiled against the old API may not compile against the new one: an item,
//!   field, variant or function removed or renamed, a type changed (`Option<T>` → `T` is "optional → required"), a
//!   function's arguments or result changed (a params struct's `new` gaining an argument is a new required
//!   parameter), a field added to a struct callers build with a literal (no `Default`, not `#[non_exhaustive]`), a
//!   variant added to a closed enum (exhaustive `match`es), a trait implementation lost;
//! - **additive**: new items, functions, trait implementations; a field added to a struct built with `new`/setters
//!   (`#[non_exhaustive]`) or `..Default::default()`; a variant added to an open (`#[non_exhaustive]`) enum.

use super::surface::{FnSig, Item, Kind, Surface};
use super::Change;
use std::collections::{BTreeMap, BTreeSet};

/// Items and functions known to be the same thing under another name (by the spec's identity of the item: the
/// definition key, `METHOD path`).
#[derive(Clone, Debug, Default)]
pub struct Renames {
    /// Item path (`types::Pod`) → its new path.
    pub items: BTreeMap<String, String>,
    /// `Client` method → its new name.
    pub methods: BTreeMap<String, String>,
}

/// Every change from `old` to `new`, in item order.
pub fn compare(old: &Surface, new: &Surface, renames: &Renames) -> Vec<Change> {
    let mut out = Vec::new();
    let renamed_to: BTreeSet<&String> = renames.items.values().collect();
    for (path, o) in &old.items {
        match (new.items.get(path), renames.items.get(path)) {
            (Some(n), _) => compare_item(path, o, n, renames, &mut out),
            (None, Some(to)) if new.items.contains_key(to) => {
                out.push(Change::breaking(path, format!("renamed to `{to}`")));
            }
            (None, _) => out.push(Change::breaking(path, format!("{} removed", o.kind.word()))),
        }
    }
    for (path, n) in &new.items {
        if !old.items.contains_key(path) && !renamed_to.contains(path) {
            out.push(Change::additive(path, format!("new {}", n.kind.word())));
        }
    }
    out
}

fn compare_item(path: &str, o: &Item, n: &Item, renames: &Renames, out: &mut Vec<Change>) {
    match (&o.kind, &n.kind) {
        (Kind::Struct(of), Kind::Struct(nf)) => fields(path, of, nf, o, n, out),
        (Kind::Enum(ov), Kind::Enum(nv)) => variants(path, ov, nv, n.non_exhaustive, out),
        (Kind::Tuple(a), Kind::Tuple(b)) if a != b => {
            out.push(Change::breaking(path, format!("wraps `({})` instead of `({})`", b.join(", "), a.join(", "))));
        }
        (Kind::Alias(a), Kind::Alias(b)) if a != b => {
            out.push(Change::breaking(path, format!("is `{b}` instead of `{a}`")));
        }
        (a, b) if a.word() != b.word() => {
            out.push(Change::breaking(path, format!("a {} instead of a {}", b.word(), a.word())));
            return;
        }
        _ => {}
    }
    match (o.non_exhaustive, n.non_exhaustive) {
        (false, true) => out.push(Change::breaking(path, "now `#[non_exhaustive]`".to_owned())),
        (true, false) => out.push(Change::additive(path, "no longer `#[non_exhaustive]`".to_owned())),
        _ => {}
    }
    for t in o.traits.difference(&n.traits) {
        out.push(Change::breaking(path, format!("no longer implements `{t}`")));
    }
    for t in n.traits.difference(&o.traits) {
        out.push(Change::additive(path, format!("implements `{t}`")));
    }
    let fn_renames = if path == "Client" { &renames.methods } else { &BTreeMap::new() };
    functions(path, &o.fns, &n.fns, fn_renames, out);
}

fn fields(
    path: &str,
    of: &BTreeMap<String, String>,
    nf: &BTreeMap<String, String>,
    o: &Item,
    n: &Item,
    out: &mut Vec<Change>,
) {
    for (name, ot) in of {
        let at = format!("{path}.{name}");
        match nf.get(name) {
            None => out.push(Change::breaking(&at, "field removed".to_owned())),
            Some(nt) if nt != ot => out.push(Change::breaking(&at, type_change(ot, nt))),
            Some(_) => {}
        }
    }
    // A struct callers cannot build with a literal, or build with `..Default::default()`, takes new fields.
    let open = n.non_exhaustive || (o.traits.contains("Default") && n.traits.contains("Default"));
    for (name, nt) in nf.iter().filter(|(name, _)| !of.contains_key(*name)) {
        let at = format!("{path}.{name}");
        if open {
            out.push(Change::additive(&at, format!("new field `{nt}`")));
        } else {
            out.push(Change::breaking(&at, format!("new field `{nt}`: a struct literal must now name it")));
        }
    }
}

/// `A` → `B`, saying when an optional value became required or the reverse.
fn type_change(old: &str, new: &str) -> String {
    let optional = |t: &str| t.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')).map(str::to_owned);
    match (optional(old), optional(new)) {
        (Some(inner), None) if inner == new => format!("optional → required (`{old}` → `{new}`)"),
        (None, Some(inner)) if inner == old => format!("required → optional (`{old}` → `{new}`)"),
        _ => format!("type `{old}` → `{new}`"),
    }
}

fn variants(
    path: &str,
    ov: &BTreeMap<String, String>,
    nv: &BTreeMap<String, String>,
    open: bool,
    out: &mut Vec<Change>,
) {
    for (name, shape) in ov {
        let at = format!("{path}::{name}");
        match nv.get(name) {
            None => out.push(Change::breaking(&at, "variant removed".to_owned())),
            Some(s) if s != shape => {
                out.push(Change::breaking(&at, format!("variant holds `{s}` instead of `{shape}`")))
            }
            Some(_) => {}
        }
    }
    for name in nv.keys().filter(|n| !ov.contains_key(*n)) {
        let at = format!("{path}::{name}");
        if open {
            out.push(Change::additive(&at, "new variant (the enum is open: matches have a `_` arm)".to_owned()));
        } else {
            out.push(Change::breaking(&at, "new variant of a closed enum: exhaustive matches break".to_owned()));
        }
    }
}

fn functions(
    path: &str,
    of: &BTreeMap<String, FnSig>,
    nf: &BTreeMap<String, FnSig>,
    renames: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let renamed_to: BTreeSet<&String> = renames.values().collect();
    for (name, os) in of {
        let at = format!("{path}::{name}");
        match (nf.get(name), renames.get(name)) {
            (Some(ns), _) if ns != os => out.push(Change::breaking(&at, signature_change(name, os, ns))),
            (Some(_), _) => {}
            (None, Some(to)) if nf.contains_key(to) => out.push(Change::breaking(&at, format!("renamed to `{to}`"))),
            (None, _) => out.push(Change::breaking(&at, "function removed".to_owned())),
        }
    }
    for (name, ns) in nf.iter().filter(|(n, _)| !of.contains_key(*n) && !renamed_to.contains(n)) {
        out.push(Change::additive(&format!("{path}::{name}"), format!("new function `{}`", ns.show(name))));
    }
}

fn signature_change(name: &str, os: &FnSig, ns: &FnSig) -> String {
    let added: Vec<&str> =
        ns.args.iter().filter(|a| !os.args.iter().any(|b| b.0 == a.0)).map(|a| a.0.as_str()).collect();
    let what = if name == "new" && !added.is_empty() && ns.args.len() > os.args.len() {
        format!("new required parameter(s) {}: ", added.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))
    } else {
        String::new()
    };
    let asyncness = |s: &FnSig| if s.is_async { "async " } else { "" };
    format!("{what}`{}{}` → `{}{}`", asyncness(os), os.show(name), asyncness(ns), ns.show(name))
}

#[cfg(test)]
mod tests {
    use super::super::surface::read;
    use super::*;

    #[allow(clippy::unwrap_used)]
    fn changes(old: &str, new: &str) -> Vec<String> {
        let (o, n) = (read(old).unwrap(), read(new).unwrap());
        compare(&o, &n, &Renames::default()).iter().map(|c| format!("{:?} {}: {}", c.kind, c.item, c.change)).collect()
    }

    #[test]
    fn judges_changes_by_what_they_do_to_callers() {
        let old = r#"
            #[derive(Default)] #[non_exhaustive] pub struct P { pub a: Option<i64> }
            impl P { pub fn new() -> Self { todo!() } }
            pub struct Lit { pub a: String }
            #[derive(Default)] pub struct Def { pub a: Option<String> }
            #[non_exhaustive] pub enum Open { A, B }
            pub enum Closed { A }
            pub struct Gone;
        "#;
        let new = r#"
            #[non_exhaustive] pub struct P { pub a: Option<i64>, pub b: String }
            impl P { pub fn new(b: impl Into<String>) -> Self { todo!() } }
            pub struct Lit { pub a: String, pub b: Option<String> }
            #[derive(Default)] pub struct Def { pub a: String, pub c: Option<String> }
            #[non_exhaustive] pub enum Open { A, C }
            pub enum Closed { A, B }
            pub struct New;
        "#;
        assert_eq!(
            changes(old, new),
            [
                "Breaking Closed::B: new variant of a closed enum: exhaustive matches break",
                "Breaking Def.a: optional → required (`Option<String>` → `String`)",
                "Additive Def.c: new field `Option<String>`",
                "Breaking Gone: struct removed",
                "Breaking Lit.b: new field `Option<String>`: a struct literal must now name it",
                "Breaking Open::B: variant removed",
                "Additive Open::C: new variant (the enum is open: matches have a `_` arm)",
                "Additive P.b: new field `String`",
                "Breaking P: no longer implements `Default`",
                "Breaking P::new: new required parameter(s) `b`: `new() -> Self` → `new(b: impl Into<String>) -> Self`",
                "Additive New: new struct",
            ]
        );
    }
}
