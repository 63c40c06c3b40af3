//! Errors from generated clients.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;

/// What can go wrong with a call. `E` is the type of the API's documented error bodies (JSON when the spec
/// documents none).
#[derive(Debug)]
pub enum Error<E = serde_json::Value> {
    /// The request could not be built (a header value with CR/LF, a bad base URL, a body that cannot be encoded).
    /// Nothing was sent.
    InvalidRequest(String),
    /// The request could not be sent or the answer not read (connection refused, timeout, TLS).
    Transport(reqwest::Error),
    /// The server answered with a status outside 2xx.
    Api(Box<ApiError<E>>),
    /// The server answered 2xx, but the body is not what the API documents.
    Decode(Box<DecodeError>),
    /// A streamed body broke off, or could not be written where it was going (see [`crate::ByteStream`]).
    Stream(String),
}

/// A 2xx answer whose body could not be decoded.
#[derive(Clone, Debug)]
pub struct DecodeError {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as received (lossy UTF-8).
    pub body: String,
    /// What the decoder said.
    pub message: String,
}

impl<E> Error<E> {
    /// Transport errors never carry the URL: it may hold credentials sent in the query.
    pub(crate) fn transport(e: reqwest::Error) -> Error<E> {
        Error::Transport(e.without_url())
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::InvalidRequest(_) | Error::Transport(_) | Error::Stream(_) => None,
        }
    }

    /// The error answer, when the server gave one.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Api(e) => e.fmt(f),
            Error::Decode(e) => write!(f, "unexpected response body for status {}: {}", e.status, e.message),
            Error::Stream(m) => write!(f, "stream failed: {m}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// A non-2xx answer.
#[derive(Clone, Debug)]
pub struct ApiError<E = serde_json::Value> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as received.
    pub body: ErrorBody,
    /// The body decoded as the error type the API documents for this status, when it matches.
    pub payload: Option<E>,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        match &self.body {
            ErrorBody::Empty => Ok(()),
            ErrorBody::Json(v) => write!(f, ": {v}"),
            ErrorBody::Text(t) => write!(f, ": {}", t.chars().take(500).collect::<String>()),
        }
    }
}

/// The body of an error answer: JSON if it parses, raw text otherwise.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorBody {
    Empty,
    Json(serde_json::Value),
    Text(String),
}

impl ErrorBody {
    pub(crate) fn from_bytes(bytes: &[u8]) -> ErrorBody {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return ErrorBody::Empty;
        }
        match serde_json::from_slice(bytes) {
            Ok(v) => ErrorBody::Json(v),
            Err(_) => ErrorBody::Text(String::from_utf8_lossy(bytes).into_owned()),
        }
    }

    /// The JSON body, if it was JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        match self {
            ErrorBody::Json(v) => Some(v),
            _ => None,
        }
    }
}
