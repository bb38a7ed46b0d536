//! Processed uploads: one compliant JPEG per slot and candidate, replaced (and audited) when
//! the user attaches a new file. Only editable profiles accept new files.

use regdesk_core::clock::now_millis;
use regdesk_core::digest::sha256_hex;
use regdesk_core::process::{ProcessAction, ProcessState, ProfileStatus, UploadSlot};
use regdesk_core::{Actor, Problem, ReasonCode};
use sqlx::FromRow;

use crate::audit::{self, Change};
use crate::{process, Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub slot: UploadSlot,
    pub source_name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub report: serde_json::Value,
}

#[derive(FromRow)]
struct AttachmentRow {
    slot: String,
    source_name: String,
    bytes: Vec<u8>,
    sha256: String,
    report: String,
}

pub fn slot_name(slot: UploadSlot) -> &'static str {
    match slot {
        UploadSlot::IdFront => "id_front",
        UploadSlot::Diploma => "diploma",
        UploadSlot::Photo => "photo",
        UploadSlot::WorkProof => "work_proof",
    }
}

pub(crate) fn parse_slot(s: &str) -> Option<UploadSlot> {
    UploadSlot::ALL.into_iter().find(|x| slot_name(*x) == s)
}

/// Problems that stop new uploads: a submitted profile is locked while it waits for review.
/// After a pass an upload may change, but that sends the profile back to review.
pub fn upload_refusal(state: &ProcessState) -> Option<Problem> {
    match state.profile_status {
        ProfileStatus::Submitted { .. } => Some(Problem::error(
            "process",
            ReasonCode::ProcessLocked,
            "已锁定：资料已提交，等待审核，不能更换上传文件",
            "locked: the profile is submitted and awaiting review; uploads cannot change",
        )),
        _ => None,
    }
}

/// A file to store in a slot, with its engine report and (photos) perceptual hash.
pub struct NewFile<'a> {
    pub source_name: &'a str,
    pub bytes: &'a [u8],
    pub report: &'a serde_json::Value,
    pub phash: Option<&'a str>,
}

/// Stores (or replaces) the file of a slot. Returns the refusal instead when locked.
pub async fn put(
    store: &Store,
    id_number: &str,
    slot: UploadSlot,
    file: NewFile<'_>,
    actor: &Actor,
) -> Result<Result<String, Problem>, StoreError> {
    let NewFile {
        source_name,
        bytes,
        report,
        phash,
    } = file;
    let sha = sha256_hex(bytes);
    // The lock is checked inside the transaction that writes: a submit cannot slip between.
    let mut tx = store.begin_write().await?;
    let state = process::load_conn(tx.conn(), id_number).await?;
    if let Some(p) = upload_refusal(&state) {
        return Ok(Err(p));
    }
    let (candidate,): (i64,) = sqlx::query_as("SELECT id FROM candidates WHERE id_number = ?")
        .bind(id_number)
        .fetch_one(tx.conn())
        .await?;
    let old: Option<(String,)> =
        sqlx::query_as("SELECT sha256 FROM attachments WHERE candidate_id = ? AND slot = ?")
            .bind(candidate)
            .bind(slot_name(slot))
            .fetch_optional(tx.conn())
            .await?;
    sqlx::query(
        "INSERT INTO attachments (candidate_id, slot, source_name, bytes, sha256, report, created_at, phash, duplicate_ack)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT(candidate_id, slot) DO UPDATE SET source_name = excluded.source_name,
           bytes = excluded.bytes, sha256 = excluded.sha256, report = excluded.report, created_at = excluded.created_at,
           phash = excluded.phash, duplicate_ack = 0",
    )
    .bind(candidate)
    .bind(slot_name(slot))
    .bind(source_name)
    .bind(bytes)
    .bind(&sha)
    .bind(report.to_string())
    .bind(now_millis())
    .bind(phash)
    .execute(tx.conn())
    .await?;
    crate::refused::clear_in(tx.conn(), candidate, slot).await?;
    audit::record(
        tx.conn(),
        actor,
        Change {
            entity: "candidate",
            entity_key: id_number,
            action: &format!("attach.{}", slot_name(slot)),
            old: old.map(|(s,)| serde_json::json!({ "sha256": s })),
            new: Some(
                serde_json::json!({ "sha256": sha, "source": source_name, "bytes": bytes.len() }),
            ),
            reason: None,
        },
    )
    .await?;
    if matches!(state.profile_status, ProfileStatus::Passed { .. }) {
        let replaced = ProcessAction::ReplaceUpload { slot };
        if let Err(p) = process::apply_in(tx.conn(), id_number, None, &[replaced], actor).await? {
            return Ok(Err(p
                .into_iter()
                .next()
                .expect("a refusal names a problem")));
        }
    }
    tx.commit().await?;
    Ok(Ok(sha))
}

const SELECT: &str = "SELECT a.slot, a.source_name, a.bytes, a.sha256, a.report FROM attachments a
     JOIN candidates c ON c.id = a.candidate_id WHERE c.id_number = ?";

/// A row with a slot this version does not know is reported as corrupt, never skipped.
fn from_row(r: AttachmentRow) -> Result<Attachment, StoreError> {
    let slot = parse_slot(&r.slot).ok_or_else(|| {
        StoreError::Corrupt(format!("attachment with unknown slot \"{}\"", r.slot))
    })?;
    Ok(Attachment {
        slot,
        source_name: r.source_name,
        bytes: r.bytes,
        sha256: r.sha256,
        // Unparsable text stays as text, so reading it fails naming the slot (not a default).
        report: serde_json::from_str(&r.report).unwrap_or(serde_json::Value::String(r.report)),
    })
}

/// Every stored slot of the candidate, in slot order.
pub async fn list(store: &Store, id_number: &str) -> Result<Vec<Attachment>, StoreError> {
    let rows: Vec<AttachmentRow> = sqlx::query_as(SELECT)
        .bind(id_number)
        .fetch_all(store.pool())
        .await?;
    let mut out = rows
        .into_iter()
        .map(from_row)
        .collect::<Result<Vec<Attachment>, _>>()?;
    out.sort_by_key(|a| a.slot);
    Ok(out)
}

/// One slot's stored file (e.g. the photo for a ticket) without reading the others.
pub async fn get(
    store: &Store,
    id_number: &str,
    slot: UploadSlot,
) -> Result<Option<Attachment>, StoreError> {
    let row: Option<AttachmentRow> = sqlx::query_as(&format!("{SELECT} AND a.slot = ?"))
        .bind(id_number)
        .bind(slot_name(slot))
        .fetch_optional(store.pool())
        .await?;
    row.map(from_row).transpose()
}

/// Which slots each candidate has stored, by ID number (no file bytes read).
pub async fn slots_all(
    store: &Store,
) -> Result<std::collections::HashMap<String, Vec<UploadSlot>>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.id_number, a.slot FROM attachments a JOIN candidates c ON c.id = a.candidate_id",
    )
    .fetch_all(store.pool())
    .await?;
    let mut out: std::collections::HashMap<String, Vec<UploadSlot>> = Default::default();
    for (id, slot) in rows {
        let slot = parse_slot(&slot).ok_or_else(|| {
            StoreError::Corrupt(format!("attachment of {id}: unknown slot {slot}"))
        })?;
        out.entry(id).or_default().push(slot);
    }
    Ok(out)
}

/// Every stored photo's perceptual hash and whether a shared picture was acknowledged.
pub async fn photo_hashes(store: &Store) -> Result<Vec<(String, String, bool)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT c.id_number, a.phash, a.duplicate_ack FROM attachments a
         JOIN candidates c ON c.id = a.candidate_id WHERE a.slot = 'photo' AND a.phash IS NOT NULL",
    )
    .fetch_all(store.pool())
    .await?)
}

/// The clerk has seen that this candidate's photo is also someone else's (twins, test data).
pub async fn acknowledge_duplicate(
    store: &Store,
    id_number: &str,
    actor: &Actor,
) -> Result<bool, StoreError> {
    let mut tx = store.begin_write().await?;
    let n = sqlx::query(
        "UPDATE attachments SET duplicate_ack = 1 WHERE slot = 'photo'
         AND candidate_id = (SELECT id FROM candidates WHERE id_number = ?)",
    )
    .bind(id_number)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    let change = Change {
        entity: "candidate",
        entity_key: id_number,
        action: "photo.duplicate_acknowledged",
        old: None,
        new: None,
        reason: None,
    };
    audit::record(tx.conn(), actor, change).await?;
    tx.commit().await?;
    Ok(true)
}

/// The source file name of every stored slot, by (ID number, slot name): a re-run of a
/// materials job skips files already stored under the same name.
pub async fn sources_all(
    store: &Store,
) -> Result<std::collections::HashMap<(String, String), String>, StoreError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.id_number, a.slot, a.source_name FROM attachments a JOIN candidates c ON c.id = a.candidate_id",
    )
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, slot, name)| ((id, slot), name))
        .collect())
}
