//! What a turn logs once its transaction has committed (a rolled back turn must log nothing).
//! The store's own after-commit work (sweeps, purges) is the store's: see `Tx`.

use crate::ids::ConversationId;

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
        match operator_line(&self.text) {
            Some(line) => tracing::info!(conversation = %self.conversation, "{line}"),
            None => tracing::debug!(conversation = %self.conversation, "{}", self.text),
        }
        if let Some(pseudonym) = &self.pseudonym {
            tracing::debug!(conversation = %self.conversation, pseudonym = %pseudonym, "{}", self.text);
        }
    }
}

/// What an operator keeping the bridge running needs at `info` of a conversation's event: that
/// it moved between staff and the queue, and that a delivery failed. Anything else (referral
/// kinds, the safe word, languages, holds, blocks) would make journald, joined with the
/// homeserver's database, a case file without the master key: `debug` only.
fn operator_line(text: &str) -> Option<&'static str> {
    const ROUTING: [(&str, &str); 5] = [
        ("assigned to ", "assigned"),
        ("queued", "queued"),
        ("reopened", "reopened"),
        ("closed by ", "closed"),
        ("not delivered to the visitor", "not delivered to the visitor"),
    ];
    ROUTING.iter().find(|(prefix, _)| text.starts_with(prefix)).map(|(_, line)| *line)
}

#[cfg(test)]
mod tests {
    use super::operator_line;

    #[test]
    fn info_names_routing_only_never_what_happened_in_the_conversation() {
        assert_eq!(operator_line("assigned to grace (new conversation)"), Some("assigned"));
        assert_eq!(operator_line("closed by grace"), Some("closed"));
        assert_eq!(
            operator_line("not delivered to the visitor: blocked the bot"),
            Some("not delivered to the visitor")
        );
        for private in [
            "the visitor used their safe word",
            "referral #1: asylum, consent true, by grace",
            "referral #1 (asylum) is now done (by ife)",
            "the visitor chose the language th",
            "language set to th by grace",
            "on hold until review 2027-01-01 (by maja)",
            "visitor blocked by grace",
            "the visitor continues on another phone or account",
        ] {
            assert_eq!(operator_line(private), None, "{private}");
        }
    }
}
