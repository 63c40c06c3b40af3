//! Swagger 2.0 document model and loading for swagen.
//!
//! [`load_file`] / [`load_bytes`] read YAML or JSON (chosen by content, not by file name), check that the
//! document is Swagger 2.0 before anything else, and deserialize it into [`Swagger`]. Every failure is a
//! [`Diagnostic`] naming the file and the line/column or JSON pointer. [`bundle()`] then folds external
//! (relative-file) `$ref`s into the document.

pub mod bundle;
pub mod diag;
pub mod jsonpath;
pub mod load;
pub mod locate;
pub mod model;
pub mod overlay;
pub mod render;
pub mod repair;
mod source;

pub use bundle::{bundle, BundleOptions};
pub use diag::{Diagnostic, Location, Severity};
pub use jsonpath::JsonPath;
pub use load::document_from_value;
pub use load::{
    detect_format, load_bytes, load_file, parse_value, read_file, Document, Format, MAX_DEPTH, MAX_FILE_BYTES,
};
pub use model::{Info, Operation, Parameter, PathItem, Response, Swagger, METHODS};
pub use overlay::{apply_overlay, apply_overlay_file, apply_overlay_files, apply_overlay_value};
pub use render::{Renderer, Style};

/// Resolves a local `$ref` (`#/parameters/x`) against the raw document.
/// Returns `None` for external references or pointers that lead nowhere.
pub fn resolve_local<'a>(raw: &'a serde_json::Value, reference: &str) -> Option<&'a serde_json::Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(raw);
    }
    raw.pointer(pointer)
}
