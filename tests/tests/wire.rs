//! The wire format of the generated `features` client (`tests/specs/features.yaml`), byte for byte, against the raw
//! recording server `swagen_e2e::recorder` on 127.0.0.1: request-targets exactly as sent (percent-encoding
//! included), header values, body bytes, multipart framing; and how answers are decoded (typed successes, typed
//! error payloads, decode errors), model JSON, auth and secrets.
//!
//! Query strings and form bodies are `application/x-www-form-urlencoded` (what `url`/`form_urlencoded` write):
//! space is `+`, and everything but ASCII letters, digits and `*-._` is `%XX` (`,` → `%2C`, `|` → `%7C`, tab →
//! `%09`, `$` → `%24`). Path parameters are one segment each: everything but RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`) is `%XX`, space is `%20`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use std::collections::BTreeMap;
use std::time::Duration;

use swagen_clients::features::{
    self, types, AddAnimalParams, Client, CreateItemError, CreateItemParams, GetItemSinceParams, GetStatusResponse,
    ListItemsParams, PatchTreeParams, SubmitFormParams, UploadParams, WriteBytesParams,
};
use swagen_e2e::recorder::{RawRequest, Recorder, Reply};
use swagen_runtime::reqwest::{self, StatusCode};
use swagen_runtime::serde_json::{self, json};
use swagen_runtime::{ApiError, ByteStream, Config, Error, ErrorBody, FilePart, Nullable, ResponseValue};

// ---------------------------------------------------------------------------------------------------------------
// helpers

/// A reqwest client that gives up rather than hang a test.
fn http() -> reqwest::Client {
    swagen_runtime::http_client_builder().timeout(Duration::from_secs(20)).build().unwrap()
}

/// A client for the recorder, with the spec's base path `/v1`, no auth.
fn client(server: &Recorder) -> Client {
    // No retries: these tests read each scripted answer once (retries are tested in runtime_faults.rs).
    let config = Config::new(format!("{}/v1", server.url())).http_client(http());
    Client::with_config(config.retry(swagen_runtime::RetryPolicy::none()))
}

fn string_list(items: &[&str]) -> Vec<String> {
    items.iter().map(|&s| s.to_owned()).collect()
}

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(string_list(items))
}

/// Method, request-target and body of a request, exactly.
fn assert_request(request: &RawRequest, method: &str, target: &str, body: &[u8]) {
    assert_eq!((request.method.as_str(), request.target.as_str()), (method, target), "method and target");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(body),
        "body of {method} {target} (as text)"
    );
    assert_eq!(request.body, body, "body of {method} {target} (bytes)");
    if body.is_empty() {
        assert!(!request.has_header("content-type"), "a request without body has a content type: {request:#?}");
    } else {
        let length = body.len().to_string();
        assert_eq!(request.header("content-length"), Some(length.as_str()), "content-length");
        assert!(!request.has_header("transfer-encoding"));
    }
}

/// The `Error::Api` of a failed call.
fn api_error<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<ResponseValue<T>, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(e)) => *e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// The message of an `Error::InvalidRequest`.
fn invalid_request<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<ResponseValue<T>, Error<E>>) -> String {
    match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

/// Asserts the client sent nothing at all: no request, not even a connection.
fn assert_nothing_sent(server: &Recorder) {
    assert_eq!(server.requests(), []);
    assert_eq!(server.connections(), 0, "the client connected although the request was refused");
}

/// A full `Item` with every awkward name set.
fn awkward_item() -> types::Item {
    types::Item {
        id: Some(1),
        name: "Widget \"1\" */ #]".to_owned(),
        r#type: Some("t".to_owned()),
        self_: Some("s".to_owned()),
        api_key: Some("k".to_owned()),
        with_space: Some("w".to_owned()),
        name_2: Some("N".to_owned()),
        size: Some(types::ItemSize::Plus1),
        level: Some(types::ItemLevel::Value0),
        price: Some(-0.5),
        created: Some("2024-01-02T03:04:05Z".parse().unwrap()),
        note: Nullable::Value("x".to_owned()),
        owner: Some("67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap()),
        born: Some("2024-02-29".parse().unwrap()),
        parent: Nullable::Null,
        meta: Some(BTreeMap::from([("b".to_owned(), json!(1)), ("a".to_owned(), json!([true, null]))])),
        counts: Some(BTreeMap::from([("z".to_owned(), 1), ("y".to_owned(), -2)])),
        tags: strings(&["p", "q"]),
    }
}

/// `awkward_item()` as JSON text, fields in declaration order, map keys sorted.
const AWKWARD_ITEM_JSON: &str = concat!(
    r#"{"id":1,"name":"Widget \"1\" */ #]","type":"t","self":"s","api-key":"k","with space":"w","Name":"N","#,
    r#""size":"+1","level":0,"price":-0.5,"created":"2024-01-02T03:04:05Z","note":"x","#,
    r#""owner":"67e55044-10b1-426f-9247-bb680e5fe0c8","born":"2024-02-29","parent":null,"meta":{"a":[true,null],"b":1},"#,
    r#""counts":{"y":-2,"z":1},"tags":["p","q"]}"#
);

fn minimal_item(name: &str) -> types::Item {
    serde_json::from_value(json!({ "name": name })).unwrap()
}

// ---------------------------------------------------------------------------------------------------------------
// query, header and form parameters

#[tokio::test]
async fn query_every_collection_format_and_awkward_names() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let params = ListItemsParams::new()
        .limit(5)
        .ids(vec![1, -2, 3])
        .tags(string_list(&["a b", "c"]))
        .names(string_list(&["x", "y z"]))
        .codes(string_list(&["p", "q|r"]))
        .status(string_list(&["open", "in progress", "żółw"]))
        .filter("name eq 'x,y'")
        .r#type("t&u=v")
        .self_("s=1;2")
        .params("p+q%20#")
        .x_trace(string_list(&["t1", "t 2"]))
        .x_flags(string_list(&["f1", "f2"]));
    let response = client(&server).list_items(&params).await.unwrap();
    assert_eq!((response.status(), response.body.as_slice()), (StatusCode::OK, &[][..]));

    let request = server.only_request();
    assert_request(
        &request,
        "GET",
        concat!(
            "/v1/items?limit=5",
            // csv
            "&ids=1%2C-2%2C3",
            // ssv: the separator is a space, like the one inside the first item
            "&tags=a+b+c",
            // tsv
            "&names=x%09y+z",
            // pipes
            "&codes=p%7Cq%7Cr",
            // multi
            "&status=open&status=in+progress&status=%C5%BC%C3%B3%C5%82w",
            // names that are keywords or look like syntax
            "&%24filter=name+eq+%27x%2Cy%27",
            "&type=t%26u%3Dv",
            "&self=s%3D1%3B2",
            "&params=p%2Bq%2520%23",
        ),
        b"",
    );
    assert_eq!(request.header("x-trace"), Some("t1|t 2"));
    assert_eq!(request.header("x-flags"), Some("f1,f2"));
    let host = server.url().trim_start_matches("http://").to_owned();
    assert_eq!(request.header("host"), Some(host.as_str()));
    assert!(!request.has_header("authorization"));
    assert!(!request.has_header("content-length"));
}

#[tokio::test]
async fn absent_params_send_nothing_and_empty_lists_send_one_empty_value() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let client = client(&server);
    client.list_items(&ListItemsParams::default()).await.unwrap();
    let empty_lists = ListItemsParams::new()
        .ids(vec![])
        .tags(vec![])
        .names(vec![])
        .codes(vec![])
        .status(vec![])
        .x_trace(vec![])
        .x_flags(vec![]);
    client.list_items(&empty_lists).await.unwrap();
    // An empty string is a value, unlike `None`.
    let empty_strings = ListItemsParams::new().filter("").r#type("").x_flags(string_list(&[""]));
    client.list_items(&empty_strings).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    // `None`: no field at all.
    assert_request(&requests[0], "GET", "/v1/items", b"");
    assert_eq!(requests[0].header_names(), ["accept", "host"], "{:#?}", requests[0]);
    // `Some(vec![])`: every list, whatever its collection format, once with an empty value.
    assert_request(&requests[1], "GET", "/v1/items?ids=&tags=&names=&codes=&status=", b"");
    assert_eq!(requests[1].header("x-trace"), Some(""));
    assert_eq!(requests[1].header("x-flags"), Some(""));
    assert_request(&requests[2], "GET", "/v1/items?%24filter=&type=", b"");
    assert_eq!(requests[2].header("x-flags"), Some(""));
}

/// The LiveChat client's `PUT /chats/{chat_id}/tags` replaces a chat's tags with the form list `tag[]`: no field
/// (`tag: None`) and an empty list (`Some(vec![])`, "remove every tag") must not be the same bytes.
#[tokio::test]
async fn livechat_tags_absent_and_empty_differ_and_an_empty_body_has_content_length_zero() {
    use livechat::UpdateChatTagsParams;
    let reply = r#"{"chats":[],"total":0,"pages":0}"#;
    let server = Recorder::start(vec![Reply::json(200, reply), Reply::json(200, reply), Reply::json(200, reply)]).await;
    let client = livechat::Client::with_config(Config::new(server.url()).http_client(http()));
    client.update_chat_tags("MH022RD0K5", &UpdateChatTagsParams::new()).await.unwrap();
    client.update_chat_tags("MH022RD0K5", &UpdateChatTagsParams::new().tag(vec![])).await.unwrap();
    let two = UpdateChatTagsParams::new().tag(vec!["a b".to_owned(), "c".to_owned()]);
    client.update_chat_tags("MH022RD0K5", &two).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let form = Some("application/x-www-form-urlencoded");
    // No field: an empty form body, announced with `Content-Length: 0` (RFC 9110 §8.6), not left without framing.
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("PUT", "/chats/MH022RD0K5/tags"));
    assert_eq!(requests[0].body, b"");
    assert_eq!(requests[0].header("content-length"), Some("0"), "{:#?}", requests[0]);
    assert!(!requests[0].has_header("transfer-encoding"));
    assert_eq!(requests[0].header("content-type"), form);
    // An empty list: the field once, empty.
    assert_request(&requests[1], "PUT", "/chats/MH022RD0K5/tags", b"tag%5B%5D=");
    assert_eq!(requests[1].header("content-type"), form);
    assert_request(&requests[2], "PUT", "/chats/MH022RD0K5/tags", b"tag%5B%5D=a+b&tag%5B%5D=c");
}

/// A POST, PUT or PATCH without any body parameter still says `Content-Length: 0`; a GET or DELETE without a body
/// sends no framing at all.
#[tokio::test]
async fn bodiless_post_has_content_length_zero_and_get_has_none() {
    let server = Recorder::start(vec![Reply::json(200, "[]"), Reply::json(200, "{}")]).await;
    let client = client(&server);
    client.list_items(&ListItemsParams::default()).await.unwrap();
    let raw = swagen_runtime::Config::new(server.url()).http_client(http());
    raw.request(swagen_runtime::Method::POST, "/v1/ping".to_owned()).send_unit::<()>().await.unwrap();
    let requests = server.requests();
    assert!(!requests[0].has_header("content-length"), "{:#?}", requests[0]);
    assert_eq!((requests[1].method.as_str(), requests[1].header("content-length")), ("POST", Some("0")));
    assert!(!requests[1].has_header("content-type"));
}

#[tokio::test]
async fn query_values_with_control_characters_are_percent_encoded() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let params = ListItemsParams::new().r#type("a\r\nb\0");
    client(&server).list_items(&params).await.unwrap();
    assert_request(&server.only_request(), "GET", "/v1/items?type=a%0D%0Ab%00", b"");
}

#[tokio::test]
async fn form_fields_in_every_collection_format() {
    let server = Recorder::start(vec![Reply::json(200, r#"{"ok":true}"#)]).await;
    let params = SubmitFormParams::new("a b&c=d+é")
        .csv(string_list(&["x", "y,z"]))
        .ssv(string_list(&["x", "y"]))
        .tsv(string_list(&["x", "y"]))
        .pipes(string_list(&["x", "y"]))
        .multi(string_list(&["x", "y", ""]));
    let response = client(&server).submit_form(&params).await.unwrap();
    assert_eq!(response.body, json!({"ok": true}));

    let request = server.only_request();
    assert_request(
        &request,
        "POST",
        "/v1/forms",
        b"name=a+b%26c%3Dd%2B%C3%A9&csv=x%2Cy%2Cz&ssv=x+y&tsv=x%09y&pipes=x%7Cy&multi=x&multi=y&multi=",
    );
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn form_with_only_the_required_field() {
    let server = Recorder::start(vec![Reply::empty(200)]).await;
    let response = client(&server).submit_form(&SubmitFormParams::new("")).await.unwrap();
    assert_eq!(response.body, serde_json::Value::Null, "an empty 200 body is JSON null");
    let request = server.only_request();
    assert_request(&request, "POST", "/v1/forms", b"name=");
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
}

// ---------------------------------------------------------------------------------------------------------------
// path parameters

#[tokio::test]
async fn path_parameters_are_one_percent_encoded_segment() {
    let cases = [
        ("a/b", "/v1/files/a%2Fb"),
        ("../admin", "/v1/files/..%2Fadmin"),
        ("..\\admin", "/v1/files/..%5Cadmin"),
        ("%2F", "/v1/files/%252F"),
        ("%2e%2e", "/v1/files/%252e%252e"),
        ("?x=1", "/v1/files/%3Fx%3D1"),
        ("#frag", "/v1/files/%23frag"),
        ("a b\tc", "/v1/files/a%20b%09c"),
        ("żółw 🐢", "/v1/files/%C5%BC%C3%B3%C5%82w%20%F0%9F%90%A2"),
        ("...", "/v1/files/..."),
        (".hidden", "/v1/files/.hidden"),
        ("AZaz09-._~", "/v1/files/AZaz09-._~"),
        ("+;,=@:!$&'()*", "/v1/files/%2B%3B%2C%3D%40%3A%21%24%26%27%28%29%2A"),
        ("a\r\nb", "/v1/files/a%0D%0Ab"),
    ];
    let server = Recorder::start(vec![Reply::text(200, "content")]).await;
    let client = client(&server);
    for (value, _) in cases {
        let response = client.read_text(value).await.unwrap();
        assert_eq!(response.body, "content");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), cases.len());
    for (request, (value, target)) in requests.iter().zip(cases) {
        assert_eq!(request.target, target, "read_text({value:?})");
        assert_request(request, "GET", target, b"");
    }
}

#[tokio::test]
async fn dot_segments_are_refused_and_nothing_is_sent() {
    let server = Recorder::start(vec![Reply::text(200, "secret")]).await;
    let client = client(&server);
    for value in [".", ".."] {
        let message = invalid_request(client.read_text(value).await);
        assert!(message.contains("`.` or `..`"), "{message}");
        invalid_request(client.read_bytes(value).await);
        invalid_request(client.write_bytes(value, &WriteBytesParams::new(b"x".to_vec())).await);
        invalid_request(client.get_by_codes(1, &[value.to_owned()]).await);
    }
    assert_nothing_sent(&server);
}

#[tokio::test]
async fn empty_path_parameter_is_refused() {
    let server = Recorder::start(vec![Reply::text(200, "listing")]).await;
    let client = client(&server);
    let refused = [
        matches!(client.read_text("").await, Err(Error::InvalidRequest(_))),
        matches!(client.read_bytes("").await, Err(Error::InvalidRequest(_))),
        matches!(client.get_by_codes(1, &[]).await, Err(Error::InvalidRequest(_))),
    ];
    let sent: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!((refused, sent), ([true; 3], Vec::<String>::new()), "(refused, request-targets sent instead)");
    assert_nothing_sent(&server);
}

#[tokio::test]
async fn list_and_integer_path_parameters() {
    let server = Recorder::start(vec![Reply::json(200, r#"{"name":"n"}"#)]).await;
    let client = client(&server);
    let codes = strings(&["a", "b c", "d/e", "f|g"]).unwrap();
    let item = client.get_by_codes(-7, &codes).await.unwrap();
    assert_eq!(item.body, minimal_item("n"));
    client.get_by_codes(0, &["..".to_owned(), "x".to_owned()]).await.unwrap();
    client.get_item(i64::MAX).await.unwrap();
    client.get_item(i64::MIN).await.unwrap();

    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/items/-7/path-lists/a%7Cb%20c%7Cd%2Fe%7Cf%7Cg",
            "/v1/items/0/path-lists/..%7Cx",
            "/v1/items/9223372036854775807",
            "/v1/items/-9223372036854775808",
        ]
    );
}

#[tokio::test]
async fn base_url_with_a_trailing_slash() {
    let server = Recorder::start(vec![Reply::text(200, "")]).await;
    let client = Client::with_config(Config::new(format!("{}/v1/", server.url())).http_client(http()));
    client.read_text("x").await.unwrap();
    assert_eq!(server.only_request().target, "/v1/files/x");
}

// ---------------------------------------------------------------------------------------------------------------
// multipart

/// The boundary of a `multipart/form-data; boundary=...` content type.
fn boundary(request: &RawRequest) -> String {
    let ct = request.header("content-type").expect("no content-type");
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap_or_else(|| panic!("content-type {ct}"));
    assert!(!boundary.is_empty() && !boundary.contains([';', ' ', '"']), "boundary {boundary:?}");
    boundary.to_owned()
}

/// The parts of a multipart body: (header lines, content). Panics unless the framing is exact.
fn parts(body: &[u8], boundary: &str) -> Vec<(Vec<String>, Vec<u8>)> {
    let delimiter = format!("--{boundary}").into_bytes();
    let end = format!("--{boundary}--\r\n").into_bytes();
    assert!(body.starts_with(&delimiter), "the body does not start with the boundary");
    assert!(body.ends_with(&end), "the body does not end with the closing boundary");
    // After the first delimiter, each part is "\r\n<head>\r\n\r\n<content>\r\n--boundary"; then "--\r\n".
    let separator = [b"\r\n".as_slice(), &delimiter].concat();
    let mut parts = Vec::new();
    let mut rest = body[delimiter.len()..body.len() - b"--\r\n".len()].to_vec();
    while !rest.is_empty() {
        assert!(rest.starts_with(b"\r\n"), "no CRLF after a boundary");
        let at = rest.windows(separator.len()).position(|w| w == separator).expect("unterminated part");
        let part = rest[2..at].to_vec();
        rest.drain(..at + separator.len());
        let split = part.windows(4).position(|w| w == b"\r\n\r\n").expect("a part without a head");
        let head = String::from_utf8(part[..split].to_vec()).unwrap();
        parts.push((head.split("\r\n").map(str::to_owned).collect(), part[split + 4..].to_vec()));
    }
    parts
}

/// A multipart body built from parts, as it must be on the wire.
fn multipart_body(boundary: &str, parts: &[(&[&str], &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (head, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n{}\r\n\r\n", head.join("\r\n")).as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn multipart_upload_with_every_part() {
    let server = Recorder::start(vec![Reply::json(200, r#"{"files":2,"labels":["l1","l2"]}"#)]).await;
    let params = UploadParams::new(
        FilePart::new("report.txt", b"hello\0\xff\r\n--not-a-boundary".to_vec()).content_type("text/plain"),
    )
    .extra(FilePart::new("x.bin", vec![1, 2, 3]))
    .description("d é \"q\"")
    .labels(string_list(&["l1", "l2"]))
    .sizes(vec![10, -20]);
    let response = client(&server).upload(&params).await.unwrap();
    assert_eq!(response.body, types::Upload { files: Some(2), labels: strings(&["l1", "l2"]) });

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/v1/uploads"));
    let boundary = boundary(&request);
    let expected: [(&[&str], &[u8]); 6] = [
        (
            &["Content-Disposition: form-data; name=\"file\"; filename=\"report.txt\"", "Content-Type: text/plain"],
            b"hello\0\xff\r\n--not-a-boundary",
        ),
        (
            &[
                "Content-Disposition: form-data; name=\"extra\"; filename=\"x.bin\"",
                "Content-Type: application/octet-stream",
            ],
            &[1, 2, 3],
        ),
        (&["Content-Disposition: form-data; name=\"description\""], "d é \"q\"".as_bytes()),
        (&["Content-Disposition: form-data; name=\"labels\""], b"l1"),
        (&["Content-Disposition: form-data; name=\"labels\""], b"l2"),
        (&["Content-Disposition: form-data; name=\"sizes\""], b"10,-20"),
    ];
    let got = parts(&request.body, &boundary);
    let want: Vec<(Vec<String>, Vec<u8>)> =
        expected.iter().map(|(h, c)| (h.iter().map(|&l| l.to_owned()).collect(), c.to_vec())).collect();
    assert_eq!(got, want);
    assert_request(&request, "POST", "/v1/uploads", &multipart_body(&boundary, &expected));
}

#[tokio::test]
async fn multipart_upload_with_only_the_required_file() {
    let server = Recorder::start(vec![Reply::json(200, "{}")]).await;
    let client = client(&server);
    let file = FilePart::new("we\"ird\\name.txt", Vec::new());
    client.upload(&UploadParams::new(file.clone())).await.unwrap();
    // Empty lists (not `None`) send their part once, empty.
    let empty_lists = UploadParams::new(file).labels(vec![]).sizes(vec![]);
    client.upload(&empty_lists).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let file_part: (&[&str], &[u8]) = (
        &[
            "Content-Disposition: form-data; name=\"file\"; filename=\"we\\\"ird\\\\name.txt\"",
            "Content-Type: application/octet-stream",
        ],
        b"",
    );
    let boundary0 = boundary(&requests[0]);
    assert_request(&requests[0], "POST", "/v1/uploads", &multipart_body(&boundary0, &[file_part]));
    let boundary1 = boundary(&requests[1]);
    let with_empty: [(&[&str], &[u8]); 3] = [
        file_part,
        (&["Content-Disposition: form-data; name=\"labels\""], b""),
        (&["Content-Disposition: form-data; name=\"sizes\""], b""),
    ];
    assert_request(&requests[1], "POST", "/v1/uploads", &multipart_body(&boundary1, &with_empty));
}

#[tokio::test]
async fn multipart_part_content_type_with_crlf_is_refused() {
    let server = Recorder::start(vec![Reply::json(200, "{}")]).await;
    let file = FilePart::new("a.txt", b"x".to_vec()).content_type("text/plain\r\nX-Injected: 1");
    invalid_request(client(&server).upload(&UploadParams::new(file)).await);
    assert_nothing_sent(&server);
}

#[tokio::test]
async fn multipart_file_name_with_crlf_is_refused() {
    let server = Recorder::start(vec![Reply::json(200, "{}")]).await;
    let file = FilePart::new("a.txt\r\nContent-Type: text/html\r\n\r\n<script>", b"x".to_vec());
    let result = client(&server).upload(&UploadParams::new(file)).await;
    for request in server.requests() {
        for (head, _) in parts(&request.body, &boundary(&request)) {
            assert!(!head.iter().any(|l| l.contains(['\r', '\n'])), "raw CR/LF in a part head: {head:?}");
        }
    }
    invalid_request(result);
    assert_nothing_sent(&server);
}

// ---------------------------------------------------------------------------------------------------------------
// bodies

#[tokio::test]
async fn json_body_exact_bytes() {
    let server = Recorder::start(vec![Reply::json(201, AWKWARD_ITEM_JSON)]).await;
    let response = client(&server).create_item(&CreateItemParams::new(awkward_item())).await.unwrap();
    assert_eq!((response.status(), &response.body), (StatusCode::CREATED, &awkward_item()));

    let request = server.only_request();
    assert_request(&request, "POST", "/v1/items", AWKWARD_ITEM_JSON.as_bytes());
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn merge_patch_body_with_its_content_type() {
    let answer = r#"{"root":{"value":"r","children":[{"value":"c"}]},"depth":2}"#;
    let server = Recorder::start(vec![Reply::json(200, answer)]).await;
    let client = client(&server);
    let node = types::Node {
        value: Some("leaf".to_owned()),
        parent: Some(Box::new(types::Node { value: Some("root".to_owned()), ..types::Node::default() })),
        children: Some(vec![types::Node::default()]),
    };
    let response = client.patch_tree(&PatchTreeParams::new().node(node)).await.unwrap();
    let root = types::Node {
        value: Some("r".to_owned()),
        parent: None,
        children: Some(vec![types::Node { value: Some("c".to_owned()), ..types::Node::default() }]),
    };
    assert_eq!(response.body, types::PatchTreeResponse { root: Some(root), depth: Some(2) });
    // The body is optional: absent, nothing is sent (and no content type).
    client.patch_tree(&PatchTreeParams::new()).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_request(&requests[0], "PATCH", "/v1/tree", br#"{"value":"leaf","parent":{"value":"root"},"children":[{}]}"#);
    assert_eq!(requests[0].header("content-type"), Some("application/merge-patch+json"));
    assert_request(&requests[1], "PATCH", "/v1/tree", b"");
}

#[tokio::test]
async fn raw_bytes_body() {
    let server = Recorder::start(vec![Reply::empty(204)]).await;
    let content = vec![0, 1, 0xff, 0xfe, b'\r', b'\n', b'{'];
    let response = client(&server).write_bytes("a b.bin", &WriteBytesParams::new(content.clone())).await;
    assert_eq!(response.unwrap().status(), StatusCode::NO_CONTENT);
    let request = server.only_request();
    assert_request(&request, "PUT", "/v1/files/a%20b.bin", &content);
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
}

// ---------------------------------------------------------------------------------------------------------------
// responses

#[tokio::test]
async fn text_and_binary_answers() {
    let binary = vec![0u8, 0x9f, 0x92, 0x96, 0xff, b'\r', b'\n'];
    let server = Recorder::start(vec![
        Reply::text(200, "héllo\r\nwörld\n"),
        Reply::new(200, "application/octet-stream", binary.clone()),
    ])
    .await;
    let client = client(&server);
    let text: ResponseValue<String> = client.read_text("t.txt").await.unwrap();
    assert_eq!(text.body, "héllo\r\nwörld\n");
    // A binary answer is a stream of chunks, read as it arrives.
    let bytes: ResponseValue<ByteStream> = client.read_bytes("b.bin").await.unwrap();
    assert_eq!(bytes.headers()["content-type"], "application/octet-stream");
    assert_eq!(bytes.into_inner().collect::<()>().await.unwrap(), binary);

    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/v1/files/t.txt", "/v1/files/b.bin/raw"]);
}

#[tokio::test]
async fn no_content_answer_is_unit() {
    let server = Recorder::start(vec![Reply::empty(204)]).await;
    let response: ResponseValue<()> = client(&server).delete_item(42).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_request(&server.only_request(), "DELETE", "/v1/items/42", b"");
}

#[tokio::test]
async fn two_success_types_by_status() {
    let server = Recorder::start(vec![
        Reply::json(200, r#"{"done":true}"#),
        Reply::json(202, r#"{"eta":30}"#),
        Reply::json(203, r#"{"other":[1]}"#),
    ])
    .await;
    let client = client(&server);
    let done = client.get_status().await.unwrap();
    assert_eq!(done.body, GetStatusResponse::Status200(types::StatusReport { done: Some(true) }));
    let accepted = client.get_status().await.unwrap();
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    assert_eq!(accepted.body, GetStatusResponse::Status202(types::Accepted { eta: Some(30) }));
    let other = client.get_status().await.unwrap();
    assert_eq!(other.body, GetStatusResponse::Other(json!({"other": [1]})));
    assert!(server.requests().iter().all(|r| r.target == "/v1/status"));
}

#[tokio::test]
async fn typed_error_payloads() {
    let server = Recorder::start(vec![
        Reply::json(404, r#"{"code":404,"message":"no items"}"#).header("X-Request-Id", "r-1"),
        Reply::json(503, r#"{"code":7,"message":"busy"}"#),
        Reply::json(404, r#"{"unexpected":true}"#),
    ])
    .await;
    let client = client(&server);
    let not_found = api_error(client.list_items(&ListItemsParams::default()).await);
    assert_eq!(not_found.status, StatusCode::NOT_FOUND);
    assert_eq!(not_found.payload, Some(types::Error { code: 404, message: "no items".to_owned() }));
    assert_eq!(not_found.body, ErrorBody::Json(json!({"code": 404, "message": "no items"})));
    assert_eq!(not_found.headers["x-request-id"], "r-1");
    // `default` documents every other status.
    let busy = api_error(client.list_items(&ListItemsParams::default()).await);
    assert_eq!(busy.payload, Some(types::Error { code: 7, message: "busy".to_owned() }));
    // JSON, but not the documented type: no payload, the body is kept.
    let odd = api_error(client.list_items(&ListItemsParams::default()).await);
    assert_eq!((odd.payload, odd.body), (None, ErrorBody::Json(json!({"unexpected": true}))));
}

#[tokio::test]
async fn error_payloads_by_status() {
    let server = Recorder::start(vec![
        Reply::new(400, "application/problem+json", r#"{"title":"bad name","status":400}"#),
        Reply::json(409, r#"{"code":9,"message":"exists"}"#),
        Reply::new(409, "text/html", "<html>conflict</html>"),
        Reply::json(500, r#"{"code":1,"message":"undocumented status"}"#),
        Reply::empty(400),
    ])
    .await;
    let client = client(&server);
    let params = CreateItemParams::new(minimal_item("n"));

    let bad = api_error(client.create_item(&params).await);
    let problem = types::Problem { title: Some("bad name".to_owned()), status: Some(400) };
    assert_eq!((bad.status, bad.payload), (StatusCode::BAD_REQUEST, Some(CreateItemError::Status400(problem))));

    let conflict = api_error(client.create_item(&params).await);
    let error = types::Error { code: 9, message: "exists".to_owned() };
    assert_eq!(conflict.payload, Some(CreateItemError::Status409(error)));

    let html = api_error(client.create_item(&params).await);
    assert_eq!((html.status, html.payload), (StatusCode::CONFLICT, None));
    assert_eq!(html.body, ErrorBody::Text("<html>conflict</html>".to_owned()));

    let undocumented = api_error(client.create_item(&params).await);
    assert_eq!(undocumented.payload, None);
    assert_eq!(undocumented.body, ErrorBody::Json(json!({"code": 1, "message": "undocumented status"})));

    let empty = api_error(client.create_item(&params).await);
    assert_eq!((empty.payload, empty.body), (None, ErrorBody::Empty));

    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    for request in requests {
        assert_request(&request, "POST", "/v1/items", br#"{"name":"n"}"#);
    }
}

#[tokio::test]
async fn success_body_that_does_not_match_is_a_decode_error() {
    let server = Recorder::start(vec![
        Reply::json(200, r#"{"id":"not a number","name":"n"}"#),
        Reply::json(200, r#"{"items":[]}"#),
        Reply::text(200, "not json"),
    ])
    .await;
    let client = client(&server);
    match client.create_item(&CreateItemParams::new(minimal_item("n"))).await {
        Err(Error::Decode(e)) => {
            assert_eq!((e.status, e.body.as_str()), (StatusCode::OK, r#"{"id":"not a number","name":"n"}"#));
            assert!(e.message.contains("invalid type"), "{}", e.message);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    for _ in 0..2 {
        match client.list_items(&ListItemsParams::default()).await {
            Err(Error::Decode(e)) => assert_eq!(e.status, StatusCode::OK),
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// models

#[test]
fn item_with_awkward_names_round_trips() {
    assert_eq!(serde_json::to_string(&awkward_item()).unwrap(), AWKWARD_ITEM_JSON);
    assert_eq!(serde_json::from_str::<types::Item>(AWKWARD_ITEM_JSON).unwrap(), awkward_item());
    // Only what is set is sent.
    assert_eq!(serde_json::to_string(&minimal_item("n")).unwrap(), r#"{"name":"n"}"#);
    // `null` for an optional property, unknown properties, any order; an x-nullable property's `null` is kept.
    let item: types::Item =
        serde_json::from_str(r#"{"Name":"N","note":null,"unknown":1,"name":"n","with space":"w","type":null}"#)
            .unwrap();
    let expected = types::Item {
        name_2: Some("N".to_owned()),
        with_space: Some("w".to_owned()),
        note: Nullable::Null,
        ..minimal_item("n")
    };
    assert_eq!(item, expected);
    // `name` is required.
    assert!(serde_json::from_str::<types::Item>(r#"{"Name":"N"}"#).is_err());
}

#[test]
fn string_enum_values_and_unknown_values() {
    use types::ItemSize;
    let cases = [
        (ItemSize::V2xl, r#""2xl""#),
        (ItemSize::Minus1, r#""-1""#),
        (ItemSize::Plus1, r#""+1""#),
        (ItemSize::Empty, r#""""#),
        (ItemSize::Xl, r#""XL""#),
        (ItemSize::Xl2, r#""xl""#),
        (ItemSize::Other("XXL".to_owned()), r#""XXL""#),
    ];
    for (value, text) in cases {
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
        assert_eq!(serde_json::from_str::<ItemSize>(text).unwrap(), value, "decoding {text}");
        assert_eq!(format!("\"{value}\""), text);
    }
    assert_eq!(serde_json::from_str::<ItemSize>(r#""Xl""#).unwrap(), ItemSize::Other("Xl".to_owned()));
    assert!(serde_json::from_str::<ItemSize>("1").is_err());
}

#[test]
fn integer_enum_values_and_unknown_values() {
    use types::ItemLevel;
    for (value, text) in
        [(ItemLevel::Minus1, "-1"), (ItemLevel::Value0, "0"), (ItemLevel::Value1, "1"), (ItemLevel::Other(7), "7")]
    {
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
        assert_eq!(serde_json::from_str::<ItemLevel>(text).unwrap(), value);
    }
    assert!(serde_json::from_str::<ItemLevel>(r#""1""#).is_err());
}

#[test]
fn recursive_and_merged_models() {
    let node = types::Node {
        value: Some("leaf".to_owned()),
        parent: Some(Box::new(types::Node {
            value: Some("mid".to_owned()),
            parent: Some(Box::new(types::Node { value: Some("root".to_owned()), ..types::Node::default() })),
            children: None,
        })),
        children: Some(vec![types::Node { children: Some(vec![]), ..types::Node::default() }]),
    };
    let text = r#"{"value":"leaf","parent":{"value":"mid","parent":{"value":"root"}},"children":[{"children":[]}]}"#;
    assert_eq!(serde_json::to_string(&node).unwrap(), text);
    assert_eq!(serde_json::from_str::<types::Node>(text).unwrap(), node);

    // allOf: NewPet's properties, then the second schema's, one flat object.
    let pet = types::Pet { name: "Rex".to_owned(), tag: Some("dog".to_owned()), id: 7 };
    assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex","tag":"dog","id":7}"#);
    assert_eq!(serde_json::from_str::<types::Pet>(r#"{"id":7,"name":"Rex","tag":"dog"}"#).unwrap(), pet);
    assert!(serde_json::from_str::<types::Pet>(r#"{"name":"Rex"}"#).is_err(), "id is required");

    let tree = types::Tree(vec![types::Tree(vec![]), types::Tree(vec![types::Tree(vec![])])]);
    assert_eq!(serde_json::to_string(&tree).unwrap(), "[[],[[]]]");
    assert_eq!(serde_json::from_str::<types::Tree>("[[],[[]]]").unwrap(), tree);

    let option = types::OptionModel { value: Some("v".to_owned()) };
    assert_eq!(serde_json::to_string(&option).unwrap(), r#"{"value":"v"}"#);
    let labels: types::Labels = BTreeMap::from([("b".to_owned(), "2".to_owned()), ("a".to_owned(), "1".to_owned())]);
    assert_eq!(serde_json::to_string(&labels).unwrap(), r#"{"a":"1","b":"2"}"#);
}

/// Parameter enums are typed (string, integer, list items), and a value the spec does not list still goes out as
/// written; times, days and ids in the query and the path are RFC 3339 / ISO 8601 / hyphenated text.
#[tokio::test]
async fn typed_parameters_enums_with_unknown_values_times_and_ids() {
    let server = Recorder::start(vec![Reply::json(200, "[]"), Reply::json(200, r#"{"name":"n"}"#)]).await;
    let params = ListItemsParams::new()
        .sort(types::ListItemsSort::Created)
        .priority(types::ListItemsPriority::from(7))
        .kinds(vec![types::ListItemsKinds::Cat, "hamster".into()])
        .since("2024-01-02T03:04:05.5+01:00".parse::<swagen_runtime::DateTime>().unwrap())
        .day("2024-02-29".parse::<swagen_runtime::Date>().unwrap());
    client(&server).list_items(&params).await.unwrap();
    let sent = server.requests();
    assert_request(
        &sent[0],
        "GET",
        "/v1/items?sort=created&priority=7&kinds=cat%2Chamster&since=2024-01-02T03%3A04%3A05.500%2B01%3A00&day=2024-02-29",
        b"",
    );
    assert_eq!(types::ListItemsPriority::from(7), types::ListItemsPriority::Other(7));
    assert_eq!(types::ListItemsSort::from("name"), types::ListItemsSort::Name);

    let id: swagen_runtime::Uuid = "67E55044-10B1-426F-9247-BB680E5FE0C8".parse().unwrap();
    let when = swagen_runtime::DateTime::from(
        swagen_runtime::chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z").unwrap(),
    );
    let order = GetItemSinceParams::new("oldest first".into());
    client(&server).get_item_since(id, when, &order).await.unwrap();
    assert_request(
        &server.requests()[1],
        "GET",
        "/v1/items/67e55044-10b1-426f-9247-bb680e5fe0c8/since/2024-01-02T03%3A04%3A05Z?order=oldest+first",
        b"",
    );
}

/// An optional field that may be `null` (`x-nullable`, `x-isnullable`) has three states on the wire: absent (not
/// sent), `null` (sent, to clear it) and a value; answers keep them apart too.
#[tokio::test]
async fn nullable_fields_absent_null_and_value() {
    let answer = r#"{"name":"a","note":null}"#;
    let server =
        Recorder::start(vec![Reply::json(200, answer), Reply::json(200, answer), Reply::json(200, answer)]).await;
    for (note, parent, body) in [
        (Nullable::Absent, Nullable::Absent, r#"{"name":"a"}"#),
        (Nullable::Null, Nullable::Value(3), r#"{"name":"a","note":null,"parent":3}"#),
        (Nullable::Value("n".to_owned()), Nullable::Null, r#"{"name":"a","note":"n","parent":null}"#),
    ] {
        let mut item = minimal_item("a");
        (item.note, item.parent) = (note, parent);
        let got = client(&server).create_item(&CreateItemParams::new(item)).await.unwrap().into_inner();
        assert_eq!((got.note, got.parent), (Nullable::Null, Nullable::Absent), "null and absent read apart");
        let request = server.requests().pop().unwrap();
        assert_eq!(String::from_utf8_lossy(&request.body), body);
    }
}

/// `discriminator`: `Animal` is an enum over its subtypes (`Cat`, and `Dog` whose `x-discriminator-value` is
/// `dog`), chosen by `kind`; a kind the spec does not list is kept whole as JSON, and the parent's own fields stay
/// reachable from any of them. Over the wire: the server's list decoded, the body sent as given.
#[tokio::test]
async fn discriminator_round_trip_with_an_unknown_subtype() {
    let answer = r#"[{"kind":"Cat","lives":9},{"kind":"dog","good":true},{"kind":"Axolotl","gills":6}]"#;
    let server = Recorder::start(vec![Reply::json(200, answer), Reply::json(201, r#"{"kind":"Axolotl"}"#)]).await;
    let animals = client(&server).list_animals().await.unwrap().into_inner();
    let [types::Animal::Cat(cat), types::Animal::Dog(dog), types::Animal::Other(other)] = &animals[..] else {
        panic!("{animals:?}")
    };
    assert_eq!((cat.kind.as_str(), cat.lives), ("Cat", Some(9)));
    assert_eq!((dog.kind.as_str(), dog.good), ("dog", true));
    assert_eq!(other, &json!({"kind": "Axolotl", "gills": 6}), "an unknown subtype keeps every field");
    let tags: Vec<Option<&str>> = animals.iter().map(types::Animal::tag).collect();
    assert_eq!(tags, [Some("Cat"), Some("dog"), Some("Axolotl")]);
    let kinds: Vec<String> = animals.iter().map(|a| a.fields().unwrap().kind).collect();
    assert_eq!(kinds, ["Cat", "dog", "Axolotl"], "the parent's fields, whatever the subtype");
    // Written back as read, subtype fields included.
    assert_eq!(serde_json::to_string(&animals).unwrap(), answer);
    // A known kind with a body that does not fit its subtype is an error, not silently `Other`.
    let wrong = serde_json::from_str::<types::Animal>(r#"{"kind":"dog","good":"very"}"#);
    assert!(wrong.unwrap_err().to_string().contains("invalid type"));

    let body = types::Animal::Other(json!({"kind": "Axolotl", "gills": 6}));
    let added = client(&server).add_animal(&AddAnimalParams::new(body)).await.unwrap();
    assert_eq!(added.tag(), Some("Axolotl"));
    let sent = &server.requests()[1];
    assert_request(sent, "POST", "/v1/animals", br#"{"kind":"Axolotl","gills":6}"#);
}

// ---------------------------------------------------------------------------------------------------------------
// auth and secrets

const PASSWORD: &str = "open sesame";
const TOKEN: &str = "tok-SECRET-3.x_y";
const HEADER_KEY: &str = "hk-SECRET-1";
const QUERY_KEY: &str = "qk SECRET&2=";

#[tokio::test]
async fn basic_auth() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    client(&server).basic_auth("Aladdin", PASSWORD).list_items(&ListItemsParams::default()).await.unwrap();
    let request = server.only_request();
    // RFC 7617's example.
    assert_eq!(request.header("authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    assert_eq!(request.target, "/v1/items");
}

#[tokio::test]
async fn bearer_auth() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    client(&server).bearer_auth(TOKEN).list_items(&ListItemsParams::default()).await.unwrap();
    assert_eq!(server.only_request().header("authorization"), Some("Bearer tok-SECRET-3.x_y"));
}

#[tokio::test]
async fn api_keys_in_header_and_query() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let client = client(&server).header_key(HEADER_KEY).query_key(QUERY_KEY);
    client.list_items(&ListItemsParams::new().limit(1)).await.unwrap();
    client.list_items(&ListItemsParams::default()).await.unwrap();
    let requests = server.requests();
    // The query key comes after the operation's parameters.
    assert_request(&requests[0], "GET", "/v1/items?limit=1&api_key=qk+SECRET%262%3D", b"");
    assert_request(&requests[1], "GET", "/v1/items?api_key=qk+SECRET%262%3D", b"");
    for request in &requests {
        assert_eq!(request.header("x-api-key"), Some(HEADER_KEY));
        assert!(!request.has_header("authorization"));
    }
}

#[tokio::test]
async fn every_credential_at_once_and_the_last_auth_wins() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let with_basic = client(&server).basic_auth("Aladdin", PASSWORD).header_key(HEADER_KEY).query_key(QUERY_KEY);
    with_basic.list_items(&ListItemsParams::default()).await.unwrap();
    with_basic.clone().bearer_auth(TOKEN).list_items(&ListItemsParams::default()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    assert_eq!(requests[1].header("authorization"), Some("Bearer tok-SECRET-3.x_y"));
    for request in &requests {
        assert_eq!(request.target, "/v1/items?api_key=qk+SECRET%262%3D");
        assert_eq!(request.header("x-api-key"), Some(HEADER_KEY));
    }
}

#[tokio::test]
async fn security_none_sends_no_credentials() {
    let server = Recorder::start(vec![Reply::json(200, r#"{"version":"1"}"#)]).await;
    let base = client(&server).header_key(HEADER_KEY).query_key(QUERY_KEY).header("X-Custom", "kept");
    for client in [base.clone().basic_auth("Aladdin", PASSWORD), base.bearer_auth(TOKEN)] {
        let info = client.public_info().await.unwrap();
        assert_eq!(info.body, BTreeMap::from([("version".to_owned(), "1".to_owned())]));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_request(&request, "GET", "/v1/public", b"");
        assert!(!request.has_header("authorization"), "{request:#?}");
        assert!(!request.has_header("x-api-key"), "{request:#?}");
        // Headers set on the client are not credentials: they are still sent.
        assert_eq!(request.header("x-custom"), Some("kept"));
        let raw = format!("{request:?}");
        for secret in ["SECRET", "QWxhZGRpbjpvcGVuIHNlc2FtZQ"] {
            assert!(!raw.contains(secret), "{secret} sent to an operation with `security: []`: {raw}");
        }
    }
}

/// Calls `list_items` with `client`, which the recorder redirects (302) to another origin (another port).
/// Returns the requests the first server and the other origin received.
async fn redirected(client: impl FnOnce(&Recorder) -> Client) -> (Vec<RawRequest>, Vec<RawRequest>) {
    let elsewhere = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let location = format!("{}/elsewhere", elsewhere.url());
    let server = Recorder::start(vec![Reply::empty(302).header("Location", &location)]).await;
    let _ = client(&server).list_items(&ListItemsParams::default()).await;
    (server.requests(), elsewhere.requests())
}

#[tokio::test]
async fn redirect_to_another_origin_drops_authorization() {
    let (first, elsewhere) = redirected(|server| client(server).basic_auth("Aladdin", PASSWORD)).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].header("authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    for request in elsewhere {
        assert!(!request.has_header("authorization"), "credentials sent to another origin: {request:#?}");
    }
}

#[tokio::test]
async fn redirect_to_another_origin_drops_the_api_key_header() {
    let (first, elsewhere) = redirected(|server| client(server).header_key(HEADER_KEY)).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].header("x-api-key"), Some(HEADER_KEY));
    for request in elsewhere {
        assert!(!request.has_header("x-api-key"), "the API key was sent to another origin: {request:#?}");
    }
}

#[tokio::test]
async fn header_values_with_crlf_are_refused_and_nothing_is_sent() {
    let server = Recorder::start(vec![Reply::json(200, "[]")]).await;
    let base = client(&server);
    let params = ListItemsParams::new().x_trace(string_list(&["ok", "a\r\nX-Injected: 1"]));
    let message = invalid_request(base.list_items(&params).await);
    assert!(message.contains("X-Trace") && !message.contains("X-Injected"), "{message}");
    let params = ListItemsParams::new().x_flags(string_list(&["a\nb"]));
    invalid_request(base.list_items(&params).await);
    let params = ListItemsParams::new().x_flags(string_list(&["a\rb"]));
    invalid_request(base.list_items(&params).await);

    let with_header = base.clone().header("X-Custom", "v\r\nX-Injected: 1");
    invalid_request(with_header.list_items(&ListItemsParams::default()).await);
    invalid_request(with_header.public_info().await);
    let with_key = base.clone().header_key("k\r\nX-Injected: 1");
    invalid_request(with_key.list_items(&ListItemsParams::default()).await);
    let with_password = base.clone().basic_auth("user\r\n", "pw");
    // Basic credentials are base64-encoded: CR/LF cannot reach the head.
    with_password.list_items(&ListItemsParams::default()).await.unwrap();
    let request = server.only_request();
    assert_eq!(request.header("authorization"), Some("Basic dXNlcg0KOnB3"));
    let with_token = base.bearer_auth("t\r\nX-Injected: 1");
    invalid_request(with_token.list_items(&ListItemsParams::default()).await);
    assert_eq!(server.requests().len(), 1, "only the basic-auth request was sent");
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let with_basic = Client::with_base_url("http://127.0.0.1:9/v1")
        .basic_auth("Aladdin", PASSWORD)
        .header_key(HEADER_KEY)
        .query_key(QUERY_KEY)
        .header("X-Session", "hdr-SECRET-4");
    let with_bearer = with_basic.clone().bearer_auth(TOKEN);
    for client in [&with_basic, &with_bearer] {
        for shown in [format!("{client:?}"), format!("{client:#?}"), format!("{:?}", client.config())] {
            for secret in [PASSWORD, TOKEN, HEADER_KEY, QUERY_KEY, "SECRET", "sesame"] {
                assert!(!shown.contains(secret), "{secret:?} in {shown}");
            }
            assert!(shown.contains("Aladdin") || shown.contains("Bearer"), "{shown}");
        }
    }

    // A transport error (the server hangs up without answering) does not carry the URL, which holds the query key.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hang_up = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    let client = Client::with_config(Config::new(format!("http://127.0.0.1:{port}/v1")).http_client(http()))
        .query_key(QUERY_KEY)
        .header_key(HEADER_KEY);
    let error = client.list_items(&ListItemsParams::default()).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    for shown in [format!("{error}"), format!("{error:?}")] {
        assert!(!shown.contains("SECRET") && !shown.contains("api_key"), "{shown}");
    }
    hang_up.abort();
}

// ---------------------------------------------------------------------------------------------------------------
// the blocking client, and the recorder itself

#[test]
fn blocking_client_sends_the_same_bytes() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(Recorder::start(vec![Reply::json(201, r#"{"name":"n"}"#), Reply::json(200, "[]")]));
    let client = features::blocking::Client::new(client(&server).basic_auth("Aladdin", PASSWORD)).unwrap();
    let created = client.create_item(&CreateItemParams::new(minimal_item("n"))).unwrap();
    assert_eq!(created.body, minimal_item("n"));
    client.list_items(&ListItemsParams::new().ids(vec![1, 2])).unwrap();
    let requests = server.requests();
    assert_request(&requests[0], "POST", "/v1/items", br#"{"name":"n"}"#);
    assert_request(&requests[1], "GET", "/v1/items?ids=1%2C2", b"");
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    }
}

/// Sends raw bytes to the recorder and returns its raw answer.
async fn raw_exchange(server: &Recorder, bytes: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server.url().trim_start_matches("http://")).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await.unwrap().unwrap();
    String::from_utf8(answer).unwrap()
}

#[tokio::test]
async fn recorder_reads_chunked_bodies_and_answers_as_scripted() {
    let server = Recorder::start(vec![Reply::json(201, "{}").header("X-A", "1")]).await;
    let answer = raw_exchange(
        &server,
        concat!(
            "POST /a%2Fb?x=1+2 HTTP/1.1\r\nHost: h\r\nX-Two:  v \r\nTransfer-Encoding: chunked\r\n\r\n",
            "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n",
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(
        answer,
        concat!(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-A: 1\r\n",
            "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
        )
    );
    let request = server.only_request();
    assert_eq!(
        (request.method.as_str(), request.target.as_str(), request.body.as_slice()),
        ("POST", "/a%2Fb?x=1+2", &b"abcde"[..])
    );
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(headers, [("Host", "h"), ("X-Two", "v"), ("Transfer-Encoding", "chunked")]);
}

#[tokio::test]
async fn recorder_fails_loudly_on_a_request_it_cannot_read() {
    let server = Recorder::start(vec![]).await;
    let answer = raw_exchange(&server, b"GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.requests()));
    assert!(result.is_err(), "requests() must panic after a request it could not read");
}

/// Every date-time in the Docker spec's examples (what dockerd writes: nanoseconds, eight digits, an offset, whole
/// seconds, `+00:00`) is read by `DateTime` as the same instant it is written back as; UTC times with 0, 3, 6 or 9
/// digits come back byte for byte.
#[test]
fn docker_example_times_round_trip() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/docker.yaml")).unwrap();
    let mut forms = std::collections::BTreeSet::new();
    for token in spec.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',') {
        let b = token.as_bytes();
        let looks =
            b.len() >= 20 && b[4] == b'-' && b[10] == b'T' && b[13] == b':' && b[..4].iter().all(u8::is_ascii_digit);
        if !looks {
            continue;
        }
        let t: swagen_runtime::DateTime = token.parse().unwrap_or_else(|e| panic!("{e}"));
        let written = t.to_string();
        assert_eq!(written.parse::<swagen_runtime::DateTime>().unwrap(), t, "{token}: the same instant");
        // Byte for byte unless the text had a longer form of the same instant (`+00:00` for `Z`, trailing zeros).
        let fraction: String = token
            .split_once('.')
            .map(|(_, f)| f.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        if token.ends_with('Z') && [0, 3, 6, 9].contains(&fraction.len()) && !fraction.ends_with("000") {
            assert_eq!(written, token, "written back as read");
        }
        forms.insert(token.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect::<String>());
    }
    let expected = [
        "9999-99-99T99:99:99.999999999+99:99",
        "9999-99-99T99:99:99.999999999Z",
        "9999-99-99T99:99:99.99999999Z",
        "9999-99-99T99:99:99Z",
    ];
    for form in expected {
        assert!(forms.contains(form), "{form} in {forms:?}");
    }
}
