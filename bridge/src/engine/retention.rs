//! Retention: conversations whose time is up are shredded, their rooms forgotten, and visitors
//! left with no conversation erased (identity is kept no longer than content).
//!
//! [`Engine::retention_due`] scans outside any transaction (sled must not scan inside one);
//! [`Engine::enforce_retention`] then shreds each due conversation in a turn of its own, judging
//! it again from the record the turn reads, so a visitor who wrote since the scan keeps it.

use serde::{Deserialize, Serialize};

use crate::conversation::{Conversation, Hold};
use crate::i18n::Arg;
use crate::ids::{ConversationId, VisitorId};
use crate::outbox::{Action, Lane};
use crate::retention::{Reason, RetentionSettings, Verdict, judge, silent_visitor_due};
use crate::store::{ReadAhead, Store, StoreError, TreeName, TxError};
use crate::time::Timestamp;
use crate::visitor::{PlatformAddress, Visitor};

use super::notices::conversation_name;
use super::turn::Turn;
use super::{Engine, EngineError};

/// When the duty room was last reminded of holds past their review date.
const REMINDED_KEY: &[u8] = b"retention-reminded";

/// A conversation whose time is up, as [`Engine::retention_due`] found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueConversation {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its visitor.
    pub visitor: VisitorId,
    /// How staff know the visitor (empty if the visitor record is gone).
    pub pseudonym: String,
    /// Why its time is up.
    pub reason: Reason,
}

/// A conversation kept only because a coordinator put it on hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldConversation {
    /// The conversation.
    pub conversation: ConversationId,
    /// How staff know the visitor.
    pub pseudonym: String,
    /// Who held it, why, until when.
    pub hold: Hold,
    /// Whether, and why, it would otherwise go.
    pub would_be: Option<Reason>,
}

/// What retention would do now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionPlan {
    /// Conversations to shred now, longest due first.
    pub due: Vec<DueConversation>,
    /// Conversations kept by a hold, earliest review first.
    pub held: Vec<HeldConversation>,
    /// Visitors who never had a conversation, kept past `inactive_days`.
    pub silent: Vec<VisitorId>,
}

/// What [`Engine::enforce_retention`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Shredded, each with its reason; a [`Action::ForgetRoom`] is in the outbox for each.
    pub shredded: Vec<DueConversation>,
    /// Visitors erased because no conversation of theirs was left.
    pub visitors_erased: usize,
    /// Held conversations past their review date the duty room was reminded of (once a day).
    pub reminded: usize,
    /// The compaction that took what was shredded (now or since the last one) off the disk.
    pub compacted: Option<crate::store::Compacted>,
}

/// The day of the last reminder, in the shifts' time zone ("YYYY-MM-DD").
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Reminded {
    on: String,
}

/// What retention would do at `now`, from a scan of the conversations. Changes nothing, and
/// needs no engine (so `hopenow purge --dry-run` cannot change anything either).
pub fn plan(store: &Store, settings: &RetentionSettings, now: Timestamp) -> Result<RetentionPlan, StoreError> {
    let mut plan = RetentionPlan::default();
    for (id, conversation) in store.scan_conversations()? {
        let verdict = judge(&conversation, settings, now);
        if verdict == Verdict::Keep {
            continue;
        }
        let pseudonym = store.visitor(conversation.visitor)?.map(|v| v.pseudonym.to_string()).unwrap_or_default();
        match (verdict, conversation.hold) {
            (Verdict::Due(reason), _) => {
                plan.due.push(DueConversation { conversation: id, visitor: conversation.visitor, pseudonym, reason })
            }
            (Verdict::Held { would_be }, Some(hold)) => {
                plan.held.push(HeldConversation { conversation: id, pseudonym, hold, would_be })
            }
            _ => {}
        }
    }
    for visitor in store.scan_visitors()? {
        if visitor.conversation.is_none()
            && silent_visitor_due(&visitor, !store.conversations_of(visitor.id)?.is_empty(), settings, now)
        {
            plan.silent.push(visitor.id);
        }
    }
    plan.due.sort_by_key(|d| d.reason.since());
    plan.held.sort_by(|a, b| a.hold.review.cmp(&b.hold.review));
    Ok(plan)
}

impl Engine {
    /// See [`Engine::enforce_retention`].
    pub(super) fn retention_pass(&self) -> Result<RetentionReport, EngineError> {
        let plan = self.retention_due()?;
        let mut report = RetentionReport::default();
        for due in plan.due {
            // Whether the visitor has other conversations is found by a scan.
            let ahead = || {
                let mut ahead = ReadAhead::default();
                ahead.conversations_of(due.visitor);
                Ok(ahead)
            };
            let purged = self.turn_with(ahead, |turn| turn.purge_conversation(due.conversation))?;
            self.store.flush()?;
            if let Some(erased) = purged {
                report.visitors_erased += usize::from(erased);
                report.shredded.push(due);
            }
        }
        for visitor in plan.silent {
            let ahead = || {
                let mut ahead = ReadAhead::default();
                ahead.conversations_of(visitor);
                Ok(ahead)
            };
            if self.turn_with(ahead, |turn| turn.erase_silent_visitor(visitor))? {
                report.visitors_erased += 1;
            }
            self.store.flush()?;
        }
        let shredded = report.shredded.len();
        // The daily check of the audit log, and a checkpoint kept outside the data dir: a log
        // whose tail was cut (an older head put back) no longer holds yesterday's checkpoint.
        let audit = self.store.verify_audit()?;
        report.reminded = self.turn(|turn| {
            if shredded > 0 {
                turn.duty_notice("duty-retention-shredded", &[("count", Arg::from(shredded))])?;
            }
            match &audit.broken {
                None if audit.entries.is_empty() => {}
                None => {
                    let checkpoint = Arg::from(audit.checkpoint().to_string());
                    turn.duty_notice("duty-audit-checkpoint", &[("checkpoint", checkpoint)])?;
                }
                Some(broken) => turn.duty_notice("duty-audit-broken", &[("why", Arg::from(broken.to_string()))])?,
            }
            turn.remind_reviews(&plan.held)
        })?;
        self.store.flush()?;
        report.compacted = self.compact_if_shredded()?;
        Ok(report)
    }

    /// Takes what shreds removed off the disk (see [`Store::compact`]) if anything was shredded
    /// since the last compaction; between turns, since the engine is the single writer.
    /// Returns what the compaction did, if one ran.
    fn compact_if_shredded(&self) -> Result<Option<crate::store::Compacted>, EngineError> {
        let _writer = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        if !self.store.shred_pending() {
            return Ok(None);
        }
        Ok(Some(self.store.compact()?))
    }
}

impl Turn<'_, '_> {
    /// Purges one conversation whose time is up: the one place a conversation leaves by
    /// retention. Its data key and record go in this transaction (the transcript is unreadable
    /// from the commit on; the entries are swept after it), routing lets it go, its room is to
    /// be forgotten, and a visitor left with no conversation is erased. Returns `None` if it is
    /// not due after all (someone wrote since the scan, or it is gone), else whether the
    /// visitor was erased.
    pub(super) fn purge_conversation(&mut self, id: ConversationId) -> Result<Option<bool>, TxError> {
        let Some(conversation) = self.conversation(id)? else { return Ok(None) };
        let Verdict::Due(reason) = judge(&conversation, &self.engine.settings.retention, self.now) else {
            return Ok(None);
        };
        // Recorded while the visitor record (and so the pseudonym) is still there.
        let detail = match reason {
            Reason::Closed { .. } => format!("retention: closed {} days", self.engine.settings.retention.closed_days),
            Reason::Inactive { .. } => {
                format!("retention: inactive {} days", self.engine.settings.retention.inactive_days)
            }
        };
        self.audit(crate::audit::AuditKind::Purged, None, conversation.visitor, Some(detail))?;
        let routing = self.routing_mut();
        routing.unqueue(id);
        routing.release(id);
        routing.follow_ups.retain(|f| f.conversation != id);
        self.forget_conversation(&conversation)?;
        // Whatever was still queued for the room goes: nothing more is posted where all is redacted.
        let forget = self.emit_at(Action::ForgetRoom { conversation: id }, self.now)?;
        let mut lanes = vec![Lane::Room(id)];
        let erased = self.release_visitor(&conversation)?;
        if erased {
            lanes.extend([
                Lane::Visitor(conversation.visitor),
                Lane::Held(conversation.visitor),
                Lane::AutoHide(conversation.visitor),
                Lane::News(conversation.visitor),
                // A pending deletion (a `/share` message's) holds the erased visitor's address.
                Lane::Cleanup(conversation.visitor),
            ]);
        }
        self.tx.purge_lanes_after_commit(lanes, forget);
        Ok(Some(erased))
    }

    /// Erases a visitor who never had a conversation, if they are still due (judged again from
    /// the record this turn reads: they may have written since the scan). Returns whether.
    pub(super) fn erase_silent_visitor(&mut self, id: VisitorId) -> Result<bool, TxError> {
        let Some(visitor) = self.visitor(id)? else { return Ok(false) };
        let has_conversations = visitor.conversation.is_some() || !self.tx.conversations_of(id).is_empty();
        if !silent_visitor_due(&visitor, has_conversations, &self.engine.settings.retention, self.now) {
            return Ok(false);
        }
        let detail = format!("retention: no conversation in {} days", self.engine.settings.retention.inactive_days);
        self.audit(crate::audit::AuditKind::Purged, None, id, Some(detail))?;
        self.erase_visitor(&visitor)?;
        self.tx.remove_code_of(id)?;
        // What was queued for them goes; on Matrix, what the bot wrote in their chat goes after it.
        let before = match visitor.address {
            PlatformAddress::Matrix { .. } => {
                let forget = Action::ForgetVisitorChat { visitor: id, address: visitor.address.clone() };
                self.emit_at(forget, self.now)?
            }
            PlatformAddress::Telegram { .. } => u64::MAX,
        };
        self.remove_visitor_menu(&visitor)?;
        let lanes = vec![Lane::Visitor(id), Lane::Held(id), Lane::AutoHide(id), Lane::Cleanup(id), Lane::News(id)];
        self.tx.purge_lanes_after_commit(lanes, before);
        Ok(true)
    }

    /// The visitor of a purged conversation: erased if nothing of theirs is left (and they are
    /// not blocked: a block must outlive retention, or an abuser comes back as new), else no
    /// longer pointing at it. Returns whether they were erased.
    fn release_visitor(&mut self, conversation: &Conversation) -> Result<bool, TxError> {
        let Some(mut visitor) = self.visitor(conversation.visitor)? else { return Ok(false) };
        let mut left = self.tx.conversations_of(visitor.id).to_vec();
        left.extend(visitor.conversation);
        let mut any_left = false;
        for other in left {
            if other != conversation.id && self.conversation(other)?.is_some() {
                any_left = true;
            }
        }
        if !any_left && !visitor.blocked {
            self.erase_visitor(&visitor)?;
            self.forget_visitor_chat(&visitor)?;
            return Ok(true);
        }
        if visitor.conversation == Some(conversation.id) {
            visitor.conversation = None;
            self.put_visitor(&visitor)?;
        }
        Ok(false)
    }

    /// An erased visitor's chat: on Matrix what the bot wrote there is redacted, however old
    /// (Telegram lets a bot delete only the last 48 hours, which `HideChat` covers); on Telegram
    /// the chat's own menu goes.
    pub(super) fn forget_visitor_chat(&mut self, visitor: &Visitor) -> Result<(), TxError> {
        if matches!(visitor.address, PlatformAddress::Matrix { .. }) {
            self.emit(Action::ForgetVisitorChat { visitor: visitor.id, address: visitor.address.clone() })?;
        }
        // Nothing of their language choice stays behind on the platform either.
        self.remove_visitor_menu(visitor)
    }

    /// Tells the duty room which held conversations are past their review date, at most once per
    /// day (in the shifts' time zone). Returns how many it named.
    fn remind_reviews(&mut self, held: &[HeldConversation]) -> Result<usize, TxError> {
        let Ok(now) = jiff::Timestamp::from_millisecond(self.now.as_millis()) else { return Ok(0) };
        let today = now.to_zoned_datetime(self.engine.shifts.zone().clone()).date().to_string();
        let last: Option<Reminded> = self.tx.get(TreeName::Meta, REMINDED_KEY)?;
        if last.is_some_and(|r| r.on == today) {
            return Ok(0);
        }
        let mut reminded = 0;
        for item in held.iter().filter(|h| h.hold.review <= today) {
            // Read again: the hold may have been lifted since the scan.
            let Some(conversation) = self.conversation(item.conversation)? else { continue };
            let Some(hold) = &conversation.hold else { continue };
            let Some(visitor) = self.visitor(conversation.visitor)? else { continue };
            let args = [
                ("label", Arg::from(conversation_name(&visitor.pseudonym, &conversation))),
                ("review", Arg::from(hold.review.as_str())),
                ("staff", Arg::from(hold.by.as_str())),
            ];
            self.duty_notice("duty-hold-review-due", &args)?;
            reminded += 1;
        }
        self.tx.put(TreeName::Meta, REMINDED_KEY, &Reminded { on: today })?;
        Ok(reminded)
    }
}
