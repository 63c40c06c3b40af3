//! Streaming memory: 1 GiB down and 1 GiB up over loopback through the runtime's [`ByteStream`] and [`Upload`],
//! against a raw in-process HTTP/1.1 server that writes and reads in 64 KiB chunks. Prints throughput and the
//! process's peak resident memory (`VmHWM`, server included), which must stay far below the bytes moved (target:
//! 50 MB). Run with `cargo bench -p swagen-e2e --bench streaming` (`STREAM_MIB=N` for another size).
//!
//! [`ByteStream`]: swagen_runtime::ByteStream
//! [`Upload`]: swagen_runtime::Upload

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark setup, not library code

use std::time::Instant;
use swagen_runtime::bytes::Bytes;
use swagen_runtime::{Config, Method, Upload};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const CHUNK: usize = 64 << 10;

/// Peak resident set size of this process in kB (`VmHWM` in /proc/self/status).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `GET /down/N` answers N bytes; `PUT /up` reads the body (Content-Length or chunked) and answers its length.
async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((socket, _)) = listener.accept().await else { return };
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut reader = BufReader::new(read);
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" {
                    break;
                }
                head.push(line.to_ascii_lowercase());
            }
            let request = head.first().cloned().unwrap_or_default();
            if let Some(n) = request.strip_prefix("get /down/").and_then(|r| r.split(' ').next()) {
                let n: u64 = n.parse().unwrap_or(0);
                let hdr =
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {n}\r\n\r\n");
                write.write_all(hdr.as_bytes()).await.unwrap();
                let chunk = vec![7u8; CHUNK];
                let mut left = n;
                while left > 0 {
                    let k = left.min(CHUNK as u64) as usize;
                    if write.write_all(&chunk[..k]).await.is_err() {
                        return;
                    }
                    left -= k as u64;
                }
            } else {
                let chunked = head.iter().any(|h| h.starts_with("transfer-encoding: chunked"));
                let mut total = 0u64;
                let mut buf = vec![0u8; CHUNK];
                if chunked {
                    loop {
                        let mut size = String::new();
                        reader.read_line(&mut size).await.unwrap();
                        let n = u64::from_str_radix(size.trim(), 16).unwrap_or(0);
                        if n == 0 {
                            let mut end = String::new();
                            reader.read_line(&mut end).await.unwrap();
                            break;
                        }
                        let mut left = n;
                        while left > 0 {
                            let k = left.min(CHUNK as u64) as usize;
                            reader.read_exact(&mut buf[..k]).await.unwrap();
                            left -= k as u64;
                        }
                        total += n;
                        let mut crlf = [0u8; 2];
                        reader.read_exact(&mut crlf).await.unwrap();
                    }
                }
                let body = total.to_string();
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                write.write_all(answer.as_bytes()).await.unwrap();
            }
        });
    }
}

fn main() {
    let mib: u64 = std::env::var("STREAM_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    let bytes = mib << 20;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(serve(listener));
        let config = Config::new(base);
        let before = peak_rss_kb();

        let started = Instant::now();
        let answer = config.request(Method::GET, format!("/down/{bytes}")).send_stream::<()>().await.unwrap();
        let mut body = answer.into_inner();
        let mut down = 0u64;
        while let Some(chunk) = body.next_chunk::<()>().await.unwrap() {
            down += chunk.len() as u64;
        }
        assert_eq!(down, bytes);
        let down_secs = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let chunks = (bytes / CHUNK as u64) as usize;
        let source =
            futures_util::stream::iter((0..chunks).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![9u8; CHUNK]))));
        let upload = Upload::stream(source);
        let answer = config.request(Method::PUT, "/up".to_owned()).upload(&upload).send_text::<()>().await.unwrap();
        assert_eq!(answer.body, bytes.to_string());
        let up_secs = started.elapsed().as_secs_f64();

        let peak = peak_rss_kb();
        println!("streaming {mib} MiB over loopback (runtime ByteStream / Upload::stream, 64 KiB chunks):");
        println!("  down: {:.2} s, {:.0} MiB/s", down_secs, mib as f64 / down_secs);
        println!("  up:   {:.2} s, {:.0} MiB/s", up_secs, mib as f64 / up_secs);
        match (before, peak) {
            (Some(b), Some(p)) => {
                println!("  peak RSS: {:.1} MB (before the transfers: {:.1} MB)", p as f64 / 1000.0, b as f64 / 1000.0)
            }
            _ => println!("  peak RSS: not readable here (/proc/self/status)"),
        }
    });
}
