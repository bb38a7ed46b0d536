//! Criterion benchmarks of the photo engine on a synthetic 12 MP phone-like JPEG made from the
//! public-domain portrait fixture, with a named baseline measured in the same run: the naive
//! in-process pipeline most tools use (full decode with `image`, `resize_to_fill` to 260×360,
//! `image`'s JPEG encoder at quality 90) — unframed, with no byte window.
//! Run: `cargo bench -p regdesk-photo` (ratios = baseline time / ours).

use std::hint::black_box;
use std::io::Cursor;

use criterion::{criterion_group, criterion_main, Criterion};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use regdesk_photo::encode::{encode, Subsampling};
use regdesk_photo::frame::CropRect;
use regdesk_photo::resize::crop_resize;
use regdesk_photo::spec::default_spec;

/// The fixture enlarged to 3000×4000 with light deterministic sensor-like noise, JPEG q92.
fn twelve_megapixel_jpeg() -> Vec<u8> {
    let png = include_bytes!("../../../tests/fixtures/portrait_white.png");
    let src = image::load_from_memory(png)
        .expect("fixture decodes")
        .to_rgb8();
    let whole = CropRect {
        x: 0.0,
        y: 0.0,
        width: f64::from(src.width()),
        height: f64::from(src.height()),
    };
    let mut big = crop_resize(&src, whole, 3000, 4000);
    let mut seed = 42u32;
    for p in big.pixels_mut() {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = ((seed >> 24) as i32 - 128) / 16;
        for c in p.0.iter_mut() {
            *c = (i32::from(*c) + n).clamp(0, 255) as u8;
        }
    }
    encode(&big, 92, Subsampling::S420)
}

fn naive_pipeline(bytes: &[u8]) -> Vec<u8> {
    let img = image::load_from_memory(bytes).expect("decodes");
    let small = img.resize_to_fill(260, 360, FilterType::Lanczos3);
    let mut out = Vec::new();
    small
        .write_with_encoder(JpegEncoder::new_with_quality(Cursor::new(&mut out), 90))
        .expect("encodes");
    out
}

fn benches(c: &mut Criterion) {
    let jpeg = twelve_megapixel_jpeg();
    let spec = default_spec();
    let mut g = c.benchmark_group("12mp_jpeg_to_id_photo");
    g.sample_size(20);
    g.bench_function("regdesk_make_photo", |b| {
        b.iter(|| {
            black_box(
                regdesk_photo::make_photo(black_box(&jpeg), &spec, &Default::default()).unwrap(),
            )
        })
    });
    g.bench_function("baseline_naive_image_pipeline", |b| {
        b.iter(|| black_box(naive_pipeline(black_box(&jpeg))))
    });
    g.finish();

    // The opt-in white background on a real busy-background portrait: segmentation cost,
    // against the same make without it (model load happens once, before measuring).
    let busy = include_bytes!("../../../tests/fixtures/astronaut_busy.jpg");
    regdesk_segment::warm_up().expect("model loads");
    let white = regdesk_photo::MakeOptions {
        replace_background: true,
        ..Default::default()
    };
    let mut g = c.benchmark_group("white_background");
    g.sample_size(10);
    g.bench_function("make_photo_replace_background", |b| {
        b.iter(|| black_box(regdesk_photo::make_photo(black_box(busy), &spec, &white).unwrap()))
    });
    g.bench_function("baseline_make_photo", |b| {
        b.iter(|| {
            black_box(
                regdesk_photo::make_photo(black_box(busy), &spec, &Default::default()).unwrap(),
            )
        })
    });
    g.finish();

    let truncated = &jpeg[..jpeg.len() / 2];
    let mut huge = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    huge.extend(60_000u32.to_be_bytes());
    huge.extend(60_000u32.to_be_bytes());
    huge.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let mut g = c.benchmark_group("hostile_inputs_refused");
    g.bench_function("truncated_12mp_jpeg", |b| {
        b.iter(|| {
            black_box(
                regdesk_photo::make_photo(black_box(truncated), &spec, &Default::default())
                    .is_err(),
            )
        })
    });
    g.bench_function("png_header_60000x60000", |b| {
        b.iter(|| {
            black_box(
                regdesk_photo::make_photo(black_box(&huge), &spec, &Default::default()).is_err(),
            )
        })
    });
    g.finish();
}

criterion_group!(photo, benches);
criterion_main!(photo);
