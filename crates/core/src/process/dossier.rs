//! A candidate's whole process: one profile (with its review and validity) and the exam
//! registrations it gates. Profile steps go to the profile, registration steps to the
//! registration named by its exam session (or the only one).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{out_of_order, refuse, ProcessAction, ProcessState, Refusal, Registration};
use crate::exam_catalog::exam_catalog;
use crate::problem::Problem;
use crate::reason::ReasonCode;

/// The registration an action is for: its exam session, or `None` for "the only one".
pub type Target<'a> = Option<&'a str>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dossier {
    pub profile: ProcessState,
    /// In the order they were opened.
    pub registrations: Vec<Registration>,
}

impl ProcessAction {
    /// Steps of one registration (as opposed to the profile's).
    pub fn is_registration_step(&self) -> bool {
        matches!(
            self,
            ProcessAction::AcknowledgeNotice
                | ProcessAction::ChooseExam { .. }
                | ProcessAction::RecordPayment { .. }
                | ProcessAction::AssignSerial { .. }
                | ProcessAction::ChooseCertificate { .. }
                | ProcessAction::AssignSession { .. }
                | ProcessAction::SetTicketOpening { .. }
        )
    }
}

impl Dossier {
    /// The index of the registration `target` names; without a target, the only one.
    pub fn find(&self, target: Target) -> Result<usize, Refusal> {
        match target.map(str::trim) {
            Some(session) => self
                .registrations
                .iter()
                .position(|r| r.exam_session == session)
                .ok_or_else(|| {
                    vec![Problem::error(
                        "examSession",
                        ReasonCode::RegistrationUnknownSession,
                        format!("该考生没有考试场次 {session} 的报名"),
                        format!("the candidate has no registration for exam session {session}"),
                    )]
                }),
            None => {
                match self.registrations.len() {
                    0 => Err(out_of_order(
                        "请先新建考试报名（选择考试场次）",
                        "open an exam registration (choose an exam session) first",
                    )),
                    1 => Ok(0),
                    n => {
                        let sessions: Vec<&str> = self
                            .registrations
                            .iter()
                            .map(|r| r.exam_session.as_str())
                            .collect();
                        let list = sessions.join(", ");
                        Err(refuse(
                        ReasonCode::RegistrationAmbiguous,
                        format!("该考生有 {n} 个报名（{list}），请指明考试场次"),
                        format!("the candidate has {n} registrations ({list}); name the exam session"),
                    ))
                    }
                }
            }
        }
    }

    /// The registration `target` names, if any.
    pub fn registration(&self, target: Target) -> Option<&Registration> {
        self.find(target).ok().map(|i| &self.registrations[i])
    }

    /// Applies one action at `now`; nothing changes on refusal.
    pub fn apply(
        &self,
        action: &ProcessAction,
        target: Target,
        now: DateTime<FixedOffset>,
    ) -> Result<Dossier, Refusal> {
        let mut next = self.clone();
        match action {
            ProcessAction::OpenRegistration {
                exam_session,
                region,
            } => {
                let Some(session) = exam_catalog().session(exam_session) else {
                    return Err(vec![Problem::error(
                        "examSession",
                        ReasonCode::RegistrationUnknownSession,
                        format!("考试目录中没有场次 {}", exam_session.trim()),
                        format!("no exam session {} in the catalogue", exam_session.trim()),
                    )]);
                };
                let opened = Registration::open(
                    &self.profile,
                    &self.registrations,
                    session,
                    region.as_deref(),
                    now,
                )?;
                next.registrations.push(opened);
            }
            a if a.is_registration_step() => {
                let i = self.find(target)?;
                next.registrations[i] = self.registrations[i].apply(&self.profile, a, now)?;
            }
            a => next.profile = self.profile.apply(a, now)?,
        }
        Ok(next)
    }
}
