//! Any bytes through the public photo engine (every format it sniffs): an answer or an error,
//! never a panic, within the decoder limits.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let spec = regdesk_photo::spec::default_spec();
    let _ = regdesk_photo::make_photo(data, &spec, &regdesk_photo::MakeOptions::default());
});
