//! The command menu of a visitor's own chat, in the language they chose. Telegram shows a
//! language-wide menu by the phone's interface language, which need not be the visitor's; a
//! menu set for their chat alone shows in theirs. Matrix has no menus: nothing is emitted there.

use crate::outbox::Action;
use crate::store::TxError;
use crate::visitor::{PlatformAddress, Visitor};

use super::turn::Turn;

impl Turn<'_, '_> {
    /// The visitor's chat shows its menu in their chosen language from now on. Not while the
    /// safe word holds: whoever has the phone then must see nothing change.
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

    /// The chat at `address` loses its own menu and shows the bot-wide one, like any chat that
    /// never chose: the visitor was erased, or left that phone.
    pub(super) fn clear_visitor_menu(&mut self, visitor: &Visitor, address: &PlatformAddress) -> Result<(), TxError> {
        // A chat's own menu is set only once a language was chosen or set for it.
        if !has_menus(address) || visitor.language.is_none() {
            return Ok(());
        }
        self.emit(Action::SetVisitorMenu { visitor: visitor.id, address: address.clone(), language: None })
    }
}

fn has_menus(address: &PlatformAddress) -> bool {
    matches!(address, PlatformAddress::Telegram { .. })
}
