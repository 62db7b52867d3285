//! What happens when a staffer writes: commands, notes, and words for the visitor.

use crate::command::{self, HELP, StaffCommand, Usage};
use crate::conversation::{Conversation, ConversationState, Hold};
use crate::i18n::Arg;
use crate::outbox::Action;
use crate::referral::{Referral, ReferralStatus};
use crate::roster::{Role, StaffId, StaffMember};
use crate::routing::{DutySource, FollowUp};
use crate::store::TxError;
use crate::transcript::{Attachment, Author, ContentKind, Direction, TranscriptEntry};

use super::turn::{Because, Turn};
use super::{Handled, Ignored, StaffRoom};

impl Turn<'_, '_> {
    pub(super) fn staff_text(
        &mut self,
        from: &str,
        room: StaffRoom,
        text: &str,
        attachment: Option<&Attachment>,
    ) -> Result<Option<Handled>, TxError> {
        let Some(member) = self.engine.roster.by_matrix_user(from) else {
            tracing::info!(?room, "ignored a message from someone not in the roster");
            return Ok(Some(Handled::Ignored(Ignored::NotStaff)));
        };
        let conversation = match room {
            StaffRoom::Duty => None,
            StaffRoom::Conversation(id) => match self.conversation(id)? {
                Some(conversation) => Some(conversation),
                None => return Ok(Some(Handled::Ignored(Ignored::UnknownConversation))),
            },
        };
        match (command::parse(text), conversation) {
            (Some(Ok(command)), conversation) => self.command(member, room, conversation, command)?,
            (Some(Err(Usage(usage))), _) => self.reply(room, usage)?,
            (None, Some(conversation)) => self.relay(member, conversation, text, attachment)?,
            // Staff talking among themselves in the duty room.
            (None, None) => {}
        }
        Ok(None)
    }

    fn reply(&mut self, room: StaffRoom, text: String) -> Result<(), TxError> {
        match room {
            StaffRoom::Duty => self.duty_notice(text),
            StaffRoom::Conversation(id) => self.room_notice(id, text),
        }
    }

    /// A staffer's words go to the visitor under the staffer's alias.
    fn relay(
        &mut self,
        member: &StaffMember,
        mut conversation: Conversation,
        text: &str,
        attachment: Option<&Attachment>,
    ) -> Result<(), TxError> {
        let visitor = self.visitor_of(&conversation)?;
        if !conversation.is_open() {
            return self.room_notice(
                conversation.id,
                "Not sent: this conversation is closed. It reopens when the visitor writes again.".into(),
            );
        }
        if visitor.blocked {
            return self.room_notice(conversation.id, "Not sent: this visitor is blocked (!unblock to undo).".into());
        }
        let rendered = self.engine.catalog.render(
            &conversation.language,
            "staff-reply",
            &[("alias", Arg::from(member.alias.as_str())), ("text", Arg::from(text))],
        );
        let entry = TranscriptEntry {
            at: self.now,
            direction: Direction::ToVisitor,
            author: Author::Staff(member.id.to_string()),
            kind: if attachment.is_some() { ContentKind::Document } else { ContentKind::Text },
            text: text.to_owned(),
            attachment: attachment.cloned(),
        };
        self.tx.append_transcript(conversation.id, &entry)?;
        self.send_staff_words(&visitor, &mut conversation, rendered, attachment)?;
        answered(&mut conversation);
        self.put_conversation(&conversation)
    }

    fn command(
        &mut self,
        member: &StaffMember,
        room: StaffRoom,
        conversation: Option<Conversation>,
        command: StaffCommand,
    ) -> Result<(), TxError> {
        let staff = member.id.clone();
        let conversation = match (command.needs_conversation(), conversation) {
            (true, None) => return self.reply(room, "This command works in a conversation room.".into()),
            (_, conversation) => conversation,
        };
        match command {
            StaffCommand::Duty(on) => self.duty(&staff, on, room),
            StaffCommand::Who => {
                let text = self.who();
                self.reply(room, text)
            }
            StaffCommand::Queue => {
                let text = self.queue_listing()?;
                self.reply(room, text)
            }
            StaffCommand::Help => self.reply(room, HELP.into()),
            other => match conversation {
                Some(conversation) => self.conversation_command(member, conversation, other),
                None => self.reply(room, "This command works in a conversation room.".into()),
            },
        }
    }

    fn conversation_command(
        &mut self,
        member: &StaffMember,
        mut conversation: Conversation,
        command: StaffCommand,
    ) -> Result<(), TxError> {
        let id = conversation.id;
        let staff = member.id.clone();
        let closed = !conversation.is_open();
        match command {
            StaffCommand::Note(text) => {
                self.record(id, Direction::Internal, Author::Staff(staff.to_string()), ContentKind::Note, &text)?;
                self.room_notice(id, "Note kept in the transcript (the visitor does not see it).".into())
            }
            StaffCommand::Transfer(target) => {
                let Some(target_member) = self.engine.roster.get(&target) else {
                    let ids: Vec<&str> = self.engine.roster.members().iter().map(|m| m.id.as_str()).collect();
                    return self.room_notice(id, format!("No staff member {target:?}. Staff: {}", ids.join(", ")));
                };
                if closed {
                    return self.room_notice(id, "This conversation is closed; nothing to transfer.".into());
                }
                if conversation.assignee() == Some(&target) {
                    return self.room_notice(id, format!("{target} already has this conversation."));
                }
                if !(target_member.has_role(Role::Outreach) || target_member.has_role(Role::Peer)) {
                    return self.room_notice(id, format!("{target} does not take conversations (role)."));
                }
                let on_duty = self.routing.staff.get(&target).is_some_and(|s| s.on_duty);
                conversation.passed_over.clear();
                self.assign(&mut conversation, &target, Because::Transfer)?;
                let summary = self.summary(&conversation, &staff)?;
                let warning = if on_duty { "" } else { " (note: they are off duty)" };
                self.room_notice(id, format!("Transferred from {staff} to {target}{warning}.\n{summary}"))?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Refer { kind, consent, follow_up } => {
                let number = u32::try_from(conversation.referrals.len()).unwrap_or(u32::MAX).saturating_add(1);
                conversation.referrals.push(Referral {
                    number,
                    kind,
                    consent,
                    status: ReferralStatus::Open,
                    follow_up: follow_up.clone(),
                    reminded: false,
                    by: staff.clone(),
                    at: self.now,
                });
                if let Some(date) = &follow_up {
                    self.routing_mut().follow_ups.push(FollowUp {
                        conversation: id,
                        referral: number,
                        date: date.clone(),
                    });
                }
                // The peer worker reads the case only with the visitor's consent.
                let peers: Vec<StaffId> = self.engine.roster.with_role(Role::Peer).map(|m| m.id.clone()).collect();
                if consent {
                    for peer in &peers {
                        self.invite(&mut conversation, peer)?;
                    }
                }
                let label = self.label(&conversation)?;
                let follow = follow_up.map(|d| format!("; follow-up {d}")).unwrap_or_default();
                let consent_text = if consent { "yes" } else { "no — peer worker not invited to the room" };
                self.record_event(id, &format!("referral #{number}: {kind}, consent {consent}, by {staff}"))?;
                self.duty_notice(format!(
                    "Referral #{number} for {label}: {kind} (consent: {consent_text}) by {staff}{follow}"
                ))?;
                self.room_notice(id, format!("Referral #{number} ({kind}) is open. Update it with !referral {number} contacted|done|declined."))?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Referral { number, status } => {
                let Some(referral) = conversation.referrals.iter_mut().find(|r| r.number == number) else {
                    return self.room_notice(id, format!("There is no referral #{number} in this conversation."));
                };
                if !referral.status.can_become(status) {
                    let from = referral.status.name();
                    return self
                        .room_notice(id, format!("Referral #{number} is {from}; it cannot become {}.", status.name()));
                }
                referral.status = status;
                let kind = referral.kind;
                if status.is_final() {
                    self.routing_mut().follow_ups.retain(|f| !(f.conversation == id && f.referral == number));
                }
                self.record_event(id, &format!("referral #{number} ({kind}) is now {} (by {staff})", status.name()))?;
                self.room_notice(id, format!("Referral #{number} ({kind}) is now {}.", status.name()))?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Close => {
                if closed {
                    return self.room_notice(id, "Already closed.".into());
                }
                let visitor = self.visitor_of(&conversation)?;
                self.close(&mut conversation, &staff)?;
                self.tell_visitor(&visitor, &conversation, "conversation-closed", &[])?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Send(canned) => {
                let visitor = self.visitor_of(&conversation)?;
                if closed || visitor.blocked {
                    return self
                        .room_notice(id, "Not sent: the conversation is closed or the visitor is blocked.".into());
                }
                let args = [
                    ("emergency", Arg::from(self.engine.settings.emergency_numbers.as_str())),
                    ("hours", Arg::from(self.engine.settings.opening_hours.as_str())),
                ];
                let text = self.engine.catalog.render(&conversation.language, &format!("canned-{canned}"), &args);
                self.record(id, Direction::ToVisitor, Author::Staff(staff.to_string()), ContentKind::Text, &text)?;
                self.send_staff_words(&visitor, &mut conversation, text, None)?;
                answered(&mut conversation);
                self.put_conversation(&conversation)
            }
            StaffCommand::Language(tag) => {
                let Some(language) = self.engine.catalog.languages().iter().find(|l| l.tag.eq_ignore_ascii_case(&tag))
                else {
                    let tags: Vec<&str> = self.engine.catalog.languages().iter().map(|l| l.tag).collect();
                    return self.room_notice(
                        id,
                        format!("{tag:?} is not a shipped language. Choose one of: {}", tags.join(", ")),
                    );
                };
                conversation.language = language.tag.to_owned();
                let mut visitor = self.visitor_of(&conversation)?;
                visitor.language = Some(language.tag.to_owned());
                self.put_visitor(&visitor)?;
                self.record_event(id, &format!("language set to {} by {staff}", language.tag))?;
                self.room_notice(
                    id,
                    format!(
                        "Language set to {} ({}). Canned replies now go out in it.",
                        language.english, language.tag
                    ),
                )?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Hold { review, reason } => {
                if !member.has_role(Role::Coordinator) {
                    return self.room_notice(id, "Only a coordinator can put a conversation on hold.".into());
                }
                conversation.hold = Some(Hold { by: staff.clone(), reason, review: review.clone(), at: self.now });
                self.record_event(id, &format!("on hold until review {review} (by {staff})"))?;
                self.room_notice(id, format!("On hold: kept beyond retention until reviewed on {review}."))?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Unhold => {
                if !member.has_role(Role::Coordinator) {
                    return self.room_notice(id, "Only a coordinator can lift a hold.".into());
                }
                conversation.hold = None;
                self.record_event(id, &format!("hold lifted by {staff}"))?;
                self.room_notice(id, "Hold lifted: normal retention applies.".into())?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Block => {
                let mut visitor = self.visitor_of(&conversation)?;
                if visitor.blocked {
                    return self.room_notice(id, "Already blocked.".into());
                }
                visitor.blocked = true;
                self.put_visitor(&visitor)?;
                if !closed {
                    self.close(&mut conversation, &staff)?;
                }
                self.tell_visitor(&visitor, &conversation, "chat-closed-by-team", &[])?;
                let label = self.label(&conversation)?;
                self.record_event(id, &format!("visitor blocked by {staff}"))?;
                self.duty_notice(format!("Blocked: {label} by {staff}. Their messages are no longer relayed."))?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Unblock => {
                if !member.has_role(Role::Coordinator) {
                    return self.room_notice(id, "Only a coordinator can unblock.".into());
                }
                let mut visitor = self.visitor_of(&conversation)?;
                visitor.blocked = false;
                self.put_visitor(&visitor)?;
                self.record_event(id, &format!("visitor unblocked by {staff}"))?;
                self.room_notice(id, "Unblocked: the visitor's next message reopens the conversation.".into())
            }
            StaffCommand::Duty(_) | StaffCommand::Who | StaffCommand::Queue | StaffCommand::Help => Ok(()),
        }
    }

    fn close(&mut self, conversation: &mut Conversation, staff: &StaffId) -> Result<(), TxError> {
        let routing = self.routing_mut();
        routing.unqueue(conversation.id);
        routing.release(conversation.id);
        conversation.state = ConversationState::Closed { at: self.now };
        conversation.waiting_since = None;
        conversation.passed_over.clear();
        self.record_event(conversation.id, &format!("closed by {staff}"))?;
        self.emit(Action::SetRoomTopic { conversation: conversation.id, topic: "closed".into() })
    }

    fn duty(&mut self, staff: &StaffId, on: bool, room: StaffRoom) -> Result<(), TxError> {
        let now = self.now;
        let was = self.routing.staff.get(staff).is_some_and(|s| s.on_duty);
        let state = self.routing_mut().staff_mut(staff, now);
        state.on_duty = on;
        state.source = DutySource::Command;
        if on && !was {
            state.idle_since = now;
        }
        if on {
            self.drain_queue()?;
        } else {
            self.redistribute(staff, Because::OffDuty)?;
        }
        let text = format!("{staff} is {} duty. {}", if on { "on" } else { "off" }, self.who());
        self.reply(room, text)
    }

    pub(super) fn who(&self) -> String {
        let on: Vec<String> = self
            .routing
            .on_duty()
            .map(|(id, state)| {
                let languages = self.engine.roster.get(id).map(|m| m.languages.join(", ")).unwrap_or_default();
                format!("{id} ({languages}) — {} open", state.open.len())
            })
            .collect();
        if on.is_empty() { "Nobody is on duty.".into() } else { format!("On duty: {}", on.join("; ")) }
    }

    fn queue_listing(&self) -> Result<String, TxError> {
        if self.routing.queue.is_empty() {
            return Ok("The queue is empty.".into());
        }
        let mut lines = vec![format!("Queue ({}), oldest first:", self.routing.queue.len())];
        for (id, since) in &self.routing.queue {
            if let Some(conversation) = self.conversation(*id)? {
                lines.push(format!(
                    "- {} · waiting {} min",
                    self.label(&conversation)?,
                    self.now.minutes_since(*since)
                ));
            }
        }
        Ok(lines.join("\n"))
    }

    /// What a new staffer needs to know, for clients that cannot read the room's earlier
    /// messages. Routing facts only: the room itself holds the words.
    fn summary(&self, conversation: &Conversation, from: &StaffId) -> Result<String, TxError> {
        let label = self.label(conversation)?;
        let waiting = conversation.waiting_since.map_or_else(
            || "answered".to_owned(),
            |since| format!("waiting {} min for an answer", self.now.minutes_since(since)),
        );
        let referrals: Vec<String> =
            conversation.referrals.iter().map(|r| format!("#{} {} ({})", r.number, r.kind, r.status.name())).collect();
        let referrals = if referrals.is_empty() { "none".to_owned() } else { referrals.join(", ") };
        Ok(format!(
            "Summary: {label}; open since {} min; {waiting}; referrals: {referrals}; handed over by {from}.",
            self.now.minutes_since(conversation.opened_at)
        ))
    }
}

impl StaffCommand {
    fn needs_conversation(&self) -> bool {
        !matches!(self, Self::Duty(_) | Self::Who | Self::Queue | Self::Help)
    }
}

/// Staff answered: the clock of the unanswered timeout stops, and everyone may be offered it again.
fn answered(conversation: &mut Conversation) {
    conversation.waiting_since = None;
    conversation.passed_over.clear();
    conversation.escalated = false;
}
