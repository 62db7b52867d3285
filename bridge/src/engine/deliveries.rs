//! Deliveries settled: what a connector reports of an outbox entry it performed, inside the
//! engine's transaction (`Engine::settle`).

use crate::chat::MessageRef;
use crate::outbox::{Action, Lane};
use crate::store::TxError;

use super::turn::Turn;

impl Turn<'_, '_> {
    /// Takes `entry` out of the outbox (or moves its run of relays on), forgetting a run that left.
    pub fn ack(&mut self, entry: &crate::outbox::OutboxEntry) -> Result<crate::store::Acked, TxError> {
        let acked = self.tx.ack_outbox(entry)?;
        if acked == crate::store::Acked::Removed {
            self.relays_done(entry.id);
        }
        Ok(acked)
    }

    /// A delivery succeeded: a run of relays moves on; messages left in a visitor's chat are
    /// logged for `/hide`, and a prompt meant to vanish is scheduled for deletion.
    pub fn delivered(&mut self, entry: &crate::outbox::OutboxEntry, messages: &[MessageRef]) -> Result<(), TxError> {
        if self.ack(entry)? == crate::store::Acked::Nothing {
            return Ok(());
        }
        let Some(address) = entry.action.visitor_address() else { return Ok(()) };
        let visitor = match entry.action.lane() {
            Lane::Visitor(v) | Lane::Held(v) | Lane::Cleanup(v) => v,
            _ => return Ok(()),
        };
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
        Ok(())
    }
}
