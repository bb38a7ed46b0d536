//! Batch planning against a real SQLite file: capacity edges, ordering, ties, imported sessions.

mod common;

use common::*;
use regdesk_core::process::{ProcessAction, SessionAssignment, SessionSource};
use regdesk_store::{process, Store};
use regdesk_workflow::{plan_sessions, SessionSlot};

fn slot(batch: &str, machines: u32) -> SessionSlot {
    SessionSlot {
        batch: batch.into(),
        time: format!("2026-12-0{} 09:00", batch.len()),
        site: "渝中考点".into(),
        machines,
    }
}

#[tokio::test]
async fn candidates_fill_sessions_in_numeric_serial_order_with_seats_from_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    with_serial(&store, 1, "10").await;
    with_serial(&store, 2, "9").await;
    with_serial(&store, 3, "100").await;
    submitted(&store, 4).await; // no serial: not planned
    let plan = plan_sessions(
        &store,
        None,
        &[slot("A", 2), slot("B", 2)],
        false,
        false,
        &actor(),
    )
    .await
    .unwrap();
    let got: Vec<(&str, &str, &str)> = plan
        .assignments
        .iter()
        .map(|s| (s.serial_number.as_str(), s.batch.as_str(), s.seat.as_str()))
        .collect();
    assert_eq!(got, [("9", "A", "1"), ("10", "A", "2"), ("100", "B", "1")]);
    assert!(plan.unassigned.is_empty() && plan.issues.is_empty());
    assert!(
        process::load_dossier(&store, &id_number(1))
            .await
            .unwrap()
            .registrations[0]
            .clone()
            .session
            .is_none(),
        "not stored without --apply"
    );
}

#[tokio::test]
async fn exact_capacity_fits_and_one_more_is_reported_unassigned() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    for i in 1..=3 {
        with_serial(&store, i, &format!("{i:04}")).await;
    }
    let exact = plan_sessions(&store, None, &[slot("A", 3)], false, false, &actor())
        .await
        .unwrap();
    assert!(exact.unassigned.is_empty());
    let short = plan_sessions(&store, None, &[slot("A", 2)], false, false, &actor())
        .await
        .unwrap();
    assert_eq!(short.unassigned, [id_number(3)]);
    assert_eq!(short.issues[0].code.as_str(), "batch.capacity");
    let more_sessions = plan_sessions(
        &store,
        None,
        &[slot("A", 5), slot("B", 5), slot("C", 0)],
        false,
        false,
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(more_sessions.assignments.len(), 3);
    assert!(more_sessions.assignments.iter().all(|s| s.batch == "A"));
}

#[tokio::test]
async fn text_serials_sort_as_text_and_ties_by_id_number() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    with_serial(&store, 2, "CQ-10").await;
    with_serial(&store, 1, "CQ-10").await;
    with_serial(&store, 3, "CQ-09").await;
    let plan = plan_sessions(&store, None, &[slot("A", 3)], false, false, &actor())
        .await
        .unwrap();
    let ids: Vec<&str> = plan
        .assignments
        .iter()
        .map(|s| s.id_number.as_str())
        .collect();
    assert_eq!(ids, [id_number(3), id_number(1), id_number(2)]);
}

#[tokio::test]
async fn apply_stores_planned_sessions_but_keeps_imported_ones_unless_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = with_serial(&store, 1, "1").await;
    let b = with_serial(&store, 2, "2").await;
    let imported = SessionAssignment {
        batch: "OFFICE".into(),
        time: "2026-12-10 14:00".into(),
        site: "考试院".into(),
        seat: "7".into(),
        source: SessionSource::Imported,
    };
    process::apply(
        &store,
        &b,
        &ProcessAction::AssignSession {
            session: imported.clone(),
        },
        &actor(),
    )
    .await
    .unwrap()
    .unwrap();

    let plan = plan_sessions(&store, None, &[slot("A", 5)], true, false, &actor())
        .await
        .unwrap();
    assert_eq!(plan.kept.len(), 1);
    assert_eq!(
        session_of(&store, &a).await.unwrap().source,
        SessionSource::Planned
    );
    assert_eq!(session_of(&store, &b).await.unwrap(), imported);

    plan_sessions(&store, None, &[slot("A", 5)], true, true, &actor())
        .await
        .unwrap();
    assert_eq!(
        session_of(&store, &b).await.unwrap().batch,
        "A",
        "replaced on request"
    );
}

async fn session_of(store: &Store, id: &str) -> Option<regdesk_core::process::SessionAssignment> {
    process::load_dossier(store, id)
        .await
        .unwrap()
        .registrations[0]
        .session
        .clone()
}

#[tokio::test]
async fn two_exam_sessions_are_planned_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = with_serial(&store, 1, "1").await;
    let other = "health-manager-2-2027-1";
    let steps = [
        ProcessAction::OpenRegistration {
            exam_session: other.into(),
            region: Some("渝中区".into()),
        },
        ProcessAction::AcknowledgeNotice,
        ProcessAction::RecordPayment {
            reference: "P2".into(),
        },
        ProcessAction::AssignSerial {
            serial_number: "7".into(),
        },
    ];
    process::apply_all(&store, &a, None, &steps, &actor())
        .await
        .unwrap()
        .unwrap();
    let err = plan_sessions(&store, None, &[slot("A", 5)], false, false, &actor())
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("examSession"));
    let plan = plan_sessions(&store, Some(other), &[slot("A", 5)], true, false, &actor())
        .await
        .unwrap();
    assert_eq!(plan.assignments.len(), 1);
    assert_eq!(plan.assignments[0].serial_number, "7");
    let d = process::load_dossier(&store, &a).await.unwrap();
    assert!(
        d.registrations[0].session.is_none(),
        "the other session is untouched"
    );
    assert_eq!(d.registrations[1].session.as_ref().unwrap().batch, "A");
}
