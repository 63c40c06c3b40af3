//! Parsing a JSONPath expression into [`Segment`]s, with the column of every error and leniency.

use super::*;
use serde_json::Number;

/// Parses an RFC 9535 query (see [`JsonPath::parse`]).
pub(super) fn parse(expr: &str) -> Result<JsonPath, ParseError> {
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
        self.joined("||", Self::logical_and, Expr::Or)
    }

    fn logical_and(&mut self) -> Result<Expr, ParseError> {
        self.joined("&&", Self::basic, Expr::And)
    }

    /// Terms joined by `op` (`||` or `&&`), combined into one expression when there are several.
    fn joined(
        &mut self,
        op: &str,
        term: fn(&mut Self) -> Result<Expr, ParseError>,
        combine: fn(Vec<Expr>) -> Expr,
    ) -> Result<Expr, ParseError> {
        let mut terms = vec![term(self)?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if !self.eat_str(op) {
                self.pos = save;
                return Ok(one_or(terms, combine));
            }
            self.skip_ws();
            terms.push(term(self)?);
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
