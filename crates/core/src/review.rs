//! The reviewer's standard reasons for a fail: each with its Chinese and English text, the part
//! of the profile it concerns (where the candidate sees it) and the automatic checks it relates
//! to (what the machine may already have flagged). Data, shared by the desk, the CLI and the
//! candidate's side that shows a failed review.

use serde::Serialize;

use crate::process::ProfilePart;
use crate::ReasonCode;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewReason {
    pub code: ReasonCode,
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// `None`: concerns the whole profile (shown everywhere).
    pub part: Option<ProfilePart>,
    pub related: &'static [ReasonCode],
}

use ReasonCode as R;

const CATALOGUE: &[ReviewReason] = &[
    ReviewReason {
        code: R::ReviewPhotoNotCompliant,
        message_zh: "证件照不符合要求（背景、尺寸、头部比例或清晰度）",
        message_en: "the ID photo does not meet the rules (background, size, head ratio or sharpness)",
        part: Some(ProfilePart::Photo),
        related: &[
            R::PhotoBackgroundNotWhite,
            R::PhotoBackgroundNotUniform,
            R::PhotoBackgroundWrongColour,
            R::PhotoHeadTooSmall,
            R::PhotoHeadTooLarge,
            R::PhotoCrownCut,
            R::PhotoBlurred,
            R::PhotoBackgroundReplaced,
        ],
    },
    ReviewReason {
        code: R::ReviewIdFrontUnclear,
        message_zh: "身份证人像面不清晰或不完整",
        message_en: "the ID card (photo side) is unclear or incomplete",
        part: Some(ProfilePart::IdFront),
        related: &[R::ScanOverCeiling],
    },
    ReviewReason {
        code: R::ReviewDiplomaMismatch,
        message_zh: "学历证书与填写的学历或专业不符",
        message_en: "the diploma does not match the education or major entered",
        part: Some(ProfilePart::Diploma),
        related: &[R::EducationFormat],
    },
    ReviewReason {
        code: R::ReviewWorkProofInvalid,
        message_zh: "工作证明缺失或无效（须加盖单位公章，写明从事相关工作年限）",
        message_en: "the work proof is missing or invalid (it needs the employer's seal and the years of related work)",
        part: Some(ProfilePart::WorkProof),
        related: &[R::ProcessNotEligible],
    },
    ReviewReason {
        code: R::ReviewEducationNotEligible,
        message_zh: "学历或专业不满足报考条件",
        message_en: "the education or major does not meet the eligibility rules",
        part: Some(ProfilePart::Basic),
        related: &[R::ProcessNotEligible, R::EducationFormat],
    },
    ReviewReason {
        code: R::ReviewInfoInconsistent,
        message_zh: "填写的信息与材料不一致",
        message_en: "the information entered does not match the documents",
        part: Some(ProfilePart::Basic),
        related: &[R::InvoiceTitleDiffers, R::IdNumberGenderMismatch],
    },
    ReviewReason {
        code: R::ReviewPackageTampered,
        message_zh: "资料包被改动（签名无效或清单与内容不符），请重新导出后提交",
        message_en: "the package was altered (invalid signature or a manifest that does not match its contents): export it again and resubmit",
        part: None,
        related: &[R::PackageSignatureInvalid, R::PackageHashMismatch],
    },
    ReviewReason {
        code: R::ReviewOther,
        message_zh: "其他原因（见审核备注）",
        message_en: "other (see the reviewer's note)",
        part: None,
        related: &[],
    },
];

pub fn catalogue() -> &'static [ReviewReason] {
    CATALOGUE
}

/// One standard reason as the window offers it (owned, for IPC and the browser fixtures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueReason {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
    pub part: Option<ProfilePart>,
}

pub fn catalogue_view() -> Vec<CatalogueReason> {
    CATALOGUE
        .iter()
        .map(|r| CatalogueReason {
            code: r.code.as_str().to_owned(),
            message_zh: r.message_zh.to_owned(),
            message_en: r.message_en.to_owned(),
            part: r.part,
        })
        .collect()
}

/// The refusal of a fail without a reason (the desk, the CLI, and the browser tests' fake).
pub fn fail_needs_reason() -> crate::CommandError {
    crate::CommandError::new(
        crate::ErrorCode::InvalidInput,
        "不通过须选择至少一个原因（regdesk review reasons）",
        "a fail needs at least one reason (regdesk review reasons)",
    )
    .with_field("reasons")
}

pub fn find(code: &str) -> Option<&'static ReviewReason> {
    CATALOGUE.iter().find(|r| r.code.as_str() == code.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_lands_on_the_part_it_names() {
        for r in catalogue() {
            assert_eq!(ProfilePart::of(r.code.as_str()), r.part, "{}", r.code);
            assert!(!r.message_zh.is_empty() && !r.message_en.is_empty());
        }
        assert!(find("diploma.mismatch").is_some());
        assert!(
            find("photo.blurred").is_none(),
            "checks are not review reasons"
        );
    }
}
