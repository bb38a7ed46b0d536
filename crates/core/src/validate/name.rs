//! A person's name as on the ID card: 1–50 letters of any script, with the middle dot used
//! in minority and transliterated names (·, •, ・) and spaces between Latin words. Digits
//! and punctuation are refused: they are almost always typing slips.

use super::text::to_halfwidth_trimmed;
use super::Validated;
use crate::problem::Problem;
use crate::reason::ReasonCode;

const FIELD: &str = "name";

pub fn validate_name(input: &str) -> Validated<()> {
    let normalized: String = to_halfwidth_trimmed(input)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let len = normalized.chars().count();
    let chars_ok = normalized
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '·' | '•' | '・' | ' '));
    let problems = if len == 0 {
        vec![Problem::error(
            FIELD,
            ReasonCode::FieldRequired,
            "请填写姓名（与身份证一致）",
            "enter the name as on the ID card",
        )]
    } else if len > 50 || !chars_ok {
        vec![Problem::error(
            FIELD,
            ReasonCode::NameFormat,
            "姓名只能包含文字、间隔号“·”和空格，最多 50 个字，须与身份证一致",
            "a name has only letters, the middle dot '·' and spaces, at most 50 characters, as on the ID card",
        )]
    } else {
        vec![]
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

    #[test]
    fn accepts_han_minority_and_latin_names() {
        for n in ["张三", "欧阳娜娜", "买买提·艾力", "Anna  Smith"] {
            assert!(validate_name(n).is_valid(), "{n}");
        }
        assert_eq!(validate_name(" Anna  Smith ").normalized, "Anna Smith");
    }

    #[test]
    fn refuses_empty_digits_and_overlong() {
        assert_eq!(
            validate_name("  ").problems[0].code,
            ReasonCode::FieldRequired
        );
        assert_eq!(
            validate_name("张三1").problems[0].code,
            ReasonCode::NameFormat
        );
        assert_eq!(
            validate_name(&"张".repeat(51)).problems[0].code,
            ReasonCode::NameFormat
        );
    }
}
