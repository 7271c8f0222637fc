//! `store install --from-file ZIP`: the configuration export, read and verified.
#![no_main]
use std::io::Write;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(data).expect("write the input");
    let source = deploy_wizard::store::CmsSource::Export {
        path: file.path().to_path_buf(),
        // The seeds are exported with this password: what is fuzzed is everything after it.
        password: deploy_wizard::store::seal::ExportPassword::new("fuzz-password".into()).ok(),
    };
    let _ = source.read_revision();
});
