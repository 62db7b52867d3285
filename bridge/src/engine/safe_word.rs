//! The safe word in the engine: set with `/safeword <word>` (only a keyed hash is kept, and the
//! command's own message is deleted from the phone); sent as a message, it clears the chat,
//! answers with a decoy, tells staff, and holds their replies until the visitor comes back on
//! purpose: `/messages <safe word>`.
//!
//! The adversary is whoever holds the phone afterwards. They can read the decoy, the command
//! menu and anything the bot sends, and can type anything but the word. So after the word the
//! bot sends that account nothing at all (no prompt, no system message, no staff words), no
//! command changes anything but `/hide`, and staff see every later message flagged.

use crate::chat::{HIDE_WINDOW_MS, MessageRef, VANISH_AFTER_MS};
use crate::i18n::Arg;
use crate::outbox::Action;
use crate::safe_word::{MIN_LETTERS, SafeWordChange, long_enough};
use crate::store::{TxError, safe_word_hash};
use crate::visitor::Visitor;
use crate::visitor_command::VisitorCommand;

use super::turn::Turn;

impl Turn<'_, '_> {
    pub(super) fn change_safe_word(
        &mut self,
        mut visitor: Visitor,
        change: &SafeWordChange,
        reference: Option<&MessageRef>,
        hint: Option<&str>,
    ) -> Result<(), TxError> {
        let language = self.language_for(&visitor, hint)?;
        match change {
            SafeWordChange::Explain => {
                self.prompt_visitor(&visitor, &language, "safe-word-explain", &[], Vec::new(), None)
            }
            SafeWordChange::Set(word) if !long_enough(word) => {
                self.forget_command_message(&visitor, reference)?;
                let args = [("length", Arg::from(MIN_LETTERS))];
                self.prompt_visitor(&visitor, &language, "safe-word-too-short", &args, Vec::new(), None)
            }
            SafeWordChange::Set(word) => {
                visitor.safe_word = Some(safe_word_hash(self.engine.store(), visitor.id, word));
                self.put_visitor(&visitor)?;
                // The word must not stay readable on the phone, in the command or the answer.
                self.forget_command_message(&visitor, reference)?;
                self.prompt_visitor(&visitor, &language, "safe-word-set", &[], Vec::new(), Some(VANISH_AFTER_MS))
            }
            SafeWordChange::Remove => {
                visitor.safe_word = None;
                self.put_visitor(&visitor)?;
                self.prompt_visitor(&visitor, &language, "safe-word-removed", &[], Vec::new(), None)
            }
        }
    }

    /// Deletes the visitor's own `/safeword …` message from the chat as soon as possible.
    pub(super) fn forget_command_message(
        &mut self,
        visitor: &Visitor,
        reference: Option<&MessageRef>,
    ) -> Result<(), TxError> {
        let Some(reference) = reference else { return Ok(()) };
        self.emit(Action::DeleteVisitorMessages {
            visitor: visitor.id,
            address: visitor.address.clone(),
            messages: vec![reference.clone()],
        })
    }

    /// Whether `text` is the visitor's safe word.
    pub(super) fn is_safe_word(&self, visitor: &Visitor, text: &str) -> bool {
        // Both sides are keyed hashes: timing can tell an observer nothing about the word.
        visitor.safe_word.is_some_and(|stored| stored == safe_word_hash(self.engine.store(), visitor.id, text))
    }

    /// The safe word arrived: the message itself is neither stored nor relayed.
    pub(super) fn safe_word_used(&mut self, mut visitor: Visitor) -> Result<(), TxError> {
        visitor.silenced = true;
        self.put_visitor(&visitor)?;
        self.news_after_safe_word(&mut visitor)?;
        self.audit(crate::audit::AuditKind::SafeWordUsed, None, visitor.id, None)?;
        self.emit(Action::HideChat {
            visitor: visitor.id,
            address: visitor.address.clone(),
            since: self.now.plus_millis(-HIDE_WINDOW_MS),
        })?;
        let language = self.language_for(&visitor, None)?;
        let decoy = match self.engine.settings.decoys.get(&language) {
            Some(text) => text.clone(),
            None => self.engine.catalog.render(&language, "decoy", &[]),
        };
        // Not a prompt of the bridge that a later /hide should find odd: an ordinary message.
        self.emit(Action::PromptVisitor {
            visitor: visitor.id,
            conversation: None,
            address: visitor.address.clone(),
            text: decoy,
            choices: Vec::new(),
            vanish_after_ms: None,
        })?;
        if let Some(id) = visitor.conversation
            && let Some(conversation) = self.conversation(id)?
        {
            self.record_event(id, "the visitor used their safe word")?;
            self.room_notice(&conversation, "room-safe-word-used", &[])?;
        }
        Ok(())
    }

    /// A command from an account that used its safe word. `/messages <word>` brings the visitor
    /// back; `/hide` still clears the chat (silently); anything else changes nothing and answers
    /// nothing: `/safeword off`, `/start`, `/code` or a button must not open what the word closed.
    pub(super) fn command_after_safe_word(
        &mut self,
        mut visitor: Visitor,
        command: &VisitorCommand,
        reference: Option<&MessageRef>,
    ) -> Result<(), TxError> {
        match command {
            VisitorCommand::Messages(Some(word)) if self.is_safe_word(&visitor, word) => {
                self.forget_command_message(&visitor, reference)?;
                self.visitor_back(&mut visitor)?;
                self.release_held(&visitor, None)
            }
            VisitorCommand::Messages(word) => {
                if word.is_some() {
                    // A wrong word leaves the phone exactly as the right one does.
                    self.forget_command_message(&visitor, reference)?;
                }
                self.flag_to_staff(&visitor, "room-release-refused")
            }
            VisitorCommand::Hide => {
                let since = self.now.plus_millis(-HIDE_WINDOW_MS);
                self.emit(Action::HideChat { visitor: visitor.id, address: visitor.address.clone(), since })
            }
            _ => Ok(()),
        }
    }

    /// Tells the visitor's room that what just came from their account may not be them.
    pub(super) fn flag_to_staff(&mut self, visitor: &Visitor, id: &str) -> Result<(), TxError> {
        if let Some(conversation) = visitor.conversation
            && let Some(conversation) = self.conversation(conversation)?
        {
            self.room_notice(&conversation, id, &[])?;
        }
        Ok(())
    }

    /// The visitor came back with their word: what staff wrote meanwhile can go out, and the
    /// menu follows a language staff set meanwhile.
    fn visitor_back(&mut self, visitor: &mut Visitor) -> Result<(), TxError> {
        visitor.silenced = false;
        self.put_visitor(visitor)?;
        self.set_visitor_menu(visitor)?;
        self.flag_to_staff(visitor, "room-visitor-back")
    }
}
