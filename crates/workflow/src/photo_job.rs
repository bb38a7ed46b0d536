//! The photo folder batch as a persisted job (the desktop's photo tool): the job row and each
//! item's result go to the `jobs` tables as they finish, the report and journal to the output
//! folder as in the CLI, and the work runs on blocking threads, off the async runtime.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use regdesk_core::{Actor, CommandError, ErrorCode, ReasonCode};
use regdesk_photo::spec::default_spec;
use regdesk_photo::MakeOptions;
use regdesk_store::jobs::{self, ItemRecord, Job, JobStatus};
use regdesk_store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::folder_batch::{plan_files, plan_folder, run_folder, FileResult};
use crate::jobs::{JobProgress, RunEnd};
use crate::photo_file::{error_line, make_photo_file};

pub const PHOTO_BATCH_KIND: &str = "photo_batch";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoBatchParams {
    /// A folder of pictures; ignored when `input_files` names files.
    pub input_dir: String,
    /// Pictures picked one by one (or dropped on the window).
    #[serde(default)]
    pub input_files: Vec<String>,
    pub output_dir: String,
    #[serde(default)]
    pub replace_background: bool,
}

/// One file's row in the results table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchLine {
    pub input: String,
    pub output: Option<String>,
    pub written: bool,
    /// 0 compliant, 1 not compliant, 2 unreadable.
    pub code: u8,
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
    /// The reason codes of the file's problems (errors and warnings).
    pub issues: Vec<ReasonCode>,
    /// Why an unreadable file could not be processed.
    pub error_zh: Option<String>,
    pub error_en: Option<String>,
}

impl BatchLine {
    fn from_line((code, v): &FileResult) -> Self {
        let text = |k: &str| v["error"][k].as_str().map(str::to_owned);
        Self {
            input: v["input"].as_str().unwrap_or_default().to_owned(),
            output: v["output"].as_str().map(str::to_owned),
            written: v["written"] == true,
            code: *code,
            bytes: v["bytes"].as_u64(),
            issues: v["issues"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| serde_json::from_value(p["code"].clone()).ok())
                .collect(),
            error_zh: text("message"),
            error_en: text("messageEn"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoBatchResult {
    pub job: Job,
    /// Failures first (unreadable, then not compliant), then the compliant files.
    pub lines: Vec<BatchLine>,
    pub report_path: String,
}

fn job_error(e: regdesk_store::StoreError) -> CommandError {
    e.into()
}

/// Starts (or, with `resume`, continues) a photo folder batch and runs it to its end or to a
/// cancel. Progress is reported through `progress` (at most ~10 times a second).
pub async fn run_photo_batch(
    store: &Store,
    params: PhotoBatchParams,
    resume: Option<i64>,
    actor: &Actor,
    cancel: Arc<AtomicBool>,
    progress: impl Fn(&JobProgress) + Send + Sync + 'static,
) -> Result<PhotoBatchResult, CommandError> {
    let (job_id, params) = match resume {
        Some(id) => {
            let job = jobs::get(store, id).await.map_err(job_error)?;
            if job.kind != PHOTO_BATCH_KIND || !job.status.resumable() {
                return Err(CommandError::new(
                    ErrorCode::InvalidInput,
                    format!("任务 {id} 不能继续（状态：{}）", job.status.as_str()),
                    format!(
                        "job {id} cannot be resumed (status: {})",
                        job.status.as_str()
                    ),
                ));
            }
            let stored = jobs::params(store, id).await.map_err(job_error)?;
            let params: PhotoBatchParams = serde_json::from_str(&stored).map_err(|e| {
                CommandError::new(
                    ErrorCode::Database,
                    format!("任务 {id} 的参数无法读取：{e}"),
                    format!("job {id}: stored parameters unreadable: {e}"),
                )
            })?;
            (Some(id), params)
        }
        None => (None, params),
    };
    let (input, output) = (params.input_dir.clone(), params.output_dir.clone());
    let mut files: Vec<std::path::PathBuf> = params.input_files.iter().map(Into::into).collect();
    // One file typed where a folder is expected is a batch of one.
    if files.is_empty() && std::path::Path::new(&input).is_file() {
        files.push(input.clone().into());
    }
    let plan = tokio::task::spawn_blocking(move || {
        if files.is_empty() {
            plan_folder(input.as_ref(), output.as_ref())
        } else {
            plan_files(&files, output.as_ref())
        }
    })
    .await
    .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string(), e.to_string()))??;
    let job_id = match job_id {
        Some(id) => id,
        None => {
            let json = serde_json::to_string(&params).unwrap_or_default();
            jobs::create(
                store,
                PHOTO_BATCH_KIND,
                &json,
                plan.inputs.len() as u32,
                actor,
            )
            .await
            .map_err(job_error)?
        }
    };
    jobs::start(store, job_id).await.map_err(job_error)?;
    let started = std::time::Instant::now();
    tracing::info!(
        job = job_id,
        kind = PHOTO_BATCH_KIND,
        total = plan.inputs.len(),
        resume = resume.is_some(),
        "job start"
    );
    let handle = tokio::runtime::Handle::current();
    let db = store.clone();
    let options = MakeOptions {
        crop: None,
        replace_background: params.replace_background,
        batch: true,
    };
    let worker = tokio::task::spawn_blocking(move || {
        let spec = default_spec();
        run_folder(
            &plan,
            resume.is_some(),
            |i, o| make_photo_file(i, o, &spec, &options).unwrap_or_else(|e| error_line(i, &e)),
            |i, (code, line): &FileResult| {
                let item = ItemRecord {
                    idx: i as u32,
                    key: line["input"].as_str().unwrap_or_default().to_owned(),
                    code: *code,
                    result: line.to_string(),
                };
                handle
                    .block_on(jobs::record_item(&db, job_id, &item))
                    .map_err(CommandError::from)
            },
            progress,
            &cancel,
        )
    })
    .await
    .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string(), e.to_string()));
    let run = match worker.and_then(|r| r) {
        Ok(run) => run,
        Err(e) => {
            tracing::warn!(job = job_id, ms = started.elapsed().as_millis() as u64, code = ?e.code, "job failed");
            jobs::finish(store, job_id, JobStatus::Failed, Some(&e.message_en))
                .await
                .map_err(job_error)?;
            return Err(e);
        }
    };
    let status = match run.end {
        RunEnd::Completed => JobStatus::Succeeded,
        RunEnd::Cancelled => JobStatus::Cancelled,
    };
    jobs::finish(store, job_id, status, None)
        .await
        .map_err(job_error)?;
    tracing::info!(
        job = job_id,
        status = status.as_str(),
        files = run.lines.len(),
        ms = started.elapsed().as_millis() as u64,
        "job end"
    );
    let mut lines: Vec<BatchLine> = run.lines.iter().map(BatchLine::from_line).collect();
    lines.sort_by(|a, b| b.code.cmp(&a.code).then_with(|| a.input.cmp(&b.input)));
    Ok(PhotoBatchResult {
        job: jobs::get(store, job_id).await.map_err(job_error)?,
        lines,
        report_path: run.report_path.display().to_string(),
    })
}

/// The typed line of a recorded item (for a job's results after a restart).
pub fn line_of(record: &ItemRecord) -> Option<BatchLine> {
    let v: Value = serde_json::from_str(&record.result).ok()?;
    Some(BatchLine::from_line(&(record.code, v)))
}
