//! The generated `livechat` client against the fake LiveChat REST API v2 (`swagen_e2e::fake_livechat`), over real
//! HTTP on 127.0.0.1. Each test starts its own server on a free port, so the tests can run in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use livechat::{
    AddTagParams, ApiError, Client, DeleteTagParams, Error, ErrorBody, ListTagsParams, ResponseValue,
    UpdateChatTagsParams, UpdateTicketTagsParams,
};
use serde_json::{json, Value};
use swagen_e2e::fake_livechat::{self, FakeLiveChat, CHAT_ID, TICKET_ID};
use swagen_runtime::reqwest::StatusCode;

const LOGIN: &str = "john@example.com";
const API_KEY: &str = "c0ffee-5ecret-api-key";

/// A fresh server and a client set up the way LiveChat wants: Basic auth and `X-API-Version: 2`.
async fn setup() -> (FakeLiveChat, Client) {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY).api_version("2");
    (server, client)
}

fn add_params(tag: &str, group: &str) -> AddTagParams {
    AddTagParams { tag: Some(tag.into()), author: Some(LOGIN.into()), group: Some(group.into()) }
}

fn tags(names: &[&str]) -> Option<Vec<String>> {
    Some(names.iter().map(|&n| n.to_owned()).collect())
}

/// The `Error::Api` of a failed call.
fn api_error(result: Result<ResponseValue<Value>, Error>) -> ApiError {
    match result {
        Err(Error::Api(e)) => *e,
        Err(other) => panic!("expected an API error, got {other:?}"),
        Ok(response) => panic!("expected an API error, got {} {}", response.status, response.body),
    }
}

/// The `{"error": "<message>"}` of an error answer.
fn error_message(error: &ApiError) -> &str {
    match &error.body {
        ErrorBody::Json(body) => body["error"].as_str().unwrap_or_else(|| panic!("no \"error\" string in {body}")),
        other => panic!("expected a JSON error body, got {other:?}"),
    }
}

/// The names in a list of tags.
fn names(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn add_tag_then_list_all_and_by_group() {
    let (server, client) = setup().await;

    // POST /tags answers 200 with the new tag, counts at zero.
    let created = client.add_tag(&add_params("support", "0")).await.unwrap();
    assert_eq!(created.status, StatusCode::OK);
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/tags"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(request.header("x-api-version"), Some("2"));
    assert_eq!(request.body, "author=john%40example.com&group=0&tag=support");
    let date = created.body["creation_date"].as_i64().expect("creation_date is an integer (unix seconds)");
    assert!((now() - date).abs() < 60, "creation_date {date} is not now");
    assert_eq!(
        created.body,
        json!({
            "name": "support",
            "author": LOGIN,
            "creation_date": date,
            "count": { "inChats": 0, "inTickets": 0 },
            "group": 0,
        })
    );

    client.add_tag(&add_params("sales", "1")).await.unwrap();
    client.add_tag(&add_params("billing", "0")).await.unwrap();

    // GET /tags: every group; each item has the documented shape.
    let all = client.list_tags(&ListTagsParams { group: None }).await.unwrap();
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(server.last_request().unwrap().query, None);
    let mut all_names = names(&all.body);
    all_names.sort_unstable();
    assert_eq!(all_names, ["billing", "sales", "support"]);
    for tag in all.body.as_array().unwrap() {
        assert!(tag["creation_date"].is_i64(), "{tag}");
        assert!(tag["group"].is_i64(), "{tag}");
        assert!(tag["count"]["inChats"].is_i64() && tag["count"]["inTickets"].is_i64(), "{tag}");
        assert_eq!(tag["author"], LOGIN);
    }

    // GET /tags?group=1: only that group.
    let group1 = client.list_tags(&ListTagsParams { group: Some("1".into()) }).await.unwrap();
    assert_eq!(server.last_request().unwrap().query.as_deref(), Some("group=1"));
    assert_eq!(names(&group1.body), ["sales"]);
    assert_eq!(group1.body[0]["group"], 1);

    let group0 = client.list_tags(&ListTagsParams { group: Some("0".into()) }).await.unwrap();
    let mut group0_names = names(&group0.body);
    group0_names.sort_unstable();
    assert_eq!(group0_names, ["billing", "support"]);

    let empty = client.list_tags(&ListTagsParams { group: Some("7".into()) }).await.unwrap();
    assert_eq!(empty.body, json!([]));
}

#[tokio::test]
async fn update_chat_tags_sends_tag_brackets_in_order() {
    let (server, client) = setup().await;

    let response = client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams { tag: tags(&["a", "b"]) }).await.unwrap();

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, json!({ "chats": [{ "id": CHAT_ID, "tags": ["a", "b"] }], "total": 1, "pages": 1 }));
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("PUT", "/chats/MH022RD0K5/tags"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    // tag[]=a&tag[]=b, brackets percent-encoded, order kept.
    assert_eq!(request.body, "tag%5B%5D=a&tag%5B%5D=b");
    assert_eq!(server.chat_tags(CHAT_ID), tags(&["a", "b"]));

    // A second update replaces the tags; the order is the caller's.
    let response = client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams { tag: tags(&["z", "a b"]) }).await.unwrap();
    assert_eq!(response.body["chats"][0]["tags"], json!(["z", "a b"]));
    assert_eq!(server.last_request().unwrap().body, "tag%5B%5D=z&tag%5B%5D=a+b");
    assert_eq!(server.chat_tags(CHAT_ID), tags(&["z", "a b"]));
}

#[tokio::test]
async fn update_ticket_tags_returns_the_ticket() {
    let (server, client) = setup().await;

    let response =
        client.update_ticket_tags(TICKET_ID, &UpdateTicketTagsParams { tag: tags(&["support", "vip"]) }).await.unwrap();

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.body,
        json!({ "pages": 1, "total": 1, "tickets": [{ "id": TICKET_ID, "tags": ["support", "vip"] }] })
    );
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("PUT", "/tickets/5FUED/tags"));
    assert_eq!(request.path_param.as_deref(), Some(TICKET_ID));
    assert_eq!(request.body, "tag%5B%5D=support&tag%5B%5D=vip");
    assert_eq!(server.ticket_tags(TICKET_ID), tags(&["support", "vip"]));
}

#[tokio::test]
async fn tags_on_chats_and_tickets_are_counted() {
    let (_server, client) = setup().await;
    client.add_tag(&add_params("support", "0")).await.unwrap();
    client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams { tag: tags(&["support"]) }).await.unwrap();
    client.update_ticket_tags(TICKET_ID, &UpdateTicketTagsParams { tag: tags(&["support", "other"]) }).await.unwrap();

    let list = client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(list.body[0]["name"], "support");
    assert_eq!(list.body[0]["count"], json!({ "inChats": 1, "inTickets": 1 }));

    // Taking the tag off the chat lowers the count.
    client.update_chat_tags(CHAT_ID, &UpdateChatTagsParams { tag: tags(&["other"]) }).await.unwrap();
    let list = client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(list.body[0]["count"], json!({ "inChats": 0, "inTickets": 1 }));
}

#[tokio::test]
async fn update_tags_of_unknown_chat_or_ticket_is_404() {
    let (_server, client) = setup().await;

    let error = api_error(client.update_chat_tags("NOPE", &UpdateChatTagsParams { tag: tags(&["a"]) }).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&error), "Chat not found");

    let error = api_error(client.update_ticket_tags("NOPE", &UpdateTicketTagsParams { tag: tags(&["a"]) }).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&error), "Ticket not found");
}

#[tokio::test]
async fn delete_tag_removes_it() {
    let (server, client) = setup().await;
    client.add_tag(&add_params("support", "0")).await.unwrap();
    client.add_tag(&add_params("support", "1")).await.unwrap();

    let response = client.delete_tag("support", &DeleteTagParams { group: Some("0".into()) }).await.unwrap();

    // DELETE answers 200 (not 204) with {"ok":true}; the group goes in the form body.
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, json!({ "ok": true }));
    let request = server.last_request().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("DELETE", "/tags/support"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(request.body, "group=0");
    assert_eq!(request.query, None);

    // Gone from group 0, still in group 1.
    let group0 = client.list_tags(&ListTagsParams { group: Some("0".into()) }).await.unwrap();
    assert_eq!(group0.body, json!([]));
    let all = client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(names(&all.body), ["support"]);
    assert_eq!(all.body[0]["group"], 1);

    // Deleting it again: it is not there any more.
    let error = api_error(client.delete_tag("support", &DeleteTagParams { group: Some("0".into()) }).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_credentials_are_401_with_json_error() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let wrong_key = Client::with_base_url(server.base_url()).basic_auth(LOGIN, "wrong-key").api_version("2");
    let wrong_login = Client::with_base_url(server.base_url()).basic_auth("eve@example.com", API_KEY).api_version("2");
    let no_auth = Client::with_base_url(server.base_url()).api_version("2");

    for client in [wrong_key, wrong_login, no_auth] {
        let error = api_error(client.list_tags(&ListTagsParams::default()).await);
        assert_eq!(error.status, StatusCode::UNAUTHORIZED);
        assert!(!error_message(&error).is_empty());
        assert_eq!(error.headers.get("content-type").unwrap(), "application/json");
    }
    // The error is also reachable through the helpers on Error.
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, "wrong-key").api_version("2");
    let error = client.add_tag(&add_params("support", "0")).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
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
    client.add_tag(&add_params("support", "0")).await.unwrap();

    let error = api_error(client.delete_tag("nope", &DeleteTagParams { group: Some("0".into()) }).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert!(error_message(&error).contains("not found"), "{}", error_message(&error));

    // A tag is found by group and name: `support` is not in group 3.
    let error = api_error(client.delete_tag("support", &DeleteTagParams { group: Some("3".into()) }).await);
    assert_eq!(error.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn add_tag_without_group_or_with_non_integer_group_is_400() {
    let (server, client) = setup().await;

    let without_group = AddTagParams { tag: Some("support".into()), author: Some(LOGIN.into()), group: None };
    let error = api_error(client.add_tag(&without_group).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_message(&error), "The group parameter is required");
    // The client sends no `group` field at all for `None`.
    assert_eq!(server.last_request().unwrap().body, "author=john%40example.com&tag=support");

    let error = api_error(client.add_tag(&add_params("support", "abc")).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("must be an integer"), "{}", error_message(&error));

    // tag and author are required too.
    let without_author = AddTagParams { tag: Some("support".into()), author: None, group: Some("0".into()) };
    assert_eq!(api_error(client.add_tag(&without_author).await).status, StatusCode::BAD_REQUEST);
    let without_tag = AddTagParams { tag: None, author: Some(LOGIN.into()), group: Some("0".into()) };
    assert_eq!(api_error(client.add_tag(&without_tag).await).status, StatusCode::BAD_REQUEST);

    assert!(server.tags().is_empty());
}

#[tokio::test]
async fn add_existing_tag_is_400() {
    let (_server, client) = setup().await;
    client.add_tag(&add_params("support", "0")).await.unwrap();
    let error = api_error(client.add_tag(&add_params("support", "0")).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("already exists"), "{}", error_message(&error));
    // The same name in another group is another tag.
    client.add_tag(&add_params("support", "1")).await.unwrap();
}

#[tokio::test]
async fn delete_tag_without_group_is_400() {
    let (server, client) = setup().await;
    client.add_tag(&add_params("support", "0")).await.unwrap();

    let error = api_error(client.delete_tag("support", &DeleteTagParams { group: None }).await);

    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_message(&error), "The group parameter is required");
    let request = server.last_request().unwrap();
    assert_eq!(request.method, "DELETE");
    // An empty form body, still declared as a form.
    assert_eq!(request.body, "");
    assert_eq!(server.tags().len(), 1, "the tag must not be deleted");
}

#[tokio::test]
async fn list_tags_with_non_integer_group_is_400() {
    let (server, client) = setup().await;
    let error = api_error(client.list_tags(&ListTagsParams { group: Some("a&b".into()) }).await);
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("\"a&b\""), "{}", error_message(&error));
    // The value is encoded as one query value.
    assert_eq!(server.last_request().unwrap().query.as_deref(), Some("group=a%26b"));
}

#[tokio::test]
async fn missing_api_version_is_400() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY);

    let error = api_error(client.list_tags(&ListTagsParams::default()).await);

    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&error).contains("X-API-Version"), "{}", error_message(&error));
    assert_eq!(server.last_request().unwrap().header("x-api-version"), None);

    // Another version is refused too.
    let v1 = Client::with_base_url(server.base_url()).basic_auth(LOGIN, API_KEY).api_version("1");
    assert_eq!(api_error(v1.list_tags(&ListTagsParams::default()).await).status, StatusCode::BAD_REQUEST);

    // The header name is case-insensitive: a client setting it in another case works, and replaces (not adds to)
    // the value set by `api_version`.
    let lower = Client::with_base_url(server.base_url())
        .basic_auth(LOGIN, API_KEY)
        .api_version("1")
        .header("x-api-version", "2");
    let response = lower.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(response.status, StatusCode::OK);
    let request = server.last_request().unwrap();
    let versions: Vec<&str> =
        request.headers.iter().filter(|(n, _)| n == "x-api-version").map(|(_, v)| v.as_str()).collect();
    assert_eq!(versions, ["2"]);
}

#[tokio::test]
async fn tag_with_space_and_slash_round_trips_through_the_encoded_path() {
    let (server, client) = setup().await;

    let created = client.add_tag(&add_params("a b/c", "0")).await.unwrap();
    assert_eq!(created.body["name"], "a b/c");
    assert_eq!(server.last_request().unwrap().body, "author=john%40example.com&group=0&tag=a+b%2Fc");

    let deleted = client.delete_tag("a b/c", &DeleteTagParams { group: Some("0".into()) }).await.unwrap();
    assert_eq!(deleted.body, json!({ "ok": true }));
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
        client.add_tag(&add_params(name, "0")).await.unwrap();
        let deleted = client.delete_tag(name, &DeleteTagParams { group: Some("0".into()) }).await;
        let request = server.last_request().unwrap();
        assert!(deleted.is_ok(), "delete {name:?}: raw path {}: {deleted:?}", request.path);
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
        let result = client.delete_tag(name, &DeleteTagParams { group: Some("0".into()) }).await;
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
    let result = client.update_chat_tags("..", &UpdateChatTagsParams { tag: tags(&["a"]) }).await;
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
    let result = client.add_tag(&add_params("support", "0")).await;
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
    let wrong = Client::with_base_url(server.base_url()).basic_auth(LOGIN, "wrong-s3cret").api_version("2");
    let error = wrong.list_tags(&ListTagsParams::default()).await.unwrap_err();
    assert!(!format!("{error:?} {error}").contains("wrong-s3cret"));
}

#[tokio::test]
async fn bearer_auth_works_when_the_server_has_a_token() {
    let server = fake_livechat::start_with_bearer_token(LOGIN, API_KEY, "oauth-access-token").await;

    let client = Client::with_base_url(server.base_url()).bearer_auth("oauth-access-token").api_version("2");
    let created = client.add_tag(&add_params("support", "0")).await.unwrap();
    assert_eq!(created.body["name"], "support");
    assert_eq!(server.last_request().unwrap().header("authorization"), Some("Bearer oauth-access-token"));

    let wrong = Client::with_base_url(server.base_url()).bearer_auth("another-token").api_version("2");
    assert_eq!(api_error(wrong.list_tags(&ListTagsParams::default()).await).status, StatusCode::UNAUTHORIZED);

    // A server without a token refuses every bearer token.
    let plain = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(plain.base_url()).bearer_auth("oauth-access-token").api_version("2");
    assert_eq!(api_error(client.list_tags(&ListTagsParams::default()).await).status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn base_url_with_trailing_slash() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let client = Client::with_base_url(format!("{}/", server.base_url())).basic_auth(LOGIN, API_KEY).api_version("2");
    client.list_tags(&ListTagsParams::default()).await.unwrap();
    assert_eq!(server.last_request().unwrap().path, "/tags");
}

// The fake itself, for requests the generated client never sends: the Postman collection's `tag[0]`/`tag[1]` keys,
// and a body that is not a form.

async fn raw_put(server: &FakeLiveChat, path: &str, content_type: &str, body: &str) -> (StatusCode, Value) {
    let response = swagen_runtime::reqwest::Client::new()
        .put(format!("{}{path}", server.base_url()))
        .basic_auth(LOGIN, Some(API_KEY))
        .header("X-API-Version", "2")
        .header("Content-Type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap())
}

#[tokio::test]
async fn fake_accepts_indexed_tag_keys() {
    let server = fake_livechat::start(LOGIN, API_KEY).await;
    let form = "application/x-www-form-urlencoded";

    let (status, body) = raw_put(&server, "/chats/MH022RD0K5/tags", form, "tag%5B1%5D=b&tag%5B0%5D=a").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["chats"][0]["tags"], json!(["a", "b"]));

    // A plain `tag=a` is not a list.
    let (status, body) = raw_put(&server, "/chats/MH022RD0K5/tags", form, "tag=a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].is_string());

    let (status, _) = raw_put(&server, "/tickets/5FUED/tags", "text/plain", "tag[]=a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = raw_put(&server, "/nowhere", form, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({ "error": "Not found" }));
}
