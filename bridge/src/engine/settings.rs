//! The engine's settings: plain values, built once by whoever reads the configuration (the
//! bot's config loader, a test, the demo). The config file's shape is not the engine's concern.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::retention::RetentionSettings;

/// How the engine routes, answers and keeps: built once, at start, from the config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineSettings {
    /// Time zone of the shifts and of times told to visitors.
    pub time_zone: String,
    /// Minutes a visitor may wait for the assigned staffer before the duty room is told and the
    /// conversation goes to the next candidate.
    pub unanswered_minutes: i64,
    /// Told to visitors who write when nobody is on duty, and in the `emergency` canned reply.
    pub emergency_numbers: String,
    /// For the `hours` canned reply, in numbers anyone can read (e.g. "20:00–02:00").
    pub opening_hours: String,
    /// Longer visitor texts are refused with a message saying so (Telegram's own limit is 4096).
    pub max_text_chars: usize,
    /// Larger attachments are refused with a message saying so.
    pub max_attachment_bytes: usize,
    /// The language of duty-room notices, which the whole team reads, and of conversation-room
    /// notices while nobody has the conversation: one of [`crate::i18n::STAFF_LANGUAGES`].
    pub staff_language: String,
    /// Languages with a recorded greeting, sent after the written one for visitors who cannot
    /// read (the files stay with the connectors).
    pub voice_languages: Vec<String>,
    /// The organisation's own decoy texts per language, sent after a safe word; the built-in
    /// `decoy` message otherwise.
    pub decoys: BTreeMap<String, String>,
    /// How long conversations are kept.
    pub retention: RetentionSettings,
    /// Minutes a `/code` phrase works.
    pub code_minutes: i64,
    /// Minutes an account is locked after too many wrong phrases, and the window they are
    /// counted in.
    pub code_lock_minutes: i64,
    /// Bytes of files one visitor may send in a day (UTC); past it their files are refused and
    /// their words still flow.
    pub visitor_file_bytes_per_day: u64,
    /// New conversations whose rooms open at once; past it one every `60 / N` seconds, the rest
    /// wait.
    pub new_conversations_per_minute: u32,
    /// When the duty room is told the bridge is unwell (`[health]`).
    pub health: HealthSettings,
    /// Announcements a second (`[news] per_second`, at most [`crate::news::MAX_PER_SECOND`]).
    pub news_per_second: u32,
    /// Machine translation between visitors and staff (`[translation]`); `None`: off.
    pub translation: Option<TranslationSettings>,
    /// The peer worker's desk room (`[peer_desk]`); `None`: referrals are told in the duty room
    /// only.
    pub peer_desk: Option<PeerDeskSettings>,
    /// Campaign links (`[[campaign]]`): the codes counted when a new visitor arrives through one.
    pub campaigns: Vec<Campaign>,
    /// `/share`: the bot's links and how long the forwardable message stays (`[share]`).
    pub share: ShareSettings,
}

/// What `/share` needs: where the bot is found on each channel, and the operator's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareSettings {
    /// The bot's Telegram username (`[telegram] username`, else what `getMe` said at start);
    /// `None`: Telegram visitors are told sharing is not available.
    pub telegram_username: Option<String>,
    /// The bot's Matrix account (`[matrix] user_id`); `None`: the same for Matrix visitors.
    pub matrix_user_id: Option<String>,
    /// The shared message deletes itself from the visitor's phone this long after delivery.
    pub vanish_after: Duration,
    /// The operator's own words per language tag (`[share] text.<tag>`), each holding `{link}`;
    /// the built-in `share-invitation` otherwise.
    pub texts: BTreeMap<String, String>,
}

impl Default for ShareSettings {
    fn default() -> Self {
        Self {
            telegram_username: None,
            matrix_user_id: None,
            vanish_after: Duration::from_secs(5 * 60),
            texts: BTreeMap::new(),
        }
    }
}

/// A campaign's deep-link code, and the language its visitors are greeted in first, if set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    /// What the link carries after `?start=`.
    pub code: String,
    /// A shipped language tag, pre-selected for visitors arriving through it.
    pub language: Option<String>,
}

/// The peer worker's desk, when `[peer_desk]` is configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerDeskSettings {
    /// "HH:MM" in the shifts' time zone: when the morning digest of referrals due is posted.
    pub digest_at: String,
}

/// How the engine uses machine translation, when `[translation]` is configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TranslationSettings {
    /// A translation not done within this long is given up: a visitor's message stays
    /// untranslated, a staff reply is not sent (the staffer is told).
    pub give_up_after: Duration,
}

impl Default for TranslationSettings {
    fn default() -> Self {
        Self { give_up_after: Duration::from_secs(30 * 60) }
    }
}

/// When a condition is raised (`[health]`): durations, so tests can use seconds where the
/// config takes minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthSettings {
    /// Telegram or the homeserver failing for longer than this is told.
    pub unreachable_after: Duration,
    /// Outbox messages waiting longer than this are told.
    pub outbox_stale_after: Duration,
}

impl Default for HealthSettings {
    fn default() -> Self {
        Self { unreachable_after: Duration::from_secs(5 * 60), outbox_stale_after: Duration::from_secs(15 * 60) }
    }
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            time_zone: "Europe/Copenhagen".into(),
            unanswered_minutes: 10,
            emergency_numbers: "112".into(),
            opening_hours: String::new(),
            max_text_chars: 4096,
            max_attachment_bytes: 20 * 1024 * 1024,
            staff_language: crate::i18n::DEFAULT_LANGUAGE.into(),
            voice_languages: Vec::new(),
            decoys: BTreeMap::new(),
            retention: RetentionSettings::default(),
            code_minutes: 15,
            code_lock_minutes: 15,
            visitor_file_bytes_per_day: 200 * 1024 * 1024,
            new_conversations_per_minute: 20,
            health: HealthSettings::default(),
            news_per_second: crate::news::DEFAULT_PER_SECOND,
            translation: None,
            peer_desk: None,
            campaigns: Vec::new(),
            share: ShareSettings::default(),
        }
    }
}
