//! `hopenow run`: the bridge itself — the engine, the Matrix staff inbox, the Telegram visitor
//! channel, and a clock that ticks shifts, timeouts and housekeeping. Stops cleanly on Ctrl-C or
//! SIGTERM (the Matrix device stays logged in).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use bridge::engine::{Engine, Event};
use bridge::health::Reachability;
use tokio::sync::watch;

use super::open_loaded_store;
use crate::config::Loaded;
use crate::health::{HealthWatch, RunningMarker};
use crate::matrix::{Matrix, MatrixSettings};
use crate::signal::OutboxSignal;
use crate::telegram::{Telegram, TelegramSettings};
use crate::worker::blocking;

/// How often shifts, unanswered timeouts and follow-ups are looked at.
const TICK: Duration = Duration::from_secs(30);
/// How often old chat-log and seen-update records are pruned.
const HOUSEKEEPING: Duration = Duration::from_secs(3600);
/// How often conversations past their time are shredded (and once at start).
const RETENTION: Duration = Duration::from_secs(24 * 3600);

pub fn run(config: &Path) -> anyhow::Result<ExitCode> {
    // Before the key is read: from here on no dump of this process can hold it.
    crate::exposure::disable_core_dumps().map_err(|error| {
        anyhow::anyhow!("could not turn core dumps off ({error}); nothing was started. Is the system's prctl blocked?")
    })?;
    let loaded = Loaded::from_file(config)?;
    // Everything that can refuse from the config alone does so before the data dir is made.
    let Some(matrix) = &loaded.config.matrix else {
        let what = if loaded.config.telegram.is_some() {
            "[telegram] is configured, but without [matrix] (the staff inbox) visitors would reach nobody"
        } else {
            "no channel is configured"
        };
        eprintln!(
            "hopenow: {what} in {}. Add [matrix] (see config/example.toml). Nothing was started.\n\
             `hopenow demo` shows the bridge at work without any channel.",
            loaded.path.display()
        );
        return Ok(ExitCode::from(2));
    };
    let data_dir = loaded.config.store.data_dir.clone();
    let mut matrix = MatrixSettings::from_config(matrix, &data_dir, &loaded.path).map_err(anyhow::Error::msg)?;
    matrix.peer_desk_room = loaded.config.peer_desk.as_ref().map(|desk| desk.room.clone());
    let telegram = match &loaded.config.telegram {
        Some(telegram) => Some(TelegramSettings::from_config(telegram, &loaded.path).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let translator = match &loaded.config.translation {
        Some(translation) => Some(Arc::new(
            crate::translation::LibreTranslate::from_config(translation).map_err(|error| anyhow::anyhow!("{error}"))?,
        )),
        None => None,
    };
    let (mut loaded, store) = open_loaded_store(loaded)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    if let Some(settings) = &telegram {
        bot_username(&runtime, settings, &mut loaded);
    }
    let voices = loaded.voices.clone();
    let engine = Arc::new(super::open_engine(&loaded, store)?);
    engine.flush()?;
    let running = RunningMarker::begin_run(&engine, &data_dir)?;
    matrix.voices = voices.clone();
    let limits = &loaded.config.limits;
    let disk = crate::disk::DiskFloor::new(data_dir.clone(), limits.min_free_disk_bytes());
    matrix.disk = disk.clone();
    let reachability = Arc::new(Reachability::default());
    matrix.reachability = Arc::clone(&reachability);
    let health = HealthWatch {
        reachability: Arc::clone(&reachability),
        disk: disk.clone(),
        data_dir,
        marker: running.marker(),
        telegram: telegram.is_some(),
        tick_seconds: TICK.as_secs(),
    };
    let telegram = telegram.map(|mut settings| {
        settings.voices = voices;
        settings.round_download_bytes = limits.round_download_bytes();
        settings.disk = disk;
        settings.reachability = reachability;
        settings
    });
    runtime.block_on(serve(engine, matrix, telegram, translator, health))?;
    running.stopped();
    Ok(ExitCode::SUCCESS)
}

/// `/share`'s link needs the bot's username: without `[telegram] username`, Telegram is asked
/// once (`getMe`), before the engine serves anyone. If it cannot say, the bridge runs all the
/// same and Telegram visitors are told sharing is not available.
fn bot_username(runtime: &tokio::runtime::Runtime, settings: &TelegramSettings, loaded: &mut Loaded) {
    if loaded.engine_settings().share.telegram_username.is_some() {
        return;
    }
    match runtime.block_on(crate::telegram::ask_username(settings)) {
        Ok(name) => {
            tracing::info!(username = %name, "the bot's Telegram username, from getMe (for /share)");
            loaded.set_telegram_username(name);
        }
        Err(error) => {
            tracing::warn!(%error, "no bot username from getMe at start: /share is off for Telegram; set [telegram] username");
        }
    }
}

async fn serve(
    engine: Arc<Engine>,
    matrix: MatrixSettings,
    telegram: Option<TelegramSettings>,
    translator: Option<Arc<crate::translation::LibreTranslate>>,
    health: HealthWatch,
) -> anyhow::Result<()> {
    let outbox = OutboxSignal::default();
    let (stop, shutdown) = watch::channel(false);
    let matrix = Matrix::connect(&matrix, Arc::clone(&engine), outbox.clone()).await?;
    tracing::info!("connected to Matrix");
    // `hopenow backup` reaches the store through it while the bridge runs; removed at the end.
    // Without it (a data dir path too long for a socket, say) the bridge still serves visitors:
    // backups then need it stopped, which `hopenow backup` says.
    let control = match crate::control::ControlSocket::start(Arc::clone(&engine)) {
        Ok(control) => {
            tracing::info!(socket = %control.path().display(), "control socket listening");
            Some(control)
        }
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "no control socket: `hopenow backup` needs the bridge stopped"
            );
            None
        }
    };
    let mut tasks = vec![tokio::spawn(matrix.run(shutdown.clone()))];
    if let Some(settings) = telegram {
        let telegram = Telegram::new(settings, Arc::clone(&engine), outbox.clone());
        tasks.push(tokio::spawn(telegram.run(shutdown.clone())));
        tracing::info!("polling Telegram");
    }
    // Always: without [translation] it refuses what an earlier run left queued, so no job waits.
    if translator.is_some() {
        tracing::info!("machine translation on");
    }
    let translation = crate::translation::worker::run(Arc::clone(&engine), translator, outbox.clone(), shutdown.clone());
    tasks.push(tokio::spawn(translation));
    tasks.push(tokio::spawn(clock(engine, outbox, health, shutdown)));

    wait_for_signal().await;
    tracing::info!("stopping");
    let _ = stop.send(true);
    for task in tasks {
        match tokio::time::timeout(Duration::from_secs(40), task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(error))) => tracing::error!(%error, "a connector stopped with an error"),
            Ok(Err(_)) => tracing::error!("a connector task failed"),
            Err(_) => tracing::warn!("a connector did not stop in time"),
        }
    }
    // Waits for a backup being served, then removes the socket.
    drop(control);
    Ok(())
}

/// Ticks the engine (shifts, unanswered timeouts, follow-ups) and checks the bridge's health
/// (`status.json`), does housekeeping, and applies retention at start and then daily.
async fn clock(
    engine: Arc<Engine>,
    outbox: OutboxSignal,
    health: HealthWatch,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let mut ticks = tokio::time::interval(TICK);
    let mut housekeeping = tokio::time::interval(HOUSEKEEPING);
    let mut retention = tokio::time::interval(RETENTION);
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                let ticked = blocking(&engine, |engine| {
                    engine.handle(Event::Tick)?;
                    engine.flush()?;
                    Ok(())
                })
                .await;
                match ticked {
                    Ok(()) => outbox.ring(),
                    Err(error) => tracing::error!(%error, "a tick failed"),
                }
                let health = health.clone();
                let checked = tokio::task::spawn_blocking({
                    let engine = Arc::clone(&engine);
                    move || health.check(&engine)
                })
                .await;
                match checked {
                    Ok(Ok(told)) if !told.is_empty() => outbox.ring(),
                    Ok(Ok(_)) => {}
                    Ok(Err(error)) => tracing::error!(error = format!("{error:#}"), "the health check failed"),
                    Err(_) => tracing::error!("the health check ended abnormally"),
                }
            }
            _ = housekeeping.tick() => {
                if let Err(error) = blocking(&engine, |engine| engine.maintain()).await {
                    tracing::error!(%error, "housekeeping failed");
                }
            }
            _ = retention.tick() => {
                match blocking(&engine, |engine| engine.enforce_retention()).await {
                    Ok(report) => {
                        if !report.shredded.is_empty() || report.reminded > 0 {
                            tracing::info!(
                                shredded = report.shredded.len(),
                                visitors_erased = report.visitors_erased,
                                holds_to_review = report.reminded,
                                "retention applied"
                            );
                            outbox.ring();
                        }
                    }
                    Err(error) => tracing::error!(%error, "retention failed; it is tried again in a day or at the next start"),
                }
            }
            _ = shutdown.changed() => return Ok(()),
        }
    }
}

async fn wait_for_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
}
