//! Persisted jobs: long work whose items are recorded one by one as they finish, so a crash
//! loses at most the items in flight, a job left `running` by a dead process becomes
//! `interrupted`, and resuming skips what is already done. The engine that runs items lives
//! in `regdesk-workflow`; this module only keeps the record.

use regdesk_core::clock::{millis_to_rfc3339, now_millis};
use regdesk_core::Actor;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Interrupted => "interrupted",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Succeeded,
            JobStatus::Failed,
            JobStatus::Cancelled,
            JobStatus::Interrupted,
        ]
        .into_iter()
        .find(|j| j.as_str() == s)
    }

    /// Whether the job can be resumed (its remaining items run, finished ones are kept).
    pub fn resumable(self) -> bool {
        matches!(
            self,
            JobStatus::Interrupted | JobStatus::Cancelled | JobStatus::Failed
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub status: JobStatus,
    pub total: u32,
    pub done: u32,
    /// Items that finished with a non-zero code (refused, not compliant, unreadable).
    pub failed: u32,
    pub error: Option<String>,
    pub operator: String,
    /// RFC 3339, Asia/Shanghai.
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

#[derive(FromRow)]
struct JobRow {
    id: i64,
    kind: String,
    status: String,
    total: i64,
    done: i64,
    failed: i64,
    error: Option<String>,
    operator: String,
    created_at: i64,
    started_at: Option<i64>,
    finished_at: Option<i64>,
}

impl TryFrom<JobRow> for Job {
    type Error = StoreError;
    fn try_from(r: JobRow) -> Result<Self, StoreError> {
        let status = JobStatus::parse(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("job {}: status {:?}", r.id, r.status)))?;
        let count = |v: i64, what: &str| {
            u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("job {}: {what} {v}", r.id)))
        };
        Ok(Job {
            id: r.id,
            kind: r.kind,
            status,
            total: count(r.total, "total")?,
            done: count(r.done, "done")?,
            failed: count(r.failed, "failed")?,
            error: r.error,
            operator: r.operator,
            created_at: millis_to_rfc3339(r.created_at),
            started_at: r.started_at.map(millis_to_rfc3339),
            finished_at: r.finished_at.map(millis_to_rfc3339),
        })
    }
}

/// One finished item as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    pub idx: u32,
    pub key: String,
    pub code: u8,
    /// The kind's own typed result, as JSON text.
    pub result: String,
}

const SELECT: &str = "SELECT j.id, j.kind, j.status, j.total, j.done,
    (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id AND i.code <> 0) AS failed,
    j.error, j.operator, j.created_at, j.started_at, j.finished_at FROM jobs j";

/// Records a new job (`queued`) of `total` items; returns its id.
pub async fn create(
    store: &Store,
    kind: &str,
    params_json: &str,
    total: u32,
    actor: &Actor,
) -> Result<i64, StoreError> {
    let mut tx = store.begin_write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO jobs (kind, params, status, total, operator, created_at)
         VALUES (?, ?, 'queued', ?, ?, ?) RETURNING id",
    )
    .bind(kind)
    .bind(params_json)
    .bind(total)
    .bind(actor.to_string())
    .bind(now_millis())
    .fetch_one(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The job's parameters as stored (JSON text), for resuming it.
pub async fn params(store: &Store, id: i64) -> Result<String, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT params FROM jobs WHERE id = ?")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.map(|r| r.0)
        .ok_or_else(|| StoreError::NotFound(format!("job {id}")))
}

/// Marks the job `running` in this process.
pub async fn start(store: &Store, id: i64) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    let n = sqlx::query(
        "UPDATE jobs SET status = 'running', error = NULL, owner_pid = ?,
             started_at = COALESCE(started_at, ?), finished_at = NULL
         WHERE id = ?",
    )
    .bind(std::process::id())
    .bind(now_millis())
    .bind(id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("job {id}")));
    }
    tx.commit().await
}

/// Records one finished item and counts it, in one transaction. Recording the same item twice
/// keeps the first result (a resumed job never redoes a finished item).
pub async fn record_item(store: &Store, id: i64, item: &ItemRecord) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO job_items (job_id, idx, item_key, code, result, finished_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, idx) DO NOTHING",
    )
    .bind(id)
    .bind(item.idx)
    .bind(&item.key)
    .bind(item.code)
    .bind(&item.result)
    .bind(now_millis())
    .execute(tx.conn())
    .await?
    .rows_affected();
    if inserted == 1 {
        sqlx::query("UPDATE jobs SET done = done + 1 WHERE id = ?")
            .bind(id)
            .execute(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends the job with its final status (and the error that stopped it, if any).
pub async fn finish(
    store: &Store,
    id: i64,
    status: JobStatus,
    error: Option<&str>,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "UPDATE jobs SET status = ?, error = ?, finished_at = ?, owner_pid = NULL WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(error)
    .bind(now_millis())
    .bind(id)
    .execute(tx.conn())
    .await?;
    tx.commit().await
}

/// Whether a process with this id still runs (Linux: /proc; elsewhere unknown → not).
fn process_alive(pid: i64) -> bool {
    cfg!(target_os = "linux") && std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// At start-up: jobs left `running` by a process that is gone become `interrupted`.
/// Returns how many were marked.
pub async fn interrupt_stale(store: &Store) -> Result<u32, StoreError> {
    let mut tx = store.begin_write().await?;
    let running: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, owner_pid FROM jobs WHERE status = 'running'")
            .fetch_all(tx.conn())
            .await?;
    let mut marked = 0;
    for (id, pid) in running {
        let ours = pid == Some(i64::from(std::process::id()));
        if !ours && pid.is_some_and(process_alive) {
            continue;
        }
        sqlx::query(
            "UPDATE jobs SET status = 'interrupted', owner_pid = NULL WHERE id = ? AND status = 'running'",
        )
        .bind(id)
        .execute(tx.conn())
        .await?;
        marked += 1;
    }
    tx.commit().await?;
    Ok(marked)
}

pub async fn get(store: &Store, id: i64) -> Result<Job, StoreError> {
    let row: Option<JobRow> = sqlx::query_as(&format!("{SELECT} WHERE j.id = ?"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.ok_or_else(|| StoreError::NotFound(format!("job {id}")))?
        .try_into()
}

/// The latest jobs first.
pub async fn list(store: &Store, limit: u32) -> Result<Vec<Job>, StoreError> {
    let rows: Vec<JobRow> = sqlx::query_as(&format!("{SELECT} ORDER BY j.id DESC LIMIT ?"))
        .bind(limit)
        .fetch_all(store.pool())
        .await?;
    rows.into_iter().map(Job::try_from).collect()
}

/// Every finished item of the job, in item order.
pub async fn items(store: &Store, id: i64) -> Result<Vec<ItemRecord>, StoreError> {
    let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT idx, item_key, code, result FROM job_items WHERE job_id = ? ORDER BY idx",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(idx, key, code, result)| {
            Ok(ItemRecord {
                idx: u32::try_from(idx)
                    .map_err(|_| StoreError::Corrupt(format!("job {id}: item index {idx}")))?,
                key,
                code: u8::try_from(code)
                    .map_err(|_| StoreError::Corrupt(format!("job {id}: item code {code}")))?,
                result,
            })
        })
        .collect()
}

/// Forgets a job and its items (the user discards an interrupted job).
pub async fn discard(store: &Store, id: i64) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query("DELETE FROM jobs WHERE id = ?")
        .bind(id)
        .execute(tx.conn())
        .await?;
    tx.commit().await
}
