//! Exam items, their sessions (报名批次, each with a registration window), fees and the
//! intended-region list as data (`data/exam_catalog.json`), so a new session or a fee change
//! needs no code. A fee of `null` means "as shown by the portal".

use std::sync::OnceLock;

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExamItem {
    pub id: String,
    pub label: String,
    pub fee_yuan: Option<u32>,
}

/// One exam session one registers for: an item in a given round (e.g. 2027 年第一批).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExamSession {
    /// Stable id, e.g. `health-manager-3-2027-1`.
    pub id: String,
    /// The item's id.
    pub item: String,
    /// The round, e.g. `2027 年第一批`.
    pub label: String,
    /// `YYYY-MM-DD`, first and last day a registration may be opened.
    pub registration_opens: String,
    pub registration_closes: String,
    /// The id of the photo spec this session's notice asks for (a library spec, `photo specs`).
    pub photo_spec: String,
}

impl ExamSession {
    /// Registrations may be opened today (the window's both ends included).
    pub fn is_open(&self, today: NaiveDate) -> bool {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        day(&self.registration_opens).is_some_and(|d| d <= today)
            && day(&self.registration_closes).is_some_and(|d| today <= d)
    }
}

/// A session as lists show it: with its item's label and whether it is open today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub id: String,
    pub item: String,
    pub item_label: String,
    /// Item and round, e.g. `健康管理师（三级）2027 年第一批`.
    pub label: String,
    pub session_label: String,
    pub registration_opens: String,
    pub registration_closes: String,
    pub open: bool,
    /// The photo spec the session asks for (its id).
    pub photo_spec: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExamCatalog {
    pub source: String,
    /// 报名须知, one paragraph per entry.
    pub notice: Vec<String>,
    pub items: Vec<ExamItem>,
    pub sessions: Vec<ExamSession>,
    /// 意向考试区域: the Chongqing districts and counties (a preference, not the site).
    pub regions: Vec<String>,
}

static CATALOG: OnceLock<ExamCatalog> = OnceLock::new();

pub fn exam_catalog() -> &'static ExamCatalog {
    CATALOG.get_or_init(|| {
        serde_json::from_str(include_str!("../data/exam_catalog.json"))
            .expect("embedded exam catalogue is valid (tested)")
    })
}

/// Item text as people write it: brackets of either width and spaces do not matter
/// (`健康管理师三级` = `健康管理师（三级）`).
fn loose(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"()（）[]【】".contains(*c))
        .collect()
}

impl ExamCatalog {
    pub fn session(&self, id: &str) -> Option<&ExamSession> {
        self.sessions.iter().find(|s| s.id == id.trim())
    }

    pub fn item(&self, id: &str) -> Option<&ExamItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Two item texts name the same item (by id or loose label; else compared as typed).
    pub fn same_item(&self, a: &str, b: &str) -> bool {
        match (self.find_item(a), self.find_item(b)) {
            (Some(x), Some(y)) => x.id == y.id,
            _ => a.trim() == b.trim(),
        }
    }

    /// The item named by its id or its label (loosely, see [`loose`]).
    pub fn find_item(&self, text: &str) -> Option<&ExamItem> {
        let want = loose(text);
        self.items
            .iter()
            .find(|i| i.id == text.trim() || loose(&i.label) == want)
    }

    pub fn view(&self, s: &ExamSession, today: NaiveDate) -> SessionView {
        let item_label = self
            .item(&s.item)
            .map_or_else(|| s.item.clone(), |i| i.label.clone());
        SessionView {
            id: s.id.clone(),
            item: s.item.clone(),
            label: format!("{item_label}{}", s.label),
            item_label,
            session_label: s.label.clone(),
            registration_opens: s.registration_opens.clone(),
            registration_closes: s.registration_closes.clone(),
            open: s.is_open(today),
            photo_spec: s.photo_spec.clone(),
        }
    }

    /// Sessions open for registration today, in catalogue order.
    pub fn open_sessions(&self, today: NaiveDate) -> Vec<SessionView> {
        self.sessions
            .iter()
            .filter(|s| s.is_open(today))
            .map(|s| self.view(s, today))
            .collect()
    }

    /// The item's current session: the open one that closes first.
    pub fn current_session(&self, item_id: &str, today: NaiveDate) -> Option<&ExamSession> {
        self.sessions
            .iter()
            .filter(|s| s.item == item_id && s.is_open(today))
            .min_by(|a, b| a.registration_closes.cmp(&b.registration_closes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_lists_items_and_all_38_chongqing_districts_and_counties() {
        let c = exam_catalog();
        assert!(c.items.iter().any(|i| i.label == "健康管理师（三级）"));
        assert_eq!(c.regions.len(), 38);
        let mut unique = c.regions.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 38, "no duplicates");
        assert!(!c.notice.is_empty());
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_session_names_a_known_item_and_a_valid_window() {
        let c = exam_catalog();
        let mut ids: Vec<&str> = c.sessions.iter().map(|s| s.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), c.sessions.len(), "session ids are unique");
        for s in &c.sessions {
            assert!(c.items.iter().any(|i| i.id == s.item), "{}", s.id);
            assert!(day(&s.registration_opens) <= day(&s.registration_closes));
        }
        assert!(c.open_sessions(day("2026-12-01")).len() >= 2);
    }

    #[test]
    fn windows_include_both_ends_and_items_match_loosely() {
        let c = exam_catalog();
        let s = c.session("health-manager-3-2027-1").unwrap();
        assert!(s.is_open(day("2026-10-01")) && s.is_open(day("2027-06-30")));
        assert!(!s.is_open(day("2026-09-30")) && !s.is_open(day("2027-07-01")));
        assert_eq!(
            c.find_item("健康管理师三级").unwrap().id,
            "health-manager-3"
        );
        assert_eq!(
            c.find_item("健康管理师(二级)").unwrap().id,
            "health-manager-2"
        );
        assert!(c.find_item("公共营养师").is_none());
        assert_eq!(
            c.current_session("health-manager-3", day("2027-05-01"))
                .unwrap()
                .id,
            "health-manager-3-2027-1"
        );
        assert_eq!(
            c.current_session("health-manager-3", day("2027-08-01"))
                .unwrap()
                .id,
            "health-manager-3-2027-2"
        );
    }
}
