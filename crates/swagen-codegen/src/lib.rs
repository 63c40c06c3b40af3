//! Emits a Rust client module from swagen's IR.
//!
//! IR → `proc_macro2::TokenStream` (built with `quote`) → `syn::File` → `prettyplease`. One formatter for every
//! mode (checked-in file, `build.rs` output, snapshot), so output is the same wherever it is produced.
//! The emitted module contains no inner attributes, so it can be `include!`d from `OUT_DIR`.

mod doc;
mod names;
mod types;

pub use names::{type_ident, value_ident};

use doc::doc_attrs;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use swagen_ir::{
    Api, Body, CollectionFormat, Format, Operation, Param, ParamLocation, RoutePart, SecurityKind, Status, Type,
};
use types::{complexity_allow, emit_types, rust_type as rust_type_in, Needs, Scope};

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

/// Emits the client module as formatted source text.
///
/// Two new threads share the work, taking pieces from a shared counter (token streams cannot cross threads, so
/// each builds its own from the IR): the client and the blocking client without their methods, then the methods,
/// the per-operation types and the models, 64 (`BATCH`) items at a time, so only a batch of tokens and syntax tree is
/// alive at once on each. Printing items apart gives the same text as printing them together (prettyplease prints
/// each item on its own), so the bytes are those of `format_tokens(emit_tokens_with(api, blocking))`; the `use`
/// lines, which depend on everything, come last.
pub fn emit(api: &Api, options: &Options) -> Result<String, EmitError> {
    // The work, in output order: the client without its methods, batches of methods, batches of operation types,
    // batches of models. Both threads take the next piece from a shared counter, so neither waits on the other.
    let batches = |len: usize| (0..len).step_by(BATCH).map(move |i| i..(i + BATCH).min(len));
    let mut work = vec![Work::Client];
    work.extend(batches(api.operations.len()).map(Work::Methods));
    work.extend(batches(api.operations.len()).map(Work::OpTypes));
    work.extend(batches(api.models.len()).map(Work::Models));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || -> Result<Done, EmitError> {
        let _splicing = doc::Splicing::start();
        let names = TopNames::new(api);
        let mut done = Done::default();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(piece) = work.get(i) else { return Ok(done) };
            let text = match piece {
                Work::Client => {
                    done.shell = Some(print_client_shell(api, &mut done.uses, options.blocking)?);
                    continue;
                }
                Work::Methods(range) => {
                    let (methods, blocking): (Vec<TokenStream>, Vec<TokenStream>) = api.operations[range.clone()]
                        .iter()
                        .zip(&names.ops[range.clone()])
                        .map(|(op, n)| emit_method(op, n, &mut done.uses, options.blocking))
                        .unzip();
                    if options.blocking {
                        let printed = unparse(quote!(mod blocking { impl Client { #(#blocking)* } }))?;
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
                Work::Models(range) => types::print_model_batch(&api.models[range.clone()], &mut done.needs, unparse)?,
            };
            done.texts.push((i, text));
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
    let (mut a, b) = (mine?, theirs?);
    a.uses.items.extend(b.uses.items);
    a.uses.btree_map |= b.uses.btree_map;
    a.needs.merge(&b.needs);
    let client = a.shell.take().or(b.shell).unwrap_or_default();
    let mut texts = a.texts;
    texts.extend(b.texts);
    texts.sort_by_key(|(i, _)| *i);
    let mut blocking = a.blocking;
    blocking.extend(b.blocking);
    blocking.sort_by_key(|(i, _)| *i);
    // The module, in order, as pieces of text copied once, into the output. The client, the blocking client and
    // the `types` module are printed without their items and split where the printed batches go.
    let imports = unparse(emit_imports(&a.uses))?;
    let shell = types::print_types_head(&api.models, &a.needs, unparse)?;
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
    parts.extend(blocking.iter().map(|(_, t)| t.as_str()));
    parts.push(&client.blocking_close);
    parts.push(&open);
    parts.extend(models);
    parts.push(&close);
    Ok(finish_parts(&parts, options))
}

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

/// How many items [`emit`] prints at a time.
const BATCH: usize = 64;

/// Parses and pretty-prints tokens, with the `@generated` header. The single formatter.
pub fn format_tokens(tokens: TokenStream, options: &Options) -> Result<String, EmitError> {
    Ok(finish(unparse(tokens)?, options))
}

/// Parses tokens as a file and prints them with prettyplease.
fn unparse(tokens: TokenStream) -> Result<String, EmitError> {
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
fn finish(printed: String, options: &Options) -> String {
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
            || (prev.ends_with(';') && (prev.starts_with("pub const ") || prev.starts_with("use ") || prev == "};"));
        let use_after_use = cur.starts_with("use ") && prev.starts_with("use ");
        if starts_item && prev_ends_item && !use_after_use {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = cur;
    }
}

/// Tracks which runtime items the module uses, so it imports exactly those.
#[derive(Default)]
struct Uses {
    items: BTreeSet<&'static str>,
    btree_map: bool,
}

impl Uses {
    fn note(&mut self, item: &'static str) -> TokenStream {
        self.items.insert(item);
        let ident = format_ident!("{}", item.rsplit("::").next().unwrap_or(item));
        quote!(#ident)
    }
}

/// Builds the module's tokens.
pub fn emit_tokens(api: &Api) -> TokenStream {
    emit_tokens_with(api, false)
}

/// Builds the module's tokens; `blocking` adds the `blocking` module.
pub fn emit_tokens_with(api: &Api, blocking: bool) -> TokenStream {
    let mut tokens = emit_head(api, blocking);
    tokens.extend(emit_types(&api.models));
    tokens
}

/// Everything but the `types` module (which comes last): imports, the client, the per-operation types, the
/// blocking client.
fn emit_head(api: &Api, blocking: bool) -> TokenStream {
    let mut uses = Uses::default();
    let names = TopNames::new(api);
    let (client, blocking_mod) = emit_client(api, &names, &mut uses, blocking);
    let params: Vec<TokenStream> =
        api.operations.iter().zip(&names.ops).flat_map(|(op, n)| emit_op_types(op, n, &mut uses)).collect();
    let imports = emit_imports(&uses);
    quote! {
        #imports
        #client
        #(#params)*
        #blocking_mod
    }
}

/// An operation's own types: its params struct, response enum and error enum (those it needs).
fn emit_op_types(op: &Operation, n: &OpNames, uses: &mut Uses) -> Vec<TokenStream> {
    let mut out = Vec::new();
    out.extend(emit_params_struct(op, n, uses));
    out.extend(emit_response_enum(op, n, uses));
    out.extend(emit_error_enum(op, n, uses));
    out
}

/// The `use` lines for what the module used.
fn emit_imports(uses: &Uses) -> TokenStream {
    let items = uses.items.iter().map(|i| {
        let path: syn::Path = syn::parse_str(i).unwrap_or_else(|_| syn::parse_quote!(Error));
        quote!(#path)
    });
    let map = if uses.btree_map {
        quote!(
            use std::collections::BTreeMap;
        )
    } else {
        TokenStream::new()
    };
    quote! {
        #map
        use swagen_runtime::{#(#items),*};
    }
}

/// The `Client` struct, its methods (one per operation) and `Default`; and the blocking module when asked.
fn emit_client(api: &Api, names: &TopNames, uses: &mut Uses, blocking: bool) -> (TokenStream, TokenStream) {
    let (ops, blocking_ops): (Vec<TokenStream>, Vec<TokenStream>) =
        api.operations.iter().zip(&names.ops).map(|(op, n)| emit_method(op, n, uses, blocking)).unzip();
    let blocking_mod = if blocking { emit_blocking(api, &blocking_ops) } else { TokenStream::new() };
    let (client, default_impl) = client_items(api, uses, &ops);
    (quote!(#client #default_impl), blocking_mod)
}

/// `struct Client` with `impl Client` (its methods are `ops`), and `impl Default` when the spec gives a base URL.
fn client_items(api: &Api, uses: &mut Uses, ops: &[TokenStream]) -> (TokenStream, TokenStream) {
    let config_ty = uses.note("Config");
    let security_setters: Vec<TokenStream> = api.security.iter().filter_map(|s| security_setter(s, uses)).collect();

    let title =
        if api.version.is_empty() { api.title.clone() } else { format!("{} (version {})", api.title, api.version) };
    let client_doc =
        doc_attrs([format!("Client for the {title}.").as_str(), api.description.as_deref().unwrap_or_default()]);

    let (base_url_items, default_impl) = match &api.base_url {
        Some(url) => {
            let doc = format!(" The base URL the spec gives: `{url}`.");
            (
                quote! {
                    #[doc = #doc]
                    pub const DEFAULT_BASE_URL: &'static str = #url;

                    /// A client for [`Client::DEFAULT_BASE_URL`], with no auth.
                    pub fn new() -> Self {
                        Self::with_config(#config_ty::new(Self::DEFAULT_BASE_URL))
                    }
                },
                quote! {
                    impl Default for Client {
                        fn default() -> Self {
                            Self::new()
                        }
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };

    let defaults: Vec<TokenStream> = api
        .client_headers
        .iter()
        .filter_map(|h| {
            let value = h.default.as_ref()?;
            let wire = &h.wire_name;
            Some(quote! {
                if !config.has_header(#wire) {
                    config.set_header(#wire, #value);
                }
            })
        })
        .collect();
    let with_config = if defaults.is_empty() {
        quote! {
            /// A client with this configuration (base URL, auth, headers, HTTP client).
            pub fn with_config(config: #config_ty) -> Self {
                Self { config }
            }
        }
    } else {
        let names: Vec<String> = api
            .client_headers
            .iter()
            .filter_map(|h| h.default.as_ref().map(|d| doc::code(&format!("{}: {d}", h.wire_name))))
            .collect();
        let doc = format!(
            " A client with this configuration (base URL, auth, headers, HTTP client). Unless the configuration sets them, it sends {}, the spec's defaults.",
            names.join(", ")
        );
        quote! {
            #[doc = #doc]
            pub fn with_config(mut config: #config_ty) -> Self {
                #(#defaults)*
                Self { config }
            }
        }
    };
    let header_setters = api.client_headers.iter().map(|h| {
        let ident = value_ident(&h.name);
        let wire = &h.wire_name;
        let first = format!("Sets the `{wire}` header, sent on every request.");
        let docs = doc_attrs([first.as_str(), h.description.as_deref().unwrap_or_default()]);
        quote! {
            #docs
            pub fn #ident(mut self, value: impl Into<String>) -> Self {
                self.config.set_header(#wire, value);
                self
            }
        }
    });

    let client = quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            config: #config_ty,
        }

        impl Client {
            #base_url_items

            /// A client for another base URL (e.g. a test server), with no auth.
            pub fn with_base_url(base_url: impl Into<String>) -> Self {
                Self::with_config(#config_ty::new(base_url))
            }

            #with_config

            /// The configuration in use.
            pub fn config(&self) -> &#config_ty {
                &self.config
            }

            /// Authenticates with HTTP Basic auth (a login and an API key or password).
            pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.config = self.config.basic_auth(username, password);
                self
            }

            /// Authenticates with a bearer token (e.g. an OAuth 2.0 access token).
            pub fn bearer_auth(mut self, token: impl Into<String>) -> Self {
                self.config = self.config.bearer_auth(token);
                self
            }

            /// Sends this header on every request.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.config.set_header(name, value);
                self
            }

            #(#header_setters)*

            #(#security_setters)*

            #(#ops)*
        }
    };
    (client, default_impl)
}

/// `blocking::Client`: the async client's calls, each run to completion on a private runtime.
fn emit_blocking(api: &Api, methods: &[TokenStream]) -> TokenStream {
    let doc =
        format!(" A blocking client for the {}: each call runs [`super::Client`]'s call to completion.", api.title);
    quote! {
        /// A synchronous client over the async one, for programs without an async runtime. Do not use it from async
        /// code: a call blocks its thread until the answer arrives.
        pub mod blocking {
            use super::*;
            use std::sync::Arc;
            use swagen_runtime::blocking::Runtime;

            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct Client {
                inner: super::Client,
                runtime: Arc<Runtime>,
            }

            impl Client {
                /// Wraps an async client. Fails only when the runtime cannot start (no threads or file descriptors
                /// left).
                pub fn new(inner: super::Client) -> std::io::Result<Self> {
                    Ok(Self { inner, runtime: Arc::new(Runtime::new()?) })
                }

                /// The async client inside.
                pub fn inner(&self) -> &super::Client {
                    &self.inner
                }

                #(#methods)*
            }
        }
    }
}

/// The names of the items generated for each operation, unique in the client module.
struct TopNames {
    ops: Vec<OpNames>,
}

struct OpNames {
    params: proc_macro2::Ident,
    response: proc_macro2::Ident,
    error: proc_macro2::Ident,
}

impl TopNames {
    fn new(api: &Api) -> TopNames {
        let mut used: BTreeSet<String> = [
            "Client",
            "Config",
            "Error",
            "ResponseValue",
            "Method",
            "CollectionFormat",
            "Value",
            "FilePart",
            "ApiKeyIn",
            "BTreeMap",
            "StatusCode",
            "types",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let mut unique = |base: proc_macro2::Ident| {
            let base = base.to_string();
            let mut name = base.clone();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            used.insert(name.clone());
            format_ident!("{}", name)
        };
        let ops = api
            .operations
            .iter()
            .map(|op| OpNames {
                params: unique(type_ident(&op.name, "Params")),
                response: unique(type_ident(&op.name, "Response")),
                error: unique(type_ident(&op.name, "Error")),
            })
            .collect();
        TopNames { ops }
    }
}

fn security_setter(s: &swagen_ir::SecurityScheme, uses: &mut Uses) -> Option<TokenStream> {
    let (location, wire, place) = match &s.kind {
        SecurityKind::ApiKeyHeader(w) => ("Header", w, "header"),
        SecurityKind::ApiKeyQuery(w) => ("Query", w, "query parameter"),
        SecurityKind::Basic | SecurityKind::OAuth2 => return None,
    };
    let ident = value_ident(&s.name);
    let key_in = uses.note("ApiKeyIn");
    let loc = format_ident!("{}", location);
    let first = format!("Sets the API key `{}`, sent as the `{wire}` {place} on every request that uses auth.", s.key);
    let docs = doc_attrs([first.as_str(), s.description.as_deref().unwrap_or_default()]);
    Some(quote! {
        #docs
        pub fn #ident(mut self, key: impl Into<String>) -> Self {
            self.config = self.config.api_key(#key_in::#loc, #wire, key);
            self
        }
    })
}

/// What a successful answer decodes into.
enum Success {
    /// One type for every 2xx status.
    One(Type),
    /// Text or bytes (non-JSON `produces`).
    Text,
    Bytes,
    /// Several 2xx statuses with different types: an enum.
    PerStatus(Vec<(u16, Type)>),
}

fn success_of(op: &Operation) -> Success {
    match op.response_format {
        Format::Text => return Success::Text,
        Format::Bytes => return Success::Bytes,
        Format::Json => {}
    }
    let mut typed: Vec<(u16, Type)> = op
        .responses
        .iter()
        .filter_map(|r| match (r.status, &r.ty) {
            (Status::Code(c), Some(t)) if r.status.is_success() => Some((c, t.clone())),
            _ => None,
        })
        .collect();
    if typed.is_empty() && !op.responses.iter().any(|r| r.status.is_success()) {
        if let Some(t) = op.responses.iter().find(|r| r.status == Status::Default).and_then(|r| r.ty.clone()) {
            return Success::One(t);
        }
    }
    let mut distinct: Vec<&Type> = typed.iter().map(|(_, t)| t).collect();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    let no_content = |r: &&swagen_ir::Response| matches!(r.status, Status::Code(204 | 205));
    let successes: Vec<&swagen_ir::Response> = op.responses.iter().filter(|r| r.status.is_success()).collect();
    match distinct.len() {
        // Only "no content" answers: nothing to decode.
        0 if !successes.is_empty() && successes.iter().all(no_content) => Success::One(Type::Unit),
        0 => Success::One(Type::Json),
        1 => Success::One(typed.remove(0).1),
        _ => Success::PerStatus(typed),
    }
}

/// What an error answer's body decodes into.
enum Failure {
    One(Type),
    PerStatus(Vec<(Status, Type)>),
}

fn failure_of(op: &Operation) -> Failure {
    let has_success = op.responses.iter().any(|r| r.status.is_success());
    let typed: Vec<(Status, Type)> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success() && (r.status != Status::Default || has_success))
        .filter_map(|r| r.ty.clone().filter(|t| *t != Type::Bytes).map(|t| (r.status, t)))
        .collect();
    let mut distinct: Vec<&Type> = typed.iter().map(|(_, t)| t).collect();
    distinct.sort();
    distinct.dedup();
    match distinct.len() {
        0 => Failure::One(Type::Json),
        1 => Failure::One(typed[0].1.clone()),
        _ => Failure::PerStatus(typed),
    }
}

fn status_variant(status: Status) -> proc_macro2::Ident {
    match status {
        Status::Code(c) => format_ident!("Status{}", c),
        Status::Default => format_ident!("Default"),
    }
}

/// A doc link to the operation's method: ``[`Client::name`]``. rustdoc reads the `#` of a raw identifier as an
/// anchor, so `r#try` is linked as ``[`Client::r#try`](Client::try)``, which rustdoc resolves to the method.
fn method_link(op: &Operation) -> String {
    let method = value_ident(&op.name).to_string();
    match method.strip_prefix("r#") {
        Some(bare) => format!("[`Client::{method}`](Client::{bare})"),
        None => format!("[`Client::{method}`]"),
    }
}

fn emit_response_enum(op: &Operation, names: &OpNames, uses: &mut Uses) -> Option<TokenStream> {
    let Success::PerStatus(list) = success_of(op) else { return None };
    let ident = &names.response;
    let doc = format!(" A successful answer of {}, by status.", method_link(op));
    let variants: Vec<TokenStream> = list
        .iter()
        .map(|(c, t)| {
            let v = status_variant(Status::Code(*c));
            let ty = rust_type(t, uses);
            let d = format!(" Status {c}.");
            quote!(#[doc = #d] #v(#ty),)
        })
        .collect();
    let json_body = uses.note("json_body");
    let arms = list.iter().map(|(c, _)| {
        let v = status_variant(Status::Code(*c));
        let lit = proc_macro2::Literal::u16_unsuffixed(*c);
        quote!(#lit => #json_body(status, body).map(#ident::#v),)
    });
    let value = rust_type(&Type::Json, uses);
    let status_code = uses.note("StatusCode");
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #ident {
            #(#variants)*
            /// A 2xx status the spec does not list.
            Other(#value),
        }

        impl #ident {
            /// Decodes a body by its status.
            pub fn decode(status: #status_code, body: &[u8]) -> Result<Self, String> {
                match status.as_u16() {
                    #(#arms)*
                    _ => #json_body(status, body).map(#ident::Other),
                }
            }
        }
    })
}

fn emit_error_enum(op: &Operation, names: &OpNames, uses: &mut Uses) -> Option<TokenStream> {
    let Failure::PerStatus(list) = failure_of(op) else { return None };
    let ident = &names.error;
    let doc = format!(" The documented error bodies of {}, by status.", method_link(op));
    let variants: Vec<TokenStream> = list
        .iter()
        .map(|(s, t)| {
            let v = status_variant(*s);
            let ty = rust_type(t, uses);
            let d = match s {
                Status::Code(c) => format!(" Status {c}."),
                Status::Default => " Any other error status.".to_owned(),
            };
            quote!(#[doc = #d] #v(#ty),)
        })
        .collect();
    let json_error = uses.note("json_error");
    let mut has_default = false;
    let arms: Vec<TokenStream> = list
        .iter()
        .map(|(s, _)| {
            let v = status_variant(*s);
            match s {
                Status::Code(c) => {
                    let lit = proc_macro2::Literal::u16_unsuffixed(*c);
                    quote!(#lit => #json_error(status, body).map(#ident::#v),)
                }
                Status::Default => {
                    has_default = true;
                    quote!(_ => #json_error(status, body).map(#ident::#v),)
                }
            }
        })
        .collect();
    let fallback = if has_default { TokenStream::new() } else { quote!(_ => None,) };
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #ident {
            #(#variants)*
        }

        impl #ident {
            /// Decodes an error body by its status; `None` when it is not the documented type.
            pub fn decode(status: u16, body: &[u8]) -> Option<Self> {
                match status {
                    #(#arms)*
                    #fallback
                }
            }
        }
    })
}

fn rust_type(ty: &Type, uses: &mut Uses) -> TokenStream {
    let mut needs = Needs::default();
    let out = rust_type_in(ty, Scope::Client, &mut needs);
    if needs.value {
        uses.note("serde_json::Value");
    }
    uses.btree_map |= needs.btree_map;
    out
}

/// A form field's type: files are [`FilePart`]s (name, content type, bytes).
fn field_type(p: &Param, uses: &mut Uses) -> TokenStream {
    match (&p.ty, p.location) {
        (Type::Bytes, ParamLocation::FormData) => {
            let f = uses.note("FilePart");
            quote!(#f)
        }
        (Type::Array(inner), ParamLocation::FormData) if **inner == Type::Bytes => {
            let f = uses.note("FilePart");
            quote!(Vec<#f>)
        }
        _ => rust_type(&p.ty, uses),
    }
}

/// The path arguments of an operation, as identifiers, avoiding the `params` argument's name and the names
/// clippy's `disallowed_names` refuses for bindings (`foo`, `baz`, `quux`; arguments are positional, so callers
/// never see the `_`).
fn path_arg_ident(p: &Param) -> proc_macro2::Ident {
    const DISALLOWED: [&str; 4] = ["params", "foo", "baz", "quux"];
    if DISALLOWED.contains(&p.name.as_str()) {
        value_ident(&format!("{}_", p.name))
    } else {
        value_ident(&p.name)
    }
}

fn has_params_struct(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location != ParamLocation::Path) || matches!(op.body, Body::Json { .. })
}

fn emit_params_struct(op: &Operation, names: &OpNames, uses: &mut Uses) -> Option<TokenStream> {
    if !has_params_struct(op) {
        return None;
    }
    let ident = &names.params;
    let mut defaultable = true;
    let doc = format!(" Parameters of {}.", method_link(op));
    let mut fields = Vec::new();
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        let name = value_ident(&p.name);
        let ty = field_type(p, uses);
        defaultable &= !p.required || p.ty.has_default();
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
        let place = match p.location {
            ParamLocation::Query => "Query parameter",
            ParamLocation::Header => "Header",
            ParamLocation::FormData => "Form field",
            ParamLocation::Path => "Path parameter",
        };
        let wire = match (p.location, &p.ty, p.collection_format) {
            (_, Type::Array(_), CollectionFormat::Multi) => {
                format!("{place} {}, repeated once per item.", doc::code(&p.wire_name))
            }
            (_, Type::Array(_), f) => {
                format!("{place} {}, items joined ({}).", doc::code(&p.wire_name), format_name(f))
            }
            _ => format!("{place} {}.", doc::code(&p.wire_name)),
        };
        let mut wire = if p.required { format!("{wire} Required.") } else { wire };
        if let Some(empty) = empty_list_wire(p) {
            wire.push_str(&empty);
        }
        if !p.allowed.is_empty() {
            let values: Vec<String> = p.allowed.iter().map(|v| doc::code(v)).collect();
            wire.push_str(&format!(" One of {}.", values.join(", ")));
        }
        if let Some(d) = &p.default {
            wire.push_str(&format!(" The server assumes {} when it is absent.", doc::code(d)));
        }
        let docs = doc_attrs([p.description.as_deref().unwrap_or_default(), wire.as_str()]);
        fields.push(quote! { #docs pub #name: #ty, });
    }
    if let Body::Json { name, ty, required, description, content_type, .. } = &op.body {
        let field = value_ident(name);
        defaultable &= !*required || ty.has_default();
        let ty = rust_type(ty, uses);
        let ty = if *required { ty } else { quote!(Option<#ty>) };
        let what = format!("The request body (`{content_type}`).");
        let docs = doc_attrs([description.as_deref().unwrap_or_default(), what.as_str()]);
        fields.push(quote! { #docs pub #field: #ty, });
    }
    let default = if defaultable { quote!(Default,) } else { TokenStream::new() };
    let field_types = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| (&p.ty, !p.required));
    let body_type = match &op.body {
        Body::Json { ty, required, .. } => Some((ty, !*required)),
        _ => None,
    };
    let allow = complexity_allow(field_types.chain(body_type));
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, #default PartialEq)]
        #allow
        pub struct #ident {
            #(#fields)*
        }
    })
}

/// What an empty list puts on the wire, and (when the field is optional) what `None` does, for a list parameter
/// outside the path; files are parts that are simply not sent.
fn empty_list_wire(p: &Param) -> Option<String> {
    let Type::Array(inner) = &p.ty else { return None };
    if **inner == Type::Bytes {
        return None;
    }
    let empty = match p.location {
        ParamLocation::Header => " An empty list sends the header with an empty value".to_owned(),
        ParamLocation::Path => return None,
        _ => format!(" An empty list sends {} once", doc::code(&format!("{}=", p.wire_name))),
    };
    Some(if p.required { format!("{empty}.") } else { format!("{empty}; `None` sends nothing.") })
}

fn format_name(f: CollectionFormat) -> &'static str {
    match f {
        CollectionFormat::Csv => "csv: `a,b`",
        CollectionFormat::Ssv => "ssv: `a b`",
        CollectionFormat::Tsv => "tsv: tab-separated",
        CollectionFormat::Pipes => "pipes: `a|b`",
        CollectionFormat::Multi => "multi",
    }
}

fn format_tokens_for(f: CollectionFormat, uses: &mut Uses) -> TokenStream {
    let cf = uses.note("CollectionFormat");
    match f {
        CollectionFormat::Csv => quote!(#cf::Csv),
        CollectionFormat::Ssv => quote!(#cf::Ssv),
        CollectionFormat::Tsv => quote!(#cf::Tsv),
        CollectionFormat::Pipes => quote!(#cf::Pipes),
        CollectionFormat::Multi => quote!(#cf::Multi),
    }
}

/// An operation's method on the async client, and on the blocking client when `blocking` (else nothing).
fn emit_method(op: &Operation, names: &OpNames, uses: &mut Uses, blocking: bool) -> (TokenStream, TokenStream) {
    let name = value_ident(&op.name);
    let route = swagen_ir::route_template(&op.route);

    // Docs: summary, description, the route, the responses.
    let mut route_line = doc::code(&format!("{} {route}", op.method.as_str()));
    if route != op.path_key {
        route_line.push_str(&format!(" (written {} in the spec)", doc::code(&op.path_key)));
    }
    let responses: Vec<String> = op
        .responses
        .iter()
        .map(|r| {
            let code = match r.status {
                Status::Code(c) => c.to_string(),
                Status::Default => "default".to_owned(),
            };
            let desc = one_line(&r.description);
            if desc.is_empty() {
                format!("- {code}")
            } else {
                format!("- {code}: {desc}")
            }
        })
        .collect();
    let responses = if responses.is_empty() { String::new() } else { format!("Responses:\n{}", responses.join("\n")) };
    let path_docs: Vec<String> = op
        .params_in(ParamLocation::Path)
        .map(|p| {
            let ident = path_arg_ident(p);
            let desc = one_line(p.description.as_deref().unwrap_or("path segment"));
            let mut line = format!("- `{}`: {desc}", ident.to_string().trim_start_matches("r#"));
            if let Some(ex) = &p.example {
                line.push_str(&format!(" (example in the spec: `{ex}`)"));
            }
            line
        })
        .collect();
    let path_docs = if path_docs.is_empty() {
        String::new()
    } else {
        format!("Path parameters (percent-encoded):\n{}", path_docs.join("\n"))
    };
    let docs = doc_attrs([
        op.summary.as_deref().unwrap_or_default(),
        op.description.as_deref().unwrap_or_default(),
        route_line.as_str(),
        path_docs.as_str(),
        responses.as_str(),
    ]);
    let mut attrs = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };

    // Arguments.
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for p in op.params_in(ParamLocation::Path) {
        let ident = path_arg_ident(p);
        arg_names.push(ident.clone());
        let ty = match &p.ty {
            Type::String => quote!(&str),
            Type::Array(inner) => {
                let inner = rust_type(inner, uses);
                quote!(&[#inner])
            }
            other => rust_type(other, uses),
        };
        args.push(quote!(#ident: #ty));
    }
    if has_params_struct(op) {
        let ty = &names.params;
        args.push(quote!(params: &#ty));
        arg_names.push(format_ident!("params"));
    }
    if args.len() + 1 > 7 {
        // Many path parameters: positional arguments mirror the route, so keep them.
        attrs.extend(quote!(#[allow(clippy::too_many_arguments)]));
    }

    // The path expression.
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    for part in &op.route {
        match part {
            RoutePart::Literal(l) => fmt.push_str(&l.replace('{', "{{").replace('}', "}}")),
            RoutePart::Param(n) => {
                fmt.push_str("{}");
                let p = op.params.iter().find(|p| p.location == ParamLocation::Path && &p.name == n);
                let ident = p.map(path_arg_ident).unwrap_or_else(|| value_ident(n));
                match p {
                    Some(p) if matches!(p.ty, Type::Array(_)) => {
                        let enc = uses.note("encode_path_value");
                        let join = uses.note("join_list");
                        let f = format_tokens_for(p.collection_format, uses);
                        fmt_args.push(quote!(#enc(#join(#ident, #f))));
                    }
                    Some(p) if p.ty != Type::String => {
                        let enc = uses.note("encode_path_value");
                        fmt_args.push(quote!(#enc(#ident)));
                    }
                    _ => {
                        let enc = uses.note("encode_path_segment");
                        fmt_args.push(quote!(#enc(#ident)));
                    }
                }
            }
        }
    }
    let path_expr = if fmt_args.is_empty() { quote!(#fmt.to_owned()) } else { quote!(format!(#fmt, #(#fmt_args),*)) };

    let method_tok = {
        let m = uses.note("Method");
        let variant = format_ident!("{}", op.method.as_str());
        quote!(#m::#variant)
    };

    let mut chain = Vec::new();
    if let Some(accept) = &op.accept {
        chain.push(quote!(.accept(#accept)));
    }
    if !op.auth {
        chain.push(quote!(.no_auth()));
    }
    for (k, v) in &op.fixed_query {
        chain.push(quote!(.query(#k, #v)));
    }
    for loc in [ParamLocation::Query, ParamLocation::Header] {
        for p in op.params_in(loc) {
            chain.push(param_call(p, uses));
        }
    }
    if matches!(op.body, Body::Form) {
        chain.push(quote!(.form()));
        for p in op.params_in(ParamLocation::FormData) {
            chain.push(param_call(p, uses));
        }
    }
    if matches!(op.body, Body::Multipart) {
        chain.push(quote!(.multipart()));
        for p in op.params_in(ParamLocation::FormData) {
            chain.push(part_call(p, uses));
        }
    }
    if let Body::Json { name, required, format, content_type, .. } = &op.body {
        let field = value_ident(name);
        let default_ct = match format {
            Format::Json => "application/json",
            Format::Text => "text/plain",
            Format::Bytes => "application/octet-stream",
        };
        if content_type != default_ct {
            chain.push(quote!(.content_type(#content_type)));
        }
        chain.push(match (format, required) {
            (Format::Json, true) => quote!(.json(&params.#field)),
            (Format::Json, false) => quote!(.json_opt(params.#field.as_ref())),
            (Format::Text, true) => quote!(.text(&params.#field)),
            (Format::Text, false) => quote!(.text(params.#field.as_deref().unwrap_or_default())),
            (Format::Bytes, true) => quote!(.bytes(&params.#field)),
            (Format::Bytes, false) => quote!(.bytes(params.#field.as_deref().unwrap_or_default())),
        });
    }

    let error = uses.note("Error");
    let response_value = uses.note("ResponseValue");
    let success = success_of(op);
    let failure = failure_of(op);
    let (ok_ty, per_status_ok) = match &success {
        Success::One(t) => (rust_type(t, uses), false),
        Success::Text => (quote!(String), false),
        Success::Bytes => (quote!(Vec<u8>), false),
        Success::PerStatus(_) => {
            let r = &names.response;
            (quote!(#r), true)
        }
    };
    let (err_ty, per_status_err) = match &failure {
        Failure::One(Type::Json) => (TokenStream::new(), false),
        Failure::One(t) => {
            let t = rust_type(t, uses);
            (quote!(<#t>), false)
        }
        Failure::PerStatus(_) => {
            let e = &names.error;
            (quote!(<#e>), true)
        }
    };
    let send = if per_status_ok || per_status_err {
        let ok_fn = match &success {
            Success::PerStatus(_) => {
                let r = &names.response;
                quote!(#r::decode)
            }
            Success::Text => {
                let f = uses.note("text_body");
                quote!(#f)
            }
            Success::Bytes => {
                let f = uses.note("bytes_body");
                quote!(#f)
            }
            Success::One(Type::Unit) => {
                let f = uses.note("unit_body");
                quote!(#f)
            }
            Success::One(_) => {
                let f = uses.note("json_body");
                quote!(#f)
            }
        };
        let err_fn = if per_status_err {
            let e = &names.error;
            quote!(#e::decode)
        } else {
            let f = uses.note("json_error");
            quote!(#f)
        };
        quote!(.send_with(#ok_fn, #err_fn))
    } else {
        match &success {
            Success::Text => quote!(.send_text()),
            Success::Bytes => quote!(.send_bytes()),
            Success::One(Type::Unit) => quote!(.send_unit()),
            _ => quote!(.send_json()),
        }
    };
    let ret = quote!(Result<#response_value<#ok_ty>, #error #err_ty>);
    let async_fn = quote! {
        #docs
        #attrs
        pub async fn #name(&self, #(#args),*) -> #ret {
            self.config
                .request(#method_tok, #path_expr)
                #(#chain)*
                #send
                .await
        }
    };
    if !blocking {
        return (async_fn, TokenStream::new());
    }
    let blocking_fn = quote! {
        #docs
        #attrs
        pub fn #name(&self, #(#args),*) -> #ret {
            self.runtime.block_on(self.inner.#name(#(#arg_names),*))
        }
    };
    (async_fn, blocking_fn)
}

fn part_call(p: &Param, uses: &mut Uses) -> TokenStream {
    let field = value_ident(&p.name);
    let wire = &p.wire_name;
    match &p.ty {
        Type::Bytes if p.required => quote!(.part_file(#wire, &params.#field)),
        Type::Bytes => quote!(.part_file(#wire, params.#field.as_ref())),
        Type::Array(inner) if **inner == Type::Bytes => quote!(.part_files(#wire, &params.#field)),
        Type::Array(_) => {
            let f = format_tokens_for(p.collection_format, uses);
            quote!(.part_list(#wire, &params.#field, #f))
        }
        _ => quote!(.part(#wire, &params.#field)),
    }
}

/// Text that goes into a one-line list item: whitespace (newlines included) folded to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn param_call(p: &Param, uses: &mut Uses) -> TokenStream {
    let field = value_ident(&p.name);
    let wire = &p.wire_name;
    let (scalar, list) = match p.location {
        ParamLocation::Query => (quote!(query), quote!(query_list)),
        ParamLocation::Header => (quote!(header), quote!(header_list)),
        _ => (quote!(form_field), quote!(form_list)),
    };
    match &p.ty {
        Type::Array(_) => {
            let f = format_tokens_for(p.collection_format, uses);
            quote!(.#list(#wire, &params.#field, #f))
        }
        _ => quote!(.#scalar(#wire, &params.#field)),
    }
}
