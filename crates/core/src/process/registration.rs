//! One registration's state machine: tasks 1–4 of the seed strictly in order (notice → item
//! and region → payment → serial number), then session, ticket date and certificate choice.
//! The profile's review gates the steps before payment; a paid registration keeps going
//! even when the profile is later sent back to review.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    locked, out_of_order, refuse, required, validate_collection, Payment, PaymentStatus,
    ProcessAction, ProcessState, Refusal, Registration,
};
use crate::exam_catalog::{exam_catalog, ExamSession};
use crate::problem::Problem;
use crate::reason::ReasonCode;

/// Where a registration stands (the first task not yet done decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Opened; the notice is not yet acknowledged.
    Opened,
    NoticeAcknowledged,
    /// Item and region chosen, not paid.
    Chosen,
    Paid,
    /// Has its serial number (报名序列号).
    Registered,
    /// Serial number and certificate choice: nothing left to enter.
    Completed,
}

impl Registration {
    pub fn paid(&self) -> bool {
        self.payment
            .as_ref()
            .is_some_and(|p| p.status == PaymentStatus::Paid)
    }

    pub fn status(&self) -> RegistrationStatus {
        if self.serial_number.is_some() {
            if self.certificate.is_some() {
                RegistrationStatus::Completed
            } else {
                RegistrationStatus::Registered
            }
        } else if self.paid() {
            RegistrationStatus::Paid
        } else if self.notice_acknowledged_at.is_none() {
            RegistrationStatus::Opened
        } else if self.exam_item.is_some() && self.region.is_some() {
            RegistrationStatus::Chosen
        } else {
            RegistrationStatus::NoticeAcknowledged
        }
    }

    /// Registration is complete with a serial number and a certificate choice.
    pub fn complete(&self) -> bool {
        self.status() == RegistrationStatus::Completed
    }

    fn chosen(&self) -> bool {
        self.notice_acknowledged_at.is_some() && self.exam_item.is_some() && self.region.is_some()
    }

    /// Opens a registration for `session`, refused when the profile's pass is missing or
    /// expired, the session is closed, or the candidate already holds one for it.
    pub fn open(
        profile: &ProcessState,
        existing: &[Registration],
        session: &ExamSession,
        region: Option<&str>,
        now: DateTime<FixedOffset>,
    ) -> Result<Registration, Refusal> {
        let today = now.date_naive();
        profile.may_register(today)?;
        if existing.iter().any(|r| r.exam_session == session.id) {
            return Err(refuse(
                ReasonCode::RegistrationExists,
                format!("已有考试场次 {} 的报名，不能重复报名", session.id),
                format!("already registered for exam session {}", session.id),
            ));
        }
        if !session.is_open(today) {
            return Err(refuse(
                ReasonCode::RegistrationClosed,
                format!(
                    "考试场次 {} 的报名时间为 {} 至 {}，现在不能报名",
                    session.id, session.registration_opens, session.registration_closes
                ),
                format!(
                    "exam session {} takes registrations from {} to {}",
                    session.id, session.registration_opens, session.registration_closes
                ),
            ));
        }
        let item = exam_catalog()
            .item(&session.item)
            .map_or_else(|| session.item.clone(), |i| i.label.clone());
        Ok(Registration {
            exam_session: session.id.clone(),
            opened_at: now.to_rfc3339(),
            exam_item: Some(item),
            region: region
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(Into::into),
            ..Registration::default()
        })
    }

    /// Applies one registration action, gated by the profile where the seed says so.
    pub fn apply(
        &self,
        profile: &ProcessState,
        action: &ProcessAction,
        now: DateTime<FixedOffset>,
    ) -> Result<Registration, Refusal> {
        let mut next = self.clone();
        let today = now.date_naive();
        match action {
            ProcessAction::AcknowledgeNotice => {
                // A repeat changes nothing, so it needs no gate (a paid registration stays).
                if self.notice_acknowledged_at.is_none() {
                    profile.may_register(today)?;
                    next.notice_acknowledged_at = Some(now.to_rfc3339());
                }
            }
            ProcessAction::ChooseExam { exam_item, region } => {
                profile.may_register(today)?;
                if self.notice_acknowledged_at.is_none() {
                    return Err(out_of_order(
                        "请先阅读报名须知并勾选“我已阅读”",
                        "read the notice and tick 'I have read' first",
                    ));
                }
                if self.paid() {
                    return Err(locked(
                        "已缴费，不能更改报考项目和区域",
                        "already paid: the exam item and region cannot change",
                    ));
                }
                let item = required(
                    "examItem",
                    exam_item,
                    "请选择报考项目",
                    "choose the exam item",
                )?;
                match &self.exam_item {
                    Some(fixed) if !exam_catalog().same_item(fixed, &item) => {
                        return Err(locked(
                            &format!("本报名的报考项目为{fixed}，如需报考{item}请新建报名"),
                            &format!(
                                "this registration is for {fixed}; open another one for {item}"
                            ),
                        ))
                    }
                    Some(_) => {}
                    None => next.exam_item = Some(item),
                }
                next.region = Some(required(
                    "region",
                    region,
                    "请选择意向考试区域",
                    "choose the intended exam region",
                )?);
            }
            ProcessAction::RecordPayment { reference } => {
                if !self.chosen() {
                    return Err(out_of_order(
                        "请先选择报考项目和意向区域",
                        "choose the exam item and region first",
                    ));
                }
                let reference = required(
                    "payment.reference",
                    reference,
                    "请填写支付流水号",
                    "enter the payment reference",
                )?;
                match &self.payment {
                    Some(p)
                        if p.status == PaymentStatus::Paid
                            && p.reference.as_deref() != Some(&reference) =>
                    {
                        return Err(locked(
                            "已记录缴费，流水号不同",
                            "a payment with another reference is already recorded",
                        ))
                    }
                    _ => {
                        next.payment = Some(Payment {
                            status: PaymentStatus::Paid,
                            reference: Some(reference),
                        })
                    }
                }
            }
            ProcessAction::AssignSerial { serial_number } => {
                if !self.paid() {
                    return Err(out_of_order(
                        "缴费成功后才有报名序列号",
                        "a serial number comes after payment",
                    ));
                }
                let serial = required(
                    "serialNumber",
                    serial_number,
                    "请填写报名序列号",
                    "enter the serial number",
                )?;
                match &self.serial_number {
                    Some(existing) if *existing != serial => {
                        return Err(locked(
                            "报名序列号已记录，不能更改",
                            "a different serial number is already recorded",
                        ))
                    }
                    _ => next.serial_number = Some(serial),
                }
            }
            ProcessAction::AssignSession { session } => {
                if self.serial_number.is_none() {
                    return Err(out_of_order(
                        "有报名序列号后才能安排考试批次",
                        "a session needs a serial number first",
                    ));
                }
                for (field, value) in [
                    ("session.batch", &session.batch),
                    ("session.time", &session.time),
                    ("session.site", &session.site),
                ] {
                    required(
                        field,
                        value,
                        "请填写考试批次、时间和考点",
                        "enter batch, time and site",
                    )?;
                }
                next.session = Some(session.clone());
            }
            ProcessAction::SetTicketOpening { date } => {
                if !self.paid() {
                    return Err(out_of_order(
                        "缴费成功后才有准考证",
                        "the admission ticket comes after payment",
                    ));
                }
                let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                    vec![Problem::error(
                        "ticketOpensAt",
                        ReasonCode::FieldRequired,
                        "准考证开放日期须为 YYYY-MM-DD",
                        "ticketOpensAt must be YYYY-MM-DD",
                    )]
                })?;
                next.ticket_opens_at = Some(d.format("%Y-%m-%d").to_string());
            }
            ProcessAction::ChooseCertificate { collection } => {
                if self.notice_acknowledged_at.is_none() {
                    return Err(out_of_order(
                        "开始考试报名后才能选择证书领取方式",
                        "choose certificate collection once exam registration has started",
                    ));
                }
                next.certificate = Some(validate_collection(collection)?);
            }
            _ => {
                return Err(out_of_order(
                    "这是个人资料的步骤，不属于考试报名",
                    "this is a profile step, not a registration step",
                ))
            }
        }
        Ok(next)
    }
}
