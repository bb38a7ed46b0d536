//! `registration import`: outcomes from the exam office (review, notice, item and region,
//! payment, serial number, session, ticket date, certificate choice) applied through the same
//! state machine. Each element is all-or-nothing; steps already recorded are skipped, so
//! importing the same file twice is a no-op. Format: `docs/registration-import.schema.json`.

use chrono::NaiveDate;
use regdesk_core::clock;
use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::process::{
    CertificateCollection, Dossier, ProcessAction, ReviewDecision, SessionAssignment, SessionSource,
};
use regdesk_core::{Actor, CommandError, Normalization, Problem, ReasonCode};
use regdesk_store::{process, Store, StoreError};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Element {
    id_number: String,
    /// The catalogue exam session the registration steps are for.
    exam_session: Option<String>,
    review: Option<ReviewIn>,
    notice_acknowledged: Option<bool>,
    exam_item: Option<String>,
    region: Option<String>,
    payment: Option<PaymentIn>,
    serial_number: Option<String>,
    session: Option<SessionIn>,
    ticket_opens_at: Option<String>,
    certificate: Option<CertificateCollection>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReviewIn {
    decision: ReviewDecision,
    #[serde(default)]
    reasons: Vec<String>,
    decided_at: String,
    note: Option<String>,
    reviewer: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaymentIn {
    status: String,
    reference: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionIn {
    batch: String,
    time: String,
    site: String,
    seat: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementOutcome {
    pub index: usize,
    pub id_number: Option<String>,
    /// 0 applied (or nothing new), 1 refused, 2 unknown candidate.
    pub code: u8,
    pub changed: bool,
    pub issues: Vec<Problem>,
    /// Numbers taken as text (`"seat": 15` → `"15"`), listed so nothing changes silently.
    pub normalizations: Vec<Normalization>,
}

fn refused(index: usize, id: Option<String>, code: u8, issues: Vec<Problem>) -> ElementOutcome {
    ElementOutcome {
        index,
        id_number: id,
        code,
        changed: false,
        issues,
        normalizations: vec![],
    }
}

/// Fields that are text in the format but that exam offices' spreadsheets often export as
/// numbers (a seat 15, a serial 2026000123): taken as their decimal text.
const TEXT_FIELDS: &[&[&str]] = &[
    &["idNumber"],
    &["serialNumber"],
    &["payment", "reference"],
    &["session", "batch"],
    &["session", "time"],
    &["session", "site"],
    &["session", "seat"],
];

/// A JSON number as the text a person would have typed: integers exactly, integral floats
/// without ".0" (Excel writes 15 as 15.0), other floats as serde_json prints them.
fn number_text(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}

/// Replaces numbers in the text fields by their decimal text, returning what was changed.
fn numbers_as_text(raw: &mut serde_json::Value) -> Vec<Normalization> {
    let mut out = Vec::new();
    for path in TEXT_FIELDS {
        let Some(slot) = path
            .iter()
            .try_fold(&mut *raw, |node, key| node.get_mut(*key))
        else {
            continue;
        };
        if let serde_json::Value::Number(n) = slot {
            let text = number_text(n);
            let field = path.join(".");
            out.push(Normalization {
                message_zh: format!("{field} 是数字 {n}，按文本“{text}”导入"),
                message_en: format!("{field} was the number {n}; imported as the text \"{text}\""),
                from: n.to_string(),
                to: text.clone(),
                field,
            });
            *slot = serde_json::Value::String(text);
        }
    }
    out
}

/// The actions an element asks for, leaving out what the state already records.
fn actions_for(
    e: &Element,
    dossier: &Dossier,
    today: NaiveDate,
) -> Result<(Option<String>, Vec<ProcessAction>), Vec<Problem>> {
    let state = &dossier.profile;
    let mut out = Vec::new();
    if let Some(r) = &e.review {
        let same = state
            .last_review
            .as_ref()
            .is_some_and(|l| l.decision == r.decision && l.decided_at == r.decided_at.trim());
        if !same {
            out.push(ProcessAction::RecordReview {
                decision: r.decision,
                reasons: r.reasons.clone(),
                note: r.note.clone(),
                reviewer: r.reviewer.clone(),
                decided_at: r.decided_at.clone(),
            });
        }
    }
    let (target, current) = match registration_for(e, dossier, today)? {
        Some(Chosen::Existing(i)) => {
            let r = &dossier.registrations[i];
            (Some(r.exam_session.clone()), Some(r))
        }
        Some(Chosen::Open(session)) => {
            out.push(ProcessAction::OpenRegistration {
                exam_session: session.clone(),
                region: e.region.clone(),
            });
            (Some(session), None)
        }
        None => (None, None),
    };
    if e.notice_acknowledged == Some(true) {
        out.push(ProcessAction::AcknowledgeNotice);
    }
    if e.exam_item.is_some() || e.region.is_some() {
        let item = e
            .exam_item
            .clone()
            .or_else(|| current.and_then(|r| r.exam_item.clone()))
            .or_else(|| target.as_deref().and_then(item_label))
            .unwrap_or_default();
        let region = e
            .region
            .clone()
            .or_else(|| current.and_then(|r| r.region.clone()))
            .unwrap_or_default();
        let same_item = current
            .and_then(|r| r.exam_item.as_deref())
            .is_some_and(|have| exam_catalog().same_item(have, &item));
        if !same_item || current.and_then(|r| r.region.as_deref()) != Some(region.trim()) {
            out.push(ProcessAction::ChooseExam {
                exam_item: item,
                region,
            });
        }
    }
    if let Some(p) = &e.payment {
        if p.status != "paid" {
            return Err(vec![Problem::error(
                "payment.status",
                ReasonCode::ImportFormat,
                "只能导入已缴费（paid）的记录",
                "only payments with status \"paid\" can be imported",
            )]);
        }
        out.push(ProcessAction::RecordPayment {
            reference: p.reference.clone(),
        });
    }
    if let Some(s) = &e.serial_number {
        out.push(ProcessAction::AssignSerial {
            serial_number: s.clone(),
        });
    }
    if let Some(s) = &e.session {
        let session = SessionAssignment {
            batch: s.batch.trim().into(),
            time: s.time.trim().into(),
            site: s.site.trim().into(),
            seat: s.seat.trim().into(),
            source: SessionSource::Imported,
        };
        out.push(ProcessAction::AssignSession { session });
    }
    if let Some(d) = &e.ticket_opens_at {
        out.push(ProcessAction::SetTicketOpening { date: d.clone() });
    }
    if let Some(c) = &e.certificate {
        out.push(ProcessAction::ChooseCertificate {
            collection: c.clone(),
        });
    }
    Ok((target, out))
}

/// The element asks for registration steps (not only a review).
fn has_registration_steps(e: &Element) -> bool {
    e.exam_session.is_some()
        || e.notice_acknowledged == Some(true)
        || e.exam_item.is_some()
        || e.region.is_some()
        || e.payment.is_some()
        || e.serial_number.is_some()
        || e.session.is_some()
        || e.ticket_opens_at.is_some()
        || e.certificate.is_some()
}

enum Chosen {
    Existing(usize),
    Open(String),
}

/// The item label of a catalogue session.
fn item_label(session: &str) -> Option<String> {
    let c = exam_catalog();
    c.item(&c.session(session)?.item).map(|i| i.label.clone())
}

/// Which registration the element's steps are for: the named exam session (opened when the
/// candidate has none for it); else the only registration; else, for an element naming an
/// item, the registration of that item or one opened in its current session. Ambiguity is
/// an error.
fn registration_for(
    e: &Element,
    d: &Dossier,
    today: NaiveDate,
) -> Result<Option<Chosen>, Vec<Problem>> {
    if !has_registration_steps(e) {
        return Ok(None);
    }
    if let Some(session) = e.exam_session.as_deref().map(str::trim) {
        return Ok(Some(
            match d
                .registrations
                .iter()
                .position(|r| r.exam_session == session)
            {
                Some(i) => Chosen::Existing(i),
                None => Chosen::Open(session.to_owned()),
            },
        ));
    }
    let by_item: Vec<usize> = match &e.exam_item {
        Some(item) => (0..d.registrations.len())
            .filter(|i| {
                d.registrations[*i]
                    .exam_item
                    .as_deref()
                    .is_some_and(|have| exam_catalog().same_item(have, item))
            })
            .collect(),
        None => vec![],
    };
    match (d.registrations.len(), by_item.as_slice(), &e.exam_item) {
        (1, _, _) => Ok(Some(Chosen::Existing(0))),
        (_, [only], _) => Ok(Some(Chosen::Existing(*only))),
        (0, _, Some(item)) => {
            let catalog = exam_catalog();
            let found = catalog
                .find_item(item)
                .and_then(|i| catalog.current_session(&i.id, today));
            match found {
                Some(s) => Ok(Some(Chosen::Open(s.id.clone()))),
                None => Err(vec![Problem::error(
                    "examItem",
                    ReasonCode::RegistrationUnknownSession,
                    format!("报考项目“{}”在考试目录中没有正在报名的场次，请用 examSession 指明场次", item.trim()),
                    format!("exam item \"{}\" has no session open for registration; name one with examSession", item.trim()),
                )]),
            }
        }
        (0, _, None) => Ok(None),
        (n, _, _) => Err(vec![Problem::error(
            "examSession",
            ReasonCode::RegistrationAmbiguous,
            format!("该考生有 {n} 个报名，请用 examSession 指明考试场次"),
            format!("the candidate has {n} registrations; name the exam session with examSession"),
        )]),
    }
}

/// Applies every element of the array; `Err` only when the input is not a JSON array.
/// The most an outcomes file may hold: far more than one exam office's list, small enough to
/// read whole.
pub const MAX_OUTCOMES_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_OUTCOMES: usize = 20_000;

/// An outcomes file's elements: a JSON array, bounded in bytes and count. `Err` says why in
/// both languages (the caller names the file).
pub fn outcomes_array(bytes: &[u8]) -> Result<Vec<serde_json::Value>, (String, String)> {
    if bytes.len() > MAX_OUTCOMES_BYTES {
        return Err((
            format!("文件超过 {} MB", MAX_OUTCOMES_BYTES / 1024 / 1024),
            format!("the file is over {} MB", MAX_OUTCOMES_BYTES / 1024 / 1024),
        ));
    }
    match serde_json::from_slice(bytes) {
        Ok(serde_json::Value::Array(a)) if a.len() <= MAX_OUTCOMES => Ok(a),
        Ok(serde_json::Value::Array(a)) => Err((
            format!("{} 条，超过上限 {MAX_OUTCOMES}", a.len()),
            format!("{} elements, over the limit of {MAX_OUTCOMES}", a.len()),
        )),
        Ok(_) => Err(("不是 JSON 数组".into(), "not a JSON array".into())),
        Err(e) => Err((
            format!("JSON 格式不正确：{e}"),
            format!("malformed JSON: {e}"),
        )),
    }
}

pub async fn import_outcomes(
    store: &Store,
    elements: &[serde_json::Value],
    actor: &Actor,
) -> Result<Vec<ElementOutcome>, CommandError> {
    let mut outcomes = Vec::with_capacity(elements.len());
    for (index, raw) in elements.iter().enumerate() {
        let mut raw = raw.clone();
        let normalizations = numbers_as_text(&mut raw);
        let id_hint = raw
            .get("idNumber")
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_uppercase());
        let element: Element = match serde_json::from_value(raw) {
            Ok(e) => e,
            Err(err) => {
                let p = Problem::error(
                    &format!("[{index}]"),
                    ReasonCode::ImportFormat,
                    format!("第 {} 条格式不正确：{err}", index + 1),
                    format!("element {} is malformed: {err}", index + 1),
                );
                outcomes.push(refused(index, id_hint, 1, vec![p]));
                continue;
            }
        };
        let id = element.id_number.trim().to_uppercase();
        let state = match process::load_dossier(store, &id).await {
            Ok(s) => s,
            Err(StoreError::NotFound(_)) => {
                let p = Problem::error(
                    "idNumber",
                    ReasonCode::CandidateUnknown,
                    format!("未登记的考生：{id}"),
                    format!("no registered candidate with ID number {id}"),
                );
                outcomes.push(refused(index, Some(id), 2, vec![p]));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let (target, actions) = match actions_for(&element, &state, clock::today()) {
            Ok(a) => a,
            Err(problems) => {
                outcomes.push(refused(index, Some(id), 1, problems));
                continue;
            }
        };
        match process::apply_all(store, &id, target.as_deref(), &actions, actor).await? {
            Ok(new) => outcomes.push(ElementOutcome {
                index,
                id_number: Some(id),
                code: 0,
                changed: new != state,
                issues: vec![],
                normalizations,
            }),
            Err(problems) => outcomes.push(refused(index, Some(id), 1, problems)),
        }
    }
    Ok(outcomes)
}
