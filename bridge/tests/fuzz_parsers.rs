//! Property tests of the staff and visitor command parsers, and a replay of the corpus kept in
//! `tests/corpus/<parser>/` through the parsers and the media cleaners.
//!
//! `HOPENOW_FUZZ_CASES` sets the number of cases per property (default 256, a few seconds in a
//! debug build); proptest keeps failing cases in `bridge/proptest-regressions/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use bridge::command::{self, CANNED, StaffCommand};
use bridge::media::{Cleaned, clean_file, clean_staff_file, strip_metadata};
use bridge::visitor_command::VisitorCommand;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("HOPENOW_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

const STAFF_NAMES: &[&str] = &[
    "duty", "who", "queue", "help", "note", "transfer", "refer", "referral", "close", "send", "lang", "hold", "unhold",
    "block", "unblock", "translate", "raw", "partners", "handover", "referrals", "announce",
];

const VISITOR_NAMES: &[&str] =
    &["word", "safeword", "code", "start", "language", "lang", "help", "hide", "forget", "messages", "autohide", "news"];

fn staff_name(command: &StaffCommand) -> &'static str {
    match command {
        StaffCommand::Duty(_) => "duty",
        StaffCommand::Who => "who",
        StaffCommand::Queue => "queue",
        StaffCommand::Help => "help",
        StaffCommand::Note(_) => "note",
        StaffCommand::Transfer(_) => "transfer",
        StaffCommand::Refer { .. } => "refer",
        StaffCommand::Referral { .. } => "referral",
        StaffCommand::Close => "close",
        StaffCommand::Send(_) => "send",
        StaffCommand::Language(_) => "lang",
        StaffCommand::Hold { .. } => "hold",
        StaffCommand::Unhold => "unhold",
        StaffCommand::Block => "block",
        StaffCommand::Unblock => "unblock",
        StaffCommand::Translate(_) => "translate",
        StaffCommand::Raw(_) => "raw",
        StaffCommand::Partners { .. } => "partners",
        StaffCommand::Handover => "handover",
        StaffCommand::Referrals(_) => "referrals",
        StaffCommand::SendPartner { .. } => "send",
        StaffCommand::Announce(_) => "announce",
    }
}

/// What any text must give: a command only for `!`, the command the first word names (never a
/// guess at a near one), arguments taken from the text, and a usage line for the rest.
fn check_staff(text: &str) -> Result<(), TestCaseError> {
    let parsed = command::parse(text);
    let Some(rest) = text.trim().strip_prefix('!') else {
        prop_assert!(parsed.is_none(), "not a command");
        return Ok(());
    };
    let name = rest.split(char::is_whitespace).next().unwrap_or_default().to_ascii_lowercase();
    let Some(parsed) = parsed else { return Err(TestCaseError::fail("a `!` text is a command or a usage")) };
    match parsed {
        Ok(command) => {
            prop_assert_eq!(staff_name(&command), name.as_str());
            let from_text = |s: &str| !s.is_empty() && text.contains(s);
            match &command {
                StaffCommand::Note(note) => prop_assert!(from_text(note)),
                StaffCommand::Raw(Some(words)) => prop_assert!(from_text(words)),
                StaffCommand::Announce(command::Announce::Draft { audience, text: words }) => {
                    prop_assert!(from_text(audience) && from_text(words));
                }
                StaffCommand::Referral { note: Some(note), .. } => prop_assert!(note.split(' ').all(from_text)),
                StaffCommand::SendPartner { id, .. } => prop_assert!(from_text(id)),
                StaffCommand::Partners { language: Some(language), .. } => prop_assert!(from_text(language)),
                StaffCommand::Refer { partner: Some(partner), .. } => prop_assert!(from_text(partner)),
                StaffCommand::Transfer(id) => prop_assert!(from_text(id.as_str())),
                StaffCommand::Language(tag) => prop_assert!(from_text(tag)),
                StaffCommand::Hold { review, reason } => {
                    prop_assert!(from_text(review) && command::valid_date(review));
                    prop_assert!(reason.split(' ').all(from_text));
                }
                StaffCommand::Refer { follow_up: Some(date), .. } => prop_assert!(from_text(date)),
                StaffCommand::Send(canned) => {
                    prop_assert!(CANNED.contains(canned));
                    prop_assert!(text.to_ascii_lowercase().contains(canned));
                }
                _ => {}
            }
        }
        Err(usage) => {
            prop_assert!(usage.id.starts_with("command-"));
            prop_assert_eq!(usage.id == "command-unknown", !STAFF_NAMES.contains(&name.as_str()), "{}", usage.id);
        }
    }
    Ok(())
}

fn check_visitor(text: &str) -> Result<(), TestCaseError> {
    let Some(command) = VisitorCommand::parse(text, '/') else { return Ok(()) };
    let rest = text.trim().strip_prefix('/');
    prop_assert!(rest.is_some(), "only `/` texts are commands");
    let word = rest.and_then(|r| r.split_whitespace().next()).unwrap_or_default();
    let name = word.split('@').next().unwrap_or_default().to_ascii_lowercase();
    prop_assert!(VISITOR_NAMES.contains(&name.as_str()), "{name:?} is not a command");
    let from_text = |s: &str| !s.is_empty() && text.contains(s);
    match &command {
        VisitorCommand::SafeWord(bridge::safe_word::SafeWordChange::Set(word)) => prop_assert!(from_text(word)),
        VisitorCommand::Code(bridge::code_phrase::PhoneCode::Redeem(words)) => prop_assert!(from_text(words)),
        VisitorCommand::Messages(Some(word)) => prop_assert!(from_text(word)),
        _ => {}
    }
    Ok(())
}

/// Button data: accepted only in the exact form the bridge writes, never a near guess.
fn check_choice(data: &str) -> Result<(), TestCaseError> {
    if let Some(command) = VisitorCommand::from_choice(data) {
        let written = command.choice_data();
        prop_assert_eq!(written.as_deref(), Some(data));
    }
    Ok(())
}

/// Words that mean something to the parsers, and things that trip parsers up.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(STAFF_NAMES).prop_map(str::to_owned),
        prop::sample::select(VISITOR_NAMES).prop_map(str::to_owned),
        prop::sample::select(vec![
            "on",
            "off",
            "yes",
            "no",
            "consent=yes",
            "consent=no",
            "follow-up=2026-12-05",
            "2027-01-31",
            "2026-02-30",
            "#2",
            "done",
            "open",
            "doctor",
            "police",
            "emergency",
            "Emergency",
            "@SomeBot",
            "lang:",
            "autohide:",
            "autohide:5",
            "autohide:05",
            "autohide:+5",
            "5",
            "05",
            "+5",
            "30",
            "120",
            "forget:yes",
            "\u{0}",
            "\u{85}",
            "\u{200B}",
            "\u{202E}",
            "İ",
            "ß",
            "👍🏽",
            "\r\n",
            "\t",
            "!",
            "/",
            ":",
            "=",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn command_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["!", "/", " !", "\t/", "", "!!", "/ "]),
        prop::collection::vec(word(), 0..6),
        prop::collection::vec(prop::sample::select(vec![" ", "  ", "\t", "\n", "\u{3000}", "", "@", ":"]), 6),
    )
        .prop_map(|(prefix, words, seps)| {
            let mut text = prefix.to_owned();
            for (w, sep) in words.iter().zip(seps.iter().cycle()) {
                text.push_str(w);
                text.push_str(sep);
            }
            text
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn staff_commands_parse_only_what_was_typed(text in prop_oneof![command_like(), any::<String>()]) {
        check_staff(&text)?;
    }

    #[test]
    fn visitor_commands_parse_only_what_was_typed(text in prop_oneof![command_like(), any::<String>()]) {
        check_visitor(&text)?;
    }

    #[test]
    fn button_data_is_taken_only_as_written(
        data in prop_oneof![
            (
                prop::sample::select(vec!["lang", "forget", "hold", "location", "safe", "autohide", "x", ""]),
                prop_oneof![
                    // Near the values the bridge writes: other spellings of them must not pass.
                    prop::sample::select(vec!["yes", "no", "YES", "yes ", "5", "05", "+5", "30", "120", "off", "Off", ""])
                        .prop_map(str::to_owned),
                    word(),
                ],
            )
                .prop_map(|(kind, value)| format!("{kind}:{value}")),
            any::<String>(),
        ]
    ) {
        check_choice(&data)?;
    }
}

#[test]
fn every_button_the_bridge_writes_reads_back() {
    let all = [
        VisitorCommand::PickLanguage("pt-BR".into()),
        VisitorCommand::ConfirmForget(true),
        VisitorCommand::HoldReplies(false),
        VisitorCommand::ShareExactLocation(true),
        VisitorCommand::SafeToTalk(false),
        VisitorCommand::SetAutoHide(Some(5)),
        VisitorCommand::SetAutoHide(Some(120)),
        VisitorCommand::SetAutoHide(None),
    ];
    for command in all {
        let data = command.choice_data().unwrap();
        assert_eq!(VisitorCommand::from_choice(&data), Some(command), "{data}");
    }
}

#[test]
fn huge_and_control_texts_do_not_break_the_parsers() {
    let huge_word = format!("!note {}", "ä".repeat(1 << 20));
    let many_words = format!("!hold 2027-01-31 {}", "x ".repeat(1 << 18));
    let controls: String = (0..0x20_u8).map(char::from).chain(['\u{7F}', '\u{85}', '\u{2028}', '\u{FEFF}']).collect();
    for text in [huge_word, many_words, format!("!{controls}"), format!("/{controls}"), controls, "!".repeat(1 << 16)] {
        check_staff(&text).unwrap();
        check_visitor(&text).unwrap();
        check_choice(&text).unwrap();
    }
}

// ---- The corpus -------------------------------------------------------------------------

fn corpus(parser: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(parser);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files.into_iter().map(|path| (path.clone(), std::fs::read(&path).unwrap())).collect()
}

fn lines(parser: &str) -> Vec<String> {
    corpus(parser)
        .into_iter()
        .flat_map(|(_, bytes)| String::from_utf8_lossy(&bytes).lines().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[test]
fn the_command_corpus_replays() {
    for line in lines("staff_command") {
        check_staff(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    }
    for line in lines("visitor_command") {
        check_visitor(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    }
    for line in lines("button_data") {
        check_choice(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    }
}

#[test]
fn the_media_corpus_replays() {
    let mut passed = 0;
    for (path, bytes) in corpus("media") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for mime in ["application/octet-stream", "image/jpeg", "video/mp4", "image/gif", ""] {
            if let Ok((out, _)) = strip_metadata(mime, &bytes) {
                assert!(out.len() <= bytes.len(), "{name} grew");
            }
            for cleaned in [clean_file(mime, bytes.clone()), clean_staff_file(mime, bytes.clone())] {
                if let Cleaned::Pass(out) = cleaned {
                    passed += 1;
                    assert!(out.len() <= bytes.len(), "{name} grew");
                    // Every file in the corpus hides its metadata behind a canary.
                    assert!(!out.windows(6).any(|w| w == b"CANARY"), "{name} as {mime:?} kept a canary");
                }
            }
        }
    }
    assert!(passed > 0, "some of the corpus is cleanable");
}
