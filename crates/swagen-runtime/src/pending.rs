//! [`Pending`]: the future every generated async method returns.

use crate::{Error, ResponseValue};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What a call resolves to: the answer, or what went wrong.
type Answer<T, E> = Result<ResponseValue<T>, Error<E>>;

/// A call on its way: await it for `Result<ResponseValue<T>, Error<E>>`. Every generated async method returns one
/// (the request is built when the method is called, so the call borrows only the client; it is sent when this is
/// first polled). The generated crate thus holds no `async` body of its own: one sending routine here serves every
/// method, and the compiler type-checks it once rather than once per method. `Send`, so calls can be spawned onto
/// a multi-threaded runtime.
#[must_use = "a call does nothing until it is awaited"]
pub struct Pending<'a, T, E = serde_json::Value> {
    inner: Pin<Box<dyn Future<Output = Answer<T, E>> + Send + 'a>>,
}

impl<'a, T, E> Pending<'a, T, E> {
    pub(crate) fn new(future: impl Future<Output = Answer<T, E>> + Send + 'a) -> Self {
        Pending { inner: Box::pin(future) }
    }
}

impl<T, E> Future for Pending<'_, T, E> {
    type Output = Answer<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T, E> fmt::Debug for Pending<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending")
    }
}
