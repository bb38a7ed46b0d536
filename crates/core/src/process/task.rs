//! What the user should do next, for the profile and for each registration, and which part of
//! the profile a review's reason concerns. The window shows these; they live here so every
//! shell (and the browser tests' fixtures) gets the same answer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::RegistrationStatus;
use super::{ticket_problems, ProcessState, ProfileStatus, ProfileStep, Registration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NextTask {
    // the profile
    FillBasic,
    Uploads,
    Confirm,
    AwaitReview,
    /// The review failed: edit the parts its reasons name, then resubmit.
    FixProfile,
    /// The pass expired (or an important change sent it back): resubmit for review.
    Resubmit,
    /// A valid pass: registrations may be opened.
    OpenRegistration,
    // one registration
    AcknowledgeNotice,
    ChooseRegion,
    Pay,
    AwaitSerial,
    ChooseCertificate,
    /// Waiting for the exam office's session and ticket date.
    AwaitTicket,
    PrintTicket,
}

impl ProcessState {
    /// The profile's next task on `today`.
    pub fn next_task(&self, today: NaiveDate) -> NextTask {
        match &self.profile_status {
            ProfileStatus::Draft { next } if self.last_review.is_some() => match next {
                ProfileStep::Confirm => NextTask::Resubmit,
                ProfileStep::Basic => NextTask::FillBasic,
                ProfileStep::Uploads => NextTask::Uploads,
            },
            ProfileStatus::Draft { next } => match next {
                ProfileStep::Basic => NextTask::FillBasic,
                ProfileStep::Uploads => NextTask::Uploads,
                ProfileStep::Confirm => NextTask::Confirm,
            },
            ProfileStatus::Submitted { .. } => NextTask::AwaitReview,
            ProfileStatus::Failed { .. } => NextTask::FixProfile,
            ProfileStatus::Passed { .. } => match self.may_register(today) {
                Err(p) if p[0].code == crate::ReasonCode::ProcessExpired => NextTask::Resubmit,
                _ => NextTask::OpenRegistration,
            },
        }
    }
}

impl Registration {
    /// This registration's next task on `today` (`None`: nothing left to do here).
    pub fn next_task(&self, profile: &ProcessState, today: NaiveDate) -> Option<NextTask> {
        let status = self.status();
        let gated = matches!(
            status,
            RegistrationStatus::Opened
                | RegistrationStatus::NoticeAcknowledged
                | RegistrationStatus::Chosen
        );
        if gated && profile.may_register(today).is_err() {
            return Some(profile.next_task(today)).filter(|t| *t != NextTask::OpenRegistration);
        }
        Some(match status {
            RegistrationStatus::Opened => NextTask::AcknowledgeNotice,
            RegistrationStatus::NoticeAcknowledged => NextTask::ChooseRegion,
            RegistrationStatus::Chosen => NextTask::Pay,
            RegistrationStatus::Paid => NextTask::AwaitSerial,
            RegistrationStatus::Registered => NextTask::ChooseCertificate,
            RegistrationStatus::Completed if ticket_problems(self, today).is_empty() => {
                NextTask::PrintTicket
            }
            RegistrationStatus::Completed => NextTask::AwaitTicket,
        })
    }
}

/// The part of the profile a review reason concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProfilePart {
    Identity,
    Basic,
    IdFront,
    Diploma,
    Photo,
    WorkProof,
}

const PREFIXES: &[(&str, ProfilePart)] = &[
    ("photo.", ProfilePart::Photo),
    ("id_front", ProfilePart::IdFront),
    ("diploma", ProfilePart::Diploma),
    ("work_proof", ProfilePart::WorkProof),
    ("id_number.", ProfilePart::Identity),
    ("name.", ProfilePart::Identity),
    ("mobile.", ProfilePart::Identity),
    ("email.", ProfilePart::Identity),
    ("education", ProfilePart::Basic),
    ("major", ProfilePart::Basic),
    ("employer", ProfilePart::Basic),
    ("invoice", ProfilePart::Basic),
    ("uscc.", ProfilePart::Basic),
    ("basic.", ProfilePart::Basic),
];

impl ProfilePart {
    /// The part a reason code concerns; `None` for the portal's own words (shown everywhere).
    pub fn of(reason: &str) -> Option<ProfilePart> {
        PREFIXES
            .iter()
            .find(|(p, _)| reason.trim().starts_with(p))
            .map(|(_, part)| *part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_map_to_the_part_they_concern() {
        assert_eq!(
            ProfilePart::of("photo.background_not_white"),
            Some(ProfilePart::Photo)
        );
        assert_eq!(
            ProfilePart::of("id_number.check_digit"),
            Some(ProfilePart::Identity)
        );
        assert_eq!(ProfilePart::of("uscc.check_char"), Some(ProfilePart::Basic));
        assert_eq!(ProfilePart::of("照片模糊"), None);
    }
}
