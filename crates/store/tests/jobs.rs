//! Persisted jobs in a real SQLite file: items recorded once, counts, final status, and jobs
//! left `running` by a dead process marked `interrupted` when the file is opened again.

use regdesk_core::Actor;
use regdesk_store::jobs::{self, ItemRecord, JobStatus};
use regdesk_store::Store;

fn item(idx: u32, code: u8) -> ItemRecord {
    ItemRecord {
        idx,
        key: format!("photo-{idx}.jpg"),
        code,
        result: format!("{{\"n\":{idx}}}"),
    }
}

#[tokio::test]
async fn items_are_recorded_once_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let id = jobs::create(
        &store,
        "photo_batch",
        "{\"in\":\"x\"}",
        3,
        &Actor::Operator(1),
    )
    .await
    .unwrap();
    assert_eq!(
        jobs::get(&store, id).await.unwrap().status,
        JobStatus::Queued
    );
    jobs::start(&store, id).await.unwrap();
    jobs::record_item(&store, id, &item(0, 0)).await.unwrap();
    jobs::record_item(&store, id, &item(2, 1)).await.unwrap();
    // A resumed run that records item 0 again keeps the first result and does not count it.
    let mut again = item(0, 2);
    again.result = "{\"second\":true}".into();
    jobs::record_item(&store, id, &again).await.unwrap();
    let job = jobs::get(&store, id).await.unwrap();
    assert_eq!((job.done, job.failed, job.total), (2, 1, 3));
    assert_eq!(job.operator, "operator:1");
    let items = jobs::items(&store, id).await.unwrap();
    assert_eq!(items, vec![item(0, 0), item(2, 1)]);
    jobs::finish(&store, id, JobStatus::Cancelled, None)
        .await
        .unwrap();
    let job = jobs::get(&store, id).await.unwrap();
    assert_eq!(job.status, JobStatus::Cancelled);
    assert!(job.status.resumable() && job.finished_at.is_some());
    assert_eq!(jobs::params(&store, id).await.unwrap(), "{\"in\":\"x\"}");
    jobs::discard(&store, id).await.unwrap();
    assert!(jobs::items(&store, id).await.unwrap().is_empty());
    assert!(jobs::get(&store, id).await.is_err());
}

#[tokio::test]
async fn a_running_job_of_a_dead_process_is_interrupted_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let (dead, alive) = {
        let store = Store::open(dir.path()).await.unwrap();
        let dead = jobs::create(&store, "photo_batch", "{}", 5, &Actor::cli())
            .await
            .unwrap();
        jobs::start(&store, dead).await.unwrap();
        jobs::record_item(&store, dead, &item(1, 0)).await.unwrap();
        // As if another process had been running it and was killed: an unused pid.
        sqlx::query("UPDATE jobs SET owner_pid = 2147483000 WHERE id = ?")
            .bind(dead)
            .execute(store.pool())
            .await
            .unwrap();
        // A job of a process that still runs (pid 1) is left alone.
        let alive = jobs::create(&store, "photo_batch", "{}", 1, &Actor::cli())
            .await
            .unwrap();
        jobs::start(&store, alive).await.unwrap();
        sqlx::query("UPDATE jobs SET owner_pid = 1 WHERE id = ?")
            .bind(alive)
            .execute(store.pool())
            .await
            .unwrap();
        (dead, alive)
    };
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(jobs::interrupt_stale(&store).await.unwrap(), 1);
    let job = jobs::get(&store, dead).await.unwrap();
    assert_eq!(job.status, JobStatus::Interrupted);
    assert_eq!(job.done, 1, "finished items survive");
    assert_eq!(
        jobs::get(&store, alive).await.unwrap().status,
        JobStatus::Running
    );
    let listed: Vec<i64> = jobs::list(&store, 10)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(listed, vec![alive, dead]);
}

#[tokio::test]
async fn a_corrupt_status_is_reported_not_defaulted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let id = jobs::create(&store, "photo_batch", "{}", 1, &Actor::cli())
        .await
        .unwrap();
    sqlx::query("PRAGMA ignore_check_constraints = ON")
        .execute(store.pool())
        .await
        .unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    sqlx::query("PRAGMA ignore_check_constraints = ON")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET status = 'exploded' WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let err = jobs::get(&store, id).await.unwrap_err();
    assert!(err.to_string().contains("exploded"), "{err}");
}

/// The write transaction: dropped without commit (an error, a refusal) nothing stays; the
/// connection it held is not handed back mid-transaction.
#[tokio::test]
async fn a_write_transaction_commits_or_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    {
        let mut tx = store.begin_write().await.unwrap();
        sqlx::query("INSERT INTO jobs (kind, params, status, total, operator, created_at) VALUES ('x', '{}', 'queued', 1, 'cli', 0)")
            .execute(tx.conn())
            .await
            .unwrap();
        // dropped here: rolled back
    }
    assert!(jobs::list(&store, 10).await.unwrap().is_empty());
    // The pool still works (no connection was left inside a transaction).
    for _ in 0..6 {
        let mut tx = store.begin_write().await.unwrap();
        sqlx::query("INSERT INTO jobs (kind, params, status, total, operator, created_at) VALUES ('x', '{}', 'queued', 1, 'cli', 0)")
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(jobs::list(&store, 10).await.unwrap().len(), 6);
}
