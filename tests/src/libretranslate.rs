//! A real LibreTranslate on loopback, for the contract tests of the fake and of the client.
//!
//! [`RealLibreTranslate::start`] installs LibreTranslate and spaCy once into a cache folder
//! (`$HOPENOW_LIBRETRANSLATE_CACHE`, else `$HOME/.cache/hopenow-libretranslate-tests`) with `uv`,
//! builds three tiny random-weight Argos packages there (en→th, th→en, de→en; see
//! `libretranslate/build_models.py`), then runs a fresh server in a temp dir on a free
//! `127.0.0.1` port. No model is downloaded: LibreTranslate asks the Argos index only when fewer
//! than two packages are installed or `--update-models` is given, and the sentence splitter is the
//! packages' own blank spaCy pipeline (`ARGOS_CHUNK_TYPE=SPACY`), not MiniSBD, which downloads one.
//!
//! Everything the server writes stays in its temp dir: `XDG_DATA_HOME`, `XDG_CONFIG_HOME`,
//! `XDG_CACHE_HOME`, `HOME`, `TMPDIR` and its working directory (the API key database) all point
//! there; the packages are symlinked in from the cache.
//!
//! The API is blocking, like [`crate::synapse`]. Dropping the fixture kills the server's process
//! group; a fixture kept in a `static` is never dropped, so the server also exits when its stdin
//! pipe closes, which is when the test process is gone ([`SERVE`]).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::python_service::{
    LOG_TAIL_LINES, cache_dir, find_or_install_uv, free_port, http, listens, lock_install, run, signal_group, tail,
    uv_command,
};

/// The pinned LibreTranslate release (from PyPI, wheels only).
pub const LIBRETRANSLATE_VERSION: &str = "1.9.6";
/// The pinned spaCy release: the offline sentence splitter.
pub const SPACY_VERSION: &str = "3.8.18";
/// Dependencies are resolved as PyPI had them then, so a later release of one (numpy,
/// ctranslate2…) cannot change what the tests run against.
const EXCLUDE_NEWER: &str = "2026-12-05T00:00:00Z";
/// The API key the `--api-keys` server knows (made with `ltmanage keys add`).
pub const API_KEY: &str = "hopenow-contract-key";
/// The languages the test packages give, each with its targets, as `GET /languages` lists them:
/// a language translates into itself too (argostranslate's identity translation), and de→th goes
/// through English.
pub const LANGUAGES: [(&str, &str, &[&str]); 3] =
    [("de", "German", &["de", "en", "th"]), ("en", "English", &["en", "th"]), ("th", "Thai", &["en", "th"])];

const SERVICE: &str = "LibreTranslate";
const CACHE_VARIABLE: &str = "HOPENOW_LIBRETRANSLATE_CACHE";
const CACHE_NAME: &str = "hopenow-libretranslate-tests";
const BUILD_MODELS: &str = include_str!("libretranslate/build_models.py");
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// What to do when the install or the start fails: said after the error.
fn how_to_fix() -> String {
    let cache = cache_dir(SERVICE, CACHE_VARIABLE, CACHE_NAME).map_or_else(|e| e, |dir| dir.display().to_string());
    format!(
        "The translation contract tests need LibreTranslate from PyPI (no model is downloaded). Check that PyPI \
         is reachable (uv honours PIP_INDEX_URL) and that python3 runs; to start over, remove {cache}, or set \
         {CACHE_VARIABLE} to another folder."
    )
}

/// Runs LibreTranslate's `main()` with a thread that waits for stdin to close (the test process
/// is gone), then deletes the server's temp dir (a fixture in a `static` never drops its
/// `TempDir`) and exits at once: nothing of the server is worth a clean shutdown.
const SERVE: &str = r#"
import os, shutil, sys, threading, traceback

def _watch_parent():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except BaseException:
        pass
    shutil.rmtree(os.environ["HOPENOW_LIBRETRANSLATE_DIR"], ignore_errors=True)
    os._exit(0)

threading.Thread(target=_watch_parent, name="hopenow-parent-watch", daemon=True).start()
sys.argv = ["libretranslate"] + sys.argv[1:]
# An exit of main() (a port taken, a bad flag) must not wait on the thread above: exit at once.
try:
    from libretranslate.main import main
    main()
except BaseException:
    traceback.print_exc()
sys.stdout.flush()
sys.stderr.flush()
os._exit(1)
"#;

/// How a server is started: the flags of `libretranslate` that the contract tests vary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `--api-keys --under-attack`: [`API_KEY`] in its database, and a key required of every
    /// request (`--api-keys` alone still answers requests that carry no key).
    pub api_keys: bool,
    /// `--char-limit`.
    pub char_limit: Option<u32>,
    /// `--req-limit` (per minute and client).
    pub req_limit: Option<u32>,
}

/// What [`install`] leaves in the cache folder.
#[derive(Clone, Debug)]
pub struct Installed {
    pub venv: PathBuf,
    /// One directory per test package.
    pub packages: PathBuf,
}

/// A running LibreTranslate with its own temp dir and port.
pub struct RealLibreTranslate {
    child: Option<Child>,
    /// Keeps the server's stdin open: when it closes, the server exits (see [`SERVE`]).
    stdin: Option<ChildStdin>,
    port: u16,
    /// From spawning to the first `200` of `GET /health`.
    pub started_in: Duration,
    /// Dropped (deleted) after `Drop::drop` has killed the process.
    dir: TempDir,
}

impl RealLibreTranslate {
    /// Installs LibreTranslate and the test packages (once, into the cache folder) and starts a
    /// server with `flags`. Blocks until it answers `GET /health` (2-4 s). Errors say what failed
    /// (install, build, start, readiness), carry the tail of the server's log, and say what to do.
    pub fn start(flags: &Flags) -> Result<Self, String> {
        let installed = install().map_err(|e| format!("{e}\n{}", how_to_fix()))?;
        let mut last_error = String::new();
        for _attempt in 0..3 {
            match Self::launch(&installed, flags) {
                Ok(server) => return Ok(server),
                // Another process took the port between our probe and the server's bind.
                Err(e) if e.contains("Address already in use") => last_error = e,
                Err(e) => return Err(format!("{e}\n{}", how_to_fix())),
            }
        }
        Err(format!("{last_error}\n{}", how_to_fix()))
    }

    /// `http://127.0.0.1:PORT`, as `[translation] url` takes it.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The server's resident memory now, in kB (`VmRSS`), if it runs.
    pub fn rss_kb(&self) -> Option<u64> {
        let pid = self.child.as_ref()?.id();
        let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// The last `lines` lines of the server's log (stdout and stderr), for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.dir.path().join("libretranslate.log"), lines)
    }

    fn launch(installed: &Installed, flags: &Flags) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("hopenow-libretranslate-")
            .tempdir()
            .map_err(|e| format!("LibreTranslate: cannot create a temp dir: {e}"))?;
        let root = dir.path().to_path_buf();
        let packages = root.join("data/argos-translate/packages");
        // Without this (empty) directory argostranslate runs `spacy download xx_sent_ud_sm` at import.
        let senter = root.join("cache/argos-translate/spacy/senter/model");
        for made in [&packages, &senter, &root.join("config"), &root.join("tmp"), &root.join("db")] {
            fs::create_dir_all(made).map_err(|e| format!("LibreTranslate: cannot create {}: {e}", made.display()))?;
        }
        let entries = fs::read_dir(&installed.packages)
            .map_err(|e| format!("LibreTranslate: cannot list {}: {e}", installed.packages.display()))?;
        for entry in entries.flatten() {
            let link = packages.join(entry.file_name());
            std::os::unix::fs::symlink(entry.path(), &link)
                .map_err(|e| format!("LibreTranslate: cannot link {}: {e}", link.display()))?;
        }
        let port = free_port(SERVICE)?;
        let mut args = vec![
            "--host".to_owned(),
            "127.0.0.1".to_owned(),
            "--port".to_owned(),
            port.to_string(),
            "--disable-web-ui".to_owned(),
            "--disable-files-translation".to_owned(),
        ];
        let db = root.join("db/api_keys.db");
        if flags.api_keys {
            let db = db.display().to_string();
            args.extend(["--api-keys", "--api-keys-db-path", &db, "--under-attack"].map(String::from));
        }
        if let Some(limit) = flags.char_limit {
            args.extend(["--char-limit".to_owned(), limit.to_string()]);
        }
        if let Some(limit) = flags.req_limit {
            args.extend(["--req-limit".to_owned(), limit.to_string()]);
        }
        let log_path = root.join("libretranslate.log");
        let mut log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| format!("LibreTranslate: cannot open its log file: {e}"))?;
        let _ = writeln!(log, "=== hopenow-tests: libretranslate {}", args.join(" "));
        let stderr = log.try_clone().map_err(|e| format!("LibreTranslate: cannot open its log file: {e}"))?;
        let started = Instant::now();
        let child = isolated(&installed.venv.join("bin/python"), &root)
            .env("HOPENOW_LIBRETRANSLATE_DIR", &root)
            .arg("-c")
            .arg(SERVE)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(stderr))
            .process_group(0)
            .spawn()
            .map_err(|e| format!("LibreTranslate: cannot run {}: {e}", installed.venv.display()))?;
        let mut server = Self { child: Some(child), stdin: None, port, started_in: Duration::ZERO, dir };
        server.stdin = server.child.as_mut().and_then(|child| child.stdin.take());
        let ready = server.wait_ready().and_then(|()| {
            // The server has made the database; the key must be in it before any request asks
            // for it (a miss is cached for 30 s).
            if flags.api_keys {
                let ltmanage = installed.venv.join("bin/ltmanage");
                let db = db.display().to_string();
                run(
                    isolated(&ltmanage, &root).args([
                        "keys",
                        "--api-keys-db-path",
                        &db,
                        "add",
                        "1000",
                        "--key",
                        API_KEY,
                    ]),
                    SERVICE,
                    "ltmanage keys add",
                )?;
            }
            Ok(())
        });
        server.started_in = started.elapsed();
        match ready {
            Ok(()) => Ok(server),
            Err(e) => {
                server.kill();
                Err(format!(
                    "{e}\n--- last {LOG_TAIL_LINES} lines of LibreTranslate's log ---\n{}",
                    server.log_tail(LOG_TAIL_LINES)
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
                        return Err(format!("LibreTranslate exited ({status}) before it answered on {}", self.url()));
                    }
                    Err(e) => return Err(format!("LibreTranslate: cannot wait for its process: {e}")),
                }
            }
            let pid = self.child.as_ref().map_or(0, Child::id);
            let last = match http(self.port, "GET", "/health", None, None, Duration::from_secs(2)) {
                Ok((200, _)) if listens(pid, self.port) => return Ok(()),
                // Another server holds the port; ours will fail to bind and exit (then a new port).
                Ok((200, _)) => "a server that is not ours answers there".to_owned(),
                Ok((status, body)) => format!("HTTP {status}: {}", String::from_utf8_lossy(&body)),
                Err(e) => e,
            };
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "LibreTranslate did not answer GET {}/health within {} s (last: {last})",
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

impl Drop for RealLibreTranslate {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A command of the venv run inside `root`: every place Python, argostranslate, onnxruntime and
/// LibreTranslate write to is under it, and no `LT_*`/`ARGOS_*` setting of the caller leaks in
/// (`LT_UPDATE_MODELS=true` would send it to the network).
fn isolated(program: &Path, root: &Path) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("LT_") || name.starts_with("ARGOS_") || name.starts_with("PYTHON") {
            command.env_remove(name.as_ref());
        }
    }
    command
        .current_dir(root)
        .env("HOME", root)
        .env("TMPDIR", root.join("tmp"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .env("ARGOS_CHUNK_TYPE", "SPACY");
    command
}

/// Makes sure the pinned LibreTranslate and spaCy are installed in the cache folder and the test
/// packages are built there. Idempotent and safe from several processes at once (an flock on
/// `install.lock`); stamp files mark a finished install and a finished build (of this very
/// `build_models.py`), so a half-finished one is redone and a warm run costs two file reads.
pub fn install() -> Result<Installed, String> {
    let cache = cache_dir(SERVICE, CACHE_VARIABLE, CACHE_NAME)?;
    let venv = cache.join(format!("venv-{LIBRETRANSLATE_VERSION}"));
    let python = venv.join("bin/python");
    let venv_stamp = venv.join(".hopenow-installed");
    let requirements = [format!("libretranslate=={LIBRETRANSLATE_VERSION}"), format!("spacy=={SPACY_VERSION}")];
    let expected_venv = format!("{}\nexclude-newer {EXCLUDE_NEWER}\n", requirements.join("\n"));
    let packages = cache.join(format!("packages-{:016x}", fnv1a(BUILD_MODELS.as_bytes())));
    let packages_stamp = packages.join(".hopenow-built");
    let installed = || {
        python.exists() && fs::read_to_string(&venv_stamp).is_ok_and(|s| s == expected_venv) && packages_stamp.exists()
    };
    let result = Installed { venv: venv.clone(), packages: packages.clone() };
    if installed() {
        return Ok(result);
    }
    fs::create_dir_all(&cache)
        .map_err(|e| format!("LibreTranslate install: cannot create {}: {e}", cache.display()))?;
    let _lock = lock_install(SERVICE, &cache.join("install.lock"))?;
    if installed() {
        return Ok(result);
    }
    if !(python.exists() && fs::read_to_string(&venv_stamp).is_ok_and(|s| s == expected_venv)) {
        if venv.exists() {
            fs::remove_dir_all(&venv)
                .map_err(|e| format!("LibreTranslate install: cannot remove the unfinished {}: {e}", venv.display()))?;
        }
        let uv = find_or_install_uv(SERVICE, &cache)?;
        run(uv_command(&uv, &cache).args(["venv", "--quiet", "--python", "python3"]).arg(&venv), SERVICE, "uv venv")?;
        run(
            uv_command(&uv, &cache)
                .args(["pip", "install", "--quiet", "--compile-bytecode", "--exclude-newer", EXCLUDE_NEWER, "--python"])
                .arg(&python)
                .args(&requirements),
            SERVICE,
            "uv pip install libretranslate spacy",
        )?;
        let output = run(
            Command::new(&python)
                .args(["-c", "import importlib.metadata as m; print(m.version('libretranslate'), m.version('spacy'))"]),
            SERVICE,
            "reading the installed versions",
        )?;
        let versions = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if versions != format!("{LIBRETRANSLATE_VERSION} {SPACY_VERSION}") {
            return Err(format!(
                "LibreTranslate install: expected libretranslate {LIBRETRANSLATE_VERSION} and spacy {SPACY_VERSION}, \
                 the venv has {versions}"
            ));
        }
        fs::write(&venv_stamp, &expected_venv)
            .map_err(|e| format!("LibreTranslate install: cannot write {}: {e}", venv_stamp.display()))?;
    }
    build_packages(&python, &cache, &packages)?;
    fs::write(&packages_stamp, "built\n")
        .map_err(|e| format!("LibreTranslate install: cannot write {}: {e}", packages_stamp.display()))?;
    Ok(result)
}

/// Runs `build_models.py` into `packages` (from scratch), in a work dir of its own.
fn build_packages(python: &Path, cache: &Path, packages: &Path) -> Result<(), String> {
    if packages.exists() {
        fs::remove_dir_all(packages)
            .map_err(|e| format!("LibreTranslate install: cannot remove the unfinished {}: {e}", packages.display()))?;
    }
    let work = tempfile::Builder::new()
        .prefix("build-")
        .tempdir_in(cache)
        .map_err(|e| format!("LibreTranslate install: cannot create a work dir in {}: {e}", cache.display()))?;
    fs::create_dir_all(work.path().join("tmp"))
        .map_err(|e| format!("LibreTranslate install: cannot create a work dir in {}: {e}", cache.display()))?;
    let script = work.path().join("build_models.py");
    fs::write(&script, BUILD_MODELS)
        .map_err(|e| format!("LibreTranslate install: cannot write {}: {e}", script.display()))?;
    run(isolated(python, work.path()).arg(&script).arg(packages), SERVICE, "build_models.py (the test packages)")?;
    Ok(())
}

/// FNV-1a, 64 bits: names the packages folder after the script that built it.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
