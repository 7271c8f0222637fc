//! Topology JSON: `topology validate`, `cms publish` and step 1 all call `topology::parse`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = deploy_wizard::topology::parse(text, "fuzz");
    }
});
