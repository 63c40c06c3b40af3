//! What the client module imports: the runtime items its code uses, noted as they are written.

use crate::types::{rust_type as rust_type_in, Needs, Scope};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use swagen_ir::Type;

/// Tracks which runtime items the module uses, so it imports exactly those.
#[derive(Default)]
pub(crate) struct Uses {
    pub(crate) items: BTreeSet<&'static str>,
    pub(crate) btree_map: bool,
}

impl Uses {
    /// Notes `item` (a path under `swagen_runtime`) and gives its last segment, to be written in the code.
    pub(crate) fn note(&mut self, item: &'static str) -> TokenStream {
        self.items.insert(item);
        let ident = format_ident!("{}", item.rsplit("::").next().unwrap_or(item));
        quote!(#ident)
    }
}

/// What the module re-exports from the runtime, whether or not its code uses them: what a user needs to configure
/// the client and handle its answers, so depending on the generated crate alone suffices.
const EXPORTED: [&str; 8] = ["ApiError", "Call", "Config", "Error", "Hook", "ResponseValue", "RetryPolicy", "Timeouts"];

/// Runtime types that appear in the client's signatures: re-exported when used.
const EXPORTED_WHEN_USED: [&str; 12] = [
    "ByteStream",
    "Date",
    "DateTime",
    "FilePart",
    "IntOrString",
    "JsonLines",
    "MicroTime",
    "Nullable",
    "Pending",
    "Upload",
    "Uuid",
    "WatchEvent",
];

/// The `use` lines for what the module used, and the `pub use` of what it re-exports.
pub(crate) fn emit_imports(uses: &Uses) -> TokenStream {
    let exported = |i: &&str| EXPORTED.contains(i) || EXPORTED_WHEN_USED.contains(i);
    let public: BTreeSet<&str> =
        EXPORTED.iter().copied().chain(uses.items.iter().copied().filter(|i| exported(i))).collect();
    let public = public.into_iter().map(|i| format_ident!("{}", i));
    let items = uses.items.iter().filter(|i| !exported(i)).map(|i| {
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
    let items: Vec<TokenStream> = items.collect();
    let private = if items.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            use swagen_runtime::{#(#items),*};
        )
    };
    quote! {
        #map
        pub use swagen_runtime::{#(#public),*};
        #private
    }
}

/// The Rust type for an IR type, written in the client module, noting what it uses.
pub(crate) fn rust_type(ty: &Type, uses: &mut Uses) -> TokenStream {
    let mut needs = Needs::default();
    let out = rust_type_in(ty, Scope::Client, &mut needs);
    if needs.value {
        uses.note("serde_json::Value");
    }
    uses.btree_map |= needs.btree_map;
    uses.items.extend(needs.runtime);
    out
}
