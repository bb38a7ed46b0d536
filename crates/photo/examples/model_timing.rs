//! Times parsing the vendored face model (paid once per process).
fn main() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/model/seeta_fd_frontal_v1.0.bin"
    ))
    .unwrap();
    let t = std::time::Instant::now();
    let m = rustface::read_model(&bytes[..]).unwrap();
    let parse = t.elapsed();
    let t = std::time::Instant::now();
    let d = rustface::create_detector_with_model(m);
    println!("parse {:?}, detector {:?}", parse, t.elapsed());
    drop(d);
}
