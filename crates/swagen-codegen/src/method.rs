//! What each operation adds to the module: its method (on the async client, and on the blocking one), one chain of
//! `Config::request(..)` calls that puts every parameter where the spec says; and its own types.

use crate::doc::{self, doc_attrs};
use crate::names::{path_arg_ident, value_ident, OpNames};
use crate::params::{emit_params_struct, has_params_struct};
use crate::responses::{emit_error_enum, emit_response_enum, send_call};
use crate::uses::{rust_type, Uses};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use swagen_ir::{Body, CollectionFormat, Format, Operation, Param, ParamLocation, RoutePart, Status, Type};

/// An operation's own types: its params struct, response enum and error enum (those it needs).
pub(crate) fn emit_op_types(op: &Operation, n: &OpNames, uses: &mut Uses) -> Vec<TokenStream> {
    let mut out = Vec::new();
    out.extend(emit_params_struct(op, n, uses));
    out.extend(crate::params::emit_content_type_enum(op, n));
    out.extend(emit_response_enum(op, n, uses));
    out.extend(emit_error_enum(op, n, uses));
    out
}

/// An operation's method on the async client, and on the blocking client when `blocking` (else nothing).
pub(crate) fn emit_method(
    op: &Operation,
    names: &OpNames,
    uses: &mut Uses,
    blocking: bool,
) -> (TokenStream, TokenStream) {
    let name = value_ident(&op.name);
    let docs = method_docs(op);
    let mut attrs = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let (args, arg_names) = method_args(op, names, uses);
    if args.len() + 1 > 7 {
        // Many path parameters: positional arguments mirror the route, so keep them.
        attrs.extend(quote!(#[allow(clippy::too_many_arguments)]));
    }
    let path_expr = path_expr(op, uses);
    let method_tok = {
        let m = uses.note("Method");
        let variant = format_ident!("{}", op.method.as_str());
        quote!(#m::#variant)
    };
    let chain = request_chain(op, false);
    let (send, returns) = send_call(op, names, uses);
    // A plain function that builds the request and returns the runtime's future: no `async` body per method (the
    // compiler checks one sending routine in the runtime, not one state machine per method). `#[inline]` makes it
    // lazy: the generic sending routine is built for the methods a program calls, in its crate, not for every
    // method when the client crate is compiled (Kubernetes: 1,252 methods).
    let (ret, pending) = (&returns.result, &returns.pending);
    let base_attrs = attrs.clone();
    attrs.extend(complexity_allow(&returns));
    let mut async_fn = quote! {
        #docs
        #attrs
        #[inline]
        pub fn #name(&self, #(#args),*) -> #pending {
            self.config
                .request(#method_tok, #path_expr)
                #(#chain)*
                #send
        }
    };
    let mut blocking_fn = if blocking {
        quote! {
            #docs
            #attrs
            pub fn #name(&self, #(#args),*) -> #ret {
                self.runtime.block_on(self.inner.#name(#(#arg_names),*))
            }
        }
    } else {
        TokenStream::new()
    };
    if let Some(watch) = &op.watch {
        let watch_name = value_ident(&watch.name);
        let chain = request_chain(op, true);
        let (send, returns) = crate::responses::watch_call(op, names, uses, &watch.item);
        let (ret, pending) = (&returns.result, &returns.pending);
        let mut attrs = base_attrs;
        attrs.extend(complexity_allow(&returns));
        let doc = format!(
            " {} as a watch: the same request with `watch=true`; the server sends one event per line, delivered one \
             by one as they come (`ADDED`, `MODIFIED`, `DELETED` with the object, `BOOKMARK`, `ERROR`). The `watch` \
             field of the params is not read.",
            crate::names::method_link(op)
        );
        async_fn.extend(quote! {
            #[doc = #doc]
            #attrs
            #[inline]
            pub fn #watch_name(&self, #(#args),*) -> #pending {
                self.config
                    .request(#method_tok, #path_expr)
                    #(#chain)*
                    #send
            }
        });
        if blocking {
            blocking_fn.extend(quote! {
                #[doc = #doc]
                #attrs
                pub fn #watch_name(&self, #(#args),*) -> #ret {
                    self.runtime.block_on(self.inner.#watch_name(#(#arg_names),*))
                }
            });
        }
    }
    (async_fn, blocking_fn)
}

/// `#[allow(clippy::type_complexity)]` for a method whose return types clippy would flag.
fn complexity_allow(returns: &crate::responses::Returns) -> TokenStream {
    if too_complex(&returns.pending) || too_complex(&returns.result) {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        TokenStream::new()
    }
}

/// Whether clippy's `type_complexity` would flag a method returning `ty` (`Pending<'_, BTreeMap<String,
/// BTreeMap<String, Vec<Value>>>>`): deep answer types mirror the spec, and no alias would help a reader.
fn too_complex(ty: &TokenStream) -> bool {
    syn::parse2::<syn::Type>(ty.clone()).is_ok_and(|t| type_score(&t, 1) >= crate::types::COMPLEXITY_LIMIT)
}

/// Clippy's `type_complexity` score: 10 per type path times its generic depth, 1 per reference.
fn type_score(ty: &syn::Type, nest: u32) -> u32 {
    match ty {
        syn::Type::Path(p) => {
            let args = p.path.segments.iter().flat_map(|s| match &s.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.iter().collect::<Vec<_>>(),
                _ => Vec::new(),
            });
            let inner: u32 = args
                .map(|a| match a {
                    syn::GenericArgument::Type(t) => type_score(t, nest + 1),
                    _ => 0,
                })
                .sum();
            10 * nest + inner
        }
        syn::Type::Reference(r) => 1 + type_score(&r.elem, nest),
        syn::Type::Tuple(t) => 10 * nest + t.elems.iter().map(|e| type_score(e, nest + 1)).sum::<u32>(),
        _ => 10 * nest,
    }
}

/// A method's docs: summary, description, the route, the path parameters, the responses.
fn method_docs(op: &Operation) -> TokenStream {
    let route = swagen_ir::route_template(&op.route);
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
    doc_attrs([
        op.summary.as_deref().unwrap_or_default(),
        op.description.as_deref().unwrap_or_default(),
        route_line.as_str(),
        path_docs.as_str(),
        responses.as_str(),
    ])
}

/// Text that goes into a one-line list item: whitespace (newlines included) folded to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A method's arguments (`name: type`; path parameters in route order, then `params`) and their names.
fn method_args(op: &Operation, names: &OpNames, uses: &mut Uses) -> (Vec<TokenStream>, Vec<proc_macro2::Ident>) {
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
    (args, arg_names)
}

/// The path expression: the route's literal runs and its path parameters, each percent-encoded as one segment,
/// joined into one `String`.
fn path_expr(op: &Operation, uses: &mut Uses) -> TokenStream {
    // Literal runs and encoded values, joined: `["/tags/", &*encode_path_segment(tag)].concat()`. (`format!` would
    // say the same, but its expansion is most of what the compiler checks in a method; BENCHMARKS.md §7.)
    let mut pieces: Vec<TokenStream> = Vec::new();
    let mut literal = String::new();
    for part in &op.route {
        match part {
            RoutePart::Literal(l) => literal.push_str(l),
            RoutePart::Param(n) => {
                if !literal.is_empty() {
                    pieces.push(quote!(#literal));
                    literal.clear();
                }
                let p = op.params.iter().find(|p| p.location == ParamLocation::Path && &p.name == n);
                let ident = p.map(path_arg_ident).unwrap_or_else(|| value_ident(n));
                let encoded = match p {
                    Some(p) if matches!(p.ty, Type::Array(_)) => {
                        let enc = uses.note("encode_path_value");
                        let join = uses.note("join_list");
                        let f = format_tokens_for(p.collection_format, uses);
                        quote!(#enc(#join(#ident, #f)))
                    }
                    Some(p) if p.ty != Type::String => {
                        let enc = uses.note("encode_path_value");
                        quote!(#enc(#ident))
                    }
                    _ => {
                        let enc = uses.note("encode_path_segment");
                        quote!(#enc(#ident))
                    }
                };
                pieces.push(quote!(&*#encoded));
            }
        }
    }
    if pieces.is_empty() {
        return quote!(#literal.to_owned());
    }
    if !literal.is_empty() {
        pieces.push(quote!(#literal));
    }
    quote!([#(#pieces),*].concat())
}

/// The calls between `request(..)` and the send: accept, auth, fixed query, then the params struct's (query and
/// header parameters, the form or multipart fields, the body).
/// `watch`: the watch variant's chain, which sends `watch=true` instead of the params' `watch`.
fn request_chain(op: &Operation, watch: bool) -> Vec<TokenStream> {
    let mut chain = Vec::new();
    // Names the call for hooks and tracing: the method and the route template, never the URL.
    let name = if watch { op.watch.as_ref().map_or(op.name.as_str(), |w| w.name.as_str()) } else { op.name.as_str() };
    let route = swagen_ir::route_template(&op.route);
    chain.push(quote!(.operation(#name, #route)));
    if let Some(accept) = &op.accept {
        chain.push(quote!(.accept(#accept)));
    }
    if !op.auth {
        chain.push(quote!(.no_auth()));
    }
    for (k, v) in &op.fixed_query {
        chain.push(quote!(.query(#k, #v)));
    }
    if has_params_struct(op) {
        // The params struct puts them (`PutParams`, written once per distinct struct in `params.rs`).
        chain.push(quote!(.params(params)));
    }
    if watch {
        // `watch=true` in place of whatever the params' `watch` says.
        chain.push(quote!(.replace_query("watch", &true)));
    }
    chain
}

/// The calls that put the parameters outside the path on the request, read from `recv` (the params struct): query
/// and header parameters, the form or multipart fields, the body.
pub(crate) fn params_chain(op: &Operation, uses: &mut Uses, recv: &TokenStream) -> Vec<TokenStream> {
    let mut chain = Vec::new();
    for loc in [ParamLocation::Query, ParamLocation::Header] {
        for p in op.params_in(loc) {
            chain.push(param_call(p, recv, uses));
        }
    }
    if matches!(op.body, Body::Form) {
        chain.push(quote!(.form()));
        for p in op.params_in(ParamLocation::FormData) {
            chain.push(param_call(p, recv, uses));
        }
    }
    if matches!(op.body, Body::Multipart) {
        chain.push(quote!(.multipart()));
        for p in op.params_in(ParamLocation::FormData) {
            chain.push(part_call(p, recv, uses));
        }
    }
    body_calls(op, recv, &mut chain);
    chain
}

/// A JSON, text or bytes body: its content type when it is not the format's own, and the call that sends it.
fn body_calls(op: &Operation, params: &TokenStream, chain: &mut Vec<TokenStream>) {
    let Body::Json { name, required, format, content_type, .. } = &op.body else { return };
    let field = value_ident(name);
    let default_ct = match format {
        Format::Json => "application/json",
        Format::Text => "text/plain",
        Format::Bytes => "application/octet-stream",
    };
    if crate::names::offered_content_types(op).is_some() {
        // The caller's choice, or the spec's first.
        let choice = crate::params::content_type_field(op);
        chain.push(quote!(.content_type(#params.#choice.unwrap_or_default().as_str())));
    } else if content_type != default_ct {
        chain.push(quote!(.content_type(#content_type)));
    }
    chain.push(match (format, required) {
        (Format::Json, true) => quote!(.json(&#params.#field)),
        (Format::Json, false) => quote!(.json_opt(#params.#field.as_ref())),
        (Format::Text, true) => quote!(.text(&#params.#field)),
        (Format::Text, false) => quote!(.text(#params.#field.as_deref().unwrap_or_default())),
        (Format::Bytes, true) => quote!(.upload(&#params.#field)),
        (Format::Bytes, false) => quote!(.upload_opt(#params.#field.as_ref())),
    });
}

/// A query, header or urlencoded form parameter.
fn param_call(p: &Param, params: &TokenStream, uses: &mut Uses) -> TokenStream {
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
            quote!(.#list(#wire, &#params.#field, #f))
        }
        _ => quote!(.#scalar(#wire, &#params.#field)),
    }
}

/// A multipart form field: files are file parts.
fn part_call(p: &Param, params: &TokenStream, uses: &mut Uses) -> TokenStream {
    let field = value_ident(&p.name);
    let wire = &p.wire_name;
    match &p.ty {
        Type::Bytes if p.required => quote!(.part_file(#wire, &#params.#field)),
        Type::Bytes => quote!(.part_file(#wire, #params.#field.as_ref())),
        Type::Array(inner) if **inner == Type::Bytes => quote!(.part_files(#wire, &#params.#field)),
        Type::Array(_) => {
            let f = format_tokens_for(p.collection_format, uses);
            quote!(.part_list(#wire, &#params.#field, #f))
        }
        _ => quote!(.part(#wire, &#params.#field)),
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
