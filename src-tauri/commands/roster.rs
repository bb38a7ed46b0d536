//! 批量报名: the roster template, checking and committing a roster (with its materials
//! folder), the grid of every candidate and its export. Every file written goes where the
//! user picks in the native save dialog (a typed path is only its suggestion).

use std::path::PathBuf;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use regdesk_workflow::jobs::JobProgress;
use regdesk_workflow::roster::{
    export_grid, grid_rows, import_roster, GridRow, Hooks, ImportOptions, RosterReport,
};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use super::batch::RunningBatches;
use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathArgs {
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RosterImportArgs {
    /// Chosen by the window, to cancel the materials job with `cancel_batch`.
    pub run_id: String,
    pub path: String,
    pub sheet: Option<String>,
    /// A folder or zip of photos and scans.
    pub files: Option<String>,
    pub dry_run: bool,
    /// Where to write the rejected rows (XLSX), if wanted.
    pub rejected_out: Option<String>,
    /// Corrections of the column mapping.
    pub mapping: Vec<ColumnMap>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMap {
    /// The header text as in the file.
    pub header: String,
    /// The field it holds; `None` to ignore the column.
    pub field: Option<regdesk_roster::Field>,
}

fn non_empty(s: &Option<String>) -> Option<PathBuf> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
}

/// The template, saved where the user picks in the native save dialog.
#[tauri::command]
pub async fn roster_template(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: PathArgs,
) -> CmdResult<String> {
    super::logged("roster_template", async move {
        let path =
            super::save::file(&app, &args.path, "批量报名名单模板.xlsx", super::save::XLSX).await?;
        let out = path.clone();
        tokio::task::spawn_blocking(move || regdesk_roster::template::write_template(&out))
            .await
            .map_err(regdesk_core::CommandError::internal)??;
        state.written.note(&path);
        Ok(path.display().to_string())
    })
    .await
}

#[tauri::command]
pub async fn roster_import(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    running: State<'_, RunningBatches>,
    args: RosterImportArgs,
    on_progress: Channel<JobProgress>,
) -> CmdResult<RosterReport> {
    super::logged("roster_import", async move {
        // Bulk import is the training centre's work, checked here whatever the window shows.
        super::role::require(&state, regdesk_store::operators::Role::TrainingCentre).await?;
        let cancel = Arc::new(AtomicBool::new(false));
        if let Ok(mut map) = running.0.lock() {
            map.insert(args.run_id.clone(), cancel.clone());
        }
        let hooks = Hooks {
            cancel,
            // A closed window drops the channel; the job still finishes and is recorded.
            progress: Arc::new(move |p: &JobProgress| {
                let _ = on_progress.send(p.clone());
            }),
        };
        let store = state.store()?;
        let centre = regdesk_store::operators::current(&store)
            .await?
            .map_or_else(|| "培训机构".to_owned(), |o| o.name);
        let files = non_empty(&args.files);
        // The rejected rows go where the user picks in the save dialog (the field suggests).
        let rejected = match args.rejected_out.as_deref() {
            Some(suggested) => {
                let name = "有问题的行.xlsx";
                Some(super::save::file(&app, suggested, name, super::save::XLSX).await?)
            }
            None => None,
        };
        let sheet = args
            .sheet
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let options = ImportOptions {
            sheet,
            files: files.as_deref(),
            dry_run: args.dry_run,
            centre,
            rejected_out: rejected.as_deref(),
            hooks,
            mapping: args
                .mapping
                .iter()
                .map(|m| (m.header.clone(), m.field))
                .collect(),
        };
        let path = PathBuf::from(args.path.trim());
        let result = import_roster(&store, &path, &options, &state.actor()).await;
        if let (Ok(_), Some(out)) = (&result, &rejected) {
            state.written.note(out);
        }
        if let Ok(mut map) = running.0.lock() {
            map.remove(&args.run_id);
        }
        result
    })
    .await
}

#[tauri::command]
pub async fn roster_grid(state: State<'_, AppState>) -> CmdResult<Vec<GridRow>> {
    super::logged(
        "roster_grid",
        async move { grid_rows(&state.store()?).await },
    )
    .await
}

#[tauri::command]
pub async fn roster_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: PathArgs,
) -> CmdResult<String> {
    super::logged("roster_export", async move {
        let store = state.store()?;
        let path = super::save::file(&app, &args.path, "考生名单.xlsx", super::save::XLSX).await?;
        export_grid(&store, &path).await?;
        state.written.note(&path);
        Ok(path.display().to_string())
    })
    .await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdArgs {
    pub id_number: String,
}

/// The clerk confirms a photo shared with another candidate is right (twins, test data).
#[tauri::command]
pub async fn acknowledge_same_photo(state: State<'_, AppState>, args: IdArgs) -> CmdResult<bool> {
    super::logged("acknowledge_same_photo", async move {
        let store = state.store()?;
        Ok(regdesk_store::attachments::acknowledge_duplicate(
            &store,
            &args.id_number,
            &state.actor(),
        )
        .await?)
    })
    .await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkArgs {
    pub id_numbers: Vec<String>,
    /// The folder for exports.
    pub path: Option<String>,
}

#[tauri::command]
pub async fn bulk_submit(
    state: State<'_, AppState>,
    args: BulkArgs,
) -> CmdResult<Vec<regdesk_workflow::roster::BulkLine>> {
    super::logged("bulk_submit", async move {
        regdesk_workflow::roster::submit_profiles(&state.store()?, &args.id_numbers, &state.actor())
            .await
    })
    .await
}

#[tauri::command]
pub async fn bulk_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: BulkArgs,
) -> CmdResult<Vec<regdesk_workflow::roster::BulkLine>> {
    super::logged("bulk_export", async move {
        let dir = super::save::folder(&app, args.path.as_deref().unwrap_or("")).await?;
        state.written.note(&dir);
        regdesk_workflow::roster::export_packages(
            &state.store()?,
            &args.id_numbers,
            &dir,
            &state.actor(),
        )
        .await
    })
    .await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditCellArgs {
    pub id_number: String,
    /// The grid column's field: education, major, employer, examItem, region.
    pub field: String,
    pub value: String,
    /// Check only (as the user types).
    pub dry_run: bool,
}

#[tauri::command]
pub async fn edit_cell(
    state: State<'_, AppState>,
    args: EditCellArgs,
) -> CmdResult<regdesk_workflow::roster::CellEdit> {
    super::logged("edit_cell", async move {
        let store = state.store()?;
        let (id, field, value) = (&args.id_number, &args.field, &args.value);
        regdesk_workflow::roster::edit_cell(&store, id, field, value, args.dry_run, &state.actor())
            .await
    })
    .await
}

/// The selected candidates' admission tickets that are open, in one PDF (one page each), and
/// why the others are not available.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkTickets {
    pub output: Option<String>,
    pub printed: Vec<String>,
    pub refused: Vec<regdesk_workflow::roster::BulkLine>,
}

#[tauri::command]
pub async fn bulk_tickets(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: BulkArgs,
) -> CmdResult<BulkTickets> {
    super::logged("bulk_tickets", async move {
        let batch =
            regdesk_workflow::tickets_pdf(&state.store()?, None, Some(&args.id_numbers)).await?;
        let output = match &batch.pdf {
            Some(pdf) => {
                let suggested = args.path.as_deref().unwrap_or("");
                let path =
                    super::save::file(&app, suggested, "准考证.pdf", super::save::PDF).await?;
                regdesk_workflow::write_atomic(&path, pdf)?;
                state.written.note(&path);
                Some(path.display().to_string())
            }
            None => None,
        };
        let refused = batch
            .refused
            .into_iter()
            .map(|r| regdesk_workflow::roster::BulkLine {
                id_number: r.id_number,
                done: false,
                output: None,
                issues: r.issues,
            })
            .collect();
        Ok(BulkTickets {
            output,
            printed: batch.printed,
            refused,
        })
    })
    .await
}
