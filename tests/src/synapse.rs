//! A real Synapse homeserver on loopback, for the end-to-end tests of the Matrix connector.
//!
//! [`Synapse::start`] installs Synapse once into a cache folder (`$HOPENOW_SYNAPSE_CACHE`, else
//! `$HOME/.cache/hopenow-synapse`) with `uv`, then runs a fresh homeserver in a temp dir on a free
//! `127.0.0.1` port: sqlite, no federation, registration closed, every `rc_*` rate limit raised and
//! cheap password hashing. Users come from the shared-secret admin API ([`Synapse::register`]).
//!
//! The API is blocking (plain `std` sockets and processes, no runtime). From an async test, call it
//! where blocking is fine: at the start of a `#[tokio::test]`, or through `spawn_blocking` /
//! `block_in_place` while other tasks must keep running (e.g. `stop` during an outage test).
//!
//! Clients get [`Synapse::url`] explicitly: discovery for the server name `hopenow.test` does not work.
//!
//! Cleanup: dropping the fixture kills Synapse's process group and deletes its temp dir. If the test
//! process dies without dropping it (SIGKILL, Ctrl-C, a fixture kept in a `static`), Synapse sees its
//! stdin pipe close and terminates itself, so no homeserver outlives the tests.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::python_service::{
    LOG_TAIL_LINES, cache_dir, find_or_install_uv, free_port, http, lock_install, run, signal_group, tail, uv_command,
};

/// The pinned Synapse release (from PyPI, wheels only).
pub const SYNAPSE_VERSION: &str = "1.163.2";
/// The homeserver's name: user ids are `@localpart:hopenow.test`.
pub const SERVER_NAME: &str = "hopenow.test";

/// How errors name it.
const SERVICE: &str = "Synapse";
const START_TIMEOUT: Duration = Duration::from_secs(60);
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs Synapse with a thread that waits for stdin to close (the test process is gone) and then
/// terminates Synapse: SIGTERM to itself, a hard exit 10 s later.
///
/// After the reactor has stopped (its shutdown hooks have run and the database pool is closed),
/// Python's own teardown takes another 1.4-1.9 s here; `os._exit` skips it, so `stop` is quick.
const PARENT_WATCH: &str = r#"
import logging, os, runpy, signal, sys, threading, traceback

def _watch_parent():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except BaseException:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    threading.Event().wait(10)
    os._exit(1)

threading.Thread(target=_watch_parent, name="hopenow-parent-watch", daemon=True).start()
sys.argv = ["synapse.app.homeserver"] + sys.argv[1:]
code = 0
try:
    runpy.run_module("synapse.app.homeserver", run_name="__main__", alter_sys=True)
except SystemExit as e:
    if e.code is None or isinstance(e.code, int):
        code = e.code or 0
    else:
        print(e.code, file=sys.stderr)
        code = 1
except BaseException:
    traceback.print_exc()
    code = 1
logging.shutdown()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
"#;

/// A running (or stopped) Synapse homeserver with its own data dir and port.
pub struct Synapse {
    child: Option<Child>,
    /// Keeps Synapse's stdin open: when it closes, Synapse stops itself (see [`PARENT_WATCH`]).
    stdin: Option<ChildStdin>,
    python: PathBuf,
    port: u16,
    shared_secret: String,
    /// Dropped (deleted) after `Drop::drop` has killed the process.
    dir: TempDir,
}

impl Synapse {
    /// Installs Synapse (once, into the cache folder) and starts a fresh homeserver on a free
    /// `127.0.0.1` port with every rate limit relaxed. Blocks until it answers
    /// `GET /_matrix/client/versions` (a few seconds). Errors say what failed (install, start,
    /// readiness) and carry the tail of Synapse's log.
    pub fn start() -> Result<Synapse, String> {
        Self::start_with_message_limit(None)
    }

    /// [`Synapse::start`], but with `rc_message` (every event a user sends) as tight as given,
    /// `(per_second, burst_count)`, so that clients meet `M_LIMIT_EXCEEDED`.
    pub fn start_with_message_limit(limit: Option<(f64, u32)>) -> Result<Synapse, String> {
        Self::start_configured(limit, false)
    }

    /// [`Synapse::start`], but rooms made, invites and joins limited as a stock Synapse limits
    /// them (`rc_room_creation`, `rc_invites`, `rc_joins`, `rc_joins_per_room` left out of the
    /// config): what a bridge meets when nobody lifted those limits for it.
    pub fn start_with_room_limits_at_defaults() -> Result<Synapse, String> {
        Self::start_configured(None, true)
    }

    fn start_configured(limit: Option<(f64, u32)>, room_limits_at_defaults: bool) -> Result<Synapse, String> {
        let python = install()?;
        let mut last_error = String::new();
        for _attempt in 0..3 {
            let dir = tempfile::Builder::new()
                .prefix("hopenow-synapse-")
                .tempdir()
                .map_err(|e| format!("Synapse: cannot create a temp dir: {e}"))?;
            let port = free_port(SERVICE)?;
            let shared_secret = random_hex(32)?;
            write_config(dir.path(), port, &shared_secret, limit, room_limits_at_defaults)?;
            let mut synapse = Synapse { child: None, stdin: None, python: python.clone(), port, shared_secret, dir };
            match synapse.launch() {
                Ok(()) => return Ok(synapse),
                // Another process took the port between our probe and Synapse's bind: new port.
                Err(e) if e.contains("Address already in use") => last_error = e,
                Err(e) => return Err(e),
            }
        }
        Err(last_error)
    }

    /// `http://127.0.0.1:PORT`, the URL to give clients (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The `registration_shared_secret` of its homeserver.yaml, as an operator copies it.
    pub fn shared_secret(&self) -> &str {
        &self.shared_secret
    }

    /// The server name in user ids: `hopenow.test`.
    pub fn server_name(&self) -> &str {
        SERVER_NAME
    }

    /// The pid of the running Synapse process (also its process group id), if it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Synapse's log (stdout, stderr and its INFO log), kept across restarts.
    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("synapse.log")
    }

    /// The last `lines` lines of Synapse's log, for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.log_path(), lines)
    }

    /// Registers a user through the shared-secret admin API (nonce + HMAC-SHA1 mac) and returns
    /// the full user id `@localpart:hopenow.test`.
    pub fn register(&self, localpart: &str, password: &str, admin: bool) -> Result<String, String> {
        let (status, body) = self.api("GET", "/_synapse/admin/v1/register", None, None)?;
        let nonce = match (status, body.get("nonce").and_then(Value::as_str)) {
            (200, Some(nonce)) => nonce.to_string(),
            _ => return Err(format!("Synapse register {localpart}: no nonce: HTTP {status} {body}")),
        };
        let mac = registration_mac(&self.shared_secret, &nonce, localpart, password, admin);
        let request = json!({"nonce": nonce, "username": localpart, "password": password, "admin": admin, "mac": mac});
        let (status, body) = self.api("POST", "/_synapse/admin/v1/register", None, Some(&request))?;
        match (status, body.get("user_id").and_then(Value::as_str)) {
            (200, Some(user_id)) => Ok(user_id.to_string()),
            _ => Err(format!("Synapse register {localpart}: HTTP {status} {body}")),
        }
    }

    /// One JSON request to the homeserver: `path` starts with `/`, the body (if any) is sent as JSON.
    /// Returns the status and the parsed JSON body (`Null` when empty). Plain HTTP/1.0, one
    /// connection per request; an error means no HTTP answer (e.g. connection refused).
    pub fn api(
        &self,
        method: &str,
        path: &str,
        access_token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        let body = body.map(Value::to_string);
        let (status, bytes) = http(self.port, method, path, access_token, body.as_deref(), HTTP_TIMEOUT)
            .map_err(|e| format!("{method} {}{path}: {e}", self.url()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok((status, Value::Null));
        }
        let value = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{method} {path}: HTTP {status} with a body that is not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        })?;
        Ok((status, value))
    }

    /// Registers the server admin `localpart` and logs it in: an access token for the admin API
    /// (`/_synapse/admin/…`), as an operator gets one.
    pub fn admin_token(&self, localpart: &str, password: &str) -> Result<String, String> {
        self.register(localpart, password, true)?;
        let login = serde_json::json!({
            "type": "m.login.password",
            "identifier": { "type": "m.id.user", "user": localpart },
            "password": password,
        });
        let (status, body) = self.api("POST", "/_matrix/client/v3/login", None, Some(&login))?;
        match body["access_token"].as_str() {
            Some(token) if status == 200 => Ok(token.to_owned()),
            _ => Err(format!("logging in {localpart}: HTTP {status}: {body}")),
        }
    }

    /// Stops Synapse: SIGTERM to its process group, up to 10 s to exit, then SIGKILL. Keeps the data
    /// dir, so [`Synapse::restart`] brings the same server back. Stopping a stopped server is a no-op.
    pub fn stop(&mut self) -> Result<(), String> {
        let Some(mut child) = self.child.take() else { return Ok(()) };
        signal_group(&child, "TERM");
        let deadline = Instant::now() + STOP_TIMEOUT;
        let result = loop {
            match child.try_wait() {
                Ok(Some(_status)) => break Ok(()),
                Ok(None) if Instant::now() < deadline => sleep(Duration::from_millis(20)),
                Ok(None) => {
                    signal_group(&child, "KILL");
                    let _ = child.kill();
                    break child.wait().map(drop).map_err(|e| format!("Synapse did not exit after SIGKILL: {e}"));
                }
                Err(e) => break Err(format!("Synapse: cannot wait for pid {}: {e}", child.id())),
            }
        };
        self.stdin = None;
        result
    }

    /// Starts Synapse again on the same port with the same database and keys (stops it first if it
    /// still runs). Blocks until it answers, like [`Synapse::start`].
    pub fn restart(&mut self) -> Result<(), String> {
        self.stop()?;
        self.launch()
    }

    /// Whether the Synapse process is alive (reaps it if it has exited).
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut().map(Child::try_wait) {
            Some(Ok(None)) => true,
            Some(_) => {
                self.child = None;
                self.stdin = None;
                false
            }
            None => false,
        }
    }

    /// Spawns Synapse on this data dir and waits until it answers.
    fn launch(&mut self) -> Result<(), String> {
        let dir = self.dir.path().to_path_buf();
        let mut log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .map_err(|e| format!("Synapse: cannot open its log file: {e}"))?;
        let _ = writeln!(log, "=== hopenow-tests: starting Synapse on port {} ===", self.port);
        let stderr = log.try_clone().map_err(|e| format!("Synapse: cannot open its log file: {e}"))?;
        let mut child = Command::new(&self.python)
            .arg("-c")
            .arg(PARENT_WATCH)
            .arg("-c")
            .arg(dir.join("homeserver.yaml"))
            .current_dir(&dir)
            // Without bytecode writes every start would be ~3.5 s slower (the venv is precompiled anyway).
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .env_remove("PYTHONPATH")
            .env_remove("PYTHONHOME")
            .stdin(Stdio::piped())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(stderr))
            .process_group(0)
            .spawn()
            .map_err(|e| format!("Synapse: cannot run {}: {e}", self.python.display()))?;
        self.stdin = child.stdin.take();
        self.child = Some(child);
        match self.wait_ready() {
            Ok(()) => Ok(()),
            Err(e) => {
                self.kill();
                Err(format!(
                    "{e}\n--- last {LOG_TAIL_LINES} lines of Synapse's log ---\n{}",
                    self.log_tail(LOG_TAIL_LINES)
                ))
            }
        }
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Some(child) = self.child.as_mut() {
                match child.try_wait() {
                    Ok(None) => {}
                    Ok(Some(status)) => {
                        return Err(format!("Synapse exited ({status}) before it answered on {}", self.url()));
                    }
                    Err(e) => return Err(format!("Synapse: cannot wait for its process: {e}")),
                }
            }
            let last = match http(self.port, "GET", "/_matrix/client/versions", None, None, Duration::from_secs(2)) {
                Ok((200, _)) => return Ok(()),
                Ok((status, body)) => format!("HTTP {status}: {}", String::from_utf8_lossy(&body)),
                Err(e) => e,
            };
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "Synapse did not answer GET {}/_matrix/client/versions within {} s (last: {last})",
                    self.url(),
                    START_TIMEOUT.as_secs()
                ));
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL to the process group and reap: no zombie, no orphan.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            signal_group(&child, "KILL");
            let _ = child.kill();
            let _ = child.wait();
        }
        self.stdin = None;
    }
}

impl Drop for Synapse {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The shared-secret registration mac: hex(HMAC-SHA1(secret, nonce \0 user \0 password \0 admin|notadmin)).
pub fn registration_mac(shared_secret: &str, nonce: &str, username: &str, password: &str, admin: bool) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, shared_secret.as_bytes());
    let mut context = hmac::Context::with_key(&key);
    for (i, part) in [nonce, username, password, if admin { "admin" } else { "notadmin" }].iter().enumerate() {
        if i > 0 {
            context.update(b"\0");
        }
        context.update(part.as_bytes());
    }
    hex(context.sign().as_ref())
}

/// Makes sure the pinned Synapse is installed in the cache folder and returns its venv's python.
/// Idempotent and safe to call from several processes at once (an flock on `install.lock`); a
/// stamp file marks a finished install, so a half-finished one is redone.
pub fn install() -> Result<PathBuf, String> {
    let cache = cache_dir(SERVICE, "HOPENOW_SYNAPSE_CACHE", "hopenow-synapse")?;
    let venv = cache.join(format!("venv-{SYNAPSE_VERSION}"));
    let python = venv.join("bin").join("python");
    let stamp = venv.join(".hopenow-installed");
    let expected = format!("matrix-synapse=={SYNAPSE_VERSION}\n");
    let installed = || python.exists() && fs::read_to_string(&stamp).is_ok_and(|s| s == expected);
    if installed() {
        return Ok(python);
    }
    fs::create_dir_all(&cache).map_err(|e| format!("Synapse install: cannot create {}: {e}", cache.display()))?;
    let _lock = lock_install(SERVICE, &cache.join("install.lock"))?;
    if installed() {
        return Ok(python);
    }
    if venv.exists() {
        fs::remove_dir_all(&venv)
            .map_err(|e| format!("Synapse install: cannot remove the unfinished {}: {e}", venv.display()))?;
    }
    let uv = find_or_install_uv(SERVICE, &cache)?;
    run(
        uv_command(&uv, &cache).arg("venv").arg("--quiet").arg("--python").arg("python3").arg(&venv),
        SERVICE,
        "uv venv",
    )?;
    run(
        uv_command(&uv, &cache)
            .args(["pip", "install", "--quiet", "--compile-bytecode", "--python"])
            .arg(&python)
            .arg(format!("matrix-synapse=={SYNAPSE_VERSION}")),
        SERVICE,
        "uv pip install matrix-synapse",
    )?;
    let output = run(
        Command::new(&python).args(["-c", "import synapse; print(synapse.__version__)"]),
        SERVICE,
        "import synapse",
    )?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if version != SYNAPSE_VERSION {
        return Err(format!("Synapse install: expected version {SYNAPSE_VERSION}, the venv has {version}"));
    }
    fs::write(&stamp, expected).map_err(|e| format!("Synapse install: cannot write {}: {e}", stamp.display()))?;
    Ok(python)
}

/// The config: YAML is a superset of JSON, so it is written as JSON (no quoting pitfalls).
fn write_config(
    dir: &Path,
    port: u16,
    shared_secret: &str,
    message_limit: Option<(f64, u32)>,
    room_limits_at_defaults: bool,
) -> Result<(), String> {
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    // Far above anything a test does; the defaults (e.g. 0.003 invites/s) break tests.
    let relaxed = json!({"per_second": 100_000, "burst_count": 1_000_000});
    let config = json!({
        "server_name": SERVER_NAME,
        "public_baseurl": format!("http://127.0.0.1:{port}/"),
        "report_stats": false,
        "listeners": [{
            "port": port,
            "bind_addresses": ["127.0.0.1"],
            "type": "http",
            "tls": false,
            "x_forwarded": false,
            // `client` also serves /_synapse/admin and the media repository.
            "resources": [{"names": ["client"], "compress": false}],
        }],
        "database": {"name": "sqlite3", "args": {"database": path("homeserver.db")}},
        "log_config": path("log.yaml"),
        "media_store_path": path("media_store"),
        // Synapse generates the key on its first start.
        "signing_key_path": path("signing.key"),
        "registration_shared_secret": shared_secret,
        "macaroon_secret_key": random_hex(32)?,
        "form_secret": random_hex(32)?,
        "enable_registration": false,
        "bcrypt_rounds": 4,
        "trusted_key_servers": [],
        "federation_domain_whitelist": [],
        "url_preview_enabled": false,
        "enable_metrics": false,
        "redaction_retention_period": null,
        "rc_message": message_limit
            .map_or_else(|| relaxed.clone(), |(per_second, burst)| json!({"per_second": per_second, "burst_count": burst})),
        "rc_registration": relaxed,
        "rc_registration_token_validity": relaxed,
        "rc_login": {"address": relaxed, "account": relaxed, "failed_attempts": relaxed},
        "rc_admin_redaction": relaxed,
        "rc_joins": {"local": relaxed, "remote": relaxed},
        "rc_joins_per_room": relaxed,
        "rc_key_requests": relaxed,
        "rc_3pid_validation": relaxed,
        "rc_invites": {"per_room": relaxed, "per_user": relaxed, "per_issuer": relaxed},
        "rc_third_party_invite": relaxed,
        "rc_media_create": relaxed,
        "rc_presence": {"per_user": relaxed},
        "rc_delayed_event_mgmt": relaxed,
        "rc_room_creation": relaxed,
        "rc_reports": relaxed,
        "rc_user_directory": relaxed,
        "rc_profile": relaxed,
    });
    let mut config = config;
    if room_limits_at_defaults && let Some(keys) = config.as_object_mut() {
        for key in ["rc_room_creation", "rc_invites", "rc_joins", "rc_joins_per_room"] {
            keys.remove(key);
        }
    }
    // Python logging to stderr, which goes to synapse.log with anything printed before logging starts.
    let log_config = json!({
        "version": 1,
        "formatters": {"precise": {"format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "precise"}},
        "loggers": {"synapse.storage.SQL": {"level": "WARNING"}},
        "root": {"level": "INFO", "handlers": ["console"]},
        "disable_existing_loggers": false,
    });
    for (name, value) in [("homeserver.yaml", config), ("log.yaml", log_config)] {
        let text = serde_json::to_string_pretty(&value).map_err(|e| format!("Synapse config: {e}"))?;
        fs::write(dir.join(name), text).map_err(|e| format!("Synapse config: cannot write {name}: {e}"))?;
    }
    Ok(())
}

fn random_hex(bytes: usize) -> Result<String, String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new().fill(&mut buf).map_err(|_| "Synapse: no system randomness".to_string())?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
