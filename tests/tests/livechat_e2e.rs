//! The generated `livechat` client (typed by `specs/livechat.overlay.yaml`) against the fake LiveChat REST API v2
//! (`swagen_e2e::fake_livechat`), over real HTTP on 127.0.0.1. Each test starts its own server on a free port, so
//! the tests can run in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use livechat::types::{self, ChatTags, ChatTagsChatsItem, Deleted, Tag, TagCount, TicketTags, TicketTagsTicketsItem};
use livechat::{
    AddTagParams, ApiError, Client, DeleteTagParams, Error, ErrorBody, ListTagsParams, ResponseValue,
    UpdateChatTagsParams, UpdateTicketTagsParams,
};
use serde_json::{json, Value};
use swagen_e2e::fake_livechat::{self, FakeLiveChat, CHAT_ID, TICKET_ID};
use swagen_runtime::reqwest::{Method, StatusCode};
use swagen_runtime::Config;

const LOGIN: &str = "john@example.com";
const API_KEY: &str = "c0ffee-5ecret-api-key";

/// A fresh server and a client set up the way LiveChat wants: Basic auth; `X-API-Version: 2` is the client's default.
async fn setup() -> (FakeLiveChat, Client) {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY);
    (server, client)
}

fn add_params(tag: &str, group: i64) -> AddTagParams {
    AddTagParams::new(LOGIN, group, tag)
}

fn tag_list(names: &[&str]) -> Vec<String> {
    names.iter().map(|&n| n.to_owned()).collect()
}

fn tags(names: &[&str]) -> Option<Vec<String>> {
    Some(tag_list(names))
}

/// The `Error::Api` of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<ResponseValue<T>, Error<types::Error>>) -> ApiError<types::Error> {
    match result {
        Err(Error::Api(e)) => *e,
        Err(other) => panic!("expected an API error, got {other:?}"),
        Ok(response) => panic!("expected an API error, got {} {:?}", response.status(), response.body),
    }
}

/// The `{"error": "<message>"}` of an error answer, read from the typed payload; the raw body must be that same
/// JSON object.
fn error_message(error: &ApiError<types::Error>) -> &str {
    let payload = error.payload.as_ref().unwrap_or_else(|| panic!("no typed payload in {error:?}"));
    assert_eq!(error.body, ErrorBody::Json(serde_json::to_value(payload).unwrap()), "payload and body differ");
    assert_eq!(payload.errors, None);
    payload.error.as_deref().unwrap_or_else(|| panic!("no \"error\" string in {payload:?}"))
}

/// The names in a list of tags.
fn names(list: &[Tag]) -> Vec<&str> {
    list.iter().map(|t| t.name.as_str()).collect()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// A request the generated client never sends (missing fields, other content types, no `X-API-Version`), with
/// Basic auth; the answer's status and JSON body.
async fn raw(
    server: &FakeLiveChat,
    method: Method,
    path: &str,
    api_version: Option<&str>,
    content_type: &str,
    body: &str,
) -> (StatusCode, Value) {
    let mut request = swagen_runtime::reqwest::Client::new()
        .request(method, format!("{}{path}", server.base_url()))
        .basic_auth(LOGIN, Some(API_KEY))
        .header("Content-Type", content_type)
        .body(body.to_owned());
    if let Some(version) = api_version {
        request = request.header("X-API-Version", version);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap())
}

const FORM: &str = "application/x-www-form-urlencoded";

/// A call borrows only the client (its arguments are encoded when it is made) and is `Send`: it can be made, its
/// arguments dropped, and then spawned onto a multi-threaded runtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_borrows_only_the_client_and_can_be_spawned() {
    let (server, client) = setup().await;
    let client = std::sync::Arc::new(client);
    let shared = std::sync::Arc::clone(&client);
    let task = tokio::spawn(async move {
        let pending = {
            let params = add_params("spawned", 2);
            shared.add_tag(&params)
        };
        pending.await.map(|answer| answer.body.name.clone())
    });
    assert_eq!(task.await.unwrap().unwrap(), "spawned");
    let request = server.last_request().unwrap();
    assert_eq!(request.body, "author=john%40example.com&group=2&tag=spawned");
}

#[tokio::test]
async fn add_tag_then_list_all_and_by_group() {
    let (server, client) = setup().await;

    // POST /tags answers 200 with the new tag, counts at zero.
    let created = client.add_tag(&add_params("support", 0)).await.unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/tags"));
    assert_eq!(request.header("content-type"), Some(FORM));
    assert_eq!(request.header("x-api-version"), Some("2"));
    assert_eq!(request.body, "author=john%40example.com&group=0&tag=support");
    let tag: &Tag = &created;
    assert_eq!(tag.name, "support");
    assert_eq!(tag.author.as_deref(), Some(LOGIN));
    let date = tag.creation_date.expect("creation_date (unix seconds)");
    assert!((now() - date).abs() < 60, "creation_date {date} is not now");
    assert_eq!(tag.count, Some(TagCount { in_chats: Some(0), in_tickets: Some(0) }));
    assert_eq!(tag.group, Some(0));
    // Nothing of the answer is lost: the typed tag is the documented JSON.
    assert_eq!(
        serde_json::to_value(&created.body).unwrap(),
        json!({
            "name": "support",
            "author": LOGIN,
            "creation_date": date,
            "count": { "inChats": 0, "inTickets": 0 },
            "group": 0,
        })
    );

    client.add_tag(&add_params("sales", 1)).await.unwrap();
    client.add_tag(&add_params("billing", 0)).await.unwrap();

    // GET /tags: every group; each item has the documented shape.
    let all = client.list_tags(&ListTagsParams::new()).await.unwrap();
    assert_eq!(all.status(), StatusCode::OK);
    assert_eq!(server.last_request().unwrap().query, None);
    let mut all_names = names(&all);
    all_names.sort_unstable();
    assert_eq!(all_names, ["billing", "sales", "support"]);
    for tag in all.iter() {
        assert!(tag.creation_date.is_some() && tag.group.is_some(), "{tag:?}");
        let count = tag.count.as_ref().unwrap_or_else(|| panic!("no count in {tag:?}"));
        assert!(count.in_chats.is_some() && count.in_tickets.is_some(), "{tag:?}");
        assert_eq!(tag.author.as_deref(), Some(LOGIN));
    }
    // The typed list is exactly what the server sent: no field the types do not know, none renamed.
    let (status, wire) = raw(&server, Method::GET, "/tags", Some("2"), FORM, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::to_value(&all.body).unwrap(), wire);

    // GET /tags?group=1: only that group.
    let group1 = client.list_tags(&ListTagsParams::new().group(1)).await.unwrap();
    assert_eq!(server.last_request().unwrap().query.as_deref(), Some("group=1"));
    assert_eq!(names(&group1), ["sales"]);
    assert_eq!(group1[0].group, Some(1));

    let group0 = client.list_tags(&ListTagsParams::new().group(0)).await.unwrap();
    assert_eq!(server.last_request().unwrap().query.as_deref(), Some("group=0"));
    let mut group0_names = names(&group0);
    group0_names.sort_unstable();
    assert_eq!(group0_names, ["billing", "support"]);

    let empty = client.list_tags(&ListTagsParams::new().group(7)).await.unwrap();
    assert_eq!(empty.body, []);
}

#[tokio::test]
async fn update_chat_tags_sends_tag_brackets_in_order() {
    let (server, client) = setup().await;

    let response =
        client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams::new().tag(tag_list(&["a", "b"]))).await.unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.body,
        ChatTags {
            chats: Some(vec![ChatTagsChatsItem { id: Some(CHAT_ID.into()), tags: tags(&["a", "b"]) }]),
            total: Some(1),
            pages: Some(1),
        }
    );
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("PUT", "/chats/MH022RD0K5/tags"));
    assert_eq!(request.header("content-type"), Some(FORM));
    // tag[]=a&tag[]=b, brackets percent-encoded, order kept.
    assert_eq!(request.body, "tag%5B%5D=a&tag%5B%5D=b");
    assert_eq!(server.chat_tags(CHAT_ID), tags(&["a", "b"]));

    // A second update replaces the tags; the order is the caller's.
    let response =
        client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams::new().tag(tag_list(&["z", "a b"]))).await.unwrap();
    let chats = response.chats.as_deref().unwrap();
    assert_eq!(chats[0].tags, tags(&["z", "a b"]));
    assert_eq!(server.last_request().unwrap().body, "tag%5B%5D=z&tag%5B%5D=a+b");
    assert_eq!(server.chat_tags(CHAT_ID), tags(&["z", "a b"]));

    // No tags: an empty form body, still declared as a form; the chat loses its tags.
    let response = client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams::default()).await.unwrap();
    assert_eq!(response.chats.as_deref().unwrap()[0].tags, tags(&[]));
    let request = server.last_request().unwrap();
    assert_eq!(request.body, "");
    assert_eq!(request.header("content-type"), Some(FORM));
    assert_eq!(server.chat_tags(CHAT_ID), tags(&[]));
}

#[tokio::test]
async fn update_ticket_tags_returns_the_ticket() {
    let (server, client) = setup().await;

    let response = client
        .update_ticket_tags(TICKET_ID, &UpdateTicketTagsParams::new().tag(tag_list(&["support", "vip"])))
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.body,
        TicketTags {
            tickets: Some(vec![TicketTagsTicketsItem { id: Some(TICKET_ID.into()), tags: tags(&["support", "vip"]) }]),
            total: Some(1),
            pages: Some(1),
        }
    );
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("PUT", "/tickets/5FUED/tags"));
    assert_eq!(request.path_param.as_deref(), Some(TICKET_ID));
    assert_eq!(request.header("content-type"), Some(FORM));
    assert_eq!(request.body, "tag%5B%5D=support&tag%5B%5D=vip");
    assert_eq!(server.ticket_tags(TICKET_ID), tags(&["support", "vip"]));
}

#[tokio::test]
async fn tags_on_chats_and_tickets_are_counted() {
    let (_server, client) = setup().await;
    client.add_tag(&add_params("support", 0)).await.unwrap();
    client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams::new().tag(tag_list(&["support"]))).await.unwrap();
    client
        .update_ticket_tags(TICKET_ID, &UpdateTicketTagsParams::new().tag(tag_list(&["support", "other"])))
        .await
        .unwrap();

    let list = client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(list[0].name, "support");
    assert_eq!(list[0].count, Some(TagCount { in_chats: Some(1), in_tickets: Some(1) }));

    // Taking the tag off the chat lowers the count.
    client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams::new().tag(tag_list(&["other"]))).await.unwrap();
    let list = client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(list[0].count, Some(TagCount { in_chats: Some(0), in_tickets: Some(1) }));
}

#[tokio::test]
async fn update_tags_of_unknown_chat_or_ticket_is_404() {
    let (_server, client) = setup().await;

    let error = api_error(client.update_chat_tags("NOPE", &UpdateChatTagsParams::new().tag(tag_list(&["a"]))).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&error), "Chat not found");

    let error =
        api_error(client.update_ticket_tags("NOPE", &UpdateTicketTagsParams::new().tag(tag_list(&["a"]))).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&error), "Ticket not found");
}

#[tokio::test]
async fn delete_tag_removes_it() {
    let (server, client) = setup().await;
    client.add_tag(&add_params("support", 0)).await.unwrap();
    client.add_tag(&add_params("support", 1)).await.unwrap();

    let response = client.delete_tag("support", &DeleteTagParams::new(0)).await.unwrap();

    // DELETE answers 200 (not 204) with {"ok":true}; the group goes in the form body.
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.ok);
    assert_eq!(response.body, Deleted { ok: true });
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("DELETE", "/tags/support"));
    assert_eq!(request.header("content-type"), Some(FORM));
    assert_eq!(request.body, "group=0");
    assert_eq!(request.query, None);

    // Gone from group 0, still in group 1.
    let group0 = client.list_tags(&ListTagsParams::new().group(0)).await.unwrap();
    assert_eq!(group0.body, []);
    let all = client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(names(&all), ["support"]);
    assert_eq!(all[0].group, Some(1));

    // Deleting it again: it is not there any more.
    let error = api_error(client.delete_tag("support", &DeleteTagParams::new(0)).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert!(error_message(&error).contains("not found"), "{}", error_message(&error));
}

#[tokio::test]
async fn bad_credentials_are_401_with_json_error() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let wrong_key = Client::with_base_url(server.base_url()).basic_auth(LOGIN, "wrong-key");
    let wrong_login = Client::with_base_url(server.base_url()).basic_auth("eve@example.com", API_KEY);
    let no_auth = Client::with_base_url(server.base_url());

    for client in [wrong_key, wrong_login, no_auth] {
        let error = api_error(client.list_tags(&ListTagsParams::default()).await);
        assert_eq!(error.status, StatusCode::UNAUTHORIZED);
        assert!(!error_message(&error).is_empty());
        assert_eq!(error.headers.get("content-type").unwrap(), "application/json");
    }
    // The error is also reachable through the helpers on Error.
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, "wrong-key");
    let error = client.add_tag(&add_params("support", 0)).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    let payload = error.api_error().and_then(|e| e.payload.as_ref()).unwrap();
    assert_eq!(payload.error.as_deref(), Some("Invalid login or API key"));
    assert!(error.to_string().contains("401"), "{error}");
    assert!(server.tags().is_empty(), "a refused request changed the server's state");

    // The wire form of Basic auth: base64(login:api_key).
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].header("authorization"), Some("Basic am9obkBleGFtcGxlLmNvbTp3cm9uZy1rZXk="));
    assert_eq!(requests[2].header("authorization"), None);
}

#[tokio::test]
async fn basic_auth_wire_form() {
    let (server, client) = setup().await;
    client.list_tags(&ListTagsParams::default()).await.unwrap();
    // base64("john@example.com:c0ffee-5ecret-api-key")
    assert_eq!(
        server.last_request().unwrap().header("authorization"),
        Some("Basic am9obkBleGFtcGxlLmNvbTpjMGZmZWUtNWVjcmV0LWFwaS1rZXk=")
    );
}

#[tokio::test]
async fn delete_of_unknown_tag_is_404() {
    let (_server, client) = setup().await;
    client.add_tag(&add_params("support", 0)).await.unwrap();

    let error = api_error(client.delete_tag("nope", &DeleteTagParams::new(0)).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert!(error_message(&error).contains("not found"), "{}", error_message(&error));

    // A tag is found by group and name: `support` is not in group 3.
    let error = api_error(client.delete_tag("support", &DeleteTagParams::new(3)).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&error), "Tag \"support\" not found in group 3");
}

#[tokio::test]
async fn add_tag_sends_every_required_field_and_bad_values_are_400() {
    let (server, client) = setup().await;

    // The required fields are always sent, even when empty or zero.
    let error = api_error(client.add_tag(&AddTagParams::new("", 0, "")).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_message(&error), "The tag parameter cannot be empty");
    assert_eq!(server.last_request().unwrap().body, "author=&group=0&tag=");

    let without_author = AddTagParams::new("", 0, "support");
    let error = api_error(client.add_tag(&without_author).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_message(&error), "The author parameter cannot be empty");

    // A group is a non-negative integer.
    let error = api_error(client.add_tag(&add_params("support", -1)).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("must be an integer"), "{}", error_message(&error));
    assert_eq!(server.last_request().unwrap().body, "author=john%40example.com&group=-1&tag=support");

    assert!(server.tags().is_empty());
}

#[tokio::test]
async fn add_existing_tag_is_400() {
    let (_server, client) = setup().await;
    client.add_tag(&add_params("support", 0)).await.unwrap();
    let error = api_error(client.add_tag(&add_params("support", 0)).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("already exists"), "{}", error_message(&error));
    // The same name in another group is another tag.
    client.add_tag(&add_params("support", 1)).await.unwrap();
}

#[tokio::test]
async fn delete_tag_always_sends_the_group() {
    let (server, client) = setup().await;
    client.add_tag(&add_params("support", 1)).await.unwrap();

    // The default group is 0, and it is sent: `support` is not in group 0.
    let error = api_error(client.delete_tag("support", &DeleteTagParams::new(0)).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    let request = server.last_request().unwrap();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.body, "group=0");
    assert_eq!(server.tags().len(), 1, "the tag must not be deleted");

    let error = api_error(client.delete_tag("support", &DeleteTagParams::new(-1)).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("must be an integer"), "{}", error_message(&error));
    assert_eq!(server.tags().len(), 1, "the tag must not be deleted");
}

#[tokio::test]
async fn list_tags_with_negative_group_is_400() {
    let (server, client) = setup().await;
    let error = api_error(client.list_tags(&ListTagsParams::new().group(-1)).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("\"-1\""), "{}", error_message(&error));
    assert_eq!(server.last_request().unwrap().query.as_deref(), Some("group=-1"));
}

#[tokio::test]
async fn default_api_version_is_2_without_calling_api_version() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    // No `api_version` call anywhere.
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY);

    client.add_tag(&add_params("support", 0)).await.unwrap();
    client.list_tags(&ListTagsParams::default()).await.unwrap();
    client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams::new().tag(tag_list(&["support"]))).await.unwrap();
    client.update_ticket_tags(TICKET_ID, &UpdateTicketTagsParams::new().tag(tag_list(&["support"]))).await.unwrap();
    client.delete_tag("support", &DeleteTagParams::new(0)).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    for request in &requests {
        let versions: Vec<&str> =
            request.headers.iter().filter(|(n, _)| n == "x-api-version").map(|(_, v)| v.as_str()).collect();
        assert_eq!(versions, ["2"], "{} {}", request.method, request.path);
    }

    // The same from `Client::new()` and from a configuration of one's own.
    let client = Client::new();
    assert!(client.config().has_header("X-API-Version"));
    let client = Client::with_config(Config::new(server.base_url()).basic_auth(LOGIN, API_KEY));
    client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(server.last_request().unwrap().header("x-api-version"), Some("2"));
}

#[tokio::test]
async fn error_payload_is_typed() {
    let (_server, client) = setup().await;
    client.add_tag(&add_params("support", 0)).await.unwrap();

    let error = client.add_tag(&add_params("support", 0)).await.unwrap_err();
    let Error::Api(api) = error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    let payload: types::Error = api.payload.unwrap();
    assert_eq!(payload.error.as_deref(), Some("Tag \"support\" already exists in group 0"));
    assert_eq!(payload.errors, None);
    assert_eq!(payload, types::Error { error: Some("Tag \"support\" already exists in group 0".into()), errors: None });

    // A 404 and a 401 are typed the same way.
    let error = client.delete_tag("nope", &DeleteTagParams::new(0)).await.unwrap_err();
    assert_eq!(
        error.api_error().unwrap().payload.as_ref().unwrap().error.as_deref(),
        Some("Tag \"nope\" not found in group 0")
    );
    let anonymous = Client::with_base_url(client.config().base_url());
    let error = api_error(anonymous.list_tags(&ListTagsParams::default()).await);
    assert_eq!(error.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error.payload.unwrap().error.as_deref(), Some("Authentication required"));
}

#[tokio::test]
async fn missing_or_other_api_version_is_400() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;

    // The client cannot leave the header out, so send without it by hand.
    let (status, body) = raw(&server, Method::GET, "/tags", None, FORM, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({ "error": "The X-API-Version header is required" }));
    assert_eq!(server.last_request().unwrap().header("x-api-version"), None);

    // Another version is refused: `api_version` overrides the default.
    let v1 = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY).api_version("1");
    let error = api_error(v1.list_tags(&ListTagsParams::default()).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("X-API-Version"), "{}", error_message(&error));
    assert_eq!(server.last_request().unwrap().header("x-api-version"), Some("1"));

    // The header name is case-insensitive: a client setting it in another case works, and replaces (not adds to)
    // the value set by `api_version`.
    let lower = Client::with_base_url(server.base_url())
        .basic_auth(LOGIN, API_KEY)
        .api_version("1")
        .header("x-api-version", "2");
    let response = lower.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let request = server.last_request().unwrap();
    let versions: Vec<&str> =
        request.headers.iter().filter(|(n, _)| n == "x-api-version").map(|(_, v)| v.as_str()).collect();
    assert_eq!(versions, ["2"]);

    // A configuration that sets the header (in any case) keeps its value: the default is not added beside it.
    let own =
        Client::with_config(Config::new(server.base_url()).basic_auth(LOGIN, API_KEY).header("x-API-version", "1"));
    assert_eq!(api_error(own.list_tags(&ListTagsParams::default()).await).status, StatusCode::BAD_REQUEST);
    let request = server.last_request().unwrap();
    let versions: Vec<&str> =
        request.headers.iter().filter(|(n, _)| n == "x-api-version").map(|(_, v)| v.as_str()).collect();
    assert_eq!(versions, ["1"]);
}

#[tokio::test]
async fn tag_with_space_and_slash_round_trips_through_the_encoded_path() {
    let (server, client) = setup().await;

    let created = client.add_tag(&add_params("a b/c", 0)).await.unwrap();
    assert_eq!(created.name, "a b/c");
    assert_eq!(server.last_request().unwrap().body, "author=john%40example.com&group=0&tag=a+b%2Fc");

    let deleted = client.delete_tag("a b/c", &DeleteTagParams::new(0)).await.unwrap();
    assert!(deleted.ok);
    let request = server.last_request().unwrap();
    // One path segment on the wire; the server decodes it to exactly the name.
    assert_eq!(request.path, "/tags/a%20b%2Fc");
    assert_eq!(request.path_param.as_deref(), Some("a b/c"));
    assert!(server.tags().is_empty());
}

#[tokio::test]
async fn reserved_characters_stay_in_one_segment() {
    let (server, client) = setup().await;
    for name in ["x?y#z", "50%", "%2E%2E", "żółw", "..."] {
        let created = client.add_tag(&add_params(name, 0)).await.unwrap();
        assert_eq!(created.name, name);
        let deleted = client.delete_tag(name, &DeleteTagParams::new(0)).await;
        let request = server.last_request().unwrap();
        assert!(deleted.as_ref().is_ok_and(|d| d.ok), "delete {name:?}: raw path {}: {deleted:?}", request.path);
        assert_eq!(request.path_param.as_deref(), Some(name), "raw path {}", request.path);
        assert_eq!(request.query, None, "raw path {}", request.path);
    }
    assert!(server.tags().is_empty());
    let paths: Vec<String> = server.requests().into_iter().filter(|r| r.method == "DELETE").map(|r| r.path).collect();
    assert_eq!(paths, ["/tags/x%3Fy%23z", "/tags/50%25", "/tags/%252E%252E", "/tags/%C5%BC%C3%B3%C5%82w", "/tags/..."]);
}

/// A path parameter `.` or `..` must not change the route: it must either reach the server as that one segment
/// or be refused before sending (`Error::InvalidRequest`, nothing sent). URL parsers resolve `%2E`/`%2E%2E` as dot
/// segments (`DELETE /tags/%2E%2E` would become `DELETE /`), so swagen-runtime refuses such values.
#[tokio::test]
async fn dot_segment_path_parameters_do_not_change_the_route() {
    let (server, client) = setup().await;
    for name in ["..", "."] {
        let before = server.requests().len();
        let result = client.delete_tag(name, &DeleteTagParams::new(0)).await;
        let sent: Vec<String> =
            server.requests()[before..].iter().map(|r| format!("{} {}", r.method, r.path)).collect();
        match result {
            Err(Error::InvalidRequest(_)) => assert!(sent.is_empty(), "refused, yet sent {sent:?}"),
            _ => assert_eq!(
                server.last_request().and_then(|r| r.path_param),
                Some(name.to_owned()),
                "delete_tag({name:?}) sent {sent:?}: {result:?}"
            ),
        }
    }
    let before = server.requests().len();
    let result = client.update_chat_tags("..", &UpdateChatTagsParams::new().tag(tag_list(&["a"]))).await;
    let sent: Vec<String> = server.requests()[before..].iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))) && sent.is_empty()
            || sent.iter().all(|s| s.starts_with("PUT /chats/")),
        "update_chat_tags(\"..\") sent {sent:?}: {result:?}"
    );
}

#[tokio::test]
async fn header_with_crlf_is_refused_and_nothing_is_sent() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY).api_version("2\r\nX-Evil: 1");

    let result = client.list_tags(&ListTagsParams::default()).await;
    match result {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("X-API-Version"), "{message}"),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    let result = client.add_tag(&add_params("support", 0)).await;
    assert!(matches!(result, Err(Error::InvalidRequest(_))), "{result:?}");

    assert!(server.requests().is_empty(), "something was sent: {:?}", server.requests());
}

#[tokio::test]
async fn debug_output_hides_secrets() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let basic = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY).api_version("2");
    let bearer = Client::with_base_url(server.base_url()).bearer_auth("t0ken-s3cret").header("X-Custom", "hdr-s3cret");

    for debug in [format!("{basic:?}"), format!("{basic:#?}"), format!("{bearer:?}"), format!("{:?}", bearer.config())]
    {
        for secret in [API_KEY, "t0ken-s3cret", "hdr-s3cret"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(debug.contains(&server.base_url()), "{debug}");
    }

    // Nor does an error from a refused call carry the key.
    let wrong = Client::with_base_url(server.base_url()).basic_auth(LOGIN, "wrong-s3cret");
    let error = wrong.list_tags(&ListTagsParams::default()).await.unwrap_err();
    assert!(!format!("{error:?} {error}").contains("wrong-s3cret"));
}

#[tokio::test]
async fn bearer_auth_works_when_the_server_has_a_token() {
    let server = fake_livechat::start_with_bearer_token(LOGIN, API_KEY, "oauth-access-token").await;

    let client = Client::with_base_url(server.base_url()).bearer_auth("oauth-access-token");
    let created = client.add_tag(&add_params("support", 0)).await.unwrap();
    assert_eq!(created.name, "support");
    assert_eq!(server.last_request().unwrap().header("authorization"), Some("Bearer oauth-access-token"));

    let wrong = Client::with_base_url(server.base_url()).bearer_auth("another-token");
    let error = api_error(wrong.list_tags(&ListTagsParams::default()).await);
    assert_eq!(error.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_message(&error), "Invalid access token");

    // A server without a token refuses every bearer token.
    let plain = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(plain.base_url()).bearer_auth("oauth-access-token");
    assert_eq!(api_error(client.list_tags(&ListTagsParams::default()).await).status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn base_url_with_trailing_slash() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(format!("{}/", server.base_url())).basic_auth(LOGIN, API_KEY);
    client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(server.last_request().unwrap().path, "/tags");
}

// The fake itself, for requests the generated client never sends: the Postman collection's `tag[0]`/`tag[1]` keys,
// a body that is not a form, missing or non-integer fields the typed parameters cannot express.

#[tokio::test]
async fn fake_accepts_indexed_tag_keys() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let fake = &server;
    let put = move |path: &'static str, content_type: &'static str, body: &'static str| {
        raw(fake, Method::PUT, path, Some("2"), content_type, body)
    };

    let (status, body) = put("/chats/MH022RD0K5/tags", FORM, "tag%5B1%5D=b&tag%5B0%5D=a").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["chats"][0]["tags"], json!(["a", "b"]));

    // A plain `tag=a` is not a list.
    let (status, body) = put("/chats/MH022RD0K5/tags", FORM, "tag=a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].is_string());

    let (status, _) = put("/tickets/5FUED/tags", "text/plain", "tag[]=a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = put("/nowhere", FORM, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({ "error": "Not found" }));
}

#[tokio::test]
async fn fake_wants_group_and_integer_groups() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;

    // POST /tags without `group`, or with a group that is not an integer.
    let (status, body) = raw(&server, Method::POST, "/tags", Some("2"), FORM, "author=a&tag=support").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({ "error": "The group parameter is required" }));
    let (status, body) = raw(&server, Method::POST, "/tags", Some("2"), FORM, "author=a&group=abc&tag=support").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("must be an integer"), "{body}");
    let (status, _) = raw(&server, Method::POST, "/tags", Some("2"), FORM, "group=0&tag=support").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = raw(&server, Method::POST, "/tags", Some("2"), FORM, "author=a&group=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(server.tags().is_empty());

    // DELETE /tags/{tag} with an empty form body.
    let (status, _) = raw(&server, Method::POST, "/tags", Some("2"), FORM, "author=a&group=0&tag=support").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = raw(&server, Method::DELETE, "/tags/support", Some("2"), FORM, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({ "error": "The group parameter is required" }));
    assert_eq!(server.tags().len(), 1, "the tag must not be deleted");

    // GET /tags?group=a%26b: one query value, not an integer.
    let (status, body) = raw(&server, Method::GET, "/tags?group=a%26b", Some("2"), FORM, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("\"a&b\""), "{body}");
}
