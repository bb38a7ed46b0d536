//! Resident ID number, GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit
//! sequence (odd = male), ISO 7064 MOD 11-2 check character (`X` for 10).
//!
//! Region codes are checked at province level against GB/T 2260: retired and re-used
//! county codes still appear on valid cards, so an unknown region is only a warning unless
//! strict mode is asked for.

use chrono::NaiveDate;

use super::text::{nth, to_halfwidth_trimmed};
use super::Validated;
use crate::identity::Gender;
use crate::problem::Problem;
use crate::reason::ReasonCode;

const FIELD: &str = "idNumber";
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Province-level codes of GB/T 2260 (including Taiwan 71, Hong Kong 81, Macao 82, which
/// appear on residence permits issued under the same numbering).
const PROVINCES: [u32; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

#[derive(Debug, Clone, Copy, Default)]
pub struct IdNumberOptions {
    /// Make an unknown region an error instead of a warning.
    pub strict: bool,
    /// The gender the person entered, to cross-check with the sequence digit.
    pub entered_gender: Option<Gender>,
    /// The latest acceptable birth date (today in Asia/Shanghai).
    pub today: Option<NaiveDate>,
}

/// What the number says about its holder, when it is well-formed enough to tell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdNumberFacts {
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub region_known: Option<bool>,
}

/// The check character for the first 17 digits (ASCII digits only; caller checks).
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize] as char
}

pub fn validate_id_number(input: &str, opts: IdNumberOptions) -> Validated<IdNumberFacts> {
    let normalized = to_halfwidth_trimmed(input).to_uppercase();
    let mut problems = Vec::new();
    let mut facts = IdNumberFacts::default();
    let chars: Vec<char> = normalized.chars().collect();

    if chars.len() != 18 {
        problems.push(Problem::error(
            FIELD,
            ReasonCode::IdNumberLength,
            format!("身份证号应为 18 位，当前为 {} 位", chars.len()),
            format!(
                "an ID number has 18 characters; this one has {}",
                chars.len()
            ),
        ));
        return Validated {
            normalized,
            facts,
            problems,
        };
    }
    if let Some((i, c)) = chars
        .iter()
        .enumerate()
        .find(|(i, c)| !(c.is_ascii_digit() || (*i == 17 && **c == 'X')))
    {
        problems.push(Problem::error(
            FIELD,
            ReasonCode::IdNumberCharset,
            format!("第 {} 位“{c}”无效：前 17 位必须是数字，最后一位是数字或 X", nth(i)),
            format!(
                "character {} ('{c}') is invalid: the first 17 must be digits, the last a digit or X",
                nth(i)
            ),
        ));
        return Validated {
            normalized,
            facts,
            problems,
        };
    }
    let bytes = normalized.as_bytes();

    let region_known = PROVINCES.contains(&digits(&bytes[0..2]));
    facts.region_known = Some(region_known);
    if !region_known {
        let zh = format!(
            "地区码 {} 不在行政区划代码表中，请核对前 6 位",
            &normalized[0..6]
        );
        let en = format!(
            "region code {} is not a known GB/T 2260 region; check the first 6 digits",
            &normalized[0..6]
        );
        problems.push(if opts.strict {
            Problem::error(FIELD, ReasonCode::IdNumberRegionUnknown, zh, en)
        } else {
            Problem::warning(FIELD, ReasonCode::IdNumberRegionUnknown, zh, en)
        });
    }

    let birth = NaiveDate::from_ymd_opt(
        digits(&bytes[6..10]) as i32,
        digits(&bytes[10..12]),
        digits(&bytes[12..14]),
    );
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date");
    let latest = opts.today.unwrap_or_else(crate::clock::today);
    match birth {
        Some(d) if d >= earliest && d <= latest => facts.birth_date = Some(d),
        _ => problems.push(Problem::error(
            FIELD,
            ReasonCode::IdNumberBirthDate,
            format!(
                "第 7–14 位的出生日期 {} 不是 1900-01-01 至今天之间的真实日期",
                &normalized[6..14]
            ),
            format!(
                "digits 7–14 ({}) are not a real birth date between 1900-01-01 and today",
                &normalized[6..14]
            ),
        )),
    }

    let expected = check_char(&bytes[..17]);
    if chars[17] != expected {
        problems.push(Problem::error(
            FIELD,
            ReasonCode::IdNumberCheckDigit,
            format!(
                "第 18 位校验码应为 {expected}，实际为 {}：请逐位核对号码",
                chars[17]
            ),
            format!(
                "check character should be {expected}, not {}: one of the digits is mistyped",
                chars[17]
            ),
        ));
    }

    let gender = if (bytes[16] - b'0') % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    facts.gender = Some(gender);
    if let Some(entered) = opts.entered_gender {
        if entered != gender {
            problems.push(Problem::error(
                "gender",
                ReasonCode::IdNumberGenderMismatch,
                format!("性别与身份证号不符：第 17 位表示{}", gender.label_zh()),
                format!(
                    "gender does not match the ID number: digit 17 means {}",
                    gender.as_str()
                ),
            ));
        }
    }
    Validated {
        normalized,
        facts,
        problems,
    }
}

fn digits(ascii: &[u8]) -> u32 {
    ascii
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

#[cfg(test)]
mod tests;
