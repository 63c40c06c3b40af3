//! Answers read as they arrive, and bodies sent without being held in memory.
//!
//! - [`ByteStream`]: a body as chunks of bytes (downloads, logs, exports); memory stays at one chunk.
//! - [`JsonLines`]: a body of newline-delimited JSON values decoded one by one (Docker's progress and events,
//!   Kubernetes watch events); a line is decoded as soon as it is complete, so an endless stream delivers each item
//!   when it comes.
//! - [`Upload`]: a request body from bytes, a file or a stream of chunks; a file or stream is sent as it is read.

use crate::error::{DecodeError, Error};
use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

/// A body as it arrives, chunk by chunk.
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        ByteStream { response }
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn next_chunk<E>(&mut self) -> Result<Option<Bytes>, Error<E>> {
        self.response.chunk().await.map_err(Error::transport)
    }

    /// Reads the rest of the body into memory (for small answers only).
    pub async fn collect<E>(mut self) -> Result<Vec<u8>, Error<E>> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Writes the rest of the body to `writer` as it arrives; returns how many bytes were written.
    pub async fn copy_to<E, W: tokio::io::AsyncWrite + Unpin>(mut self, writer: &mut W) -> Result<u64, Error<E>> {
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await? {
            writer.write_all(&chunk).await.map_err(|e| Error::Stream(format!("cannot write the body: {e}")))?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|e| Error::Stream(format!("cannot write the body: {e}")))?;
        Ok(written)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.response.status()).finish_non_exhaustive()
    }
}

/// The longest line [`JsonLines`] keeps waiting for its end: 16 MiB. A longer one is an error, so a server that
/// never sends a newline cannot fill memory.
pub const MAX_LINE: usize = 16 << 20;

/// A body of newline-delimited JSON values (`application/x-ndjson`, `application/json;stream=watch`, Docker's
/// `application/json` progress), decoded one at a time as lines complete. Blank lines are skipped; a line that is
/// not a `T` is an [`Error::Decode`] for that item, and the stream goes on.
pub struct JsonLines<T> {
    body: ByteStream,
    status: StatusCode,
    headers: HeaderMap,
    buffer: BytesMut,
    done: bool,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> JsonLines<T> {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        let (status, headers) = (response.status(), response.headers().clone());
        JsonLines {
            body: ByteStream::new(response),
            status,
            headers,
            buffer: BytesMut::new(),
            done: false,
            item: PhantomData,
        }
    }

    /// The next value, or `None` at the end of the body.
    pub async fn next<E>(&mut self) -> Option<Result<T, Error<E>>> {
        loop {
            if let Some(line) = self.take_line() {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Some(self.decode(&line));
            }
            if self.done {
                return None;
            }
            match self.body.next_chunk::<E>().await {
                Ok(Some(chunk)) => {
                    if self.buffer.len() + chunk.len() > MAX_LINE && !chunk.contains(&b'\n') {
                        self.done = true;
                        self.buffer.clear();
                        return Some(Err(Error::Stream(format!(
                            "a line of the stream is longer than {MAX_LINE} bytes"
                        ))));
                    }
                    self.buffer.extend_from_slice(&chunk);
                }
                Ok(None) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }

    /// Every remaining value, read to the end of the body (for finite streams, such as a finished build's log).
    pub async fn collect<E>(mut self) -> Result<Vec<T>, Error<E>> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    /// A complete line from the buffer; at the end of the body, whatever is left.
    fn take_line(&mut self) -> Option<Bytes> {
        match self.buffer.iter().position(|b| *b == b'\n') {
            Some(at) => {
                let line = self.buffer.split_to(at + 1).freeze();
                Some(line.slice(..at))
            }
            None if self.done && !self.buffer.is_empty() => Some(self.buffer.split().freeze()),
            None => None,
        }
    }

    fn decode<E>(&self, line: &[u8]) -> Result<T, Error<E>> {
        serde_json::from_slice(line).map_err(|e| {
            Error::Decode(Box::new(DecodeError {
                status: self.status,
                headers: self.headers.clone(),
                body: String::from_utf8_lossy(line).into_owned(),
                message: e.to_string(),
            }))
        })
    }
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("status", &self.status)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

/// A request body: bytes in memory, or a file or stream sent as it is read. Cloning an `Upload` of a file or stream
/// shares it: it can be sent once (a second send is an [`Error::InvalidRequest`], never a silent empty body).
#[derive(Clone, Default)]
pub struct Upload(UploadInner);

#[derive(Clone)]
enum UploadInner {
    Bytes(Bytes),
    Once(Arc<Mutex<Option<reqwest::Body>>>),
}

impl Default for UploadInner {
    fn default() -> Self {
        UploadInner::Bytes(Bytes::new())
    }
}

impl Upload {
    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Upload(UploadInner::Bytes(bytes.into()))
    }

    /// A file, read while it is sent (never whole in memory).
    pub async fn file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let file = tokio::fs::File::open(path).await?;
        Ok(Self::body(reqwest::Body::from(file)))
    }

    /// A stream of chunks, sent as they come.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    {
        Self::body(reqwest::Body::wrap_stream(stream))
    }

    /// Any `reqwest` body.
    pub fn body(body: reqwest::Body) -> Self {
        Upload(UploadInner::Once(Arc::new(Mutex::new(Some(body)))))
    }

    /// The bytes, when the upload is in memory.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            UploadInner::Bytes(b) => Some(b),
            UploadInner::Once(_) => None,
        }
    }

    /// The body to send; a file or stream only once.
    pub(crate) fn take(&self) -> Result<reqwest::Body, String> {
        match &self.0 {
            UploadInner::Bytes(b) => Ok(reqwest::Body::from(b.clone())),
            UploadInner::Once(cell) => cell
                .lock()
                .map_err(|_| "the upload's lock was poisoned".to_owned())?
                .take()
                .ok_or_else(|| "this upload (a file or stream) was already sent; make a new one".to_owned()),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl PartialEq for Upload {
    /// Bytes compare by content; a file or stream only equals its own clones.
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (UploadInner::Bytes(a), UploadInner::Bytes(b)) => a == b,
            (UploadInner::Once(a), UploadInner::Once(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            UploadInner::Bytes(b) => write!(f, "Upload({} bytes)", b.len()),
            UploadInner::Once(_) => f.write_str("Upload(stream)"),
        }
    }
}

/// A successful answer read as a stream (see [`crate::Request::send_stream`]).
pub type StreamResponse = crate::ResponseValue<ByteStream>;

/// The status and headers of a streamed answer, before its body.
pub(crate) fn head(response: &reqwest::Response) -> (StatusCode, HeaderMap) {
    (response.status(), response.headers().clone())
}
