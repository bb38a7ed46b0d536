//! Opt-in background replacement with the spec's colour (white, blue, red…; never on by
//! default: some exam offices reject edited backgrounds). The person mask comes from `regdesk-segment` through the picture's matte
//! (`matte.rs`, sampled for this framing); the composite keeps the soft
//! edge of hair, and removes the old background's colour from the edge pixels
//! ("decontamination": F = (I − (1 − a)·B) / a with B the local background colour), so no
//! grey or coloured rim survives on the new colour (and no white halo on blue).

use image::RgbImage;
use regdesk_core::{ReasonCode, Severity};

use crate::error::PhotoError;
use crate::face::FaceBox;
use crate::report::PhotoReport;
use crate::spec_colour::BackgroundColour;

/// Mask levels (0–255) below which a pixel is background and above which it is person; in
/// between the edge is blended. Chosen on the fixtures: u2netp's soft edge spans ~30–230.
const BG_LEVEL: f32 = 30.0;
const FG_LEVEL: f32 = 225.0;
/// Radius of the window estimating the background colour behind an edge pixel.
const LOCAL_RADIUS: usize = 12;

/// Thresholds for "the mask is unsure" (see README, calibrated on the fixtures).
const MAX_AMBIGUOUS_SHARE: f64 = 0.10;
const MIN_FACE_COVER: f64 = 0.85;
const MAX_CORNER_PERSON: f64 = 0.10;

/// What the cut looked like, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct CutQuality {
    /// Share of pixels neither clearly person nor clearly background.
    pub ambiguous_share: f64,
    /// Mean person level inside the face box (1 = fully kept).
    pub face_cover: f64,
    /// Share of the top corners kept as person (where a portrait has background).
    pub corner_person: f64,
}

impl CutQuality {
    /// Why the cut is doubtful, if it is.
    pub fn doubt(&self) -> Option<(&'static str, &'static str)> {
        if self.face_cover < MIN_FACE_COVER {
            Some((
                "人脸区域被部分当作背景",
                "part of the face was taken for background",
            ))
        } else if self.corner_person > MAX_CORNER_PERSON {
            Some((
                "上方角落仍有未去除的背景",
                "the top corners still hold old background",
            ))
        } else if self.ambiguous_share > MAX_AMBIGUOUS_SHARE {
            Some((
                "人物与背景对比度低，边缘不确定",
                "low contrast between person and background: the edge is uncertain",
            ))
        } else {
            None
        }
    }

    /// The opt-in edit, always reported: a warning that it was done, and another when unsure.
    pub fn report(&self, report: &mut PhotoReport, colour: BackgroundColour) {
        report.background_replaced = true;
        let (zh, en) = colour.name();
        let said = (
            format!("背景已替换为{zh}（按您的选择）"),
            format!("the background was replaced by {en} (as you asked)"),
        );
        report.check(
            ReasonCode::PhotoBackgroundReplaced,
            Severity::Warning,
            false,
            Some(colour.hex()),
            "original background",
            (&said.0, &said.1),
            (
                "部分考试机构不接受修改过背景的照片；请对比前后效果再决定",
                "some exam offices reject edited backgrounds; compare before and after, then decide",
            ),
        );
        let doubt = self.doubt();
        report.check(
            ReasonCode::PhotoBackgroundUncertain,
            Severity::Warning,
            doubt.is_none(),
            Some(format!(
                "edge {:.1}%, face {:.0}%, corners {:.0}%",
                self.ambiguous_share * 100.0,
                self.face_cover * 100.0,
                self.corner_person * 100.0
            )),
            "a clear cut",
            doubt.unwrap_or(("抠图清晰", "a clear cut")),
            (
                "请检查头发和肩膀边缘；最好在浅色纯色墙前重拍",
                "check the hair and shoulder edges; better, retake the photo against a plain light wall",
            ),
        );
    }
}

fn alpha_of(level: u8) -> f32 {
    ((f32::from(level) - BG_LEVEL) / (FG_LEVEL - BG_LEVEL)).clamp(0.0, 1.0)
}

/// Summed-area table over a `w × h` grid of values (one extra row and column of zeros).
// Indices stay below (w + 1)(h + 1), the table's length, for x < w and y < h.
#[allow(clippy::indexing_slicing)]
fn integral(w: usize, h: usize, value: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut t = vec![0.0; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0.0;
        for x in 0..w {
            row += value(x, y);
            t[(y + 1) * (w + 1) + x + 1] = t[y * (w + 1) + x + 1] + row;
        }
    }
    t
}

// x1 ≤ w and y1 ≤ h, so every index is inside the (w + 1)(h + 1) table.
#[allow(clippy::indexing_slicing)]
fn window_sum(t: &[f64], w: usize, h: usize, x: usize, y: usize, r: usize) -> f64 {
    let (x0, y0) = (x.saturating_sub(r), y.saturating_sub(r));
    let (x1, y1) = ((x + r + 1).min(w), (y + r + 1).min(h));
    let s = w + 1;
    t[y1 * s + x1] - t[y0 * s + x1] - t[y1 * s + x0] + t[y0 * s + x0]
}

/// Replaces the background of `img` (the framed output) by `colour`, in place, with `levels` the
/// person mask for these pixels (0–255, one per pixel).
// `alpha` is checked to be w × h below, the tables are (w + 1)(h + 1), `px` is w × h × 3 and
// `c` < 3 indexes three-element arrays: every index is in bounds.
#[allow(clippy::indexing_slicing)]
pub fn replace_background(
    img: &mut RgbImage,
    levels: &[u8],
    face: &FaceBox,
    colour: BackgroundColour,
) -> Result<CutQuality, PhotoError> {
    let paint = colour.rgb.map(f32::from);
    let (w, h) = (img.width() as usize, img.height() as usize);
    let alpha: Vec<f32> = levels.iter().map(|&m| alpha_of(m)).collect();
    if alpha.len() != w * h {
        return Err(PhotoError::Internal(format!(
            "person mask of {} values for {w}×{h} pixels",
            alpha.len()
        )));
    }
    let quality = measure(&alpha, w, h, face);

    // Local background colour: mean of clear-background pixels around each edge pixel.
    let is_bg = |x: usize, y: usize| f64::from(u8::from(alpha[y * w + x] == 0.0));
    let count = integral(w, h, is_bg);
    let px = img.as_raw();
    let sums: Vec<Vec<f64>> = (0..3)
        .map(|c| {
            integral(w, h, |x, y| {
                is_bg(x, y) * f64::from(px[(y * w + x) * 3 + c])
            })
        })
        .collect();
    let total_bg = count[count.len() - 1];
    let global: Vec<f64> = sums
        .iter()
        .map(|s| {
            if total_bg > 0.0 {
                s[s.len() - 1] / total_bg
            } else {
                255.0
            }
        })
        .collect();

    for y in 0..h {
        for x in 0..w {
            let a = alpha[y * w + x];
            let p = img.get_pixel_mut(x as u32, y as u32);
            if a >= 1.0 {
                continue;
            }
            if a <= 0.0 {
                p.0 = colour.rgb;
                continue;
            }
            let n = window_sum(&count, w, h, x, y, LOCAL_RADIUS);
            for c in 0..3 {
                let bg = if n >= 4.0 {
                    window_sum(&sums[c], w, h, x, y, LOCAL_RADIUS) / n
                } else {
                    global[c]
                } as f32;
                let observed = f32::from(p.0[c]);
                let fg = ((observed - (1.0 - a) * bg) / a).clamp(0.0, 255.0);
                p.0[c] = (a * fg + (1.0 - a) * paint[c]).round() as u8;
            }
        }
    }
    Ok(quality)
}

// The caller checked alpha.len() == w × h; x < w and y < h by the clamps and ranges below.
#[allow(clippy::indexing_slicing)]
fn measure(alpha: &[f32], w: usize, h: usize, face: &FaceBox) -> CutQuality {
    let ambiguous = alpha.iter().filter(|&&a| a > 0.0 && a < 1.0).count();
    let clamp = |v: f64, max: usize| (v.max(0.0) as usize).min(max);
    let (fx0, fy0) = (clamp(face.x, w), clamp(face.y, h));
    let (fx1, fy1) = (
        clamp(face.x + face.width, w),
        clamp(face.y + face.height, h),
    );
    let mut face_sum = 0.0;
    let mut face_n = 0usize;
    for y in fy0..fy1 {
        for x in fx0..fx1 {
            face_sum += f64::from(alpha[y * w + x]);
            face_n += 1;
        }
    }
    // Top corners: 15 % of the width, 10 % of the height on each side.
    let (cw, ch) = ((w * 15 / 100).max(1), (h * 10 / 100).max(1));
    let mut corner = 0usize;
    for y in 0..ch {
        for x in (0..cw).chain(w - cw..w) {
            corner += usize::from(alpha[y * w + x] > 0.5);
        }
    }
    CutQuality {
        ambiguous_share: ambiguous as f64 / alpha.len().max(1) as f64,
        face_cover: if face_n == 0 {
            0.0
        } else {
            face_sum / face_n as f64
        },
        corner_person: corner as f64 / (2 * cw * ch) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_sums_match_brute_force() {
        let (w, h) = (7, 5);
        let t = integral(w, h, |x, y| (x * 10 + y) as f64);
        let brute: f64 = (0..=4)
            .flat_map(|y| (0..=3).map(move |x| (x * 10 + y) as f64))
            .sum();
        assert_eq!(window_sum(&t, w, h, 1, 2, 2), brute);
    }

    #[test]
    fn alpha_ramp_is_clamped() {
        assert_eq!(alpha_of(0), 0.0);
        assert_eq!(alpha_of(255), 1.0);
        let mid = alpha_of(128);
        assert!(mid > 0.4 && mid < 0.6);
    }
}
