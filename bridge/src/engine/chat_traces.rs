//! Messages in a visitor's chat that no relay accounts for, logged all the same: `/hide`, the
//! safe word and auto-hide delete what the log holds, and a message left out of it stays on
//! the phone for whoever checks it.
//!
//! Two kinds: the parts of a send that failed after some of them arrived (the outbox tries
//! the whole again, so the log must already hold the parts that are there), and visitor
//! messages of kinds the bridge does not relay (a venue, a poll, a dice), of which the engine
//! only ever sees the chat reference.

use crate::chat::MessageRef;
use crate::outbox::{Action, Lane, OutboxEntry};
use crate::store::TxError;
use crate::visitor::PlatformAddress;

use super::turn::Turn;
use super::{Dedupe, Handled, Ignored};

impl Turn<'_, '_> {
    /// A visitor sent something the bridge does not relay: nothing reaches staff, but the
    /// message is in their chat and is logged like any other. An account the bridge does not
    /// know gets no record for it: there is nothing of theirs to hide it with.
    pub(super) fn unrelayed_message(
        &mut self,
        from: &PlatformAddress,
        reference: &MessageRef,
        dedupe: Option<&Dedupe>,
    ) -> Result<Option<Handled>, TxError> {
        if let Some(dedupe) = dedupe
            && self.seen_before(dedupe)?
        {
            return Ok(Some(Handled::Duplicate));
        }
        let Some(visitor) = self.find(from)? else { return Ok(Some(Handled::Ignored(Ignored::UnknownVisitor))) };
        self.log_chat(visitor.id, reference)?;
        self.schedule_auto_hide(visitor.id)?;
        Ok(None)
    }

    /// `entry` failed after these messages of it reached the visitor's chat: they are logged
    /// (and a vanishing prompt's parts scheduled to vanish) as if it had been delivered, while
    /// the entry itself stays for the failure to decide.
    pub(super) fn left_in_chat(&mut self, entry: &OutboxEntry, messages: &[MessageRef]) -> Result<(), TxError> {
        let Some(address) = entry.action.visitor_address() else { return Ok(()) };
        let visitor = match entry.action.lane() {
            Lane::Visitor(v) | Lane::Held(v) | Lane::Cleanup(v) => v,
            _ => return Ok(()),
        };
        if messages.is_empty() {
            return Ok(());
        }
        if self.left_behind(&entry.action)? {
            return self.clear_left_phone(address, messages.to_vec());
        }
        for reference in messages {
            self.log_chat(visitor, reference)?;
        }
        self.schedule_auto_hide(visitor)?;
        if let Action::PromptVisitor { vanish_after_ms: Some(after), .. } = &entry.action {
            let delete =
                Action::DeleteVisitorMessages { visitor, address: address.clone(), messages: messages.to_vec() };
            self.emit_at(delete, self.now.plus_millis(*after))?;
        }
        Ok(())
    }
}
