//! Text normalisation shared by validators: people paste numbers from Word, WeChat and Excel,
//! which bring full-width digits and letters, ideographic spaces and stray whitespace.

/// Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space to space, then trim.
pub fn to_halfwidth_trimmed(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Position as people count it (1-based), for messages like "第 5 位".
pub fn nth(index: usize) -> usize {
    index + 1
}
