//! Atomic writes: a temporary file in the same folder, then a rename. Never a half-written output.

use std::io::Write;
use std::path::Path;

/// What [`write_atomic`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The file already had these bytes; it was not touched (mtime kept, so cargo does not rebuild).
    Unchanged,
    /// The file was created or replaced.
    Written,
}

/// Writes `bytes` to `path` atomically, or not at all when the file already holds them.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<WriteOutcome> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(WriteOutcome::Unchanged);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".to_owned());
    let tmp = dir.join(format!(".{name}.swagen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        if std::env::var_os("SWAGEN_TEST_STALL_MID_WRITE").is_some() {
            // Fault-injection hook for the test that kills swagen mid-write (crates/swagen/tests/cli.rs): half the
            // bytes reach the temporary file, then the process waits to be killed.
            f.write_all(&bytes[..bytes.len() / 2])?;
            f.flush()?;
            eprintln!("swagen: stalled mid-write of {}", tmp.display());
            std::thread::sleep(std::time::Duration::from_secs(120));
            f.write_all(&bytes[bytes.len() / 2..])?;
        } else {
            f.write_all(bytes)?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| WriteOutcome::Written)
}
