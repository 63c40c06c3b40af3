//! CPU (not wall) time per request: a generated method vs the same request by hand with reqwest, against the same
//! in-process loopback server as `runtime_overhead.rs`. Wall times of loopback round trips swing by ±15% on a shared
//! 2-core machine; the process's CPU time (user + system, from /proc/self/stat) over many requests does not.
//! Rounds alternate the two variants. Run with `cargo bench -p swagen-e2e --bench runtime_cpu`. The generated client
//! sends each call with its default 60 s timeout, so the hand-written request gets the same timeout (like for like);
//! `RUNTIME_CPU_PLAIN=1` compares both without a timeout (and the generated one without retries).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark setup, not library code

use livechat::types::Tag;

const REQUESTS: u32 = 20_000;
const ROUNDS: usize = 5;

/// This process's user + system CPU time in clock ticks (fields 14 and 15 of /proc/self/stat).
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

fn main() {
    if cpu_ticks().is_none() {
        eprintln!("runtime_cpu: /proc/self/stat is not readable here; nothing measured");
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let url = swagen_e2e::bench_support::start_tags_server(&rt).unwrap();
    let client = livechat::Client::with_base_url(url.clone()).basic_auth("jane@example.com", "key");
    // `RUNTIME_CPU_PLAIN=1`: without the default call timeout and retries, to see what those cost.
    let client = if std::env::var_os("RUNTIME_CPU_PLAIN").is_some() {
        let timeouts = swagen_runtime::Timeouts { call: None, ..Default::default() };
        client.configure(|c| c.timeouts(timeouts).retry(livechat::RetryPolicy::none()))
    } else {
        client
    };
    let params = livechat::ListTagsParams::new().group(0);
    let http = swagen_runtime::http_client_builder().build().unwrap();
    let tags_url = format!("{url}/tags?group=0");

    let generated = || {
        for _ in 0..REQUESTS {
            let tags = rt.block_on(client.list_tags(&params)).unwrap().into_inner();
            assert_eq!(tags.len(), 2);
        }
    };
    // By hand with the same whole-call timeout the generated client sends by default (60 s), unless plain.
    let timeout = std::env::var_os("RUNTIME_CPU_PLAIN").is_none().then(|| std::time::Duration::from_secs(60));
    let by_hand = || {
        for _ in 0..REQUESTS {
            let request = swagen_e2e::bench_support::list_tags_by_hand_within(&http, &tags_url, timeout);
            let body = rt.block_on(request).unwrap();
            let tags: Vec<Tag> = serde_json::from_slice(&body).unwrap();
            assert_eq!(tags.len(), 2);
        }
    };
    let measure = |f: &dyn Fn()| {
        let before = cpu_ticks().unwrap_or(0);
        f();
        cpu_ticks().unwrap_or(0).saturating_sub(before)
    };
    measure(&generated); // warm up both (connections, allocator)
    measure(&by_hand);
    let (mut g_total, mut h_total) = (0, 0);
    for round in 1..=ROUNDS {
        let g = measure(&generated);
        let h = measure(&by_hand);
        g_total += g;
        h_total += h;
        println!("round {round}: generated {g} ticks, by hand {h} ticks ({REQUESTS} requests each)");
    }
    let per = |t: u64| t as f64 * 10_000.0 / f64::from(REQUESTS * ROUNDS as u32); // 100 ticks/s -> µs
    println!(
        "CPU per request: generated {:.1} µs, by hand {:.1} µs; generated costs {:+.1}%",
        per(g_total),
        per(h_total),
        (g_total as f64 / h_total as f64 - 1.0) * 100.0
    );
}
