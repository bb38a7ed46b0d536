//! The store against real SQLite files in temp folders.

use regdesk_core::{Actor, IdentityInput, ReasonCode};
use regdesk_store::{audit, candidates, settings, Store, DB_FILE_NAME};

fn input(id: &str) -> IdentityInput {
    IdentityInput {
        name: "王芳".into(),
        gender: "female".into(),
        id_number: id.into(),
        mobile: "13900001111".into(),
        email: "wangfang@example.com".into(),
    }
}

fn actor() -> Actor {
    Actor::Cli("tester".into())
}

#[tokio::test]
async fn registered_candidate_survives_reopen_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let report = candidates::register(&store, &input("11010519491231002x"), &actor(), false)
        .await
        .unwrap();
    assert!(report.added, "{:?}", report.issues);
    drop(store);

    let reopened = Store::open(dir.path()).await.unwrap();
    let all = candidates::list(&reopened).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].id_number, "11010519491231002X",
        "ID number stored normalised"
    );
    let log = audit::history(&reopened, "candidate", "11010519491231002X")
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, "cli:tester");
    assert_eq!(log[0].action, "register");
    assert!(log[0].old_value.is_none());
    assert_eq!(
        log[0].new_value.as_ref().unwrap()["idNumber"],
        "11010519491231002X"
    );
}

#[tokio::test]
async fn same_id_number_twice_is_refused_with_candidate_exists() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    assert!(
        candidates::register(&store, &input("11010519491231002X"), &actor(), false)
            .await
            .unwrap()
            .added
    );
    let again = candidates::register(&store, &input("11010519491231002x"), &actor(), false)
        .await
        .unwrap();
    assert!(!again.added);
    assert_eq!(
        again.issues.last().unwrap().code,
        ReasonCode::CandidateExists
    );
    assert_eq!(candidates::list(&store).await.unwrap().len(), 1);
}

#[tokio::test]
async fn invalid_identity_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let r = candidates::register(&store, &input("110105194912310021"), &actor(), false)
        .await
        .unwrap();
    assert!(!r.added);
    assert_eq!(r.issues[0].code, ReasonCode::IdNumberCheckDigit);
    assert!(candidates::list(&store).await.unwrap().is_empty());
}

#[tokio::test]
async fn database_uses_wal_and_locale_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(
        settings::load(&store).await.unwrap().locale,
        settings::Locale::ZhCn
    );
    settings::set_locale(&store, settings::Locale::En)
        .await
        .unwrap();
    drop(store);
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(
        settings::load(&store).await.unwrap().locale,
        settings::Locale::En
    );
}

#[tokio::test]
async fn an_older_schema_is_backed_up_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    // A database from "before" any migration: a file holding user data but no schema table.
    {
        let store = Store::open(dir.path()).await.unwrap();
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(store.pool())
            .await
            .unwrap();
        for (t,) in tables {
            sqlx::query(&format!("DROP TABLE \"{t}\""))
                .execute(store.pool())
                .await
                .unwrap();
        }
        sqlx::query("CREATE TABLE legacy (v TEXT)")
            .execute(store.pool())
            .await
            .unwrap();
        sqlx::query("INSERT INTO legacy VALUES ('keep me')")
            .execute(store.pool())
            .await
            .unwrap();
    }
    let store = Store::open(dir.path()).await.unwrap();
    let backup = dir.path().join(DB_FILE_NAME.replace(".db", ".db.v0.bak"));
    assert!(backup.exists(), "backup file {} missing", backup.display());
    let old = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", backup.display()))
        .await
        .unwrap();
    let (v,): (String,) = sqlx::query_as("SELECT v FROM legacy")
        .fetch_one(&old)
        .await
        .unwrap();
    assert_eq!(v, "keep me");
    assert!(
        candidates::list(&store).await.unwrap().is_empty(),
        "new schema applied"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_database_are_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let store = Store::open(&dir).await.unwrap();
    candidates::register(&store, &input("11010519491231002X"), &actor(), false)
        .await
        .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join(DB_FILE_NAME)), 0o600);
    drop(store);
    // An existing folder left open to others is closed again on the next open.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _again = Store::open(&dir).await.unwrap();
    assert_eq!(mode(&dir), 0o700);
}
