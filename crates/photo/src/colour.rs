//! Colour management: pixels tagged with an ICC profile (an iPhone's Display P3, Adobe RGB
//! from a camera) are converted to sRGB, which exam portals and browsers assume for the
//! untagged JPEG we write. Done with qcms (Firefox's colour management, hardened against
//! hostile profiles from the web) on the 260×360 result, so the cost does not grow with the
//! source's size.

use std::sync::OnceLock;

use image::RgbImage;

/// ICC profiles larger than this are ignored (real ones are 0.5–60 KB; JPEG can carry MBs).
const MAX_ICC_BYTES: usize = 1 << 20;

fn srgb() -> &'static qcms::Profile {
    static SRGB: OnceLock<Box<qcms::Profile>> = OnceLock::new();
    SRGB.get_or_init(|| {
        let mut p = qcms::Profile::new_sRGB();
        p.precache_output_transform();
        p
    })
}

/// Converts `img` from the colour space of `icc` to sRGB in place. Returns false (pixels left
/// as they are, i.e. taken as sRGB) when the profile is unusable: too large, unparsable, or not
/// an RGB profile.
pub fn to_srgb(img: &mut RgbImage, icc: &[u8]) -> bool {
    if icc.len() > MAX_ICC_BYTES {
        return false;
    }
    let Some(profile) = qcms::Profile::new_from_slice(icc, false) else {
        return false;
    };
    let Some(transform) = qcms::Transform::new(
        &profile,
        srgb(),
        qcms::DataType::RGB8,
        qcms::Intent::Perceptual,
    ) else {
        return false;
    };
    transform.apply(img);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_oversized_profiles_leave_the_pixels_alone() {
        let mut img = RgbImage::from_pixel(4, 4, image::Rgb([10, 20, 30]));
        assert!(!to_srgb(&mut img, b"not an icc profile at all"));
        assert!(!to_srgb(&mut img, &vec![0u8; MAX_ICC_BYTES + 1]));
        assert_eq!(img.get_pixel(0, 0).0, [10, 20, 30]);
    }
}
