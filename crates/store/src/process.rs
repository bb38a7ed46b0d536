//! Persistence of the registration process: load a candidate's state, apply an action through
//! the core state machine, and write the new state with its audit row in one immediate
//! transaction (so two writers cannot both read the old state and overwrite each other).

use regdesk_core::clock::{now, now_millis};
use regdesk_core::process::{ProcessAction, ProcessState};
use regdesk_core::{Actor, Problem};
use sqlx::SqliteConnection;

use crate::audit::{self, Change};
use crate::{Store, StoreError};

/// The outcome of asking for a step: the new state, or the problems that refused it.
pub type Applied = Result<ProcessState, Vec<Problem>>;

async fn candidate_id(conn: &mut SqliteConnection, id_number: &str) -> Result<i64, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM candidates WHERE id_number = ?")
        .bind(id_number)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.0)
        .ok_or_else(|| StoreError::NotFound(format!("candidate {id_number}")))
}

async fn load_in(conn: &mut SqliteConnection, candidate: i64) -> Result<ProcessState, StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT state FROM processes WHERE candidate_id = ?")
            .bind(candidate)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        None => Ok(ProcessState::default()),
        Some((json,)) => serde_json::from_str(&json).map_err(|e| {
            StoreError::Corrupt(format!("process state of candidate #{candidate}: {e}"))
        }),
    }
}

/// The state within a caller's transaction (a write's check reads what the write will see).
pub(crate) async fn load_conn(
    conn: &mut SqliteConnection,
    id_number: &str,
) -> Result<ProcessState, StoreError> {
    let id = candidate_id(conn, id_number).await?;
    load_in(conn, id).await
}

/// The candidate's current process state (a fresh draft if nothing was done yet).
pub async fn load(store: &Store, id_number: &str) -> Result<ProcessState, StoreError> {
    let mut conn = store.pool().acquire().await?;
    let id = candidate_id(&mut conn, id_number).await?;
    load_in(&mut conn, id).await
}

/// Applies `action` for the candidate. A refusal changes nothing and writes no audit row.
pub async fn apply(
    store: &Store,
    id_number: &str,
    action: &ProcessAction,
    actor: &Actor,
) -> Result<Applied, StoreError> {
    apply_all(store, id_number, std::slice::from_ref(action), actor).await
}

/// Applies several actions as one unit: all of them, or (on the first refusal) none.
/// Each action that changes the state gets its own audit row.
pub async fn apply_all(
    store: &Store,
    id_number: &str,
    actions: &[ProcessAction],
    actor: &Actor,
) -> Result<Applied, StoreError> {
    let mut tx = store.begin_write().await?;
    let result = apply_in(tx.conn(), id_number, actions, actor).await?;
    if result.is_ok() {
        tx.commit().await?;
    }
    Ok(result)
}

/// Actions for several candidates in one transaction: every candidate's, or (on the first
/// refusal, returned with the candidate's ID number) none.
pub async fn apply_many(
    store: &Store,
    work: &[(String, Vec<ProcessAction>)],
    actor: &Actor,
) -> Result<Result<(), (String, Vec<Problem>)>, StoreError> {
    let mut tx = store.begin_write().await?;
    for (id_number, actions) in work {
        if let Err(p) = apply_in(tx.conn(), id_number, actions, actor).await? {
            return Ok(Err((id_number.clone(), p)));
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Within a caller's write transaction (see [`Store::begin_write`]).
pub async fn apply_in_tx(
    tx: &mut crate::WriteTx,
    id_number: &str,
    actions: &[ProcessAction],
    actor: &Actor,
) -> Result<Applied, StoreError> {
    apply_in(tx.conn(), id_number, actions, actor).await
}

async fn apply_in(
    conn: &mut SqliteConnection,
    id_number: &str,
    actions: &[ProcessAction],
    actor: &Actor,
) -> Result<Applied, StoreError> {
    let id = candidate_id(conn, id_number).await?;
    let mut state = load_in(conn, id).await?;
    let mut changes = Vec::new();
    for action in actions {
        let next = match state.apply(action, now()) {
            Ok(next) => next,
            Err(problems) => return Ok(Err(problems)),
        };
        // A repeat of a step already done changes nothing and is not recorded.
        if next != state {
            changes.push((
                action,
                serde_json::to_value(&state).ok(),
                serde_json::to_value(&next).ok(),
            ));
            state = next;
        }
    }
    if changes.is_empty() {
        return Ok(Ok(state));
    }
    let json = serde_json::to_string(&state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO processes (candidate_id, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(candidate_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(&json)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    for (action, old, new) in changes {
        let change = Change {
            entity: "candidate",
            entity_key: id_number,
            action: &format!("process.{}", action.name()),
            old,
            new,
            reason: None,
        };
        audit::record(conn, actor, change).await?;
    }
    Ok(Ok(state))
}

/// Every candidate's ID number, name and process state, in registration order.
pub async fn list_all(store: &Store) -> Result<Vec<(String, String, ProcessState)>, StoreError> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.id_number, c.name, p.state FROM candidates c LEFT JOIN processes p ON p.candidate_id = c.id ORDER BY c.id",
    )
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(id, name, state)| {
            let state = match state {
                None => ProcessState::default(),
                Some(json) => serde_json::from_str(&json)
                    .map_err(|e| StoreError::Corrupt(format!("process state of {id}: {e}")))?,
            };
            Ok((id, name, state))
        })
        .collect()
}
