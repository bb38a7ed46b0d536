//! The plain path for large JPEGs, at the decode floor: find the face on a 1/8-scale decode
//! (entropy decoding, the part no decoder can skip, and almost nothing else), frame there,
//! then decode only the framing's neighbourhood at the smallest DCT scale that still gives
//! the output its pixels. A 12 MP phone photo is never decoded whole at a working scale.
//!
//! Anything this path is not sure of goes back to the whole-picture path (`make.rs`): not a
//! YCbCr JPEG, no face or several at 1/8, a region TurboJPEG will not cut. Same checks, same
//! framing rules, the same `finish`.

use crate::crown::head_in;
use crate::decode::Decoded;
use crate::error::PhotoError;
use crate::face::{detect_faces, FaceBox};
use crate::frame::{auto_crop, CropRect};
use crate::jfif;
use crate::jpeg_decode::{decode_jpeg_header, read_header, reduction};
use crate::jpeg_region::{decode_region, Span};
use crate::make::{face_count_checks, finish, real_faces, MakeOutcome, Mattes};
use crate::matte::Matte;
use crate::report::PhotoReport;
use crate::spec::PhotoSpec;

/// Short side of the survey: 375 px for a 12 MP photo (1/8), more than the detector's 320.
const SURVEY_SHORT_SIDE: u32 = 360;
/// Decoded around the planned crop, in crop heights on every side: the region is framed
/// again at its finer scale, measured, maybe framed once more, maybe given headroom — each
/// moves the crop by a few percent.
const MARGIN: f64 = 0.25;

/// `None` when the whole-picture path should make this photo. `replace_background`: the
/// person is segmented in the decoded region (the network sees at most 480 rows of it
/// whatever the scale).
pub(crate) fn make_from_survey(
    input: &[u8],
    spec: &PhotoSpec,
    replace_background: bool,
) -> Result<Option<MakeOutcome>, PhotoError> {
    if !jfif::is_jpeg(input) {
        return Ok(None);
    }
    let header = read_header(input)?;
    let denom = reduction(header.width.min(header.height), SURVEY_SHORT_SIDE);
    if header.cmyk || denom == 1 {
        return Ok(None);
    }
    let survey = decode_jpeg_header(input, &header, denom)?;
    let [face] = real_faces(detect_faces(&survey.rgb))[..] else {
        return Ok(None);
    };
    let (w, h) = (
        f64::from(survey.rgb.width()),
        f64::from(survey.rgb.height()),
    );
    let head = head_in(&survey.rgb, &face, None);
    let crop = auto_crop(head, w, h, spec);
    // The crop where the head alone would put it (before the picture's edges move it).
    let ideal = CropRect {
        x: head.centre_x - crop.width / 2.0,
        y: head.crown - spec.crown_margin.target * crop.height,
        ..crop
    };
    let m = MARGIN * crop.height;
    let k = 1.0 / survey.scale;
    let (fw, fh) = header.upright();
    let full = |v: f64, limit: u32| (v.max(0.0) * k).min(f64::from(limit)) as u32;
    let around = Span {
        x0: full(crop.x.min(ideal.x) - m, fw),
        y0: full(crop.y.min(ideal.y) - m, fh),
        x1: full(crop.x.max(ideal.x) + crop.width + m, fw).max(1),
        y1: full(crop.y.max(ideal.y) + crop.height + m, fh).max(1),
    };
    // The largest reduction that keeps the crop at least as tall as the output.
    let crop_rows = crop.height * k;
    let scale = [8, 4, 2]
        .into_iter()
        .find(|d| crop_rows / f64::from(*d) >= f64::from(spec.height))
        .unwrap_or(1);
    let Ok(region) = decode_region(
        input,
        (header.width, header.height),
        header.orientation,
        around,
        scale,
    ) else {
        return Ok(None);
    };
    let decoded = Decoded {
        rgb: region.rgb,
        full_width: fw,
        full_height: fh,
        scale: f64::from(region.scaled_width) / f64::from(fw),
        format: "jpeg",
        icc: header.icc,
        transparent: false,
        origin: (f64::from(region.at.x0), f64::from(region.at.y0)),
    };
    // The face in the region's pixels; framed again there, where the crown is sharper.
    let s = decoded.scale / survey.scale;
    let face = face.scaled(s).shifted(-decoded.origin.0, -decoded.origin.1);
    let (rw, rh) = (
        f64::from(decoded.rgb.width()),
        f64::from(decoded.rgb.height()),
    );
    let matte = match replace_background {
        true => Some(Matte::around(&decoded.rgb, &face)?),
        false => None,
    };
    let crop = auto_crop(head_in(&decoded.rgb, &face, matte.as_ref()), rw, rh, spec);
    let mut report = PhotoReport::new(&spec.id);
    face_count_checks(&mut report, 1);
    let mattes = Mattes {
        replace: matte.as_ref(),
        measure: None,
    };
    finish(report, spec, &decoded, face, crop, true, mattes).map(Some)
}

/// One photo on a machine with a spare core: this thread decodes the working picture (as
/// `prepare` always did) while a helper decodes the survey and finds the faces on it. The
/// wall time is the longer of the two instead of their sum. `None` when the file is not a
/// YCbCr JPEG large enough for a survey to be cheaper than the working decode.
pub(crate) fn prepare_beside(
    input: &[u8],
    working_short_side: u32,
) -> Result<Option<(Decoded, Vec<FaceBox>)>, PhotoError> {
    if !jfif::is_jpeg(input) {
        return Ok(None);
    }
    let header = read_header(input)?;
    let short = header.width.min(header.height);
    let (survey_denom, working_denom) = (
        reduction(short, SURVEY_SHORT_SIDE),
        reduction(short, working_short_side),
    );
    let spare = std::thread::available_parallelism().map_or(1, |n| n.get());
    if header.cmyk || survey_denom <= working_denom || spare < 2 {
        return Ok(None);
    }
    std::thread::scope(|scope| {
        let helper = scope.spawn(|| {
            decode_jpeg_header(input, &header, survey_denom)
                .map(|s| (real_faces(detect_faces(&s.rgb)), s.scale))
        });
        let decoded = decode_jpeg_header(input, &header, working_denom)?;
        let (faces, survey_scale) = helper
            .join()
            .map_err(|_| PhotoError::Internal("face search stopped".into()))??;
        let k = decoded.scale / survey_scale;
        let faces = faces.into_iter().map(|f| f.scaled(k)).collect();
        Ok(Some((decoded, faces)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make::{make_photo, make_prepared, MakeOptions};
    use crate::prepared::{prepare, prepare_with};
    use crate::spec::default_spec;
    use image::RgbImage;

    /// The fixture portrait enlarged to a phone-sized picture (2000×2375), optionally stored a
    /// quarter turn sideways with EXIF orientation 6 (how phones store portraits).
    fn large(sideways: bool) -> Vec<u8> {
        let path = format!(
            "{}/../../tests/fixtures/portrait_white.png",
            env!("CARGO_MANIFEST_DIR")
        );
        let small = image::open(path).unwrap().into_rgb8();
        let big = image::imageops::resize(&small, 2000, 2375, image::imageops::Triangle);
        let stored: RgbImage = match sideways {
            // Orientation 6 means "turn 90° clockwise to view": store it turned the other way.
            true => image::imageops::rotate270(&big),
            false => big,
        };
        let jpeg = crate::encode::encode(&stored, 90, crate::encode::Subsampling::S420);
        if !sideways {
            return jpeg;
        }
        // An APP1 Exif segment holding only Orientation = 6, right after SOI.
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01".to_vec();
        tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn whole_picture(bytes: &[u8]) -> MakeOutcome {
        whole_picture_with(bytes, &MakeOptions::default())
    }

    fn whole_picture_with(bytes: &[u8], options: &MakeOptions) -> MakeOutcome {
        let whole = prepare_with(bytes, false).unwrap();
        make_prepared(&whole, &default_spec(), options).unwrap()
    }

    fn close(a: CropRect, b: CropRect, within: f64) -> bool {
        [
            (a.x, b.x),
            (a.y, b.y),
            (a.width, b.width),
            (a.height, b.height),
        ]
        .iter()
        .all(|(p, q)| (p - q).abs() <= within * b.height)
    }

    #[test]
    fn a_batch_photo_is_framed_from_its_region_as_from_the_whole_picture() {
        let spec = default_spec();
        for sideways in [false, true] {
            let bytes = large(sideways);
            let batch = MakeOptions {
                batch: true,
                ..Default::default()
            };
            let made = make_photo(&bytes, &spec, &batch).unwrap();
            let whole = whole_picture(&bytes);
            let (a, b) = (made.report.crop.unwrap(), whole.report.crop.unwrap());
            // In the source's own pixels: the region's origin is added back.
            assert!(close(a, b, 0.03), "sideways {sideways}: {a:?} vs {b:?}");
            assert!(!made.report.has_errors(), "{:?}", made.report.checks);
            let jpeg = made.jpeg.unwrap();
            let seen = image::load_from_memory(&jpeg).unwrap();
            assert_eq!((seen.width(), seen.height()), (260, 360));
            let ratio = made.report.head_ratio.unwrap();
            assert!((spec.head_ratio.min..=spec.head_ratio.max).contains(&ratio));
        }
    }

    #[test]
    fn a_batch_photo_on_a_new_background_is_cut_from_its_region_as_from_the_whole_picture() {
        let spec = default_spec();
        let bytes = large(true);
        let white = MakeOptions {
            replace_background: true,
            ..Default::default()
        };
        let made = make_photo(
            &bytes,
            &spec,
            &MakeOptions {
                batch: true,
                ..white
            },
        )
        .unwrap();
        let whole = whole_picture_with(&bytes, &white);
        let (a, b) = (made.report.crop.unwrap(), whole.report.crop.unwrap());
        assert!(close(a, b, 0.03), "{a:?} vs {b:?}");
        assert!(made.report.background_replaced);
        assert!(!made.report.has_errors(), "{:?}", made.report.checks);
        // The two cuts agree: the same pixels are person in both outputs, give or take the
        // edge (the crops differ by a few pixels).
        let decode = |o: &MakeOutcome| {
            image::load_from_memory(o.jpeg.as_ref().unwrap())
                .unwrap()
                .into_rgb8()
        };
        let (ours, theirs) = (decode(&made), decode(&whole));
        assert_eq!(ours.dimensions(), (260, 360));
        let background = |img: &RgbImage| {
            img.pixels()
                .map(|p| p.0.iter().all(|&c| c >= 250))
                .collect::<Vec<_>>()
        };
        let (x, y) = (background(&ours), background(&theirs));
        let differ = x.iter().zip(&y).filter(|(p, q)| p != q).count();
        assert!(
            differ * 100 < x.len() * 4,
            "{differ} of {} pixels differ in being background",
            x.len()
        );
        // The top corners are the new background.
        for (cx, cy) in [(2, 2), (257, 2)] {
            assert!(ours.get_pixel(cx, cy).0.iter().all(|&c| c >= 250));
        }
    }

    #[test]
    fn a_sideways_photo_is_framed_like_the_same_photo_stored_upright() {
        let spec = default_spec();
        let batch = MakeOptions {
            batch: true,
            ..Default::default()
        };
        let upright = make_photo(&large(false), &spec, &batch).unwrap();
        let sideways = make_photo(&large(true), &spec, &batch).unwrap();
        let (a, b) = (sideways.report.crop.unwrap(), upright.report.crop.unwrap());
        assert!(close(a, b, 0.02), "{a:?} vs {b:?}");
    }

    #[test]
    fn faces_found_beside_the_working_decode_are_the_faces_found_in_it() {
        let bytes = large(true);
        let (decoded, beside) = prepare_beside(&bytes, 1200).unwrap().unwrap();
        let whole = prepare_with(&bytes[..], false).unwrap();
        assert_eq!(decoded.rgb.dimensions(), whole.decoded.rgb.dimensions());
        let ([a], [b]) = (&beside[..], &whole.faces[..]) else {
            panic!("one face each: {beside:?} / {:?}", whole.faces);
        };
        assert!(
            (a.centre_x() - b.centre_x()).abs() <= 0.05 * b.width,
            "{a:?} vs {b:?}"
        );
        assert!(
            (a.width - b.width).abs() <= 0.08 * b.width,
            "{a:?} vs {b:?}"
        );
        // And the photo made from it passes like the one made from the whole picture.
        let made = make_prepared(
            &prepare(&bytes[..]).unwrap(),
            &default_spec(),
            &Default::default(),
        );
        assert!(!made.unwrap().report.has_errors());
    }

    #[test]
    fn small_files_and_other_formats_keep_the_whole_picture_path() {
        let spec = default_spec();
        let small = std::fs::read(format!(
            "{}/../../tests/fixtures/sideways_exif6.jpg",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert!(make_from_survey(&small, &spec, false).unwrap().is_none());
        assert!(prepare_beside(&small, 1200).unwrap().is_none());
        assert!(make_from_survey(b"\x89PNG\r\n\x1a\n", &spec, false)
            .unwrap()
            .is_none());
    }
}
