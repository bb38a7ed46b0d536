//! The person matte of a picture, computed once around the face and reused: by both framings
//! of auto mode, by every crop-editor gesture on the open picture, and to find the crown
//! (the top of the person above the face) before the first framing. Segmenting each framed
//! output instead cost one network run per framing and per gesture.

use std::sync::Arc;

use fast_image_resize::FilterType;
use image::RgbImage;
use regdesk_segment::person_mask;

use crate::error::PhotoError;
use crate::face::FaceBox;
use crate::frame::CropRect;
use crate::resize::crop_resize_with;

/// The region segmented, in face-box heights around the box: room for crowns up to 0.7 box
/// heights above it (real ones: 0.23–0.54) and for any framing the spec allows (a compliant
/// crop spans about 0.5 above to 1.65 below the box top and 1.55 box heights across). Kept
/// tight: the network sees it at 160 px, so every extra margin coarsens the cut.
const ABOVE: f64 = 0.7;
const BELOW: f64 = 1.8;
const HALF_WIDTH: f64 = 0.85;
/// The region is rendered at most this tall before segmentation: the network sees 160 px, so
/// more would only cost time; enough for a smooth edge once sampled into 360 output rows.
const MAX_ROWS: f64 = 480.0;
/// Mask level (0–255) from which a pixel counts as person when looking for the crown, and
/// the share of the band above the face that must be person for a row to be head.
const PERSON: u8 = 128;
const HEAD_SHARE: f64 = 0.15;

/// A soft person mask over `region` (picture pixels), `width × height` levels.
#[derive(Debug, Clone)]
pub struct Matte {
    region: CropRect,
    width: u32,
    height: u32,
    /// Shared: the moved and rescaled copies of a picture's matte are the same levels.
    levels: Arc<[u8]>,
}

impl Matte {
    /// Segments the region around `face` in `img`.
    pub fn around(img: &RgbImage, face: &FaceBox) -> Result<Matte, PhotoError> {
        let (w, h) = (f64::from(img.width()), f64::from(img.height()));
        let x0 = (face.centre_x() - HALF_WIDTH * face.height).max(0.0);
        let x1 = (face.centre_x() + HALF_WIDTH * face.height).min(w);
        let y0 = (face.y - ABOVE * face.height).max(0.0);
        let y1 = (face.y + BELOW * face.height).min(h);
        if x1 - x0 < 2.0 || y1 - y0 < 2.0 {
            return Err(PhotoError::Internal("no region around the face".into()));
        }
        let region = CropRect {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        };
        let k = (MAX_ROWS / region.height).min(1.0);
        let (mw, mh) = (
            ((region.width * k).round() as u32).max(2),
            ((region.height * k).round() as u32).max(2),
        );
        let pixels = crop_resize_with(img, region, mw, mh, FilterType::Bilinear);
        let mask = person_mask(pixels.as_raw(), mw, mh)
            .map_err(|e| PhotoError::Internal(e.to_string()))?;
        if mask.alpha.len() != (mw * mh) as usize {
            return Err(PhotoError::Internal("person mask of the wrong size".into()));
        }
        Ok(Matte {
            region,
            width: mw,
            height: mh,
            levels: mask.alpha.into(),
        })
    }

    /// The same matte for the picture moved by (`dx`, `dy`) (a canvas grown for headroom).
    pub fn shifted(&self, dx: f64, dy: f64) -> Matte {
        Matte {
            region: self.region.shifted(dx, dy),
            ..self.clone()
        }
    }

    /// The same matte for the picture scaled by `k` (decoded again at another scale).
    pub fn scaled(&self, k: f64) -> Matte {
        Matte {
            region: self.region.scaled(k),
            ..self.clone()
        }
    }

    fn level(&self, x: u32, y: u32) -> u8 {
        let i =
            y.min(self.height - 1) as usize * self.width as usize + x.min(self.width - 1) as usize;
        self.levels.get(i).copied().unwrap_or(0)
    }

    /// Mask levels for a `width × height` output framed by `crop`: sampled bilinearly, and
    /// outside the region the nearest edge of it (shoulders go on; above the head is
    /// background already).
    pub fn levels_for(&self, crop: CropRect, width: u32, height: u32) -> Vec<u8> {
        let sx = f64::from(self.width) / self.region.width;
        let sy = f64::from(self.height) / self.region.height;
        let (mw, mh) = (f64::from(self.width - 1), f64::from(self.height - 1));
        let mut out = Vec::with_capacity(width as usize * height as usize);
        for y in 0..height {
            let py = crop.y + (f64::from(y) + 0.5) * crop.height / f64::from(height);
            let my = ((py - self.region.y) * sy - 0.5).clamp(0.0, mh);
            let (y0, fy) = (my.floor(), my - my.floor());
            for x in 0..width {
                let px = crop.x + (f64::from(x) + 0.5) * crop.width / f64::from(width);
                let mx = ((px - self.region.x) * sx - 0.5).clamp(0.0, mw);
                let (x0, fx) = (mx.floor(), mx - mx.floor());
                let (x0u, y0u) = (x0 as u32, y0 as u32);
                let at = |dx: u32, dy: u32| f64::from(self.level(x0u + dx, y0u + dy));
                let top = at(0, 0) * (1.0 - fx) + at(1, 0) * fx;
                let bottom = at(0, 1) * (1.0 - fx) + at(1, 1) * fx;
                out.push((top * (1.0 - fy) + bottom * fy).round() as u8);
            }
        }
        out
    }

    /// The crown in picture pixels: the top of the person above the middle of the face.
    /// When the person reaches the top of the picture, the crown is above it (the box's
    /// estimate when that is higher). `None` when the matte shows no head above the face.
    pub fn crown(&self, face: &FaceBox) -> Option<f64> {
        let sx = f64::from(self.width) / self.region.width;
        let sy = f64::from(self.height) / self.region.height;
        let to_x = |px: f64| ((px - self.region.x) * sx).clamp(0.0, f64::from(self.width)) as u32;
        let x0 = to_x(face.centre_x() - 0.25 * face.width);
        let x1 = to_x(face.centre_x() + 0.25 * face.width).max(x0 + 1);
        let top = ((face.y - self.region.y) * sy).clamp(0.0, f64::from(self.height - 1)) as u32;
        let is_head = |y: u32| {
            let n = (x0..x1).filter(|&x| self.level(x, y) >= PERSON).count();
            n as f64 / f64::from(x1 - x0) >= HEAD_SHARE
        };
        if !is_head(top) {
            return None;
        }
        let gap_rows = ((3.0 * sy).round() as u32).max(2);
        let (mut last, mut gap, mut y) = (top, 0, top);
        while y > 0 {
            y -= 1;
            if is_head(y) {
                last = y;
                gap = 0;
            } else {
                gap += 1;
                if gap >= gap_rows {
                    break;
                }
            }
        }
        let crown = self.region.y + f64::from(last) / sy;
        let above = (face.y - crown) / face.height;
        if last == 0 && self.region.y < 1.0 {
            // Cut by the picture's top edge: at least this high, maybe more.
            return Some(crown.min(face.crown()));
        }
        (0.1..=ABOVE + 0.05).contains(&above).then_some(crown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matte_with_head(crown_row: u32) -> (Matte, FaceBox) {
        // A 100×200 region at (50, 20); person from `crown_row` down in columns 30–70.
        let (w, h) = (100u32, 200u32);
        let mut levels = vec![0u8; (w * h) as usize];
        for y in crown_row..h {
            for x in 30..70 {
                levels[(y * w + x) as usize] = 255;
            }
        }
        let matte = Matte {
            region: CropRect {
                x: 50.0,
                y: 20.0,
                width: 100.0,
                height: 200.0,
            },
            width: w,
            height: h,
            levels: levels.into(),
        };
        let face = FaceBox {
            x: 80.0,
            y: 80.0,
            width: 40.0,
            height: 40.0,
            score: 1.0,
        };
        (matte, face)
    }

    #[test]
    fn the_crown_is_the_top_of_the_person_above_the_face() {
        let (matte, face) = matte_with_head(45);
        assert_eq!(matte.crown(&face), Some(65.0));
    }

    #[test]
    fn a_head_cut_by_the_picture_top_is_at_least_there() {
        let (mut matte, face) = matte_with_head(0);
        matte.region.y = 0.0;
        let face = face.shifted(0.0, -20.0);
        let crown = matte.crown(&face).unwrap();
        assert!(crown <= 0.0, "{crown}");
    }

    #[test]
    fn levels_follow_the_crop() {
        let (matte, _) = matte_with_head(45);
        // The crop is exactly the region: levels are the matte itself.
        let same = matte.levels_for(matte.region, 100, 200);
        assert_eq!(same[..], matte.levels[..]);
        // A crop of its left quarter holds no person.
        let left = CropRect {
            x: 50.0,
            y: 20.0,
            width: 25.0,
            height: 50.0,
        };
        assert!(matte.levels_for(left, 25, 50).iter().all(|&l| l == 0));
    }
}
