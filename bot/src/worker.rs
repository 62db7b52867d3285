//! The outbox worker every connector runs: take the due head of each lane it owns, perform the
//! round side by side, report the round to the engine in one transaction and one flush, and
//! wait for the next ring (or a retry falling due).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bridge::engine::{Engine, Outcome};
use bridge::outbox::{Action, OutboxEntry};
use tokio::sync::watch;

use crate::signal::OutboxSignal;

/// How often due retries are looked for when nothing rings.
const IDLE: Duration = Duration::from_millis(500);

/// Runs one connector's deliveries until `shutdown` turns true. `mine` says which lanes are the
/// connector's (by their head action); `perform` does one entry.
pub async fn run<F, Fut>(
    engine: Arc<Engine>,
    outbox: OutboxSignal,
    mut shutdown: watch::Receiver<bool>,
    round: usize,
    mine: fn(&Action) -> bool,
    perform: F,
) -> anyhow::Result<()>
where
    F: Fn(OutboxEntry) -> Fut,
    Fut: Future<Output = (OutboxEntry, Outcome)>,
{
    let mut rings = outbox.subscribe();
    while !*shutdown.borrow() {
        rings.borrow_and_update();
        let due = match blocking(&engine, move |engine| engine.due_where(round, mine)).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(%error, "could not read the outbox; trying again");
                pause(Duration::from_secs(1), &mut shutdown).await;
                continue;
            }
        };
        if due.is_empty() {
            tokio::select! {
                _ = rings.changed() => {}
                _ = tokio::time::sleep(IDLE) => {}
                _ = shutdown.changed() => {}
            }
            continue;
        }
        let outcomes = futures::future::join_all(due.into_iter().map(&perform)).await;
        let reported = blocking(&engine, move |engine| {
            engine.settle(&outcomes)?;
            engine.flush()?;
            Ok(())
        })
        .await;
        if let Err(error) = reported {
            tracing::error!(%error, "could not record deliveries; they may be performed again");
            pause(Duration::from_secs(1), &mut shutdown).await;
        }
        // What was settled may have queued work for another connector (a failure notice).
        outbox.ring();
    }
    Ok(())
}

/// Runs blocking engine work (sled, sealing) off the async threads.
pub async fn blocking<T: Send + 'static>(
    engine: &Arc<Engine>,
    work: impl FnOnce(&Engine) -> Result<T, bridge::engine::EngineError> + Send + 'static,
) -> anyhow::Result<T> {
    let engine = Arc::clone(engine);
    Ok(tokio::task::spawn_blocking(move || work(&engine)).await??)
}

/// Sleeps, or returns early when the bridge stops.
pub async fn pause(wait: Duration, shutdown: &mut watch::Receiver<bool>) {
    tokio::select! {
        _ = tokio::time::sleep(wait) => {}
        _ = shutdown.changed() => {}
    }
}
