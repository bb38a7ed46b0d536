//! First start (who uses this workspace, in which role, optional password) and the lock.

use regdesk_core::{CommandError, ErrorCode, Problem};
use regdesk_store::operators::{self, Operator, Role};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OperatorStatus {
    /// `None` until the first start is done.
    pub operator: Option<Operator>,
    pub locked: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupArgs {
    pub name: String,
    pub role: Role,
    /// Empty or absent: no password, the app opens directly.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupReport {
    pub status: OperatorStatus,
    pub issues: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnlockArgs {
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetRoleArgs {
    pub role: Role,
}

async fn status(state: &AppState) -> CmdResult<OperatorStatus> {
    Ok(OperatorStatus {
        operator: operators::current(state.any_store()?).await?,
        locked: state.is_locked(),
    })
}

#[tauri::command]
pub async fn operator_status(state: State<'_, AppState>) -> CmdResult<OperatorStatus> {
    super::logged("operator_status", async move { status(&state).await }).await
}

#[tauri::command]
pub async fn setup_operator(state: State<'_, AppState>, args: SetupArgs) -> CmdResult<SetupReport> {
    super::logged("setup_operator", async move {
        let created = operators::create(
            state.any_store()?,
            &args.name,
            args.role,
            args.password.as_deref(),
        )
        .await?;
        let issues = match created {
            Ok(op) => {
                state.set_operator(op.id);
                vec![]
            }
            Err(issues) => issues,
        };
        Ok(SetupReport {
            status: status(&state).await?,
            issues,
        })
    })
    .await
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, args: UnlockArgs) -> CmdResult<OperatorStatus> {
    super::logged("unlock", async move {
        if !operators::verify_password(state.any_store()?, &args.password).await? {
            return Err(
                CommandError::new(ErrorCode::Locked, "密码不正确", "wrong password")
                    .with_field("password"),
            );
        }
        state.unlock();
        status(&state).await
    })
    .await
}

/// "锁定" and the idle timer: locks a workspace that has a password (without one there is
/// nothing to unlock with, and it says so).
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> CmdResult<OperatorStatus> {
    super::logged("lock", async move {
        let me = operators::current(state.any_store()?).await?;
        if !me.as_ref().is_some_and(|o| o.has_password) {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                "没有设置密码，无法锁定",
                "no password is set: nothing to lock with",
            ));
        }
        state.lock();
        status(&state).await
    })
    .await
}

/// Settings → role: the navigation follows it. Refused while locked (`store()` checks).
#[tauri::command]
pub async fn set_role(state: State<'_, AppState>, args: SetRoleArgs) -> CmdResult<OperatorStatus> {
    super::logged("set_role", async move {
        let changed = operators::set_role(state.store()?, args.role, &state.actor()).await?;
        if changed.is_none() {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                "请先完成首次启动设置",
                "finish the first start first",
            ));
        }
        status(&state).await
    })
    .await
}
