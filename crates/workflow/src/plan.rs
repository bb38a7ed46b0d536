//! Splitting registered candidates into exam sessions by serial number (SPEC §2.5.4): when
//! machines per session are fewer than candidates, candidates fill sessions in serial-number
//! order (numeric when every serial is all digits, else text order), seats numbered from 1 in
//! each session. Sessions imported from the exam office are kept unless the user replaces them.

use std::cmp::Ordering;

use regdesk_core::process::{ProcessAction, Registration, SessionAssignment, SessionSource};
use regdesk_core::{Actor, CommandError, ErrorCode, Problem, ReasonCode};
use regdesk_store::{process, Store};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionSlot {
    pub batch: String,
    pub time: String,
    pub site: String,
    pub machines: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Seat {
    pub id_number: String,
    pub name: String,
    pub serial_number: String,
    pub batch: String,
    pub time: String,
    pub site: String,
    pub seat: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The exam session planned.
    pub exam_session: String,
    pub assignments: Vec<Seat>,
    /// Candidates whose imported session was kept.
    pub kept: Vec<Seat>,
    /// Candidates left without a seat when machines run out.
    pub unassigned: Vec<String>,
    pub applied: bool,
    pub issues: Vec<Problem>,
}

/// Orders serial numbers: numerically when all are digits, as text otherwise.
fn serial_order(all_digits: bool) -> impl Fn(&str, &str) -> Ordering {
    move |a, b| {
        if all_digits {
            let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        } else {
            a.cmp(b)
        }
    }
}

/// Plans one exam session's registrations (`exam_session`; without it, the only exam session
/// that has registrations with serial numbers).
pub async fn plan_sessions(
    store: &Store,
    exam_session: Option<&str>,
    sessions: &[SessionSlot],
    apply: bool,
    replace_imported: bool,
    actor: &Actor,
) -> Result<Plan, CommandError> {
    let all = process::list_all(store).await?;
    let with_serial = |r: &&Registration| r.serial_number.is_some();
    let mut found: Vec<&str> = all
        .iter()
        .flat_map(|(_, _, d)| d.registrations.iter().filter(with_serial))
        .map(|r| r.exam_session.as_str())
        .collect();
    found.sort();
    found.dedup();
    let exam_session = match (exam_session.map(str::trim), found.as_slice()) {
        (Some(s), _) => s.to_owned(),
        (None, [only]) => (*only).to_owned(),
        (None, []) => String::new(),
        (None, many) => {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                format!(
                    "有多个考试场次的报名（{}），请用 --exam-session 指明一个",
                    many.join(", ")
                ),
                format!(
                    "registrations of several exam sessions ({}); choose one with --exam-session",
                    many.join(", ")
                ),
            )
            .with_field("examSession"))
        }
    };
    let mut kept = Vec::new();
    let mut queue = Vec::new();
    for (id, name, dossier) in all {
        let Some(reg) = dossier
            .registrations
            .into_iter()
            .find(|r| r.exam_session == exam_session)
        else {
            continue;
        };
        let Some(serial) = reg.serial_number.clone() else {
            continue;
        };
        match &reg.session {
            Some(s) if s.source == SessionSource::Imported && !replace_imported => {
                kept.push(Seat {
                    id_number: id,
                    name,
                    serial_number: serial,
                    batch: s.batch.clone(),
                    time: s.time.clone(),
                    site: s.site.clone(),
                    seat: s.seat.clone(),
                })
            }
            _ => queue.push((id, name, serial)),
        }
    }
    let digits = queue
        .iter()
        .all(|(_, _, s)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    let order = serial_order(digits);
    // Ties (the same serial twice) fall back to the ID number, so the plan is deterministic.
    queue.sort_by(|a, b| order(&a.2, &b.2).then_with(|| a.0.cmp(&b.0)));

    let mut assignments = Vec::new();
    let mut remaining = queue.into_iter();
    for slot in sessions {
        for seat in 1..=slot.machines {
            let Some((id, name, serial)) = remaining.next() else {
                break;
            };
            assignments.push(Seat {
                id_number: id,
                name,
                serial_number: serial,
                batch: slot.batch.clone(),
                time: slot.time.clone(),
                site: slot.site.clone(),
                seat: seat.to_string(),
            });
        }
    }
    let unassigned: Vec<String> = remaining.map(|(id, _, _)| id).collect();
    let mut issues = Vec::new();
    if !unassigned.is_empty() {
        issues.push(Problem::error(
            "sessions",
            ReasonCode::BatchCapacity,
            format!(
                "机位不足：还有 {} 名考生没有座位，请增加场次或机位",
                unassigned.len()
            ),
            format!(
                "not enough machines: {} candidates have no seat; add sessions or machines",
                unassigned.len()
            ),
        ));
    }
    let mut applied = false;
    if apply {
        // Every seat is stored, or none: a refusal leaves the plan unapplied.
        let work: Vec<process::Work> = assignments
            .iter()
            .map(|a| {
                let session = SessionAssignment {
                    batch: a.batch.clone(),
                    time: a.time.clone(),
                    site: a.site.clone(),
                    seat: a.seat.clone(),
                    source: SessionSource::Planned,
                };
                (
                    a.id_number.clone(),
                    Some(exam_session.clone()),
                    vec![ProcessAction::AssignSession { session }],
                )
            })
            .collect();
        match process::apply_many(store, &work, actor).await? {
            Ok(()) => applied = true,
            Err((_, p)) => issues.extend(p),
        }
    }
    Ok(Plan {
        exam_session,
        assignments,
        kept,
        unassigned,
        applied,
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::serial_order;
    use std::cmp::Ordering;

    #[test]
    fn numeric_serials_sort_by_value_and_others_as_text() {
        let num = serial_order(true);
        assert_eq!(num("9", "10"), Ordering::Less);
        assert_eq!(num("0010", "9"), Ordering::Greater);
        let text = serial_order(false);
        assert_eq!(text("A9", "A10"), Ordering::Greater);
    }
}
