//! Batches in the window: the photo folder batch as a job with live progress over a channel,
//! cancel, the list of jobs (interrupted ones resumable), discard.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use regdesk_store::jobs::{self, Job};
use regdesk_workflow::jobs::JobProgress;
use regdesk_workflow::photo_job::{run_photo_batch, PhotoBatchParams, PhotoBatchResult};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

/// Cancel flags of the batches running now, by the run id the window chose.
#[derive(Default)]
pub struct RunningBatches(pub Mutex<HashMap<String, Arc<AtomicBool>>>);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoBatchArgs {
    /// Chosen by the window, to name this run in `cancel_batch`.
    pub run_id: String,
    pub params: PhotoBatchParams,
    /// Continue this interrupted or cancelled job (its parameters are the stored ones).
    #[ts(type = "number | null")]
    pub resume_job_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CancelArgs {
    pub run_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobArgs {
    #[ts(type = "number")]
    pub job_id: i64,
}

#[tauri::command]
pub async fn photo_batch(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    running: State<'_, RunningBatches>,
    args: PhotoBatchArgs,
    on_progress: Channel<JobProgress>,
) -> CmdResult<PhotoBatchResult> {
    super::logged("photo_batch", async move {
        let store = state.store()?;
        let cancel = Arc::new(AtomicBool::new(false));
        if let Ok(mut map) = running.0.lock() {
            map.insert(args.run_id.clone(), cancel.clone());
        }
        let mut args = args;
        // A new batch writes where the user picks (a resumed one where it was picked before).
        if args.resume_job_id.is_none() {
            let picked = super::save::folder(&app, &args.params.output_dir).await?;
            args.params.output_dir = picked.display().to_string();
        }
        let output_dir = std::path::PathBuf::from(&args.params.output_dir);
        let result = run_photo_batch(
            &store,
            args.params,
            args.resume_job_id,
            &state.actor(),
            cancel,
            move |p| {
                // A closed window drops the channel; the batch still finishes and is recorded.
                let _ = on_progress.send(p.clone());
            },
        )
        .await;
        if let Ok(mut map) = running.0.lock() {
            map.remove(&args.run_id);
        }
        // The window offers to open the output folder.
        state.written.note(&output_dir);
        result
    })
    .await
}

/// Stops a running batch at the next item of each worker; finished items are kept.
#[tauri::command(async)]
pub fn cancel_batch(running: State<'_, RunningBatches>, args: CancelArgs) -> bool {
    running
        .0
        .lock()
        .ok()
        .and_then(|map| map.get(&args.run_id).cloned())
        .map(|flag| flag.store(true, Ordering::SeqCst))
        .is_some()
}

#[tauri::command]
pub async fn list_jobs(state: State<'_, AppState>) -> CmdResult<Vec<Job>> {
    super::logged("list_jobs", async move {
        Ok(jobs::list(&state.store()?, 50).await?)
    })
    .await
}

#[tauri::command]
pub async fn discard_job(state: State<'_, AppState>, args: JobArgs) -> CmdResult<Vec<Job>> {
    super::logged("discard_job", async move {
        let store = state.store()?;
        jobs::discard(&store, args.job_id).await?;
        Ok(jobs::list(&store, 50).await?)
    })
    .await
}
