//! A fake LiveChat REST API v2 (the tag operations), served over real HTTP on 127.0.0.1.
//!
//! What it implements is what the real API documents (see `shared/reference/livechat-v2.md`, beside this repository):
//!
//! - Every request needs `X-API-Version: 2` (header names are case-insensitive) and auth: HTTP Basic with
//!   `login:api_key`, or `Authorization: Bearer <token>` when the server was started with a token.
//! - Every operation answers **200** on success (POST and DELETE too), with a JSON body.
//! - Request bodies are `application/x-www-form-urlencoded`. A list is sent as `tag[]=a&tag[]=b`
//!   (the Postman collection the spec comes from writes `tag[0]=a&tag[1]=b`; both are accepted).
//! - Errors are 400 (missing or invalid parameter, missing `X-API-Version`), 401 (bad or missing credentials)
//!   and 404 (unknown tag, chat, ticket or route), each with a JSON body `{"error": "<message>"}`.
//!
//! The routes:
//!
//! | route | method | body / query | 200 answer |
//! |---|---|---|---|
//! | `/chats/{chat_id}/tags` | PUT | `tag[]=a&tag[]=b` | `{"chats":[{"id":..,"tags":[..]}],"total":1,"pages":1}` |
//! | `/tickets/{ticket_id}/tags` | PUT | same | `{"pages":1,"total":1,"tickets":[{"id":..,"tags":[..]}]}` |
//! | `/tags` | GET | `?group=<int>` (optional) | `[Tag]` |
//! | `/tags` | POST | `tag=<name>&author=<login>&group=<int>`, all required | the new `Tag` (counts 0/0) |
//! | `/tags/{tag}` (percent-encoded) | DELETE | `group=<int>`, required | `{"ok":true}` |
//!
//! A `Tag` is `{"name", "author", "creation_date": <unix seconds>, "count": {"inChats", "inTickets"}, "group"}`.
//!
//! Choices where the documentation says nothing (test design, not known API behaviour): credentials are checked
//! before `X-API-Version`; adding a tag that already exists in the group is a 400; chats and tickets must exist
//! (the server knows the documentation's examples, [`CHAT_ID`] and [`TICKET_ID`]), but the tags put on them do
//! not have to; `count` counts the chats and tickets currently carrying a tag of that name; deleting a tag leaves
//! it on chats and tickets ("Deleting a tag will not remove it from the archived chats and tickets").
//!
//! The server keeps every request it receives, as sent (raw path, raw body), so tests can check the wire form.

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use axum::{Extension, Router};
use base64::Engine as _;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::task::JoinHandle;

/// The chat the server knows from the start (the documentation's example).
pub const CHAT_ID: &str = "MH022RD0K5";
/// The ticket the server knows from the start (the documentation's example).
pub const TICKET_ID: &str = "5FUED";

/// Request bodies larger than this are refused (413).
const MAX_BODY: usize = 1 << 20;

/// Starts a fake LiveChat accepting HTTP Basic auth with `login` and `api_key`, on a free port of 127.0.0.1, served
/// by a task on the current tokio runtime. The server stops when the handle is dropped.
///
/// # Panics
///
/// If no port can be bound on 127.0.0.1.
pub async fn start(login: &str, api_key: &str) -> FakeLiveChat {
    spawn(Credentials { login: login.to_owned(), api_key: api_key.to_owned(), bearer_token: None }).await
}

/// Like [`start`], and also accepts `Authorization: Bearer <token>`.
///
/// # Panics
///
/// If no port can be bound on 127.0.0.1.
pub async fn start_with_bearer_token(login: &str, api_key: &str, token: &str) -> FakeLiveChat {
    spawn(Credentials { login: login.to_owned(), api_key: api_key.to_owned(), bearer_token: Some(token.to_owned()) })
        .await
}

#[allow(clippy::expect_used)]
async fn spawn(credentials: Credentials) -> FakeLiveChat {
    let mut data = Data::default();
    data.chats.insert(CHAT_ID.to_owned(), Vec::new());
    data.tickets.insert(TICKET_ID.to_owned(), Vec::new());
    let shared = Arc::new(Shared { credentials, data: Mutex::new(data) });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("cannot bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("bound listener has no local address");
    let app = router(shared.clone());
    let server = tokio::spawn(async move {
        // Only ends on an accept error; the handle aborts the task when dropped.
        let _ = axum::serve(listener, app).await;
    });
    FakeLiveChat { addr, shared, server }
}

/// A running fake LiveChat. Dropping it stops the server.
pub struct FakeLiveChat {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl FakeLiveChat {
    /// `http://127.0.0.1:<port>`, to give to the client as its base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order (including refused ones).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.data().requests.clone()
    }

    /// The last request received.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.shared.data().requests.last().cloned()
    }

    /// The tags the server holds, ordered by group then name.
    pub fn tags(&self) -> Vec<Tag> {
        self.shared.data().tags.values().cloned().collect()
    }

    /// The tags on a chat, if the chat exists.
    pub fn chat_tags(&self, chat_id: &str) -> Option<Vec<String>> {
        self.shared.data().chats.get(chat_id).cloned()
    }

    /// The tags on a ticket, if the ticket exists.
    pub fn ticket_tags(&self, ticket_id: &str) -> Option<Vec<String>> {
        self.shared.data().tickets.get(ticket_id).cloned()
    }
}

impl Drop for FakeLiveChat {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as sent, still percent-encoded (e.g. `/tags/a%20b%2Fc`).
    pub path: String,
    /// The query string as sent, without the `?`.
    pub query: Option<String>,
    /// Headers in the order received; names are lower-case, values lossy UTF-8.
    pub headers: Vec<(String, String)>,
    /// The body as sent (lossy UTF-8), e.g. `tag%5B%5D=a&tag%5B%5D=b`.
    pub body: String,
    /// The route's path parameter (`chat_id`, `ticket_id` or `tag`) after percent-decoding, as the handler saw
    /// it; `None` for routes without one and for requests refused before routing (401, 400 on the version).
    pub path_param: Option<String>,
}

impl RecordedRequest {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body decoded as a form, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.body.as_bytes()).into_owned().collect()
    }
}

/// A tag as the server stores it. Its counts are computed when it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub author: String,
    /// Unix seconds.
    pub creation_date: u64,
    pub group: u32,
}

struct Credentials {
    login: String,
    api_key: String,
    bearer_token: Option<String>,
}

#[derive(Default)]
struct Data {
    /// Keyed by (group, name): the same name may exist in several groups.
    tags: BTreeMap<(u32, String), Tag>,
    chats: BTreeMap<String, Vec<String>>,
    tickets: BTreeMap<String, Vec<String>>,
    requests: Vec<RecordedRequest>,
}

impl Data {
    fn tag_json(&self, tag: &Tag) -> Value {
        let carrying =
            |tagged: &BTreeMap<String, Vec<String>>| tagged.values().filter(|t| t.contains(&tag.name)).count();
        json!({
            "name": tag.name,
            "author": tag.author,
            "creation_date": tag.creation_date,
            "count": { "inChats": carrying(&self.chats), "inTickets": carrying(&self.tickets) },
            "group": tag.group,
        })
    }
}

struct Shared {
    credentials: Credentials,
    data: Mutex<Data>,
}

impl Shared {
    fn data(&self) -> MutexGuard<'_, Data> {
        // A panicking test thread must not hide the recorded requests from the others.
        self.data.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn note_path_param(&self, id: RequestId, value: &str) {
        if let Some(request) = self.data().requests.get_mut(id.0) {
            request.path_param = Some(value.to_owned());
        }
    }
}

type AppState = Arc<Shared>;

/// The index of the current request in [`Data::requests`], put in the request's extensions by [`gate`].
#[derive(Clone, Copy, Debug)]
struct RequestId(usize);

fn router(shared: AppState) -> Router {
    Router::new()
        .route("/chats/{chat_id}/tags", put(update_chat_tags))
        .route("/tickets/{ticket_id}/tags", put(update_ticket_tags))
        .route("/tags", get(list_tags).post(add_tag))
        // The router matches the raw path, then decodes the parameter: `/tags/a%20b%2Fc` gives `a b/c`, and the
        // encoded `/` does not split the segment.
        .route("/tags/{tag}", delete(delete_tag))
        .fallback(|| async { Failure::new(StatusCode::NOT_FOUND, "Not found") })
        // Added last, so it also runs for the fallback.
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// An error answer: the status and `{"error": message}`.
#[derive(Debug)]
struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Failure { status, message: message.into() }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut response = json_response(self.status, &json!({ "error": self.message }));
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Basic realm=\"LiveChat\""));
        }
        response
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, body)
}

/// Runs before every handler: records the request, then checks credentials and `X-API-Version`.
async fn gate(State(shared): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response();
    };
    let id = {
        let mut data = shared.data();
        data.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            path_param: None,
        });
        RequestId(data.requests.len() - 1)
    };
    if let Err(failure) = authenticate(&shared.credentials, &parts.headers) {
        return failure.into_response();
    }
    if let Err(failure) = check_api_version(&parts.headers) {
        return failure.into_response();
    }
    let mut request = Request::from_parts(parts, Body::from(bytes));
    request.extensions_mut().insert(id);
    next.run(request).await
}

/// HTTP Basic `base64(login:api_key)`, or a bearer token if one was configured. Anything else is a 401.
fn authenticate(credentials: &Credentials, headers: &HeaderMap) -> Result<(), Failure> {
    let unauthorized = |message: &str| Failure::new(StatusCode::UNAUTHORIZED, message);
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized("Authentication required"));
    };
    let value = value.to_str().map_err(|_| unauthorized("Invalid Authorization header"))?;
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| unauthorized("Invalid Authorization header"))?;
        // The login cannot contain `:`; the API key can.
        match decoded.split_once(':') {
            Some((login, key)) if login == credentials.login && key == credentials.api_key => Ok(()),
            _ => Err(unauthorized("Invalid login or API key")),
        }
    } else if scheme.eq_ignore_ascii_case("bearer") {
        match &credentials.bearer_token {
            Some(token) if rest == token => Ok(()),
            _ => Err(unauthorized("Invalid access token")),
        }
    } else {
        Err(unauthorized("Unsupported authorization scheme"))
    }
}

/// `X-API-Version` must be `2`.
fn check_api_version(headers: &HeaderMap) -> Result<(), Failure> {
    // `HeaderMap` compares names case-insensitively.
    match headers.get("x-api-version").map(|v| v.to_str().map(str::trim)) {
        None => Err(Failure::bad_request("The X-API-Version header is required")),
        Some(Ok("2")) => Ok(()),
        Some(_) => Err(Failure::bad_request("Unsupported API version: X-API-Version must be 2")),
    }
}

/// The body's fields, in order. An empty body has none; a non-empty one must be form-urlencoded.
fn form_fields(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(String, String)>, Failure> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(Failure::bad_request(format!(
            "Unsupported Content-Type {content_type:?}: send application/x-www-form-urlencoded"
        )));
    }
    Ok(form_urlencoded::parse(body).into_owned().collect())
}

/// The first value of a field.
fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// A required, non-empty field.
fn required<'a>(fields: &'a [(String, String)], name: &str) -> Result<&'a str, Failure> {
    match field(fields, name) {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(Failure::bad_request(format!("The {name} parameter cannot be empty"))),
        None => Err(Failure::bad_request(format!("The {name} parameter is required"))),
    }
}

/// A group id: a non-negative integer.
fn parse_group(value: &str) -> Result<u32, Failure> {
    value.parse().map_err(|_| Failure::bad_request(format!("The group parameter must be an integer, got {value:?}")))
}

/// The `tag` list of a chat or ticket update: `tag[]=a&tag[]=b` (body order) or `tag[0]=a&tag[1]=b` (index
/// order). No tag at all is an empty list. A plain `tag=a` is not a list and is refused.
fn tag_list(fields: &[(String, String)]) -> Result<Vec<String>, Failure> {
    let mut appended = Vec::new();
    let mut indexed = BTreeMap::new();
    for (name, value) in fields {
        let index = match name.strip_prefix("tag[").and_then(|rest| rest.strip_suffix(']')) {
            Some("") => None,
            Some(digits) => Some(
                digits
                    .parse::<usize>()
                    .map_err(|_| Failure::bad_request(format!("Invalid parameter name {name:?}")))?,
            ),
            None if name == "tag" => {
                return Err(Failure::bad_request("The tag parameter must be an array: send tag[]=..."))
            }
            None => continue,
        };
        if value.is_empty() {
            return Err(Failure::bad_request("Tag names cannot be empty"));
        }
        match index {
            None => appended.push(value.clone()),
            Some(i) => {
                if indexed.insert(i, value.clone()).is_some() {
                    return Err(Failure::bad_request(format!("Duplicate parameter {name:?}")));
                }
            }
        }
    }
    if !appended.is_empty() && !indexed.is_empty() {
        return Err(Failure::bad_request("Do not mix tag[] and tag[<n>]"));
    }
    appended.extend(indexed.into_values());
    Ok(appended)
}

#[derive(Clone, Copy)]
enum Tagged {
    Chat,
    Ticket,
}

/// PUT /chats/{chat_id}/tags and PUT /tickets/{ticket_id}/tags: replace the item's tags.
fn update_tags(shared: &Shared, kind: Tagged, id: &str, headers: &HeaderMap, body: &[u8]) -> Result<Response, Failure> {
    let tags = tag_list(&form_fields(headers, body)?)?;
    let mut data = shared.data();
    let (items, not_found) = match kind {
        Tagged::Chat => (&mut data.chats, "Chat not found"),
        Tagged::Ticket => (&mut data.tickets, "Ticket not found"),
    };
    let slot = items.get_mut(id).ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, not_found))?;
    slot.clone_from(&tags);
    let item = json!({ "id": id, "tags": tags });
    Ok(ok(&match kind {
        Tagged::Chat => json!({ "chats": [item], "total": 1, "pages": 1 }),
        Tagged::Ticket => json!({ "pages": 1, "total": 1, "tickets": [item] }),
    }))
}

async fn update_chat_tags(
    State(shared): State<AppState>,
    Extension(request): Extension<RequestId>,
    Path(chat_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    shared.note_path_param(request, &chat_id);
    update_tags(&shared, Tagged::Chat, &chat_id, &headers, &body)
}

async fn update_ticket_tags(
    State(shared): State<AppState>,
    Extension(request): Extension<RequestId>,
    Path(ticket_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    shared.note_path_param(request, &ticket_id);
    update_tags(&shared, Tagged::Ticket, &ticket_id, &headers, &body)
}

/// GET /tags?group=<int>: all tags, or those of one group.
async fn list_tags(State(shared): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, Failure> {
    let params: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect();
    let group = field(&params, "group").map(parse_group).transpose()?;
    let data = shared.data();
    let tags: Vec<Value> =
        data.tags.values().filter(|t| group.is_none_or(|g| t.group == g)).map(|t| data.tag_json(t)).collect();
    Ok(ok(&Value::Array(tags)))
}

/// POST /tags with `tag`, `author` and `group`: creates a tag.
async fn add_tag(State(shared): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, Failure> {
    let fields = form_fields(&headers, &body)?;
    let name = required(&fields, "tag")?;
    let author = required(&fields, "author")?;
    let group = parse_group(required(&fields, "group")?)?;
    let mut data = shared.data();
    let key = (group, name.to_owned());
    if data.tags.contains_key(&key) {
        return Err(Failure::bad_request(format!("Tag {name:?} already exists in group {group}")));
    }
    let creation_date = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let tag = Tag { name: name.to_owned(), author: author.to_owned(), creation_date, group };
    let body = data.tag_json(&tag);
    data.tags.insert(key, tag);
    Ok(ok(&body))
}

/// DELETE /tags/{tag} with `group` in the body: deletes the tag from that group.
async fn delete_tag(
    State(shared): State<AppState>,
    Extension(request): Extension<RequestId>,
    Path(tag): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    shared.note_path_param(request, &tag);
    let fields = form_fields(&headers, &body)?;
    let group = parse_group(required(&fields, "group")?)?;
    match shared.data().tags.remove(&(group, tag.clone())) {
        Some(_) => Ok(ok(&json!({ "ok": true }))),
        None => Err(Failure::new(StatusCode::NOT_FOUND, format!("Tag {tag:?} not found in group {group}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn tag_lists_in_both_wire_forms() {
        assert_eq!(tag_list(&fields(&[("tag[]", "b"), ("tag[]", "a")])).ok(), Some(vec!["b".into(), "a".into()]));
        assert_eq!(tag_list(&fields(&[("tag[1]", "b"), ("tag[0]", "a")])).ok(), Some(vec!["a".into(), "b".into()]));
        assert_eq!(tag_list(&[]).ok(), Some(vec![]));
        assert!(tag_list(&fields(&[("tag", "a")])).is_err());
        assert!(tag_list(&fields(&[("tag[]", "a"), ("tag[0]", "b")])).is_err());
        assert!(tag_list(&fields(&[("tag[x]", "a")])).is_err());
    }

    #[test]
    fn groups_are_integers() {
        assert_eq!(parse_group("0").ok(), Some(0));
        assert_eq!(parse_group("12").ok(), Some(12));
        assert!(parse_group("abc").is_err());
        assert!(parse_group("-1").is_err());
    }
}
