//! The audit log: who changed what, when, from which value to which. Rows are written in the
//! same transaction as the change they describe, so one never exists without the other.

use regdesk_core::clock::{millis_to_rfc3339, now_millis};
use regdesk_core::Actor;
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, SqliteConnection};
use ts_rs::TS;

use crate::{Store, StoreError};

/// One change to record.
pub struct Change<'a> {
    pub entity: &'a str,
    pub entity_key: &'a str,
    pub action: &'a str,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

pub async fn record(
    conn: &mut SqliteConnection,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), StoreError> {
    let text = TextChange {
        entity: change.entity,
        entity_key: change.entity_key,
        action: change.action,
        old: change.old.map(|v| v.to_string()),
        new: change.new.map(|v| v.to_string()),
        reason: change.reason,
    };
    record_text(conn, actor, text).await
}

/// A change whose old and new values are already JSON text (the process steps serialise
/// straight to text: a roster writes tens of thousands of them).
pub(crate) struct TextChange<'a> {
    pub entity: &'a str,
    pub entity_key: &'a str,
    pub action: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: Option<&'a str>,
}

pub(crate) async fn record_text(
    conn: &mut SqliteConnection,
    actor: &Actor,
    change: TextChange<'_>,
) -> Result<(), StoreError> {
    // A candidate's rows carry its stable id (the key, an ID number, may be corrected later).
    sqlx::query(
        "INSERT INTO audit_log (at, actor, entity, entity_key, action, old_value, new_value, reason, candidate_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                 CASE WHEN ?3 = 'candidate' THEN (SELECT id FROM candidates WHERE id_number = ?4) END)",
    )
    .bind(now_millis())
    .bind(actor.to_string())
    .bind(change.entity)
    .bind(change.entity_key)
    .bind(change.action)
    .bind(change.old)
    .bind(change.new)
    .bind(change.reason)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// RFC 3339, Asia/Shanghai.
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_key: String,
    pub action: String,
    #[ts(type = "unknown")]
    pub old_value: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub new_value: Option<serde_json::Value>,
    pub reason: Option<String>,
}

#[derive(FromRow)]
struct AuditRow {
    at: i64,
    actor: String,
    entity: String,
    entity_key: String,
    action: String,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        // A value that is not JSON (a hand-edited file) is shown as its text, never dropped.
        let parse = |s: Option<String>| {
            s.map(|s| serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s)))
        };
        Self {
            at: millis_to_rfc3339(r.at),
            actor: r.actor,
            entity: r.entity,
            entity_key: r.entity_key,
            action: r.action,
            old_value: parse(r.old_value),
            new_value: parse(r.new_value),
            reason: r.reason,
        }
    }
}

/// The history of one entity, oldest first.
pub async fn history(
    store: &Store,
    entity: &str,
    entity_key: &str,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT at, actor, entity, entity_key, action, old_value, new_value, reason
         FROM audit_log WHERE entity = ? AND entity_key = ? ORDER BY id",
    )
    .bind(entity)
    .bind(entity_key)
    .fetch_all(store.pool())
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}

/// A candidate's whole history by its stable id, oldest first: rows written under an ID number
/// that was corrected later are included.
pub async fn candidate_history(
    store: &Store,
    candidate_id: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT at, actor, entity, entity_key, action, old_value, new_value, reason
         FROM audit_log WHERE candidate_id = ? ORDER BY id",
    )
    .bind(candidate_id)
    .fetch_all(store.pool())
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}
