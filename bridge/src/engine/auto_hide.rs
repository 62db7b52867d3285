//! Auto-hide: the visitor's chat deletes itself a while after the last message, so a phone
//! picked up later shows nothing, without the visitor having to remember `/hide`.
//!
//! Every message that enters an auto-hiding chat (either way) schedules a check for the chosen
//! delay after it. A check that finds a newer message in the chat does nothing: the check
//! scheduled by that newer message will come. Only what the platform still lets the bot delete
//! is attempted (the chat log keeps nothing older than [`HIDE_WINDOW_MS`]).

use crate::chat::{HIDE_WINDOW_MS, LoggedMessage, VANISH_AFTER_MS};
use crate::i18n::Arg;
use crate::ids::VisitorId;
use crate::outbox::{Action, Lane};
use crate::store::{StoreError, TxError};
use crate::visitor::Visitor;
use crate::visitor_command::{AUTO_HIDE_MINUTES, Choice, VisitorCommand};

use super::turn::Turn;
use super::{Engine, EngineError};

impl Turn<'_, '_> {
    /// `/autohide`: the delays to choose from, and "keep the messages".
    pub(super) fn ask_auto_hide(&mut self, visitor: &Visitor, hint: Option<&str>) -> Result<(), TxError> {
        let language = self.language_for(visitor, hint)?;
        let mut choices: Vec<Choice> = AUTO_HIDE_MINUTES
            .iter()
            .map(|&minutes| {
                let label = self.engine.catalog.render(
                    &language,
                    "auto-hide-choice-minutes",
                    &[("minutes", Arg::from(minutes))],
                );
                Choice::new(label, &VisitorCommand::SetAutoHide(Some(minutes)))
            })
            .collect();
        let off = self.engine.catalog.render(&language, "auto-hide-choice-off", &[]);
        choices.push(Choice::new(off, &VisitorCommand::SetAutoHide(None)));
        self.prompt_visitor(visitor, &language, "auto-hide-question", &[], choices, None)
    }

    /// The visitor chose. The confirmation is a message like any other: it vanishes with the
    /// rest of the chat.
    pub(super) fn set_auto_hide(
        &mut self,
        mut visitor: Visitor,
        minutes: Option<u32>,
        hint: Option<&str>,
    ) -> Result<(), TxError> {
        let minutes = minutes.filter(|m| AUTO_HIDE_MINUTES.contains(m));
        visitor.auto_hide_minutes = minutes;
        self.put_visitor(&visitor)?;
        // Checks of the old delay go: they share one ordered lane, and a pending 120-minute
        // check would hold up every 5-minute one behind it.
        let before = match minutes {
            Some(_) => self.schedule_auto_hide(visitor.id)?.unwrap_or(u64::MAX),
            None => u64::MAX,
        };
        self.tx.purge_lanes_after_commit(vec![Lane::AutoHide(visitor.id)], before);
        let language = self.language_for(&visitor, hint)?;
        match minutes {
            Some(minutes) => {
                self.prompt_visitor(
                    &visitor,
                    &language,
                    "auto-hide-on",
                    &[("minutes", Arg::from(minutes))],
                    Vec::new(),
                    None,
                )?;
                // The question and its buttons are in the chat already: the check scheduled above
                // takes them too.
                Ok(())
            }
            None => self.prompt_visitor(&visitor, &language, "auto-hide-off", &[], Vec::new(), Some(VANISH_AFTER_MS)),
        }
    }

    /// A message entered `visitor`'s chat now: if they chose auto-hide, check again once the
    /// chosen delay has passed.
    /// Returns the check's outbox id, if one was scheduled.
    pub(super) fn schedule_auto_hide(&mut self, visitor: VisitorId) -> Result<Option<u64>, TxError> {
        let Some(visitor) = self.visitor(visitor)? else { return Ok(None) };
        let Some(minutes) = visitor.auto_hide_minutes else { return Ok(None) };
        let check = Action::AutoHideChat { visitor: visitor.id, address: visitor.address.clone(), after: self.now };
        self.emit_at(check, self.now.plus_millis(i64::from(minutes) * 60_000)).map(Some)
    }
}

impl Engine {
    /// See [`Engine::messages_to_hide`].
    pub(super) fn chat_to_hide(&self, action: &Action) -> Result<Vec<LoggedMessage>, EngineError> {
        let window_start = self.now().plus_millis(-HIDE_WINDOW_MS);
        match action {
            Action::HideChat { visitor, since, .. } => Ok(self.store.chat_log(*visitor, (*since).max(window_start))?),
            Action::AutoHideChat { visitor, after, .. } => {
                let still_on = self.store.visitor(*visitor)?.is_some_and(|v| v.auto_hide_minutes.is_some());
                if !still_on {
                    return Ok(Vec::new());
                }
                let newer = self.store.chat_log(*visitor, after.plus_millis(1))?;
                if !newer.is_empty() {
                    return Ok(Vec::new());
                }
                Ok(self.store.chat_log(*visitor, window_start)?)
            }
            _ => Err(StoreError::NotFound { what: "a chat to hide for this action" }.into()),
        }
    }
}
