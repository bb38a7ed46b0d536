//! The database side of encryption at rest: a plaintext workspace becomes a SQLCipher one,
//! an encrypted one opens with the keys its vault gives, and a re-key writes the data under a
//! fresh key. Every change is an export to `regdesk.db.next` swapped in by one rename, so a
//! crash leaves the previous file whole.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqlitePool};

use crate::operators::{self, Operator};
use crate::vault::{self, Holder, Key, Unlocked};
use crate::{Store, StoreError, DB_FILE_NAME};

const NEXT_SUFFIX: &str = "next";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: regdesk_platform::paths::display(path),
        source,
    }
}

/// A file SQLite wrote without encryption starts with its magic header.
fn is_plaintext(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

fn not_a_database(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(d)) if d.code().as_deref() == Some("26"))
}

fn remove_if_exists(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

/// Writes everything `pool` sees into a new SQLCipher file at `dst` under `key`.
async fn export(pool: &SqlitePool, dst: &Path, key: &Key) -> Result<(), StoreError> {
    remove_if_exists(dst)?;
    let mut conn = pool.acquire().await?;
    sqlx::query("ATTACH DATABASE ? AS regdesk_next KEY ?")
        .bind(dst.to_string_lossy().as_ref())
        .bind(key.sqlcipher_literal().trim_matches('"'))
        .execute(&mut *conn)
        .await?;
    let exported = sqlx::query("SELECT sqlcipher_export('regdesk_next')")
        .fetch_all(&mut *conn)
        .await;
    sqlx::query("DETACH DATABASE regdesk_next")
        .execute(&mut *conn)
        .await?;
    exported?;
    regdesk_platform::fs::private_file(dst);
    regdesk_platform::fs::sync_file(dst).map_err(io(dst))?;
    Ok(())
}

/// Closes `store` and puts `next` in its place (the old WAL belongs to the old file).
async fn swap_in(store: &Store, next: &Path) -> Result<(), StoreError> {
    store.close().await;
    let path = store.path().to_owned();
    // A WAL still there after close belongs to another process using this workspace. Stop;
    // the next unlock finishes the change.
    let wal = store.dir().join(format!("{DB_FILE_NAME}-wal"));
    if wal.exists() {
        remove_if_exists(next)?;
        return Err(StoreError::Busy);
    }
    remove_if_exists(&store.dir().join(format!("{DB_FILE_NAME}-shm")))?;
    regdesk_platform::fs::replace(next, &path).map_err(io(&path))?;
    regdesk_platform::fs::sync_dir(store.dir());
    Ok(())
}

fn next_path(dir: &Path) -> std::path::PathBuf {
    dir.join(format!("{DB_FILE_NAME}.{NEXT_SUFFIX}"))
}

/// Re-writes the pre-upgrade backups (`regdesk.db.v*.bak`) that are still plaintext under `key`.
async fn encrypt_backups(dir: &Path, key: &Key) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(&format!("{DB_FILE_NAME}.v")) && name.ends_with(".bak")) {
            continue;
        }
        if !is_plaintext(&path) {
            continue;
        }
        // `create_if_missing` also lets the ATTACH inside `export` create its file.
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::pool::PoolOptions::new()
            .max_connections(1)
            .connect_with(options.disable_statement_logging())
            .await?;
        let tmp = path.with_extension(format!("bak.{NEXT_SUFFIX}"));
        export(&pool, &tmp, key).await?;
        pool.close().await;
        regdesk_platform::fs::replace(&tmp, &path).map_err(io(&path))?;
    }
    regdesk_platform::fs::sync_dir(dir);
    Ok(())
}

fn holder_of(op: &Operator) -> Holder {
    Holder {
        id: op.id,
        name: op.name.clone(),
        role: op.role,
    }
}

/// Encrypts a plaintext workspace under a new vault for `password`: returns the store reopened
/// on the encrypted file and the recovery key to show once.
pub async fn encrypt(store: Store, password: &str) -> Result<(Store, String), StoreError> {
    let op = operators::current(&store)
        .await?
        .ok_or_else(|| StoreError::Internal("encrypting a workspace without operator".into()))?;
    let dir = store.dir().to_owned();
    let (unlocked, recovery) = vault::create(&dir, holder_of(&op), password).await?;
    // From here the workspace needs the password; a crash before the swap leaves the plaintext
    // file, which the next unlock encrypts (open_unlocked).
    let locale = crate::settings::load(&store).await?.locale;
    vault::set_locale(&dir, locale.as_str())?;
    let store = encrypt_with(store, &unlocked.database_keys[0]).await?;
    Ok((store, recovery))
}

async fn encrypt_with(store: Store, key: &Key) -> Result<Store, StoreError> {
    let dir = store.dir().to_owned();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await?;
    let next = next_path(&dir);
    export(store.pool(), &next, key).await?;
    swap_in(&store, &next).await?;
    encrypt_backups(&dir, key).await?;
    Store::open_with(&dir, Some(key)).await
}

impl Store {
    /// Opens an encrypted workspace with what its vault gave: tries each listed key (more
    /// than one only after an interrupted re-key, which this completes), and finishes an
    /// encryption a crash interrupted.
    pub async fn open_unlocked(dir: &Path, unlocked: &Unlocked) -> Result<Self, StoreError> {
        remove_if_exists(&next_path(dir))?;
        let path = dir.join(DB_FILE_NAME);
        let first = unlocked.database_keys.first().ok_or_else(|| {
            StoreError::Corrupt(format!("{}: no database key", vault::KEY_FILE_NAME))
        })?;
        if is_plaintext(&path) {
            let plain = Store::open_with(dir, None).await?;
            return encrypt_with(plain, first).await;
        }
        for key in &unlocked.database_keys {
            match Store::open_with(dir, Some(key)).await {
                Ok(store) => {
                    if unlocked.database_keys.len() > 1 {
                        vault::finish_rekey(dir, unlocked, key, None).await?;
                    }
                    return Ok(store);
                }
                Err(e) if not_a_database(&e) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Corrupt(format!(
            "no key in {} opens {DB_FILE_NAME}",
            vault::KEY_FILE_NAME
        )))
    }
}

/// Opens the workspace in `dir` for someone who gave `password` (or none): an encrypted one
/// through its vault; a plaintext one whose operator has a password is checked and then
/// encrypted (workspaces from before encryption at rest).
pub async fn open_with_password(dir: &Path, password: Option<&str>) -> Result<Store, StoreError> {
    if vault::is_encrypted(dir) {
        let password = password.ok_or(StoreError::Locked)?;
        let unlocked = vault::unlock(dir, password).await?;
        return Store::open_unlocked(dir, &unlocked).await;
    }
    let store = Store::open(dir).await?;
    let protected = operators::current(&store)
        .await?
        .is_some_and(|o| o.has_password);
    if !protected {
        return Ok(store);
    }
    let password = password.ok_or(StoreError::Locked)?;
    if !operators::verify_password(&store, password).await? {
        return Err(StoreError::WrongPassword);
    }
    Ok(encrypt(store, password).await?.0)
}

/// Changes the password of an encrypted workspace and re-keys its database: returns the store
/// reopened under the new key. The recovery key stays valid.
pub async fn change_password(
    store: Store,
    old_password: &str,
    new_password: &str,
) -> Result<Store, StoreError> {
    let dir = store.dir().to_owned();
    let unlocked = vault::unlock(&dir, old_password).await?;
    let next_key = vault::begin_rekey(&dir, &unlocked)?;
    let next = next_path(&dir);
    export(store.pool(), &next, &next_key).await?;
    swap_in(&store, &next).await?;
    let unlocked = vault::finish_rekey(&dir, &unlocked, &next_key, Some(new_password)).await?;
    let store = Store::open_unlocked(&dir, &unlocked).await?;
    operators::set_password_hash(&store, new_password).await?;
    Ok(store)
}

/// Keeps the lock screen's name and role in step with the operator row.
pub async fn sync_holder(store: &Store) -> Result<(), StoreError> {
    if let Some(op) = operators::current(store).await? {
        vault::set_holder(store.dir(), holder_of(&op))?;
    }
    Ok(())
}
