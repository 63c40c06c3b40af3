//! What an operation's answers decode into: one type, or per-status `XxxResponse` / `XxxError` enums with their
//! `decode` functions; and the call that sends the request and decodes the answer.

use crate::names::{method_link, OpNames};
use crate::uses::{rust_type, Uses};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use swagen_ir::{Format, Operation, Status, Type};

/// What a successful answer decodes into.
enum Success {
    /// One type for every 2xx status.
    One(Type),
    /// Text (a `text/*` `produces`).
    Text,
    /// A binary answer (a binary `produces`, or a `format: binary` / `type: file` schema whatever `produces`
    /// says): read as a stream of chunks.
    Stream,
    /// Newline-delimited JSON, one value per line (`x-swagen-stream: json-lines`): read one value at a time.
    Lines(Type),
    /// Several 2xx statuses with different types: an enum.
    PerStatus(Vec<(u16, Type)>),
}

fn success_of(op: &Operation) -> Success {
    if let Some(r) =
        op.responses.iter().find(|r| r.json_lines && (r.status.is_success() || r.status == Status::Default))
    {
        return Success::Lines(r.ty.clone().unwrap_or(Type::Json));
    }
    match op.response_format {
        Format::Text => return Success::Text,
        Format::Bytes => return Success::Stream,
        Format::Json => {}
    }
    // A binary schema is never parsed as JSON, whatever `produces` says (Docker's logs under `application/json`).
    if op.responses.iter().any(|r| r.status.is_success() && r.ty == Some(Type::Bytes)) {
        return Success::Stream;
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

/// The end of a method's request chain, `.send_json()` or `.send_with(ok, err)`, and the method's return type.
pub(crate) fn send_call(op: &Operation, names: &OpNames, uses: &mut Uses) -> (TokenStream, Returns) {
    let success = success_of(op);
    let failure = failure_of(op);
    let (ok_ty, per_status_ok) = match &success {
        Success::One(t) => (rust_type(t, uses), false),
        Success::Text => (quote!(String), false),
        Success::Stream => {
            let s = uses.note("ByteStream");
            (quote!(#s), false)
        }
        Success::Lines(t) => {
            let lines = uses.note("JsonLines");
            let t = rust_type(t, uses);
            (quote!(#lines<#t>), false)
        }
        Success::PerStatus(_) => {
            let r = &names.response;
            (quote!(#r), true)
        }
    };
    let (err_raw, per_status_err) = match &failure {
        Failure::One(Type::Json) => (None, false),
        Failure::One(t) => (Some(rust_type(t, uses)), false),
        Failure::PerStatus(_) => {
            let e = &names.error;
            (Some(quote!(#e)), true)
        }
    };
    // Documented redirections and "not modified" answers (Docker's 304 "already started") are successes.
    let also_ok = op.responses.iter().filter_map(|r| match r.status {
        Status::Code(c) if (300..400).contains(&c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            Some(quote!(.success_status(#c)))
        }
        _ => None,
    });
    let also_ok: TokenStream = also_ok.collect();
    let send = if matches!(success, Success::Stream | Success::Lines(_)) {
        let e = &names.error;
        match (&success, per_status_err) {
            (Success::Lines(_), true) => quote!(#also_ok.send_json_lines_with(#e::decode)),
            (Success::Lines(_), false) => quote!(#also_ok.send_json_lines()),
            (_, true) => quote!(#also_ok.send_stream_with(#e::decode)),
            (_, false) => quote!(#also_ok.send_stream()),
        }
    } else if per_status_ok || per_status_err {
        let ok_fn = decode_success_fn(&success, names, uses);
        let err_fn = if per_status_err {
            let e = &names.error;
            quote!(#e::decode)
        } else {
            let f = uses.note("json_error");
            quote!(#f)
        };
        quote!(#also_ok.send_with(#ok_fn, #err_fn))
    } else {
        match &success {
            Success::Text => quote!(#also_ok.send_text()),
            Success::One(Type::Unit) => quote!(#also_ok.send_unit()),
            _ => quote!(#also_ok.send_json()),
        }
    };
    let returns = Returns::new(uses, ok_ty, err_raw);
    (send, returns)
}

/// A method's return types: the blocking client's `Result<ResponseValue<T>, Error<E>>` and the async client's
/// `Pending<'_, T, E>` that resolves to it.
pub(crate) struct Returns {
    pub result: TokenStream,
    pub pending: TokenStream,
}

impl Returns {
    fn new(uses: &mut Uses, ok: TokenStream, err: Option<TokenStream>) -> Self {
        let error = uses.note("Error");
        let response_value = uses.note("ResponseValue");
        let pending = uses.note("Pending");
        match err {
            Some(e) => Returns {
                result: quote!(Result<#response_value<#ok>, #error<#e>>),
                pending: quote!(#pending<'_, #ok, #e>),
            },
            None => {
                Returns { result: quote!(Result<#response_value<#ok>, #error>), pending: quote!(#pending<'_, #ok>) }
            }
        }
    }
}

/// The function that decodes a successful answer, for `.send_with`.
fn decode_success_fn(success: &Success, names: &OpNames, uses: &mut Uses) -> TokenStream {
    match success {
        Success::PerStatus(_) => {
            let r = &names.response;
            quote!(#r::decode)
        }
        Success::Text => {
            let f = uses.note("text_body");
            quote!(#f)
        }
        Success::Stream | Success::Lines(_) => {
            let f = uses.note("unit_body");
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
    }
}

pub(crate) fn emit_response_enum(op: &Operation, names: &OpNames, uses: &mut Uses) -> Option<TokenStream> {
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

pub(crate) fn emit_error_enum(op: &Operation, names: &OpNames, uses: &mut Uses) -> Option<TokenStream> {
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

/// The send call and return type of a watch variant: the answer is newline-delimited `WatchEvent<item>`s.
pub(crate) fn watch_call(op: &Operation, names: &OpNames, uses: &mut Uses, item: &Type) -> (TokenStream, Returns) {
    let lines = uses.note("JsonLines");
    let event = uses.note("WatchEvent");
    let item = rust_type(item, uses);
    let (err, send) = match failure_of(op) {
        Failure::One(Type::Json) => (None, quote!(.send_json_lines())),
        Failure::One(t) => (Some(rust_type(&t, uses)), quote!(.send_json_lines())),
        Failure::PerStatus(_) => {
            let e = &names.error;
            (Some(quote!(#e)), quote!(.send_json_lines_with(#e::decode)))
        }
    };
    (send, Returns::new(uses, quote!(#lines<#event<#item>>), err))
}
