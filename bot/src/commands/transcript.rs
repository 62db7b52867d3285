//! `hopenow transcript show`: decrypts a transcript to the terminal, for coordinators.

use std::path::Path;
use std::process::ExitCode;

use bridge::{Conversation, ConversationId, Store, Timestamp, TranscriptEntry, Visitor, VisitorId};

use super::open_store;

pub fn show(config: &Path, who: &str) -> anyhow::Result<ExitCode> {
    let (_, store) = open_store(config)?;
    let Some((visitor, conversations)) = resolve(&store, who)? else {
        eprintln!(
            "hopenow: no visitor or conversation matches {who:?}. Give a pseudonym as staff see it (\"Amber Heron 4K7\") or a 32-character id"
        );
        return Ok(ExitCode::FAILURE);
    };
    eprintln!("Decrypted transcript follows. It is confidential: do not copy it anywhere else.");
    println!(
        "Visitor {} · {} · language {} · first seen {}",
        visitor.pseudonym,
        visitor.channel(),
        visitor.language.as_deref().unwrap_or("not chosen"),
        format_time(visitor.first_seen)
    );
    if conversations.is_empty() {
        println!("  (no conversations)");
    }
    for conversation in conversations {
        println!("\nConversation {} · opened {}", conversation.id, format_time(conversation.opened_at));
        match store.transcript(conversation.id) {
            Ok(entries) => {
                for (seq, entry) in entries {
                    println!("{}", format_entry(seq, &entry));
                }
            }
            Err(error) => println!("  ({error})"),
        }
    }
    Ok(ExitCode::SUCCESS)
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
        line.push_str(&format!(" [{} attachment, {} bytes]", attachment.mime, attachment.bytes.len()));
    }
    line
}
