use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: Option<String>,
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Why the database could not be opened, if it could not.
    pub store_error: Option<regdesk_core::CommandError>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.as_ref().map(|d| d.display().to_string()),
        schema_version: regdesk_store::Store::schema_version(),
        store_error: state.any_store().err(),
    })
}
