//! The engine's error: the store's, since everything else an event can meet is an answer to it.

use crate::store::StoreError;

/// Why the engine could not apply events or settle deliveries.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed; see [`EngineError::is_transient`].
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EngineError {
    /// Whether the failure is the store's as a whole (see [`StoreError::is_transient`]), so no
    /// event is to blame: a connector retries the same events later and skips none. Otherwise it
    /// is about the events or the records they touch, and the same events fail the same way again.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Store(error) => error.is_transient(),
        }
    }
}
