//! Upgrading a database made by the release before several registrations per candidate: its
//! single registration (inside the process state) becomes a registration row, nothing is lost,
//! a backup is taken first, and audit rows gain the candidate's stable id.

use std::path::Path;

use regdesk_core::process::{PaymentStatus, ProfileStatus, RegistrationStatus};
use regdesk_store::{audit, process, Store};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

const ID: &str = "11010519491231002X";
const OTHER: &str = "500103199001010010";

/// A state exactly as the previous release wrote it: the registration inside `exam`.
const OLD_STATE: &str = r#"{"channel":{"type":"individual"},
 "profileStatus":{"status":"passed","decidedAt":"2026-11-20","validUntil":"2027-11-20"},
 "profile":{"education":"junior_college","major":"护理","employer":"重庆市人民医院","invoice":{"type":"personal"},"medicalOverride":null},
 "uploads":["id_front","diploma","photo"],
 "lastReview":{"decision":"passed","reasons":[],"note":null,"reviewer":null,"decidedAt":"2026-11-20","validUntil":"2027-11-20"},
 "exam":{"noticeAcknowledgedAt":"2026-11-21T09:00:00+08:00","examItem":"健康管理师（二级）","region":"渝中区",
   "payment":{"status":"paid","reference":"WX1"},"serialNumber":"0007",
   "session":{"batch":"第1批","time":"2026-12-12 09:00","site":"渝中考点","seat":"12","source":"imported"},
   "ticketOpensAt":"2026-12-05"},
 "certificate":{"method":"self_pickup"}}"#;

/// The previous release's schema: the first five migrations only.
async fn old_database(dir: &Path) {
    let old = tempfile::tempdir().unwrap();
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&all).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() < "20261130000006" {
            std::fs::copy(&path, old.path().join(&name)).unwrap();
        }
    }
    let options = SqliteConnectOptions::new()
        .filename(dir.join("regdesk.db"))
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    Migrator::new(old.path())
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    for (id, (number, name)) in [(ID, "王芳"), (OTHER, "李明")].iter().enumerate() {
        sqlx::query("INSERT INTO candidates (id, name, gender, id_number, mobile, email, created_at, updated_at) VALUES (?, ?, 'female', ?, '13900001111', 'a@example.com', 1, 1)")
            .bind(id as i64 + 1)
            .bind(name)
            .bind(number)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO processes (candidate_id, state, updated_at) VALUES (1, ?, 5)")
        .bind(OLD_STATE)
        .execute(&mut conn)
        .await
        .unwrap();
    // The second candidate only drafted a profile: no registration to move.
    sqlx::query("INSERT INTO processes (candidate_id, state, updated_at) VALUES (2, ?, 5)")
        .bind(r#"{"channel":{"type":"individual"},"profileStatus":{"status":"draft","next":"basic"},"profile":null,"uploads":[],"lastReview":null,"exam":{"noticeAcknowledgedAt":null,"examItem":null,"region":null,"payment":null,"serialNumber":null},"certificate":null}"#)
        .execute(&mut conn)
        .await
        .unwrap();
    // History written before a correction, under the old ID number, and the correction itself.
    for (key, action, old) in [
        ("500103199001010029", "register", None),
        (
            OTHER,
            "correct_identity",
            Some(r#"{"idNumber":"500103199001010029"}"#),
        ),
    ] {
        sqlx::query("INSERT INTO audit_log (at, actor, entity, entity_key, action, old_value) VALUES (1, 'cli:t', 'candidate', ?, ?, ?)")
            .bind(key)
            .bind(action)
            .bind(old)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
}

#[tokio::test]
async fn the_single_registration_moves_to_its_own_row_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    old_database(dir.path()).await;
    let store = Store::open(dir.path()).await.unwrap();
    assert!(
        dir.path().join("regdesk.db.v20261130000005.bak").exists(),
        "backup before the upgrade"
    );

    let d = process::load_dossier(&store, ID).await.unwrap();
    assert!(matches!(
        d.profile.profile_status,
        ProfileStatus::Passed { .. }
    ));
    assert_eq!(d.registrations.len(), 1);
    let r = &d.registrations[0];
    assert_eq!(
        r.exam_session, "health-manager-2-2026-2",
        "its item's round"
    );
    assert_eq!(r.exam_item.as_deref(), Some("健康管理师（二级）"));
    assert_eq!(r.region.as_deref(), Some("渝中区"));
    assert_eq!(r.payment.as_ref().unwrap().status, PaymentStatus::Paid);
    assert_eq!(
        r.payment.as_ref().unwrap().reference.as_deref(),
        Some("WX1")
    );
    assert_eq!(r.serial_number.as_deref(), Some("0007"));
    assert_eq!(r.session.as_ref().unwrap().seat, "12");
    assert_eq!(r.ticket_opens_at.as_deref(), Some("2026-12-05"));
    assert_eq!(
        serde_json::to_value(&r.certificate).unwrap(),
        serde_json::json!({"method": "self_pickup"})
    );
    assert_eq!(r.status(), RegistrationStatus::Completed);
    assert!(process::load_dossier(&store, OTHER)
        .await
        .unwrap()
        .registrations
        .is_empty());

    // The corrected candidate's history is one history, old ID number included.
    let history = audit::candidate_history(&store, 2).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["register", "correct_identity"]);

    // Opening again finds the upgraded schema in place and changes nothing.
    drop(store);
    let again = Store::open(dir.path()).await.unwrap();
    assert_eq!(process::load_dossier(&again, ID).await.unwrap(), d);
}
