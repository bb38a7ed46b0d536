//! JPEG decoding. YCbCr and grayscale files (every phone and camera) go through libjpeg-turbo
//! (the `turbojpeg` crate, built from source and linked statically) at a reduced DCT scale:
//! entropy decoding is most of the time for a 12 MP photo, and libjpeg-turbo's is the fastest
//! available. CMYK/YCCK files (some scanners, print workflows) go through jpeg-decoder, which
//! undoes Adobe's inversion. jpeg-decoder also reads the header for both: size, EXIF
//! orientation and the ICC profile, before anything is allocated.

use std::io::Cursor;

use image::metadata::Orientation;
use image::RgbImage;

use crate::decode::{check_pixels, oriented, Decoded, MAX_ALLOC};
use crate::error::PhotoError;
use crate::jfif;

fn unreadable(e: impl std::fmt::Display) -> PhotoError {
    PhotoError::Unreadable(e.to_string())
}

/// The largest DCT reduction (1, 2, 4 or 8) that keeps at least `min_short_side` pixels.
pub fn reduction(short_side: u32, min_short_side: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|d| short_side.div_ceil(*d) >= min_short_side)
        .unwrap_or(1)
}

/// What a JPEG's header says, read before any pixel is allocated.
pub struct JpegHeader {
    /// Stored size (before orientation).
    pub width: u32,
    pub height: u32,
    pub orientation: Orientation,
    pub icc: Option<Vec<u8>>,
    /// CMYK/YCCK: decoded by jpeg-decoder, never by region.
    pub cmyk: bool,
}

impl JpegHeader {
    /// Upright size.
    pub fn upright(&self) -> (u32, u32) {
        oriented(self.width, self.height, self.orientation)
    }
}

pub fn read_header(bytes: &[u8]) -> Result<JpegHeader, PhotoError> {
    header_and_decoder(bytes).map(|(h, _)| h)
}

type HeaderReader<'a> = jpeg_decoder::Decoder<Cursor<&'a [u8]>>;

fn header_and_decoder(bytes: &[u8]) -> Result<(JpegHeader, HeaderReader<'_>), PhotoError> {
    if jfif::layout(bytes).end.is_none() {
        return Err(PhotoError::Unreadable(
            "JPEG is truncated (no end-of-image marker) / JPEG 文件不完整".into(),
        ));
    }
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(unreadable)?;
    let info = decoder.info().ok_or_else(|| unreadable("no JPEG header"))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_pixels(width, height)?;
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let header = JpegHeader {
        width,
        height,
        orientation,
        icc: decoder.icc_profile(),
        cmyk: info.pixel_format == jpeg_decoder::PixelFormat::CMYK32,
    };
    Ok((header, decoder))
}

pub fn decode_jpeg(bytes: &[u8], min_short_side: u32) -> Result<Decoded, PhotoError> {
    let (header, decoder) = header_and_decoder(bytes)?;
    let denom = reduction(header.width.min(header.height), min_short_side);
    if !header.cmyk {
        return decode_jpeg_header(bytes, &header, denom);
    }
    let image = decode_cmyk(decoder, header.width, header.height, denom)?;
    Ok(upright(image, &header))
}

/// A YCbCr or grayscale JPEG whose header was read, whole, at 1/`denom` scale.
pub fn decode_jpeg_header(
    bytes: &[u8],
    header: &JpegHeader,
    denom: u32,
) -> Result<Decoded, PhotoError> {
    Ok(upright(decode_turbo(bytes, denom)?, header))
}

fn upright(image: RgbImage, header: &JpegHeader) -> Decoded {
    let rgb = crate::orient::upright(image, header.orientation);
    let (fw, fh) = header.upright();
    Decoded {
        scale: f64::from(rgb.width()) / f64::from(fw),
        full_width: fw,
        full_height: fh,
        rgb,
        format: "jpeg",
        icc: header.icc.clone(),
        transparent: false,
        origin: (0.0, 0.0),
    }
}

/// Progressive scans a photo may have. Encoders write about ten (libjpeg's default script:
/// 10 for colour); a crafted file with thousands of tiny scans pins a CPU for minutes, since
/// each scan walks the whole coefficient buffer. libjpeg-turbo has no limit unless asked.
pub const MAX_SCANS: u32 = 100;

/// libjpeg-turbo, one thread. Corrupt entropy data is an error, never a half-grey picture:
/// TurboJPEG reports libjpeg's "corrupt data" warnings as a failed decompression.
fn decode_turbo(bytes: &[u8], denom: u32) -> Result<RgbImage, PhotoError> {
    decode_turbo_limited(bytes, denom, MAX_SCANS)
}

fn decode_turbo_limited(bytes: &[u8], denom: u32, scans: u32) -> Result<RgbImage, PhotoError> {
    let mut dec = turbojpeg::Decompressor::new().map_err(unreadable)?;
    dec.set_scan_limit(scans).map_err(unreadable)?;
    let factor = turbojpeg::ScalingFactor::new(1, denom as usize);
    let header = dec.read_header(bytes).map_err(unreadable)?.scaled(factor);
    dec.set_scaling_factor(factor).map_err(unreadable)?;
    let (dw, dh) = (header.width, header.height);
    let mut pixels = vec![0u8; dw * dh * 3];
    dec.decompress(
        bytes,
        turbojpeg::Image {
            pixels: pixels.as_mut_slice(),
            width: dw,
            pitch: dw * 3,
            height: dh,
            format: turbojpeg::PixelFormat::RGB,
        },
    )
    .map_err(unreadable)?;
    RgbImage::from_raw(dw as u32, dh as u32, pixels).ok_or_else(|| unreadable("pixel buffer size"))
}

fn decode_cmyk(
    mut dec: HeaderReader<'_>,
    w: u32,
    h: u32,
    denom: u32,
) -> Result<RgbImage, PhotoError> {
    if denom > 1 {
        let (rw, rh) = (w.div_ceil(denom), h.div_ceil(denom));
        dec.scale(rw as u16, rh as u16).map_err(unreadable)?;
    }
    dec.set_max_decoding_buffer_size(MAX_ALLOC as usize);
    let pixels = dec.decode().map_err(unreadable)?;
    let info = dec.info().ok_or_else(|| unreadable("no JPEG header"))?;
    let rgb: Vec<u8> = pixels
        .chunks_exact(4)
        .flat_map(|p| {
            let &[c, m, y, k] = p else {
                return [255; 3];
            };
            // jpeg-decoder undoes Adobe's inversion: 0 means no ink.
            let k = 255 - u32::from(k);
            [c, m, y].map(|v| ((255 - u32::from(v)) * k / 255) as u8)
        })
        .collect();
    RgbImage::from_raw(u32::from(info.width), u32::from(info.height), rgb)
        .ok_or_else(|| unreadable("pixel buffer size"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progressive() -> Vec<u8> {
        let rgb: Vec<u8> = (0..64 * 48 * 3).map(|i| (i * 7 % 251) as u8).collect();
        let mut c = turbojpeg::Compressor::new().unwrap();
        c.set_progressive(true).unwrap();
        c.set_quality(90).unwrap();
        c.compress_to_vec(turbojpeg::Image {
            pixels: rgb.as_slice(),
            width: 64,
            pitch: 64 * 3,
            height: 48,
            format: turbojpeg::PixelFormat::RGB,
        })
        .unwrap()
    }

    #[test]
    fn a_progressive_photo_decodes_and_the_scan_limit_reaches_the_decoder() {
        let jpeg = progressive();
        let ok = decode_jpeg(&jpeg, u32::MAX).unwrap();
        assert_eq!((ok.rgb.width(), ok.rgb.height()), (64, 48));
        // The same file refused when its ~10 scans exceed the limit given: the limit is set.
        let refused = decode_turbo_limited(&jpeg, 1, 2).unwrap_err();
        assert!(matches!(refused, PhotoError::Unreadable(_)), "{refused:?}");
        assert!(decode_turbo_limited(&jpeg, 1, MAX_SCANS).is_ok());
    }

    #[test]
    fn reduction_keeps_the_short_side_it_is_asked_for() {
        assert_eq!(reduction(3000, 600), 4);
        assert_eq!(reduction(3000, 1200), 2);
        assert_eq!(reduction(2448, 600), 4);
        assert_eq!(reduction(760, 600), 1);
        assert_eq!(reduction(3000, u32::MAX), 1);
        assert_eq!(reduction(8000, 600), 8);
    }
}
