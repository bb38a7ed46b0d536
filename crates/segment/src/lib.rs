//! Person segmentation for the opt-in white background: the u2netp model (vendored with its
//! licence in `model/`) run offline by tract-onnx. Input any RGB image; output a soft mask of
//! the same size, 0 = background, 255 = person. The model is loaded and optimised once per
//! process and shared by all threads.

use std::io::Cursor;
use std::sync::OnceLock;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use tract_onnx::prelude::*;

mod runtime;

static MODEL_BYTES: &[u8] = include_bytes!("../model/u2netp.onnx");
/// The model's input side. The photo engine segments a region about 1.15× its final framing
/// once per picture (`regdesk-photo`'s `matte.rs`); at 160 px every hand-labelled real
/// portrait comes out clean once that region is this tight (at 1.3× one busy curtain was left
/// beside a head unless the side was raised to 192).
pub const SIDE: u32 = 160;
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];

type Plan = std::sync::Arc<TypedRunnableModel>;
static PLAN: OnceLock<Result<Plan, String>> = OnceLock::new();

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SegmentError {
    #[error("segmentation model failed to load: {0}")]
    Model(String),
    #[error("segmentation failed: {0}")]
    Run(String),
    #[error("image buffer does not match {0}×{1} RGB")]
    Buffer(u32, u32),
}

/// A soft person mask, one byte per pixel, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mask {
    pub width: u32,
    pub height: u32,
    pub alpha: Vec<u8>,
}

fn build(side: u32) -> Result<Plan, String> {
    tract_onnx::onnx()
        .model_for_read(&mut Cursor::new(MODEL_BYTES))
        .and_then(|m| m.with_input_fact(0, f32::fact([1, 3, side as usize, side as usize]).into()))
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(|e| format!("{e:#}"))
}

fn plan() -> Result<&'static Plan, SegmentError> {
    PLAN.get_or_init(|| build(SIDE))
        .as_ref()
        .map_err(|e| SegmentError::Model(e.clone()))
}

/// A plan for another input side (for measuring the speed/quality trade-off; not cached).
pub fn plan_for_side(side: u32) -> Result<Plan, SegmentError> {
    build(side).map_err(SegmentError::Model)
}

/// Loads the model now (a few hundred ms) so the first photo does not pay for it.
pub fn warm_up() -> Result<(), SegmentError> {
    plan().map(|_| ())
}

fn resize(
    src: &[u8],
    (w, h): (u32, u32),
    (tw, th): (u32, u32),
    px: PixelType,
) -> Result<Vec<u8>, SegmentError> {
    let src = ImageRef::new(w, h, src, px).map_err(|_| SegmentError::Buffer(w, h))?;
    let mut dst = Image::new(tw, th, px);
    Resizer::new()
        .resize(
            &src,
            &mut dst,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear)),
        )
        .map_err(|e| SegmentError::Run(e.to_string()))?;
    Ok(dst.into_vec())
}

/// Segments the person in an RGB image (`rgb.len() == width * height * 3`): on ONNX Runtime
/// when its library ships with the app, else on tract.
pub fn person_mask(rgb: &[u8], width: u32, height: u32) -> Result<Mask, SegmentError> {
    let input = network_input(SIDE, rgb, width, height)?;
    let side = SIDE as usize;
    let values = if runtime::available() {
        runtime::run(MODEL_BYTES, side, input).map_err(SegmentError::Run)?
    } else {
        run_tract(plan()?, side, input)?
    };
    to_mask(&values, SIDE, width, height)
}

/// Whether `person_mask` runs on ONNX Runtime in this process (else tract).
pub fn on_onnx_runtime() -> bool {
    runtime::available()
}

/// The same on tract with a given plan built for `side` (see [`plan_for_side`]).
pub fn person_mask_with(
    plan: &Plan,
    side_px: u32,
    rgb: &[u8],
    width: u32,
    height: u32,
) -> Result<Mask, SegmentError> {
    let input = network_input(side_px, rgb, width, height)?;
    let values = run_tract(plan, side_px as usize, input)?;
    to_mask(&values, side_px, width, height)
}

/// The picture squeezed to `side_px` square, as the model was trained: scaled by the image
/// maximum, then ImageNet mean and std; planar (N, C, H, W).
fn network_input(
    side_px: u32,
    rgb: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<f32>, SegmentError> {
    if width == 0 || height == 0 || rgb.len() != width as usize * height as usize * 3 {
        return Err(SegmentError::Buffer(width, height));
    }
    let small = resize(rgb, (width, height), (side_px, side_px), PixelType::U8x3)?;
    let max = f32::from(small.iter().copied().max().unwrap_or(1).max(1));
    let side = side_px as usize;
    let mut input = vec![0f32; 3 * side * side];
    for (c, plane) in input.chunks_mut(side * side).enumerate() {
        for (i, v) in plane.iter_mut().enumerate() {
            *v = (f32::from(small[i * 3 + c]) / max - MEAN[c]) / STD[c];
        }
    }
    Ok(input)
}

fn run_tract(plan: &Plan, side: usize, input: Vec<f32>) -> Result<Vec<f32>, SegmentError> {
    let input = tract_ndarray::Array4::from_shape_vec((1, 3, side, side), input)
        .map_err(|e| SegmentError::Run(e.to_string()))?;
    let outputs = plan
        .run(tvec!(Tensor::from(input).into()))
        .map_err(|e| SegmentError::Run(format!("{e:#}")))?;
    let pred = outputs[0]
        .to_plain_array_view::<f32>()
        .map_err(|e| SegmentError::Run(format!("{e:#}")))?;
    Ok(pred.iter().copied().collect())
}

/// The network's output, min–max normalised to 0–255 and resized to the picture.
fn to_mask(values: &[f32], side_px: u32, width: u32, height: u32) -> Result<Mask, SegmentError> {
    let side = side_px as usize;
    if values.len() != side * side {
        return Err(SegmentError::Run(format!(
            "unexpected output size {}",
            values.len()
        )));
    }
    let (lo, hi) = values
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = (hi - lo).max(1e-6);
    let levels: Vec<u8> = values
        .iter()
        .map(|&v| (((v - lo) / span) * 255.0).round().clamp(0.0, 255.0) as u8)
        .collect();
    let alpha = resize(&levels, (side_px, side_px), (width, height), PixelType::U8)?;
    Ok(Mask {
        width,
        height,
        alpha,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where ONNX Runtime is present (CI fetches it), it gives tract's mask: the two runtimes
    /// run the same model, so they may differ by rounding only.
    #[test]
    fn onnx_runtime_and_tract_agree() {
        if !on_onnx_runtime() {
            // Named but not loadable is a broken setup, not a reason to skip (CI names it).
            assert!(
                std::env::var_os("REGDESK_ONNXRUNTIME").is_none(),
                "REGDESK_ONNXRUNTIME is set but ONNX Runtime did not load"
            );
            eprintln!("ONNX Runtime not found (REGDESK_ONNXRUNTIME unset): tract only");
            return;
        }
        let (w, h) = (96u32, 128u32);
        let rgb: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                // A dark blob (a "person") on a light, slightly textured wall.
                let inside = (x as i32 - 48).pow(2) * 2 + (y as i32 - 80).pow(2) < 1600;
                let v = if inside {
                    60
                } else {
                    220 + ((x * 7 + y * 3) % 20) as u8
                };
                [v, v, v]
            })
            .collect();
        let ort = person_mask(&rgb, w, h).unwrap();
        let tract = person_mask_with(plan().unwrap(), SIDE, &rgb, w, h).unwrap();
        let worst = ort
            .alpha
            .iter()
            .zip(&tract.alpha)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        assert!(worst <= 2, "masks differ by up to {worst}/255");
    }

    #[test]
    fn wrong_buffer_is_an_error_not_a_panic() {
        assert_eq!(person_mask(&[0; 10], 4, 4), Err(SegmentError::Buffer(4, 4)));
        assert_eq!(person_mask(&[], 0, 0), Err(SegmentError::Buffer(0, 0)));
    }
}
