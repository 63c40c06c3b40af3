//! Lowering: [`swagen_spec::Document`] → [`Api`], with the repair and normalisation passes.
//!
//! The passes, in order, each over one `Ctx` (the document, what was reported, the models so far):
//!
//! 1. `checks`: every `$ref` checked, the lints (`crate::lint`) and the parameter lists; report-only, on a
//!    second thread;
//! 2. `crate::schema`: every definition lowered to a model; `polymorphic`: a definition with a `discriminator` and
//!    subtypes becomes a tagged enum over them;
//! 3. `paths`: pins read and path keys normalised, then each path item's operations lowered (`operation`):
//!    parameters resolved, deduplicated and their locations repaired (`params`), indexed form fields merged
//!    (`indexed`), path parameters put in route order, the body's and the answers' encodings read from
//!    `consumes`/`produces` (`consumes`), responses sorted (`responses`);
//! 4. `headers`: header parameters every operation carries lifted to client settings;
//! 5. `settings`: security schemes (and later the base URL) as client settings;
//! 6. `names`: operations named and the names made unique; `clash`: route clashes reported;
//! 7. `typing`: body and response schemas typed, inline models named after their operation.
//!
//! Every repair is a warning [`Diagnostic`] with a JSON pointer; every decision is a [`Note`] for `swagen explain`.

mod checks;
mod choices;
mod clash;
mod consumes;
mod headers;
mod indexed;
mod names;
mod operation;
mod params;
mod paths;
mod polymorphic;
mod record;
mod responses;
mod settings;
mod typing;
mod watch;

pub use crate::naming::safe_snake;
pub use paths::path_inputs;
pub use settings::CLIENT_METHODS;

use crate::ctx::Ctx;
use crate::ir::*;
use crate::models::Schemas;
use crate::namebook::NameBook;
use crate::normalise::NormalisedPath;
use crate::schema::{fix_recursion, lower_definitions};
use swagen_spec::{Diagnostic, Document};

/// The result of lowering: the API (usable even when there are errors, e.g. for `explain`), what was
/// repaired or is wrong, and every decision taken.
#[derive(Clone, Debug)]
pub struct Lowered {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<Note>,
    pub routes: Vec<NormalisedPath>,
    /// Every name given that depends on more than its item, for the names file: lowering the next version of the
    /// spec with this book keeps them.
    pub names: NameBook,
}

impl Lowered {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Lowers a loaded document, naming everything fresh.
pub fn lower(doc: &Document) -> Lowered {
    lower_with(doc, &NameBook::new())
}

/// Lowers a loaded document, keeping the names `book` records (a names file) and naming only new items fresh.
///
/// The checks that only report (references, lints, parameter lists) walk the raw document on a second thread while
/// this one lowers; their diagnostics are put where they would be had they run first, so the order is the same.
pub fn lower_with(doc: &Document, book: &NameBook) -> Lowered {
    std::thread::scope(|scope| {
        let checks = std::thread::Builder::new().spawn_scoped(scope, || checks::run(doc));
        let mut lowered = lower_rest(doc, book);
        let (diagnostics, notes) = match checks {
            Ok(running) => running.join().unwrap_or_else(|_| checks::run(doc)),
            // No thread to be had: the same checks here.
            Err(_) => checks::run(doc),
        };
        let mut all = doc.warnings.clone();
        all.extend(diagnostics);
        all.append(&mut lowered.diagnostics);
        lowered.diagnostics = locate(doc, all);
        lowered.notes.splice(0..0, notes);
        lowered
    })
}

/// Diagnostics about the document's own file get the line and column of their pointer.
fn locate(doc: &Document, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    match &doc.source {
        Some(source) if !diagnostics.is_empty() => {
            let locator = swagen_spec::locate::Locator::new(source, doc.format);
            diagnostics.into_iter().map(|d| if d.file == doc.file { d.locate_with(&locator) } else { d }).collect()
        }
        _ => diagnostics,
    }
}

/// Everything of [`lower`] but the report-only checks; its diagnostics are not located yet, and the loader's are
/// not among them.
fn lower_rest(doc: &Document, book: &NameBook) -> Lowered {
    let spec = &doc.spec;
    let mut cx = Ctx::new(doc, book, Schemas::new(&spec.definitions, &doc.raw, book));
    lower_definitions(&mut cx);
    polymorphic::tag_polymorphic_definitions(&mut cx);
    let routes = paths::normalise_routes(&mut cx);
    let (mut operations, pending) = paths::lower_paths(&mut cx, &routes);

    let client_headers = headers::lift_client_headers(&mut cx, &mut operations);
    let security = settings::security_schemes(&mut cx, &client_headers);
    let mut taken: Vec<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    taken.extend(client_headers.iter().map(|h| h.name.clone()));
    taken.extend(security.iter().map(|s| s.name.clone()));
    names::name_operations(&mut cx, &mut operations, &routes, &taken);
    clash::report_clashes(&mut cx, &operations);
    choices::name_choices(&mut operations, book);
    typing::type_operation_schemas(&mut cx, &mut operations, pending);
    watch::watch_variants(&mut operations, &cx.schemas.models, book, &mut taken.iter().cloned().collect());

    let base_url = settings::base_url(&mut cx);
    let mut models = std::mem::take(&mut cx.schemas.models);
    let inline_keys = std::mem::take(&mut cx.schemas.inline_keys);
    fix_recursion(&mut models);
    let api = Api {
        title: spec.info.title.clone(),
        description: spec.info.description.clone().filter(|d| !d.trim().is_empty()),
        version: spec.info.version.clone(),
        base_url,
        client_headers,
        security,
        operations,
        models,
    };
    let names = record::record(&api, &routes, &inline_keys);
    Lowered { api, diagnostics: cx.diagnostics, notes: cx.notes, routes, names }
}
