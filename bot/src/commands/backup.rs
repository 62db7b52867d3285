//! `hopenow backup` and `hopenow restore`: a sealed snapshot of the data dir, taken while the
//! bridge runs (through its control socket) or while it is stopped, and a data dir made again
//! from one.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use bridge::Store;
use bridge::store::{BackupError, BackupSummary};

use crate::config::{Loaded, process_env};
use crate::control;

/// A progress line after every this many bytes.
const PROGRESS_EVERY: u64 = 64 * 1024 * 1024;

pub fn backup(config: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let loaded = Loaded::from_file(config)?;
    crate::logging::init(&loaded.config.logging.level);
    let key = loaded.master_key(&process_env)?;
    let data_dir = loaded.config.store.data_dir.clone();
    // Never over an older backup: a mistyped name must not destroy one.
    let file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(out).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!(
                "{} already exists: a backup is never written over a file. Choose a new name",
                out.display()
            )
        } else {
            anyhow::anyhow!("cannot create the backup file {}: {error}", out.display())
        }
    })?;
    let written = write(&data_dir, &key, &file, config).and_then(|()| {
        file.sync_all().with_context(|| format!("cannot write {} to the disk", out.display()))?;
        println!("Checking the backup with the master key…");
        let mut input = BufReader::new(File::open(out).with_context(|| format!("cannot read back {}", out.display()))?);
        Store::check_backup(&key, &mut input).map_err(|error| match error {
            BackupError::CutShort { .. } => anyhow::anyhow!(
                "the backup in {} is incomplete: the bridge stopped sending it (its log says why). {error}",
                out.display()
            ),
            other => anyhow::Error::new(other).context(format!("the backup in {} does not check", out.display())),
        })
    });
    let summary = match written {
        Ok(summary) => summary,
        Err(error) => {
            // Ours alone (create_new): a half backup must not pass for one.
            let _ = std::fs::remove_file(out);
            return Err(error);
        }
    };
    println!("Backup written to {}: {}.", out.display(), describe(&summary));
    println!(
        "It is sealed with the master key: keep it apart from the key file, and delete it once it is older than the \
         retention period (SECURITY.md, \"Backups\")."
    );
    Ok(ExitCode::SUCCESS)
}

/// The backup's bytes into `file`: from the running bridge, or from the data dir itself.
fn write(data_dir: &Path, key: &bridge::MasterKey, file: &File, config: &Path) -> anyhow::Result<()> {
    let mut out = BufWriter::new(file);
    if let Some(mut stream) = control::request_backup(data_dir)? {
        println!("The bridge is running: taking the backup through {}…", data_dir.join(control::SOCKET).display());
        let mut buffer = vec![0u8; 1 << 16];
        let (mut received, mut next_report) = (0u64, PROGRESS_EVERY);
        loop {
            let n = match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error).context("the running bridge stopped sending the backup"),
            };
            out.write_all(&buffer[..n]).context("cannot write the backup file")?;
            received += n as u64;
            if received >= next_report {
                println!("  {} MiB received", received >> 20);
                next_report += PROGRESS_EVERY;
            }
        }
        if received == 0 {
            anyhow::bail!("the running bridge sent no backup; its log says why");
        }
    } else {
        println!("The bridge is not running: reading the data dir {}…", data_dir.display());
        let store = Store::open(data_dir, key).map_err(|error| match error {
            bridge::StoreError::Locked { .. } => anyhow::anyhow!(
                "the data dir {} is in use by a hopenow process that does not answer on {}: a bridge older than \
                 `hopenow backup`, or a `purge`/`transcript` still running. Wait for it, or restart the bridge",
                data_dir.display(),
                control::SOCKET
            ),
            other => anyhow::Error::new(other)
                .context(format!("opening the data dir ([store] data_dir in {})", config.display())),
        })?;
        store.write_backup(&mut out)?;
    }
    out.flush().context("cannot write the backup file")?;
    Ok(())
}

pub fn restore(config: &Path, from: &Path) -> anyhow::Result<ExitCode> {
    let loaded = Loaded::from_file(config)?;
    crate::logging::init(&loaded.config.logging.level);
    let key = loaded.master_key(&process_env)?;
    let data_dir = loaded.config.store.data_dir.clone();
    let mut input =
        BufReader::new(File::open(from).with_context(|| format!("cannot open the backup {}", from.display()))?);
    println!("Restoring {} into {}…", from.display(), data_dir.display());
    let summary = Store::restore_backup(&data_dir, &key, &mut input).map_err(|error| match error {
        BackupError::NotEmpty { .. } | BackupError::Target { .. } => {
            anyhow::Error::new(error).context(format!("[store] data_dir in {}", loaded.path.display()))
        }
        other => anyhow::Error::new(other).context(format!("restoring {}", from.display())),
    })?;
    println!("Restored into {}: {}.", data_dir.display(), describe(&summary));
    println!(
        "The bot's Matrix device ({}/matrix) is not in a backup: move the old data dir's `matrix` folder into the \
         restored one before `hopenow run` (README, \"Operating it\", Restore).",
        data_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn describe(summary: &BackupSummary) -> String {
    let made = jiff::Timestamp::from_second(i64::try_from(summary.created).unwrap_or(i64::MAX))
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| "an unknown time".into());
    format!(
        "{} records ({} conversations), {} files, {} bytes, schema {}, made {made}",
        summary.records, summary.conversations, summary.files, summary.bytes, summary.schema
    )
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    use bridge::engine::{Engine, Event, IncomingMessage};
    use bridge::i18n::Catalog;
    use bridge::roster::{Roster, fixture};
    use bridge::{Author, Direction, MasterKey, PlatformAddress, Store, Timestamp, TranscriptEntry};

    use crate::control::{self, ControlSocket};

    const CANARY: &str = "CANARY-cli-backup-Jw3";

    /// A config file naming the data dir `data` beside it, and the key file they share.
    fn installation(dir: &Path, data: &str) -> PathBuf {
        let key = dir.join("master.key");
        if !key.exists() {
            std::fs::write(&key, "ab".repeat(32)).unwrap();
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let config = dir.join(format!("{data}.toml"));
        std::fs::write(&config, format!("[store]\ndata_dir = \"{data}\"\n[keys]\nmaster_key_file = \"master.key\"\n"))
            .unwrap();
        config
    }

    fn key() -> MasterKey {
        MasterKey::from_hex(&"ab".repeat(32)).unwrap()
    }

    fn engine(data_dir: &Path) -> Arc<Engine> {
        let store = Store::open(data_dir, &key()).unwrap();
        let roster = Roster::new(fixture::team_of(&["grace"])).unwrap();
        Arc::new(Engine::builder(store, Arc::new(Catalog::embedded().unwrap())).roster(roster).build().unwrap())
    }

    fn message(visitor: i64, n: usize) -> Event {
        Event::VisitorMessage {
            from: PlatformAddress::Telegram { user_id: 90_000 + visitor, chat_id: 90_000 + visitor },
            message: IncomingMessage::text(format!("{CANARY} {visitor} {n}")),
            dedupe: None,
        }
    }

    /// `visitors` visitors with three messages each: as many conversations.
    fn busy(engine: &Engine, visitors: i64) {
        let events: Vec<Event> = (0..3).flat_map(|n| (0..visitors).map(move |v| message(v, n))).collect();
        for batch in events.chunks(200) {
            engine.handle_batch(batch).unwrap();
        }
        engine.flush().unwrap();
    }

    #[test]
    fn a_backup_while_the_bridge_runs_is_consistent_and_restores() {
        let dir = tempfile::tempdir().unwrap();
        let config = installation(dir.path(), "data");
        let engine = engine(&dir.path().join("data"));
        busy(&engine, 1_000);
        let socket = ControlSocket::start(Arc::clone(&engine)).unwrap();
        let mode = std::fs::metadata(socket.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let first = engine.store().scan_conversations().unwrap()[0].0;

        let stop = AtomicBool::new(false);
        let written = std::sync::atomic::AtomicUsize::new(0);
        let (slowest, served) = std::thread::scope(|scope| {
            // The bridge at work meanwhile: two entries per transaction, and the longest an
            // event had to wait.
            let writer = scope.spawn(|| {
                let mut slowest = Duration::ZERO;
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    engine
                        .store()
                        .transact(|tx| {
                            let entry = |text: &str| {
                                TranscriptEntry::text(Timestamp(0), Direction::ToVisitor, Author::System, text)
                            };
                            tx.append_transcript(first, &entry("a"))?;
                            tx.append_transcript(first, &entry("b"))
                        })
                        .unwrap();
                    slowest = slowest.max(started.elapsed());
                    written.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(1));
                }
                slowest
            });
            // On a loaded machine the writer may not have run yet: every backup must see some of it.
            while written.load(Ordering::Relaxed) == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
            let mut served = Vec::new();
            for round in 0..3 {
                let out = dir.path().join(format!("live-{round}.hnb"));
                let started = Instant::now();
                assert_eq!(super::backup(&config, &out).unwrap(), ExitCode::SUCCESS);
                served.push(started.elapsed());
                let mode = std::fs::metadata(&out).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600);
            }
            stop.store(true, Ordering::Relaxed);
            (writer.join().unwrap(), served)
        });
        println!("1,000 conversations through the socket: {served:?} per backup; an event waited at most {slowest:?}");

        for round in 0..3 {
            let out = dir.path().join(format!("live-{round}.hnb"));
            let bytes = std::fs::read(&out).unwrap();
            assert!(!bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()));
            let restored_config = installation(dir.path(), &format!("restored-{round}"));
            assert_eq!(super::restore(&restored_config, &out).unwrap(), ExitCode::SUCCESS);
            let restored = Store::open(&dir.path().join(format!("restored-{round}")), &key()).unwrap();
            assert_eq!(restored.scan_conversations().unwrap().len(), 1_000);
            let transcript = restored.transcript(first).unwrap();
            let added: Vec<&str> =
                transcript.iter().map(|(_, e)| e.text.as_str()).filter(|t| ["a", "b"].contains(t)).collect();
            assert!(!added.is_empty());
            assert_eq!(added.len() % 2, 0, "a snapshot split a transaction");
            assert!(added.chunks(2).all(|pair| pair == ["a", "b"]));
            assert!(restored.verify().is_ok());
        }
        let path = socket.path().to_owned();
        drop(socket);
        assert!(!path.exists(), "the socket outlived the bridge");
    }

    #[test]
    fn a_backup_with_the_bridge_stopped_never_overwrites_and_restores_only_into_an_empty_dir() {
        let dir = tempfile::tempdir().unwrap();
        let config = installation(dir.path(), "data");
        busy(&engine(&dir.path().join("data")), 3);
        let out = dir.path().join("stopped.hnb");
        assert_eq!(super::backup(&config, &out).unwrap(), ExitCode::SUCCESS);
        let before = std::fs::read(&out).unwrap();
        let error = super::backup(&config, &out).unwrap_err().to_string();
        assert!(error.contains("already exists"), "{error}");
        assert_eq!(std::fs::read(&out).unwrap(), before);
        // The data dir is in use (it holds the store): refused, and left as it was.
        let error = format!("{:#}", super::restore(&config, &out).unwrap_err());
        assert!(error.contains("is not empty"), "{error}");
        assert!(error.contains("data.toml"), "{error}");
        let restored = installation(dir.path(), "restored");
        assert_eq!(super::restore(&restored, &out).unwrap(), ExitCode::SUCCESS);
        assert_eq!(Store::open(&dir.path().join("restored"), &key()).unwrap().scan_conversations().unwrap().len(), 3);
    }

    #[test]
    fn the_socket_answers_nothing_but_a_backup_request() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir.path().join("data"));
        let socket = ControlSocket::start(Arc::clone(&engine)).unwrap();
        let mut stream = std::os::unix::net::UnixStream::connect(socket.path()).unwrap();
        stream.write_all(b"status\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("error:"), "{answer}");
        let mut stream = control::request_backup(&dir.path().join("data")).unwrap().unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        assert!(bytes.starts_with(b"HOPENOW-BACKUP"));
        assert!(Store::check_backup(&key(), &mut &bytes[..]).is_ok());
    }
}
