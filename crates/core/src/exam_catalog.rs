//! Exam items, fees and the intended-region list as data (`data/exam_catalog.json`), so a new
//! item or a fee change needs no code. A fee of `null` means "as shown by the portal".

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExamItem {
    pub id: String,
    pub label: String,
    pub fee_yuan: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExamCatalog {
    pub source: String,
    /// 报名须知, one paragraph per entry.
    pub notice: Vec<String>,
    pub items: Vec<ExamItem>,
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
}
