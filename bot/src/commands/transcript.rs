//! `hopenow transcript show` and `export`: decrypt a transcript, for coordinators. Both name the
//! coordinator and leave an entry in the audit log before a word is decrypted.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use bridge::audit::{AuditEntry, AuditKind};
use bridge::roster::{Role, StaffId};
use bridge::{Clock, Conversation, ConversationId, Store, SystemClock, Timestamp, TranscriptEntry, Visitor, VisitorId};

use super::open_store;
use crate::config::Loaded;

fn no_match(who: &str) -> ExitCode {
    eprintln!(
        "hopenow: no visitor or conversation matches {who:?}. Give a pseudonym as staff see it (\"Amber Heron 4K7\") or a 32-character id"
    );
    ExitCode::FAILURE
}

pub fn show(config: &Path, who: &str, coordinator: &str) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let coordinator = require_coordinator(&loaded, coordinator, "read")?;
    let Some((visitor, conversations)) = resolve(&store, who)? else {
        return Ok(no_match(who));
    };
    let detail = format!("{} conversation(s) on the screen", conversations.len());
    audit(&store, AuditKind::Viewed, &coordinator, &visitor, detail)?;
    eprintln!("Decrypted transcript follows. It is confidential: do not copy it anywhere else.");
    write_transcript(&mut std::io::stdout().lock(), &store, &visitor, conversations)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the decrypted transcript to a new file readable by its owner only, after recording
/// in the audit log who asked for it.
pub fn export(config: &Path, who: &str, coordinator: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let coordinator = require_coordinator(&loaded, coordinator, "export")?;
    let Some((visitor, conversations)) = resolve(&store, who)? else {
        return Ok(no_match(who));
    };
    let mut file = match OpenOptions::new().write(true).create_new(true).mode(0o600).open(out) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} already exists: an export never overwrites a file. Choose another --out", out.display())
        }
        Err(error) => return Err(error).with_context(|| format!("creating the export file {}", out.display())),
    };
    // Logged before a word is written: an export is never without its audit entry.
    let detail = format!("{} conversation(s) to a file", conversations.len());
    audit(&store, AuditKind::Exported, &coordinator, &visitor, detail)?;
    let written = write_transcript(&mut file, &store, &visitor, conversations).and_then(|()| Ok(file.sync_all()?));
    if let Err(error) = written {
        let _ = std::fs::remove_file(out);
        return Err(error).with_context(|| format!("writing the export file {}", out.display()));
    }
    eprintln!(
        "Exported {}'s transcript to {} (readable by you only) for {coordinator}; the audit log records it. Delete the file when it is no longer needed.",
        visitor.pseudonym,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The `--coordinator` named, if the roster has them as a coordinator.
fn require_coordinator(loaded: &Loaded, name: &str, verb: &str) -> anyhow::Result<StaffId> {
    let roster = loaded.roster();
    let coordinator = StaffId::new(name);
    match roster.get(&coordinator) {
        None => anyhow::bail!(
            "--coordinator {coordinator} is not in the roster of {}: name the [[staff]] id of a coordinator",
            loaded.path.display()
        ),
        Some(member) if !member.has_role(Role::Coordinator) => anyhow::bail!(
            "--coordinator {coordinator} is not a coordinator: in {}, that [[staff]] entry's roles do not include \"coordinator\". Only a coordinator may {verb} a transcript",
            loaded.path.display()
        ),
        Some(_) => Ok(coordinator),
    }
}

/// Records (durably) that `coordinator` decrypted `visitor`'s transcript.
fn audit(
    store: &Store,
    kind: AuditKind,
    coordinator: &StaffId,
    visitor: &Visitor,
    detail: String,
) -> anyhow::Result<()> {
    let entry = AuditEntry {
        at: SystemClock.now(),
        kind,
        staff: Some(coordinator.clone()),
        pseudonym: Some(visitor.pseudonym.clone()),
        detail: Some(detail),
    };
    store.append_audit(&entry)?;
    store.flush()?;
    Ok(())
}

fn write_transcript(
    out: &mut impl Write,
    store: &Store,
    visitor: &Visitor,
    conversations: Vec<Conversation>,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "Visitor {} · {} · language {} · first seen {}",
        visitor.pseudonym,
        visitor.channel(),
        visitor.language.as_deref().unwrap_or("not chosen"),
        format_time(visitor.first_seen)
    )?;
    if conversations.is_empty() {
        writeln!(out, "  (no conversations)")?;
    }
    for conversation in conversations {
        writeln!(out, "\nConversation {} · opened {}", conversation.id, format_time(conversation.opened_at))?;
        match store.transcript(conversation.id) {
            Ok(entries) => {
                for (seq, entry) in entries {
                    writeln!(out, "{}", format_entry(seq, &entry))?;
                }
            }
            Err(error) => writeln!(out, "  ({error})")?,
        }
    }
    Ok(())
}

/// A pseudonym, a visitor id or a conversation id → the visitor and the conversations to show.
fn resolve(store: &Store, who: &str) -> anyhow::Result<Option<(Visitor, Vec<Conversation>)>> {
    if let Ok(id) = who.parse::<VisitorId>()
        && let Some(visitor) = store.visitor(id)?
    {
        let conversations = store.conversations_of(visitor.id)?;
        return Ok(Some((visitor, conversations)));
    }
    if let Ok(id) = who.parse::<ConversationId>()
        && let Some(conversation) = store.conversation(id)?
    {
        return Ok(store.visitor(conversation.visitor)?.map(|visitor| (visitor, vec![conversation])));
    }
    match store.find_by_pseudonym(who)? {
        Some(visitor) => {
            let conversations = store.conversations_of(visitor.id)?;
            Ok(Some((visitor, conversations)))
        }
        None => Ok(None),
    }
}

pub(crate) fn format_time(at: Timestamp) -> String {
    jiff::Timestamp::from_millisecond(at.as_millis())
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|_| format!("{} ms", at.as_millis()))
}

pub(crate) fn format_entry(seq: u64, entry: &TranscriptEntry) -> String {
    let mut line = format!(
        "  #{seq:<4} {}  {:<28} {:<10} {}",
        format_time(entry.at),
        entry.author.to_string(),
        entry.kind.name(),
        entry.text
    );
    if let Some(attachment) = &entry.attachment {
        line.push_str(&format!(" [{} attachment, {} bytes]", attachment.mime(), attachment.len()));
    }
    terminal_safe(&line)
}

/// `text` without what a terminal would obey instead of show: escape sequences (colours, cursor
/// moves, OSC 52 writing the coordinator's clipboard, a changed window title) and every other
/// C0 and C1 control but newline and tab. A visitor's text (or a file's claimed type) reaches
/// the coordinator's terminal through `transcript show`; it must only ever be read there.
pub(crate) fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | '_' | '^' | 'X') => skip_string(&mut chars),
                // A two-character sequence (ESC 7, ESC c, …), or a lone ESC at the end.
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' | '\u{98}' => skip_string(&mut chars),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Parameters and intermediates of a control sequence, up to and with its final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
    }
}

/// An operating-system command or device string, up to and with its terminator (BEL, ST as
/// ESC \\ or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' if chars.peek() == Some(&'\\') => {
                chars.next();
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{format_entry, terminal_safe};
    use bridge::{Author, Direction, Timestamp, TranscriptEntry};

    #[test]
    fn a_machine_translation_shows_beside_its_original_and_names_it() {
        let original = TranscriptEntry::text(Timestamp(0), Direction::ToVisitor, Author::Staff("grace".into()), "Are you safe?");
        let author = Author::MachineTranslation { of: 4, source: "en".into(), target: "th".into() };
        let translated = TranscriptEntry::text(Timestamp(0), Direction::ToVisitor, author, "ปลอดภัยไหม");
        let lines = [format_entry(4, &original), format_entry(5, &translated)];
        assert!(lines[0].starts_with("  #4    1970-01-01 00:00:00 UTC  staff grace") && lines[0].ends_with("Are you safe?"), "{}", lines[0]);
        assert!(lines[1].contains("machine translation of #4, en → th") && lines[1].ends_with("ปลอดภัยไหม"), "{}", lines[1]);
    }

    #[test]
    fn escape_sequences_and_controls_are_stripped_newlines_and_tabs_kept() {
        // OSC 52 would put "CANARY" into the clipboard; the title change and colours are obeyed
        // by most terminals too.
        let osc52 = "help me\u{1b}]52;c;Q0FOQVJZ\u{7} now";
        assert_eq!(terminal_safe(osc52), "help me now");
        assert_eq!(terminal_safe("a\u{1b}]0;title\u{1b}\\b"), "ab");
        assert_eq!(terminal_safe("\u{1b}[31;1mred\u{1b}[0m\u{1b}[2J"), "red");
        assert_eq!(terminal_safe("c1\u{9b}2Jcsi \u{9d}52;c;Q0FOQVJZ\u{9c}osc"), "c1csi osc");
        assert_eq!(terminal_safe("line\r\u{8}\u{7f}\u{0}one\n\ttwo"), "lineone\n\ttwo");
        assert_eq!(terminal_safe("Привет, ยินดี, مرحبا 😀"), "Привет, ยินดี, مرحبا 😀");
        assert_eq!(terminal_safe("ends in \u{1b}"), "ends in ");
    }
}
