//! Tokens: 32 random bytes shown once; only their SHA-256 is stored, so a copy of the database
//! does not hand out working tokens.

use sha2::{Digest, Sha256};

use crate::storage::{Role, Storage, StorageError, TokenRow};

pub fn hash_token(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub struct NewToken {
    pub secret: String,
    pub row: TokenRow,
}

pub async fn create(
    storage: &dyn Storage,
    org: &str,
    role: Role,
) -> Result<NewToken, StorageError> {
    let org = org.trim();
    if org.is_empty() || org.chars().count() > 200 {
        return Err(StorageError::Config(
            "--org must be 1–200 characters / 机构名须为 1–200 个字符".into(),
        ));
    }
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| StorageError::Config(format!("no OS randomness: {e}")))?;
    let secret = format!(
        "rdk_{}",
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let row = TokenRow {
        id: format!("tok_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]),
        org: org.to_owned(),
        role,
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        revoked_at: None,
    };
    storage.create_token(&row, &hash_token(&secret)).await?;
    Ok(NewToken { secret, row })
}

/// Revokes by token id (`tok_…`, from `token list`) or by the secret itself.
pub async fn revoke(storage: &dyn Storage, id_or_secret: &str) -> Result<bool, StorageError> {
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let given = id_or_secret.trim();
    let id = match storage.token_by_hash(&hash_token(given)).await? {
        Some(row) => row.id,
        None => given.to_owned(),
    };
    storage.revoke_token(&id, &at).await
}
