//! `cert import` of PEM, DER and P7B files: `read_bundle` without a password, then every
//! certificate's facts.
#![no_main]
use deploy_wizard::cert::formats::read_bundle;
use deploy_wizard::cert::info::CertInfo;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(bundle) = read_bundle(data, None) {
        for der in &bundle.certs {
            let _ = CertInfo::from_der(der);
        }
    }
});
