//! A raw HTTP/1.1 recording server on 127.0.0.1, for checking a client's wire format byte for byte.
//!
//! Unlike a framework server, it keeps each request exactly as it arrived: the request-target as sent
//! (percent-encoding untouched), the header lines in order with their names as sent, and the body bytes (a
//! `Transfer-Encoding: chunked` body is de-chunked, and the header kept). Each request is answered with the next
//! scripted [`Reply`] (the last one again once they run out) and `Connection: close`.
//!
//! Every read has a timeout, so a test never hangs on a client that stops sending. A request the recorder cannot
//! parse is answered 400 and remembered: [`Recorder::requests`] then panics with what went wrong.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How long the recorder waits for any read or write before giving up on a connection.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// A request as it came over the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    pub method: String,
    /// The request-target exactly as sent: path and query, percent-encoding untouched.
    pub target: String,
    /// The header lines in order, names as sent, values without surrounding whitespace.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked when it was sent chunked).
    pub body: Vec<u8>,
}

impl RawRequest {
    /// Every value of a header (names compared case-insensitively), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    /// The value of a header sent once; `None` when absent. Panics when it was sent more than once.
    #[allow(clippy::panic)]
    pub fn header(&self, name: &str) -> Option<&str> {
        match self.header_values(name).as_slice() {
            [] => None,
            [one] => Some(one),
            many => panic!("header `{name}` was sent {} times: {many:?}", many.len()),
        }
    }

    /// Whether a header was sent at all.
    pub fn has_header(&self, name: &str) -> bool {
        !self.header_values(name).is_empty()
    }

    /// The lowercased names of every header sent, in order.
    pub fn header_names(&self) -> Vec<String> {
        self.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect()
    }
}

/// An answer the recorder gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    /// Sent as `Content-Type` when set.
    pub content_type: Option<String>,
    /// More header lines.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A status with no body and no content type.
    pub fn empty(status: u16) -> Reply {
        Reply { status, content_type: None, headers: Vec::new(), body: Vec::new() }
    }

    /// A body with this content type.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type: Some(content_type.to_owned()), headers: Vec::new(), body: body.into() }
    }

    /// An `application/json` body, given as JSON text.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::new(status, "application/json", body)
    }

    /// A `text/plain; charset=utf-8` body.
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", body)
    }

    /// Adds a header line.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

#[derive(Default)]
struct Log {
    connections: usize,
    requests: Vec<RawRequest>,
    errors: Vec<String>,
}

struct Shared {
    replies: Vec<Reply>,
    log: Mutex<Log>,
}

impl Shared {
    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running recorder. Dropping it stops the server.
pub struct Recorder {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Recorder {
    /// Starts a recorder on a free port of 127.0.0.1. The n-th request gets `replies[n]`, the last reply once they
    /// run out, or an empty 200 when there are none.
    #[allow(clippy::expect_used)]
    pub async fn start(replies: Vec<Reply>) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("cannot bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("bound listener has no local address");
        let shared = Arc::new(Shared { replies, log: Mutex::new(Log::default()) });
        let accepting = shared.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepting.log().connections += 1;
                tokio::spawn(serve(stream, accepting.clone()));
            }
        });
        Recorder { addr, shared, server }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order. Panics when a request could not be parsed.
    #[allow(clippy::panic)]
    pub fn requests(&self) -> Vec<RawRequest> {
        let log = self.shared.log();
        if !log.errors.is_empty() {
            panic!("the recorder could not read a request: {:?}", log.errors);
        }
        log.requests.clone()
    }

    /// The only request received. Panics unless exactly one was.
    #[allow(clippy::panic)]
    pub fn only_request(&self) -> RawRequest {
        let mut requests = self.requests();
        match requests.len() {
            1 => requests.remove(0),
            n => panic!("expected exactly one request, got {n}: {requests:#?}"),
        }
    }

    /// How many TCP connections were accepted (0 means the client sent nothing at all).
    pub fn connections(&self) -> usize {
        self.shared.log().connections
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Reads one request, records it, answers, and closes the connection.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let reply = match tokio::time::timeout(IO_TIMEOUT, read_request(&mut stream)).await {
        Ok(Ok(None)) => return, // connected and closed without sending anything
        Ok(Ok(Some(request))) => {
            let mut log = shared.log();
            let n = log.requests.len();
            log.requests.push(request);
            let reply = shared.replies.get(n).or(shared.replies.last()).cloned();
            reply.unwrap_or_else(|| Reply::empty(200))
        }
        Ok(Err(problem)) => {
            shared.log().errors.push(problem.clone());
            Reply::new(400, "text/plain", problem)
        }
        Err(_) => {
            shared.log().errors.push(format!("timed out after {IO_TIMEOUT:?} reading a request"));
            return;
        }
    };
    let _ = tokio::time::timeout(IO_TIMEOUT, write_reply(&mut stream, &reply)).await;
}

async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status)).into_bytes();
    if let Some(ct) = &reply.content_type {
        out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
    }
    for (name, value) in &reply.headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    let no_body = reply.status == 204 || reply.status == 304 || (100..200).contains(&reply.status);
    if !no_body {
        out.extend_from_slice(format!("Content-Length: {}\r\n", reply.body.len()).as_bytes());
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    if !no_body {
        out.extend_from_slice(&reply.body);
    }
    stream.write_all(&out).await?;
    stream.flush().await?;
    stream.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        500 => "Internal Server Error",
        _ => "Whatever",
    }
}

/// A buffered reader over the connection that keeps what it read past the head.
struct Input<'a, R> {
    stream: &'a mut R,
    buf: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Input<'_, R> {
    /// Reads more bytes; `false` at end of stream.
    async fn fill(&mut self) -> Result<bool, String> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await.map_err(|e| format!("read failed: {e}"))?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }

    /// Takes bytes up to and including `delim`, reading as needed (at most `limit` bytes).
    async fn take_until(&mut self, delim: &[u8], limit: usize, what: &str) -> Result<Vec<u8>, String> {
        loop {
            if let Some(i) = self.buf.windows(delim.len()).position(|w| w == delim) {
                return Ok(self.buf.drain(..i + delim.len()).collect());
            }
            if self.buf.len() > limit {
                return Err(format!("{what} longer than {limit} bytes"));
            }
            if !self.fill().await? {
                return Err(format!("connection closed inside the {what}: {:?}", String::from_utf8_lossy(&self.buf)));
            }
        }
    }

    /// Takes exactly `n` bytes.
    async fn take(&mut self, n: usize, what: &str) -> Result<Vec<u8>, String> {
        while self.buf.len() < n {
            if !self.fill().await? {
                return Err(format!("connection closed after {} of {n} bytes of the {what}", self.buf.len()));
            }
        }
        Ok(self.buf.drain(..n).collect())
    }
}

/// Reads one request; `None` when the client closed the connection before sending a byte.
async fn read_request<R: AsyncRead + Unpin>(stream: &mut R) -> Result<Option<RawRequest>, String> {
    let mut input = Input { stream, buf: Vec::new() };
    if !input.fill().await? {
        return Ok(None);
    }
    let head = input.take_until(b"\r\n\r\n", MAX_HEAD, "request head").await?;
    let head = String::from_utf8(head).map_err(|e| format!("request head is not UTF-8: {e}"))?;
    let mut lines = head.strip_suffix("\r\n\r\n").unwrap_or(&head).split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let (method, target) = match request_line.split(' ').collect::<Vec<_>>().as_slice() {
        [method, target, "HTTP/1.1"] => ((*method).to_owned(), (*target).to_owned()),
        _ => return Err(format!("bad request line {request_line:?}")),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.contains(['\r', '\n']) || line.starts_with([' ', '\t']) {
            return Err(format!("bad header line {line:?} (bare CR/LF or obsolete line folding)"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("header line without a colon: {line:?}"));
        };
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    let mut request = RawRequest { method, target, headers, body: Vec::new() };

    let chunked = match request.header_values("transfer-encoding").as_slice() {
        [] => false,
        [te] if te.eq_ignore_ascii_case("chunked") => true,
        other => return Err(format!("unsupported Transfer-Encoding {other:?}")),
    };
    if chunked {
        if request.has_header("content-length") {
            return Err("both Content-Length and Transfer-Encoding: chunked".to_owned());
        }
        request.body = read_chunked(&mut input).await?;
    } else if let Some(length) = request.header_values("content-length").first() {
        let length: usize = length.parse().map_err(|_| format!("bad Content-Length {length:?}"))?;
        if request.header_values("content-length").len() > 1 {
            return Err("Content-Length sent more than once".to_owned());
        }
        if length > MAX_BODY {
            return Err(format!("body of {length} bytes is too large"));
        }
        request.body = input.take(length, "body").await?;
    }
    if !input.buf.is_empty() {
        return Err(format!("{} unexpected bytes after the request: {:?}", input.buf.len(), input.buf));
    }
    Ok(Some(request))
}

async fn read_chunked<R: AsyncRead + Unpin>(input: &mut Input<'_, R>) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line = input.take_until(b"\r\n", 1024, "chunk size line").await?;
        let line = String::from_utf8_lossy(&line[..line.len() - 2]).into_owned();
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| format!("bad chunk size line {line:?}"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while input.take_until(b"\r\n", MAX_HEAD, "chunked trailer").await?.len() > 2 {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err("chunked body too large".to_owned());
        }
        body.extend(input.take(size, "chunk").await?);
        if input.take(2, "chunk end").await? != b"\r\n" {
            return Err("a chunk does not end with CRLF".to_owned());
        }
    }
}
