//! Deliveries settled: what a connector reports of an outbox entry it performed, inside the
//! engine's transaction (`Engine::settle`).

use crate::chat::MessageRef;
use crate::outbox::{Action, Failure, Lane, OutboxEntry};
use crate::store::Acked;
use crate::store::TxError;

use super::Outcome;
use super::news::Settled;
use super::turn::Turn;

impl Turn<'_, '_> {
    /// Takes `entry` out of the outbox (or moves its run of relays on), forgetting a run that left.
    pub fn ack(&mut self, entry: &OutboxEntry) -> Result<Acked, TxError> {
        let acked = self.tx.ack_outbox(entry)?;
        if acked == Acked::Removed {
            self.relays_done(entry.id);
        }
        Ok(acked)
    }

    /// A delivery succeeded: a run of relays moves on; messages left in a visitor's chat are
    /// logged for `/hide`, and a prompt meant to vanish (or `/share`'s message) is scheduled for
    /// deletion.
    pub fn delivered(&mut self, entry: &OutboxEntry, messages: &[MessageRef]) -> Result<(), TxError> {
        if self.ack(entry)? == Acked::Nothing {
            return Ok(());
        }
        let Some(address) = entry.action.visitor_address() else { return Ok(()) };
        let visitor = match entry.action.lane() {
            Lane::Visitor(v) | Lane::Held(v) | Lane::Cleanup(v) | Lane::News(v) => v,
            _ => return Ok(()),
        };
        self.deletion_done(entry)?;
        if !messages.is_empty() && self.left_behind(&entry.action)? {
            // It reached a phone the visitor has left (it was on its way as they moved): it must
            // not stay there, nor enter the log of the chat they use now.
            return self.clear_left_phone(address, messages.to_vec());
        }
        for reference in messages {
            self.log_chat(visitor, reference)?;
        }
        if !messages.is_empty() {
            self.schedule_auto_hide(visitor)?;
        }
        if let Action::PromptVisitor { vanish_after_ms: Some(after), .. } = &entry.action
            && !messages.is_empty()
        {
            let delete =
                Action::DeleteVisitorMessages { visitor, address: address.clone(), messages: messages.to_vec() };
            self.emit_at(delete, self.now.plus_millis(*after))?;
        }
        // `/share`'s message vanishes the same way, unless the visitor keeps it (`share`).
        self.invitation_delivered(entry, messages)
    }

    /// A connector's round of deliveries, settled (see [`super::Engine::settle`]). Returns what
    /// permanent failures queued.
    pub(super) fn settle(&mut self, outcomes: &[(OutboxEntry, Outcome)]) -> Result<Vec<Action>, TxError> {
        self.actions.clear();
        for (entry, outcome) in outcomes {
            match outcome {
                Outcome::Delivered(messages) => {
                    self.delivered(entry, messages)?;
                    self.if_announcement(entry, Settled::Delivered)?;
                }
                Outcome::Hidden(logged) => {
                    // A clearing of a chat the visitor has left since (they continued on
                    // another phone) read the new chat's log: those messages are still there.
                    if !self.left_behind(&entry.action)? {
                        for message in logged {
                            self.tx.unlog_chat_message(&message.key)?;
                        }
                    }
                    self.ack(entry)?;
                }
                Outcome::Failed(failure) => self.failed(entry, failure)?,
                Outcome::FailedLeaving(failure, left) => {
                    self.left_in_chat(entry, left)?;
                    self.failed(entry, failure)?;
                }
                Outcome::Translated(translated) => self.translated(entry, translated)?,
                Outcome::Interrupted => {
                    self.ack(entry)?;
                    self.if_announcement(entry, Settled::Interrupted)?;
                }
            }
        }
        Ok(std::mem::take(&mut self.actions))
    }

    /// An announcement's message settled: the tally of the announcement counts it.
    fn if_announcement(&mut self, entry: &OutboxEntry, how: Settled) -> Result<(), TxError> {
        match &entry.action {
            Action::Announce { visitor, number, .. } => self.announcement_settled(*visitor, *number, entry.id, how),
            _ => Ok(()),
        }
    }

    /// A retry backs off; a permanent failure leaves the outbox and is told to staff.
    fn failed(&mut self, entry: &OutboxEntry, failure: &Failure) -> Result<(), TxError> {
        if entry.action.lane().is_translation() {
            return self.translation_failed(entry, failure);
        }
        if let Action::Announce { visitor, number, .. } = &entry.action {
            // One refusal of many is a count in the tally, not a notice of its own.
            return match failure {
                Failure::Retry { after_ms } => {
                    // Not sent: it may be claimed again.
                    self.tx.retry_outbox(entry.id, self.now, *after_ms)?;
                    self.tx.remove(crate::store::TreeName::Meta, &super::news::claim_key(entry.id)).map(|_| ())
                }
                Failure::Permanent { .. } => {
                    self.ack(entry)?;
                    self.announcement_settled(*visitor, *number, entry.id, Settled::Failed)
                }
            };
        }
        match failure {
            Failure::Retry { after_ms } => {
                self.tx.retry_outbox(entry.id, self.now, *after_ms)?;
            }
            Failure::Permanent { reason } => {
                if self.ack(entry)? != Acked::Nothing {
                    self.delivery_failed(&entry.action, reason)?;
                }
            }
        }
        Ok(())
    }
}
