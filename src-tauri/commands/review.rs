//! 审核: the reviewer's desk in the window — open packages as a job with progress, the queue,
//! one package's materials and findings, decide (reviewers only, checked here), trust a
//! signer, carry decisions on a file, and sync with the intake server.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use base64::Engine;
use regdesk_core::review::CatalogueReason;
use regdesk_store::operators::Role;
use regdesk_workflow::jobs::JobProgress;
use regdesk_workflow::review::{self, DeskLine, ImportLine, OpenLine, SyncReport, Verdict};
use regdesk_workflow::signing::workspace_key;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use super::batch::RunningBatches;
use super::submission::{blocking, client, data_dir};
use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewOpenArgs {
    /// Chosen by the window, to name this run in `cancel_batch`.
    pub run_id: String,
    /// Package files, or folders of them.
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageArgs {
    pub package_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MaterialArgs {
    pub package_sha256: String,
    /// `photo | id_front | diploma | work_proof`.
    pub slot: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecideArgs {
    pub package_sha256: String,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionsFileArgs {
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportDecisionsArgs {
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrustArgs {
    pub fingerprint: String,
    pub name: String,
}

/// What the desk shows of one package beside its queue line.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageView {
    /// The manifest's candidate: identity, profile and process as the centre stored them.
    pub candidate: review::PackageCandidate,
    /// The materials' slots, in the manifest's order.
    pub slots: Vec<String>,
    pub produced_by_actor: String,
    pub produced_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedDecisions {
    pub output: String,
    pub decisions: u32,
}

/// The desk is the reviewer role's work; refused here whatever the window shows.
async fn reviewer(state: &AppState) -> CmdResult<String> {
    Ok(super::role::require(state, Role::Reviewer).await?.name)
}

#[tauri::command]
pub async fn review_open(
    state: State<'_, AppState>,
    running: State<'_, RunningBatches>,
    args: ReviewOpenArgs,
    on_progress: Channel<JobProgress>,
) -> CmdResult<Vec<OpenLine>> {
    super::logged("review_open", async move {
        reviewer(&state).await?;
        let store = state.store()?;
        let cancel = Arc::new(AtomicBool::new(false));
        if let Ok(mut map) = running.0.lock() {
            map.insert(args.run_id.clone(), cancel.clone());
        }
        let paths: Vec<PathBuf> = args.paths.iter().map(|p| PathBuf::from(p.trim())).collect();
        let result = review::open_paths(&store, &paths, &state.actor(), &cancel, &|p| {
            let _ = on_progress.send(p.clone());
        })
        .await;
        if let Ok(mut map) = running.0.lock() {
            map.remove(&args.run_id);
        }
        result
    })
    .await
}

#[tauri::command]
pub async fn review_queue(state: State<'_, AppState>) -> CmdResult<Vec<DeskLine>> {
    super::logged("review_queue", async move {
        review::list(&state.store()?).await
    })
    .await
}

#[tauri::command]
pub async fn review_package(
    state: State<'_, AppState>,
    args: PackageArgs,
) -> CmdResult<PackageView> {
    super::logged("review_package", async move {
        let m = review::manifest_of(&state.store()?, &args.package_sha256).await?;
        Ok(PackageView {
            candidate: review::package_candidate(&m),
            slots: m.files.into_iter().map(|f| f.slot).collect(),
            produced_by_actor: m.produced_by_actor,
            produced_at: m.produced_at,
        })
    })
    .await
}

/// One material's JPEG, as base64.
#[tauri::command]
pub async fn review_material(state: State<'_, AppState>, args: MaterialArgs) -> CmdResult<String> {
    super::logged("review_material", async move {
        let bytes = review::material(&state.store()?, &args.package_sha256, &args.slot).await?;
        Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
    })
    .await
}

#[tauri::command]
pub async fn review_decide(
    state: State<'_, AppState>,
    args: DecideArgs,
) -> CmdResult<Vec<DeskLine>> {
    super::logged("review_decide", async move {
        let name = reviewer(&state).await?;
        let dir = data_dir(&state)?;
        let key = blocking(move || workspace_key(&dir)).await?;
        let store = state.store()?;
        let decided = review::decide(
            &store,
            &key,
            &name,
            &args.package_sha256,
            args.verdict,
            &args.reasons,
            args.note.as_deref(),
        )
        .await?;
        if let Err(problems) = decided {
            // The window shows the reason beside the decision buttons.
            return Err(
                regdesk_core::CommandError::refused("", "", &problems).with_field("package")
            );
        }
        review::list(&store).await
    })
    .await
}

#[tauri::command]
pub async fn review_reasons() -> CmdResult<Vec<CatalogueReason>> {
    Ok(regdesk_core::review::catalogue_view())
}

#[tauri::command]
pub async fn review_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: DecisionsFileArgs,
) -> CmdResult<ExportedDecisions> {
    super::logged("review_export", async move {
        let store = state.store()?;
        let path =
            super::save::file(&app, &args.path, "decisions.jsonl", super::save::JSONL).await?;
        let n = review::export_decisions(&store, &path).await?;
        state.written.note(&path);
        Ok(ExportedDecisions {
            output: path.display().to_string(),
            decisions: n as u32,
        })
    })
    .await
}

/// Imports decision files (any role: the centre's side applies outcomes to its candidates).
#[tauri::command]
pub async fn review_import(
    state: State<'_, AppState>,
    args: ImportDecisionsArgs,
) -> CmdResult<Vec<ImportLine>> {
    super::logged("review_import", async move {
        let files: Vec<PathBuf> = args.paths.iter().map(|p| PathBuf::from(p.trim())).collect();
        review::import_decisions(&state.store()?, &files, &state.actor()).await
    })
    .await
}

#[tauri::command]
pub async fn review_trust(state: State<'_, AppState>, args: TrustArgs) -> CmdResult<Vec<DeskLine>> {
    super::logged("review_trust", async move {
        reviewer(&state).await?;
        let store = state.store()?;
        regdesk_store::keys::trust(&store, &args.fingerprint, &args.name, &state.actor()).await?;
        review::list(&store).await
    })
    .await
}

/// Pulls waiting submissions from the intake server and pushes settled decisions.
#[tauri::command]
pub async fn review_sync(state: State<'_, AppState>) -> CmdResult<SyncReport> {
    super::logged("review_sync", async move {
        reviewer(&state).await?;
        let store = state.store()?;
        let client = client(&state).await?;
        blocking(move || review::sync(&tokio::runtime::Handle::current(), &store, &client)).await
    })
    .await
}
