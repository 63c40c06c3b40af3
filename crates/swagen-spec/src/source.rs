//! Input as read: files read with a size bound, and the syntax (JSON or YAML) of a text, told by its content. The
//! lowest layer of loading, below the diagnostics' line and column (`locate.rs`) and loading itself (`load.rs`).

use crate::diag::{Diagnostic, Location};
use std::path::Path;

/// The syntax a document was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// The largest file swagen reads (spec, overlay or `$ref` target): 64 MiB. The largest real spec known to us,
/// Kubernetes, is 4 MiB; anything much bigger is a mistake or an attack, and refusing it early keeps memory bounded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file swagen is given (`what`: "the spec", "the overlay", …), refusing files over [`MAX_FILE_BYTES`]
/// before reading them.
pub fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let file = path.display().to_string();
    let cannot = |e: std::io::Error| {
        Diagnostic::error("read", &file, Location::File, format!("cannot read {what}: {e}"))
            .with_help("check the path; swagen reads a Swagger 2.0 document in YAML or JSON")
    };
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(&file, what, size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `take` bounds the read even when the file grows between the size check and the read.
    use std::io::Read;
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&file, what, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(file: &str, what: &str, size: u64) -> Diagnostic {
    let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
    Diagnostic::error(
        "too-large",
        file,
        // Where reading stopped: the start (the file is refused before it is read).
        Location::LineColumn { line: 1, column: 1 },
        format!("{what} is {:.1} MiB; swagen reads files up to {:.0} MiB", mib(size), mib(MAX_FILE_BYTES)),
    )
    .with_help("check that this is the right file; a Swagger document this large is almost certainly generated wrongly")
}

/// JSON when the first meaningful character opens an object or array; YAML otherwise.
/// (YAML is a superset of JSON, but the JSON parser is faster and its errors are clearer.)
pub fn detect_format(text: &str) -> Format {
    match text.trim_start().chars().next() {
        Some('{') | Some('[') => Format::Json,
        _ => Format::Yaml,
    }
}
