//! The background colour a spec asks for: white (most exams), the blue of graduation and some
//! licence photos, the red of marriage and some party documents, or any `#RRGGBB`. Named
//! colours are the values Chinese ID-photo tools paint (white #FFFFFF, blue #438EDB, red #FF0000).

/// Distance (RGB, Euclidean) a photographed backdrop may stray from a named or hex colour when
/// the spec gives no tolerance. Not calibrated on photographed cloths (none here): chosen well
/// below what separates the colours that matter — white is 222 from #438EDB, a grey wall 128.
pub const DEFAULT_TOLERANCE: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackgroundColour {
    pub rgb: [u8; 3],
    /// white / blue / red, or None for a hex colour.
    pub named: Option<&'static str>,
}

impl BackgroundColour {
    pub const WHITE: BackgroundColour = BackgroundColour {
        rgb: [255, 255, 255],
        named: Some("white"),
    };

    pub fn parse(text: &str) -> Option<BackgroundColour> {
        let t = text.trim();
        let named = |name: &'static str, rgb: [u8; 3]| BackgroundColour {
            rgb,
            named: Some(name),
        };
        match t.to_ascii_lowercase().as_str() {
            "white" => return Some(Self::WHITE),
            "blue" => return Some(named("blue", [0x43, 0x8E, 0xDB])),
            "red" => return Some(named("red", [0xFF, 0x00, 0x00])),
            _ => {}
        }
        let hex = t.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(BackgroundColour {
            rgb: [byte(0)?, byte(2)?, byte(4)?],
            named: None,
        })
    }

    pub fn is_white(&self) -> bool {
        self.rgb == [255, 255, 255]
    }

    pub fn hex(&self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.rgb[0], self.rgb[1], self.rgb[2])
    }

    /// (Chinese, English) name: 白色 / white, or the hex value.
    pub fn name(&self) -> (String, String) {
        match self.named {
            Some("white") => ("白色".into(), "white".into()),
            Some("blue") => ("蓝色".into(), "blue".into()),
            Some("red") => ("红色".into(), "red".into()),
            _ => (
                format!("颜色 {}", self.hex()),
                format!("colour {}", self.hex()),
            ),
        }
    }

    /// RGB distance of a measured mean colour from this one.
    pub fn distance(&self, mean: [f64; 3]) -> f64 {
        self.rgb
            .iter()
            .zip(mean)
            .map(|(&c, m)| (f64::from(c) - m).powi(2))
            .sum::<f64>()
            .sqrt()
    }
}

impl crate::spec::PhotoSpec {
    /// The spec's background colour (validated when the spec was read; white otherwise).
    pub fn background_colour(&self) -> BackgroundColour {
        BackgroundColour::parse(&self.background).unwrap_or(BackgroundColour::WHITE)
    }

    /// Does a measured background (mean RGB, mean channel spread) have the spec's colour?
    /// White without a tolerance keeps the calibrated rule of `check.rs`.
    pub fn background_matches(&self, mean: [f64; 3], spread: f64) -> bool {
        let colour = self.background_colour();
        match self.background_tolerance {
            None if colour.is_white() => {
                let luminance = 0.299 * mean[0] + 0.587 * mean[1] + 0.114 * mean[2];
                luminance >= 225.0 && spread <= 18.0
            }
            t => colour.distance(mean) <= t.unwrap_or(DEFAULT_TOLERANCE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_hex_parse() {
        assert_eq!(
            BackgroundColour::parse("White"),
            Some(BackgroundColour::WHITE)
        );
        assert_eq!(
            BackgroundColour::parse("blue").map(|c| c.hex()),
            Some("#438EDB".into())
        );
        assert_eq!(
            BackgroundColour::parse("#00bff3").map(|c| c.rgb),
            Some([0, 0xBF, 0xF3])
        );
        for bad in ["", "#12345", "#12345G", "green", "#ＦＦＦＦＦＦ"] {
            assert_eq!(BackgroundColour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_lit_blue_cloth_matches_blue_and_white_does_not() {
        let mut spec = crate::spec::default_spec();
        spec.background = "blue".into();
        assert!(spec.background_matches([80.0, 150.0, 210.0], 130.0));
        assert!(!spec.background_matches([250.0, 250.0, 250.0], 2.0));
        spec.background = "white".into();
        assert!(spec.background_matches([240.0, 241.0, 239.0], 3.0));
        assert!(!spec.background_matches([200.0, 200.0, 200.0], 3.0));
    }
}
