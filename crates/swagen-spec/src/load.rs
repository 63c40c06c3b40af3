//! Loading: bytes → JSON value (YAML or JSON, chosen by content) → version check → [`Swagger`].

use crate::diag::{Diagnostic, Location};
use crate::model::Swagger;
use serde_json::{Map, Number, Value};
use std::path::{Path, PathBuf};

/// The syntax a document was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// A loaded Swagger 2.0 document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file name as the user gave it; used in diagnostics.
    pub file: String,
    pub format: Format,
    /// The whole document as a JSON value (YAML is converted; map keys become strings; order is kept).
    pub raw: Value,
    /// The typed model.
    pub spec: Swagger,
    /// Repairs made while loading.
    pub warnings: Vec<Diagnostic>,
    /// The path the document was read from ([`load_file`]); `None` for [`load_bytes`]. External `$ref`s are
    /// resolved relative to its folder by [`crate::bundle`]; without it they stay unresolved.
    pub path: Option<PathBuf>,
    /// The text the document was parsed from, to give diagnostics a line and column ([`crate::locate`]);
    /// `None` when the value was changed after parsing (overlays), where positions would mislead.
    pub source: Option<String>,
}

/// Reads and loads a file. The error names the file and, where it can, the line and column or JSON pointer.
pub fn load_file(path: &Path) -> Result<Document, Diagnostic> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("read", &file, Location::File, format!("cannot read the spec: {e}"))
            .with_help("check the path; swagen reads a Swagger 2.0 document in YAML or JSON")
    })?;
    let mut doc = load_bytes(&file, &bytes)?;
    doc.path = Some(path.to_owned());
    Ok(doc)
}

/// Loads a document from memory; `file` is the name used in diagnostics.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    let (format, raw) = parse_value(file, bytes)?;
    let source = String::from_utf8_lossy(bytes).into_owned();
    let mut warnings = Vec::new();
    check_version(file, &raw, &mut warnings)?;
    let spec = typed(file, &raw).map_err(|d| d.locate_in(&source, format))?;
    Ok(Document { file: file.to_owned(), format, raw, spec, warnings, path: None, source: Some(source) })
}

/// The Swagger half of [`load_bytes`] for a raw value changed after parsing (e.g. by overlays, see
/// [`crate::overlay`]): the Swagger 2.0 version check and the typed deserialization. `path` is `None`; set it
/// when external `$ref`s are to be bundled relative to the spec's folder.
pub fn document_from_value(file: &str, format: Format, raw: Value) -> Result<Document, Diagnostic> {
    let mut warnings = Vec::new();
    check_version(file, &raw, &mut warnings)?;
    let spec = typed(file, &raw)?;
    Ok(Document { file: file.to_owned(), format, raw, spec, warnings, path: None, source: None })
}

/// Parses YAML or JSON (chosen by content) into a JSON value, without checking that it is a Swagger
/// document: used for the whole spec and for files that external `$ref`s point into.
pub fn parse_value(file: &str, bytes: &[u8]) -> Result<(Format, Value), Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error("encoding", file, Location::File, format!("the file is not UTF-8 text: {e}"))
            .with_help("save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty", file, Location::File, "the file is empty")
            .with_help("point swagen at a Swagger 2.0 document (YAML or JSON)"));
    }
    let format = detect_format(text);
    let raw = match format {
        Format::Json => parse_json(file, text)?,
        Format::Yaml => parse_yaml(file, text)?,
    };
    Ok((format, raw))
}

/// The typed step: deserializes [`Swagger`] from the raw value; errors carry the JSON pointer.
pub(crate) fn typed(file: &str, raw: &Value) -> Result<Swagger, Diagnostic> {
    serde_path_to_error::deserialize::<_, Swagger>(raw).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Diagnostic::error("schema", file, Location::Pointer(pointer), e.inner().to_string())
            .with_help("fix the value at this place so it matches the Swagger 2.0 specification")
    })
}

/// JSON when the first meaningful character opens an object or array; YAML otherwise.
/// (YAML is a superset of JSON, but the JSON parser is faster and its errors are clearer.)
pub fn detect_format(text: &str) -> Format {
    match text.trim_start().chars().next() {
        Some('{') | Some('[') => Format::Json,
        _ => Format::Yaml,
    }
}

fn parse_json(file: &str, text: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        let message = strip_position(&e.to_string());
        Diagnostic::error(
            "syntax",
            file,
            Location::LineColumn { line: e.line(), column: e.column() },
            format!("invalid JSON: {message}"),
        )
        .with_help("fix the JSON syntax at this position")
    })
}

fn parse_yaml(file: &str, text: &str) -> Result<Value, Diagnostic> {
    let yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let location = match e.location() {
            Some(l) => Location::LineColumn { line: l.line(), column: l.column() },
            None => Location::File,
        };
        let message = strip_position(&e.to_string());
        Diagnostic::error("syntax", file, location, format!("invalid YAML: {message}"))
            .with_help("fix the YAML syntax at this position")
    })?;
    Ok(yaml_to_json(yaml))
}

/// serde's messages carry " at line L column C" (sometimes twice); the location is rendered separately.
fn strip_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let digits = |s: &str| s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &rest[i + " at line ".len()..];
        let after = &after[after.len() - digits(after)..];
        rest = match after.strip_prefix(" column ") {
            Some(col) => &col[col.len() - digits(col)..],
            None => after,
        };
    }
    out.push_str(rest);
    out
}

/// Converts YAML to JSON: keys become strings (`200:` → `"200"`), tags are dropped, non-finite floats
/// become strings. Order is kept. Recursion depth is bounded by the YAML parser's own limit.
fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Number::from_f64(f).map(Value::Number).unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => {
            let mut out = Map::with_capacity(m.len());
            for (k, v) in m {
                out.insert(yaml_key(k), yaml_to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn yaml_key(k: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match k {
        Y::String(s) => s,
        Y::Number(n) => n.to_string(),
        Y::Bool(b) => b.to_string(),
        Y::Null => "null".to_owned(),
        Y::Tagged(t) => yaml_key(t.value),
        other => serde_json::to_string(&yaml_to_json(other)).unwrap_or_default(),
    }
}

fn check_version(file: &str, raw: &Value, warnings: &mut Vec<Diagnostic>) -> Result<(), Diagnostic> {
    let Some(obj) = raw.as_object() else {
        return Err(Diagnostic::error(
            "not-swagger",
            file,
            Location::Pointer("#".into()),
            "the document is not a mapping, so it is not a Swagger 2.0 document",
        )
        .with_help("a Swagger 2.0 document starts with `swagger: \"2.0\"`, `info` and `paths`"));
    };
    if let Some(v) = obj.get("openapi") {
        let version = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
        return Err(Diagnostic::error(
            "openapi-3",
            file,
            Location::Pointer("#/openapi".into()),
            format!("this is OpenAPI {version}; swagen reads Swagger 2.0"),
        )
        .with_help("use a Swagger 2.0 version of the API description, or an OpenAPI 3 generator such as progenitor"));
    }
    if obj.contains_key("swaggerVersion") {
        return Err(Diagnostic::error(
            "swagger-1",
            file,
            Location::Pointer("#/swaggerVersion".into()),
            "this is a Swagger 1.x document; swagen reads Swagger 2.0",
        )
        .with_help("convert it to Swagger 2.0 first (e.g. with swagger-converter)"));
    }
    match obj.get("swagger") {
        Some(Value::String(s)) if s == "2.0" => Ok(()),
        Some(Value::Number(n)) if n.as_f64() == Some(2.0) => {
            warnings.push(
                Diagnostic::warning(
                    "swagger-version-number",
                    file,
                    Location::Pointer("#/swagger".into()),
                    "`swagger: 2.0` is a number, not the string \"2.0\"; read as Swagger 2.0",
                )
                .with_help("quote it: `swagger: \"2.0\"`"),
            );
            Ok(())
        }
        Some(other) => Err(Diagnostic::error(
            "swagger-version",
            file,
            Location::Pointer("#/swagger".into()),
            format!("unsupported `swagger` version {other}; swagen reads Swagger 2.0"),
        )
        .with_help("set `swagger: \"2.0\"` if the document really is Swagger 2.0")),
        None => Err(Diagnostic::error(
            "not-swagger",
            file,
            Location::Pointer("#".into()),
            "no `swagger` field at the top level, so this is not a Swagger 2.0 document",
        )
        .with_help("a Swagger 2.0 document starts with `swagger: \"2.0\"`")),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let tokens = path.iter().filter_map(|seg| match seg {
        Segment::Map { key } => Some(key.clone()),
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    });
    crate::diag::pointer(tokens)
}
