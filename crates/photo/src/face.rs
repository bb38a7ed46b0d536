//! Finding the face offline with SeetaFace (rustface, model vendored under `model/`, BSD-2).
//! Detection runs on a small grayscale copy (its cost grows with pixels; faces in ID photos
//! are large), and boxes are mapped back to the caller's pixels.

use std::cell::RefCell;

use fast_image_resize::FilterType;
use image::{GrayImage, RgbImage};
use rustface::{Detector, ImageData};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::frame::CropRect;
use crate::resize::shrink_to;

static MODEL: &[u8] = include_bytes!("../model/seeta_fd_frontal_v1.0.bin");
/// Longest side of the image the detector sees: ID-photo faces are large, and the detector's
/// cost grows with pixels. Its smallest window is 40 px, so faces down to 12.5 % of the long
/// side are found.
const DETECT_SIDE: u32 = 320;
/// Longest sides of the two copies a finished photo is *measured* on. The face in a framed ID
/// photo is large (its box ≈ 45 % of the height), and the detector's cost grows with the face's
/// size in pixels, not only with the image's: a 260×360 photo takes ~28 ms at 320 px, ~7 ms at
/// 136 and ~6 at 112. One scale's box jitters (head ratio sd 0.02 at any of them, swept over
/// zooms and shifts of the JPEG-encoded fixture portrait, `examples/exp_calib.rs`); the mean
/// of these two halves that (sd 0.012). Boxes from 106 px of a 360-px photo up are found:
/// heads of ≥ 43 % of the height.
const MEASURE_SIDES: [u32; 2] = [136, 112];

/// The SeetaFace box spans roughly brows to chin. Where the crown and chin cannot be seen
/// (`crown.rs`, `chin.rs`), they are estimated this far above its top and below its bottom,
/// in box heights: the means over the hand-labelled real portraits in
/// `tests/fixtures/portraits` (crown 0.23–0.39 above, chin 0.04–0.18 below). The earlier
/// 0.52 / −0.05 came from one mislabelled fixture and made every head ~0.09 too tall.
pub const CROWN_ABOVE_BOX: f64 = 0.31;
pub const CHIN_BELOW_BOX: f64 = 0.10;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct FaceBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub score: f64,
}

impl FaceBox {
    pub fn crown(&self) -> f64 {
        self.y - CROWN_ABOVE_BOX * self.height
    }
    pub fn chin(&self) -> f64 {
        self.y + (1.0 + CHIN_BELOW_BOX) * self.height
    }
    pub fn centre_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
    pub fn shifted(&self, dx: f64, dy: f64) -> FaceBox {
        FaceBox {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
    /// The face as the detector sees it in a picture framed by `crop` at `s` output pixels per
    /// source pixel.
    pub fn through_crop(&self, crop: CropRect, s: f64) -> FaceBox {
        FaceBox {
            x: (self.x - crop.x) * s,
            y: (self.y - crop.y) * s,
            width: self.width * s,
            height: self.height * s,
            score: self.score,
        }
    }
    /// The inverse: a face measured in the framed output, in source pixels.
    pub fn back_through_crop(&self, crop: CropRect, s: f64) -> FaceBox {
        FaceBox {
            x: self.x / s + crop.x,
            y: self.y / s + crop.y,
            width: self.width / s,
            height: self.height / s,
            score: self.score,
        }
    }
    pub fn scaled(&self, k: f64) -> FaceBox {
        FaceBox {
            x: self.x * k,
            y: self.y * k,
            width: self.width * k,
            height: self.height * k,
            score: self.score,
        }
    }
}

thread_local! {
    // The vendored model is a constant of this build; a test parses it.
    #[allow(clippy::expect_used)]
    static DETECTOR: RefCell<Box<dyn Detector>> = RefCell::new({
        let model = rustface::read_model(MODEL).expect("vendored SeetaFace model parses (tested)");
        let mut d = rustface::create_detector_with_model(model);
        d.set_min_face_size(24);
        d.set_score_thresh(2.0);
        d.set_pyramid_scale_factor(0.8);
        d.set_slide_window_step(4, 4);
        d
    });
}

/// Faces in `rgb`, largest first, in `rgb`'s pixel coordinates.
pub fn detect_faces(rgb: &RgbImage) -> Vec<FaceBox> {
    detect_at(rgb, DETECT_SIDE)
}

/// The large faces of a finished photo, largest first: how `photo make` measures its own
/// result and `photo check` measures a file, the same way (the detector's box depends on the
/// scale it sees the face at, so both must look at the same scale to agree).
pub fn measure_faces(rgb: &RgbImage) -> Vec<FaceBox> {
    let [fine, coarse] = MEASURE_SIDES.map(|side| detect_at(rgb, side));
    let (Some(a), Some(b)) = (fine.first(), coarse.first()) else {
        return if fine.is_empty() { coarse } else { fine };
    };
    // The same face seen at both scales: its mean box.
    if (a.centre_x() - b.centre_x()).abs() > a.width / 2.0 {
        return fine;
    }
    let mean = FaceBox {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
        width: (a.width + b.width) / 2.0,
        height: (a.height + b.height) / 2.0,
        score: a.score.max(b.score),
    };
    let mut faces = fine;
    if let Some(first) = faces.first_mut() {
        *first = mean;
    }
    faces
}

fn detect_at(rgb: &RgbImage, side: u32) -> Vec<FaceBox> {
    let (w, h) = rgb.dimensions();
    if w < 24 || h < 24 {
        return vec![];
    }
    // Shrink the colour picture first (SIMD), then convert only the small one to gray.
    let small_rgb = shrink_to(rgb, side, FilterType::Bilinear);
    let small: GrayImage = image::imageops::grayscale(&small_rgb);
    // Box sizes come back in the small image's pixels; `k` maps them to the caller's.
    let k = f64::from(small.width()) / f64::from(w);
    let data = ImageData::new(small.as_raw(), small.width(), small.height());
    let mut faces: Vec<FaceBox> = DETECTOR
        .with(|d| d.borrow_mut().detect(&data))
        .iter()
        .map(|f| {
            let b = f.bbox();
            FaceBox {
                x: f64::from(b.x()),
                y: f64::from(b.y()),
                width: f64::from(b.width()),
                height: f64::from(b.height()),
                score: f.score(),
            }
            .scaled(1.0 / k)
        })
        .collect();
    faces.sort_by(|a, b| (b.width * b.height).total_cmp(&(a.width * a.height)));
    faces
}
