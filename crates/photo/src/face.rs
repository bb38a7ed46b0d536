//! Finding the face offline with SeetaFace (rustface, model vendored under `model/`, BSD-2).
//! Detection runs on a small grayscale copy (its cost grows with pixels; faces in ID photos
//! are large), and boxes are mapped back to the caller's pixels.

use std::cell::RefCell;

use fast_image_resize::FilterType;
use image::{GrayImage, RgbImage};
use rustface::{Detector, ImageData};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::resize::shrink_to;

static MODEL: &[u8] = include_bytes!("../model/seeta_fd_frontal_v1.0.bin");
/// Longest side of the image the detector sees: ID-photo faces are large, and the detector's
/// cost grows with pixels (faces down to ~7.5 % of the long side are still found).
const DETECT_SIDE: u32 = 320;

/// The SeetaFace box spans roughly brows to chin. The crown sits above its top by this
/// fraction of the box height, and the chin a little below its bottom; calibrated on the
/// public-domain portrait in `shared/fixtures` (crown y≈215, chin y≈358 at 640×760).
pub const CROWN_ABOVE_BOX: f64 = 0.52;
pub const CHIN_BELOW_BOX: f64 = -0.05;

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
    let (w, h) = rgb.dimensions();
    if w < 24 || h < 24 {
        return vec![];
    }
    // Shrink the colour picture first (SIMD), then convert only the small one to gray.
    let small_rgb = shrink_to(rgb, DETECT_SIDE, FilterType::Bilinear);
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
