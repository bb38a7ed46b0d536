//! The checks of SPEC §4 on a finished photo. Thresholds (documented here, calibrated on the
//! public-domain portrait fixture and synthetic variants of it):
//! - background: the two top corners (2–15 % of width and height), outside head and shoulders,
//!   must average luminance ≥ 225 with channel spread ≤ 18 (white) and luminance σ ≤ 14 (uniform);
//! - exposure: mean luminance of the face box between 60 and 225;
//! - blur: variance of the Laplacian over the face box ≥ 12 (a σ=3 Gaussian blur of the
//!   fixture gives ~3, the sharp output ~60);
//! - grayscale: mean channel spread over the photo < 4.

use image::RgbImage;
use regdesk_core::{ReasonCode, Severity};

use crate::face::FaceBox;
use crate::jfif;
use crate::report::PhotoReport;
use crate::spec::PhotoSpec;

fn luma(p: &image::Rgb<u8>) -> f64 {
    0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
}

fn spread(p: &image::Rgb<u8>) -> f64 {
    f64::from(p.0.iter().max().unwrap_or(&0) - p.0.iter().min().unwrap_or(&0))
}

struct Stats {
    mean: f64,
    sd: f64,
    spread: f64,
    rgb: [f64; 3],
}

fn region_stats(img: &RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) -> Option<Stats> {
    let (x1, y1) = (x1.min(img.width()), y1.min(img.height()));
    if x0 >= x1 || y0 >= y1 {
        return None;
    }
    let (mut n, mut sum, mut sq, mut spr) = (0.0, 0.0, 0.0, 0.0);
    let mut rgb = [0.0; 3];
    for y in y0..y1 {
        for x in x0..x1 {
            let p = img.get_pixel(x, y);
            for (acc, c) in rgb.iter_mut().zip(p.0) {
                *acc += f64::from(c);
            }
            let l = luma(p);
            n += 1.0;
            sum += l;
            sq += l * l;
            spr += spread(p);
        }
    }
    let mean = sum / n;
    Some(Stats {
        mean,
        sd: (sq / n - mean * mean).max(0.0).sqrt(),
        spread: spr / n,
        rgb: rgb.map(|c| c / n),
    })
}

fn laplacian_variance(img: &RgbImage, b: &FaceBox) -> f64 {
    let (w, h) = img.dimensions();
    let x0 = (b.x.max(1.0)) as u32;
    let y0 = (b.y.max(1.0)) as u32;
    let x1 = ((b.x + b.width) as u32).min(w.saturating_sub(1));
    let y1 = ((b.y + b.height) as u32).min(h.saturating_sub(1));
    let (mut n, mut sum, mut sq) = (0.0, 0.0, 0.0);
    for y in y0..y1 {
        for x in x0..x1 {
            let l = 4.0 * luma(img.get_pixel(x, y))
                - luma(img.get_pixel(x - 1, y))
                - luma(img.get_pixel(x + 1, y))
                - luma(img.get_pixel(x, y - 1))
                - luma(img.get_pixel(x, y + 1));
            n += 1.0;
            sum += l;
            sq += l * l;
        }
    }
    if n == 0.0 {
        return 0.0;
    }
    sq / n - (sum / n).powi(2)
}

/// File-level checks: dimensions, byte window, baseline JFIF with 3 components, nothing after EOI.
pub fn check_file(
    report: &mut PhotoReport,
    spec: &PhotoSpec,
    width: u32,
    height: u32,
    bytes: &[u8],
) {
    let dims_ok = width == spec.width && height == spec.height;
    report.check(
        ReasonCode::PhotoWrongDimensions,
        Severity::Error,
        dims_ok,
        Some(format!("{width}×{height}")),
        format!("{}×{}", spec.width, spec.height),
        ("照片尺寸不符合要求", "wrong pixel size"),
        (
            "请用本工具重新生成照片",
            "make the photo again with this tool",
        ),
    );
    let n = bytes.len() as u64;
    report.check(
        ReasonCode::PhotoOverCeiling,
        Severity::Error,
        n <= spec.max_bytes,
        Some(n.to_string()),
        format!("≤ {}", spec.max_bytes),
        ("文件太大", "the file is larger than allowed"),
        (
            "请用本工具重新生成（会自动压缩到范围内）",
            "make it again with this tool, which compresses into the window",
        ),
    );
    report.check(
        ReasonCode::PhotoUnderFloor,
        Severity::Error,
        n >= spec.min_bytes,
        Some(n.to_string()),
        format!("≥ {}", spec.min_bytes),
        ("文件太小（低于下限）", "the file is smaller than the floor"),
        (
            "请用本工具重新生成（会提高质量达到下限）",
            "make it again with this tool, which raises quality to the floor",
        ),
    );
    let layout = jfif::layout(bytes);
    let baseline = layout.sof == Some(0xC0)
        && layout.components == Some(3)
        && layout.has_jfif
        && layout.end == Some(bytes.len());
    report.check(
        ReasonCode::PhotoNotBaseline,
        Severity::Error,
        baseline,
        Some(format!(
            "{}, {} components, {}, {} bytes after the end",
            if layout.sof == Some(0xC0) {
                "baseline"
            } else {
                "progressive or other"
            },
            layout.components.unwrap_or(0),
            if layout.has_jfif { "JFIF" } else { "no JFIF" },
            layout.end.map_or(0, |e| bytes.len() - e)
        )),
        "baseline JFIF, 3 components, nothing after EOI",
        ("不是标准（基线）JPEG", "not a baseline JFIF JPEG"),
        ("请用本工具重新生成", "make it again with this tool"),
    );
}

/// The top corners have the spec's colour: white by its calibrated rule (the darker corner's
/// luminance ≥ 225, colour spread ≤ 18), another colour within the spec's RGB distance (each
/// corner), so one coloured corner is not averaged away.
fn background_colour_check(report: &mut PhotoReport, spec: &PhotoSpec, l: &Stats, r: &Stats) {
    let colour = spec.background_colour();
    let (zh, en) = colour.name();
    let both = l.spread.max(r.spread);
    let passed = spec.background_matches(l.rgb, both) && spec.background_matches(r.rgb, both);
    let plain_white = colour.is_white() && spec.background_tolerance.is_none();
    let (code, value, expected) = if plain_white {
        let mean = l.mean.min(r.mean);
        (
            ReasonCode::PhotoBackgroundNotWhite,
            format!("luminance {mean:.0}, colour spread {both:.0}"),
            "luminance ≥ 225, spread ≤ 18".to_owned(),
        )
    } else {
        let far = if colour.distance(l.rgb) >= colour.distance(r.rgb) {
            l
        } else {
            r
        };
        let tolerance = spec
            .background_tolerance
            .unwrap_or(crate::spec_colour::DEFAULT_TOLERANCE);
        let hex = |c: [f64; 3]| {
            let [r, g, b] = c.map(|v| v.round().clamp(0.0, 255.0) as u8);
            format!("#{r:02X}{g:02X}{b:02X}")
        };
        let code = if colour.is_white() {
            ReasonCode::PhotoBackgroundNotWhite
        } else {
            ReasonCode::PhotoBackgroundWrongColour
        };
        (
            code,
            format!(
                "{} (distance {:.0})",
                hex(far.rgb),
                colour.distance(far.rgb)
            ),
            format!("{} ± {tolerance:.0}", colour.hex()),
        )
    };
    let message = (
        format!("背景不是{zh}"),
        format!("the background is not {en}"),
    );
    let fix = (
        format!("请在{zh}背景前重新拍摄，光线均匀"),
        format!("retake the photo in front of a {en} background, evenly lit"),
    );
    report.check(
        code,
        Severity::Error,
        passed,
        Some(value),
        expected,
        (&message.0, &message.1),
        (&fix.0, &fix.1),
    );
}

/// Picture checks on the final pixels, with the head measured in the same pixels (the crown
/// given when a person matte measured it: a transparent source).
pub fn check_picture(
    report: &mut PhotoReport,
    spec: &PhotoSpec,
    img: &RgbImage,
    face: &FaceBox,
    crown: Option<f64>,
) {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    // The crown as scanned on a plain background (the box estimate otherwise).
    let crown = crown.unwrap_or_else(|| crate::crown::crown_row(img, face));
    let head = (crate::chin::chin_row(img, face) - crown) / h;
    report.head_ratio = Some((head * 1000.0).round() / 1000.0);
    let band = spec.head_ratio;
    let expected = format!("{:.2}–{:.2}", band.min, band.max);
    report.check(
        ReasonCode::PhotoHeadTooSmall,
        Severity::Error,
        head >= band.min,
        Some(format!("{head:.3}")),
        expected.clone(),
        ("头部太小", "the head is too small in the frame"),
        (
            "请裁得更紧，让头顶到下巴约占照片高度的 2/3",
            "crop tighter so crown to chin fills about 2/3 of the height",
        ),
    );
    report.check(
        ReasonCode::PhotoHeadTooLarge,
        Severity::Error,
        head <= band.max,
        Some(format!("{head:.3}")),
        expected,
        ("头部太大", "the head is too large in the frame"),
        (
            "请用离得更远的照片或把裁剪框放大",
            "use a photo taken from further away or widen the crop",
        ),
    );
    let margin = crown / h;
    report.check(
        ReasonCode::PhotoCrownCut,
        Severity::Error,
        margin >= spec.crown_margin.min,
        Some(format!("{margin:.3}")),
        format!("≥ {:.2}", spec.crown_margin.min),
        (
            "头顶被裁掉或离上边太近",
            "the crown is cut off or too close to the top",
        ),
        (
            "请把裁剪框上移，头顶上方留出空白",
            "move the crop up to leave space above the head",
        ),
    );
    let off = (face.centre_x() - w / 2.0).abs() / w;
    report.check(
        ReasonCode::PhotoOffCentre,
        Severity::Error,
        off <= spec.centre_tolerance && margin <= spec.crown_margin.max,
        Some(format!("horizontal {off:.3}, crown margin {margin:.3}")),
        format!(
            "horizontal ≤ {:.2}, crown margin ≤ {:.2}",
            spec.centre_tolerance, spec.crown_margin.max
        ),
        ("人像不居中", "the face is not centred"),
        (
            "请让脸部位于正中，头顶上方留白不要过多",
            "centre the face and do not leave too much space above the head",
        ),
    );

    // Background: the top corners, which a framed head and the shoulders do not reach.
    let (sx0, sx1) = ((w * 0.02) as u32, (w * 0.15) as u32);
    let (sy0, sy1) = ((h * 0.02) as u32, (h * 0.15) as u32);
    let left = region_stats(img, sx0, sy0, sx1, sy1);
    let right = region_stats(img, img.width() - sx1, sy0, img.width() - sx0, sy1);
    if let (Some(l), Some(r)) = (left, right) {
        background_colour_check(report, spec, &l, &r);
        // What a smooth gradient (a studio backdrop) does not explain: shadows, edges, objects.
        let (sd, rise) = crate::backdrop::unevenness(img, crown).unwrap_or((l.sd.max(r.sd), 0.0));
        report.check(
            ReasonCode::PhotoBackgroundNotUniform,
            Severity::Error,
            sd <= 14.0,
            Some(format!("σ {sd:.1} (gradient {rise:.0})")),
            "σ ≤ 14 beyond a smooth gradient",
            (
                "背景不均匀（有阴影或杂物）",
                "the background is not uniform (shadows or objects)",
            ),
            (
                "请让人离墙稍远、从正面补光，背景不要有杂物",
                "stand a little away from the wall, light from the front, clear the background",
            ),
        );
    }

    let face_stats = region_stats(
        img,
        face.x.max(0.0) as u32,
        face.y.max(0.0) as u32,
        (face.x + face.width) as u32,
        (face.y + face.height) as u32,
    );
    if let Some(f) = face_stats {
        report.check(
            ReasonCode::PhotoTooDark,
            Severity::Error,
            f.mean >= 60.0,
            Some(format!("{:.0}", f.mean)),
            "≥ 60",
            ("脸部太暗", "the face is too dark"),
            (
                "请在明亮、均匀的光线下拍摄",
                "take the photo in bright, even light",
            ),
        );
        report.check(
            ReasonCode::PhotoTooBright,
            Severity::Error,
            f.mean <= 225.0,
            Some(format!("{:.0}", f.mean)),
            "≤ 225",
            ("脸部过亮（曝光过度）", "the face is over-exposed"),
            (
                "请避免强光直射或闪光灯",
                "avoid direct strong light or flash",
            ),
        );
    }
    let sharp = laplacian_variance(img, face);
    report.check(
        ReasonCode::PhotoBlurred,
        Severity::Error,
        sharp >= 12.0,
        Some(format!("{sharp:.1}")),
        "≥ 12",
        ("照片模糊", "the photo is blurred"),
        (
            "请对焦后重新拍摄，保持相机稳定",
            "focus and hold the camera still, then retake",
        ),
    );
    let colour = region_stats(img, 0, 0, img.width(), img.height()).map_or(0.0, |s| s.spread);
    report.check(
        ReasonCode::PhotoGrayscale,
        Severity::Error,
        colour >= 4.0,
        Some(format!("{colour:.1}")),
        "≥ 4",
        ("照片是黑白的", "the photo is grayscale"),
        ("须使用彩色照片", "a colour photo is required"),
    );
}
