//! The standalone photo tool: make a compliant ID photo from any picture without a candidate
//! record, then save it anywhere (for people who only need the photo).

use std::sync::Arc;

use base64::Engine;
use regdesk_core::{CommandError, ErrorCode};
use regdesk_photo::frame::CropRect;
use regdesk_photo::open::OpenPictures;
use regdesk_photo::preview::CropGuide;
use regdesk_photo::report::PhotoReport;
use regdesk_photo::spec::{default_spec, PhotoSpec};
use regdesk_photo::{make_photo, make_prepared, prepare, MakeOptions, Prepared};
use regdesk_workflow::photo_specs;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::state::AppState;
use ts_rs::TS;

use super::CmdResult;

/// Pictures larger than this are refused before decoding (phone photos are 2–12 MB): the
/// engine's own cap, so the window and the CLI accept the same files.
pub const MAX_PICTURE_BYTES: usize = regdesk_photo::decode::MAX_FILE_BYTES;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MakePhotoArgs {
    pub file_name: String,
    /// The file; may be empty when `source_token` names a picture `photo_source` opened.
    #[serde(default)]
    pub data_base64: String,
    /// A picture already open in the crop editor (see `PhotoSource::source_token`).
    #[serde(default)]
    pub source_token: Option<u32>,
    #[serde(default)]
    pub replace_background: bool,
    /// The crop editor's rectangle in upright source pixels; none = auto framing.
    #[serde(default)]
    pub crop: Option<CropRect>,
    /// A spec from `photo_specs` (library or the user's); none = the default spec.
    #[serde(default)]
    #[ts(optional)]
    pub spec_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MadePhoto {
    /// The engine's report (checks, issues, face box, crop, bytes, quality).
    pub report: PhotoReport,
    /// The result as base64 JPEG, when one was written.
    pub jpeg_base64: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceArgs {
    pub file_name: String,
    pub data_base64: String,
    /// The spec whose aspect the crop editor's guide draws; none = the default spec.
    #[serde(default)]
    #[ts(optional)]
    pub spec_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddSpecArgs {
    /// The spec file's text (JSON, as `regdesk photo specs --json` prints each).
    pub json: String,
    pub file_name: String,
}

/// The crop editor's picture: upright, screen-sized, with the full size crops are given in.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoSource {
    /// Names the picture, decoded and with its faces found, in later `make_photo_preview`
    /// calls: a gesture then sends no file and skips decoding and detection.
    pub source_token: u32,
    pub width: u32,
    pub height: u32,
    pub preview_base64: String,
    pub guide: CropGuide,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavePhotoArgs {
    /// A folder (gets `证件照.jpg`) or a `.jpg` path.
    pub path: String,
    pub jpeg_base64: String,
}

fn bad(zh: String, en: String) -> CommandError {
    CommandError::new(ErrorCode::InvalidInput, zh, en).with_field("file")
}

/// Decodes base64 file data from the WebView, bounded in size before decoding.
pub fn decode_upload(file_name: &str, data: &str) -> Result<Vec<u8>, CommandError> {
    if data.len() / 4 * 3 > MAX_PICTURE_BYTES {
        return Err(bad(
            format!("{file_name}：文件超过 {} MB", MAX_PICTURE_BYTES >> 20),
            format!(
                "{file_name}: the file is over {} MB",
                MAX_PICTURE_BYTES >> 20
            ),
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| {
            bad(
                format!("{file_name}：文件数据损坏：{e}"),
                format!("{file_name}: damaged file data: {e}"),
            )
        })
}

/// The crop editor's rectangle, refused when it cannot be a crop (none = auto framing).
pub fn check_crop(crop: Option<CropRect>) -> Result<Option<CropRect>, CommandError> {
    match crop {
        None => Ok(None),
        Some(r) => r.valid().map(Some).ok_or_else(|| {
            let text = format!("{},{},{},{}", r.x, r.y, r.width, r.height);
            CommandError::new(
                ErrorCode::InvalidInput,
                format!("裁剪框无效（须在图片内、宽高大于 0）：{text}"),
                format!("invalid crop (inside the picture, width and height above 0): {text}"),
            )
            .with_field("crop")
        }),
    }
}

/// The picture a token names; an unknown one is an error the UI answers by sending the file.
pub fn open_picture(
    open: &OpenPictures,
    token: Option<u32>,
) -> Result<Option<Arc<Prepared<'static>>>, CommandError> {
    let Some(token) = token else {
        return Ok(None);
    };
    open.get(token).map(Some).ok_or_else(|| {
        CommandError::new(
            ErrorCode::PictureClosed,
            "图片已关闭，请重新选择",
            "the picture is no longer open; pick it again",
        )
        .with_field("sourceToken")
    })
}

/// Runs the engine off the async runtime's threads (segmentation takes seconds).
/// The spec an id names in this workspace (library or the user's); none = the default.
fn spec_of(state: &AppState, id: Option<&str>) -> Result<PhotoSpec, CommandError> {
    match &state.data_dir {
        Some(dir) => photo_specs::find(dir, id),
        None if id.is_none() => Ok(default_spec()),
        None => Err(CommandError::new(
            ErrorCode::InvalidInput,
            "没有数据文件夹，只能使用默认照片规格",
            "no data folder: only the default photo spec is available",
        )),
    }
}

/// Every photo spec: the library, then the user's.
#[tauri::command]
pub async fn photo_specs(state: State<'_, AppState>) -> CmdResult<Vec<PhotoSpec>> {
    Ok(match &state.data_dir {
        Some(dir) => photo_specs::list(dir),
        None => regdesk_photo::spec::all_specs(),
    })
}

/// Adds a spec file the user picked (checked field by field; the error names the field).
#[tauri::command]
pub async fn add_photo_spec(state: State<'_, AppState>, args: AddSpecArgs) -> CmdResult<PhotoSpec> {
    let dir = state.data_dir.clone().ok_or_else(|| {
        CommandError::new(
            ErrorCode::InvalidInput,
            "没有数据文件夹，无法保存规格",
            "no data folder: the spec cannot be kept",
        )
    })?;
    if args.json.len() > regdesk_photo::spec_check::MAX_SPEC_BYTES {
        return Err(bad(
            format!("{}：不是照片规格文件（太大）", args.file_name),
            format!("{}: not a photo spec file (too large)", args.file_name),
        ));
    }
    let spec = photo_specs::parse(&args.json, &args.file_name)?;
    photo_specs::add(&dir, &spec)?;
    Ok(spec)
}

#[tauri::command]
pub async fn make_photo_preview(
    open: State<'_, OpenPictures>,
    state: State<'_, AppState>,
    args: MakePhotoArgs,
) -> CmdResult<MadePhoto> {
    let spec = spec_of(&state, args.spec_id.as_deref())?;
    super::logged("make_photo_preview", async move {
        let crop = check_crop(args.crop)?;
        let options = MakeOptions {
            crop,
            replace_background: args.replace_background,
            batch: false,
        };
        let name = args.file_name.clone();
        let prepared = open_picture(&open, args.source_token)?;
        let bytes = match prepared {
            Some(_) => Vec::new(),
            None => decode_upload(&args.file_name, &args.data_base64)?,
        };
        let out = tauri::async_runtime::spawn_blocking(move || match prepared {
            Some(p) => make_prepared(&p, &spec, &options),
            None => make_photo(&bytes, &spec, &options),
        })
        .await
        .map_err(CommandError::internal)?
        .map_err(|e| e.to_command_error(&name))?;
        Ok(MadePhoto {
            report: out.report,
            jpeg_base64: out
                .jpeg
                .map(|j| base64::engine::general_purpose::STANDARD.encode(j)),
        })
    })
    .await
}

/// Decodes the picture once for the crop editor (EXIF orientation and HEIC handled here),
/// and keeps it prepared for the gestures that follow.
#[tauri::command]
pub async fn photo_source(
    open: State<'_, OpenPictures>,
    state: State<'_, AppState>,
    args: SourceArgs,
) -> CmdResult<PhotoSource> {
    let spec = spec_of(&state, args.spec_id.as_deref())?;
    super::logged("photo_source", async move {
        let bytes = decode_upload(&args.file_name, &args.data_base64)?;
        let name = args.file_name.clone();
        let (preview, prepared) = tauri::async_runtime::spawn_blocking(move || {
            let prepared = prepare(bytes)?;
            Ok::<_, regdesk_photo::PhotoError>((prepared.preview(), prepared))
        })
        .await
        .map_err(CommandError::internal)?
        .map_err(|e| e.to_command_error(&name))?;
        Ok(PhotoSource {
            source_token: open.open(prepared),
            width: preview.width,
            height: preview.height,
            preview_base64: base64::engine::general_purpose::STANDARD.encode(preview.jpeg),
            guide: CropGuide::of(&spec),
        })
    })
    .await
}

#[tauri::command]
pub async fn save_photo(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    args: SavePhotoArgs,
) -> CmdResult<String> {
    let jpeg = decode_upload("证件照.jpg", &args.jpeg_base64)?;
    // Only what the engine made: a JPEG, so this cannot write arbitrary content.
    if !jpeg.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(bad("不是 JPEG 数据".into(), "not JPEG data".into()));
    }
    let path = super::save::file(&app, &args.path, "证件照.jpg", super::save::JPEG).await?;
    regdesk_workflow::write_atomic(&path, &jpeg)?;
    state.written.note(&path);
    Ok(path.display().to_string())
}
