//! The generated LiveChat client when the server misbehaves, over real HTTP on 127.0.0.1: slow answers, 429 and
//! 503 with and without `Retry-After`, connections cut mid-body, answers too large to hold, and hooks that change
//! every request. Names say what each exercises: `cargo test -p swagen-e2e --test runtime_faults -- retry timeout
//! hook limit secret`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use livechat::{AddTagParams, Client, Config, Error, ListTagsParams, RetryPolicy};
use swagen_e2e::recorder::{Recorder, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "s3cr3t-api-key-never-shown";

fn client(url: String) -> Client {
    Client::with_config(Config::new(url).basic_auth("agent@example.com", SECRET))
}

fn tags() -> Reply {
    Reply::json(200, r#"[{"name": "vip", "author": "a@b.c", "creation_date": 1, "group": 0}]"#)
}

/// Neither the error's `Display` nor its `Debug` shows the secret.
fn assert_no_secret<E: std::fmt::Debug>(e: &Error<E>) {
    for text in [e.to_string(), format!("{e:?}")] {
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
}

/// A server that reads each request's head and then does `then` with the socket (sleep, half an answer…).
async fn raw_server<F, Fut>(then: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let then = Arc::new(then);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let then = then.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                then(socket).await;
            });
        }
    });
    url
}

#[tokio::test]
async fn timeout_a_slow_server_gives_a_timeout_error() {
    let url = raw_server(|socket| async move {
        let _open = socket; // hold the connection, answer nothing
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let started = Instant::now();
    let client = client(url).configure(|c| c.timeout(Duration::from_millis(300)).retry(RetryPolicy::none()));
    let e = client.list_tags(&ListTagsParams::default()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "the timeout did not stop the call: {:?}", started.elapsed());
    match &e {
        Error::Transport(t) => assert!(t.is_timeout(), "{e:?}"),
        other => panic!("expected a transport timeout, got {other:?}"),
    }
    assert!(e.to_string().contains("timed out") || e.to_string().contains("timeout"), "{e}");
    assert_no_secret(&e);
}

#[tokio::test]
async fn timeout_is_on_by_default_and_set_per_call_on_a_clone() {
    let config = Config::new("http://127.0.0.1:9");
    assert!(format!("{config:?}").contains("call: Some(60s)"), "{config:?}");
    let url = raw_server(|socket| async move {
        let _open = socket; // hold the connection, answer nothing
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let base = client(url).configure(|c| c.retry(RetryPolicy::none()));
    // One call with a short timeout, without rebuilding the client.
    let started = Instant::now();
    let one_call = base.clone().configure(|c| c.timeout(Duration::from_millis(200)));
    let e = one_call.list_tags(&ListTagsParams::default()).await;
    assert!(matches!(e, Err(Error::Transport(t)) if t.is_timeout()));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(format!("{:?}", base.config()).contains("call: Some(60s)"), "the original client keeps its timeout");
}

#[tokio::test]
async fn retry_429_honours_retry_after_then_succeeds() {
    let server =
        Recorder::start(vec![Reply::json(429, r#"{"error": "slow down"}"#).header("Retry-After", "1"), tags()]).await;
    let started = Instant::now();
    let answer = client(server.url()).list_tags(&ListTagsParams::default()).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(answer.len(), 1);
    assert_eq!(server.requests().len(), 2);
    assert!(waited >= Duration::from_millis(950), "retried before Retry-After: {waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}

#[tokio::test]
async fn retry_a_503_storm_is_bounded() {
    let server = Recorder::start(vec![Reply::json(503, r#"{"error": "unavailable"}"#)]).await;
    let policy = RetryPolicy::default().attempts(4).delays(Duration::from_millis(10), Duration::from_millis(50));
    let e =
        client(server.url()).configure(|c| c.retry(policy)).list_tags(&ListTagsParams::default()).await.unwrap_err();
    assert_eq!(server.requests().len(), 4, "exactly the policy's attempts");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(e.to_string(), "the server answered 503 Service Unavailable: unavailable");
    assert_no_secret(&e);
}

#[tokio::test]
async fn retry_only_idempotent_methods_unless_asked() {
    let server = Recorder::start(vec![Reply::json(503, "{}")]).await;
    let add = AddTagParams::new("a@b.c", 0, "vip");
    let fast = RetryPolicy::default().delays(Duration::from_millis(5), Duration::from_millis(10));
    let client = client(server.url()).configure(|c| c.retry(fast.clone()));
    client.add_tag(&add).await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "a POST is not retried by default");
    let client = client.configure(|c| c.retry(fast.any_method()));
    client.add_tag(&add).await.unwrap_err();
    assert_eq!(server.requests().len(), 4, "a POST is retried when the caller opts in");
}

#[tokio::test]
async fn retry_never_resends_a_body_that_cannot_be_replayed() {
    let server = Recorder::start(vec![Reply::json(503, "{}")]).await;
    let config = Config::new(server.url())
        .retry(RetryPolicy::default().delays(Duration::from_millis(5), Duration::from_millis(10)));
    let chunks = vec![Ok::<_, std::io::Error>(swagen_runtime::bytes::Bytes::from_static(b"once"))];
    let upload = swagen_runtime::Upload::stream(futures_util::stream::iter(chunks));
    let e = config.request(swagen_runtime::Method::PUT, "/upload".to_owned()).upload(&upload).send_unit::<()>().await;
    assert!(e.is_err());
    assert_eq!(server.requests().len(), 1, "a streamed body is sent once");
}

#[tokio::test]
async fn timeout_a_connection_cut_mid_body_is_an_error_not_a_hang() {
    let url = raw_server(|mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{\"name\":";
        let _ = socket.write_all(head.as_bytes()).await;
        let _ = socket.shutdown().await;
    })
    .await;
    let started = Instant::now();
    let e = client(url).list_tags(&ListTagsParams::default()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(!e.to_string().contains('\n'), "{e}");
    assert_no_secret(&e);
}

#[tokio::test]
async fn limit_a_huge_answer_is_refused() {
    // A declared length over the limit is refused before reading.
    let url = raw_server(|mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200000000\r\n\r\n[";
        let _ = socket.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let started = Instant::now();
    let e = client(url).configure(|c| c.max_answer_bytes(1 << 20)).list_tags(&ListTagsParams::default()).await;
    assert!(matches!(e, Err(Error::TooLarge(limit)) if limit == 1 << 20), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // A chunked answer without a length is cut off once it passes the limit.
    let url = raw_server(|mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = socket.write_all(head.as_bytes()).await;
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
        for _ in 0..100 {
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
    })
    .await;
    let e = client(url).configure(|c| c.max_answer_bytes(1 << 20)).list_tags(&ListTagsParams::default()).await;
    let e = e.unwrap_err();
    assert!(matches!(e, Error::TooLarge(_)), "{e:?}");
    assert_eq!(e.to_string(), "the answer is longer than the limit of 1048576 bytes");
}

#[tokio::test]
async fn hook_signs_every_request_and_sees_every_answer() {
    let server = Recorder::start(vec![Reply::json(503, "{}"), tags()]).await;
    let seen = Arc::new(AtomicUsize::new(0));
    let counted = seen.clone();
    let client = client(server.url()).configure(|c| {
        c.retry(RetryPolicy::default().delays(Duration::from_millis(5), Duration::from_millis(10)))
            .on_request(|call, request| {
                let value = format!("{}:{}:{}", call.operation.unwrap_or("?"), call.route.unwrap_or("?"), call.attempt);
                request.headers_mut().insert("x-signature", value.parse().map_err(|_| "bad header".to_owned())?);
                Ok(())
            })
            .on_response(move |_, response| {
                counted.fetch_add(usize::from(response.status().as_u16() > 0), Ordering::SeqCst);
            })
    });
    client.list_tags(&ListTagsParams::new().group(1)).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("x-signature"), Some("list_tags:/tags:1"));
    assert_eq!(requests[1].header("x-signature"), Some("list_tags:/tags:2"), "the hook runs on each try");
    assert_eq!(seen.load(Ordering::SeqCst), 2, "the answer hook saw both answers");
}

#[tokio::test]
async fn hook_that_refuses_stops_the_call_and_sends_nothing() {
    let server = Recorder::start(vec![tags()]).await;
    let client = client(server.url()).configure(|c| c.on_request(|_, _| Err("no credentials for signing".to_owned())));
    let e = client.list_tags(&ListTagsParams::default()).await.unwrap_err();
    assert_eq!(e.to_string(), "invalid request: no credentials for signing");
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn secret_never_in_errors_and_html_pages_are_one_line() {
    let page = "<!DOCTYPE html>\n<html><head><title>500</title></head>\n<body>\n<h1>Internal Server Error</h1>\n<p>The server broke.</p>\n</body></html>";
    let server = Recorder::start(vec![Reply::new(500, "text/html", page)]).await;
    let e = client(server.url()).list_tags(&ListTagsParams::default()).await.unwrap_err();
    let line = e.to_string();
    assert!(!line.contains('\n') && !line.contains('<'), "{line}");
    assert!(
        line.starts_with("the server answered 500 Internal Server Error: ") && line.contains("The server broke."),
        "{line}"
    );
    assert_no_secret(&e);
    // Connection refused: the cause is in the one line.
    let refused = client("http://127.0.0.1:9".to_owned()).configure(|c| c.retry(RetryPolicy::none()));
    let e = refused.list_tags(&ListTagsParams::default()).await.unwrap_err();
    let line = e.to_string();
    assert!(line.starts_with("request failed: ") && line.to_lowercase().contains("refused"), "{line}");
    assert!(!line.contains("127.0.0.1:9/tags"), "no URL in errors: {line}");
    assert_no_secret(&e);
}
