//! `/share`: a short message with the bot's link that the visitor forwards or copies to a
//! friend who may be in the same situation. The one message the bridge sends without Telegram's
//! `protect_content`; so it says nothing a controller reading the friend's phone (or the
//! visitor's) could hold against either of them, and it deletes itself from the visitor's chat
//! after `[share] vanish_minutes` unless they keep it. Nothing about who shared is kept: the
//! friend who arrives through the link is counted "via a friend" (`arrived_through`), no more.

use crate::chat::{MessageRef, VANISH_AFTER_MS};
use crate::i18n::Arg;
use crate::outbox::{Action, OutboxEntry};
use crate::store::TxError;
use crate::visitor::{Channel, Visitor};
use crate::visitor_command::{Choice, VisitorCommand};

use super::turn::Turn;

/// Fluent wraps every placeable in the isolation marks FSI…PDI. Around the link they would
/// travel with a copy or a forward and may end up inside the URL the friend's app detects: the
/// drafts put the link on a line of its own, where no isolation is needed.
const ISOLATE: [char; 2] = ['\u{2068}', '\u{2069}'];

impl Turn<'_, '_> {
    /// Sends the forwardable invitation, then (protected, vanishing) what to do with it and a
    /// button to keep it. Without a known link for the visitor's channel, says sharing is not
    /// available and sends nothing else.
    pub(super) fn share(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let language = self.language_for(visitor, hint)?;
        let Some(text) = self.invitation(visitor.channel(), &language) else {
            return self.prompt_visitor(visitor, &language, "share-unavailable", &[], Vec::new(), None);
        };
        let after = self.engine.settings.share.vanish_after;
        let vanish_after_ms = i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
        let minutes = u32::try_from(after.as_secs().div_ceil(60)).unwrap_or(u32::MAX);
        self.emit(Action::ShareInvitation {
            visitor: visitor.id,
            address: visitor.address.clone(),
            text,
            vanish_after_ms: Some(vanish_after_ms),
        })?;
        let keep = Choice::new(self.engine.catalog.render(&language, "share-keep", &[]), &VisitorCommand::KeepShared);
        let args = [("minutes", Arg::from(minutes))];
        self.prompt_visitor(visitor, &language, "share-sent", &args, vec![keep], Some(vanish_after_ms))
    }

    /// The invitation's words for a visitor on `channel`, or `None` if the bot's link there is
    /// not known. On Telegram the operator's `[share] text.<tag>` wins; Matrix visitors always
    /// get the built-in text, which says what the friend types first (`!start share`) so the
    /// arrival is counted: a link to a Matrix account cannot carry a code.
    fn invitation(&self, channel: Channel, language: &str) -> Option<String> {
        let share = &self.engine.settings.share;
        let (link, id) = match channel {
            Channel::Telegram => {
                let link =
                    crate::campaign::telegram_link(share.telegram_username.as_deref()?, crate::stats::SHARE_CODE);
                if let Some(own) = share.texts.get(language) {
                    return Some(own.replace("{link}", &link));
                }
                (link, "share-invitation")
            }
            Channel::Matrix => {
                (crate::campaign::matrix_link(share.matrix_user_id.as_deref()?), "share-invitation-matrix")
            }
        };
        let text = self.engine.catalog.render_for(channel, language, id, &[("link", Arg::from(link.as_str()))]);
        let bare = text.replace(&format!("{}{link}{}", ISOLATE[0], ISOLATE[1]), &link);
        Some(bare)
    }

    /// The visitor keeps their last invitation: its deletion is taken out of the outbox. Said
    /// only when there was one to cancel (it may have been performed already).
    pub(super) fn keep_shared(&mut self, mut visitor: Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let Some(deletion) = visitor.share_deletion.take() else { return Ok(()) };
        self.put_visitor(&visitor)?;
        if !self.tx.drop_outbox(deletion)? {
            return Ok(());
        }
        let language = self.language_for(&visitor, hint)?;
        self.prompt_visitor(&visitor, &language, "share-kept", &[], Vec::new(), Some(VANISH_AFTER_MS))
    }

    /// An invitation reached the chat: its deletion is scheduled, and remembered on the visitor
    /// so `KeepShared` can cancel it. A deletion of an earlier invitation still waiting stays:
    /// the visitor keeps only the one they were just offered to keep.
    pub(super) fn invitation_delivered(&mut self, entry: &OutboxEntry, messages: &[MessageRef]) -> Result<(), TxError> {
        let Action::ShareInvitation { visitor, address, vanish_after_ms: Some(after), .. } = &entry.action else {
            return Ok(());
        };
        if messages.is_empty() {
            return Ok(());
        }
        let delete =
            Action::DeleteVisitorMessages { visitor: *visitor, address: address.clone(), messages: messages.to_vec() };
        let id = self.emit_at(delete, self.now.plus_millis(*after))?;
        if let Some(mut record) = self.visitor(*visitor)? {
            record.share_deletion = Some(id);
            self.put_visitor(&record)?;
        }
        Ok(())
    }

    /// A deletion was performed: if it was the invitation's, there is nothing left to keep.
    pub(super) fn deletion_done(&mut self, entry: &OutboxEntry) -> Result<(), TxError> {
        let Action::DeleteVisitorMessages { visitor, .. } = &entry.action else { return Ok(()) };
        if let Some(mut record) = self.visitor(*visitor)?
            && record.share_deletion == Some(entry.id)
        {
            record.share_deletion = None;
            self.put_visitor(&record)?;
        }
        Ok(())
    }
}
