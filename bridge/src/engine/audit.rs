//! The engine's side of the audit log: one entry per staff action or visitor safety event,
//! written in the same transaction as the event itself.

use crate::audit::{AuditEntry, AuditKind};
use crate::ids::VisitorId;
use crate::roster::StaffId;
use crate::store::TxError;

use super::turn::Turn;

impl Turn<'_, '_> {
    /// Appends `kind` about `visitor` (found by id, for their pseudonym) to the audit log.
    /// `detail` must never be content: see [`AuditEntry`].
    pub fn audit(
        &mut self,
        kind: AuditKind,
        staff: Option<&StaffId>,
        visitor: VisitorId,
        detail: Option<String>,
    ) -> Result<(), TxError> {
        let pseudonym = self.visitor(visitor)?.map(|v| v.pseudonym);
        let entry = AuditEntry { at: self.now, kind, staff: staff.cloned(), pseudonym, detail };
        self.tx.append_audit(&entry)?;
        Ok(())
    }
}
