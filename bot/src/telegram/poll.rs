//! The long-polling loop: updates in, one durable engine batch per `getUpdates` answer, and only
//! then the offset that confirms them to Telegram.

use std::sync::Arc;
use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, CallbackQueryId};
use tokio::sync::watch;

use super::poison::Isolation;
use super::updates::{Context, Incoming, convert, schema, unreadable, within_budget};
use super::{BatchTiming, Telegram, describe};
use crate::worker::blocking;

/// How many updates one `getUpdates` asks for (Telegram allows 100). Every update of an answer
/// waits for the whole answer's commit, so under a backlog a smaller answer means lower latency;
/// 50 measured p99 12 ms against 19 ms for 100, at about the same throughput.
const BATCH: u8 = 50;

/// Polls until `shutdown` turns true. Network trouble backs off and retries; a storage failure
/// keeps the updates unconfirmed (Telegram sends them again) and retries too.
pub async fn poll(telegram: Telegram, mut shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    let schema = schema();
    let settings = &telegram.settings;
    let context = Arc::new(Context {
        bot: telegram.bot.clone(),
        download_limit_bytes: settings.download_limit_bytes,
        disk: settings.disk.clone(),
    });
    // No stored offset: Telegram starts from its oldest unconfirmed update, and the engine
    // recognizes any it applied before a crash.
    let mut offset: Option<i32> = None;
    let mut failures: u32 = 0;
    let mut isolation = Isolation::default();
    while !*shutdown.borrow() {
        let mut request = telegram
            .bot
            .get_updates()
            .limit(isolation.limit(BATCH))
            .timeout(telegram.settings.poll_timeout_secs)
            .allowed_updates([AllowedUpdate::Message, AllowedUpdate::CallbackQuery]);
        if let Some(offset) = offset {
            request = request.offset(offset);
        }
        let updates = tokio::select! {
            answer = request.send() => answer,
            _ = shutdown.changed() => break,
        };
        let answered = std::time::Instant::now();
        seen(&telegram, &updates);
        let updates = match updates {
            Ok(updates) => {
                isolation.parsed();
                updates
            }
            Err(RequestError::InvalidJson { raw, .. }) => {
                // Never logged as it is: the raw answer is visitors' words.
                let before = isolation;
                let Some(poison) = isolation.unparsable(&raw) else {
                    tracing::warn!(isolating = ?isolation, "a getUpdates answer could not be read; asking for one update at a time");
                    if before != Isolation::Off && isolation == Isolation::Narrowing {
                        // Not an update the bridge can name (a proxy's error page?): wait, ask again.
                        failures = failures.saturating_add(1);
                        crate::worker::pause(backoff(failures), &mut shutdown).await;
                    }
                    continue;
                };
                let applied = blocking(&telegram.engine, move |engine| {
                    engine.handle(unreadable(poison.update_id))?;
                    engine.flush()?;
                    Ok(())
                })
                .await;
                if let Err(error) = applied {
                    failures = failures.saturating_add(1);
                    tracing::error!(%error, "could not record an unreadable Telegram update; it will be fetched again");
                    crate::worker::pause(backoff(failures), &mut shutdown).await;
                    continue;
                }
                tracing::warn!(kind = poison.kind, "skipped a Telegram update that could not be read");
                offset = Some(i32::try_from(u64::from(poison.update_id) + 1).unwrap_or(i32::MAX));
                telegram.outbox.ring();
                continue;
            }
            Err(error) => {
                failures = failures.saturating_add(1);
                let wait = backoff(failures);
                tracing::warn!(error = %describe(&error), wait_ms = wait.as_millis() as u64, "getUpdates failed; retrying");
                crate::worker::pause(wait, &mut shutdown).await;
                continue;
            }
        };
        if updates.is_empty() {
            failures = 0;
            continue;
        }
        // Only as many as the round's download budget: the rest come again with the next call,
        // so memory holds at most the budget in files, whatever one account sends.
        let mut updates = updates;
        updates.truncate(within_budget(&updates, settings.round_download_bytes, settings.download_limit_bytes));
        let Some(last) = updates.iter().map(|u| u.id.0).max() else { continue };
        let mut events = Vec::with_capacity(updates.len());
        let mut buttons: Vec<CallbackQueryId> = Vec::new();
        let mut skipped = 0;
        // Side by side (media downloads take time), results in update order.
        let converted =
            futures::future::join_all(updates.into_iter().map(|u| convert(&schema, u, Arc::clone(&context)))).await;
        for incoming in converted {
            match incoming {
                Incoming::Event(event) => events.push(*event),
                Incoming::Button(event, query) => {
                    events.push(*event);
                    buttons.push(query);
                }
                Incoming::Unreadable(event, kind) => {
                    events.push(*event);
                    tracing::warn!(kind, "skipped a Telegram update that could not be read");
                }
                Incoming::Skip(reason) => {
                    skipped += 1;
                    tracing::debug!(reason, "skipped a Telegram update");
                }
            }
        }
        let count = events.len();
        // One update the engine cannot apply must not hold back the rest: a failed answer is
        // applied one update at a time, and one that fails alone twice is skipped and counted.
        let applied = blocking(&telegram.engine, move |engine| {
            let isolated = crate::isolate::isolate(
                &events,
                |events| {
                    engine.handle_batch(events)?;
                    engine.flush()
                },
                bridge::engine::EngineError::is_transient,
                |event| crate::isolate::unreadable(event, bridge::Channel::Telegram),
            );
            let skipped: Vec<&'static str> =
                isolated.skipped.iter().filter_map(|(i, _)| events.get(*i)).map(crate::isolate::kind).collect();
            Ok((isolated.stalled, skipped))
        })
        .await;
        let stalled = match applied {
            Ok((stalled, skipped)) => {
                for kind in skipped {
                    tracing::warn!(kind, "skipped a Telegram update the engine could not apply; the duty room is told");
                }
                stalled.map(|error| error.to_string())
            }
            // The engine's work ended abnormally (its message could quote anything).
            Err(_) => Some("the engine's work ended abnormally".to_owned()),
        };
        if let Some(error) = stalled {
            // Not confirmed: the same updates come again after the pause; those applied are
            // recognized by their update id and not applied twice.
            failures = failures.saturating_add(1);
            tracing::error!(%error, "could not store a batch of Telegram updates; they will be fetched again");
            crate::worker::pause(backoff(failures), &mut shutdown).await;
            continue;
        }
        failures = 0;
        if let Some(timings) = &telegram.settings.batch_timings {
            timings.record(BatchTiming { events: count, answer_to_commit: answered.elapsed() });
        }
        // Durable: the next getUpdates confirms these.
        offset = Some(i32::try_from(u64::from(last) + 1).unwrap_or(i32::MAX));
        tracing::debug!(events = count, skipped, "applied a batch of Telegram updates");
        telegram.outbox.ring();
        for query in buttons {
            // Stops the button's spinner; nothing depends on it.
            let _ = telegram.bot.answer_callback_query(query).await;
        }
    }
    Ok(())
}

/// Tells the health check whether the Bot API answered. A rate limit or an error Telegram
/// explains is an answer; no connection, a timeout, or a proxy's error page (a 502 with no Bot API
/// JSON) is not.
fn seen<T>(telegram: &Telegram, answer: &Result<T, RequestError>) {
    let link = bridge::health::Link::Telegram;
    let now = telegram.engine.now();
    let reachability = &telegram.settings.reachability;
    match answer {
        Ok(_) | Err(RequestError::RetryAfter(_) | RequestError::MigrateToChatId(_)) => reachability.seen_ok(link, now),
        Err(RequestError::Api(error)) if !server_error(error) => reachability.seen_ok(link, now),
        // An update the bridge cannot read still came from the Bot API.
        Err(RequestError::InvalidJson { raw, .. }) if raw.contains("\"result\"") => reachability.seen_ok(link, now),
        Err(_) => reachability.seen_failing(link, now),
    }
}

/// A Bot API error that is the server's, not the request's (its 5xx, passed on as JSON).
fn server_error(error: &teloxide::ApiError) -> bool {
    matches!(error, teloxide::ApiError::Unknown(text) if ["Bad Gateway", "Internal Server Error", "Service Unavailable", "Gateway Timeout"].iter().any(|t| text.contains(t)))
}

fn backoff(failures: u32) -> Duration {
    bridge::time::backoff(failures, Duration::from_millis(500), Duration::from_secs(30))
}
