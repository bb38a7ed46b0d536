//! SQLite in a data folder: WAL with `synchronous=FULL` (a 201 is on disk), one writer at a
//! time behind a mutex (SQLite allows one anyway; waiting here beats SQLITE_BUSY retries).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow};
use sqlx::{Row, SqlitePool};
use tokio::sync::Mutex;

use super::{
    parse_issues, Decision, Inserted, NewSubmission, Result, Role, Status, Storage, StorageError,
    Submission, TokenRow,
};

pub struct SqliteStorage {
    pool: SqlitePool,
    write: Mutex<()>,
}

const COLUMNS: &str = "id, org, idem_key, id_number, package_sha256, package_bytes, status, issues, valid_until, decided_at, received_at, seq";

impl SqliteStorage {
    pub async fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StorageError::Config(format!("cannot create data folder {}: {e}", dir.display()))
        })?;
        let path = dir.join("intake.db");
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        restrict_permissions(&path);
        Ok(Self {
            pool,
            write: Mutex::new(()),
        })
    }

    async fn by_id(&self, id: &str) -> Result<Option<Submission>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(submission).transpose()
    }
}

/// The database holds ID numbers: readable by the server's user only.
fn restrict_permissions(path: &Path) {
    regdesk_platform::fs::private_file(path);
}

fn submission(row: &SqliteRow) -> Result<Submission> {
    Ok(Submission {
        submission_id: row.try_get("id")?,
        org: row.try_get("org")?,
        idem_key: row.try_get("idem_key")?,
        id_number: row.try_get("id_number")?,
        package_sha256: row.try_get("package_sha256")?,
        package_bytes: row.try_get("package_bytes")?,
        status: Status::parse(row.try_get::<&str, _>("status")?)?,
        issues: parse_issues(row.try_get::<&str, _>("issues")?)?,
        valid_until: row.try_get("valid_until")?,
        decided_at: row.try_get("decided_at")?,
        received_at: row.try_get("received_at")?,
        seq: row.try_get("seq")?,
    })
}

fn token(row: &SqliteRow) -> Result<TokenRow> {
    Ok(TokenRow {
        id: row.try_get("id")?,
        org: row.try_get("org")?,
        role: Role::parse(row.try_get::<&str, _>("role")?)?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_token(&self, row: &TokenRow, token_sha256: &str) -> Result<()> {
        let _w = self.write.lock().await;
        sqlx::query(
            "INSERT INTO tokens (id, token_sha256, org, role, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&row.id)
        .bind(token_sha256)
        .bind(&row.org)
        .bind(row.role.as_str())
        .bind(&row.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn tokens(&self) -> Result<Vec<TokenRow>> {
        let rows = sqlx::query(
            "SELECT id, org, role, created_at, revoked_at FROM tokens ORDER BY created_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(token).collect()
    }

    async fn revoke_token(&self, id: &str, at: &str) -> Result<bool> {
        let _w = self.write.lock().await;
        let done =
            sqlx::query("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn token_by_hash(&self, token_sha256: &str) -> Result<Option<TokenRow>> {
        let row = sqlx::query(
            "SELECT id, org, role, created_at, revoked_at FROM tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
        )
        .bind(token_sha256)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(token).transpose()
    }

    async fn by_key(&self, org: &str, idem_key: &str) -> Result<Option<Submission>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE org = ? AND idem_key = ?"
        ))
        .bind(org)
        .bind(idem_key)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(submission).transpose()
    }

    async fn insert_submission(&self, new: NewSubmission<'_>) -> Result<Inserted> {
        let _w = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        let existing = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE org = ? AND idem_key = ?"
        ))
        .bind(new.org)
        .bind(new.idem_key)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            return Ok(Inserted::Existing(submission(&row)?));
        }
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM submissions")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO submissions (id, org, idem_key, id_number, package_sha256, package_bytes, status, issues, received_at, seq) VALUES (?, ?, ?, ?, ?, ?, 'received', '[]', ?, ?)",
        )
        .bind(&new.id)
        .bind(new.org)
        .bind(new.idem_key)
        .bind(new.id_number)
        .bind(new.sha256)
        .bind(new.package_bytes)
        .bind(new.received_at)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions WHERE id = ?"))
            .bind(&new.id)
            .fetch_one(&mut *tx)
            .await?;
        let created = submission(&row)?;
        tx.commit().await?;
        Ok(Inserted::Created(created))
    }

    async fn submission(&self, id: &str) -> Result<Option<Submission>> {
        self.by_id(id).await
    }

    async fn changes(&self, org: Option<&str>, after: i64, limit: i64) -> Result<Vec<Submission>> {
        let rows = match org {
            Some(org) => {
                sqlx::query(&format!(
                "SELECT {COLUMNS} FROM submissions WHERE org = ? AND seq > ? ORDER BY seq LIMIT ?"
            ))
                .bind(org)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM submissions WHERE seq > ? ORDER BY seq LIMIT ?"
                ))
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(submission).collect()
    }

    async fn decide(&self, id: &str, d: &Decision) -> Result<Option<Submission>> {
        let _w = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM submissions")
            .fetch_one(&mut *tx)
            .await?;
        let done = sqlx::query(
            "UPDATE submissions SET status = ?, issues = ?, valid_until = ?, decided_at = ?, seq = ? WHERE id = ?",
        )
        .bind(d.status.as_str())
        .bind(d.issues.to_string())
        .bind(&d.valid_until)
        .bind(&d.decided_at)
        .bind(seq)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        self.by_id(id).await
    }

    async fn legacy_package(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let found: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT package FROM submissions WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.flatten())
    }

    async fn referenced(&self, sha256: &str) -> Result<bool> {
        Ok(
            sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM submissions WHERE package_sha256 = ?)",
            )
            .bind(sha256)
            .fetch_one(&self.pool)
            .await?,
        )
    }

    async fn legacy_rows(&self, limit: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, package_sha256 FROM submissions WHERE package IS NOT NULL ORDER BY id LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn drop_legacy(&self, id: &str, sha256: &str) -> Result<()> {
        let _w = self.write.lock().await;
        sqlx::query("UPDATE submissions SET package = NULL WHERE id = ? AND package_sha256 = ?")
            .bind(id)
            .bind(sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
