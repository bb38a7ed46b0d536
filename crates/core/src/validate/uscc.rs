//! Unified Social Credit Code, GB 32100-2015: 18 characters over `0-9A-HJ-NPQRTUWXY` (no I, O,
//! S, V, Z), the last a MOD 31 check character. The first character is the registration
//! authority (`1` organs, `5` civil affairs, `9` industry & commerce, `Y`, `A`, `N` … others):
//! any code character is accepted there, since letters are real and some validators wrongly
//! reject them.

use super::text::{nth, to_halfwidth_trimmed};
use super::Validated;
use crate::problem::Problem;
use crate::reason::ReasonCode;

const FIELD: &str = "taxpayerId";
pub(crate) const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character for the first 17 code characters (all in ALPHABET; caller checks).
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| ALPHABET.find(c).unwrap_or(0) as u32 * w)
        .sum();
    ALPHABET.as_bytes()[((31 - sum % 31) % 31) as usize] as char
}

pub fn validate_uscc(input: &str) -> Validated<()> {
    let normalized = to_halfwidth_trimmed(input).to_uppercase();
    let mut problems = Vec::new();
    let len = normalized.chars().count();
    if len != 18 {
        problems.push(Problem::error(
            FIELD,
            ReasonCode::UsccLength,
            format!("纳税人识别号（统一社会信用代码）应为 18 位，当前为 {len} 位"),
            format!(
                "a taxpayer ID (unified social credit code) has 18 characters; this one has {len}"
            ),
        ));
        return Validated {
            normalized,
            facts: (),
            problems,
        };
    }
    if let Some((i, c)) = normalized
        .chars()
        .enumerate()
        .find(|(_, c)| !ALPHABET.contains(*c))
    {
        let hint_zh = match c {
            'O' => "（是否把数字 0 输成了字母 O？）",
            'I' => "（是否把数字 1 输成了字母 I？）",
            _ => "",
        };
        let hint_en = match c {
            'O' => " (digit 0 typed as letter O?)",
            'I' => " (digit 1 typed as letter I?)",
            _ => "",
        };
        problems.push(Problem::error(
            FIELD,
            ReasonCode::UsccCharset,
            format!("纳税人识别号第 {} 位“{c}”不允许：只能用数字和除 I、O、S、V、Z 外的大写字母{hint_zh}", nth(i)),
            format!(
                "taxpayer ID character {} ('{c}') is not allowed: digits and capital letters except I, O, S, V, Z{hint_en}",
                nth(i)
            ),
        ));
        return Validated {
            normalized,
            facts: (),
            problems,
        };
    }
    // Characters 3–8 are the registering authority's administrative division code (GB/T 2260):
    // six digits, never a letter.
    if let Some((i, c)) = normalized
        .chars()
        .enumerate()
        .skip(2)
        .take(6)
        .find(|(_, c)| !c.is_ascii_digit())
    {
        problems.push(Problem::error(
            FIELD,
            ReasonCode::UsccCharset,
            format!(
                "纳税人识别号第 {} 位“{c}”不允许：第 3–8 位是登记管理机关的行政区划码，只能是数字",
                nth(i)
            ),
            format!(
                "taxpayer ID character {} ('{c}') is not allowed: characters 3–8 are the administrative division code, digits only",
                nth(i)
            ),
        ));
        return Validated {
            normalized,
            facts: (),
            problems,
        };
    }
    let expected = check_char(&normalized[..17]);
    let last = normalized.chars().last().unwrap_or_default();
    if last != expected {
        problems.push(Problem::error(
            FIELD,
            ReasonCode::UsccCheckChar,
            format!("纳税人识别号第 18 位校验码应为 {expected}，实际为 {last}：请逐位核对纳税人识别号（不是身份证号）"),
            format!("taxpayer ID check character should be {expected}, not {last}: a character of the taxpayer ID (not the ID number) is mistyped"),
        ));
    }
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
    fn a_real_code_is_valid() {
        // The published code of a well-known company (printed on its invoices).
        assert!(validate_uscc("91350100M000100Y43").is_valid());
        assert!(
            validate_uscc(" 91350100m000100y43 ").is_valid(),
            "lowercase and spaces normalised"
        );
    }

    #[test]
    fn letter_o_for_zero_gets_a_hint() {
        let v = validate_uscc("91350100MO00100Y43");
        assert_eq!(v.problems[0].code, ReasonCode::UsccCharset);
        assert!(
            v.problems[0].message_zh.contains("0"),
            "{}",
            v.problems[0].message_zh
        );
        assert!(v.problems[0].message_en.contains("character 10"));
    }

    #[test]
    fn a_letter_in_the_division_code_is_refused_by_position() {
        // Valid check character, but "1G" sits inside the division code (characters 3–8).
        let v = validate_uscc("9150011GMAXATGRA1R");
        assert_eq!(check_char("9150011GMAXATGRA1"), 'R');
        assert!(!v.is_valid());
        assert_eq!(v.problems[0].code, ReasonCode::UsccCharset);
        assert!(
            v.problems[0].message_en.contains("character 8"),
            "{}",
            v.problems[0].message_en
        );
        assert!(v.problems[0].message_zh.contains("第 8 位"));
    }

    #[test]
    fn wrong_length_and_check_char() {
        assert_eq!(
            validate_uscc("9135010").problems[0].code,
            ReasonCode::UsccLength
        );
        assert_eq!(
            validate_uscc("91350100M000100Y44").problems[0].code,
            ReasonCode::UsccCheckChar
        );
    }

    fn valid_code() -> impl Strategy<Value = String> {
        proptest::collection::vec(0usize..31, 17).prop_map(|idx| {
            // Characters 3–8 (the division code) are digits.
            let first17: String = idx
                .iter()
                .enumerate()
                .map(|(pos, &i)| {
                    let i = if (2..8).contains(&pos) { i % 10 } else { i };
                    ALPHABET.as_bytes()[i] as char
                })
                .collect();
            format!("{first17}{}", check_char(&first17))
        })
    }

    proptest! {
        #[test]
        fn generated_codes_pass_including_letter_authorities(code in valid_code()) {
            prop_assert!(validate_uscc(&code).is_valid(), "{}", code);
        }

        #[test]
        fn a_single_substitution_is_caught(code in valid_code(), pos in 0usize..18, by in 1usize..31) {
            let mut chars: Vec<char> = code.chars().collect();
            let i = ALPHABET.find(chars[pos]).unwrap();
            chars[pos] = ALPHABET.as_bytes()[(i + by) % 31] as char;
            let changed: String = chars.into_iter().collect();
            prop_assert!(!validate_uscc(&changed).is_valid(), "{} -> {}", code, changed);
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") { let _ = validate_uscc(&s); }
    }
}
