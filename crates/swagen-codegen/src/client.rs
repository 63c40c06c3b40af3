//! The `Client` struct: its constructors, its settings (auth, headers the spec lifts to the client, API keys),
//! `Default`; and the blocking module over it.

use crate::doc::{self, doc_attrs};
use crate::method::emit_method;
use crate::names::{value_ident, TopNames};
use crate::uses::Uses;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use swagen_ir::{Api, SecurityKind};

/// The `Client` struct, its methods (one per operation) and `Default`; and the blocking module when asked.
pub(crate) fn emit_client(api: &Api, names: &TopNames, uses: &mut Uses, blocking: bool) -> (TokenStream, TokenStream) {
    let (ops, blocking_ops): (Vec<TokenStream>, Vec<TokenStream>) =
        api.operations.iter().zip(&names.ops).map(|(op, n)| emit_method(op, n, uses, blocking)).unzip();
    let blocking_mod = if blocking { emit_blocking(api, &blocking_ops) } else { TokenStream::new() };
    let (client, default_impl) = client_items(api, uses, &ops);
    (quote!(#client #default_impl), blocking_mod)
}

/// `struct Client` with `impl Client` (its methods are `ops`), and `impl Default` when the spec gives a base URL.
pub(crate) fn client_items(api: &Api, uses: &mut Uses, ops: &[TokenStream]) -> (TokenStream, TokenStream) {
    let config_ty = uses.note("Config");
    let security_setters: Vec<TokenStream> = api.security.iter().filter_map(|s| security_setter(s, uses)).collect();

    let title =
        if api.version.is_empty() { api.title.clone() } else { format!("{} (version {})", api.title, api.version) };
    let client_doc =
        doc_attrs([format!("Client for the {title}.").as_str(), api.description.as_deref().unwrap_or_default()]);
    let (base_url_items, default_impl) = base_url_items(api, &config_ty);
    let with_config = with_config(api, &config_ty);
    let header_setters = header_setters(api);

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

            /// Changes the configuration: timeouts, retries, hooks, the answer size limit (the methods of
            /// [`Config`]). On a clone, for one call: `client.clone().configure(|c| c.timeout(Duration::from_secs(2)))`.
            pub fn configure(mut self, f: impl FnOnce(#config_ty) -> #config_ty) -> Self {
                self.config = f(self.config);
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

/// `DEFAULT_BASE_URL` and `new()` inside `impl Client`, and `impl Default`, when the spec gives a base URL.
fn base_url_items(api: &Api, config_ty: &TokenStream) -> (TokenStream, TokenStream) {
    let Some(url) = &api.base_url else { return (TokenStream::new(), TokenStream::new()) };
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

/// `with_config`, which sets the defaults the spec gives for client headers unless the configuration sets them.
fn with_config(api: &Api, config_ty: &TokenStream) -> TokenStream {
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
    if defaults.is_empty() {
        return quote! {
            /// A client with this configuration (base URL, auth, headers, HTTP client).
            pub fn with_config(config: #config_ty) -> Self {
                Self { config }
            }
        };
    }
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
}

/// A setter for each header every operation carries (lifted to the client).
fn header_setters(api: &Api) -> Vec<TokenStream> {
    api.client_headers
        .iter()
        .map(|h| {
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
        })
        .collect()
}

/// A setter for an API key scheme; basic auth and OAuth 2.0 use the client's own `basic_auth`/`bearer_auth`.
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

/// `blocking::Client`: the async client's calls, each run to completion on a private runtime.
pub(crate) fn emit_blocking(api: &Api, methods: &[TokenStream]) -> TokenStream {
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
