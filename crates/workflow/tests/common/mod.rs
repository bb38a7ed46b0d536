//! Shared set-up: candidates brought to a given process step through the store API.
#![allow(dead_code)]

use regdesk_core::process::{ProcessAction, ReviewDecision, UploadSlot};
use regdesk_core::profile::{Education, Invoice, Profile};
use regdesk_core::{Actor, IdentityInput};
use regdesk_store::{candidates, process, Store};

pub fn actor() -> Actor {
    Actor::Cli("tester".into())
}

/// A valid ID number for a sequence number (birth 1990-01-01, Chongqing Yuzhong).
pub fn id_number(seq: u32) -> String {
    let body = format!("50010319900101{:03}", seq % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Registered only: the profile is open for uploads.
pub async fn registered(store: &Store, seq: u32) -> String {
    let id = id_number(seq);
    let gender = if (seq % 1000 % 10) % 2 == 1 {
        "male"
    } else {
        "female"
    };
    let input = IdentityInput {
        name: format!(
            "考生{}",
            ["甲", "乙", "丙", "丁", "戊", "己"][seq as usize % 6]
        ),
        gender: gender.into(),
        id_number: id.clone(),
        mobile: "13800138000".into(),
        email: "k@example.com".into(),
    };
    let r = candidates::register(store, &input, &actor(), false)
        .await
        .unwrap();
    assert!(r.added, "{:?}", r.issues);
    id
}

/// The exam session the helpers register for.
pub const SESSION: &str = "health-manager-3-2027-1";

pub async fn submitted(store: &Store, seq: u32) -> String {
    let id = registered(store, seq).await;
    let profile = Profile {
        education: Education::JuniorCollege,
        major: "护理".into(),
        employer: "医院".into(),
        invoice: Invoice::Personal,
        medical_override: None,
    };
    let steps = [
        ProcessAction::SaveBasic { profile },
        ProcessAction::CompleteUploads {
            slots: UploadSlot::ALL.to_vec(),
        },
        ProcessAction::Submit,
    ];
    process::apply_all(store, &id, None, &steps, &actor())
        .await
        .unwrap()
        .unwrap();
    id
}

/// Submitted, passed, notice read, item chosen, paid, with this serial number.
pub async fn with_serial(store: &Store, seq: u32, serial: &str) -> String {
    let id = submitted(store, seq).await;
    let steps = [
        ProcessAction::RecordReview {
            decision: ReviewDecision::Passed,
            reasons: vec![],
            note: None,
            reviewer: None,
            decided_at: "2026-11-20".into(),
        },
        ProcessAction::OpenRegistration {
            exam_session: SESSION.into(),
            region: None,
        },
        ProcessAction::AcknowledgeNotice,
        ProcessAction::ChooseExam {
            exam_item: "健康管理师三级".into(),
            region: "渝中区".into(),
        },
        ProcessAction::RecordPayment {
            reference: format!("PAY{seq}"),
        },
        ProcessAction::AssignSerial {
            serial_number: serial.into(),
        },
    ];
    process::apply_all(store, &id, None, &steps, &actor())
        .await
        .unwrap()
        .unwrap();
    id
}
