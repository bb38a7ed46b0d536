//! Candidates: registration (validate, refuse duplicates, insert + audit in one transaction)
//! and listing. Both shells call these; neither validates on its own.

use regdesk_core::clock::{millis_to_rfc3339, now_millis};
use regdesk_core::identity::validate_identity;
use regdesk_core::{
    Actor, AddCandidateReport, Candidate, Gender, IdentityInput, Problem, ReasonCode,
};
use sqlx::FromRow;

use crate::audit::{self, Change};
use crate::{Store, StoreError, WriteTx};

#[derive(FromRow)]
struct CandidateRow {
    id: i64,
    name: String,
    gender: String,
    id_number: String,
    mobile: String,
    email: String,
    created_at: i64,
    updated_at: i64,
}

impl CandidateRow {
    /// A row whose gender is neither value (the CHECK constraint admits only two; a file
    /// edited by hand may not) is reported as corrupt, never given a default.
    fn into_candidate(self) -> Result<Candidate, StoreError> {
        let gender = Gender::parse(&self.gender).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "candidate #{}: gender \"{}\" is neither male nor female",
                self.id, self.gender
            ))
        })?;
        Ok(Candidate {
            id: self.id,
            name: self.name,
            gender,
            id_number: self.id_number,
            mobile: self.mobile,
            email_display: regdesk_core::validate::email_display(&self.email),
            email: self.email,
            created_at: millis_to_rfc3339(self.created_at),
            updated_at: millis_to_rfc3339(self.updated_at),
        })
    }
}

const COLUMNS: &str = "id, name, gender, id_number, mobile, email, created_at, updated_at";

fn exists_problem(id_number: &str) -> Problem {
    Problem::error(
        "idNumber",
        ReasonCode::CandidateExists,
        format!("身份证号 {id_number} 已登记，不能重复注册"),
        format!("a candidate with ID number {id_number} is already registered"),
    )
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Validates and stores a new candidate. Bad data and duplicates come back as issues in the
/// report (`added: false`); `Err` is kept for failures of the database itself.
pub async fn register(
    store: &Store,
    input: &IdentityInput,
    actor: &Actor,
    strict: bool,
) -> Result<AddCandidateReport, StoreError> {
    let mut tx = store.begin_write().await?;
    let report = register_in(&mut tx, input, actor, strict).await?;
    if report.added {
        tx.commit().await?;
    }
    Ok(report)
}

/// Registers within a caller's write transaction (committed by the caller, so a step that
/// belongs with the registration — its basic info — stands or falls with it).
pub async fn register_in(
    tx: &mut WriteTx,
    input: &IdentityInput,
    actor: &Actor,
    strict: bool,
) -> Result<AddCandidateReport, StoreError> {
    let report = validate_identity(input, strict);
    let mut issues = report.issues;
    let Some(identity) = report.identity else {
        return Ok(AddCandidateReport {
            added: false,
            candidate: None,
            issues,
        });
    };
    Ok(match insert_in(tx, &identity, actor).await? {
        Ok(candidate) => AddCandidateReport {
            added: true,
            candidate: Some(candidate),
            issues,
        },
        Err(exists) => {
            issues.push(exists);
            AddCandidateReport {
                added: false,
                candidate: None,
                issues,
            }
        }
    })
}

/// Inserts an identity already validated (a roster row) within a caller's write transaction,
/// audited; `Err(candidate.exists)` when the ID number is taken.
pub async fn insert_in(
    tx: &mut WriteTx,
    identity: &regdesk_core::Identity,
    actor: &Actor,
) -> Result<Result<Candidate, Problem>, StoreError> {
    let now = now_millis();
    // The duplicate check and the insert run in the same IMMEDIATE transaction; the unique
    // index is the last word all the same.
    let inserted = sqlx::query_as::<_, CandidateRow>(&format!(
        "INSERT INTO candidates (name, gender, id_number, mobile, email, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
    ))
    .bind(&identity.name)
    .bind(identity.gender.as_str())
    .bind(&identity.id_number)
    .bind(&identity.mobile)
    .bind(&identity.email)
    .bind(now)
    .bind(now)
    .fetch_one(tx.conn())
    .await;
    let candidate = match inserted {
        Ok(row) => row.into_candidate()?,
        Err(e) if is_unique_violation(&e) => return Ok(Err(exists_problem(&identity.id_number))),
        Err(e) => return Err(e.into()),
    };
    audit::record(
        tx.conn(),
        actor,
        Change {
            entity: "candidate",
            entity_key: &candidate.id_number,
            action: "register",
            old: None,
            new: Some(serde_json::to_value(identity).unwrap_or_default()),
            reason: None,
        },
    )
    .await?;
    Ok(Ok(candidate))
}

pub async fn find_by_id_number(
    store: &Store,
    id_number: &str,
) -> Result<Option<Candidate>, StoreError> {
    let row: Option<CandidateRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM candidates WHERE id_number = ?"
    ))
    .bind(id_number)
    .fetch_optional(store.pool())
    .await?;
    row.map(CandidateRow::into_candidate).transpose()
}

/// All candidates, oldest registration first.
pub async fn list(store: &Store) -> Result<Vec<Candidate>, StoreError> {
    let rows: Vec<CandidateRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM candidates ORDER BY id"))
            .fetch_all(store.pool())
            .await?;
    rows.into_iter().map(CandidateRow::into_candidate).collect()
}
