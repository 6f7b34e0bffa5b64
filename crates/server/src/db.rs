//! The embedded SQLite database and its migrations. One connection writes (SQLite has one
//! writer at a time in any case); another reads, so pulls and health checks never wait for a
//! push to commit (WAL lets them read the last committed state meanwhile).

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{M, Migrations};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Every schema change, in order. Append; never edit a step that has shipped.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE server_info (
             key   TEXT PRIMARY KEY NOT NULL,
             value TEXT NOT NULL
         ) STRICT;
         INSERT INTO server_info (key, value) VALUES ('created_at', datetime('now'));",
        ),
        // Sync: accounts, their devices, their records (the latest revision of each, numbered by
        // the account's change counter, which pulls follow), and the records a device's changes
        // are in conflict on.
        M::up(
            "CREATE TABLE sync_accounts (
             id         INTEGER PRIMARY KEY,
             public_id  TEXT NOT NULL UNIQUE,
             key_digest BLOB NOT NULL,
             name       TEXT NOT NULL,
             contact    TEXT NOT NULL,
             created_at TEXT NOT NULL,
             last_seq   INTEGER NOT NULL DEFAULT 0,
             bytes_used INTEGER NOT NULL DEFAULT 0
         ) STRICT;
         CREATE TABLE sync_devices (
             id           INTEGER PRIMARY KEY,
             account_id   INTEGER NOT NULL REFERENCES sync_accounts (id) ON DELETE CASCADE,
             public_id    TEXT NOT NULL UNIQUE,
             token_digest BLOB NOT NULL,
             name         TEXT NOT NULL,
             created_at   TEXT NOT NULL,
             last_seen_at TEXT,
             revoked_at   TEXT,
             last_op_id   INTEGER NOT NULL DEFAULT 0
         ) STRICT;
         CREATE INDEX sync_devices_by_account ON sync_devices (account_id);
         CREATE TABLE sync_records (
             account_id INTEGER NOT NULL REFERENCES sync_accounts (id) ON DELETE CASCADE,
             record_id  TEXT NOT NULL,
             kind       TEXT NOT NULL,
             draft_id   TEXT NOT NULL,
             revision   INTEGER NOT NULL,
             seq        INTEGER NOT NULL,
             body       TEXT NOT NULL,
             UNIQUE (account_id, record_id)
         ) STRICT;
         CREATE UNIQUE INDEX sync_records_by_seq ON sync_records (account_id, seq);
         CREATE TABLE sync_forks (
             device_id INTEGER NOT NULL REFERENCES sync_devices (id) ON DELETE CASCADE,
             record_id TEXT NOT NULL,
             PRIMARY KEY (device_id, record_id)
         ) STRICT, WITHOUT ROWID;",
        ),
        // Join codes: one device each, within minutes, made on a signed-in device.
        M::up(
            "CREATE TABLE sync_join_codes (
             id         INTEGER PRIMARY KEY,
             account_id INTEGER NOT NULL REFERENCES sync_accounts (id) ON DELETE CASCADE,
             made_by    INTEGER NOT NULL REFERENCES sync_devices (id) ON DELETE CASCADE,
             public_id  TEXT NOT NULL UNIQUE,
             digest     BLOB NOT NULL,
             expires_at INTEGER NOT NULL
         ) STRICT;
         CREATE INDEX sync_join_codes_by_account ON sync_join_codes (account_id);",
        ),
    ])
}

/// A handle to the database, cheap to clone and share between requests.
#[derive(Clone)]
pub struct Database {
    conn: Arc<Mutex<Connection>>,
    reader: Arc<Mutex<Connection>>,
}

/// What `/api/health` reports about the database.
#[derive(Debug, serde::Serialize)]
pub struct DatabaseStatus {
    pub schema_version: i64,
    pub created_at: Option<String>,
}

fn prepare(path: &Path) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(path)?;
    // WAL lets readers go on while a sync writes; the busy timeout rides out short locks.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // An acknowledged push must survive a power cut: FULL syncs the log at every commit.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // What is deleted is overwritten with zeros, free pages included: an erased account's
    // people must not stay in the file (FAST left freed pages as they were).
    conn.pragma_update(None, "secure_delete", "ON")?;
    // 32 MB of page cache: a push looks up each record it changes by its id.
    conn.pragma_update(None, "cache_size", -32_768)?;
    // Checkpoint the log every ~40 MB rather than 4 MB: fewer syncs of the main file during
    // bursts of pushes (a checkpoint is safe at any size; readers are unaffected).
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrations().to_latest(&mut conn)?;
    clear_free_pages_once(&conn)?;
    Ok(conn)
}

/// A database written before `secure_delete` was ON may hold deleted text on its free pages:
/// rebuilt once (VACUUM), it has none, and the marker says so.
fn clear_free_pages_once(conn: &Connection) -> anyhow::Result<()> {
    let done: Option<String> = conn
        .query_row(
            "SELECT value FROM server_info WHERE key = 'free_pages_cleared'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if done.is_none() {
        conn.execute_batch("VACUUM")
            .context("cannot rebuild the database to clear its free pages")?;
        conn.execute(
            "INSERT INTO server_info (key, value) VALUES ('free_pages_cleared', datetime('now'))",
            [],
        )?;
    }
    Ok(())
}

/// Moves every committed page out of the write-ahead log into the file and empties the log, so
/// what was erased is in neither. A reader still on an older snapshot can hold the log back
/// for a moment: tried again until it lets go (at most about a second).
pub fn checkpoint_and_truncate_log(conn: &Connection) -> anyhow::Result<()> {
    for _ in 0..20 {
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
        if busy == 0 {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    anyhow::bail!("the write-ahead log could not be emptied: a reader held it for over a second")
}

fn prepare_reader(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

impl Database {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Database> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| {
                format!(
                    "cannot create the folder for the database: {}",
                    parent.display()
                )
            })?;
        }
        let conn = prepare(path).with_context(|| {
            format!(
                "cannot use {} as the pingjia database (is it a SQLite file of this app?)",
                path.display()
            )
        })?;
        let reader = prepare_reader(path)
            .with_context(|| format!("cannot open {} for reading", path.display()))?;
        Ok(Database {
            conn: Arc::new(Mutex::new(conn)),
            reader: Arc::new(Mutex::new(reader)),
        })
    }

    /// Runs `f` on the reading connection in a blocking thread. `f` must only read.
    pub async fn read<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.reader);
        tokio::task::spawn_blocking(move || f(&mut lock(&conn)))
            .await
            .context("the database task stopped")?
    }

    /// The writing connection, from a thread that may block.
    pub fn writer(&self) -> std::sync::MutexGuard<'_, Connection> {
        lock(&self.conn)
    }

    /// The reading connection, from a thread that may block. Only read with it.
    pub fn reader(&self) -> std::sync::MutexGuard<'_, Connection> {
        lock(&self.reader)
    }

    /// Runs `f` on the connection in a blocking thread, off the async runtime.
    pub async fn with<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || f(&mut lock(&conn)))
            .await
            .context("the database task stopped")?
    }
}

/// The schema version and creation time, asked of the database itself (so a broken file shows up
/// in `/api/health`, not on the next write).
pub fn status(conn: &Connection) -> anyhow::Result<DatabaseStatus> {
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let created_at = conn
        .query_row(
            "SELECT value FROM server_info WHERE key = 'created_at'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(DatabaseStatus {
        schema_version,
        created_at,
    })
}

/// A panic while holding the lock poisons it; the connection itself is still sound (every
/// transaction either committed or rolled back when its guard dropped).
fn lock(conn: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[tokio::test]
    async fn a_new_file_is_created_and_migrated_and_reopens() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("nested/pingjia.sqlite3");
        let db = Database::open(&path).expect("opens a new file");
        let status = super::status(&db.reader()).expect("status");
        assert_eq!(status.schema_version, 3);
        let created = status.created_at.expect("creation time recorded");
        drop(db);

        let again = Database::open(&path).expect("reopens");
        let status = super::status(&again.reader()).expect("status");
        assert_eq!(status.created_at.as_deref(), Some(created.as_str()));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_with_its_path() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("not-a-db.sqlite3");
        std::fs::write(&path, b"this is plain text, not SQLite").expect("write");
        let err = Database::open(&path).err().expect("refused");
        assert!(format!("{err:#}").contains("not-a-db.sqlite3"), "{err:#}");
    }
}
