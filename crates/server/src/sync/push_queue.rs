//! Pushes committed in groups, whatever the backend: each push joins this process's queue;
//! whichever push finds no group being committed hands every queued push, in the order they
//! joined, to the backend's `commit` (one transaction, one sync of the disk), and each push
//! gets its own answer. An answer is only given once its push is durable, and pushes that arrive
//! together share one commit instead of waiting for one each. A device's pushes keep their
//! order.

use super::core::{IncomingOp, PushError};
use super::store::AuthDevice;
use pingjia_sync::protocol::PushResponse;
use std::sync::{Arc, Mutex};

pub type PushResult = Result<PushResponse, PushError>;

/// One push as the backend's `commit` receives it.
pub struct PushJob {
    pub device: AuthDevice,
    pub ops: Vec<IncomingOp>,
    pub quota_bytes: u64,
}

/// A queued push and where its answer goes.
struct Queued {
    job: PushJob,
    answer: Arc<Mutex<Option<PushResult>>>,
}

/// This process's queue of pushes, and the lock held by the push committing a group.
#[derive(Clone, Default)]
pub struct PushQueue {
    queued: Arc<Mutex<Vec<Queued>>>,
    committing: Arc<Mutex<()>>,
}

pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl PushQueue {
    /// Queues a push and returns its answer once it is committed (or refused). `commit` is
    /// called only by the push that commits a group, with every queued push (this one among
    /// them: it joined before taking the lock); it returns one answer per push, in order.
    pub fn push(
        &self,
        device: &AuthDevice,
        ops: Vec<IncomingOp>,
        quota_bytes: u64,
        commit: impl FnOnce(Vec<PushJob>) -> Vec<PushResult>,
    ) -> PushResult {
        let answer = Arc::new(Mutex::new(None));
        lock(&self.queued).push(Queued {
            job: PushJob {
                device: device.clone(),
                ops,
                quota_bytes,
            },
            answer: Arc::clone(&answer),
        });
        let committing = lock(&self.committing);
        if let Some(result) = lock(&answer).take() {
            return result;
        }
        let queued = std::mem::take(&mut *lock(&self.queued));
        let (jobs, slots): (Vec<PushJob>, Vec<_>) =
            queued.into_iter().map(|q| (q.job, q.answer)).unzip();
        let mut results = commit(jobs).into_iter();
        for slot in &slots {
            *lock(slot) = Some(results.next().unwrap_or_else(|| {
                Err(PushError::Store(anyhow::anyhow!("a push was not answered")))
            }));
        }
        drop(committing);
        let result = lock(&answer).take();
        result.unwrap_or_else(|| Err(PushError::Store(anyhow::anyhow!("a push was not answered"))))
    }
}

/// Every push of a group refused alike: the group's transaction failed, nothing of it is kept,
/// and each may be sent again.
pub fn all_failed(count: usize, err: &anyhow::Error) -> Vec<PushResult> {
    let message = format!("{err:#}");
    (0..count)
        .map(|_| Err(PushError::Store(anyhow::anyhow!("{message}"))))
        .collect()
}
