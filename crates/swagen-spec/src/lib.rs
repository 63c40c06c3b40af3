//! Swagger 2.0 document model and loading for swagen.
//!
//! [`load_file`] / [`load_bytes`] read YAML or JSON (chosen by content, not by file name), check that the
//! document is Swagger 2.0 before anything else, and deserialize it into [`Swagger`]. Every failure is a
//! [`Diagnostic`] naming the file and the line/column or JSON pointer.

pub mod diag;
pub mod load;
pub mod model;

pub use diag::{Diagnostic, Location, Severity};
pub use load::{detect_format, load_bytes, load_file, Document, Format};
pub use model::{Info, Operation, Parameter, PathItem, Response, Swagger, METHODS};

/// Resolves a local `$ref` (`#/parameters/x`) against the raw document.
/// Returns `None` for external references or pointers that lead nowhere.
pub fn resolve_local<'a>(raw: &'a serde_json::Value, reference: &str) -> Option<&'a serde_json::Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(raw);
    }
    raw.pointer(pointer)
}
