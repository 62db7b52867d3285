//! What visitors' files may cost the disk: a daily quota per visitor, and a floor of free space
//! below which no file is taken at all. Words always flow: only files are refused, the visitor is
//! told in their language, and staff are told once (per visitor and day for the quota, once an
//! hour in the duty room for the disk).

use serde::{Deserialize, Serialize};

use crate::conversation::Conversation;
use crate::i18n::Arg;
use crate::ids::VisitorId;
use crate::store::{TreeName, TxError};
use crate::visitor::Visitor;

use super::turn::Turn;

const QUOTA_PREFIX: &[u8] = b"file-quota:";
const DISK_KEY: &[u8] = b"disk-low-notice";
const DISK_NOTICE_EVERY_MINUTES: i64 = 60;
const DAY_MS: i64 = 86_400_000;

/// One visitor's files today (UTC day): a count of bytes, never what the files were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct FilesToday {
    day: i64,
    bytes: u64,
    /// Staff were told today that the quota was reached.
    told: bool,
}

pub(crate) fn quota_key(visitor: VisitorId) -> Vec<u8> {
    [QUOTA_PREFIX, visitor.as_bytes().as_slice()].concat()
}

impl Turn<'_, '_> {
    /// Counts a visitor's file against today's quota. False (and nothing counted) if it does not
    /// fit: then the visitor is told, and the room once a day.
    pub(super) fn file_fits_quota(
        &mut self,
        visitor: &Visitor,
        conversation: &Conversation,
        bytes: u64,
    ) -> Result<bool, TxError> {
        let quota = self.engine.settings.visitor_file_bytes_per_day;
        let key = quota_key(visitor.id);
        let today = self.now.as_millis().div_euclid(DAY_MS);
        let mut record: FilesToday = self.tx.get(TreeName::Meta, &key)?.unwrap_or_default();
        if record.day != today {
            record = FilesToday { day: today, ..FilesToday::default() };
        }
        let total = record.bytes.saturating_add(bytes);
        if total <= quota {
            record.bytes = total;
            self.tx.put(TreeName::Meta, &key, &record)?;
            return Ok(true);
        }
        let megabytes = Arg::from(i64::try_from(quota / (1024 * 1024)).unwrap_or(i64::MAX));
        self.tell_visitor(visitor, conversation, "file-over-daily-limit", &[])?;
        self.record_event(conversation.id, "a visitor file was refused: their files for today reached the limit")?;
        if !record.told {
            self.room_notice(conversation, "room-file-quota-reached", &[("megabytes", megabytes)])?;
            record.told = true;
            self.tx.put(TreeName::Meta, &key, &record)?;
        }
        Ok(false)
    }

    /// The connector did not take a visitor's file because the disk is nearly full.
    pub(super) fn file_refused_disk_low(
        &mut self,
        visitor: &Visitor,
        conversation: &Conversation,
    ) -> Result<(), TxError> {
        self.tell_visitor(visitor, conversation, "file-not-received-now", &[])?;
        self.record_event(conversation.id, "a visitor file was refused: the disk is nearly full")?;
        let last: Option<crate::time::Timestamp> = self.tx.get(TreeName::Meta, DISK_KEY)?;
        if last.is_none_or(|at| self.now.minutes_since(at) >= DISK_NOTICE_EVERY_MINUTES) {
            self.duty_notice("duty-disk-low", &[])?;
            self.tx.put(TreeName::Meta, DISK_KEY, &self.now)?;
        }
        Ok(())
    }
}
