//! Is the backdrop plain? A studio backdrop often runs smoothly from light grey to white, which
//! a plain standard deviation of the corners calls "not uniform"; a shadow, a door frame or a
//! picture on the wall is not smooth. So a smooth surface (`surface.rs`) is fitted to the
//! luminance of the background samples (both top corners and the strip above the crown) and
//! only what it does not explain is judged.

use image::RgbImage;

use crate::surface::Surface;

/// Luminance samples (x, y, l) of the background: the top corners (2–15 % in from each side,
/// 2–15 % down) and, when there is room, the strip between them above the crown.
fn samples(img: &RgbImage, crown: f64) -> Vec<(f64, f64, f64)> {
    let (w, h) = (img.width(), img.height());
    let (x0, x1) = (w / 50, w * 3 / 20);
    let (y0, y1) = (h / 50, h * 3 / 20);
    let strip_end = ((crown - f64::from(h) * 0.01).max(0.0) as u32).min(y1);
    let mut out = Vec::new();
    let mut take = |x: u32, y: u32| {
        let p = img.get_pixel(x, y).0;
        let l = 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]);
        out.push((f64::from(x), f64::from(y), l));
    };
    for y in (y0..y1).step_by(2) {
        for x in (x0..x1).step_by(2) {
            take(x, y);
            take(w - 1 - x, y);
        }
    }
    if strip_end >= y0 + 4 {
        for y in (y0..strip_end).step_by(2) {
            for x in (x1..w - x1).step_by(2) {
                take(x, y);
            }
        }
    }
    out
}

/// The residual standard deviation after the best smooth surface (`surface.rs`: gradient
/// and vignette), and how much that surface changes across the top of the picture (how strong
/// the gradient is). `None` without samples.
pub fn unevenness(img: &RgbImage, crown: f64) -> Option<(f64, f64)> {
    let s = samples(img, crown);
    let surface = Surface::fit(&s, f64::from(img.width()), f64::from(img.height()))?;
    Some((surface.residual(&s), surface.rise()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A 260×360 backdrop running from `left` to `right` luminance, with mild sensor noise.
    fn backdrop(left: f64, right: f64) -> RgbImage {
        let mut seed = 12345u32;
        RgbImage::from_fn(260, 360, |x, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let noise = f64::from((seed >> 16) % 7) - 3.0;
            let v = (left + (right - left) * f64::from(x) / 259.0 + noise).clamp(0.0, 255.0) as u8;
            Rgb([v, v, v])
        })
    }

    #[test]
    fn a_smooth_studio_gradient_is_plain() {
        let img = backdrop(226.0, 252.0);
        let (residual, rise) = unevenness(&img, 30.0).unwrap();
        assert!(residual < 4.0, "residual {residual}");
        assert!(rise > 20.0, "the gradient is seen: {rise}");
    }

    #[test]
    fn a_vignette_is_plain() {
        let mut img = backdrop(245.0, 245.0);
        for (x, y, p) in img.enumerate_pixels_mut() {
            let d = (f64::from(x) / 260.0 - 0.5).powi(2) + (f64::from(y) / 360.0 - 0.4).powi(2);
            let v = (f64::from(p.0[0]) - 90.0 * d).clamp(0.0, 255.0) as u8;
            *p = Rgb([v, v, v]);
        }
        let (residual, _) = unevenness(&img, 30.0).unwrap();
        assert!(residual < 4.0, "residual {residual}");
    }

    #[test]
    fn a_shadow_in_a_corner_is_not() {
        let mut img = backdrop(240.0, 248.0);
        for y in 0..60 {
            for x in 0..30 {
                img.put_pixel(x, y, Rgb([170, 170, 175]));
            }
        }
        let (residual, _) = unevenness(&img, 30.0).unwrap();
        assert!(residual > 14.0, "residual {residual}");
    }

    #[test]
    fn a_door_frame_is_not() {
        let mut img = backdrop(245.0, 245.0);
        for y in 0..360 {
            for x in 200..206 {
                img.put_pixel(x, y, Rgb([90, 70, 50]));
            }
        }
        let (residual, _) = unevenness(&img, 30.0).unwrap();
        assert!(residual > 14.0, "residual {residual}");
    }
}
