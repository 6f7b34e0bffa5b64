//! The sync records on PostgreSQL, for any number of `pingjia serve` processes on one
//! database. The same rules (`core.rs`) run in each push's transaction.
//!
//! Isolation: READ COMMITTED with a row lock. A push first locks its account's row
//! (`SELECT … FOR UPDATE`) and keeps it until it commits, so one account's pushes — from any
//! process, the same device's included — are applied one after another: the device's last op
//! id is read after the previous push committed (ordering and idempotence hold), and the
//! account's change numbers are handed out and committed in the same order. A pull can
//! therefore never see change n+1 committed while n is still to come (the trap of sequence
//! cursors, where a later number commits first and a pull that races it skips the earlier one).
//! Accounts never wait for each other. SERIALIZABLE would give the same here at the price of
//! retries; the lock says what is needed.

use super::core::{IncomingOp, PushError};
use super::push_queue::{PushQueue, all_failed};
use super::store::{AuthDevice, DeviceCredentials, NewRow, Page, StoreStatus, SyncStore};
use anyhow::Context;
use pingjia_sync::protocol::{AccountExport, DeviceInfo, Devices, PushResponse};
use pingjia_sync::records::SyncRecord;
use postgres::NoTls;
use postgres::config::SslMode;
use r2d2_postgres::PostgresConnectionManager;

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The connections: in the clear, or over TLS when the URL says `sslmode=require` (the server's
/// certificate checked against the Mozilla roots and any CA file given).
#[derive(Clone)]
enum Pool {
    Plain(r2d2::Pool<PostgresConnectionManager<NoTls>>),
    Tls(r2d2::Pool<PostgresConnectionManager<MakeRustlsConnect>>),
}

/// One connection from either pool; it is a `postgres::Client` either way.
enum Connection {
    Plain(r2d2::PooledConnection<PostgresConnectionManager<NoTls>>),
    Tls(r2d2::PooledConnection<PostgresConnectionManager<MakeRustlsConnect>>),
}

impl Deref for Connection {
    type Target = postgres::Client;

    fn deref(&self) -> &postgres::Client {
        match self {
            Connection::Plain(c) => c,
            Connection::Tls(c) => c,
        }
    }
}

impl DerefMut for Connection {
    fn deref_mut(&mut self) -> &mut postgres::Client {
        match self {
            Connection::Plain(c) => c,
            Connection::Tls(c) => c,
        }
    }
}

/// The TLS client configuration: the Mozilla roots, and the certificates of `ca_file` (PEM).
fn tls_connector(ca_file: Option<&Path>) -> anyhow::Result<MakeRustlsConnect> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = ca_file {
        let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .with_context(|| format!("cannot read the CA file {}", path.display()))?
            .collect::<Result<_, _>>()
            .with_context(|| format!("{} is not a PEM file of certificates", path.display()))?;
        anyhow::ensure!(
            !certificates.is_empty(),
            "{} holds no certificate",
            path.display()
        );
        for certificate in certificates {
            roots
                .add(certificate)
                .with_context(|| format!("a certificate in {} cannot be used", path.display()))?;
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("no TLS version in common")?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// Every schema change, in order; applied once each, under an advisory lock so processes
/// starting together do not race. Append; never edit a step that has shipped. The column types
/// match the SQLite schema's (64-bit integers, text, bytes).
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE sync_accounts (
        id         BIGSERIAL PRIMARY KEY,
        public_id  TEXT NOT NULL UNIQUE,
        key_digest BYTEA NOT NULL,
        name       TEXT NOT NULL,
        contact    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seq   BIGINT NOT NULL DEFAULT 0,
        bytes_used BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE sync_devices (
        id           BIGSERIAL PRIMARY KEY,
        account_id   BIGINT NOT NULL REFERENCES sync_accounts (id) ON DELETE CASCADE,
        public_id    TEXT NOT NULL UNIQUE,
        token_digest BYTEA NOT NULL,
        name         TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        last_seen_at TEXT,
        revoked_at   TEXT,
        last_op_id   BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX sync_devices_by_account ON sync_devices (account_id);
    CREATE TABLE sync_records (
        account_id BIGINT NOT NULL REFERENCES sync_accounts (id) ON DELETE CASCADE,
        record_id  TEXT NOT NULL,
        kind       TEXT NOT NULL,
        draft_id   TEXT NOT NULL,
        revision   BIGINT NOT NULL,
        seq        BIGINT NOT NULL,
        body       TEXT NOT NULL,
        PRIMARY KEY (account_id, record_id)
    );
    CREATE UNIQUE INDEX sync_records_by_seq ON sync_records (account_id, seq);
    CREATE TABLE sync_forks (
        device_id BIGINT NOT NULL REFERENCES sync_devices (id) ON DELETE CASCADE,
        record_id TEXT NOT NULL,
        PRIMARY KEY (device_id, record_id)
    );
",
    "
    CREATE TABLE sync_join_codes (
        id         BIGSERIAL PRIMARY KEY,
        account_id BIGINT NOT NULL REFERENCES sync_accounts (id) ON DELETE CASCADE,
        made_by    BIGINT NOT NULL REFERENCES sync_devices (id) ON DELETE CASCADE,
        public_id  TEXT NOT NULL UNIQUE,
        digest     BYTEA NOT NULL,
        expires_at BIGINT NOT NULL
    );
    CREATE INDEX sync_join_codes_by_account ON sync_join_codes (account_id);
",
];

/// The advisory lock migrations are applied under (any number, the same in every process).
const MIGRATION_LOCK: i64 = 0x0070_696e_676a_6961; // "pingjia" in ASCII

#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    /// This process's pushes waiting for their group's commit.
    pushes: PushQueue,
}

impl PgStore {
    /// Connects (a pool of at most `pool` connections) and brings the schema up to date. With
    /// `sslmode=require` in the URL the connections use TLS, the server's certificate checked
    /// against the Mozilla roots and the certificates of `ca_file`. Errors never repeat the
    /// URL, which may hold a password. Blocks: call it off the async runtime.
    pub fn connect(url: &str, pool: u32, ca_file: Option<&Path>) -> anyhow::Result<PgStore> {
        let config: postgres::Config = url.parse().map_err(|_| {
            anyhow::anyhow!(
                "--db is not a PostgreSQL URL pingjia can read (postgres://user:password@host:port/database[?sslmode=require])"
            )
        })?;
        let unreachable = "cannot connect to PostgreSQL: is it running, and do the host, port, user, password and sslmode in --db agree with it?";
        let pool = if config.get_ssl_mode() == SslMode::Require {
            let manager = PostgresConnectionManager::new(config, tls_connector(ca_file)?);
            Pool::Tls(pool_builder(pool).build(manager).context(unreachable)?)
        } else {
            let manager = PostgresConnectionManager::new(config, NoTls);
            Pool::Plain(pool_builder(pool).build(manager).context(unreachable)?)
        };
        let store = PgStore {
            pool,
            pushes: PushQueue::default(),
        };
        let mut client = store.client()?;
        migrate(&mut client)?;
        drop(client);
        Ok(store)
    }

    /// Whether a connection of this store is encrypted, as the server sees it.
    pub fn session_uses_tls(&self) -> anyhow::Result<bool> {
        let mut client = self.client()?;
        let row = client.query_one(
            "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
            &[],
        )?;
        Ok(row.get(0))
    }

    fn client(&self) -> anyhow::Result<Connection> {
        let busy = "no PostgreSQL connection became free";
        Ok(match &self.pool {
            Pool::Plain(pool) => Connection::Plain(pool.get().context(busy)?),
            Pool::Tls(pool) => Connection::Tls(pool.get().context(busy)?),
        })
    }
}

fn pool_builder<M: r2d2::ManageConnection>(size: u32) -> r2d2::Builder<M> {
    r2d2::Pool::builder()
        .max_size(size.max(1))
        .connection_timeout(Duration::from_secs(10))
}

fn migrate(client: &mut postgres::Client) -> anyhow::Result<()> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = (|| -> anyhow::Result<()> {
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS pingjia_schema (
                 version    INTEGER PRIMARY KEY,
                 applied_at TEXT NOT NULL
             )",
        )?;
        let current: i32 = client
            .query_one("SELECT coalesce(max(version), 0) FROM pingjia_schema", &[])?
            .get(0);
        if current as usize > MIGRATIONS.len() {
            anyhow::bail!(
                "the PostgreSQL schema is at version {current}, newer than this pingjia ({}): run the newer pingjia",
                MIGRATIONS.len()
            );
        }
        for (index, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let mut tx = client.transaction()?;
            tx.batch_execute(step)?;
            tx.execute(
                "INSERT INTO pingjia_schema (version, applied_at) VALUES ($1, $2)",
                &[&(index as i32 + 1), &crate::clock::now_text()],
            )?;
            tx.commit()?;
        }
        Ok(())
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    result.context("cannot bring the PostgreSQL schema up to date")
}

fn devices_of(
    client: &mut impl postgres::GenericClient,
    account: i64,
    asking: i64,
) -> anyhow::Result<Vec<DeviceInfo>> {
    let rows = client.query(
        "SELECT id, public_id, name, created_at, last_seen_at, revoked_at, last_op_id
         FROM sync_devices WHERE account_id = $1 ORDER BY id",
        &[&account],
    )?;
    Ok(rows
        .iter()
        .map(|row| DeviceInfo {
            this_device: row.get::<_, i64>(0) == asking,
            device_id: row.get(1),
            name: row.get(2),
            created_at: row.get(3),
            last_seen_at: row.get(4),
            revoked_at: row.get(5),
            last_op_id: row.get::<_, i64>(6) as u64,
        })
        .collect())
}

impl SyncStore for PgStore {
    fn status(&self) -> anyhow::Result<StoreStatus> {
        let mut client = self.client()?;
        let row = client.query_one(
            "SELECT coalesce(max(version), 0)::BIGINT, min(applied_at) FROM pingjia_schema",
            &[],
        )?;
        Ok(StoreStatus {
            backend: "postgres",
            schema_version: row.get(0),
            created_at: row.get(1),
        })
    }

    fn create_account(
        &self,
        account: NewRow<'_>,
        contact: &str,
        device: NewRow<'_>,
    ) -> anyhow::Result<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let created = crate::clock::now_text();
        let id: i64 = tx
            .query_one(
                "INSERT INTO sync_accounts (public_id, key_digest, name, contact, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    &account.public_id,
                    &account.digest,
                    &account.name,
                    &contact,
                    &created,
                ],
            )?
            .get(0);
        insert_device(&mut tx, id, &device, &created)?;
        tx.commit()?;
        Ok(())
    }

    fn account_key(&self, account_id: &str) -> anyhow::Result<Option<(i64, Vec<u8>)>> {
        let mut client = self.client()?;
        let row = client.query_opt(
            "SELECT id, key_digest FROM sync_accounts WHERE public_id = $1",
            &[&account_id],
        )?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    fn add_device(&self, account: i64, device: NewRow<'_>) -> anyhow::Result<()> {
        let mut client = self.client()?;
        insert_device(&mut *client, account, &device, &crate::clock::now_text())
    }

    fn device_credentials(&self, device_id: &str) -> anyhow::Result<Option<DeviceCredentials>> {
        let mut client = self.client()?;
        let row = client.query_opt(
            "SELECT id, account_id, token_digest, revoked_at IS NOT NULL
             FROM sync_devices WHERE public_id = $1",
            &[&device_id],
        )?;
        Ok(row.map(|row| DeviceCredentials {
            auth: AuthDevice {
                device: row.get(0),
                account: row.get(1),
                device_id: device_id.to_string(),
            },
            digest: row.get(2),
            revoked: row.get(3),
        }))
    }

    fn devices(&self, account: i64, asking: i64) -> anyhow::Result<Devices> {
        let mut client = self.client()?;
        let row = client.query_one(
            "SELECT public_id, name, contact FROM sync_accounts WHERE id = $1",
            &[&account],
        )?;
        Ok(Devices {
            account_id: row.get(0),
            name: row.get(1),
            contact: row.get(2),
            devices: devices_of(&mut *client, account, asking)?,
        })
    }

    fn revoke_device(&self, account: i64, device_id: &str) -> anyhow::Result<bool> {
        let mut client = self.client()?;
        let changed = client.execute(
            "UPDATE sync_devices SET revoked_at = coalesce(revoked_at, $3)
             WHERE account_id = $1 AND public_id = $2",
            &[&account, &device_id, &crate::clock::now_text()],
        )?;
        Ok(changed > 0)
    }

    fn revoke_all(&self, account: i64) -> anyhow::Result<u64> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let changed = tx.execute(
            "UPDATE sync_devices SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
            &[&account, &crate::clock::now_text()],
        )?;
        tx.execute(
            "DELETE FROM sync_join_codes WHERE account_id = $1",
            &[&account],
        )?;
        tx.commit()?;
        Ok(changed)
    }

    fn add_join_code(
        &self,
        account: i64,
        made_by: i64,
        code: NewRow<'_>,
        expires_at: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute(
            "DELETE FROM sync_join_codes WHERE account_id = $1 AND expires_at <= $2",
            &[&account, &now],
        )?;
        tx.execute(
            "INSERT INTO sync_join_codes (account_id, made_by, public_id, digest, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &account,
                &made_by,
                &code.public_id,
                &code.digest,
                &expires_at,
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn join_code(&self, public_id: &str, now: i64) -> anyhow::Result<Option<(i64, Vec<u8>)>> {
        let mut client = self.client()?;
        let row = client.query_opt(
            "SELECT c.account_id, c.digest FROM sync_join_codes c
             JOIN sync_devices d ON d.id = c.made_by AND d.revoked_at IS NULL
             WHERE c.public_id = $1 AND c.expires_at > $2",
            &[&public_id, &now],
        )?;
        Ok(row.map(|row| (row.get(0), row.get(1))))
    }

    fn join_with_code(
        &self,
        public_id: &str,
        now: i64,
        device: NewRow<'_>,
    ) -> anyhow::Result<bool> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // The row is deleted by one transaction only: a second use finds nothing.
        let row = tx.query_opt(
            "DELETE FROM sync_join_codes WHERE public_id = $1 AND expires_at > $2
             AND made_by IN (SELECT id FROM sync_devices WHERE revoked_at IS NULL)
             RETURNING account_id",
            &[&public_id, &now],
        )?;
        let Some(row) = row else {
            return Ok(false);
        };
        let account: i64 = row.get(0);
        insert_device(&mut tx, account, &device, &crate::clock::now_text())?;
        tx.commit()?;
        Ok(true)
    }

    fn replace_key(&self, account: i64, key_digest: &[u8]) -> anyhow::Result<String> {
        let mut client = self.client()?;
        Ok(client
            .query_one(
                "UPDATE sync_accounts SET key_digest = $2 WHERE id = $1 RETURNING public_id",
                &[&account, &key_digest],
            )?
            .get(0))
    }

    fn push(
        &self,
        device: &AuthDevice,
        ops: Vec<IncomingOp>,
        quota_bytes: u64,
    ) -> Result<PushResponse, PushError> {
        self.pushes
            .push(device, ops, quota_bytes, |jobs| match self.client() {
                Ok(mut client) => super::postgres_push::commit_group(&mut client, jobs),
                Err(err) => all_failed(jobs.len(), &err),
            })
    }

    fn pull(&self, account: i64, after: u64, limit: usize) -> anyhow::Result<Page> {
        let mut client = self.client()?;
        // Rows are decoded one at a time as they are taken, not all before the first.
        let after = after as i64;
        let rows_wanted = limit as i64 + 1;
        let params: [&(dyn postgres::types::ToSql + Sync); 3] = [&account, &after, &rows_wanted];
        let mut rows = client.query_raw(
            "SELECT seq, body FROM sync_records WHERE account_id = $1 AND seq > $2
             ORDER BY seq LIMIT $3",
            params,
        )?;
        let iter =
            std::iter::from_fn(|| {
                match postgres::fallible_iterator::FallibleIterator::next(&mut rows) {
                    Ok(Some(row)) => {
                        Some(Ok((row.get::<_, i64>(0) as u64, row.get::<_, String>(1))))
                    }
                    Ok(None) => None,
                    Err(err) => Some(Err(anyhow::Error::from(err))),
                }
            });
        Page::of(iter, limit)
    }

    fn export(&self, account: i64, asking: i64) -> anyhow::Result<AccountExport> {
        let mut client = self.client()?;
        let mut tx = client.build_transaction().read_only(true).start()?;
        let row = tx.query_one(
            "SELECT public_id, name, contact, created_at FROM sync_accounts WHERE id = $1",
            &[&account],
        )?;
        let mut records = Vec::new();
        for r in tx.query(
            "SELECT body FROM sync_records WHERE account_id = $1 ORDER BY seq",
            &[&account],
        )? {
            records.push(serde_json::from_str::<SyncRecord>(r.get::<_, &str>(0))?);
        }
        let devices = devices_of(&mut tx, account, asking)?;
        tx.commit()?;
        Ok(AccountExport {
            account_id: row.get(0),
            name: row.get(1),
            contact: row.get(2),
            created_at: row.get(3),
            devices,
            records,
        })
    }

    fn delete_account(&self, account: i64) -> anyhow::Result<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute(
            "DELETE FROM sync_forks WHERE device_id IN (SELECT id FROM sync_devices WHERE account_id = $1)",
            &[&account],
        )?;
        tx.execute(
            "DELETE FROM sync_records WHERE account_id = $1",
            &[&account],
        )?;
        tx.execute(
            "DELETE FROM sync_devices WHERE account_id = $1",
            &[&account],
        )?;
        tx.execute("DELETE FROM sync_accounts WHERE id = $1", &[&account])?;
        tx.commit()?;
        // The deleted rows stay in the tables' pages as dead tuples until a vacuum removes them:
        // do it now rather than when autovacuum comes round (docs/sync-api.md says what this
        // does and does not overwrite). It cannot run in a transaction, and the erasure is
        // already committed, so a failure is logged for the operator, not returned.
        if let Err(err) =
            client.batch_execute("VACUUM sync_records, sync_forks, sync_devices, sync_accounts")
        {
            tracing::error!("sync: the vacuum after an erasure failed: {err}");
        }
        Ok(())
    }
}

fn insert_device(
    client: &mut impl postgres::GenericClient,
    account: i64,
    device: &NewRow<'_>,
    created: &str,
) -> anyhow::Result<()> {
    client.execute(
        "INSERT INTO sync_devices (account_id, public_id, token_digest, name, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &account,
            &device.public_id,
            &device.digest,
            &device.name,
            &created,
        ],
    )?;
    Ok(())
}
