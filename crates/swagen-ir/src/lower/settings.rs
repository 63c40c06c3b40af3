//! Client settings the document declares: the base URL (`host`, `basePath`, `schemes`, repaired where they hold
//! the wrong parts) and the security schemes; and the names of the methods every client has.

use crate::ctx::Ctx;
use crate::ir::*;
use crate::naming::{safe_snake, unique};
use serde_json::Value;
use std::collections::BTreeSet;
use swagen_spec::diag::pointer;

/// Methods every generated client has; operations never take these names.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_config",
    "config",
    "configure",
    "basic_auth",
    "bearer_auth",
    "header",
    "default",
    "clone",
    "fmt",
];

/// `securityDefinitions` → client settings.
pub(super) fn security_schemes(cx: &mut Ctx<'_>, client_headers: &[ClientHeader]) -> Vec<SecurityScheme> {
    let doc = cx.doc;
    let mut out = Vec::new();
    let mut used: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    used.extend(client_headers.iter().map(|h| h.name.clone()));
    for (key, def) in &doc.spec.security_definitions {
        let at = pointer(["securityDefinitions", key.as_str()]);
        let field = |k: &str| def.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        let kind = match (field("type").as_str(), field("in").as_str()) {
            ("basic", _) => SecurityKind::Basic,
            ("oauth2", _) => SecurityKind::OAuth2,
            ("apiKey", "header") if !field("name").is_empty() => SecurityKind::ApiKeyHeader(field("name")),
            ("apiKey", "query") if !field("name").is_empty() => SecurityKind::ApiKeyQuery(field("name")),
            (t, i) => {
                cx.warn(
                    "security-definition",
                    &at,
                    if i.is_empty() {
                        format!("security definition `{key}` (`type: {t}`) is not one swagen understands; ignored")
                    } else {
                        format!(
                            "security definition `{key}` (`type: {t}`, `in: {i}`) is not one swagen understands; ignored"
                        )
                    },
                    "use type basic, oauth2, or apiKey with `in: header` or `in: query` and a `name`",
                );
                continue;
            }
        };
        let base = match &kind {
            SecurityKind::ApiKeyHeader(_) | SecurityKind::ApiKeyQuery(_) => {
                let s = safe_snake(key, "api_key");
                if s.contains("key") || s.contains("token") {
                    s
                } else {
                    format!("{s}_key")
                }
            }
            SecurityKind::Basic => "basic_auth".to_owned(),
            SecurityKind::OAuth2 => "bearer_auth".to_owned(),
        };
        let name =
            if matches!(kind, SecurityKind::Basic | SecurityKind::OAuth2) { base } else { unique(&base, &mut used) };
        out.push(SecurityScheme {
            key: key.clone(),
            name,
            description: def.get("description").and_then(Value::as_str).map(str::to_owned),
            kind,
        });
    }
    out
}

/// The default base URL, from `schemes`, `host` and `basePath`.
pub(super) fn base_url(cx: &mut Ctx<'_>) -> Option<String> {
    let spec = &cx.doc.spec;
    let raw_host = spec.host.as_deref().map(str::trim).filter(|h| !h.is_empty())?;
    // `host` is a name and an optional port; a scheme or a path in it is a common mistake, repaired here.
    let (host_scheme, rest) = match raw_host.split_once("://") {
        Some((s, rest)) => (Some(s.to_ascii_lowercase()), rest),
        None => (None, raw_host),
    };
    let (host, host_path) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(rest[i..].trim_end_matches('/'))),
        None => (rest, None),
    };
    let host = host.to_owned();
    if host_scheme.is_some() || host_path.is_some_and(|p| !p.is_empty()) {
        cx.warn(
            "host-form",
            "#/host",
            format!("`host: {raw_host}` holds more than a host name and port; read as host `{host}`"),
            "put the scheme in `schemes` and the path in `basePath`; `host` is only `name[:port]`",
        );
    }
    let scheme = if spec.schemes.iter().any(|s| s == "https") {
        "https"
    } else {
        spec.schemes.first().map(String::as_str).or(host_scheme.as_deref()).unwrap_or("https")
    };
    let base_path = spec.base_path.as_deref().or(host_path).unwrap_or("/");
    let base_path = base_path.trim_end_matches('/');
    let sep = if base_path.is_empty() || base_path.starts_with('/') {
        ""
    } else {
        cx.warn(
            "base-path",
            "#/basePath",
            format!("`basePath: {base_path}` does not start with `/`; read as `/{base_path}`"),
            "start `basePath` with `/`",
        );
        "/"
    };
    let url = format!("{scheme}://{host}{sep}{base_path}");
    let why = if spec.schemes.is_empty() { "no `schemes`, so https" } else { "from `schemes`" };
    cx.note("base URL", "#/host", format!("default base URL `{url}` ({why}, `host` and `basePath`)"));
    Some(url)
}
