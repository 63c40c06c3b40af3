//! A request being built: parameters put where the spec says, a body encoded, then sent and its answer decoded.

use crate::bodies::{bytes_body, header_name, header_value, json_body, json_error, text_body, unit_body};
use crate::encode;
use crate::error::{DecodeError, Error};
use crate::stream::{self, ByteStream, JsonLines, Upload};
use crate::{send, ApiKeyIn, Auth, CollectionFormat, Config, ListValue, ParamValue, Pending, ResponseValue};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;

/// A file sent in a `multipart/form-data` request.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name sent with the part.
    pub file_name: String,
    /// The part's content type (`application/octet-stream` when `None`).
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file with this name and content, sent as `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { file_name: file_name.into(), content_type: None, bytes: bytes.into() }
    }

    /// Sets the part's content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl Default for FilePart {
    fn default() -> Self {
        FilePart::new("file", Vec::new())
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

enum PartValue {
    Text(String),
    File(FilePart),
}

/// A request being built. Every method takes and returns the request, so generated code is one chain.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'a> {
    config: &'a Config,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// `application/x-www-form-urlencoded` fields.
    form: Option<Vec<(String, String)>>,
    /// `multipart/form-data` parts.
    parts: Option<Vec<(String, PartValue)>>,
    /// A JSON, text or binary body (bytes, or a file or stream).
    raw: Option<reqwest::Body>,
    /// Statuses outside 2xx the operation documents as success (`304 Not Modified`).
    also_ok: Vec<u16>,
    /// The generated method's name and route template, for hooks and tracing.
    operation: Option<(&'static str, &'static str)>,
    content_type: Option<String>,
    accept: Option<String>,
    no_auth: bool,
    /// A problem found while building (e.g. a body that cannot be encoded); reported by `send`.
    invalid: Option<String>,
}

impl<'a> Request<'a> {
    /// A request to `path` with `config` (see [`Config::request`]).
    pub(crate) fn new(config: &'a Config, method: Method, path: String) -> Self {
        Request {
            config,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            form: None,
            parts: None,
            raw: None,
            also_ok: Vec::new(),
            operation: None,
            content_type: None,
            accept: None,
            no_auth: false,
            invalid: None,
        }
    }
}

/// A generated params struct: puts its parameters (query, headers, form fields, body) on a request. Written once
/// per distinct params struct, so the methods of the operations that share one call it instead of repeating the
/// calls.
pub trait PutParams {
    /// Puts the parameters on `request`.
    fn put<'a>(&self, request: Request<'a>) -> Request<'a>;
}

impl<'a> Request<'a> {
    /// Puts a params struct's parameters on the request.
    pub fn params<P: PutParams + ?Sized>(self, params: &P) -> Self {
        params.put(self)
    }

    /// A query parameter in place of any the request already has by that name (a watch sends `watch=true`
    /// whatever its params say).
    pub fn replace_query<V: ParamValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.query.retain(|(n, _)| n != name);
        self.query(name, value)
    }

    /// A query parameter; `None` sends nothing.
    pub fn query<V: ParamValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        value.push_values(&mut |v| self.query.push((name.to_owned(), v)));
        self
    }

    /// A list query parameter, in `format`; `None` sends nothing, an empty list one empty value (`name=`).
    pub fn query_list<V: ParamValue>(
        mut self,
        name: &str,
        values: &(impl ListValue<V> + ?Sized),
        format: CollectionFormat,
    ) -> Self {
        if let Some(values) = values.items() {
            format.encode(name, values, &mut self.query);
        }
        self
    }

    /// A header; `None` sends nothing.
    pub fn header<V: ParamValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        value.push_values(&mut |v| self.headers.push((name.to_owned(), v)));
        self
    }

    /// A list header (`multi` is sent as csv: headers cannot repeat a name meaningfully); `None` sends nothing,
    /// an empty list an empty header.
    pub fn header_list<V: ParamValue>(
        mut self,
        name: &str,
        values: &(impl ListValue<V> + ?Sized),
        format: CollectionFormat,
    ) -> Self {
        let format = if format == CollectionFormat::Multi { CollectionFormat::Csv } else { format };
        if let Some(values) = values.items() {
            format.encode(name, values, &mut self.headers);
        }
        self
    }

    /// The `Accept` header (the media type the operation `produces`), unless a header parameter sets one.
    pub fn accept(mut self, media_type: &str) -> Self {
        self.accept = Some(media_type.to_owned());
        self
    }

    /// Sends no credentials (the operation says `security: []`).
    pub fn no_auth(mut self) -> Self {
        self.no_auth = true;
        self
    }

    /// Makes the body `application/x-www-form-urlencoded` (even when no field is set).
    pub fn form(mut self) -> Self {
        self.form.get_or_insert_with(Vec::new);
        self
    }

    fn form_pairs(&mut self) -> &mut Vec<(String, String)> {
        self.form.get_or_insert_with(Vec::new)
    }

    /// A form field; `None` sends nothing.
    pub fn form_field<V: ParamValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        let form = self.form_pairs();
        value.push_values(&mut |v| form.push((name.to_owned(), v)));
        self
    }

    /// A list form field, in `format`; `None` sends nothing, an empty list the field once with an empty value
    /// (`tag[]=`).
    pub fn form_list<V: ParamValue>(
        mut self,
        name: &str,
        values: &(impl ListValue<V> + ?Sized),
        format: CollectionFormat,
    ) -> Self {
        let form = self.form_pairs();
        if let Some(values) = values.items() {
            format.encode(name, values, form);
        }
        self
    }

    /// Makes the body `multipart/form-data` (even when no part is set).
    pub fn multipart(mut self) -> Self {
        self.parts.get_or_insert_with(Vec::new);
        self
    }

    fn parts(&mut self) -> &mut Vec<(String, PartValue)> {
        self.parts.get_or_insert_with(Vec::new)
    }

    /// A text part; `None` sends nothing.
    pub fn part<V: ParamValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        let parts = self.parts();
        value.push_values(&mut |v| parts.push((name.to_owned(), PartValue::Text(v))));
        self
    }

    /// A list sent as parts, in `format` (`multi`: one part per item); `None` sends nothing, an empty list one
    /// empty part.
    pub fn part_list<V: ParamValue>(
        mut self,
        name: &str,
        values: &(impl ListValue<V> + ?Sized),
        format: CollectionFormat,
    ) -> Self {
        let mut pairs = Vec::new();
        if let Some(values) = values.items() {
            format.encode(name, values, &mut pairs);
        }
        self.parts().extend(pairs.into_iter().map(|(n, v)| (n, PartValue::Text(v))));
        self
    }

    /// A file part; `None` sends nothing.
    pub fn part_file<'f>(mut self, name: &str, file: impl Into<Option<&'f FilePart>>) -> Self {
        if let Some(file) = file.into() {
            self.parts().push((name.to_owned(), PartValue::File(file.clone())));
        }
        self
    }

    /// Several file parts under one name (`None` or an empty list: none).
    pub fn part_files(mut self, name: &str, files: &(impl ListValue<FilePart> + ?Sized)) -> Self {
        let files = files.items().unwrap_or_default();
        let parts = self.parts();
        parts.extend(files.iter().map(|f| (name.to_owned(), PartValue::File(f.clone()))));
        self
    }

    /// A JSON body (`application/json` unless [`Request::content_type`] says otherwise). A value that cannot be
    /// encoded is reported as [`Error::InvalidRequest`] when the request is sent.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.raw = Some(bytes.into()),
            Err(e) => self.invalid = Some(format!("cannot encode the body as JSON: {e}")),
        }
        self.content_type.get_or_insert_with(|| "application/json".to_owned());
        self
    }

    /// A JSON body that may be absent (`None` sends no body).
    pub fn json_opt<B: serde::Serialize>(self, body: Option<&B>) -> Self {
        match body {
            Some(b) => self.json(b),
            None => self,
        }
    }

    /// A raw body (`application/octet-stream` unless [`Request::content_type`] says otherwise).
    pub fn bytes(mut self, body: &[u8]) -> Self {
        self.raw = Some(body.to_vec().into());
        self.content_type.get_or_insert_with(|| "application/octet-stream".to_owned());
        self
    }

    /// A text body (`text/plain` unless [`Request::content_type`] says otherwise).
    pub fn text(mut self, body: &str) -> Self {
        self.raw = Some(body.as_bytes().to_vec().into());
        self.content_type.get_or_insert_with(|| "text/plain".to_owned());
        self
    }

    /// A body from an [`Upload`]: bytes, or a file or stream sent as it is read (`application/octet-stream` unless
    /// [`Request::content_type`] says otherwise). A file or stream can be sent once.
    pub fn upload(mut self, body: &Upload) -> Self {
        match body.take() {
            Ok(body) => self.raw = Some(body),
            Err(problem) => self.invalid = Some(problem),
        }
        self.content_type.get_or_insert_with(|| "application/octet-stream".to_owned());
        self
    }

    /// An optional [`Upload`] (`None` sends no body).
    pub fn upload_opt(self, body: Option<&Upload>) -> Self {
        match body {
            Some(b) => self.upload(b),
            None => self,
        }
    }

    /// Names the call for hooks and tracing: the generated method (`list_tags`) and its route template
    /// (`/tags/{tag}`), never the URL.
    pub fn operation(mut self, name: &'static str, route: &'static str) -> Self {
        self.operation = Some((name, route));
        self
    }

    /// A status outside 2xx that the operation documents as a success (`304 Not Modified`: "already started").
    pub fn success_status(mut self, status: u16) -> Self {
        self.also_ok.push(status);
        self
    }

    /// The body's content type.
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.content_type = Some(content_type.to_owned());
        self
    }

    fn build(self) -> Result<reqwest::Request, String> {
        if let Some(problem) = self.invalid {
            return Err(problem);
        }
        // URL parsers resolve `.`/`..` segments even when percent-encoded (`%2E`), so a path parameter that is a
        // dot segment would reach another route. Such values are refused; nothing is sent.
        if self.path.split('/').any(|s| s.eq_ignore_ascii_case("%2e") || s.eq_ignore_ascii_case("%2e%2e")) {
            return Err(
                "a path parameter is `.` or `..`, which a URL treats as a relative step; refused so the request cannot reach another route".to_owned(),
            );
        }
        if self.path.contains(encode::EMPTY_SEGMENT) {
            return Err(
                "a path parameter is empty, which would reach another route; refused, nothing was sent".to_owned()
            );
        }
        let base = self.config.base_url.trim_end_matches('/');
        let mut url = reqwest::Url::parse(&format!("{base}{}", self.path))
            .map_err(|e| format!("invalid URL from base URL `{}`: {e}", self.config.base_url))?;
        let auth = !self.no_auth;
        let key_query = self.config.api_keys.iter().filter(|(l, _, _)| auth && *l == ApiKeyIn::Query);
        let key_query: Vec<(&str, &str)> = key_query.map(|(_, n, v)| (n.as_str(), v.expose())).collect();
        if !self.query.is_empty() || !key_query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &self.query {
                pairs.append_pair(k, v);
            }
            for (k, v) in key_query {
                pairs.append_pair(k, v);
            }
        }
        let mut headers = HeaderMap::new();
        for (name, value) in self.config.headers.iter().map(|(n, v)| (n.as_str(), v.expose())) {
            headers.insert(header_name(name)?, header_value(name, value)?);
        }
        for (_, name, value) in self.config.api_keys.iter().filter(|(l, _, _)| auth && *l == ApiKeyIn::Header) {
            headers.insert(header_name(name)?, header_value(name, value.expose())?);
        }
        for (name, value) in &self.headers {
            headers.append(header_name(name)?, header_value(name, value)?);
        }
        if let Some(accept) = &self.accept {
            if !headers.contains_key(reqwest::header::ACCEPT) {
                headers.insert(reqwest::header::ACCEPT, header_value("Accept", accept)?);
            }
        }
        // A `Content-Type` header parameter (e.g. Docker's `Content-type: application/x-tar`) names the body's type.
        let content_type_set = headers.contains_key(reqwest::header::CONTENT_TYPE);
        // RFC 9110 §8.6: a client sends `Content-Length` when the method gives content a meaning, `0` included
        // (front ends answer 411 without it); hyper leaves it out of an empty body, so it is set here.
        let empty_body = match (&self.parts, &self.form, &self.raw) {
            (Some(_), _, _) => false, // multipart always has its closing boundary
            (None, Some(pairs), _) => pairs.is_empty(),
            (None, None, Some(body)) => body.as_bytes().is_some_and(<[u8]>::is_empty),
            (None, None, None) => matches!(self.method, Method::POST | Method::PUT | Method::PATCH),
        };
        if empty_body {
            headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        let mut builder = self.config.http.request(self.method, url).headers(headers);
        builder = match (&self.config.auth, auth) {
            (_, false) | (Auth::None, _) => builder,
            (Auth::Basic { username, password }, true) => builder.basic_auth(username, Some(password.expose())),
            (Auth::Bearer(token), true) => builder.bearer_auth(token.expose()),
        };
        if let Some(parts) = self.parts {
            builder = builder.multipart(multipart_form(parts)?);
        } else if let Some(pairs) = self.form {
            let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
            if !content_type_set {
                builder = builder.header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            }
            builder = builder.body(body);
        } else if let Some(body) = self.raw {
            if !content_type_set {
                let ct = self.content_type.as_deref().unwrap_or("application/octet-stream");
                builder = builder.header(reqwest::header::CONTENT_TYPE, header_value("Content-Type", ct)?);
            }
            builder = builder.body(body);
        }
        builder.build().map_err(|e| format!("cannot build the request: {}", e.without_url()))
    }

    /// Sends the request; a 2xx answer's body is read whole. A non-2xx answer is an [`Error::Api`] carrying
    /// status, headers, the body, and the body decoded by `error` when it matches a documented error type.
    pub fn send_raw<E: 'a>(self, error: fn(u16, &[u8]) -> Option<E>) -> Pending<'a, bytes::Bytes, E> {
        Pending::new(self.read_whole(error))
    }

    async fn read_whole<E>(self, error: fn(u16, &[u8]) -> Option<E>) -> Result<ResponseValue<bytes::Bytes>, Error<E>> {
        let limit = self.config.max_answer_bytes;
        let response = self.execute(error).await?;
        let (status, headers) = stream::head(&response);
        let body = send::read_limited(response, limit).await?;
        Ok(ResponseValue { status, headers, body })
    }

    /// Sends the request and returns the answer unread when its status is a success (2xx or one the operation
    /// documents); an error answer is read whole and becomes an [`Error::Api`].
    async fn execute<E>(mut self, error: fn(u16, &[u8]) -> Option<E>) -> Result<reqwest::Response, Error<E>> {
        let config = self.config;
        let plan = send::Plan { config, operation: self.operation, also_ok: std::mem::take(&mut self.also_ok), error };
        let request = self.build().map_err(Error::InvalidRequest)?;
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let (name, route) = plan.operation.unwrap_or(("", ""));
            let span = tracing::info_span!("swagen.call", operation = name, method = %request.method(), route);
            send::send(request, plan).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        send::send(request, plan).await
    }

    /// Sends the request; a successful answer's body is read as it arrives ([`ByteStream`]): downloads, logs,
    /// exports. An error answer is an [`Error::Api`].
    pub fn send_stream<E: DeserializeOwned + 'a>(self) -> Pending<'a, ByteStream, E> {
        self.send_stream_with(json_error::<E>)
    }

    /// [`Request::send_stream`] with an error body decoded by `error` (per-status error types).
    pub fn send_stream_with<E: 'a>(self, error: fn(u16, &[u8]) -> Option<E>) -> Pending<'a, ByteStream, E> {
        self.send_unread(error, ByteStream::new)
    }

    /// Sends the request; a successful answer's body is handed unread to `body` (a stream of bytes or of JSON
    /// lines), an error answer is an [`Error::Api`].
    fn send_unread<B: 'a, E: 'a>(
        self,
        error: fn(u16, &[u8]) -> Option<E>,
        body: fn(reqwest::Response) -> B,
    ) -> Pending<'a, B, E> {
        Pending::new(async move {
            let response = self.execute(error).await?;
            let (status, headers) = stream::head(&response);
            Ok(ResponseValue { status, headers, body: body(response) })
        })
    }

    /// Sends the request; a successful answer is read as newline-delimited JSON, one `T` at a time
    /// ([`JsonLines`]): progress streams, event streams, Kubernetes watches.
    pub fn send_json_lines<T: DeserializeOwned + 'a, E: DeserializeOwned + 'a>(self) -> Pending<'a, JsonLines<T>, E> {
        self.send_json_lines_with(json_error::<E>)
    }

    /// [`Request::send_json_lines`] with an error body decoded by `error` (per-status error types).
    pub fn send_json_lines_with<T: DeserializeOwned + 'a, E: 'a>(
        self,
        error: fn(u16, &[u8]) -> Option<E>,
    ) -> Pending<'a, JsonLines<T>, E> {
        self.send_unread(error, JsonLines::new)
    }

    /// Sends the request and decodes a 2xx body with `success` (e.g. [`json_body`]), a non-2xx body with `error`.
    pub fn send_with<T: 'a, E: 'a>(
        self,
        success: fn(StatusCode, &[u8]) -> Result<T, String>,
        error: fn(u16, &[u8]) -> Option<E>,
    ) -> Pending<'a, T, E> {
        Pending::new(async move {
            let raw = self.read_whole(error).await?;
            decoded(raw, success)
        })
    }

    /// Sends the request and decodes a 2xx body as JSON `T` (an empty body decodes as JSON `null`), and an
    /// error body as JSON `E` when it is one.
    pub fn send_json<T: DeserializeOwned + 'a, E: DeserializeOwned + 'a>(self) -> Pending<'a, T, E> {
        self.send_with(json_body::<T>, json_error::<E>)
    }

    /// Sends the request; a 2xx body is returned as text.
    pub fn send_text<E: DeserializeOwned + 'a>(self) -> Pending<'a, String, E> {
        self.send_with(text_body, json_error::<E>)
    }

    /// Sends the request; a 2xx body is not read as anything (the API documents none).
    pub fn send_unit<E: DeserializeOwned + 'a>(self) -> Pending<'a, (), E> {
        self.send_with(unit_body, json_error::<E>)
    }

    /// Sends the request; a 2xx body is returned as bytes.
    pub fn send_bytes<E: DeserializeOwned + 'a>(self) -> Pending<'a, Vec<u8>, E> {
        self.send_with(bytes_body, json_error::<E>)
    }
}

/// A 2xx answer's body decoded by `success`, or the [`Error::Decode`] saying why it could not be.
fn decoded<T, E>(
    raw: ResponseValue<bytes::Bytes>,
    success: fn(StatusCode, &[u8]) -> Result<T, String>,
) -> Result<ResponseValue<T>, Error<E>> {
    match success(raw.status, &raw.body) {
        Ok(body) => Ok(ResponseValue { status: raw.status, headers: raw.headers, body }),
        Err(message) => Err(Error::Decode(Box::new(DecodeError {
            status: raw.status,
            headers: raw.headers,
            body: String::from_utf8_lossy(&raw.body).into_owned(),
            message,
        }))),
    }
}

fn multipart_form(parts: Vec<(String, PartValue)>) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in parts {
        form = match value {
            PartValue::Text(text) => form.text(name, text),
            PartValue::File(file) => {
                if file.file_name.chars().any(char::is_control) {
                    return Err(format!(
                        "the file name of the part `{name}` contains control characters (such as CR or LF); not sent"
                    ));
                }
                let ct = file.content_type.as_deref().unwrap_or("application/octet-stream");
                let part = reqwest::multipart::Part::bytes(file.bytes)
                    .file_name(file.file_name)
                    .mime_str(ct)
                    .map_err(|_| format!("`{ct}` is not a valid content type for the file part `{name}`"))?;
                form.part(name, part)
            }
        };
    }
    Ok(form)
}
