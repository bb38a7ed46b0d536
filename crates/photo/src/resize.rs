//! Crop and resize in one pass with SIMD Lanczos3 (fast_image_resize), straight from the
//! decoded pixels; never stretches (callers pass a crop with the output's aspect ratio).

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use crate::frame::CropRect;

pub fn crop_resize(src: &RgbImage, crop: CropRect, width: u32, height: u32) -> RgbImage {
    crop_resize_with(src, crop, width, height, FilterType::Lanczos3)
}

/// Same with another filter (a cheap one for the detector's thumbnail).
pub fn crop_resize_with(
    src: &RgbImage,
    crop: CropRect,
    width: u32,
    height: u32,
    filter: FilterType,
) -> RgbImage {
    #![allow(clippy::expect_used)]
    let mut buf = vec![0u8; width as usize * height as usize * 3];
    // Buffers are RGB8 of exactly the stated sizes, the only conditions these can fail on.
    let from = ImageRef::new(src.width(), src.height(), src.as_raw(), PixelType::U8x3)
        .expect("RGB8 source view");
    let mut to =
        Image::from_slice_u8(width, height, &mut buf, PixelType::U8x3).expect("RGB8 target view");
    // A crop computed in floating point may overshoot the picture by a rounding error (auto
    // framing at the bottom edge of an odd-sized picture): keep it inside, never panic.
    let (w, h) = (f64::from(src.width()), f64::from(src.height()));
    let x = crop.x.clamp(0.0, (w - 1.0).max(0.0));
    let y = crop.y.clamp(0.0, (h - 1.0).max(0.0));
    let cw = crop.width.min(w - x).max(1.0);
    let ch = crop.height.min(h - y).max(1.0);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(filter))
        .crop(x, y, cw, ch);
    Resizer::new()
        .resize(&from, &mut to, &options)
        .expect("RGB8 to RGB8 resize");
    RgbImage::from_raw(width, height, buf).expect("buffer of width × height × 3")
}

/// The whole picture shrunk so its long side is at most `long_side` (never enlarged).
pub fn shrink_to(src: &RgbImage, long_side: u32, filter: FilterType) -> RgbImage {
    let (w, h) = src.dimensions();
    let k = f64::from(long_side) / f64::from(w.max(h));
    if k >= 1.0 {
        return src.clone();
    }
    let whole = CropRect {
        x: 0.0,
        y: 0.0,
        width: f64::from(w),
        height: f64::from(h),
    };
    let (sw, sh) = (
        ((f64::from(w) * k).round() as u32).max(1),
        ((f64::from(h) * k).round() as u32).max(1),
    );
    crop_resize_with(src, whole, sw, sh, filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crop_overshooting_the_picture_by_rounding_does_not_panic() {
        let src = RgbImage::from_pixel(751, 1001, image::Rgb([200, 200, 200]));
        for crop in [
            CropRect {
                x: 0.4,
                y: 0.0,
                width: 750.6000001,
                height: 1001.0000001,
            },
            CropRect {
                x: -0.0000001,
                y: 300.5,
                width: 500.0,
                height: 700.50000001,
            },
            CropRect {
                x: 751.0,
                y: 1001.0,
                width: 10.0,
                height: 10.0,
            },
        ] {
            let out = crop_resize(&src, crop, 260, 360);
            assert_eq!(out.dimensions(), (260, 360));
        }
    }
}
