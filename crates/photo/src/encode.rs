//! Encoding into a byte window at the highest quality: baseline JFIF, 8-bit YCbCr, optimised
//! Huffman tables, one interleaved scan (libjpeg-turbo through `turbojpeg`: the layout every
//! decoder reads; jpeg-encoder's optimised files have three non-interleaved scans, which
//! zune-jpeg 0.5 — the `image` crate's decoder — decodes as green noise at 4:2:0). Quality is
//! searched (a handful of encodes) over chroma
//! subsampling 4:2:0 and 4:4:4; the best quality whose size lies in the window wins, 4:4:4 on
//! a tie. A flat image that stays under the floor even at quality 100 is brought up to it with
//! a COM segment inside the file (never bytes after EOI) and the report says so.

use image::RgbImage;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::jfif;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Subsampling {
    #[serde(rename = "4:4:4")]
    S444,
    #[serde(rename = "4:2:0")]
    S420,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub quality: u8,
    pub subsampling: Subsampling,
    /// Bytes of COM padding added to reach the floor.
    pub padded: usize,
    pub encodes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowMiss {
    /// Even the lowest quality is larger than the ceiling.
    OverCeiling { smallest: usize },
}

fn bytes_of_first(fits: &[(u8, Subsampling, Vec<u8>)]) -> usize {
    fits.first().map_or(0, |f| f.2.len())
}

// Creating a compressor, setting these parameters and compressing an RGB8 buffer of the
// stated size fail only on allocation failure, where panicking is the only option anyway.
#[allow(clippy::expect_used)]
pub fn encode(rgb: &RgbImage, quality: u8, sub: Subsampling) -> Vec<u8> {
    let mut c = turbojpeg::Compressor::new().expect("TurboJPEG compressor");
    c.set_quality(i32::from(quality.clamp(1, 100)))
        .expect("quality 1..=100");
    c.set_subsamp(match sub {
        Subsampling::S444 => turbojpeg::Subsamp::None,
        Subsampling::S420 => turbojpeg::Subsamp::Sub2x2,
    })
    .expect("subsampling");
    c.set_optimize(true).expect("optimised Huffman tables");
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    c.compress_to_vec(turbojpeg::Image {
        pixels: rgb.as_raw().as_slice(),
        width: w,
        pitch: w * 3,
        height: h,
        format: turbojpeg::PixelFormat::RGB,
    })
    .expect("RGB8 compresses")
}

/// Where the first probe goes: at 260×360 the 15–45 KB window lies around quality 88–97, so a
/// probe there usually halves the bracket at once.
const FIRST_PROBE: u8 = 94;

/// Highest quality in [floor, 100] whose size is ≤ max; (quality and bytes, encodes). Size
/// grows with quality about exponentially, so once the answer is bracketed the next probe is
/// interpolated on log(size); interpolated and halving probes alternate, which keeps the worst
/// case within twice bisection's count while a smooth picture needs 3–4 encodes.
fn best_under(
    rgb: &RgbImage,
    sub: Subsampling,
    max: usize,
    floor: u8,
) -> (Option<(u8, Vec<u8>)>, u32) {
    let mut fit: Option<(u8, Vec<u8>)> = None;
    let mut over: Option<(u8, usize)> = None;
    let mut probe = FIRST_PROBE.max(floor);
    let (mut n, mut interpolate) = (0, true);
    loop {
        let bytes = encode(rgb, probe, sub);
        n += 1;
        if bytes.len() <= max {
            fit = Some((probe, bytes));
        } else {
            over = Some((probe, bytes.len()));
        }
        // Candidates still open: above the best fit, below the smallest quality that is over.
        let lo = fit.as_ref().map_or(floor, |f| f.0 + 1);
        let hi = match over {
            Some((0, _)) => break,
            Some((q, _)) => q - 1,
            None => 100,
        };
        if lo > hi {
            break;
        }
        probe = match (&fit, over, interpolate) {
            (Some((fq, fb)), Some((oq, os)), true) => {
                let (a, b) = ((fb.len() as f64).ln(), (os as f64).ln());
                let t = ((max as f64).ln() - a) / (b - a).max(1e-9);
                let q = f64::from(*fq) + t * f64::from(oq - fq);
                (q.floor() as u8).clamp(lo, hi)
            }
            // One side known: a step of a few qualities finds the other side quickly.
            (Some(_), None, true) => lo.saturating_add(2).min(hi),
            (None, Some(_), true) => hi.saturating_sub(6).max(lo),
            _ => lo + (hi - lo) / 2,
        };
        interpolate = !interpolate;
    }
    (fit, n)
}

pub fn encode_to_window(rgb: &RgbImage, min: usize, max: usize) -> Result<Encoded, WindowMiss> {
    // 4:2:0 first: at equal quality it is the smaller file, so its best quality under the
    // ceiling bounds 4:4:4's. 4:4:4 then needs one encode at that quality to know whether it
    // ties (and wins the tie); a full 4:4:4 search is needed only when 4:2:0 stays under the
    // floor, where 4:4:4's larger files may land in the window.
    let (best420, mut encodes) = best_under(rgb, Subsampling::S420, max, 20);
    let Some((q420, bytes420)) = best420 else {
        return Err(WindowMiss::OverCeiling {
            smallest: encode(rgb, 20, Subsampling::S420).len(),
        });
    };
    let mut fits = vec![(q420, Subsampling::S420, bytes420)];
    if bytes_of_first(&fits) >= min {
        let same_q = encode(rgb, q420, Subsampling::S444);
        encodes += 1;
        if same_q.len() <= max {
            fits.push((q420, Subsampling::S444, same_q));
        }
    } else {
        let (best444, n) = best_under(rgb, Subsampling::S444, max, 20);
        encodes += n;
        fits.extend(best444.map(|(q, b)| (q, Subsampling::S444, b)));
    }
    // In the window first, then higher quality, then 4:4:4.
    fits.sort_by_key(|(q, sub, bytes)| (bytes.len() >= min, *q, *sub == Subsampling::S444));
    // `fits` holds at least the 4:2:0 candidate pushed above.
    let Some((quality, subsampling, bytes)) = fits.pop() else {
        return Err(WindowMiss::OverCeiling { smallest: 0 });
    };
    if bytes.len() >= min {
        return Ok(Encoded {
            bytes,
            quality,
            subsampling,
            padded: 0,
            encodes,
        });
    }
    let padded = min - bytes.len();
    Ok(Encoded {
        bytes: jfif::pad_with_comment(&bytes, padded),
        quality,
        subsampling,
        padded,
        encodes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(w: u32, h: u32, seed: u32) -> RgbImage {
        let mut x = seed;
        RgbImage::from_fn(w, h, |_, _| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            image::Rgb([(x >> 16) as u8, (x >> 8) as u8, (x >> 24) as u8])
        })
    }

    #[test]
    fn a_flat_picture_is_padded_to_the_floor_inside_the_file() {
        let flat = RgbImage::from_pixel(260, 360, image::Rgb([250, 250, 250]));
        let e = encode_to_window(&flat, 15_360, 45_000).unwrap();
        assert!(e.padded > 0);
        assert!(
            (15_360..=45_004).contains(&e.bytes.len()),
            "{}",
            e.bytes.len()
        );
        let layout = jfif::layout(&e.bytes);
        assert_eq!(layout.end, Some(e.bytes.len()), "nothing after EOI");
        assert_eq!(layout.sof, Some(0xC0));
        let decoded = image::load_from_memory(&e.bytes).expect("padded file still decodes");
        assert_eq!(decoded.width(), 260);
    }

    #[test]
    fn noise_that_cannot_fit_is_reported_over_ceiling() {
        assert!(matches!(
            encode_to_window(&noise(260, 360, 7), 1_000, 5_000),
            Err(WindowMiss::OverCeiling { .. })
        ));
    }

    #[test]
    fn the_search_finds_exactly_the_highest_quality_under_the_ceiling() {
        let img: RgbImage = image::imageops::blur(&noise(260, 360, 5), 1.2);
        for max in [20_000, 30_000, 45_000, 60_000] {
            for sub in [Subsampling::S420, Subsampling::S444] {
                let (best, n) = best_under(&img, sub, max, 20);
                let linear = (20..=100u8)
                    .rev()
                    .find(|q| encode(&img, *q, sub).len() <= max);
                assert_eq!(best.map(|b| b.0), linear, "max {max}, {sub:?}");
                assert!(n <= 12, "{n} encodes");
            }
        }
    }

    #[test]
    fn the_search_is_bounded_and_lands_in_the_window() {
        let img = noise(260, 360, 3);
        let small: RgbImage = image::imageops::blur(&img, 2.0);
        let e = encode_to_window(&small, 15_360, 45_000).unwrap();
        assert!(e.encodes <= 16, "{} encodes", e.encodes);
        assert!((15_360..=45_000).contains(&e.bytes.len()));
    }
}
