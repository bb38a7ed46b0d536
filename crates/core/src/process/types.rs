//! The data the registration process carries: channel, upload slots, review, exam
//! registration, payment and certificate collection (SPEC §2).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::profile::Profile;

/// How the candidate registers: alone online, or through a named training centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Channel {
    #[default]
    Individual,
    TrainingCentre {
        name: String,
    },
}

/// The four uploads of profile step 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UploadSlot {
    IdFront,
    Diploma,
    Photo,
    WorkProof,
}

impl UploadSlot {
    pub const ALL: [UploadSlot; 4] = [
        UploadSlot::IdFront,
        UploadSlot::Diploma,
        UploadSlot::Photo,
        UploadSlot::WorkProof,
    ];

    /// The snake_case name used in fields, files and JSON (`id_front`).
    pub fn name(self) -> &'static str {
        match self {
            UploadSlot::IdFront => "id_front",
            UploadSlot::Diploma => "diploma",
            UploadSlot::Photo => "photo",
            UploadSlot::WorkProof => "work_proof",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UploadSlot::IdFront => "身份证正面照",
            UploadSlot::Diploma => "学历照片",
            UploadSlot::Photo => "电子证件照片",
            UploadSlot::WorkProof => "工作证明",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            UploadSlot::IdFront => "ID card (front)",
            UploadSlot::Diploma => "diploma",
            UploadSlot::Photo => "ID photo",
            UploadSlot::WorkProof => "proof of work experience",
        }
    }

    /// The slot named `name` (`id_front`), as fields, files and JSON spell it.
    pub fn from_name(name: &str) -> Option<UploadSlot> {
        UploadSlot::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The profile's place in the seed's cycle: draft (steps 1–3) → submitted → passed | failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ProfileStatus {
    /// Being filled in; `next` is the first step not yet done.
    Draft {
        next: ProfileStep,
    },
    /// Confirmed and locked, waiting for review.
    Submitted {
        submitted_at: String,
    },
    Passed {
        decided_at: String,
        valid_until: String,
    },
    Failed {
        decided_at: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProfileStep {
    Basic,
    Uploads,
    Confirm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Passed,
    Failed,
}

/// An administrator's review of a submitted profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub decision: ReviewDecision,
    /// Reason codes (from the registry) or the portal's own words.
    pub reasons: Vec<String>,
    pub note: Option<String>,
    pub reviewer: Option<String>,
    /// `YYYY-MM-DD`.
    pub decided_at: String,
    /// `decided_at` + 1 year, for a pass.
    pub valid_until: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Unpaid,
    Paid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub status: PaymentStatus,
    /// The payment provider's reference.
    pub reference: Option<String>,
}

/// One exam registration (a candidate may hold several, one per exam session): tasks 1–4 of
/// the seed in order, then the ticket and the certificate choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    /// The catalogue session (e.g. `health-manager-3-2027-1`).
    pub exam_session: String,
    /// RFC 3339 time the registration was opened.
    #[serde(default)]
    pub opened_at: String,
    /// RFC 3339 time the notice was acknowledged (我已阅读).
    pub notice_acknowledged_at: Option<String>,
    /// The item's label, fixed by the session.
    pub exam_item: Option<String>,
    /// A preference (意向考试区域), not the assigned site.
    pub region: Option<String>,
    pub payment: Option<Payment>,
    /// 报名序列号: decides the batch when machines are fewer than candidates.
    pub serial_number: Option<String>,
    /// Batch, session time, site and seat, planned here or imported from the exam office.
    #[serde(default)]
    pub session: Option<SessionAssignment>,
    /// `YYYY-MM-DD` from which the admission ticket may be printed.
    #[serde(default)]
    pub ticket_opens_at: Option<String>,
    #[serde(default)]
    pub certificate: Option<CertificateCollection>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionSource {
    /// From the exam office: wins over a planned one unless the user replaces it.
    Imported,
    Planned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionAssignment {
    pub batch: String,
    pub time: String,
    pub site: String,
    pub seat: String,
    pub source: SessionSource,
}

/// 证书领取方式: required of every candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "method",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum CertificateCollection {
    SelfPickup,
    PostalCod {
        recipient: String,
        mobile: String,
        address: String,
    },
}

/// The candidate's profile and its review (registrations are kept beside it, see
/// [`super::Dossier`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProcessState {
    pub channel: Channel,
    pub profile_status: ProfileStatus,
    pub profile: Option<Profile>,
    pub uploads: Vec<UploadSlot>,
    /// The latest review, kept after a failure so its reasons show on the fields during edits.
    pub last_review: Option<Review>,
}

impl Default for ProcessState {
    fn default() -> Self {
        Self {
            channel: Channel::Individual,
            profile_status: ProfileStatus::Draft {
                next: ProfileStep::Basic,
            },
            profile: None,
            uploads: vec![],
            last_review: None,
        }
    }
}
