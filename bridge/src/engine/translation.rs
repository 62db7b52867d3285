//! Machine translation in a conversation (`[translation]`): when it applies, the jobs the outbox
//! hands the translation connector, and what the engine does with what comes back.
//!
//! A visitor's original is relayed at once and never waits: its translation is a job in a lane
//! of its own (`Lane::TranslateIn`), posted when it comes back as a notice replying to the
//! original. A staff reply that needs translating is not sent until its translation (and the
//! back-translation staff check it by) has come back: a visitor never gets words in a language
//! they did not choose. If the service is down, the duty room is told once; the jobs are tried
//! again with backoff, and given up after `give_up_after`.

use crate::conversation::Conversation;
use crate::i18n::Arg;
use crate::outbox::{Action, Failure, OutboxEntry};
use crate::roster::{StaffId, StaffMember};
use crate::store::{Acked, TreeName, TxError};
use crate::transcript::{Attachment, Author, ContentKind, Direction, TranscriptEntry};
use crate::translation::{ReplyTo, Translated, TranslationJob, TranslationMode, Way};

use super::StaffRoom;
use super::notices::language_name;
use super::turn::Turn;

/// Meta key: the duty room was told the translation service is not answering (and has not been
/// told it is back).
const DOWN_KEY: &[u8] = b"translation-down";

impl Turn<'_, '_> {
    /// The language the conversation's room is read in, if the visitor's messages must be
    /// translated into it: translation is configured, the language has a model, staff did not
    /// turn it off, and whoever has the conversation (the team, while nobody does) does not
    /// list its language, or staff turned it on.
    pub(super) fn reading_language(&self, conversation: &Conversation) -> Option<String> {
        let reader = conversation.assignee().and_then(|staff| self.engine.roster.get(staff));
        let (speaks, reads) = match reader {
            Some(member) => (member.languages.as_slice(), member.staff_language.as_str()),
            None => (&[][..], self.engine.team_language()),
        };
        self.needs_translation(conversation, speaks, reads)
    }

    /// The language `member` writes replies in, if they must be translated into the
    /// conversation's language (the same rule, for the writer).
    fn writing_language(&self, member: &StaffMember, conversation: &Conversation) -> Option<String> {
        self.needs_translation(conversation, &member.languages, &member.staff_language)
    }

    fn needs_translation(&self, conversation: &Conversation, speaks: &[String], reads: &str) -> Option<String> {
        self.engine.settings.translation?;
        let language = conversation.language.as_str();
        if crate::translation::candidates(language).is_empty() || reads == language {
            return None;
        }
        let wanted = match conversation.translation {
            TranslationMode::Off => false,
            TranslationMode::On => true,
            TranslationMode::Auto => !speaks.iter().any(|tag| tag == language),
        };
        wanted.then(|| reads.to_owned())
    }

    /// A visitor's message (transcript entry `of`), just relayed, goes for translation if the
    /// room's reader needs it. Only words: a media message's caption, never a location (the
    /// bridge's own words) or a contact card.
    pub(super) fn translate_for_staff(
        &mut self,
        conversation: &Conversation,
        of: u64,
        kind: ContentKind,
        text: &str,
    ) -> Result<(), TxError> {
        if text.trim().is_empty() || matches!(kind, ContentKind::Location | ContentKind::Contact) {
            return Ok(());
        }
        let Some(target) = self.reading_language(conversation) else { return Ok(()) };
        let job = TranslationJob {
            way: Way::ToStaff,
            source: conversation.language.clone(),
            target,
            text: text.to_owned(),
            of,
            writer: None,
            reply_to_event: None,
            attachment: None,
        };
        self.emit(Action::Translate { conversation: conversation.id, job })
    }

    /// A staff reply, if it must be translated: the job is queued and the reply waits for it
    /// (returns true). False: send it as written.
    pub(super) fn translate_reply(
        &mut self,
        member: &StaffMember,
        conversation: &mut Conversation,
        of: u64,
        text: &str,
        attachment: Option<&Attachment>,
    ) -> Result<bool, TxError> {
        if text.trim().is_empty() {
            return Ok(false);
        }
        let Some(source) = self.writing_language(member, conversation) else { return Ok(false) };
        let job = TranslationJob {
            way: Way::ToVisitor,
            source,
            target: conversation.language.clone(),
            text: text.to_owned(),
            of,
            writer: Some(member.id.clone()),
            reply_to_event: self.staff_event.clone(),
            attachment: attachment.cloned(),
        };
        let id = self.emit_at(Action::Translate { conversation: conversation.id, job }, self.now)?;
        conversation.waiting_replies.push(id);
        Ok(true)
    }

    /// A translation came back (see [`super::Engine::settle`]).
    pub(super) fn translated(&mut self, entry: &OutboxEntry, translated: &Translated) -> Result<(), TxError> {
        let Action::Translate { conversation, job } = &entry.action else {
            tracing::error!(action = entry.action.name(), "a translation was reported for another action");
            return Ok(());
        };
        if self.ack(entry)? == Acked::Nothing {
            return Ok(());
        }
        self.service_answered()?;
        // Forgotten or shredded since: nothing is kept or posted.
        let Some(mut conversation) = self.conversation(*conversation)? else { return Ok(()) };
        self.count_translated(&mut conversation, job)?;
        match job.way {
            Way::ToStaff => self.post_translation(&conversation, job, translated)?,
            Way::ToVisitor => self.send_translated_reply(entry.id, &mut conversation, job, translated)?,
        }
        self.put_conversation(&conversation)
    }

    fn post_translation(
        &mut self,
        conversation: &Conversation,
        job: &TranslationJob,
        translated: &Translated,
    ) -> Result<(), TxError> {
        let author = Author::MachineTranslation { of: job.of, source: job.source.clone(), target: job.target.clone() };
        self.record(conversation.id, Direction::Internal, author, ContentKind::Text, &translated.text)?;
        let args = [
            ("from", Arg::from(job.source.as_str())),
            ("to", Arg::from(job.target.as_str())),
            ("text", Arg::from(translated.text.as_str())),
        ];
        let text = self.engine.staff_text(&job.target, "room-machine-translation", &args);
        self.emit(Action::PostTranslation { conversation: conversation.id, text, reply_to: Some(ReplyTo::Relayed(job.of)) })
    }

    fn send_translated_reply(
        &mut self,
        id: u64,
        conversation: &mut Conversation,
        job: &TranslationJob,
        translated: &Translated,
    ) -> Result<(), TxError> {
        conversation.waiting_replies.retain(|w| *w != id);
        let Some(writer) = job.writer.clone() else { return Ok(()) };
        let author = |of, source: &str, target: &str| Author::MachineTranslation {
            of,
            source: source.to_owned(),
            target: target.to_owned(),
        };
        let sent = TranscriptEntry {
            at: self.now,
            direction: Direction::ToVisitor,
            author: author(job.of, &job.source, &job.target),
            kind: if job.attachment.is_some() { ContentKind::Document } else { ContentKind::Text },
            text: translated.text.clone(),
            attachment: None,
        };
        let seq = self.tx.append_transcript(conversation.id, &sent)?;
        let back = translated.back.as_deref().unwrap_or_default();
        self.record(conversation.id, Direction::Internal, author(seq, &job.target, &job.source), ContentKind::Text, back)?;
        let here = StaffRoom::Conversation(conversation.id);
        let visitor = self.visitor_of(conversation)?;
        if !conversation.is_open() {
            return self.reply(&writer, here, "room-not-sent-closed", &[]);
        }
        if visitor.blocked {
            return self.reply(&writer, here, "room-not-sent-blocked", &[]);
        }
        let alias = self.engine.roster.get(&writer).map_or_else(|| writer.to_string(), |m| m.alias.clone());
        let args = [("alias", Arg::from(alias)), ("text", Arg::from(translated.text.as_str()))];
        let mut words = self.engine.catalog.render(&conversation.language, "staff-reply", &args);
        if !conversation.told_machine_translated {
            // Once per conversation: the visitor should know a machine wrote these words.
            let note =
                self.engine.catalog.render_for(visitor.channel(), &conversation.language, "machine-translated-note", &[]);
            words = [words.as_str(), "\n\n", note.as_str()].concat();
            conversation.told_machine_translated = true;
        }
        self.send_staff_words(&writer, &visitor, conversation, words, job.attachment.as_ref())?;
        let args = [
            ("from", Arg::from(job.source.as_str())),
            ("to", Arg::from(job.target.as_str())),
            ("text", Arg::from(translated.text.as_str())),
            ("back", Arg::from(back)),
        ];
        let text = self.engine.staff_text(self.engine.staffer_language(&writer), "room-reply-translated", &args);
        let reply_to = job.reply_to_event.clone().map(ReplyTo::Event);
        self.emit(Action::PostTranslation { conversation: conversation.id, text, reply_to })
    }

    /// A translation failed (see `deliveries::failed`): tried again with backoff until
    /// `give_up_after`, the duty room told once the service stops answering; a refusal (a pair
    /// the service does not have) is final.
    pub(super) fn translation_failed(&mut self, entry: &OutboxEntry, failure: &Failure) -> Result<(), TxError> {
        let Action::Translate { conversation, job } = &entry.action else { return Ok(()) };
        let give_up_after = self.engine.settings.translation.map_or(0, |t| {
            i64::try_from(t.give_up_after.as_millis()).unwrap_or(i64::MAX)
        });
        let minutes = Arg::from(give_up_after / 60_000);
        match failure {
            Failure::Retry { after_ms } if self.now.as_millis() - entry.created_at.as_millis() < give_up_after => {
                self.tx.retry_outbox(entry.id, self.now, *after_ms)?;
                self.service_down(minutes.clone())?;
                if job.way == Way::ToVisitor
                    && entry.attempts == 0
                    && let Some(writer) = &job.writer
                {
                    let here = StaffRoom::Conversation(*conversation);
                    self.reply(writer, here, "room-reply-waits-translation", &[("minutes", minutes)])?;
                }
                Ok(())
            }
            Failure::Retry { .. } => {
                if self.ack(entry)? == Acked::Nothing {
                    return Ok(());
                }
                let Some(mut conversation) = self.conversation(*conversation)? else { return Ok(()) };
                match (&job.way, &job.writer) {
                    (Way::ToVisitor, Some(writer)) => {
                        conversation.waiting_replies.retain(|w| *w != entry.id);
                        self.record_event(conversation.id, "a staff reply was not sent: no translation came")?;
                        let here = StaffRoom::Conversation(conversation.id);
                        self.reply(writer, here, "room-reply-translation-gave-up", &[("minutes", minutes)])?;
                        self.put_conversation(&conversation)
                    }
                    // The original stands; the duty room was told the service is down.
                    _ => self.record_event(conversation.id, "a visitor message stayed untranslated: no translation came"),
                }
            }
            Failure::Permanent { reason } => {
                if self.ack(entry)? == Acked::Nothing {
                    return Ok(());
                }
                let Some(mut conversation) = self.conversation(*conversation)? else { return Ok(()) };
                let args = [
                    ("from", Arg::from(job.source.as_str())),
                    ("to", Arg::from(job.target.as_str())),
                    ("reason", Arg::from(reason.as_str())),
                ];
                match (&job.way, &job.writer) {
                    (Way::ToVisitor, Some(writer)) => {
                        conversation.waiting_replies.retain(|w| *w != entry.id);
                        self.record_event(conversation.id, "a staff reply was not sent: it could not be translated")?;
                        self.reply(writer, StaffRoom::Conversation(conversation.id), "room-reply-not-translated", &args)?;
                    }
                    _ if conversation.translation != TranslationMode::Off => {
                        // Refused once, refused for every message: off until staff try again.
                        conversation.translation = TranslationMode::Off;
                        self.record_event(conversation.id, "machine translation refused by the service: turned off")?;
                        self.room_notice(&conversation, "room-translation-refused", &args)?;
                    }
                    _ => {}
                }
                self.put_conversation(&conversation)
            }
        }
    }

    /// `!translate on|off|auto` in a conversation room.
    pub(super) fn set_translation(
        &mut self,
        staff: &StaffId,
        mut conversation: Conversation,
        mode: TranslationMode,
    ) -> Result<(), TxError> {
        let here = StaffRoom::Conversation(conversation.id);
        if self.engine.settings.translation.is_none() {
            return self.reply(staff, here, "command-translate-not-set-up", &[]);
        }
        if mode != TranslationMode::Off && crate::translation::candidates(&conversation.language).is_empty() {
            let args = [("language", Arg::from(language_name(&conversation.language)))];
            return self.reply(staff, here, "command-translate-no-model", &args);
        }
        conversation.translation = mode;
        let (answer, name) = match mode {
            TranslationMode::On => ("command-translate-on", "on"),
            TranslationMode::Off => ("command-translate-off", "off"),
            TranslationMode::Auto => ("command-translate-auto", "auto"),
        };
        self.record_event(conversation.id, &format!("machine translation {name} (by {staff})"))?;
        self.reply(staff, here, answer, &[])?;
        self.put_conversation(&conversation)
    }

    /// `!raw`: the replies waiting for their translation go as written, in order. Returns how
    /// many; with `send` false they are withdrawn instead (`!raw TEXT` replaces them).
    pub(super) fn release_waiting_replies(
        &mut self,
        conversation: &mut Conversation,
        send: bool,
    ) -> Result<usize, TxError> {
        let waiting = std::mem::take(&mut conversation.waiting_replies);
        let mut released = 0;
        for id in waiting {
            let Some(Action::Translate { job, .. }) = self.tx.outbox_action(id)? else { continue };
            if !self.tx.drop_outbox(id)? {
                continue;
            }
            released += 1;
            let Some(writer) = job.writer.clone() else { continue };
            if !send {
                self.record_event(conversation.id, &format!("a reply waiting for translation was withdrawn by {writer}"))?;
                continue;
            }
            let visitor = self.visitor_of(conversation)?;
            let alias = self.engine.roster.get(&writer).map_or_else(|| writer.to_string(), |m| m.alias.clone());
            let args = [("alias", Arg::from(alias)), ("text", Arg::from(job.text.as_str()))];
            let words = self.engine.catalog.render(&conversation.language, "staff-reply", &args);
            self.record_event(conversation.id, &format!("a reply was sent untranslated (!raw) by {writer}"))?;
            self.send_staff_words(&writer, &visitor, conversation, words, job.attachment.as_ref())?;
        }
        Ok(released)
    }

    fn count_translated(&mut self, conversation: &mut Conversation, job: &TranslationJob) -> Result<(), TxError> {
        let pair = (job.source.clone(), job.target.clone());
        if conversation.translated_pairs.contains(&pair) {
            return Ok(());
        }
        self.count(|s| s.translated_conversation(&pair.0, &pair.1))?;
        conversation.translated_pairs.push(pair);
        Ok(())
    }

    /// The duty room learns once that the service stopped answering.
    fn service_down(&mut self, minutes: Arg) -> Result<(), TxError> {
        let told: bool = self.tx.get(TreeName::Meta, DOWN_KEY)?.unwrap_or(false);
        if told {
            return Ok(());
        }
        self.tx.put(TreeName::Meta, DOWN_KEY, &true)?;
        self.duty_notice("duty-translation-down", &[("minutes", minutes)])
    }

    /// ... and once that it answers again.
    fn service_answered(&mut self) -> Result<(), TxError> {
        let told: bool = self.tx.get(TreeName::Meta, DOWN_KEY)?.unwrap_or(false);
        if !told {
            return Ok(());
        }
        self.tx.put(TreeName::Meta, DOWN_KEY, &false)?;
        self.duty_notice("duty-translation-back", &[])
    }
}
