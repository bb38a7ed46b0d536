//! The registration process as a state machine (SPEC §2): profile steps in order
//! (basic → uploads → confirm), submitted → passed | failed → edited → resubmitted, a pass valid
//! one year, then exam tasks 1–4 strictly in order and the certificate choice any time after
//! the notice. `apply` is pure: it returns the next state or the problems that forbid the step,
//! and nothing is changed on refusal. The store persists states and audits every transition.

mod dossier;
mod registration;
mod task;
mod ticket;
mod types;

pub use dossier::{Dossier, Target};
pub use registration::RegistrationStatus;
pub use task::{NextTask, ProfilePart};
pub use ticket::ticket_problems;
pub use types::*;

use chrono::{DateTime, FixedOffset, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::problem::Problem;
use crate::profile::Profile;
use crate::reason::ReasonCode;
use crate::validate::validate_mobile_field;

/// One step a user (or an import) asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "action",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ProcessAction {
    SetChannel {
        channel: Channel,
    },
    SaveBasic {
        profile: Profile,
    },
    CompleteUploads {
        slots: Vec<UploadSlot>,
    },
    Submit,
    RecordReview {
        decision: ReviewDecision,
        reasons: Vec<String>,
        note: Option<String>,
        reviewer: Option<String>,
        decided_at: String,
    },
    /// The merged outcome of every review record about the submitted package (a decisions
    /// import): status and last review are recomputed from the state at submission, so the
    /// result depends only on the set of records, never on the order they arrived in.
    SettleReview {
        /// When the package was submitted, and the review in force then (an earlier cycle's).
        submitted_at: String,
        previous_review: Option<Box<Review>>,
        /// The deciding record (`valid_until` is recomputed); `None` while the records in
        /// force disagree: the profile waits for a reviewer, neither passed nor failed.
        outcome: Option<Box<Review>>,
    },
    /// A new registration for a catalogue exam session (needs a valid pass).
    OpenRegistration {
        exam_session: String,
        region: Option<String>,
    },
    /// An upload replaced after a pass: an important change, so the profile goes back to review.
    ReplaceUpload {
        slot: UploadSlot,
    },
    AcknowledgeNotice,
    ChooseExam {
        exam_item: String,
        region: String,
    },
    RecordPayment {
        reference: String,
    },
    AssignSerial {
        serial_number: String,
    },
    ChooseCertificate {
        collection: CertificateCollection,
    },
    /// Batch/session/site/seat; needs a serial number (batches are split by serial number).
    AssignSession {
        session: SessionAssignment,
    },
    /// The date the exam office opens ticket printing; needs payment.
    SetTicketOpening {
        date: String,
    },
}

impl ProcessAction {
    /// Stable name for the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            ProcessAction::SetChannel { .. } => "set_channel",
            ProcessAction::SaveBasic { .. } => "save_basic",
            ProcessAction::CompleteUploads { .. } => "complete_uploads",
            ProcessAction::Submit => "submit",
            ProcessAction::RecordReview { .. } => "record_review",
            ProcessAction::SettleReview { .. } => "settle_review",
            ProcessAction::OpenRegistration { .. } => "open_registration",
            ProcessAction::ReplaceUpload { .. } => "replace_upload",
            ProcessAction::AcknowledgeNotice => "acknowledge_notice",
            ProcessAction::ChooseExam { .. } => "choose_exam",
            ProcessAction::RecordPayment { .. } => "record_payment",
            ProcessAction::AssignSerial { .. } => "assign_serial",
            ProcessAction::ChooseCertificate { .. } => "choose_certificate",
            ProcessAction::AssignSession { .. } => "assign_session",
            ProcessAction::SetTicketOpening { .. } => "set_ticket_opening",
        }
    }
}

pub(crate) type Refusal = Vec<Problem>;

pub(crate) fn refuse(code: ReasonCode, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    vec![Problem::error("process", code, zh, en)]
}

pub(crate) fn out_of_order(zh: &str, en: &str) -> Refusal {
    refuse(
        ReasonCode::ProcessOutOfOrder,
        format!("步骤顺序不对：{zh}"),
        format!("out of order: {en}"),
    )
}

pub(crate) fn locked(zh: &str, en: &str) -> Refusal {
    refuse(
        ReasonCode::ProcessLocked,
        format!("已锁定：{zh}"),
        format!("locked: {en}"),
    )
}

pub(crate) fn required(field: &str, value: &str, zh: &str, en: &str) -> Result<String, Refusal> {
    let v = value.trim();
    if v.is_empty() {
        Err(vec![Problem::error(
            field,
            ReasonCode::FieldRequired,
            zh,
            en,
        )])
    } else {
        Ok(v.to_owned())
    }
}

/// Check & confirm (profile step 3) with the files stored in `stored`: every blocking problem
/// at once, else the actions that complete the uploads step and submit (one unit).
pub fn submit_actions(
    state: &ProcessState,
    stored: &[UploadSlot],
) -> Result<Vec<ProcessAction>, Vec<Problem>> {
    let Some(profile) = &state.profile else {
        return Err(vec![Problem::error(
            "profile",
            ReasonCode::ProcessOutOfOrder,
            "步骤顺序不对：请先完成第 1 步基本信息（学历、专业、工作单位、开票信息）",
            "out of order: complete step 1, basic info (education, major, employer, invoice), first",
        )]);
    };
    let blanks = incomplete(profile);
    if !blanks.is_empty() {
        return Err(blanks);
    }
    let missing: Vec<Problem> = required_uploads(profile)
        .into_iter()
        .filter(|s| !stored.contains(s))
        .map(|slot| {
            let name = slot.name();
            Problem::error(
                &format!("uploads.{name}"),
                ReasonCode::FieldRequired,
                format!("缺少{}", slot.label_zh()),
                format!("missing upload: {name}"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut actions = Vec::new();
    if !matches!(
        state.profile_status,
        ProfileStatus::Draft {
            next: ProfileStep::Confirm
        }
    ) {
        actions.push(ProcessAction::CompleteUploads {
            slots: stored.to_vec(),
        });
    }
    actions.push(ProcessAction::Submit);
    Ok(actions)
}

/// What a draft profile still lacks, as blocking problems.
fn incomplete(profile: &Profile) -> Vec<Problem> {
    profile
        .missing()
        .into_iter()
        .map(|(field, zh, en)| {
            Problem::error(
                field,
                ReasonCode::FieldRequired,
                format!("请填写{zh}"),
                format!("enter the {en}"),
            )
        })
        .collect()
}

/// Uploads the profile needs: all four, except the work proof for exempt candidates.
pub fn required_uploads(profile: &Profile) -> Vec<UploadSlot> {
    UploadSlot::ALL
        .into_iter()
        .filter(|s| *s != UploadSlot::WorkProof || profile.work_proof_required())
        .collect()
}

fn next_step(profile: Option<&Profile>, uploads: &[UploadSlot]) -> ProfileStep {
    match profile {
        None => ProfileStep::Basic,
        Some(p) if !p.is_complete() => ProfileStep::Basic,
        Some(p) if required_uploads(p).iter().any(|s| !uploads.contains(s)) => ProfileStep::Uploads,
        Some(_) => ProfileStep::Confirm,
    }
}

impl ProcessState {
    /// Editable now: a draft, or a failed profile being corrected.
    fn editable(&self) -> Result<(), Refusal> {
        match self.profile_status {
            ProfileStatus::Draft { .. } | ProfileStatus::Failed { .. } => Ok(()),
            ProfileStatus::Submitted { .. } => Err(locked(
                "资料已提交，等待审核，不能修改",
                "the profile is submitted and awaiting review",
            )),
            ProfileStatus::Passed { .. } => Err(locked(
                "资料已审核通过，不能修改",
                "the profile has passed review and cannot be edited",
            )),
        }
    }

    fn redraft(&mut self) {
        self.profile_status = ProfileStatus::Draft {
            next: next_step(self.profile.as_ref(), &self.uploads),
        };
    }

    /// Saving `profile` now would change what a passed review judged (education, major).
    pub fn judged_change(&self, profile: &Profile) -> bool {
        matches!(self.profile_status, ProfileStatus::Passed { .. })
            && self.profile.as_ref().is_none_or(|p| {
                p.education != profile.education
                    || p.major.trim() != profile.major.trim()
                    || p.medical_override != profile.medical_override
            })
    }

    /// Exam tasks need a passed, unexpired profile and an eligible channel.
    pub(crate) fn may_register(&self, today: NaiveDate) -> Result<(), Refusal> {
        let ProfileStatus::Passed { valid_until, .. } = &self.profile_status else {
            return Err(out_of_order(
                "资料审核通过后才能报名",
                "exam registration needs a profile that passed review",
            ));
        };
        if NaiveDate::parse_from_str(valid_until, "%Y-%m-%d").is_ok_and(|until| today > until) {
            return Err(refuse(
                ReasonCode::ProcessExpired,
                format!("资料审核通过已超过一年（有效期至 {valid_until}），请重新提交审核"),
                format!(
                    "the approval expired on {valid_until}; submit the profile for review again"
                ),
            ));
        }
        let eligible = matches!(self.channel, Channel::TrainingCentre { .. })
            || self
                .profile
                .as_ref()
                .is_some_and(Profile::individually_eligible);
        if !eligible {
            return Err(refuse(
                ReasonCode::ProcessNotEligible,
                "只有医药卫生专业大学专科及以上学历可个人网上报名，其他人员须先参加培训，经培训机构报名",
                "only medical/health majors at junior-college level or above may register individually; others register through a training centre",
            ));
        }
        Ok(())
    }

    /// Applies one profile action at time `now`, or explains why it is refused (registration
    /// actions go through [`Dossier::apply`]).
    pub fn apply(
        &self,
        action: &ProcessAction,
        now: DateTime<FixedOffset>,
    ) -> Result<ProcessState, Refusal> {
        let mut next = self.clone();
        match action {
            ProcessAction::SetChannel { channel } => {
                self.editable()?;
                if let Channel::TrainingCentre { name } = channel {
                    required(
                        "channel.name",
                        name,
                        "请填写培训机构名称",
                        "enter the training centre's name",
                    )?;
                }
                next.channel = channel.clone();
            }
            ProcessAction::SaveBasic { profile } => {
                if self.judged_change(profile) {
                    // 重要信息变更: the review judged education and major, so they go back to it.
                    next.profile = Some(profile.clone());
                    next.redraft();
                } else if matches!(self.profile_status, ProfileStatus::Passed { .. }) {
                    next.profile = Some(profile.clone());
                } else {
                    self.editable()?;
                    next.profile = Some(profile.clone());
                    next.redraft();
                }
            }
            ProcessAction::CompleteUploads { slots } => {
                self.editable()?;
                let Some(profile) = self.profile.as_ref().filter(|p| p.is_complete()) else {
                    return Err(out_of_order(
                        "请先完成第 1 步基本信息",
                        "complete step 1, basic info, first",
                    ));
                };
                let mut slots = slots.clone();
                slots.sort();
                slots.dedup();
                let missing: Vec<Problem> = required_uploads(profile)
                    .into_iter()
                    .filter(|s| !slots.contains(s))
                    .map(|s| {
                        let field = format!(
                            "uploads.{}",
                            serde_json::to_value(s)
                                .unwrap_or_default()
                                .as_str()
                                .unwrap_or("")
                        );
                        Problem::error(
                            &field,
                            ReasonCode::FieldRequired,
                            format!("缺少{}", s.label_zh()),
                            format!("missing upload: {s:?}"),
                        )
                    })
                    .collect();
                if !missing.is_empty() {
                    return Err(missing);
                }
                next.uploads = slots;
                next.redraft();
            }
            ProcessAction::Submit => match &self.profile_status {
                ProfileStatus::Draft {
                    next: ProfileStep::Confirm,
                } => {
                    next.profile_status = ProfileStatus::Submitted {
                        submitted_at: now.to_rfc3339(),
                    };
                }
                ProfileStatus::Draft { .. } => {
                    return Err(out_of_order(
                        "请先完成基本信息和上传资料",
                        "complete basic info and uploads first",
                    ))
                }
                ProfileStatus::Failed { .. } => {
                    return Err(out_of_order(
                        "审核未通过：请先按原因修改资料再重新提交",
                        "the review failed: edit the profile before resubmitting",
                    ))
                }
                ProfileStatus::Submitted { .. } | ProfileStatus::Passed { .. } => {
                    return Err(locked("资料已提交", "the profile is already submitted"))
                }
            },
            ProcessAction::RecordReview {
                decision,
                reasons,
                note,
                reviewer,
                decided_at,
            } => {
                if !matches!(self.profile_status, ProfileStatus::Submitted { .. }) {
                    return Err(out_of_order(
                        "只有已提交的资料才能记录审核结果",
                        "a review needs a submitted profile",
                    ));
                }
                let date =
                    NaiveDate::parse_from_str(decided_at.trim(), "%Y-%m-%d").map_err(|_| {
                        vec![Problem::error(
                            "review.decidedAt",
                            ReasonCode::FieldRequired,
                            "审核日期须为 YYYY-MM-DD",
                            "decidedAt must be YYYY-MM-DD",
                        )]
                    })?;
                let reasons: Vec<String> = reasons
                    .iter()
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect();
                let decided_at = date.format("%Y-%m-%d").to_string();
                let valid_until = match decision {
                    ReviewDecision::Passed => {
                        let until = date.checked_add_months(Months::new(12)).unwrap_or(date);
                        let until = until.format("%Y-%m-%d").to_string();
                        next.profile_status = ProfileStatus::Passed {
                            decided_at: decided_at.clone(),
                            valid_until: until.clone(),
                        };
                        Some(until)
                    }
                    ReviewDecision::Failed => {
                        if reasons.is_empty() {
                            return Err(vec![Problem::error(
                                "review.reasons",
                                ReasonCode::FieldRequired,
                                "未通过须注明原因",
                                "a failed review needs its reasons",
                            )]);
                        }
                        next.profile_status = ProfileStatus::Failed {
                            decided_at: decided_at.clone(),
                        };
                        None
                    }
                };
                next.last_review = Some(Review {
                    decision: *decision,
                    reasons,
                    note: note.clone(),
                    reviewer: reviewer.clone(),
                    decided_at,
                    valid_until,
                });
            }
            ProcessAction::SettleReview {
                submitted_at,
                previous_review,
                outcome,
            } => {
                if matches!(self.profile_status, ProfileStatus::Draft { .. }) {
                    return Err(out_of_order(
                        "资料已重新编辑，审核结果不再适用",
                        "the profile was edited since: the review no longer applies",
                    ));
                }
                let mut base = self.clone();
                base.profile_status = ProfileStatus::Submitted {
                    submitted_at: submitted_at.clone(),
                };
                base.last_review = previous_review.as_deref().cloned();
                next = match outcome {
                    None => base,
                    Some(r) => base.apply(
                        &ProcessAction::RecordReview {
                            decision: r.decision,
                            reasons: r.reasons.clone(),
                            note: r.note.clone(),
                            reviewer: r.reviewer.clone(),
                            decided_at: r.decided_at.clone(),
                        },
                        now,
                    )?,
                };
            }
            ProcessAction::ReplaceUpload { .. } => match self.profile_status {
                ProfileStatus::Passed { .. } => next.redraft(),
                _ => self.editable()?,
            },
            _ => {
                return Err(out_of_order(
                    "请先新建考试报名",
                    "open an exam registration first",
                ))
            }
        }
        Ok(next)
    }
}

pub fn validate_collection(c: &CertificateCollection) -> Result<CertificateCollection, Refusal> {
    match c {
        CertificateCollection::SelfPickup => Ok(CertificateCollection::SelfPickup),
        CertificateCollection::PostalCod {
            recipient,
            mobile,
            address,
        } => {
            let mut problems = Vec::new();
            if recipient.trim().is_empty() {
                problems.push(Problem::error(
                    "certificate.recipient",
                    ReasonCode::FieldRequired,
                    "请填写收件人",
                    "enter the recipient",
                ));
            }
            let m = validate_mobile_field(mobile, "certificate.mobile");
            problems.extend(m.problems);
            if address.trim().chars().count() < 6 {
                problems.push(Problem::error(
                    "certificate.address",
                    ReasonCode::FieldRequired,
                    "请填写完整的邮寄地址（省、市、区县、街道门牌）",
                    "enter the full postal address",
                ));
            }
            if problems.is_empty() {
                Ok(CertificateCollection::PostalCod {
                    recipient: recipient.trim().to_owned(),
                    mobile: m.normalized,
                    address: address.trim().to_owned(),
                })
            } else {
                Err(problems)
            }
        }
    }
}

#[cfg(test)]
mod tests;
