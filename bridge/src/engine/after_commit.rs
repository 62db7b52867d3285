//! What a turn leaves for after its transaction has committed: store work that scans (which a
//! transaction must not), and log lines (a rolled back turn must log nothing).

use crate::ids::ConversationId;
use crate::outbox::Lane;

/// Store work done once a turn's transaction has committed (it scans, which a transaction must not).
#[derive(Clone, Debug)]
pub(super) enum AfterCommit {
    /// Remove the transcript entries of a conversation whose data key is gone.
    Sweep(ConversationId),
    /// Drop what was still queued in these lanes before outbox id `before`.
    PurgeLanes { lanes: Vec<Lane>, before: u64 },
    /// Log a conversation's event once it is durable-to-be (a rolled back turn logs nothing).
    Log(EventLog),
}

/// A conversation's event as the log shows it: ids and the bridge's own words at `info`; the
/// pseudonym only at `debug`, where an operator chasing one conversation asked for more. Never
/// what the visitor wrote: event texts are the bridge's (see [`Turn::record_event`]).
#[derive(Clone)]
pub(super) struct EventLog {
    pub(super) conversation: ConversationId,
    pub(super) text: String,
    pub(super) pseudonym: Option<String>,
}

impl std::fmt::Debug for EventLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventLog").field("conversation", &self.conversation).finish_non_exhaustive()
    }
}

impl EventLog {
    pub(super) fn emit(&self) {
        tracing::info!(conversation = %self.conversation, "{}", self.text);
        if let Some(pseudonym) = &self.pseudonym {
            tracing::debug!(conversation = %self.conversation, pseudonym = %pseudonym, "{}", self.text);
        }
    }
}
