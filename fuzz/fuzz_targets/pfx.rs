//! `cert import FILE --password-file F` of PFX/P12 files.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = deploy_wizard::cert::formats::read_bundle(data, Some("fuzz-password"));
});
