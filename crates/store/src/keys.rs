//! The signing keys this workspace trusts, by fingerprint, with a name people recognise.

use regdesk_core::clock::now_millis;
use regdesk_core::Actor;
use serde::Serialize;

use crate::audit::{self, Change};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TrustedKey {
    pub fingerprint: String,
    pub name: String,
}

/// Trusts (or renames) a key; audited.
pub async fn trust(
    store: &Store,
    fingerprint: &str,
    name: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    let old: Option<String> =
        sqlx::query_scalar("SELECT name FROM trusted_keys WHERE fingerprint = ?")
            .bind(fingerprint)
            .fetch_optional(tx.conn())
            .await?;
    sqlx::query(
        "INSERT INTO trusted_keys (fingerprint, name, added_at) VALUES (?, ?, ?)
         ON CONFLICT(fingerprint) DO UPDATE SET name = excluded.name",
    )
    .bind(fingerprint)
    .bind(name)
    .bind(now_millis())
    .execute(tx.conn())
    .await?;
    audit::record(
        tx.conn(),
        actor,
        Change {
            entity: "trusted_key",
            entity_key: fingerprint,
            action: "trust",
            old: old.map(serde_json::Value::String),
            new: Some(serde_json::Value::String(name.to_owned())),
            reason: None,
        },
    )
    .await?;
    tx.commit().await
}

pub async fn all(store: &Store) -> Result<Vec<TrustedKey>, StoreError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT fingerprint, name FROM trusted_keys ORDER BY added_at")
            .fetch_all(store.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(fingerprint, name)| TrustedKey { fingerprint, name })
        .collect())
}
