//! The photo report: every check with its code, whether it passed, the measured value, what
//! was expected, and how to fix it — in Chinese and English.

use regdesk_core::{Problem, ReasonCode, Severity};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::check_name::check_name;
use crate::encode::Subsampling;
use crate::face::FaceBox;
use crate::frame::CropRect;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub code: ReasonCode,
    /// What is checked, neutral ("面部亮度"): shown whether the check passed or not.
    pub name_zh: String,
    pub name_en: String,
    pub severity: Severity,
    pub passed: bool,
    /// The measured value and the allowed range as scripts read them (numbers, our words).
    pub value: Option<String>,
    pub expected: String,
    /// The same for a reader, per language (units named, words translated).
    pub value_zh: Option<String>,
    pub value_en: Option<String>,
    pub expected_zh: String,
    pub expected_en: String,
    /// What went wrong, and how to fix it: shown only when the check did not pass.
    pub message_zh: String,
    pub message_en: String,
    pub fix_zh: String,
    pub fix_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoReport {
    pub spec: String,
    pub written: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
    pub quality: Option<u8>,
    pub subsampling: Option<Subsampling>,
    /// The face in the (upright) source, in source pixels.
    pub face_box: Option<FaceBox>,
    /// The crop taken from the source, in source pixels.
    pub crop: Option<CropRect>,
    pub head_ratio: Option<f64>,
    /// Output pixels per source pixel (> 1 means upscaled).
    pub upscale: Option<f64>,
    /// The opt-in white background was applied (recorded in packages).
    pub background_replaced: bool,
    /// The source carried an ICC profile (e.g. an iPhone's Display P3) and the photo was
    /// converted from it to sRGB, the space portals and browsers assume for untagged JPEGs.
    pub icc_converted: bool,
    pub checks: Vec<Check>,
    /// The failed checks, as problems (errors block, warnings are shown).
    pub issues: Vec<Problem>,
}

impl PhotoReport {
    pub fn new(spec: &str) -> Self {
        Self {
            spec: spec.to_owned(),
            written: false,
            width: None,
            height: None,
            bytes: None,
            quality: None,
            subsampling: None,
            face_box: None,
            crop: None,
            head_ratio: None,
            upscale: None,
            background_replaced: false,
            icc_converted: false,
            checks: vec![],
            issues: vec![],
        }
    }

    pub fn has_errors(&self) -> bool {
        regdesk_core::problem::has_errors(&self.issues)
    }

    /// Records a check; a failed one also becomes an issue.
    #[allow(clippy::too_many_arguments)]
    pub fn check(
        &mut self,
        code: ReasonCode,
        severity: Severity,
        passed: bool,
        value: Option<String>,
        expected: impl Into<String>,
        msg: (&str, &str),
        fix: (&str, &str),
    ) {
        let (name_zh, name_en) = check_name(code);
        let expected = expected.into();
        let shown = crate::check_text::shown(code, value.as_deref(), &expected);
        let check = Check {
            code,
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            severity,
            passed,
            value,
            expected,
            value_zh: shown.value_zh,
            value_en: shown.value_en,
            expected_zh: shown.expected_zh,
            expected_en: shown.expected_en,
            message_zh: msg.0.to_owned(),
            message_en: msg.1.to_owned(),
            fix_zh: fix.0.to_owned(),
            fix_en: fix.1.to_owned(),
        };
        if !passed {
            self.issues.push(Problem {
                field: "photo".into(),
                code,
                severity,
                message_zh: format!("{}。{}", check.message_zh, check.fix_zh),
                message_en: english_sentences(&check.message_en, &check.fix_en),
            });
        }
        self.checks.push(check);
    }
}

/// Two English clauses as two sentences: each starts with a capital and ends with a stop
/// ("The source was upscaled. A larger original would give a sharper photo.").
pub(crate) fn english_sentences(first: &str, second: &str) -> String {
    fn sentence(s: &str) -> String {
        let s = s.trim().trim_end_matches('.');
        let mut chars = s.chars();
        match chars.next() {
            Some(c) => format!("{}{}.", c.to_uppercase(), chars.as_str()),
            None => String::new(),
        }
    }
    format!("{} {}", sentence(first), sentence(second))
        .trim()
        .to_owned()
}

#[cfg(test)]
mod sentence_tests {
    #[test]
    fn clauses_become_capitalised_sentences() {
        assert_eq!(
            super::english_sentences("the source was upscaled", "a larger original helps"),
            "The source was upscaled. A larger original helps."
        );
        assert_eq!(super::english_sentences("done.", ""), "Done.");
    }
}
