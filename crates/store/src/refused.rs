//! Files a roster import matched to a candidate but the engine refused: kept (the clerk's own
//! bytes and the report) so the fix starts from them, not from a search through the folder.

use regdesk_core::clock::now_millis;
use regdesk_core::process::UploadSlot;

use crate::attachments::{parse_slot, slot_name};
use crate::{Store, StoreError};

/// A refused file as the slot shows it; the bytes are read only when the editor opens it.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub slot: UploadSlot,
    pub source_name: String,
    pub report: serde_json::Value,
    pub created_at: i64,
}

/// Keeps (or replaces) the refused file of a slot. No audit entry: nothing of the candidate's
/// record changes, and the import's job already records the refusal.
pub async fn keep(
    store: &Store,
    id_number: &str,
    slot: UploadSlot,
    source_name: &str,
    bytes: &[u8],
    report: &serde_json::Value,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "INSERT INTO refused_sources (candidate_id, slot, source_name, bytes, report, created_at)
         SELECT id, ?, ?, ?, ?, ? FROM candidates WHERE id_number = ?
         ON CONFLICT(candidate_id, slot) DO UPDATE SET source_name = excluded.source_name,
           bytes = excluded.bytes, report = excluded.report, created_at = excluded.created_at",
    )
    .bind(slot_name(slot))
    .bind(source_name)
    .bind(bytes)
    .bind(report.to_string())
    .bind(now_millis())
    .bind(id_number)
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Drops a slot's refused file: called in the transaction that stores a file in the slot.
pub async fn clear_in(
    conn: &mut sqlx::SqliteConnection,
    candidate_id: i64,
    slot: UploadSlot,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM refused_sources WHERE candidate_id = ? AND slot = ?")
        .bind(candidate_id)
        .bind(slot_name(slot))
        .execute(conn)
        .await?;
    Ok(())
}

/// The candidate's refused files, in slot order, without their bytes.
pub async fn list(store: &Store, id_number: &str) -> Result<Vec<Refused>, StoreError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT r.slot, r.source_name, r.report, r.created_at FROM refused_sources r
         JOIN candidates c ON c.id = r.candidate_id WHERE c.id_number = ?",
    )
    .bind(id_number)
    .fetch_all(store.pool())
    .await?;
    let mut out = rows
        .into_iter()
        .map(|(slot, source_name, report, created_at)| {
            Ok(Refused {
                slot: parse(&slot)?,
                source_name,
                report: serde_json::from_str(&report).unwrap_or(serde_json::Value::String(report)),
                created_at,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.sort_by_key(|r| r.slot);
    Ok(out)
}

/// One slot's refused file: its name and bytes, for the crop editor.
pub async fn source(
    store: &Store,
    id_number: &str,
    slot: UploadSlot,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT r.source_name, r.bytes FROM refused_sources r
         JOIN candidates c ON c.id = r.candidate_id WHERE c.id_number = ? AND r.slot = ?",
    )
    .bind(id_number)
    .bind(slot_name(slot))
    .fetch_optional(store.pool())
    .await?)
}

fn parse(slot: &str) -> Result<UploadSlot, StoreError> {
    parse_slot(slot)
        .ok_or_else(|| StoreError::Corrupt(format!("refused file with unknown slot \"{slot}\"")))
}
