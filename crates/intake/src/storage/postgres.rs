//! PostgreSQL: the path for an exam office serving many centres, with several stateless server
//! processes over one database. Rows only; package bytes are in the package store.
//!
//! The change feed (`changes`, read by review sync and status pulls) must never skip a row
//! although commits from several servers interleave. Writers take no global lock: a row is
//! inserted with `seq` NULL and committed, then published — a short transaction under one
//! advisory lock numbers every committed unpublished row from a sequence (migration 0002).
//! Publishes are serialised and each numbers above all earlier ones, so the visible `seq`s only
//! ever grow at the top. The lock is held for one small UPDATE, not for the request's insert;
//! a row whose server died before publishing is published by the next writer or reader.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgPoolOptions, PgRow};
use sqlx::{PgPool, Row};

use super::{
    parse_issues, Decision, Inserted, NewSubmission, Result, Role, Status, Storage, Submission,
    TokenRow,
};

pub struct PgStorage {
    pool: PgPool,
}

const COLUMNS: &str = "id, org, idem_key, id_number, package_sha256, package_bytes, status, issues, valid_until, decided_at, received_at, seq";

/// Serialises publishes (see the module comment); held for one UPDATE.
const PUBLISH_LOCK: i64 = 0x5245_4744_4553_4b31;

impl PgStorage {
    pub const DEFAULT_POOL: u32 = 32;

    pub async fn connect(url: &str, pool: u32) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(pool.max(2))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        // Two server processes starting together must not both migrate.
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Numbers every committed unpublished row, in order of arrival.
    async fn publish(&self) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(PUBLISH_LOCK)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE submissions s SET seq = n.seq FROM (SELECT id, nextval('submission_seq') AS seq FROM (SELECT id FROM submissions WHERE seq IS NULL ORDER BY received_at, id) o) n WHERE s.id = n.id",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
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
        // The unique (org, idem_key) decides a race between two servers: one insert wins, the
        // other finds the winner's row.
        let inserted = sqlx::query(&format!(
            "INSERT INTO submissions (id, org, idem_key, id_number, package_sha256, package_bytes, status, issues, received_at) VALUES ($1, $2, $3, $4, $5, $6, 'received', '[]', $7) ON CONFLICT (org, idem_key) DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(&new.id)
        .bind(new.org)
        .bind(new.idem_key)
        .bind(new.id_number)
        .bind(new.sha256)
        .bind(new.package_bytes)
        .bind(new.received_at)
        .fetch_optional(&self.pool)
        .await?;
        match inserted {
            Some(row) => {
                let created = submission(&row)?;
                self.publish().await?;
                Ok(Inserted::Created(created))
            }
            None => match self.by_key(new.org, new.idem_key).await? {
                Some(existing) => Ok(Inserted::Existing(existing)),
                None => Err(super::StorageError::Corrupt(format!(
                    "idempotency key {} conflicted but has no row",
                    new.idem_key
                ))),
            },
        }
    }

    async fn submission(&self, id: &str) -> Result<Option<Submission>> {
        self.by_id(id).await
    }

    async fn changes(&self, org: Option<&str>, after: i64, limit: i64) -> Result<Vec<Submission>> {
        // A row left unpublished by a server that died between its two steps.
        let pending: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM submissions WHERE seq IS NULL)")
                .fetch_one(&self.pool)
                .await?;
        if pending {
            self.publish().await?;
        }
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
        // Unpublished again: the feed delivers the new state under a new number.
        let row = sqlx::query(&format!(
            "UPDATE submissions SET status = $1, issues = $2, valid_until = $3, decided_at = $4, seq = NULL WHERE id = $5 RETURNING {COLUMNS}"
        ))
        .bind(d.status.as_str())
        .bind(d.issues.to_string())
        .bind(&d.valid_until)
        .bind(&d.decided_at)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let updated = row.as_ref().map(submission).transpose()?;
        if updated.is_some() {
            self.publish().await?;
        }
        Ok(updated)
    }

    async fn legacy_package(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let found: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT package FROM submissions WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.flatten())
    }

    async fn referenced(&self, sha256: &str) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM submissions WHERE package_sha256 = $1)",
        )
        .bind(sha256)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn legacy_rows(&self, limit: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, package_sha256 FROM submissions WHERE package IS NOT NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn drop_legacy(&self, id: &str, sha256: &str) -> Result<()> {
        sqlx::query("UPDATE submissions SET package = NULL WHERE id = $1 AND package_sha256 = $2")
            .bind(id)
            .bind(sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
