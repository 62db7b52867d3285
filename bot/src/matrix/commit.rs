//! The committer: Matrix events from the bounded queue into the engine, in durable batches,
//! never stalled by one event the engine cannot apply ([`crate::isolate`]).

use std::future::Future;

use bridge::engine::Event;
use tokio::sync::mpsc;

/// Events applied per transaction at most.
pub const BATCH: usize = 256;
/// Events waiting between the sync loop and the engine at most: past it the sync waits (the
/// homeserver keeps what comes meanwhile), so memory does not grow with what others send.
pub const QUEUE: usize = 1024;

/// The queue between the sync loop's handlers and the committer.
pub fn queue() -> (mpsc::Sender<Event>, mpsc::Receiver<Event>) {
    mpsc::channel(QUEUE)
}

/// Takes what is queued, up to [`BATCH`] events at a time, and hands each batch to `apply`,
/// which returns once the batch is applied (or skipped): while it works, the queue fills and the
/// handlers' sends wait. Ends when every sender is gone.
pub async fn run<F, Fut>(mut queue: mpsc::Receiver<Event>, mut apply: F)
where
    F: FnMut(Vec<Event>) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        apply(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::sync::{Arc, Mutex};

    use super::*;

    /// Item B of issue 14: the committer blocked, more than [`QUEUE`] events sent. The senders
    /// wait once the queue is full (memory holds at most the queue and one batch), and once the
    /// committer runs again every event arrives, in order.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_blocked_committer_holds_the_senders_at_the_bound_and_loses_nothing() {
        const SENT: usize = 3 * QUEUE;
        let (events, queue) = queue();
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let batches: Arc<Mutex<Vec<Vec<Event>>>> = Arc::default();
        let committer = {
            let (gate, batches) = (Arc::clone(&gate), Arc::clone(&batches));
            tokio::spawn(run(queue, move |batch| {
                let (gate, batches) = (Arc::clone(&gate), Arc::clone(&batches));
                async move {
                    // Blocked until the test lets one batch through.
                    gate.acquire().await.unwrap().forget();
                    batches.lock().unwrap().push(batch);
                }
            }))
        };
        let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let sender = {
            let (events, sent) = (events.clone(), Arc::clone(&sent));
            tokio::spawn(async move {
                for n in 0..SENT {
                    events.send(staff_text(n)).await.unwrap();
                    sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            })
        };
        // The committer took its first batch and waits; the queue fills; the sender waits.
        let held = || sent.load(std::sync::atomic::Ordering::SeqCst);
        while events.capacity() > 0 || held() < QUEUE {
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let first_batch = held() - QUEUE;
        assert!((1..=BATCH).contains(&first_batch), "held {} events", held());
        assert_eq!(events.capacity(), 0, "the queue is full");
        assert!(!sender.is_finished(), "the sender waits at the bound");
        assert!(batches.lock().unwrap().is_empty(), "nothing applied while blocked");

        gate.add_permits(SENT);
        sender.await.unwrap();
        drop(events);
        committer.await.unwrap();
        let batches = batches.lock().unwrap();
        assert!(batches.iter().all(|b| b.len() <= BATCH));
        let texts: Vec<String> = batches
            .iter()
            .flatten()
            .map(|e| match e {
                Event::StaffText { text, .. } => text.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, (0..SENT).map(|n| n.to_string()).collect::<Vec<_>>(), "all of them, in order");
    }

    fn staff_text(n: usize) -> Event {
        Event::StaffText {
            from: "@grace:example.org".into(),
            room: bridge::engine::StaffRoom::Duty,
            text: n.to_string(),
            attachment: None,
            dedupe: Some(bridge::engine::Dedupe::Key { channel: bridge::Channel::Matrix, id: format!("${n}") }),
        }
    }
}
