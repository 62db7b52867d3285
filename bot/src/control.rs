//! The running bridge's control socket, `<data_dir>/control.sock`: how `hopenow backup` gets a
//! consistent snapshot while the bridge runs (sled lets one process open the data dir).
//!
//! One request, `backup\n`; the answer is the backup file's bytes, then the connection closes.
//! Only the bridge's own user gets an answer: the socket is 0600 in the 0700 data dir, and the
//! peer's uid is checked with `SO_PEERCRED` as well. Connections are served one at a time on a
//! thread of their own; events wait while the snapshot is read (see README, "Backups").

use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use bridge::engine::Engine;

/// The socket's name in the data dir.
pub const SOCKET: &str = "control.sock";
/// The one request: a backup.
pub const BACKUP_REQUEST: &[u8] = b"backup\n";
/// How long a client may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one write to a client may block. The snapshot holds every event back while it is
/// written, so a client that stops reading must not hold the bridge with it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The socket, served until this is dropped; then it is removed.
pub struct ControlSocket {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for ControlSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ControlSocket").field("path", &self.path).finish_non_exhaustive()
    }
}

impl ControlSocket {
    /// Listens on `<data_dir>/control.sock` for the engine's store.
    pub fn start(engine: Arc<Engine>) -> anyhow::Result<Self> {
        let path = engine.store().path().join(SOCKET);
        // One left by a bridge that crashed: nobody else can be listening, since this process
        // holds the data dir's lock.
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error).with_context(|| format!("cannot remove the old {}", path.display())),
        }
        let listener = UnixListener::bind(&path)
            .with_context(|| format!("cannot listen on {} (for `hopenow backup`)", path.display()))?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot make {} private", path.display()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("control".into())
                .spawn(move || serve(&listener, &engine, &stop))
                .context("cannot start the control socket's thread")?
        };
        Ok(Self { path, stop, thread: Some(thread) })
    }

    /// Where it listens.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ControlSocket {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wakes the accept so the thread sees the stop.
        let _ = UnixStream::connect(&self.path);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

fn serve(listener: &UnixListener, engine: &Engine, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::Acquire) {
            return;
        }
        match stream {
            Ok(stream) => answer(stream, engine),
            Err(error) => {
                tracing::warn!(%error, "the control socket could not accept a connection");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

fn answer(stream: UnixStream, engine: &Engine) {
    let own = rustix::process::getuid();
    match rustix::net::sockopt::socket_peercred(&stream) {
        Ok(peer) if peer.uid == own => {}
        Ok(peer) => {
            tracing::warn!(uid = peer.uid.as_raw(), "the control socket refused a process of another user");
            return;
        }
        Err(error) => {
            tracing::warn!(%error, "the control socket could not tell who connected; refused");
            return;
        }
    }
    let mut request = Vec::new();
    let read = stream
        .set_read_timeout(Some(REQUEST_TIMEOUT))
        .and_then(|()| (&stream).take(BACKUP_REQUEST.len() as u64).read_to_end(&mut request));
    if read.is_err() || request != BACKUP_REQUEST {
        let _ = (&stream).write_all(b"error: the only request is `backup`\n");
        return;
    }
    if let Err(error) = stream.set_write_timeout(Some(WRITE_TIMEOUT)) {
        tracing::warn!(%error, "the control socket could not set a write timeout; no backup served");
        return;
    }
    let started = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 18, &stream);
    match engine.store().write_backup(&mut out) {
        Ok(summary) => tracing::info!(
            records = summary.records,
            conversations = summary.conversations,
            files = summary.files,
            bytes = summary.bytes,
            millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "backup served on the control socket"
        ),
        // The client sees the file end early, and its check of the file says so.
        Err(error) => tracing::warn!(%error, "a backup on the control socket failed"),
    }
}

/// Asks the bridge listening in `data_dir` for a backup; `None` if no bridge listens there.
pub fn request_backup(data_dir: &Path) -> anyhow::Result<Option<UnixStream>> {
    let path = data_dir.join(SOCKET);
    let mut stream = match UnixStream::connect(&path) {
        Ok(stream) => stream,
        Err(error) if matches!(error.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) => {
            return Ok(None);
        }
        Err(error) => return Err(error).with_context(|| format!("cannot connect to {}", path.display())),
    };
    stream.write_all(BACKUP_REQUEST).with_context(|| format!("cannot ask {} for a backup", path.display()))?;
    Ok(Some(stream))
}
