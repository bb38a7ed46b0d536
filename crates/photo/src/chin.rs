//! Where the chin really is. The detector's box ends anywhere from the lower lip to below the
//! chin depending on the face and the scale it is seen at (0.94–1.18 box heights below its top
//! on the hand-labelled portraits in `tests/fixtures/portraits`), which alone moves the head
//! ratio by ±0.05 of the photo. Under a chin there is almost always a shadow or a collar darker
//! than the chin's skin: the chin is found as the strongest light-above-dark edge in a narrow
//! band under the middle of the face, weighted towards where the box puts it.

use image::RgbImage;

use crate::face::FaceBox;

/// Rows searched, in box heights below the box top: below the mouth and teeth (≤ 0.9) and
/// above where a neck could be taken for a chin.
const SEARCH_FROM: f64 = 0.92;
const SEARCH_TO: f64 = 1.35;
/// Where the chin sits on average (labelled portraits), and how far it strays (box heights).
const EXPECTED: f64 = 1.10;
const SPREAD: f64 = 0.12;
/// Half the band's width around the face's centre, in box widths: the chin itself.
const HALF_BAND: f64 = 0.12;
/// Luminance steps below this are skin texture, not an edge (0–255).
const MIN_STEP: f64 = 6.0;
/// An edge this strong relative to the strongest (after weighting) is the chin if it is the
/// first going down.
const RELATIVE: f64 = 0.5;

fn luma(p: [u8; 3]) -> f64 {
    0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
}

/// The chin row in `img` for `face`: the edge under the chin when one stands out, else the
/// box's estimate.
pub fn chin_row(img: &RgbImage, face: &FaceBox) -> f64 {
    find(img, face).unwrap_or_else(|| face.chin())
}

/// `Some(row)` when an edge under the chin was found.
pub fn find(img: &RgbImage, face: &FaceBox) -> Option<f64> {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let cx = face.centre_x();
    let x0 = (cx - HALF_BAND * face.width).clamp(0.0, w - 1.0) as u32;
    let x1 = (cx + HALF_BAND * face.width).clamp(1.0, w) as u32;
    if x1 <= x0 {
        return None;
    }
    // Rows are averaged over `k` on each side of a candidate: a chin's shadow is soft.
    let k = (face.height / 30.0).max(2.0);
    let first = (face.y + SEARCH_FROM * face.height).max(k);
    let last = (face.y + SEARCH_TO * face.height).min(h - k - 1.0);
    if last <= first {
        return None;
    }
    let row_mean = |y: u32| -> f64 {
        (x0..x1).map(|x| luma(img.get_pixel(x, y).0)).sum::<f64>() / f64::from(x1 - x0)
    };
    let (lo, hi) = ((first - k) as u32, (last + k) as u32);
    let rows: Vec<f64> = (lo..=hi).map(row_mean).collect();
    let mean_of = |a: u32, b: u32| -> f64 {
        let s = rows
            .get((a - lo) as usize..(b - lo) as usize)
            .unwrap_or(&[]);
        if s.is_empty() {
            0.0
        } else {
            s.iter().sum::<f64>() / s.len() as f64
        }
    };
    let k = k as u32;
    let steps: Vec<(u32, f64)> = (first as u32..=last as u32)
        .map(|y| (y, mean_of(y - k, y) - mean_of(y, y + k)))
        .collect();
    let weighted = |y: u32, step: f64| {
        let off = (f64::from(y) - (face.y + EXPECTED * face.height)) / (SPREAD * face.height);
        step * (-0.5 * off * off).exp()
    };
    let strongest = steps
        .iter()
        .map(|&(y, step)| weighted(y, step))
        .fold(0.0, f64::max);
    // The chin is the first clear edge going down: a collar or a neck line below it can be
    // stronger, but never above it.
    let peak = |i: usize| {
        let at = |j: usize| steps.get(j).map_or(f64::MIN, |&(_, s)| s);
        at(i) >= at(i.wrapping_sub(1)) && at(i) >= at(i + 1)
    };
    steps
        .iter()
        .enumerate()
        .find(|&(i, &(y, step))| {
            step >= MIN_STEP && peak(i) && weighted(y, step) >= RELATIVE * strongest
        })
        .map(|(_, &(y, _))| f64::from(y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// Skin from the box top down to `chin`, a darker collar below it.
    fn face_over_collar(chin: u32) -> (RgbImage, FaceBox) {
        let mut img = RgbImage::from_pixel(260, 360, Rgb([250, 250, 250]));
        for y in 60..360 {
            for x in 60..200 {
                let c = if y < chin {
                    [205, 160, 140]
                } else {
                    [60, 50, 50]
                };
                img.put_pixel(x, y, Rgb(c));
            }
        }
        let face = FaceBox {
            x: 70.0,
            y: 100.0,
            width: 120.0,
            height: 120.0,
            score: 1.0,
        };
        (img, face)
    }

    #[test]
    fn finds_the_shadow_under_a_chin_below_the_box() {
        let (img, face) = face_over_collar(248);
        let found = chin_row(&img, &face);
        assert!((found - 248.0).abs() <= 1.0, "{found}");
    }

    #[test]
    fn finds_a_chin_above_the_box_average_too() {
        let (img, face) = face_over_collar(222);
        let found = chin_row(&img, &face);
        assert!((found - 222.0).abs() <= 1.0, "{found}");
    }

    #[test]
    fn without_an_edge_the_box_estimate_is_kept() {
        let (img, face) = face_over_collar(400);
        assert_eq!(find(&img, &face), None);
        assert_eq!(chin_row(&img, &face), face.chin());
    }

    #[test]
    fn the_mouth_above_the_search_is_not_taken_for_a_chin() {
        // A dark mouth band at 0.7–0.83 box heights, skin below it down to the image end.
        let (mut img, face) = face_over_collar(400);
        for y in 185..200 {
            for x in 60..200 {
                img.put_pixel(x, y, Rgb([90, 40, 40]));
            }
        }
        assert_eq!(find(&img, &face), None);
    }
}
