//! Paths from the topology that become directories (the Persistent Chat file store): whatever
//! `topology validate` accepts stays inside its component's directory — lexically, and as the
//! wizard makes it (`contained::make_dir` walks the same parts).
#![no_main]
use std::path::{Component, Path};

const SAMPLE: &str = include_str!("../../assets/topology/enterprise.json");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let accepted = deploy_wizard::contained::check(text).is_ok();
    if accepted {
        let base = Path::new("/srv/deploy-wizard/install/PersistentChat");
        for component in Path::new(text).components() {
            assert!(
                matches!(component, Component::Normal(_)),
                "{text:?} has a {component:?} part"
            );
        }
        assert!(base.join(text).starts_with(base), "{text:?} leaves {base:?}");
        assert_eq!(
            deploy_wizard::contained::inside(base, text).as_deref(),
            Ok(text)
        );
    }
    // Through the whole topology: the file store is refused exactly when the path is.
    let topology = SAMPLE.replace(
        "\"file_store\": \"files\"",
        &format!(
            "\"file_store\": {}",
            serde_json::to_string(text).expect("a string serialises")
        ),
    );
    let valid = deploy_wizard::topology::parse(&topology, "fuzz").is_ok();
    assert_eq!(valid, accepted, "{text:?}: topology {valid}, path {accepted}");
});
