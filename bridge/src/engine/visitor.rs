//! What happens when a visitor writes.

use crate::conversation::{Conversation, ConversationState};
use crate::i18n::{Arg, DEFAULT_LANGUAGE};
use crate::ids::ConversationId;
use crate::outbox::Action;
use crate::store::{Registration, StoreError, TxError};
use crate::transcript::{Author, ContentKind, Direction, TranscriptEntry};
use crate::visitor::{PlatformAddress, Visitor};
use crate::visitor_command::{Choice, VisitorCommand};

use super::notices::conversation_name;
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
        if message.kind == ContentKind::Text
            && let Some(phrase) = crate::code_phrase::bare_phrase(&message.text)
            && self.find(from)?.is_none_or(|v| v.conversation.is_none())
        {
            // Four words of the list alone, from an account with nothing said yet: a phrase from
            // someone who continues here (they may not read the instructions, only the words).
            let (reference, hint) = (message.reference.as_ref(), message.language_hint.as_deref());
            return self.redeem_code(from, &phrase, reference, hint);
        }
        let registration = self.register(from)?;
        let first_contact = matches!(registration, Registration::New(_));
        let mut visitor = registration.into_visitor();
        if visitor.blocked {
            return Ok(Some(Handled::Ignored(Ignored::BlockedVisitor)));
        }
        if let Some(reference) = &message.reference {
            self.log_chat(visitor.id, reference)?;
            self.schedule_auto_hide(visitor.id)?;
        }
        if message.kind == ContentKind::Text && self.is_safe_word(&visitor, &message.text) {
            // Logged above, so the chat clearing takes the word itself too.
            return self.safe_word_used(visitor).map(|()| None);
        }
        if first_contact {
            self.greet(&visitor, message.language_hint.as_deref())?;
        }
        if message.kind == ContentKind::Contact {
            // A contact card is someone else's name and number: never passed on.
            let language = self.language_for(&visitor, message.language_hint.as_deref())?;
            return self
                .prompt_visitor(&visitor, &language, "contact-not-relayed", &[], Vec::new(), None)
                .map(|()| None);
        }
        if visitor.conversation.is_none()
            && let Some(hint) = message.language_hint.as_deref().and_then(crate::i18n::match_language)
            && visitor.language.is_none()
        {
            // Pre-selects the conversation's language; the visitor's own choice overrides it.
            self.hinted_language = Some(hint);
        }
        let (mut conversation, fresh) = self.current_conversation(&mut visitor)?;

        if let Some(limit) = message.oversized_limit {
            let megabytes = Arg::from(i64::try_from(limit / (1024 * 1024)).unwrap_or(i64::MAX));
            self.tell_visitor(&visitor, &conversation, "file-too-large", &[("megabytes", megabytes)])?;
            self.record_event(conversation.id, &format!("a visitor {} was too large to fetch", message.kind.name()))?;
            // Routed first, so the notice is for (and in the language of) whoever gets it.
            if fresh {
                self.route(&mut conversation, &visitor)?;
            }
            self.room_notice(&conversation, "room-file-too-large", &[("kind", Arg::from(message.kind.name()))])?;
            self.put_conversation(&conversation)?;
            return Ok(None);
        }

        let file_bytes = message.attachment.as_ref().map(|a| a.bytes.len() as u64);
        if message.disk_low || file_bytes.is_some_and(|b| b <= self.engine.settings.max_attachment_bytes as u64) {
            let fits = match file_bytes {
                Some(bytes) if !message.disk_low => self.file_fits_quota(&visitor, &conversation, bytes)?,
                _ => {
                    self.file_refused_disk_low(&visitor, &conversation)?;
                    false
                }
            };
            if !fits {
                if fresh {
                    self.route(&mut conversation, &visitor)?;
                }
                self.put_conversation(&conversation)?;
                return Ok(None);
            }
        }

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

        let location = (message.kind == ContentKind::Location).then(|| Location::parse(&message.text));
        let text = match &location {
            Some(Some(location)) => location.coarse(),
            Some(None) => "a location that could not be read".to_owned(),
            None => message.text.clone(),
        };
        let entry = TranscriptEntry {
            at: self.now,
            direction: Direction::FromVisitor,
            author: Author::Visitor(visitor.pseudonym.clone()),
            kind: message.kind,
            text,
            // Stored from the message, not copied: a file may be 20 MB.
            attachment: None,
        };
        if conversation.waiting_since.is_none() {
            conversation.waiting_since = Some(self.now);
        }
        conversation.active_at(self.now);
        // Routed before the message is relayed: whoever is invited now is a member when it is
        // posted, so their client gets its key (end-to-end encryption shares keys with members).
        if fresh {
            self.route(&mut conversation, &visitor)?;
        }
        if visitor.silenced {
            // Written after the safe word: staff must not take it for the visitor's own words.
            self.room_notice(&conversation, "room-after-safe-word", &[])?;
        }
        let seq = self.tx.append_transcript_with_file(conversation.id, &entry, message.attachment.as_ref())?;
        self.emit_relay(conversation.id, seq, &entry)?;
        // After the relay: the original goes to the room whatever becomes of its translation.
        self.translate_for_staff(&conversation, seq, entry.kind, &entry.text)?;
        if let Some(note) = message.file_note {
            self.record_event(conversation.id, note.event())?;
            let kind = Arg::from(message.kind.name());
            self.room_notice(&conversation, note.staff_text(), &[("kind", kind)])?;
        }
        if let Some(Some(location)) = location {
            // The exact spot goes to the team only if the visitor says so.
            visitor.pending_location = Some(location.exact());
            self.put_visitor(&visitor)?;
            let language = conversation.language.clone();
            let choices = vec![
                Choice::new(
                    self.engine.catalog.render(&language, "location-choice-yes", &[]),
                    &VisitorCommand::ShareExactLocation(true),
                ),
                Choice::new(
                    self.engine.catalog.render(&language, "location-choice-no", &[]),
                    &VisitorCommand::ShareExactLocation(false),
                ),
            ];
            self.prompt_visitor(&visitor, &language, "location-question", &[], choices, None)?;
            self.location_asked(visitor.id)?;
        }

        if fresh && visitor.language.is_none() && message.kind == ContentKind::Text {
            self.offer_language(&visitor, &conversation, &message.text)?;
        }
        if !fresh && matches!(conversation.state, ConversationState::Queued { .. }) && !conversation.told_out_of_hours {
            self.tell_out_of_hours(&visitor, &mut conversation)?;
        }
        if fresh || !self.conversation_unchanged(&conversation) {
            self.put_conversation_owned(conversation)?;
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
            self.count_opened(&conversation, true)?;
            self.record_event(conversation.id, "reopened by the visitor")?;
            let label = self.label(&conversation)?;
            self.routing_notice("duty-reopened", &[("label", Arg::from(label))])?;
            return Ok((conversation, true));
        }
        let language = visitor
            .language
            .clone()
            .filter(|l| self.engine.catalog.supports(l))
            .or_else(|| self.hinted_language.take().map(str::to_owned))
            .unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned());
        let id = ConversationId::random().map_err(StoreError::from)?;
        let conversation = Conversation::new(id, visitor.id, visitor.channel(), language, self.now);
        self.create_conversation(&conversation)?;
        // A conversation record may be gone (shredded by retention): the visitor still returns.
        self.count_opened(&conversation, visitor.conversation.is_some())?;
        visitor.conversation = Some(id);
        self.put_visitor(visitor)?;
        let name = conversation_name(&visitor.pseudonym, &conversation);
        let topic = self.engine.staff_text(self.engine.team_language(), "topic-new", &[]);
        // In a flood of new accounts the room (and so everything for it) may wait for its slot.
        let slot = self.admit_new(id)?;
        self.emit_at(Action::OpenConversationRoom { conversation: id, name, topic }, slot)?;
        Ok((conversation, true))
    }

    /// The limit a message breaks, if any: characters for text, bytes for attachments.
    fn too_large(&self, message: &IncomingMessage) -> Option<usize> {
        let settings = &self.engine.settings;
        // A text of no more bytes than the limit has no more characters either: only a longer
        // one is counted.
        if message.text.len() > settings.max_text_chars && message.text.chars().count() > settings.max_text_chars {
            return Some(settings.max_text_chars);
        }
        match &message.attachment {
            Some(a) if a.bytes.len() > settings.max_attachment_bytes => Some(settings.max_attachment_bytes),
            _ => None,
        }
    }
}

/// A shared location. Staff first see it rounded to two decimals (about a kilometre): enough to
/// know the area, not the door.
struct Location {
    latitude: f64,
    longitude: f64,
}

impl Location {
    /// "latitude,longitude", as connectors hand it over.
    fn parse(text: &str) -> Option<Self> {
        let (latitude, longitude) = text.split_once(',')?;
        let latitude: f64 = latitude.trim().parse().ok()?;
        let longitude: f64 = longitude.trim().parse().ok()?;
        let valid = latitude.is_finite() && longitude.is_finite() && latitude.abs() <= 90.0 && longitude.abs() <= 180.0;
        valid.then_some(Self { latitude, longitude })
    }

    fn coarse(&self) -> String {
        format!("near {:.2}, {:.2} (rounded to about 1 km)", self.latitude, self.longitude)
    }

    fn exact(&self) -> String {
        format!("{:.6}, {:.6}", self.latitude, self.longitude)
    }
}
