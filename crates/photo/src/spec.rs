//! Exam photo and scan specs as data (`specs/*.json`, embedded). Adding an exam means adding a
//! file here and one line in `EMBEDDED`; no code decides sizes or bands.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Band {
    pub min: f64,
    pub target: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoSpec {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Where the numbers come from, and when.
    pub source: String,
    pub width: u32,
    pub height: u32,
    /// Inclusive byte window of the output file.
    pub min_bytes: u64,
    pub max_bytes: u64,
    /// Head (crown to chin) as a fraction of the photo height.
    pub head_ratio: Band,
    /// Space above the crown as a fraction of the photo height.
    pub crown_margin: Band,
    /// Allowed distance of the face centre from the vertical centre line, as a fraction of the width.
    pub centre_tolerance: f64,
    pub background: String,
}

const EMBEDDED: [&str; 2] = [
    include_str!("../specs/cq-health-manager-2020.json"),
    include_str!("../specs/cpta-2024.json"),
];

pub const DEFAULT_SPEC: &str = "cq-health-manager-2020";

/// Every embedded spec, default first. (They are constants of this build; a test parses each.)
#[allow(clippy::expect_used)]
pub fn all_specs() -> Vec<PhotoSpec> {
    EMBEDDED
        .iter()
        .map(|s| serde_json::from_str(s).expect("embedded spec is valid JSON (tested)"))
        .collect()
}

pub fn find_spec(id: &str) -> Option<PhotoSpec> {
    all_specs().into_iter().find(|s| s.id == id)
}

#[allow(clippy::expect_used)]
pub fn default_spec() -> PhotoSpec {
    find_spec(DEFAULT_SPEC).expect("default spec is embedded")
}

/// The scan slots of the profile and their ceilings ("≤ 100 KB" read as 100 000 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ScanSlot {
    IdFront,
    Diploma,
    WorkProof,
}

impl ScanSlot {
    pub fn max_bytes(self) -> u64 {
        match self {
            ScanSlot::IdFront => 100_000,
            ScanSlot::Diploma | ScanSlot::WorkProof => 200_000,
        }
    }

    /// Legibility floor: the long side is never reduced below this. An ID card (85.6 mm) at
    /// 1000 px is ~300 dpi, where 6-pt print stays readable; an A4 page at 1400 px is ~120 dpi,
    /// enough for certificate text of 10 pt and above.
    pub fn min_long_side(self) -> u32 {
        match self {
            ScanSlot::IdFront => 1000,
            ScanSlot::Diploma | ScanSlot::WorkProof => 1400,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_specs_parse_and_are_consistent() {
        let specs = all_specs();
        assert_eq!(specs[0].id, DEFAULT_SPEC);
        for s in specs {
            assert!(s.min_bytes < s.max_bytes, "{}", s.id);
            assert!(
                s.head_ratio.min <= s.head_ratio.target && s.head_ratio.target <= s.head_ratio.max
            );
            assert!(
                s.crown_margin.min <= s.crown_margin.target
                    && s.crown_margin.target <= s.crown_margin.max
            );
            assert!(!s.source.is_empty());
        }
        let d = default_spec();
        assert_eq!(
            (d.width, d.height, d.min_bytes, d.max_bytes),
            (260, 360, 15_360, 45_000)
        );
    }
}
