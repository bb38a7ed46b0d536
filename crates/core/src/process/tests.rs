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
        (
            "open",
            ProcessAction::OpenRegistration {
                exam_session: SESSION.into(),
                region: None,
            },
        ),
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

const SESSION: &str = "health-manager-3-2027-1";

fn step(state: &Dossier, name: &str) -> Dossier {
    let action = actions().into_iter().find(|(n, _)| *n == name).unwrap().1;
    state
        .apply(&action, None, now())
        .unwrap_or_else(|e| panic!("{name} refused: {e:?}"))
}

/// Named states reached by applying allowed actions from a fresh registration.
fn states() -> Vec<(&'static str, Dossier)> {
    let fresh = Dossier::default();
    let basic = step(&fresh, "basic");
    let ready = step(&basic, "uploads");
    let submitted = step(&ready, "submit");
    let failed = submitted
        .apply(
            &review(ReviewDecision::Failed, &["photo.background_not_white"]),
            None,
            now(),
        )
        .unwrap();
    let passed = step(&submitted, "review");
    let opened = step(&passed, "open");
    let noticed = step(&opened, "notice");
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
        ("opened", opened),
        ("noticed", noticed),
        ("chosen", chosen),
        ("paid", paid),
        ("serialed", serialed),
    ]
}

const OK: &str = "ok";
const OOO: &str = "process.out_of_order";
const LOCK: &str = "process.locked";

const EXISTS: &str = "registration.exists";

/// Every state × every action: allowed, or refused with exactly this code. "basic" after a
/// pass saves the same education and major, so the pass stands.
#[rustfmt::skip]
const MATRIX: [(&str, [&str; 11]); 11] = [
    //             channel basic uploads submit review open  notice exam  pay   serial certificate
    ("fresh",     [OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("basic",     [OK,   OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("ready",     [OK,   OK,   OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("submitted", [LOCK, LOCK, LOCK, LOCK, OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("failed",    [OK,   OK,   OK,   OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO,  OOO]),
    ("passed",    [LOCK, OK,   LOCK, LOCK, OOO,  OK,   OOO,  OOO,  OOO,  OOO,  OOO]),
    ("opened",    [LOCK, OK,   LOCK, LOCK, OOO,  EXISTS, OK, OOO,  OOO,  OOO,  OOO]),
    ("noticed",   [LOCK, OK,   LOCK, LOCK, OOO,  EXISTS, OK, OK,   OOO,  OOO,  OK ]),
    ("chosen",    [LOCK, OK,   LOCK, LOCK, OOO,  EXISTS, OK, OK,   OK,   OOO,  OK ]),
    ("paid",      [LOCK, OK,   LOCK, LOCK, OOO,  EXISTS, OK, LOCK, OK,   OK,   OK ]),
    ("serialed",  [LOCK, OK,   LOCK, LOCK, OOO,  EXISTS, OK, LOCK, OK,   OK,   OK ]),
];

#[test]
fn every_transition_is_allowed_or_refused_with_its_code() {
    let states = states();
    let actions = actions();
    for (state_name, expected) in MATRIX {
        let state = &states.iter().find(|(n, _)| *n == state_name).unwrap().1;
        for ((action_name, action), want) in actions.iter().zip(expected) {
            let got = match state.apply(action, None, now()) {
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
            .profile
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
        failed.profile.last_review.as_ref().unwrap().reasons,
        ["photo.background_not_white"]
    );
    let edited = step(&failed, "uploads");
    assert_eq!(
        edited.profile.profile_status,
        ProfileStatus::Draft {
            next: ProfileStep::Confirm
        }
    );
    assert!(
        edited.profile.last_review.is_some(),
        "reasons stay visible while editing"
    );
    assert!(matches!(
        step(&edited, "submit").profile.profile_status,
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
        .apply(&review(ReviewDecision::Failed, &[" "]), None, now())
        .unwrap_err();
    assert_eq!(err[0].field, "review.reasons");
}

#[test]
fn a_pass_is_valid_one_year_and_then_expires() {
    let passed = states()
        .into_iter()
        .find(|(n, _)| *n == "opened")
        .unwrap()
        .1;
    assert_eq!(
        passed.profile.profile_status,
        ProfileStatus::Passed {
            decided_at: "2026-11-20".into(),
            valid_until: "2027-11-20".into()
        }
    );
    assert!(
        passed
            .apply(&ProcessAction::AcknowledgeNotice, None, at(2027, 11, 20))
            .is_ok(),
        "last valid day"
    );
    let err = passed
        .apply(&ProcessAction::AcknowledgeNotice, None, at(2027, 11, 21))
        .unwrap_err();
    assert_eq!(err[0].code, ReasonCode::ProcessExpired);
}

/// Runs basic info (with this profile), all four uploads, submit and a pass from `start`.
fn passed_from(start: Dossier, profile: Profile) -> Dossier {
    let steps = [
        ProcessAction::SaveBasic { profile },
        ProcessAction::CompleteUploads {
            slots: UploadSlot::ALL.to_vec(),
        },
        ProcessAction::Submit,
        review(ReviewDecision::Passed, &[]),
    ];
    steps
        .iter()
        .fold(start, |s, a| s.apply(a, None, now()).unwrap())
}

#[test]
fn non_medical_individuals_are_not_eligible_but_may_register_through_a_centre() {
    let accountant = || profile("会计学", Education::Bachelor);
    let alone = passed_from(Dossier::default(), accountant());
    let err = alone.apply(&open(SESSION), None, now()).unwrap_err();
    assert_eq!(err[0].code, ReasonCode::ProcessNotEligible);

    let via_centre = passed_from(step(&Dossier::default(), "channel"), accountant());
    assert!(via_centre.apply(&open(SESSION), None, now()).is_ok());
}

#[test]
fn work_proof_is_required_unless_exempt() {
    let basic = Dossier::default()
        .apply(
            &ProcessAction::SaveBasic {
                profile: profile("会计学", Education::Bachelor),
            },
            None,
            now(),
        )
        .unwrap();
    let three = ProcessAction::CompleteUploads {
        slots: vec![UploadSlot::IdFront, UploadSlot::Diploma, UploadSlot::Photo],
    };
    let err = basic.apply(&three, None, now()).unwrap_err();
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
        serialed.apply(&other, None, now()).unwrap_err()[0].code,
        ReasonCode::ProcessLocked
    );
    let other = ProcessAction::RecordPayment {
        reference: "PAY-999".into(),
    };
    assert_eq!(
        serialed.apply(&other, None, now()).unwrap_err()[0].code,
        ReasonCode::ProcessLocked
    );
    assert!(
        !serialed.registrations[0].complete(),
        "certificate choice still missing"
    );
    assert!(step(&serialed, "certificate").registrations[0].complete());
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
        .apply(&bad, None, now())
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
        get("paid").apply(&session, None, now()).unwrap_err()[0].code,
        ReasonCode::ProcessOutOfOrder
    );
    assert_eq!(
        get("serialed")
            .apply(&session, None, now())
            .unwrap()
            .registrations[0]
            .session
            .clone()
            .unwrap()
            .seat,
        "3"
    );
    let opens = ProcessAction::SetTicketOpening {
        date: "2026-12-05".into(),
    };
    assert_eq!(
        get("chosen").apply(&opens, None, now()).unwrap_err()[0].code,
        ReasonCode::ProcessOutOfOrder
    );
    assert!(get("paid").apply(&opens, None, now()).is_ok());
    let bad = ProcessAction::SetTicketOpening {
        date: "12/05".into(),
    };
    assert_eq!(
        get("paid").apply(&bad, None, now()).unwrap_err()[0].field,
        "ticketOpensAt"
    );
}

fn open(session: &str) -> ProcessAction {
    ProcessAction::OpenRegistration {
        exam_session: session.into(),
        region: Some("渝中区".into()),
    }
}

fn get(name: &str) -> Dossier {
    states().into_iter().find(|(n, _)| *n == name).unwrap().1
}

/// Runs `actions` on the registration of `session`.
fn run(d: Dossier, session: &str, names: &[&str], when: DateTime<FixedOffset>) -> Dossier {
    names.iter().fold(d, |d, name| {
        let mut action = actions().into_iter().find(|(n, _)| n == name).unwrap().1;
        if let ProcessAction::AssignSerial { serial_number } = &mut action {
            *serial_number = format!("{session}-0001");
        }
        d.apply(&action, Some(session), when)
            .unwrap_or_else(|e| panic!("{name} on {session}: {e:?}"))
    })
}

#[test]
fn two_registrations_of_one_candidate_progress_independently() {
    let other = "health-manager-2-2027-1";
    let d = get("passed");
    let d = d.apply(&open(SESSION), None, now()).unwrap();
    let d = d.apply(&open(other), None, now()).unwrap();
    assert_eq!(d.registrations.len(), 2);
    assert_eq!(
        d.apply(&ProcessAction::AcknowledgeNotice, None, now())
            .unwrap_err()[0]
            .code,
        ReasonCode::RegistrationAmbiguous,
        "two registrations: a step must name its session"
    );
    let d = run(d, SESSION, &["notice", "pay", "serial"], now());
    assert_eq!(d.registrations[0].status(), RegistrationStatus::Registered);
    assert_eq!(d.registrations[1].status(), RegistrationStatus::Opened);
    assert_eq!(
        d.registrations[1].exam_item.as_deref(),
        Some("健康管理师（二级）")
    );
    let d = run(d, other, &["notice", "pay"], now());
    assert_eq!(d.registrations[1].status(), RegistrationStatus::Paid);
    assert_eq!(
        d.registrations[0].serial_number.as_deref(),
        Some("health-manager-3-2027-1-0001")
    );
    assert_eq!(
        d.apply(&open(other), None, now()).unwrap_err()[0].code,
        ReasonCode::RegistrationExists
    );
    let mismatch = ProcessAction::ChooseExam {
        exam_item: "健康管理师（三级）".into(),
        region: "渝中区".into(),
    };
    assert_eq!(
        d.apply(&mismatch, Some(other), now()).unwrap_err()[0].code,
        ReasonCode::ProcessLocked
    );
}

#[test]
fn the_review_gates_opening_until_valid_until_and_not_after() {
    let passed = get("passed");
    assert!(passed.apply(&open(SESSION), None, at(2027, 6, 30)).is_ok());
    // validUntil is 2027-11-20: the session 2027-2 is open then, the pass is valid that day...
    let late = "health-manager-3-2027-2";
    let d = passed.apply(&open(late), None, at(2027, 11, 20)).unwrap();
    assert_eq!(
        d.profile.next_task(at(2027, 11, 20).date_naive()),
        NextTask::OpenRegistration
    );
    // ...and not the day after: refused with the reason and what to do.
    let err = d.apply(&open(SESSION), None, at(2027, 11, 21)).unwrap_err();
    assert_eq!(err[0].code, ReasonCode::ProcessExpired);
    assert!(
        err[0].message_zh.contains("重新提交审核"),
        "{}",
        err[0].message_zh
    );
    assert_eq!(
        d.profile.next_task(at(2027, 11, 21).date_naive()),
        NextTask::Resubmit
    );
    assert_eq!(
        d.registrations[0].next_task(&d.profile, at(2027, 11, 21).date_naive()),
        Some(NextTask::Resubmit),
        "an unpaid registration waits for the profile"
    );
    let closed = passed
        .apply(&open("health-manager-3-2026-2"), None, now())
        .unwrap_err();
    assert_eq!(closed[0].code, ReasonCode::RegistrationClosed);
    let unknown = passed.apply(&open("nope"), None, now()).unwrap_err();
    assert_eq!(unknown[0].code, ReasonCode::RegistrationUnknownSession);
    assert_eq!(
        get("failed")
            .apply(&open(SESSION), None, now())
            .unwrap_err()[0]
            .code,
        ReasonCode::ProcessOutOfOrder
    );
}

#[test]
fn an_important_change_after_a_pass_goes_back_to_review_but_paid_registrations_stay() {
    let paid = get("paid");
    let changed = ProcessAction::SaveBasic {
        profile: profile("护理", Education::Bachelor),
    };
    let d = paid.apply(&changed, None, now()).unwrap();
    assert_eq!(
        d.profile.profile_status,
        ProfileStatus::Draft {
            next: ProfileStep::Confirm
        }
    );
    assert_eq!(d.profile.next_task(now().date_naive()), NextTask::Resubmit);
    assert!(d
        .apply(&ProcessAction::AcknowledgeNotice, None, now())
        .is_ok());
    let d = d
        .apply(
            &ProcessAction::AssignSerial {
                serial_number: "0001".into(),
            },
            None,
            now(),
        )
        .unwrap();
    assert_eq!(d.registrations[0].status(), RegistrationStatus::Registered);

    // Only the employer changes: no review needed.
    let mut employer = nurse();
    employer.employer = "重庆市第一人民医院".into();
    let d = get("passed")
        .apply(&ProcessAction::SaveBasic { profile: employer }, None, now())
        .unwrap();
    assert!(matches!(
        d.profile.profile_status,
        ProfileStatus::Passed { .. }
    ));

    let replaced = ProcessAction::ReplaceUpload {
        slot: UploadSlot::Photo,
    };
    let d = get("passed").apply(&replaced, None, now()).unwrap();
    assert!(matches!(
        d.profile.profile_status,
        ProfileStatus::Draft { .. }
    ));
    assert_eq!(
        get("submitted").apply(&replaced, None, now()).unwrap_err()[0].code,
        ReasonCode::ProcessLocked
    );
}

#[test]
fn next_tasks_follow_the_seed() {
    let today = now().date_naive();
    let task = |name: &str| get(name).profile.next_task(today);
    assert_eq!(task("fresh"), NextTask::FillBasic);
    assert_eq!(task("basic"), NextTask::Uploads);
    assert_eq!(task("ready"), NextTask::Confirm);
    assert_eq!(task("submitted"), NextTask::AwaitReview);
    assert_eq!(task("failed"), NextTask::FixProfile);
    assert_eq!(task("passed"), NextTask::OpenRegistration);
    let reg = |name: &str| {
        let d = get(name);
        d.registrations[0].next_task(&d.profile, today)
    };
    assert_eq!(reg("opened"), Some(NextTask::AcknowledgeNotice));
    assert_eq!(reg("chosen"), Some(NextTask::Pay));
    assert_eq!(reg("paid"), Some(NextTask::AwaitSerial));
    assert_eq!(reg("serialed"), Some(NextTask::ChooseCertificate));
    let done = step(&get("serialed"), "certificate");
    assert_eq!(
        done.registrations[0].next_task(&done.profile, today),
        Some(NextTask::AwaitTicket)
    );
}
