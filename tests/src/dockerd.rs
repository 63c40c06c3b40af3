//! A real Docker daemon for the end-to-end tests: Debian's `docker.io` (Engine 20.10, API 1.41), installed on
//! first use and started on 127.0.0.1 in a folder of its own.
//!
//! [`ensure_installed`] installs `docker.io` and `busybox-static` with apt-get when `dockerd` is missing and the
//! tests run as root (a fresh CI machine); otherwise it fails with the one command to run. The install holds an
//! exclusive lock on `target/dockerd-install.lock`, so parallel test binaries install once.
//!
//! [`Dockerd::start`] runs `dockerd` with its own `--data-root`, `--exec-root` and `--pidfile` in a temporary
//! folder, listening on a free port of 127.0.0.1 only, and with `--bridge=none --iptables=false
//! --ip6tables=false --ip-forward=false --ip-masq=false`: without these it creates a bridge and rewrites the
//! host's firewall and forwarding. Dropping the [`Dockerd`] stops it by its PID (SIGTERM, then SIGKILL after 30
//! s), unmounts whatever it left mounted under its folder and removes the folder: nothing stays behind.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set to `1` to skip the dockerd tests (they print a note and pass).
pub const SKIP_ENV: &str = "SWAGEN_SKIP_DOCKERD";
const START_TIMEOUT: Duration = Duration::from_secs(90);
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether `SWAGEN_SKIP_DOCKERD=1` is set.
pub fn skipped() -> bool {
    std::env::var(SKIP_ENV).is_ok_and(|v| v == "1")
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// The `dockerd` binary and a static `busybox` (the tests' image is made from it), installed on first use.
pub fn ensure_installed() -> Result<(PathBuf, PathBuf), String> {
    let found = || {
        Some((
            on_path("dockerd")?,
            ["/bin/busybox", "/usr/bin/busybox"].map(PathBuf::from).into_iter().find(|p| p.is_file())?,
        ))
    };
    if let Some(found) = found() {
        return Ok(found);
    }
    let target = workspace_root().join("target");
    std::fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    let lock_path = target.join("dockerd-install.lock");
    let lock = std::fs::File::create(&lock_path).map_err(|e| format!("cannot open {}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    if let Some(found) = found() {
        return Ok(found);
    }
    let how = "install them with `sudo apt-get install docker.io busybox-static` (Debian's Docker Engine 20.10), \
               or set SWAGEN_SKIP_DOCKERD=1 to skip the dockerd tests";
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if !root || on_path("apt-get").is_none() {
        return Err(format!("dockerd or busybox is missing and this is not root on Debian; {how}"));
    }
    eprintln!("note: installing docker.io and busybox-static with apt-get (once)");
    for args in
        [&["update", "-qq"][..], &["install", "-y", "-qq", "--no-install-recommends", "docker.io", "busybox-static"]]
    {
        let out = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run apt-get: {e}; {how}"))?;
        if !out.status.success() {
            return Err(format!(
                "apt-get {} failed ({}): {}; {how}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim_end()
            ));
        }
    }
    found().ok_or_else(|| format!("apt-get installed docker.io but dockerd or busybox is still missing; {how}"))
}

/// A running `dockerd` on 127.0.0.1. Stopped, and its folder removed, when dropped.
pub struct Dockerd {
    child: Child,
    dir: PathBuf,
    /// The host's network interfaces before the daemon started: swarm mode adds `docker_gwbridge`, a bridge
    /// network its own; those it leaves are deleted on drop.
    links_before: Vec<String>,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// A static busybox, for building the tests' image.
    pub busybox: PathBuf,
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("no free port: {e}"))
}

impl Dockerd {
    /// Installs (if needed) and starts a daemon; `Ok(None)` when `SWAGEN_SKIP_DOCKERD=1` (with a note).
    pub fn start() -> Result<Option<Dockerd>, String> {
        if skipped() {
            eprintln!("note: {SKIP_ENV}=1: skipping the dockerd test");
            return Ok(None);
        }
        let (bin, busybox) = ensure_installed()?;
        // A short folder: the exec root holds unix sockets, whose paths may not exceed 108 bytes.
        let dir = std::env::temp_dir().join(format!("swagen-dockerd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let port = free_port()?;
        let links_before = links();
        let log = std::fs::File::create(dir.join("dockerd.log")).map_err(|e| format!("cannot create the log: {e}"))?;
        let log_err = log.try_clone().map_err(|e| format!("cannot open the log: {e}"))?;
        let child = Command::new(&bin)
            .arg("--data-root")
            .arg(dir.join("data"))
            .arg("--exec-root")
            .arg(dir.join("exec"))
            .arg("--pidfile")
            .arg(dir.join("dockerd.pid"))
            .arg("-H")
            .arg(format!("tcp://127.0.0.1:{port}"))
            .arg("-H")
            .arg(format!("unix://{}", dir.join("docker.sock").display()))
            .args(["--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false"])
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        let mut daemon = Dockerd { child, dir, links_before, base_url: format!("http://127.0.0.1:{port}"), busybox };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = daemon.child.try_wait() {
                return Err(format!("dockerd exited ({status}) before answering; its log:\n{}", daemon.log()));
            }
            if daemon.ping() {
                return Ok(Some(daemon));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!("dockerd did not answer within {START_TIMEOUT:?}; its log:\n{}", daemon.log()));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn ping(&self) -> bool {
        use std::io::Write;
        let addr = self.base_url.trim_start_matches("http://");
        let Ok(mut s) = std::net::TcpStream::connect(addr) else { return false };
        let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
        if s.write_all(format!("GET /_ping HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes()).is_err() {
            return false;
        }
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
    }

    /// The daemon's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dockerd.log")).unwrap_or_default()
    }

    /// A scratch folder inside the daemon's folder (removed with it).
    pub fn scratch(&self, name: &str) -> PathBuf {
        let dir = self.dir.join("scratch").join(name);
        let _ = std::fs::create_dir_all(&dir);
        dir
    }
}

impl Drop for Dockerd {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let started = Instant::now();
        while started.elapsed() < STOP_TIMEOUT {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // Whatever is still mounted under the folder (a container's rootfs after a hard stop), innermost first.
        let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
        let mut ours: Vec<&str> = mounts
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1))
            .filter(|m| Path::new(m).starts_with(&self.dir))
            .collect();
        ours.sort_by_key(|m| std::cmp::Reverse(m.len()));
        for m in ours {
            let _ = Command::new("umount").args(["-l", m]).status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        // Bridges and veths the daemon made (swarm's `docker_gwbridge`, a network's `br-…`) and left behind.
        for link in links().into_iter().filter(|l| !self.links_before.contains(l)) {
            if link == "docker_gwbridge"
                || link.starts_with("br-")
                || link.starts_with("veth")
                || link.starts_with("swagen")
            {
                let _ = Command::new("ip").args(["link", "delete", &link]).status();
            }
        }
    }
}

/// The names of the host's network interfaces (`ip -o link show`); empty when `ip` is missing.
fn links() -> Vec<String> {
    let Ok(out) = Command::new("ip").args(["-o", "link", "show"]).output() else { return Vec::new() };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|name| name.split('@').next().unwrap_or(name).to_owned())
        .collect()
}
