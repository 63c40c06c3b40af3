//! JSONPath (RFC 9535), the subset overlays need, evaluated over a [`serde_json::Value`].
//!
//! Supported: the root `$`; child segments `.name`, `.*`, `['name']` / `["name"]` (with every RFC escape),
//! `[*]`, `[0]` / `[-1]`, slices `[start:end:step]` and unions of these (`['a','b']`, `[0,2]`); descendant
//! segments `..name`, `..*`, `..[…]`; filters `[?…]` with `@` / `$` queries, existence tests (`?@.type`),
//! comparisons `== != < <= > >=` between singular queries and literals (strings, numbers, `true`, `false`,
//! `null`), `&&`, `||`, `!` and parentheses.
//!
//! Not supported: function extensions (`length()`, `count()`, `match()`, `search()`, `value()`); using one is a
//! parse error that says so.
//!
//! Leniencies (each reported by [`JsonPath::warnings`]): a dot-shorthand name may contain `-` or start with a
//! digit (`$.paths.*.get.x-internal`, `.responses.200`), which RFC 9535 only allows in brackets.
//!
//! Results are selected nodes in **document order, each node once** (RFC 9535 nodelists follow selector order
//! and may repeat a node; for changing a document a set in document order is what is wanted). Each result is
//! a [`NodePath`] that renders as a JSON pointer or an RFC 9535 normalized path.
//!
//! Neither parsing nor evaluation panics or recurses without bound: nesting in the expression is limited to
//! [`MAX_NESTING`] levels and document traversal uses explicit stacks.

use serde_json::{Map, Number, Value};
use std::cmp::Ordering;
use std::fmt;

/// How deeply filters, parentheses and `!` may nest in one expression.
pub const MAX_NESTING: usize = 32;

/// The largest index magnitude RFC 9535 allows (I-JSON: 2^53 − 1).
const MAX_INDEX: i64 = (1 << 53) - 1;

/// A parsed JSONPath query (always rooted at `$`).
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPath {
    source: String,
    segments: Vec<Segment>,
    warnings: Vec<ParseWarning>,
}

/// A query inside a filter: `@…` (relative to the current node) or `$…` (absolute).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub root: QueryRoot,
    pub segments: Vec<Segment>,
}

/// Where a [`Query`] starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryRoot {
    /// `$`: the document root.
    Root,
    /// `@`: the node a filter is testing.
    Current,
}

/// One segment of a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    /// `.name`, `.*` or `[…]`: selectors applied to the children of each node.
    Child(Vec<Selector>),
    /// `..name`, `..*` or `..[…]`: selectors applied to each node and all its descendants.
    Descendant(Vec<Selector>),
}

/// One selector inside a segment.
#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    /// `name` / `['name']`: the member of an object with this name.
    Name(String),
    /// `*`: every member value or array element.
    Wildcard,
    /// `[i]`: an array element; negative counts from the end.
    Index(i64),
    /// `[start:end:step]`.
    Slice(Slice),
    /// `[?expr]`: the children for which the expression holds.
    Filter(Box<Expr>),
}

/// An array slice; missing bounds take the RFC 9535 defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub step: Option<i64>,
}

/// A filter expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `a || b || …`
    Or(Vec<Expr>),
    /// `a && b && …`
    And(Vec<Expr>),
    /// `!test` or `!(…)`
    Not(Box<Expr>),
    /// An existence test: holds when the query selects at least one node.
    Test(Query),
    /// A comparison of two singular queries or literals.
    Compare(Comparable, CmpOp, Comparable),
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Comparable {
    /// A string, number, `true`, `false` or `null`.
    Literal(Value),
    /// A singular query (names and indices only); selects one node or nothing.
    Query(Query),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        })
    }
}

/// A syntax error: where (1-based character column) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Something accepted although RFC 9535 does not allow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseWarning {
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
}

/// One step of a [`NodePath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathToken {
    /// An object member name.
    Name(String),
    /// An array index.
    Index(usize),
}

/// The location of a selected node: the names and indices from the root.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct NodePath {
    tokens: Vec<PathToken>,
}

impl NodePath {
    /// The steps from the root; empty for the root itself.
    pub fn tokens(&self) -> &[PathToken] {
        &self.tokens
    }

    /// The RFC 6901 JSON pointer (`""` for the root, `/paths/~1tags/get`), usable with [`Value::pointer`].
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for token in &self.tokens {
            out.push('/');
            match token {
                PathToken::Name(name) => out.push_str(&crate::diag::pointer_token(name)),
                PathToken::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// The RFC 9535 normalized path (`$['paths']['/tags']['get']`).
    pub fn normalized(&self) -> String {
        let mut out = String::from("$");
        for token in &self.tokens {
            match token {
                PathToken::Name(name) => {
                    out.push_str("['");
                    push_normalized_name(&mut out, name);
                    out.push_str("']");
                }
                PathToken::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

fn push_normalized_name(out: &mut String, name: &str) {
    for c in name.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

impl JsonPath {
    /// Parses an RFC 9535 query such as `$.paths['/tags'].get.parameters[?@.name == 'group']`.
    pub fn parse(expr: &str) -> Result<JsonPath, ParseError> {
        let mut p = Parser::new(expr);
        if !p.eat('$') {
            return Err(p.expected("`$` (a JSONPath query starts at the root `$`)"));
        }
        let segments = p.segments()?;
        if p.peek().is_some() {
            return Err(p.expected("`.`, `..`, `[` or the end of the query"));
        }
        Ok(JsonPath { source: expr.to_owned(), segments, warnings: p.warnings })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The parsed segments after `$`.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Things accepted although RFC 9535 does not allow them.
    pub fn warnings(&self) -> &[ParseWarning] {
        &self.warnings
    }

    /// The locations of the selected nodes, in document order, each once.
    pub fn select_paths(&self, root: &Value) -> Vec<NodePath> {
        self.select_located(root)
            .into_iter()
            .map(|n| NodePath { tokens: n.path.iter().map(Step::token).collect() })
            .collect()
    }

    /// The selected nodes, in document order, each once.
    pub fn select<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        self.select_located(root).into_iter().map(|n| n.value).collect()
    }

    fn select_located<'a>(&self, root: &'a Value) -> Vec<Located<'a>> {
        let nodes = eval_segments(&self.segments, root, root, true);
        let mut keyed: Vec<(Vec<usize>, Located<'a>)> =
            nodes.into_iter().map(|n| (n.path.iter().map(Step::position).collect(), n)).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|a, b| a.0 == b.0);
        keyed.into_iter().map(|(_, n)| n).collect()
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl std::str::FromStr for JsonPath {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JsonPath::parse(s)
    }
}

impl Query {
    /// A singular query selects at most one node: only name and index selectors, no descendants.
    pub fn is_singular(&self) -> bool {
        self.segments.iter().all(|s| match s {
            Segment::Child(sels) => matches!(sels.as_slice(), [Selector::Name(_) | Selector::Index(_)]),
            Segment::Descendant(_) => false,
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    warnings: Vec<ParseWarning>,
}

impl Parser {
    fn new(expr: &str) -> Self {
        Parser { chars: expr.chars().collect(), pos: 0, depth: 0, warnings: Vec::new() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(ahead)).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let matches = s.chars().enumerate().all(|(i, c)| self.peek_at(i) == Some(c));
        if matches {
            self.pos += s.chars().count();
        }
        matches
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn text(&self, from: usize) -> String {
        self.chars.get(from..self.pos).map(|s| s.iter().collect()).unwrap_or_default()
    }

    fn error_at(&self, pos: usize, message: impl Into<String>) -> ParseError {
        ParseError { column: pos.saturating_add(1), message: message.into() }
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        self.error_at(self.pos, message)
    }

    fn expected(&self, what: &str) -> ParseError {
        self.error(format!("expected {what}, found {}", describe(self.peek())))
    }

    fn warn(&mut self, pos: usize, message: String) {
        self.warnings.push(ParseWarning { column: pos.saturating_add(1), message });
    }

    /// Runs `f` one nesting level deeper, refusing to go past [`MAX_NESTING`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, ParseError>) -> Result<T, ParseError> {
        if self.depth >= MAX_NESTING {
            return Err(self.error(format!("the query nests filters and parentheses more than {MAX_NESTING} deep")));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn segments(&mut self) -> Result<Vec<Segment>, ParseError> {
        let mut out = Vec::new();
        loop {
            let save = self.pos;
            self.skip_ws();
            match self.peek() {
                Some('.' | '[') => out.push(self.segment()?),
                _ => {
                    self.pos = save;
                    return Ok(out);
                }
            }
        }
    }

    fn segment(&mut self) -> Result<Segment, ParseError> {
        if self.eat('[') {
            return Ok(Segment::Child(self.bracketed()?));
        }
        self.bump();
        if self.eat('.') {
            if self.eat('[') {
                return Ok(Segment::Descendant(self.bracketed()?));
            }
            if self.eat('*') {
                return Ok(Segment::Descendant(vec![Selector::Wildcard]));
            }
            let name = self.shorthand("a member name, `*` or `[` after `..`")?;
            return Ok(Segment::Descendant(vec![Selector::Name(name)]));
        }
        if self.eat('*') {
            return Ok(Segment::Child(vec![Selector::Wildcard]));
        }
        let name = self.shorthand("a member name or `*` after `.`")?;
        Ok(Segment::Child(vec![Selector::Name(name)]))
    }

    fn shorthand(&mut self, what: &str) -> Result<String, ParseError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| is_name_char(c) || c == '-') {
            self.pos += 1;
        }
        let name = self.text(start);
        if name.is_empty() {
            let mut err = self.expected(what);
            if self.peek().is_some_and(|c| !c.is_whitespace() && !matches!(c, '.' | '[' | ']')) {
                err.message.push_str("; names with other characters go in brackets and quotes, e.g. `['/pets']`");
            }
            return Err(err);
        }
        let strict = name.chars().next().is_some_and(is_name_first) && name.chars().all(is_name_char);
        if !strict {
            self.warn(
                start,
                format!(
                    "`.{name}` is not RFC 9535 shorthand (names there cannot contain `-` or start with a digit); \
                     read as `['{name}']`, which is the portable spelling"
                ),
            );
        }
        Ok(name)
    }

    fn bracketed(&mut self) -> Result<Vec<Selector>, ParseError> {
        let mut selectors = Vec::new();
        loop {
            self.skip_ws();
            selectors.push(self.selector()?);
            self.skip_ws();
            if self.eat(']') {
                return Ok(selectors);
            }
            if !self.eat(',') {
                return Err(self.expected("`,` or `]`"));
            }
        }
    }

    fn selector(&mut self) -> Result<Selector, ParseError> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => {
                self.bump();
                Ok(Selector::Name(self.string_body(quote)?))
            }
            Some('*') => {
                self.bump();
                Ok(Selector::Wildcard)
            }
            Some('?') => {
                self.bump();
                self.skip_ws();
                let expr = self.nested(Parser::logical_or)?;
                Ok(Selector::Filter(Box::new(expr)))
            }
            Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => self.index_or_slice(),
            Some(c) if is_name_first(c) => {
                let mut err = self.expected("a quoted name, `*`, an index, a slice or a `?` filter");
                err.message.push_str("; quote member names in brackets, e.g. `['name']`");
                Err(err)
            }
            _ => Err(self.expected("a quoted name, `*`, an index, a slice or a `?` filter")),
        }
    }

    fn index_or_slice(&mut self) -> Result<Selector, ParseError> {
        let start = self.optional_int()?;
        self.skip_ws();
        if !self.eat(':') {
            return match start {
                Some(i) => Ok(Selector::Index(i)),
                None => Err(self.expected("an index")),
            };
        }
        self.skip_ws();
        let end = self.optional_int()?;
        self.skip_ws();
        let step = if self.eat(':') {
            self.skip_ws();
            self.optional_int()?
        } else {
            None
        };
        Ok(Selector::Slice(Slice { start, end, step }))
    }

    fn optional_int(&mut self) -> Result<Option<i64>, ParseError> {
        match self.peek() {
            Some(c) if c == '-' || c.is_ascii_digit() => self.int().map(Some),
            _ => Ok(None),
        }
    }

    fn int(&mut self) -> Result<i64, ParseError> {
        let start = self.pos;
        let negative = self.eat('-');
        let digits = self.digits();
        if digits.is_empty() {
            return Err(self.expected("a digit"));
        }
        if (digits.len() > 1 && digits.starts_with('0')) || (negative && digits == "0") {
            return Err(
                self.error_at(start, format!("`{}` is not an index: no leading zeros and no `-0`", self.text(start)))
            );
        }
        let value = digits.parse::<i64>().ok().filter(|v| *v <= MAX_INDEX).ok_or_else(|| {
            self.error_at(start, format!("`{}` is out of the index range ±(2^53 − 1)", self.text(start)))
        })?;
        Ok(if negative { -value } else { value })
    }

    fn digits(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.text(start)
    }

    /// The body of a quoted string; the opening quote has been read.
    fn string_body(&mut self, quote: char) -> Result<String, ParseError> {
        let open = self.pos.saturating_sub(1);
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.error_at(open, format!("unterminated string: no closing {quote}")));
            };
            match c {
                c if c == quote => return Ok(out),
                '\\' => out.push(self.escape(quote)?),
                c if (c as u32) < 0x20 => {
                    return Err(self.error_at(
                        self.pos.saturating_sub(1),
                        format!("control character U+{:04X} must be escaped in a string", c as u32),
                    ))
                }
                c => out.push(c),
            }
        }
    }

    /// One escape sequence; the backslash has been read.
    fn escape(&mut self, quote: char) -> Result<char, ParseError> {
        let at = self.pos.saturating_sub(1);
        let Some(c) = self.bump() else {
            return Err(self.error_at(at, "unterminated escape at the end of the query"));
        };
        Ok(match c {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '/' => '/',
            '\\' => '\\',
            'u' => self.unicode_escape(at)?,
            c if c == quote => c,
            other => {
                return Err(self.error_at(
                    at,
                    format!("invalid escape `\\{other}`; valid are \\b \\f \\n \\r \\t \\/ \\\\ \\{quote} and \\uXXXX"),
                ))
            }
        })
    }

    fn unicode_escape(&mut self, at: usize) -> Result<char, ParseError> {
        let high = self.hex4()?;
        const UNPAIRED: &str = "a high surrogate escape must be followed by a low one (`\\uDC00`–`\\uDFFF`)";
        let code = if (0xD800..0xDC00).contains(&high) {
            if !self.eat_str("\\u") {
                return Err(self.error_at(at, UNPAIRED));
            }
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.error_at(at, UNPAIRED));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| self.error_at(at, "a lone surrogate is not a character"))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut value = 0u32;
        for _ in 0..4 {
            let Some(d) = self.peek().and_then(|c| c.to_digit(16)) else {
                return Err(self.expected("a hexadecimal digit (`\\u` takes four)"));
            };
            self.pos += 1;
            value = value * 16 + d;
        }
        Ok(value)
    }

    fn logical_or(&mut self) -> Result<Expr, ParseError> {
        let mut terms = vec![self.logical_and()?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if !self.eat_str("||") {
                self.pos = save;
                return Ok(one_or(terms, Expr::Or));
            }
            self.skip_ws();
            terms.push(self.logical_and()?);
        }
    }

    fn logical_and(&mut self) -> Result<Expr, ParseError> {
        let mut terms = vec![self.basic()?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if !self.eat_str("&&") {
                self.pos = save;
                return Ok(one_or(terms, Expr::And));
            }
            self.skip_ws();
            terms.push(self.basic()?);
        }
    }

    fn basic(&mut self) -> Result<Expr, ParseError> {
        match self.peek() {
            Some('!') => {
                self.bump();
                self.skip_ws();
                self.nested(Parser::negated)
            }
            Some('(') => {
                self.bump();
                self.nested(Parser::paren)
            }
            _ => self.comparison_or_test(),
        }
    }

    /// The rest of `( … )`; the `(` has been read.
    fn paren(&mut self) -> Result<Expr, ParseError> {
        self.skip_ws();
        let expr = self.logical_or()?;
        self.skip_ws();
        if !self.eat(')') {
            return Err(self.expected("`)`"));
        }
        Ok(expr)
    }

    /// What follows `!`: a parenthesised expression or an existence test.
    fn negated(&mut self) -> Result<Expr, ParseError> {
        if self.eat('(') {
            return Ok(Expr::Not(Box::new(self.paren()?)));
        }
        if !matches!(self.peek(), Some('@' | '$')) {
            return Err(self.expected("`(`, `@` or `$` after `!`"));
        }
        let query = self.filter_query()?;
        let save = self.pos;
        self.skip_ws();
        if self.comparison_op().is_some() {
            return Err(self.error_at(save, "`!` negates a test, not a comparison; write `!(… == …)`"));
        }
        self.pos = save;
        Ok(Expr::Not(Box::new(Expr::Test(query))))
    }

    fn comparison_or_test(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        let left = self.comparable()?;
        let save = self.pos;
        self.skip_ws();
        let Some(op) = self.comparison_op() else {
            if self.peek() == Some('=') {
                return Err(self.error("`=` is not a comparison; use `==`"));
            }
            self.pos = save;
            return match left {
                Comparable::Query(query) => Ok(Expr::Test(query)),
                Comparable::Literal(_) => Err(self.error_at(
                    start,
                    "a literal alone is not a test; compare it with a query, e.g. `@.type == 'string'`",
                )),
            };
        };
        self.skip_ws();
        let right_at = self.pos;
        let right = self.comparable()?;
        self.check_singular(&left, start, op)?;
        self.check_singular(&right, right_at, op)?;
        Ok(Expr::Compare(left, op, right))
    }

    fn check_singular(&self, side: &Comparable, at: usize, op: CmpOp) -> Result<(), ParseError> {
        match side {
            Comparable::Query(q) if !q.is_singular() => Err(self.error_at(
                at,
                format!(
                    "a query compared with `{op}` must be singular (only `.name`, `['name']` and `[index]` steps); \
                     this one can select several nodes"
                ),
            )),
            _ => Ok(()),
        }
    }

    fn comparison_op(&mut self) -> Option<CmpOp> {
        const OPS: [(&str, CmpOp); 6] = [
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
        ];
        OPS.iter().find(|(text, _)| self.eat_str(text)).map(|(_, op)| *op)
    }

    fn comparable(&mut self) -> Result<Comparable, ParseError> {
        match self.peek() {
            Some('@' | '$') => Ok(Comparable::Query(self.filter_query()?)),
            Some(quote @ ('\'' | '"')) => {
                self.bump();
                Ok(Comparable::Literal(Value::String(self.string_body(quote)?)))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number().map(Comparable::Literal),
            Some(c) if c.is_ascii_alphabetic() => self.keyword(),
            _ => {
                Err(self.expected("a query (`@…` or `$…`), a literal (string, number, true, false, null), `(` or `!`"))
            }
        }
    }

    fn keyword(&mut self) -> Result<Comparable, ParseError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        let word = self.text(start);
        match word.as_str() {
            "true" => Ok(Comparable::Literal(Value::Bool(true))),
            "false" => Ok(Comparable::Literal(Value::Bool(false))),
            "null" => Ok(Comparable::Literal(Value::Null)),
            _ if self.peek() == Some('(') => Err(self.error_at(
                start,
                format!(
                    "function `{word}()` is not supported (swagen does not implement JSONPath function extensions)"
                ),
            )),
            _ => Err(self.error_at(
                start,
                format!(
                    "unexpected `{word}`: expected a query, a literal, `(` or `!`; strings need quotes: `'{word}'`"
                ),
            )),
        }
    }

    fn filter_query(&mut self) -> Result<Query, ParseError> {
        let root = if self.eat('@') {
            QueryRoot::Current
        } else {
            self.bump();
            QueryRoot::Root
        };
        Ok(Query { root, segments: self.segments()? })
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        self.eat('-');
        let int = self.digits();
        if int.is_empty() {
            return Err(self.expected("a digit"));
        }
        if int.len() > 1 && int.starts_with('0') {
            return Err(self.error_at(start, "numbers cannot have leading zeros"));
        }
        let mut integral = true;
        if self.eat('.') {
            integral = false;
            if self.digits().is_empty() {
                return Err(self.expected("a digit after the decimal point"));
            }
        }
        if self.eat('e') || self.eat('E') {
            integral = false;
            if !self.eat('+') {
                self.eat('-');
            }
            if self.digits().is_empty() {
                return Err(self.expected("a digit in the exponent"));
            }
        }
        let text = self.text(start);
        if integral {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
        }
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| self.error_at(start, format!("`{text}` is out of the number range")))
    }
}

fn one_or(mut terms: Vec<Expr>, combine: fn(Vec<Expr>) -> Expr) -> Expr {
    if terms.len() == 1 {
        if let Some(only) = terms.pop() {
            return only;
        }
    }
    combine(terms)
}

fn is_name_first(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (c as u32) >= 0x80
}

fn is_name_char(c: char) -> bool {
    is_name_first(c) || c.is_ascii_digit()
}

fn describe(c: Option<char>) -> String {
    match c {
        None => "the end of the query".to_owned(),
        Some(c) if c.is_whitespace() => "whitespace".to_owned(),
        Some(c) if c.is_control() => format!("U+{:04X}", c as u32),
        Some('`') => "a backtick".to_owned(),
        Some(c) => format!("`{c}`"),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

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
fn json_equal(a: &Value, b: &Value) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(expr: &str, doc: &Value) -> Vec<Value> {
        let path = JsonPath::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        path.select(doc).into_iter().cloned().collect()
    }

    fn pointers(expr: &str, doc: &Value) -> Vec<String> {
        JsonPath::parse(expr).unwrap().select_paths(doc).iter().map(NodePath::pointer).collect()
    }

    fn parse_error(expr: &str) -> ParseError {
        match JsonPath::parse(expr) {
            Ok(p) => panic!("`{expr}` parsed: {p:?}"),
            Err(e) => e,
        }
    }

    fn bookstore() -> Value {
        json!({ "store": {
            "book": [
                { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
                { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
                { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick",
                  "isbn": "0-553-21311-3", "price": 8.99 },
                { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
                  "isbn": "0-395-19395-8", "price": 22.99 }
            ],
            "bicycle": { "color": "red", "price": 399 }
        }})
    }

    #[test]
    fn rfc_bookstore_examples() {
        let doc = bookstore();
        let authors = json!(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]);
        assert_eq!(json!(query("$.store.book[*].author", &doc)), authors);
        assert_eq!(json!(query("$..author", &doc)), authors);
        assert_eq!(query("$.store.*", &doc).len(), 2);
        assert_eq!(json!(query("$.store..price", &doc)), json!([8.95, 12.99, 8.99, 22.99, 399]));
        assert_eq!(json!(query("$..book[2].author", &doc)), json!(["Herman Melville"]));
        assert!(query("$..book[2].publisher", &doc).is_empty());
        assert_eq!(json!(query("$..book[-1].title", &doc)), json!(["The Lord of the Rings"]));
        assert_eq!(pointers("$..book[0,1]", &doc), ["/store/book/0", "/store/book/1"]);
        assert_eq!(pointers("$..book[:2]", &doc), ["/store/book/0", "/store/book/1"]);
        assert_eq!(pointers("$..book[?@.isbn]", &doc), ["/store/book/2", "/store/book/3"]);
        assert_eq!(pointers("$..book[?@.price<10]", &doc), ["/store/book/0", "/store/book/2"]);
        // 1 store + 2 (book, bicycle) + 4 books + 19 book members + 2 bicycle members.
        assert_eq!(query("$..*", &doc).len(), 27);
    }

    #[test]
    fn rfc_name_selectors() {
        let doc = json!({"o": {"j j": {"k.k": 3}}, "'": {"@": 2}});
        assert_eq!(query("$.o['j j']", &doc), [json!({"k.k": 3})]);
        assert_eq!(query("$.o['j j']['k.k']", &doc), [json!(3)]);
        assert_eq!(query(r#"$.o["j j"]["k.k"]"#, &doc), [json!(3)]);
        assert_eq!(query(r#"$["'"]["@"]"#, &doc), [json!(2)]);
        assert_eq!(query(r"$['\'']['@']", &doc), [json!(2)]);
    }

    #[test]
    fn rfc_wildcards_indices_and_slices() {
        let doc = json!({"o": {"j": 1, "k": 2}, "a": [5, 3]});
        assert_eq!(query("$[*]", &doc), [json!({"j": 1, "k": 2}), json!([5, 3])]);
        assert_eq!(query("$.o[*]", &doc), [json!(1), json!(2)]);
        // RFC 9535 would list 1, 2, 1, 2; swagen returns each node once.
        assert_eq!(query("$.o[*, *]", &doc), [json!(1), json!(2)]);
        assert_eq!(query("$.a[*]", &doc), [json!(5), json!(3)]);

        let list = json!(["a", "b"]);
        assert_eq!(query("$[1]", &list), [json!("b")]);
        assert_eq!(query("$[-2]", &list), [json!("a")]);
        assert!(query("$[2]", &list).is_empty());
        assert!(query("$[-3]", &list).is_empty());

        let letters = json!(["a", "b", "c", "d", "e", "f", "g"]);
        let text =
            |expr: &str| query(expr, &letters).iter().filter_map(|v| v.as_str().map(str::to_owned)).collect::<String>();
        assert_eq!(text("$[1:3]"), "bc");
        assert_eq!(text("$[5:]"), "fg");
        assert_eq!(text("$[1:5:2]"), "bd");
        assert_eq!(text("$[5:1:-2]"), "df"); // document order
        assert_eq!(text("$[::-1]"), "abcdefg");
        assert_eq!(text("$[::0]"), "");
        assert_eq!(text("$[-2:]"), "fg");
        assert_eq!(text("$[ 1 : 3 ]"), "bc");
    }

    #[test]
    fn rfc_filters() {
        let doc = json!({
            "a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
            "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}},
            "e": "f"
        });
        assert_eq!(query("$.a[?@.b == 'kilo']", &doc), [json!({"b": "kilo"})]);
        assert_eq!(query("$.a[?(@.b == 'kilo')]", &doc), [json!({"b": "kilo"})]);
        assert_eq!(query("$.a[?@>3.5]", &doc), [json!(5), json!(4), json!(6)]);
        assert_eq!(query("$.a[?@.b]", &doc).len(), 4);
        assert_eq!(pointers("$[?@.*]", &doc), ["/a", "/o"]);
        assert_eq!(pointers("$[?@[?@.b]]", &doc), ["/a"]);
        assert_eq!(query("$.o[?@<3, ?@<3]", &doc), [json!(1), json!(2)]);
        assert_eq!(query(r#"$.a[?@<2 || @.b == "k"]"#, &doc), [json!(1), json!({"b": "k"})]);
        assert_eq!(query("$.o[?@>1 && @<4]", &doc), [json!(2), json!(3)]);
        assert_eq!(query("$.o[?@.u || @.x]", &doc), [json!({"u": 6})]);
        assert_eq!(query("$.a[?@.b == $.x]", &doc), [3, 5, 1, 2, 4, 6].map(|n| json!(n)));
        assert_eq!(query("$.a[?@ == @]", &doc).len(), 10);
        assert_eq!(query("$.a[?!@.b]", &doc).len(), 6);
        assert_eq!(query("$.a[?!(@.b == 'j' || @.b == 'k') && @.b]", &doc), [json!({"b": {}}), json!({"b": "kilo"})]);
    }

    #[test]
    fn rfc_comparisons() {
        let doc = json!({"obj": {"x": "y"}, "arr": [2, 3]});
        let holds = |expr: &str| !query(&format!("$[?{expr}]"), &doc).is_empty();
        let truths = [
            "$.absent1 == $.absent2",
            "$.absent1 <= $.absent2",
            "$.absent != 'g'",
            "1 <= 2",
            "'a' <= 'b'",
            "$.obj != $.arr",
            "$.obj == $.obj",
            "$.arr == $.arr",
            "$.obj != 17",
            "$.obj <= $.obj",
            "$.arr <= $.arr",
            "true <= true",
            "1 == 1.0",
            "null == null",
            "$.arr[0] == 2",
            "$.obj.x == 'y'",
            "-1 < 0",
            "1e2 == 100",
        ];
        let falsehoods = [
            "$.absent == 'g'",
            "$.absent1 != $.absent2",
            "1 > 2",
            "13 == '13'",
            "'a' > 'b'",
            "$.obj == $.arr",
            "$.obj != $.obj",
            "$.arr != $.arr",
            "$.obj == 17",
            "$.obj <= $.arr",
            "$.obj < $.arr",
            "1 <= $.arr",
            "1 >= $.arr",
            "1 > $.arr",
            "1 < $.arr",
            "true > true",
            "false == 0",
            "null == false",
        ];
        for t in truths {
            assert!(holds(t), "{t} should hold");
        }
        for f in falsehoods {
            assert!(!holds(f), "{f} should not hold");
        }
    }

    #[test]
    fn rfc_descendants_and_nulls() {
        let doc = json!({"o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]]});
        assert_eq!(query("$..j", &doc), [json!(1), json!(4)]);
        assert_eq!(query("$..[0]", &doc), [json!(5), json!({"j": 4})]);
        assert_eq!(query("$..*", &doc).len(), 11);
        assert_eq!(query("$..[*]", &doc).len(), 11);
        assert_eq!(query("$..o", &doc), [json!({"j": 1, "k": 2})]);
        assert_eq!(query("$.o..[*, *]", &doc), [json!(1), json!(2)]);
        assert_eq!(query("$.a..[0, 1]", &doc), [json!(5), json!(3), json!({"j": 4}), json!({"k": 6})]);

        let nulls = json!({"a": null, "b": [null], "c": [{}], "null": 1});
        assert_eq!(query("$.a", &nulls), [Value::Null]);
        assert!(query("$.a[0]", &nulls).is_empty());
        assert!(query("$.a.d", &nulls).is_empty());
        assert_eq!(query("$.b[0]", &nulls), [Value::Null]);
        assert_eq!(query("$.b[*]", &nulls), [Value::Null]);
        assert_eq!(query("$.b[?@]", &nulls), [Value::Null]);
        assert_eq!(query("$.b[?@==null]", &nulls), [Value::Null]);
        assert!(query("$.c[?@.d==null]", &nulls).is_empty());
        assert_eq!(query("$.null", &nulls), [json!(1)]);
    }

    #[test]
    fn normalized_paths_and_pointers() {
        let doc = json!({"a": {"b": [0, 1]}, "\u{b}": 1, "\\": 2, "'": 3, "/x~y": 4});
        let normalized = |expr: &str| JsonPath::parse(expr).unwrap().select_paths(&doc)[0].normalized();
        assert_eq!(normalized("$.a"), "$['a']");
        assert_eq!(normalized("$.a.b[1]"), "$['a']['b'][1]");
        assert_eq!(normalized("$.a.b[-1]"), "$['a']['b'][1]");
        assert_eq!(normalized("$['\\u000B']"), "$['\\u000b']");
        assert_eq!(normalized("$['\\\\']"), "$['\\\\']");
        assert_eq!(normalized("$[\"'\"]"), "$['\\'']");
        assert_eq!(pointers("$['/x~y']", &doc), ["/~1x~0y"]);
        assert_eq!(pointers("$", &doc), [""]);
        assert_eq!(JsonPath::parse("$").unwrap().select_paths(&doc)[0].normalized(), "$");
    }

    #[test]
    fn overlay_style_targets() {
        let doc = json!({"paths": {
            "/tags": {"get": {"parameters": [
                {"name": "group", "in": "query"},
                {"name": "limit", "in": "query", "type": "integer"},
                {"name": "group", "in": "header"}
            ]}},
            "/tags/{tag}": {"get": {"x-internal": true}, "delete": {"responses": {"204": {"description": "gone"}}}}
        }});
        assert_eq!(pointers("$.paths['/tags/{tag}'].delete", &doc), ["/paths/~1tags~1{tag}/delete"]);
        assert_eq!(pointers("$.paths['/tags'].get.parameters[?@.name == 'group']", &doc).len(), 2);
        assert_eq!(
            pointers("$.paths['/tags'].get.parameters[?@.in == 'query' && @.name == 'group']", &doc),
            ["/paths/~1tags/get/parameters/0"]
        );
        assert_eq!(pointers("$.paths['/tags'].get.parameters[?@.type]", &doc), ["/paths/~1tags/get/parameters/1"]);
        assert_eq!(pointers("$.paths['/tags'].get.parameters[?!@.type]", &doc).len(), 2);
        assert_eq!(pointers("$.paths.*.get", &doc), ["/paths/~1tags/get", "/paths/~1tags~1{tag}/get"]);
        assert_eq!(pointers("$.paths[*][?@['x-internal'] == true]", &doc), ["/paths/~1tags~1{tag}/get"]);
        assert_eq!(pointers("$..responses['204']", &doc), ["/paths/~1tags~1{tag}/delete/responses/204"]);
        // Document order, each node once, whatever the selector order.
        assert_eq!(
            pointers("$.paths['/tags/{tag}', '/tags', '/tags']", &doc),
            ["/paths/~1tags", "/paths/~1tags~1{tag}"]
        );
        assert_eq!(pointers("$.paths['/tags'].get.parameters[2, 0]", &doc).len(), 2);
    }

    #[test]
    fn lenient_shorthand_names_warn() {
        let doc = json!({"get": {"x-internal": true, "responses": {"200": {}}}});
        let path = JsonPath::parse("$.get.x-internal").unwrap();
        assert_eq!(path.select(&doc), [&json!(true)]);
        assert_eq!(path.warnings().len(), 1);
        assert_eq!(path.warnings()[0].column, 7);
        let path = JsonPath::parse("$.get.responses.200").unwrap();
        assert_eq!(path.select(&doc).len(), 1);
        assert_eq!(path.warnings().len(), 1);
        let path = JsonPath::parse("$[?@.x-internal]").unwrap();
        assert_eq!(path.select(&doc).len(), 1);
        assert!(JsonPath::parse("$.get['x-internal']").unwrap().warnings().is_empty());
    }

    #[test]
    fn string_escapes() {
        let doc = json!({"a\"b": 1, "tab\there": 2, "😀": 3, "é": 4});
        assert_eq!(query(r#"$["a\"b"]"#, &doc), [json!(1)]);
        assert_eq!(query(r"$['tab\there']", &doc), [json!(2)]);
        assert_eq!(query(r"$['\uD83D\uDE00']", &doc), [json!(3)]);
        assert_eq!(query(r"$['\u00e9']", &doc), [json!(4)]);
        assert_eq!(query("$.é", &doc), [json!(4)]);
        assert_eq!(query(r"$['a\/b']", &json!({"a/b": 5})), [json!(5)]);
    }

    #[test]
    fn errors_say_where_and_what() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 1, "expected `$`"),
            ("paths", 1, "expected `$`"),
            ("$.", 3, "expected a member name or `*` after `.`"),
            ("$..", 4, "after `..`"),
            ("$.paths./pets", 9, "['/pets']"),
            ("$[", 3, "expected a quoted name"),
            ("$['a'", 6, "expected `,` or `]`"),
            ("$['a", 3, "unterminated string"),
            ("$[name]", 3, "quote member names"),
            ("$[01]", 3, "leading zeros"),
            ("$[-0]", 3, "-0"),
            ("$[9007199254740992]", 3, "out of the index range"),
            ("$[?@.a = 1]", 8, "use `==`"),
            ("$[?'a']", 4, "a literal alone is not a test"),
            ("$[?@.* == 1]", 4, "must be singular"),
            ("$[?1 == @..a]", 9, "must be singular"),
            ("$[?length(@) > 1]", 4, "function `length()` is not supported"),
            ("$[?@.a == yes]", 11, "strings need quotes"),
            ("$[?!@.a == 1]", 8, "`!` negates a test"),
            ("$[?(@.a]", 8, "expected `)`"),
            ("$['\\x']", 4, "invalid escape"),
            ("$['\\uD800']", 4, "low one"),
            ("$['\\uDC00']", 4, "lone surrogate"),
            ("$['\\u12']", 8, "hexadecimal digit"),
            ("$ ", 2, "found whitespace"),
            ("$.a b", 4, "found whitespace"),
            ("$[?@.a == 01]", 11, "leading zeros"),
            ("$[?@.a == 1.]", 13, "after the decimal point"),
            ("$[?@.a == 1e]", 13, "exponent"),
            ("$['a'}", 6, "expected `,` or `]`, found `}`"),
            ("$[?@.a == '\u{1}']", 12, "control character"),
        ];
        for (expr, column, needle) in cases {
            let e = parse_error(expr);
            assert!(e.message.contains(needle), "`{expr}`: {e} (wanted {needle:?})");
            assert_eq!(e.column, *column, "`{expr}`: {e}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("$[?{}@.a{}]", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_error(&deep).message.contains("more than 32 deep"));
        let filters = format!("$.a{}{}", "[?@".repeat(5_000), "]".repeat(5_000));
        assert!(parse_error(&filters).message.contains("deep"));
        let ok = format!("$[?{}@.a{}]", "(".repeat(20), ")".repeat(20));
        assert!(JsonPath::parse(&ok).is_ok());
        let doc = json!([{"a": 1}]);
        assert_eq!(query(&ok, &doc).len(), 1);
    }

    #[test]
    fn deep_documents_do_not_overflow() {
        let nest = |depth: usize| {
            let mut value = json!(1);
            for _ in 0..depth {
                let mut map = Map::new();
                map.insert("n".to_owned(), value);
                value = Value::Object(map);
            }
            value
        };
        let doc = nest(5_000);
        assert_eq!(JsonPath::parse("$..n").unwrap().select(&doc).len(), 5_000);
        assert_eq!(JsonPath::parse("$..[?@.n == 1]").unwrap().select(&doc).len(), 1);
        let twin = nest(5_000);
        assert!(json_equal(&doc, &twin));
        // Dropping deeply nested values recurses inside serde_json; keep them alive past the test body.
        std::mem::forget(doc);
        std::mem::forget(twin);
    }

    /// A small deterministic generator: odd strings from JSONPath-ish pieces never panic.
    #[test]
    fn odd_inputs_never_panic() {
        const PIECES: &[&str] = &[
            "$",
            "@",
            ".",
            "..",
            "[",
            "]",
            "?",
            "*",
            "'",
            "\"",
            "\\",
            "\\u",
            "D800",
            "(",
            ")",
            "!",
            "&&",
            "||",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "=",
            ",",
            ":",
            "-",
            "0",
            "1",
            "9007199254740993",
            "-1",
            "a",
            "x-y",
            "é",
            "😀",
            " ",
            "\t",
            "\n",
            "\u{0}",
            "true",
            "null",
            "length(",
            "~",
            "/",
            "{",
            "}",
            "1.5e3",
            "e",
        ];
        let doc = json!({"a": [1, {"b": "x"}, [null, true]], "x-y": {"1": 2}, "": {"": 3}});
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut parsed = 0;
        for _ in 0..20_000 {
            let mut expr = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 12) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                expr.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            if state % 3 == 0 {
                expr.insert(0, '$');
            }
            if let Ok(path) = JsonPath::parse(&expr) {
                parsed += 1;
                let _ = path.select_paths(&doc);
            }
        }
        assert!(parsed > 100, "only {parsed} generated queries parsed");
    }
}
