//! Where the server keeps tokens and submission rows: one trait, two implementations — SQLite in
//! a data folder (one office, nothing to configure) and PostgreSQL (an exam office serving many
//! centres, several server processes over one database). The same test suite runs on both.
//! Package bytes are not here: they are in the package store (`crate::blobs`), under their
//! SHA-256; rows written before that move (the `package` column) are read until
//! `migrate-blobs` has moved them.

mod postgres;
mod sqlite;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use postgres::PgStorage;
pub use sqlite::SqliteStorage;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Config(String),
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A training centre or candidate: submits, sees its own organisation's submissions.
    Submitter,
    /// Reads every organisation's submissions and records decisions.
    Reviewer,
    /// Everything a reviewer can.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Submitter => "submitter",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "submitter" => Ok(Role::Submitter),
            "reviewer" => Ok(Role::Reviewer),
            "admin" => Ok(Role::Admin),
            other => Err(StorageError::Corrupt(format!("token role {other:?}"))),
        }
    }

    /// Reviewers and admins see every organisation; a submitter only its own.
    pub fn sees_all(self) -> bool {
        !matches!(self, Role::Submitter)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRow {
    pub id: String,
    pub org: String,
    pub role: Role,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InReview,
    Passed,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InReview => "in_review",
            Status::Passed => "passed",
            Status::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "received" => Ok(Status::Received),
            "in_review" => Ok(Status::InReview),
            "passed" => Ok(Status::Passed),
            "failed" => Ok(Status::Failed),
            other => Err(StorageError::Corrupt(format!(
                "submission status {other:?}"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    pub submission_id: String,
    #[serde(skip)]
    pub org: String,
    #[serde(skip)]
    pub idem_key: String,
    pub id_number: String,
    pub package_sha256: String,
    pub package_bytes: i64,
    pub status: Status,
    /// Problems (SPEC §6) the reviewer gave for a fail.
    pub issues: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    pub received_at: String,
    /// Position in the change feed; None while a PostgreSQL row waits to be published.
    #[serde(skip)]
    pub seq: Option<i64>,
}

pub struct NewSubmission<'a> {
    pub id: String,
    pub org: &'a str,
    pub idem_key: &'a str,
    pub id_number: &'a str,
    pub sha256: &'a str,
    /// Size of the package, whose bytes are already in the package store.
    pub package_bytes: i64,
    pub received_at: &'a str,
}

/// What an insert found: a new row, or the row already stored under the same key.
#[derive(Debug)]
pub enum Inserted {
    Created(Submission),
    Existing(Submission),
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub status: Status,
    pub issues: serde_json::Value,
    pub valid_until: Option<String>,
    pub decided_at: Option<String>,
}

#[async_trait]
pub trait Storage: Send + Sync {
    /// Reachability, for `/v1/health`.
    async fn ping(&self) -> Result<()>;
    async fn create_token(&self, row: &TokenRow, token_sha256: &str) -> Result<()>;
    async fn tokens(&self) -> Result<Vec<TokenRow>>;
    /// Revokes by token id; false when no live token has that id.
    async fn revoke_token(&self, id: &str, at: &str) -> Result<bool>;
    /// A live (not revoked) token by the hash of its secret.
    async fn token_by_hash(&self, token_sha256: &str) -> Result<Option<TokenRow>>;
    /// The submission stored under an idempotency key, if any.
    async fn by_key(&self, org: &str, idem_key: &str) -> Result<Option<Submission>>;
    /// Stores a package exactly once per (organisation, idempotency key).
    async fn insert_submission(&self, new: NewSubmission<'_>) -> Result<Inserted>;
    async fn submission(&self, id: &str) -> Result<Option<Submission>>;
    /// Submissions changed after `after` (a seq), oldest change first; `org` None = all.
    async fn changes(&self, org: Option<&str>, after: i64, limit: i64) -> Result<Vec<Submission>>;
    /// Records a status change (a new seq); None when there is no such submission.
    async fn decide(&self, id: &str, decision: &Decision) -> Result<Option<Submission>>;
    /// Package bytes still held in the database (rows from before the package store); None
    /// once `migrate-blobs` has moved them.
    async fn legacy_package(&self, id: &str) -> Result<Option<Vec<u8>>>;
    /// Whether any row names this package (for `gc`).
    async fn referenced(&self, sha256: &str) -> Result<bool>;
    /// Up to `limit` rows whose bytes are still in the database: (id, SHA-256).
    async fn legacy_rows(&self, limit: i64) -> Result<Vec<(String, String)>>;
    /// Forgets a row's bytes in the database once the package store holds them.
    async fn drop_legacy(&self, id: &str, sha256: &str) -> Result<()>;
}

/// Opens the storage a command line asked for: a PostgreSQL URL, or a SQLite database in the
/// data folder (created when missing). Migrations run on open.
pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Arc<dyn Storage>> {
    open_with(data_dir, database_url, PgStorage::DEFAULT_POOL).await
}

/// As [`open`], with the PostgreSQL pool's size (`--max-connections`).
pub async fn open_with(
    data_dir: &Path,
    database_url: Option<&str>,
    pool: u32,
) -> Result<Arc<dyn Storage>> {
    match database_url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Arc::new(PgStorage::connect(url, pool).await?))
        }
        Some(other) => Err(StorageError::Config(format!(
            "--database-url must be postgres://… (got {}); leave it out for SQLite in --data-dir",
            other.split(':').next().unwrap_or("?")
        ))),
        None => Ok(Arc::new(SqliteStorage::open(data_dir).await?)),
    }
}

pub(crate) fn parse_issues(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| StorageError::Corrupt(format!("issues: {e}")))
}
