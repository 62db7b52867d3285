//! What `hopenow run` leaves in the data dir so others can tell how it is, without the store's
//! lock or the key: the marker `running` (present from start to a clean stop, so one found at
//! start means the last run did not stop cleanly) and `status.json` (rewritten at every tick).
//!
//! Both hold times, a pid, counts and condition names: no visitor data, no pseudonym, no
//! platform id. Neither is in a backup (a backup holds the store's trees and files only), and a
//! marker copied with the data dir before a migration only makes one notice too many.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use bridge::Timestamp;
use bridge::engine::Engine;
use bridge::health::{Condition, HealthReading, HealthState, LinkSeen, Reachability};
use bridge::outbox::Action;
use serde::{Deserialize, Serialize};

/// The marker's file name in the data dir.
pub const MARKER: &str = "running";
/// The status file's name in the data dir.
pub const STATUS: &str = "status.json";

/// What the marker says of the run that wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// When that run started (ms since the epoch).
    pub started_at: i64,
    pub pid: u32,
}

/// The marker of this run: written when the store is open, removed by [`RunningMarker::stopped`]
/// at a clean stop. Dropped without that (an error on the way out), it is removed too: only a
/// crash or a kill leaves it.
#[derive(Debug)]
pub struct RunningMarker {
    path: PathBuf,
    marker: Marker,
}

impl RunningMarker {
    /// At start, with the store open (its lock held, so no other run is alive): a marker found
    /// now was left by a run that did not stop cleanly, and the duty room is told once; then this
    /// run's marker is written.
    pub fn begin_run(engine: &Engine, data_dir: &Path) -> anyhow::Result<Self> {
        let started = engine.now();
        if let Some(previous) = Self::left_behind(data_dir) {
            tracing::warn!(
                previous_start_ms = previous.as_millis(),
                "the last run did not stop cleanly; nothing confirmed is lost; the duty room is told"
            );
            engine.unclean_shutdown(previous)?;
            engine.flush()?;
        }
        let marker = Marker { started_at: started.as_millis(), pid: std::process::id() };
        Self::write(data_dir, marker).map_err(|error| {
            anyhow::anyhow!(
                "could not write {MARKER} in the data dir {} ([store] data_dir): {error}",
                data_dir.display()
            )
        })
    }

    /// When this run started, and its pid.
    pub fn marker(&self) -> Marker {
        self.marker
    }

    /// When the run that left its marker behind had started, if one did. A marker that cannot
    /// be read still says the last run did not stop cleanly; its file's time stands in.
    pub fn left_behind(data_dir: &Path) -> Option<Timestamp> {
        let path = data_dir.join(MARKER);
        let text = std::fs::read(&path).ok()?;
        if let Ok(marker) = serde_json::from_slice::<Marker>(&text) {
            return Some(Timestamp::from_millis(marker.started_at));
        }
        let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
        let millis = written.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
        Some(Timestamp::from_millis(i64::try_from(millis).unwrap_or(i64::MAX)))
    }

    /// Writes this run's marker, owner-only, replacing any left behind.
    pub fn write(data_dir: &Path, marker: Marker) -> std::io::Result<Self> {
        let path = data_dir.join(MARKER);
        write_atomically(&path, &serde_json::to_vec(&marker).map_err(std::io::Error::other)?)?;
        Ok(Self { path, marker })
    }

    /// A clean stop: the marker goes.
    pub fn stopped(self) {}
}

impl Drop for RunningMarker {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_file(&self.path)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(%error, "could not remove the data dir's `running` marker; the next start will report an unclean shutdown");
        }
    }
}

/// What the clock needs at each tick to judge and show how the bridge is.
#[derive(Clone, Debug)]
pub struct HealthWatch {
    /// Shared with the connectors, which report to it.
    pub reachability: Arc<Reachability>,
    pub disk: crate::disk::DiskFloor,
    pub data_dir: PathBuf,
    /// This run's marker (when it started, its pid).
    pub marker: Marker,
    /// Whether the bridge polls Telegram (else its link is not shown).
    pub telegram: bool,
    pub tick_seconds: u64,
}

impl HealthWatch {
    /// Reads the links and the disk, lets the engine judge, and rewrites `status.json`. Returns
    /// the duty-room notices queued. Blocks (the store, the disk): call it off the async threads.
    pub fn check(&self, engine: &Engine) -> anyhow::Result<Vec<Action>> {
        let reading = HealthReading {
            telegram_off: !self.telegram,
            ..HealthReading::new(&self.reachability, self.disk.free_bytes(), self.disk.min_free_bytes())
        };
        let (state, told) = engine.check_health(&reading)?;
        engine.flush()?;
        let status = Status::new(self.marker, self.tick_seconds, engine.now(), &reading, &state, self.telegram);
        status.write(&self.data_dir).map_err(|error| {
            anyhow::anyhow!("could not write {} ({error}); `hopenow status` will call the bridge stale", STATUS)
        })?;
        Ok(told)
    }
}

/// `status.json`: how the running bridge was at its last tick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub version: String,
    pub pid: u32,
    /// Seconds between updates: a status older than three of them is stale.
    pub tick_seconds: u64,
    pub started_at: i64,
    pub updated_at: i64,
    pub telegram: Option<LinkStatus>,
    pub homeserver: LinkStatus,
    pub disk_free_bytes: Option<u64>,
    pub disk_floor_bytes: u64,
    pub outbox_pending: usize,
    pub outbox_waiting_since: Option<i64>,
    pub raised: Vec<RaisedStatus>,
    pub last_unclean_shutdown: Option<UncleanStatus>,
}

/// One link as the connectors saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkStatus {
    pub reachable: bool,
    pub failing_since: Option<i64>,
    pub last_ok: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedStatus {
    pub condition: String,
    pub since: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncleanStatus {
    pub started_at: i64,
    pub restarted_at: i64,
}

impl LinkStatus {
    fn of(seen: LinkSeen) -> Self {
        Self {
            reachable: seen.failing_since.is_none(),
            failing_since: seen.failing_since.map(Timestamp::as_millis),
            last_ok: seen.last_ok.map(Timestamp::as_millis),
        }
    }
}

impl Status {
    /// The status of this process at `now`, from the tick's reading and the engine's judgement.
    pub fn new(
        marker: Marker,
        tick_seconds: u64,
        now: Timestamp,
        reading: &HealthReading,
        state: &HealthState,
        telegram: bool,
    ) -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            pid: marker.pid,
            tick_seconds,
            started_at: marker.started_at,
            updated_at: now.as_millis(),
            telegram: telegram.then(|| LinkStatus::of(reading.telegram)),
            homeserver: LinkStatus::of(reading.homeserver),
            disk_free_bytes: reading.disk_free_bytes,
            disk_floor_bytes: reading.disk_floor_bytes,
            outbox_pending: state.outbox_pending,
            outbox_waiting_since: state.outbox_waiting_since.map(Timestamp::as_millis),
            raised: state
                .raised
                .iter()
                .map(|(condition, since)| RaisedStatus {
                    condition: condition.name().to_owned(),
                    since: since.as_millis(),
                })
                .collect(),
            last_unclean_shutdown: state.last_unclean_shutdown.map(|(started, again)| UncleanStatus {
                started_at: started.as_millis(),
                restarted_at: again.as_millis(),
            }),
        }
    }

    /// Written whole or not at all: a reader never sees half a file.
    pub fn write(&self, data_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&data_dir.join(STATUS), &text)
    }

    /// The status file in `data_dir`; `Ok(None)` if there is none.
    pub fn read(data_dir: &Path) -> anyhow::Result<Option<Self>> {
        let path = data_dir.join(STATUS);
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => anyhow::bail!("cannot read {} ({error}): run this as the bridge's user", path.display()),
        };
        let status = serde_json::from_slice(&text).map_err(|error| {
            anyhow::anyhow!(
                "{} is not a status this version can read ({error}); it is rewritten every 30 s",
                path.display()
            )
        })?;
        Ok(Some(status))
    }

    /// The raised conditions this status names, in the order they are shown.
    pub fn conditions(&self) -> Vec<(Condition, i64)> {
        Condition::ALL
            .into_iter()
            .filter_map(|c| self.raised.iter().find(|r| r.condition == c.name()).map(|r| (c, r.since)))
            .collect()
    }
}

/// `path` replaced by `bytes` in one rename, owner-only, durable before it is in place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".new");
    let temporary = PathBuf::from(temporary);
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_marker_is_owner_only_goes_at_a_clean_stop_and_a_crash_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(RunningMarker::left_behind(dir.path()), None);
        let marker = Marker { started_at: 1_000, pid: 42 };
        let running = RunningMarker::write(dir.path(), marker).unwrap();
        let mode = std::fs::metadata(dir.path().join(MARKER)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(RunningMarker::left_behind(dir.path()), Some(Timestamp::from_millis(1_000)));
        running.stopped();
        assert_eq!(RunningMarker::left_behind(dir.path()), None);

        let running = RunningMarker::write(dir.path(), marker).unwrap();
        std::mem::forget(running);
        assert_eq!(RunningMarker::left_behind(dir.path()), Some(Timestamp::from_millis(1_000)), "a kill leaves it");
        std::fs::write(dir.path().join(MARKER), b"garbage").unwrap();
        let written = RunningMarker::left_behind(dir.path()).expect("unreadable still says unclean");
        assert!(written.as_millis() > 1_700_000_000_000, "the file's time stands in: {written:?}");
    }

    /// Monitoring scripts read `status.json` too: its shape changes only on purpose.
    #[test]
    fn the_status_file_format_is_pinned() {
        let reachability = Reachability::default();
        reachability.seen_ok(bridge::health::Link::Homeserver, Timestamp::from_millis(5));
        reachability.seen_failing(bridge::health::Link::Telegram, Timestamp::from_millis(6));
        let reading = HealthReading::new(&reachability, Some(2048), 1024);
        let state = HealthState {
            raised: vec![(Condition::TelegramUnreachable, Timestamp::from_millis(6))],
            outbox_pending: 2,
            outbox_waiting_since: Some(Timestamp::from_millis(7)),
            last_unclean_shutdown: Some((Timestamp::from_millis(1), Timestamp::from_millis(2))),
        };
        let marker = Marker { started_at: 3, pid: 42 };
        let mut status = Status::new(marker, 30, Timestamp::from_millis(9), &reading, &state, true);
        status.version = "0.0.0".into();
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            r#"{"version":"0.0.0","pid":42,"tick_seconds":30,"started_at":3,"updated_at":9,"telegram":{"reachable":false,"failing_since":6,"last_ok":null},"homeserver":{"reachable":true,"failing_since":null,"last_ok":5},"disk_free_bytes":2048,"disk_floor_bytes":1024,"outbox_pending":2,"outbox_waiting_since":7,"raised":[{"condition":"telegram_unreachable","since":6}],"last_unclean_shutdown":{"started_at":1,"restarted_at":2}}"#
        );
        assert_eq!(status.conditions(), vec![(Condition::TelegramUnreachable, 6)]);
    }
}
