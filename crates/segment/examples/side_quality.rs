//! Speed and quality of the person mask at several network input sides, on the fixture with a
//! known true mask (`tests/fixtures/portrait_brick*.{jpg,png}`), resized to the framed output
//! size it is used on (260×360). Prints, per side, the median time of RUNS runs (one thread)
//! and the share of pixels whose mask (thresholded at 128) disagrees with the truth.
//!   cargo run --release -p regdesk-segment --example side_quality [RUNS]

use std::time::Instant;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/");
    let (w, h) = (260, 360);
    let img = image::open(format!("{root}portrait_brick.jpg"))
        .expect("fixture")
        .resize_exact(w, h, image::imageops::FilterType::Triangle)
        .to_rgb8();
    let truth = image::open(format!("{root}portrait_brick_mask.png"))
        .expect("mask")
        .resize_exact(w, h, image::imageops::FilterType::Triangle)
        .to_luma8();
    let report = |name: String, run: &mut dyn FnMut() -> regdesk_segment::Mask| {
        let mut times = Vec::new();
        let mut mask = None;
        for _ in 0..runs {
            let t = Instant::now();
            mask = Some(run());
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let mask = mask.expect("ran");
        let wrong = mask
            .alpha
            .iter()
            .zip(truth.as_raw())
            .filter(|(&m, &t)| (m >= 128) != (t >= 128))
            .count();
        println!(
            "{name}: median {:.0} ms, mask disagrees with the truth on {:.2} % of pixels",
            times[times.len() / 2],
            100.0 * wrong as f64 / f64::from(w * h)
        );
    };
    for side in [320u32, 288, 256, 224, 192, 160, 128] {
        let plan = regdesk_segment::plan_for_side(side).expect("plan");
        report(format!("tract, side {side}"), &mut || {
            regdesk_segment::person_mask_with(&plan, side, img.as_raw(), w, h).expect("mask")
        });
    }
    // What the app runs: ONNX Runtime at the default side when its library is there.
    if regdesk_segment::on_onnx_runtime() {
        report(
            format!("ONNX Runtime, side {}", regdesk_segment::SIDE),
            &mut || regdesk_segment::person_mask(img.as_raw(), w, h).expect("mask"),
        );
    } else {
        println!("ONNX Runtime: library not found (set REGDESK_ONNXRUNTIME)");
    }
}
