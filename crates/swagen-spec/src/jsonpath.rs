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

mod eval;
mod parse;

use serde_json::Value;
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
        parse::parse(expr)
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
        eval::selected_paths(&self.segments, root)
    }

    /// The selected nodes, in document order, each once.
    pub fn select<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        eval::selected_values(&self.segments, root)
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

#[cfg(test)]
mod tests {
    use super::eval::json_equal;
    use super::*;
    use serde_json::json;
    use serde_json::Map;

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
