//! Engine tests with a fake clock: routing rules, commands, bad input, bursts, crash safety.

use std::collections::HashMap;
use std::sync::Arc;

use super::*;
use crate::chat::MessageRef;
use crate::code_phrase::PhoneCode;
use crate::conversation::{Conversation, ConversationState};
use crate::crypto::MasterKey;
use crate::i18n::Catalog;
use crate::ids::VisitorId;
use crate::outbox::Lane;
use crate::outbox::{Action, Failure, OutboxEntry};
use crate::roster::{Role, StaffMember};
use crate::shifts::ShiftConfig;
use crate::time::ManualClock;
use crate::transcript::ContentKind;
use crate::transcript::{Direction, TranscriptEntry};
use crate::visitor::{Channel, PlatformAddress};
use crate::visitor_command::VisitorCommand;

/// One delivery at a time, as tests settle them; connectors settle whole rounds
/// ([`Engine::settle`]).
pub(super) trait SettleOne {
    fn ack(&self, entry: &OutboxEntry) -> Result<(), EngineError>;
    /// Performed, leaving these messages in the visitor's chat.
    fn delivered(&self, entry: &OutboxEntry, messages: &[MessageRef]) -> Result<(), EngineError>;
    /// A hide was performed: these logged messages are gone.
    fn hidden(&self, entry: &OutboxEntry, logged: &[LoggedMessage]) -> Result<(), EngineError>;
    fn fail(&self, entry: &OutboxEntry, failure: Failure) -> Result<Handled, EngineError>;
}

impl Engine {
    /// The last applied update of a [`Dedupe::Sequence`] stream: where a connector resumes
    /// (Telegram's next offset is this plus one).
    fn stream_position(&self, stream: &str) -> Result<Option<u64>, EngineError> {
        let streams: std::collections::BTreeMap<String, u64> =
            self.store.get(crate::store::TreeName::Meta, turn::STREAMS_KEY)?.unwrap_or_default();
        Ok(streams.get(stream).copied())
    }
}

impl SettleOne for Engine {
    fn ack(&self, entry: &OutboxEntry) -> Result<(), EngineError> {
        self.settle(&[(entry.clone(), Outcome::Delivered(Vec::new()))]).map(drop)
    }

    fn delivered(&self, entry: &OutboxEntry, messages: &[MessageRef]) -> Result<(), EngineError> {
        self.settle(&[(entry.clone(), Outcome::Delivered(messages.to_vec()))]).map(drop)
    }

    fn hidden(&self, entry: &OutboxEntry, logged: &[LoggedMessage]) -> Result<(), EngineError> {
        self.settle(&[(entry.clone(), Outcome::Hidden(logged.to_vec()))]).map(drop)
    }

    fn fail(&self, entry: &OutboxEntry, failure: Failure) -> Result<Handled, EngineError> {
        Ok(Handled::Done(self.settle(&[(entry.clone(), Outcome::Failed(failure))])?))
    }
}

mod admission;
mod audit_stats;
mod auto_hide;
mod campaigns;
mod chat_traces;
mod code;
mod file_limits;
mod handover;
mod health;
mod hot_path;
mod membership;
mod menus;
mod news;
mod partners;
mod properties;
mod referrals;
mod retention;
mod rules;
mod safe_word;
mod share;
mod shred_disk;
mod staff_language;
mod translation;
mod unreadable;
mod visitor_commands;

/// Friday 2026-11-27 12:00 in Copenhagen (11:00 UTC).
pub(super) const FRIDAY_NOON: Timestamp = Timestamp(1_795_777_200_000);

/// The shared team: tests here name its members (grace, ana, som, ife, maja).
pub(super) use crate::roster::fixture::{member, team};

pub(super) struct Fixture {
    pub dir: tempfile::TempDir,
    pub key: MasterKey,
    pub clock: ManualClock,
    pub engine: Engine,
    pub staff: Vec<StaffMember>,
    pub shifts: Vec<ShiftConfig>,
    pub settings: EngineSettings,
}

impl Fixture {
    pub fn new(staff: Vec<StaffMember>, shifts: Vec<ShiftConfig>) -> Self {
        Self::with_settings(staff, shifts, EngineSettings::default())
    }

    pub fn with_settings(staff: Vec<StaffMember>, shifts: Vec<ShiftConfig>, settings: EngineSettings) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key = MasterKey::generate().unwrap();
        let clock = ManualClock::at(FRIDAY_NOON);
        let engine = build(dir.path(), &key, &staff, &shifts, &settings, &clock);
        Self { dir, key, clock, engine, staff, shifts, settings }
    }

    pub fn team() -> Self {
        Self::new(team(), Vec::new())
    }

    /// Drops the engine and opens the same data dir again (a clean restart).
    pub fn restart(&mut self) {
        let dummy_dir = tempfile::tempdir().unwrap();
        let placeholder =
            build(dummy_dir.path(), &MasterKey::generate().unwrap(), &[], &[], &EngineSettings::default(), &self.clock);
        drop(std::mem::replace(&mut self.engine, placeholder));
        self.engine = build(self.dir.path(), &self.key, &self.staff, &self.shifts, &self.settings, &self.clock);
    }

    pub fn write(&self, visitor: i64, text: &str) -> Handled {
        self.engine
            .handle(Event::VisitorMessage {
                from: address(visitor),
                message: IncomingMessage::text(text),
                dedupe: None,
            })
            .unwrap()
    }

    /// A visitor message with its platform message id (`/hide`, auto-hide and the safe word
    /// delete by it).
    pub fn write_with(&self, visitor: i64, text: &str, reference: i32) -> Handled {
        let reference = Some(MessageRef::telegram(reference));
        let message = IncomingMessage { reference, ..IncomingMessage::text(text) };
        self.engine.handle(Event::VisitorMessage { from: address(visitor), message, dedupe: None }).unwrap()
    }

    pub fn choose_language(&self, visitor: i64, language: &str) -> Handled {
        self.command(visitor, VisitorCommand::PickLanguage(language.into()))
    }

    pub fn command(&self, visitor: i64, command: VisitorCommand) -> Handled {
        let event = Event::VisitorCommand {
            from: address(visitor),
            command,
            reference: None,
            language_hint: None,
            dedupe: None,
        };
        self.engine.handle(event).unwrap()
    }

    pub fn say(&self, staff: &str, room: StaffRoom, text: &str) -> Handled {
        let from = format!("@{staff}:hopenow.test");
        self.engine.handle(Event::StaffText { from, room, text: text.into(), attachment: None, dedupe: None }).unwrap()
    }

    pub fn in_room(&self, staff: &str, visitor: i64, text: &str) -> Handled {
        self.say(staff, StaffRoom::Conversation(self.conversation_of(visitor).id), text)
    }

    pub fn duty(&self, staff: &str, on: bool) -> Handled {
        self.say(staff, StaffRoom::Duty, if on { "!duty on" } else { "!duty off" })
    }

    pub fn tick(&self) -> Handled {
        self.engine.handle(Event::Tick).unwrap()
    }

    pub fn visitor_id(&self, visitor: i64) -> VisitorId {
        self.engine.store().find_visitor_id(&address(visitor).account()).unwrap().unwrap()
    }

    pub fn conversation_of(&self, visitor: i64) -> Conversation {
        let store = self.engine.store();
        let found = store.find_visitor(&address(visitor).account()).unwrap().unwrap();
        store.conversation(found.conversation.unwrap()).unwrap().unwrap()
    }

    pub fn assignee(&self, visitor: i64) -> Option<String> {
        self.conversation_of(visitor).assignee().map(|s| s.to_string())
    }

    pub fn transcript(&self, visitor: i64) -> Vec<TranscriptEntry> {
        self.engine.store().transcript(self.conversation_of(visitor).id).unwrap().into_iter().map(|(_, e)| e).collect()
    }
}

pub(super) fn build(
    dir: &std::path::Path,
    key: &MasterKey,
    staff: &[StaffMember],
    shifts: &[ShiftConfig],
    settings: &EngineSettings,
    clock: &ManualClock,
) -> Engine {
    let store = Store::open(dir, key).unwrap();
    let roster = Roster::new(staff.to_vec()).unwrap();
    let shifts = Shifts::new("Europe/Copenhagen", shifts, |id| roster.get(id).is_some()).unwrap();
    let catalog = Arc::new(Catalog::embedded().unwrap());
    Engine::builder(store, catalog)
        .roster(roster)
        .partners(crate::partner::fixture::directory())
        .shifts(shifts)
        .settings(settings.clone())
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

/// Fails naming the first file under `dir` that holds one of `needles` (ASCII case ignored). At
/// least one file must have been read, or the scan proved nothing.
pub(super) fn assert_in_no_file(dir: &std::path::Path, needles: &[&str]) {
    let mut files = vec![dir.to_path_buf()];
    let mut scanned = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        scanned += 1;
        for needle in needles.iter().map(|n| n.as_bytes()) {
            assert!(!bytes.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle)), "{}", path.display());
        }
    }
    assert!(scanned > 0);
}

pub(super) fn address(visitor: i64) -> PlatformAddress {
    PlatformAddress::Telegram { user_id: 10_000 + visitor, chat_id: 10_000 + visitor }
}

/// The texts `pick` finds among `handled`'s actions.
fn pick(handled: &Handled, pick: impl Fn(&Action) -> Option<&String>) -> Vec<String> {
    handled.actions().iter().filter_map(pick).cloned().collect()
}

/// The texts sent to visitors.
pub(super) fn to_visitor(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::SendToVisitor { text, .. } => Some(text),
        _ => None,
    })
}

/// The bridge's own prompts to visitors, with the data of their buttons.
pub(super) fn prompts(handled: &Handled) -> Vec<(String, Vec<String>)> {
    handled
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::PromptVisitor { text, choices, .. } => {
                Some((text.clone(), choices.iter().map(|c| c.data.clone()).collect()))
            }
            _ => None,
        })
        .collect()
}

/// Notices to staff, in the duty room or a conversation room.
pub(super) fn notices(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::PostToDuty { text } | Action::PostToConversation { text, notice: true, .. } => Some(text),
        _ => None,
    })
}

/// Lines posted to the duty room.
pub(super) fn duty_lines(handled: &Handled) -> Vec<String> {
    duty_texts(handled.actions())
}

/// The duty room's lines among `actions` (what a settle or a health check queued).
pub(super) fn duty_texts(actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::PostToDuty { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// What `pick` finds among the actions waiting in the outbox, in outbox order.
pub(super) fn queued<T>(f: &Fixture, pick: impl Fn(Action) -> Option<T>) -> Vec<T> {
    f.engine.store().outbox_entries().unwrap().into_iter().filter_map(|e| pick(e.action)).collect()
}

/// Matrix accounts invited to conversation rooms.
pub(super) fn invites(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::InviteStaff { matrix_user, .. } => Some(matrix_user),
        _ => None,
    })
}

/// Every open conversation is queued or assigned to a staffer in the roster, and routing agrees.
pub(super) fn assert_nothing_lost(engine: &Engine) {
    let routing = engine.routing().unwrap();
    let store = engine.store();
    let mut open = 0;
    for (_, conversation) in store.scan_conversations().unwrap() {
        match &conversation.state {
            ConversationState::Queued { .. } => {
                open += 1;
                let waiting = engine.waiting_for_room().unwrap().iter().any(|(c, _)| *c == conversation.id);
                let queued = routing.queue.iter().any(|(c, _)| *c == conversation.id);
                assert!(queued || waiting, "queued but not in the queue nor waiting for its room");
            }
            ConversationState::Assigned { staff, .. } => {
                open += 1;
                assert!(engine.roster().get(staff).is_some(), "assigned to someone not in the roster");
                assert!(
                    routing.staff.get(staff).is_some_and(|s| s.open.contains(&conversation.id)),
                    "assignment not in routing"
                );
            }
            ConversationState::Closed { .. } => {
                assert!(!routing.queue.iter().any(|(c, _)| *c == conversation.id), "closed but queued");
            }
        }
    }
    let waiting = engine.waiting_for_room().unwrap().len();
    let tracked = routing.queue.len() + routing.staff.values().map(|s| s.open.len()).sum::<usize>() + waiting;
    assert_eq!(tracked, open, "routing and admission track exactly the open conversations");
}

#[test]
fn outbox_lanes_deliver_in_order_and_failures_are_handled() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "one");
    f.write(1, "two");
    let due = f.engine.due(100).unwrap();
    let lanes: Vec<Lane> = due.iter().map(|e| e.action.lane()).collect();
    let mut unique = lanes.clone();
    unique.dedup();
    assert_eq!(lanes.len(), unique.len(), "one head per lane");
    // Drain the room lane in order: the visitor's two messages arrive as "one" then "two".
    let room = Lane::Room(f.conversation_of(1).id);
    let mut relayed = Vec::new();
    loop {
        let due = f.engine.due(100).unwrap();
        let Some(head) = due.iter().find(|e| e.action.lane() == room) else { break };
        if let Action::PostToConversation { text, notice: false, .. } = &head.action {
            relayed.push(text.clone());
        }
        f.engine.ack(head).unwrap();
    }
    assert_eq!(relayed.len(), 2);
    assert!(relayed[0].ends_with(": one") && relayed[1].ends_with(": two"), "{relayed:?}");

    // The visitor's lane (greeting, "received") is delivered first.
    while let Some(head) = f.engine.due(100).unwrap().into_iter().find(|e| matches!(e.action.lane(), Lane::Visitor(_)))
    {
        f.engine.ack(&head).unwrap();
    }
    // A retry waits with backoff; a permanent failure is told to staff in the room.
    f.in_room("grace", 1, "hello");
    let send = f
        .engine
        .store()
        .outbox_entries()
        .unwrap()
        .into_iter()
        .find(|e| matches!(e.action, Action::SendToVisitor { .. }))
        .unwrap();
    f.engine.fail(&send, Failure::Retry { after_ms: None }).unwrap();
    assert!(f.engine.due(100).unwrap().iter().all(|e| e.id != send.id), "not due during backoff");
    f.clock.advance_millis(1500);
    let again = f.engine.due(100).unwrap().into_iter().find(|e| e.id == send.id).unwrap();
    assert_eq!(again.attempts, 1);
    assert_eq!(again.idempotency_key, send.idempotency_key, "the idempotency key survives retries");
    let handled = f.engine.fail(&again, Failure::Permanent { reason: "the visitor blocked the bot".into() }).unwrap();
    assert!(notices(&handled).iter().any(|n| n.contains("Not delivered to the visitor: the visitor blocked the bot")));
    assert!(f.engine.store().outbox_entries().unwrap().iter().all(|e| e.id != send.id));
}

#[test]
fn redelivered_platform_updates_are_not_applied_twice() {
    let f = Fixture::team();
    let keyed = |id: &str| Event::VisitorMessage {
        from: address(1),
        message: IncomingMessage::text(id),
        dedupe: Some(Dedupe::Key { channel: Channel::Matrix, id: id.into() }),
    };
    assert!(matches!(f.engine.handle(keyed("$event-a")).unwrap(), Handled::Done(_)));
    assert_eq!(f.engine.handle(keyed("$event-a")).unwrap(), Handled::Duplicate);
    assert!(matches!(f.engine.handle(keyed("$event-b")).unwrap(), Handled::Done(_)));

    let numbered = |seq: u64| Event::VisitorMessage {
        from: address(2),
        message: IncomingMessage::text(format!("n{seq}")),
        dedupe: Some(Dedupe::Sequence { stream: "telegram".into(), seq }),
    };
    let results = f.engine.handle_batch(&[numbered(5), numbered(6), numbered(6), numbered(4)]).unwrap();
    assert!(matches!(results[0], Handled::Done(_)) && matches!(results[1], Handled::Done(_)));
    assert_eq!(&results[2..], &[Handled::Duplicate, Handled::Duplicate]);
    assert_eq!(f.engine.stream_position("telegram").unwrap(), Some(6));
    assert_eq!(f.engine.stream_position("other").unwrap(), None);
    let stored = |v| f.transcript(v).iter().filter(|e| e.direction == Direction::FromVisitor).count();
    assert_eq!((stored(1), stored(2)), (2, 2));
}

#[test]
fn a_run_of_relays_survives_duplicate_acks_retries_and_a_lost_message() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "m1");
    let room = Lane::Room(f.conversation_of(1).id);
    for text in ["m2", "m3", "m4"] {
        f.write(1, text);
    }
    let head = |f: &Fixture| f.engine.due(100).unwrap().into_iter().find(|e| e.action.lane() == room);
    // Deliver the room up to m2 (room creation, m1, the invite, notices come first, in order).
    let mut delivered = Vec::new();
    let second = loop {
        let entry = head(&f).unwrap();
        if entry.action.text().is_some_and(|t| t.ends_with(": m2")) {
            break entry;
        }
        delivered.push(entry.action.name());
        f.engine.ack(&entry).unwrap();
    };
    assert_eq!(delivered.first(), Some(&"open-conversation-room"));
    // A repeated ack (a connector retrying its report) must not skip m3.
    f.engine.ack(&second).unwrap();
    f.engine.ack(&second).unwrap();
    let third = head(&f).unwrap();
    assert!(third.action.text().unwrap().ends_with(": m3"), "{:?}", third.action.text());
    assert_ne!(third.idempotency_key, second.idempotency_key, "each relayed message has its own key");
    // Retry: not due during the backoff, then the same message with the same key.
    f.engine.fail(&third, Failure::Retry { after_ms: Some(2_000) }).unwrap();
    assert!(head(&f).is_none());
    f.clock.advance_millis(2_000);
    let again = head(&f).unwrap();
    assert_eq!((again.part, again.idempotency_key.as_str()), (third.part, third.idempotency_key.as_str()));
    // A message that can never be posted is reported to the duty room and the run moves on.
    let handled = f.engine.fail(&again, Failure::Permanent { reason: "room gone".into() }).unwrap();
    assert!(notices(&handled).iter().any(|n| n.contains("Could not post-to-conversation") && n.contains("room gone")));
    let fourth = head(&f).unwrap();
    assert!(fourth.action.text().unwrap().ends_with(": m4"));
    f.engine.ack(&fourth).unwrap();
    assert!(head(&f).is_none());
    // The run stays open: the next message joins it without a new outbox record.
    let records = f.engine.store().outbox_len();
    f.write(1, "m5");
    assert_eq!(f.engine.store().outbox_len(), records, "m5 joins the open run");
    assert!(head(&f).unwrap().action.text().unwrap().ends_with(": m5"));
}
