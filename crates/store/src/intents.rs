//! A candidate's intended registration from a roster (item, region, certificate collection),
//! stored as JSON until a registration can be opened; changes are audited.

use std::collections::HashMap;

use regdesk_core::clock::now_millis;
use regdesk_core::Actor;

use crate::audit::{self, Change};
use crate::{Store, StoreError, WriteTx};

/// Every candidate's intent by ID number (raw JSON, read by the caller's type).
pub async fn all(store: &Store) -> Result<HashMap<String, serde_json::Value>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.id_number, i.intent FROM intents i JOIN candidates c ON c.id = i.candidate_id",
    )
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(id, json)| {
            let value = serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("intent of {id}: {e}")))?;
            Ok((id, value))
        })
        .collect()
}

/// Stores (or replaces) the intent within a caller's write transaction.
pub async fn put_in(
    tx: &mut WriteTx,
    id_number: &str,
    intent: &serde_json::Value,
    old: Option<&serde_json::Value>,
    actor: &Actor,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO intents (candidate_id, intent, updated_at)
         SELECT id, ?, ? FROM candidates WHERE id_number = ?
         ON CONFLICT(candidate_id) DO UPDATE SET intent = excluded.intent, updated_at = excluded.updated_at",
    )
    .bind(intent.to_string())
    .bind(now_millis())
    .bind(id_number)
    .execute(tx.conn())
    .await?;
    let change = Change {
        entity: "candidate",
        entity_key: id_number,
        action: "intent",
        old: old.cloned(),
        new: Some(intent.clone()),
        reason: None,
    };
    audit::record(tx.conn(), actor, change).await
}
