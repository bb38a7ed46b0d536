//! Scans (ID card front, diploma, work proof): a baseline JPEG under the slot's ceiling. Quality
//! goes down first (to 60); only then is the picture downscaled, in 15 % steps, and never below
//! the slot's legibility floor (long side, see `ScanSlot::min_long_side`).

use image::RgbImage;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::decode::decode;
use crate::encode::{encode, Subsampling};
use crate::error::PhotoError;
use crate::frame::CropRect;
use crate::resize::crop_resize;
use crate::spec::ScanSlot;

const MIN_QUALITY: u8 = 60;

/// Short side a scan is decoded at, at least (when the source has it): a large JPEG is decoded
/// at a reduced DCT scale (1/2, 1/4, 1/8) — a 120 MP scan as ~8 MP instead of 360 MB of pixels —
/// since no 100–200 KB file keeps more detail than this, and legibility floors are far below.
pub const SCAN_DECODE_SHORT: u32 = 2000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanReport {
    pub slot: ScanSlot,
    pub written: bool,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub max_bytes: u64,
    pub quality: u8,
    pub downscaled: bool,
    pub issues: Vec<regdesk_core::Problem>,
}

fn best_quality(rgb: &RgbImage, max: usize) -> Option<(u8, Vec<u8>)> {
    let (mut lo, mut hi, mut best) = (MIN_QUALITY, 95u8, None);
    while lo <= hi {
        let mid = lo + (hi - lo) / 2;
        let bytes = encode(rgb, mid, Subsampling::S420);
        if bytes.len() <= max {
            best = Some((mid, bytes));
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    best
}

pub fn compress_scan(
    input: &[u8],
    slot: ScanSlot,
) -> Result<(Option<Vec<u8>>, ScanReport), PhotoError> {
    let decoded = decode(input, SCAN_DECODE_SHORT)?;
    let max = slot.max_bytes() as usize;
    let mut rgb = decoded.rgb;
    let (w0, h0) = rgb.dimensions();
    let mut downscaled = false;
    loop {
        if let Some((quality, bytes)) = best_quality(&rgb, max) {
            let report = ScanReport {
                slot,
                written: true,
                width: rgb.width(),
                height: rgb.height(),
                bytes: bytes.len() as u64,
                max_bytes: max as u64,
                quality,
                downscaled,
                issues: vec![],
            };
            return Ok((Some(bytes), report));
        }
        let long = rgb.width().max(rgb.height());
        let next_long = (f64::from(long) * 0.85) as u32;
        if next_long < slot.min_long_side() {
            let issue = regdesk_core::Problem::error(
                "scan",
                regdesk_core::ReasonCode::ScanOverCeiling,
                format!(
                    "在保证清晰（长边 ≥ {} 像素）的前提下无法压缩到 {max} 字节以内",
                    slot.min_long_side()
                ),
                format!(
                    "cannot fit {max} bytes while keeping the long side ≥ {} px for legibility",
                    slot.min_long_side()
                ),
            );
            let report = ScanReport {
                slot,
                written: false,
                width: w0,
                height: h0,
                bytes: input.len() as u64,
                max_bytes: max as u64,
                quality: 0,
                downscaled,
                issues: vec![issue],
            };
            return Ok((None, report));
        }
        let k = f64::from(next_long) / f64::from(long);
        let (nw, nh) = (
            ((f64::from(rgb.width()) * k) as u32).max(1),
            ((f64::from(rgb.height()) * k) as u32).max(1),
        );
        let full = CropRect {
            x: 0.0,
            y: 0.0,
            width: f64::from(rgb.width()),
            height: f64::from(rgb.height()),
        };
        rgb = crop_resize(&rgb, full, nw, nh);
        downscaled = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_scan_is_decoded_at_a_reduced_scale_and_still_fits() {
        let (w, h) = (4800usize, 4200usize);
        let rgb: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                [(x / 19) as u8, (y / 17) as u8, ((x + y) / 36) as u8]
            })
            .collect();
        let mut c = turbojpeg::Compressor::new().unwrap();
        c.set_quality(85).unwrap();
        let jpeg = c
            .compress_to_vec(turbojpeg::Image {
                pixels: rgb.as_slice(),
                width: w,
                pitch: w * 3,
                height: h,
                format: turbojpeg::PixelFormat::RGB,
            })
            .unwrap();
        drop(rgb);
        let decoded = decode(&jpeg, SCAN_DECODE_SHORT).unwrap();
        assert_eq!(
            decoded.rgb.dimensions(),
            (2400, 2100),
            "half scale, short side ≥ 2000"
        );
        let (out, report) = compress_scan(&jpeg, ScanSlot::Diploma).unwrap();
        assert!(out.is_some(), "{report:?}");
        assert!(report.width.max(report.height) >= ScanSlot::Diploma.min_long_side());
        assert!(report.bytes <= report.max_bytes);
    }
}
