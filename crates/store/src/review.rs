//! Storage of the review desk and of decisions: opened packages, append-only signed decision
//! records (idempotent by content id), and which package is each candidate's current one.

use regdesk_core::clock::now_millis;
use serde::Serialize;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedPackage {
    pub package_sha256: String,
    pub id_number: String,
    pub file: String,
    pub signer: Option<String>,
    pub signature: String,
    pub issues: serde_json::Value,
    /// The candidate's name from the manifest (for the queue).
    pub name: String,
    /// The intake submission it was pulled from, if it was.
    pub submission_id: Option<String>,
}

pub async fn put_package(store: &Store, p: &OpenedPackage, bytes: &[u8]) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO review_packages (sha256, id_number, file, signer, signature, issues, package, opened_at, name, submission_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(sha256) DO UPDATE SET file = excluded.file, issues = excluded.issues, name = excluded.name,
             submission_id = COALESCE(excluded.submission_id, review_packages.submission_id)",
    )
    .bind(&p.package_sha256)
    .bind(&p.id_number)
    .bind(&p.file)
    .bind(&p.signer)
    .bind(&p.signature)
    .bind(p.issues.to_string())
    .bind(bytes)
    .bind(now_millis())
    .bind(&p.name)
    .bind(&p.submission_id)
    .execute(tx.conn())
    .await?;
    tx.commit().await
}

pub async fn packages(store: &Store) -> Result<Vec<OpenedPackage>, StoreError> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT sha256, id_number, file, signer, signature, issues, name, submission_id
         FROM review_packages ORDER BY opened_at, sha256",
    )
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(
            |(sha, id, file, signer, signature, issues, name, submission_id)| {
                Ok(OpenedPackage {
                    name,
                    submission_id,
                    issues: serde_json::from_str(&issues)
                        .map_err(|e| StoreError::Corrupt(format!("review package {sha}: {e}")))?,
                    package_sha256: sha,
                    id_number: id,
                    file,
                    signer,
                    signature,
                })
            },
        )
        .collect()
}

/// Adds a record unless one with the same id is there; true when it was new.
pub async fn add_decision(
    store: &Store,
    id: &str,
    package_sha256: &str,
    id_number: &str,
    record: &serde_json::Value,
) -> Result<bool, StoreError> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "INSERT INTO decisions (id, package_sha256, id_number, record, received_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING",
    )
    .bind(id)
    .bind(package_sha256)
    .bind(id_number)
    .bind(record.to_string())
    .bind(now_millis())
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Every decision record (as stored, signed), by id: the order never depends on arrival.
pub async fn decisions(store: &Store) -> Result<Vec<serde_json::Value>, StoreError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, record FROM decisions ORDER BY id")
            .fetch_all(store.pool())
            .await?;
    rows.into_iter()
        .map(|(id, r)| {
            serde_json::from_str(&r).map_err(|e| StoreError::Corrupt(format!("decision {id}: {e}")))
        })
        .collect()
}

/// Records that the workspace produced this package for the candidate (export or outbox).
pub async fn note_export(store: &Store, id_number: &str, sha256: &str) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO exported_packages (sha256, candidate_id, exported_at)
         SELECT ?, id, ? FROM candidates WHERE id_number = ?
         ON CONFLICT(sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(now_millis())
    .bind(id_number)
    .execute(tx.conn())
    .await?;
    tx.commit().await
}

/// The candidate's current package: the last one exported or queued.
pub async fn current_package(store: &Store, id_number: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT e.sha256 FROM exported_packages e JOIN candidates c ON c.id = e.candidate_id
         WHERE c.id_number = ? ORDER BY e.exported_at DESC, e.rowid DESC LIMIT 1",
    )
    .bind(id_number)
    .fetch_optional(store.pool())
    .await?)
}

/// Every candidate's current package, in one query (the grid's view of all of them).
pub async fn current_packages(
    store: &Store,
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.id_number, e.sha256 FROM exported_packages e JOIN candidates c ON c.id = e.candidate_id
         ORDER BY e.exported_at, e.rowid",
    )
    .fetch_all(store.pool())
    .await?;
    // Later rows overwrite earlier ones: the last exported wins, as in `current_package`.
    Ok(rows.into_iter().collect())
}

/// An opened package's bytes (the desk shows its materials from them).
pub async fn package_bytes(store: &Store, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT package FROM review_packages WHERE sha256 = ?")
            .bind(sha256)
            .fetch_optional(store.pool())
            .await?,
    )
}

/// Decisions on pulled packages not yet pushed to the intake server: (record id, submission).
pub async fn unpushed(store: &Store) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT d.id, p.submission_id FROM decisions d
         JOIN review_packages p ON p.sha256 = d.package_sha256
         WHERE p.submission_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM review_pushes r WHERE r.decision_id = d.id)
         ORDER BY d.id",
    )
    .fetch_all(store.pool())
    .await?)
}

pub async fn note_pushed(
    store: &Store,
    decision_id: &str,
    submission_id: &str,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO review_pushes (decision_id, submission_id, pushed_at) VALUES (?, ?, ?)
         ON CONFLICT(decision_id) DO NOTHING",
    )
    .bind(decision_id)
    .bind(submission_id)
    .bind(now_millis())
    .execute(tx.conn())
    .await?;
    tx.commit().await
}

/// The desk's cursor into the intake server's changes (per endpoint).
pub async fn pull_cursor(store: &Store, endpoint: &str) -> Result<String, StoreError> {
    Ok(
        crate::settings::get_raw(store, &format!("review.cursor:{endpoint}"))
            .await?
            .unwrap_or_default(),
    )
}

pub async fn set_pull_cursor(
    store: &Store,
    endpoint: &str,
    cursor: &str,
) -> Result<(), StoreError> {
    crate::settings::set_raw(store, &format!("review.cursor:{endpoint}"), cursor).await
}
