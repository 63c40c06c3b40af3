//! `XxxParams`: the struct of an operation's parameters outside the path (and its body), each field documented with
//! what it puts on the wire.

use crate::doc::{self, doc_attrs};
use crate::names::{media_variant, method_link, offered_content_types, value_ident, OpNames, ParamsShare};
use crate::types::complexity_allow;
use crate::uses::{rust_type, Uses};
use proc_macro2::TokenStream;
use quote::quote;
use swagen_ir::{Api, Body, CollectionFormat, Format, Operation, Param, ParamLocation, Type};

/// Whether the operation's method takes a `params` argument.
pub(crate) fn has_params_struct(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location != ParamLocation::Path) || matches!(op.body, Body::Json { .. })
}

pub(crate) fn emit_params_struct(op: &Operation, names: &OpNames, uses: &mut Uses) -> Option<TokenStream> {
    if !has_params_struct(op) {
        return None;
    }
    let ident = &names.params;
    let first = format!(" Parameters of {}, built with [`{ident}::new`] and its setters.", method_link(op));
    let doc = match &names.params_share {
        ParamsShare::AliasOf { owner, link } => {
            let lines = [
                format!(" Parameters of {}: the same as those of", method_link(op)),
                format!(" {link}, so the same struct, [`{owner}`]."),
            ];
            return Some(quote! { #(#[doc = #lines])* pub type #ident = #owner; });
        }
        ParamsShare::Owner { others: 0 } => vec![first],
        ParamsShare::Owner { others: 1 } => vec![
            first,
            " One other operation takes the same parameters; its params type is an alias of this struct.".to_owned(),
        ],
        ParamsShare::Owner { others } => vec![
            first,
            format!(
                " {others} other operations take the same parameters; their params types are aliases of this struct."
            ),
        ],
    };
    let mut fields = Vec::new();
    let mut members = Vec::new();
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        fields.push(param_field(p, uses));
        members.push(Member { ident: value_ident(&p.name), ty: field_type(p, uses), required: p.required });
    }
    if let Body::Json { name, ty, required, description, content_type, format, .. } = &op.body {
        let field = value_ident(name);
        // A binary body is an `Upload`: bytes in memory, or a file or stream sent as it is read.
        let (ty, what) = if *format == Format::Bytes {
            let upload = uses.note("Upload");
            let what = format!(
                "The request body (`{content_type}`): bytes (`Vec<u8>`, `&'static [u8]` with `.into()`), or a file \
                 or stream sent as it is read (`Upload::file`, `Upload::stream`)."
            );
            (quote!(#upload), what)
        } else {
            (rust_type(ty, uses), format!("The request body (`{content_type}`)."))
        };
        members.push(Member { ident: field.clone(), ty: ty.clone(), required: *required });
        let ty = if *required { ty } else { quote!(Option<#ty>) };
        let docs = doc_attrs([description.as_deref().unwrap_or_default(), what.as_str()]);
        fields.push(quote! { #docs pub #field: #ty, });
    }
    if let Some((choice, _)) = &names.content_type {
        let field = content_type_field(op);
        let what = format!(
            " The body's content type; `None` sends `{}` (the spec's first).",
            offered_content_types(op).and_then(|l| l.first()).map(String::as_str).unwrap_or_default()
        );
        fields.push(quote! { #[doc = #what] pub #field: Option<#choice>, });
        members.push(Member { ident: field, ty: quote!(#choice), required: false });
    }
    // Required parameters go through `new`, so there is no `Default` that would send empty values for them.
    let default = if members.iter().any(|m| m.required) { TokenStream::new() } else { quote!(Default,) };
    let field_types = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| (&p.ty, !p.required));
    let body_type = match &op.body {
        Body::Json { ty, required, .. } => Some((ty, !*required)),
        _ => None,
    };
    let allow = complexity_allow(field_types.chain(body_type));
    // The setters and `new` take the same types, so they get the struct's `allow` too.
    let methods = constructor_and_setters(ident, &members, &allow);
    let put = put_params(op, ident, uses);
    Some(quote! {
        #(#[doc = #doc])*
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        #allow
        pub struct #ident {
            #(#fields)*
        }

        #methods

        #put
    })
}

/// `PutParams`: the calls that put the struct's fields on a request, written once per distinct params struct (the
/// methods of every operation sharing it call `.params(params)`). `#[inline]`, like the methods: a program builds
/// it, with the generic calls inside, only for the operations it calls.
fn put_params(op: &Operation, ident: &proc_macro2::Ident, uses: &mut Uses) -> TokenStream {
    let chain = crate::method::params_chain(op, uses, &quote!(self));
    quote! {
        impl swagen_runtime::PutParams for #ident {
            #[inline]
            fn put<'a>(&self, request: swagen_runtime::Request<'a>) -> swagen_runtime::Request<'a> {
                request #(#chain)*
            }
        }
    }
}

/// Operations whose params structs would be the same but for their names share one: the first in the module's order
/// owns it, each later one's params type is an alias of it (`pub type ListCoreV1PodParams = ListCoreV1ConfigMapParams;`),
/// so callers still name their operation's type and build it the same way. Kubernetes' list, watch, delete and patch
/// parameters repeat across hundreds of operations; compiling one struct and its setters per distinct set instead of
/// per operation is most of the client's compile time saved (BENCHMARKS.md §7).
pub(crate) fn share_structs(api: &Api, names: &mut [OpNames]) {
    let mut owners: Vec<usize> = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        if !has_params_struct(op) {
            continue;
        }
        match owners.iter().copied().find(|&o| same_params(&api.operations[o], op)) {
            Some(o) => {
                if let ParamsShare::Owner { others } = &mut names[o].params_share {
                    *others += 1;
                }
                let owner = names[o].params.clone();
                names[i].params_share = ParamsShare::AliasOf { owner, link: method_link(&api.operations[o]) };
            }
            None => owners.push(i),
        }
    }
}

/// Whether two operations' params structs are the same but for their names and docs: the same parameters outside
/// the path (names, types, docs, defaults) and the same body (its content types decide the content-type field).
fn same_params(a: &Operation, b: &Operation) -> bool {
    a.body == b.body && outside_path(a).eq(outside_path(b))
}

fn outside_path(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.location != ParamLocation::Path)
}

/// A field of a params struct, as its constructor and setters see it.
struct Member {
    ident: proc_macro2::Ident,
    /// The value's type (without the `Option` of an optional field).
    ty: TokenStream,
    required: bool,
}

impl Member {
    /// The argument type: `impl Into<String>` for text, `impl Into<Upload>` for a binary body, else the type.
    fn arg_type(&self) -> TokenStream {
        let ty = &self.ty;
        if takes_into(ty) {
            quote!(impl Into<#ty>)
        } else {
            ty.clone()
        }
    }

    /// The value stored from the argument `value`.
    fn stored(&self, value: &proc_macro2::Ident) -> TokenStream {
        let value = if takes_into(&self.ty) { quote!(#value.into()) } else { quote!(#value) };
        if self.required {
            value
        } else {
            quote!(Some(#value))
        }
    }
}

/// Types whose constructor and setter arguments take anything that converts: `&str` for a `String`, a chrono time
/// for a `DateTime`, a file for an `Upload`.
fn takes_into(ty: &TokenStream) -> bool {
    matches!(ty.to_string().as_str(), "String" | "Upload" | "DateTime" | "MicroTime" | "Date")
}

/// Setter names that would hide a method callers use on every params struct (`new`, and the derived traits'
/// methods): such a setter is `<name>_value`.
const SETTER_TAKEN: &[&str] = &["new", "default", "clone", "clone_from", "eq", "ne", "fmt", "to_owned", "into"];

/// `new` (the required fields, in order) and one setter per optional field, each taking the value itself.
fn constructor_and_setters(ident: &proc_macro2::Ident, members: &[Member], allow: &TokenStream) -> TokenStream {
    let required: Vec<&Member> = members.iter().filter(|m| m.required).collect();
    let args = required.iter().map(|m| {
        let (name, ty) = (&m.ident, m.arg_type());
        quote!(#name: #ty)
    });
    let inits = members.iter().map(|m| {
        let name = &m.ident;
        if m.required {
            let value = m.stored(name);
            if *name == value.to_string() {
                quote!(#name,)
            } else {
                quote!(#name: #value,)
            }
        } else {
            quote!(#name: None,)
        }
    });
    let list: Vec<String> =
        required.iter().map(|m| format!("`{}`", m.ident.to_string().trim_start_matches("r#"))).collect();
    let new_doc = match (required.is_empty(), required.len() == members.len()) {
        (true, _) => " No parameter set; the setters set the ones to send.".to_owned(),
        (false, true) => format!(" The parameters ({}), all required.", list.join(", ")),
        (false, false) => format!(" The required parameters ({}); the setters set the optional ones.", list.join(", ")),
    };
    let setters = members.iter().filter(|m| !m.required).map(|m| {
        let field = &m.ident;
        let plain = field.to_string();
        let plain = plain.trim_start_matches("r#");
        let setter = if SETTER_TAKEN.contains(&plain) { value_ident(&format!("{plain}_value")) } else { field.clone() };
        let value = proc_macro2::Ident::new("value", proc_macro2::Span::call_site());
        let (ty, stored) = (m.arg_type(), m.stored(&value));
        let doc = format!(" Sets `{plain}`.");
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = #stored;
                self
            }
        }
    });
    let allow_many = if required.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { TokenStream::new() };
    quote! {
        #allow
        impl #ident {
            #[doc = #new_doc]
            #allow_many
            pub fn new(#(#args),*) -> Self {
                #ident { #(#inits)* }
            }

            #(#setters)*
        }
    }
}

/// The field of a parameter outside the path, documented with what it sends.
fn param_field(p: &Param, uses: &mut Uses) -> TokenStream {
    let name = value_ident(&p.name);
    let ty = field_type(p, uses);
    let ty = if p.required { ty } else { quote!(Option<#ty>) };
    let wire = wire_doc(p);
    let docs = doc_attrs([p.description.as_deref().unwrap_or_default(), wire.as_str()]);
    quote! { #docs pub #name: #ty, }
}

/// Where a parameter goes and how: its place and wire name, how lists are sent, whether it is required, its
/// allowed values and the server's default.
fn wire_doc(p: &Param) -> String {
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
    wire
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

/// The params field that chooses the body's content type: `content_type`, or `body_content_type` when a parameter
/// already has that name (Docker's `Content-type` header).
pub(crate) fn content_type_field(op: &Operation) -> proc_macro2::Ident {
    let taken = op.params.iter().any(|p| p.name == "content_type");
    value_ident(if taken { "body_content_type" } else { "content_type" })
}

/// The enum of the content types an operation's body may be sent as (emitted once, by the first operation that
/// offers this list).
pub(crate) fn emit_content_type_enum(op: &Operation, names: &OpNames) -> Option<TokenStream> {
    let (ident, true) = names.content_type.as_ref()? else { return None };
    let list = offered_content_types(op)?;
    let variants: Vec<proc_macro2::Ident> = list.iter().map(|m| media_variant(m)).collect();
    let docs: Vec<String> = list.iter().map(|m| format!(" `{m}`")).collect();
    let first = &variants[0];
    let rest = &variants[1..];
    let rest_docs = &docs[1..];
    let first_doc = format!("{} (the default: the spec lists it first)", docs[0]);
    Some(quote! {
        /// A content type a request body may be sent as; the operations that offer a choice take it in their
        /// params struct.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #[doc = #first_doc]
            #[default]
            #first,
            #( #[doc = #rest_docs] #rest, )*
        }

        impl #ident {
            /// The media type, as sent in `Content-Type`.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( Self::#variants => #list, )*
                }
            }
        }
    })
}
