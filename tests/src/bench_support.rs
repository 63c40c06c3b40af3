//! Shared by `benches/runtime_overhead.rs` and `benches/runtime_cpu.rs`: a loopback server answering
//! `GET /tags` with two LiveChat tags, and the same request written by hand with reqwest.

/// The body the server sends: two tags in LiveChat's format.
pub const TAGS: &str = r#"[{"name":"support","author":"jane@example.com","creation_date":1700000000,"count":{"inChats":3,"inTickets":1},"group":0},{"name":"sales","author":"john@example.com","creation_date":1700000001,"count":{"inChats":0,"inTickets":7},"group":0}]"#;

/// Starts the server on `rt` (127.0.0.1, a free port) and returns its base URL.
pub fn start_tags_server(rt: &tokio::runtime::Runtime) -> std::io::Result<String> {
    rt.block_on(async {
        let app = axum::Router::new()
            .route("/tags", axum::routing::get(|| async { ([("content-type", "application/json")], TAGS) }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(format!("http://{addr}"))
    })
}

/// `GET {url}/tags?group=0` as a person would write it with reqwest: Basic auth, `X-API-Version: 2`, JSON accepted;
/// the body's bytes (decoded by the caller with serde_json, as the generated client does).
pub async fn list_tags_by_hand(http: &reqwest::Client, tags_url: &str) -> reqwest::Result<bytes::Bytes> {
    list_tags_by_hand_within(http, tags_url, None).await
}

/// [`list_tags_by_hand`] with a whole-call timeout, as a careful person writes it (and as the generated client
/// sends it by default: 60 s).
pub async fn list_tags_by_hand_within(
    http: &reqwest::Client,
    tags_url: &str,
    timeout: Option<std::time::Duration>,
) -> reqwest::Result<bytes::Bytes> {
    let request = http.get(tags_url);
    let request = match timeout {
        Some(t) => request.timeout(t),
        None => request,
    };
    request
        .basic_auth("jane@example.com", Some("key"))
        .header("X-API-Version", "2")
        .header("Accept", "application/json")
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await
}
