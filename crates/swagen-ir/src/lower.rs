//! Lowering: [`swagen_spec::Document`] → [`Api`], with the repair and normalisation passes.
//!
//! Order of work: check every `$ref`; normalise path keys; lower each operation (parameters, indexed form fields,
//! body encoding, responses); lift headers every operation carries to client settings; name operations and make the
//! names unique; report route clashes. Every repair is a warning [`Diagnostic`] with a JSON pointer; every decision
//! is a [`Note`] for `swagen explain`.

use crate::ir::*;
use crate::naming::{operation_name, NameInput};
use crate::normalise::{normalise, NormalisedPath, PathInput, Pin};
use crate::schema::{fix_recursion, lower_definitions, model_base, schema_type, Schemas};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use swagen_spec::diag::{pointer, pointer_join};
use swagen_spec::{resolve_local, Diagnostic, Document, Location, Parameter, Response as SpecResponse};

/// The result of lowering: the API (usable even when there are errors, e.g. for `explain`), what was
/// repaired or is wrong, and every decision taken.
#[derive(Clone, Debug)]
pub struct Lowered {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<Note>,
    pub routes: Vec<NormalisedPath>,
}

impl Lowered {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<Note>,
    pub schemas: Schemas,
    /// Parameters already read from their `$ref` targets (Kubernetes refers to the same few hundreds of times).
    params_by_ref: HashMap<String, Parameter>,
}

/// A schema of an operation, typed once the operation has its name (inline models are named after it).
struct PendingSchema {
    op: usize,
    slot: Slot,
    schema: Value,
    at: String,
}

enum Slot {
    Body,
    Response(usize),
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, schemas: Schemas) -> Self {
        Ctx { doc, diagnostics: Vec::new(), notes: Vec::new(), schemas, params_by_ref: HashMap::new() }
    }

    pub(crate) fn warn(&mut self, code: &'static str, at: &str, message: String, help: &str) {
        let d = Diagnostic::warning(code, &self.doc.file, Location::Pointer(at.to_owned()), message);
        self.diagnostics.push(d.with_help(help));
    }

    fn error(&mut self, code: &'static str, at: &str, message: String, help: &str) {
        let d = Diagnostic::error(code, &self.doc.file, Location::Pointer(at.to_owned()), message);
        self.diagnostics.push(d.with_help(help));
    }

    fn note(&mut self, subject: &str, at: &str, text: String) {
        self.notes.push(Note { subject: subject.to_owned(), pointer: at.to_owned(), text });
    }
}

/// Lowers a loaded document.
///
/// The checks that only report (references, lints, parameter lists) walk the raw document on a second thread while
/// this one lowers; their diagnostics are put where they would be had they run first, so the order is the same.
pub fn lower(doc: &Document) -> Lowered {
    std::thread::scope(|scope| {
        let checks = std::thread::Builder::new().spawn_scoped(scope, || checks_on_this_thread(doc));
        let mut lowered = lower_rest(doc);
        let (diagnostics, notes) = match checks {
            Ok(running) => running.join().unwrap_or_else(|_| checks_on_this_thread(doc)),
            // No thread to be had: the same checks here.
            Err(_) => checks_on_this_thread(doc),
        };
        let mut all = doc.warnings.clone();
        all.extend(diagnostics);
        all.append(&mut lowered.diagnostics);
        lowered.diagnostics = locate(doc, all);
        lowered.notes.splice(0..0, notes);
        lowered
    })
}

/// The report-only checks of [`lower`] (their diagnostics and notes), on the calling thread.
fn checks_on_this_thread(doc: &Document) -> (Vec<Diagnostic>, Vec<Note>) {
    let mut cx = Ctx::new(doc, Schemas::default());
    check_refs(&mut cx, &doc.raw, &mut vec![]);
    crate::lint::lint(&mut cx);
    check_parameter_lists(&mut cx);
    (cx.diagnostics, cx.notes)
}

/// Diagnostics about the document's own file get the line and column of their pointer.
fn locate(doc: &Document, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    match &doc.source {
        Some(source) if !diagnostics.is_empty() => {
            let locator = swagen_spec::locate::Locator::new(source, doc.format);
            diagnostics.into_iter().map(|d| if d.file == doc.file { d.locate_with(&locator) } else { d }).collect()
        }
        _ => diagnostics,
    }
}

/// What the route normaliser reads of each path key (pins not applied): methods, text, declared path parameters.
pub fn path_inputs(spec: &swagen_spec::Swagger) -> Vec<PathInput> {
    spec.paths
        .iter()
        .map(|(key, item)| {
            let mut text = String::new();
            let mut methods = Vec::new();
            let mut declared: Vec<String> = Vec::new();
            let mut declare = |params: &[Parameter]| {
                for p in params {
                    let p = match p.reference.as_deref().and_then(|r| r.strip_prefix("#/parameters/")) {
                        Some(name) => spec.parameters.get(name).unwrap_or(p),
                        None => p,
                    };
                    if p.location == "path" && !p.name.is_empty() && !declared.contains(&p.name) {
                        declared.push(p.name.clone());
                    }
                }
            };
            declare(&item.parameters);
            for (m, op) in item.operations() {
                methods.extend(Method::parse(m));
                for t in [&op.summary, &op.description, &op.operation_id].into_iter().flatten() {
                    text.push_str(t);
                    text.push(' ');
                }
                declare(&op.parameters);
            }
            PathInput { key: key.clone(), methods, text, pin: Pin::None, declared }
        })
        .collect()
}

/// Everything of [`lower`] but the report-only checks; its diagnostics are not located yet, and the loader's are
/// not among them.
fn lower_rest(doc: &Document) -> Lowered {
    let spec = &doc.spec;
    let mut cx = Ctx::new(doc, Schemas::new(&spec.definitions));
    lower_definitions(&mut cx);

    let inputs: Vec<PathInput> = path_inputs(spec)
        .into_iter()
        .map(|mut input| {
            input.pin = read_pin(&mut cx, &input.key);
            input
        })
        .collect();
    let routes = normalise(&inputs);

    let mut operations = Vec::new();
    let mut pending = Vec::new();
    for ((key, item), norm) in spec.paths.iter().zip(&routes) {
        let item_ptr = pointer(["paths", key.as_str()]);
        for d in &norm.decisions {
            let text = match &d.param {
                Some(p) if d.changed => format!("`{}` → `{{{p}}}`: {}", d.segment, d.reason),
                _ => format!("`{}`: {}", d.segment, d.reason),
            };
            cx.note(key, &item_ptr, text);
        }
        if !norm.fixed_query.is_empty() {
            cx.note(key, &item_ptr, "the query string in the key becomes fixed query parameters".to_owned());
        }
        if let Some(reference) = &item.reference {
            // Loading copies the targets of `$ref`s into this document and bundling those into other files;
            // what is left leads nowhere.
            cx.error(
                "path-item-ref",
                &pointer_join(&item_ptr, "$ref"),
                format!("the path item `$ref: {reference}` does not lead to a path item"),
                "point it at a path item (`#/paths/~1other`, `other.yaml#/paths/~1other`) or inline the operations",
            );
        } else if item.operations().next().is_none() {
            cx.warn(
                "empty-path",
                &item_ptr,
                format!("path `{key}` has no operations"),
                "add operations or remove the path",
            );
        }
        for (m, op) in item.operations() {
            let Some(method) = Method::parse(m) else { continue };
            let (lowered, schemas) = lower_operation(&mut cx, key, method, item, op, norm);
            pending.extend(schemas.into_iter().map(|(slot, schema, at)| PendingSchema {
                op: operations.len(),
                slot,
                schema,
                at,
            }));
            operations.push(lowered);
        }
    }

    let client_headers = lift_client_headers(&mut cx, &mut operations);
    let security = security_schemes(&mut cx, &client_headers);
    let mut taken: Vec<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    taken.extend(client_headers.iter().map(|h| h.name.clone()));
    taken.extend(security.iter().map(|s| s.name.clone()));
    name_operations(&mut cx, &mut operations, &routes, &taken);
    report_clashes(&mut cx, &operations);
    type_operation_schemas(&mut cx, &mut operations, pending);

    let base_url = base_url(&mut cx);
    let mut models = std::mem::take(&mut cx.schemas.models);
    fix_recursion(&mut models);
    let api = Api {
        title: spec.info.title.clone(),
        description: spec.info.description.clone().filter(|d| !d.trim().is_empty()),
        version: spec.info.version.clone(),
        base_url,
        client_headers,
        security,
        operations,
        models,
    };
    Lowered { api, diagnostics: cx.diagnostics, notes: cx.notes, routes }
}

/// Parameter lists written as a mapping or with `null` entries were repaired by the loader; say so.
fn check_parameter_lists(cx: &mut Ctx<'_>) {
    let doc = cx.doc;
    let Some(paths) = doc.raw.get("paths").and_then(Value::as_object) else { return };
    for (key, item) in paths {
        let mut lists = vec![(pointer(["paths", key.as_str(), "parameters"]), item.get("parameters"))];
        for m in swagen_spec::METHODS {
            lists.push((
                pointer(["paths", key.as_str(), m, "parameters"]),
                item.get(m).and_then(|o| o.get("parameters")),
            ));
        }
        for (at, list) in lists {
            match list {
                Some(Value::Object(_)) => cx.warn(
                    "parameters-map",
                    &at,
                    "`parameters` is a mapping; the values that look like parameters (with `name`, `in` or `$ref`) are taken as the list, the rest is ignored".to_owned(),
                    "write `parameters` as a list",
                ),
                Some(Value::Array(items)) if items.iter().any(Value::is_null) => cx.warn(
                    "null-parameter",
                    &at,
                    "`parameters` has empty (`null`) entries; they are skipped".to_owned(),
                    "remove the empty entries",
                ),
                _ => {}
            }
        }
    }
}

/// `x-swagen-route` / `x-swagen-literal` on a path item (from the spec or an overlay).
fn read_pin(cx: &mut Ctx<'_>, key: &str) -> Pin {
    let doc = cx.doc;
    let Some(item) = doc.raw.get("paths").and_then(|p| p.get(key)) else { return Pin::None };
    let item_ptr = pointer(["paths", key]);
    if let Some(route) = item.get("x-swagen-route") {
        let at = pointer_join(&item_ptr, "x-swagen-route");
        let Some(route) = route.as_str().filter(|r| r.starts_with('/')) else {
            cx.warn(
                "bad-pin",
                &at,
                "`x-swagen-route` must be a route template starting with `/`; ignored".to_owned(),
                "write the route, e.g. `x-swagen-route: /tags/{tag}`",
            );
            return Pin::None;
        };
        let count = |p: &str| p.split('?').next().unwrap_or_default().split('/').filter(|s| !s.is_empty()).count();
        if count(route) != count(key) {
            cx.warn(
                "bad-pin",
                &at,
                format!("`x-swagen-route: {route}` has {} segments but the key `{key}` has {}; the parameters it introduces get no example", count(route), count(key)),
                "pin a route with one segment per segment of the key",
            );
        }
        cx.note(key, &at, format!("route pinned to `{route}` by `x-swagen-route`"));
        return Pin::Route(route.to_owned());
    }
    match item.get("x-swagen-literal") {
        Some(serde_json::Value::Bool(true)) => {
            cx.note(
                key,
                &pointer_join(&item_ptr, "x-swagen-literal"),
                "kept as written: `x-swagen-literal: true`".to_owned(),
            );
            Pin::Literal
        }
        _ => Pin::None,
    }
}

/// Methods every generated client has; operations never take these names.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_config",
    "config",
    "basic_auth",
    "bearer_auth",
    "header",
    "default",
    "clone",
    "fmt",
];

/// `securityDefinitions` → client settings.
fn security_schemes(cx: &mut Ctx<'_>, client_headers: &[ClientHeader]) -> Vec<SecurityScheme> {
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

/// Types body and response schemas, naming inline models after their operation.
fn type_operation_schemas(cx: &mut Ctx<'_>, ops: &mut [Operation], pending: Vec<PendingSchema>) {
    for p in pending {
        let Some(op) = ops.get_mut(p.op) else { continue };
        let base = model_base(&op.name);
        match p.slot {
            Slot::Body => {
                let ty = schema_type(cx, &p.schema, &p.at, &format!("{base}Body"));
                if let Body::Json { ty: slot, format, .. } = &mut op.body {
                    *slot = match format {
                        Format::Json => ty,
                        Format::Text => Type::String,
                        Format::Bytes => Type::Bytes,
                    };
                }
            }
            Slot::Response(i) => {
                let with_schema = op.responses.iter().filter(|r| r.status.is_success() && r.ty.is_some()).count();
                let Some(r) = op.responses.get(i) else { continue };
                let hint = match r.status {
                    Status::Code(c) if r.status.is_success() && with_schema <= 1 => {
                        let _ = c;
                        format!("{base}Response")
                    }
                    Status::Code(c) => format!("{base}Response{c}"),
                    Status::Default => format!("{base}ResponseDefault"),
                };
                let success_like = r.status.is_success()
                    || (r.status == Status::Default && !op.responses.iter().any(|r| r.status.is_success()));
                let ty = schema_type(cx, &p.schema, &p.at, &hint);
                let ty = match (success_like, op.response_format) {
                    (true, Format::Bytes) => Type::Bytes,
                    (true, Format::Text) => Type::String,
                    _ => ty,
                };
                if let Some(r) = op.responses.get_mut(i) {
                    r.ty = Some(ty);
                }
            }
        }
    }
}

/// The media types an operation lists (its own, or the document's).
fn media_types(own: &Option<Vec<String>>, global: &[String]) -> Vec<String> {
    let list = own.as_deref().unwrap_or(global);
    list.iter().filter_map(|m| m.split(';').next()).map(|m| m.trim().to_ascii_lowercase()).collect()
}

fn is_json(media: &str) -> bool {
    media.contains("json") || media == "*/*"
}

/// The format of successful answers: JSON unless `produces` lists no JSON type.
fn response_format(produces: &[String]) -> Format {
    if produces.is_empty() || produces.iter().any(|m| is_json(m)) {
        Format::Json
    } else if produces.iter().any(|m| m.starts_with("text/")) {
        Format::Text
    } else {
        Format::Bytes
    }
}

/// The media type to ask for: the first JSON type `produces` lists, else the first text type, else the first type.
fn accept(produces: &[String]) -> Option<String> {
    let json = produces.iter().find(|m| m.contains("json"));
    let text = produces.iter().find(|m| m.starts_with("text/"));
    json.or(text).or(produces.first()).filter(|m| !m.is_empty() && *m != "*/*").cloned()
}

fn base_url(cx: &mut Ctx<'_>) -> Option<String> {
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

/// Every `$ref` must point at something. External references are not read yet.
fn check_refs<'v>(cx: &mut Ctx<'_>, v: &'v Value, path: &mut Vec<std::borrow::Cow<'v, str>>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                // The pointer is only built for a reference that is reported (most are fine).
                let at = |path: &[std::borrow::Cow<'v, str>]| pointer(path.iter().map(|t| &**t).chain(["$ref"]));
                let dangling = r.starts_with('#') && resolve_local(&cx.doc.raw, r).is_none();
                if r.starts_with('#') && !dangling {
                    // Resolves: nothing to say.
                } else if dangling && r.starts_with("#/definitions/") {
                    cx.warn(
                        "dangling-ref",
                        &at(path),
                        format!("`$ref: {r}` points to nothing in this document; typed as a JSON value"),
                        "add the missing definition, or correct the reference",
                    );
                } else if dangling {
                    cx.error(
                        "dangling-ref",
                        &at(path),
                        format!("`$ref: {r}` points to nothing in this document"),
                        "add the missing definition, or correct the reference",
                    );
                } else {
                    cx.error(
                        "external-ref",
                        &at(path),
                        format!("`$ref: {r}` refers to another file; swagen does not read external references yet"),
                        "inline the referenced definition into this document",
                    );
                }
            }
            for (k, child) in map {
                // Examples and extensions are free-form: a `$ref` key there is data, not a reference.
                if k == "example" || k == "examples" || k.starts_with("x-") {
                    continue;
                }
                if child.is_object() || child.is_array() {
                    path.push(std::borrow::Cow::Borrowed(k));
                    check_refs(cx, child, path);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if child.is_object() || child.is_array() {
                    path.push(std::borrow::Cow::Owned(i.to_string()));
                    check_refs(cx, child, path);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// Follows a parameter `$ref`; `None` when it cannot (already reported by [`check_refs`]).
fn resolve_param(cx: &mut Ctx<'_>, p: &Parameter, at: &str) -> Option<Parameter> {
    let Some(r) = &p.reference else { return Some(p.clone()) };
    if let Some(known) = cx.params_by_ref.get(r) {
        return Some(known.clone());
    }
    if r.starts_with("#/definitions/") {
        cx.warn(
            "parameter-ref-schema",
            at,
            format!("`$ref: {r}` in a parameter list points to a schema, not a parameter (the keys beside a `$ref` are ignored); not sent"),
            "declare the parameter (`name`, `in`), e.g. `{name: body, in: body, schema: {$ref: ...}}`",
        );
        return None;
    }
    let target = resolve_local(&cx.doc.raw, r)?;
    match <Parameter as serde::Deserialize>::deserialize(target) {
        Ok(resolved) if resolved.reference.is_none() => {
            cx.params_by_ref.insert(r.clone(), resolved.clone());
            Some(resolved)
        }
        Ok(again) => {
            let message = if again.reference.as_deref() == Some(r.as_str()) {
                format!("`$ref: {r}` refers to itself (the parameter at `{r}` is that same `$ref`)")
            } else {
                format!("`$ref: {r}` leads to another `$ref`; swagen follows one level")
            };
            cx.error("ref-chain", at, message, "make the target a parameter (`name`, `in`, `type`), not a `$ref`");
            None
        }
        Err(e) => {
            cx.error("bad-ref-target", at, format!("`$ref: {r}` is not a parameter: {e}"), "point at a parameter");
            None
        }
    }
}

fn resolve_response(cx: &mut Ctx<'_>, r: &SpecResponse, at: &str) -> Option<SpecResponse> {
    let Some(reference) = &r.reference else { return Some(r.clone()) };
    let target = resolve_local(&cx.doc.raw, reference)?;
    match <SpecResponse as serde::Deserialize>::deserialize(target) {
        Ok(resolved) => Some(resolved),
        Err(e) => {
            cx.error(
                "bad-ref-target",
                at,
                format!("`$ref: {reference}` is not a response: {e}"),
                "point at a response",
            );
            None
        }
    }
}

fn lower_operation(
    cx: &mut Ctx<'_>,
    key: &str,
    method: Method,
    item: &swagen_spec::PathItem,
    op: &swagen_spec::Operation,
    norm: &NormalisedPath,
) -> (Operation, Vec<(Slot, Value, String)>) {
    let mut schemas: Vec<(Slot, Value, String)> = Vec::new();
    let consumes = media_types(&op.consumes, &cx.doc.spec.consumes);
    let produces = media_types(&op.produces, &cx.doc.spec.produces);
    let lower_m = method.as_str().to_ascii_lowercase();
    let op_ptr = pointer(["paths", key, lower_m.as_str()]);
    let item_ptr = pointer(["paths", key]);

    // Path-level parameters, overridden by operation parameters with the same name and location (allowed);
    // the same name and location twice in one list is a duplicate (forbidden), reported.
    let mut path_level: Vec<(Parameter, String)> = Vec::new();
    for (i, p) in item.parameters.iter().enumerate() {
        let at = format!("{item_ptr}/parameters/{i}");
        if let Some(p) = resolve_param(cx, p, &at) {
            replace_duplicate(cx, &mut path_level, p, at, &item_ptr);
        }
    }
    let mut op_level: Vec<(Parameter, String)> = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        let at = format!("{op_ptr}/parameters/{i}");
        if let Some(p) = resolve_param(cx, p, &at) {
            replace_duplicate(cx, &mut op_level, p, at, &op_ptr);
        }
    }
    path_level.retain(|(q, _)| !op_level.iter().any(|(p, _)| p.name == q.name && p.location == q.location));
    let mut declared = path_level;
    declared.extend(op_level);

    let declared = repair_locations(cx, declared, &op_ptr);

    let template_names: Vec<&str> = norm
        .route
        .iter()
        .filter_map(|p| match p {
            RoutePart::Param(n) => Some(n.as_str()),
            RoutePart::Literal(_) => None,
        })
        .collect();

    let mut path_params: Vec<Param> = Vec::new();
    let mut other: Vec<(Param, String)> = Vec::new();
    let mut body = Body::None;
    let mut has_form = false;
    for (p, at) in &declared {
        match p.location.as_str() {
            "body" => {
                if !matches!(body, Body::None) {
                    cx.error("two-bodies", at, "more than one `body` parameter".to_owned(), "keep one body parameter");
                }
                let (format, content_type) = body_format(&consumes, p.schema.as_ref());
                if let Some(schema) = &p.schema {
                    schemas.push((Slot::Body, schema.clone(), pointer_join(at, "schema")));
                }
                body = Body::Json {
                    name: safe_snake(&p.name, "body"),
                    ty: match format {
                        Format::Json => Type::Json,
                        Format::Text => Type::String,
                        Format::Bytes => Type::Bytes,
                    },
                    required: p.required,
                    description: p.description.clone(),
                    format,
                    content_type,
                };
            }
            loc @ ("path" | "query" | "header" | "formData") => {
                let location = match loc {
                    "path" => ParamLocation::Path,
                    "query" => ParamLocation::Query,
                    "header" => ParamLocation::Header,
                    _ => ParamLocation::FormData,
                };
                if p.name.trim().is_empty() {
                    cx.error(
                        "unnamed-parameter",
                        at,
                        "a parameter has no `name`".to_owned(),
                        "give the parameter a name",
                    );
                    continue;
                }
                has_form |= location == ParamLocation::FormData;
                let param = lower_param(cx, p, at, location);
                if location == ParamLocation::Path {
                    if template_names.contains(&p.name.as_str()) {
                        path_params.push(param);
                    } else {
                        cx.warn(
                            "unused-path-parameter",
                            at,
                            format!("path parameter `{}` has no `{{{}}}` in the path `{key}`; ignored", p.name, p.name),
                            "add the template to the path key, or change the parameter's `in`",
                        );
                    }
                } else {
                    other.push((param, at.clone()));
                }
            }
            other_loc => cx.error(
                "parameter-location",
                at,
                format!(
                    "parameter `{}` has `in: {other_loc:?}`; expected path, query, header, formData or body",
                    p.name
                ),
                "set `in` to one of path, query, header, formData, body",
            ),
        }
    }
    if has_form && !matches!(body, Body::None) {
        cx.error(
            "body-and-form",
            &op_ptr,
            "the operation has both a `body` parameter and formData parameters".to_owned(),
            "keep either the body parameter or the formData parameters",
        );
    }

    let other = merge_indexed_fields(cx, other);

    // Path parameters in route order: declared ones, those the normaliser introduced, and undeclared templates.
    let mut params: Vec<Param> = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut renames: HashMap<String, String> = HashMap::new();
    for template in &template_names {
        if renames.contains_key(*template) {
            continue; // the same template twice in one path: one parameter fills both
        }
        // A string path parameter the spec did not declare (introduced by the normaliser, or just missing).
        let undeclared = |example: Option<String>| Param {
            name: String::new(),
            wire_name: (*template).to_owned(),
            location: ParamLocation::Path,
            ty: Type::String,
            required: true,
            description: None,
            collection_format: CollectionFormat::Csv,
            example,
            allowed: Vec::new(),
            default: None,
        };
        let mut param = if let Some(pos) = path_params.iter().position(|p| p.wire_name == *template) {
            path_params.remove(pos)
        } else if let Some(intro) = norm.introduced.iter().find(|i| i.name == *template) {
            undeclared(Some(intro.example.clone()))
        } else {
            cx.warn(
                "undeclared-path-parameter",
                &op_ptr,
                format!("`{{{template}}}` in the path `{key}` has no declared parameter; taken as a string"),
                "declare it under `parameters` with `in: path`",
            );
            undeclared(None)
        };
        param.required = true;
        param.name = unique(&safe_snake(template, "param"), &mut used);
        renames.insert((*template).to_owned(), param.name.clone());
        params.push(param);
    }
    for (mut p, _) in other {
        p.name = unique(&safe_snake(&p.name, "param"), &mut used);
        params.push(p);
    }
    if let Body::Json { name, .. } = &mut body {
        *name = unique(name, &mut used);
    }

    let route = norm
        .route
        .iter()
        .map(|part| match part {
            RoutePart::Param(t) => RoutePart::Param(renames.get(t).cloned().unwrap_or_else(|| t.clone())),
            lit => lit.clone(),
        })
        .collect();

    if has_form {
        let has_file = params.iter().any(|p| p.location == ParamLocation::FormData && contains_bytes(&p.ty));
        body = form_encoding(cx, op, &op_ptr, &format!("{} {key}", method.as_str()), has_file);
    }

    let mut responses = Vec::new();
    for (code, r) in &op.responses {
        let at = pointer_join(&format!("{op_ptr}/responses"), code);
        let Some(r) = resolve_response(cx, r, &at) else { continue };
        let status = if code == "default" {
            Status::Default
        } else {
            match code.parse::<u16>() {
                Ok(c) if (100..600).contains(&c) => Status::Code(c),
                _ => {
                    cx.warn(
                        "bad-status",
                        &at,
                        format!("response key `{code}` is not an HTTP status code or `default`; ignored"),
                        "use a status code such as 200, or `default`",
                    );
                    continue;
                }
            }
        };
        if let Some(schema) = &r.schema {
            schemas.push((Slot::Response(responses.len()), schema.clone(), pointer_join(&at, "schema")));
        }
        responses.push(Response { status, description: r.description.clone(), ty: None });
    }
    // Sort by status, keeping the pending schema slots pointing at the same responses.
    let mut order: Vec<usize> = (0..responses.len()).collect();
    order.sort_by_key(|&i| responses[i].status);
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<Option<Response>> = responses.into_iter().map(Some).collect();
    let responses: Vec<Response> = order.iter().filter_map(|&i| sorted[i].take()).collect();
    for (slot, _, _) in &mut schemas {
        if let Slot::Response(i) = slot {
            *i = new_index.get(*i).copied().unwrap_or(*i);
        }
    }
    let auth = !matches!(&op.security, Some(list) if list.is_empty());

    let operation = Operation {
        name: String::new(),
        method,
        path_key: key.to_owned(),
        route,
        pointer: op_ptr,
        operation_id: op.operation_id.clone(),
        summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
        description: op.description.clone().filter(|s| !s.trim().is_empty()),
        deprecated: op.deprecated,
        params,
        body,
        fixed_query: norm.fixed_query.clone(),
        responses,
        auth,
        response_format: response_format(&produces),
        accept: accept(&produces),
    };
    (operation, schemas)
}

fn contains_bytes(t: &Type) -> bool {
    match t {
        Type::Bytes => true,
        Type::Array(inner) => contains_bytes(inner),
        _ => false,
    }
}

/// How a `body` parameter is sent, from `consumes`: JSON when it is listed (or nothing is), else raw bytes or text.
fn body_format(consumes: &[String], schema: Option<&Value>) -> (Format, String) {
    let binary_schema = schema.is_some_and(|s| {
        let ty = s.get("type").and_then(Value::as_str);
        ty == Some("file") || (ty == Some("string") && s.get("format").and_then(Value::as_str) == Some("binary"))
    });
    if !binary_schema {
        if let Some(json) = consumes.iter().find(|m| is_json(m) && *m != "*/*") {
            return (Format::Json, json.clone());
        }
        if consumes.is_empty() || consumes.iter().any(|m| m == "*/*") {
            return (Format::Json, "application/json".to_owned());
        }
    }
    match consumes.first() {
        Some(m) if m.starts_with("text/") => (Format::Text, m.clone()),
        Some(m) if binary_schema || !m.contains("xml") => (Format::Bytes, m.clone()),
        Some(_) => (Format::Json, "application/json".to_owned()),
        None => (Format::Bytes, "application/octet-stream".to_owned()),
    }
}

/// Sloppy parameter lists, repaired with a warning each: `in: form`/`formfile` are formData; a parameter with an
/// `in` nobody knows is dropped; several `body` parameters are the properties of one JSON object body; `body`
/// parameters beside formData ones are form fields (their value sent as JSON text).
/// Adds a parameter to a list, or, when the list already has one of the same name and location (Swagger 2.0
/// forbids that), replaces it with a warning that says which one is used. Bodies are left to the body checks.
fn replace_duplicate(cx: &mut Ctx<'_>, list: &mut Vec<(Parameter, String)>, p: Parameter, at: String, owner: &str) {
    let same =
        |q: &Parameter| q.name == p.name && q.location == p.location && !p.location.is_empty() && p.location != "body";
    if let Some(pos) = list.iter().position(|(q, _)| same(q)) {
        let (_, first) = list.remove(pos);
        cx.warn(
            "duplicate-parameter",
            &at,
            format!(
                "parameter `{}` (in: {}) is declared twice in the list of {owner}, at {first} and here, which \
                 Swagger 2.0 forbids; this one is used",
                p.name, p.location
            ),
            "remove one of the two declarations",
        );
    }
    list.push((p, at));
}

fn repair_locations(cx: &mut Ctx<'_>, declared: Vec<(Parameter, String)>, op_ptr: &str) -> Vec<(Parameter, String)> {
    let mut out: Vec<(Parameter, String)> = Vec::with_capacity(declared.len());
    for (mut p, at) in declared {
        match p.location.as_str() {
            "path" | "query" | "header" | "formData" | "body" => {}
            loc if loc.eq_ignore_ascii_case("form") || loc.eq_ignore_ascii_case("formdata") => {
                cx.warn(
                    "parameter-location",
                    &at,
                    format!("parameter `{}` has `in: {loc}`; taken as formData", p.name),
                    "write `in: formData`",
                );
                p.location = "formData".to_owned();
            }
            loc if loc.eq_ignore_ascii_case("formfile") || loc.eq_ignore_ascii_case("file") => {
                cx.warn(
                    "parameter-location",
                    &at,
                    format!("parameter `{}` has `in: {loc}`; taken as a formData file", p.name),
                    "write `in: formData` and `type: file`",
                );
                p.location = "formData".to_owned();
                p.ty = Some("file".to_owned());
            }
            loc => {
                cx.warn(
                    "parameter-location",
                    &at,
                    if loc.is_empty() {
                        format!(
                            "parameter `{}` has no `in`, so swagen does not know where to send it; it is not sent",
                            p.name
                        )
                    } else {
                        format!(
                            "parameter `{}` has `in: {loc:?}`, which is not a place in a request; it is not sent",
                            p.name
                        )
                    },
                    "set `in` to one of path, query, header, formData, body",
                );
                continue;
            }
        }
        out.push((p, at));
    }
    let bodies: Vec<usize> = (0..out.len()).filter(|&i| out[i].0.location == "body").collect();
    let has_form = out.iter().any(|(p, _)| p.location == "formData");
    if has_form && !bodies.is_empty() {
        for &i in &bodies {
            let (p, at) = &mut out[i];
            if p.name.trim().is_empty() {
                p.name = "body".to_owned(); // a body's name is never sent; a form field's is
            }
            cx.warn(
                "body-and-form",
                at,
                format!(
                    "`body` parameter `{}` beside formData parameters, which Swagger 2.0 forbids (form parameters \
                     cannot be declared together with a body parameter); sent as a form field (JSON text)",
                    p.name
                ),
                "keep either the body parameter or the formData parameters",
            );
            p.location = "formData".to_owned();
            p.ty = Some("string".to_owned());
        }
    } else if bodies.len() > 1 {
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for &i in &bodies {
            let p = &out[i].0;
            let mut schema = p.schema.clone().unwrap_or_else(|| serde_json::json!({}));
            if let (Some(obj), Some(d)) = (schema.as_object_mut(), &p.description) {
                obj.entry("description").or_insert_with(|| Value::String(d.clone()));
            }
            properties.insert(p.name.clone(), schema);
            if p.required {
                required.push(Value::String(p.name.clone()));
            }
        }
        let names: Vec<String> = bodies.iter().map(|&i| format!("`{}`", out[i].0.name)).collect();
        cx.warn(
            "several-bodies",
            op_ptr,
            format!(
                "{} `body` parameters; sent as one JSON object with these properties: {}",
                bodies.len(),
                names.join(", ")
            ),
            "declare one body parameter whose schema is an object with these properties",
        );
        let at = out[bodies[0]].1.clone();
        let merged = Parameter {
            name: "body".to_owned(),
            location: "body".to_owned(),
            required: !required.is_empty(),
            schema: Some(serde_json::json!({"type": "object", "properties": properties, "required": required})),
            ..Parameter::default()
        };
        let first = bodies[0];
        out = out.into_iter().enumerate().filter(|(i, _)| !bodies[1..].contains(i)).map(|(_, x)| x).collect();
        out[first] = (merged, at);
    }
    out
}

/// formData needs a form content type; `consumes: application/json` beside formData is a common slip.
fn form_encoding(cx: &mut Ctx<'_>, op: &swagen_spec::Operation, op_ptr: &str, subject: &str, has_file: bool) -> Body {
    let (consumes, at, scope) = match &op.consumes {
        Some(c) => (c.clone(), format!("{op_ptr}/consumes"), ""),
        None => (cx.doc.spec.consumes.clone(), "#/consumes".to_owned(), " (document-wide)"),
    };
    let has = |t: &str| consumes.iter().any(|c| c.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case(t)));
    if has("multipart/form-data") && (has_file || !has("application/x-www-form-urlencoded")) {
        return Body::Multipart;
    }
    if has_file {
        cx.warn(
            "file-needs-multipart",
            &at,
            format!("`{subject}` uploads a file, which needs multipart/form-data, but `consumes` does not list it; sent as multipart/form-data"),
            "add multipart/form-data to `consumes`",
        );
        return Body::Multipart;
    }
    if has("application/x-www-form-urlencoded") {
        return Body::Form;
    }
    let listed = if consumes.is_empty() {
        "no `consumes`".to_owned()
    } else {
        format!("`consumes: [{}]`{scope}", consumes.join(", "))
    };
    cx.warn(
        "form-consumes",
        &at,
        format!("{listed} beside the formData parameters of `{subject}`; its body is sent as application/x-www-form-urlencoded"),
        "set `consumes: [application/x-www-form-urlencoded]` on this operation",
    );
    Body::Form
}

fn lower_param(cx: &mut Ctx<'_>, p: &Parameter, at: &str, location: ParamLocation) -> Param {
    let ty = match p.ty.as_deref() {
        None => {
            cx.warn(
                "untyped-parameter",
                at,
                format!("parameter `{}` has no `type`; taken as a string", p.name),
                "add `type: string` (or the real type) to the parameter",
            );
            Type::String
        }
        Some("array") => {
            let item = p.items.as_ref().and_then(|i| i.get("type")).and_then(Value::as_str);
            let format = p.items.as_ref().and_then(|i| i.get("format")).and_then(Value::as_str);
            Type::Array(Box::new(scalar_type(cx, item.unwrap_or("string"), format, &p.name, at)))
        }
        Some(t) => scalar_type(cx, t, p.format.as_deref(), &p.name, at),
    };
    let collection_format = match p.collection_format.as_deref() {
        None => CollectionFormat::Csv,
        Some(f) => CollectionFormat::parse(f).unwrap_or_else(|| {
            cx.warn(
                "collection-format",
                at,
                format!("unknown `collectionFormat: {f}` on `{}`; using csv", p.name),
                "use csv, ssv, tsv, pipes or multi",
            );
            CollectionFormat::Csv
        }),
    };
    Param {
        name: p.name.clone(),
        wire_name: p.name.clone(),
        location,
        ty,
        required: p.required || location == ParamLocation::Path,
        description: p.description.clone().filter(|d| !d.trim().is_empty()),
        collection_format,
        example: None,
        allowed: allowed_values(p),
        default: p.default.as_ref().map(Value::to_string),
    }
}

fn allowed_values(p: &Parameter) -> Vec<String> {
    let from_items = p.items.as_ref().and_then(|i| i.get("enum")).and_then(Value::as_array);
    let values = p.enumeration.as_deref().or(from_items.map(Vec::as_slice)).unwrap_or_default();
    values.iter().map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).collect()
}

fn scalar_type(cx: &mut Ctx<'_>, t: &str, format: Option<&str>, name: &str, at: &str) -> Type {
    match (t, format.unwrap_or_default()) {
        ("string", "binary") => Type::Bytes,
        ("string", _) => Type::String,
        ("integer", "int32") => Type::I32,
        ("integer", _) => Type::I64,
        ("number", "float") => Type::F32,
        ("number", _) => Type::F64,
        ("boolean", _) => Type::Boolean,
        ("file", _) => Type::Bytes,
        ("object", _) => Type::Json,
        (other, _) => {
            cx.warn(
                "unknown-type",
                at,
                format!("parameter `{name}` has unknown `type: {other}`; taken as a string"),
                "use string, integer, number, boolean or array",
            );
            Type::String
        }
    }
}

/// `tag[0]`, `tag[1]`, `tag[]` → one list parameter `tag`, sent as `tag[]=a&tag[]=b`.
fn merge_indexed_fields(cx: &mut Ctx<'_>, params: Vec<(Param, String)>) -> Vec<(Param, String)> {
    fn base(name: &str) -> Option<&str> {
        let inner = name.strip_suffix(']')?;
        let open = inner.rfind('[')?;
        let index = &inner[open + 1..];
        (open > 0 && index.bytes().all(|b| b.is_ascii_digit())).then(|| &inner[..open])
    }
    let mut out: Vec<(Param, String)> = Vec::new();
    let mut merged: BTreeMap<(String, ParamLocation), (usize, Vec<String>)> = BTreeMap::new();
    for (p, at) in params {
        let indexed =
            matches!(p.location, ParamLocation::FormData | ParamLocation::Query).then(|| base(&p.wire_name)).flatten();
        let Some(b) = indexed else {
            out.push((p, at));
            continue;
        };
        let k = (b.to_owned(), p.location);
        if let Some((idx, names)) = merged.get_mut(&k) {
            names.push(p.wire_name.clone());
            let target = &mut out[*idx].0;
            target.required |= p.required;
            if target.description.is_none() {
                target.description = p.description.clone();
            }
            continue;
        }
        let item = match &p.ty {
            Type::Array(inner) => (**inner).clone(),
            t => t.clone(),
        };
        // `tag[]` declared as a `multi` array is already what swagen sends: nothing to repair.
        let proper = p.wire_name == format!("{b}[]")
            && matches!(p.ty, Type::Array(_))
            && p.collection_format == CollectionFormat::Multi;
        let list = Param {
            name: b.to_owned(),
            wire_name: format!("{b}[]"),
            ty: Type::Array(Box::new(item)),
            collection_format: CollectionFormat::Multi,
            ..p.clone()
        };
        let names = if proper { Vec::new() } else { vec![p.wire_name.clone()] };
        merged.insert(k, (out.len(), names));
        out.push((list, at));
    }
    for ((b, _), (idx, names)) in merged {
        if names.is_empty() {
            continue;
        }
        let at = out[idx].1.clone();
        let names = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        cx.warn(
            "indexed-fields",
            &at,
            format!("indexed fields {names} are one list parameter `{b}`, sent as `{b}[]=…&{b}[]=…`"),
            &format!("declare one parameter `{b}[]` with `type: array` and `collectionFormat: multi`"),
        );
    }
    out
}

/// A header parameter that every operation carries becomes a client setting.
fn lift_client_headers(cx: &mut Ctx<'_>, ops: &mut [Operation]) -> Vec<ClientHeader> {
    if ops.len() < 2 {
        return Vec::new();
    }
    let mut lifted = Vec::new();
    // Setter names: distinct from each other and from the client's own methods.
    let mut used: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    let candidates: Vec<Param> = ops[0].params_in(ParamLocation::Header).cloned().collect();
    for h in candidates {
        let wire = h.wire_name.to_ascii_lowercase();
        let everywhere =
            ops.iter().all(|op| op.params_in(ParamLocation::Header).any(|p| p.wire_name.to_ascii_lowercase() == wire));
        if !everywhere {
            continue;
        }
        for op in ops.iter_mut() {
            op.params.retain(|p| !(p.location == ParamLocation::Header && p.wire_name.to_ascii_lowercase() == wire));
        }
        let stripped =
            h.wire_name.strip_prefix("X-").or_else(|| h.wire_name.strip_prefix("x-")).unwrap_or(&h.wire_name);
        let name = unique(&safe_snake(stripped, "header_value"), &mut used);
        cx.note(
            &h.wire_name,
            "#/paths",
            format!(
                "header `{}` is a parameter of all {} operations, so it is a client setting (`{name}`) sent on every request",
                h.wire_name,
                ops.len()
            ),
        );
        // A JSON string default is the value itself; anything else is sent as its JSON text.
        let default = h.default.as_deref().map(|d| serde_json::from_str::<String>(d).unwrap_or_else(|_| d.to_owned()));
        lifted.push(ClientHeader { name, wire_name: h.wire_name.clone(), description: h.description.clone(), default });
    }
    lifted
}

fn name_operations(cx: &mut Ctx<'_>, ops: &mut [Operation], routes: &[NormalisedPath], taken: &[String]) {
    let by_key: HashMap<&str, &NormalisedPath> = routes.iter().map(|r| (r.key.as_str(), r)).collect();
    let mut chosen: Vec<(String, String)> = Vec::new();
    for op in ops.iter() {
        let examples: Vec<&str> = by_key
            .get(op.path_key.as_str())
            .map(|r| r.introduced.iter().map(|i| i.example.as_str()).collect())
            .unwrap_or_default();
        let named = operation_name(&NameInput {
            method: op.method,
            path_key: &op.path_key,
            route: &op.route,
            operation_id: op.operation_id.as_deref(),
            summary: op.summary.as_deref(),
            examples,
        });
        chosen.push((named.name, named.reason));
    }
    let mut used: BTreeSet<String> = taken.iter().cloned().collect();
    for (op, (base, reason)) in ops.iter_mut().zip(chosen) {
        let base = safe_snake(&base, "operation");
        let name = unique(&base, &mut used);
        if name != base {
            // Where the name came from decides what helps: a clashing operationId, or a name swagen had to make.
            let help = if reason.starts_with("from operationId") {
                "give the operations distinct operationIds".to_owned()
            } else {
                format!(
                    "swagen made this name itself ({reason}); give the operation an operationId without example values"
                )
            };
            cx.warn(
                "duplicate-name",
                &op.pointer,
                format!("operation name `{base}` is taken; this one is `{name}`"),
                &help,
            );
        }
        let subject = format!("{} {}", op.method.as_str(), op.path_key);
        cx.note(&subject, &op.pointer, format!("method `{name}`: {reason}"));
        op.name = name;
    }
}

fn report_clashes(cx: &mut Ctx<'_>, ops: &[Operation]) {
    let mut seen: HashMap<(String, Method), &Operation> = HashMap::new();
    for op in ops {
        let k = (route_template(&op.route), op.method);
        if let Some(first) = seen.get(&k) {
            let message = format!(
                "`{} {}` and `{} {}` are the same route `{}` after normalisation; both kept, as `{}` and `{}`",
                first.method.as_str(),
                first.path_key,
                op.method.as_str(),
                op.path_key,
                k.0,
                first.name,
                op.name
            );
            cx.warn("route-clash", &op.pointer, message, "remove one of the operations, or pin the route");
        } else {
            seen.insert(k, op);
        }
    }
}

/// snake_case of any text, never empty and never starting with a digit.
pub fn safe_snake(text: &str, fallback: &str) -> String {
    let s = crate::case::snake(text);
    let s: String = s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let s = s.trim_matches('_').to_owned();
    if s.is_empty() {
        fallback.to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{s}")
    } else {
        s
    }
}

fn unique(base: &str, used: &mut BTreeSet<String>) -> String {
    unique_with(base, used, "_")
}

/// `base`, or else `base{sep}2`, `base{sep}3`…: the first name not in `used`, which is then added to it.
pub(crate) fn unique_with(base: &str, used: &mut BTreeSet<String>, sep: &str) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}{sep}{n}");
        n += 1;
    }
    used.insert(name.clone());
    name
}
