//! Diagnostics shared by every stage: what is wrong, where, and what to do.

use std::fmt;
use std::num::NonZeroU32;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something was repaired or guessed; generation goes on.
    Warning,
    /// Generation cannot go on.
    Error,
}

/// Where in the input a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Location {
    /// The whole file (e.g. it cannot be read).
    #[default]
    File,
    /// A line and column, both 1-based (parse errors).
    LineColumn { line: usize, column: usize },
    /// A JSON pointer into the document (`#/paths/~1tags/post/parameters/2`).
    Pointer(String),
}

/// One message about the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable code, e.g. `untyped-parameter`.
    pub code: &'static str,
    /// The file the diagnostic is about, as the user named it.
    pub file: String,
    pub location: Location,
    /// What is wrong (or what was repaired).
    pub message: String,
    /// What to do about it. (A boxed `str`: diagnostics travel in `Result`s and are kept small.)
    pub help: Option<Box<str>>,
    /// For a [`Location::Pointer`]: the 1-based line and column of that node in the file, when known
    /// ([`Diagnostic::position`]). Kept small: diagnostics travel in `Result`s.
    pub(crate) position: Option<(NonZeroU32, NonZeroU32)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_owned(),
            location,
            message: message.into(),
            help: None,
            position: None,
        }
    }

    pub fn warning(code: &'static str, file: &str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, file, location, message) }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    /// Sets the line and column of a pointer diagnostic found by other means than its pointer.
    pub(crate) fn at_position(mut self, line: usize, column: usize) -> Self {
        let narrow = |n: usize| NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX));
        self.position = narrow(line).zip(narrow(column));
        self
    }

    /// For a [`Location::Pointer`]: the 1-based line and column of that node in the file, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position.map(|(l, c)| (l.get() as usize, c.get() as usize))
    }

    /// The diagnostic as one JSON object, for tools (`--message-format json`):
    /// `{"severity", "code", "file", "line", "column", "pointer", "message", "help"}` (absent parts are `null`).
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column, pointer) = match &self.location {
            Location::File => (None, None, None),
            Location::LineColumn { line, column } => (Some(*line), Some(*column), None),
            Location::Pointer(p) => (self.position().map(|p| p.0), self.position().map(|p| p.1), Some(p.clone())),
        };
        serde_json::json!({
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "code": self.code,
            "file": self.file,
            "line": line,
            "column": column,
            "pointer": pointer,
            "message": self.message,
            "help": self.help,
        })
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Plain rendering, one diagnostic per block:
    ///
    /// ```text
    /// warning[untyped-parameter]: parameter `group` has no `type`; treated as a string
    ///   --> specs/livechat.yaml#/paths/~1tags/get/parameters/0
    ///   = help: add `type: string` (or the real type) to the parameter
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        writeln!(f, "{level}[{}]: {}", self.code, self.message)?;
        match &self.location {
            Location::File => write!(f, "  --> {}", self.file)?,
            Location::LineColumn { line, column } => write!(f, "  --> {}:{line}:{column}", self.file)?,
            Location::Pointer(p) => match self.position() {
                Some((line, column)) => write!(f, "  --> {}:{line}:{column} at {p}", self.file)?,
                None => write!(f, "  --> {}{p}", self.file)?,
            },
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer token (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a `#/a/b` pointer from raw (unescaped) tokens.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from("#");
    for t in tokens {
        out.push('/');
        out.push_str(&pointer_token(t.as_ref()));
    }
    out
}

/// Joins a pointer and one more raw token.
pub fn pointer_join(base: &str, token: &str) -> String {
    format!("{base}/{}", pointer_token(token))
}
