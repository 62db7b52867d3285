//! The translation connector: performs the outbox's [`Action::Translate`] jobs with a
//! [`Translator`] and reports each back to the engine as soon as it is done.
//!
//! Not the round-based [`crate::worker::run`]: a translation takes hundreds of milliseconds, and
//! a round waits for its slowest entry, so a job queued while a round runs would wait for the
//! whole round first. Here every due lane head is its own task (up to [`MAX_IN_FLIGHT`]), and
//! whatever has finished is settled together. Lanes stay ordered: a lane's head stays in flight
//! until it is settled, so the next job of that lane is not started before.
//!
//! Texts are never logged: only the way, the two language tags and the error kind.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bridge::engine::{Engine, Outcome};
use bridge::outbox::{Action, Failure, OutboxEntry};
use bridge::translation::{Translated, TranslationJob, Way};
use tokio::sync::{Mutex, watch};
use tokio::task::JoinSet;

use super::{ServiceLanguage, TranslationError, Translator};
use crate::signal::OutboxSignal;
use crate::worker::{blocking, pause};

/// Jobs translated at once: more conversations than this wait for a free slot.
pub const MAX_IN_FLIGHT: usize = 32;
/// How often due retries are looked for when nothing rings.
const IDLE: Duration = Duration::from_millis(500);
/// How long the service's language list is trusted before it is asked again.
const LANGUAGES_KEPT: Duration = Duration::from_secs(600);
/// How long to wait after the service said it is over its request limit (it gives no
/// Retry-After).
const SLOW_DOWN_MS: i64 = 10_000;

/// Runs until `shutdown` turns true. Without a translator (`[translation]` absent, perhaps
/// taken out of the config while jobs waited) every job is refused, so nothing waits for ever
/// and staff are told a reply was not sent.
pub async fn run<T: Translator + Send + Sync + 'static>(
    engine: Arc<Engine>,
    translator: Option<Arc<T>>,
    outbox: OutboxSignal,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let service = Arc::new(Service { translator, languages: Mutex::new(None) });
    let mut rings = outbox.subscribe();
    let mut in_flight: HashSet<String> = HashSet::new();
    let mut tasks: JoinSet<(OutboxEntry, Outcome)> = JoinSet::new();
    // Which entry each task performs, so a task that panicked frees its lane (tried again).
    let mut keys: HashMap<tokio::task::Id, String> = HashMap::new();
    while !*shutdown.borrow() {
        rings.borrow_and_update();
        if in_flight.len() < MAX_IN_FLIGHT {
            let limit = MAX_IN_FLIGHT * 2;
            match blocking(&engine, move |engine| engine.due_where(limit, |a| a.lane().is_translation())).await {
                Ok(due) => {
                    for entry in due {
                        if in_flight.len() >= MAX_IN_FLIGHT {
                            break;
                        }
                        let key = entry.idempotency_key.clone();
                        if in_flight.insert(key.clone()) {
                            let service = Arc::clone(&service);
                            let task = tasks.spawn(async move {
                                let outcome = service.perform(&entry).await;
                                (entry, outcome)
                            });
                            keys.insert(task.id(), key);
                        }
                    }
                }
                Err(error) => {
                    tracing::error!(%error, "could not read the outbox; trying again");
                    pause(Duration::from_secs(1), &mut shutdown).await;
                    continue;
                }
            }
        }
        tokio::select! {
            Some(done) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                let mut finished = Vec::new();
                let mut done = Some(done);
                // Whatever else finished meanwhile goes in the same commit.
                while let Some(result) = done.take().or_else(|| tasks.try_join_next_with_id()) {
                    let id = match result {
                        Ok((id, performed)) => {
                            finished.push(performed);
                            id
                        }
                        Err(error) => {
                            tracing::error!("a translation task failed; it is tried again");
                            error.id()
                        }
                    };
                    if let Some(key) = keys.remove(&id) {
                        in_flight.remove(&key);
                    }
                }
                settle(&engine, finished, &mut shutdown).await;
                outbox.ring();
            }
            _ = rings.changed() => {}
            _ = tokio::time::sleep(IDLE) => {}
            _ = shutdown.changed() => {}
        }
    }
    // Jobs still out are tried again at the next start: a translation may be asked twice.
    tasks.abort_all();
    Ok(())
}

async fn settle(engine: &Arc<Engine>, outcomes: Vec<(OutboxEntry, Outcome)>, shutdown: &mut watch::Receiver<bool>) {
    if outcomes.is_empty() {
        return;
    }
    let reported = blocking(engine, move |engine| {
        engine.settle(&outcomes)?;
        engine.flush()
    })
    .await;
    if let Err(error) = reported {
        tracing::error!(%error, "could not record translations; they will be asked again");
        pause(Duration::from_secs(1), shutdown).await;
    }
}

struct Service<T> {
    translator: Option<Arc<T>>,
    /// The service's languages and when they were asked; `None` until asked or after a refusal.
    languages: Mutex<Option<(Instant, Vec<ServiceLanguage>)>>,
}

impl<T: Translator + Send + Sync> Service<T> {
    async fn perform(&self, entry: &OutboxEntry) -> Outcome {
        let Action::Translate { job, .. } = &entry.action else {
            return Outcome::Failed(Failure::Permanent { reason: "not a translation".into() });
        };
        let Some(translator) = &self.translator else {
            let reason = "machine translation is off on this bridge (no [translation] in its config)";
            return Outcome::Failed(Failure::Permanent { reason: reason.into() });
        };
        let (source, target) = match self.codes(translator, job).await {
            Ok(codes) => codes,
            Err(reason) => return Outcome::Failed(Failure::Permanent { reason }),
        };
        let result = async {
            let text = translator.translate(&job.text, &source, &target).await?;
            let back = match job.way {
                Way::ToStaff => None,
                Way::ToVisitor => Some(translator.translate(&text, &target, &source).await?),
            };
            Ok::<_, TranslationError>(Translated { text, back })
        }
        .await;
        match result {
            Ok(translated) => Outcome::Translated(translated),
            Err(error) => {
                tracing::warn!(
                    way = ?job.way,
                    source = job.source.as_str(),
                    target = job.target.as_str(),
                    attempts = entry.attempts,
                    %error,
                    "a machine translation failed"
                );
                if matches!(error, TranslationError::Refused { .. }) {
                    // The service may have changed (a model removed): ask its list again.
                    *self.languages.lock().await = None;
                }
                Outcome::Failed(failure_of(&error))
            }
        }
    }

    /// The service's codes for the job's two languages. When the service lists its languages,
    /// a pair it does not have is refused here, without sending the text; when it cannot be
    /// asked, the first code of each language is tried.
    async fn codes(&self, translator: &T, job: &TranslationJob) -> Result<(String, String), String> {
        let first = |tag: &str| bridge::translation::candidates(tag).first().map(|c| (*c).to_owned());
        let Some(languages) = self.languages(translator).await else {
            return match (first(&job.source), first(&job.target)) {
                (Some(source), Some(target)) => Ok((source, target)),
                _ => Err(no_model(&job.source, &job.target)),
            };
        };
        let listed: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        let code = |tag: &str| bridge::translation::service_code(tag, &listed).map(str::to_owned);
        let (Some(source), Some(target)) = (code(&job.source), code(&job.target)) else {
            return Err(no_model(&job.source, &job.target));
        };
        let covers = |from: &str, to: &str| languages.iter().any(|l| l.code == from && l.targets.iter().any(|t| t == to));
        let both_ways = job.way == Way::ToStaff || covers(&target, &source);
        if !covers(&source, &target) || !both_ways {
            return Err(format!("the service does not translate {} → {}", job.source, job.target));
        }
        Ok((source, target))
    }

    async fn languages(&self, translator: &T) -> Option<Vec<ServiceLanguage>> {
        let mut kept = self.languages.lock().await;
        if let Some((asked, languages)) = kept.as_ref()
            && asked.elapsed() < LANGUAGES_KEPT
        {
            return Some(languages.clone());
        }
        match translator.languages().await {
            Ok(languages) => {
                *kept = Some((Instant::now(), languages.clone()));
                Some(languages)
            }
            Err(error) => {
                tracing::warn!(%error, "the translation service's languages could not be read");
                None
            }
        }
    }
}

fn no_model(source: &str, target: &str) -> String {
    format!("the service has no model for {source} → {target}")
}

/// How a failed translation is reported: worth trying again unless the service refused this
/// request for good. A refused key (403) is the operator's to fix, and is tried again meanwhile.
fn failure_of(error: &TranslationError) -> Failure {
    match error {
        TranslationError::Unavailable(_) | TranslationError::Malformed(_) => Failure::Retry { after_ms: None },
        TranslationError::SlowDown => Failure::Retry { after_ms: Some(SLOW_DOWN_MS) },
        TranslationError::Refused { status: 403, .. } => {
            tracing::error!("the translation service refused the API key: check [translation] api_key");
            Failure::Retry { after_ms: None }
        }
        TranslationError::Refused { reason, .. } => Failure::Permanent { reason: reason.clone() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refusal_other_than_the_key_is_final() {
        assert_eq!(failure_of(&TranslationError::Unavailable("timeout".into())), Failure::Retry { after_ms: None });
        assert_eq!(failure_of(&TranslationError::SlowDown), Failure::Retry { after_ms: Some(SLOW_DOWN_MS) });
        let key = TranslationError::Refused { status: 403, reason: "Invalid API key".into() };
        assert_eq!(failure_of(&key), Failure::Retry { after_ms: None });
        let pair = TranslationError::Refused { status: 400, reason: "xx is not supported".into() };
        assert_eq!(failure_of(&pair), Failure::Permanent { reason: "xx is not supported".into() });
    }
}
