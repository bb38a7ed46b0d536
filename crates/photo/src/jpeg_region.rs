//! Decoding only part of a JPEG: the rows and columns a crop needs, at the smallest DCT scale
//! that still gives the output its pixels. libjpeg-turbo 3's cropping region skips the IDCT,
//! upsampling and colour conversion of every block outside it and stops reading the file at
//! its bottom row; the rows above it are still entropy-decoded (no JPEG can skip those). The
//! `turbojpeg` crate does not wrap the cropping region, so this calls its raw TurboJPEG API.
//!
//! A region is given upright (after EXIF orientation) and mapped to the stored picture here: a
//! phone that stores a portrait sideways has the head's rows as the file's columns.

use std::ffi::CStr;

use image::metadata::Orientation;
use image::RgbImage;
use turbojpeg::{libc, raw};

use crate::decode::oriented;
use crate::error::PhotoError;
use crate::jpeg_decode::MAX_SCANS;

/// A half-open pixel rectangle: columns `x0..x1`, rows `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

impl Span {
    pub fn width(&self) -> u32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> u32 {
        self.y1 - self.y0
    }
}

/// `span` of the upright picture (`w`×`h` upright) in the stored picture's pixels.
pub fn to_stored(span: Span, w: u32, h: u32, o: Orientation) -> Span {
    let Span { x0, y0, x1, y1 } = span;
    match o {
        Orientation::NoTransforms => span,
        Orientation::FlipHorizontal => Span {
            x0: w - x1,
            y0,
            x1: w - x0,
            y1,
        },
        Orientation::FlipVertical => Span {
            x0,
            y0: h - y1,
            x1,
            y1: h - y0,
        },
        Orientation::Rotate180 => Span {
            x0: w - x1,
            y0: h - y1,
            x1: w - x0,
            y1: h - y0,
        },
        // Stored column = upright row; stored row counts upright columns from the right.
        Orientation::Rotate90 => Span {
            x0: y0,
            y0: w - x1,
            x1: y1,
            y1: w - x0,
        },
        Orientation::Rotate270 => Span {
            x0: h - y1,
            y0: x0,
            x1: h - y0,
            y1: x1,
        },
        Orientation::Rotate90FlipH => Span {
            x0: y0,
            y0: x0,
            x1: y1,
            y1: x1,
        },
        Orientation::Rotate270FlipH => Span {
            x0: h - y1,
            y0: w - x1,
            x1: h - y0,
            y1: w - x0,
        },
    }
}

/// The inverse of `to_stored`: `span` of the stored picture (`w`×`h` stored) upright. A
/// quarter turn undoes the opposite one; every other orientation undoes itself.
pub fn to_upright(span: Span, w: u32, h: u32, o: Orientation) -> Span {
    let inverse = match o {
        Orientation::Rotate90 => Orientation::Rotate270,
        Orientation::Rotate270 => Orientation::Rotate90,
        other => other,
    };
    to_stored(span, w, h, inverse)
}

/// A region decoded: upright pixels, and where they sit in the whole picture decoded upright
/// at the same scale.
pub struct Region {
    pub rgb: RgbImage,
    pub at: Span,
    /// Upright size of the whole picture at this scale.
    pub scaled_width: u32,
    pub scaled_height: u32,
}

/// Decodes `upright` (full-resolution upright pixels) of a YCbCr or grayscale JPEG stored
/// `w`×`h` with orientation `o`, at 1/`denom` scale. The region grows to the left to the
/// scaled block boundary libjpeg-turbo needs, and is clipped to the picture.
pub fn decode_region(
    bytes: &[u8],
    (w, h): (u32, u32),
    o: Orientation,
    upright: Span,
    denom: u32,
) -> Result<Region, PhotoError> {
    let (fw, fh) = oriented(w, h, o);
    let clipped = Span {
        x0: upright.x0.min(fw),
        y0: upright.y0.min(fh),
        x1: upright.x1.min(fw),
        y1: upright.y1.min(fh),
    };
    if clipped.x1 <= clipped.x0 || clipped.y1 <= clipped.y0 {
        return Err(PhotoError::Internal("empty JPEG region".into()));
    }
    let stored = to_stored(clipped, fw, fh, o);
    let (sw, sh) = (w.div_ceil(denom), h.div_ceil(denom));
    let decoder = Turbo::new()?;
    let mcu = decoder.header(bytes)?;
    // The left edge on a scaled iMCU boundary (TurboJPEG refuses any other).
    let align = mcu.div_ceil(denom).max(1);
    let x0 = (stored.x0 / denom) / align * align;
    let span = Span {
        x0,
        y0: stored.y0 / denom,
        x1: stored.x1.div_ceil(denom).min(sw).max(x0 + 1),
        y1: stored.y1.div_ceil(denom).min(sh).max(stored.y0 / denom + 1),
    };
    let pixels = decoder.decompress(bytes, denom, span)?;
    let rgb = RgbImage::from_raw(span.width(), span.height(), pixels)
        .ok_or_else(|| PhotoError::Internal("pixel buffer size".into()))?;
    let (scaled_width, scaled_height) = oriented(sw, sh, o);
    Ok(Region {
        rgb: crate::orient::upright(rgb, o),
        at: to_upright(span, sw, sh, o),
        scaled_width,
        scaled_height,
    })
}

/// One TurboJPEG decompressor, destroyed on drop.
struct Turbo(raw::tjhandle);

impl Turbo {
    fn new() -> Result<Turbo, PhotoError> {
        // SAFETY: tj3Init has no preconditions; a null handle is checked.
        let handle = unsafe { raw::tj3Init(raw::TJINIT_TJINIT_DECOMPRESS as libc::c_int) };
        if handle.is_null() {
            return Err(PhotoError::Internal("TurboJPEG could not start".into()));
        }
        Ok(Turbo(handle))
    }

    fn check(&self, status: libc::c_int) -> Result<(), PhotoError> {
        if status == 0 {
            return Ok(());
        }
        // SAFETY: the handle is live; TurboJPEG returns a NUL-terminated message it owns.
        let text = unsafe { CStr::from_ptr(raw::tj3GetErrorStr(self.0)) };
        Err(PhotoError::Unreadable(text.to_string_lossy().into_owned()))
    }

    /// Reads the header; returns the iMCU width in full-resolution pixels.
    fn header(&self, bytes: &[u8]) -> Result<u32, PhotoError> {
        let len = bytes
            .len()
            .try_into()
            .map_err(|_| PhotoError::TooLarge("JPEG".into()))?;
        // SAFETY: the pointer and length describe `bytes`, which outlives the call.
        self.check(unsafe { raw::tj3DecompressHeader(self.0, bytes.as_ptr(), len) })?;
        // SAFETY: the handle is live.
        let subsamp = unsafe { raw::tj3Get(self.0, raw::TJPARAM_TJPARAM_SUBSAMP as libc::c_int) };
        // TurboJPEG's tjMCUWidth (a header table, not an exported symbol): 4:4:4, 4:2:2,
        // 4:2:0, gray, 4:4:0, 4:1:1, 4:4:1. Unusual factors have no name: at most 32 wide.
        const MCU_WIDTH: [u32; 7] = [8, 16, 16, 8, 8, 32, 8];
        Ok(usize::try_from(subsamp)
            .ok()
            .and_then(|i| MCU_WIDTH.get(i).copied())
            .unwrap_or(32))
    }

    fn decompress(&self, bytes: &[u8], denom: u32, span: Span) -> Result<Vec<u8>, PhotoError> {
        let internal = |e: std::num::TryFromIntError| PhotoError::Internal(e.to_string());
        let factor = raw::tjscalingfactor {
            num: 1,
            denom: libc::c_int::try_from(denom).map_err(internal)?,
        };
        let region = raw::tjregion {
            x: libc::c_int::try_from(span.x0).map_err(internal)?,
            y: libc::c_int::try_from(span.y0).map_err(internal)?,
            w: libc::c_int::try_from(span.width()).map_err(internal)?,
            h: libc::c_int::try_from(span.height()).map_err(internal)?,
        };
        let len = bytes.len().try_into().map_err(internal)?;
        let pitch = span.width() as usize * 3;
        let mut pixels = vec![0u8; pitch * span.height() as usize];
        // SAFETY: the handle is live; the scan limit bounds a crafted progressive file.
        self.check(unsafe {
            raw::tj3Set(
                self.0,
                raw::TJPARAM_TJPARAM_SCANLIMIT as libc::c_int,
                MAX_SCANS as libc::c_int,
            )
        })?;
        // SAFETY: plain values passed to a live handle.
        self.check(unsafe { raw::tj3SetScalingFactor(self.0, factor) })?;
        // SAFETY: as above; TurboJPEG validates the region against the scaled size.
        self.check(unsafe { raw::tj3SetCroppingRegion(self.0, region) })?;
        // SAFETY: `pixels` holds exactly `pitch` × region height bytes, the size TurboJPEG
        // writes for an RGB region of that size; `bytes` outlives the call.
        self.check(unsafe {
            raw::tj3Decompress8(
                self.0,
                bytes.as_ptr(),
                len,
                pixels.as_mut_ptr(),
                libc::c_int::try_from(pitch).map_err(internal)?,
                raw::TJPF_TJPF_RGB,
            )
        })?;
        Ok(pixels)
    }
}

impl Drop for Turbo {
    fn drop(&mut self) {
        // SAFETY: created by tj3Init and destroyed once.
        unsafe { raw::tj3Destroy(self.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::DynamicImage;

    fn numbered(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 7]))
    }

    #[test]
    fn a_region_maps_to_the_stored_pixels_that_show_there_upright() {
        let (w, h) = (9, 6);
        let stored = numbered(w, h);
        for o in crate::orient::ALL {
            let mut upright = DynamicImage::ImageRgb8(stored.clone());
            upright.apply_orientation(o);
            let upright = upright.into_rgb8();
            let (fw, fh) = upright.dimensions();
            let want = Span {
                x0: 1,
                y0: 2,
                x1: fw - 1,
                y1: fh - 1,
            };
            let s = to_stored(want, fw, fh, o);
            let piece = image::imageops::crop_imm(&stored, s.x0, s.y0, s.width(), s.height());
            let mut turned = DynamicImage::ImageRgb8(piece.to_image());
            turned.apply_orientation(o);
            let expected =
                image::imageops::crop_imm(&upright, want.x0, want.y0, want.width(), want.height());
            assert_eq!(turned.into_rgb8(), expected.to_image(), "{o:?}");
            assert_eq!(to_upright(s, w, h, o), want, "{o:?} round trip");
        }
    }

    fn photo(w: u32, h: u32) -> Vec<u8> {
        let rgb = RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x / 4) as u8, (y / 4) as u8, ((x + y) / 8) as u8])
        });
        crate::encode::encode(&rgb, 95, crate::encode::Subsampling::S420)
    }

    #[test]
    fn a_region_decode_matches_the_same_pixels_of_a_whole_decode() {
        let jpeg = photo(640, 480);
        let whole = turbojpeg::decompress(&jpeg, turbojpeg::PixelFormat::RGB).unwrap();
        for denom in [1, 2] {
            let want = Span {
                x0: 101,
                y0: 50,
                x1: 333,
                y1: 301,
            };
            let r =
                decode_region(&jpeg, (640, 480), Orientation::NoTransforms, want, denom).unwrap();
            assert_eq!(
                (r.scaled_width, r.scaled_height),
                (640 / denom, 480 / denom)
            );
            // Grown left to a block boundary, never short of what was asked.
            assert!(
                r.at.x0 * denom <= 101 && r.at.x1 * denom >= 333,
                "{:?}",
                r.at
            );
            assert!(
                r.at.y0 * denom <= 50 && r.at.y1 * denom >= 301,
                "{:?}",
                r.at
            );
            assert_eq!(r.rgb.dimensions(), (r.at.width(), r.at.height()));
            if denom == 1 {
                // Same decoder, same blocks: the same pixels (fancy upsampling may differ by
                // one level at the region's edge rows).
                let mut worst = 0i32;
                for (x, y, p) in r.rgb.enumerate_pixels() {
                    let i = (((y + r.at.y0) * 640 + x + r.at.x0) * 3) as usize;
                    for c in 0..3 {
                        worst = worst.max((i32::from(p[c]) - i32::from(whole.pixels[i + c])).abs());
                    }
                }
                assert!(worst <= 2, "worst difference {worst}");
            }
        }
    }

    #[test]
    fn a_sideways_file_decodes_the_upright_region_asked_for() {
        // Stored 480×640; shown upright (orientation 6) as 640×480.
        let jpeg = photo(480, 640);
        let want = Span {
            x0: 300,
            y0: 100,
            x1: 500,
            y1: 400,
        };
        let r = decode_region(&jpeg, (480, 640), Orientation::Rotate90, want, 2).unwrap();
        assert_eq!((r.scaled_width, r.scaled_height), (320, 240));
        assert!(
            r.at.x0 * 2 <= 300 && r.at.x1 * 2 >= 500 && r.at.y0 * 2 <= 100 && r.at.y1 * 2 >= 400
        );
        assert_eq!(r.rgb.dimensions(), (r.at.width(), r.at.height()));
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_panic() {
        let mut jpeg = photo(64, 64);
        jpeg.truncate(200);
        let want = Span {
            x0: 0,
            y0: 0,
            x1: 32,
            y1: 32,
        };
        assert!(decode_region(&jpeg, (64, 64), Orientation::NoTransforms, want, 1).is_err());
    }
}
