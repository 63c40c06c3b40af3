//! Emits a Rust client module from swagen's IR.
//!
//! IR → `proc_macro2::TokenStream` (built with `quote`) → `syn::File` → `prettyplease`. One formatter for every
//! mode (checked-in file, `build.rs` output, snapshot), so output is the same wherever it is produced.
//! The emitted module contains no inner attributes, so it can be `include!`d from `OUT_DIR`.
//!
//! This file is the facade. `client` emits the `Client` and the blocking client; `method` each operation's
//! method and its types, from `params` (the params struct) and `responses` (per-status enums, the send call);
//! `types` the `types` module; `doc` doc text; `names` identifiers; `uses` the imports; `print` prints it all.

mod client;
mod doc;
mod method;
mod names;
mod params;
mod print;
mod responses;
mod types;
mod uses;

pub use names::{type_ident, value_ident};
pub use print::{EmitError, Options};

use proc_macro2::TokenStream;
use quote::quote;
use swagen_ir::Api;

/// Emits the client module as formatted source text.
///
/// Two new threads share the work, taking pieces from a shared counter (token streams cannot cross threads, so
/// each builds its own from the IR): the client and the blocking client without their methods, then the methods,
/// the per-operation types and the models, 64 (`BATCH`) items at a time, so only a batch of tokens and syntax tree is
/// alive at once on each. Printing items apart gives the same text as printing them together (prettyplease prints
/// each item on its own), so the bytes are those of `format_tokens(emit_tokens_with(api, blocking))`; the `use`
/// lines, which depend on everything, come last.
pub fn emit(api: &Api, options: &Options) -> Result<String, EmitError> {
    print::emit(api, options)
}

/// Parses and pretty-prints tokens, with the `@generated` header. The single formatter.
pub fn format_tokens(tokens: TokenStream, options: &Options) -> Result<String, EmitError> {
    Ok(print::finish(print::unparse(tokens)?, options))
}

/// Builds the module's tokens.
pub fn emit_tokens(api: &Api) -> TokenStream {
    emit_tokens_with(api, false)
}

/// Builds the module's tokens; `blocking` adds the `blocking` module. In order: imports, the client, the
/// per-operation types, the blocking client, the `types` module.
pub fn emit_tokens_with(api: &Api, blocking: bool) -> TokenStream {
    let mut uses = uses::Uses::default();
    let names = names::TopNames::new(api);
    let (client, blocking_mod) = client::emit_client(api, &names, &mut uses, blocking);
    let op_types: Vec<TokenStream> =
        api.operations.iter().zip(&names.ops).flat_map(|(op, n)| method::emit_op_types(op, n, &mut uses)).collect();
    let mut needs = types::Needs::default();
    let types = types::emit_types(&api.models, &mut needs);
    uses.items.extend(needs.runtime.iter().copied());
    let imports = uses::emit_imports(&uses);
    quote! {
        #imports
        #client
        #(#op_types)*
        #blocking_mod
        #types
    }
}
