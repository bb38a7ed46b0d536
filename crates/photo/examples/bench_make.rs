//! In-process timing of `make_photo` on one thread: `--example bench_make --release -- IN [RUNS]`.
//! Prints the median and the fastest run in milliseconds, and the pieces of one run.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("input photo");
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let bytes = std::fs::read(&path).expect("readable input");
    let spec = regdesk_photo::spec::default_spec();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let out =
            regdesk_photo::make_photo(&bytes, &spec, &Default::default()).expect("photo decodes");
        assert!(out.jpeg.is_some(), "benchmark input must produce a photo");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    // The pieces, each the median of the same number of runs.
    let median = |f: &mut dyn FnMut()| {
        let mut v: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        v.sort_by(f64::total_cmp);
        v[runs / 2]
    };
    let d = regdesk_photo::decode::decode(&bytes, 1200).unwrap();
    let decode_ms = median(&mut || drop(regdesk_photo::decode::decode(&bytes, 1200).unwrap()));
    // The decoder used before libjpeg-turbo, at the same scale, as a same-run baseline.
    let old_decode_ms = median(&mut || {
        let mut dec = jpeg_decoder::Decoder::new(std::io::Cursor::new(&bytes));
        dec.read_info().unwrap();
        let info = dec.info().unwrap();
        dec.scale(info.width / 2, info.height / 2).unwrap();
        drop(dec.decode().unwrap());
    });
    let faces = regdesk_photo::face::detect_faces(&d.rgb);
    let detect_ms = median(&mut || drop(regdesk_photo::face::detect_faces(&d.rgb)));
    let out = regdesk_photo::make_photo(&bytes, &spec, &Default::default()).unwrap();
    let crop = out.report.crop.unwrap().scaled(d.scale);
    let resize_ms =
        median(&mut || drop(regdesk_photo::resize::crop_resize(&d.rgb, crop, 260, 360)));
    let small = regdesk_photo::resize::crop_resize(&d.rgb, crop, 260, 360);
    let measure_ms = median(&mut || drop(regdesk_photo::face::measure_faces(&small)));
    let encode_ms = median(&mut || {
        drop(regdesk_photo::encode::encode_to_window(
            &small, 15_360, 45_000,
        ))
    });
    let encodes =
        regdesk_photo::encode::encode_to_window(&small, 15_360, 45_000).map_or(0, |e| e.encodes);
    println!(
        "make_photo: median {:.1} ms, fastest {:.1} ms over {runs} runs; pieces (medians): decode {decode_ms:.1} ms at {}×{} (jpeg-decoder, same scale: {old_decode_ms:.1} ms, {:.1}× slower), detect {detect_ms:.1} ms ({} face), measure the result {measure_ms:.1} ms, crop+resize {resize_ms:.1} ms, encode-to-window {encode_ms:.1} ms ({encodes} encodes)",
        times[runs / 2], times[0], d.rgb.width(), d.rgb.height(), old_decode_ms / decode_ms, faces.len()
    );
    // A crop-editor gesture: the picture is open (decoded, faces found), a crop comes in.
    let prepared = regdesk_photo::prepare(&bytes[..]).unwrap();
    let gesture = regdesk_photo::MakeOptions {
        crop: out.report.crop,
        ..Default::default()
    };
    let gesture_ms =
        median(&mut || drop(regdesk_photo::make_prepared(&prepared, &spec, &gesture).unwrap()));
    let fresh_ms =
        median(&mut || drop(regdesk_photo::make_photo(&bytes, &spec, &gesture).unwrap()));
    println!(
        "crop-editor gesture on the open picture: {gesture_ms:.1} ms vs {fresh_ms:.1} ms from the file ({:.1}× faster)",
        fresh_ms / gesture_ms
    );
    // The white background: a whole make in process (segmentation once per picture), and a
    // gesture with the switch on once the open picture's matte exists (the first one makes it).
    let white = regdesk_photo::MakeOptions {
        replace_background: true,
        ..Default::default()
    };
    let white_ms = median(&mut || drop(regdesk_photo::make_photo(&bytes, &spec, &white).unwrap()));
    let white_gesture = regdesk_photo::MakeOptions {
        crop: out.report.crop,
        replace_background: true,
        ..Default::default()
    };
    drop(regdesk_photo::make_prepared(&prepared, &spec, &white_gesture).unwrap());
    let white_gesture_ms = median(&mut || {
        drop(regdesk_photo::make_prepared(&prepared, &spec, &white_gesture).unwrap())
    });
    println!(
        "white background: make_photo {white_ms:.1} ms in process (plain: {:.1} ms, {:.1}×); a crop-editor gesture with it on, matte kept: {white_gesture_ms:.1} ms (plain gesture {gesture_ms:.1} ms)",
        times[runs / 2],
        white_ms / times[runs / 2]
    );
    // Hostile inputs: refused before any large allocation.
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend(60_000u32.to_be_bytes());
    png.extend(60_000u32.to_be_bytes());
    png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let truncated = &bytes[..bytes.len() / 2];
    for (name, input) in [
        ("zero-byte", &b""[..]),
        ("truncated 12 MP JPEG", truncated),
        ("60000×60000 PNG header", &png[..]),
    ] {
        let t = Instant::now();
        let r = regdesk_photo::make_photo(input, &spec, &Default::default());
        println!(
            "{name}: refused={} in {:.2} ms",
            r.is_err(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
