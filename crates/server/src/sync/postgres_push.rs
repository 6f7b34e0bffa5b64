//! Pushes on PostgreSQL, committed in groups, as on SQLite: each push joins this process's
//! queue; whichever push finds no group being committed applies every queued push in one
//! transaction, each inside its own savepoint (a refused push is rolled back alone), commits
//! once, and hands each push its answer. Pushes that arrive together share one commit (one
//! flush of PostgreSQL's log) instead of waiting for one each.
//!
//! The group first locks the rows of every account it touches, in ascending id, in one
//! statement (`SELECT … ORDER BY id FOR UPDATE`), and keeps them until it commits: one
//! account's pushes, from any process, are still applied one after another and its change
//! numbers committed in order (see `postgres.rs`), and two processes' groups always take their
//! locks in the same order, so they never wait on each other in a circle.

use super::core::{self, AccountCounters, IncomingOp, PushError, PushTx, Stored};
use super::store::AuthDevice;
use pingjia_sync::protocol::PushResponse;
use pingjia_sync::records::SyncRecord;
use std::collections::{HashMap, HashSet};
use std::ops::DerefMut;
use std::sync::{Arc, Mutex};

type PushResult = Result<PushResponse, PushError>;

/// A push waiting for its group's commit, and where its answer goes.
struct PushJob {
    device: AuthDevice,
    ops: Vec<IncomingOp>,
    quota_bytes: u64,
    answer: Arc<Mutex<Option<PushResult>>>,
}

/// This process's queue of pushes, and the lock held by the push committing a group.
#[derive(Clone, Default)]
pub struct PushQueue {
    jobs: Arc<Mutex<Vec<PushJob>>>,
    committing: Arc<Mutex<()>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl PushQueue {
    /// Queues a push and returns its answer once it is committed (or refused). `connect` is
    /// called only by a push that commits a group.
    pub fn push<C: DerefMut<Target = postgres::Client>>(
        &self,
        device: &AuthDevice,
        ops: Vec<IncomingOp>,
        quota_bytes: u64,
        connect: impl FnOnce() -> anyhow::Result<C>,
    ) -> PushResult {
        let answer = Arc::new(Mutex::new(None));
        lock(&self.jobs).push(PushJob {
            device: device.clone(),
            ops,
            quota_bytes,
            answer: Arc::clone(&answer),
        });
        let committing = lock(&self.committing);
        if let Some(result) = lock(&answer).take() {
            return result;
        }
        let jobs = std::mem::take(&mut *lock(&self.jobs));
        let slots: Vec<_> = jobs.iter().map(|job| Arc::clone(&job.answer)).collect();
        let results = match connect() {
            Ok(mut client) => commit_group(&mut client, jobs),
            Err(err) => {
                let message = format!("{err:#}");
                jobs.iter()
                    .map(|_| Err(PushError::Store(anyhow::anyhow!("{message}"))))
                    .collect()
            }
        };
        for (slot, result) in slots.iter().zip(results) {
            *lock(slot) = Some(result);
        }
        drop(committing);
        let result = lock(&answer).take();
        result.unwrap_or_else(|| Err(PushError::Store(anyhow::anyhow!("a push was not answered"))))
    }
}

/// Applies `jobs` in one transaction; one answer per job, in order. If the transaction fails,
/// nothing of the group is kept and every push may be sent again.
fn commit_group(client: &mut postgres::Client, jobs: Vec<PushJob>) -> Vec<PushResult> {
    let count = jobs.len();
    let mut results: Vec<PushResult> = Vec::with_capacity(count);
    let outcome = (|| -> anyhow::Result<()> {
        let mut tx = client.transaction()?;
        let mut accounts: Vec<i64> = jobs.iter().map(|job| job.device.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let mut counters: HashMap<i64, AccountCounters> = tx
            .query(
                "SELECT id, last_seq, bytes_used FROM sync_accounts WHERE id = ANY($1)
                 ORDER BY id FOR UPDATE",
                &[&accounts],
            )?
            .iter()
            .map(|row| {
                (
                    row.get::<_, i64>(0),
                    AccountCounters {
                        last_seq: row.get::<_, i64>(1) as u64,
                        bytes_used: row.get::<_, i64>(2) as u64,
                    },
                )
            })
            .collect();
        for job in jobs {
            let account = job.device.account;
            let Some(&before) = counters.get(&account) else {
                results.push(Err(PushError::Store(anyhow::anyhow!(
                    "the sync account is gone"
                ))));
                continue;
            };
            let mut savepoint = tx.savepoint("push")?;
            let mut push = PgPush {
                tx: &mut savepoint,
                device: &job.device,
                counters: before,
                known: HashMap::new(),
                writes: Vec::new(),
            };
            let result = core::apply_push(&mut push, job.ops, job.quota_bytes);
            let after = push.counters;
            match result {
                Ok(answer) => {
                    savepoint.commit()?;
                    counters.insert(account, after);
                    results.push(Ok(answer));
                }
                Err(err) => {
                    savepoint.rollback()?;
                    results.push(Err(err));
                }
            }
        }
        tx.commit()?;
        Ok(())
    })();
    match outcome {
        Ok(()) => results,
        Err(err) => {
            let message = format!("{err:#}");
            (0..count)
                .map(|_| Err(PushError::Store(anyhow::anyhow!("{message}"))))
                .collect()
        }
    }
}

/// One push's work in its transaction. Records are read in one query (`prefetch`) and written
/// in one statement at the end (`finish`): a push of 100 operations costs a handful of round
/// trips, not two hundred.
struct PgPush<'t, 'a> {
    tx: &'t mut postgres::Transaction<'a>,
    device: &'t AuthDevice,
    counters: AccountCounters,
    /// The stored version of each record read so far (`None`: not stored), as this push
    /// changed it.
    known: HashMap<String, Option<Stored>>,
    /// What to write, by record id (the latest change of each), in the order first changed.
    writes: Vec<(String, Write)>,
}

struct Write {
    kind: &'static str,
    draft_id: String,
    revision: i64,
    seq: i64,
    body: String,
}

impl PushTx for PgPush<'_, '_> {
    fn last_op_id(&mut self) -> anyhow::Result<u64> {
        let row = self.tx.query_one(
            "SELECT last_op_id FROM sync_devices WHERE id = $1 FOR UPDATE",
            &[&self.device.device],
        )?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    fn counters(&mut self) -> anyhow::Result<AccountCounters> {
        Ok(self.counters)
    }

    fn prefetch(&mut self, record_ids: &[String]) -> anyhow::Result<()> {
        let wanted: Vec<&String> = record_ids
            .iter()
            .filter(|id| !self.known.contains_key(*id))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        for id in &wanted {
            self.known.insert((*id).clone(), None);
        }
        let rows = self.tx.query(
            "SELECT record_id, kind, revision, body FROM sync_records
             WHERE account_id = $1 AND record_id = ANY($2)",
            &[&self.device.account, &wanted],
        )?;
        for row in rows {
            let stored = Stored {
                kind: row.get(1),
                revision: row.get::<_, i64>(2) as u64,
                body: row.get(3),
            };
            self.known.insert(row.get(0), Some(stored));
        }
        Ok(())
    }

    fn stored(&mut self, record_id: &str) -> anyhow::Result<Option<Stored>> {
        if let Some(known) = self.known.get(record_id) {
            return Ok(known.clone());
        }
        let row = self.tx.query_opt(
            "SELECT kind, revision, body FROM sync_records WHERE account_id = $1 AND record_id = $2",
            &[&self.device.account, &record_id],
        )?;
        let stored = row.map(|row| Stored {
            kind: row.get(0),
            revision: row.get::<_, i64>(1) as u64,
            body: row.get(2),
        });
        self.known.insert(record_id.to_string(), stored.clone());
        Ok(stored)
    }

    fn forks(&mut self) -> anyhow::Result<HashSet<String>> {
        let rows = self.tx.query(
            "SELECT record_id FROM sync_forks WHERE device_id = $1",
            &[&self.device.device],
        )?;
        Ok(rows.iter().map(|r| r.get::<_, String>(0)).collect())
    }

    fn set_fork(&mut self, record_id: &str, forked: bool) -> anyhow::Result<()> {
        let sql = if forked {
            "INSERT INTO sync_forks (device_id, record_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM sync_forks WHERE device_id = $1 AND record_id = $2"
        };
        self.tx.execute(sql, &[&self.device.device, &record_id])?;
        Ok(())
    }

    fn put(&mut self, record: &SyncRecord, body: &str, seq: u64) -> anyhow::Result<()> {
        let id = record.id().to_string();
        let write = Write {
            kind: record.kind().as_str(),
            draft_id: record.draft_id().to_string(),
            revision: record.revision() as i64,
            seq: seq as i64,
            body: body.to_string(),
        };
        self.known.insert(
            id.clone(),
            Some(Stored {
                kind: write.kind.to_string(),
                revision: record.revision(),
                body: body.to_string(),
            }),
        );
        match self.writes.iter_mut().find(|(w, _)| *w == id) {
            Some((_, earlier)) => *earlier = write,
            None => self.writes.push((id, write)),
        }
        Ok(())
    }

    fn finish(&mut self, last_op_id: u64, counters: AccountCounters) -> anyhow::Result<()> {
        self.counters = counters;
        if !self.writes.is_empty() {
            let writes = std::mem::take(&mut self.writes);
            let ids: Vec<&str> = writes.iter().map(|(id, _)| id.as_str()).collect();
            let kinds: Vec<&str> = writes.iter().map(|(_, w)| w.kind).collect();
            let drafts: Vec<&str> = writes.iter().map(|(_, w)| w.draft_id.as_str()).collect();
            let revisions: Vec<i64> = writes.iter().map(|(_, w)| w.revision).collect();
            let seqs: Vec<i64> = writes.iter().map(|(_, w)| w.seq).collect();
            let bodies: Vec<&str> = writes.iter().map(|(_, w)| w.body.as_str()).collect();
            self.tx.execute(
                "INSERT INTO sync_records (account_id, record_id, kind, draft_id, revision, seq, body)
                 SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])
                 ON CONFLICT (account_id, record_id) DO UPDATE SET
                     draft_id = excluded.draft_id, revision = excluded.revision,
                     seq = excluded.seq, body = excluded.body",
                &[&self.device.account, &ids, &kinds, &drafts, &revisions, &seqs, &bodies],
            )?;
        }
        self.tx.execute(
            "UPDATE sync_devices SET last_op_id = $2, last_seen_at = $3 WHERE id = $1",
            &[
                &self.device.device,
                &(last_op_id as i64),
                &crate::clock::now_text(),
            ],
        )?;
        self.tx.execute(
            "UPDATE sync_accounts SET last_seq = $2, bytes_used = $3 WHERE id = $1",
            &[
                &self.device.account,
                &(counters.last_seq as i64),
                &(counters.bytes_used as i64),
            ],
        )?;
        Ok(())
    }
}
