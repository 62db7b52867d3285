//! Opt-in news in the engine: `/news` subscribes and unsubscribes, `!announce` (coordinators, in
//! the duty room) previews an announcement with its count of recipients and sends it after
//! `!announce send`.
//!
//! Every safety choice a visitor made holds for an announcement as for a reply: whoever used
//! their secret word gets nothing (and what was queued for them is withdrawn), a visitor who
//! holds replies finds it with their held messages, auto-hide and `/hide` delete it, `/forget`
//! and retention erase the subscription with the visitor. Each message goes out at most once:
//! the connector claims it ([`Engine::claim_once`]) before sending, so a restart in the middle
//! of a send leaves that one message counted as interrupted rather than sent twice.

use crate::chat::MessageRef;
use crate::command::Announce;
use crate::i18n::Arg;
use crate::ids::VisitorId;
use crate::news::{Audience, Draft, MAX_CHARS, News, Sending};
use crate::outbox::Action;
use crate::roster::{Role, StaffMember};
use crate::stats::report::{SMALL, THRESHOLD};
use crate::store::{PARKED, TreeName, TxError};
use crate::time::Timestamp;
use crate::visitor::Visitor;

use super::notices::language_name;
use super::turn::Turn;
use super::{Engine, EngineError, StaffRoom};

/// Meta key of the [`News`] record.
const KEY: &[u8] = b"news";
/// Meta key prefix of a claimed announcement (its outbox id follows, big-endian).
const CLAIM: &[u8] = b"news-claim/";

/// How a message of an announcement ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Settled {
    Delivered,
    Failed,
    Interrupted,
}

pub(super) fn claim_key(outbox_id: u64) -> Vec<u8> {
    [CLAIM, &outbox_id.to_be_bytes()].concat()
}

/// A count as a coordinator may see it: below [`THRESHOLD`] a recipient could be told apart.
fn shown(count: usize) -> String {
    if count < THRESHOLD as usize { SMALL.to_owned() } else { count.to_string() }
}

/// What [`Engine::claim_once`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claimed {
    /// Claimed now: send it, then record it with [`Engine::claim_sent`].
    Now,
    /// It was sent before the bridge stopped, before the send was settled: these messages are
    /// in the visitor's chat. Report them as delivered; do not send again.
    Sent(Vec<MessageRef>),
    /// It was being sent when the bridge stopped: whether it arrived cannot be known. Report
    /// [`super::Outcome::Interrupted`]; do not send again.
    Interrupted,
}

impl Engine {
    /// Claims announcement message `outbox_id` for sending, durably, before the connector sends
    /// it: a message claimed before a restart is never sent again (see [`Claimed`]). A connector
    /// sends one announcement at a time, so at most one can be cut off by a crash.
    pub fn claim_once(&self, outbox_id: u64) -> Result<Claimed, EngineError> {
        let key = claim_key(outbox_id);
        {
            // Under the writer: no turn settles (and removes the claim of) this entry meanwhile.
            let _writer = self.writer.lock().map_err(|_| crate::store::StoreError::Poisoned)?;
            match self.store.get::<Option<Vec<MessageRef>>>(TreeName::Meta, &key)? {
                Some(Some(sent)) => return Ok(Claimed::Sent(sent)),
                Some(None) => return Ok(Claimed::Interrupted),
                None => self.store.put(TreeName::Meta, &key, &None::<Vec<MessageRef>>)?,
            }
        }
        self.store.flush()?;
        Ok(Claimed::Now)
    }

    /// Records that the claimed announcement message `outbox_id` reached the visitor's chat as
    /// `messages`, durably, before the send is settled: a crash in between then costs nothing.
    pub fn claim_sent(&self, outbox_id: u64, messages: &[MessageRef]) -> Result<(), EngineError> {
        let key = claim_key(outbox_id);
        {
            let _writer = self.writer.lock().map_err(|_| crate::store::StoreError::Poisoned)?;
            if self.store.get::<Option<Vec<MessageRef>>>(TreeName::Meta, &key)?.is_none() {
                // Settled meanwhile: nothing to record.
                return Ok(());
            }
            self.store.put(TreeName::Meta, &key, &Some(messages.to_vec()))?;
        }
        self.store.flush()?;
        Ok(())
    }
}

impl Turn<'_, '_> {
    pub(super) fn news(&self) -> Result<News, TxError> {
        Ok(self.tx.get(TreeName::Meta, KEY)?.unwrap_or_default())
    }

    fn put_news(&self, news: &News) -> Result<(), TxError> {
        self.tx.put(TreeName::Meta, KEY, news)
    }

    /// `/news`: subscribes, or unsubscribes (withdrawing what is still queued for them).
    pub(super) fn toggle_news(&mut self, visitor: &mut Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let mut news = self.news()?;
        let subscribed = news.toggle(visitor.id);
        if !subscribed {
            self.withdraw_news(&mut news, visitor)?;
        }
        self.put_news(&news)?;
        let language = self.language_for(visitor, hint)?;
        let id = if subscribed { "news-subscribed" } else { "news-unsubscribed" };
        self.prompt_visitor(visitor, &language, id, &[], Vec::new(), None)
    }

    /// Takes `visitor` out of the announcement going out: their queued and parked messages go.
    fn withdraw_news(&mut self, news: &mut News, visitor: &mut Visitor) -> Result<(), TxError> {
        let ids = news.withdraw(visitor.id);
        if ids.is_empty() {
            return Ok(());
        }
        self.drop_announcements(&ids)?;
        visitor.held_news.retain(|id| !ids.contains(id));
        self.put_visitor(visitor)?;
        self.finish_if_done(news)
    }

    /// The visitor used their secret word: nothing of an announcement reaches that phone now.
    /// Their subscription stays; after `/messages <word>` the next announcement finds them.
    pub(super) fn news_after_safe_word(&mut self, visitor: &mut Visitor) -> Result<(), TxError> {
        let mut news = self.news()?;
        // Parked ones stay parked: only the word brings held messages back. The queued one is
        // all their news lane holds.
        let queued = news.withdraw_queued(visitor.id);
        if queued.is_empty() {
            return Ok(());
        }
        self.drop_announcements(&queued)?;
        self.finish_if_done(&mut news)?;
        self.put_news(&news)
    }

    /// The visitor is being erased: their subscription and whatever waits for them go.
    pub(crate) fn forget_news_of(&mut self, visitor: VisitorId) -> Result<(), TxError> {
        let mut news = self.news()?;
        if !news.subscribed(visitor) && news.sending.is_none() {
            return Ok(());
        }
        let ids = news.forget(visitor);
        self.drop_announcements(&ids)?;
        self.finish_if_done(&mut news)?;
        self.put_news(&news)
    }

    /// Takes announcement messages out of the outbox unsent, with their claims; returns how many
    /// were still there.
    fn drop_announcements(&self, ids: &[u64]) -> Result<usize, TxError> {
        let mut dropped = 0;
        for id in ids {
            if self.tx.drop_outbox(*id)? {
                dropped += 1;
            }
            self.tx.remove(TreeName::Meta, &claim_key(*id))?;
        }
        Ok(dropped)
    }

    /// `!announce …` from `member` in `room`.
    pub(super) fn announce(&mut self, member: &StaffMember, room: StaffRoom, command: Announce) -> Result<(), TxError> {
        let staff = &member.id;
        if room != StaffRoom::Duty {
            return self.reply(staff, room, "command-announce-duty-room", &[]);
        }
        if !member.has_role(Role::Coordinator) {
            return self.reply(staff, room, "command-announce-coordinator-only", &[]);
        }
        let mut news = self.news()?;
        match command {
            Announce::Draft { audience, text } => {
                let audience = if audience.eq_ignore_ascii_case("all") {
                    Audience::All
                } else if let Some(language) = crate::i18n::LANGUAGES
                    .iter()
                    .find(|l| l.tag.eq_ignore_ascii_case(&audience) && self.engine.catalog.supports(l.tag))
                {
                    Audience::Language(language.tag.to_owned())
                } else {
                    let tags: Vec<&str> = crate::i18n::LANGUAGES.iter().map(|l| l.tag).collect();
                    let args = [("language", Arg::from(audience.as_str())), ("languages", Arg::from(tags.join(", ")))];
                    return self.reply(staff, room, "command-announce-unknown-language", &args);
                };
                if text.chars().count() > MAX_CHARS {
                    return self.reply(staff, room, "command-announce-too-long", &[("max", Arg::from(MAX_CHARS))]);
                }
                let recipients = self.recipients(&news, &audience)?.len();
                let audience_name = self.audience_name(staff, &audience);
                news.draft = Some(Draft { audience, text: text.clone(), by: staff.clone(), at: self.now });
                self.put_news(&news)?;
                let args = [
                    ("audience", Arg::from(audience_name)),
                    ("recipients", Arg::from(shown(recipients))),
                    ("text", Arg::from(text)),
                ];
                self.reply(staff, room, "command-announce-preview", &args)
            }
            Announce::Send => {
                if let Some(sending) = &news.sending {
                    let args =
                        [("number", Arg::from(sending.number)), ("left", Arg::from(shown(sending.waiting.len())))];
                    return self.reply(staff, room, "command-announce-busy", &args);
                }
                let Some(draft) = news.draft.take() else {
                    return self.reply(staff, room, "command-announce-no-draft", &[]);
                };
                self.send_announcement(&mut news, &draft, member)?;
                self.put_news(&news)
            }
            Announce::Cancel => {
                if news.draft.take().is_some() {
                    self.put_news(&news)?;
                    return self.reply(staff, room, "command-announce-dropped", &[]);
                }
                let Some(sending) = news.sending.take() else {
                    return self.reply(staff, room, "command-announce-nothing", &[]);
                };
                let ids: Vec<u64> = sending.waiting.iter().chain(&sending.parked).map(|(_, id)| *id).collect();
                let stopped = self.drop_announcements(&ids)?;
                self.put_news(&news)?;
                let args = [
                    ("number", Arg::from(sending.number)),
                    ("delivered", Arg::from(shown(sending.delivered as usize))),
                    ("stopped", Arg::from(shown(stopped))),
                ];
                self.duty_notice("duty-announce-stopped", &args)
            }
        }
    }

    /// "Thai (th)", or "every subscriber", in `staff`'s words.
    fn audience_name(&self, staff: &crate::roster::StaffId, audience: &Audience) -> String {
        match audience {
            Audience::All => self.engine.staff_text(self.engine.staffer_language(staff), "announce-audience-all", &[]),
            Audience::Language(tag) => language_name(tag),
        }
    }

    /// The subscribers an announcement to `audience` would reach now, with the language each is
    /// addressed in: not blocked, not after their secret word, in the audience's language.
    fn recipients(&self, news: &News, audience: &Audience) -> Result<Vec<(Visitor, String)>, TxError> {
        let mut recipients = Vec::new();
        for id in &news.subscribers {
            let Some(visitor) = self.visitor(*id)? else { continue };
            if visitor.blocked || visitor.silenced {
                continue;
            }
            let language = self.language_for(&visitor, None)?;
            if audience.includes(&language) {
                recipients.push((visitor, language));
            }
        }
        Ok(recipients)
    }

    /// Queues the announcement: one message per recipient, due one after the other at
    /// `[news] per_second`; parked for those who hold replies.
    fn send_announcement(&mut self, news: &mut News, draft: &Draft, member: &StaffMember) -> Result<(), TxError> {
        let number = news.last_number.saturating_add(1);
        news.last_number = number;
        let interval = pace_interval_ms(self.engine.settings.news_per_second);
        let mut sending = Sending { number, ..Sending::default() };
        for (mut visitor, language) in self.recipients(news, &draft.audience)? {
            let text = self.engine.catalog.render_for(
                visitor.channel(),
                &language,
                "news-announcement",
                &[("text", Arg::from(draft.text.as_str()))],
            );
            let held = visitor.hold_replies == Some(true);
            let action = Action::Announce { visitor: visitor.id, address: visitor.address.clone(), text, number, held };
            if held {
                let id = self.emit_at(action, PARKED)?;
                visitor.held_news.push(id);
                self.put_visitor(&visitor)?;
                sending.parked.push((visitor.id, id));
            } else {
                let step = i64::try_from(sending.waiting.len()).unwrap_or(i64::MAX).saturating_mul(interval);
                let id = self.emit_at(action, self.now.plus_millis(step))?;
                sending.waiting.push((visitor.id, id));
            }
        }
        let seconds = (i64::try_from(sending.waiting.len()).unwrap_or(i64::MAX).saturating_mul(interval) + 999) / 1000;
        let args = [
            ("number", Arg::from(number)),
            ("staff", Arg::from(member.id.as_str())),
            ("recipients", Arg::from(shown(sending.waiting.len()))),
            ("parked", Arg::from(shown(sending.parked.len()))),
            ("seconds", Arg::from(seconds)),
        ];
        self.duty_notice("duty-announce-sending", &args)?;
        news.sending = Some(sending);
        self.finish_if_done(news)
    }

    /// A message of announcement `number` to `visitor` (outbox entry `id`) is settled.
    pub(super) fn announcement_settled(
        &mut self,
        visitor: VisitorId,
        number: u32,
        id: u64,
        how: Settled,
    ) -> Result<(), TxError> {
        self.tx.remove(TreeName::Meta, &claim_key(id))?;
        let mut news = self.news()?;
        let Some(sending) = news.sending.as_mut().filter(|s| s.number == number) else { return Ok(()) };
        let before = sending.waiting.len() + sending.parked.len();
        sending.waiting.retain(|(v, i)| (*v, *i) != (visitor, id));
        sending.parked.retain(|(v, i)| (*v, *i) != (visitor, id));
        if sending.waiting.len() + sending.parked.len() == before {
            return Ok(());
        }
        let count = match how {
            Settled::Delivered => &mut sending.delivered,
            Settled::Failed => &mut sending.failed,
            Settled::Interrupted => &mut sending.interrupted,
        };
        *count = count.saturating_add(1);
        self.finish_if_done(&mut news)?;
        self.put_news(&news)
    }

    /// Once nothing of the announcement is queued any more, the duty room gets the tally; parked
    /// messages wait on with the visitors' other held messages.
    fn finish_if_done(&mut self, news: &mut News) -> Result<(), TxError> {
        let Some(sending) = news.sending.as_ref().filter(|s| s.waiting.is_empty()) else { return Ok(()) };
        let args = [
            ("number", Arg::from(sending.number)),
            ("delivered", Arg::from(shown(sending.delivered as usize))),
            ("parked", Arg::from(shown(sending.parked.len()))),
            ("failed", Arg::from(shown(sending.failed as usize))),
            // Exact: it says whether a restart cut one off, not who subscribed.
            ("interrupted", Arg::from(sending.interrupted)),
            ("withdrawn", Arg::from(shown(sending.withdrawn as usize))),
        ];
        self.duty_notice("duty-announce-done", &args)?;
        news.sending = None;
        Ok(())
    }

    /// After a restart the announcement going out takes up its pace again from now: what fell
    /// due while the bridge was down must not leave at once.
    pub(super) fn restagger_news(&mut self) -> Result<(), TxError> {
        let news = self.news()?;
        let Some(sending) = &news.sending else { return Ok(()) };
        let interval = pace_interval_ms(self.engine.settings.news_per_second);
        let mut step: i64 = 0;
        for (_, id) in &sending.waiting {
            if self.tx.reschedule_outbox(*id, Timestamp(self.now.0.saturating_add(step)))? {
                step = step.saturating_add(interval);
            }
        }
        Ok(())
    }

    /// The visitor asked for their held messages: parked announcements come with them.
    pub(super) fn release_held_news(&mut self, visitor: &mut Visitor) -> Result<usize, TxError> {
        let mut released = 0;
        for id in std::mem::take(&mut visitor.held_news) {
            if self.tx.release_outbox(id, self.now)? {
                released += 1;
            }
        }
        if released > 0 {
            self.put_visitor(visitor)?;
        }
        Ok(released)
    }
}

/// Milliseconds between two announcement messages at `per_second` (at least one a second).
fn pace_interval_ms(per_second: u32) -> i64 {
    let per_second = i64::from(per_second.clamp(1, crate::news::MAX_PER_SECOND));
    (1000 + per_second - 1) / per_second
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pace_stays_below_the_broadcast_limit() {
        assert_eq!(pace_interval_ms(25), 40);
        assert_eq!(pace_interval_ms(30), 34);
        assert_eq!(pace_interval_ms(1000), 34, "never faster than 30 a second");
        assert_eq!(pace_interval_ms(0), 1000);
    }

    #[test]
    fn small_counts_are_not_shown() {
        assert_eq!(shown(0), "<5");
        assert_eq!(shown(4), "<5");
        assert_eq!(shown(5), "5");
    }
}
