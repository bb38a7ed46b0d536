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
    /// Where the daily log files are (`<data folder>/logs`).
    pub log_dir: Option<String>,
    /// The fingerprint of the key that signs this workspace's packages (made on first start).
    pub signing_fingerprint: Option<String>,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.as_ref().map(|d| d.display().to_string()),
        schema_version: regdesk_store::Store::schema_version(),
        store_error: state.any_store().err(),
        log_dir: state
            .data_dir
            .as_ref()
            .map(|d| regdesk_workflow::logs::log_dir(d).display().to_string()),
        signing_fingerprint: state
            .data_dir
            .as_deref()
            .filter(|_| state.any_store().is_ok())
            .and_then(|d| regdesk_workflow::signing::workspace_fingerprint(d).ok()),
    })
}

/// "Copy diagnostics" in Settings: what support needs, nothing that identifies a person
/// (the log lines it quotes carry codes and durations only).
#[tauri::command(async)]
pub fn diagnostics(state: State<'_, AppState>) -> String {
    let mut out = format!(
        "RegDesk {}\nOS: {} {}\nData folder: {}\nSchema version: {}\nDatabase: {}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        state
            .data_dir
            .as_ref()
            .map_or("—".into(), |d| d.display().to_string()),
        regdesk_store::Store::schema_version(),
        match state.any_store() {
            Ok(_) => "open".to_owned(),
            Err(e) => format!("not open: {}", e.message_en),
        },
    );
    out.push_str("Last problems:\n");
    let problems = state
        .data_dir
        .as_ref()
        .map(|d| regdesk_workflow::logs::recent_problems(d, 20))
        .unwrap_or_default();
    if problems.is_empty() {
        out.push_str("  (none)\n");
    }
    for line in problems {
        out.push_str(&format!("  {line}\n"));
    }
    out
}
