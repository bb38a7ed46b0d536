//! The whole pipeline, in memory: bytes in, compliant JPEG bytes and a report out.
//! `make_photo` frames and encodes; `check_photo` only inspects an existing file.

use image::RgbImage;
use regdesk_core::{ReasonCode, Severity};

use crate::background::{replace_background as replace_background_of, CutQuality};
use crate::check::{check_file, check_picture};
use crate::colour::to_srgb;
use crate::crown::{crown_row, head_in};
use crate::decode::{decode, Decoded};
use crate::encode::{encode_to_window, Encoded, WindowMiss};
use crate::error::PhotoError;
use crate::face::{detect_faces, measure_faces, FaceBox};
use crate::frame::{auto_crop, CropRect};
use crate::headroom::{headroom, suggest_white_background};
use crate::matte::Matte;
use crate::prepared::{prepare_with, Prepared};
use crate::report::PhotoReport;
use crate::resize::crop_resize;
use crate::spec::PhotoSpec;

/// What the caller asks for beyond the default check-and-crop.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MakeOptions {
    /// The crop editor's rectangle (source pixels after orientation) instead of auto framing.
    pub crop: Option<CropRect>,
    /// Opt-in: segment the person and put them on pure white (recorded in the report).
    pub replace_background: bool,
    /// One of a folder batch, which keeps every core busy with a photo of its own: no helper
    /// thread, and the least decoding (`survey.rs`).
    pub batch: bool,
}

pub struct MakeOutcome {
    pub jpeg: Option<Vec<u8>>,
    pub report: PhotoReport,
}

/// Faces at least a third the size of the largest: a poster or a passer-by far behind is
/// not a second candidate.
pub(crate) fn real_faces(faces: Vec<FaceBox>) -> Vec<FaceBox> {
    let Some(largest) = faces.first().map(|f| f.width) else {
        return faces;
    };
    faces
        .into_iter()
        .filter(|f| f.width >= largest / 3.0)
        .collect()
}

pub(crate) fn face_count_checks(report: &mut PhotoReport, n: usize) {
    report.check(
        ReasonCode::PhotoNoFace,
        Severity::Error,
        n > 0,
        Some(n.to_string()),
        "≥ 1",
        ("没有找到正面人脸", "no frontal face found"),
        (
            "请使用正面、免冠、双眼可见的照片（侧脸、遮挡无法识别）",
            "use a frontal photo with the face fully visible (profiles cannot be used)",
        ),
    );
    report.check(
        ReasonCode::PhotoMultipleFaces,
        Severity::Error,
        n <= 1,
        Some(n.to_string()),
        "≤ 1",
        ("照片中有多张人脸", "more than one face in the photo"),
        ("请使用只有本人的照片", "use a photo of the candidate alone"),
    );
}

pub fn make_photo(
    input: &[u8],
    spec: &PhotoSpec,
    options: &MakeOptions,
) -> Result<MakeOutcome, PhotoError> {
    if options.batch && options.crop.is_none() {
        if let Some(made) =
            crate::survey::make_from_survey(input, spec, options.replace_background)?
        {
            return Ok(made);
        }
    }
    make_prepared(&prepare_with(input, !options.batch)?, spec, options)
}

pub fn make_prepared(
    prepared: &Prepared,
    spec: &PhotoSpec,
    options: &MakeOptions,
) -> Result<MakeOutcome, PhotoError> {
    let manual = options.crop;
    let mut report = PhotoReport::new(&spec.id);
    let working = &prepared.decoded;
    if let Some(c) = manual {
        if !c.fits_aspect(spec) {
            return Err(PhotoError::Usage(format!(
                "crop {}×{} is not {}:{} within a pixel",
                c.width, c.height, spec.width, spec.height
            )));
        }
        if !c.inside(
            f64::from(working.full_width),
            f64::from(working.full_height),
        ) {
            return Err(PhotoError::Usage(format!(
                "crop lies outside the {}×{} picture",
                working.full_width, working.full_height
            )));
        }
    }
    face_count_checks(&mut report, prepared.faces.len());
    let [mut face] = prepared.faces[..] else {
        return Ok(MakeOutcome { jpeg: None, report });
    };
    let (w, h) = (
        f64::from(working.rgb.width()),
        f64::from(working.rgb.height()),
    );
    let mut matte = if options.replace_background {
        Some(prepared.matte(&face)?.clone())
    } else {
        None
    };
    // A transparent source (a cut-out, a portrait in an ellipse) keeps its old background
    // inside the shape, which a scan from the corners takes for head: the person matte
    // measures the crown instead (the pixels are left as they are).
    let mut measure = if matte.is_none() && working.transparent && manual.is_none() {
        Some(prepared.matte(&face)?.clone())
    } else {
        None
    };
    let mut crop = match manual {
        Some(c) => c.scaled(working.scale),
        None => {
            let head = head_in(&working.rgb, &face, matte.as_ref().or(measure.as_ref()));
            auto_crop(head, w, h, spec)
        }
    };
    // A reduced-scale decode that left the crop short of output pixels: decode again at the
    // scale the crop needs (in full at most).
    let mut sharper = None;
    if crop.height < f64::from(spec.height) && working.scale < 1.0 {
        let to_full = 1.0 / working.scale;
        let need = f64::from(spec.height) / (crop.height * to_full);
        let short = working.full_width.min(working.full_height);
        let again = decode(&prepared.input, (f64::from(short) * need).ceil() as u32)?;
        let k = to_full * again.scale;
        face = face.scaled(k);
        crop = crop.scaled(k);
        matte = matte.map(|m| m.scaled(k));
        measure = measure.map(|m| m.scaled(k));
        sharper = Some(again);
    }
    finish(
        report,
        spec,
        sharper.as_ref().unwrap_or(working),
        face,
        crop,
        manual.is_none(),
        Mattes {
            replace: matte.as_ref(),
            measure: measure.as_ref(),
        },
    )
}

/// The person matte of a framing: to replace the background with (and measure the head by),
/// or only to measure the head by (a transparent source).
#[derive(Clone, Copy)]
pub(crate) struct Mattes<'a> {
    pub replace: Option<&'a Matte>,
    pub measure: Option<&'a Matte>,
}

impl<'a> Mattes<'a> {
    fn head(&self) -> Option<&'a Matte> {
        self.replace.or(self.measure)
    }
}

/// One framing carried all the way: cropped, resized, converted to sRGB, optionally on white,
/// encoded into the window, decoded again and measured there — the face `photo check` will
/// find in the written file, with the same decoder and the same detector scale.
struct Attempt {
    crop: CropRect,
    /// The face in `decoded` pixels: measured in the result, or planned when not found there.
    face: FaceBox,
    /// The face in `pixels`.
    face_out: FaceBox,
    measured: bool,
    /// The written file's pixels (the rendered ones when nothing could be written).
    pixels: RgbImage,
    encoded: Result<Encoded, WindowMiss>,
    cut: Option<CutQuality>,
    icc_converted: bool,
}

fn attempt(
    spec: &PhotoSpec,
    decoded: &Decoded,
    planned: FaceBox,
    crop: CropRect,
    matte: Option<&Matte>,
) -> Result<Attempt, PhotoError> {
    let mut out = crop_resize(&decoded.rgb, crop, spec.width, spec.height);
    let s = f64::from(spec.height) / crop.height;
    let icc_converted = decoded
        .icc
        .as_deref()
        .is_some_and(|icc| to_srgb(&mut out, icc));
    let cut = match matte {
        Some(m) => Some(replace_background_of(
            &mut out,
            &m.levels_for(crop, spec.width, spec.height),
            &planned.through_crop(crop, s),
            spec.background_colour(),
        )?),
        None => None,
    };
    let encoded = encode_to_window(&out, spec.min_bytes as usize, spec.max_bytes as usize);
    let pixels = match &encoded {
        Ok(e) => decode(&e.bytes, u32::MAX)?.rgb,
        Err(_) => out,
    };
    let seen = match real_faces(measure_faces(&pixels))[..] {
        [seen] => Some(seen),
        _ => None,
    };
    Ok(Attempt {
        crop,
        face: seen.map_or(planned, |f| f.back_through_crop(crop, s)),
        face_out: seen.unwrap_or_else(|| planned.through_crop(crop, s)),
        measured: seen.is_some(),
        pixels,
        encoded,
        cut,
        icc_converted,
    })
}

/// Frames, and for auto framing frames once more when the measured head misses the aim: the
/// detector's box depends on the scale it sees the face at (±3 % sd), so the second plan
/// starts from the mean of the face found in the source and the one measured in the result.
/// A manual crop is kept and only measured. The report describes the written file.
pub(crate) fn finish(
    mut report: PhotoReport,
    spec: &PhotoSpec,
    decoded: &Decoded,
    face: FaceBox,
    crop: CropRect,
    auto: bool,
    mattes: Mattes,
) -> Result<MakeOutcome, PhotoError> {
    let replace_background = mattes.replace.is_some();
    // Headroom: a head near the top of the source leaves no room for the crown margin; on a
    // white background (replaced, or already plain and light) the canvas is extended instead.
    let padded = if auto {
        let head = head_in(&decoded.rgb, &face, mattes.head());
        headroom(decoded, &face, head, crop, spec, replace_background)
    } else {
        None
    };
    let (decoded, face, crop, pad) = match &padded {
        Some(p) => (&p.decoded, p.face, p.crop, (p.left, p.top)),
        None => (decoded, face, crop, (0.0, 0.0)),
    };
    let shifted = mattes.replace.map(|m| m.shifted(pad.0, pad.1));
    let matte = shifted.as_ref();
    let measured_by = mattes.measure.map(|m| m.shifted(pad.0, pad.1));
    let head_matte = matte.or(measured_by.as_ref());
    let mut done = attempt(spec, decoded, face, crop, matte)?;
    if auto && done.measured && !on_target(&done.pixels, &done.face_out, spec) {
        let m = done.face;
        let mean = FaceBox {
            x: (m.x + face.x) / 2.0,
            y: (m.y + face.y) / 2.0,
            width: (m.width + face.width) / 2.0,
            height: (m.height + face.height) / 2.0,
            score: m.score,
        };
        let (w, h) = (
            f64::from(decoded.rgb.width()),
            f64::from(decoded.rgb.height()),
        );
        // The crown from the matte, or as scanned in the result, back in source pixels.
        let s_out = f64::from(spec.height) / done.crop.height;
        let mut head = head_in(&decoded.rgb, &mean, head_matte);
        if head_matte.is_none() {
            if let Some(top) = crate::crown::scan(&done.pixels, &done.face_out) {
                head.crown = top / s_out + done.crop.y;
            }
        }
        let again = auto_crop(head, w, h, spec);
        done = attempt(spec, decoded, mean, again, matte)?;
    }
    report.icc_converted = done.icc_converted;
    let k = 1.0 / decoded.scale;
    // In the source's own pixels: a padded canvas puts the crop partly above the picture; a
    // region decode starts at its origin.
    let (dx, dy) = (decoded.origin.0 - pad.0, decoded.origin.1 - pad.1);
    report.face_box = Some(done.face.shifted(dx, dy).scaled(k));
    report.crop = Some(done.crop.shifted(dx, dy).scaled(k));
    if let Some(p) = &padded {
        let s_out = f64::from(spec.height) / done.crop.height;
        let rows = ((p.top - done.crop.y).max(0.0) * s_out).round();
        let cols = ((p.left - done.crop.x).max(0.0) * s_out
            + (done.crop.x + done.crop.width - (p.decoded.rgb.width() as f64 - p.right)).max(0.0)
                * s_out)
            .round();
        if rows + cols > 0.0 {
            report.check(
                ReasonCode::PhotoPaddedCanvas,
                Severity::Warning,
                false,
                Some(format!("{rows:.0} px above, {cols:.0} px at the sides")),
                "0",
                (
                    "原图头顶上方空间不足，已用背景色向上（或两侧）补足画面",
                    "the source had too little room above the head; the canvas was extended with the background colour",
                ),
                (
                    "无需处理；如有头顶上方留白更多的原图，效果更自然",
                    "nothing to do; a source with more room above the head looks more natural",
                ),
            );
        }
    }
    let upscale = f64::from(spec.height) / (done.crop.height * k);
    report.upscale = Some((upscale * 100.0).round() / 100.0);
    report.check(
        ReasonCode::PhotoSourceTooSmall,
        Severity::Error,
        upscale <= 2.0,
        Some(format!("{upscale:.2}×")),
        "≤ 2×",
        (
            "原图分辨率太低，需要放大超过 2 倍",
            "the source is too small: it would need more than 2× upscaling",
        ),
        (
            "请使用更清晰（像素更高）的原图",
            "use a larger, sharper original",
        ),
    );
    if upscale > 1.0 {
        report.check(
            ReasonCode::PhotoUpscaled,
            Severity::Warning,
            upscale <= 1.0,
            Some(format!("{upscale:.2}×")),
            "≤ 1×",
            ("原图偏小，已放大", "the source was upscaled"),
            (
                "如有更高像素的原图，效果会更清晰",
                "a larger original would give a sharper photo",
            ),
        );
    }
    if let Some(cut) = done.cut {
        cut.report(&mut report, spec.background_colour());
    }
    // The crown as the measuring matte sees it, in the result's rows (a transparent source).
    let crown_out = measured_by
        .as_ref()
        .and_then(|m| m.crown(&done.face))
        .map(|c| {
            let s_out = f64::from(spec.height) / done.crop.height;
            (c - done.crop.y) * s_out
        });
    check_picture(&mut report, spec, &done.pixels, &done.face_out, crown_out);
    if auto && !replace_background {
        suggest_white_background(&mut report, spec);
    }

    let mut encoded = match done.encoded {
        Ok(e) => e,
        Err(WindowMiss::OverCeiling { smallest }) => {
            report.check(
                ReasonCode::PhotoOverCeiling,
                Severity::Error,
                false,
                Some(smallest.to_string()),
                format!("≤ {}", spec.max_bytes),
                (
                    "即使最低质量也超过文件大小上限",
                    "even the lowest quality exceeds the size ceiling",
                ),
                (
                    "请换一张背景更简洁、噪点更少的照片",
                    "use a photo with a plainer background and less noise",
                ),
            );
            return Ok(MakeOutcome { jpeg: None, report });
        }
    };
    if encoded.padded > 0 {
        report.check(
            ReasonCode::PhotoPaddedToFloor, Severity::Warning, false, Some(format!("+{} bytes", encoded.padded)), "none",
            ("画面过于简单，最高质量仍低于下限，已在文件内加入注释段补足", "the picture is so flat that even top quality is under the floor; a comment segment inside the file makes up the bytes"),
            ("无需处理；若门户仍拒绝，请换一张细节更丰富的照片", "nothing to do; if the portal still refuses, use a more detailed photo"),
        );
    }
    if let Some(dpi) = spec.dpi {
        // Header bytes only: the size and the pixels stay as searched.
        crate::jfif::set_density(&mut encoded.bytes, dpi);
    }
    check_file(&mut report, spec, spec.width, spec.height, &encoded.bytes);
    report.width = Some(done.pixels.width());
    report.height = Some(done.pixels.height());
    report.bytes = Some(encoded.bytes.len() as u64);
    report.quality = Some(encoded.quality);
    report.subsampling = Some(encoded.subsampling);
    report.written = true;
    Ok(MakeOutcome {
        jpeg: Some(encoded.bytes),
        report,
    })
}

/// A measured face close enough to the spec's aim that framing again would only chase the
/// detector's jitter (±5 % in box size between nearby scales).
fn on_target(pixels: &RgbImage, face: &FaceBox, spec: &PhotoSpec) -> bool {
    let (w, h) = (f64::from(spec.width), f64::from(spec.height));
    let top = crown_row(pixels, face);
    let head = (crate::chin::chin_row(pixels, face) - top) / h;
    let crown = top / h;
    let off = (face.centre_x() - w / 2.0).abs() / w;
    (head - spec.head_ratio.target).abs() <= 0.02
        && (crown - spec.crown_margin.target).abs() <= 0.02
        && off <= spec.centre_tolerance / 2.0
}

/// Checks an existing photo file against the spec without changing it.
pub fn check_photo(input: &[u8], spec: &PhotoSpec) -> Result<PhotoReport, PhotoError> {
    let mut report = PhotoReport::new(&spec.id);
    let decoded = decode(input, u32::MAX)?;
    let (w, h) = (decoded.rgb.width(), decoded.rgb.height());
    report.width = Some(w);
    report.height = Some(h);
    report.bytes = Some(input.len() as u64);
    let format_ok = decoded.format == "jpeg";
    report.check(
        ReasonCode::PhotoUnsupportedFormat,
        Severity::Error,
        format_ok,
        Some(decoded.format.into()),
        "jpeg",
        ("照片必须是 JPG 格式", "the photo must be a JPEG"),
        ("请用本工具生成 JPG 照片", "make a JPEG with this tool"),
    );
    check_file(&mut report, spec, w, h, input);
    let faces = real_faces(detect_faces(&decoded.rgb));
    face_count_checks(&mut report, faces.len());
    if let [found] = faces[..] {
        // Counted over all face sizes, measured as `make` measures its own result.
        let face = match real_faces(measure_faces(&decoded.rgb))[..] {
            [measured] => measured,
            _ => found,
        };
        report.face_box = Some(face);
        check_picture(&mut report, spec, &decoded.rgb, &face, None);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepared::prepare;
    use crate::spec::default_spec;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// The crop editor's cached picture gives byte for byte what a fresh run gives, for auto
    /// framing and for each of several crops made from the same preparation, with and without
    /// the white background (whose matte the preparation keeps after the first use).
    #[test]
    fn a_prepared_picture_frames_exactly_like_a_fresh_run() {
        let spec = default_spec();
        let bytes = fixture("sideways_exif6.jpg");
        let prepared = prepare(bytes.clone()).unwrap();
        assert_eq!(prepared.size(), (640, 760), "upright size");
        let auto = make_prepared(&prepared, &spec, &MakeOptions::default()).unwrap();
        let crop = auto.report.crop.unwrap();
        let zoomed = CropRect {
            x: crop.x + crop.width * 0.05,
            y: crop.y + crop.height * 0.05,
            width: crop.width * 0.9,
            height: crop.height * 0.9,
        };
        for options in [
            MakeOptions::default(),
            MakeOptions {
                crop: Some(zoomed),
                ..Default::default()
            },
            MakeOptions {
                crop: Some(crop),
                ..Default::default()
            },
            // With the white background the matte is made by the first of these and kept.
            MakeOptions {
                replace_background: true,
                ..Default::default()
            },
            MakeOptions {
                crop: Some(zoomed),
                replace_background: true,
                batch: false,
            },
        ] {
            let cached = make_prepared(&prepared, &spec, &options).unwrap();
            let fresh = make_photo(&bytes, &spec, &options).unwrap();
            assert!(cached.jpeg.is_some());
            assert_eq!(cached.jpeg, fresh.jpeg, "{options:?}");
            assert_eq!(cached.report.head_ratio, fresh.report.head_ratio);
        }
        assert!(
            prepared.matte.get().is_some_and(|m| m.is_ok()),
            "matte kept"
        );
    }

    #[test]
    fn the_prepared_preview_is_the_preview_of_the_file() {
        for name in ["sideways_exif6.jpg", "portrait_p3.jpg"] {
            let bytes = fixture(name);
            let from_file = crate::preview::source_preview(&bytes).unwrap();
            let prepared = prepare(&bytes[..]).unwrap().preview();
            assert_eq!(
                (prepared.width, prepared.height),
                (from_file.width, from_file.height)
            );
            assert_eq!(prepared.jpeg, from_file.jpeg, "{name}");
        }
    }

    #[test]
    fn a_crop_outside_the_prepared_picture_is_a_usage_error() {
        let prepared = prepare(fixture("portrait_white.png")).unwrap();
        let outside = MakeOptions {
            crop: Some(CropRect {
                x: 600.0,
                y: 0.0,
                width: 260.0,
                height: 360.0,
            }),
            ..Default::default()
        };
        assert!(matches!(
            make_prepared(&prepared, &default_spec(), &outside),
            Err(PhotoError::Usage(_))
        ));
    }
}
