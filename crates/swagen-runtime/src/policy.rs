//! How long a call may take and when it is tried again.
//!
//! **Timeouts** (on by default): 10 s to connect, 60 s for a whole call (answer included, not a streamed body's
//! reading); both configurable per client ([`crate::Config::timeouts`]) and the whole-call one per call
//! ([`crate::Config::timeout`] on a clone of the client's config).
//!
//! **Retries** (on by default, for idempotent methods only): a `GET`, `HEAD`, `PUT`, `DELETE` or `OPTIONS` that
//! meets `429 Too Many Requests`, `502`, `503` or `504`, or fails to connect, is tried again, at most 3 times in all
//! and within 30 s, after an exponential backoff with full jitter (100 ms, 200 ms, 400 ms… capped at 5 s, each
//! drawn between zero and that), or after the server's `Retry-After` (seconds or an HTTP date) on 429 and 503 when it
//! fits the budget. These are the faults a retry cannot make worse: the methods are idempotent by HTTP's
//! definition (RFC 9110 §9.2.2), and the statuses say the request was not processed. Other methods (`POST`,
//! `PATCH`) are retried only when the caller opts in ([`RetryPolicy::any_method`]); a body that cannot be replayed
//! (a file or stream `Upload`) is never sent twice. The defaults match what AWS, Azure and Google SDKs do.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::time::{Duration, SystemTime};

/// Connect and whole-call timeouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the connection (TCP and TLS). Set on the `reqwest` client when the config builds it.
    pub connect: Duration,
    /// The whole call: sending and the answer's head and (unless streamed) body. `None`: no limit.
    pub call: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_secs(10), call: Some(Duration::from_secs(60)) }
    }
}

/// When a failed call is tried again (see the module documentation for the defaults and why).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (1: never retry).
    pub max_attempts: u32,
    /// The first backoff; it doubles on each retry.
    pub base_delay: Duration,
    /// The longest single backoff (and the longest `Retry-After` honoured).
    pub max_delay: Duration,
    /// No retry starts after this long since the first try.
    pub max_total: Duration,
    /// Retry non-idempotent methods too (`POST`, `PATCH`): only when the API makes them safe to repeat.
    pub any_method: bool,
    /// Statuses that are retried.
    pub statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_total: Duration::from_secs(30),
            any_method: false,
            statuses: vec![429, 502, 503, 504],
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Tries in all, the first included.
    pub fn attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Retries `POST` and `PATCH` as well (opt in only for operations the API makes idempotent).
    pub fn any_method(mut self) -> Self {
        self.any_method = true;
        self
    }

    /// The backoff delays (first, cap).
    pub fn delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max;
        self
    }

    /// The time budget from the first try, after which nothing is retried.
    pub fn budget(mut self, max_total: Duration) -> Self {
        self.max_total = max_total;
        self
    }

    /// Whether calls of this method may be retried.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.any_method
            || matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
    }

    /// The delay before retry number `retry` (1 for the first retry): exponential with full jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let cap = exp.min(self.max_delay);
        cap.mul_f64(fastrand::f64())
    }

    /// The delay the server asks for with `Retry-After` on 429 and 503: seconds, or an HTTP date.
    pub(crate) fn retry_after(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        if !matches!(status.as_u16(), 429 | 503) {
            return None;
        }
        let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let at = httpdate::parse_http_date(value).ok()?;
        Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn idempotent_methods_only_by_default() {
        let p = RetryPolicy::default();
        assert!(p.allows(&Method::GET) && p.allows(&Method::PUT) && p.allows(&Method::DELETE));
        assert!(!p.allows(&Method::POST) && !p.allows(&Method::PATCH));
        assert!(p.clone().any_method().allows(&Method::POST));
    }

    #[test]
    fn backoff_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        for retry in 1..20 {
            assert!(p.backoff(retry) <= p.max_delay);
        }
        assert!(p.backoff(1) <= Duration::from_millis(100));
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(RetryPolicy::retry_after(StatusCode::TOO_MANY_REQUESTS, &h), Some(Duration::from_secs(2)));
        assert_eq!(RetryPolicy::retry_after(StatusCode::BAD_GATEWAY, &h), None);
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        h.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let d = RetryPolicy::retry_after(StatusCode::SERVICE_UNAVAILABLE, &h).unwrap();
        assert!(d > Duration::from_secs(25) && d <= Duration::from_secs(30), "{d:?}");
        h.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(RetryPolicy::retry_after(StatusCode::SERVICE_UNAVAILABLE, &h), Some(Duration::ZERO));
    }
}
