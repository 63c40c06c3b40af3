//! swagen's intermediate representation and the passes that build it.
//!
//! - [`ir`]: the data model the emitter reads.
//! - [`lower()`]: Swagger 2.0 document → IR, recording every repair as a warning and every decision as a note.
//! - [`normalise`]: example values baked into path keys → path parameters.
//! - [`naming`]: operation names.
//! - [`case`]: heck's case conversions, remembered per thread.

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

pub use ir::*;
pub use lower::{lower, lower_with, safe_snake, Lowered};
pub use namebook::NameBook;
