//! Admission tickets (准考证): gather what a ticket prints from the store, refuse with reasons
//! when it is not open yet or something is missing, render one or many into one PDF.

use regdesk_core::candidate::Candidate;
use regdesk_core::process::{ticket_problems, Dossier, Registration, UploadSlot};
use regdesk_core::{clock, CommandError, Problem, ReasonCode};
use regdesk_store::{attachments, candidates, process, Store, StoreError};
use regdesk_ticket::{render_tickets, TicketData, TicketError};
use serde::Serialize;

/// Orders numbers as numbers ("9" before "10") and other text as text, after the numbers.
fn natural(s: &str) -> (u8, u128, &str) {
    match s.trim().parse::<u128>() {
        Ok(n) if s.trim().bytes().all(|b| b.is_ascii_digit()) => (0, n, s),
        _ => (1, 0, s),
    }
}

/// A candidate whose ticket cannot be printed, and why.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketRefusal {
    pub id_number: String,
    /// The registration's exam session, when one was found.
    pub exam_session: Option<String>,
    pub name: String,
    pub issues: Vec<Problem>,
}

/// The rendered PDF (if any ticket was available) and the candidates left out.
#[derive(Debug, Clone)]
pub struct TicketBatch {
    pub pdf: Option<Vec<u8>>,
    pub printed: Vec<String>,
    pub refused: Vec<TicketRefusal>,
}

async fn ticket_for(
    store: &Store,
    candidate: &Candidate,
    exam: &Registration,
) -> Result<Result<TicketData, TicketRefusal>, CommandError> {
    let mut issues = ticket_problems(exam, clock::today());
    let photo = attachments::get(store, &candidate.id_number, UploadSlot::Photo).await?;
    if photo.is_none() {
        issues.push(Problem::error(
            "photo",
            ReasonCode::TicketDataMissing,
            "准考证缺少电子证件照片：请先上传证件照",
            "the admission ticket needs the ID photo: upload it first",
        ));
    }
    let (Some(photo), true) = (photo, issues.is_empty()) else {
        return Ok(Err(TicketRefusal {
            id_number: candidate.id_number.clone(),
            exam_session: Some(exam.exam_session.clone()),
            name: candidate.name.clone(),
            issues,
        }));
    };
    let session = exam.session.clone().expect("checked by ticket_problems");
    Ok(Ok(TicketData {
        name: candidate.name.clone(),
        gender: candidate.gender.label_zh().into(),
        id_number: candidate.id_number.clone(),
        exam_item: exam.exam_item.clone().unwrap_or_default(),
        region: exam.region.clone(),
        serial_number: exam.serial_number.clone().unwrap_or_default(),
        batch: session.batch,
        session_time: session.time,
        site: session.site,
        seat: session.seat,
        photo_jpeg: photo.bytes,
    }))
}

/// Renders on a blocking thread (fonts are subset and pages laid out: CPU work that must not
/// hold an async worker); the tickets come back with the PDF.
async fn render(tickets: Vec<TicketData>) -> Result<(Vec<u8>, Vec<TicketData>), CommandError> {
    tokio::task::spawn_blocking(move || {
        let pdf = render_tickets(&tickets).map_err(|e| match e {
            TicketError::Empty => CommandError::internal("no tickets"),
            other => CommandError::internal(other),
        })?;
        Ok((pdf, tickets))
    })
    .await
    .map_err(CommandError::internal)?
}

/// One registration's ticket (`exam_session`, or the candidate's only registration):
/// `Ok(Err(refusal))` when it is not available (exit 1 in the CLI).
pub async fn ticket_pdf(
    store: &Store,
    id_number: &str,
    exam_session: Option<&str>,
) -> Result<Result<Vec<u8>, TicketRefusal>, CommandError> {
    let candidate = candidates::find_by_id_number(store, id_number)
        .await?
        .ok_or_else(|| {
            CommandError::from(StoreError::NotFound(format!("candidate {id_number}")))
                .with_field("idNumber")
        })?;
    let dossier: Dossier = process::load_dossier(store, &candidate.id_number).await?;
    let exam = match dossier.find(exam_session) {
        Ok(i) => &dossier.registrations[i],
        Err(issues) => {
            return Ok(Err(TicketRefusal {
                id_number: candidate.id_number.clone(),
                exam_session: exam_session.map(Into::into),
                name: candidate.name.clone(),
                issues,
            }))
        }
    };
    match ticket_for(store, &candidate, exam).await? {
        Ok(data) => Ok(Ok(render(vec![data]).await?.0)),
        Err(refusal) => Ok(Err(refusal)),
    }
}

/// Every registration whose ticket is available (of `exam_session` only, when given), in
/// batch, seat and serial-number order, in one PDF.
pub async fn all_tickets_pdf(
    store: &Store,
    exam_session: Option<&str>,
) -> Result<TicketBatch, CommandError> {
    tickets_pdf(store, exam_session, None).await
}

/// As [`all_tickets_pdf`], for the candidates `only` names (a grid selection) when given.
pub async fn tickets_pdf(
    store: &Store,
    exam_session: Option<&str>,
    only: Option<&[String]>,
) -> Result<TicketBatch, CommandError> {
    let mut ready = Vec::new();
    let mut refused = Vec::new();
    let chosen = |c: &Candidate| only.is_none_or(|ids| ids.contains(&c.id_number));
    for candidate in candidates::list(store).await?.into_iter().filter(chosen) {
        let dossier = process::load_dossier(store, &candidate.id_number).await?;
        if exam_session.is_none() && dossier.registrations.is_empty() {
            // Listed, so a clerk sees who has not registered for any exam yet.
            refused.push(TicketRefusal {
                id_number: candidate.id_number.clone(),
                exam_session: None,
                name: candidate.name.clone(),
                issues: dossier.find(None).err().unwrap_or_default(),
            });
            continue;
        }
        let regs = dossier
            .registrations
            .iter()
            .filter(|r| exam_session.is_none_or(|s| s.trim() == r.exam_session));
        for exam in regs {
            match ticket_for(store, &candidate, exam).await? {
                Ok(data) => ready.push(data),
                Err(r) => refused.push(r),
            }
        }
    }
    fn key(t: &TicketData) -> [(u8, u128, &str); 3] {
        [
            natural(&t.batch),
            natural(&t.seat),
            natural(&t.serial_number),
        ]
    }
    ready.sort_by(|a, b| key(a).cmp(&key(b)));
    let (pdf, ready) = if ready.is_empty() {
        (None, ready)
    } else {
        let (pdf, ready) = render(ready).await?;
        (Some(pdf), ready)
    };
    Ok(TicketBatch {
        pdf,
        printed: ready.into_iter().map(|t| t.id_number).collect(),
        refused,
    })
}

#[cfg(test)]
mod tests {
    use super::natural;

    #[test]
    fn seats_sort_as_numbers_then_text() {
        let mut seats = vec!["10", "9", "A2", "100", "09", "1"];
        seats.sort_by_key(|s| natural(s));
        assert_eq!(seats, ["1", "09", "9", "10", "100", "A2"]);
    }
}
