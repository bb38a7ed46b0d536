//! Identity correction: the five registration fields are read-only, and the only way to change
//! them is an explicit correction with a reason and a proof file, recorded in the audit log.

use regdesk_core::clock::now_millis;
use regdesk_core::identity::validate_identity;
use regdesk_core::{Actor, Candidate, IdentityInput, Problem, ReasonCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Change};
use crate::candidates::find_by_id_number;
use crate::{Store, StoreError};

/// Largest accepted proof file (a phone photo or a scanned PDF).
pub const MAX_PROOF_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CorrectionReport {
    pub corrected: bool,
    pub candidate: Option<Candidate>,
    pub issues: Vec<Problem>,
}

pub struct Proof<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

fn refused(issues: Vec<Problem>) -> CorrectionReport {
    CorrectionReport {
        corrected: false,
        candidate: None,
        issues,
    }
}

/// What a correction needs besides a valid identity: a reason and a proof file (≤ 20 MB).
pub fn correction_problems(reason: &str, proof_bytes: usize) -> Vec<Problem> {
    let mut issues = Vec::new();
    if reason.trim().is_empty() {
        issues.push(Problem::error(
            "reason",
            ReasonCode::FieldRequired,
            "更正身份信息须说明理由",
            "a correction needs a reason",
        ));
    }
    if proof_bytes == 0 || proof_bytes > MAX_PROOF_BYTES {
        issues.push(Problem::error(
            "proof",
            ReasonCode::FieldRequired,
            "须附证明文件（不超过 20 MB），如身份证或户籍证明的照片",
            "attach a proof file (at most 20 MB), e.g. a photo of the ID card",
        ));
    }
    issues
}

pub async fn correct_identity(
    store: &Store,
    id_number: &str,
    input: &IdentityInput,
    reason: &str,
    proof: Proof<'_>,
    actor: &Actor,
) -> Result<CorrectionReport, StoreError> {
    let current = find_by_id_number(store, id_number)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("candidate {id_number}")))?;
    let report = validate_identity(input, false);
    let mut issues = report.issues;
    issues.extend(correction_problems(reason, proof.bytes.len()));
    let Some(identity) = report
        .identity
        .filter(|_| !regdesk_core::problem::has_errors(&issues))
    else {
        return Ok(refused(issues));
    };
    if identity.id_number != current.id_number
        && find_by_id_number(store, &identity.id_number)
            .await?
            .is_some()
    {
        issues.push(Problem::error(
            "idNumber",
            ReasonCode::CandidateExists,
            format!("身份证号 {} 已属于另一名考生", identity.id_number),
            format!(
                "ID number {} belongs to another candidate",
                identity.id_number
            ),
        ));
        return Ok(refused(issues));
    }
    let old = regdesk_core::Identity {
        name: current.name.clone(),
        gender: current.gender,
        id_number: current.id_number.clone(),
        mobile: current.mobile.clone(),
        email: current.email.clone(),
    };
    if old == identity {
        return Ok(CorrectionReport {
            corrected: false,
            candidate: Some(current),
            issues,
        });
    }
    let now = now_millis();
    let mut tx = store.begin_write().await?;
    sqlx::query("UPDATE candidates SET name = ?, gender = ?, id_number = ?, mobile = ?, email = ?, updated_at = ? WHERE id = ?")
        .bind(&identity.name)
        .bind(identity.gender.as_str())
        .bind(&identity.id_number)
        .bind(&identity.mobile)
        .bind(&identity.email)
        .bind(now)
        .bind(current.id)
        .execute(tx.conn())
        .await?;
    sqlx::query("INSERT INTO correction_proofs (candidate_id, file_name, bytes, created_at) VALUES (?, ?, ?, ?)")
        .bind(current.id)
        .bind(proof.file_name)
        .bind(proof.bytes)
        .bind(now)
        .execute(tx.conn())
        .await?;
    audit::record(
        tx.conn(),
        actor,
        Change {
            entity: "candidate",
            entity_key: &identity.id_number,
            action: "correct_identity",
            old: serde_json::to_value(&old).ok(),
            new: serde_json::to_value(&identity).ok(),
            reason: Some(reason.trim()),
        },
    )
    .await?;
    tx.commit().await?;
    let candidate = find_by_id_number(store, &identity.id_number).await?;
    Ok(CorrectionReport {
        corrected: true,
        candidate,
        issues,
    })
}
