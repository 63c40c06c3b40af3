//! Printing: tokens → text with prettyplease, the parallel printing of [`crate::emit`], and the splicing of printed
//! pieces into the blocks they belong to.

use crate::client::{client_items, emit_blocking};
use crate::doc;
use crate::method::{emit_method, emit_op_types};
use crate::names::TopNames;
use crate::types::{self, Needs};
use crate::uses::{emit_imports, Uses};
use proc_macro2::TokenStream;
use quote::quote;
use swagen_ir::Api;

/// Options for emission.
#[derive(Clone, Debug)]
pub struct Options {
    /// The spec as named in the `@generated` header (e.g. `specs/livechat.yaml`).
    pub source: String,
    /// The swagen version named in the header.
    pub generator_version: String,
    /// Also emit `blocking::Client`, a synchronous client over the async one.
    pub blocking: bool,
}

/// Errors from emission. These are generator bugs, never input problems: the IR is valid by construction.
#[derive(Debug)]
pub struct EmitError(pub String);

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal error: the generated code does not parse ({}); please report this with the spec", self.0)
    }
}

impl std::error::Error for EmitError {}

/// How many items [`emit`] prints at a time.
const BATCH: usize = 64;

/// A piece of [`emit`]'s work.
enum Work {
    /// The client and the blocking client without their methods ([`ClientShell`]).
    Client,
    /// Methods of both clients.
    Methods(std::ops::Range<usize>),
    OpTypes(std::ops::Range<usize>),
    Models(std::ops::Range<usize>),
}

/// What one of [`emit`]'s threads printed: `(piece index, text)`, and what the pieces used.
#[derive(Default)]
struct Done {
    texts: Vec<(usize, String)>,
    /// The blocking client's methods, by piece.
    blocking: Vec<(usize, String)>,
    shell: Option<ClientShell>,
    uses: Uses,
    needs: Needs,
}

impl Done {
    /// What both threads printed, the pieces in work order.
    fn merge(mut self, other: Done) -> Done {
        self.uses.items.extend(other.uses.items);
        self.uses.btree_map |= other.uses.btree_map;
        self.needs.merge(&other.needs);
        self.shell = self.shell.or(other.shell);
        self.texts.extend(other.texts);
        self.texts.sort_by_key(|(i, _)| *i);
        self.blocking.extend(other.blocking);
        self.blocking.sort_by_key(|(i, _)| *i);
        self
    }
}

/// The client printed without its methods and split where they go: `open` ends inside `impl Client {`, `close`
/// closes it and holds what follows (`impl Default`). The same for the blocking module (empty when it is off),
/// whose methods go inside its own `impl Client {`, two blocks deep.
#[derive(Default)]
struct ClientShell {
    open: String,
    close: String,
    blocking_open: String,
    blocking_close: String,
}

/// See [`crate::emit`].
pub(crate) fn emit(api: &Api, options: &Options) -> Result<String, EmitError> {
    let work = work_list(api);
    let done = print_in_parallel(api, options, &work)?;
    assemble(api, options, &work, done)
}

/// The work, in output order: the client without its methods, batches of methods, batches of operation types,
/// batches of models.
fn work_list(api: &Api) -> Vec<Work> {
    let batches = |len: usize| (0..len).step_by(BATCH).map(move |i| i..(i + BATCH).min(len));
    let mut work = vec![Work::Client];
    work.extend(batches(api.operations.len()).map(Work::Methods));
    work.extend(batches(api.operations.len()).map(Work::OpTypes));
    work.extend(batches(api.models.len()).map(Work::Models));
    work
}

/// Prints every piece of `work` on two new threads, which take the next piece from a shared counter, so neither
/// waits on the other.
fn print_in_parallel(api: &Api, options: &Options, work: &[Work]) -> Result<Done, EmitError> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || -> Result<Done, EmitError> {
        let _splicing = doc::Splicing::start();
        let names = TopNames::new(api);
        let mut done = Done::default();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(piece) = work.get(i) else { return Ok(done) };
            print_piece(api, &names, options.blocking, (i, piece), &mut done)?;
        }
    };
    // Both workers are new threads, not this one plus one: with glibc's malloc (what a `build.rs` gets), this
    // thread's heap is full of the chunks the loaded document just freed, and allocating among them grew faster
    // than the spec (Kubernetes ×16 in process: 5.9–7.5 s with this thread printing, 4.8 s without; BENCHMARKS.md).
    let (mine, theirs) = std::thread::scope(|scope| {
        let mine = scope.spawn(worker);
        let theirs = scope.spawn(worker);
        (mine.join(), theirs.join())
    });
    let mine = mine.map_err(|_| EmitError("a printing thread stopped".to_owned()))?;
    let theirs = theirs.map_err(|_| EmitError("a printing thread stopped".to_owned()))?;
    Ok(mine?.merge(theirs?))
}

/// Prints piece `i` of the work into `done`.
fn print_piece(
    api: &Api,
    names: &TopNames,
    blocking: bool,
    (i, piece): (usize, &Work),
    done: &mut Done,
) -> Result<(), EmitError> {
    let text = match piece {
        Work::Client => {
            done.shell = Some(print_client_shell(api, &mut done.uses, blocking)?);
            return Ok(());
        }
        Work::Methods(range) => {
            let (methods, blocking_methods): (Vec<TokenStream>, Vec<TokenStream>) = api.operations[range.clone()]
                .iter()
                .zip(&names.ops[range.clone()])
                .map(|(op, n)| emit_method(op, n, &mut done.uses, blocking))
                .unzip();
            if blocking {
                let printed = unparse(quote!(mod blocking { impl Client { #(#blocking_methods)* } }))?;
                done.blocking.push((i, block_inner(block_inner(&printed)).to_owned()));
            }
            block_inner(&unparse(quote!(impl Client { #(#methods)* }))?).to_owned()
        }
        Work::OpTypes(range) => {
            let items: Vec<TokenStream> = api.operations[range.clone()]
                .iter()
                .zip(&names.ops[range.clone()])
                .flat_map(|(op, n)| emit_op_types(op, n, &mut done.uses))
                .collect();
            unparse(quote!(#(#items)*))?
        }
        Work::Models(range) => {
            let batch = types::model_batch(&api.models[range.clone()], &mut done.needs);
            block_inner(&unparse(batch)?).to_owned()
        }
    };
    done.texts.push((i, text));
    Ok(())
}

/// The module, in order, as pieces of text copied once, into the output. The client, the blocking client and the
/// `types` module are printed without their items and split where the printed batches go.
fn assemble(api: &Api, options: &Options, work: &[Work], done: Done) -> Result<String, EmitError> {
    let client = done.shell.unwrap_or_default();
    // The runtime value types the models use are re-exported beside those the client's own code uses.
    let mut uses = done.uses;
    uses.items.extend(done.needs.runtime.iter().copied());
    let imports = unparse(emit_imports(&uses))?;
    let shell = match types::types_head(&api.models, &done.needs) {
        Some(head) => unparse(head)?,
        None => String::new(),
    };
    let texts = &done.texts;
    let of = |kind: fn(&Work) -> bool| -> Vec<&str> {
        texts.iter().filter(|(i, _)| work.get(*i).is_some_and(kind)).map(|(_, t)| t.as_str()).collect()
    };
    let models: Vec<&str> = of(|w| matches!(w, Work::Models(_))).into_iter().filter(|t| !t.is_empty()).collect();
    let (open, close) = if models.is_empty() { (shell.as_str().into(), String::new()) } else { open_block(&shell) };
    let mut parts: Vec<&str> = vec![&imports, &client.open];
    parts.extend(of(|w| matches!(w, Work::Methods(_))));
    parts.push(&client.close);
    parts.extend(of(|w| matches!(w, Work::OpTypes(_))));
    parts.push(&client.blocking_open);
    parts.extend(done.blocking.iter().map(|(_, t)| t.as_str()));
    parts.push(&client.blocking_close);
    parts.push(&open);
    parts.extend(models);
    parts.push(&close);
    Ok(finish_parts(&parts, options))
}

fn print_client_shell(api: &Api, uses: &mut Uses, blocking: bool) -> Result<ClientShell, EmitError> {
    let (client, default_impl) = client_items(api, uses, &[]);
    let printed = unparse(client)?;
    let (open, close) = open_block(&printed);
    let mut shell = ClientShell { open: open.into_owned(), close, ..ClientShell::default() };
    shell.close.push_str(&unparse(default_impl)?);
    if blocking {
        // `pub mod blocking { … impl Client { … } }`: its methods go inside the `impl`, the module's last item.
        let printed = unparse(emit_blocking(api, &[]))?;
        let (module, module_close) = open_block(&printed);
        let (open, close) = open_block(&module);
        shell.blocking_open = open.into_owned();
        shell.blocking_close = close + &module_close;
    }
    Ok(shell)
}

/// Parses tokens as a file and prints them with prettyplease.
pub(crate) fn unparse(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError(e.to_string()))?;
    Ok(doc::splice(prettyplease::unparse(&file)))
}

/// The lines inside a printed block (`mod batch {` … `}`): what is between its first line and its closing line.
/// The closing line goes with its indentation, so the inner lines of a nested block are
/// `block_inner(block_inner(..))`.
pub(crate) fn block_inner(printed: &str) -> &str {
    let Some(open) = printed.find("{\n") else { return "" };
    let body = &printed[open + 2..];
    body.trim_end_matches('\n').rfind('\n').map_or("", |end| &body[..=end])
}

/// A printed block (`…{` … `}` or `…{}`) split where lines go in: everything before its closing line, and that
/// line (`}\n`, indented as the block is). Lines put between the two halves read as the block's items; the first
/// half of a block whose last item is a block can be split again.
pub(crate) fn open_block(printed: &str) -> (std::borrow::Cow<'_, str>, String) {
    let trimmed = printed.trim_end_matches('\n');
    let last = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let line = &trimmed[last..];
    let indent = &line[..line.len() - line.trim_start().len()];
    match trimmed.strip_suffix("{}") {
        Some(open) => (format!("{open}{{\n").into(), format!("{indent}}}\n")),
        None => (trimmed[..last].into(), format!("{line}\n")),
    }
}

/// The printed module with blank lines between items and the `@generated` header.
pub(crate) fn finish(printed: String, options: &Options) -> String {
    finish_parts(&[&printed], options)
}

/// [`finish`] for a module printed in pieces (each a run of whole lines), copied once into the output.
fn finish_parts(parts: &[&str], options: &Options) -> String {
    let source = options.source.replace(['\n', '\r'], " ");
    let header = format!("// @generated by swagen {} from {source}; do not edit\n\n", options.generator_version);
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = String::with_capacity(header.len() + len + len / 16);
    out.push_str(&header);
    space_items(parts.iter().flat_map(|p| p.lines()), &mut out);
    out
}

/// prettyplease puts items back to back; a blank line between items (not between fields or statements)
/// makes the module read like hand-written code. Deterministic: depends only on the printed text.
fn space_items<'a>(lines: impl Iterator<Item = &'a str>, out: &mut String) {
    let mut prev = "";
    for line in lines {
        let cur = line.trim_start();
        let starts_item = ["///", "#[", "pub ", "impl ", "impl<", "fn ", "struct ", "enum ", "const ", "use "]
            .iter()
            .any(|p| cur.starts_with(p));
        let prev_ends_item = prev == "}"
            || (prev.ends_with(';')
                && (prev.starts_with("pub const ")
                    || prev.starts_with("pub type ")
                    || prev.starts_with("use ")
                    || prev == "};"));
        let use_after_use = cur.starts_with("use ") && prev.starts_with("use ");
        if starts_item && prev_ends_item && !use_after_use {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = cur;
    }
}
