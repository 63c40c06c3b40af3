//! Evaluating parsed segments over a document, tracking how each selected node was reached.

use super::*;
use serde_json::{Map, Number};
use std::cmp::Ordering;

/// The locations of the selected nodes, in document order, each once.
pub(super) fn selected_paths(segments: &[Segment], root: &Value) -> Vec<NodePath> {
    select_located(segments, root)
        .into_iter()
        .map(|n| NodePath { tokens: n.path.iter().map(Step::token).collect() })
        .collect()
}

/// The selected nodes, in document order, each once.
pub(super) fn selected_values<'a>(segments: &[Segment], root: &'a Value) -> Vec<&'a Value> {
    select_located(segments, root).into_iter().map(|n| n.value).collect()
}

fn select_located<'a>(segments: &[Segment], root: &'a Value) -> Vec<Located<'a>> {
    let nodes = eval_segments(segments, root, root, true);
    let mut keyed: Vec<(Vec<usize>, Located<'a>)> =
        nodes.into_iter().map(|n| (n.path.iter().map(Step::position).collect(), n)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, n)| n).collect()
}

/// One step from a parent to a child, borrowed from the document; the position orders members of an object.
#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Member(&'a str, usize),
    Element(usize),
}

impl Step<'_> {
    fn token(&self) -> PathToken {
        match self {
            Step::Member(name, _) => PathToken::Name((*name).to_owned()),
            Step::Element(i) => PathToken::Index(*i),
        }
    }

    fn position(&self) -> usize {
        match self {
            Step::Member(_, i) | Step::Element(i) => *i,
        }
    }
}

/// A node and, when tracked, how it was reached.
#[derive(Clone, Debug)]
struct Located<'a> {
    value: &'a Value,
    path: Vec<Step<'a>>,
    track: bool,
}

impl<'a> Located<'a> {
    fn child(&self, value: &'a Value, step: Step<'a>) -> Located<'a> {
        let path = if self.track {
            let mut path = Vec::with_capacity(self.path.len() + 1);
            path.extend_from_slice(&self.path);
            path.push(step);
            path
        } else {
            Vec::new()
        };
        Located { value, path, track: self.track }
    }

    fn children(&self) -> Vec<Located<'a>> {
        match self.value {
            Value::Object(map) => {
                map.iter().enumerate().map(|(i, (k, v))| self.child(v, Step::Member(k.as_str(), i))).collect()
            }
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| self.child(v, Step::Element(i))).collect(),
            _ => Vec::new(),
        }
    }

    /// Calls `f` on this node and all its descendants, parents before children, in document order. An explicit
    /// stack instead of recursion; only pending siblings are held, not the whole subtree.
    fn visit_descendants(&self, mut f: impl FnMut(&Located<'a>)) {
        let mut stack = vec![self.clone()];
        while let Some(node) = stack.pop() {
            f(&node);
            stack.extend(node.children().into_iter().rev());
        }
    }
}

fn eval_segments<'a>(segments: &[Segment], start: &'a Value, root: &'a Value, track: bool) -> Vec<Located<'a>> {
    let mut nodes = vec![Located { value: start, path: Vec::new(), track }];
    for segment in segments {
        let mut next = Vec::new();
        for node in &nodes {
            match segment {
                Segment::Child(selectors) => {
                    for selector in selectors {
                        select(selector, node, root, &mut next);
                    }
                }
                Segment::Descendant(selectors) => node.visit_descendants(|visited| {
                    for selector in selectors {
                        select(selector, visited, root, &mut next);
                    }
                }),
            }
        }
        nodes = next;
        if nodes.is_empty() {
            break;
        }
    }
    nodes
}

fn select<'a>(selector: &Selector, node: &Located<'a>, root: &'a Value, out: &mut Vec<Located<'a>>) {
    match selector {
        Selector::Name(name) => {
            if let Value::Object(map) = node.value {
                let found = if node.track {
                    member(map, name)
                } else {
                    map.get_key_value(name).map(|(k, v)| (0, k.as_str(), v))
                };
                out.extend(found.map(|(i, k, v)| node.child(v, Step::Member(k, i))));
            }
        }
        Selector::Wildcard => out.extend(node.children()),
        Selector::Index(index) => {
            if let Value::Array(items) = node.value {
                if let Some((i, v)) = normalize_index(*index, items.len()).and_then(|i| Some((i, items.get(i)?))) {
                    out.push(node.child(v, Step::Element(i)));
                }
            }
        }
        Selector::Slice(slice) => {
            if let Value::Array(items) = node.value {
                for i in slice_indices(slice, items.len()) {
                    if let Some(v) = items.get(i) {
                        out.push(node.child(v, Step::Element(i)));
                    }
                }
            }
        }
        Selector::Filter(expr) => {
            out.extend(node.children().into_iter().filter(|child| holds(expr, child.value, root)));
        }
    }
}

/// A member and its position; the position is only looked for when the key exists.
fn member<'a>(map: &'a Map<String, Value>, name: &str) -> Option<(usize, &'a str, &'a Value)> {
    if !map.contains_key(name) {
        return None;
    }
    map.iter().enumerate().find(|(_, (k, _))| k.as_str() == name).map(|(i, (k, v))| (i, k.as_str(), v))
}

fn normalize_index(index: i64, len: usize) -> Option<usize> {
    let len = i128::try_from(len).ok()?;
    let index = i128::from(index);
    let n = if index < 0 { len + index } else { index };
    if (0..len).contains(&n) {
        usize::try_from(n).ok()
    } else {
        None
    }
}

/// RFC 9535 §2.3.4.2.2, in selection order.
fn slice_indices(slice: &Slice, len: usize) -> Vec<usize> {
    let Ok(len) = i128::try_from(len) else {
        return Vec::new();
    };
    let step = i128::from(slice.step.unwrap_or(1));
    if step == 0 {
        return Vec::new();
    }
    let normalize = |i: i64| {
        let i = i128::from(i);
        if i >= 0 {
            i
        } else {
            len + i
        }
    };
    let mut out = Vec::new();
    if step > 0 {
        let lower = slice.start.map(normalize).unwrap_or(0).clamp(0, len);
        let upper = slice.end.map(normalize).unwrap_or(len).clamp(0, len);
        let mut i = lower;
        while i < upper {
            out.extend(usize::try_from(i).ok());
            i += step;
        }
    } else {
        let upper = slice.start.map(normalize).unwrap_or(len - 1).clamp(-1, len - 1);
        let lower = slice.end.map(normalize).unwrap_or(-len - 1).clamp(-1, len - 1);
        let mut i = upper;
        while lower < i {
            out.extend(usize::try_from(i).ok());
            i += step;
        }
    }
    out
}

/// Whether a filter expression holds for `current`.
fn holds(expr: &Expr, current: &Value, root: &Value) -> bool {
    match expr {
        Expr::Or(terms) => terms.iter().any(|t| holds(t, current, root)),
        Expr::And(terms) => terms.iter().all(|t| holds(t, current, root)),
        Expr::Not(inner) => !holds(inner, current, root),
        Expr::Test(query) => !run_query(query, current, root).is_empty(),
        Expr::Compare(left, op, right) => compare(operand(left, current, root), *op, operand(right, current, root)),
    }
}

fn run_query<'a>(query: &Query, current: &'a Value, root: &'a Value) -> Vec<Located<'a>> {
    let start = match query.root {
        QueryRoot::Root => root,
        QueryRoot::Current => current,
    };
    eval_segments(&query.segments, start, root, false)
}

/// The value of one side of a comparison; `None` is RFC 9535's "Nothing".
fn operand<'a>(side: &'a Comparable, current: &'a Value, root: &'a Value) -> Option<&'a Value> {
    match side {
        Comparable::Literal(value) => Some(value),
        Comparable::Query(query) => {
            let nodes = run_query(query, current, root);
            match nodes.as_slice() {
                [only] => Some(only.value),
                _ => None,
            }
        }
    }
}

fn compare(left: Option<&Value>, op: CmpOp, right: Option<&Value>) -> bool {
    match op {
        CmpOp::Eq => equal(left, right),
        CmpOp::Ne => !equal(left, right),
        CmpOp::Lt => less(left, right),
        CmpOp::Le => less(left, right) || equal(left, right),
        CmpOp::Gt => less(right, left),
        CmpOp::Ge => less(right, left) || equal(left, right),
    }
}

fn equal(left: Option<&Value>, right: Option<&Value>) -> bool {
    match (left, right) {
        (None, None) => true,
        (Some(a), Some(b)) => json_equal(a, b),
        _ => false,
    }
}

fn less(left: Option<&Value>, right: Option<&Value>) -> bool {
    match (left, right) {
        (Some(Value::Number(a)), Some(Value::Number(b))) => number_cmp(a, b) == Some(Ordering::Less),
        // UTF-8 byte order is Unicode scalar value order, as RFC 9535 asks.
        (Some(Value::String(a)), Some(Value::String(b))) => a < b,
        _ => false,
    }
}

/// Deep equality with numbers compared by value (`1 == 1.0`), without recursion.
pub(super) fn json_equal(a: &Value, b: &Value) -> bool {
    let mut stack = vec![(a, b)];
    while let Some(pair) = stack.pop() {
        match pair {
            (Value::Null, Value::Null) => {}
            (Value::Bool(x), Value::Bool(y)) if x == y => {}
            (Value::String(x), Value::String(y)) if x == y => {}
            (Value::Number(x), Value::Number(y)) if number_cmp(x, y) == Some(Ordering::Equal) => {}
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => stack.extend(x.iter().zip(y)),
            (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
                for (key, value) in x {
                    match y.get(key) {
                        Some(other) => stack.push((value, other)),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    true
}

fn number_cmp(a: &Number, b: &Number) -> Option<Ordering> {
    let exact = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    if let (Some(x), Some(y)) = (exact(a), exact(b)) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}
