//! New candidates in bulk (a centre's roster): the same rows, states and audit trail as adding
//! them one by one (`candidates::insert_in`, `process::apply_in`, `intents::put_in`), written
//! with a handful of multi-row statements per chunk instead of about ten per candidate. The
//! state machine still decides every candidate's steps, in memory; audit rows keep the order
//! the one-by-one path writes (per candidate: register, each changing step, intent).

use regdesk_core::clock::now_millis;
use regdesk_core::process::{Dossier, ProcessAction};
use regdesk_core::{Actor, Identity, Problem};
use sqlx::SqliteConnection;

use crate::process::{plan, Changed};
use crate::{StoreError, WriteTx};

/// One new candidate: identity, the steps to apply from a fresh dossier, the intent.
pub struct NewCandidate<'a> {
    pub identity: &'a Identity,
    pub actions: Vec<ProcessAction>,
    pub intent: serde_json::Value,
}

/// Rows per statement group: 200 candidates make ≤ 1 000 audit rows × 9 values, far below
/// SQLite's 32 766 bound parameters.
const CHUNK: usize = 200;

/// The first candidate refused (its ID number and why); nothing is then to be committed.
pub type Refused = (String, Vec<Problem>);

/// Inserts every candidate within the caller's transaction, or reports the first refusal
/// (the caller drops the transaction: all or nothing).
///
/// Two cores, two stages: while SQLite's thread writes one chunk, this thread plans the next
/// (state machine, JSON for the rows and the audit), so neither waits for the other.
pub async fn insert_new_in(
    tx: &mut WriteTx,
    rows: &[NewCandidate<'_>],
    actor: &Actor,
) -> Result<Result<(), Refused>, StoreError> {
    let mut chunks = rows.chunks(CHUNK);
    let mut planned = match chunks.next() {
        Some(first) => plan_chunk(first)?,
        None => return Ok(Ok(())),
    };
    loop {
        let current = match planned {
            Ok(p) => p,
            Err(refused) => return Ok(Err(refused)),
        };
        let next = chunks.next();
        let (written, next_planned) = tokio::join!(write_chunk(tx, &current, actor), async {
            next.map(plan_chunk)
        });
        if let Err(refused) = written? {
            return Ok(Err(refused));
        }
        planned = match next_planned {
            Some(p) => p?,
            None => return Ok(Ok(())),
        };
    }
}

struct Planned<'a> {
    row: &'a NewCandidate<'a>,
    dossier: Dossier,
    changes: Vec<Changed<'a>>,
    /// The identity and the intent as JSON text, for their tables and audit rows.
    identity: String,
    intent: String,
}

/// The state machine's steps and every JSON text of a chunk, before anything is written.
fn plan_chunk<'a>(
    chunk: &'a [NewCandidate<'a>],
) -> Result<Result<Vec<Planned<'a>>, Refused>, StoreError> {
    let mut planned = Vec::with_capacity(chunk.len());
    for row in chunk {
        match plan(&Dossier::default(), None, &row.actions) {
            Ok((dossier, _)) if !dossier.registrations.is_empty() => {
                return Err(StoreError::Corrupt(format!(
                    "candidate {}: a bulk import step opened a registration",
                    row.identity.id_number
                )))
            }
            Ok((dossier, changes)) => planned.push(Planned {
                row,
                dossier,
                changes,
                // As the one-by-one path writes it (a Value: keys sorted).
                identity: serde_json::to_value(row.identity)
                    .unwrap_or_default()
                    .to_string(),
                intent: row.intent.to_string(),
            }),
            Err(p) => return Ok(Err((row.identity.id_number.clone(), p))),
        }
    }
    Ok(Ok(planned))
}

async fn write_chunk(
    tx: &mut WriteTx,
    planned: &[Planned<'_>],
    actor: &Actor,
) -> Result<Result<(), Refused>, StoreError> {
    let now = now_millis();
    let ids = match insert_candidates(tx.conn(), planned, now).await {
        Ok(ids) => ids,
        Err(e) if matches!(&e, sqlx::Error::Database(db) if db.is_unique_violation()) => {
            // Someone is already there (the statement was undone, not the transaction):
            // name the first one as adding one by one would.
            for p in planned {
                if let Err(problem) =
                    crate::candidates::insert_in(tx, p.row.identity, actor).await?
                {
                    return Ok(Err((p.row.identity.id_number.clone(), vec![problem])));
                }
            }
            return Err(StoreError::Corrupt(
                "a bulk insert reported a duplicate that single inserts did not find".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let conn = tx.conn();
    let with_profile: Vec<(i64, String)> = planned
        .iter()
        .zip(&ids)
        .filter(|(p, _)| p.dossier.profile != Dossier::default().profile)
        .map(|(p, id)| {
            serde_json::to_string(&p.dossier.profile)
                .map(|json| (*id, json))
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    insert_pairs(
        conn,
        "processes (candidate_id, state, updated_at)",
        &with_profile,
        now,
    )
    .await?;
    let intents: Vec<(i64, String)> = planned
        .iter()
        .zip(&ids)
        .map(|(p, id)| (*id, p.intent.clone()))
        .collect();
    insert_pairs(
        conn,
        "intents (candidate_id, intent, updated_at)",
        &intents,
        now,
    )
    .await?;
    insert_audit(conn, actor, planned, &ids, now).await?;
    Ok(Ok(()))
}

/// One multi-row INSERT; the ids, in the chunk's order. SQLite gives the rows of one INSERT
/// consecutive rowids after the largest (our write lock keeps everyone else out): that is
/// checked on the first and last row, and the ids are looked up by ID number otherwise.
/// (RETURNING would send every row back through the driver's channel, one wake-up each.)
async fn insert_candidates(
    conn: &mut SqliteConnection,
    chunk: &[Planned<'_>],
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let values = vec!["(?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
    let sql = format!(
        "INSERT INTO candidates (name, gender, id_number, mobile, email, created_at, updated_at)
         VALUES {values}"
    );
    let mut q = sqlx::query(&sql);
    for p in chunk {
        let i = p.row.identity;
        q = q
            .bind(&i.name)
            .bind(i.gender.as_str())
            .bind(&i.id_number)
            .bind(&i.mobile)
            .bind(&i.email)
            .bind(now)
            .bind(now);
    }
    let done = q.execute(&mut *conn).await?;
    let n = chunk.len() as i64;
    let last = done.last_insert_rowid();
    let first = last - n + 1;
    let ends: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, id_number FROM candidates WHERE id IN (?, ?) ORDER BY id")
            .bind(first)
            .bind(last)
            .fetch_all(&mut *conn)
            .await?;
    let expected = |id: i64, k: usize| {
        chunk.get(k).is_some_and(|p| {
            ends.iter()
                .any(|(i, n)| *i == id && *n == p.row.identity.id_number)
        })
    };
    if done.rows_affected() == chunk.len() as u64
        && expected(first, 0)
        && expected(last, chunk.len() - 1)
    {
        return Ok((first..=last).collect());
    }
    let mut ids = Vec::with_capacity(chunk.len());
    for p in chunk {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM candidates WHERE id_number = ?")
            .bind(&p.row.identity.id_number)
            .fetch_one(&mut *conn)
            .await?;
        ids.push(id);
    }
    Ok(ids)
}

async fn insert_pairs(
    conn: &mut SqliteConnection,
    table: &str,
    rows: &[(i64, String)],
    now: i64,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let values = vec!["(?, ?, ?)"; rows.len()].join(", ");
    let sql = format!("INSERT INTO {table} VALUES {values}");
    let mut q = sqlx::query(&sql);
    for (id, json) in rows {
        q = q.bind(id).bind(json).bind(now);
    }
    q.execute(conn).await?;
    Ok(())
}

/// (entity_key, action, old value, new value, candidate id) of one audit row.
type AuditRow<'a> = (&'a str, String, Option<String>, Option<String>, i64);

async fn insert_audit(
    conn: &mut SqliteConnection,
    actor: &Actor,
    planned: &[Planned<'_>],
    ids: &[i64],
    now: i64,
) -> Result<(), StoreError> {
    // In the one-by-one path's order.
    let mut rows: Vec<AuditRow> = Vec::new();
    for (p, &id) in planned.iter().zip(ids) {
        let key = p.row.identity.id_number.as_str();
        rows.push((key, "register".into(), None, Some(p.identity.clone()), id));
        for (action, old, new) in &p.changes {
            rows.push((
                key,
                format!("process.{}", action.name()),
                old.clone(),
                new.clone(),
                id,
            ));
        }
        rows.push((key, "intent".into(), None, Some(p.intent.clone()), id));
    }
    let actor = actor.to_string();
    let values = vec!["(?, ?, 'candidate', ?, ?, ?, ?, NULL, ?)"; rows.len()].join(", ");
    let sql = format!(
        "INSERT INTO audit_log (at, actor, entity, entity_key, action, old_value, new_value, reason, candidate_id)
         VALUES {values}"
    );
    let mut q = sqlx::query(&sql);
    for (key, action, old, new, id) in rows {
        q = q
            .bind(now)
            .bind(&actor)
            .bind(key)
            .bind(action)
            .bind(old)
            .bind(new)
            .bind(id);
    }
    q.execute(conn).await?;
    Ok(())
}
