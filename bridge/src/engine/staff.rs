//! What happens when a staffer writes: commands, notes, and words for the visitor.

use crate::audit::AuditKind;
use crate::command::{self, HELP, StaffCommand};
use crate::conversation::{Conversation, ConversationState, Hold};
use crate::i18n::Arg;
use crate::referral::{Referral, ReferralStatus};
use crate::roster::{Role, StaffId, StaffMember};
use crate::routing::{DutySource, FollowUp};
use crate::store::TxError;
use crate::time::Timestamp;
use crate::transcript::{Attachment, Author, ContentKind, Direction, TranscriptEntry};

use super::assign::Because;
use super::notices::language_name;
use super::turn::Turn;
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
            StaffRoom::Duty | StaffRoom::PeerDesk => None,
            StaffRoom::Conversation(id) => match self.conversation(id)? {
                Some(conversation) => Some(conversation),
                None => return Ok(Some(Handled::Ignored(Ignored::UnknownConversation))),
            },
        };
        match (command::parse(text), conversation) {
            (Some(Ok(command)), conversation) => self.command(member, room, conversation, command)?,
            (Some(Err(usage)), _) => self.reply(&member.id, room, usage.id, &usage.args)?,
            (None, Some(conversation)) => self.relay(member, conversation, text, attachment, true)?,
            // Staff talking among themselves in the duty room.
            (None, None) => {}
        }
        Ok(None)
    }

    /// A staffer's words go to the visitor under the staffer's alias; machine translated first
    /// if the conversation needs it and `translate` allows (`!raw` does not).
    fn relay(
        &mut self,
        member: &StaffMember,
        mut conversation: Conversation,
        text: &str,
        attachment: Option<&Attachment>,
        translate: bool,
    ) -> Result<(), TxError> {
        let visitor = self.visitor_of(&conversation)?;
        let here = StaffRoom::Conversation(conversation.id);
        if !conversation.is_open() {
            return self.reply(&member.id, here, "room-not-sent-closed", &[]);
        }
        if visitor.blocked {
            return self.reply(&member.id, here, "room-not-sent-blocked", &[]);
        }
        let entry = TranscriptEntry {
            at: self.now,
            direction: Direction::ToVisitor,
            author: Author::Staff(member.id.to_string()),
            kind: if attachment.is_some() { ContentKind::Document } else { ContentKind::Text },
            text: text.to_owned(),
            attachment: attachment.cloned(),
        };
        let seq = self.tx.append_transcript(conversation.id, &entry)?;
        // A reply to be translated waits for its translation (and the back-translation).
        if !(translate && self.translate_reply(member, &mut conversation, seq, text, attachment)?) {
            let rendered = self.engine.catalog.render(
                &conversation.language,
                "staff-reply",
                &[("alias", Arg::from(member.alias.as_str())), ("text", Arg::from(text))],
            );
            self.send_staff_words(&member.id, &visitor, &mut conversation, rendered, attachment)?;
        }
        self.count_first_response(&conversation)?;
        answered(&mut conversation, self.now);
        self.put_conversation(&conversation)
    }

    fn command(
        &mut self,
        member: &StaffMember,
        room: StaffRoom,
        conversation: Option<Conversation>,
        command: StaffCommand,
    ) -> Result<(), TxError> {
        let staff = &member.id;
        let conversation = match (command.needs_conversation(), conversation) {
            (true, None) => return self.reply(staff, room, "command-needs-room", &[]),
            (_, conversation) => conversation,
        };
        let language = self.engine.staffer_language(staff);
        match command {
            StaffCommand::Duty(on) => self.duty(staff, on, room),
            StaffCommand::Who => {
                let text = self.who(language);
                self.post(room, text)
            }
            StaffCommand::Queue => {
                let text = self.queue_listing(language)?;
                self.post(room, text)
            }
            StaffCommand::Help => self.reply(staff, room, HELP, &command::help_args()),
            StaffCommand::Handover => self.post_handover(&[]),
            StaffCommand::Referrals(filter) => self.list_referrals(staff, room, filter),
            // Outside a conversation room a referral is named by its desk number.
            StaffCommand::Referral { number, status, note, .. } if conversation.is_none() => {
                self.desk_referral(member, room, number, status, note)
            }
            StaffCommand::Partners { kind, language } => {
                self.list_partners(staff, room, conversation.as_ref(), kind, language)
            }
            StaffCommand::Announce(announce) => self.announce(member, room, announce),
            other => match conversation {
                Some(conversation) => self.conversation_command(member, conversation, other),
                None => self.reply(staff, room, "command-needs-room", &[]),
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
        let here = StaffRoom::Conversation(id);
        let staff = member.id.clone();
        let mine = self.engine.staffer_language(&staff);
        let closed = !conversation.is_open();
        match command {
            StaffCommand::Note(text) => {
                self.record(id, Direction::Internal, Author::Staff(staff.to_string()), ContentKind::Note, &text)?;
                self.reply(&staff, here, "command-note-kept", &[])
            }
            StaffCommand::Transfer(target) => {
                let about = [("staff", Arg::from(target.as_str()))];
                let Some(target_member) = self.engine.roster.get(&target) else {
                    let ids: Vec<&str> = self.engine.roster.members().iter().map(|m| m.id.as_str()).collect();
                    let args = [("target", Arg::from(target.as_str())), ("staff", Arg::from(ids.join(", ")))];
                    return self.reply(&staff, here, "command-transfer-unknown", &args);
                };
                if closed {
                    return self.reply(&staff, here, "command-transfer-closed", &[]);
                }
                if conversation.assignee() == Some(&target) {
                    return self.reply(&staff, here, "command-transfer-already", &about);
                }
                if !(target_member.has_role(Role::Outreach) || target_member.has_role(Role::Peer)) {
                    return self.reply(&staff, here, "command-transfer-role", &about);
                }
                let on_duty = self.routing.staff.get(&target).is_some_and(|s| s.on_duty);
                conversation.passed_over.clear();
                self.assign(&mut conversation, &target, Because::Transfer)?;
                let detail = Some(format!("to {target}"));
                self.audit(AuditKind::Transferred, Some(&staff), conversation.visitor, detail)?;
                // For the staffer who takes over, in their language: the one who handed it over
                // has left the room.
                let summary = self.summary(&conversation, &staff, self.engine.room_language(&conversation))?;
                let notice = if on_duty { "room-transferred" } else { "room-transferred-off-duty" };
                let args = [
                    ("from", Arg::from(staff.as_str())),
                    ("to", Arg::from(target.as_str())),
                    ("summary", Arg::from(summary)),
                ];
                self.room_notice(&conversation, notice, &args)?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Refer { kind, partner, consent, follow_up } => {
                let partner = match partner {
                    Some(typed) => match self.referral_partner(&staff, here, kind, &typed)? {
                        Some(partner) => Some(partner),
                        None => return Ok(()),
                    },
                    None => None,
                };
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
                    partner: partner.clone(),
                });
                let desk = self.index_referral(id, number, follow_up.clone(), &staff)?;
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
                let to = partner.as_ref().map(|p| format!(" to {p}")).unwrap_or_default();
                self.record_event(id, &format!("referral #{number}: {kind}{to}, consent {consent}, by {staff}"))?;
                let detail = Some(format!("#{number} {kind}{to}, consent {}", if consent { "yes" } else { "no" }));
                self.audit(AuditKind::Referred, Some(&staff), conversation.visitor, detail)?;
                self.count(|s| s.referral(kind.name()))?;
                if let Some(partner) = &partner {
                    self.count(|s| s.partner_referral(partner.as_str(), crate::stats::REFERRED))?;
                }
                let mut args = vec![
                    ("number", Arg::from(number)),
                    ("label", Arg::from(self.label(&conversation)?)),
                    ("kind", Arg::from(self.engine.referral_kind(self.engine.team_language(), kind))),
                    ("consent", Arg::from(if consent { "yes" } else { "no" })),
                    ("staff", Arg::from(staff.as_str())),
                ];
                let notice = match follow_up {
                    Some(date) => {
                        args.push(("date", Arg::from(date)));
                        "duty-referral-follow-up"
                    }
                    None => "duty-referral",
                };
                self.duty_notice(notice, &args)?;
                self.tell_desk_new_referral(&conversation, number)?;
                let args = [
                    ("number", Arg::from(number)),
                    ("kind", Arg::from(self.engine.referral_kind(mine, kind))),
                    ("desk", Arg::from(desk)),
                ];
                self.reply(&staff, here, "command-referral-opened", &args)?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Referral { number, desk: false, status, note } => {
                self.move_referral(member, conversation, number, status, note, here)
            }
            StaffCommand::Referral { number, desk: true, status, note } => {
                self.desk_referral(member, here, number, status, note)
            }
            StaffCommand::Close => {
                if closed {
                    return self.reply(&staff, here, "command-already-closed", &[]);
                }
                let visitor = self.visitor_of(&conversation)?;
                self.close(&mut conversation, &staff)?;
                self.staff_tells_visitor(&staff, &visitor, &mut conversation, "conversation-closed")?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Send(canned) => {
                let visitor = self.visitor_of(&conversation)?;
                if closed || visitor.blocked {
                    return self.reply(&staff, here, "command-not-sent-closed-or-blocked", &[]);
                }
                let args = [
                    ("emergency", Arg::from(self.engine.settings.emergency_numbers.as_str())),
                    ("hours", Arg::from(self.engine.settings.opening_hours.as_str())),
                ];
                let canned = format!("canned-{canned}");
                let text = self.engine.catalog.render_for(visitor.channel(), &conversation.language, &canned, &args);
                self.record(id, Direction::ToVisitor, Author::Staff(staff.to_string()), ContentKind::Text, &text)?;
                self.send_staff_words(&staff, &visitor, &mut conversation, text, None)?;
                self.count_first_response(&conversation)?;
                answered(&mut conversation, self.now);
                self.put_conversation(&conversation)
            }
            StaffCommand::Language(tag) => {
                let Some(language) = self.engine.catalog.languages().iter().find(|l| l.tag.eq_ignore_ascii_case(&tag))
                else {
                    let tags: Vec<&str> = self.engine.catalog.languages().iter().map(|l| l.tag).collect();
                    let args = [("tag", Arg::from(tag.as_str())), ("tags", Arg::from(tags.join(", ")))];
                    return self.reply(&staff, here, "command-language-unknown", &args);
                };
                let before = std::mem::replace(&mut conversation.language, language.tag.to_owned());
                let mut visitor = self.visitor_of(&conversation)?;
                if visitor.language.is_none() {
                    self.count_language_chosen(&conversation, &before)?;
                }
                visitor.language = Some(language.tag.to_owned());
                self.put_visitor(&visitor)?;
                self.set_visitor_menu(&visitor)?;
                self.record_event(id, &format!("language set to {} by {staff}", language.tag))?;
                let args = [("language", Arg::from(language_name(language.tag)))];
                self.reply(&staff, here, "command-language-set", &args)?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Hold { review, reason } => {
                if !member.has_role(Role::Coordinator) {
                    return self.reply(&staff, here, "command-hold-coordinator-only", &[]);
                }
                conversation.hold = Some(Hold { by: staff.clone(), reason, review: review.clone(), at: self.now });
                self.record_event(id, &format!("on hold until review {review} (by {staff})"))?;
                // The review date only: the reason may describe the visitor.
                let detail = Some(format!("review {review}"));
                self.audit(AuditKind::Held, Some(&staff), conversation.visitor, detail)?;
                self.reply(&staff, here, "command-hold-set", &[("date", Arg::from(review))])?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Unhold => {
                if !member.has_role(Role::Coordinator) {
                    return self.reply(&staff, here, "command-unhold-coordinator-only", &[]);
                }
                conversation.hold = None;
                self.record_event(id, &format!("hold lifted by {staff}"))?;
                self.audit(AuditKind::Unheld, Some(&staff), conversation.visitor, None)?;
                self.reply(&staff, here, "command-unhold-done", &[])?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Block => {
                let mut visitor = self.visitor_of(&conversation)?;
                if visitor.blocked {
                    return self.reply(&staff, here, "command-already-blocked", &[]);
                }
                visitor.blocked = true;
                self.put_visitor(&visitor)?;
                if !closed {
                    self.close(&mut conversation, &staff)?;
                }
                self.staff_tells_visitor(&staff, &visitor, &mut conversation, "chat-closed-by-team")?;
                let label = self.label(&conversation)?;
                self.record_event(id, &format!("visitor blocked by {staff}"))?;
                self.audit(AuditKind::Blocked, Some(&staff), visitor.id, None)?;
                self.duty_notice("duty-blocked", &[("label", Arg::from(label)), ("staff", Arg::from(staff.as_str()))])?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Unblock => {
                if !member.has_role(Role::Coordinator) {
                    return self.reply(&staff, here, "command-unblock-coordinator-only", &[]);
                }
                let mut visitor = self.visitor_of(&conversation)?;
                visitor.blocked = false;
                self.put_visitor(&visitor)?;
                self.record_event(id, &format!("visitor unblocked by {staff}"))?;
                self.audit(AuditKind::Unblocked, Some(&staff), visitor.id, None)?;
                self.reply(&staff, here, "command-unblocked", &[])
            }
            StaffCommand::SendPartner { id, confirmed } => self.send_partner(member, conversation, &id, confirmed),
            StaffCommand::Translate(mode) => self.set_translation(&staff, conversation, mode),
            StaffCommand::Raw(None) => {
                if closed || self.visitor_of(&conversation)?.blocked {
                    return self.reply(&staff, here, "command-not-sent-closed-or-blocked", &[]);
                }
                let sent = self.release_waiting_replies(&mut conversation, true)?;
                if sent == 0 {
                    return self.reply(&staff, here, "command-raw-nothing-waiting", &[]);
                }
                self.reply(&staff, here, "command-raw-sent", &[("count", Arg::from(sent))])?;
                self.put_conversation(&conversation)
            }
            StaffCommand::Raw(Some(text)) => {
                // The staffer rewrote what waited: it is withdrawn, and these words go instead.
                let withdrawn = self.release_waiting_replies(&mut conversation, false)?;
                if withdrawn > 0 {
                    self.reply(&staff, here, "command-raw-withdrawn", &[("count", Arg::from(withdrawn))])?;
                    self.put_conversation(&conversation)?;
                }
                self.relay(member, conversation, &text, None, false)
            }
            StaffCommand::Duty(_)
            | StaffCommand::Who
            | StaffCommand::Queue
            | StaffCommand::Help
            | StaffCommand::Handover
            | StaffCommand::Referrals(_)
            | StaffCommand::Partners { .. }
            | StaffCommand::Announce(_) => Ok(()),
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
        self.set_topic(conversation)
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
        let who = self.who(self.engine.staffer_language(staff));
        let answer = if on { "command-duty-on" } else { "command-duty-off" };
        self.reply(staff, room, answer, &[("staff", Arg::from(staff.as_str())), ("who", Arg::from(who))])
    }

    /// Who is on duty, what they speak and how many conversations they have, in `language`.
    pub(super) fn who(&self, language: &str) -> String {
        let on: Vec<String> = self
            .routing
            .on_duty()
            .map(|(id, state)| {
                let languages = self.engine.roster.get(id).map(|m| m.languages.join(", ")).unwrap_or_default();
                let args = [
                    ("staff", Arg::from(id.as_str())),
                    ("languages", Arg::from(languages)),
                    ("open", Arg::from(state.open.len())),
                ];
                self.engine.staff_text(language, "command-who-entry", &args)
            })
            .collect();
        if on.is_empty() {
            self.engine.staff_text(language, "command-who-nobody", &[])
        } else {
            self.engine.staff_text(language, "command-who", &[("staff", Arg::from(on.join("; ")))])
        }
    }

    fn queue_listing(&self, language: &str) -> Result<String, TxError> {
        if self.routing.queue.is_empty() {
            return Ok(self.engine.staff_text(language, "command-queue-empty", &[]));
        }
        let heading = [("count", Arg::from(self.routing.queue.len()))];
        let mut lines = vec![self.engine.staff_text(language, "command-queue", &heading)];
        for (id, since) in &self.routing.queue {
            if let Some(conversation) = self.conversation(*id)? {
                let args = [
                    ("label", Arg::from(self.label(&conversation)?)),
                    ("minutes", Arg::from(self.now.minutes_since(*since))),
                ];
                lines.push(self.engine.staff_text(language, "command-queue-entry", &args));
            }
        }
        Ok(lines.join("\n"))
    }

    /// What a new staffer needs to know, for clients that cannot read the room's earlier
    /// messages. Routing facts only: the room itself holds the words.
    fn summary(&self, conversation: &Conversation, from: &StaffId, language: &str) -> Result<String, TxError> {
        let text = |id: &str, args: &[(&str, Arg)]| self.engine.staff_text(language, id, args);
        let waiting = match conversation.waiting_since {
            Some(since) => text("summary-waiting", &[("minutes", Arg::from(self.now.minutes_since(since)))]),
            None => text("summary-answered", &[]),
        };
        let referrals: Vec<String> = conversation
            .referrals
            .iter()
            .map(|r| {
                let args = [
                    ("number", Arg::from(r.number)),
                    ("kind", Arg::from(self.engine.referral_kind(language, r.kind))),
                    ("status", Arg::from(self.engine.referral_status(language, r.status))),
                ];
                text("summary-referral", &args)
            })
            .collect();
        let referrals = if referrals.is_empty() { text("summary-no-referrals", &[]) } else { referrals.join(", ") };
        let args = [
            ("label", Arg::from(self.label(conversation)?)),
            ("minutes", Arg::from(self.now.minutes_since(conversation.opened_at))),
            ("waiting", Arg::from(waiting)),
            ("referrals", Arg::from(referrals)),
            ("from", Arg::from(from.as_str())),
        ];
        Ok(text("summary", &args))
    }
}

impl StaffCommand {
    fn needs_conversation(&self) -> bool {
        !matches!(
            self,
            Self::Duty(_)
                | Self::Who
                | Self::Queue
                | Self::Help
                | Self::Handover
                | Self::Partners { .. }
                | Self::Referrals(_)
                | Self::Referral { .. }
                | Self::Announce(_)
        )
    }
}

/// Staff answered: the clock of the unanswered timeout stops, and everyone may be offered it again.
fn answered(conversation: &mut Conversation, now: Timestamp) {
    conversation.waiting_since = None;
    conversation.last_activity = now;
    conversation.first_response_at.get_or_insert(now);
    conversation.passed_over.clear();
    conversation.escalated = false;
}
