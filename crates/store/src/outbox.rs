//! The outbox: packages queued for an intake server, each with the idempotency key it will
//! always be sent with. Queued before any network call; a row left `sending` by a crash is
//! simply sent again (same key, so the server answers with its first result).

use regdesk_core::clock::now_millis;
use regdesk_core::Actor;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use ts_rs::TS;

use crate::audit::{self, Change};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting to be sent (again): also after a transient failure.
    Queued,
    /// A send was in flight; after a crash it is sent again with the same key.
    Sending,
    Accepted,
    /// Refused by the server for good (e.g. the package failed its verification).
    Refused,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Accepted => "accepted",
            OutboxState::Refused => "refused",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "queued" => OutboxState::Queued,
            "sending" => OutboxState::Sending,
            "accepted" => OutboxState::Accepted,
            "refused" => OutboxState::Refused,
            other => return Err(StoreError::Corrupt(format!("outbox state {other:?}"))),
        })
    }
}

/// One outbox row without its package bytes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub profile_submitted_at: String,
    pub idem_key: String,
    pub package_sha256: String,
    pub state: OutboxState,
    pub attempts: u32,
    /// The last failure: a problem (SPEC §6) from the server, or a network error.
    #[ts(type = "unknown")]
    pub last_error: Option<serde_json::Value>,
    pub submission_id: Option<String>,
    /// `received | in_review | passed | failed`, as last pulled.
    pub remote_status: Option<String>,
    #[ts(type = "unknown[]")]
    pub remote_issues: serde_json::Value,
    pub valid_until: Option<String>,
    #[ts(type = "number")]
    pub updated_at: i64,
}

const COLUMNS: &str = "o.id, c.id_number, c.name, o.profile_submitted_at, o.idem_key, o.package_sha256, o.state, o.attempts, o.last_error, o.submission_id, o.remote_status, o.remote_issues, o.valid_until, o.updated_at";

fn entry(row: &SqliteRow) -> Result<OutboxEntry, StoreError> {
    let json = |col: &str, text: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("outbox {col}: {e}")))
        })
        .transpose()
    };
    Ok(OutboxEntry {
        id: row.try_get("id")?,
        id_number: row.try_get("id_number")?,
        name: row.try_get("name")?,
        profile_submitted_at: row.try_get("profile_submitted_at")?,
        idem_key: row.try_get("idem_key")?,
        package_sha256: row.try_get("package_sha256")?,
        state: OutboxState::parse(row.try_get::<&str, _>("state")?)?,
        attempts: row
            .try_get::<i64, _>("attempts")?
            .try_into()
            .unwrap_or(u32::MAX),
        last_error: json("last_error", row.try_get("last_error")?)?,
        submission_id: row.try_get("submission_id")?,
        remote_status: row.try_get("remote_status")?,
        remote_issues: json("remote_issues", row.try_get("remote_issues")?)?
            .unwrap_or(serde_json::Value::Array(vec![])),
        valid_until: row.try_get("valid_until")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub struct NewEntry<'a> {
    pub id_number: &'a str,
    pub profile_submitted_at: &'a str,
    pub idem_key: &'a str,
    pub package: &'a [u8],
    pub package_sha256: &'a str,
}

/// Queues a package, unless this profile submission of the candidate is already in the outbox:
/// then that entry is returned (queueing twice never makes two submissions). Audited.
pub async fn queue(
    store: &Store,
    new: NewEntry<'_>,
    actor: &Actor,
) -> Result<(OutboxEntry, bool), StoreError> {
    let mut tx = store.begin_write().await?;
    let existing = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id
         WHERE c.id_number = ? AND o.profile_submitted_at = ?"
    ))
    .bind(new.id_number)
    .bind(new.profile_submitted_at)
    .fetch_optional(tx.conn())
    .await?;
    if let Some(row) = existing {
        return Ok((entry(&row)?, false));
    }
    let now = now_millis();
    let done = sqlx::query(
        "INSERT INTO outbox (candidate_id, profile_submitted_at, idem_key, package, package_sha256, state, created_at, updated_at)
         SELECT id, ?, ?, ?, ?, 'queued', ?, ? FROM candidates WHERE id_number = ?",
    )
    .bind(new.profile_submitted_at)
    .bind(new.idem_key)
    .bind(new.package)
    .bind(new.package_sha256)
    .bind(now)
    .bind(now)
    .bind(new.id_number)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("candidate {}", new.id_number)));
    }
    let id = done.last_insert_rowid();
    audit::record(
        tx.conn(),
        actor,
        Change {
            entity: "candidate",
            entity_key: new.id_number,
            action: "submission_queued",
            old: None,
            new: Some(serde_json::json!({
                "idempotencyKey": new.idem_key,
                "packageSha256": new.package_sha256,
            })),
            reason: None,
        },
    )
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id WHERE o.id = ?"
    ))
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    let created = entry(&row)?;
    tx.commit().await?;
    Ok((created, true))
}

/// Everything still to send (queued, or left `sending` by a crash), oldest first.
pub async fn pending(store: &Store) -> Result<Vec<OutboxEntry>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id
         WHERE o.state IN ('queued', 'sending') ORDER BY o.id"
    ))
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(entry).collect()
}

/// Every entry, newest first.
pub async fn all(store: &Store) -> Result<Vec<OutboxEntry>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id ORDER BY o.id DESC"
    ))
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(entry).collect()
}

/// Each candidate's latest entry (its current submission), by ID number.
pub async fn latest(store: &Store) -> Result<Vec<OutboxEntry>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id
         WHERE o.id = (SELECT MAX(id) FROM outbox WHERE candidate_id = o.candidate_id)
         ORDER BY c.id_number"
    ))
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(entry).collect()
}

/// One candidate's latest entry (its current submission), if any.
pub async fn latest_of(store: &Store, id_number: &str) -> Result<Option<OutboxEntry>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id
         WHERE c.id_number = ? ORDER BY o.id DESC LIMIT 1"
    ))
    .bind(id_number)
    .fetch_optional(store.pool())
    .await?;
    row.as_ref().map(entry).transpose()
}

pub async fn package(store: &Store, id: i64) -> Result<Vec<u8>, StoreError> {
    sqlx::query_scalar("SELECT package FROM outbox WHERE id = ?")
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("outbox entry {id}")))
}

async fn update(
    store: &Store,
    id: i64,
    sql: &str,
    binds: &[Option<String>],
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    let mut q = sqlx::query(sql).bind(now_millis());
    for b in binds {
        q = q.bind(b.clone());
    }
    q.bind(id).execute(tx.conn()).await?;
    tx.commit().await
}

/// Written just before the request leaves: a crash from here on re-sends with the same key.
pub async fn mark_sending(store: &Store, id: i64) -> Result<(), StoreError> {
    update(
        store,
        id,
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?",
        &[],
    )
    .await
}

/// A transient failure: queued again, with what happened.
pub async fn mark_retry(
    store: &Store,
    id: i64,
    error: &serde_json::Value,
) -> Result<(), StoreError> {
    update(
        store,
        id,
        "UPDATE outbox SET state = 'queued', updated_at = ?, last_error = ? WHERE id = ?",
        &[Some(error.to_string())],
    )
    .await
}

/// An audit row on the entry's candidate, within the caller's transaction.
async fn audit_entry(
    tx: &mut crate::WriteTx,
    id: i64,
    action: &str,
    new: serde_json::Value,
    actor: &Actor,
) -> Result<(), StoreError> {
    let key: String = sqlx::query_scalar(
        "SELECT c.id_number FROM outbox o JOIN candidates c ON c.id = o.candidate_id WHERE o.id = ?",
    )
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    audit::record(
        tx.conn(),
        actor,
        Change {
            entity: "candidate",
            entity_key: &key,
            action,
            old: None,
            new: Some(new),
            reason: None,
        },
    )
    .await
}

pub async fn mark_refused(
    store: &Store,
    id: i64,
    error: &serde_json::Value,
    actor: &Actor,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query("UPDATE outbox SET state = 'refused', updated_at = ?, last_error = ? WHERE id = ?")
        .bind(now_millis())
        .bind(error.to_string())
        .bind(id)
        .execute(tx.conn())
        .await?;
    audit_entry(&mut tx, id, "submission_refused", error.clone(), actor).await?;
    tx.commit().await
}

pub async fn mark_accepted(
    store: &Store,
    id: i64,
    submission_id: &str,
    status: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "UPDATE outbox SET state = 'accepted', updated_at = ?, last_error = NULL, submission_id = ?,
         remote_status = COALESCE(remote_status, ?) WHERE id = ?",
    )
    .bind(now_millis())
    .bind(submission_id)
    .bind(status)
    .bind(id)
    .execute(tx.conn())
    .await?;
    let new = serde_json::json!({ "submissionId": submission_id });
    audit_entry(&mut tx, id, "submission_accepted", new, actor).await?;
    tx.commit().await
}

/// A pulled status for a submission of ours; returns the entry when it changed.
pub async fn set_remote(
    store: &Store,
    submission_id: &str,
    status: &str,
    issues: &serde_json::Value,
    valid_until: Option<&str>,
) -> Result<Option<OutboxEntry>, StoreError> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE outbox SET remote_status = ?, remote_issues = ?, valid_until = ?, updated_at = ?
         WHERE submission_id = ? AND (remote_status IS NOT ? OR remote_issues IS NOT ? OR valid_until IS NOT ?)",
    )
    .bind(status)
    .bind(issues.to_string())
    .bind(valid_until)
    .bind(now_millis())
    .bind(submission_id)
    .bind(status)
    .bind(issues.to_string())
    .bind(valid_until)
    .execute(tx.conn())
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM outbox o JOIN candidates c ON c.id = o.candidate_id WHERE o.submission_id = ?"
    ))
    .bind(submission_id)
    .fetch_optional(tx.conn())
    .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    row.as_ref().map(entry).transpose()
}

/// The status cursor for one endpoint (pulls resume where they stopped).
pub async fn cursor(store: &Store, endpoint: &str) -> Result<String, StoreError> {
    Ok(
        crate::settings::get_raw(store, &format!("intake.cursor:{endpoint}"))
            .await?
            .unwrap_or_default(),
    )
}

pub async fn set_cursor(store: &Store, endpoint: &str, cursor: &str) -> Result<(), StoreError> {
    crate::settings::set_raw(store, &format!("intake.cursor:{endpoint}"), cursor).await
}
