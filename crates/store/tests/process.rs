//! The process state machine and identity corrections, persisted in a real SQLite file.

use regdesk_core::process::{ProcessAction, ProfileStatus, UploadSlot};
use regdesk_core::profile::{Education, Invoice, Profile};
use regdesk_core::{Actor, IdentityInput, ReasonCode};
use regdesk_store::correction::{correct_identity, Proof};
use regdesk_store::{audit, candidates, process, Store, StoreError};

const ID: &str = "11010519491231002X";

async fn store_with_candidate(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).await.unwrap();
    let input = IdentityInput {
        name: "王芳".into(),
        gender: "female".into(),
        id_number: ID.into(),
        mobile: "13900001111".into(),
        email: "wf@example.com".into(),
    };
    assert!(
        candidates::register(&store, &input, &actor(), false)
            .await
            .unwrap()
            .added
    );
    store
}

fn actor() -> Actor {
    Actor::Cli("tester".into())
}

fn basic() -> ProcessAction {
    ProcessAction::SaveBasic {
        profile: Profile {
            education: Education::JuniorCollege,
            major: "护理".into(),
            employer: "重庆市人民医院".into(),
            invoice: Invoice::Personal,
            medical_override: None,
        },
    }
}

#[tokio::test]
async fn transitions_persist_and_each_is_audited_with_old_and_new_state() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_candidate(dir.path()).await;
    process::apply(&store, ID, &basic(), &actor())
        .await
        .unwrap()
        .unwrap();
    let uploads = ProcessAction::CompleteUploads {
        slots: vec![UploadSlot::IdFront, UploadSlot::Diploma, UploadSlot::Photo],
    };
    process::apply(&store, ID, &uploads, &actor())
        .await
        .unwrap()
        .unwrap();
    process::apply(&store, ID, &ProcessAction::Submit, &actor())
        .await
        .unwrap()
        .unwrap();
    drop(store);

    let store = Store::open(dir.path()).await.unwrap();
    let state = process::load(&store, ID).await.unwrap();
    assert!(matches!(
        state.profile_status,
        ProfileStatus::Submitted { .. }
    ));
    let log = audit::history(&store, "candidate", ID).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "register",
            "process.save_basic",
            "process.complete_uploads",
            "process.submit"
        ]
    );
    let submit = log.last().unwrap();
    assert_eq!(
        submit.old_value.as_ref().unwrap()["profileStatus"]["status"],
        "draft"
    );
    assert_eq!(
        submit.new_value.as_ref().unwrap()["profileStatus"]["status"],
        "submitted"
    );
}

#[tokio::test]
async fn a_refused_step_changes_nothing_and_writes_no_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_candidate(dir.path()).await;
    let refused = process::apply(&store, ID, &ProcessAction::Submit, &actor())
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused[0].code, ReasonCode::ProcessOutOfOrder);
    assert_eq!(
        audit::history(&store, "candidate", ID).await.unwrap().len(),
        1,
        "only the registration"
    );
    assert_eq!(process::load(&store, ID).await.unwrap(), Default::default());
}

#[tokio::test]
async fn repeating_a_done_step_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_candidate(dir.path()).await;
    process::apply(&store, ID, &basic(), &actor())
        .await
        .unwrap()
        .unwrap();
    process::apply(&store, ID, &basic(), &actor())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        audit::history(&store, "candidate", ID).await.unwrap().len(),
        2
    );
}

#[tokio::test]
async fn unknown_candidate_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let err = process::apply(&store, ID, &basic(), &actor())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)));
}

#[tokio::test]
async fn identity_correction_needs_reason_and_proof_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_candidate(dir.path()).await;
    let fixed = IdentityInput {
        name: "王芳芳".into(),
        gender: "female".into(),
        id_number: ID.into(),
        mobile: "13900001111".into(),
        email: "wf@example.com".into(),
    };
    let proof = Proof {
        file_name: "id.jpg",
        bytes: b"\xFF\xD8jpeg",
    };
    let refused = correct_identity(&store, ID, &fixed, " ", proof, &actor())
        .await
        .unwrap();
    assert!(!refused.corrected);
    assert_eq!(refused.issues[0].field, "reason");
    let no_proof = correct_identity(
        &store,
        ID,
        &fixed,
        "改名",
        Proof {
            file_name: "x",
            bytes: b"",
        },
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(no_proof.issues[0].field, "proof");
    assert_eq!(
        candidates::list(&store).await.unwrap()[0].name,
        "王芳",
        "nothing changed on refusal"
    );

    let done = correct_identity(
        &store,
        ID,
        &fixed,
        "户籍更名",
        Proof {
            file_name: "id.jpg",
            bytes: b"\xFF\xD8jpeg",
        },
        &actor(),
    )
    .await
    .unwrap();
    assert!(done.corrected, "{:?}", done.issues);
    assert_eq!(candidates::list(&store).await.unwrap()[0].name, "王芳芳");
    let last = audit::history(&store, "candidate", ID)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "correct_identity");
    assert_eq!(last.reason.as_deref(), Some("户籍更名"));
    assert_eq!(last.old_value.unwrap()["name"], "王芳");
    assert_eq!(last.new_value.unwrap()["name"], "王芳芳");
}

#[tokio::test]
async fn a_corrected_id_number_keeps_one_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_candidate(dir.path()).await;
    process::apply(&store, ID, &basic(), &actor())
        .await
        .unwrap()
        .unwrap();
    let new_id = "500103199001010010";
    let fixed = IdentityInput {
        name: "王芳".into(),
        gender: "male".into(),
        id_number: new_id.into(),
        mobile: "13900001111".into(),
        email: "wf@example.com".into(),
    };
    let proof = Proof {
        file_name: "id.jpg",
        bytes: b"\xFF\xD8jpeg",
    };
    let done = correct_identity(&store, ID, &fixed, "号码登记错误", proof, &actor())
        .await
        .unwrap();
    assert!(done.corrected, "{:?}", done.issues);
    process::apply(&store, new_id, &ProcessAction::Submit, &actor())
        .await
        .unwrap()
        .unwrap_err();
    let uploads = ProcessAction::CompleteUploads {
        slots: UploadSlot::ALL.to_vec(),
    };
    process::apply(&store, new_id, &uploads, &actor())
        .await
        .unwrap()
        .unwrap();
    let id = done.candidate.unwrap().id;
    let actions: Vec<String> = audit::candidate_history(&store, id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "register",
            "process.save_basic",
            "correct_identity",
            "process.complete_uploads"
        ]
    );
}
