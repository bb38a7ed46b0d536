//! Walking JPEG marker segments: enough to tell baseline from progressive, find the end of
//! the image (a truncated file has none), and insert a COM segment. Bounded by the input
//! length; never panics.

pub const SOI: u8 = 0xD8;
pub const EOI: u8 = 0xD9;
pub const SOS: u8 = 0xDA;
pub const COM: u8 = 0xFE;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JpegLayout {
    /// The frame type marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive …).
    pub sof: Option<u8>,
    pub components: Option<u8>,
    pub has_jfif: bool,
    pub has_exif: bool,
    /// Offset just past the EOI marker that ends the main image, if found.
    pub end: Option<usize>,
}

pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, SOI, 0xFF])
}

/// The big-endian 16-bit value at `at`, if the file has both bytes.
fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(*bytes.get(at)?) << 8 | usize::from(*bytes.get(at + 1)?))
}

/// Writes `dpi` as the JFIF header's pixel density (units = dots per inch), in place: the
/// APP0 segment our encoder writes right after SOI. False when the file has no such header.
pub fn set_density(bytes: &mut [u8], dpi: u16) -> bool {
    let header = bytes.get(2..11) == Some(&[0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0][..]);
    let [hi, lo] = dpi.to_be_bytes();
    match bytes.get_mut(13..18) {
        Some(density) if header => {
            density.copy_from_slice(&[1, hi, lo, hi, lo]);
            true
        }
        _ => false,
    }
}

/// The JFIF density (units, x, y) of a file with a JFIF header.
pub fn density(bytes: &[u8]) -> Option<(u8, usize, usize)> {
    if bytes.get(6..11) != Some(&b"JFIF\0"[..]) {
        return None;
    }
    Some((*bytes.get(13)?, be16(bytes, 14)?, be16(bytes, 16)?))
}

/// Reads the segment headers up to the first scan, then finds the EOI after the scans.
pub fn layout(bytes: &[u8]) -> JpegLayout {
    let mut out = JpegLayout::default();
    if !is_jpeg(bytes) {
        return out;
    }
    let mut i = 2;
    while let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) {
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let Some(len) = be16(bytes, i + 2) else {
            return out;
        };
        // A segment length counts its own two bytes: 0 or 1 is malformed (and would make the
        // body's range run backwards).
        if len < 2 {
            return out;
        }
        let body = bytes
            .get((i + 4).min(bytes.len())..(i + 2 + len).min(bytes.len()))
            .unwrap_or_default();
        match marker {
            0xE0 if body.starts_with(b"JFIF\0") => out.has_jfif = true,
            0xE1 if body.starts_with(b"Exif\0") => out.has_exif = true,
            0xC0..=0xCF if marker != 0xC4 && marker != 0xC8 && marker != 0xCC => {
                out.sof = Some(marker);
                out.components = body.get(5).copied();
            }
            SOS => {
                // Entropy-coded data cannot contain FF D9 (stuffing), so the next EOI ends the image.
                out.end = bytes
                    .get(i..)
                    .unwrap_or_default()
                    .windows(2)
                    .position(|w| w == [0xFF, EOI])
                    .map(|p| i + p + 2);
                return out;
            }
            _ => {}
        }
        i += 2 + len;
    }
    out
}

/// Inserts a comment segment right after SOI (and APP0 when present), so a file can reach a
/// byte floor without anything after EOI. Each COM segment holds at most 65 533 bytes.
pub fn pad_with_comment(jpeg: &[u8], extra: usize) -> Vec<u8> {
    let mut at = 2.min(jpeg.len());
    if jpeg.len() > 6 && jpeg.get(2..4) == Some(&[0xFF, 0xE0][..]) {
        // An APP0 claiming more bytes than the file has (found by fuzzing): pad after SOI.
        if let Some(end) = be16(jpeg, 4).map(|l| 4 + l).filter(|&e| e <= jpeg.len()) {
            at = end;
        }
    }
    let (head, tail) = jpeg.split_at(at);
    let mut out = Vec::with_capacity(jpeg.len() + extra + 8);
    out.extend_from_slice(head);
    let mut remaining = extra;
    while remaining > 0 {
        // A segment costs 4 bytes of header; round up so the total reaches the target.
        let payload = remaining.saturating_sub(4).clamp(1, 65_533);
        out.extend_from_slice(&[0xFF, COM]);
        out.extend_from_slice(&((payload + 2) as u16).to_be_bytes());
        out.extend(std::iter::repeat_n(b' ', payload));
        remaining = remaining.saturating_sub(payload + 4);
    }
    out.extend_from_slice(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app0_longer_than_the_file_is_padded_after_soi_without_panicking() {
        // The fuzzer's find: APP0 length 0x9111 in a 40-byte file.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x91, 0x11];
        jpeg.extend(std::iter::repeat_n(0x44u8, 34));
        let out = pad_with_comment(&jpeg, 100);
        assert_eq!(&out[..4], &[0xFF, 0xD8, 0xFF, COM]);
        assert_eq!(&out[out.len() - jpeg.len() + 2..], &jpeg[2..]);
        assert!(out.len() >= jpeg.len() + 100);
    }

    #[test]
    fn garbage_and_truncation_never_panic() {
        for bytes in [
            &b""[..],
            b"\xFF\xD8",
            b"\xFF\xD8\xFF",
            b"\xFF\xD8\xFF\xDA\x00",
            b"\xFF\xD8\xFF\xE0\xFF\xFF",
            // Segment lengths 0 and 1 (they panicked before).
            b"\xFF\xD8\xFF\xE0\x00\x00JFIF",
            b"\xFF\xD8\xFF\xE1\x00\x01Exif",
        ] {
            let l = layout(bytes);
            assert!(l.end.is_none());
        }
    }

    #[test]
    fn padding_goes_after_app0_and_can_span_segments() {
        let jpeg = b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xDA\x00\x02\x01\xFF\xD9".to_vec();
        let out = pad_with_comment(&jpeg, 70_000);
        assert!(out.len() >= jpeg.len() + 70_000);
        assert_eq!(&out[..8], &jpeg[..8], "SOI and APP0 first");
        assert_eq!(&out[8..10], &[0xFF, COM]);
        assert!(out.ends_with(b"\xFF\xD9"));
    }
}
