//! The browser tests' fake backend answers from fixtures the real core writes here: identity
//! fields, profile inputs, every process transition the browser flows take, what each reached
//! state shows (next task, registrations, failed reasons), ticket refusals, the crop guide and
//! the catalogue. The fake keeps only in-memory storage and replays these, so no rule lives in
//! TypeScript. This test fails when `ui/tests/fixtures/rules.json` is stale; regenerate with
//! `UPDATE_FIXTURES=1 cargo test --test ui_fixtures`.
//!
//! The case table mirrors what `ui/tests/browser/*.test.ts` type and click; a browser test
//! that needs a case not listed here fails with "no fixture for …", naming it.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::process::{
    submit_actions, CertificateCollection, Dossier, ProcessAction, ReviewDecision, UploadSlot,
};
use regdesk_core::profile::{validate_profile, ProfileInput};
use regdesk_core::{validate_identity, IdentityInput, Problem, ReasonCode};
use regdesk_photo::preview::CropGuide;
use regdesk_photo::spec::default_spec;
use serde_json::{json, Value};

const NOW: &str = "2026-11-28T10:00:00+08:00";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

fn v<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap()
}

// ---- identity, field by field (the register form validates whatever combination is typed)

const BASE: [(&str, &str); 5] = [
    ("name", "王芳"),
    ("gender", "female"),
    ("idNumber", "11010519491231002X"),
    ("mobile", "13900001111"),
    ("email", "wf@example.com"),
];

const FIELD_VALUES: &[(&str, &[&str])] = &[
    ("name", &["", "王芳"]),
    ("gender", &["", "female", "male"]),
    (
        "idNumber",
        &[
            "",
            "123",
            "11010519491231002",
            "110105194912310021",
            "11010519491231002X",
        ],
    ),
    ("mobile", &["", "13900001111", "13900002222"]),
    ("email", &["", "wf@example.com"]),
];

fn identity_input(field: &str, value: &str) -> IdentityInput {
    let get = |f: &str| {
        if f == field {
            value.to_owned()
        } else {
            BASE.iter().find(|(k, _)| *k == f).unwrap().1.to_owned()
        }
    };
    IdentityInput {
        name: get("name"),
        gender: get("gender"),
        id_number: get("idNumber"),
        mobile: get("mobile"),
        email: get("email"),
    }
}

fn identity_fields() -> Value {
    let mut out = serde_json::Map::new();
    for (field, values) in FIELD_VALUES {
        let mut entries = serde_json::Map::new();
        for value in *values {
            let report = validate_identity(&identity_input(field, value), false);
            let own =
                |p: &&Problem| p.field == *field && p.code != ReasonCode::IdNumberGenderMismatch;
            let issues: Vec<&Problem> = report.issues.iter().filter(own).collect();
            let normalized = report.identity.as_ref().map(|i| v(i)[*field].clone());
            let mut entry = json!({
                "issues": issues,
                "normalizations": report.normalizations.iter().filter(|n| n.field == *field).collect::<Vec<_>>(),
                "normalized": normalized,
            });
            if *field == "idNumber" {
                entry["derivedGender"] = v(&report.derived_gender);
                entry["derivedBirthDate"] = v(&report.derived_birth_date);
            }
            entries.insert((*value).to_owned(), entry);
        }
        out.insert((*field).to_owned(), Value::Object(entries));
    }
    // The one rule across fields: the gender against the ID number's.
    let mut mismatch = serde_json::Map::new();
    for id in FIELD_VALUES[2].1 {
        for gender in FIELD_VALUES[1].1 {
            let mut input = identity_input("idNumber", id);
            input.gender = (*gender).into();
            let report = validate_identity(&input, false);
            let found: Vec<&Problem> = report
                .issues
                .iter()
                .filter(|p| p.code == ReasonCode::IdNumberGenderMismatch)
                .collect();
            mismatch.insert(format!("{gender}|{id}"), v(&found));
        }
    }
    out.insert("genderMismatch".into(), Value::Object(mismatch));
    Value::Object(out)
}

// ---- profile inputs: every state the basic-info form passes through in the browser flows

fn empty_profile() -> ProfileInput {
    ProfileInput {
        education: String::new(),
        major: String::new(),
        employer: String::new(),
        invoice_type: "personal".into(),
        invoice_title: String::new(),
        taxpayer_id: String::new(),
        medical_override: None,
    }
}

type Edit = fn(&mut ProfileInput);

/// Edits in the order the browser tests make them; every prefix is a state the form shows.
const PROFILE_EDITS: &[&[Edit]] = &[
    &[
        |p| p.education = "大学专科".into(),
        |p| p.major = "护理".into(),
        |p| p.employer = "重庆市人民医院".into(),
    ],
    &[
        |p| p.invoice_type = "organization".into(),
        |p| p.taxpayer_id = "9135".into(),
    ],
];

fn profile_inputs() -> Vec<ProfileInput> {
    let mut out = vec![empty_profile()];
    for edits in PROFILE_EDITS {
        let mut input = empty_profile();
        for edit in *edits {
            edit(&mut input);
            out.push(input.clone());
        }
    }
    out
}

fn nurse_profile() -> regdesk_core::profile::Profile {
    let mut input = empty_profile();
    for edit in PROFILE_EDITS[0] {
        edit(&mut input);
    }
    validate_profile(&input)
        .profile
        .expect("the nurse's profile is valid")
}

// ---- process transitions along the browser flows

const FIRST: &str = "health-manager-3-2027-1";
const SECOND: &str = "health-manager-2-2027-1";

/// One thing the fake is asked, in order: a step, or a submit with these stored uploads.
enum Ask {
    Step(Option<&'static str>, ProcessAction),
    Submit(&'static [UploadSlot]),
    Ticket(&'static str),
}

const THREE: &[UploadSlot] = &[UploadSlot::IdFront, UploadSlot::Diploma, UploadSlot::Photo];

fn review(decision: ReviewDecision, reasons: &[&str], date: &str) -> ProcessAction {
    ProcessAction::RecordReview {
        decision,
        reasons: reasons.iter().map(|r| r.to_string()).collect(),
        note: None,
        reviewer: None,
        decided_at: date.into(),
    }
}

fn postal(mobile: &str) -> ProcessAction {
    ProcessAction::ChooseCertificate {
        collection: CertificateCollection::PostalCod {
            recipient: "王芳".into(),
            mobile: mobile.into(),
            address: "重庆市渝中区中山三路 1 号".into(),
        },
    }
}

fn registration_steps(session: &'static str, item: &str, region: &str, serial: &str) -> Vec<Ask> {
    use Ask::Step;
    vec![
        Step(
            None,
            ProcessAction::OpenRegistration {
                exam_session: session.into(),
                region: None,
            },
        ),
        Step(Some(session), ProcessAction::AcknowledgeNotice),
        Step(
            Some(session),
            ProcessAction::ChooseExam {
                exam_item: item.into(),
                region: region.into(),
            },
        ),
        Step(
            Some(session),
            ProcessAction::RecordPayment {
                reference: String::new(),
            },
        ),
        Step(
            Some(session),
            ProcessAction::RecordPayment {
                reference: format!("YEEPAY{serial}"),
            },
        ),
        Step(
            Some(session),
            ProcessAction::AssignSerial {
                serial_number: serial.into(),
            },
        ),
        Ask::Ticket(session),
    ]
}

fn scripts() -> Vec<Vec<Ask>> {
    use Ask::{Step, Submit};
    let basic = || {
        Step(
            None,
            ProcessAction::SaveBasic {
                profile: nurse_profile(),
            },
        )
    };
    let passed = || {
        vec![
            basic(),
            Submit(THREE),
            Step(None, review(ReviewDecision::Passed, &[], "2026-11-28")),
        ]
    };
    let first = || registration_steps(FIRST, "健康管理师（三级）", "渝北区", "CQ2026000417");
    let mut exam = passed();
    exam.extend(first());
    exam.push(Step(Some(FIRST), postal("1390000")));
    exam.push(Step(Some(FIRST), postal("13900001111")));
    let mut two = passed();
    two.extend(first());
    two.extend(registration_steps(
        SECOND,
        "健康管理师（二级）",
        "渝中区",
        "CQ2026000999",
    ));
    vec![
        vec![basic(), Submit(&[])],
        vec![
            basic(),
            Submit(THREE),
            Step(
                None,
                review(
                    ReviewDecision::Failed,
                    &["photo.background_not_white"],
                    "2026-11-26",
                ),
            ),
            Submit(THREE),
            Step(None, review(ReviewDecision::Passed, &[], "2026-11-28")),
        ],
        exam,
        two,
    ]
}

fn view(d: &Dossier) -> Value {
    let today = now().date_naive();
    json!({
        "dossier": d,
        "nextTask": d.profile.next_task(today),
        "registrations": regdesk_workflow::registration_views(d, today),
        "failedReasons": regdesk_workflow::failed_reasons(&d.profile),
        "workProofRequired": d.profile.profile.as_ref().is_none_or(|p| p.work_proof_required()),
        "uploadRefusal": regdesk_store::attachments::upload_refusal(&d.profile),
    })
}

fn process_fixtures() -> (Vec<Value>, Vec<Value>, Vec<Value>, Vec<Value>) {
    let (mut steps, mut submits, mut views, mut tickets) = (vec![], vec![], vec![], vec![]);
    let mut seen = BTreeSet::new();
    let mut record_view = |d: &Dossier, views: &mut Vec<Value>| {
        if seen.insert(serde_json::to_string(d).unwrap()) {
            views.push(view(d));
        }
    };
    for script in scripts() {
        let mut d = Dossier::default();
        record_view(&d, &mut views);
        for ask in script {
            match ask {
                Ask::Step(target, action) => {
                    let result = d.apply(&action, target, now());
                    steps.push(json!({
                        "dossier": d, "target": target, "action": action,
                        "applied": result.is_ok(),
                        "next": result.as_ref().unwrap_or(&d),
                        "issues": result.as_ref().err().cloned().unwrap_or_default(),
                    }));
                    if let Ok(next) = result {
                        d = next;
                    }
                }
                Ask::Submit(stored) => {
                    let planned = submit_actions(&d.profile, stored).and_then(|actions| {
                        actions
                            .iter()
                            .try_fold(d.clone(), |acc, a| acc.apply(a, None, now()))
                    });
                    submits.push(json!({
                        "dossier": d, "stored": stored,
                        "submitted": planned.is_ok(),
                        "next": planned.as_ref().unwrap_or(&d),
                        "issues": planned.as_ref().err().cloned().unwrap_or_default(),
                    }));
                    if let Ok(next) = planned {
                        d = next;
                    }
                }
                Ask::Ticket(session) => {
                    let reg = d.registration(Some(session)).expect("opened above");
                    let issues = regdesk_core::process::ticket_problems(reg, now().date_naive());
                    tickets.push(json!({ "registration": reg, "issues": issues }));
                }
            }
            record_view(&d, &mut views);
        }
    }
    (steps, submits, views, tickets)
}

/// First-start names and passwords the start test types.
fn operator_setups() -> Vec<Value> {
    let cases = [
        ("", ""),
        ("渝中培训中心", ""),
        ("渝中培训中心", "abc"),
        ("渝中培训中心", "correct Horse 9!"),
        ("测试", ""),
        ("王芳", ""),
        ("王芳", "correct Horse 9!"),
    ];
    cases
        .iter()
        .map(|(name, pw)| {
            let issues = regdesk_store::operators::setup_problems(name, Some(pw));
            json!({ "name": name, "password": pw, "issues": issues })
        })
        .collect()
}

/// New passwords set in Settings and with the recovery key, as Rust judges them.
fn new_passwords() -> Vec<Value> {
    ["new Horse 10!", "correct Horse 9!", "second Horse 10"]
        .iter()
        .map(|p| json!({ "password": p, "issues": regdesk_store::operators::password_problems(p) }))
        .collect()
}

/// Recovery keys the start test types (the fake backend's key, lower case with spaces, a wrong
/// one) as the vault reads them, and the errors a wrong key and a wrong password give.
fn recovery_keys() -> Value {
    let fake = "1A2B-3C4D-5E6F-7081-92A3-B4C5-D6E7-F809";
    let typed = [
        fake.to_owned(),
        fake.to_lowercase().replace('-', " "),
        "0000-0000-0000-0000-0000-0000-0000-0000".to_owned(),
    ];
    json!({
        "fake": fake,
        "typed": typed
            .iter()
            .map(|t| json!({ "input": t, "normalised": regdesk_store::vault::normalise_recovery(t) }))
            .collect::<Vec<_>>(),
        "wrongKey": regdesk_core::CommandError::from(regdesk_store::StoreError::WrongRecoveryKey),
        "wrongPassword": regdesk_core::CommandError::from(regdesk_store::StoreError::WrongPassword),
    })
}

/// The roster fixture imported into an empty workspace: the preview, the commit and the grid.
fn roster() -> Value {
    use regdesk_workflow::roster::{grid_rows, import_roster, ImportOptions};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let actor = regdesk_core::Actor::Cli("fixtures".into());
    // Relative, so the fixture does not depend on where the repository is checked out.
    let path = Path::new("tests/fixtures/roster/messy.xlsx");
    rt.block_on(async {
        let store = regdesk_store::Store::open(dir.path()).await.unwrap();
        let mut options = ImportOptions {
            sheet: None,
            files: None,
            dry_run: true,
            centre: "渝中培训中心".into(),
            rejected_out: None,
            hooks: Default::default(),
            mapping: vec![],
        };
        let preview = import_roster(&store, path, &options, &actor).await.unwrap();
        options.dry_run = false;
        let committed = import_roster(&store, path, &options, &actor).await.unwrap();
        let grid = grid_rows(&store).await.unwrap();
        // The grid edits the browser test makes, in order (each answer depends on the last).
        let mut edits = Vec::new();
        for (field, value, dry_run) in [
            ("employer", "", true),
            ("employer", "重庆市第一人民医院", true),
            ("employer", "重庆市第一人民医院", false),
            ("region", "火星区", true),
        ] {
            let id = "500103198805120042";
            let result = regdesk_workflow::roster::edit_cell(&store, id, field, value, dry_run, &actor)
                .await
                .unwrap();
            edits.push(json!({ "idNumber": id, "field": field, "value": value, "dryRun": dry_run, "result": result }));
        }
        json!({ "path": path, "preview": preview, "committed": committed, "grid": grid, "edits": edits })
    })
}

fn fixtures() -> String {
    let (steps, submits, views, tickets) = process_fixtures();
    let today = now().date_naive();
    let profiles: Vec<Value> = profile_inputs()
        .iter()
        .map(|i| json!({ "input": i, "report": validate_profile(i) }))
        .collect();
    let reasons: serde_json::Map<String, Value> = ["photo.background_not_white"]
        .iter()
        .map(|r| {
            (
                (*r).to_owned(),
                v(&regdesk_core::process::ProfilePart::of(r)),
            )
        })
        .collect();
    let all = json!({
        "generatedBy": "tests/ui_fixtures.rs",
        "now": NOW,
        "initialDossier": Dossier::default(),
        "identity": identity_fields(),
        "profiles": profiles,
        "steps": steps,
        "submits": submits,
        "views": views,
        "tickets": tickets,
        "reasonParts": reasons,
        "operatorSetup": operator_setups(),
        "recoveryKeys": recovery_keys(),
        // New passwords set in Settings and with the recovery key.
        "newPasswords": new_passwords(),
        "correction": {
            "noReasonNoProof": regdesk_store::correction::correction_problems("", 0),
            "noReason": regdesk_store::correction::correction_problems("", 1),
            "noProof": regdesk_store::correction::correction_problems("理由", 0),
        },
        "cropGuide": CropGuide::of(&default_spec()),
        "photoSpecs": regdesk_photo::spec::all_specs(),
        "catalog": exam_catalog(),
        "openSessions": exam_catalog().open_sessions(today),
        "roster": roster(),
        "intakeNotConfigured": regdesk_workflow::submission::not_configured(),
        "reviewCatalogue": regdesk_core::review::catalogue_view(),
        "reviewFailNeedsReason": regdesk_core::review::fail_needs_reason(),
    });
    let mut text = serde_json::to_string_pretty(&all).unwrap();
    text.push('\n');
    text
}

#[test]
fn browser_fixtures_match_the_rust_core() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/tests/fixtures/rules.json");
    let fresh = fixtures();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/tests/fixtures/rules.json is stale: a rule changed in Rust. Run \
         `UPDATE_FIXTURES=1 cargo test --test ui_fixtures` and commit the result"
    );
}
