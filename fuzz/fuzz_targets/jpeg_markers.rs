//! The JPEG marker reader and the comment padder on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = regdesk_photo::jfif::layout(data);
    if regdesk_photo::jfif::is_jpeg(data) {
        let _ = regdesk_photo::jfif::pad_with_comment(data, 64);
    }
});
