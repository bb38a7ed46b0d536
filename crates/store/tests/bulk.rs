//! New candidates in bulk leave the same rows as adding them one by one (candidates, process
//! states, intents, and audit rows in the same order with the same values), in a real SQLite
//! file; a duplicate is refused by its ID number and, the transaction dropped, nothing stays.

use regdesk_core::identity::validate_identity;
use regdesk_core::process::{Channel, ProcessAction};
use regdesk_core::profile::{Education, Invoice, Profile};
use regdesk_core::{Actor, Identity, IdentityInput, ReasonCode};
use regdesk_store::bulk::{insert_new_in, NewCandidate};
use regdesk_store::{candidates, intents, process, Store};
use serde_json::{json, Value};

const IDS: [&str; 3] = [
    "11010519491231002X",
    "110105198001010040",
    "110105199002020069",
];

fn identity(n: usize) -> Identity {
    let input = IdentityInput {
        name: ["王芳", "李娜", "张敏"][n].into(),
        gender: "female".into(),
        id_number: IDS[n].into(),
        mobile: format!("1390000111{n}"),
        email: format!("c{n}@example.com"),
    };
    validate_identity(&input, false)
        .identity
        .unwrap_or_else(|| panic!("a valid identity: {input:?}"))
}

fn actions(n: usize) -> Vec<ProcessAction> {
    let mut a = vec![ProcessAction::SetChannel {
        channel: Channel::TrainingCentre {
            name: "渝北培训中心".into(),
        },
    }];
    // The second candidate has no profile cells: a draft, as a roster row may be.
    if n != 1 {
        a.push(ProcessAction::SaveBasic {
            profile: Profile {
                education: Education::JuniorCollege,
                major: "护理".into(),
                employer: format!("医院{n}"),
                invoice: Invoice::Personal,
                medical_override: None,
            },
        });
    }
    a
}

fn intent(n: usize) -> Value {
    json!({ "session": "health-manager-3-2027-1", "region": "渝北区", "n": n })
}

/// The three candidates as a roster hands them to the bulk insert.
fn new_candidates(identities: &[Identity]) -> Vec<NewCandidate<'_>> {
    identities
        .iter()
        .enumerate()
        .map(|(n, identity)| NewCandidate {
            identity,
            actions: actions(n),
            intent: intent(n),
        })
        .collect()
}

fn actor() -> Actor {
    Actor::Cli("tester".into())
}

/// actor, entity_key, action, old_value, new_value, candidate_id
type AuditRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// Every written row that does not depend on the clock, in id order, values parsed.
async fn rows(store: &Store) -> Vec<Value> {
    let mut out = Vec::new();
    let cands: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, name, id_number, mobile FROM candidates ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    out.extend(
        cands
            .into_iter()
            .map(|c| json!(["candidate", c.0, c.1, c.2, c.3])),
    );
    for (table, col) in [("processes", "state"), ("intents", "intent")] {
        let sql = format!("SELECT candidate_id, {col} FROM {table} ORDER BY candidate_id");
        let got: Vec<(i64, String)> = sqlx::query_as(&sql).fetch_all(store.pool()).await.unwrap();
        for (id, text) in got {
            out.push(json!([
                table,
                id,
                serde_json::from_str::<Value>(&text).unwrap()
            ]));
        }
    }
    let audit: Vec<AuditRow> =
        sqlx::query_as(
            "SELECT actor, entity_key, action, old_value, new_value, candidate_id FROM audit_log ORDER BY id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
    let parse = |t: Option<String>| t.map(|t| serde_json::from_str::<Value>(&t).unwrap());
    for a in audit {
        out.push(json!(["audit", a.0, a.1, a.2, parse(a.3), parse(a.4), a.5]));
    }
    out
}

#[tokio::test]
async fn bulk_rows_equal_one_by_one_rows() {
    let (one, many) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let single = Store::open(one.path()).await.unwrap();
    for (n, number) in IDS.iter().enumerate() {
        let id = identity(n);
        let mut tx = single.begin_write().await.unwrap();
        candidates::insert_in(&mut tx, &id, &actor())
            .await
            .unwrap()
            .unwrap();
        process::apply_in_tx(&mut tx, number, None, &actions(n), &actor())
            .await
            .unwrap()
            .unwrap();
        intents::put_in(&mut tx, number, &intent(n), None, &actor())
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    let bulk = Store::open(many.path()).await.unwrap();
    let identities: Vec<Identity> = (0..3).map(identity).collect();
    let new = new_candidates(&identities);
    let mut tx = bulk.begin_write().await.unwrap();
    insert_new_in(&mut tx, &new, &actor())
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();

    let (a, b) = (rows(&single).await, rows(&bulk).await);
    // 3 candidates, 3 process states, 3 intents; audit: 3 × (register, channel, intent) + 2 profiles.
    assert_eq!(a.len(), 3 + 3 + 3 + 3 * 3 + 2, "{a:#?}");
    assert_eq!(a, b);
}

/// A workspace holding one candidate, added the ordinary way, and its rows.
async fn store_with(existing: &Identity) -> (tempfile::TempDir, Store, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let mut tx = store.begin_write().await.unwrap();
    candidates::insert_in(&mut tx, existing, &actor())
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let before = rows(&store).await;
    (dir, store, before)
}

/// The bulk insert refuses `id` as already there, and the dropped transaction leaves the
/// rows as they were.
async fn refused_as_existing(store: &Store, new: &[NewCandidate<'_>], id: &str, before: &[Value]) {
    let mut tx = store.begin_write().await.unwrap();
    let (refused, problems) = insert_new_in(&mut tx, new, &actor())
        .await
        .unwrap()
        .unwrap_err();
    drop(tx);
    assert_eq!(refused, id);
    assert_eq!(problems[0].code, ReasonCode::CandidateExists);
    assert_eq!(rows(store).await, before);
}

#[tokio::test]
async fn a_duplicate_is_named_and_nothing_stays() {
    let (_dir, store, before) = store_with(&identity(1)).await;

    let identities: Vec<Identity> = (0..3).map(identity).collect();
    let new = new_candidates(&identities);
    refused_as_existing(&store, &new, IDS[1], &before).await;
}

/// `n` valid identities (born 1985-05-05, sequence numbers 000…, check digit computed).
fn many(n: usize) -> Vec<Identity> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    (0..n)
        .map(|i| {
            let body = format!("50010319850505{i:03}");
            let sum: u32 = body
                .bytes()
                .zip(W)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            let id_number = format!("{body}{}", C[(sum % 11) as usize] as char);
            let input = IdentityInput {
                name: "王芳".into(),
                gender: if i % 2 == 1 { "male" } else { "female" }.into(),
                id_number,
                mobile: format!("139{i:08}"),
                email: format!("c{i}@example.com"),
            };
            validate_identity(&input, false)
                .identity
                .unwrap_or_else(|| panic!("a valid identity: {input:?}"))
        })
        .collect()
}

#[tokio::test]
async fn a_duplicate_in_a_later_chunk_leaves_nothing_of_the_chunks_before() {
    // 450 rows are three chunks: the first two are written (and the third planned while the
    // second was) before the duplicate in the third is found.
    let identities = many(450);
    let (_dir, store, before) = store_with(&identities[430]).await;

    let new: Vec<NewCandidate> = identities
        .iter()
        .enumerate()
        .map(|(n, identity)| NewCandidate {
            identity,
            actions: actions(n % 3),
            intent: intent(n),
        })
        .collect();
    refused_as_existing(&store, &new, &identities[430].id_number, &before).await;

    // Without the duplicate all 449 others go in, each with its audit rows.
    let rest: Vec<NewCandidate> = new
        .into_iter()
        .filter(|c| c.identity.id_number != identities[430].id_number)
        .collect();
    let mut tx = store.begin_write().await.unwrap();
    insert_new_in(&mut tx, &rest, &actor())
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM candidates")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(count, 450);
}
