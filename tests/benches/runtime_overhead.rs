//! What a generated method costs over the same request written by hand with reqwest: `GET /tags?group=0` with
//! Basic auth, `X-API-Version: 2` and `Accept: application/json`, answered by a server on loopback (axum, in this
//! process) with two tags, decoded into `Vec<types::Tag>` by both. Run with
//! `cargo bench -p swagen-e2e --bench runtime_overhead`; compare the medians (the server's share is the same in both).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark setup, not library code

use divan::Bencher;
use livechat::types::Tag;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const TAGS: &str = r#"[{"name":"support","author":"jane@example.com","creation_date":1700000000,"count":{"inChats":3,"inTickets":1},"group":0},{"name":"sales","author":"john@example.com","creation_date":1700000001,"count":{"inChats":0,"inTickets":7},"group":0}]"#;

/// A runtime and the base URL of a server that answers `GET /tags` with [`TAGS`].
fn server() -> &'static (tokio::runtime::Runtime, String) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, String)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let url = rt.block_on(async {
            let app = axum::Router::new()
                .route("/tags", axum::routing::get(|| async { ([("content-type", "application/json")], TAGS) }));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            format!("http://{addr}")
        });
        (rt, url)
    })
}

#[divan::bench]
fn generated_method(b: Bencher) {
    let (rt, url) = server();
    let client = livechat::Client::with_base_url(url.clone()).basic_auth("jane@example.com", "key");
    let params = livechat::ListTagsParams { group: Some(0) };
    b.bench_local(|| {
        let tags = rt.block_on(client.list_tags(&params)).unwrap().into_inner();
        assert_eq!(tags.len(), 2);
        tags
    });
}

#[divan::bench]
fn hand_written_reqwest(b: Bencher) {
    let (rt, url) = server();
    let http = swagen_runtime::http_client_builder().build().unwrap();
    // (reqwest's `query` helper is an optional feature swagen does not need; the runtime encodes queries itself.)
    let tags_url = format!("{url}/tags?group=0");
    b.bench_local(|| {
        let body = rt
            .block_on(async {
                http.get(&tags_url)
                    .basic_auth("jane@example.com", Some("key"))
                    .header("X-API-Version", "2")
                    .header("Accept", "application/json")
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await
            })
            .unwrap();
        // (reqwest's `json` is an optional feature too; serde_json is what it would call.)
        let tags: Vec<Tag> = serde_json::from_slice(&body).unwrap();
        assert_eq!(tags.len(), 2);
        tags
    });
}
