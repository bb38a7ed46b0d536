//! Local operator accounts: the first start creates one (name, role, optional password);
//! a password is stored only as an argon2id hash and makes the app open locked.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use regdesk_core::{clock, Problem, ReasonCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

/// Shortest password accepted; the UI shows strength beyond this floor.
pub const MIN_PASSWORD_CHARS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Candidate,
    TrainingCentre,
    Reviewer,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::TrainingCentre => "training_centre",
            Role::Reviewer => "reviewer",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Role::Candidate, Role::TrainingCentre, Role::Reviewer]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub has_password: bool,
}

/// The workspace's operator (the first one created), if any.
pub async fn current(store: &Store) -> Result<Option<Operator>, StoreError> {
    let row: Option<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, role, password_hash FROM operators ORDER BY id LIMIT 1")
            .fetch_optional(store.pool())
            .await?;
    row.map(|(id, name, role, hash)| {
        let role = Role::parse(&role).ok_or_else(|| {
            StoreError::Corrupt(format!("operator #{id}: unknown role \"{role}\""))
        })?;
        Ok(Operator {
            id,
            name,
            role,
            has_password: hash.is_some(),
        })
    })
    .transpose()
}

/// `operator.exists`: the first start was already done.
pub fn exists() -> Problem {
    Problem::error(
        "operator",
        ReasonCode::OperatorExists,
        "已设置过使用者，不能重复设置",
        "the workspace already has its operator",
    )
}

/// What a first start's name and password must satisfy (a blank password means none).
pub fn setup_problems(name: &str, password: Option<&str>) -> Vec<Problem> {
    let mut issues = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        issues.push(Problem::error(
            "name",
            ReasonCode::FieldRequired,
            "请填写使用者名称",
            "enter a name",
        ));
    }
    let password = password.filter(|p| !p.is_empty());
    if password.is_some_and(|p| p.chars().count() < MIN_PASSWORD_CHARS) {
        issues.push(Problem::error(
            "password",
            ReasonCode::PasswordTooShort,
            format!("密码至少 {MIN_PASSWORD_CHARS} 个字符"),
            format!("a password needs at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    issues
}

/// Creates the first operator; refuses (with problems) a blank name, a short password, or a
/// second first start.
pub async fn create(
    store: &Store,
    name: &str,
    role: Role,
    password: Option<&str>,
) -> Result<Result<Operator, Vec<Problem>>, StoreError> {
    let mut issues = Vec::new();
    if current(store).await?.is_some() {
        issues.push(exists());
    }
    issues.extend(setup_problems(name, password));
    let name = name.trim();
    let password = password.filter(|p| !p.is_empty());
    if !issues.is_empty() {
        return Ok(Err(issues));
    }
    let hash = match password {
        None => None,
        Some(p) => Some(hash_password(p).await?),
    };
    // The check and the insert in one write: two first starts at once cannot both succeed.
    let mut tx = store.begin_write().await?;
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM operators")
        .fetch_one(tx.conn())
        .await?;
    if existing > 0 {
        return Ok(Err(vec![exists()]));
    }
    sqlx::query(
        "INSERT INTO operators (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(name)
    .bind(role.as_str())
    .bind(&hash)
    .bind(clock::now().to_rfc3339())
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(Ok(current(store).await?.expect("just inserted")))
}

/// argon2 takes real CPU time by design: on a blocking thread, not an async worker.
async fn hash_password(password: &str) -> Result<String, StoreError> {
    let p = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(p.as_bytes(), &SaltString::generate(&mut OsRng))
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| StoreError::Internal(e.to_string()))?
}

/// What a new password must satisfy (the same floor as at first start).
pub fn password_problems(password: &str) -> Vec<Problem> {
    setup_problems("-", Some(password))
        .into_iter()
        .chain(password.is_empty().then(|| {
            Problem::error(
                "password",
                ReasonCode::FieldRequired,
                "请填写新密码",
                "enter the new password",
            )
        }))
        .collect()
}

/// Stores the hash of a changed password (the vault holds the keys; the hash is kept in step).
pub async fn set_password_hash(store: &Store, password: &str) -> Result<(), StoreError> {
    let hash = hash_password(password).await?;
    sqlx::query(
        "UPDATE operators SET password_hash = ? WHERE id = (SELECT MIN(id) FROM operators)",
    )
    .bind(hash)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Changes the operator's role (the window's areas follow it); audited with old and new role.
/// `Ok(None)` when the first start has not been done.
pub async fn set_role(
    store: &Store,
    role: Role,
    actor: &regdesk_core::Actor,
) -> Result<Option<Operator>, StoreError> {
    let Some(op) = current(store).await? else {
        return Ok(None);
    };
    if op.role != role {
        let mut tx = store.begin_write().await?;
        sqlx::query("UPDATE operators SET role = ? WHERE id = ?")
            .bind(role.as_str())
            .bind(op.id)
            .execute(tx.conn())
            .await?;
        crate::audit::record(
            tx.conn(),
            actor,
            crate::audit::Change {
                entity: "operator",
                entity_key: &op.id.to_string(),
                action: "set_role",
                old: Some(serde_json::json!(op.role.as_str())),
                new: Some(serde_json::json!(role.as_str())),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        crate::cipher::sync_holder(store).await?;
    }
    current(store).await
}

/// Whether `password` is the operator's (constant-time comparison inside argon2).
pub async fn verify_password(store: &Store, password: &str) -> Result<bool, StoreError> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT password_hash FROM operators ORDER BY id LIMIT 1")
            .fetch_optional(store.pool())
            .await?;
    let Some((Some(hash),)) = row else {
        return Ok(true);
    };
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| StoreError::Internal(e.to_string()))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| StoreError::Internal(e.to_string()))?
}
