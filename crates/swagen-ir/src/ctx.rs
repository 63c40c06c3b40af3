//! The context every lowering pass and check works in: the document, what was reported about it, and the models
//! built so far.

use crate::ir::Note;
use crate::models::Schemas;
use crate::namebook::NameBook;
use std::collections::HashMap;
use swagen_spec::{Diagnostic, Document, Location, Parameter};

pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    /// The names recorded for this spec (empty: every name derived fresh).
    pub book: &'a NameBook,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<Note>,
    pub schemas: Schemas,
    /// Parameters already read from their `$ref` targets (Kubernetes refers to the same few hundreds of times).
    pub params_by_ref: HashMap<String, Parameter>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(doc: &'a Document, book: &'a NameBook, schemas: Schemas) -> Self {
        Ctx { doc, book, diagnostics: Vec::new(), notes: Vec::new(), schemas, params_by_ref: HashMap::new() }
    }

    pub(crate) fn warn(&mut self, code: &'static str, at: &str, message: String, help: &str) {
        let d = Diagnostic::warning(code, &self.doc.file, Location::Pointer(at.to_owned()), message);
        self.diagnostics.push(d.with_help(help));
    }

    pub(crate) fn error(&mut self, code: &'static str, at: &str, message: String, help: &str) {
        let d = Diagnostic::error(code, &self.doc.file, Location::Pointer(at.to_owned()), message);
        self.diagnostics.push(d.with_help(help));
    }

    pub(crate) fn note(&mut self, subject: &str, at: &str, text: String) {
        self.notes.push(Note { subject: subject.to_owned(), pointer: at.to_owned(), text });
    }
}
