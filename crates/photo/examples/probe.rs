//! Prints what the engine makes of a photo: `cargo run -p regdesk-photo --example probe -- IN [OUT]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("input path");
    let bytes = std::fs::read(&path).expect("readable input");
    let spec = regdesk_photo::spec::default_spec();
    match regdesk_photo::make_photo(&bytes, &spec, &Default::default()) {
        Ok(out) => {
            println!("{}", serde_json::to_string_pretty(&out.report).unwrap());
            if let (Some(jpeg), Some(o)) = (out.jpeg, args.next()) {
                std::fs::write(o, jpeg).unwrap();
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
