//! Package verification (zip structure, limits, our bounded inflate, manifest, signature).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = regdesk_package::verify(data, regdesk_package::ArchiveLimits::default());
});
