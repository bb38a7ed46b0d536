//! Housekeeping of the package store: `gc` removes packages no row names (left by a request
//! that stored its bytes and then failed before its row), `migrate-blobs` moves bytes that
//! older versions kept in the database into the store. Both can be stopped and run again.

use std::time::Duration;

use regdesk_core::digest::sha256_hex;
use serde::Serialize;

use crate::blobs::{BlobError, PackageStore};
use crate::storage::{Storage, StorageError};

#[derive(Debug, thiserror::Error)]
pub enum HousekeepingError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error("submission {id}: the bytes in the database do not match its SHA-256 {sha256}; left in place")]
    Damaged { id: String, sha256: String },
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GcReport {
    /// Packages in the store.
    pub scanned: usize,
    /// Named by a row.
    pub kept: usize,
    /// Younger than the age bound: possibly a request whose row is still being written.
    pub young: usize,
    pub deleted: usize,
}

/// Deletes packages that no row names and that are older than `older_than`. The age bound is
/// what makes this safe beside running servers: a request writes its bytes a moment before its
/// row. Each candidate's age is read again just before deleting it, so bytes just stored again
/// by a new request are kept.
pub async fn gc(
    storage: &dyn Storage,
    blobs: &PackageStore,
    older_than: Duration,
) -> Result<GcReport, HousekeepingError> {
    let bound = chrono::Duration::from_std(older_than).unwrap_or(chrono::Duration::MAX);
    let is_old = |t: chrono::DateTime<chrono::Utc>| chrono::Utc::now() - t >= bound;
    let mut report = GcReport::default();
    for (sha, modified) in blobs.list().await? {
        report.scanned += 1;
        if !is_old(modified) {
            report.young += 1;
        } else if storage.referenced(&sha).await? {
            report.kept += 1;
        } else if blobs.modified(&sha).await?.is_some_and(is_old) {
            blobs.delete(&sha).await?;
            report.deleted += 1;
            tracing::info!(sha256 = %sha, "gc: deleted a package no submission names");
        } else {
            report.young += 1;
        }
    }
    Ok(report)
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrateReport {
    pub moved: usize,
    /// No row keeps bytes in the database any more.
    pub done: bool,
}

/// Moves package bytes out of the database, `batch` rows at a time: each row's bytes are
/// checked against its SHA-256, stored, and only then dropped from its row — a run stopped
/// at any point loses nothing and the next run goes on where it stopped. `limit` bounds one
/// run (None: until no row is left).
pub async fn migrate_blobs(
    storage: &dyn Storage,
    blobs: &PackageStore,
    batch: i64,
    limit: Option<usize>,
) -> Result<MigrateReport, HousekeepingError> {
    let mut report = MigrateReport::default();
    loop {
        let room = limit.map_or(batch, |l| batch.min(l.saturating_sub(report.moved) as i64));
        if room <= 0 {
            break;
        }
        let rows = storage.legacy_rows(room).await?;
        if rows.is_empty() {
            break;
        }
        for (id, sha) in rows {
            let Some(bytes) = storage.legacy_package(&id).await? else {
                continue;
            };
            if sha256_hex(&bytes) != sha {
                return Err(HousekeepingError::Damaged { id, sha256: sha });
            }
            blobs.put(&sha, bytes::Bytes::from(bytes)).await?;
            storage.drop_legacy(&id, &sha).await?;
            report.moved += 1;
        }
    }
    report.done = storage.legacy_rows(1).await?.is_empty();
    Ok(report)
}
