//! `swagen explain`: every repair and normalisation decision, for people.

use std::fmt::Write;
use swagen_ir::{route_template, Lowered};

/// Renders the decisions and diagnostics of a lowered spec as plain text.
pub fn explain(lowered: &Lowered) -> String {
    let mut out = String::new();
    let api = &lowered.api;
    let _ = writeln!(
        out,
        "{} {}: {} operation(s) under {} path key(s)",
        api.title,
        api.version,
        api.operations.len(),
        lowered.routes.len()
    );

    let _ = writeln!(out, "\nRoutes");
    for r in &lowered.routes {
        let route = route_template(&r.route);
        if route == r.key {
            let _ = writeln!(out, "  {}  (unchanged)", r.key);
        } else {
            let _ = writeln!(out, "  {} → {}", r.key, route);
        }
        for d in &r.decisions {
            match &d.param {
                Some(p) if d.changed => {
                    let _ = writeln!(out, "    {} → {{{p}}}: {}", d.segment, d.reason);
                }
                _ => {
                    let _ = writeln!(out, "    {}: {}", d.segment, d.reason);
                }
            }
        }
        for (k, v) in &r.fixed_query {
            let _ = writeln!(out, "    query `{k}={v}` in the key: sent on every call of this route");
        }
    }

    let _ = writeln!(out, "\nOperations");
    for op in &api.operations {
        let _ = writeln!(out, "  {} {} → {}", op.method.as_str(), route_template(&op.route), op.name);
        let subject = format!("{} {}", op.method.as_str(), op.path_key);
        for n in lowered.notes.iter().filter(|n| n.subject == subject) {
            let _ = writeln!(out, "    {}", n.text);
        }
    }

    let _ = writeln!(out, "\nClient");
    let op_subjects: Vec<String> =
        api.operations.iter().map(|op| format!("{} {}", op.method.as_str(), op.path_key)).collect();
    let path_keys: Vec<&str> = lowered.routes.iter().map(|r| r.key.as_str()).collect();
    let mut any = false;
    for n in &lowered.notes {
        if !op_subjects.contains(&n.subject) && !path_keys.contains(&n.subject.as_str()) {
            let _ = writeln!(out, "  {}", n.text);
            any = true;
        }
    }
    if api.base_url.is_none() {
        let _ = writeln!(out, "  no `host` in the spec: the client has no default base URL; pass one");
        any = true;
    }
    if !any {
        let _ = writeln!(out, "  (nothing to note)");
    }

    let _ = writeln!(out, "\nRepairs and problems ({})", lowered.diagnostics.len());
    for d in &lowered.diagnostics {
        for line in d.to_string().lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// The normaliser's decisions as JSON: one object per original path key, in document order:
/// `{"path": key, "route": template, "query": {name: value}, "params": [{"name", "example", "reason"}]}` where
/// `params` lists only the parameters the normaliser introduced. This format is stable: route quality is measured
/// with it.
pub fn routes_json(lowered: &Lowered) -> String {
    routes_json_of(&lowered.routes)
}

/// [`routes_json`] of routes normalised some other way (`swagen routes --weights`).
pub fn routes_json_of(routes: &[swagen_ir::normalise::NormalisedPath]) -> String {
    let items: Vec<serde_json::Value> = routes
        .iter()
        .map(|r| {
            let query: serde_json::Map<String, serde_json::Value> =
                r.fixed_query.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
            let params: Vec<serde_json::Value> = r
                .introduced
                .iter()
                .map(|i| serde_json::json!({"name": i.name, "example": i.example, "reason": i.reason}))
                .collect();
            serde_json::json!({
                "path": r.key,
                "route": route_template(&r.route),
                "query": query,
                "params": params,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}

/// Counts of what the normaliser did to a spec's path keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteStats {
    /// Path keys in the spec.
    pub paths: usize,
    /// Keys whose route differs from the key as written (parameters introduced, `:id` rewritten, query moved).
    pub changed: usize,
    /// Keys that share their route with another key (their path items are merged into one route).
    pub merged: usize,
    /// Operations that clash with another one (same method on one route); all are kept, with distinct names.
    pub clashed: usize,
    /// Keys whose route the user pinned (`x-swagen-route` / `x-swagen-literal`).
    pub pinned: usize,
}

impl std::fmt::Display for RouteStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "paths {}, changed {}, merged {}, clashed {}, pinned {}",
            self.paths, self.changed, self.merged, self.clashed, self.pinned
        )
    }
}

/// What the normaliser did, in numbers.
pub fn route_stats(lowered: &Lowered) -> RouteStats {
    let mut by_route: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for r in &lowered.routes {
        *by_route.entry(route_template(&r.route)).or_default() += 1;
    }
    let changed =
        lowered.routes.iter().filter(|r| !r.fixed_query.is_empty() || r.decisions.iter().any(|d| d.changed)).count();
    RouteStats {
        paths: lowered.routes.len(),
        changed,
        merged: lowered
            .routes
            .iter()
            .filter(|r| by_route.get(&route_template(&r.route)).is_some_and(|n| *n > 1))
            .count(),
        clashed: lowered.diagnostics.iter().filter(|d| d.code == "route-clash").count(),
        pinned: lowered.routes.iter().filter(|r| r.pinned).count(),
    }
}
