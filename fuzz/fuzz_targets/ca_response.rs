//! `cert pending complete --response FILE`: the CA's answer (PEM, DER or PKCS#7).
#![no_main]
use deploy_wizard::cert::formats::{pkcs7_certificates, read_bundle};
use deploy_wizard::cert::info::public_key_bits;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = pkcs7_certificates(data);
    if let Ok(bundle) = read_bundle(data, None) {
        for der in &bundle.certs {
            let _ = public_key_bits(der);
        }
    }
});
