//! Opt-in news (`/news`): visitors who asked for announcements (language classes, gatherings),
//! and the announcement a coordinator is writing or sending (`!announce`).
//!
//! What is kept is the least that delivery needs: the subscribers' visitor ids (no language, no
//! address: both are read from the visitor's record when an announcement goes out, so a visitor
//! who changed language or phone gets it where they are now), the draft, and for the announcement
//! going out, who still waits for it. Erasing a visitor erases their subscription.

use serde::{Deserialize, Serialize};

use crate::ids::VisitorId;
use crate::roster::StaffId;
use crate::time::Timestamp;

/// How many announcements a second go out when `[news] per_second` is not set: below Telegram's
/// broadcast limit (about 30 a second), so conversations keep room beside an announcement.
pub const DEFAULT_PER_SECOND: u32 = 25;
/// The most `[news] per_second` may say: Telegram's broadcast limit.
pub const MAX_PER_SECOND: u32 = 30;
/// The longest announcement staff may write, in characters: one Telegram message with room
/// for the lines the bridge adds around it.
pub const MAX_CHARS: usize = 3500;

/// Who an announcement is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Every subscriber, whatever their language.
    All,
    /// Subscribers whose language is this shipped tag.
    Language(String),
}

impl Audience {
    /// Whether a visitor addressed in `language` is in the audience.
    pub fn includes(&self, language: &str) -> bool {
        match self {
            Self::All => true,
            Self::Language(tag) => tag == language,
        }
    }
}

/// An announcement written with `!announce LANG|all TEXT`, shown as a preview until a
/// coordinator sends or drops it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Who it is for.
    pub audience: Audience,
    /// The words, as the coordinator wrote them.
    pub text: String,
    /// Who wrote it.
    pub by: StaffId,
    /// When.
    pub at: Timestamp,
}

impl std::fmt::Debug for Draft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Draft").field("audience", &self.audience).field("by", &self.by).finish_non_exhaustive()
    }
}

/// The announcement going out: one message per recipient in the outbox, each in the recipient's
/// own lane ([`crate::outbox::Lane::News`]), due one after the other at the configured pace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sending {
    /// Its number, counted from 1 (told to the duty room, carried by each message).
    pub number: u32,
    /// Recipients whose message is queued and not yet settled, with its outbox id.
    pub waiting: Vec<(VisitorId, u64)>,
    /// Recipients who hold replies: their message is parked until they ask for their messages.
    pub parked: Vec<(VisitorId, u64)>,
    /// How many went out so far.
    pub delivered: u32,
    /// How many the platform refused (the visitor blocked the bot, left the platform).
    pub failed: u32,
    /// How many were being sent when the bridge stopped, and are not sent again: whether they
    /// arrived cannot be known, and a second copy is worse than none.
    pub interrupted: u32,
    /// How many were withdrawn before their turn: the visitor used their secret word, unsubscribed
    /// or was erased.
    pub withdrawn: u32,
}

/// Everything `/news` keeps: one record in the meta tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct News {
    /// Visitors who asked for news, sorted.
    pub subscribers: Vec<VisitorId>,
    /// The announcement being written.
    pub draft: Option<Draft>,
    /// The announcement going out.
    pub sending: Option<Sending>,
    /// The number of the last announcement sent.
    pub last_number: u32,
}

impl News {
    /// Whether `visitor` asked for news.
    pub fn subscribed(&self, visitor: VisitorId) -> bool {
        self.subscribers.binary_search_by_key(visitor.as_bytes(), |v| *v.as_bytes()).is_ok()
    }

    /// Subscribes or unsubscribes `visitor`; returns whether they are subscribed now.
    pub fn toggle(&mut self, visitor: VisitorId) -> bool {
        match self.subscribers.binary_search_by_key(visitor.as_bytes(), |v| *v.as_bytes()) {
            Ok(at) => {
                self.subscribers.remove(at);
                false
            }
            Err(at) => {
                self.subscribers.insert(at, visitor);
                true
            }
        }
    }

    /// `visitor` is gone (erased) or asked to stop: no subscription, nothing waiting for them.
    /// Returns the outbox ids of their messages still queued or parked, to drop.
    pub fn forget(&mut self, visitor: VisitorId) -> Vec<u64> {
        if let Ok(at) = self.subscribers.binary_search_by_key(visitor.as_bytes(), |v| *v.as_bytes()) {
            self.subscribers.remove(at);
        }
        self.withdraw(visitor)
    }

    /// Takes `visitor`'s messages out of the announcement going out, queued and parked (counted
    /// as withdrawn); returns their outbox ids.
    pub fn withdraw(&mut self, visitor: VisitorId) -> Vec<u64> {
        self.withdraw_from(visitor, true)
    }

    /// As [`News::withdraw`], but only the queued message: a parked one waits for the visitor.
    pub fn withdraw_queued(&mut self, visitor: VisitorId) -> Vec<u64> {
        self.withdraw_from(visitor, false)
    }

    fn withdraw_from(&mut self, visitor: VisitorId, parked_too: bool) -> Vec<u64> {
        let Some(sending) = self.sending.as_mut() else { return Vec::new() };
        let mut ids = Vec::new();
        let lists =
            if parked_too { vec![&mut sending.waiting, &mut sending.parked] } else { vec![&mut sending.waiting] };
        for list in lists {
            list.retain(|(v, id)| {
                let theirs = *v == visitor;
                if theirs {
                    ids.push(*id);
                }
                !theirs
            });
        }
        sending.withdrawn = sending.withdrawn.saturating_add(u32::try_from(ids.len()).unwrap_or(u32::MAX));
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> VisitorId {
        VisitorId::from_bytes([n; 16])
    }

    #[test]
    fn toggling_keeps_the_subscribers_sorted_and_unique() {
        let mut news = News::default();
        assert!(news.toggle(id(3)));
        assert!(news.toggle(id(1)));
        assert!(news.toggle(id(2)));
        assert_eq!(news.subscribers, vec![id(1), id(2), id(3)]);
        assert!(!news.toggle(id(2)));
        assert_eq!(news.subscribers, vec![id(1), id(3)]);
        assert!(news.subscribed(id(3)) && !news.subscribed(id(2)));
    }

    #[test]
    fn forgetting_a_visitor_withdraws_what_waits_for_them() {
        let mut news = News { subscribers: vec![id(1), id(2)], ..News::default() };
        news.sending = Some(Sending {
            number: 1,
            waiting: vec![(id(1), 10), (id(2), 11)],
            parked: vec![(id(1), 12)],
            ..Sending::default()
        });
        let mut dropped = news.forget(id(1));
        dropped.sort_unstable();
        assert_eq!(dropped, vec![10, 12]);
        assert_eq!(news.subscribers, vec![id(2)]);
        let sending = news.sending.as_ref().unwrap();
        assert_eq!((sending.waiting.as_slice(), sending.withdrawn), (&[(id(2), 11)][..], 2));
        assert!(news.forget(id(9)).is_empty());
    }

    #[test]
    fn a_draft_shows_no_words_in_debug() {
        let draft = Draft {
            audience: Audience::Language("th".into()),
            text: "canary-announcement-words".into(),
            by: StaffId::new("maja"),
            at: Timestamp(0),
        };
        let shown = format!("{draft:?}");
        assert!(!shown.contains("canary") && shown.contains("th"), "{shown}");
    }
}
