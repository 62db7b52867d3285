//! Random sequences of events: no conversation is ever lost, and every accepted visitor message
//! is in the transcript exactly once.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

const STAFF: [&str; 4] = ["grace", "ana", "som", "ife"];

#[derive(Clone, Debug)]
enum Op {
    Write(i64),
    Language(i64, &'static str),
    Duty(usize, bool),
    Reply(i64, usize),
    Close(i64, usize),
    Transfer(i64, usize, usize),
    Refer(i64, usize),
    Block(i64),
    Unblock(i64),
    Tick(i64),
}

fn op() -> impl Strategy<Value = Op> {
    let visitor = 0i64..6;
    let staff = 0usize..STAFF.len();
    prop_oneof![
        4 => visitor.clone().prop_map(Op::Write),
        1 => (visitor.clone(), prop_oneof![Just("en"), Just("ro"), Just("th"), Just("da")]).prop_map(|(v, l)| Op::Language(v, l)),
        3 => (staff.clone(), any::<bool>()).prop_map(|(s, on)| Op::Duty(s, on)),
        2 => (visitor.clone(), staff.clone()).prop_map(|(v, s)| Op::Reply(v, s)),
        1 => (visitor.clone(), staff.clone()).prop_map(|(v, s)| Op::Close(v, s)),
        1 => (visitor.clone(), staff.clone(), staff.clone()).prop_map(|(v, s, t)| Op::Transfer(v, s, t)),
        1 => (visitor.clone(), staff.clone()).prop_map(|(v, s)| Op::Refer(v, s)),
        1 => visitor.clone().prop_map(Op::Block),
        1 => visitor.prop_map(Op::Unblock),
        2 => (0i64..25).prop_map(Op::Tick),
    ]
}

fn conversation_id(f: &Fixture, visitor: i64) -> Option<ConversationId> {
    f.engine.store().find_visitor(&address(visitor).account()).unwrap().and_then(|v| v.conversation)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    #[test]
    fn no_conversation_is_lost_and_every_message_is_stored_once(ops in proptest::collection::vec(op(), 1..40)) {
        let shift = ShiftConfig { staff: StaffId::new("som"), days: vec!["fri".into()], start: "12:30".into(), end: "13:30".into() };
        let f = Fixture::new(team(), vec![shift]);
        let mut accepted: HashMap<String, usize> = HashMap::new();
        for (n, op) in ops.iter().enumerate() {
            match op {
                Op::Write(v) => {
                    let text = format!("message {n} from {v}");
                    let handled = f.write(*v, &text);
                    accepted.insert(text, usize::from(matches!(handled, Handled::Done(_))));
                }
                Op::Language(v, l) => { f.choose_language(*v, l); }
                Op::Duty(s, on) => { f.duty(STAFF[*s], *on); }
                Op::Reply(v, s) => if let Some(id) = conversation_id(&f, *v) { f.say(STAFF[*s], StaffRoom::Conversation(id), "an answer"); },
                Op::Close(v, s) => if let Some(id) = conversation_id(&f, *v) { f.say(STAFF[*s], StaffRoom::Conversation(id), "!close"); },
                Op::Transfer(v, s, t) => if let Some(id) = conversation_id(&f, *v) {
                    f.say(STAFF[*s], StaffRoom::Conversation(id), &format!("!transfer {}", STAFF[*t]));
                },
                Op::Refer(v, s) => if let Some(id) = conversation_id(&f, *v) { f.say(STAFF[*s], StaffRoom::Conversation(id), "!refer legal consent=yes"); },
                Op::Block(v) => if let Some(id) = conversation_id(&f, *v) { f.say("grace", StaffRoom::Conversation(id), "!block"); },
                Op::Unblock(v) => if let Some(id) = conversation_id(&f, *v) { f.say("maja", StaffRoom::Conversation(id), "!unblock"); },
                Op::Tick(minutes) => { f.clock.advance_minutes(*minutes); f.tick(); }
            }
            assert_nothing_lost(&f.engine);
        }
        let mut stored: HashMap<String, usize> = HashMap::new();
        for (id, _) in f.engine.store().scan_conversations().unwrap() {
            for (_, entry) in f.engine.store().transcript(id).unwrap() {
                if entry.direction == Direction::FromVisitor {
                    *stored.entry(entry.text).or_default() += 1;
                }
            }
        }
        for (text, expected) in &accepted {
            prop_assert_eq!(stored.get(text).copied().unwrap_or(0), *expected, "{}", text);
        }
        prop_assert_eq!(stored.values().sum::<usize>(), accepted.values().sum::<usize>());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Whatever happens, draining the outbox lane by lane delivers exactly the actions the engine
    /// returned, once each, in the order it returned them.
    #[test]
    fn the_outbox_delivers_every_action_once_in_order(ops in proptest::collection::vec(op(), 1..40)) {
        let f = Fixture::new(team(), vec![]);
        let mut expected: HashMap<Lane, Vec<String>> = HashMap::new();
        let mut record = |handled: Handled| {
            for action in handled.actions() {
                expected.entry(action.lane()).or_default().push(describe(action));
            }
        };
        for (n, op) in ops.iter().enumerate() {
            match op {
                Op::Write(v) => record(f.write(*v, &format!("message {n} from {v}"))),
                Op::Duty(s, on) => record(f.duty(STAFF[*s], *on)),
                Op::Reply(v, s) | Op::Close(v, s) | Op::Refer(v, s) => if let Some(id) = conversation_id(&f, *v) {
                    let text = match op { Op::Reply(..) => "an answer", Op::Close(..) => "!close", _ => "!refer legal consent=yes" };
                    record(f.say(STAFF[*s], StaffRoom::Conversation(id), text));
                },
                Op::Transfer(v, s, t) => if let Some(id) = conversation_id(&f, *v) {
                    record(f.say(STAFF[*s], StaffRoom::Conversation(id), &format!("!transfer {}", STAFF[*t])));
                },
                Op::Tick(minutes) => { f.clock.advance_minutes(*minutes); record(f.tick()); }
                _ => {}
            }
        }
        let mut delivered: HashMap<Lane, Vec<String>> = HashMap::new();
        for _ in 0..10_000 {
            let due = f.engine.due(1000).unwrap();
            if due.is_empty() {
                break;
            }
            for entry in due {
                delivered.entry(entry.action.lane()).or_default().push(describe(&entry.action));
                f.engine.ack(&entry).unwrap();
            }
        }
        // An open run of relays may stay behind, waiting for the next message; nothing is due.
        prop_assert!(f.engine.store().outbox_entries().unwrap().is_empty(), "everything was delivered");
        prop_assert_eq!(delivered, expected);
    }
}

/// What a connector would do, as a comparable line.
fn describe(action: &Action) -> String {
    format!("{} {}", action.name(), action.text().unwrap_or_default())
}
