//! A group of pushes on PostgreSQL (`push_queue.rs` gathers them): applied in one transaction
//! and committed once, so pushes that arrive together share one flush of PostgreSQL's log.
//!
//! The group first locks the rows of every account it touches, in ascending id, in one
//! statement (`SELECT … ORDER BY id FOR UPDATE`), and keeps them until it commits: one
//! account's pushes, from any process, are still applied one after another and its change
//! numbers committed in order (see `postgres.rs`), and two processes' groups always take their
//! locks in the same order, so they never wait on each other in a circle.
//!
//! Then it reads, in a few statements for the whole group, what its pushes may touch: their
//! devices' last op ids and conflicts, and their records. Each push runs the rules (`core.rs`)
//! against what the group has read and changed so far, its own changes kept apart until it
//! succeeds (a refused push leaves nothing behind); the group writes every change at the end,
//! one statement per table. A push costs no round trip of its own to the database.

use super::core::{self, AccountCounters, PushError, PushTx, Stored};
use super::push_queue::{PushJob, PushResult, all_failed};
use super::store::AuthDevice;
use pingjia_sync::records::SyncRecord;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Applies `jobs` in one transaction; one answer per job, in order. If the transaction fails,
/// nothing of the group is kept and every push may be sent again.
pub fn commit_group(client: &mut postgres::Client, jobs: Vec<PushJob>) -> Vec<PushResult> {
    let count = jobs.len();
    let mut results: Vec<PushResult> = Vec::with_capacity(count);
    let outcome = (|| -> anyhow::Result<()> {
        let mut tx = client.transaction()?;
        let mut group = Group::read(&mut tx, &jobs)?;
        for job in jobs {
            let account = job.device.account;
            let Some(&counters) = group.counters.get(&account) else {
                results.push(Err(PushError::Store(anyhow::anyhow!(
                    "the sync account is gone"
                ))));
                continue;
            };
            let mut push = JobPush {
                group: &mut group,
                tx: &mut tx,
                device: &job.device,
                counters,
                last_op_id: None,
                known: HashMap::new(),
                writes: Vec::new(),
                forks: Vec::new(),
            };
            let result = core::apply_push(&mut push, job.ops, job.quota_bytes);
            if result.is_ok() {
                push.keep();
            }
            results.push(result);
        }
        group.write(&mut tx)?;
        tx.commit()?;
        Ok(())
    })();
    match outcome {
        Ok(()) => results,
        Err(err) => all_failed(count, &err),
    }
}

struct Write {
    kind: &'static str,
    draft_id: String,
    revision: i64,
    seq: i64,
    body: String,
}

/// A record by its account and id.
type Key = (i64, String);

/// What a group has read and what its successful pushes changed, written at its end.
struct Group {
    counters: HashMap<i64, AccountCounters>,
    /// Each device's last applied op id.
    last_op_ids: HashMap<i64, u64>,
    /// Each device's records in conflict.
    forks: HashMap<i64, HashSet<String>>,
    /// The stored version of each record read or written (`None`: not stored).
    known: HashMap<Key, Option<Stored>>,
    /// The latest write of each record, in the order first written, and where each record's
    /// write is in that list.
    writes: Vec<(Key, Write)>,
    written: HashMap<Key, usize>,
    /// The devices whose last op id changed.
    devices_changed: BTreeMap<i64, u64>,
    /// Conflicts begun (`true`) or settled (`false`), the last word for each.
    forks_changed: BTreeMap<(i64, String), bool>,
}

impl Group {
    /// Locks the group's accounts and reads their counters, its devices' op ids and conflicts,
    /// and every record its pushes name.
    fn read(tx: &mut postgres::Transaction<'_>, jobs: &[PushJob]) -> anyhow::Result<Group> {
        let mut accounts: Vec<i64> = jobs.iter().map(|job| job.device.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let counters = tx
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
        let mut devices: Vec<i64> = jobs.iter().map(|job| job.device.device).collect();
        devices.sort_unstable();
        devices.dedup();
        let last_op_ids = tx
            .query(
                "SELECT id, last_op_id FROM sync_devices WHERE id = ANY($1)",
                &[&devices],
            )?
            .iter()
            .map(|row| (row.get::<_, i64>(0), row.get::<_, i64>(1) as u64))
            .collect();
        let mut forks: HashMap<i64, HashSet<String>> = HashMap::new();
        for row in tx.query(
            "SELECT device_id, record_id FROM sync_forks WHERE device_id = ANY($1)",
            &[&devices],
        )? {
            forks.entry(row.get(0)).or_default().insert(row.get(1));
        }
        let mut wanted: (Vec<i64>, Vec<String>) = (Vec::new(), Vec::new());
        let mut known = HashMap::new();
        for job in jobs {
            for op in &job.ops {
                if let Ok((record, _)) = &op.record {
                    let key = (job.device.account, record.id().to_string());
                    if let std::collections::hash_map::Entry::Vacant(slot) = known.entry(key) {
                        wanted.0.push(slot.key().0);
                        wanted.1.push(slot.key().1.clone());
                        slot.insert(None);
                    }
                }
            }
        }
        if !wanted.0.is_empty() {
            for row in tx.query(
                "SELECT r.account_id, r.record_id, r.kind, r.revision, r.body
                 FROM UNNEST($1::bigint[], $2::text[]) AS w(account_id, record_id)
                 JOIN sync_records r USING (account_id, record_id)",
                &[&wanted.0, &wanted.1],
            )? {
                let stored = Stored {
                    kind: row.get(2),
                    revision: row.get::<_, i64>(3) as u64,
                    body: row.get(4),
                };
                known.insert((row.get(0), row.get(1)), Some(stored));
            }
        }
        Ok(Group {
            counters,
            last_op_ids,
            forks,
            known,
            writes: Vec::new(),
            written: HashMap::new(),
            devices_changed: BTreeMap::new(),
            forks_changed: BTreeMap::new(),
        })
    }

    /// Writes what the group's pushes changed: one statement per table.
    fn write(self, tx: &mut postgres::Transaction<'_>) -> anyhow::Result<()> {
        if !self.writes.is_empty() {
            let accounts: Vec<i64> = self.writes.iter().map(|((a, _), _)| *a).collect();
            let ids: Vec<&str> = self.writes.iter().map(|((_, id), _)| id.as_str()).collect();
            let kinds: Vec<&str> = self.writes.iter().map(|(_, w)| w.kind).collect();
            let drafts: Vec<&str> = self
                .writes
                .iter()
                .map(|(_, w)| w.draft_id.as_str())
                .collect();
            let revisions: Vec<i64> = self.writes.iter().map(|(_, w)| w.revision).collect();
            let seqs: Vec<i64> = self.writes.iter().map(|(_, w)| w.seq).collect();
            let bodies: Vec<&str> = self.writes.iter().map(|(_, w)| w.body.as_str()).collect();
            tx.execute(
                "INSERT INTO sync_records (account_id, record_id, kind, draft_id, revision, seq, body)
                 SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])
                 ON CONFLICT (account_id, record_id) DO UPDATE SET
                     draft_id = excluded.draft_id, revision = excluded.revision,
                     seq = excluded.seq, body = excluded.body",
                &[&accounts, &ids, &kinds, &drafts, &revisions, &seqs, &bodies],
            )?;
        }
        let (begun, settled): (Vec<_>, Vec<_>) = self
            .forks_changed
            .into_iter()
            .partition(|(_, forked)| *forked);
        for (sql, changes) in [
            (
                "INSERT INTO sync_forks (device_id, record_id)
                 SELECT * FROM UNNEST($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING",
                begun,
            ),
            (
                "DELETE FROM sync_forks f USING UNNEST($1::bigint[], $2::text[]) AS s(device_id, record_id)
                 WHERE f.device_id = s.device_id AND f.record_id = s.record_id",
                settled,
            ),
        ] {
            if !changes.is_empty() {
                let devices: Vec<i64> = changes.iter().map(|((d, _), _)| *d).collect();
                let records: Vec<&str> = changes.iter().map(|((_, r), _)| r.as_str()).collect();
                tx.execute(sql, &[&devices, &records])?;
            }
        }
        if !self.devices_changed.is_empty() {
            let devices: Vec<i64> = self.devices_changed.keys().copied().collect();
            let last: Vec<i64> = self.devices_changed.values().map(|v| *v as i64).collect();
            tx.execute(
                "UPDATE sync_devices d SET last_op_id = v.last_op_id, last_seen_at = $3
                 FROM UNNEST($1::bigint[], $2::bigint[]) AS v(id, last_op_id) WHERE d.id = v.id",
                &[&devices, &last, &crate::clock::now_text()],
            )?;
        }
        let accounts: Vec<i64> = self.counters.keys().copied().collect();
        let seqs: Vec<i64> = self.counters.values().map(|c| c.last_seq as i64).collect();
        let bytes: Vec<i64> = self
            .counters
            .values()
            .map(|c| c.bytes_used as i64)
            .collect();
        tx.execute(
            "UPDATE sync_accounts a SET last_seq = v.last_seq, bytes_used = v.bytes_used
             FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[]) AS v(id, last_seq, bytes_used)
             WHERE a.id = v.id",
            &[&accounts, &seqs, &bytes],
        )?;
        Ok(())
    }
}

/// One push run against its group: its changes kept apart until it succeeds (`keep`).
struct JobPush<'g, 't, 'a> {
    group: &'g mut Group,
    tx: &'g mut postgres::Transaction<'t>,
    device: &'a AuthDevice,
    counters: AccountCounters,
    /// Set by `finish`.
    last_op_id: Option<u64>,
    /// Records as this push changed them.
    known: HashMap<String, Option<Stored>>,
    writes: Vec<(String, Write)>,
    forks: Vec<(String, bool)>,
}

impl JobPush<'_, '_, '_> {
    /// This push succeeded: its changes become the group's.
    fn keep(self) {
        let account = self.device.account;
        let device = self.device.device;
        for (id, stored) in self.known {
            self.group.known.insert((account, id), stored);
        }
        for (id, write) in self.writes {
            let key = (account, id);
            match self.group.written.get(&key) {
                Some(&at) => self.group.writes[at].1 = write,
                None => {
                    self.group
                        .written
                        .insert(key.clone(), self.group.writes.len());
                    self.group.writes.push((key, write));
                }
            }
        }
        let forks = self.group.forks.entry(device).or_default();
        for (id, forked) in self.forks {
            if forked {
                forks.insert(id.clone());
            } else {
                forks.remove(&id);
            }
            self.group.forks_changed.insert((device, id), forked);
        }
        if let Some(last) = self.last_op_id {
            self.group.last_op_ids.insert(device, last);
            self.group.devices_changed.insert(device, last);
        }
        self.group.counters.insert(account, self.counters);
    }
}

impl PushTx for JobPush<'_, '_, '_> {
    fn last_op_id(&mut self) -> anyhow::Result<u64> {
        self.group
            .last_op_ids
            .get(&self.device.device)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("the device is gone"))
    }

    fn counters(&mut self) -> anyhow::Result<AccountCounters> {
        Ok(self.counters)
    }

    fn stored(&mut self, record_id: &str) -> anyhow::Result<Option<Stored>> {
        if let Some(mine) = self.known.get(record_id) {
            return Ok(mine.clone());
        }
        let key = (self.device.account, record_id.to_string());
        if let Some(known) = self.group.known.get(&key) {
            return Ok(known.clone());
        }
        // Every record a push of the group names was read at its start; this is a fallback.
        let row = self.tx.query_opt(
            "SELECT kind, revision, body FROM sync_records WHERE account_id = $1 AND record_id = $2",
            &[&self.device.account, &record_id],
        )?;
        let stored = row.map(|row| Stored {
            kind: row.get(0),
            revision: row.get::<_, i64>(1) as u64,
            body: row.get(2),
        });
        self.group.known.insert(key, stored.clone());
        Ok(stored)
    }

    fn forks(&mut self) -> anyhow::Result<HashSet<String>> {
        Ok(self
            .group
            .forks
            .get(&self.device.device)
            .cloned()
            .unwrap_or_default())
    }

    fn set_fork(&mut self, record_id: &str, forked: bool) -> anyhow::Result<()> {
        self.forks.push((record_id.to_string(), forked));
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
        self.last_op_id = Some(last_op_id);
        self.counters = counters;
        Ok(())
    }
}
