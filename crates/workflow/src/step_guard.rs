//! What the window may ask of `apply_step`: only the steps its forms make, each checked with
//! the rules its form shows. Saving basic info, uploads and submitting have their own commands
//! (with their validation and file checks) and are refused here, so a script in the page cannot
//! submit a profile without files or skip a rule by calling the generic step.

use chrono::NaiveDate;
use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::process::{ProcessAction, ReviewDecision};
use regdesk_core::{Problem, ReasonCode};

fn refuse(field: &str, zh: String, en: String) -> Problem {
    Problem::error(field, ReasonCode::ProcessOutOfOrder, zh, en)
}

fn date(field: &str, text: &str, today: NaiveDate, out: &mut Vec<Problem>) {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) if d > today => out.push(refuse(
            field,
            format!("日期 {d} 晚于今天"),
            format!("the date {d} is after today"),
        )),
        Ok(_) => {}
        Err(_) => out.push(refuse(
            field,
            format!("日期须为 YYYY-MM-DD：{text}"),
            format!("the date must be YYYY-MM-DD: {text}"),
        )),
    }
}

/// The problems that refuse `action` from the window (empty: it may go to the state machine).
pub fn check(action: &ProcessAction, today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    match action {
        ProcessAction::SaveBasic { .. }
        | ProcessAction::CompleteUploads { .. }
        | ProcessAction::Submit
        | ProcessAction::ReplaceUpload { .. }
        | ProcessAction::SettleReview { .. }
        | ProcessAction::SetChannel { .. } => out.push(refuse(
            "action",
            format!("“{}”须通过对应的表单完成", action.name()),
            format!("“{}” goes through its own form and command", action.name()),
        )),
        ProcessAction::RecordReview {
            decision,
            reasons,
            decided_at,
            ..
        } => {
            date("decidedAt", decided_at, today, &mut out);
            if *decision == ReviewDecision::Failed && reasons.iter().all(|r| r.trim().is_empty()) {
                out.push(Problem::error(
                    "reasons",
                    ReasonCode::FieldRequired,
                    "审核未通过须填写原因",
                    "a failed review needs its reasons",
                ));
            }
        }
        ProcessAction::ChooseExam { exam_item, region } => {
            if exam_catalog().find_item(exam_item).is_none() {
                out.push(refuse(
                    "examItem",
                    format!("考试项目 {exam_item} 不在目录中"),
                    format!("the exam item {exam_item} is not in the catalogue"),
                ));
            }
            if region.trim().is_empty() {
                out.push(Problem::error(
                    "region",
                    ReasonCode::FieldRequired,
                    "请选择考区",
                    "choose the region",
                ));
            }
        }
        ProcessAction::OpenRegistration { exam_session, .. } => {
            if exam_catalog().session(exam_session).is_none() {
                out.push(refuse(
                    "examSession",
                    format!("考试批次 {exam_session} 不在目录中"),
                    format!("the exam session {exam_session} is not in the catalogue"),
                ));
            }
        }
        ProcessAction::SetTicketOpening { date: d } => {
            if NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").is_err() {
                out.push(refuse(
                    "date",
                    format!("日期须为 YYYY-MM-DD：{d}"),
                    format!("the date must be YYYY-MM-DD: {d}"),
                ));
            }
        }
        ProcessAction::AcknowledgeNotice
        | ProcessAction::RecordPayment { .. }
        | ProcessAction::AssignSerial { .. }
        | ProcessAction::ChooseCertificate { .. }
        | ProcessAction::AssignSession { .. } => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn review(decision: ReviewDecision, reasons: &[&str], at: &str) -> ProcessAction {
        ProcessAction::RecordReview {
            decision,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            note: None,
            reviewer: None,
            decided_at: at.into(),
        }
    }

    #[test]
    fn the_dedicated_steps_are_refused_from_the_window() {
        for a in [
            ProcessAction::Submit,
            ProcessAction::CompleteUploads { slots: vec![] },
        ] {
            let got = check(&a, today());
            assert_eq!(got.len(), 1, "{a:?}");
            assert_eq!(got[0].code, ReasonCode::ProcessOutOfOrder);
        }
    }

    #[test]
    fn a_review_is_dated_today_or_before_and_a_fail_has_reasons() {
        assert!(check(&review(ReviewDecision::Passed, &[], "2026-11-30"), today()).is_empty());
        assert_eq!(
            check(&review(ReviewDecision::Passed, &[], "2026-12-01"), today())[0].field,
            "decidedAt"
        );
        assert_eq!(
            check(&review(ReviewDecision::Passed, &[], "30/11/2026"), today())[0].field,
            "decidedAt"
        );
        assert_eq!(
            check(
                &review(ReviewDecision::Failed, &[" "], "2026-11-29"),
                today()
            )[0]
            .field,
            "reasons"
        );
    }

    #[test]
    fn an_exam_item_must_be_in_the_catalogue() {
        let bad = ProcessAction::ChooseExam {
            exam_item: "不存在的项目".into(),
            region: "渝中区".into(),
        };
        assert_eq!(check(&bad, today())[0].field, "examItem");
        let item = &exam_catalog().items[0];
        let good = ProcessAction::ChooseExam {
            exam_item: item.id.clone(),
            region: "渝中区".into(),
        };
        assert!(
            check(&good, today()).is_empty(),
            "{:?}",
            check(&good, today())
        );
    }
}
