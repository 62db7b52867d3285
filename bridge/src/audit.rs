//! The audit log: who did what to which pseudonym, and when. Never what anyone said.
//!
//! Entries are appended in the same transaction as the event they record, sealed like every
//! record, and chained with an HMAC (see [`crate::store`]'s audit tree), so a removed, reordered
//! or altered entry shows when the log is verified. The store offers append and read only.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::pseudonym::Pseudonym;
use crate::roster::StaffId;
use crate::time::Timestamp;

/// What happened. New kinds go at the end: the order is part of the stored encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditKind {
    /// A conversation was given to a staffer by routing (new, from the queue, reassigned).
    Assigned,
    /// A staffer handed a conversation to a named colleague.
    Transferred,
    /// A staffer referred the visitor to a service (`!refer`).
    Referred,
    /// A referral's status changed (`!referral`).
    ReferralUpdated,
    /// A coordinator exempted the conversation from retention (`!hold`).
    Held,
    /// The exemption was lifted (`!unhold`).
    Unheld,
    /// A transcript was decrypted into a file with `hopenow transcript export`.
    Exported,
    /// The visitor erased their data (`/forget`).
    Forgotten,
    /// Retention shredded a conversation.
    Purged,
    /// The visitor used their safe word.
    SafeWordUsed,
    /// A staffer blocked the visitor (`!block`).
    Blocked,
    /// The block was lifted (`!unblock`).
    Unblocked,
    /// A transcript was decrypted to the screen with `hopenow transcript show`.
    Viewed,
    /// A partner's details were sent to the visitor (`!send partner`). Appended last: the audit
    /// log is postcard, which stores a variant by its place.
    PartnerDetailsSent,
}

impl AuditKind {
    /// The kind's stable name, as exports and the duty room show it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::Transferred => "transferred",
            Self::Referred => "referred",
            Self::ReferralUpdated => "referral-updated",
            Self::Held => "held",
            Self::Unheld => "unheld",
            Self::Exported => "exported",
            Self::Forgotten => "forgotten",
            Self::Purged => "purged",
            Self::SafeWordUsed => "safe-word-used",
            Self::Blocked => "blocked",
            Self::Unblocked => "unblocked",
            Self::Viewed => "viewed",
            Self::PartnerDetailsSent => "partner-details-sent",
        }
    }
}

impl fmt::Display for AuditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One line of the audit log.
///
/// `staff` is whoever the entry is about: the staffer who acted (transfer, referral, hold,
/// block, export), or the one given the conversation (assignment). `detail` is never content:
/// a referral's kind and status, a hold's review date (never its reason, which may describe the
/// visitor), a transfer's target staff id, an assignment's reason.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When it happened.
    pub at: Timestamp,
    /// What happened.
    pub kind: AuditKind,
    /// The staffer the entry is about, if any.
    pub staff: Option<StaffId>,
    /// The visitor's pseudonym, if the entry is about a visitor.
    pub pseudonym: Option<Pseudonym>,
    /// A short, content-free detail (see above).
    pub detail: Option<String>,
}

impl fmt::Debug for AuditEntry {
    /// Pseudonyms stay out of logs like everything else that points at a visitor.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditEntry")
            .field("at", &self.at)
            .field("kind", &self.kind)
            .field("staff", &self.staff)
            .finish_non_exhaustive()
    }
}

/// Where the chain of the audit log first fails to hold, as [`crate::Store::verify_audit`] finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// Entries are missing.
    Gap {
        /// The seq that should have come next.
        expected: u64,
        /// The seq the log goes on at.
        found: u64,
    },
    /// An entry does not authenticate: it was altered or damaged without the key.
    Unreadable {
        /// The entry that fails.
        seq: u64,
    },
    /// An entry authenticates but does not follow from the entries before it: it was replaced,
    /// or an entry before it was removed, by someone holding the master key.
    Mismatch {
        /// The entry that does not follow.
        seq: u64,
    },
    /// The log ends before the head recorded with the last append: entries were removed.
    Truncated {
        /// The first missing seq.
        from: u64,
    },
    /// The log has entries but its head record is gone.
    HeadMissing,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Gap { expected, found } => {
                write!(f, "entries {expected} to {} are missing", found.saturating_sub(1))
            }
            Self::Unreadable { seq } => write!(f, "entry {seq} was altered or damaged (it fails authentication)"),
            Self::Mismatch { seq } => {
                write!(
                    f,
                    "entry {seq} does not follow from the entries before it: it or one before it was replaced or removed"
                )
            }
            Self::Truncated { from } => write!(f, "entries from {from} on were removed"),
            Self::HeadMissing => f.write_str("the log's head record is missing"),
        }
    }
}

/// The audit log as read back: the entries that could be read, in order, and whether the
/// chain held.
#[derive(Clone, Debug, Default)]
pub struct AuditLog {
    /// `(seq, entry)` for each entry that could be read, in order.
    pub entries: Vec<(u64, AuditEntry)>,
    /// The first place the chain fails, if it does.
    pub broken: Option<ChainBreak>,
    /// The last link of the chain (hex): write it down now and then; a log rewritten by someone
    /// holding the master key will no longer end in it.
    pub head: String,
    /// Each read entry's chain link (hex), in the order of `entries`.
    pub(crate) links: Vec<String>,
}

/// A point of the chain written down outside the data dir: the number of entries and the link
/// of the last of them (the daily check posts one to the duty room). Cutting the log's tail and
/// putting back an older head passes the chain check, since every prefix of a chain is a chain;
/// it does not pass a checkpoint taken after the cut-off entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub(crate) entries: u64,
    /// A prefix of the link's hex (at least [`Checkpoint::MIN_HEX`] digits).
    pub(crate) link: String,
}

impl Checkpoint {
    /// Enough to make a forged match hopeless, short enough to copy by hand.
    pub(crate) const MIN_HEX: usize = 16;

    /// `entries:link`, as the duty room shows it.
    pub fn parse(text: &str) -> Option<Self> {
        // Copied from a chat, it may carry the isolation marks Fluent puts around values.
        let text = text.trim().trim_matches(|c| c == '\u{2068}' || c == '\u{2069}');
        let (entries, link) = text.split_once(':')?;
        let link = link.trim().to_ascii_lowercase();
        let hex = link.len() >= Self::MIN_HEX && link.len() <= 64 && link.chars().all(|c| c.is_ascii_hexdigit());
        Some(Self { entries: entries.trim().parse().ok()?, link: link.clone() }).filter(|_| hex)
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.entries, self.link)
    }
}

impl AuditLog {
    /// The checkpoint of the log as it stands: its entry count and last link.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        let entries = u64::try_from(self.entries.len()).unwrap_or(u64::MAX);
        Checkpoint { entries, link: self.head.chars().take(Checkpoint::MIN_HEX).collect() }
    }

    /// Whether this log still holds `checkpoint`: at least that many entries, the last of them
    /// with that link.
    pub fn holds(&self, checkpoint: &Checkpoint) -> bool {
        let Some(index) = checkpoint.entries.checked_sub(1).and_then(|i| usize::try_from(i).ok()) else {
            return true;
        };
        self.links.get(index).is_some_and(|link| link.starts_with(&checkpoint.link))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_neither_the_pseudonym_nor_the_detail() {
        let pseudonym = Pseudonym::generate().unwrap();
        let entry = AuditEntry {
            at: Timestamp(1),
            kind: AuditKind::Held,
            staff: Some(StaffId::new("maja")),
            pseudonym: Some(pseudonym.clone()),
            detail: Some("review 2027-01-15".into()),
        };
        let shown = format!("{entry:?}");
        assert_eq!(shown, "AuditEntry { at: Timestamp(1), kind: Held, staff: Some(StaffId(maja)), .. }");
        assert!(!shown.contains(pseudonym.as_str()));
    }
}
