//! Decode anything a phone or scanner gives — JPEG (baseline, progressive, CMYK/YCCK,
//! grayscale), PNG (8/16-bit, alpha), WebP, BMP, HEIC (system libheif, loaded when needed) — detected by content, not by name; apply EXIF
//! orientation; convert to 8-bit RGB with transparency flattened onto white. Work is bounded
//! before decoding (file size, pixels from the header, allocation), and large JPEGs decode at a
//! reduced DCT scale. An embedded ICC profile is returned with the pixels (`Decoded::icc`);
//! `colour::to_srgb` converts what is kept (the 260×360 result, the editor's preview).

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};

use crate::error::PhotoError;
use crate::jfif;

pub const MAX_FILE_BYTES: usize = 60 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 120_000_000;
/// The most a decoder may allocate for one picture: 8-bit RGBA at the pixel limit (480 MB)
/// fits; a 16-bit one over 64 MP does not (it would peak near 1.5 GB), and is refused.
pub(crate) const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A decoded, upright, RGB picture and how it relates to the full-resolution original.
pub struct Decoded {
    pub rgb: RgbImage,
    /// Upright size of the original at full resolution.
    pub full_width: u32,
    pub full_height: u32,
    /// `rgb` pixels per original pixel (1.0, or 1/2, 1/4, 1/8 for a scaled JPEG decode).
    pub scale: f64,
    pub format: &'static str,
    /// The embedded ICC profile, when there is one (pixels are still in its space).
    pub icc: Option<Vec<u8>>,
    /// Some pixels were transparent (flattened onto white): a cut-out, or a portrait in a
    /// shape, whose old background may still surround the head inside the shape.
    pub transparent: bool,
    /// Where `rgb`'s top-left sits in the whole picture decoded at `scale`: (0, 0) unless
    /// only a region was decoded (`jpeg_region`).
    pub origin: (f64, f64),
}

/// HEIF/HEIC files start with an `ftyp` box naming a HEIF brand.
fn is_heif(bytes: &[u8]) -> bool {
    bytes.get(4..8) == Some(&b"ftyp"[..])
        && matches!(
            bytes.get(8..12),
            Some(
                b"heic"
                    | b"heix"
                    | b"hevc"
                    | b"hevx"
                    | b"mif1"
                    | b"msf1"
                    | b"heim"
                    | b"heis"
                    | b"avif"
            )
        )
}

/// Decodes with at least `min_short_side` pixels on the short side when the source has them.
pub fn decode(bytes: &[u8], min_short_side: u32) -> Result<Decoded, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Unreadable("empty file / 空文件".into()));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge(format!(
            "{} bytes > {MAX_FILE_BYTES}",
            bytes.len()
        )));
    }
    if is_heif(bytes) {
        return crate::heif::decode_heif(bytes);
    }
    if jfif::is_jpeg(bytes) {
        return crate::jpeg_decode::decode_jpeg(bytes, min_short_side);
    }
    decode_other(bytes)
}

pub(crate) fn check_pixels(w: u32, h: u32) -> Result<(), PhotoError> {
    if w == 0 || h == 0 {
        return Err(PhotoError::Unreadable("zero width or height".into()));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooLarge(format!(
            "{w}×{h} px > {MAX_PIXELS} px / 像素过多"
        )));
    }
    Ok(())
}

pub(crate) fn oriented(w: u32, h: u32, o: Orientation) -> (u32, u32) {
    match o {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (h, w),
        _ => (w, h),
    }
}

fn decode_other(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    let format = image::guess_format(bytes)
        .map_err(|_| PhotoError::Unsupported("not an image / 不是图片文件".into()))?;
    let name = match format {
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        ImageFormat::Bmp => "bmp",
        other => return Err(PhotoError::Unsupported(format!("{other:?}"))),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(60_000);
    limits.max_image_height = Some(60_000);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h)?;
    // The decoder's own allocation limit is not applied to its output buffer on every path:
    // checked here from the header (a 16-bit RGBA picture is 8 bytes a pixel).
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(PhotoError::TooLarge(format!(
            "{w}×{h} px, {} MB decoded > {} MB / 解码后数据过大",
            decoder.total_bytes() / 1_000_000,
            MAX_ALLOC / 1_000_000
        )));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(l) => PhotoError::TooLarge(l.to_string()),
        other => PhotoError::Unreadable(other.to_string()),
    })?;
    image.apply_orientation(orientation);
    // Moved, not copied, when the decoder already gave 8-bit RGB(A): a 120 MP picture is
    // 360–480 MB, and a second copy of it is what made the peak.
    let (rgb, transparent) = if image.color().has_alpha() {
        flatten_on_white(image)
    } else {
        (image.into_rgb8(), false)
    };
    let (fw, fh) = (rgb.width(), rgb.height());
    Ok(Decoded {
        rgb,
        full_width: fw,
        full_height: fh,
        scale: 1.0,
        format: name,
        icc,
        transparent,
        origin: (0.0, 0.0),
    })
}

/// Transparent pixels become white (not black, as naive pipelines make them). Done in the
/// RGBA buffer itself (each pixel's 3 bytes written before the 4 they came from), then cut.
/// Also says whether any pixel was less than opaque.
fn flatten_on_white(image: DynamicImage) -> (RgbImage, bool) {
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut buf = rgba.into_raw();
    let pixels = buf.len() / 4;
    let mut transparent = false;
    for i in 0..pixels {
        let (src, dst) = (i * 4, i * 3);
        let Some(&[r, g, b, a]) = buf.get(src..src + 4) else {
            break;
        };
        transparent |= a < 255;
        let a = u32::from(a);
        let blend = |v: u8| ((u32::from(v) * a + 255 * (255 - a)) / 255) as u8;
        if let Some(out) = buf.get_mut(dst..dst + 3) {
            out.copy_from_slice(&[blend(r), blend(g), blend(b)]);
        }
    }
    buf.truncate(pixels * 3);
    buf.shrink_to_fit();
    let rgb = RgbImage::from_raw(w, h, buf).unwrap_or_else(|| RgbImage::new(w, h));
    (rgb, transparent)
}
