//! Mainland mobile numbers: `1[3-9]` + 9 digits. Carrier prefix lists go stale whenever new
//! ranges are allocated (19x, 16x, 14x …), so none is hard-coded.

use super::text::to_halfwidth_trimmed;
use super::Validated;
use crate::problem::Problem;
use crate::reason::ReasonCode;

const FIELD: &str = "mobile";

pub fn validate_mobile(input: &str) -> Validated<()> {
    validate_mobile_field(input, FIELD)
}

/// Same rule for another field holding a mobile number (e.g. a postal recipient's).
pub fn validate_mobile_field(input: &str, field: &str) -> Validated<()> {
    let compact: String = to_halfwidth_trimmed(input)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{2010}'..='\u{2015}'))
        .collect();
    let without_prefix = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .or_else(|| {
            if compact.len() == 13 {
                compact.strip_prefix("86")
            } else {
                None
            }
        })
        .unwrap_or(&compact);
    let normalized = without_prefix.to_owned();
    let b = normalized.as_bytes();
    let ok = b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1]);
    let problems = if ok {
        vec![]
    } else if normalized.is_empty() {
        // An empty cell is a missing value, not a badly typed one.
        let (zh, en) = match field {
            FIELD => ("请填写手机号", "enter the mobile number"),
            _ => ("请填写收件人手机号", "enter the recipient's mobile number"),
        };
        vec![Problem::error(field, ReasonCode::FieldRequired, zh, en)]
    } else {
        vec![Problem::error(
            field,
            ReasonCode::MobileFormat,
            "手机号应为 11 位数字，以 13–19 开头（可带 +86 前缀）",
            "a mobile number has 11 digits starting 13–19 (an optional +86 prefix is fine)",
        )]
    };
    Validated {
        normalized,
        facts: (),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_new_ranges_and_common_formatting() {
        for (input, norm) in [
            ("13800138000", "13800138000"),
            ("+86 138-0013-8000", "13800138000"),
            ("8619912345678", "19912345678"),
            ("16612345678", "16612345678"),
            ("１４５１２３４５６７８", "14512345678"),
        ] {
            let v = validate_mobile(input);
            assert!(v.is_valid(), "{input}");
            assert_eq!(v.normalized, norm);
        }
    }

    #[test]
    fn refuses_landlines_short_and_bad_prefix() {
        for input in [
            "023-12345678",
            "1380013800",
            "12800138000",
            "1380013800a",
            "138001380001",
        ] {
            let v = validate_mobile(input);
            assert_eq!(v.problems.len(), 1, "{input}");
            assert_eq!(v.problems[0].code, ReasonCode::MobileFormat);
        }
    }

    #[test]
    fn an_empty_number_is_missing_not_malformed() {
        for input in ["", "  "] {
            let v = validate_mobile(input);
            assert_eq!(v.problems.len(), 1, "{input:?}");
            assert_eq!(v.problems[0].code, ReasonCode::FieldRequired);
            assert_eq!(v.problems[0].message_zh, "请填写手机号");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") { let _ = validate_mobile(&s); }
    }
}
