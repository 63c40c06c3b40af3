//! The configuration every call of a client shares: base URL, auth, headers, API keys, the HTTP client, timeouts,
//! retries, hooks and the answer size limit.

use crate::{hooks, Call, Hook, Request, RetryPolicy, Timeouts};
use reqwest::Method;
use std::fmt;

/// A secret (password, API key, token). Its `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// How requests authenticate, whatever the spec declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    #[default]
    None,
    /// HTTP Basic: `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: Secret },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyIn {
    Header,
    Query,
}

/// The largest answer read into memory (anything not streamed): 64 MiB by default ([`Config::max_answer_bytes`]).
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 64 << 20;

/// Client configuration shared by every request. Cheap to clone: clone it (or the generated client) to change a
/// setting for one call (`client.clone().timeout(…)`) without building a new HTTP client.
#[derive(Clone)]
pub struct Config {
    pub(crate) base_url: String,
    pub(crate) auth: Auth,
    pub(crate) headers: Vec<(String, Secret)>,
    pub(crate) api_keys: Vec<(ApiKeyIn, String, Secret)>,
    pub(crate) http: reqwest::Client,
    /// Whether `http` is the client this config built (so a new connect timeout rebuilds it).
    pub(crate) own_http: bool,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: hooks::Hooks,
    pub(crate) max_answer_bytes: u64,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let keys: Vec<&str> = self.api_keys.iter().map(|(_, n, _)| n.as_str()).collect();
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("headers", &names)
            .field("api_keys", &keys)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks)
            .field("max_answer_bytes", &self.max_answer_bytes)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A configuration for `base_url` (e.g. `https://api.example.com/v1`), no auth, a default `reqwest` client.
    pub fn new(base_url: impl Into<String>) -> Self {
        let timeouts = Timeouts::default();
        Config {
            base_url: base_url.into(),
            auth: Auth::None,
            headers: Vec::new(),
            api_keys: Vec::new(),
            http: default_http_client(timeouts.connect),
            own_http: true,
            timeouts,
            retry: RetryPolicy::default(),
            hooks: hooks::Hooks::default(),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
        }
    }

    /// Connect and whole-call timeouts (defaults: 10 s and 60 s). A new connect timeout rebuilds the HTTP client
    /// this config made (one given with [`Config::http_client`] keeps its own).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        if self.own_http && timeouts.connect != self.timeouts.connect {
            self.http = default_http_client(timeouts.connect);
        }
        self.timeouts = timeouts;
        self
    }

    /// The whole-call timeout (default 60 s); on a clone, for one call: `client.clone().timeout(…)`.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeouts.call = Some(timeout);
        self
    }

    /// When failed calls are tried again (default: idempotent methods, 3 tries, see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adds a hook run on every call ([`Hook`]).
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.0.push(std::sync::Arc::new(hook));
        self
    }

    /// Adds a closure run before each try is sent: change headers, sign the request. An `Err` stops the call.
    pub fn on_request(
        self,
        f: impl Fn(&Call<'_>, &mut reqwest::Request) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.hook(hooks::BeforeSend(f))
    }

    /// Adds a closure run when each try's answer arrives (status and headers).
    pub fn on_response(self, f: impl Fn(&Call<'_>, &reqwest::Response) + Send + Sync + 'static) -> Self {
        self.hook(hooks::AfterReceive(f))
    }

    /// The largest answer read into memory (default 64 MiB); a longer one is an [`crate::Error::TooLarge`]. Streamed
    /// answers ([`crate::ByteStream`], [`crate::JsonLines`]) are not limited.
    pub fn max_answer_bytes(mut self, limit: u64) -> Self {
        self.max_answer_bytes = limit;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Uses another base URL.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// HTTP Basic auth (for LiveChat: login and API key).
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Auth::Basic { username: username.into(), password: Secret::new(password) };
        self
    }

    /// Bearer token auth.
    pub fn bearer_auth(mut self, token: impl Into<String>) -> Self {
        self.auth = Auth::Bearer(Secret::new(token));
        self
    }

    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// An API key sent on every request that uses auth, as the header or query parameter `name`.
    /// The key never appears in `Debug` output or in error messages.
    pub fn api_key(mut self, location: ApiKeyIn, name: impl Into<String>, key: impl Into<String>) -> Self {
        let name = name.into();
        self.api_keys.retain(|(l, n, _)| !(*l == location && n.eq_ignore_ascii_case(&name)));
        self.api_keys.push((location, name, Secret::new(key)));
        self
    }

    /// A header sent on every request, replacing one of the same name (compared case-insensitively).
    /// The value is checked when a request is built: CR, LF and other control characters are refused there.
    /// Header values never appear in `Debug` output.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_header(name, value);
        self
    }

    /// Whether a header of this name (compared case-insensitively) is sent on every request.
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, Secret::new(value)));
    }

    /// Uses this `reqwest` client (timeouts, proxies, TLS settings). Build it from [`http_client_builder`] to keep
    /// the same-origin redirect policy; a client with reqwest's default policy forwards API-key headers on a
    /// redirect to another host.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self.own_http = false;
        self
    }

    /// Starts a request to `path` (already percent-encoded), relative to the base URL.
    pub fn request(&self, method: Method, path: String) -> Request<'_> {
        Request::new(self, method, path)
    }
}

/// A `reqwest` client builder with swagen's redirect policy: redirects are followed only within the same origin
/// (scheme, host, port), at most 10, so credentials set on the client (API keys in headers or the query) never reach
/// another server; a redirect elsewhere comes back as the 3xx answer ([`crate::Error::Api`]). Start from this builder when
/// you pass your own client to [`Config::http_client`] (timeouts, proxies, TLS).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() >= 10 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder().redirect(policy)
}

fn default_http_client(connect: std::time::Duration) -> reqwest::Client {
    http_client_builder().connect_timeout(connect).build().unwrap_or_default()
}
