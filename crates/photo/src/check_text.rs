//! A check's measured value and allowed range as a reader sees them, in each language: units
//! named ("字节", "bytes"), our measuring words translated ("horizontal" is 水平偏移 in a
//! Chinese sentence), and numbers as numbers. The raw `value`/`expected` stay in the report for
//! scripts; the window shows these.

use regdesk_core::ReasonCode;

/// (English word as the checks write it, 中文): the vocabulary of measured values.
const TERMS: &[(&str, &str)] = &[
    ("horizontal", "水平偏移"),
    ("crown margin", "头顶留白"),
    ("luminance", "亮度"),
    ("colour spread", "色差"),
    ("spread", "色差"),
    ("distance", "色差距离"),
    ("tolerance", "容差"),
    ("gradient", "渐变"),
    ("beyond a smooth gradient", "（扣除平滑渐变后）"),
    ("edge", "边缘不确定"),
    ("face", "面部被遮"),
    ("corners", "四角有人像"),
    ("a clear cut", "抠图清晰"),
    ("original background", "原背景"),
    (
        "baseline JFIF, 3 components, nothing after EOI",
        "基线 JFIF、3 个颜色分量、结尾无多余数据",
    ),
    ("baseline", "基线"),
    ("progressive or other", "渐进式或其他"),
    ("components", "个颜色分量"),
    ("component", "个颜色分量"),
    ("bytes after the end", "字节附加在结尾后"),
    ("no JFIF", "无 JFIF 标记"),
    ("bytes", "字节"),
    ("none", "无"),
    ("jpeg", "JPEG"),
    ("png", "PNG"),
    ("webp", "WebP"),
    ("heic", "HEIC"),
    ("bmp", "BMP"),
    ("of the height", "高度"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub value_zh: Option<String>,
    pub value_en: Option<String>,
    pub expected_zh: String,
    pub expected_en: String,
}

/// The reader's text of a check's value and range.
pub fn shown(code: ReasonCode, value: Option<&str>, expected: &str) -> Shown {
    let unit = unit(code);
    let with_unit = |s: &str, zh: bool| match unit {
        Some((u_zh, u_en)) if ends_in_number(s) => {
            let u = if zh { u_zh } else { u_en };
            if u.is_empty() {
                s.to_owned()
            } else {
                format!("{s} {u}")
            }
        }
        _ => s.to_owned(),
    };
    Shown {
        value_zh: value.map(|v| with_unit(&chinese(v), true)),
        value_en: value.map(|v| with_unit(v, false)),
        expected_zh: with_unit(&chinese(expected), true),
        expected_en: with_unit(expected, false),
    }
}

fn unit(code: ReasonCode) -> Option<(&'static str, &'static str)> {
    match code {
        ReasonCode::PhotoUnderFloor | ReasonCode::PhotoOverCeiling => Some(("字节", "bytes")),
        ReasonCode::PhotoNoFace | ReasonCode::PhotoMultipleFaces => Some(("张", "")),
        _ => None,
    }
}

fn ends_in_number(s: &str) -> bool {
    s.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// Our English measuring words replaced by Chinese ones, longest first so a phrase wins over
/// the word inside it; numbers, symbols and units are left as they are.
fn chinese(text: &str) -> String {
    let mut terms: Vec<&(&str, &str)> = TERMS.iter().collect();
    terms.sort_by_key(|(en, _)| std::cmp::Reverse(en.len()));
    let mut out = text.to_owned();
    for (en, zh) in terms {
        out = replace_word(&out, en, zh);
    }
    out.replace(", ", "，")
}

/// Replaces `word` where it stands as a whole word (not inside another).
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().last();
        let after = rest[i + word.len()..].chars().next();
        let alone = !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic());
        out.push_str(&rest[..i]);
        out.push_str(if alone { by } else { word });
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_values_carry_no_english_words() {
        let s = shown(
            ReasonCode::PhotoOffCentre,
            Some("horizontal 0.001, crown margin 0.022"),
            "horizontal ≤ 0.06, crown margin ≤ 0.12",
        );
        assert_eq!(
            s.value_zh.as_deref(),
            Some("水平偏移 0.001，头顶留白 0.022")
        );
        assert_eq!(s.expected_zh, "水平偏移 ≤ 0.06，头顶留白 ≤ 0.12");
        assert_eq!(
            s.value_en.as_deref(),
            Some("horizontal 0.001, crown margin 0.022")
        );
        let bytes = shown(ReasonCode::PhotoUnderFloor, Some("14200"), "≥ 15000");
        assert_eq!(bytes.value_zh.as_deref(), Some("14200 字节"));
        assert_eq!(bytes.expected_en, "≥ 15000 bytes");
        let replaced = shown(
            ReasonCode::PhotoBackgroundReplaced,
            Some("#FFFFFF"),
            "original background",
        );
        assert_eq!(replaced.expected_zh, "原背景");
        let faces = shown(ReasonCode::PhotoNoFace, Some("2"), "≥ 1");
        assert_eq!(faces.value_zh.as_deref(), Some("2 张"));
        assert_eq!(faces.expected_en, "≥ 1");
        let baseline = shown(
            ReasonCode::PhotoNotBaseline,
            Some("progressive or other, 3 components, no JFIF, 12 bytes after the end"),
            "baseline JFIF, 3 components, nothing after EOI",
        );
        assert_eq!(
            baseline.value_zh.as_deref(),
            Some("渐进式或其他，3 个颜色分量，无 JFIF 标记，12 字节附加在结尾后")
        );
    }

    #[test]
    fn a_word_inside_another_is_left_alone() {
        assert_eq!(replace_word("surface face", "face", "脸"), "surface 脸");
    }
}
