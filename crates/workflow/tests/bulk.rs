//! Bulk actions on a selection: submitting profiles (each blocking problem listed per
//! candidate, the ready ones submitted) and exporting packages into a folder (one zip per
//! submitted profile, verified by the package reader; a draft gets none).

mod common;

use common::*;
use regdesk_core::process::ProfileStatus;
use regdesk_store::{process, Store};
use regdesk_workflow::roster::{export_packages, submit_profiles};
use regdesk_workflow::tickets_pdf;

#[tokio::test]
async fn submitting_a_selection_submits_the_ready_and_explains_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let fresh = registered(&store, 1).await;
    let done = submitted(&store, 2).await;
    let lines = submit_profiles(&store, &[fresh.clone(), done.clone()], &actor())
        .await
        .unwrap();
    assert!(!lines[0].done);
    assert_eq!(lines[0].issues[0].code.as_str(), "process.out_of_order");
    assert!(!lines[1].done, "already submitted: locked");
    assert!(matches!(
        process::load(&store, &done).await.unwrap().profile_status,
        ProfileStatus::Submitted { .. }
    ));

    let out = dir.path().join("packages");
    let lines = export_packages(&store, &[fresh.clone(), done.clone()], &out, &actor())
        .await
        .unwrap();
    // Only the submitted profile has a package; the draft is not done, with what blocks it,
    // and nothing is written for it.
    assert!(!lines[0].done, "{:?}", lines[0]);
    assert!(!lines[0].issues.is_empty() && lines[0].issues.iter().all(|p| p.is_error()));
    assert!(!out.join(format!("{fresh}.zip")).exists());
    assert!(lines[1].done, "{:?}", lines[1]);
    {
        let id = &done;
        let zip = std::fs::read(out.join(format!("{id}.zip"))).unwrap();
        let report = regdesk_package::verify(&zip, Default::default()).unwrap();
        assert!(report.valid, "{id}: {:?}", report.issues);
        let manifest = report.manifest.unwrap();
        assert_eq!(manifest.candidate["identity"]["idNumber"], id.as_str());
    }

    // Tickets of the selection only: neither has a registration, each says so.
    let batch = tickets_pdf(&store, None, Some(std::slice::from_ref(&done)))
        .await
        .unwrap();
    assert!(batch.pdf.is_none());
    let refused: Vec<&str> = batch.refused.iter().map(|r| r.id_number.as_str()).collect();
    assert_eq!(refused, [done.as_str()]);
    assert_eq!(
        batch.refused[0].issues[0].code.as_str(),
        "process.out_of_order"
    );
}
