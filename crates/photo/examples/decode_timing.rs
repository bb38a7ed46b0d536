//! Times JPEG decoding at each DCT scale: `--example decode_timing --release -- IN`.
use std::time::Instant;
fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    for div in [1u16, 2, 4, 8] {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(&bytes));
            d.read_info().unwrap();
            let i = d.info().unwrap();
            d.scale(i.width / div, i.height / div).unwrap();
            let px = d.decode().unwrap();
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
            assert!(!px.is_empty());
        }
        println!("jpeg-decoder 1/{div}: {best:.1} ms");
    }
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let img = image::load_from_memory(&bytes).unwrap();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        assert!(img.width() > 0);
    }
    println!("image (zune-jpeg) full: {best:.1} ms");
}
