//! First start (who uses this workspace, in which role, optional password) and the lock.

use regdesk_core::{CommandError, ErrorCode, Problem};
use regdesk_store::operators::{self, Operator, Role};
use regdesk_store::{cipher, vault, Store, StoreError};
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
    /// Shown once, when a password is first set (the database is then encrypted): only it
    /// can set a new password if this one is forgotten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recovery_key: Option<String>,
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordArgs {
    /// Empty when the workspace has no password yet.
    #[serde(default)]
    pub current: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoverArgs {
    pub recovery_key: String,
    pub new_password: String,
}

async fn status(state: &AppState) -> CmdResult<OperatorStatus> {
    let operator = match state.any_store() {
        Ok(store) => operators::current(&store).await?,
        // An encrypted workspace before its password: the key file names its holder.
        Err(e) => Some(state.holder().ok_or(e)?),
    };
    Ok(OperatorStatus {
        operator,
        locked: state.is_locked(),
        recovery_key: None,
    })
}

fn password_error(e: StoreError) -> CommandError {
    CommandError::from(e)
}

fn refuse(issues: Vec<Problem>) -> CommandError {
    let first = issues.first();
    CommandError::new(
        ErrorCode::InvalidInput,
        first.map_or("密码不符合要求".to_owned(), |p| p.message_zh.clone()),
        first.map_or("the password is not acceptable".to_owned(), |p| {
            p.message_en.clone()
        }),
    )
    .with_field("newPassword")
}

#[tauri::command]
pub async fn operator_status(state: State<'_, AppState>) -> CmdResult<OperatorStatus> {
    super::logged("operator_status", async move { status(&state).await }).await
}

#[tauri::command]
pub async fn setup_operator(state: State<'_, AppState>, args: SetupArgs) -> CmdResult<SetupReport> {
    super::logged("setup_operator", async move {
        let store = state.any_store()?;
        let password = args.password.as_deref().filter(|p| !p.is_empty());
        let created = operators::create(&store, &args.name, args.role, password).await?;
        let (issues, recovery_key) = match created {
            Ok(op) => {
                state.set_operator(op.id);
                let recovery = match password {
                    Some(p) => {
                        let (encrypted, recovery) = cipher::encrypt(store, p).await?;
                        state.set_store(encrypted).await;
                        Some(recovery)
                    }
                    None => None,
                };
                (vec![], recovery)
            }
            Err(issues) => (issues, None),
        };
        Ok(SetupReport {
            status: OperatorStatus {
                recovery_key,
                ..status(&state).await?
            },
            issues,
        })
    })
    .await
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, args: UnlockArgs) -> CmdResult<OperatorStatus> {
    super::logged("unlock", async move {
        let mut recovery_key = None;
        match state.any_store() {
            // Encrypted: the password opens the database.
            Err(_) => {
                let store = cipher::open_with_password(state.data_dir()?, Some(&args.password))
                    .await
                    .map_err(password_error)?;
                state.set_store(store).await;
            }
            Ok(store) => {
                if !operators::verify_password(&store, &args.password).await? {
                    return Err(password_error(StoreError::WrongPassword));
                }
                // A workspace from before encryption at rest is encrypted now, and its
                // recovery key shown once.
                if !vault::is_encrypted(store.dir())
                    && operators::current(&store)
                        .await?
                        .is_some_and(|o| o.has_password)
                {
                    let (encrypted, recovery) = cipher::encrypt(store, &args.password).await?;
                    state.set_store(encrypted).await;
                    recovery_key = Some(recovery);
                }
            }
        }
        if let Some(op) = operators::current(&state.any_store()?).await? {
            state.set_operator(op.id);
        }
        state.unlock();
        Ok(OperatorStatus {
            recovery_key,
            ..status(&state).await?
        })
    })
    .await
}

/// "锁定" and the idle timer: locks a workspace that has a password (without one there is
/// nothing to unlock with, and it says so).
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> CmdResult<OperatorStatus> {
    super::logged("lock", async move {
        let me = status(&state).await?.operator;
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
        let changed = operators::set_role(&state.store()?, args.role, &state.actor()).await?;
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

/// Settings → password: sets a first password (the database is encrypted and the recovery
/// key shown once) or changes it (the database is re-keyed; the recovery key stays valid).
#[tauri::command]
pub async fn change_password(
    state: State<'_, AppState>,
    args: ChangePasswordArgs,
) -> CmdResult<OperatorStatus> {
    super::logged("change_password", async move {
        let store = state.store()?;
        let issues = operators::password_problems(&args.new_password);
        if !issues.is_empty() {
            return Err(refuse(issues));
        }
        let recovery_key = if vault::is_encrypted(store.dir()) {
            let store = cipher::change_password(store, &args.current, &args.new_password)
                .await
                .map_err(|e| password_error(e).with_field("current"))?;
            state.set_store(store).await;
            None
        } else {
            if operators::current(&store).await?.is_none() {
                return Err(CommandError::new(
                    ErrorCode::InvalidInput,
                    "请先完成首次启动设置",
                    "finish the first start first",
                ));
            }
            operators::set_password_hash(&store, &args.new_password).await?;
            let (encrypted, recovery) = cipher::encrypt(store, &args.new_password).await?;
            state.set_store(encrypted).await;
            Some(recovery)
        };
        Ok(OperatorStatus {
            recovery_key,
            ..status(&state).await?
        })
    })
    .await
}

/// The lock screen's "忘记密码": the recovery key sets a new password and unlocks.
#[tauri::command]
pub async fn recover_password(
    state: State<'_, AppState>,
    args: RecoverArgs,
) -> CmdResult<OperatorStatus> {
    super::logged("recover_password", async move {
        let dir = state.data_dir()?.to_owned();
        if !vault::is_encrypted(&dir) {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                "此工作区没有加密，无需恢复",
                "this workspace is not encrypted: nothing to recover",
            ));
        }
        let issues = operators::password_problems(&args.new_password);
        if !issues.is_empty() {
            return Err(refuse(issues));
        }
        let unlocked = vault::recover(&dir, &args.recovery_key, &args.new_password)
            .await
            .map_err(password_error)?;
        let store = match state.any_store() {
            Ok(open) => open,
            Err(_) => {
                let store = Store::open_unlocked(&dir, &unlocked).await?;
                state.set_store(store.clone()).await;
                store
            }
        };
        operators::set_password_hash(&store, &args.new_password).await?;
        state.unlock();
        status(&state).await
    })
    .await
}
