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
    /// The answer is longer than the limit for answers read into memory (bytes; [`crate::Config::max_answer_bytes`]).
    TooLarge(u64),
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
            Error::InvalidRequest(_) | Error::Transport(_) | Error::Stream(_) | Error::TooLarge(_) => None,
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

/// One line, always: what failed and why, the causes of a transport error joined with `: `. The full data
/// (headers, the whole body) stays in the fields; no URL, header value or secret is ever written.
impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => write!(f, "invalid request: {}", one_line(m, 300)),
            Error::Transport(e) => {
                write!(f, "request failed: {e}")?;
                let mut source = std::error::Error::source(e);
                while let Some(cause) = source {
                    write!(f, ": {}", one_line(&cause.to_string(), 200))?;
                    source = cause.source();
                }
                Ok(())
            }
            Error::Api(e) => e.fmt(f),
            Error::Decode(e) => {
                write!(f, "unexpected response body for status {}: {}", e.status, one_line(&e.message, 200))
            }
            Error::Stream(m) => write!(f, "stream failed: {}", one_line(m, 300)),
            Error::TooLarge(limit) => write!(f, "the answer is longer than the limit of {limit} bytes"),
        }
    }
}

/// Text folded to one line (whitespace runs become one space) and cut to `max` characters (with `…`).
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        folded
    } else {
        let cut: String = folded.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// The readable part of an HTML or text error page: tags dropped, one line.
fn excerpt(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1024));
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    while i < text.len() {
        if let Some(end) = skip_until {
            match lower[i..].find(end) {
                Some(at) => {
                    i += at + end.len();
                    skip_until = None;
                    continue;
                }
                None => break,
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c == '<' {
            if lower[i..].starts_with("<script") {
                skip_until = Some("</script>");
            } else if lower[i..].starts_with("<style") {
                skip_until = Some("</style>");
            }
            in_tag = true;
        } else if c == '>' && in_tag {
            in_tag = false;
            out.push(' ');
        } else if !in_tag {
            out.push(c);
        }
        i += c.len_utf8();
    }
    one_line(&out, 200)
}

/// The message of a JSON error body: a string under `message`, `error`, `detail`, `title` or `reason` (one level
/// down too: `{"error": {"message": …}}`).
fn json_message(v: &serde_json::Value) -> Option<String> {
    for key in ["message", "error", "detail", "title", "reason", "error_description"] {
        match v.get(key) {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => return Some(s.clone()),
            Some(nested @ serde_json::Value::Object(_)) => {
                if let Some(m) = json_message(nested) {
                    return Some(m);
                }
            }
            Some(serde_json::Value::Array(items)) => {
                if let Some(m) = items.iter().find_map(|i| i.as_str().map(str::to_owned).or_else(|| json_message(i))) {
                    return Some(m);
                }
            }
            _ => {}
        }
    }
    None
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

/// One line: the status, then the error's message when the JSON body has one, else a short excerpt of the body.
impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        match &self.body {
            ErrorBody::Empty => Ok(()),
            ErrorBody::Json(v) => match json_message(v) {
                Some(m) => write!(f, ": {}", one_line(&m, 300)),
                None => write!(f, ": {}", one_line(&v.to_string(), 200)),
            },
            ErrorBody::Text(t) => {
                let excerpt = excerpt(t);
                if excerpt.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {excerpt}")
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> String {
        let e: ApiError<()> = ApiError {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: ErrorBody::from_bytes(body.as_bytes()),
            payload: None,
        };
        e.to_string()
    }

    #[test]
    fn api_errors_are_one_readable_line() {
        assert_eq!(api(404, r#"{"error": "tag not found"}"#), "the server answered 404 Not Found: tag not found");
        assert_eq!(
            api(400, r#"{"error": {"message": "bad\ngroup"}}"#),
            "the server answered 400 Bad Request: bad group"
        );
        let html = "<html><head><title>500 Internal Server Error</title><style>p{}</style></head>\n<body>\n<h1>Oops</h1>\n<p>Something broke.</p></body></html>";
        let line = api(500, html);
        assert!(!line.contains('\n') && !line.contains('<'), "{line}");
        assert!(line.contains("Oops") && line.contains("Something broke."), "{line}");
        let long = "x".repeat(5000);
        assert!(api(502, &long).chars().count() < 300);
    }
}
