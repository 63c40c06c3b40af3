//! heck's case conversions, remembered per thread.
//!
//! A spec repeats the same words thousands of times (Kubernetes has `pretty`, `dryRun`, `metadata` and `apiVersion`
//! on hundreds of operations and models), and heck writes each converted character through a formatter. Each
//! distinct text is converted once per thread; the result is heck's, except that snake case keeps an acronym
//! together with the one lower-case letter that ends it (`ExecIDs` → `exec_ids`, `EnableIPv6` → `enable_ipv6`,
//! `HostIPs` → `host_ips`, where heck writes `exec_i_ds`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::cell::RefCell;
use std::collections::HashMap;

/// Texts longer than this are converted without being remembered (descriptions used as names, say).
const REMEMBERED_LEN: usize = 64;
/// The most texts remembered per conversion and thread; past it, conversions are no longer remembered.
const REMEMBERED_MAX: usize = 1 << 16;

thread_local! {
    static SNAKE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static CAMEL: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn remembered(
    memo: &'static std::thread::LocalKey<RefCell<HashMap<String, String>>>,
    text: &str,
    convert: fn(&str) -> String,
) -> String {
    if text.len() > REMEMBERED_LEN {
        return convert(text);
    }
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(hit) = m.get(text) {
            return hit.clone();
        }
        let out = convert(text);
        if m.len() < REMEMBERED_MAX {
            m.insert(text.to_owned(), out.clone());
        }
        out
    })
}

/// `text.to_snake_case()`, acronyms kept together (`IDs` is one word).
pub fn snake(text: &str) -> String {
    remembered(&SNAKE, text, |t| acronyms_as_words(t).to_snake_case())
}

/// `IDs` → `Ids`, `IPv6` → `Ipv6`: a run of two or more capitals followed by exactly one lower-case letter (a plural
/// `s`, the `v` of a version) is one word, written so heck reads it as one. `HTTPServer` is left alone (the run's
/// last capital starts the next word, as heck reads it).
fn acronyms_as_words(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Option<String> = None;
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        let lower_after = i + run < chars.len() && chars[i + run].is_ascii_lowercase();
        let single = lower_after && chars.get(i + run + 1).is_none_or(|c| !c.is_ascii_lowercase());
        if run >= 2 && single {
            let out = out.get_or_insert_with(|| chars[..i].iter().collect());
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            out.push(chars[i + run]);
            i += run + 1;
            continue;
        }
        let step = run.max(1);
        if let Some(out) = out.as_mut() {
            out.extend(&chars[i..i + step]);
        }
        i += step;
    }
    match out {
        Some(o) => o.into(),
        None => text.into(),
    }
}

/// `text.to_upper_camel_case()`.
pub fn upper_camel(text: &str) -> String {
    remembered(&CAMEL, text, |t| t.to_upper_camel_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_as_heck_whether_remembered_or_not() {
        let long = "a Description Used As A Name, which is longer than sixty-four characters in all";
        for text in ["dryRun", "dryRun", "HTTPServer", "x-ms-id", "", "日本self", long, long] {
            assert_eq!(snake(text), text.to_snake_case());
            assert_eq!(upper_camel(text), text.to_upper_camel_case());
        }
    }

    #[test]
    fn snake_case_keeps_acronyms_together() {
        for (text, snake_case) in [
            ("EnableIPv6", "enable_ipv6"),
            ("ExecIDs", "exec_ids"),
            ("HostIPs", "host_ips"),
            ("IPv4Address", "ipv4_address"),
            ("podIPs", "pod_ips"),
            ("HTTPServer", "http_server"),
            ("ID", "id"),
            ("NanoCPUs", "nano_cpus"),
            ("Id", "id"),
        ] {
            assert_eq!(snake(text), snake_case, "{text}");
        }
    }
}
