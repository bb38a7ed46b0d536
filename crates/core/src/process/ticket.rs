//! When may the admission ticket (准考证) be printed? After payment, with a serial number and
//! an assigned session, from the day the exam office opens printing (a date in the data).

use chrono::NaiveDate;

use super::{PaymentStatus, Registration};
use crate::problem::Problem;
use crate::reason::ReasonCode;

/// Every reason the ticket cannot be printed today; empty when it can.
pub fn ticket_problems(exam: &Registration, today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut missing = |field: &str, zh: &str, en: &str| {
        out.push(Problem::error(
            field,
            ReasonCode::TicketDataMissing,
            format!("准考证缺少{zh}"),
            format!("the admission ticket needs {en}"),
        ));
    };
    if exam.exam_item.is_none() {
        missing("examItem", "报考项目", "the exam item");
    }
    if !matches!(&exam.payment, Some(p) if p.status == PaymentStatus::Paid) {
        missing("payment", "缴费记录（尚未缴费）", "a recorded payment");
    }
    if exam.serial_number.is_none() {
        missing(
            "serialNumber",
            "报名序列号",
            "the registration serial number",
        );
    }
    if exam.session.is_none() {
        missing(
            "session",
            "考试批次、时间、考点和座位",
            "the batch, session time, site and seat",
        );
    }
    match exam.ticket_opens_at.as_deref() {
        None => out.push(Problem::error(
            "ticketOpensAt",
            ReasonCode::TicketNotOpen,
            "准考证尚未开放打印：考试机构还没有公布打印日期",
            "the admission ticket is not open yet: the exam office has not set a printing date",
        )),
        Some(date) => {
            let opens = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
            if opens.is_none_or(|d| d > today) {
                out.push(Problem::error(
                    "ticketOpensAt",
                    ReasonCode::TicketNotOpen,
                    format!("准考证将于 {date} 开放打印"),
                    format!("the admission ticket opens for printing on {date}"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::{Payment, SessionAssignment, SessionSource};

    fn ready() -> Registration {
        Registration {
            exam_item: Some("健康管理师（三级）".into()),
            payment: Some(Payment {
                status: PaymentStatus::Paid,
                reference: Some("P1".into()),
            }),
            serial_number: Some("0001".into()),
            session: Some(SessionAssignment {
                batch: "1".into(),
                time: "2026-12-12 09:00".into(),
                site: "重庆医科大学".into(),
                seat: "01".into(),
                source: SessionSource::Imported,
            }),
            ticket_opens_at: Some("2026-12-01".into()),
            ..Registration::default()
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn opens_on_the_day_not_before() {
        let s = ready();
        assert!(ticket_problems(&s, day("2026-12-01")).is_empty());
        let before = ticket_problems(&s, day("2026-11-30"));
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].code, ReasonCode::TicketNotOpen);
        assert!(before[0].message_zh.contains("2026-12-01"));
    }

    #[test]
    fn each_missing_piece_is_named() {
        let mut s = ready();
        s.serial_number = None;
        s.session = None;
        s.ticket_opens_at = None;
        let fields: Vec<_> = ticket_problems(&s, day("2027-01-01"))
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("serialNumber".to_string(), ReasonCode::TicketDataMissing),
                ("session".to_string(), ReasonCode::TicketDataMissing),
                ("ticketOpensAt".to_string(), ReasonCode::TicketNotOpen),
            ]
        );
    }
}
