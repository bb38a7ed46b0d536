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
        process::load(&store, &id_number(1))
            .await
            .unwrap()
            .exam
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
    let exact = plan_sessions(&store, &[slot("A", 3)], false, false, &actor())
        .await
        .unwrap();
    assert!(exact.unassigned.is_empty());
    let short = plan_sessions(&store, &[slot("A", 2)], false, false, &actor())
        .await
        .unwrap();
    assert_eq!(short.unassigned, [id_number(3)]);
    assert_eq!(short.issues[0].code.as_str(), "batch.capacity");
    let more_sessions = plan_sessions(
        &store,
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
    let plan = plan_sessions(&store, &[slot("A", 3)], false, false, &actor())
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

    let plan = plan_sessions(&store, &[slot("A", 5)], true, false, &actor())
        .await
        .unwrap();
    assert_eq!(plan.kept.len(), 1);
    assert_eq!(
        process::load(&store, &a)
            .await
            .unwrap()
            .exam
            .session
            .unwrap()
            .source,
        SessionSource::Planned
    );
    assert_eq!(
        process::load(&store, &b)
            .await
            .unwrap()
            .exam
            .session
            .unwrap(),
        imported
    );

    plan_sessions(&store, &[slot("A", 5)], true, true, &actor())
        .await
        .unwrap();
    assert_eq!(
        process::load(&store, &b)
            .await
            .unwrap()
            .exam
            .session
            .unwrap()
            .batch,
        "A",
        "replaced on request"
    );
}
