//! The sync records on the embedded SQLite database.
//!
//! Pushes are committed in groups (`push_queue.rs`): a group is applied in one `BEGIN
//! IMMEDIATE` transaction, each push inside its own savepoint (a refused push is rolled back
//! alone), and committed once with `synchronous=FULL`.

use super::core::{self, AccountCounters, IncomingOp, PushError, PushTx, Stored};
use super::push_queue::{PushJob, PushQueue, PushResult, all_failed};
use super::store::{AuthDevice, DeviceCredentials, NewRow, Page, StoreStatus, SyncStore};
use crate::db::Database;
use pingjia_sync::protocol::{AccountExport, DeviceInfo, Devices, PushResponse};
use pingjia_sync::records::SyncRecord;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use std::collections::HashSet;

/// The sync store on the server's SQLite database.
#[derive(Clone)]
pub struct SqliteStore {
    db: Database,
    pushes: PushQueue,
}

impl SqliteStore {
    pub fn new(db: Database) -> SqliteStore {
        SqliteStore {
            db,
            pushes: PushQueue::default(),
        }
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db.writer()
    }

    fn reader(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db.reader()
    }

    /// Applies a group of pushes in one transaction: one answer per push, in order.
    fn commit_group(conn: &mut Connection, jobs: Vec<PushJob>) -> Vec<PushResult> {
        let count = jobs.len();
        let mut results: Vec<PushResult> = Vec::with_capacity(jobs.len());
        let outcome = (|| -> anyhow::Result<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for job in jobs {
                tx.execute_batch("SAVEPOINT push")?;
                let mut push = SqlitePush {
                    tx: &tx,
                    device: &job.device,
                };
                let result = core::apply_push(&mut push, job.ops, job.quota_bytes);
                if result.is_err() {
                    tx.execute_batch("ROLLBACK TO push")?;
                }
                tx.execute_batch("RELEASE push")?;
                results.push(result);
            }
            tx.commit()?;
            Ok(())
        })();
        match outcome {
            Ok(()) => results,
            Err(err) => all_failed(count, &err),
        }
    }
}

fn devices_of(conn: &Connection, account: i64, asking: i64) -> anyhow::Result<Vec<DeviceInfo>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, public_id, name, created_at, last_seen_at, revoked_at, last_op_id
         FROM sync_devices WHERE account_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([account], |row| {
        Ok(DeviceInfo {
            this_device: row.get::<_, i64>(0)? == asking,
            device_id: row.get(1)?,
            name: row.get(2)?,
            created_at: row.get(3)?,
            last_seen_at: row.get(4)?,
            revoked_at: row.get(5)?,
            last_op_id: row.get::<_, i64>(6)? as u64,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl SyncStore for SqliteStore {
    fn status(&self) -> anyhow::Result<StoreStatus> {
        let status = crate::db::status(&self.reader())?;
        Ok(StoreStatus {
            backend: "sqlite",
            schema_version: status.schema_version,
            created_at: status.created_at,
        })
    }

    fn create_account(
        &self,
        account: NewRow<'_>,
        contact: &str,
        device: NewRow<'_>,
    ) -> anyhow::Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let created = crate::clock::now_text();
        tx.execute(
            "INSERT INTO sync_accounts (public_id, key_digest, name, contact, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                account.public_id,
                account.digest,
                account.name,
                contact,
                created
            ],
        )?;
        let id = tx.last_insert_rowid();
        insert_device(&tx, id, &device, &created)?;
        tx.commit()?;
        Ok(())
    }

    fn account_key(&self, account_id: &str) -> anyhow::Result<Option<(i64, Vec<u8>)>> {
        let conn = self.reader();
        Ok(conn
            .query_row(
                "SELECT id, key_digest FROM sync_accounts WHERE public_id = ?1",
                [account_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    fn add_device(&self, account: i64, device: NewRow<'_>) -> anyhow::Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_device(&tx, account, &device, &crate::clock::now_text())?;
        tx.commit()?;
        Ok(())
    }

    fn device_credentials(&self, device_id: &str) -> anyhow::Result<Option<DeviceCredentials>> {
        let conn = self.reader();
        let mut statement = conn.prepare_cached(
            "SELECT id, account_id, token_digest, revoked_at IS NOT NULL
             FROM sync_devices WHERE public_id = ?1",
        )?;
        Ok(statement
            .query_row([device_id], |row| {
                Ok(DeviceCredentials {
                    auth: AuthDevice {
                        device: row.get(0)?,
                        account: row.get(1)?,
                        device_id: device_id.to_string(),
                    },
                    digest: row.get(2)?,
                    revoked: row.get(3)?,
                })
            })
            .optional()?)
    }

    fn devices(&self, account: i64, asking: i64) -> anyhow::Result<Devices> {
        let conn = self.reader();
        let (account_id, name, contact) = conn.query_row(
            "SELECT public_id, name, contact FROM sync_accounts WHERE id = ?1",
            [account],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        Ok(Devices {
            account_id,
            name,
            contact,
            devices: devices_of(&conn, account, asking)?,
        })
    }

    fn revoke_device(&self, account: i64, device_id: &str) -> anyhow::Result<bool> {
        let conn = self.writer();
        let changed = conn.execute(
            "UPDATE sync_devices SET revoked_at = coalesce(revoked_at, ?3)
             WHERE account_id = ?1 AND public_id = ?2",
            params![account, device_id, crate::clock::now_text()],
        )?;
        Ok(changed > 0)
    }

    fn revoke_all(&self, account: i64) -> anyhow::Result<u64> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE sync_devices SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL",
            params![account, crate::clock::now_text()],
        )?;
        tx.execute(
            "DELETE FROM sync_join_codes WHERE account_id = ?1",
            [account],
        )?;
        tx.commit()?;
        Ok(changed as u64)
    }

    fn add_join_code(
        &self,
        account: i64,
        made_by: i64,
        code: NewRow<'_>,
        expires_at: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM sync_join_codes WHERE account_id = ?1 AND expires_at <= ?2",
            params![account, now],
        )?;
        tx.execute(
            "INSERT INTO sync_join_codes (account_id, made_by, public_id, digest, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![account, made_by, code.public_id, code.digest, expires_at],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn join_code(&self, public_id: &str, now: i64) -> anyhow::Result<Option<(i64, Vec<u8>)>> {
        let conn = self.reader();
        Ok(conn
            .query_row(
                "SELECT c.account_id, c.digest FROM sync_join_codes c
                 JOIN sync_devices d ON d.id = c.made_by AND d.revoked_at IS NULL
                 WHERE c.public_id = ?1 AND c.expires_at > ?2",
                params![public_id, now],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    fn join_with_code(
        &self,
        public_id: &str,
        now: i64,
        device: NewRow<'_>,
    ) -> anyhow::Result<bool> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let account: Option<i64> = tx
            .query_row(
                "DELETE FROM sync_join_codes WHERE public_id = ?1 AND expires_at > ?2
                 AND made_by IN (SELECT id FROM sync_devices WHERE revoked_at IS NULL)
                 RETURNING account_id",
                params![public_id, now],
                |row| row.get(0),
            )
            .optional()?;
        let Some(account) = account else {
            return Ok(false);
        };
        insert_device(&tx, account, &device, &crate::clock::now_text())?;
        tx.commit()?;
        Ok(true)
    }

    fn replace_key(&self, account: i64, key_digest: &[u8]) -> anyhow::Result<String> {
        let conn = self.writer();
        Ok(conn.query_row(
            "UPDATE sync_accounts SET key_digest = ?2 WHERE id = ?1 RETURNING public_id",
            params![account, key_digest],
            |row| row.get(0),
        )?)
    }

    fn push(
        &self,
        device: &AuthDevice,
        ops: Vec<IncomingOp>,
        quota_bytes: u64,
    ) -> Result<PushResponse, PushError> {
        self.pushes.push(device, ops, quota_bytes, |jobs| {
            Self::commit_group(&mut self.writer(), jobs)
        })
    }

    fn pull(&self, account: i64, after: u64, limit: usize) -> anyhow::Result<Page> {
        let conn = self.reader();
        let mut statement = conn.prepare_cached(
            "SELECT seq, body FROM sync_records WHERE account_id = ?1 AND seq > ?2
             ORDER BY seq LIMIT ?3",
        )?;
        let rows = statement
            .query_map(params![account, after as i64, limit as i64 + 1], |row| {
                Ok((row.get::<_, i64>(0)? as u64, row.get::<_, String>(1)?))
            })?;
        Page::of(rows.map(|r| r.map_err(anyhow::Error::from)), limit)
    }

    fn export(&self, account: i64, asking: i64) -> anyhow::Result<AccountExport> {
        let conn = self.reader();
        let (account_id, name, contact, created_at) = conn.query_row(
            "SELECT public_id, name, contact, created_at FROM sync_accounts WHERE id = ?1",
            [account],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
        let mut statement =
            conn.prepare("SELECT body FROM sync_records WHERE account_id = ?1 ORDER BY seq")?;
        let mut records = Vec::new();
        for body in statement.query_map([account], |row| row.get::<_, String>(0))? {
            records.push(serde_json::from_str::<SyncRecord>(&body?)?);
        }
        Ok(AccountExport {
            account_id,
            name,
            contact,
            created_at,
            devices: devices_of(&conn, account, asking)?,
            records,
        })
    }

    fn delete_account(&self, account: i64) -> anyhow::Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Explicit, child tables first, rather than relying on the cascade alone.
        tx.execute(
            "DELETE FROM sync_forks WHERE device_id IN (SELECT id FROM sync_devices WHERE account_id = ?1)",
            [account],
        )?;
        tx.execute("DELETE FROM sync_records WHERE account_id = ?1", [account])?;
        tx.execute("DELETE FROM sync_devices WHERE account_id = ?1", [account])?;
        tx.execute("DELETE FROM sync_accounts WHERE id = ?1", [account])?;
        tx.commit()?;
        // The erased rows were overwritten in their pages (secure_delete); the log still holds
        // the pages as they were until it is emptied.
        crate::db::checkpoint_and_truncate_log(&conn)?;
        Ok(())
    }
}

fn insert_device(
    tx: &Transaction<'_>,
    account: i64,
    device: &NewRow<'_>,
    created: &str,
) -> anyhow::Result<()> {
    tx.execute(
        "INSERT INTO sync_devices (account_id, public_id, token_digest, name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            account,
            device.public_id,
            device.digest,
            device.name,
            created
        ],
    )?;
    Ok(())
}

struct SqlitePush<'a> {
    tx: &'a Transaction<'a>,
    device: &'a AuthDevice,
}

impl PushTx for SqlitePush<'_> {
    fn last_op_id(&mut self) -> anyhow::Result<u64> {
        let last: i64 = self.tx.query_row(
            "SELECT last_op_id FROM sync_devices WHERE id = ?1",
            [self.device.device],
            |row| row.get(0),
        )?;
        Ok(last as u64)
    }

    fn counters(&mut self) -> anyhow::Result<AccountCounters> {
        Ok(self.tx.query_row(
            "SELECT last_seq, bytes_used FROM sync_accounts WHERE id = ?1",
            [self.device.account],
            |row| {
                Ok(AccountCounters {
                    last_seq: row.get::<_, i64>(0)? as u64,
                    bytes_used: row.get::<_, i64>(1)? as u64,
                })
            },
        )?)
    }

    fn stored(&mut self, record_id: &str) -> anyhow::Result<Option<Stored>> {
        let mut statement = self.tx.prepare_cached(
            "SELECT kind, revision, body FROM sync_records WHERE account_id = ?1 AND record_id = ?2",
        )?;
        Ok(statement
            .query_row(params![self.device.account, record_id], |row| {
                Ok(Stored {
                    kind: row.get(0)?,
                    revision: row.get::<_, i64>(1)? as u64,
                    body: row.get(2)?,
                })
            })
            .optional()?)
    }

    fn forks(&mut self) -> anyhow::Result<HashSet<String>> {
        let mut statement = self
            .tx
            .prepare_cached("SELECT record_id FROM sync_forks WHERE device_id = ?1")?;
        let forks = statement
            .query_map([self.device.device], |row| row.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(forks)
    }

    fn set_fork(&mut self, record_id: &str, forked: bool) -> anyhow::Result<()> {
        let sql = if forked {
            "INSERT OR IGNORE INTO sync_forks (device_id, record_id) VALUES (?1, ?2)"
        } else {
            "DELETE FROM sync_forks WHERE device_id = ?1 AND record_id = ?2"
        };
        self.tx
            .prepare_cached(sql)?
            .execute(params![self.device.device, record_id])?;
        Ok(())
    }

    fn put(&mut self, record: &SyncRecord, body: &str, seq: u64) -> anyhow::Result<()> {
        let mut statement = self.tx.prepare_cached(
            "INSERT INTO sync_records (account_id, record_id, kind, draft_id, revision, seq, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (account_id, record_id) DO UPDATE SET
                 draft_id = excluded.draft_id, revision = excluded.revision,
                 seq = excluded.seq, body = excluded.body",
        )?;
        statement.execute(params![
            self.device.account,
            record.id().to_string(),
            record.kind().as_str(),
            record.draft_id().to_string(),
            record.revision() as i64,
            seq as i64,
            body,
        ])?;
        Ok(())
    }

    fn finish(&mut self, last_op_id: u64, counters: AccountCounters) -> anyhow::Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE sync_devices SET last_op_id = ?2, last_seen_at = ?3 WHERE id = ?1",
            )?
            .execute(params![
                self.device.device,
                last_op_id as i64,
                crate::clock::now_text()
            ])?;
        self.tx
            .prepare_cached(
                "UPDATE sync_accounts SET last_seq = ?2, bytes_used = ?3 WHERE id = ?1",
            )?
            .execute(params![
                self.device.account,
                counters.last_seq as i64,
                counters.bytes_used as i64
            ])?;
        Ok(())
    }
}
