//! Framing geometry (pure): where to crop so the head fills the spec's band, centred, with
//! the spec's crown margin; never stretching (the crop has the output's aspect ratio).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::spec::PhotoSpec;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct CropRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl CropRect {
    pub fn scaled(&self, k: f64) -> CropRect {
        CropRect {
            x: self.x * k,
            y: self.y * k,
            width: self.width * k,
            height: self.height * k,
        }
    }

    pub fn shifted(&self, dx: f64, dy: f64) -> CropRect {
        CropRect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }

    /// Parses `X,Y,W,H` (CLI `--crop`).
    pub fn parse(text: &str) -> Option<CropRect> {
        let v: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        match v[..] {
            [x, y, width, height] => CropRect {
                x,
                y,
                width,
                height,
            }
            .valid(),
            _ => None,
        }
    }

    /// The rectangle if it can be a crop: finite, inside positive coordinates, not empty.
    pub fn valid(self) -> Option<CropRect> {
        let finite = [self.x, self.y, self.width, self.height]
            .iter()
            .all(|v| v.is_finite());
        (finite && self.width > 0.0 && self.height > 0.0 && self.x >= 0.0 && self.y >= 0.0)
            .then_some(self)
    }

    /// Has the spec's aspect ratio within a pixel.
    pub fn fits_aspect(&self, spec: &PhotoSpec) -> bool {
        (self.width * f64::from(spec.height) / f64::from(spec.width) - self.height).abs() <= 1.0
    }

    pub fn inside(&self, w: f64, h: f64) -> bool {
        self.x >= 0.0
            && self.y >= 0.0
            && self.x + self.width <= w + 0.5
            && self.y + self.height <= h + 0.5
    }
}

/// The head as found: crown and chin rows and the face's centre column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head {
    pub crown: f64,
    pub chin: f64,
    pub centre_x: f64,
}

/// The crop for a head in an image of `w`×`h`. When the ideal crop does not fit, it is
/// shrunk (the head gets larger in the frame) and shifted inside; the checks then report it.
pub fn auto_crop(head: Head, w: f64, h: f64, spec: &PhotoSpec) -> CropRect {
    let aspect = f64::from(spec.width) / f64::from(spec.height);
    let head_h = (head.chin - head.crown).max(1.0);
    let mut crop_h = head_h / spec.head_ratio.target;
    crop_h = crop_h.min(h).min(w / aspect);
    let crop_w = crop_h * aspect;
    let y = (head.crown - spec.crown_margin.target * crop_h).clamp(0.0, (h - crop_h).max(0.0));
    let x = (head.centre_x - crop_w / 2.0).clamp(0.0, (w - crop_w).max(0.0));
    CropRect {
        x,
        y,
        width: crop_w,
        height: crop_h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::default_spec;

    #[test]
    fn head_fills_two_thirds_with_the_crown_margin_and_is_centred() {
        let spec = default_spec();
        let head = Head {
            crown: 400.0,
            chin: 1000.0,
            centre_x: 1500.0,
        };
        let c = auto_crop(head, 3000.0, 4000.0, &spec);
        assert!(((head.chin - head.crown) / c.height - 0.667).abs() < 0.001);
        assert!(((head.crown - c.y) / c.height - 0.08).abs() < 0.001);
        assert!((c.x + c.width / 2.0 - 1500.0).abs() < 0.001);
        assert!(c.fits_aspect(&spec));
    }

    #[test]
    fn a_crop_that_would_leave_the_image_is_shifted_inside() {
        let spec = default_spec();
        let c = auto_crop(
            Head {
                crown: 10.0,
                chin: 300.0,
                centre_x: 50.0,
            },
            1000.0,
            1000.0,
            &spec,
        );
        assert!(c.inside(1000.0, 1000.0), "{c:?}");
        assert_eq!(c.x, 0.0);
    }

    #[test]
    fn a_head_too_big_for_the_image_shrinks_the_crop_to_fit() {
        let spec = default_spec();
        let c = auto_crop(
            Head {
                crown: 0.0,
                chin: 900.0,
                centre_x: 300.0,
            },
            600.0,
            1000.0,
            &spec,
        );
        assert!(c.inside(600.0, 1000.0));
        assert!(c.fits_aspect(&spec));
    }

    #[test]
    fn crop_text_parses_and_aspect_is_checked() {
        let spec = default_spec();
        let c = CropRect::parse("10,20,260,360").unwrap();
        assert!(c.fits_aspect(&spec));
        assert!(!CropRect::parse("0,0,100,100").unwrap().fits_aspect(&spec));
        assert!(
            CropRect::parse("1,2,3").is_none()
                && CropRect::parse("a,b,c,d").is_none()
                && CropRect::parse("-1,0,26,36").is_none()
        );
    }
}
