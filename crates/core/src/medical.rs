//! Is a major medical/health (医药卫生)? It decides two rules of the seed: medical majors at
//! 大学专科 or above may register individually, and they need no work proof. The catalogue is
//! data (`data/medical_majors.json`, with its source); a free-text major resolves to medical,
//! not medical, or unknown (the user decides, with a reason that is audited).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MajorKind {
    Medical,
    NotMedical,
    /// Looks health-related but is in no catalogue: decide manually.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MajorClassification {
    pub kind: MajorKind,
    /// The catalogue entry that decided it, e.g. "本科专业目录 2020 · 10 医学 / 1011 护理学类 / 护理学".
    pub matched: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalogue {
    catalogues: Vec<CatalogueEdition>,
    aliases: HashMap<String, String>,
    not_medical: Vec<String>,
    medical_hints: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogueEdition {
    name_zh: String,
    classes: Vec<CatalogueClass>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogueClass {
    code: String,
    name_zh: String,
    majors: Vec<String>,
}

struct Index {
    medical: HashMap<String, String>,
    aliases: HashMap<String, String>,
    not_medical: Vec<String>,
    hints: Vec<String>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let cat: Catalogue = serde_json::from_str(include_str!("../data/medical_majors.json"))
            .expect("embedded medical catalogue is valid JSON (tested)");
        let mut medical = HashMap::new();
        for edition in &cat.catalogues {
            for class in &edition.classes {
                for major in &class.majors {
                    medical.entry(major.clone()).or_insert_with(|| {
                        format!(
                            "{} / {} {} / {major}",
                            edition.name_zh, class.code, class.name_zh
                        )
                    });
                }
            }
        }
        Index {
            medical,
            aliases: cat.aliases,
            not_medical: cat.not_medical,
            hints: cat.medical_hints,
        }
    })
}

/// Strips what diplomas add around a major's name: spaces, "专业", and a parenthesised
/// direction or programme such as "（中外合作办学）" or "(涉外护理方向)".
fn core_name(major: &str) -> String {
    let mut s: String = major.chars().filter(|c| !c.is_whitespace()).collect();
    for open in ['（', '('] {
        if let Some(i) = s.find(open) {
            s.truncate(i);
        }
    }
    s.trim_end_matches("专业").to_owned()
}

pub fn classify_major(major: &str) -> MajorClassification {
    let idx = index();
    let name = core_name(major);
    let canonical = idx
        .aliases
        .get(&name)
        .cloned()
        .unwrap_or_else(|| name.clone());
    if let Some(entry) = idx.medical.get(&canonical) {
        return MajorClassification {
            kind: MajorKind::Medical,
            matched: Some(entry.clone()),
        };
    }
    if idx.not_medical.contains(&name) {
        return MajorClassification {
            kind: MajorKind::NotMedical,
            matched: Some(name),
        };
    }
    if name.is_empty() || idx.hints.iter().any(|h| name.contains(h.as_str())) {
        return MajorClassification {
            kind: MajorKind::Unknown,
            matched: None,
        };
    }
    MajorClassification {
        kind: MajorKind::NotMedical,
        matched: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_names_and_aliases_are_medical() {
        for m in [
            "临床医学",
            "护理",
            "护理学",
            "药学",
            "中药学",
            "医学检验技术",
            "医学影像技术",
            "康复治疗技术",
            "预防医学",
            "口腔医学",
            "中医学",
            "卫生管理",
            "健康管理",
            "助产",
        ] {
            assert_eq!(classify_major(m).kind, MajorKind::Medical, "{m}");
        }
        let r = classify_major(" 护理学专业（涉外护理方向） ");
        assert_eq!(r.kind, MajorKind::Medical);
        assert!(r.matched.unwrap().contains("护理"));
    }

    #[test]
    fn look_alikes_from_other_disciplines_are_not_medical() {
        for m in [
            "生物医学工程",
            "动物医学",
            "计算机科学与技术",
            "会计学",
            "体育保健与康复",
        ] {
            assert_eq!(classify_major(m).kind, MajorKind::NotMedical, "{m}");
        }
    }

    #[test]
    fn health_sounding_names_outside_the_catalogue_need_a_decision() {
        for m in ["医学英语", "社区康复服务", ""] {
            assert_eq!(classify_major(m).kind, MajorKind::Unknown, "{m}");
        }
    }
}
