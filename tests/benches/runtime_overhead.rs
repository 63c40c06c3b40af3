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

/// A runtime and the base URL of a server that answers `GET /tags` with two tags.
fn server() -> &'static (tokio::runtime::Runtime, String) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, String)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let url = swagen_e2e::bench_support::start_tags_server(&rt).unwrap();
        (rt, url)
    })
}

#[divan::bench]
fn generated_method(b: Bencher) {
    let (rt, url) = server();
    let client = livechat::Client::with_base_url(url.clone()).basic_auth("jane@example.com", "key");
    let params = livechat::ListTagsParams::new().group(0);
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
        let body = rt.block_on(swagen_e2e::bench_support::list_tags_by_hand(&http, &tags_url)).unwrap();
        // (reqwest's `json` is an optional feature too; serde_json is what it would call.)
        let tags: Vec<Tag> = serde_json::from_slice(&body).unwrap();
        assert_eq!(tags.len(), 2);
        tags
    });
}
