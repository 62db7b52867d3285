//! A visitor who skipped the language picker and wrote in another shipped language is asked,
//! in that language, whether to switch. Never switched silently: a wrong guess would answer a
//! frightened person in a language they cannot read.

use crate::conversation::Conversation;
use crate::i18n::{self, Arg};
use crate::store::TxError;
use crate::visitor::Visitor;
use crate::visitor_command::{Choice, VisitorCommand};

use super::turn::Turn;

impl Turn<'_, '_> {
    /// Offers to continue in the language `text` looks written in, if it is not the one in use.
    pub(super) fn offer_language(
        &mut self,
        visitor: &Visitor,
        conversation: &Conversation,
        text: &str,
    ) -> Result<(), TxError> {
        let Some(guess) = crate::language_hint::detect(text) else {
            return Ok(());
        };
        let (Some(guessed), Some(current)) = (i18n::language(guess), i18n::language(&conversation.language)) else {
            return Ok(());
        };
        if guessed.tag == current.tag {
            return Ok(());
        }
        let render = |id: &str, args: &[(&str, Arg)]| self.engine.catalog.render(guessed.tag, id, args);
        let choices = vec![
            Choice::new(
                render("language-hint-yes", &[("language", guessed.endonym.into())]),
                &VisitorCommand::PickLanguage(guessed.tag.to_owned()),
            ),
            Choice::new(
                render("language-hint-no", &[("current", current.endonym.into())]),
                &VisitorCommand::PickLanguage(current.tag.to_owned()),
            ),
        ];
        let args = [("language", Arg::from(guessed.endonym)), ("current", Arg::from(current.endonym))];
        self.prompt_visitor(visitor, guessed.tag, "language-hint-question", &args, choices, None)
    }
}
