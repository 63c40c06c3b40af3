//! Hooks on every call: change a request before it is sent (add a header, sign it), look at each answer when it
//! arrives (log, measure). The async and the blocking client share them (the blocking one runs the async calls).

use std::fmt;
use std::sync::Arc;

/// What a hook is told about the call a request belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call<'a> {
    /// The generated method's name (`list_tags`), when the request comes from one.
    pub operation: Option<&'a str>,
    /// The route template (`/tags/{tag}`), never the URL with its values.
    pub route: Option<&'a str>,
    /// 1 for the first try, 2 for the first retry…
    pub attempt: u32,
}

/// A hook on every call. Both methods have defaults that do nothing; implement the ones you need.
pub trait Hook: Send + Sync {
    /// Before each try is sent: change headers, sign the request. An `Err` stops the call as an
    /// [`crate::Error::InvalidRequest`] (nothing is sent).
    fn before_send(&self, call: &Call<'_>, request: &mut reqwest::Request) -> Result<(), String> {
        let _ = (call, request);
        Ok(())
    }

    /// When each try's answer arrives (status and headers; the body is not read yet).
    fn after_receive(&self, call: &Call<'_>, response: &reqwest::Response) {
        let _ = (call, response);
    }
}

/// A hook from a closure run before each try is sent.
pub(crate) struct BeforeSend<F>(pub(crate) F);

impl<F> Hook for BeforeSend<F>
where
    F: Fn(&Call<'_>, &mut reqwest::Request) -> Result<(), String> + Send + Sync,
{
    fn before_send(&self, call: &Call<'_>, request: &mut reqwest::Request) -> Result<(), String> {
        (self.0)(call, request)
    }
}

/// A hook from a closure run when each answer arrives.
pub(crate) struct AfterReceive<F>(pub(crate) F);

impl<F> Hook for AfterReceive<F>
where
    F: Fn(&Call<'_>, &reqwest::Response) + Send + Sync,
{
    fn after_receive(&self, call: &Call<'_>, response: &reqwest::Response) {
        (self.0)(call, response)
    }
}

/// The hooks of a config, in the order they were added; cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}
