//! Headroom: a head near the top of the source leaves no room for the spec's crown margin, and
//! the crop cannot go above the picture. On a background that can be extended invisibly (the
//! white it is being put on, or a plain light wall) the canvas grows upward (and sideways)
//! instead, and the report says by how much; elsewhere the refusal says what would fix it.

use image::RgbImage;
use regdesk_core::ReasonCode;

use crate::crown::plain_background;
use crate::decode::Decoded;
use crate::face::FaceBox;
use crate::frame::{CropRect, Head};
use crate::report::PhotoReport;
use crate::spec::PhotoSpec;

/// A source extended for headroom: the picture with rows of background above (and columns at
/// the sides), and the face and crop in its pixels.
pub(crate) struct Padded {
    pub decoded: Decoded,
    pub face: FaceBox,
    pub crop: CropRect,
    pub top: f64,
    pub left: f64,
    pub right: f64,
}

/// The canvas the spec's framing needs when the head is too near the top (or a side), if the
/// background may be extended: replaced by white, or already plain and light. `None` when the
/// crop fits or the background is not one that can be extended invisibly.
pub(crate) fn headroom(
    decoded: &Decoded,
    face: &FaceBox,
    head: Head,
    crop: CropRect,
    spec: &PhotoSpec,
    replace_background: bool,
) -> Option<Padded> {
    let img = &decoded.rgb;
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let ideal_y = head.crown - spec.crown_margin.target * crop.height;
    let ideal_x = head.centre_x - crop.width / 2.0;
    let short_top = (crop.y - ideal_y).max(0.0);
    let short_left = (-ideal_x).max(0.0);
    let short_right = (ideal_x + crop.width - w).max(0.0);
    if short_top < 1.0 && short_left < 1.0 && short_right < 1.0 {
        return None;
    }
    let colour = if replace_background {
        spec.background_colour().rgb
    } else {
        // A plain wall of the spec's colour (for white: any light one) extends invisibly.
        let bg = plain_background(img)?;
        let wanted = spec.background_colour();
        let fits = if wanted.is_white() {
            bg.iter().all(|c| *c >= 200.0)
        } else {
            spec.background_matches(bg, 0.0)
        };
        if !fits {
            return None;
        }
        [
            bg[0].round() as u8,
            bg[1].round() as u8,
            bg[2].round() as u8,
        ]
    };
    // A little more than needed: the second framing may move the crop by a few pixels.
    let extra = 0.03 * crop.height;
    let top = if short_top >= 1.0 {
        (short_top + extra).ceil()
    } else {
        0.0
    };
    let left = if short_left >= 1.0 {
        (short_left + extra).ceil()
    } else {
        0.0
    };
    let right = if short_right >= 1.0 {
        (short_right + extra).ceil()
    } else {
        0.0
    };
    let mut canvas = RgbImage::from_pixel(
        (w + left + right) as u32,
        (h + top) as u32,
        image::Rgb(colour),
    );
    image::imageops::replace(&mut canvas, img, left as i64, top as i64);
    let face = face.shifted(left, top);
    let crop = CropRect {
        x: ideal_x + left,
        y: (ideal_y + top).max(0.0),
        ..crop
    };
    Some(Padded {
        decoded: Decoded {
            rgb: canvas,
            full_width: decoded.full_width,
            full_height: decoded.full_height,
            scale: decoded.scale,
            format: decoded.format,
            icc: decoded.icc.clone(),
            transparent: decoded.transparent,
            origin: decoded.origin,
        },
        face,
        crop,
        top,
        left,
        right,
    })
}

/// A crown the crop cannot clear, or a background that is not the spec's colour and plain,
/// when background replacement is off: say that turning it on fixes it.
pub(crate) fn suggest_white_background(report: &mut PhotoReport, spec: &PhotoSpec) {
    // Named as the window's switch is labelled ("把背景换成白色" / "Replace the background with white").
    let (zh, en) = spec.background_colour().name();
    let crown = (
        format!("原图头顶上方没有空间；打开“把背景换成{zh}”可自动补足头顶留白"),
        format!("the source has no room above the head; turning on “Replace the background with {en}” extends it automatically"),
    );
    let bg = (
        format!("或打开“把背景换成{zh}”，自动替换背景"),
        format!("or turn on “Replace the background with {en}” to replace it automatically"),
    );
    for c in report.checks.iter_mut().filter(|c| !c.passed) {
        match c.code {
            ReasonCode::PhotoCrownCut => {
                c.fix_zh = crown.0.clone();
                c.fix_en = crown.1.clone();
            }
            ReasonCode::PhotoBackgroundNotWhite
            | ReasonCode::PhotoBackgroundWrongColour
            | ReasonCode::PhotoBackgroundNotUniform => {
                c.fix_zh = format!("{}；{}", c.fix_zh, bg.0);
                c.fix_en = format!("{}; {}", c.fix_en, bg.1);
            }
            _ => continue,
        }
        let fix = (c.fix_zh.clone(), c.fix_en.clone());
        let message = (c.message_zh.clone(), c.message_en.clone());
        for p in report.issues.iter_mut().filter(|p| p.code == c.code) {
            p.message_zh = format!("{}。{}", message.0, fix.0);
            p.message_en = crate::report::english_sentences(&message.1, &fix.1);
        }
    }
}
