//! Every fuzz seed (valid inputs: each must be accepted) and every input that once crashed a
//! fuzz target (`tests/data/fuzz/<target>/`: each must now return, accepted or refused),
//! through the same functions as the fuzz targets and the CLI.

use std::path::{Path, PathBuf};

use deploy_wizard::cert::formats::read_bundle;
use deploy_wizard::integration::partners::parse_metadata;
use deploy_wizard::store::CmsSource;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `input` through `target`'s function; true when it was accepted.
fn run(target: &str, input: &Path) -> bool {
    let bytes = std::fs::read(input).unwrap();
    match target {
        "topology" => std::str::from_utf8(&bytes)
            .is_ok_and(|t| deploy_wizard::topology::parse(t, "fuzz").is_ok()),
        "certificate_import" | "ca_response" | "acme_chain" => {
            read_bundle(&bytes, None).is_ok_and(|b| !b.certs.is_empty())
        }
        "pfx" => read_bundle(&bytes, Some("fuzz-password"))
            .is_ok_and(|b| b.key.is_some() && !b.certs.is_empty()),
        "partner_metadata" => parse_metadata(&bytes).is_ok(),
        "export_zip" => CmsSource::Export {
            path: input.to_path_buf(),
            password: deploy_wizard::store::seal::ExportPassword::new("fuzz-password".into()).ok(),
        }
        .read_revision()
        .is_ok(),
        "render_config" => {
            let text = String::from_utf8_lossy(&bytes);
            let mut fields = text.splitn(3, '\u{0}');
            let install = fields.next().unwrap_or_default();
            let listen = fields.next().unwrap_or_default();
            let host = fields.next().unwrap_or_default();
            match deploy_wizard::components::web_services_config_sample(install, listen, host) {
                Ok((rendered, bare)) => {
                    use deploy_wizard::components::render::syntax_signature;
                    assert_eq!(
                        syntax_signature(&rendered),
                        syntax_signature(&bare),
                        "{rendered}"
                    );
                    true
                }
                Err(_) => false,
            }
        }
        "topology_paths" => {
            let text = String::from_utf8_lossy(&bytes);
            deploy_wizard::contained::check(&text).is_ok()
        }
        other => panic!("no fuzz target {other}"),
    }
}

const TARGETS: [&str; 9] = [
    "render_config",
    "topology",
    "certificate_import",
    "pfx",
    "ca_response",
    "acme_chain",
    "partner_metadata",
    "export_zip",
    "topology_paths",
];

#[test]
fn every_seed_is_accepted_and_every_former_crash_input_returns() {
    for target in TARGETS {
        let seeds = files(&root().join("fuzz/seeds").join(target));
        assert!(!seeds.is_empty(), "fuzz/seeds/{target} has seeds");
        for seed in seeds {
            assert!(
                run(target, &seed),
                "{target}: seed {} is refused",
                seed.display()
            );
        }
        for input in files(&root().join("tests/data/fuzz").join(target)) {
            // Accepted or refused, it must return instead of crashing.
            let _accepted = run(target, &input);
        }
    }
}
