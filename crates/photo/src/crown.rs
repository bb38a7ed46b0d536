//! Where the top of the head really is. The face box spans brows to chin, and a fixed ratio
//! above it (`CROWN_ABOVE_BOX`) overshoots short hair and caps by up to a tenth of the photo:
//! real portraits were refused as "crown cut" by our own estimate. Where the background above
//! the head is plain (a wall, a sheet, or the white the person was put on), the crown is
//! found instead by scanning up from the face for the last row that still differs from it.

use image::RgbImage;

use crate::face::FaceBox;
use crate::frame::Head;
use crate::matte::Matte;
use crate::surface::Surface;

/// A corner patch's mean colour and spread, for the background reference.
fn patch(img: &RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) -> Option<([f64; 3], f64)> {
    let (x1, y1) = (x1.min(img.width()), y1.min(img.height()));
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let mut sum = [0f64; 3];
    let mut sq = 0f64;
    let mut n = 0f64;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = img.get_pixel(x, y).0;
            for (s, v) in sum.iter_mut().zip(p) {
                *s += f64::from(v);
            }
            let l = p.iter().map(|&v| f64::from(v)).sum::<f64>() / 3.0;
            sq += l * l;
            n += 1.0;
        }
    }
    let mean = [sum[0] / n, sum[1] / n, sum[2] / n];
    let l = (mean[0] + mean[1] + mean[2]) / 3.0;
    Some((mean, (sq / n - l * l).max(0.0).sqrt()))
}

/// The background's colour when both top corners agree and are plain; `None` otherwise.
pub fn plain_background(img: &RgbImage) -> Option<[f64; 3]> {
    let (w, h) = (img.width(), img.height());
    let (x0, x1) = (w / 50, (w * 3 / 20).max(w / 50 + 1));
    let (y0, y1) = (h / 50, (h * 3 / 20).max(h / 50 + 1));
    let (l, ls) = patch(img, x0, y0, x1, y1)?;
    let (r, rs) = patch(img, w - x1, y0, w - x0, y1)?;
    let apart = l
        .iter()
        .zip(r)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    (ls <= 14.0 && rs <= 14.0 && apart <= 24.0).then(|| {
        [
            (l[0] + r[0]) / 2.0,
            (l[1] + r[1]) / 2.0,
            (l[2] + r[2]) / 2.0,
        ]
    })
}

/// Differs from the background by more than sensor noise and a soft shadow.
const DIFFERS: f64 = 40.0;
/// A row is still head when this share of the band above the face differs.
const HEAD_SHARE: f64 = 0.15;
/// Rows of background in a row before the scan decides the head has ended.
const GAP_ROWS: u32 = 3;

/// The crown row in `img` for `face`: scanned where the background is plain, else the box
/// estimate. Accepted only between 0.15 and 1.1 face heights above the box top (real crowns
/// sit 0.23–0.39 above it; more than 1.1 is a hat or something behind the head).
pub fn crown_row(img: &RgbImage, face: &FaceBox) -> f64 {
    scan(img, face).unwrap_or_else(|| face.crown())
}

/// The head in `img`: the crown from the person matte when there is one (the top of the
/// person above the face), else scanned where the background is plain, else estimated.
pub fn head_in(img: &RgbImage, f: &FaceBox, matte: Option<&Matte>) -> Head {
    let crown = matte
        .and_then(|m| m.crown(f))
        .unwrap_or_else(|| crown_row(img, f));
    Head {
        crown,
        chin: crate::chin::chin_row(img, f),
        centre_x: f.centre_x(),
    }
}

/// What the background above the head looks like at a pixel: one colour (both top corners
/// agree and are plain), or a smooth surface per channel (a studio gradient or vignette)
/// fitted to the corners and the top rows when those are explained by it.
enum Reference {
    Flat([f64; 3]),
    Smooth([Surface; 3]),
}

impl Reference {
    fn of(img: &RgbImage) -> Option<Reference> {
        if let Some(bg) = plain_background(img) {
            return Some(Reference::Flat(bg));
        }
        let (w, h) = (img.width(), img.height());
        let (x0, x1) = (w / 50, (w * 3 / 20).max(w / 50 + 1));
        let (y0, y1) = (h / 50, (h * 3 / 20).max(h / 50 + 1));
        // The top rows across the width: a compliant photo has ≥ 4 % of background there.
        let strip = (h / 100, (h * 35 / 1000).max(h / 100 + 1));
        let mut points = Vec::new();
        for y in (y0..y1).step_by(2) {
            for x in (x0..x1).step_by(2) {
                points.push((x, y));
                points.push((w - 1 - x, y));
            }
        }
        for y in (strip.0..strip.1).step_by(2) {
            for x in (x1..w.saturating_sub(x1)).step_by(3) {
                points.push((x, y));
            }
        }
        let (fw, fh) = (f64::from(w), f64::from(h));
        let mut out = Vec::with_capacity(3);
        for c in 0..3 {
            let samples: Vec<(f64, f64, f64)> = points
                .iter()
                .map(|&(x, y)| {
                    let v = img.get_pixel(x, y).0.get(c).copied().unwrap_or(0);
                    (f64::from(x), f64::from(y), f64::from(v))
                })
                .collect();
            let s = Surface::fit(&samples, fw, fh)?;
            // Sensor noise and JPEG ringing stay well under this; hair or a frame does not.
            if s.residual(&samples) > SMOOTH_RESIDUAL {
                return None;
            }
            out.push(s);
        }
        let [r, g, b] = <[Surface; 3]>::try_from(out).ok()?;
        Some(Reference::Smooth([r, g, b]))
    }

    fn at(&self, x: u32, y: u32) -> [f64; 3] {
        match self {
            Reference::Flat(bg) => *bg,
            Reference::Smooth(s) => s.map(|c| c.at(f64::from(x), f64::from(y))),
        }
    }

    /// The pixel differs from the background there by more than noise and a soft shadow.
    fn differs(&self, img: &RgbImage, x: u32, y: u32) -> bool {
        img.get_pixel(x, y)
            .0
            .iter()
            .zip(self.at(x, y))
            .map(|(&v, b)| (f64::from(v) - b).abs())
            .fold(0.0, f64::max)
            > DIFFERS
    }
}

/// Largest unexplained spread (per channel) of a smooth backdrop.
const SMOOTH_RESIDUAL: f64 = 8.0;

/// `Some(row)` when the crown could be found by scanning.
pub fn scan(img: &RgbImage, face: &FaceBox) -> Option<f64> {
    let reference = Reference::of(img)?;
    let w = f64::from(img.width());
    let x0 = (face.centre_x() - 0.25 * face.width).clamp(0.0, w - 1.0) as u32;
    let x1 = (face.centre_x() + 0.25 * face.width).clamp(1.0, w) as u32;
    if x1 <= x0 {
        return None;
    }
    let top = face.y.floor();
    if top < 1.0 {
        return None;
    }
    let differs_share = |y: u32| -> f64 {
        let n = (x0..x1).filter(|&x| reference.differs(img, x, y)).count();
        n as f64 / f64::from(x1 - x0)
    };
    let mut last_head = top as u32;
    let mut gap = 0;
    let mut y = top as u32;
    loop {
        if differs_share(y) >= HEAD_SHARE {
            last_head = y;
            gap = 0;
        } else {
            gap += 1;
            if gap >= GAP_ROWS {
                break;
            }
        }
        if y == 0 {
            break;
        }
        y -= 1;
    }
    let crown = f64::from(last_head);
    let above = (face.y - crown) / face.height;
    (0.15..=1.1).contains(&above).then_some(crown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A dark head (an ellipse of "hair" over a face box) on a plain light wall.
    fn portrait(wall: [u8; 3], crown: u32) -> (RgbImage, FaceBox) {
        let mut img = RgbImage::from_pixel(260, 360, Rgb(wall));
        let face = FaceBox {
            x: 80.0,
            y: 140.0,
            width: 100.0,
            height: 110.0,
            score: 1.0,
        };
        for y in crown..360 {
            for x in 70..190 {
                img.put_pixel(x, y, Rgb([60, 45, 40]));
            }
        }
        (img, face)
    }

    #[test]
    fn finds_the_top_of_short_hair_below_the_box_estimate() {
        let (img, face) = portrait([245, 245, 245], 90);
        assert_eq!(crown_row(&img, &face), 90.0);
        // The fixed ratio would have put it 0.31 box heights above the box: 105.9.
        assert!(face.crown() > 100.0);
    }

    #[test]
    fn hair_touching_the_top_edge_is_found_at_row_zero_when_plausible() {
        let (img, face) = portrait([240, 240, 235], 0);
        let face = FaceBox { y: 60.0, ..face };
        assert_eq!(scan(&img, &face), Some(0.0));
    }

    #[test]
    fn a_busy_background_falls_back_to_the_estimate() {
        let (mut img, face) = portrait([245, 245, 245], 90);
        for y in 0..60 {
            for x in 0..40 {
                img.put_pixel(x, y, Rgb([((x * 37 + y * 11) % 255) as u8, 20, 90]));
            }
        }
        assert_eq!(scan(&img, &face), None);
        assert_eq!(crown_row(&img, &face), face.crown());
    }

    #[test]
    fn finds_the_crown_on_a_studio_gradient() {
        let (mut img, face) = portrait([245, 245, 245], 90);
        for (x, y, p) in img.enumerate_pixels_mut() {
            if p.0 != [60, 45, 40] {
                let v = 205 + (x * 48 / 260) as u8 - (y / 20) as u8;
                *p = Rgb([v, v, v.saturating_add(3)]);
            }
        }
        assert_eq!(plain_background(&img), None, "the corners disagree");
        assert_eq!(scan(&img, &face), Some(90.0));
    }

    #[test]
    fn an_implausible_crown_is_not_trusted() {
        // Nothing above the box differs (e.g. white hair on white): not a forehead's height.
        let (img, face) = portrait([245, 245, 245], 139);
        assert_eq!(scan(&img, &face), None);
    }
}
