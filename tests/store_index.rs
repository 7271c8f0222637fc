//! The store's index (`certs/.index/`) never makes the Certificate Store page say
//! something the certificates do not: a root trusted afterwards, a key file changed in place,
//! a certificate removed and a damaged index are all seen by the next listing.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{Workspace, openssl};
use deploy_wizard::cert::Usage;
use deploy_wizard::cert::query::{Candidate, candidates};
use deploy_wizard::data_dir::DataDir;

/// The names of the checks `thumb` fails for Default (panics if it is not listed).
fn failed(listed: &[Candidate], thumb: &str) -> Vec<String> {
    let candidate = listed
        .iter()
        .find(|c| c.cert.thumbprint == thumb)
        .unwrap_or_else(|| panic!("{thumb} is listed"));
    candidate.checks[0]
        .1
        .iter()
        .map(|f| f.check.as_str().to_string())
        .collect()
}

/// A Standard Edition server with its Front End certificate requested from the lab CA: the
/// workspace, its data dir and the certificate's thumbprint.
fn lab_with_a_certificate() -> (Workspace, DataDir, String) {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    let data = DataDir::new(ws.data());
    let requested = ws.request_front_end_certificates().json();
    let thumb = requested["certificate"]["thumbprint"]
        .as_str()
        .unwrap_or_else(|| panic!("{requested}"))
        .to_string();
    (ws, data, thumb)
}

#[test]
fn the_index_follows_trust_key_files_removals_and_damage() {
    let (ws, data, lab) = lab_with_a_certificate();

    // A certificate from a private root that is not trusted yet, imported with its key.
    let dir = ws.path(".");
    common::self_signed(
        &dir,
        "root.key",
        "root.pem",
        "/CN=Private Test Root",
        &[
            "basicConstraints=critical,CA:TRUE",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=se01.contoso.com",
        ],
        &dir,
    );
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=DNS:se01.contoso.com,DNS:sip.contoso.com,DNS:lyncdiscoverinternal.contoso.com,DNS:lyncdiscover.contoso.com,DNS:meet.contoso.com,DNS:dialin.contoso.com,DNS:admin.contoso.com,DNS:webext.contoso.com\nextendedKeyUsage=serverAuth,clientAuth\n",
    )
    .unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "root.pem",
            "-CAkey",
            "root.key",
            "-CAcreateserial",
            "-days",
            "20",
            "-extfile",
            "leaf.ext",
            "-out",
            "leaf.pem",
        ],
        &dir,
    );
    let private = ws.import_key_and_certificate("leaf.key", "leaf.pem");

    let listed = candidates(&data, &[Usage::Default]).unwrap();
    assert!(
        failed(&listed, &lab).is_empty(),
        "{:?}",
        failed(&listed, &lab)
    );
    assert_eq!(failed(&listed, &private), ["trusted chain"]);
    let index = ws.data().join("certs/.index");
    let shards = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    };
    assert!(!shards().is_empty());
    for shard in shards() {
        assert_eq!(
            std::fs::metadata(&shard).unwrap().permissions().mode() & 0o777,
            0o600,
            "{}",
            shard.display()
        );
    }

    // Trusted afterwards: the chain verdict is made again (the anchors changed).
    ws.run(&[
        "cert",
        "import",
        dir.join("root.pem").to_str().unwrap(),
        "--trust",
    ])
    .ok();
    let listed = candidates(&data, &[Usage::Default]).unwrap();
    assert!(
        failed(&listed, &private).is_empty(),
        "{:?}",
        failed(&listed, &private)
    );

    // The lab certificate's key file rewritten in place with another key: seen.
    let key_file = ws.data().join("certs").join(&lab).join("key.pem");
    let other_key = std::fs::read(ws.data().join("certs").join(&private).join("key.pem")).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&key_file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &other_key))
        .unwrap();
    let listed = candidates(&data, &[Usage::Default]).unwrap();
    assert_eq!(failed(&listed, &lab), ["private key"]);

    // Removed (from outside): not listed any more.
    std::fs::remove_dir_all(ws.data().join("certs").join(&private)).unwrap();
    let listed = candidates(&data, &[Usage::Default]).unwrap();
    assert!(listed.iter().all(|c| c.cert.thumbprint != private));

    // A damaged index is made again.
    for shard in shards() {
        std::fs::write(&shard, b"{ not json").unwrap();
    }
    let listed = candidates(&data, &[Usage::Default]).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(failed(&listed, &lab), ["private key"]);
    let text: String = shards()
        .iter()
        .map(|s| std::fs::read_to_string(s).unwrap())
        .collect();
    assert!(text.contains(&lab) && !text.contains("PRIVATE KEY"));
}

#[test]
fn an_added_certificate_is_noted_at_once_and_believed_only_while_its_files_are_unchanged() {
    let (ws, data, thumb) = lab_with_a_certificate();

    // Noted by the request itself, before any listing: owner-only, no key in it.
    let index = ws.data().join("certs/.index");
    let added = index.join(format!("{}.added", &thumb[..1]));
    assert_eq!(
        std::fs::metadata(&added).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&added).unwrap();
    assert!(
        text.contains(&thumb) && !text.contains("PRIVATE KEY"),
        "{text}"
    );
    assert!(!index.join(format!("{}.json", &thumb[..1])).exists());

    // A damaged line is skipped; the key file rewritten in place after the note is seen (the
    // noted key verdict is not believed once the file is not the one it was made with).
    std::fs::OpenOptions::new()
        .append(true)
        .open(&added)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"{ not json\n"))
        .unwrap();
    let dir = ws.path(".");
    openssl(
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            "other.key",
        ],
        &dir,
    );
    let other_key = std::fs::read(dir.join("other.key")).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(ws.data().join("certs").join(&thumb).join("key.pem"))
        .and_then(|mut f| std::io::Write::write_all(&mut f, &other_key))
        .unwrap();
    let listed = candidates(&data, &[Usage::Default]).unwrap();
    assert_eq!(failed(&listed, &thumb), ["private key"]);

    // Folded into the shard by that listing.
    assert!(!added.exists());
    let shard = std::fs::read_to_string(index.join(format!("{}.json", &thumb[..1]))).unwrap();
    assert!(shard.contains(&thumb));
    // The lab chain verified against the deployment's own roots: its verdict is kept for them
    // (whatever the system's roots), and read without them.
    assert!(shard.contains("\"anchors\":\"own:"), "{shard}");
}
