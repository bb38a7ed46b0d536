//! The candidate workspace: overview, basic info, uploads, check & confirm, process steps,
//! package export. Each command delegates to `regdesk-workflow`.

use regdesk_core::process::{ProcessAction, UploadSlot};
use regdesk_core::profile::{validate_profile as validate, ProfileInput, ProfileReport};
use regdesk_photo::open::OpenPictures;
use regdesk_photo::MakeOptions;
use regdesk_workflow::{Overview, StepReport, SubmitReport, Upload};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CandidateArgs {
    pub id_number: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveBasicArgs {
    pub id_number: String,
    pub input: ProfileInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachArgs {
    pub id_number: String,
    pub slot: UploadSlot,
    pub file_name: String,
    /// The file's bytes, base64 (from a file input or a drop); may be empty when
    /// `source_token` names a picture the crop editor has open.
    #[serde(default)]
    pub data_base64: String,
    /// Photo slot: the picture `photo_source` opened (see `PhotoSource::source_token`).
    #[serde(default)]
    pub source_token: Option<u32>,
    #[serde(default)]
    pub replace_background: bool,
    /// Photo slot: the crop editor's rectangle in upright source pixels; none = auto framing.
    #[serde(default)]
    pub crop: Option<regdesk_photo::frame::CropRect>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachResult {
    pub stored: bool,
    pub report: regdesk_workflow::UploadReport,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepArgs {
    pub id_number: String,
    /// The registration a registration step is for (`None`: the only one).
    pub exam_session: Option<String>,
    pub action: ProcessAction,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckBasicArgs {
    pub id_number: String,
    pub input: ProfileInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportArgs {
    pub id_number: String,
    /// Where to write the zip; a folder gets `<ID number>.zip` inside it.
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub output: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedArgs {
    pub id_number: String,
    pub slot: UploadSlot,
}

/// A refused file as the slot reopens it: the crop editor takes it like a picked file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedSource {
    pub file_name: String,
    pub data_base64: String,
}

/// The file a roster import matched to the slot and the engine refused, to fix in the editor.
#[tauri::command]
pub async fn refused_source(
    state: State<'_, AppState>,
    args: RefusedArgs,
) -> CmdResult<RefusedSource> {
    super::logged("refused_source", async move {
        let store = state.store()?;
        let (file_name, bytes) =
            regdesk_workflow::refused_source(&store, &args.id_number, args.slot).await?;
        use base64::Engine;
        let data_base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        Ok(RefusedSource {
            file_name,
            data_base64,
        })
    })
    .await
}

#[tauri::command]
pub async fn candidate_overview(
    state: State<'_, AppState>,
    args: CandidateArgs,
) -> CmdResult<Overview> {
    super::logged("candidate_overview", async move {
        regdesk_workflow::overview(&state.store()?, &args.id_number).await
    })
    .await
}

/// Live validation of basic info as the user types: pure, no database.
#[tauri::command(async)]
pub fn validate_profile(args: ProfileInput) -> ProfileReport {
    validate(&args)
}

/// Validation as typed, plus the warning that a change sends a passed profile back to review.
#[tauri::command]
pub async fn check_basic(
    state: State<'_, AppState>,
    args: CheckBasicArgs,
) -> CmdResult<ProfileReport> {
    super::logged("check_basic", async move {
        regdesk_workflow::check_basic(&state.store()?, &args.id_number, &args.input).await
    })
    .await
}

#[tauri::command]
pub async fn save_basic(
    state: State<'_, AppState>,
    args: SaveBasicArgs,
) -> CmdResult<ProfileReport> {
    super::logged("save_basic", async move {
        regdesk_workflow::save_basic(
            &state.store()?,
            &args.id_number,
            &args.input,
            &state.actor(),
        )
        .await
    })
    .await
}

#[tauri::command]
pub async fn attach_upload(
    state: State<'_, AppState>,
    open: State<'_, OpenPictures>,
    args: AttachArgs,
) -> CmdResult<AttachResult> {
    super::logged("attach_upload", async move {
        let prepared = super::photo::open_picture(&open, args.source_token)?;
        let upload = match prepared {
            Some(p) => Upload::Open(p),
            None => Upload::File(super::photo::decode_upload(
                &args.file_name,
                &args.data_base64,
            )?),
        };
        let options = MakeOptions {
            crop: super::photo::check_crop(args.crop)?,
            replace_background: args.replace_background,
            batch: false,
        };
        let store = state.store()?;
        let out = regdesk_workflow::attach_file(
            &store,
            &args.id_number,
            args.slot,
            &args.file_name,
            upload,
            &options,
            &state.actor(),
        )
        .await?;
        Ok(AttachResult {
            stored: out.report.stored,
            report: out.report,
        })
    })
    .await
}

#[tauri::command]
pub async fn submit_profile(
    state: State<'_, AppState>,
    args: CandidateArgs,
) -> CmdResult<SubmitReport> {
    super::logged("submit_profile", async move {
        regdesk_workflow::submit_profile(&state.store()?, &args.id_number, &state.actor()).await
    })
    .await
}

#[tauri::command]
pub async fn apply_step(state: State<'_, AppState>, args: StepArgs) -> CmdResult<StepReport> {
    super::logged("apply_step", async move {
        // Only the steps the window's forms make, checked with their rules (`step_guard`).
        regdesk_workflow::apply_window_step(
            &state.store()?,
            &args.id_number,
            args.exam_session.as_deref(),
            &args.action,
            &state.actor(),
        )
        .await
    })
    .await
}

#[tauri::command]
pub async fn export_package(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: ExportArgs,
) -> CmdResult<ExportResult> {
    super::logged("export_package", async move {
        state.store()?;
        let name = format!("{}.zip", args.id_number);
        let path = super::save::file(&app, &args.path, &name, super::save::ZIP).await?;
        let made =
            regdesk_workflow::export_package(&state.store()?, &args.id_number, &state.actor())
                .await?;
        let (zip, manifest) = made.map_err(|problems| {
            regdesk_core::CommandError::refused(
                "未导出资料包：",
                "no package exported: ",
                &problems,
            )
        })?;
        regdesk_workflow::write_atomic(&path, &zip)?;
        state.written.note(&path);
        Ok(ExportResult {
            output: path.display().to_string(),
            bytes: zip.len() as u64,
            files: manifest.files.into_iter().map(|f| f.name).collect(),
        })
    })
    .await
}
