//! Operator accounts in a real SQLite file: first start once, argon2 hash (never the password
//! itself), verification.

use regdesk_store::operators::{self, Role};
use regdesk_store::Store;

#[tokio::test]
async fn first_start_once_with_a_hashed_password() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(operators::current(&store).await.unwrap(), None);

    let short = operators::create(&store, "王芳", Role::Candidate, Some("abc"))
        .await
        .unwrap();
    assert_eq!(short.unwrap_err()[0].field, "password");

    let op = operators::create(&store, "王芳", Role::Candidate, Some("correct horse 9"))
        .await
        .unwrap()
        .unwrap();
    assert!(op.has_password);
    assert_eq!(op.role, Role::Candidate);
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM operators")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("correct horse"));

    assert!(operators::verify_password(&store, "correct horse 9")
        .await
        .unwrap());
    assert!(!operators::verify_password(&store, "correct horse 8")
        .await
        .unwrap());

    let again = operators::create(&store, "李四", Role::Reviewer, None)
        .await
        .unwrap();
    assert!(again.is_err(), "a second first start is refused");
}

#[tokio::test]
async fn without_a_password_anything_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let op = operators::create(&store, "培训中心", Role::TrainingCentre, None)
        .await
        .unwrap()
        .unwrap();
    assert!(!op.has_password);
    assert!(operators::verify_password(&store, "").await.unwrap());
}

#[tokio::test]
async fn changing_the_role_is_audited_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let actor = regdesk_core::Actor::Operator(1);
    assert_eq!(
        operators::set_role(&store, Role::Reviewer, &actor)
            .await
            .unwrap(),
        None,
        "no operator before the first start"
    );
    operators::create(&store, "王芳", Role::Candidate, None)
        .await
        .unwrap()
        .unwrap();
    let op = operators::set_role(&store, Role::TrainingCentre, &actor)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(op.role, Role::TrainingCentre);
    // The same role again changes nothing and writes no second row.
    operators::set_role(&store, Role::TrainingCentre, &actor)
        .await
        .unwrap();
    let history = regdesk_store::audit::history(&store, "operator", &op.id.to_string())
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "set_role");
    assert_eq!(history[0].old_value, Some(serde_json::json!("candidate")));
    assert_eq!(
        history[0].new_value,
        Some(serde_json::json!("training_centre"))
    );
    assert_eq!(history[0].actor, "operator:1");
    drop(store);
    let again = Store::open(dir.path()).await.unwrap();
    let op = operators::current(&again).await.unwrap().unwrap();
    assert_eq!(op.role, Role::TrainingCentre);
}
