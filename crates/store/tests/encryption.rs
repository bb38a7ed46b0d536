//! Encryption at rest on real files: a workspace with a password is a SQLCipher file that a
//! plain SQLite cannot read, opens only with the password (or after recovery with the new one),
//! re-keys on a password change, and survives a crash between the steps of either change.

use std::path::Path;
use std::str::FromStr;

use regdesk_store::operators::{self, Role};
use regdesk_store::{cipher, vault, Store, StoreError, DB_FILE_NAME};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;

const MARK: &str = "身份证号110105199001011237";

async fn marked_workspace(dir: &Path, password: &str) -> (Store, String) {
    let store = Store::open(dir).await.unwrap();
    operators::create(&store, "李老师", Role::TrainingCentre, Some(password))
        .await
        .unwrap()
        .unwrap();
    sqlx::query("CREATE TABLE marker (text TEXT)")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO marker VALUES (?)")
        .bind(MARK)
        .execute(store.pool())
        .await
        .unwrap();
    cipher::encrypt(store, password).await.unwrap()
}

async fn mark(store: &Store) -> String {
    sqlx::query_as::<_, (String,)>("SELECT text FROM marker")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .0
}

/// A plain SQLite connection (no key), as `sqlite3 regdesk.db .tables` would make.
async fn plain_tables(path: &Path) -> Result<Vec<String>, sqlx::Error> {
    let mut conn = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .connect()
        .await?;
    let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM sqlite_master")
        .fetch_all(&mut conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn with_a_password_the_file_is_unreadable_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, recovery) = marked_workspace(dir.path(), "correct horse 9").await;
    assert_eq!(mark(&store).await, MARK);
    assert_eq!(recovery.len(), 39);
    store.close().await;

    let path = dir.path().join(DB_FILE_NAME);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!contains(&bytes, MARK) && !contains(&bytes, "李老师"));
    let err = plain_tables(&path).await.unwrap_err().to_string();
    assert!(err.contains("not a database"), "{err}");
    for leftover in ["regdesk.db-wal", "regdesk.db.next"] {
        let p = dir.path().join(leftover);
        assert!(
            !p.exists() || !contains(&std::fs::read(&p).unwrap(), MARK),
            "{leftover}"
        );
    }

    assert!(matches!(
        Store::open(dir.path()).await,
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        cipher::open_with_password(dir.path(), None).await,
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        cipher::open_with_password(dir.path(), Some("correct horse 8")).await,
        Err(StoreError::WrongPassword)
    ));
    let store = cipher::open_with_password(dir.path(), Some("correct horse 9"))
        .await
        .unwrap();
    assert_eq!(mark(&store).await, MARK);
    let holder = vault::holder(dir.path()).unwrap().unwrap();
    assert_eq!(
        (holder.name.as_str(), holder.role),
        ("李老师", Role::TrainingCentre)
    );

    // A backup copy taken from the open store is encrypted too.
    let copy = dir.path().join("copy.db");
    sqlx::query("VACUUM INTO ?")
        .bind(copy.to_string_lossy().as_ref())
        .execute(store.pool())
        .await
        .unwrap();
    assert!(!std::fs::read(&copy)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    assert!(plain_tables(&copy).await.is_err());
}

#[tokio::test]
async fn a_password_change_re_keys_and_the_recovery_key_sets_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, recovery) = marked_workspace(dir.path(), "first password").await;
    let before = std::fs::read(dir.path().join(DB_FILE_NAME)).unwrap();
    let store = cipher::change_password(store, "first password", "second password")
        .await
        .unwrap();
    assert_eq!(mark(&store).await, MARK);
    store.close().await;
    let after = std::fs::read(dir.path().join(DB_FILE_NAME)).unwrap();
    assert_ne!(before[..4096], after[..4096], "the file was re-written");
    assert!(matches!(
        cipher::open_with_password(dir.path(), Some("first password")).await,
        Err(StoreError::WrongPassword)
    ));
    let store = cipher::open_with_password(dir.path(), Some("second password"))
        .await
        .unwrap();
    assert!(operators::verify_password(&store, "second password")
        .await
        .unwrap());
    store.close().await;

    // Forgotten: the recovery key from setup sets a third password.
    let unlocked = vault::recover(dir.path(), &recovery, "third password")
        .await
        .unwrap();
    let store = Store::open_unlocked(dir.path(), &unlocked).await.unwrap();
    assert_eq!(mark(&store).await, MARK);
    store.close().await;
    let store = cipher::open_with_password(dir.path(), Some("third password"))
        .await
        .unwrap();
    assert_eq!(mark(&store).await, MARK);
}

#[tokio::test]
async fn a_workspace_from_before_encryption_is_encrypted_when_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    operators::create(&store, "王芳", Role::Candidate, Some("correct horse 9"))
        .await
        .unwrap()
        .unwrap();
    // A pre-upgrade backup lying beside it, plaintext.
    let bak = dir.path().join("regdesk.db.v3.bak");
    sqlx::query("VACUUM INTO ?")
        .bind(bak.to_string_lossy().as_ref())
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    assert!(matches!(
        cipher::open_with_password(dir.path(), Some("wrong one!")).await,
        Err(StoreError::WrongPassword)
    ));
    assert!(
        !vault::is_encrypted(dir.path()),
        "a wrong password changes nothing"
    );
    let store = cipher::open_with_password(dir.path(), Some("correct horse 9"))
        .await
        .unwrap();
    assert!(vault::is_encrypted(dir.path()));
    store.close().await;
    assert!(plain_tables(&dir.path().join(DB_FILE_NAME)).await.is_err());
    assert!(
        plain_tables(&bak).await.is_err(),
        "the backup is encrypted too"
    );
}

#[tokio::test]
async fn a_crash_between_the_steps_leaves_a_workspace_that_opens() {
    // Encryption interrupted after the key file, before the swap: the plaintext file is
    // encrypted by the next unlock.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    operators::create(&store, "王芳", Role::Candidate, Some("correct horse 9"))
        .await
        .unwrap()
        .unwrap();
    store.close().await;
    let (store, _) = {
        let s = Store::open(dir.path()).await.unwrap();
        cipher::encrypt(s, "correct horse 9").await.unwrap()
    };
    store.close().await;
    // Put a plaintext file back under the final name, as if the swap had not happened.
    let plain = tempfile::tempdir().unwrap();
    let p = Store::open(plain.path()).await.unwrap();
    operators::create(&p, "王芳", Role::Candidate, Some("correct horse 9"))
        .await
        .unwrap()
        .unwrap();
    p.close().await;
    assert!(
        !plain.path().join("regdesk.db-wal").exists(),
        "close let go of the file"
    );
    std::fs::copy(
        plain.path().join(DB_FILE_NAME),
        dir.path().join(DB_FILE_NAME),
    )
    .unwrap();
    std::fs::write(dir.path().join("regdesk.db.next"), b"half an export").unwrap();
    let store = cipher::open_with_password(dir.path(), Some("correct horse 9"))
        .await
        .unwrap();
    assert_eq!(
        operators::current(&store).await.unwrap().unwrap().name,
        "王芳"
    );
    store.close().await;
    assert!(plain_tables(&dir.path().join(DB_FILE_NAME)).await.is_err());
    assert!(!dir.path().join("regdesk.db.next").exists());

    // A re-key interrupted after both keys were listed: the old key still opens it, and the
    // key file is left with the one that did.
    let second = tempfile::tempdir().unwrap();
    let dir = second.path();
    let (store, _) = marked_workspace(dir, "pw pw pw pw").await;
    store.close().await;
    let unlocked = vault::unlock(dir, "pw pw pw pw").await.unwrap();
    vault::begin_rekey(dir, &unlocked).unwrap();
    let store = cipher::open_with_password(dir, Some("pw pw pw pw"))
        .await
        .unwrap();
    assert_eq!(mark(&store).await, MARK);
    let file = std::fs::read_to_string(dir.join(vault::KEY_FILE_NAME)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(json["databaseKeys"].as_array().unwrap().len(), 1);
}
