//! 报送服务: the intake endpoint and token (the token in the OS credential store), submitting
//! candidates through the outbox, and their status. While the app is open a background loop
//! sends what is queued and pulls status every minute, so a submission made offline goes out
//! when the network is back without being asked again.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use regdesk_core::CommandError;
use regdesk_store::{settings, Store};
use regdesk_workflow::credentials::{self, TokenStore};
use regdesk_workflow::submission::{
    self, check_endpoint, pull_status, send_pending, status_lines, IntakeClient, RetryPolicy,
    SendLine, StatusLine, SubmitRun,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntakeSettings {
    pub endpoint: Option<String>,
    /// Where the token is kept (never the token itself).
    pub token_store: TokenStore,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveIntakeArgs {
    pub endpoint: String,
    /// A new token; `None` keeps the stored one, `""` removes it.
    pub token: Option<String>,
    /// The user's opt-in to a data-folder file when the OS has no credential store.
    pub allow_file: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntakeSubmitArgs {
    pub id_numbers: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusArgs {
    /// Ask the server first (otherwise what this machine last knew).
    pub pull: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionStatus {
    pub lines: Vec<StatusLine>,
    /// Why the pull did not happen (no endpoint, network down…); the lines are then as last known.
    pub pull_error: Option<CommandError>,
}

pub(super) fn data_dir(state: &AppState) -> CmdResult<std::path::PathBuf> {
    state.data_dir.clone().ok_or_else(|| {
        CommandError::new(
            regdesk_core::ErrorCode::Internal,
            "没有数据文件夹",
            "no data folder",
        )
    })
}

pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(CommandError::internal)?
}

async fn current(state: &AppState) -> CmdResult<IntakeSettings> {
    let endpoint = settings::load(&state.any_store()?).await?.intake_endpoint;
    let dir = data_dir(state)?;
    let token_store = blocking(move || Ok(credentials::token_store(&dir))).await?;
    Ok(IntakeSettings {
        endpoint,
        token_store,
    })
}

#[tauri::command]
pub async fn intake_settings(state: State<'_, AppState>) -> CmdResult<IntakeSettings> {
    super::logged("intake_settings", async move {
        state.store()?;
        current(&state).await
    })
    .await
}

#[tauri::command]
pub async fn save_intake_settings(
    state: State<'_, AppState>,
    args: SaveIntakeArgs,
) -> CmdResult<IntakeSettings> {
    super::logged("save_intake_settings", async move {
        let store = state.store()?;
        let endpoint = args.endpoint.trim();
        let endpoint = if endpoint.is_empty() {
            String::new()
        } else {
            check_endpoint(endpoint)?.0
        };
        if let Some(token) = args.token {
            let dir = data_dir(&state)?;
            let allow = args.allow_file;
            blocking(move || credentials::save_token(&dir, &token, allow).map(|_| ())).await?;
        }
        settings::set_intake_endpoint(&store, &endpoint).await?;
        current(&state).await
    })
    .await
}

/// The client from the settings and the stored token.
pub(super) async fn client(state: &AppState) -> CmdResult<IntakeClient> {
    let endpoint = settings::load(&state.store()?)
        .await?
        .intake_endpoint
        .ok_or_else(submission::not_configured)?;
    let dir = data_dir(state)?;
    let token = blocking(move || credentials::load_token_from(Some(&dir))).await?;
    IntakeClient::new(&endpoint, token.as_deref().unwrap_or(""))
}

fn send(
    store: Store,
    client: IntakeClient,
    actor: regdesk_core::Actor,
) -> CmdResult<Vec<SendLine>> {
    let handle = tokio::runtime::Handle::current();
    let cancel = AtomicBool::new(false);
    let report = send_pending(
        &handle,
        &store,
        &client,
        &RetryPolicy::from_env(),
        &cancel,
        |_| {},
        &actor,
    )?;
    Ok(report.items)
}

#[tauri::command]
pub async fn submit_to_intake(
    state: State<'_, AppState>,
    args: IntakeSubmitArgs,
) -> CmdResult<SubmitRun> {
    super::logged("submit_to_intake", async move {
        let store = state.store()?;
        let actor = state.actor();
        let client = client(&state).await?;
        blocking(move || {
            submission::submit_candidates(
                &tokio::runtime::Handle::current(),
                &store,
                &client,
                &args.id_numbers,
                &RetryPolicy::from_env(),
                &actor,
            )
        })
        .await
    })
    .await
}

#[tauri::command]
pub async fn submission_status(
    state: State<'_, AppState>,
    args: StatusArgs,
) -> CmdResult<SubmissionStatus> {
    super::logged("submission_status", async move {
        let store = state.store()?;
        let mut pull_error = None;
        if args.pull {
            let actor = state.actor();
            let pulled = match client(&state).await {
                Ok(client) => {
                    let s = store.clone();
                    blocking(move || {
                        pull_status(&tokio::runtime::Handle::current(), &s, &client, &actor)
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            pull_error = pulled.err();
        }
        Ok(SubmissionStatus {
            lines: status_lines(&store).await?,
            pull_error,
        })
    })
    .await
}

/// Every minute while the app runs (and unlocked): send what is queued, pull status; tell the
/// window when something changed.
pub fn start_background(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            let state = app.state::<AppState>();
            let (Ok(store), Ok(client)) = (state.store(), client(&state).await) else {
                continue;
            };
            let actor = state.actor();
            let before = status_lines(&store).await.ok();
            let pending = regdesk_store::outbox::pending(&store)
                .await
                .map(|p| p.len());
            let s = store.clone();
            let outcome = blocking(move || {
                if pending.unwrap_or(0) > 0 {
                    send(s.clone(), client_clone(&client)?, actor.clone())?;
                }
                pull_status(&tokio::runtime::Handle::current(), &s, &client, &actor)
            })
            .await;
            if let Err(e) = outcome {
                tracing::info!(error = %e.message_en, "background submission round did not finish");
            }
            if status_lines(&store).await.ok() != before {
                let _ = app.emit("submission-changed", ());
            }
        }
    });
}

fn client_clone(c: &IntakeClient) -> CmdResult<IntakeClient> {
    IntakeClient::new(c.endpoint(), c.token())
}
