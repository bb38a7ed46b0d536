//! How well a finished photo's head is measured: `cargo run --release -p regdesk-photo --example
//! exp_calib`. Crops the fixture portrait (crown y 216, chin y 376, centre x 320 at 640×760;
//! the chin was once mislabelled 358, the lower lip)
//! at head ratios 0.60–0.74 and four small shifts, encodes each as the tool does, and compares
//! the detector's head ratio, crown line and centre with the truth — for the full search
//! (`detect_faces`) and for the measurement `make` and `check` use (`measure_faces`).
use regdesk_photo::encode::{encode, Subsampling};
use regdesk_photo::face::{detect_faces, measure_faces, FaceBox};
use regdesk_photo::frame::CropRect;
use std::time::Instant;

type Finder = fn(&image::RgbImage) -> Vec<FaceBox>;

fn stats(v: &[f64]) -> String {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let sd = (v.iter().map(|e| (e - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
    let worst = v.iter().fold(0f64, |a, e| a.max((e - m).abs()));
    format!("bias {m:+.3} sd {sd:.3} worst {worst:.3}")
}

fn main() {
    let bytes = std::fs::read("tests/fixtures/portrait_white.png").expect("run from the repo root");
    let d = regdesk_photo::decode::decode(&bytes, 1200).unwrap();
    let (crown, chin, centre) = (216.0f64, 376.0f64, 320.0f64);
    let finders: [(&str, Finder); 2] = [
        ("detect_faces", detect_faces),
        ("measure_faces", measure_faces),
    ];
    for (name, find) in finders {
        let (mut head, mut top, mut x, mut missed) = (vec![], vec![], vec![], 0);
        let mut secs = 0.0;
        for i in 0..15 {
            let ratio = 0.60 + 0.01 * f64::from(i);
            for (dx, dy) in [(-6.0, 0.0), (0.0, 0.0), (6.0, 3.0), (3.0, -4.0)] {
                let h = (chin - crown) / ratio;
                let w = h * 260.0 / 360.0;
                let crop = CropRect {
                    x: centre - w / 2.0 + dx,
                    y: crown - 0.08 * h + dy,
                    width: w,
                    height: h,
                };
                let out = regdesk_photo::resize::crop_resize(&d.rgb, crop, 260, 360);
                let jpeg = encode(&out, 93, Subsampling::S420);
                let out = image::load_from_memory(&jpeg).unwrap().to_rgb8();
                let s = 360.0 / h;
                let t = Instant::now();
                let faces = find(&out);
                secs += t.elapsed().as_secs_f64();
                let Some(b) = faces.first() else {
                    missed += 1;
                    continue;
                };
                head.push((b.chin() - b.crown()) / 360.0 - ratio);
                top.push(b.crown() / 360.0 - (crown - crop.y) * s / 360.0);
                x.push(b.centre_x() / 260.0 - (centre - crop.x) * s / 260.0);
            }
        }
        println!(
            "{name}: head ratio {} | crown line {} | centre {} | missed {missed} | {:.1} ms each",
            stats(&head),
            stats(&top),
            stats(&x),
            secs * 1000.0 / 60.0
        );
    }
}
