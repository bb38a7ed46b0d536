//! Exam photo and scan specs as data: a library embedded from `specs/*.json`, and any spec
//! file a user brings (`PhotoSpec::from_json`, checked field by field, see `spec_check.rs`).
//! No code decides sizes, bands or colours.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Band {
    pub min: f64,
    pub target: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhotoSpec {
    /// A spec file may name its JSON Schema (`docs/photo-spec.schema.json`); not kept.
    #[serde(rename = "$schema", default, skip_serializing)]
    #[ts(skip)]
    pub schema: Option<String>,
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Where the numbers come from, and when.
    pub source: String,
    /// When the source was published or read (YYYY, YYYY-MM or YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source_date: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Inclusive byte window of the output file.
    pub min_bytes: u64,
    pub max_bytes: u64,
    /// How the exam's notice counts a KB (1000 or 1024 bytes): the form converts with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub kb_unit: Option<u32>,
    /// Head (crown to chin) as a fraction of the photo height.
    pub head_ratio: Band,
    /// Space above the crown as a fraction of the photo height.
    pub crown_margin: Band,
    /// Allowed distance of the face centre from the vertical centre line, as a fraction of the width.
    pub centre_tolerance: f64,
    /// `white`, `blue`, `red` or `#RRGGBB`.
    pub background: String,
    /// Largest distance (RGB, 0–441) of the measured background from the colour; white keeps
    /// its calibrated rule (luminance ≥ 225, colour spread ≤ 18) unless this is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub background_tolerance: Option<f64>,
    /// Pixel density written into the JFIF header, where the exam names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub dpi: Option<u16>,
}

const EMBEDDED: [&str; 12] = [
    include_str!("../specs/cq-health-manager-2020.json"),
    include_str!("../specs/cpta-2024.json"),
    include_str!("../specs/ntce-teacher-2024.json"),
    include_str!("../specs/ncre-computer-2024.json"),
    include_str!("../specs/cn-visa-online-2024.json"),
    include_str!("../specs/resident-id-card-ga461.json"),
    include_str!("../specs/social-security-card.json"),
    include_str!("../specs/gwy-civil-service-2024.json"),
    include_str!("../specs/cpa-accounting-2024.json"),
    include_str!("../specs/yz-postgraduate-2024.json"),
    include_str!("../specs/chsi-graduation-blue.json"),
    include_str!("../specs/red-one-inch.json"),
];

pub const DEFAULT_SPEC: &str = "cq-health-manager-2020";

/// Every embedded spec, default first. (They are constants of this build; a test parses each.)
#[allow(clippy::expect_used)]
pub fn all_specs() -> Vec<PhotoSpec> {
    EMBEDDED
        .iter()
        .map(|s| PhotoSpec::from_json(s).expect("embedded spec is valid (tested)"))
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
