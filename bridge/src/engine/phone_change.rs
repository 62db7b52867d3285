//! Continuing on another phone (`/code`): the visitor asks for a phrase, sends it from another
//! Telegram or Matrix account, and from then on is that account — the same pseudonym, the same
//! conversation. The old account is let go: whoever writes from it next is a stranger, what was
//! on its way there goes to the new account or nowhere, and what the bridge can still delete on
//! the old phone is deleted.

use crate::chat::{MessageRef, VANISH_AFTER_MS};
use crate::code_phrase::{self, MAX_WRONG};
use crate::i18n::{Arg, DEFAULT_LANGUAGE, match_language};
use crate::ids::VisitorId;
use crate::outbox::{Action, Lane};
use crate::store::{CodeAttempts, StoreError, TxError, phrase_hash};
use crate::time::Timestamp;
use crate::visitor::{PlatformAddress, Visitor};

use super::notices::conversation_name;
use super::turn::Turn;
use super::{Handled, Ignored};

impl Turn<'_, '_> {
    /// `/code`: a new phrase for `visitor`, replacing any earlier one. The command and the answer
    /// leave the phone soon: whoever holds the words can take the conversation.
    pub(super) fn give_code(
        &mut self,
        visitor: &Visitor,
        reference: Option<&MessageRef>,
        hint: Option<&str>,
    ) -> Result<(), TxError> {
        let phrase = code_phrase::generate().map_err(StoreError::from)?;
        let minutes = self.engine.settings.code_minutes;
        let hash = phrase_hash(self.engine.store(), &phrase);
        self.tx.put_code(visitor.id, &hash, self.now.plus_minutes(minutes))?;
        self.forget_command_message(visitor, reference)?;
        let language = self.language_for(visitor, hint)?;
        let args = [("phrase", Arg::from(phrase)), ("minutes", Arg::from(minutes))];
        self.prompt_visitor(visitor, &language, "code-given", &args, Vec::new(), Some(VANISH_AFTER_MS))
    }

    /// A phrase sent from `from`: typed after `/code`, or four words of the list alone.
    ///
    /// An account that already has a conversation of its own cannot take over another visitor:
    /// its conversation would be lost. The phrase is then refused as if it were wrong (and counts
    /// as a wrong try, so the refusal tells nothing about the phrase); the phrase stays good, and
    /// `/forget` on that account clears the way.
    pub(super) fn redeem_code(
        &mut self,
        from: &PlatformAddress,
        typed: &str,
        reference: Option<&MessageRef>,
        hint: Option<&str>,
    ) -> Result<Option<Handled>, TxError> {
        let sender = self.find(from)?;
        if sender.as_ref().is_some_and(|s| s.blocked) {
            return Ok(Some(Handled::Ignored(Ignored::BlockedVisitor)));
        }
        let account = from.account();
        let lock_ms = self.engine.settings.code_lock_minutes.saturating_mul(60_000);
        let attempts = self.tx.code_attempts(&account)?.at(self.now, lock_ms);
        if let Some(until) = attempts.locked_at(self.now) {
            let args = [("minutes", Arg::from(self.minutes_until(until)))];
            self.answer_sender(sender.as_ref(), from, reference, hint, "code-locked", &args)?;
            return Ok(None);
        }
        let hash = phrase_hash(self.engine.store(), typed);
        let owner = match self.tx.code_owner(&hash, self.now)? {
            Some(id) => self.visitor(id)?,
            None => None,
        };
        match owner {
            Some(owner) if sender.as_ref().is_some_and(|s| s.id == owner.id) => {
                // Sent from the phone that asked for it: nothing moves, and the phrase stays good.
                self.answer_sender(sender.as_ref(), from, reference, hint, "code-moved", &[])?;
            }
            Some(owner) if sender.as_ref().is_none_or(|s| s.conversation.is_none()) => {
                self.tx.put_code_attempts(&account, &CodeAttempts::default())?;
                self.move_visitor(owner, sender, from, reference)?;
            }
            _ => {
                let attempts = attempts.one_more_wrong(self.now, MAX_WRONG, lock_ms);
                self.tx.put_code_attempts(&account, &attempts)?;
                match attempts.locked_at(self.now) {
                    Some(until) => {
                        let args = [("minutes", Arg::from(self.minutes_until(until)))];
                        self.answer_sender(sender.as_ref(), from, reference, hint, "code-locked", &args)?;
                    }
                    None => self.answer_sender(sender.as_ref(), from, reference, hint, "code-wrong", &[])?,
                }
            }
        }
        Ok(None)
    }

    /// Whole minutes until `until`, rounded up: "wait 1 minute" rather than "wait 0".
    fn minutes_until(&self, until: Timestamp) -> i64 {
        let left = until.as_millis().saturating_sub(self.now.as_millis()).max(0);
        ((left + 59_999) / 60_000).max(1)
    }

    /// The bridge's answer to whoever sent a phrase. An account the bridge does not know gets
    /// its answer without a record being made for it.
    fn answer_sender(
        &mut self,
        sender: Option<&Visitor>,
        from: &PlatformAddress,
        reference: Option<&MessageRef>,
        hint: Option<&str>,
        id: &str,
        args: &[(&str, Arg)],
    ) -> Result<(), TxError> {
        if let Some(visitor) = sender {
            if let Some(reference) = reference {
                self.log_chat(visitor.id, reference)?;
            }
            let language = self.language_for(visitor, hint)?;
            return self.prompt_visitor(visitor, &language, id, args, Vec::new(), None);
        }
        let language = hint.and_then(match_language).unwrap_or(DEFAULT_LANGUAGE);
        let text = self.engine.catalog.render_for(from.channel(), language, id, args);
        self.emit(Action::PromptVisitor {
            visitor: VisitorId::random().map_err(StoreError::from)?,
            conversation: None,
            address: from.clone(),
            text,
            choices: Vec::new(),
            vanish_after_ms: None,
        })
    }

    /// `visitor` continues from `to`, the account that sent their phrase; `own` is the record
    /// that account had of its own (with no conversation), which is forgotten.
    fn move_visitor(
        &mut self,
        mut visitor: Visitor,
        own: Option<Visitor>,
        to: &PlatformAddress,
        reference: Option<&MessageRef>,
    ) -> Result<(), TxError> {
        let old = visitor.address.clone();
        // Deletions still due on the old phone go on in a lane of their own.
        let left_behind = VisitorId::random().map_err(StoreError::from)?;
        for id in self.belonging_outbox(visitor.id) {
            let Some(action) = self.tx.outbox_action(id)? else { continue };
            if action.visitor_address().is_none_or(|a| a.account() != old.account()) {
                continue;
            }
            match action {
                Action::SendToVisitor { visitor: v, conversation, text, attachment, held, .. } if v == visitor.id => {
                    // The team's words (parked ones too) go where the visitor is now.
                    let action =
                        Action::SendToVisitor { visitor: v, conversation, address: to.clone(), text, attachment, held };
                    self.tx.replace_outbox_action(id, action)?;
                }
                Action::DeleteVisitorMessages { visitor: v, address, messages } if v == visitor.id => {
                    let action = Action::DeleteVisitorMessages { visitor: left_behind, address, messages };
                    self.tx.replace_outbox_action(id, action)?;
                }
                Action::Announce { visitor: v, text, number, held, .. } if v == visitor.id => {
                    // The news they asked for (parked too) goes where the visitor is now.
                    let action = Action::Announce { visitor: v, address: to.clone(), text, number, held };
                    self.tx.replace_outbox_action(id, action)?;
                }
                // Prompts, chat clearing, auto-hide checks, greetings and menus were the old
                // phone's: they go nowhere (the old chat is cleared below, its menu too; the new
                // one gets its own checks and menu).
                other if matches!(other.lane(), Lane::Visitor(v) | Lane::AutoHide(v) | Lane::Menu(v) if v == visitor.id) =>
                {
                    self.tx.drop_outbox(id)?;
                }
                _ => {}
            }
        }
        // A phone left behind shows nothing: what the bridge logged of that chat is deleted now,
        // and leaves the log, which from now on is the new chat's.
        let mut left = Vec::new();
        for key in self.belonging_chat_log(visitor.id) {
            left.extend(self.tx.take_chat_message(&key)?);
        }
        self.clear_left_phone(&old, left)?;

        if let Some(own) = own.filter(|o| o.id != visitor.id) {
            // Its messages (a greeting, a picker) are in the chat the visitor uses now.
            for key in self.belonging_chat_log(own.id) {
                self.tx.relog_chat_message(&key, visitor.id)?;
            }
            for id in self.belonging_outbox(own.id) {
                let Some(action) = self.tx.outbox_action(id)? else { continue };
                match action {
                    Action::DeleteVisitorMessages { visitor: v, address, messages } if v == own.id => {
                        let action = Action::DeleteVisitorMessages { visitor: visitor.id, address, messages };
                        self.tx.replace_outbox_action(id, action)?;
                    }
                    other if matches!(other.lane(), Lane::Visitor(v) | Lane::Held(v) | Lane::AutoHide(v) | Lane::Menu(v) | Lane::News(v) if v == own.id) =>
                    {
                        self.tx.drop_outbox(id)?;
                    }
                    _ => {}
                }
            }
            self.tx.remove_code_of(own.id)?;
            self.erase_visitor(&own)?;
        }

        self.rebind_account(visitor.id, &old, to)?;
        visitor.address = to.clone();
        // A `/share` message was the old phone's, cleared with it: nothing there is left to keep.
        visitor.share_deletion = None;
        self.put_visitor(&visitor)?;
        // The menu in their language follows them; the phone left behind shows the bot-wide one.
        self.remove_left_phone_menu(&visitor, &old)?;
        self.set_visitor_menu(&visitor)?;
        self.tx.remove_code_of(visitor.id)?;
        if let Some(id) = visitor.conversation
            && let Some(mut conversation) = self.conversation(id)?
        {
            self.record_event(id, "the visitor continues on another phone or account")?;
            if conversation.channel != to.channel() {
                conversation.channel = to.channel();
                self.put_conversation(&conversation)?;
                let name = conversation_name(&visitor.pseudonym, &conversation);
                self.emit(Action::RenameConversationRoom { conversation: id, name })?;
            }
            self.room_notice(&conversation, "room-visitor-moved", &[])?;
        }
        if let Some(reference) = reference {
            // The words did their work; nobody need read them on the new phone either.
            self.log_chat(visitor.id, reference)?;
            self.forget_command_message(&visitor, Some(reference))?;
        }
        let language = self.language_for(&visitor, None)?;
        self.prompt_visitor(&visitor, &language, "code-moved", &[], Vec::new(), None)
    }

    /// Deletes `messages` from the chat at `address`, a phone the visitor has left, in a lane of
    /// its own (nothing the visitor's new chat waits for).
    pub(super) fn clear_left_phone(
        &mut self,
        address: &PlatformAddress,
        messages: Vec<MessageRef>,
    ) -> Result<(), TxError> {
        if messages.is_empty() {
            return Ok(());
        }
        let visitor = VisitorId::random().map_err(StoreError::from)?;
        self.emit(Action::DeleteVisitorMessages { visitor, address: address.clone(), messages })
    }

    /// Whether `action` went to an account its visitor has left.
    pub(super) fn left_behind(&self, action: &Action) -> Result<bool, TxError> {
        let (Some(address), Lane::Visitor(id) | Lane::Held(id) | Lane::Cleanup(id)) =
            (action.visitor_address(), action.lane())
        else {
            return Ok(false);
        };
        Ok(self.visitor(id)?.is_some_and(|v| v.address.account() != address.account()))
    }

    /// Outbox entries that may be `visitor`'s: found before the turn, or queued in it.
    fn belonging_outbox(&self, visitor: VisitorId) -> Vec<u64> {
        let mut ids = self.tx.outbox_of(visitor).to_vec();
        ids.extend(&self.enqueued);
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Keys of `visitor`'s logged chat messages: found before the turn, or logged in it.
    fn belonging_chat_log(&self, visitor: VisitorId) -> Vec<Vec<u8>> {
        let mut keys = self.tx.chat_log_of(visitor).to_vec();
        keys.extend(self.logged.iter().filter(|(v, _)| *v == visitor).map(|(_, key)| key.clone()));
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}
