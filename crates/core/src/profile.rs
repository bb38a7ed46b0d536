//! The profile (个人资料) basic-info step: education, major, employer, invoice; and the rules
//! that depend on them (work-proof exemption, individual eligibility).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::medical::{classify_major, MajorClassification, MajorKind};
use crate::problem::{has_errors, Problem};
use crate::reason::ReasonCode;
use crate::validate::validate_uscc;

/// Highest education (最高学历), the portal's closed list, in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    JuniorHighOrBelow,
    SeniorHigh,
    SecondaryVocational,
    JuniorCollege,
    Bachelor,
    Master,
    Doctorate,
}

impl Education {
    pub const ALL: [Education; 7] = [
        Education::JuniorHighOrBelow,
        Education::SeniorHigh,
        Education::SecondaryVocational,
        Education::JuniorCollege,
        Education::Bachelor,
        Education::Master,
        Education::Doctorate,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Education::JuniorHighOrBelow => "初中及以下",
            Education::SeniorHigh => "高中",
            Education::SecondaryVocational => "中专/中技",
            Education::JuniorCollege => "大学专科",
            Education::Bachelor => "大学本科",
            Education::Master => "硕士研究生",
            Education::Doctorate => "博士研究生",
        }
    }

    /// The English name, for the window in English; rosters and the portal keep the Chinese.
    pub fn label_en(self) -> &'static str {
        match self {
            Education::JuniorHighOrBelow => "Junior high school or below",
            Education::SeniorHigh => "Senior high school",
            Education::SecondaryVocational => "Secondary vocational school",
            Education::JuniorCollege => "Junior college",
            Education::Bachelor => "Bachelor's degree",
            Education::Master => "Master's degree",
            Education::Doctorate => "Doctorate",
        }
    }

    /// Accepts the Chinese label (as in rosters and the CLI) or the snake_case value.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL.into_iter().find(|e| {
            e.label_zh() == t
                || serde_json::to_value(e)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| s == t))
                    .unwrap_or(false)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Invoice {
    Personal,
    Organization { title: String, taxpayer_id: String },
}

/// A decision by the user that overrides the catalogue's classification of the major.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MedicalOverride {
    pub medical: bool,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub education: Education,
    pub major: String,
    pub employer: String,
    pub invoice: Invoice,
    pub medical_override: Option<MedicalOverride>,
}

impl Profile {
    /// Medical/health major, after the user's override if any. Unknown counts as not medical
    /// until the user decides.
    pub fn is_medical(&self) -> bool {
        match &self.medical_override {
            Some(o) => o.medical,
            None => classify_major(&self.major).kind == MajorKind::Medical,
        }
    }

    /// Medical majors at 大学专科 or above may register individually online.
    pub fn individually_eligible(&self) -> bool {
        self.is_medical() && self.education >= Education::JuniorCollege
    }

    /// The work proof is not required for exactly those who are individually eligible.
    pub fn work_proof_required(&self) -> bool {
        !self.individually_eligible()
    }

    /// Fields a draft (from a roster or a grid edit) still lacks: `(field, 中文名, English)`.
    /// A profile with any is saved but does not complete the basic-info step.
    pub fn missing(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut out = Vec::new();
        if self.major.trim().is_empty() {
            out.push(("major", "所学专业", "major"));
        }
        if self.employer.trim().is_empty() {
            out.push(("employer", "工作单位", "employer"));
        }
        out
    }

    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }
}

/// Basic info as typed; every field a string so that bad input is explained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileInput {
    pub education: String,
    pub major: String,
    pub employer: String,
    /// `personal` or `organization`.
    pub invoice_type: String,
    pub invoice_title: String,
    pub taxpayer_id: String,
    pub medical_override: Option<MedicalOverride>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileReport {
    pub profile: Option<Profile>,
    pub major: MajorClassification,
    pub work_proof_required: bool,
    pub individually_eligible: bool,
    pub issues: Vec<Problem>,
}

fn required(field: &str, value: &str, zh: &str, en: &str, issues: &mut Vec<Problem>) -> String {
    let v = value.trim().to_owned();
    if v.is_empty() {
        issues.push(Problem::error(field, ReasonCode::FieldRequired, zh, en));
    }
    v
}

/// A complete basic-info step: every field required.
pub fn validate_profile(input: &ProfileInput) -> ProfileReport {
    check_profile(input, false)
}

/// A draft that may still lack 所学专业 or 工作单位 (a roster row, a grid cell): those are
/// warnings and the profile is returned so that every valid value is kept; the basic-info
/// step stays open until they are filled in ([`Profile::missing`]).
pub fn validate_profile_draft(input: &ProfileInput) -> ProfileReport {
    check_profile(input, true)
}

fn check_profile(input: &ProfileInput, draft: bool) -> ProfileReport {
    let mut issues = Vec::new();
    let education = if input.education.trim().is_empty() {
        issues.push(Problem::error(
            "education",
            ReasonCode::FieldRequired,
            "请选择最高学历",
            "choose the highest education",
        ));
        None
    } else {
        let e = Education::parse(&input.education);
        if e.is_none() {
            issues.push(Problem::error(
                "education",
                ReasonCode::EducationFormat,
                "学历须为：初中及以下、高中、中专/中技、大学专科、大学本科、硕士研究生、博士研究生",
                "education must be one of the portal's list (初中及以下 … 博士研究生)",
            ));
        }
        e
    };
    let major = required(
        "major",
        &input.major,
        "请填写毕业专业",
        "enter the major",
        &mut issues,
    );
    let employer = required(
        "employer",
        &input.employer,
        "请填写工作单位",
        "enter the employer",
        &mut issues,
    );
    if draft {
        for p in issues.iter_mut() {
            if matches!(p.field.as_str(), "major" | "employer") {
                p.severity = crate::problem::Severity::Warning;
            }
        }
    }
    if let Some(o) = &input.medical_override {
        if o.reason.trim().is_empty() {
            issues.push(Problem::error(
                "medicalOverride.reason",
                ReasonCode::FieldRequired,
                "更改专业类别时须说明理由",
                "give a reason for overriding the major's classification",
            ));
        }
    }
    let invoice = match input.invoice_type.trim() {
        "" | "personal" | "个人" => Some(Invoice::Personal),
        "organization" | "单位" => {
            let title = required(
                "invoice.title",
                &input.invoice_title,
                "单位开票须填写开票单位",
                "an organisation invoice needs a title",
                &mut issues,
            );
            let tax = validate_uscc(&input.taxpayer_id);
            issues.extend(tax.problems.into_iter().map(|mut p| {
                p.field = "invoice.taxpayerId".into();
                p
            }));
            if !title.is_empty() && !employer.is_empty() && title != employer {
                issues.push(Problem::warning(
                    "invoice.title",
                    ReasonCode::InvoiceTitleDiffers,
                    "开票单位与工作单位不一致，请确认",
                    "the invoice title differs from the employer; please confirm",
                ));
            }
            Some(Invoice::Organization {
                title,
                taxpayer_id: tax.normalized,
            })
        }
        _ => {
            issues.push(Problem::error(
                "invoice.type",
                ReasonCode::InvoiceFormat,
                "开票类型须为个人或单位",
                "invoice type must be personal or organization",
            ));
            None
        }
    };
    let classification = classify_major(&major);
    let profile = match (education, invoice) {
        (Some(education), Some(invoice)) if !has_errors(&issues) => Some(Profile {
            education,
            major,
            employer,
            invoice,
            medical_override: input.medical_override.clone(),
        }),
        _ => None,
    };
    let eligible = profile.as_ref().is_some_and(Profile::individually_eligible);
    ProfileReport {
        work_proof_required: !eligible,
        individually_eligible: eligible,
        major: classification,
        profile,
        issues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            education: "大学专科".into(),
            major: "护理".into(),
            employer: "重庆市人民医院".into(),
            invoice_type: "organization".into(),
            invoice_title: "重庆市人民医院".into(),
            taxpayer_id: "91350100M000100Y43".into(),
            medical_override: None,
        }
    }

    #[test]
    fn medical_junior_college_is_eligible_and_exempt_from_work_proof() {
        let r = validate_profile(&input());
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert!(r.individually_eligible);
        assert!(!r.work_proof_required);
    }

    #[test]
    fn below_junior_college_or_non_medical_needs_work_proof() {
        let r = validate_profile(&ProfileInput {
            education: "中专/中技".into(),
            ..input()
        });
        assert!(r.work_proof_required && !r.individually_eligible);
        let r = validate_profile(&ProfileInput {
            major: "会计学".into(),
            education: "大学本科".into(),
            ..input()
        });
        assert!(r.work_proof_required);
    }

    #[test]
    fn override_with_reason_decides_and_without_reason_is_refused() {
        let over = Some(MedicalOverride {
            medical: true,
            reason: "毕业证书写明医药卫生类".into(),
        });
        let r = validate_profile(&ProfileInput {
            major: "医学英语".into(),
            medical_override: over,
            ..input()
        });
        assert!(r.individually_eligible);
        let r = validate_profile(&ProfileInput {
            medical_override: Some(MedicalOverride {
                medical: true,
                reason: " ".into(),
            }),
            ..input()
        });
        assert_eq!(r.issues[0].field, "medicalOverride.reason");
    }

    #[test]
    fn organisation_invoice_checks_tax_id_and_warns_on_title() {
        let r = validate_profile(&ProfileInput {
            invoice_title: "某某公司".into(),
            taxpayer_id: "91350100MO00100Y43".into(),
            ..input()
        });
        let codes: Vec<_> = r
            .issues
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert!(codes.contains(&("invoice.taxpayerId", ReasonCode::UsccCharset)));
        assert!(codes.contains(&("invoice.title", ReasonCode::InvoiceTitleDiffers)));
        let warn_only = validate_profile(&ProfileInput {
            invoice_title: "某某公司".into(),
            ..input()
        });
        assert!(
            warn_only.profile.is_some(),
            "a differing title is only a warning"
        );
    }

    #[test]
    fn education_accepts_labels_and_values_only() {
        assert_eq!(Education::parse("大学本科"), Some(Education::Bachelor));
        assert_eq!(Education::parse("bachelor"), Some(Education::Bachelor));
        assert_eq!(Education::parse("本科"), None);
        let r = validate_profile(&ProfileInput {
            education: "本科".into(),
            ..input()
        });
        assert_eq!(r.issues[0].code, ReasonCode::EducationFormat);
    }
}
