//! The intake token: in the OS credential store (Keychain, Windows Credential Manager, the
//! Secret Service on Linux). Where the OS offers none (a bare Linux session), the user may opt
//! in to a file in the data folder readable only by them — never SQLite, logs or exports.

use std::path::{Path, PathBuf};

use regdesk_core::{CommandError, ErrorCode};

const SERVICE: &str = "cn.regdesk.app";
const ACCOUNT: &str = "intake-token";
const FALLBACK_FILE: &str = "intake-token";

/// Where the token is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenStore {
    Os,
    /// The opt-in file (no OS store available).
    File,
    None,
}

fn entry() -> Result<keyring::Entry, keyring::Error> {
    keyring::Entry::new(SERVICE, ACCOUNT)
}

fn fallback_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FALLBACK_FILE)
}

/// The OS store's refusal, said plainly with the way out.
fn no_os_store(e: &keyring::Error) -> CommandError {
    CommandError::new(
        ErrorCode::InvalidInput,
        format!("系统没有可用的凭据存储（{e}）。可选择“保存在数据文件夹中（仅本人可读）”"),
        format!("this system offers no credential store ({e}); you may choose to keep the token in the data folder, readable only by you"),
    )
    .with_field("token")
}

/// The token, from the OS store or (when the user opted in) the data-folder file.
pub fn load_token_from(data_dir: Option<&Path>) -> Result<Option<String>, CommandError> {
    if let Some(path) = data_dir.map(fallback_path) {
        if path.is_file() {
            let t = std::fs::read_to_string(&path).map_err(CommandError::internal)?;
            return Ok(Some(t.trim().to_owned()).filter(|t| !t.is_empty()));
        }
    }
    match entry().and_then(|e| e.get_password()) {
        Ok(t) => Ok(Some(t)),
        Err(keyring::Error::NoEntry) => Ok(None),
        // No store at all: the same as no token (the caller says how to give one).
        Err(e) => {
            tracing::info!(error = %e, "no OS credential store");
            Ok(None)
        }
    }
}

/// For the CLI: the default data folder's opt-in file, or the OS store.
pub fn load_token() -> Result<Option<String>, CommandError> {
    let dir = regdesk_store::resolve_data_dir(None).ok();
    load_token_from(dir.as_deref())
}

/// Saves the token. `allow_file` is the user's explicit opt-in for systems without a store.
pub fn save_token(
    data_dir: &Path,
    token: &str,
    allow_file: bool,
) -> Result<TokenStore, CommandError> {
    let token = token.trim();
    if token.is_empty() {
        clear_token(data_dir)?;
        return Ok(TokenStore::None);
    }
    match entry().and_then(|e| e.set_password(token)) {
        Ok(()) => {
            // One place only: a stale file copy would shadow the OS store.
            let _ = std::fs::remove_file(fallback_path(data_dir));
            Ok(TokenStore::Os)
        }
        Err(e) if allow_file => {
            tracing::info!(error = %e, "OS credential store unavailable; using the opt-in file");
            write_private(&fallback_path(data_dir), token)?;
            Ok(TokenStore::File)
        }
        Err(e) => Err(no_os_store(&e)),
    }
}

pub fn clear_token(data_dir: &Path) -> Result<(), CommandError> {
    let _ = std::fs::remove_file(fallback_path(data_dir));
    match entry().and_then(|e| e.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => {
            tracing::info!(error = %e, "no OS credential store to clear");
            Ok(())
        }
    }
}

/// Where the token is now (for Settings), without revealing it.
pub fn token_store(data_dir: &Path) -> TokenStore {
    if fallback_path(data_dir).is_file() {
        return TokenStore::File;
    }
    match entry().and_then(|e| e.get_password()) {
        Ok(_) => TokenStore::Os,
        Err(_) => TokenStore::None,
    }
}

fn write_private(path: &Path, text: &str) -> Result<(), CommandError> {
    use std::io::Write;
    let mut options = regdesk_platform::fs::private_options();
    options.write(true).create(true).truncate(true);
    let mut f = options.open(path).map_err(CommandError::internal)?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(CommandError::internal)
}
