//! The command menu of a visitor's own chat, in the language they chose. Telegram shows a
//! language-wide menu by the phone's interface language, which need not be the visitor's; a
//! menu set for their chat alone shows in theirs. Matrix has no menus: nothing is emitted there.
//!
//! Whoever holds the phone sees the menu's language, so it changes only when the visitor acts
//! (or staff set their language) and never while their secret word holds; when they are erased
//! or leave that phone it goes, and the chat shows the bot-wide menu like any other.

use crate::ids::VisitorId;
use crate::outbox::{Action, Lane};
use crate::store::{StoreError, TxError};
use crate::visitor::{PlatformAddress, Visitor};

use super::turn::Turn;

impl Turn<'_, '_> {
    /// The visitor's chat shows its menu in their chosen language from now on. Not while their
    /// secret word holds: whoever has the phone then must see nothing change.
    pub(super) fn set_visitor_menu(&mut self, visitor: &Visitor) -> Result<(), TxError> {
        if !has_menus(&visitor.address) || visitor.silenced || visitor.language.is_none() {
            return Ok(());
        }
        let language = self.language_for(visitor, None)?;
        self.emit(Action::SetVisitorMenu {
            visitor: visitor.id,
            address: visitor.address.clone(),
            language: Some(language),
        })
    }

    /// An erased visitor's chat loses its own menu. A menu still waiting to be set there is
    /// dropped (it would only flash their language before the removal); the removal goes out.
    pub(super) fn remove_visitor_menu(&mut self, visitor: &Visitor) -> Result<(), TxError> {
        // A chat's own menu is set only once a language was chosen or set for it.
        if !has_menus(&visitor.address) || visitor.language.is_none() {
            return Ok(());
        }
        let removal = Action::SetVisitorMenu { visitor: visitor.id, address: visitor.address.clone(), language: None };
        let removal = self.emit_at(removal, self.now)?;
        self.tx.purge_lanes_after_commit(vec![Lane::Menu(visitor.id)], removal);
        Ok(())
    }

    /// The phone `visitor` left (`/code`) loses its chat's menu, in a lane of its own: nothing
    /// of the new chat waits for it, and an erasure soon after cannot purge it.
    pub(super) fn remove_left_phone_menu(&mut self, visitor: &Visitor, left: &PlatformAddress) -> Result<(), TxError> {
        if !has_menus(left) || visitor.language.is_none() {
            return Ok(());
        }
        let lane = VisitorId::random().map_err(StoreError::from)?;
        self.emit(Action::SetVisitorMenu { visitor: lane, address: left.clone(), language: None })
    }
}

fn has_menus(address: &PlatformAddress) -> bool {
    matches!(address, PlatformAddress::Telegram { .. })
}
