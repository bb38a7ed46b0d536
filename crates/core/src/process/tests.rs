use super::*;
use crate::profile::{Education, Invoice};
use chrono::TimeZone;

fn at(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
    crate::clock::shanghai()
        .with_ymd_and_hms(y, m, d, 10, 0, 0)
        .unwrap()
}

fn now() -> DateTime<FixedOffset> {
    at(2026, 11, 25)
}

fn profile(major: &str, education: Education) -> Profile {
    Profile {
        education,
        major: major.into(),
        employer: "重庆市人民医院".into(),
        invoice: Invoice::Personal,
        medical_override: None,
    }
}

fn nurse() -> Profile {
    profile("护理", Education::JuniorCollege)
}

fn review(decision: ReviewDecision, reasons: &[&str]) -> ProcessAction {
    ProcessAction::RecordReview {
        decision,
        reasons: reasons.iter().map(|s| s.to_string()).collect(),
        note: None,
        reviewer: Some("管理员".into()),
        decided_at: "2026-11-20".into(),
    }
}

fn actions() -> Vec<(&'static str, ProcessAction)> {
    vec![
        (
            "channel",
            ProcessAction::SetChannel {
                channel: Channel::TrainingCentre {
                    name: "渝州培训中心".into(),
                },
            },
        ),
        ("basic", ProcessAction::SaveBasic { profile: nurse() }),
        (
            "uploads",
            ProcessAction::CompleteUploads {
                slots: vec![UploadSlot::IdFront, UploadSlot::Diploma, UploadSlot::Photo],
            },
        ),
        ("submit", ProcessAction::Submit),
        ("review", review(ReviewDecision::Passed, &[])),
        ("notice", ProcessAction::AcknowledgeNotice),
        (
            "exam",
            ProcessAction::ChooseExam {
                exam_item: "健康管理师三级".into(),
                region: "渝中区".into(),
            },
        ),
        (
            "pay",
            ProcessAction::RecordPayment {
                reference: "PAY-001".into(),
            },
        ),
        (
            "serial",
            ProcessAction::AssignSerial {
                serial_number: "0001".into(),
            },
        ),
        (
            "certificate",
            ProcessAction::ChooseCertificate {
                collection: CertificateCollection::SelfPickup,
            },
        ),
    ]
}

fn step(state: &ProcessState, name: &str) -> ProcessState {
    let action = actions().into_iter().find(|(n, _)| *n == name).unwrap().1;
    state
        .apply(&action, now())
        .unwrap_or_else(|e| panic!("{name} refused: {e:?}"))
}

/// Named states reached by applying allowed actions from a fresh registration.
fn states() -> Vec<(&'static str, ProcessState)> {
    let fresh = ProcessState::default();
    let basic = step(&fresh, "basic");
    let ready = step(&basic, "uploads");
    let submitted = step(&ready, "submit");
    let failed = submitted
        .apply(
            &review(ReviewDecision::Failed, &["photo.background_not_white"]),
            now(),
        )
        .unwrap();
    let passed = step(&submitted, "review");
    let noticed = step(&passed, "notice");
    let chosen = step(&noticed, "exam");
    let paid = step(&chosen, "pay");
    let serialed = step(&paid, "serial");
    vec![
        ("fresh", fresh),
        ("basic", basic),
        ("ready", ready),
        ("submitted", submitted),
        ("failed", failed),
        ("passed", passed),
        ("noticed", noticed),
        ("chosen", chosen),
        ("paid", paid),
        ("serialed", serialed),
    ]
}

const OK: &str = "ok";
const OOO: &str = "process.out_of_order";
const LOCK: &str = "process.locked";

/// Every state × every action: allowed, or refused with exactly this code.
#[rustfmt::skip]
const MATRIX: [(&str, [&str; 10]); 10] = [
    //             channel basic uploads submit review notice exam  pay   serial certificate
    ("fresh",     [OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("basic",     [OK,   OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("ready",     [OK,   OK,   OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("submitted", [LOCK, LOCK, LOCK, LOCK, OK,   OOO,  OOO,  OOO,  OOO,  OOO]),
    ("failed",    [OK,   OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("passed",    [LOCK, LOCK, LOCK, LOCK, OOO,  OK,   OOO,  OOO,  OOO,  OOO]),
    ("noticed",   [LOCK, LOCK, LOCK, LOCK, OOO,  OK,   OK,   OOO,  OOO,  OK ]),
    ("chosen",    [LOCK, LOCK, LOCK, LOCK, OOO,  OK,   OK,   OK,   OOO,  OK ]),
    ("paid",      [LOCK, LOCK, LOCK, LOCK, OOO,  OK,   LOCK, OK,   OK,   OK ]),
    ("serialed",  [LOCK, LOCK, LOCK, LOCK, OOO,  OK,   LOCK, OK,   OK,   OK ]),
];

#[test]
fn every_transition_is_allowed_or_refused_with_its_code() {
    let states = states();
    let actions = actions();
    for (state_name, expected) in MATRIX {
        let state = &states.iter().find(|(n, _)| *n == state_name).unwrap().1;
        for ((action_name, action), want) in actions.iter().zip(expected) {
            let got = match state.apply(action, now()) {
                Ok(_) => OK.to_owned(),
                Err(problems) => problems[0].code.as_str().to_owned(),
            };
            assert_eq!(got, want, "{state_name} + {action_name}");
        }
    }
}

#[test]
fn profile_steps_follow_basic_uploads_confirm() {
    let s = states();
    let status = |name: &str| {
        s.iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1
            .profile_status
            .clone()
    };
    assert_eq!(
        status("fresh"),
        ProfileStatus::Draft {
            next: ProfileStep::Basic
        }
    );
    assert_eq!(
        status("basic"),
        ProfileStatus::Draft {
            next: ProfileStep::Uploads
        }
    );
    assert_eq!(
        status("ready"),
        ProfileStatus::Draft {
            next: ProfileStep::Confirm
        }
    );
}

#[test]
fn failed_review_keeps_reasons_and_an_edit_allows_resubmission() {
    let failed = states()
        .into_iter()
        .find(|(n, _)| *n == "failed")
        .unwrap()
        .1;
    assert_eq!(
        failed.last_review.as_ref().unwrap().reasons,
        ["photo.background_not_white"]
    );
    let edited = step(&failed, "uploads");
    assert_eq!(
        edited.profile_status,
        ProfileStatus::Draft {
            next: ProfileStep::Confirm
        }
    );
    assert!(
        edited.last_review.is_some(),
        "reasons stay visible while editing"
    );
    assert!(matches!(
        step(&edited, "submit").profile_status,
        ProfileStatus::Submitted { .. }
    ));
}

#[test]
fn a_failed_review_needs_reasons() {
    let submitted = states()
        .into_iter()
        .find(|(n, _)| *n == "submitted")
        .unwrap()
        .1;
    let err = submitted
        .apply(&review(ReviewDecision::Failed, &[" "]), now())
        .unwrap_err();
    assert_eq!(err[0].field, "review.reasons");
}

#[test]
fn a_pass_is_valid_one_year_and_then_expires() {
    let passed = states()
        .into_iter()
        .find(|(n, _)| *n == "passed")
        .unwrap()
        .1;
    assert_eq!(
        passed.profile_status,
        ProfileStatus::Passed {
            decided_at: "2026-11-20".into(),
            valid_until: "2027-11-20".into()
        }
    );
    assert!(
        passed
            .apply(&ProcessAction::AcknowledgeNotice, at(2027, 11, 20))
            .is_ok(),
        "last valid day"
    );
    let err = passed
        .apply(&ProcessAction::AcknowledgeNotice, at(2027, 11, 21))
        .unwrap_err();
    assert_eq!(err[0].code, ReasonCode::ProcessExpired);
}

/// Runs basic info (with this profile), all four uploads, submit and a pass from `start`.
fn passed_from(start: ProcessState, profile: Profile) -> ProcessState {
    let steps = [
        ProcessAction::SaveBasic { profile },
        ProcessAction::CompleteUploads {
            slots: UploadSlot::ALL.to_vec(),
        },
        ProcessAction::Submit,
        review(ReviewDecision::Passed, &[]),
    ];
    steps.iter().fold(start, |s, a| s.apply(a, now()).unwrap())
}

#[test]
fn non_medical_individuals_are_not_eligible_but_may_register_through_a_centre() {
    let accountant = || profile("会计学", Education::Bachelor);
    let alone = passed_from(ProcessState::default(), accountant());
    let err = alone
        .apply(&ProcessAction::AcknowledgeNotice, now())
        .unwrap_err();
    assert_eq!(err[0].code, ReasonCode::ProcessNotEligible);

    let via_centre = passed_from(step(&ProcessState::default(), "channel"), accountant());
    assert!(via_centre
        .apply(&ProcessAction::AcknowledgeNotice, now())
        .is_ok());
}

#[test]
fn work_proof_is_required_unless_exempt() {
    let basic = ProcessState::default()
        .apply(
            &ProcessAction::SaveBasic {
                profile: profile("会计学", Education::Bachelor),
            },
            now(),
        )
        .unwrap();
    let three = ProcessAction::CompleteUploads {
        slots: vec![UploadSlot::IdFront, UploadSlot::Diploma, UploadSlot::Photo],
    };
    let err = basic.apply(&three, now()).unwrap_err();
    assert_eq!(err[0].field, "uploads.work_proof");
}

#[test]
fn serial_and_payment_cannot_be_silently_replaced() {
    let serialed = states()
        .into_iter()
        .find(|(n, _)| *n == "serialed")
        .unwrap()
        .1;
    let other = ProcessAction::AssignSerial {
        serial_number: "0002".into(),
    };
    assert_eq!(
        serialed.apply(&other, now()).unwrap_err()[0].code,
        ReasonCode::ProcessLocked
    );
    let other = ProcessAction::RecordPayment {
        reference: "PAY-999".into(),
    };
    assert_eq!(
        serialed.apply(&other, now()).unwrap_err()[0].code,
        ReasonCode::ProcessLocked
    );
    assert!(
        !serialed.registration_complete(),
        "certificate choice still missing"
    );
    assert!(step(&serialed, "certificate").registration_complete());
}

#[test]
fn postal_collection_is_validated() {
    let noticed = states()
        .into_iter()
        .find(|(n, _)| *n == "noticed")
        .unwrap()
        .1;
    let bad = ProcessAction::ChooseCertificate {
        collection: CertificateCollection::PostalCod {
            recipient: "".into(),
            mobile: "123".into(),
            address: "重庆".into(),
        },
    };
    let fields: Vec<String> = noticed
        .apply(&bad, now())
        .unwrap_err()
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(
        fields,
        [
            "certificate.recipient",
            "certificate.mobile",
            "certificate.address"
        ]
    );
}

#[test]
fn sessions_need_a_serial_and_ticket_dates_need_payment() {
    let s = states();
    let get = |name: &str| s.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    let session = ProcessAction::AssignSession {
        session: SessionAssignment {
            batch: "1".into(),
            time: "09:00".into(),
            site: "渝中".into(),
            seat: "3".into(),
            source: SessionSource::Planned,
        },
    };
    assert_eq!(
        get("paid").apply(&session, now()).unwrap_err()[0].code,
        ReasonCode::ProcessOutOfOrder
    );
    assert_eq!(
        get("serialed")
            .apply(&session, now())
            .unwrap()
            .exam
            .session
            .unwrap()
            .seat,
        "3"
    );
    let opens = ProcessAction::SetTicketOpening {
        date: "2026-12-05".into(),
    };
    assert_eq!(
        get("chosen").apply(&opens, now()).unwrap_err()[0].code,
        ReasonCode::ProcessOutOfOrder
    );
    assert!(get("paid").apply(&opens, now()).is_ok());
    let bad = ProcessAction::SetTicketOpening {
        date: "12/05".into(),
    };
    assert_eq!(
        get("paid").apply(&bad, now()).unwrap_err()[0].field,
        "ticketOpensAt"
    );
}
