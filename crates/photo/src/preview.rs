//! What the crop editor shows: the upright source (EXIF orientation applied, HEIC decoded —
//! which a WebView cannot do itself) at screen size, and the full-resolution size the editor's
//! rectangle is expressed in.

use serde::Serialize;
use ts_rs::TS;

use crate::decode::{decode, Decoded};
use crate::encode::{encode, Subsampling};
use crate::error::PhotoError;
use crate::resize::shrink_to;
use fast_image_resize::FilterType;

/// Long side of the preview: sharp on a 2× screen at the editor's ~600 px, small over IPC.
pub const PREVIEW_LONG_SIDE: u32 = 1200;

pub struct SourcePreview {
    /// Upright size of the original at full resolution (the crop's coordinate space).
    pub width: u32,
    pub height: u32,
    /// The preview as a JPEG (at most `PREVIEW_LONG_SIDE` on its long side, never upscaled).
    pub jpeg: Vec<u8>,
}

/// The crop editor's guide lines for a spec, as fractions of the output height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CropGuide {
    pub aspect_width: u32,
    pub aspect_height: u32,
    pub crown_margin_target: f64,
    pub head_ratio_min: f64,
    pub head_ratio_target: f64,
    pub head_ratio_max: f64,
    pub centre_tolerance: f64,
}

impl CropGuide {
    pub fn of(spec: &crate::spec::PhotoSpec) -> CropGuide {
        CropGuide {
            aspect_width: spec.width,
            aspect_height: spec.height,
            crown_margin_target: spec.crown_margin.target,
            head_ratio_min: spec.head_ratio.min,
            head_ratio_target: spec.head_ratio.target,
            head_ratio_max: spec.head_ratio.max,
            centre_tolerance: spec.centre_tolerance,
        }
    }
}

pub fn source_preview(input: &[u8]) -> Result<SourcePreview, PhotoError> {
    Ok(preview_of(&decode(input, PREVIEW_LONG_SIDE)?))
}

/// The preview of a decoded picture (`Prepared::preview` reuses the engine's decode).
pub(crate) fn preview_of(decoded: &Decoded) -> SourcePreview {
    let mut small = shrink_to(&decoded.rgb, PREVIEW_LONG_SIDE, FilterType::Lanczos3);
    if let Some(icc) = &decoded.icc {
        crate::colour::to_srgb(&mut small, icc);
    }
    SourcePreview {
        width: decoded.full_width,
        height: decoded.full_height,
        jpeg: encode(&small, 85, Subsampling::S420),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, RgbImage};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_pictures_shrink_to_the_preview_size_and_keep_their_full_size() {
        let p = source_preview(&png(3000, 2000)).unwrap();
        assert_eq!((p.width, p.height), (3000, 2000));
        let back = image::load_from_memory(&p.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (1200, 800));
    }

    #[test]
    fn small_pictures_are_never_upscaled() {
        let p = source_preview(&png(300, 400)).unwrap();
        let back = image::load_from_memory(&p.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (300, 400));
    }

    #[test]
    fn the_preview_is_upright_for_an_exif_rotated_photo_and_for_heic() {
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        // Stored 760×640 with EXIF orientation 6: the editor gets the upright 640×760.
        let p =
            source_preview(&std::fs::read(fixtures.join("sideways_exif6.jpg")).unwrap()).unwrap();
        assert_eq!((p.width, p.height), (640, 760));
        let back = image::load_from_memory(&p.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (640, 760));
        // A WebView cannot show HEIC at all; the preview is a JPEG it can.
        let heic = source_preview(&std::fs::read(fixtures.join("portrait.heic")).unwrap()).unwrap();
        assert_eq!(image::guess_format(&heic.jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn unreadable_input_is_an_error() {
        assert!(source_preview(b"not a picture").is_err());
    }
}
