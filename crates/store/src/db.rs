//! Opening the database: WAL, a busy timeout (the CLI and the app may write at once),
//! foreign keys, embedded migrations, and a backup copy before an upgrade.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqlitePool};

use crate::StoreError;

pub const DB_FILE_NAME: &str = "regdesk.db";
static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The open database. Cloning is cheap (the pool is shared); never wrap it in a Mutex.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    /// SQLCipher's key for an encrypted workspace (to reopen the file alone).
    pub(crate) key: Option<crate::vault::Key>,
}

impl Store {
    /// Opens (creating if needed) `regdesk.db` in `dir` and brings its schema up to date.
    /// An encrypted workspace is refused (`Locked`): open it with [`Store::open_unlocked`].
    pub async fn open(dir: &Path) -> Result<Self, StoreError> {
        if crate::vault::is_encrypted(dir) {
            return Err(StoreError::Locked);
        }
        Self::open_with(dir, None).await
    }

    /// Opens with SQLCipher's `key` when given (SQLCipher runs it before any other pragma).
    pub(crate) async fn open_with(
        dir: &Path,
        key: Option<&crate::vault::Key>,
    ) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: regdesk_platform::paths::display(dir),
            source,
        })?;
        // Personal data: the folder (database, backups, logs, keys) is the user's alone.
        regdesk_platform::fs::private_dir(dir);
        let path = dir.join(DB_FILE_NAME);
        let existed = path.exists();
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let options = match key {
            Some(k) => options.pragma("key", k.sqlcipher_literal()),
            None => options,
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let store = Self {
            pool,
            path,
            key: key.cloned(),
        };
        if existed {
            store.backup_if_upgrading().await?;
        }
        MIGRATOR.run(&store.pool).await?;
        for suffix in ["", "-wal", "-shm"] {
            regdesk_platform::fs::private_file(&dir.join(format!("{DB_FILE_NAME}{suffix}")));
        }
        Ok(store)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data folder the database lives in.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Closes every connection (before the file is replaced). sqlx's `close` can return while a
    /// connection that was being handed back still lives (it then sits idle): closed again
    /// until the pool is empty, so SQLite has checkpointed and let go of the file.
    /// Connections closing at the same moment can each leave the WAL to the other: one
    /// connection alone then folds it in (SQLite deletes it when that one closes).
    pub async fn close(&self) {
        for _ in 0..500 {
            self.pool.close().await;
            if self.pool.size() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let wal = self.dir().join(format!("{DB_FILE_NAME}-wal"));
        if wal.exists() {
            if let Err(e) = self.settle_wal().await {
                eprintln!(
                    "RegDesk: could not fold the WAL of {}: {e}",
                    self.path.display()
                );
            }
        }
    }

    async fn settle_wal(&self) -> Result<(), StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite://")?.filename(&self.path);
        let options = match &self.key {
            Some(k) => options.pragma("key", k.sqlcipher_literal()),
            None => options,
        };
        let mut conn = options.connect().await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        Ok(())
    }

    /// Copies the file aside (`regdesk.db.v<old>.bak`) when embedded migrations are newer
    /// than the file's schema. `VACUUM INTO` gives a consistent copy even with WAL.
    async fn backup_if_upgrading(&self) -> Result<Option<PathBuf>, StoreError> {
        let has_table: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await?;
        let applied: i64 = if has_table.is_some() {
            sqlx::query_as::<_, (Option<i64>,)>("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_one(&self.pool)
                .await?
                .0
                .unwrap_or(0)
        } else {
            0
        };
        let latest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        if applied >= latest {
            return Ok(None);
        }
        let backup = self.path.with_extension(format!("db.v{applied}.bak"));
        if backup.exists() {
            std::fs::remove_file(&backup).map_err(|source| StoreError::Io {
                path: regdesk_platform::paths::display(&backup),
                source,
            })?;
        }
        sqlx::query("VACUUM INTO ?")
            .bind(backup.to_string_lossy().as_ref())
            .execute(&self.pool)
            .await?;
        regdesk_platform::fs::private_file(&backup);
        Ok(Some(backup))
    }

    /// The newest migration embedded in this binary.
    pub fn schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }
}
