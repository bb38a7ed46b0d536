//! Persistence of the registration process: load a candidate's state, apply an action through
//! the core state machine, and write the new state with its audit row in one immediate
//! transaction (so two writers cannot both read the old state and overwrite each other).

use regdesk_core::clock::{now, now_millis};
use regdesk_core::process::{Dossier, ProcessAction, ProcessState, Registration, Target};
use regdesk_core::{Actor, Problem};
use sqlx::SqliteConnection;

use crate::audit::{self, TextChange};
use crate::{Store, StoreError};

/// The outcome of asking for steps: the candidate's new dossier, or the problems that refused.
pub type Applied = Result<Dossier, Vec<Problem>>;

async fn candidate_id(conn: &mut SqliteConnection, id_number: &str) -> Result<i64, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM candidates WHERE id_number = ?")
        .bind(id_number)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.0)
        .ok_or_else(|| StoreError::NotFound(format!("candidate {id_number}")))
}

fn parse_profile(candidate: &str, json: Option<String>) -> Result<ProcessState, StoreError> {
    match json {
        None => Ok(ProcessState::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            StoreError::Corrupt(format!("process state of candidate {candidate}: {e}"))
        }),
    }
}

fn parse_registration(
    candidate: &str,
    session: &str,
    json: &str,
) -> Result<Registration, StoreError> {
    serde_json::from_str(json).map_err(|e| {
        StoreError::Corrupt(format!(
            "registration {session} of candidate {candidate}: {e}"
        ))
    })
}

async fn load_in(conn: &mut SqliteConnection, candidate: i64) -> Result<Dossier, StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT state FROM processes WHERE candidate_id = ?")
            .bind(candidate)
            .fetch_optional(&mut *conn)
            .await?;
    let shown = format!("#{candidate}");
    let profile = parse_profile(&shown, row.map(|r| r.0))?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT exam_session, state FROM registrations WHERE candidate_id = ? ORDER BY id",
    )
    .bind(candidate)
    .fetch_all(&mut *conn)
    .await?;
    let registrations = rows
        .iter()
        .map(|(session, json)| parse_registration(&shown, session, json))
        .collect::<Result<_, _>>()?;
    Ok(Dossier {
        profile,
        registrations,
    })
}

/// The profile state within a caller's transaction (a write's check reads what it will see).
pub(crate) async fn load_conn(
    conn: &mut SqliteConnection,
    id_number: &str,
) -> Result<ProcessState, StoreError> {
    let id = candidate_id(conn, id_number).await?;
    Ok(load_in(conn, id).await?.profile)
}

/// The candidate's profile state (a fresh draft if nothing was done yet).
pub async fn load(store: &Store, id_number: &str) -> Result<ProcessState, StoreError> {
    Ok(load_dossier(store, id_number).await?.profile)
}

/// The candidate's profile and registrations.
pub async fn load_dossier(store: &Store, id_number: &str) -> Result<Dossier, StoreError> {
    let mut conn = store.pool().acquire().await?;
    let id = candidate_id(&mut conn, id_number).await?;
    load_in(&mut conn, id).await
}

/// Applies `action` for the candidate (a registration step to its only registration).
/// A refusal changes nothing and writes no audit row.
pub async fn apply(
    store: &Store,
    id_number: &str,
    action: &ProcessAction,
    actor: &Actor,
) -> Result<Applied, StoreError> {
    apply_all(store, id_number, None, std::slice::from_ref(action), actor).await
}

/// Applies several actions as one unit: all of them, or (on the first refusal) none. Each
/// action that changes something gets its own audit row. Registration steps go to `target`'s
/// registration (after an `OpenRegistration`, to the one it opened).
pub async fn apply_all(
    store: &Store,
    id_number: &str,
    target: Target<'_>,
    actions: &[ProcessAction],
    actor: &Actor,
) -> Result<Applied, StoreError> {
    let mut tx = store.begin_write().await?;
    let result = apply_in(tx.conn(), id_number, target, actions, actor).await?;
    if result.is_ok() {
        tx.commit().await?;
    }
    Ok(result)
}

/// One candidate's work in a batch: ID number, target registration, actions.
pub type Work = (String, Option<String>, Vec<ProcessAction>);

/// Actions for several candidates in one transaction: every candidate's, or (on the first
/// refusal, returned with the candidate's ID number) none.
pub async fn apply_many(
    store: &Store,
    work: &[Work],
    actor: &Actor,
) -> Result<Result<(), (String, Vec<Problem>)>, StoreError> {
    let mut tx = store.begin_write().await?;
    for (id_number, target, actions) in work {
        if let Err(p) = apply_in(tx.conn(), id_number, target.as_deref(), actions, actor).await? {
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
    target: Target<'_>,
    actions: &[ProcessAction],
    actor: &Actor,
) -> Result<Applied, StoreError> {
    apply_in(tx.conn(), id_number, target, actions, actor).await
}

/// A step that changed something: the action, and the old and new value its audit row keeps
/// (JSON text: a roster writes tens of thousands, and a value tree per row costs more than
/// the write).
pub(crate) type Changed<'a> = (&'a ProcessAction, Option<String>, Option<String>);

/// The state machine's answer for `actions` from `before`, in memory: the new dossier and what
/// each changing step changed, or the problems of the first refusal.
pub(crate) fn plan<'a>(
    before: &Dossier,
    target: Target<'_>,
    actions: &'a [ProcessAction],
) -> Result<(Dossier, Vec<Changed<'a>>), Vec<Problem>> {
    let mut state = before.clone();
    let mut target = target.map(str::to_owned);
    let mut changes = Vec::new();
    for action in actions {
        let next = state.apply(action, target.as_deref(), now())?;
        if let ProcessAction::OpenRegistration { exam_session, .. } = action {
            target = Some(exam_session.trim().to_owned());
        }
        // A repeat of a step already done changes nothing and is not recorded.
        if next != state {
            let (old, new) = if next.profile != state.profile {
                (to_text(&state.profile), to_text(&next.profile))
            } else {
                let session = target.as_deref();
                (
                    state.registration(session).and_then(to_text),
                    next.registration(session).and_then(to_text),
                )
            };
            changes.push((action, old, new));
            state = next;
        }
    }
    Ok((state, changes))
}

pub(crate) async fn apply_in(
    conn: &mut SqliteConnection,
    id_number: &str,
    target: Target<'_>,
    actions: &[ProcessAction],
    actor: &Actor,
) -> Result<Applied, StoreError> {
    let id = candidate_id(conn, id_number).await?;
    let before = load_in(conn, id).await?;
    let (state, changes) = match plan(&before, target, actions) {
        Ok(planned) => planned,
        Err(problems) => return Ok(Err(problems)),
    };
    if changes.is_empty() {
        return Ok(Ok(state));
    }
    if state.profile != before.profile {
        let json = serde_json::to_string(&state.profile)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO processes (candidate_id, state, updated_at) VALUES (?, ?, ?)
             ON CONFLICT(candidate_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(&json)
        .bind(now_millis())
        .execute(&mut *conn)
        .await?;
    }
    for reg in state
        .registrations
        .iter()
        .filter(|r| !before.registrations.contains(r))
    {
        let json = serde_json::to_string(reg).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO registrations (candidate_id, exam_session, state, opened_at, updated_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(candidate_id, exam_session) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(&reg.exam_session)
        .bind(&json)
        .bind(now_millis())
        .bind(now_millis())
        .execute(&mut *conn)
        .await?;
    }
    for (action, old, new) in changes {
        let change = TextChange {
            entity: "candidate",
            entity_key: id_number,
            action: &format!("process.{}", action.name()),
            old,
            new,
            reason: None,
        };
        audit::record_text(conn, actor, change).await?;
    }
    Ok(Ok(state))
}

/// The profile state as the candidate's last submission left it (from that step's audit
/// row): what a merged review outcome is computed from once a review has been applied.
pub async fn at_last_submission(
    store: &Store,
    id_number: &str,
) -> Result<Option<ProcessState>, StoreError> {
    let json: Option<Option<String>> = sqlx::query_scalar(
        "SELECT a.new_value FROM audit_log a JOIN candidates c ON c.id = a.candidate_id
         WHERE c.id_number = ? AND a.action = 'process.submit' ORDER BY a.id DESC LIMIT 1",
    )
    .bind(id_number)
    .fetch_optional(store.pool())
    .await?;
    json.flatten()
        .map(|j| parse_profile(id_number, Some(j)))
        .transpose()
}

fn to_text<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// Every candidate's ID number, name and dossier, in registration order.
pub async fn list_all(store: &Store) -> Result<Vec<(String, String, Dossier)>, StoreError> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.id, c.id_number, c.name, p.state FROM candidates c LEFT JOIN processes p ON p.candidate_id = c.id ORDER BY c.id",
    )
    .fetch_all(store.pool())
    .await?;
    let regs: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT candidate_id, exam_session, state FROM registrations ORDER BY id")
            .fetch_all(store.pool())
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut by_candidate: std::collections::HashMap<i64, Vec<Registration>> = Default::default();
    let names: std::collections::HashMap<i64, &str> =
        rows.iter().map(|(id, n, _, _)| (*id, n.as_str())).collect();
    for (cid, session, json) in &regs {
        let shown = names.get(cid).copied().unwrap_or("?");
        by_candidate
            .entry(*cid)
            .or_default()
            .push(parse_registration(shown, session, json)?);
    }
    for (cid, id_number, name, json) in rows {
        let profile = parse_profile(&id_number, json)?;
        let registrations = by_candidate.remove(&cid).unwrap_or_default();
        out.push((
            id_number,
            name,
            Dossier {
                profile,
                registrations,
            },
        ));
    }
    Ok(out)
}
