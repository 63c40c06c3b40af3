//! [Prism](https://github.com/stoplightio/prism) (npm `@stoplight/prism-cli`), a validating mock server, run on a
//! spec so the generated clients can be checked against an independent implementation of Swagger 2.0: Prism
//! validates every request against the spec (path, method, parameters, headers, security, body) and answers
//! 422 (or the spec's 400) with the reasons when it is not valid.
//!
//! [`start`] installs it on first use ([`ensure_installed`]: `scripts/prism.sh` into `target/prism`), then runs
//! `prism mock <spec> --host 127.0.0.1 --port <free port>`, waits until it listens and captures its log; the
//! server is killed when the [`Prism`] is dropped. When the install fails, [`start`] fails with a message saying
//! how to install it by hand; only an explicit `SWAGEN_SKIP_PRISM=1` makes it return `None` (with a note).
//!
//! Prism is started without `--errors`: invalid *requests* are rejected without it (Prism 5 always answers
//! 422, or the spec's own 400, to a request that breaks the spec), and `--errors` would also turn every
//! *response* violation (the Docker spec's examples often do not match its own schemas) into a 500, hiding
//! the answer from the client's decoder.
//!
//! How a rejection shows (Prism 5.14):
//! - the answer carries a header `sl-violations: [{"location": ["request", "query", "limit"], "severity":
//!   "Error", "code": "type", "message": "..."}]` (also for response violations, with location `response`);
//! - or the answer is an `application/problem+json` of Prism's own: `{"type":
//!   "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY", "title": "Invalid request", "status": 422,
//!   "detail": "...", "validation": [{"location": ["body"], ...}]}`, or `#UNAUTHORIZED` (401, security not
//!   met), `#NO_PATH_MATCHED_ERROR` (404), `#NO_METHOD_MATCHED_ERROR` (405), ...;
//! - and the log says `Request did not pass the validation rules`, then one `✖ error` line per reason
//!   (`Violation: request.query.limit ...`), or `Request terminated with error: <type>: <title>`.
//!
//! [`Prism::mark`] sends a request to a path no spec has (`/__swagen_mark__/<label>`) so that the log can be cut
//! into one piece per call ([`Prism::log_by_mark`]).
//!
//! [`calls`] is the harness the Prism tests share: it calls a client's operations against Prism, judges each call
//! with [`judge_answer`] and [`judge_log`], and prints and checks the result.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

pub mod calls;

/// Set to `1` to skip the Prism tests (they print a note and pass).
pub const SKIP_ENV: &str = "SWAGEN_SKIP_PRISM";
/// Overrides where the `prism` binary is (default: `target/prism/node_modules/.bin/prism` in the workspace).
pub const BIN_ENV: &str = "SWAGEN_PRISM_BIN";

const MARK_PREFIX: &str = "/__swagen_mark__/";
const START_TIMEOUT: Duration = Duration::from_secs(90);
const PRISM_ERROR_TYPE: &str = "https://stoplight.io/prism/errors#";

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Where the `prism` binary is expected.
pub fn prism_bin() -> PathBuf {
    match std::env::var_os(BIN_ENV) {
        Some(bin) if !bin.is_empty() => PathBuf::from(bin),
        _ => workspace_root().join("target/prism/node_modules/.bin/prism"),
    }
}

/// The `prism` binary, installed on first use: when it is missing (and `SWAGEN_PRISM_BIN` does not name one),
/// `scripts/prism.sh` installs the pinned version into `target/prism` (about 15 s; Debian's `nodejs` and `npm`
/// first when the machine has none and runs as root). Test binaries and the tests inside one run in parallel, so
/// the install holds an exclusive lock on `target/prism.lock`: the first caller installs, the others wait and then
/// find the binary. `Err` says what failed and the one command that installs Prism by hand.
pub fn ensure_installed() -> Result<PathBuf, String> {
    let bin = prism_bin();
    if bin.is_file() || std::env::var_os(BIN_ENV).is_some_and(|b| !b.is_empty()) {
        return Ok(bin);
    }
    let root = workspace_root();
    let target = root.join("target");
    std::fs::create_dir_all(&target).map_err(|e| format!("could not create {}: {e}", target.display()))?;
    let lock_path = target.join("prism.lock");
    let lock = std::fs::File::create(&lock_path).map_err(|e| format!("could not open {}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("could not lock {}: {e}", lock_path.display()))?;
    if bin.is_file() {
        return Ok(bin); // another test binary installed it while this one waited
    }
    eprintln!("note: Prism is not installed; installing it with `bash scripts/prism.sh` (once, into target/prism)");
    let out = Command::new("bash")
        .arg(root.join("scripts/prism.sh"))
        .current_dir(&root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run bash scripts/prism.sh: {e}"))?;
    if !out.status.success() || !bin.is_file() {
        return Err(format!(
            "Prism is not installed and `bash scripts/prism.sh` failed ({}):\n{}\n\
             Install it by hand with `bash scripts/prism.sh` (npm install of @stoplight/prism-cli into \
             target/prism; needs Node.js and npm), or set {SKIP_ENV}=1 to skip the Prism tests.",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    Ok(bin)
}

/// Whether `SWAGEN_SKIP_PRISM=1` is set.
pub fn skipped() -> bool {
    std::env::var(SKIP_ENV).is_ok_and(|v| v == "1")
}

/// A running `prism mock` server. Killed on drop.
pub struct Prism {
    child: Child,
    base_url: String,
    addr: String,
    log: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

/// Starts Prism on `spec` (a path relative to the workspace root, or absolute) on a free port of 127.0.0.1 and
/// waits until it accepts connections.
///
/// `Ok(None)` when `SWAGEN_SKIP_PRISM=1` (a note is printed). `Err` with an explanation when the binary is
/// missing, when Prism exits early or does not listen in time (with its log).
pub fn start(spec: &str) -> Result<Option<Prism>, String> {
    if skipped() {
        eprintln!("note: {SKIP_ENV}=1: skipping the Prism test on {spec}");
        return Ok(None);
    }
    let bin = ensure_installed()?;
    let spec_path = workspace_root().join(spec);
    let port = free_port()?;
    let mut child = Command::new(&bin)
        .arg("mock")
        .arg(&spec_path)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .env("FORCE_COLOR", "0")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run {}: {e}", bin.display()))?;
    let log = Arc::new(Mutex::new(String::new()));
    let mut readers = Vec::new();
    if let Some(out) = child.stdout.take() {
        readers.push(capture(out, Arc::clone(&log)));
    }
    if let Some(err) = child.stderr.take() {
        readers.push(capture(err, Arc::clone(&log)));
    }
    let addr = format!("127.0.0.1:{port}");
    let mut prism = Prism { child, base_url: format!("http://{addr}"), addr, log, readers };
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = prism.child.try_wait() {
            return Err(format!("Prism exited ({status}) before listening on {spec}; its log:\n{}", prism.log()));
        }
        if TcpStream::connect(&prism.addr).is_ok() {
            return Ok(Some(prism));
        }
        if started.elapsed() > START_TIMEOUT {
            return Err(format!(
                "Prism did not listen on {} within {START_TIMEOUT:?} ({spec}); its log:\n{}",
                prism.addr,
                prism.log()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

fn capture(stream: impl Read + Send + 'static, log: Arc<Mutex<String>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut log) = log.lock() {
                log.push_str(&line);
                log.push('\n');
            }
        }
    })
}

impl Prism {
    /// `http://127.0.0.1:<port>`. Prism serves the spec's paths without its `basePath`, so this is the base URL
    /// to give a client.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Everything Prism printed so far (stdout and stderr).
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Sends `GET /__swagen_mark__/<label>` (a path Prism does not know: it logs it and answers 404), so that the
    /// log lines that follow belong to `label` in [`Prism::log_by_mark`]. Blocking, but short (loopback).
    pub fn mark(&self, label: &str) -> Result<(), String> {
        let mut stream = TcpStream::connect(&self.addr).map_err(|e| format!("mark {label}: {e}"))?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| format!("mark {label}: {e}"))?;
        let request = format!("GET {MARK_PREFIX}{label} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr);
        stream.write_all(request.as_bytes()).map_err(|e| format!("mark {label}: {e}"))?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).map_err(|e| format!("mark {label}: {e}"))?;
        Ok(())
    }

    /// Marks `label` and waits (bounded) until Prism has logged it, so that the log holds everything before it.
    pub fn flush_log(&self, label: &str) -> Result<(), String> {
        self.mark(label)?;
        let needle = format!("{MARK_PREFIX}{label} ");
        let started = Instant::now();
        while !self.log().contains(&needle) {
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("Prism did not log the mark {label} within 10 s"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// The log cut at each [`Prism::mark`]: label → the lines logged after that mark and before the next one
    /// (the marks' own lines left out). Lines before the first mark are under `""`.
    pub fn log_by_mark(&self) -> BTreeMap<String, Vec<String>> {
        let mut pieces: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current = String::new();
        for line in self.log().lines() {
            if let Some(at) = line.find(MARK_PREFIX) {
                let rest = &line[at + MARK_PREFIX.len()..];
                current = rest.split_whitespace().next().unwrap_or_default().to_owned();
                pieces.entry(current.clone()).or_default();
                continue;
            }
            pieces.entry(current.clone()).or_default().push(line.to_owned());
        }
        pieces
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}

/// What Prism said about one call, from its answer or its log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    /// Prism rejected the request: it does not match the spec (the client's fault, or the spec's).
    pub request_errors: Vec<String>,
    /// Request violations Prism only warns about.
    pub request_warnings: Vec<String>,
    /// Prism's own mock answer does not match the spec (a spec example that breaks its schema): not the
    /// client's fault.
    pub response_violations: Vec<String>,
    /// Other errors Prism generated (e.g. it could not build an answer): neither a request rejection nor the
    /// client's fault.
    pub prism_errors: Vec<String>,
}

impl Findings {
    /// Adds `other`'s findings (keeping each message once).
    pub fn merge(&mut self, other: Findings) {
        fn add(into: &mut Vec<String>, from: Vec<String>) {
            for item in from {
                if !into.contains(&item) {
                    into.push(item);
                }
            }
        }
        add(&mut self.request_errors, other.request_errors);
        add(&mut self.request_warnings, other.request_warnings);
        add(&mut self.response_violations, other.response_violations);
        add(&mut self.prism_errors, other.prism_errors);
    }
}

/// Judges one answer of Prism: its status, its `sl-violations` header (if any) and its body (if JSON).
pub fn judge_answer(status: u16, sl_violations: Option<&str>, body: Option<&Value>) -> Findings {
    let mut findings = Findings::default();
    if let Some(header) = sl_violations {
        match serde_json::from_str::<Value>(header) {
            Ok(Value::Array(items)) => items.iter().for_each(|v| file_violation(&mut findings, v, false)),
            _ => findings.prism_errors.push(format!("unreadable sl-violations header: {header}")),
        }
    }
    let problem_type = body.and_then(|b| b.get("type")).and_then(Value::as_str).unwrap_or_default();
    if let Some(kind) = problem_type.strip_prefix(PRISM_ERROR_TYPE) {
        let title = body.and_then(|b| b.get("title")).and_then(Value::as_str).unwrap_or_default();
        let detail = body.and_then(|b| b.get("detail")).and_then(Value::as_str).unwrap_or_default();
        let validation = body.and_then(|b| b.get("validation")).and_then(Value::as_array);
        let before = findings.request_errors.len();
        if let Some(items) = validation {
            // In a 422's problem body the locations leave out "request" (`["query"]`, `["body", "name"]`).
            items.iter().for_each(|v| file_violation(&mut findings, v, kind == "UNPROCESSABLE_ENTITY"));
        }
        let request_side = matches!(
            kind,
            "UNPROCESSABLE_ENTITY"
                | "UNAUTHORIZED"
                | "NO_PATH_MATCHED_ERROR"
                | "NO_METHOD_MATCHED_ERROR"
                | "NO_SERVER_MATCHED_ERROR"
                | "INVALID_CONTENT_TYPE"
                | "NOT_ACCEPTABLE"
        );
        let summary = format!("{status} {kind}: {title}: {detail}");
        if request_side && findings.request_errors.len() == before {
            findings.request_errors.push(summary);
        } else if !request_side && validation.is_none() {
            findings.prism_errors.push(summary);
        }
    }
    findings
}

/// Files one `{"location": [...], "severity": ..., "message": ...}` item.
fn file_violation(findings: &mut Findings, item: &Value, request_by_default: bool) {
    let location: Vec<String> = item
        .get("location")
        .and_then(Value::as_array)
        .map(|l| l.iter().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned)).collect())
        .unwrap_or_default();
    let message = item.get("message").and_then(Value::as_str).unwrap_or_default();
    let severity = item.get("severity").and_then(Value::as_str).unwrap_or("Error");
    let text = format!("{} ({}): {message}", location.join("."), severity.to_lowercase());
    match location.first().map(String::as_str) {
        Some("response") => findings.response_violations.push(text),
        Some("request") => file_request_violation(findings, severity, text),
        _ if request_by_default => file_request_violation(findings, severity, text),
        _ => findings.prism_errors.push(text),
    }
}

fn file_request_violation(findings: &mut Findings, severity: &str, text: String) {
    if severity.eq_ignore_ascii_case("error") {
        findings.request_errors.push(text);
    } else {
        findings.request_warnings.push(text);
    }
}

/// Judges the log lines Prism wrote for one call (a piece of [`Prism::log_by_mark`]).
pub fn judge_log(lines: &[String]) -> Findings {
    let mut findings = Findings::default();
    let rejected = lines.iter().any(|l| l.contains("Request did not pass the validation rules"));
    for line in lines {
        let text = line.split_once("› ").map_or(line.as_str(), |(_, t)| t).trim().to_owned();
        if let Some(at) = line.find("Violation: ") {
            let violation = &line[at + "Violation: ".len()..];
            if violation.starts_with("request") {
                findings.request_errors.push(format!("log: {violation}"));
            } else {
                findings.response_violations.push(format!("log: {violation}"));
            }
        } else if line.contains("[VALIDATOR] ✖") && rejected {
            findings.request_errors.push(format!("log: {text}"));
        } else if let Some(at) = line.find("Request terminated with error: ") {
            let error = &line[at + "Request terminated with error: ".len()..];
            let kind = error.strip_prefix(PRISM_ERROR_TYPE).and_then(|e| e.split(':').next()).unwrap_or_default();
            if matches!(
                kind,
                "UNPROCESSABLE_ENTITY"
                    | "UNAUTHORIZED"
                    | "NO_PATH_MATCHED_ERROR"
                    | "NO_METHOD_MATCHED_ERROR"
                    | "INVALID_CONTENT_TYPE"
                    | "NOT_ACCEPTABLE"
            ) {
                findings.request_errors.push(format!("log: {error}"));
            } else if kind != "VIOLATIONS" {
                findings.prism_errors.push(format!("log: {error}"));
            }
        }
    }
    if rejected && findings.request_errors.is_empty() {
        findings.request_errors.push("log: Request did not pass the validation rules".to_owned());
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_422_problem_is_a_request_error() {
        let body = json!({"type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY", "title": "Invalid request",
            "status": 422, "detail": "...", "validation": [{"location": ["body"], "severity": "Error",
            "code": "required", "message": "Request body must have required property 'photoUrls'"}]});
        let f = judge_answer(422, None, Some(&body));
        assert_eq!(f.request_errors, ["body (error): Request body must have required property 'photoUrls'"]);
        assert!(f.response_violations.is_empty() && f.prism_errors.is_empty());
    }

    #[test]
    fn the_header_splits_request_and_response_violations() {
        let header = r#"[{"location":["request","query","limit"],"severity":"Error","code":"type","message":"m1"},
            {"location":["response","body","Created"],"severity":"Error","code":"type","message":"m2"},
            {"location":["request","header"],"severity":"Warning","code":"x","message":"m3"}]"#;
        let f = judge_answer(200, Some(header), None);
        assert_eq!(f.request_errors, ["request.query.limit (error): m1"]);
        assert_eq!(f.response_violations, ["response.body.Created (error): m2"]);
        assert_eq!(f.request_warnings, ["request.header (warning): m3"]);
    }

    #[test]
    fn security_and_routing_problems_are_request_errors() {
        let body = json!({"type": "https://stoplight.io/prism/errors#UNAUTHORIZED", "title": "Invalid security scheme used",
            "status": 401, "detail": "d"});
        assert_eq!(judge_answer(401, None, Some(&body)).request_errors.len(), 1);
        let body =
            json!({"type": "https://stoplight.io/prism/errors#NO_RESPONSE_DEFINED", "title": "t", "detail": "d"});
        let f = judge_answer(500, None, Some(&body));
        assert!(f.request_errors.is_empty());
        assert_eq!(f.prism_errors.len(), 1);
    }

    #[test]
    fn an_api_s_own_error_body_is_no_finding() {
        let body = json!({"message": "no such container"});
        assert_eq!(judge_answer(404, None, Some(&body)), Findings::default());
    }

    #[test]
    fn the_log_tells_rejections() {
        let lines: Vec<String> = [
            "[7:34:53 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules",
            "[7:34:53 AM] ›     [VALIDATOR] ✖  error     Request query parameter limit must be integer",
            "[7:34:53 AM] ›     [VALIDATOR] ✖  error     Violation: request.query.limit Request query parameter limit must be integer",
        ]
        .map(str::to_owned)
        .to_vec();
        let f = judge_log(&lines);
        assert_eq!(f.request_errors.len(), 2, "{f:?}");
        let ok: Vec<String> = [
            "[7:34:53 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response",
            "[7:34:53 AM] ›     [VALIDATOR] ✖  error     Violation: response.body.0.Created Response body property 0.Created must be integer",
        ]
        .map(str::to_owned)
        .to_vec();
        let f = judge_log(&ok);
        assert!(f.request_errors.is_empty(), "{f:?}");
        assert_eq!(f.response_violations.len(), 1);
    }
}
