//! What happens when a visitor asks something of the bridge itself: the greeting and language
//! picker, help, hiding the chat, holding replies, sharing an exact location, being forgotten.

use crate::chat::{HIDE_WINDOW_MS, MessageRef, VANISH_AFTER_MS};
use crate::code_phrase::PhoneCode;
use crate::conversation::ConversationState;
use crate::i18n::Arg;
use crate::outbox::{Action, Lane};
use crate::store::TxError;
use crate::transcript::{Author, ContentKind, Direction, TranscriptEntry};
use crate::visitor::{PlatformAddress, Visitor};
use crate::visitor_command::{Choice, VisitorCommand};

use super::notices::language_name;
use super::turn::Turn;
use super::{Dedupe, Handled, Ignored};

impl Turn<'_, '_> {
    pub(super) fn visitor_command(
        &mut self,
        from: &PlatformAddress,
        command: &VisitorCommand,
        reference: Option<&MessageRef>,
        hint: Option<&str>,
        dedupe: Option<&Dedupe>,
    ) -> Result<Option<Handled>, TxError> {
        if let Some(dedupe) = dedupe
            && self.seen_before(dedupe)?
        {
            return Ok(Some(Handled::Duplicate));
        }
        if let VisitorCommand::Code(PhoneCode::Redeem(typed)) = command {
            // Never registers the sender first: the phrase may make them someone the bridge knows.
            return self.redeem_code(from, typed, reference, hint);
        }
        // Buttons answer a prompt the bridge sent: they never make a new visitor (someone who
        // erased their data may still press an old button).
        let answers_a_prompt = matches!(
            command,
            VisitorCommand::ConfirmForget(_)
                | VisitorCommand::HoldReplies(_)
                | VisitorCommand::ShareExactLocation(_)
                | VisitorCommand::SafeToTalk(_)
                | VisitorCommand::SetAutoHide(_)
                | VisitorCommand::KeepShared
        );
        let (visitor, first_contact) = if answers_a_prompt {
            match self.find(from)? {
                Some(visitor) => (visitor, false),
                None => return Ok(Some(Handled::Ignored(Ignored::UnknownVisitor))),
            }
        } else {
            let registration = self.register(from)?;
            let first_contact = matches!(registration, crate::store::Registration::New(_));
            (registration.into_visitor(), first_contact)
        };
        if visitor.blocked {
            return Ok(Some(Handled::Ignored(Ignored::BlockedVisitor)));
        }
        if let Some(reference) = reference {
            self.log_chat(visitor.id, reference)?;
            self.schedule_auto_hide(visitor.id)?;
        }
        if visitor.silenced {
            return self.command_after_safe_word(visitor, command, reference).map(|()| None);
        }
        match command {
            VisitorCommand::Start(code) => {
                let mut visitor = visitor;
                if visitor.hold_replies.is_some() {
                    // Starting over asks every question again.
                    visitor.hold_replies = None;
                    self.put_visitor(&visitor)?;
                }
                let language = match code {
                    Some(code) => self.arrived_through(code, first_contact)?,
                    None => None,
                };
                self.greet(&visitor, language.as_deref().or(hint))
            }
            VisitorCommand::Language => {
                let language = self.language_for(&visitor, hint)?;
                let choices = language_choices(Some(&language));
                self.prompt_visitor(&visitor, &language, "language-picker", &[], choices, None)
            }
            VisitorCommand::PickLanguage(tag) => self.pick_language(visitor, tag),
            VisitorCommand::Help => self.help(&visitor, hint),
            VisitorCommand::Hide => self.hide(&visitor, hint),
            VisitorCommand::Forget => {
                let language = self.language_for(&visitor, hint)?;
                let choices = vec![
                    Choice::new(self.render(&language, "forget-choice-yes"), &VisitorCommand::ConfirmForget(true)),
                    Choice::new(self.render(&language, "forget-choice-no"), &VisitorCommand::ConfirmForget(false)),
                ];
                self.prompt_visitor(&visitor, &language, "forget-question", &[], choices, None)
            }
            VisitorCommand::ConfirmForget(false) => {
                let language = self.language_for(&visitor, hint)?;
                self.prompt_visitor(&visitor, &language, "forget-cancelled", &[], Vec::new(), None)
            }
            VisitorCommand::ConfirmForget(true) => self.forget(&visitor, hint),
            VisitorCommand::Messages(word) => {
                if word.is_some() {
                    // It may be the safe word, typed at the wrong time: it must not stay readable.
                    self.forget_command_message(&visitor, reference)?;
                }
                self.release_held(&visitor, hint)
            }
            VisitorCommand::HoldReplies(hold) => self.hold_replies(visitor, *hold, hint),
            VisitorCommand::ShareExactLocation(share) => self.share_location(visitor, *share, hint),
            VisitorCommand::SafeWord(change) => self.change_safe_word(visitor, change, reference, hint),
            VisitorCommand::SafeToTalk(safe) => self.safe_to_talk(&visitor, *safe, hint),
            VisitorCommand::AutoHide => self.ask_auto_hide(&visitor, hint),
            VisitorCommand::SetAutoHide(minutes) => self.set_auto_hide(visitor, *minutes, hint),
            VisitorCommand::Code(PhoneCode::Give) => self.give_code(&visitor, reference, hint),
            VisitorCommand::News => {
                let mut visitor = visitor;
                self.toggle_news(&mut visitor, hint)
            }
            // Handled before the sender was registered.
            VisitorCommand::Code(PhoneCode::Redeem(_)) => Ok(()),
            VisitorCommand::Share => self.share(&visitor, hint),
            VisitorCommand::KeepShared => self.keep_shared(visitor, hint),
        }?;
        Ok(None)
    }

    /// A visitor came through the campaign link `code`: a new visitor is counted for the
    /// campaign's week (the code is kept nowhere else). Returns the campaign's language, if it
    /// has one, to greet them in. An unknown code is ignored.
    fn arrived_through(&mut self, code: &str, first_contact: bool) -> Result<Option<String>, TxError> {
        let campaign = self.engine.settings.campaigns.iter().find(|c| c.code == code).cloned();
        let known = campaign.is_some() || code == crate::stats::SHARE_CODE;
        if known && first_contact {
            self.count(|s| s.campaign_arrival(code))?;
        }
        Ok(campaign.and_then(|c| c.language))
    }

    fn render(&self, language: &str, id: &str) -> String {
        self.engine.catalog.render(language, id, &[])
    }

    /// First contact: a greeting that names neither the cause nor the organisation (a
    /// notification preview may be read by someone else), with the languages to choose from.
    pub(super) fn greet(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let language = self.language_for(visitor, hint)?;
        let choices = language_choices(Some(&language));
        self.prompt_visitor(visitor, &language, "greeting", &[], choices, None)?;
        self.send_voice(visitor, &language)
    }

    /// The recorded greeting in `language`, if the organisation made one.
    fn send_voice(&mut self, visitor: &Visitor, language: &str) -> Result<(), TxError> {
        if !self.engine.settings.voice_languages.iter().any(|l| l == language) {
            return Ok(());
        }
        self.emit(Action::SendVoice {
            visitor: visitor.id,
            address: visitor.address.clone(),
            language: language.to_owned(),
        })
    }

    fn pick_language(&mut self, mut visitor: Visitor, tag: &str) -> Result<(), TxError> {
        if !self.engine.catalog.supports(tag) {
            return Ok(());
        }
        let before = self.language_for(&visitor, None)?;
        let first_choice = visitor.language.is_none();
        if before != tag {
            // The greeting's recording was in another language: this one is theirs.
            self.send_voice(&visitor, tag)?;
        }
        visitor.language = Some(tag.to_owned());
        self.put_visitor(&visitor)?;
        self.set_visitor_menu(&visitor)?;
        if let Some(id) = visitor.conversation
            && let Some(mut conversation) = self.conversation(id)?
            && conversation.language != tag
        {
            let guessed = std::mem::replace(&mut conversation.language, tag.to_owned());
            if first_choice {
                self.count_language_chosen(&conversation, &guessed)?;
            }
            self.record_event(id, &format!("the visitor chose the language {tag}"))?;
            self.room_notice(&conversation, "room-language-chosen", &[("language", Arg::from(language_name(tag)))])?;
            self.put_conversation(&conversation)?;
        }
        if visitor.hold_replies.is_none() {
            // The first contact goes on: first whether it is safe to write now.
            let choices = vec![
                Choice::new(self.render(tag, "safety-choice-yes"), &VisitorCommand::SafeToTalk(true)),
                Choice::new(self.render(tag, "safety-choice-not-now"), &VisitorCommand::SafeToTalk(false)),
            ];
            return self.prompt_visitor(&visitor, tag, "safety-question", &[], choices, None);
        }
        self.prompt_visitor(&visitor, tag, "ready", &[], Vec::new(), None)
    }

    /// "Is it safe for you to write now?" Yes: the last question of the first contact. Not now:
    /// the exchange ends quietly and is cleared from the phone, this last answer too.
    fn safe_to_talk(&mut self, visitor: &Visitor, safe: bool, hint: Option<&str>) -> Result<(), TxError> {
        let language = self.language_for(visitor, hint)?;
        if safe {
            let choices = vec![
                Choice::new(self.render(&language, "hold-choice-send"), &VisitorCommand::HoldReplies(false)),
                Choice::new(self.render(&language, "hold-choice-keep"), &VisitorCommand::HoldReplies(true)),
            ];
            return self.prompt_visitor(visitor, &language, "hold-question", &[], choices, None);
        }
        let since = self.now.plus_millis(-HIDE_WINDOW_MS);
        self.emit(Action::HideChat { visitor: visitor.id, address: visitor.address.clone(), since })?;
        self.prompt_visitor(visitor, &language, "safety-not-now", &[], Vec::new(), Some(VANISH_AFTER_MS))
    }

    fn hold_replies(&mut self, mut visitor: Visitor, hold: bool, hint: Option<&str>) -> Result<(), TxError> {
        visitor.hold_replies = Some(hold);
        self.put_visitor(&visitor)?;
        let language = self.language_for(&visitor, hint)?;
        if hold {
            self.prompt_visitor(&visitor, &language, "replies-held", &[], Vec::new(), None)?;
        } else {
            // Nothing stays parked once the visitor wants replies as they come.
            self.release_parked(&visitor)?;
        }
        self.prompt_visitor(&visitor, &language, "ready", &[], Vec::new(), None)
    }

    fn help(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let language = self.language_for(visitor, hint)?;
        let settings = &self.engine.settings;
        let emergency = Arg::from(settings.emergency_numbers.as_str());
        let (id, args) = if settings.opening_hours.trim().is_empty() {
            ("help", vec![("emergency", emergency)])
        } else {
            ("help-with-hours", vec![("emergency", emergency), ("hours", Arg::from(settings.opening_hours.as_str()))])
        };
        if visitor.channel() != crate::visitor::Channel::Matrix {
            // Telegram shows the commands in its menu.
            return self.prompt_visitor(visitor, &language, id, &args, Vec::new(), None);
        }
        // Matrix has no command menu: the help lists its commands (`!news`, `!share`, …) in the
        // menu's own words, so a Matrix visitor can find them too.
        let catalog = &self.engine.catalog;
        let text = format!(
            "{}\n\n{}",
            catalog.render_for(visitor.channel(), &language, id, &args),
            catalog.command_list(visitor.channel(), &language)
        );
        self.emit(Action::PromptVisitor {
            visitor: visitor.id,
            conversation: visitor.conversation,
            address: visitor.address.clone(),
            text,
            choices: Vec::new(),
            vanish_after_ms: None,
        })
    }

    /// Deletes what the platform still allows, then says so in a message that deletes itself.
    fn hide(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let since = self.now.plus_millis(-HIDE_WINDOW_MS);
        self.emit(Action::HideChat { visitor: visitor.id, address: visitor.address.clone(), since })?;
        let language = self.language_for(visitor, hint)?;
        self.prompt_visitor(visitor, &language, "hidden", &[], Vec::new(), Some(VANISH_AFTER_MS))
    }

    /// Replies parked for the visitor are sent now.
    pub(super) fn release_held(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        if self.release_parked(visitor)? == 0 {
            let language = self.language_for(visitor, hint)?;
            return self.prompt_visitor(visitor, &language, "no-held-messages", &[], Vec::new(), None);
        }
        Ok(())
    }

    pub(super) fn release_parked(&mut self, visitor: &Visitor) -> Result<usize, TxError> {
        if visitor.silenced {
            // Only the visitor coming back with their word ends this (`visitor_back`).
            return Ok(0);
        }
        // Announcements they asked for wait with the team's replies, conversation or not.
        let mut released = self.release_held_news(&mut visitor.clone())?;
        let Some(id) = visitor.conversation else { return Ok(released) };
        let Some(mut conversation) = self.conversation(id)? else { return Ok(released) };
        let mut replies = 0;
        for outbox_id in std::mem::take(&mut conversation.held_replies) {
            if self.tx.release_outbox(outbox_id, self.now)? {
                replies += 1;
            }
        }
        released += replies;
        self.put_conversation(&conversation)?;
        if replies > 0 {
            self.record_event(id, &format!("the visitor asked for {replies} held replies"))?;
        }
        Ok(released)
    }

    fn share_location(&mut self, mut visitor: Visitor, share: bool, hint: Option<&str>) -> Result<(), TxError> {
        let Some(exact) = visitor.pending_location.take() else { return Ok(()) };
        self.put_visitor(&visitor)?;
        self.location_settled(visitor.id)?;
        let language = self.language_for(&visitor, hint)?;
        let Some(id) = visitor.conversation.filter(|_| share) else {
            return self.prompt_visitor(&visitor, &language, "location-kept-approximate", &[], Vec::new(), None);
        };
        let entry = TranscriptEntry {
            at: self.now,
            direction: Direction::FromVisitor,
            author: Author::Visitor(visitor.pseudonym.clone()),
            kind: ContentKind::Location,
            text: format!("exact location, shared on purpose: {exact}"),
            attachment: None,
        };
        let seq = self.tx.append_transcript(id, &entry)?;
        self.emit_relay(id, seq, &entry)?;
        self.prompt_visitor(&visitor, &language, "location-sent", &[], Vec::new(), None)
    }

    /// Erases the visitor: their conversations are shredded (data keys destroyed in this
    /// transaction, entries swept after it), their record and index entries deleted, what was
    /// still queued for them dropped, and the chat on their phone hidden. Staff are told.
    fn forget(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let language = self.language_for(visitor, hint)?;
        let mut conversations = self.tx.conversations_of(visitor.id).to_vec();
        conversations.extend(visitor.conversation);
        conversations.sort_unstable_by_key(|c| *c.as_bytes());
        conversations.dedup();
        for id in conversations {
            let Some(conversation) = self.conversation(id)? else { continue };
            let routing = self.routing_mut();
            routing.unqueue(id);
            routing.release(id);
            if !matches!(conversation.state, ConversationState::Closed { .. }) || !conversation.members.is_empty() {
                self.room_notice(&conversation, "room-visitor-erased", &[])?;
            }
            self.forget_conversation(&conversation)?;
            // After the notice, in the same lane: the room is redacted and left once it is posted.
            self.emit(Action::ForgetRoom { conversation: id })?;
        }
        self.audit(crate::audit::AuditKind::Forgotten, None, visitor.id, None)?;
        self.erase_visitor(visitor)?;
        self.tx.remove_code_of(visitor.id)?;
        self.duty_notice("duty-visitor-erased", &[("pseudonym", Arg::from(visitor.pseudonym.to_string()))])?;
        // What was still queued for them goes; then the phone is cleaned up.
        let hide = Action::HideChat {
            visitor: visitor.id,
            address: visitor.address.clone(),
            since: self.now.plus_millis(-HIDE_WINDOW_MS),
        };
        let first = self.emit_at(hide, self.now)?;
        self.forget_visitor_chat(visitor)?;
        self.tx.purge_lanes_after_commit(
            // Cleanup too: a pending deletion (a `/share` message's) holds the visitor's address,
            // and the `HideChat` above deletes what it would.
            vec![
                Lane::Visitor(visitor.id),
                Lane::Held(visitor.id),
                Lane::AutoHide(visitor.id),
                Lane::Cleanup(visitor.id),
                Lane::News(visitor.id),
            ],
            first,
        );
        let mut gone = visitor.clone();
        gone.conversation = None;
        self.prompt_visitor(&gone, &language, "forgotten", &[], Vec::new(), Some(VANISH_AFTER_MS))
    }
}

/// Every shipped language by its own name; `first` (the platform's guess) leads.
fn language_choices(first: Option<&str>) -> Vec<Choice> {
    let mut languages: Vec<_> = crate::i18n::LANGUAGES.iter().collect();
    languages.sort_by_key(|l| Some(l.tag) != first);
    languages.iter().map(|l| Choice::new(l.endonym, &VisitorCommand::PickLanguage(l.tag.to_owned()))).collect()
}
