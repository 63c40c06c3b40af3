//! Support for generated blocking clients: a private single-threaded runtime that runs one call at a time.

use std::fmt;
use std::future::Future;

/// A current-thread tokio runtime with I/O and timers, owned by a blocking client.
pub struct Runtime(tokio::runtime::Runtime);

impl Runtime {
    /// Starts the runtime. Fails only when the OS refuses the resources (threads, file descriptors).
    pub fn new() -> std::io::Result<Self> {
        tokio::runtime::Builder::new_current_thread().enable_all().build().map(Runtime)
    }

    /// Runs a future to completion on this thread. Must not be called from async code.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Runtime")
    }
}
