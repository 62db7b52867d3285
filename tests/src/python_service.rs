//! What the fixtures of real Python services (Synapse, LibreTranslate) share: installing a pinned
//! release from PyPI with `uv` into a cache folder once (a lock file so that parallel tests do not
//! install twice), a free loopback port, signals to a process group, log tails and a minimal HTTP
//! client. Messages name the service (`service`), so a failure says whose install broke.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, PoisonError};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// uv, the installer (itself from PyPI); installed only when none is on `PATH`.
const UV_REQUIREMENT: &str = "uv>=0.5,<1";
/// How long one install may wait for another process's install of the same service.
const INSTALL_LOCK_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// Lines of output or log carried in an error.
pub const LOG_TAIL_LINES: usize = 40;

/// `$<env_var>`, else `$HOME/.cache/<name>`: where a service is installed once for every test run.
pub fn cache_dir(service: &str, env_var: &str, name: &str) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(env_var).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    match std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".cache").join(name)),
        None => Err(format!("{service} install: neither {env_var} nor HOME is set")),
    }
}

/// An exclusive flock, released when the file is dropped (or the process dies).
pub fn lock_install(service: &str, path: &Path) -> Result<File, String> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| format!("{service} install: cannot open {}: {e}", path.display()))?;
    let deadline = Instant::now() + INSTALL_LOCK_TIMEOUT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => sleep(Duration::from_millis(200)),
            Err(fs::TryLockError::WouldBlock) => {
                return Err(format!(
                    "{service} install: another process held {} for {} s",
                    path.display(),
                    INSTALL_LOCK_TIMEOUT.as_secs()
                ));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(format!("{service} install: cannot lock {}: {e}", path.display()));
            }
        }
    }
}

/// `uv` from `PATH`, else one installed earlier into the cache, else a fresh one from PyPI into
/// `<cache>/uv` (pip honours the `PIP_*` settings).
pub fn find_or_install_uv(service: &str, cache: &Path) -> Result<PathBuf, String> {
    let works = |uv: &Path| {
        Command::new(uv)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let on_path = PathBuf::from("uv");
    if works(&on_path) {
        return Ok(on_path);
    }
    let target = cache.join("uv");
    let uv = target.join("bin").join("uv");
    if works(&uv) {
        return Ok(uv);
    }
    let _ = fs::remove_dir_all(&target);
    let by_pip = run(
        Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target"])
            .arg(&target)
            .arg(UV_REQUIREMENT),
        service,
        "python3 -m pip install uv",
    );
    if by_pip.is_ok() && works(&uv) {
        return Ok(uv);
    }
    // No usable pip in the system python: a bootstrap venv brings its own.
    let bootstrap = cache.join("uv-venv");
    let _ = fs::remove_dir_all(&bootstrap);
    let venv_uv = bootstrap.join("bin").join("uv");
    let by_venv = run(Command::new("python3").args(["-m", "venv"]).arg(&bootstrap), service, "python3 -m venv")
        .and_then(|_| {
            run(
                Command::new(bootstrap.join("bin").join("pip")).args(["install", "--quiet", UV_REQUIREMENT]),
                service,
                "pip install uv (bootstrap venv)",
            )
        });
    match by_venv {
        Ok(_) if works(&venv_uv) => Ok(venv_uv),
        Ok(_) => Err(format!("{service} install: {} does not run after installing uv", venv_uv.display())),
        Err(e) => Err(format!(
            "{service} install: cannot get uv. With pip --target: {}. With a venv: {e}",
            by_pip.err().unwrap_or_else(|| "installed but does not run".to_string())
        )),
    }
}

/// A uv command that never downloads a Python and uses the pip index settings of this machine.
pub fn uv_command(uv: &Path, cache: &Path) -> Command {
    let mut command = Command::new(uv);
    command.env("UV_PYTHON_DOWNLOADS", "never").env("UV_NO_PROGRESS", "1");
    if std::env::var_os("UV_CACHE_DIR").is_none() {
        command.env("UV_CACHE_DIR", cache.join("uv-cache"));
    }
    if let (None, Some(index)) = (std::env::var_os("UV_DEFAULT_INDEX"), std::env::var_os("PIP_INDEX_URL")) {
        command.env("UV_DEFAULT_INDEX", index);
    }
    if let (None, Some(cert)) = (std::env::var_os("SSL_CERT_FILE"), std::env::var_os("PIP_CERT")) {
        command.env("SSL_CERT_FILE", cert);
    }
    command
}

/// Runs a command to completion; an error carries its exit status and the tail of its output.
pub fn run(command: &mut Command, service: &str, what: &str) -> Result<Output, String> {
    let output =
        command.stdin(Stdio::null()).output().map_err(|e| format!("{service} install: {what}: cannot run: {e}"))?;
    if output.status.success() {
        return Ok(output);
    }
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Err(format!("{service} install: {what} failed ({}):\n{}", output.status, last_lines(&text, LOG_TAIL_LINES)))
}

/// A port that was free a moment ago, and that this process has not handed out before: two
/// servers started at once must not be given the same one.
pub fn free_port(service: &str) -> Result<u16, String> {
    static GIVEN: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(PoisonError::into_inner);
    for _ in 0..100 {
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .map(|addr| addr.port())
            .map_err(|e| format!("{service}: no free port on 127.0.0.1: {e}"))?;
        if !given.contains(&port) {
            given.push(port);
            return Ok(port);
        }
    }
    Err(format!("{service}: no new free port on 127.0.0.1"))
}

/// Whether the process `pid` itself listens on `127.0.0.1:port`: the server that answers there
/// is the one we started, not another that got the same port (`/proc/net/tcp` names the socket,
/// `/proc/PID/fd` shows who holds it).
pub fn listens(pid: u32, port: u16) -> bool {
    let local = format!("0100007F:{port:04X}");
    let Ok(table) = fs::read_to_string("/proc/net/tcp") else { return false };
    let inodes: Vec<String> = table
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        // Columns: sl, local_address, rem_address, st (0A is LISTEN), …, inode (the tenth).
        .filter(|columns| columns.get(1) == Some(&local.as_str()) && columns.get(3) == Some(&"0A"))
        .filter_map(|columns| columns.get(9).map(|inode| format!("socket:[{inode}]")))
        .collect();
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else { return false };
    fds.flatten().any(|fd| {
        fs::read_link(fd.path()).is_ok_and(|target| inodes.iter().any(|inode| target.as_os_str() == inode.as_str()))
    })
}

/// Sends a signal to the child's process group (each service runs in its own), via kill(1): the crate
/// forbids unsafe code, so no libc.
pub fn signal_group(child: &Child, signal: &str) {
    let _ = Command::new("kill")
        .args(["-s", signal, "--", &format!("-{}", child.id())])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The last `lines` lines of a log file, for failure messages.
pub fn tail(path: &Path, lines: usize) -> String {
    match fs::read(path) {
        Ok(bytes) => last_lines(&String::from_utf8_lossy(&bytes), lines),
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

pub fn last_lines(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A minimal HTTP/1.0 exchange on loopback: one request, the server closes after its response.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    access_token: Option<&str>,
    body: Option<&str>,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    let mut request = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n");
    if let Some(token) = access_token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    } else {
        request.push_str("\r\n");
    }
    stream.write_all(request.as_bytes()).map_err(|e| format!("send: {e}"))?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).map_err(|e| format!("read: {e}"))?;
    let Some(head_end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Err(format!("malformed response: {}", String::from_utf8_lossy(&response)));
    };
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let mut body = response.split_off(head_end + 4);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("malformed status line: {head}"))?;
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        if name == "transfer-encoding" && !value.eq_ignore_ascii_case("identity") {
            return Err(format!("unsupported Transfer-Encoding {value} in an HTTP/1.0 response"));
        }
        if name == "content-length"
            && let Ok(length) = value.parse::<usize>()
        {
            body.truncate(length);
        }
    }
    Ok((status, body))
}
