use regdesk_store::settings::{self, Locale, Settings};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetLocaleArgs {
    pub locale: Locale,
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    super::logged("get_settings", async move {
        match state.any_store() {
            Ok(store) => Ok(settings::load(&store).await?),
            // An encrypted workspace before its password: the lock screen in the default language.
            Err(_) if state.holder().is_some() => Ok(settings::Settings {
                locale: state.lock_screen_locale(),
                ..settings::Settings::default()
            }),
            Err(e) => Err(e),
        }
    })
    .await
}

#[tauri::command]
pub async fn set_locale(state: State<'_, AppState>, args: SetLocaleArgs) -> CmdResult<Settings> {
    super::logged("set_locale", async move {
        match state.any_store() {
            Ok(store) => Ok(settings::set_locale(&store, args.locale).await?),
            // Not stored until the workspace is open; the lock screen still switches.
            Err(_) if state.holder().is_some() => Ok(settings::Settings {
                locale: args.locale,
                ..settings::Settings::default()
            }),
            Err(e) => Err(e),
        }
    })
    .await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LockIdleArgs {
    /// 0 = never.
    pub minutes: u32,
}

/// Settings → how long without use before the window locks itself (gated: only unlocked).
#[tauri::command]
pub async fn set_lock_idle(state: State<'_, AppState>, args: LockIdleArgs) -> CmdResult<Settings> {
    super::logged("set_lock_idle", async move {
        Ok(settings::set_lock_idle_minutes(&state.store()?, args.minutes).await?)
    })
    .await
}
