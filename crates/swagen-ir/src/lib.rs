//! swagen's intermediate representation and the passes that build it.
//!
//! - [`ir`]: the data model the emitter reads.
//! - [`lower()`]: Swagger 2.0 document → IR, recording every repair as a warning and every decision as a note.
//! - [`normalise`]: example values baked into path keys → path parameters.
//! - [`naming`]: operation names.
//! - [`case`]: heck's case conversions, remembered per thread.
//! - [`select`]: what the user asks of a lowered API: a subset of the operations, string formats kept as text.

pub mod case;
mod ctx;
pub mod ir;
mod lint;
pub mod lower;
mod models;
pub mod namebook;
pub mod naming;
pub mod normalise;
mod schema;
pub mod select;

pub use ir::*;
pub use lower::{lower, lower_with, safe_snake, Lowered};
pub use namebook::NameBook;
