//! An engine over a data dir, with a small team, for end-to-end tests.

use std::path::Path;
use std::sync::Arc;

use bridge::engine::{Dedupe, Engine, EngineSettings, Event, IncomingMessage, Outcome, StaffRoom};
use bridge::i18n::Catalog;
use bridge::outbox::OutboxEntry;
use bridge::roster::{Roster, StaffMember, fixture};
use bridge::{Clock, MasterKey, PlatformAddress, Store};

/// The shared team's members with accounts on the test homeserver ([`crate::matrix_bridge`]
/// registers grace, ana and ife).
pub fn team() -> Vec<StaffMember> {
    fixture::team_of(&["grace", "ana", "ife"])
}

pub fn open_engine(dir: &Path, key: &MasterKey, clock: Arc<dyn Clock>) -> Result<Engine, String> {
    open_engine_with(dir, key, clock, EngineSettings::default())
}

/// [`open_engine`] with engine settings of the test's choosing.
pub fn open_engine_with(
    dir: &Path,
    key: &MasterKey,
    clock: Arc<dyn Clock>,
    settings: EngineSettings,
) -> Result<Engine, String> {
    open_engine_for(dir, key, clock, settings, team())
}

/// [`open_engine_with`] with `staff` as the roster (the whole fixture team has a coordinator).
pub fn open_engine_for(
    dir: &Path,
    key: &MasterKey,
    clock: Arc<dyn Clock>,
    settings: EngineSettings,
    staff: Vec<StaffMember>,
) -> Result<Engine, String> {
    let store = Store::open(dir, key).map_err(|e| e.to_string())?;
    let roster = Roster::new(staff).map_err(|e| e.to_string())?;
    let catalog = Arc::new(Catalog::embedded().map_err(|e| e.to_string())?);
    Engine::builder(store, catalog).roster(roster).settings(settings).clock(clock).build().map_err(|e| e.to_string())
}

pub fn visitor(n: i64) -> PlatformAddress {
    PlatformAddress::Telegram { user_id: 50_000 + n, chat_id: 50_000 + n }
}

/// Visitor message number `i` of a burst over `visitors` visitors, with a dedupe key.
pub fn burst_message(i: usize, visitors: usize) -> Event {
    let v = i % visitors;
    Event::VisitorMessage {
        from: visitor(v as i64),
        message: IncomingMessage::text(format!("v{v} m{}", i / visitors)),
        dedupe: Some(Dedupe::Sequence { stream: "telegram".into(), seq: i as u64 }),
    }
}

pub fn duty_on(staff: &str) -> Event {
    Event::StaffText {
        from: fixture::matrix_user(staff),
        room: StaffRoom::Duty,
        text: "!duty on".into(),
        attachment: None,
        dedupe: None,
    }
}

/// Alters one byte in the middle of a conversation's stored record, as someone with the disk
/// would: every event that touches the conversation then fails to apply (the record no longer
/// authenticates). The bridge must be stopped: this opens the data dir's live database directly.
pub fn damage_conversation_record(data_dir: &Path, conversation: bridge::ConversationId) -> Result<(), String> {
    let live = std::fs::read_to_string(data_dir.join("current")).map_err(|e| e.to_string())?;
    let db = sled::open(data_dir.join(live.trim())).map_err(|e| e.to_string())?;
    let conversations = db.open_tree("conversations").map_err(|e| e.to_string())?;
    let mut value = conversations
        .get(conversation.as_bytes())
        .map_err(|e| e.to_string())?
        .ok_or("no such conversation record")?
        .to_vec();
    let middle = value.len() / 2;
    value[middle] ^= 0x5a;
    conversations.insert(conversation.as_bytes(), value).map_err(|e| e.to_string())?;
    db.flush().map_err(|e| e.to_string())?;
    Ok(())
}

/// Reports one entry delivered, as a connector's round does for many ([`Engine::settle`]).
pub fn ack(engine: &Engine, entry: &OutboxEntry) -> Result<(), String> {
    engine.settle(&[(entry.clone(), Outcome::Delivered(Vec::new()))]).map(drop).map_err(|e| e.to_string())
}
