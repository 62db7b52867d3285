//! What happens when a visitor writes.

use crate::conversation::{Conversation, ConversationState};
use crate::i18n::{Arg, DEFAULT_LANGUAGE};
use crate::ids::ConversationId;
use crate::outbox::Action;
use crate::store::{StoreError, TxError};
use crate::transcript::{Author, Direction, TranscriptEntry};
use crate::visitor::{PlatformAddress, Visitor};

use super::turn::Turn;
use super::{Dedupe, Handled, Ignored, IncomingMessage};

impl Turn<'_, '_> {
    pub(super) fn visitor_message(
        &mut self,
        from: &PlatformAddress,
        message: &IncomingMessage,
        dedupe: Option<&Dedupe>,
    ) -> Result<Option<Handled>, TxError> {
        if let Some(dedupe) = dedupe
            && self.seen_before(dedupe)?
        {
            return Ok(Some(Handled::Duplicate));
        }
        let mut visitor = self.register(from)?.into_visitor();
        if visitor.blocked {
            return Ok(Some(Handled::Ignored(Ignored::BlockedVisitor)));
        }
        let (mut conversation, fresh) = self.current_conversation(&mut visitor)?;
        let before = conversation.clone();

        if let Some(limit) = self.too_large(message) {
            // Refused, and the visitor is told why in their language; the content is not kept.
            self.tell_visitor(&visitor, &conversation, "message-too-long", &[("limit", Arg::from(limit))])?;
            self.record_event(conversation.id, "a visitor message was too large and was refused")?;
            if fresh {
                self.route(&mut conversation, &visitor)?;
            }
            self.put_conversation(&conversation)?;
            return Ok(None);
        }

        let entry = TranscriptEntry {
            at: self.now,
            direction: Direction::FromVisitor,
            author: Author::Visitor(visitor.pseudonym.clone()),
            kind: message.kind,
            text: message.text.clone(),
            attachment: message.attachment.clone(),
        };
        let seq = self.tx.append_transcript(conversation.id, &entry)?;
        self.emit_relay(conversation.id, seq, &entry)?;

        if conversation.waiting_since.is_none() {
            conversation.waiting_since = Some(self.now);
        }

        if fresh {
            self.route(&mut conversation, &visitor)?;
        } else if matches!(conversation.state, ConversationState::Queued { .. }) && !conversation.told_out_of_hours {
            self.tell_out_of_hours(&visitor, &mut conversation)?;
        }
        if conversation != before || fresh {
            self.put_conversation(&conversation)?;
        }
        Ok(None)
    }

    /// The visitor's open conversation; a new one, or their closed one reopened. The flag says
    /// whether it must be routed.
    fn current_conversation(&mut self, visitor: &mut Visitor) -> Result<(Conversation, bool), TxError> {
        if let Some(id) = visitor.conversation
            && let Some(mut conversation) = self.conversation(id)?
        {
            if conversation.is_open() {
                return Ok((conversation, false));
            }
            conversation.state = ConversationState::Queued { since: self.now };
            conversation.passed_over.clear();
            self.record_event(conversation.id, "reopened by the visitor")?;
            let label = self.label(&conversation)?;
            self.duty_notice(format!("Reopened: {label}"))?;
            return Ok((conversation, true));
        }
        let language = visitor
            .language
            .clone()
            .filter(|l| self.engine.catalog.supports(l))
            .unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned());
        let id = ConversationId::random().map_err(StoreError::from)?;
        let conversation = Conversation::new(id, visitor.id, visitor.channel(), language, self.now);
        self.create_conversation(&conversation)?;
        visitor.conversation = Some(id);
        self.put_visitor(visitor)?;
        let name = format!("{} · {} · {}", visitor.pseudonym, conversation.language, conversation.channel);
        self.emit(Action::OpenConversationRoom { conversation: id, name, topic: "new".into() })?;
        Ok((conversation, true))
    }

    /// The limit a message breaks, if any: characters for text, bytes for attachments.
    fn too_large(&self, message: &IncomingMessage) -> Option<usize> {
        let settings = &self.engine.settings;
        if message.text.chars().count() > settings.max_text_chars {
            return Some(settings.max_text_chars);
        }
        match &message.attachment {
            Some(a) if a.bytes.len() > settings.max_attachment_bytes => Some(settings.max_attachment_bytes),
            _ => None,
        }
    }

    pub(super) fn visitor_language(
        &mut self,
        from: &PlatformAddress,
        language: &str,
    ) -> Result<Option<Handled>, TxError> {
        let mut visitor = self.register(from)?.into_visitor();
        if visitor.blocked {
            return Ok(Some(Handled::Ignored(Ignored::BlockedVisitor)));
        }
        if !self.engine.catalog.supports(language) {
            return Ok(None);
        }
        visitor.language = Some(language.to_owned());
        self.put_visitor(&visitor)?;
        if let Some(id) = visitor.conversation
            && let Some(mut conversation) = self.conversation(id)?
            && conversation.language != language
        {
            conversation.language = language.to_owned();
            self.record_event(id, &format!("the visitor chose the language {language}"))?;
            self.room_notice(id, format!("The visitor chose the language {language}."))?;
            self.put_conversation(&conversation)?;
        }
        Ok(None)
    }
}
