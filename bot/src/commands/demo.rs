//! `hopenow demo`: a scripted night on the real engine and a real encrypted store (in a
//! temporary folder), with in-memory stand-ins for Telegram and Matrix. Nothing leaves the
//! machine; everything printed was decided by the same code `hopenow run` uses.

use std::process::ExitCode;
use std::sync::Arc;

use bridge::engine::{Engine, Event, IncomingMessage, Outcome, StaffRoom};
use bridge::i18n::Catalog;
use bridge::outbox::Action;
use bridge::roster::{Role, Roster, StaffId, StaffMember};
use bridge::shifts::{ShiftConfig, Shifts};
use bridge::visitor_command::VisitorCommand;
use bridge::{Clock, ConversationId, ManualClock, MasterKey, PlatformAddress, Store, Timestamp};

const ZONE: &str = "Europe/Copenhagen";

struct Night {
    engine: Engine,
    clock: ManualClock,
    zone: jiff::tz::TimeZone,
}

fn staff(id: &str, alias: &str, languages: &[&str], role: Role) -> StaffMember {
    StaffMember {
        id: StaffId::new(id),
        alias: alias.into(),
        matrix_user: format!("@{id}:hopenow.example"),
        languages: languages.iter().map(|l| l.to_string()).collect(),
        roles: vec![role],
        staff_language: "en".into(),
    }
}

fn at(local: &str) -> anyhow::Result<Timestamp> {
    let zoned: jiff::ZonedDateTime = format!("{local}[{ZONE}]").parse()?;
    Ok(Timestamp::from_millis(zoned.timestamp().as_millisecond()))
}

pub fn run() -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let key = MasterKey::generate()?;
    let store = Store::open(dir.path(), &key)?;
    let roster = Roster::new(vec![
        staff("ana", "Ana", &["ro", "en"], Role::Outreach),
        staff("som", "Som", &["th", "en"], Role::Outreach),
        staff("grace", "Grace", &["en", "pcm"], Role::Outreach),
        staff("ife", "Ife", &["en", "pcm"], Role::Peer),
    ])?;
    let shift = |id: &str| ShiftConfig {
        staff: StaffId::new(id),
        days: vec!["fri".into()],
        start: "20:00".into(),
        end: "02:00".into(),
    };
    let shifts = Shifts::new(ZONE, &[shift("ana"), shift("som")], |id| roster.get(id).is_some())?;
    let clock = ManualClock::at(at("2026-11-27T19:30")?);
    let catalog = Arc::new(Catalog::embedded()?);
    let engine =
        Engine::builder(store, catalog).roster(roster).shifts(shifts).clock(Arc::new(clock.clone())).build()?;
    let night = Night { engine, clock, zone: jiff::tz::TimeZone::get(ZONE)? };

    println!(
        "HopeNow Bridge — a scripted night (Friday, Copenhagen). Store: {} (encrypted, temporary)",
        dir.path().display()
    );
    println!("Ana (Romanian) and Som (Thai) have a shift from 20:00. Ife is the peer worker.\n");
    println!("time   side      what happens");
    println!("─────  ────────  ───────────────────────────────────────────────────────────────");

    let romanian = PlatformAddress::Telegram { user_id: 700_001, chat_id: 700_001 };
    let thai = PlatformAddress::Matrix {
        user_id: "@visitor-demo:matrix.example".into(),
        room_id: Some("!dm:matrix.example".into()),
    };

    night.visitor_asks(&romanian, VisitorCommand::Start(None), "/start")?;
    night.visitor_asks(&romanian, VisitorCommand::PickLanguage("ro".into()), "taps «Română»")?;
    night.visitor_asks(&romanian, VisitorCommand::SafeToTalk(true), "taps «Da, este sigur»")?;
    night.visitor_asks(&romanian, VisitorCommand::HoldReplies(false), "taps the first button")?;
    night.visitor_writes(&romanian, "Bună seara. Am nevoie de ajutor, nu am actele mele.")?;
    night.clock.advance_minutes(10);
    night.visitor_asks(&thai, VisitorCommand::PickLanguage("th".into()), "picks ไทย")?;
    night.visitor_asks(&thai, VisitorCommand::SafeToTalk(true), "answers «ใช่ ปลอดภัย»")?;
    night.visitor_asks(&thai, VisitorCommand::HoldReplies(false), "picks the first choice")?;
    night.visitor_writes(&thai, "สวัสดีค่ะ ฉันอยากคุยกับใครสักคน")?;

    night.clock.advance_minutes(20);
    night.step(Event::Tick)?;

    let ro = night.conversation_of(&romanian)?;
    let th = night.conversation_of(&thai)?;
    night.clock.advance_minutes(2);
    night.staff_says("ana", StaffRoom::Conversation(ro), "Bună seara. Sunt Ana. Sunteți în siguranță acum?")?;
    night.clock.advance_minutes(3);
    night.visitor_writes(&romanian, "Da. Am febră și mi-e frică să merg la spital.")?;
    night.clock.advance_minutes(2);
    night.staff_says("ana", StaffRoom::Conversation(ro), "!refer doctor consent=yes follow-up=2026-11-30")?;
    night.clock.advance_minutes(1);
    night.staff_says("som", StaffRoom::Conversation(th), "!send emergency")?;
    night.clock.advance_minutes(5);
    night.staff_says("ana", StaffRoom::Conversation(ro), "Ife vă sună mâine dimineață. Noapte bună.")?;
    night.staff_says("ana", StaffRoom::Conversation(ro), "!close")?;

    night.show_audit_and_stats()?;
    night.show_transcript_record(ro)?;
    Ok(ExitCode::SUCCESS)
}

impl Night {
    fn time(&self) -> String {
        jiff::Timestamp::from_millisecond(self.clock.now().as_millis())
            .map(|t| t.to_zoned_datetime(self.zone.clone()).strftime("%H:%M").to_string())
            .unwrap_or_default()
    }

    fn visitor_writes(&self, from: &PlatformAddress, text: &str) -> anyhow::Result<()> {
        println!("{}  visitor   ▶ ({}) {}", self.time(), from.channel(), text);
        self.step(Event::VisitorMessage { from: from.clone(), message: IncomingMessage::text(text), dedupe: None })
    }

    fn visitor_asks(&self, from: &PlatformAddress, command: VisitorCommand, shown: &str) -> anyhow::Result<()> {
        println!("{}  visitor   ▶ ({}) {shown}", self.time(), from.channel());
        self.step(Event::VisitorCommand {
            from: from.clone(),
            command,
            reference: None,
            language_hint: None,
            dedupe: None,
        })
    }

    fn staff_says(&self, staff: &str, room: StaffRoom, text: &str) -> anyhow::Result<()> {
        println!("{}  staff     ▶ {staff} in the conversation room: {text}", self.time());
        self.step(Event::StaffText {
            from: format!("@{staff}:hopenow.example"),
            room,
            text: text.into(),
            attachment: None,
            dedupe: None,
        })
    }

    /// Applies an event durably, then delivers its actions through the in-memory transports.
    fn step(&self, event: Event) -> anyhow::Result<()> {
        self.engine.handle(event)?;
        self.engine.flush()?;
        loop {
            let due = self.engine.due(100)?;
            if due.is_empty() {
                return Ok(());
            }
            let mut round = Vec::with_capacity(due.len());
            for entry in due {
                self.deliver(&entry.action)?;
                round.push((entry, Outcome::Delivered(Vec::new())));
            }
            self.engine.settle(&round)?;
        }
    }

    fn deliver(&self, action: &Action) -> anyhow::Result<()> {
        let time = self.time();
        match action {
            Action::SendToVisitor { address, text, .. } => {
                let text = text.replace(['\u{2068}', '\u{2069}'], "").replace('\n', " ⏎ ");
                println!("{time}  visitor   ◀ ({}) {text}", address.channel());
            }
            Action::PostToConversation { conversation, text, notice, .. } => {
                let room = self.room_name(*conversation)?;
                let marker = if *notice { "notice" } else { "message" };
                println!("{time}  staff     ◀ [{room}] {marker}: {}", text.replace('\n', " ⏎ "));
            }
            Action::PostToDuty { text } => println!("{time}  staff     ◀ [duty room] {}", text.replace('\n', " ⏎ ")),
            Action::PostToPeerDesk { text } => {
                println!("{time}  staff     ◀ [peer desk] {}", text.replace('\n', " ⏎ "))
            }
            Action::OpenConversationRoom { name, .. } => println!("{time}  staff     ◀ new encrypted room «{name}»"),
            Action::InviteStaff { conversation, matrix_user } => {
                println!("{time}  staff     ◀ [{}] {matrix_user} invited", self.room_name(*conversation)?);
            }
            Action::RemoveStaff { conversation, matrix_user } => {
                println!("{time}  staff     ◀ [{}] {matrix_user} removed", self.room_name(*conversation)?);
            }
            Action::Announce { address, text, held, .. } => {
                let text = text.replace(['\u{2068}', '\u{2069}'], "").replace('\n', " ⏎ ");
                let parked = if *held { " (parked until they ask for their messages)" } else { "" };
                println!("{time}  visitor   ◀ ({}) news{parked}: {text}", address.channel());
            }
            Action::PromptVisitor { address, text, choices, .. } => {
                let text = text.replace(['\u{2068}', '\u{2069}'], "").replace('\n', " ⏎ ");
                let buttons: String = choices.iter().map(|c| format!(" [{}]", c.label)).collect();
                println!("{time}  visitor   ◀ ({}) {text}{buttons}", address.channel());
            }
            Action::ShareInvitation { address, text, .. } => {
                let text = text.replace(['\u{2068}', '\u{2069}'], "").replace('\n', " ⏎ ");
                println!("{time}  visitor   ◀ ({}) to forward: {text}", address.channel());
            }
            Action::HideChat { address, .. } => {
                println!("{time}  visitor   ◀ ({}) recent messages deleted", address.channel())
            }
            Action::AutoHideChat { address, .. } => {
                if !self.engine.messages_to_hide(action)?.is_empty() {
                    println!("{time}  visitor   ◀ ({}) the quiet chat deleted itself", address.channel());
                }
            }
            Action::DeleteVisitorMessages { address, messages, .. } => {
                println!("{time}  visitor   ◀ ({}) {} message(s) deleted", address.channel(), messages.len());
            }
            Action::SendVoice { address, language, .. } => {
                println!("{time}  visitor   ◀ ({}) recorded greeting ({language})", address.channel());
            }
            Action::ForgetRoom { conversation } => {
                println!("{time}  staff     ◀ [{conversation}] room redacted, staff removed, room left");
            }
            Action::ForgetVisitorChat { address, .. } => {
                println!("{time}  visitor   ◀ ({}) everything the bot wrote redacted", address.channel());
            }
            Action::RenameConversationRoom { name, .. } => println!("{time}  staff     ◀ room renamed «{name}»"),
            Action::PostTranslation { conversation, text, .. } => {
                let room = self.room_name(*conversation)?;
                println!("{time}  staff     ◀ [{room}] reply: {}", text.replace('\n', " ⏎ "));
            }
            // The demo has no [translation]: the engine queues no translation here.
            Action::Translate { .. } => println!("{time}  (machine translation is not part of the demo)"),
            // Nothing a reader of the timeline would miss: the menu is the phone's, not a message.
            Action::SetRoomTopic { .. } | Action::SetVisitorMenu { .. } => {}
        }
        Ok(())
    }

    /// What a coordinator finds the morning after: the audit log (`hopenow audit`) and the week's
    /// counts for funders (`hopenow stats`), where a night this small shows only "<5".
    fn show_audit_and_stats(&self) -> anyhow::Result<()> {
        let store = self.engine.store();
        let log = store.verify_audit()?;
        println!("\nThe audit log (`hopenow audit`): who did what to which pseudonym, never a word anyone wrote.");
        for (seq, entry) in &log.entries {
            let at = jiff::Timestamp::from_millisecond(entry.at.as_millis())?.to_zoned_datetime(self.zone.clone());
            let staff = entry.staff.as_ref().map(StaffId::as_str).unwrap_or("-");
            let pseudonym = entry.pseudonym.as_ref().map(ToString::to_string).unwrap_or_default();
            let detail = entry.detail.as_deref().unwrap_or("");
            println!("  {seq:>2}  {}  {:<17} {staff:<6} {pseudonym:<24} {detail}", at.strftime("%H:%M"), entry.kind);
        }
        let verdict = if log.broken.is_none() { "verified" } else { "BROKEN" };
        println!("  Chain {verdict}; its head is {}… (a coordinator writes it down now and then).", &log.head[..16]);

        let week = bridge::stats::week_of(&self.zone, self.clock.now())
            .ok_or_else(|| anyhow::anyhow!("the demo night has no week"))?;
        let weeks = store.week_stats(week, week)?;
        let weeks = if weeks.is_empty() { vec![(week, bridge::stats::WeekStats::default())] } else { weeks };
        println!("\nThe week's statistics for funders (`hopenow stats`): every count below 5 shows as \"<5\".");
        print!("{}", bridge::stats::report::build(&weeks).table());
        Ok(())
    }

    fn room_name(&self, conversation: ConversationId) -> anyhow::Result<String> {
        let store = self.engine.store();
        let Some(c) = store.conversation(conversation)? else { return Ok(conversation.to_string()) };
        let pseudonym = store.visitor(c.visitor)?.map(|v| v.pseudonym.to_string()).unwrap_or_default();
        Ok(pseudonym)
    }

    fn conversation_of(&self, from: &PlatformAddress) -> anyhow::Result<ConversationId> {
        self.engine
            .store()
            .find_visitor(&from.account())?
            .and_then(|v| v.conversation)
            .ok_or_else(|| anyhow::anyhow!("the demo visitor has no conversation"))
    }

    fn show_transcript_record(&self, conversation: ConversationId) -> anyhow::Result<()> {
        let store = self.engine.store();
        let raw = store.raw_transcript_entry(conversation, 0)?.ok_or_else(|| anyhow::anyhow!("no transcript entry"))?;
        let entries = store.transcript(conversation)?;
        println!(
            "\nThe first transcript record of «{}», as it lies on disk ({} bytes, AES-256-GCM):",
            self.room_name(conversation)?,
            raw.len()
        );
        for chunk in raw.chunks(32) {
            println!("  {}", hex::encode(chunk));
        }
        println!("\nDecrypted with the conversation's data key (what `hopenow transcript show` prints):");
        for (seq, entry) in entries.iter().take(6) {
            println!("{}", super::transcript::format_entry(*seq, entry));
        }
        println!("  … {} entries in all. The temporary store is deleted now.", entries.len());
        Ok(())
    }
}
