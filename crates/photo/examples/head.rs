//! Where the engine sees the head in a picture: `cargo run -p regdesk-photo --example head -- IN`.
fn main() {
    let path = std::env::args().nth(1).expect("input path");
    let bytes = std::fs::read(&path).expect("readable input");
    let d = regdesk_photo::decode::decode(&bytes, 1200).expect("decodes");
    let faces = regdesk_photo::face::detect_faces(&d.rgb);
    for f in faces {
        let crown = regdesk_photo::crown::crown_row(&d.rgb, &f);
        println!(
            "{}×{} face x {:.0}..{:.0} y {:.0} (centre {:.0}) crown {crown:.0} scan {:?} plain {:?}",
            d.rgb.width(),
            d.rgb.height(),
            f.x,
            f.x + f.width,
            f.y,
            f.centre_x(),
            regdesk_photo::crown::scan(&d.rgb, &f),
            regdesk_photo::crown::plain_background(&d.rgb)
        );
    }
}
