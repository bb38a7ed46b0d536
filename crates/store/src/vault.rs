//! Encryption at rest. With a password, `regdesk.db` (and its backups) is a SQLCipher file and
//! `regdesk.key` beside it holds what opens it: a random master key sealed twice — under a key
//! derived (argon2id) from the password and under one derived from the recovery key shown once
//! at setup — and the database key sealed under the master key. A forgotten password is
//! replaced with the recovery key; a changed password re-seals the master key and re-keys the
//! database. Without the password and the recovery key the data cannot be opened.
//!
//! Crash safety: the key file is replaced atomically and may list the database key before
//! and after a re-key; opening tries each, so a crash between any two steps leaves a workspace
//! that opens with the password in force before the step.

use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::operators::Role;
use crate::StoreError;

pub const KEY_FILE_NAME: &str = "regdesk.key";
const FORMAT: &str = "regdesk-key/1";
const RECOVERY_BYTES: usize = 16;

/// A 256-bit key. Its `Debug` never prints the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    fn random() -> Self {
        let mut k = [0u8; 32];
        OsRng.fill_bytes(&mut k);
        Self(k)
    }

    /// The value for SQLCipher's `PRAGMA key` / `ATTACH … KEY`: a raw key, no PBKDF2 of its own
    /// (argon2id already stretched the password).
    pub(crate) fn sqlcipher_literal(&self) -> String {
        format!("\"x'{}'\"", hex::encode_upper(self.0))
    }
}

/// Who the workspace belongs to, readable before unlocking (the lock screen greets them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Kdf {
    algorithm: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl Default for Kdf {
    /// argon2id with the crate's (OWASP) defaults: ~19 MiB, 2 passes.
    fn default() -> Self {
        let p = Params::default();
        Self {
            algorithm: "argon2id".into(),
            memory_kib: p.m_cost(),
            iterations: p.t_cost(),
            parallelism: p.p_cost(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sealed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    salt: Option<String>,
    nonce: String,
    sealed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyFile {
    format: String,
    kdf: Kdf,
    holder: Holder,
    /// The window's language, so the lock screen speaks it before the database is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locale: Option<String>,
    /// The master key under the password.
    password: Sealed,
    /// The master key under the recovery key.
    recovery: Sealed,
    /// Database keys under the master key; more than one only between the steps of a re-key.
    database_keys: Vec<Sealed>,
}

/// What the password (or recovery key) opened: the master key and the database keys.
#[derive(Debug, Clone)]
pub struct Unlocked {
    master: Key,
    pub(crate) database_keys: Vec<Key>,
    pub holder: Holder,
}

/// The recovery key, shown once: 32 hex digits in groups of four.
pub fn format_recovery(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed recovery key in its canonical form (groups, upper case), or `None` when it is not
/// 32 hex digits — what the window's fake backend replays from the fixtures.
pub fn normalise_recovery(text: &str) -> Option<String> {
    parse_recovery(text).map(|b| format_recovery(&b))
}

fn parse_recovery(text: &str) -> Option<Vec<u8>> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .collect();
    hex::decode(digits.to_ascii_uppercase())
        .ok()
        .filter(|b| b.len() == RECOVERY_BYTES)
}

pub fn key_file_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE_NAME)
}

/// Whether the workspace in `dir` is encrypted (its key file exists).
pub fn is_encrypted(dir: &Path) -> bool {
    key_file_path(dir).exists()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: regdesk_platform::paths::display(path),
        source,
    }
}

fn read(dir: &Path) -> Result<KeyFile, StoreError> {
    let path = key_file_path(dir);
    let bytes = std::fs::read(&path).map_err(io(&path))?;
    let file: KeyFile = serde_json::from_slice(&bytes)
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", path.display())))?;
    if file.format != FORMAT || file.kdf.algorithm != "argon2id" {
        return Err(StoreError::Corrupt(format!(
            "{}: unknown format {}",
            path.display(),
            file.format
        )));
    }
    Ok(file)
}

/// The holder named in the key file, for the lock screen of an encrypted workspace.
pub fn holder(dir: &Path) -> Result<Option<Holder>, StoreError> {
    if !is_encrypted(dir) {
        return Ok(None);
    }
    Ok(Some(read(dir)?.holder))
}

/// Replaces the key file atomically (temp file, fsync, rename, fsync of the folder).
fn write(dir: &Path, file: &KeyFile) -> Result<(), StoreError> {
    let path = key_file_path(dir);
    let tmp = dir.join(format!("{KEY_FILE_NAME}.{}.tmp", std::process::id()));
    let json = serde_json::to_vec_pretty(file).map_err(|e| StoreError::Internal(e.to_string()))?;
    {
        let mut f = regdesk_platform::fs::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(io(&tmp))?;
        f.write_all(&json).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
    }
    regdesk_platform::fs::replace(&tmp, &path).map_err(io(&path))?;
    regdesk_platform::fs::sync_dir(dir);
    Ok(())
}

fn derive(kdf: &Kdf, secret: &[u8], salt: &[u8]) -> Result<Key, StoreError> {
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|e| StoreError::Corrupt(format!("key file parameters: {e}")))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, salt, &mut out)
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(Key(out))
}

fn seal(with: &Key, secret: &Key, label: &str, salt: Option<&[u8]>) -> Result<Sealed, StoreError> {
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new((&with.0).into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &secret.0,
                aad: label.as_bytes(),
            },
        )
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(Sealed {
        salt: salt.map(|s| B64.encode(s)),
        nonce: B64.encode(nonce),
        sealed: B64.encode(sealed),
    })
}

/// `None` when `with` is not the key it was sealed under (wrong password).
fn open(with: &Key, sealed: &Sealed, label: &str) -> Result<Option<Key>, StoreError> {
    let bad = |e: String| StoreError::Corrupt(format!("{KEY_FILE_NAME}: {e}"));
    let nonce = B64.decode(&sealed.nonce).map_err(|e| bad(e.to_string()))?;
    let body = B64.decode(&sealed.sealed).map_err(|e| bad(e.to_string()))?;
    if nonce.len() != 24 {
        return Err(bad("nonce length".into()));
    }
    let cipher = XChaCha20Poly1305::new((&with.0).into());
    let Ok(plain) = cipher.decrypt(
        XNonce::from_slice(&nonce),
        Payload {
            msg: &body,
            aad: label.as_bytes(),
        },
    ) else {
        return Ok(None);
    };
    let key: [u8; 32] = plain
        .try_into()
        .map_err(|_| bad("sealed key length".into()))?;
    Ok(Some(Key(key)))
}

fn salt_of(sealed: &Sealed) -> Result<Vec<u8>, StoreError> {
    let text = sealed
        .salt
        .as_deref()
        .ok_or_else(|| StoreError::Corrupt(format!("{KEY_FILE_NAME}: missing salt")))?;
    B64.decode(text)
        .map_err(|e| StoreError::Corrupt(format!("{KEY_FILE_NAME}: {e}")))
}

fn random_salt() -> [u8; 16] {
    let mut s = [0u8; 16];
    OsRng.fill_bytes(&mut s);
    s
}

/// argon2id is ~50 ms of CPU by design (more unoptimised): off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))?
}

fn database_keys(file: &KeyFile, master: &Key) -> Result<Vec<Key>, StoreError> {
    file.database_keys
        .iter()
        .map(|s| {
            open(master, s, "database")?.ok_or_else(|| {
                StoreError::Corrupt(format!("{KEY_FILE_NAME}: a database key does not open"))
            })
        })
        .collect()
}

fn seal_password(kdf: &Kdf, master: &Key, password: &str) -> Result<Sealed, StoreError> {
    let salt = random_salt();
    let k = derive(kdf, password.as_bytes(), &salt)?;
    seal(&k, master, "password", Some(&salt))
}

/// Opens the key file with the password: `Err(WrongPassword)` when it is not the password.
pub async fn unlock(dir: &Path, password: &str) -> Result<Unlocked, StoreError> {
    let file = read(dir)?;
    let password = password.to_owned();
    blocking(move || {
        let k = derive(&file.kdf, password.as_bytes(), &salt_of(&file.password)?)?;
        let master = open(&k, &file.password, "password")?.ok_or(StoreError::WrongPassword)?;
        Ok(Unlocked {
            database_keys: database_keys(&file, &master)?,
            master,
            holder: file.holder,
        })
    })
    .await
}

/// A new vault for a workspace being encrypted: returns it with the recovery key to show once.
pub(crate) async fn create(
    dir: &Path,
    holder: Holder,
    password: &str,
) -> Result<(Unlocked, String), StoreError> {
    let dir = dir.to_owned();
    let password = password.to_owned();
    blocking(move || {
        let kdf = Kdf::default();
        let master = Key::random();
        let db_key = Key::random();
        let mut recovery = [0u8; RECOVERY_BYTES];
        OsRng.fill_bytes(&mut recovery);
        let recovery_salt = random_salt();
        let rk = derive(&kdf, &recovery, &recovery_salt)?;
        let file = KeyFile {
            format: FORMAT.into(),
            password: seal_password(&kdf, &master, &password)?,
            recovery: seal(&rk, &master, "recovery", Some(&recovery_salt))?,
            database_keys: vec![seal(&master, &db_key, "database", None)?],
            kdf,
            holder: holder.clone(),
            locale: None,
        };
        write(&dir, &file)?;
        Ok((
            Unlocked {
                master,
                database_keys: vec![db_key],
                holder,
            },
            format_recovery(&recovery),
        ))
    })
    .await
}

/// Sets a new password with the recovery key (the password was forgotten). The recovery key
/// stays valid; the database key does not change.
pub async fn recover(
    dir: &Path,
    recovery_key: &str,
    new_password: &str,
) -> Result<Unlocked, StoreError> {
    let mut file = read(dir)?;
    let recovery = parse_recovery(recovery_key).ok_or(StoreError::WrongRecoveryKey)?;
    let dir = dir.to_owned();
    let new_password = new_password.to_owned();
    blocking(move || {
        let rk = derive(&file.kdf, &recovery, &salt_of(&file.recovery)?)?;
        let master = open(&rk, &file.recovery, "recovery")?.ok_or(StoreError::WrongRecoveryKey)?;
        file.password = seal_password(&file.kdf, &master, &new_password)?;
        write(&dir, &file)?;
        Ok(Unlocked {
            database_keys: database_keys(&file, &master)?,
            master,
            holder: file.holder,
        })
    })
    .await
}

/// Step one of a re-key: a fresh database key listed after the current one (both open the
/// workspace until [`finish_rekey`]); the password seal is unchanged. Public so crash tests
/// can stop right after it.
pub fn begin_rekey(dir: &Path, unlocked: &Unlocked) -> Result<Key, StoreError> {
    let mut file = read(dir)?;
    let next = Key::random();
    file.database_keys = unlocked
        .database_keys
        .iter()
        .take(1)
        .chain(std::iter::once(&next))
        .map(|k| seal(&unlocked.master, k, "database", None))
        .collect::<Result<_, _>>()?;
    write(dir, &file)?;
    Ok(next)
}

/// Last step of a re-key (or of opening after an interrupted one): only `key` is listed, and
/// with `new_password` the master key is sealed under it.
pub(crate) async fn finish_rekey(
    dir: &Path,
    unlocked: &Unlocked,
    key: &Key,
    new_password: Option<&str>,
) -> Result<Unlocked, StoreError> {
    let mut file = read(dir)?;
    let dir = dir.to_owned();
    let unlocked = unlocked.clone();
    let key = key.clone();
    let new_password = new_password.map(str::to_owned);
    blocking(move || {
        file.database_keys = vec![seal(&unlocked.master, &key, "database", None)?];
        if let Some(p) = new_password {
            file.password = seal_password(&file.kdf, &unlocked.master, &p)?;
        }
        write(&dir, &file)?;
        Ok(Unlocked {
            database_keys: vec![key],
            ..unlocked
        })
    })
    .await
}

/// The holder's name or role changed: the lock screen follows.
pub(crate) fn set_holder(dir: &Path, holder: Holder) -> Result<(), StoreError> {
    if !is_encrypted(dir) {
        return Ok(());
    }
    let mut file = read(dir)?;
    file.holder = holder;
    write(dir, &file)
}

/// The lock screen's language (`zh-CN`, `en`) of an encrypted workspace.
pub fn locale(dir: &Path) -> Option<String> {
    read(dir).ok().and_then(|f| f.locale)
}

pub(crate) fn set_locale(dir: &Path, locale: &str) -> Result<(), StoreError> {
    if !is_encrypted(dir) {
        return Ok(());
    }
    let mut file = read(dir)?;
    if file.locale.as_deref() != Some(locale) {
        file.locale = Some(locale.to_owned());
        write(dir, &file)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder() -> Holder {
        Holder {
            id: 1,
            name: "李老师".into(),
            role: Role::TrainingCentre,
        }
    }

    #[tokio::test]
    async fn the_password_and_the_recovery_key_open_the_same_keys_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let (made, recovery) = create(dir.path(), holder(), "correct horse").await.unwrap();
        assert_eq!(recovery.len(), 39, "8 groups of 4 hex digits: {recovery}");
        let text = std::fs::read_to_string(key_file_path(dir.path())).unwrap();
        assert!(!text.contains("correct horse"));

        let opened = unlock(dir.path(), "correct horse").await.unwrap();
        assert_eq!(opened.database_keys, made.database_keys);
        assert!(matches!(
            unlock(dir.path(), "wrong horse").await,
            Err(StoreError::WrongPassword)
        ));
        assert!(matches!(
            recover(
                dir.path(),
                "0000-0000-0000-0000-0000-0000-0000-0000",
                "new password"
            )
            .await,
            Err(StoreError::WrongRecoveryKey)
        ));
        let lower = recovery.to_lowercase().replace('-', " ");
        let recovered = recover(dir.path(), &lower, "new password").await.unwrap();
        assert_eq!(recovered.database_keys, made.database_keys);
        assert!(unlock(dir.path(), "new password").await.is_ok());
        assert!(matches!(
            unlock(dir.path(), "correct horse").await,
            Err(StoreError::WrongPassword)
        ));
        assert_eq!(holder_of(dir.path()), Some(holder()));
    }

    fn holder_of(dir: &Path) -> Option<Holder> {
        super::holder(dir).unwrap()
    }
}
