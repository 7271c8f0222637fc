//! The PEM chain an ACME CA returns, read as `acme::issue` reads it.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = deploy_wizard::cert::formats::read_bundle(text.as_bytes(), None);
    }
});
