//! The ring that tells outbox workers there may be new work.
//!
//! A `watch` counter rather than a `Notify`: every worker (Telegram, the staff side) hears every
//! ring, and a ring while a worker is busy is not lost — its next wait returns at once.

use std::sync::Arc;

use tokio::sync::watch;

#[derive(Clone)]
pub struct OutboxSignal {
    sender: Arc<watch::Sender<u64>>,
}

impl Default for OutboxSignal {
    fn default() -> Self {
        Self { sender: Arc::new(watch::Sender::new(0)) }
    }
}

impl OutboxSignal {
    /// Something was committed that may have queued actions.
    pub fn ring(&self) {
        self.sender.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver for one worker: mark it seen (`borrow_and_update`) before looking at the
    /// outbox, then wait with `changed()`.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.sender.subscribe()
    }
}
