//! One line of a decisions file: parsed, its content id and signature checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(record) = serde_json::from_slice::<regdesk_workflow::review::SignedDecision>(data) {
        let _ = regdesk_workflow::review::check(&record);
    }
});
