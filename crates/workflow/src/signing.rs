//! The workspace's signing key: made on first use, kept as `signing.key` in the data folder
//! with permissions for the user only, never exported. Its fingerprint is what reviewers trust.

use std::io::Write;
use std::path::Path;

use ed25519_dalek::SigningKey;
use regdesk_core::{CommandError, ErrorCode};
use regdesk_package::sign::{fingerprint, key_from_bytes, new_key};

const KEY_FILE: &str = "signing.key";

/// The key, made now when the workspace has none.
pub fn workspace_key(data_dir: &Path) -> Result<SigningKey, CommandError> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => key_from_bytes(&bytes).ok_or_else(|| {
            CommandError::new(
                ErrorCode::Internal,
                format!("签名密钥文件 {} 已损坏", path.display()),
                format!("the signing key file {} is damaged", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = new_key().map_err(CommandError::internal)?;
            let mut options = regdesk_platform::fs::private_options();
            options.write(true).create_new(true);
            match options.open(&path) {
                Ok(mut f) => {
                    f.write_all(&key.to_bytes())
                        .and_then(|_| f.sync_all())
                        .map_err(CommandError::internal)?;
                    Ok(key)
                }
                // Another process made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => workspace_key(data_dir),
                Err(e) => Err(CommandError::internal(e)),
            }
        }
        Err(e) => Err(CommandError::internal(e)),
    }
}

/// The workspace key's fingerprint (SHA-256 of the public key, hex).
pub fn workspace_fingerprint(data_dir: &Path) -> Result<String, CommandError> {
    Ok(fingerprint(&workspace_key(data_dir)?.verifying_key()))
}
