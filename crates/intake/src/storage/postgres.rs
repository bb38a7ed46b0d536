//! PostgreSQL: the path for an exam office serving many centres, with several stateless server
//! processes over one database. Package bytes are `bytea` beside their SHA-256, so one backup
//! (pg_dump) holds everything.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgPoolOptions, PgRow};
use sqlx::{PgPool, Postgres, Row, Transaction};

use super::{
    parse_issues, Decision, Inserted, NewSubmission, Result, Role, Status, Storage, Submission,
    TokenRow,
};

pub struct PgStorage {
    pool: PgPool,
}

const COLUMNS: &str = "id, org, idem_key, id_number, package_sha256, package_bytes, status, issues, valid_until, decided_at, received_at, seq";

/// Held for the rest of a writing transaction: seq numbers are handed out in commit order, so a
/// `since` reader that has seen N has seen everything below N (across server processes too).
const SEQ_LOCK: i64 = 0x5245_4744_4553_4b31;

impl PgStorage {
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(32)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        // Two server processes starting together must not both migrate.
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    async fn next_seq(tx: &mut Transaction<'_, Postgres>) -> Result<i64> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(SEQ_LOCK)
            .execute(&mut **tx)
            .await?;
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM submissions")
                .fetch_one(&mut **tx)
                .await?,
        )
    }

    async fn by_id(&self, id: &str) -> Result<Option<Submission>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM submissions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(submission).transpose()
    }
}

fn submission(row: &PgRow) -> Result<Submission> {
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

fn token(row: &PgRow) -> Result<TokenRow> {
    Ok(TokenRow {
        id: row.try_get("id")?,
        org: row.try_get("org")?,
        role: Role::parse(row.try_get::<&str, _>("role")?)?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

#[async_trait]
impl Storage for PgStorage {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_token(&self, row: &TokenRow, token_sha256: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO tokens (id, token_sha256, org, role, created_at) VALUES ($1, $2, $3, $4, $5)",
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
        let done =
            sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn token_by_hash(&self, token_sha256: &str) -> Result<Option<TokenRow>> {
        let row = sqlx::query(
            "SELECT id, org, role, created_at, revoked_at FROM tokens WHERE token_sha256 = $1 AND revoked_at IS NULL",
        )
        .bind(token_sha256)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(token).transpose()
    }

    async fn by_key(&self, org: &str, idem_key: &str) -> Result<Option<Submission>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE org = $1 AND idem_key = $2"
        ))
        .bind(org)
        .bind(idem_key)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(submission).transpose()
    }

    async fn insert_submission(&self, new: NewSubmission<'_>) -> Result<Inserted> {
        let find = format!("SELECT {COLUMNS} FROM submissions WHERE org = $1 AND idem_key = $2");
        // The common retry finds its row without taking the lock.
        if let Some(row) = sqlx::query(&find)
            .bind(new.org)
            .bind(new.idem_key)
            .fetch_optional(&self.pool)
            .await?
        {
            return Ok(Inserted::Existing(submission(&row)?));
        }
        let mut tx = self.pool.begin().await?;
        let seq = Self::next_seq(&mut tx).await?;
        // Under the lock: a concurrent request with the same key has committed or not started.
        if let Some(row) = sqlx::query(&find)
            .bind(new.org)
            .bind(new.idem_key)
            .fetch_optional(&mut *tx)
            .await?
        {
            return Ok(Inserted::Existing(submission(&row)?));
        }
        let row = sqlx::query(&format!(
            "INSERT INTO submissions (id, org, idem_key, id_number, package_sha256, package, package_bytes, status, issues, received_at, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', '[]', $8, $9) RETURNING {COLUMNS}"
        ))
        .bind(&new.id)
        .bind(new.org)
        .bind(new.idem_key)
        .bind(new.id_number)
        .bind(new.sha256)
        .bind(new.package)
        .bind(new.package.len() as i64)
        .bind(new.received_at)
        .bind(seq)
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
                    "SELECT {COLUMNS} FROM submissions WHERE org = $1 AND seq > $2 ORDER BY seq LIMIT $3"
                ))
                .bind(org)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM submissions WHERE seq > $1 ORDER BY seq LIMIT $2"
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
        let mut tx = self.pool.begin().await?;
        let seq = Self::next_seq(&mut tx).await?;
        let row = sqlx::query(&format!(
            "UPDATE submissions SET status = $1, issues = $2, valid_until = $3, decided_at = $4, seq = $5 WHERE id = $6 RETURNING {COLUMNS}"
        ))
        .bind(d.status.as_str())
        .bind(d.issues.to_string())
        .bind(&d.valid_until)
        .bind(&d.decided_at)
        .bind(seq)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let updated = row.as_ref().map(submission).transpose()?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn package(&self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("SELECT package FROM submissions WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
