//! Writes the decoded, upright RGB of an input as PNG: `--example decode_dump -- IN OUT.png`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let d = regdesk_photo::decode::decode(&std::fs::read(&a[1]).unwrap(), 1200).unwrap();
    d.rgb.save(&a[2]).unwrap();
}
