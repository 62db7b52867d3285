//! Routing settings from the `[routing]` section of the config.

use serde::Deserialize;

/// How the engine routes, answers and keeps: read from the config once, at start.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingSettings {
    /// Time zone of the shifts and of times told to visitors.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Minutes a visitor may wait for the assigned staffer before the duty room is told and the
    /// conversation goes to the next candidate.
    #[serde(default = "default_unanswered_minutes")]
    pub unanswered_minutes: i64,
    /// Told to visitors who write when nobody is on duty, and in the `emergency` canned reply.
    #[serde(default = "default_emergency_numbers")]
    pub emergency_numbers: String,
    /// For the `hours` canned reply, in numbers anyone can read (e.g. "20:00–02:00").
    #[serde(default)]
    pub opening_hours: String,
    /// Longer visitor texts are refused with a message saying so (Telegram's own limit is 4096).
    #[serde(default = "default_max_text_chars")]
    pub max_text_chars: usize,
    /// Larger attachments are refused with a message saying so.
    #[serde(default = "default_max_attachment_bytes")]
    pub max_attachment_bytes: usize,
    /// The language of duty-room notices, which the whole team reads, and of conversation-room
    /// notices while nobody has the conversation: one of [`crate::i18n::STAFF_LANGUAGES`].
    #[serde(default = "default_staff_language")]
    pub staff_language: String,
    /// Languages with a recorded greeting, sent after the written one for visitors who cannot
    /// read. Filled from the config's `[voice]` section (the files stay with the connectors).
    #[serde(skip)]
    pub voice_languages: Vec<String>,
    /// The organisation's own decoy texts per language, sent after a safe word (from the
    /// config's `[decoy]` section); the built-in `decoy` message otherwise.
    #[serde(skip)]
    pub decoys: std::collections::BTreeMap<String, String>,
    /// How long conversations are kept (from the config's `[retention]` section).
    #[serde(skip)]
    pub retention: crate::retention::RetentionSettings,
    /// Minutes a `/code` phrase works (from the config's `[phone_change] code_minutes`).
    #[serde(skip, default = "default_code_minutes")]
    pub code_minutes: i64,
    /// Minutes an account is locked after too many wrong phrases, and the window they are
    /// counted in (`[phone_change] lock_minutes`).
    #[serde(skip, default = "default_code_minutes")]
    pub code_lock_minutes: i64,
    /// Bytes of files one visitor may send in a day (UTC); past it their files are refused and
    /// their words still flow (from the config's `[limits] visitor_files_mb_per_day`).
    #[serde(skip, default = "default_visitor_file_bytes_per_day")]
    pub visitor_file_bytes_per_day: u64,
    /// New conversations whose rooms open at once; past it one every `60 / N` seconds, the rest
    /// wait (`[limits] new_conversations_per_minute`).
    #[serde(skip, default = "default_new_conversations_per_minute")]
    pub new_conversations_per_minute: u32,
}

fn default_time_zone() -> String {
    "Europe/Copenhagen".into()
}
fn default_unanswered_minutes() -> i64 {
    10
}
fn default_emergency_numbers() -> String {
    "112".into()
}
fn default_max_text_chars() -> usize {
    4096
}
fn default_max_attachment_bytes() -> usize {
    20 * 1024 * 1024
}
fn default_visitor_file_bytes_per_day() -> u64 {
    200 * 1024 * 1024
}
fn default_new_conversations_per_minute() -> u32 {
    20
}
fn default_code_minutes() -> i64 {
    15
}
fn default_staff_language() -> String {
    crate::i18n::DEFAULT_LANGUAGE.into()
}

impl Default for RoutingSettings {
    fn default() -> Self {
        Self {
            time_zone: default_time_zone(),
            unanswered_minutes: default_unanswered_minutes(),
            emergency_numbers: default_emergency_numbers(),
            opening_hours: String::new(),
            max_text_chars: default_max_text_chars(),
            max_attachment_bytes: default_max_attachment_bytes(),
            staff_language: default_staff_language(),
            voice_languages: Vec::new(),
            decoys: std::collections::BTreeMap::new(),
            retention: crate::retention::RetentionSettings::default(),
            code_minutes: default_code_minutes(),
            code_lock_minutes: default_code_minutes(),
            visitor_file_bytes_per_day: default_visitor_file_bytes_per_day(),
            new_conversations_per_minute: default_new_conversations_per_minute(),
        }
    }
}
