//! A partner's metadata document, as `partner new` and `partner test` check it.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = deploy_wizard::integration::partners::parse_metadata(data);
});
