//! Loading: bytes → JSON value (YAML or JSON, chosen by content) → version check → [`Swagger`].

use crate::diag::{Diagnostic, Location};
use crate::model::Swagger;
pub use crate::source::{detect_format, read_file, Format, MAX_FILE_BYTES};
use serde_json::{Map, Number, Value};
use std::path::{Path, PathBuf};

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
    /// resolved relative to its folder by [`crate::bundle()`]; without it they stay unresolved.
    pub path: Option<PathBuf>,
    /// The text the document was parsed from, to give diagnostics a line and column ([`crate::locate`]);
    /// `None` when the value was changed after parsing (overlays), where positions would mislead.
    pub source: Option<String>,
    /// The other files read for it: external `$ref` targets, filled by [`crate::bundle()`] (for build caches).
    pub referenced: Vec<PathBuf>,
}

/// Reads and loads a file. The error names the file and, where it can, the line and column or JSON pointer.
pub fn load_file(path: &Path) -> Result<Document, Diagnostic> {
    let file = path.display().to_string();
    let bytes = read_file(path, "the spec")?;
    let mut doc = load(&file, std::borrow::Cow::Owned(bytes))?;
    doc.path = Some(path.to_owned());
    Ok(doc)
}

/// Loads a document from memory; `file` is the name used in diagnostics.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    load(file, std::borrow::Cow::Borrowed(bytes))
}

/// [`load_bytes`]; bytes the caller owns become the document's source text without a copy.
fn load(file: &str, bytes: std::borrow::Cow<'_, [u8]>) -> Result<Document, Diagnostic> {
    let (format, raw, duplicates) = parse_value_and_duplicates(file, &bytes)?;
    // The bytes are UTF-8 here (parsing refused them otherwise).
    let source =
        String::from_utf8(bytes.into_owned()).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let mut warnings = Vec::new();
    if !duplicates.is_empty() {
        // YAML refuses duplicate keys while parsing; JSON parsers keep the last one silently, so they are named.
        let locator = crate::locate::Locator::new(&source, format);
        for (pointer, key) in duplicates {
            let at = locator.locate_last_member(&pointer);
            let d = Diagnostic::warning(
                "duplicate-key",
                file,
                Location::Pointer(pointer),
                format!("key `{key}` appears twice in this object; the last one is used"),
            )
            .with_help("remove or merge the duplicate entry");
            warnings.push(match at {
                Some((line, column)) => d.at_position(line, column),
                None => d.locate_with(&locator),
            });
        }
    }
    swagger_document(file, format, raw, warnings, Some(source))
}

/// The Swagger half of loading: the version check, key repairs and the typed model. Errors get a line and column
/// when the source text is known.
fn swagger_document(
    file: &str,
    format: Format,
    mut raw: Value,
    mut warnings: Vec<Diagnostic>,
    source: Option<String>,
) -> Result<Document, Diagnostic> {
    let locate = |d: Diagnostic| match &source {
        Some(text) => d.locate_in(text, format),
        None => d,
    };
    check_version(file, &raw, &mut warnings).map_err(locate)?;
    repair_keys(file, &mut raw, &mut warnings);
    crate::repair::repair(file, &mut raw, &mut warnings);
    let spec = typed(file, &raw).map_err(locate)?;
    Ok(Document { file: file.to_owned(), format, raw, spec, warnings, path: None, source, referenced: Vec::new() })
}

/// The Swagger half of [`load_bytes`] for a raw value changed after parsing (e.g. by overlays, see
/// [`crate::overlay`]): the Swagger 2.0 version check and the typed deserialization. `path` is `None`; set it
/// when external `$ref`s are to be bundled relative to the spec's folder.
pub fn document_from_value(file: &str, format: Format, raw: Value) -> Result<Document, Diagnostic> {
    swagger_document(file, format, raw, Vec::new(), None)
}

/// Parses YAML or JSON (chosen by content) into a JSON value, without checking that it is a Swagger
/// document: used for the whole spec and for files that external `$ref`s point into.
pub fn parse_value(file: &str, bytes: &[u8]) -> Result<(Format, Value), Diagnostic> {
    parse_value_and_duplicates(file, bytes).map(|(format, raw, _)| (format, raw))
}

/// The `(pointer, key)` of every key an object repeats.
type Duplicates = Vec<(String, String)>;

/// [`parse_value`], and for JSON the `(pointer, key)` of every key an object repeats (found in the same pass).
fn parse_value_and_duplicates(file: &str, bytes: &[u8]) -> Result<(Format, Value, Duplicates), Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Diagnostic::error(
            "encoding",
            file,
            Location::LineColumn { line, column },
            "the file is not UTF-8 text: the bytes here are not UTF-8",
        )
        .with_help("save the file as UTF-8 (it may be Latin-1 or Windows-1252)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty", file, Location::LineColumn { line: 1, column: 1 }, "the file is empty")
            .with_help("point swagen at a Swagger 2.0 document (YAML or JSON)"));
    }
    let format = detect_format(text);
    Ok(match format {
        Format::Json => {
            let (raw, duplicates) = parse_json(file, text)?;
            (format, raw, duplicates)
        }
        Format::Yaml => (format, parse_yaml(file, text)?, Vec::new()),
    })
}

/// The typed step: deserializes [`Swagger`] from the raw value; errors carry the JSON pointer.
pub(crate) fn typed(file: &str, raw: &Value) -> Result<Swagger, Diagnostic> {
    // Tracking the path costs a third of this step, and it is only needed for the message: the document is read
    // without it, and read again with it only when that fails.
    if let Ok(spec) = <Swagger as serde::Deserialize>::deserialize(raw) {
        return Ok(spec);
    }
    serde_path_to_error::deserialize::<_, Swagger>(raw).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Diagnostic::error("schema", file, Location::Pointer(pointer), e.inner().to_string())
            .with_help("fix the value at this place so it matches the Swagger 2.0 specification")
    })
}

/// JSON text → value, with the `(pointer, key)` of every repeated key (see [`JsonValue`]).
fn parse_json(file: &str, text: &str) -> Result<(Value, Duplicates), Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde::de::DeserializeSeed::deserialize(JsonValue, &mut de).and_then(|v| de.end().map(|()| v));
    let (raw, duplicates) = parsed.map_err(|e| {
        let message = strip_position(&e.to_string());
        let location = Location::LineColumn { line: e.line(), column: e.column() };
        if message.contains("recursion limit exceeded") {
            return too_deep(file, location);
        }
        Diagnostic::error("syntax", file, location, format!("invalid JSON: {message}"))
            .with_help("fix the JSON syntax at this position")
    })?;
    let duplicates = duplicates
        .into_iter()
        .map(|(mut path, key)| {
            path.reverse();
            (crate::diag::pointer(path), key)
        })
        .collect();
    Ok((raw, duplicates))
}

/// The nesting bound of both parsers (serde_json's and serde_yaml's recursion limit). It also bounds every
/// recursive walk over the document later on.
pub const MAX_DEPTH: usize = 128;

fn too_deep(file: &str, location: Location) -> Diagnostic {
    Diagnostic::error(
        "too-deep",
        file,
        location,
        format!(
            "the document nests more than {MAX_DEPTH} levels deep here; swagen refuses it to keep its stack bounded"
        ),
    )
    .with_help("flatten the schema: move nested objects into `definitions` and refer to them with `$ref`")
}

fn parse_yaml(file: &str, text: &str) -> Result<Value, Diagnostic> {
    let yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let location = match e.location() {
            Some(l) => Location::LineColumn { line: l.line(), column: l.column() },
            None => Location::File,
        };
        let message = strip_position(&e.to_string());
        if message.contains("recursion limit exceeded") {
            return too_deep(file, location);
        }
        if message.contains("repetition limit exceeded") {
            // The parser gives no place; the first alias (`*name`) is where the expansion starts.
            let location = first_alias(text).map_or(location, |(line, column)| Location::LineColumn { line, column });
            return Diagnostic::error(
                "yaml-aliases",
                file,
                location,
                "the YAML aliases (`*name`) expand to too many nodes (a \"billion laughs\" document); swagen refuses it",
            )
            .with_help("write the repeated parts out, or use fewer nested aliases");
        }
        if let Some(key) = duplicated_key(&message) {
            // The parser places the error at the mapping's first key; the repeated key is further down.
            let location = match location {
                Location::LineColumn { line, column } => {
                    let (line, column) = repeated_key_at(text, line, column, key).unwrap_or((line, column));
                    Location::LineColumn { line, column }
                }
                other => other,
            };
            return Diagnostic::error(
                "duplicate-key",
                file,
                location,
                format!(
                    "key `{key}` appears twice in this mapping; YAML requires the keys of a mapping to be unique \
                     (YAML 1.2 §3.2.1.1), so the document is not valid YAML"
                ),
            )
            .with_help("merge the two entries or remove one");
        }
        Diagnostic::error("syntax", file, location, format!("invalid YAML: {message}"))
            .with_help("fix the YAML syntax at this position")
    })?;
    Ok(yaml_to_json(yaml))
}

/// The key of serde_yaml's "duplicate entry with key \"K\"" message.
fn duplicated_key(message: &str) -> Option<&str> {
    let rest = message.split_once("duplicate entry with key \"")?.1;
    rest.rsplit_once('"').map(|(key, _)| key)
}

/// The line and column of the second `key:` at the same column as the mapping's first key (at `line`, `column`),
/// from there on; block mappings only (a flow mapping keeps the parser's place).
fn repeated_key_at(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let spellings = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    let mut seen = 0;
    for (n, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let indent = l.len() - l.trim_start().len();
        let body = &l[indent..];
        // Leaving the mapping: a key less indented than its keys.
        if n + 1 > line && indent + 1 < column && !body.is_empty() && !body.starts_with('#') {
            break;
        }
        if indent + 1 == column && spellings.iter().any(|s| body.starts_with(s.as_str())) {
            seen += 1;
            if seen == 2 {
                return Some((n + 1, column));
            }
        }
    }
    None
}

/// The 1-based line and column of the first YAML alias (`*name` after a space, `[`, `,`, `{` or `:`), if any.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    for (n, line) in text.lines().enumerate() {
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            if c == '#' && prev.is_whitespace() {
                break; // a comment
            }
            if c == '*' && (prev.is_whitespace() || matches!(prev, '[' | ',' | '{' | ':' | '-')) {
                return Some((n + 1, col + 1));
            }
            prev = c;
        }
    }
    None
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

/// Path keys and method keys with spaces or line breaks around them (`? |2-` block keys in YAML), and methods in
/// upper case (`GET`), are read as the trimmed, lower-case key, with a warning; otherwise their operations would be
/// lost.
fn repair_keys(file: &str, raw: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Object(paths)) = raw.get_mut("paths") else { return };
    let mut warn = |at: String, from: &str, to: &str| {
        warnings.push(
            Diagnostic::warning("key-repaired", file, Location::Pointer(at), format!("key {from:?} is read as `{to}`"))
                .with_help("write path keys as `/path` and methods in lower case, without spaces around them"),
        );
    };
    let needs = |k: &str, method: bool| {
        let t = k.trim();
        (t != k && !t.is_empty())
            || (method && t != t.to_ascii_lowercase() && crate::METHODS.contains(&t.to_ascii_lowercase().as_str()))
    };
    if paths.keys().any(|k| needs(k, false)) {
        let old = std::mem::take(paths);
        for (k, v) in old {
            let t = k.trim();
            if t != k && !t.is_empty() && !paths.contains_key(t) {
                warn(crate::diag::pointer(["paths", k.as_str()]), &k, t);
                paths.insert(t.to_owned(), v);
            } else {
                paths.insert(k, v);
            }
        }
    }
    for (key, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        if !item.keys().any(|k| needs(k, true)) {
            continue;
        }
        let old = std::mem::take(item);
        for (k, v) in old {
            let t = k.trim().to_ascii_lowercase();
            if t != k && crate::METHODS.contains(&t.as_str()) && !item.contains_key(&t) {
                warn(crate::diag::pointer(["paths", key.as_str(), k.as_str()]), &k, &t);
                item.insert(t, v);
            } else {
                item.insert(k, v);
            }
        }
    }
}

/// Builds a `serde_json::Value` exactly as serde_json does (a later duplicate key replaces the earlier value, in
/// its place), and notes every repeated key on the way: JSON parsers keep the last one silently, and a spec author
/// should hear of it. One pass; the noted paths are built bottom-up (innermost key first), so a document without
/// duplicates pays nothing for them.
struct JsonValue;

/// A value and its repeated keys: (path from this value down, innermost first; the key).
type WithDuplicates = (Value, Vec<(Vec<String>, String)>);

impl<'de> serde::de::DeserializeSeed<'de> for JsonValue {
    type Value = WithDuplicates;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<WithDuplicates, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonValue {
    type Value = WithDuplicates;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<WithDuplicates, A::Error> {
        let mut out = Map::new();
        let mut duplicates = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                duplicates.push((vec![key.clone()], key.clone()));
            }
            let (value, inner) = map.next_value_seed(JsonValue)?;
            duplicates.extend(inner.into_iter().map(|(mut path, k)| {
                path.push(key.clone());
                (path, k)
            }));
            out.insert(key, value);
        }
        Ok((Value::Object(out), duplicates))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<WithDuplicates, A::Error> {
        let mut out = Vec::new();
        let mut duplicates = Vec::new();
        while let Some((value, inner)) = seq.next_element_seed(JsonValue)? {
            let i = out.len().to_string();
            duplicates.extend(inner.into_iter().map(|(mut path, k)| {
                path.push(i.clone());
                (path, k)
            }));
            out.push(value);
        }
        Ok((Value::Array(out), duplicates))
    }
    fn visit_bool<E>(self, b: bool) -> Result<WithDuplicates, E> {
        Ok((Value::Bool(b), Vec::new()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<WithDuplicates, E> {
        Ok((Value::Number(n.into()), Vec::new()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<WithDuplicates, E> {
        Ok((Value::Number(n.into()), Vec::new()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<WithDuplicates, E> {
        Ok((Number::from_f64(n).map_or(Value::Null, Value::Number), Vec::new()))
    }
    fn visit_str<E>(self, s: &str) -> Result<WithDuplicates, E> {
        Ok((Value::String(s.to_owned()), Vec::new()))
    }
    fn visit_string<E>(self, s: String) -> Result<WithDuplicates, E> {
        Ok((Value::String(s), Vec::new()))
    }
    fn visit_unit<E>(self) -> Result<WithDuplicates, E> {
        Ok((Value::Null, Vec::new()))
    }
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
