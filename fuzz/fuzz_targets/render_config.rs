//! Step 2's rendering: an install path, a listen address and a host name (the values that
//! reach the web services' nginx.conf), checked as step 2 checks them; whatever is accepted
//! must render a configuration with exactly the template's syntax (no added directive, block,
//! quote or line).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.splitn(3, '\u{0}');
    let install = fields.next().unwrap_or_default();
    let listen = fields.next().unwrap_or_default();
    let host = fields.next().unwrap_or_default();
    if let Ok((rendered, bare)) =
        deploy_wizard::components::web_services_config_sample(install, listen, host)
    {
        use deploy_wizard::components::render::syntax_signature;
        assert_eq!(syntax_signature(&rendered), syntax_signature(&bare), "{rendered}");
    }
});
