//! How answers' bodies are decoded, and header names and values checked.

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// Decodes a body as JSON `T`; an empty body decodes as JSON `null` (so `Option`, `()` and `Value` accept it).
/// A `null` answer where a list or map is expected decodes as the empty one: Go servers (Docker, Kubernetes)
/// send `null` for an empty slice or map, whatever the spec says.
pub fn json_body<T: DeserializeOwned>(_status: StatusCode, body: &[u8]) -> Result<T, String> {
    let text = body.trim_ascii();
    if text.is_empty() || text == b"null" {
        let null = serde_json::from_value(serde_json::Value::Null);
        return null
            .or_else(|e| serde_json::from_value(serde_json::json!([])).map_err(|_| e))
            .or_else(|e| serde_json::from_value(serde_json::json!({})).map_err(|_| e))
            .map_err(|e| e.to_string());
    }
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

/// A body as text (invalid UTF-8 is replaced).
pub fn text_body(_status: StatusCode, body: &[u8]) -> Result<String, String> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// No body expected: whatever came is ignored.
pub fn unit_body(_status: StatusCode, _body: &[u8]) -> Result<(), String> {
    Ok(())
}

/// A body as bytes.
pub fn bytes_body(_status: StatusCode, body: &[u8]) -> Result<Vec<u8>, String> {
    Ok(body.to_vec())
}

/// An error body decoded as JSON `E`, when it is one.
pub fn json_error<E: DeserializeOwned>(_status: u16, body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

pub(crate) fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a valid header name"))
}

pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| {
        format!(
            "the value for header `{name}` contains characters not allowed in a header (such as CR or LF); not sent"
        )
    })
}
