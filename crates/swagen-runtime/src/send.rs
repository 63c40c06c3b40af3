//! Sending a built request: hooks, the call timeout, retries with backoff and `Retry-After`, and answers read
//! within the size limit. One routine for every generated method (async and blocking alike).

use crate::error::{ApiError, Error, ErrorBody};
use crate::hooks::Call;
use crate::{Config, RetryPolicy};
use bytes::{Bytes, BytesMut};
use std::time::Instant;

/// What `send` needs of the request besides the request itself.
pub(crate) struct Plan<'a, E> {
    pub config: &'a Config,
    pub operation: Option<(&'static str, &'static str)>,
    /// Statuses outside 2xx the operation documents as success.
    pub also_ok: Vec<u16>,
    pub error: fn(u16, &[u8]) -> Option<E>,
}

/// Sends `request`, trying again as the config's [`RetryPolicy`] allows, and gives the answer unread when its status
/// is a success; an error answer is read (within the size limit) and becomes an [`Error::Api`].
pub(crate) async fn send<E>(request: reqwest::Request, plan: Plan<'_, E>) -> Result<reqwest::Response, Error<E>> {
    let Plan { config, operation, also_ok, error } = plan;
    let policy = &config.retry;
    let started = Instant::now();
    let mut attempt = 1u32;
    let mut pending = Some(request);
    loop {
        let Some(mut request) = pending.take() else {
            return Err(Error::InvalidRequest("the request could not be sent again".to_owned()));
        };
        // A body that cannot be replayed (a file or stream) is never sent twice.
        let again =
            (attempt < policy.max_attempts && policy.allows(request.method())).then(|| request.try_clone()).flatten();
        let call = Call { operation: operation.map(|o| o.0), route: operation.map(|o| o.1), attempt };
        for hook in &config.hooks.0 {
            hook.before_send(&call, &mut request).map_err(Error::InvalidRequest)?;
        }
        if let Some(limit) = config.timeouts.call {
            request.timeout_mut().get_or_insert(limit);
        }
        let result = config.http.execute(request).await;
        if let Ok(response) = &result {
            for hook in &config.hooks.0 {
                hook.after_receive(&call, response);
            }
        }
        let delay = match (&result, &again) {
            (Ok(r), Some(_)) if policy.statuses.contains(&r.status().as_u16()) => {
                let asked = RetryPolicy::retry_after(r.status(), r.headers());
                Some(asked.filter(|d| *d <= policy.max_delay).unwrap_or_else(|| policy.backoff(attempt)))
            }
            (Err(e), Some(_)) if e.is_connect() => Some(policy.backoff(attempt)),
            _ => None,
        };
        match delay.filter(|d| started.elapsed() + *d <= policy.max_total) {
            Some(delay) => {
                trace_retry(operation, attempt, &result, delay);
                tokio::time::sleep(delay).await;
                attempt += 1;
                pending = again;
            }
            None => return answer(result, &also_ok, config.max_answer_bytes, error).await,
        }
    }
}

/// The answer of the last try: a success unread, or the error it is.
async fn answer<E>(
    result: Result<reqwest::Response, reqwest::Error>,
    also_ok: &[u16],
    limit: u64,
    error: fn(u16, &[u8]) -> Option<E>,
) -> Result<reqwest::Response, Error<E>> {
    let response = result.map_err(Error::transport)?;
    let status = response.status();
    if status.is_success() || also_ok.contains(&status.as_u16()) {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let body = read_limited(response, limit).await?;
    let payload = error(status.as_u16(), &body);
    Err(Error::Api(Box::new(ApiError { status, headers, body: ErrorBody::from_bytes(&body), payload })))
}

/// Reads a whole answer, refusing one longer than `limit` bytes ([`Error::TooLarge`]) as soon as it is known to be
/// (from `Content-Length`, or while reading).
pub(crate) async fn read_limited<E>(mut response: reqwest::Response, limit: u64) -> Result<Bytes, Error<E>> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(Error::TooLarge(limit));
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(Error::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(feature = "tracing")]
fn trace_retry(
    operation: Option<(&'static str, &'static str)>,
    attempt: u32,
    result: &Result<reqwest::Response, reqwest::Error>,
    delay: std::time::Duration,
) {
    let status = result.as_ref().map(|r| r.status().as_u16()).unwrap_or(0);
    tracing::info!(
        operation = operation.map(|o| o.0).unwrap_or(""),
        attempt,
        status,
        delay_ms = delay.as_millis() as u64,
        "retrying"
    );
}

#[cfg(not(feature = "tracing"))]
fn trace_retry(
    _: Option<(&'static str, &'static str)>,
    _: u32,
    _: &Result<reqwest::Response, reqwest::Error>,
    _: std::time::Duration,
) {
}
