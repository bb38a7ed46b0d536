//! Exam registration: the catalogue (items, fees, regions, notice), admission tickets written
//! to a path the user types, and opening a file in the system viewer to print it.

use regdesk_core::exam_catalog::{exam_catalog as catalog, ExamCatalog, SessionView};
use regdesk_core::{CommandError, ErrorCode, Problem};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketArgs {
    pub id_number: String,
    /// The registration's exam session (`None`: the only one).
    pub exam_session: Option<String>,
    /// A folder (gets `准考证_<ID number>.pdf`) or a `.pdf` path.
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketResult {
    pub written: bool,
    pub output: Option<String>,
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
    /// Why the ticket is not available yet, when it is not.
    pub issues: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenArgs {
    pub path: String,
}

#[tauri::command(async)]
pub fn exam_catalog() -> ExamCatalog {
    catalog().clone()
}

/// Exam sessions open for registration today.
#[tauri::command(async)]
pub fn open_sessions() -> Vec<SessionView> {
    catalog().open_sessions(regdesk_core::clock::today())
}

#[tauri::command]
pub async fn ticket_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: TicketArgs,
) -> CmdResult<TicketResult> {
    super::logged("ticket_pdf", async move {
        let suffix = args
            .exam_session
            .as_deref()
            .map(|s| format!("_{s}"))
            .unwrap_or_default();
        let name = format!("准考证_{}{suffix}.pdf", args.id_number);
        let session = args.exam_session.as_deref();
        match regdesk_workflow::ticket_pdf(&state.store()?, &args.id_number, session).await? {
            Ok(pdf) => {
                let path = super::save::file(&app, &args.path, &name, super::save::PDF).await?;
                regdesk_workflow::write_atomic(&path, &pdf)?;
                state.written.note(&path);
                Ok(TicketResult {
                    written: true,
                    output: Some(path.display().to_string()),
                    bytes: Some(pdf.len() as u64),
                    issues: vec![],
                })
            }
            Err(refusal) => Ok(TicketResult {
                written: false,
                output: None,
                bytes: None,
                issues: refusal.issues,
            }),
        }
    })
    .await
}

/// Opens a file we wrote (a ticket) in the system's viewer, from which the user prints. Only
/// what this session wrote: a script cannot make it open another file or a URL.
#[tauri::command(async)]
pub fn open_in_viewer(state: State<'_, AppState>, args: OpenArgs) -> CmdResult<()> {
    let path = written_only(&state, &args.path)?;
    open_path(&path)
}

/// Opens the folder holding a file we wrote (or a folder we wrote into), for "打开所在文件夹".
#[tauri::command(async)]
pub fn open_folder_of(state: State<'_, AppState>, args: OpenArgs) -> CmdResult<()> {
    let path = written_only(&state, &args.path)?;
    let folder = if path.is_dir() {
        path
    } else {
        path.parent().map(std::path::Path::to_owned).unwrap_or(path)
    };
    open_path(&folder)
}

fn written_only(state: &AppState, path: &str) -> Result<std::path::PathBuf, CommandError> {
    if !state.written.contains(std::path::Path::new(path)) {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!("只能打开本程序这次写出的文件：{path}"),
            format!("only files this app wrote in this session open: {path}"),
        )
        .with_field("path"));
    }
    Ok(path.into())
}

fn open_path(path: &std::path::Path) -> CmdResult<()> {
    open::that_detached(path).map_err(|e| {
        CommandError::new(
            ErrorCode::Io,
            format!("无法打开 {}：{e}", path.display()),
            format!("cannot open {}: {e}", path.display()),
        )
    })
}
