//! The trust defects of a hostile user or a careless administrator, each through the real
//! binary (and a real nginx where a service is involved): exports, pid files, half-dead
//! services, busy ports, injected configuration, install paths, names as TLS clients check
//! them, library errors, unbounded input, orphan temporary files, and the smaller ones.

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{StopServices, Workspace, asset, openssl, step_status};

/// A child process the test started itself, ended (by its own handle) when the test ends.
struct Bystander(std::process::Child);

impl Drop for Bystander {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn an_export_is_owner_only_and_carries_no_secret_in_clear() {
    let ws = Workspace::lab();
    ws.run(&[
        "cert",
        "request",
        "--type",
        "OAuthTokenIssuer",
        "--exportable",
        "--assign",
    ])
    .ok();
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    let zip = ws.path("e.zip");
    let zip_s = zip.to_str().unwrap();

    // No password (with or without --without-secrets): refused, nothing written.
    ws.run(&["cms", "export", "--cms", cms_s, "--out", zip_s])
        .refused("authenticated with a password");
    ws.run(&[
        "cms",
        "export",
        "--cms",
        cms_s,
        "--out",
        zip_s,
        "--without-secrets",
    ])
    .refused("authenticated with a password");
    assert!(!zip.exists());
    let short = ws.write("short", "abc\n");
    ws.run(&[
        "cms",
        "export",
        "--cms",
        cms_s,
        "--out",
        zip_s,
        "--password-file",
        short.to_str().unwrap(),
    ])
    .refused("at least 8 characters");
    assert!(!zip.exists());

    let password = ws.write("export-password", "Export-Pass-4242\n");
    let ran = ws
        .run(&[
            "cms",
            "export",
            "--cms",
            cms_s,
            "--out",
            zip_s,
            "--password-file",
            password.to_str().unwrap(),
        ])
        .ok();
    assert!(
        ran.stdout.contains("encrypted with the export password"),
        "{}",
        ran.stdout
    );
    assert_eq!(mode(&zip), 0o600, "the export is owner-only");

    // The protected objects are sealed: no key in clear in any entry.
    let ca_key = fs::read_to_string(ws.data().join("replica/protected/ca/lab-ca/key.pem")).unwrap();
    let ca_line = ca_key
        .lines()
        .find(|l| !l.starts_with("-----") && l.len() > 40)
        .unwrap();
    let entries = zip_entries(&zip);
    assert!(
        entries.iter().any(|(n, _)| n.starts_with("sealed/")),
        "{entries:?}"
    );
    assert!(entries.iter().any(|(n, _)| n == "sealed.json"));
    for (name, bytes) in &entries {
        assert!(
            !contains(bytes, ca_line.as_bytes()),
            "{name} holds the CA key in clear"
        );
        assert!(
            !contains(bytes, b"PRIVATE KEY"),
            "{name} holds a private key in clear"
        );
    }

    // Step 1 from the export: the password is asked for, a wrong one is refused.
    let edge = ws.path("edge-data");
    ws.run_in(&edge, &["store", "install", "--from-file", zip_s])
        .refused("export password");
    let wrong = ws.write("wrong", "Wrong-Pass-0000\n");
    ws.run_in(
        &edge,
        &[
            "store",
            "install",
            "--from-file",
            zip_s,
            "--password-file",
            wrong.to_str().unwrap(),
        ],
    )
    .refused("export password is wrong");
    assert!(!edge.join("replica").exists());
    ws.run_in(
        &edge,
        &[
            "store",
            "install",
            "--from-file",
            zip_s,
            "--password-file",
            password.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(
        fs::read_to_string(edge.join("replica/protected/ca/lab-ca/key.pem")).unwrap(),
        ca_key,
        "the right password restores the protected objects"
    );
    let logs = ws.run_in(&edge, &["logs", "show", "last"]).ok().stdout;
    assert!(!logs.contains("Export-Pass-4242"), "{logs}");

    // --without-secrets: no protected object at all; still authenticated with the password.
    let bare = ws.path("bare.zip");
    ws.run(&[
        "cms",
        "export",
        "--cms",
        cms_s,
        "--out",
        bare.to_str().unwrap(),
        "--without-secrets",
        "--password-file",
        password.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(mode(&bare), 0o600);
    let entries = zip_entries(&bare);
    assert!(
        !entries.iter().any(|(n, _)| n.starts_with("sealed/")),
        "{entries:?}"
    );
    assert!(entries.iter().any(|(n, _)| n == "export.mac"));
    let manifest = &entries.iter().find(|(n, _)| n == "cms.json").unwrap().1;
    assert!(!contains(manifest, b"protected/"));
    let edge2 = ws.path("edge2-data");
    ws.run_in(
        &edge2,
        &[
            "store",
            "install",
            "--from-file",
            bare.to_str().unwrap(),
            "--password-file",
            password.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(!edge2.join("replica/protected/ca/lab-ca/key.pem").exists());
}

/// The Standard Edition on free ports with steps 1–3 done (web certificates assigned).
fn web_services_ready(ws: &Workspace) -> (u16, u16) {
    let ports = ws.standard_edition_on_free_ports();
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    ports
}

fn pid_file(ws: &Workspace) -> PathBuf {
    ws.data().join("install/WebServices/run/web-services.pid")
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| s.contains(") Z "))
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_stale_pid_file_never_makes_the_wizard_touch_a_strangers_process() {
    let ws = Workspace::new();
    web_services_ready(&ws);
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    ws.run(&["services", "stop"]).ok();
    assert!(
        !pid_file(&ws).exists(),
        "services stop removes the pid file"
    );

    // An unrelated process, named by a stale pid file.
    let stranger = Bystander(Command::new("sleep").arg("120").spawn().unwrap());
    let pid = stranger.0.id();
    fs::write(pid_file(&ws), format!("{pid}\n")).unwrap();
    let text = ws.run(&["services", "status"]).ok().stdout;
    assert!(
        text.contains(&format!("its pid file names another process (pid {pid})")),
        "{text}"
    );
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    assert_eq!(
        common::service(&status, "web-services")["running"],
        false,
        "{status}"
    );
    assert_eq!(
        common::service(&status, "web-services")["stale_pid"],
        pid,
        "{status}"
    );

    let ran = ws.run(&["services", "start"]).ok();
    assert!(
        ran.stdout.contains("Started sip-registrar, web-services"),
        "{}",
        ran.stdout
    );
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("stale pid file"), "{log}");
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    assert_eq!(
        common::service(&status, "web-services")["running"],
        true,
        "{status}"
    );

    // Stop ends nginx and nothing else.
    fs::write(pid_file(&ws), format!("{pid}\n")).unwrap();
    let started = Instant::now();
    ws.run(&["services", "stop"]).ok();
    assert!(alive(pid), "the stranger survives services stop");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "no 10 s wait on a stranger"
    );
    assert!(!pid_file(&ws).exists());
}

#[test]
fn a_half_dead_service_is_seen_and_step_4_clears_its_orphans() {
    let ws = Workspace::new();
    let (internal, _) = web_services_ready(&ws);
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    let master: u32 = fs::read_to_string(pid_file(&ws))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The test's own nginx master (started by the step it ran), killed from outside once it
    // has forked its worker (its port listens before that).
    wait_until("nginx forked its worker", || {
        !deploy_wizard::process::children_of(master).is_empty()
    });
    Command::new("kill")
        .args(["-KILL", &master.to_string()])
        .status()
        .unwrap();
    wait_until("the master is gone", || !alive(master));

    let status = ws.run(&["--json", "services", "status"]).ok().json();
    let service = common::service(&status, "web-services");
    assert_eq!(service["running"], false, "{status}");
    assert!(
        !service["orphans"].as_array().unwrap().is_empty(),
        "{status}"
    );
    let port = service["ports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["port"] == internal)
        .unwrap();
    assert_eq!(
        port["listener"]["program"], "nginx",
        "what actually listens: {status}"
    );
    assert!(port["presented"].is_string(), "TLS still answers: {status}");
    assert_eq!(port["matches"], false);
    let system = ws.run(&["--json", "status"]).ok().json();
    assert_ne!(step_status(&system, 4), "Complete", "{system}");
    // The text says what the JSON says.
    let text = ws.run(&["services", "status"]).ok().stdout;
    assert!(
        text.contains("web-services (WebServices): not running")
            && text.contains("orphaned process")
            && text.contains("step 4 ends"),
        "{text}"
    );

    ws.run(&["services", "start"]).ok();
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("still run and hold its ports"), "{log}");
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    assert_eq!(
        common::service(&status, "web-services")["running"],
        true,
        "{status}"
    );
    assert!(
        common::service(&status, "web-services")
            .get("orphans")
            .is_none(),
        "{status}"
    );
    let system = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&system, 4), "Complete", "{system}");
}

#[test]
fn a_busy_port_is_named_with_its_holder() {
    let ws = Workspace::new();
    let (internal, _) = web_services_ready(&ws);
    let _stop = StopServices(&ws);
    let holder = std::net::TcpListener::bind(("127.0.0.1", internal)).unwrap();
    let ran = ws.run(&["services", "start"]).expect_code(1);
    assert!(
        ran.stderr
            .contains(&format!("TCP port {internal} is already in use by"))
            && ran.stderr.contains(&format!("pid {}", std::process::id())),
        "{}",
        ran.stderr
    );
    drop(holder);
}

#[test]
fn values_that_would_inject_configuration_are_refused_before_anything_is_written() {
    let ws = Workspace::lab();
    for path in [
        "/x\n}\nerror_log /srv/injected.log;\nx",
        "/srv/with space",
        "/srv/semi;colon",
        "/srv/{brace}",
        "relative/path",
    ] {
        let ran = ws
            .run(&["components", "setup", "--install-path", path])
            .expect_code(2);
        assert!(
            ran.stderr.contains("the install path"),
            "{path:?}: {}",
            ran.stderr
        );
    }
    let ran = ws
        .run_env(
            &ws.data(),
            &["components", "setup"],
            &[(
                "DEPLOY_WIZARD_LISTEN_ADDRESS",
                "127.0.0.1;\nerror_log /srv/x",
            )],
        )
        .expect_code(2);
    assert!(
        ran.stderr.contains("DEPLOY_WIZARD_LISTEN_ADDRESS")
            && ran.stderr.contains("not an IP address"),
        "{}",
        ran.stderr
    );
    assert!(!ws.data().join("install").exists(), "nothing was written");
    assert!(!Path::new("/srv/injected.log").exists());
}

#[test]
fn an_install_path_inside_what_the_wizard_replaces_is_refused() {
    let ws = Workspace::lab();
    for (dir, what) in [
        (ws.data().join("replica/x"), "local configuration store"),
        (ws.data().join("certs"), "certificate store"),
        (ws.data().join("logs/x"), "run logs"),
        (ws.path("cms/inside"), "central management store"),
    ] {
        let ran = ws
            .run(&[
                "components",
                "setup",
                "--install-path",
                dir.to_str().unwrap(),
            ])
            .expect_code(2);
        assert!(
            ran.stderr.contains(what),
            "{}: {}",
            dir.display(),
            ran.stderr
        );
    }
    assert!(!ws.data().join("install").exists());
}

fn certificate(cn: &str, sans: &[&str]) -> Vec<u8> {
    let mut params =
        rcgen::CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    let key = rcgen::KeyPair::generate().unwrap();
    params.self_signed(&key).unwrap().der().to_vec()
}

#[test]
fn names_are_checked_as_tls_clients_check_them() {
    use deploy_wizard::cert::info::CertInfo;
    // CN = the pool, SANs without it: no TLS client accepts it for the pool.
    let info = CertInfo::from_der(&certificate(
        "pool.contoso.com",
        &["fe01.contoso.com", "sip.contoso.com"],
    ))
    .unwrap();
    assert!(!info.covers("pool.contoso.com"));
    assert!(info.covers("fe01.contoso.com"));
    // Without a SAN extension, the CN is the name.
    let info = CertInfo::from_der(&certificate("pool.contoso.com", &[])).unwrap();
    assert!(info.covers("pool.contoso.com"));
}

#[test]
fn a_sip_domain_adds_to_the_default_one() {
    let ws = Workspace::new();
    let text = fs::read_to_string(asset("topology/standard-edition.json"))
        .unwrap()
        .replace(
            r#"{ "name": "contoso.com", "default": true }"#,
            r#"{ "name": "contoso.com", "default": true }, { "name": "fabrikam.com" }"#,
        );
    let topology = ws.write("two-domains.json", &text);
    let cms = ws.cms_with("cms", &topology);
    let cms = cms.to_str().unwrap();
    ws.run(&["cms", "ca", "create", "--cms", cms, "--name", "Lab CA"])
        .ok();
    ws.run(&["store", "install", "--from-cms", cms]).ok();
    let out = ws
        .run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "Default",
            "--sip-domain",
            "fabrikam.com",
            "--assign",
        ])
        .ok()
        .json();
    let sans = out["certificate"]["info"]["sans"].to_string();
    assert!(
        sans.contains("sip.contoso.com") && sans.contains("sip.fabrikam.com"),
        "{sans}"
    );
    assert_eq!(out["assigned"][0], "Default");
}

#[test]
fn the_oauth_token_issuer_subject_is_the_sip_domain_itself() {
    let ws = Workspace::lab();
    common::self_signed(
        ws.dir.path(),
        "k.pem",
        "c.pem",
        "/CN=pool01.lab.test",
        &[
            "extendedKeyUsage=serverAuth",
            "subjectAltName=DNS:pool01.lab.test",
        ],
    );
    let bundle = fs::read_to_string(ws.path("k.pem")).unwrap()
        + &fs::read_to_string(ws.path("c.pem")).unwrap();
    let file = ws.write("kc.pem", &bundle);
    let out = ws
        .run(&[
            "--json",
            "cert",
            "import",
            file.to_str().unwrap(),
            "--exportable",
        ])
        .ok()
        .json();
    let thumb = out["certificates"][0]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "OAuthTokenIssuer",
            "--thumbprint",
            &thumb,
        ])
        .expect_code(2);
    assert!(
        ran.stderr.contains("Subject —") && ran.stderr.contains("default SIP domain lab.test"),
        "{}",
        ran.stderr
    );
}

#[test]
fn library_errors_become_sentences_with_the_fix() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    // An X.509 version 1 certificate.
    openssl(
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "k.pem",
            "-out",
            "r.csr",
            "-subj",
            "/CN=vm.lab.test",
        ],
        dir,
    );
    openssl(
        &[
            "x509", "-req", "-in", "r.csr", "-signkey", "k.pem", "-out", "v1.pem", "-days", "30",
        ],
        dir,
    );
    let thumb = ws.import_key_and_certificate("k.pem", "v1.pem");
    let ran = ws.assign("Default", &thumb).refused("version 1");
    assert!(
        !ran.stderr.contains("UnsupportedCertVersion"),
        "{}",
        ran.stderr
    );

    // A certificate for clients only: named by the serverAuth check, no library words.
    common::self_signed(
        dir,
        "kc.pem",
        "cc.pem",
        "/CN=vm.lab.test",
        &["extendedKeyUsage=clientAuth"],
    );
    let thumb = ws.import_key_and_certificate("kc.pem", "cc.pem");
    let ran = ws.assign("Default", &thumb).refused("serverAuth");
    assert!(!ran.stderr.contains("RequiredEku"), "{}", ran.stderr);

    // A 1024-bit key.
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:1024",
            "-nodes",
            "-keyout",
            "k1.pem",
            "-out",
            "c1.pem",
            "-days",
            "30",
            "-subj",
            "/CN=vm.lab.test",
        ],
        dir,
    );
    let weak = ws.write(
        "weak.pem",
        &(fs::read_to_string(ws.path("k1.pem")).unwrap()
            + &fs::read_to_string(ws.path("c1.pem")).unwrap()),
    );
    let ran = ws
        .run(&["cert", "import", weak.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains("1024 bits") && !ran.stderr.contains("Could not parse"),
        "{}",
        ran.stderr
    );

    // A key-only file.
    ws.run(&["cert", "import", ws.path("k.pem").to_str().unwrap()])
        .refused("a private key but no certificate");

    // A missing intermediate: the chain's cause is named.
    let root_key = rcgen::KeyPair::generate().unwrap();
    let mut root = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    root.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    root.distinguished_name
        .push(rcgen::DnType::CommonName, "Test Root");
    let root_cert = root.self_signed(&root_key).unwrap();
    let root_issuer = rcgen::Issuer::new(root, &root_key);
    let inter_key = rcgen::KeyPair::generate().unwrap();
    let mut inter = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    inter.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    inter
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Test Intermediate");
    inter.signed_by(&inter_key, &root_issuer).unwrap();
    let inter_issuer = rcgen::Issuer::new(inter, &inter_key);
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let mut leaf =
        rcgen::CertificateParams::new(vec!["vm.lab.test".to_string(), "sip.lab.test".into()])
            .unwrap();
    leaf.distinguished_name
        .push(rcgen::DnType::CommonName, "vm.lab.test");
    leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_cert = leaf.signed_by(&leaf_key, &inter_issuer).unwrap();
    let root_file = ws.write("root.pem", &root_cert.pem());
    ws.run(&["cert", "import", root_file.to_str().unwrap(), "--trust"])
        .ok();
    let leaf_file = ws.write("leaf.pem", &(leaf_key.serialize_pem() + &leaf_cert.pem()));
    let out = ws
        .run(&["--json", "cert", "import", leaf_file.to_str().unwrap()])
        .ok()
        .json();
    let thumb = out["certificates"][0]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    ws.run(&[
        "cert",
        "assign",
        "--type",
        "Default",
        "--thumbprint",
        &thumb,
    ])
    .refused("intermediate CA");

    // A PFX with a certificate and no key is read as what it is (it held "no certificate").
    let other_key = rcgen::KeyPair::generate().unwrap();
    let mut other = rcgen::CertificateParams::new(vec!["vm.lab.test".to_string()]).unwrap();
    other
        .distinguished_name
        .push(rcgen::DnType::CommonName, "vm.lab.test");
    ws.write(
        "other.pem",
        &other.signed_by(&other_key, &inter_issuer).unwrap().pem(),
    );
    ws.write("pw", "abcdefgh\n");
    openssl(
        &[
            "pkcs12",
            "-export",
            "-nokeys",
            "-in",
            "other.pem",
            "-passout",
            "pass:abcdefgh",
            "-out",
            "nokey.pfx",
        ],
        dir,
    );
    let ran = ws
        .run(&[
            "cert",
            "import",
            ws.path("nokey.pfx").to_str().unwrap(),
            "--password-file",
            ws.path("pw").to_str().unwrap(),
        ])
        .ok();
    assert!(
        ran.stdout.contains("Imported") && !ran.stdout.contains("with its private key"),
        "{}",
        ran.stdout
    );
}

#[test]
fn endless_and_huge_inputs_are_refused_at_their_limit() {
    let ws = Workspace::lab();
    for (args, limit) in [
        (vec!["cert", "import", "/dev/zero"], "4 MiB"),
        (vec!["cert", "import", "/dev/urandom"], "4 MiB"),
        (vec!["topology", "validate", "/dev/zero"], "32 MiB"),
        (
            vec!["cert", "pending", "complete", "--response", "/dev/zero"],
            "4 MiB",
        ),
    ] {
        let started = Instant::now();
        let ran = ws.run(&args).expect_code(2);
        assert!(ran.stderr.contains(limit), "{args:?}: {}", ran.stderr);
        eprintln!("{args:?} refused in {:?}", started.elapsed());
    }
    ws.run(&["cert", "import", ws.path("").to_str().unwrap()])
        .refused("is a directory");
}

#[test]
fn temporary_files_left_by_a_kill_are_cleaned_under_the_lock() {
    let ws = Workspace::lab();
    let orphans = [
        ".state.json.tmp-deadbeef",
        ".settings.json.tmp-0badf00d",
        ".assignments.json.tmp-12345678",
    ];
    for name in orphans {
        fs::write(ws.data().join(name), b"half").unwrap();
    }
    ws.run(&["cert", "request", "--type", "Default"]).ok();
    for name in orphans {
        assert!(!ws.data().join(name).exists(), "{name} is removed");
    }
}

#[test]
fn the_smaller_refusals() {
    let ws = Workspace::lab();
    // A data dir that is a file.
    let file = ws.write("not-a-dir", "x");
    for args in [
        vec!["status"],
        vec!["store", "install", "--from-cms", "/nowhere"],
    ] {
        ws.run_in(&file, &args)
            .refused("is a file, not a directory");
    }
    // A topology with no site.
    let text = r#"{ "sip_domains": [ { "name": "contoso.com", "default": true } ], "sites": [] }"#;
    let empty = ws.write("no-site.json", text);
    ws.run(&["topology", "validate", empty.to_str().unwrap()])
        .refused("no site");
    // An empty run name.
    ws.run(&["logs", "show", ""]).refused("give a run's id");
    // A byte-order mark and invalid UTF-8: line and column.
    let sample = fs::read(asset("topology/standard-edition.json")).unwrap();
    let bom = ws.path("bom.json");
    fs::write(&bom, [&[0xEF, 0xBB, 0xBF][..], &sample].concat()).unwrap();
    let ran = ws
        .run(&["topology", "validate", bom.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains("1:1") && ran.stderr.contains("byte-order mark"),
        "{}",
        ran.stderr
    );
    let mut bad = sample.clone();
    let at = bad.iter().position(|b| *b == b'c').unwrap(); // in "contoso" on line 4
    bad[at] = 0xFF;
    let line = bad[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let bad_file = ws.path("bad.json");
    fs::write(&bad_file, &bad).unwrap();
    let ran = ws
        .run(&["topology", "validate", bad_file.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains(&format!("{line}:")) && ran.stderr.contains("not UTF-8"),
        "{}",
        ran.stderr
    );
}

#[test]
fn an_unusual_but_valid_install_path_renders_a_configuration_nginx_accepts() {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    ws.request_front_end_certificates();
    let install = ws.path("inställning-dépôt_(1)");
    ws.run(&[
        "components",
        "setup",
        "--install-path",
        install.to_str().unwrap(),
    ])
    .ok();
    let dir = install.join("WebServices");
    let conf = fs::read_to_string(dir.join("conf/nginx.conf")).unwrap();
    assert!(
        conf.contains(&format!("pid {}/run/web-services.pid;", dir.display())),
        "{conf}"
    );
    let mut out = Command::new("nginx");
    out.args(["-t", "-q", "-p"])
        .arg(&dir)
        .arg("-e")
        .arg(dir.join("logs/error.log"))
        .arg("-c")
        .arg(dir.join("conf/nginx.conf"));
    let out = common::output_within(&mut out, common::CLIENT_LIMIT);
    assert!(
        out.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The same values through the fuzz target's function: the syntax is the template's.
    use deploy_wizard::components::render::syntax_signature;
    let (rendered, bare) = deploy_wizard::components::web_services_config_sample(
        install.to_str().unwrap(),
        "::1",
        "se01.contoso.com",
    )
    .unwrap();
    assert_eq!(syntax_signature(&rendered), syntax_signature(&bare));
    let refused = deploy_wizard::components::web_services_config_sample(
        "/x\n}\nerror_log /srv/injected.log;\nx",
        "127.0.0.1",
        "se01.contoso.com",
    );
    assert!(refused.is_err());
}

/// A file store that could leave the Persistent Chat component's directory is refused by
/// `topology validate` and `cms publish` with its line and column, and nothing is published:
/// absolute paths (`/`, `/etc`), `..`, and paths that are not written the one way.
#[test]
fn a_topology_path_that_could_leave_its_component_is_refused() {
    let ws = Workspace::new();
    let sample = std::fs::read_to_string(common::asset("topology/enterprise.json")).unwrap();
    assert!(sample.contains("\"file_store\": \"files\""));
    let cms = ws.path("cms");
    ws.run(&["cms", "init", cms.to_str().unwrap()]).ok();
    let published = std::fs::read(cms.join("cms.json")).unwrap();
    for bad in [
        "/",
        "/etc",
        "/srv/pchat-files",
        "..",
        "files/../../../etc",
        "./files",
        "files//x",
        "files/",
        "fi\\\\les",
        "~root",
    ] {
        let text = sample.replace(
            "\"file_store\": \"files\"",
            &format!("\"file_store\": \"{bad}\""),
        );
        let file = ws.write("bad-path.json", &text);
        let line = text
            .lines()
            .position(|l| l.contains("\"file_store\""))
            .unwrap()
            + 1;
        let ran = ws
            .run(&["topology", "validate", file.to_str().unwrap()])
            .expect_code(2);
        assert!(
            ran.stderr.contains("file_store")
                && ran
                    .stderr
                    .contains("inside the Persistent Chat component's directory")
                && ran.stderr.contains(&format!("bad-path.json:{line}:")),
            "{bad}: {}",
            ran.stderr
        );
        ws.run(&[
            "cms",
            "publish",
            "--cms",
            cms.to_str().unwrap(),
            "--topology",
            file.to_str().unwrap(),
        ])
        .expect_code(2);
        assert_eq!(
            std::fs::read(cms.join("cms.json")).unwrap(),
            published,
            "{bad}: nothing was published"
        );
    }
}

/// Writes `entries` as a zip at `path` (what someone who changes an export would do).
fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// An export is authenticated whole with a key derived from its password: a topology changed
/// with its hash updated in cms.json, a swapped lab CA certificate, sealed objects swapped
/// between names, an entry added or the authentication removed are all refused with exit 2 and
/// the replica is left as it was; an export older than the replica is refused unless
/// `--allow-older` is given.
#[test]
fn a_tampered_reordered_or_older_export_is_refused_and_the_replica_unchanged() {
    let ws = Workspace::lab();
    ws.run(&[
        "cert",
        "request",
        "--type",
        "OAuthTokenIssuer",
        "--exportable",
        "--assign",
    ])
    .ok();
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    let password = ws.write("export-password", "Export-Pass-4242\n");
    let password_s = password.to_str().unwrap();
    let export = |name: &str| -> std::path::PathBuf {
        let zip = ws.path(name);
        ws.run(&[
            "cms",
            "export",
            "--cms",
            cms_s,
            "--out",
            zip.to_str().unwrap(),
            "--password-file",
            password_s,
        ])
        .ok();
        zip
    };
    let old = export("old.zip");
    // A later revision (a second CA published), exported and installed on the Edge.
    ws.run(&["cms", "ca", "create", "--cms", cms_s, "--name", "Second CA"])
        .ok();
    let new = export("new.zip");
    let edge = ws.path("edge-data");
    let install = |zip: &Path, extra: &[&str]| {
        let mut args = vec![
            "store",
            "install",
            "--from-file",
            zip.to_str().unwrap(),
            "--password-file",
            password_s,
            "--server",
            "vm.lab.test",
        ];
        args.extend(extra);
        ws.run_in(&edge, &args)
    };
    install(&new, &[]).ok();
    let replica = || fs::read_to_string(edge.join("replica/replica.json")).unwrap();
    let before = replica();

    let entries = zip_entries(&new);
    let manifest: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| n == "cms.json").unwrap().1).unwrap();
    let sha_of = |doc: &str| {
        manifest["documents"][doc]["sha256"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // A document replaced, and its hash and size updated in cms.json so that they match.
    let replaced = |doc: &str, bytes: Vec<u8>| -> Vec<(String, Vec<u8>)> {
        let old_sha = sha_of(doc);
        let new_sha = deploy_wizard::store::sha256_hex(&bytes);
        let mut manifest = manifest.clone();
        manifest["documents"][doc]["sha256"] = new_sha.clone().into();
        manifest["documents"][doc]["size"] = bytes.len().into();
        entries
            .iter()
            .map(|(name, content)| {
                if name == "cms.json" {
                    (name.clone(), serde_json::to_vec_pretty(&manifest).unwrap())
                } else if *name == format!("objects/{old_sha}") {
                    (format!("objects/{new_sha}"), bytes.clone())
                } else {
                    (name.clone(), content.clone())
                }
            })
            .collect()
    };
    let topology = entries
        .iter()
        .find(|(n, _)| *n == format!("objects/{}", sha_of("topology.json")))
        .unwrap()
        .1
        .clone();
    let mut changed_topology = topology.clone();
    changed_topology.extend(b"\n\n");
    let ca_doc = manifest["documents"]
        .as_object()
        .unwrap()
        .keys()
        .find(|k| k.starts_with("ca/") && k.ends_with("certificate.pem"))
        .unwrap()
        .clone();
    let other_cert = common::openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "/dev/null",
            "-subj",
            "/CN=Swapped Root",
            "-days",
            "2",
        ],
        ws.dir.path(),
    );
    let sealed: Vec<&(String, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n.starts_with("sealed/"))
        .collect();
    assert!(sealed.len() >= 2, "{entries:?}");
    let swapped: Vec<(String, Vec<u8>)> = entries
        .iter()
        .map(|(name, bytes)| {
            if name == &sealed[0].0 {
                (name.clone(), sealed[1].1.clone())
            } else if name == &sealed[1].0 {
                (name.clone(), sealed[0].1.clone())
            } else {
                (name.clone(), bytes.clone())
            }
        })
        .collect();
    let mut added = entries.clone();
    added.push(("objects/extra".into(), b"more".to_vec()));
    let mut reordered = entries.clone();
    reordered.reverse();
    let stripped: Vec<(String, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n != "export.mac")
        .cloned()
        .collect();
    for (what, contents, words) in [
        (
            "a changed topology",
            replaced("topology.json", changed_topology),
            "was changed after",
        ),
        (
            "a swapped CA certificate",
            replaced(&ca_doc, other_cert.into_bytes()),
            "was changed after",
        ),
        ("sealed objects swapped", swapped, "was changed after"),
        ("an entry added", added, "was changed after"),
        ("no authentication", stripped, "carries no authentication"),
    ] {
        let zip = ws.path("tampered.zip");
        write_zip(&zip, &contents);
        let ran = install(&zip, &[]).expect_code(2);
        assert!(ran.stderr.contains(words), "{what}: {}", ran.stderr);
        assert_eq!(replica(), before, "{what}: the replica is unchanged");
    }
    // The order of entries in the zip does not matter: the same export, reordered, installs.
    let zip = ws.path("reordered.zip");
    write_zip(&zip, &reordered);
    install(&zip, &[]).ok();
    let before = replica();

    // The older export would roll the server back: refused, then done on purpose.
    let ran = install(&old, &[]).expect_code(2);
    assert!(
        ran.stderr
            .contains("older than this server's local configuration store")
            && ran.stderr.contains("--allow-older"),
        "{}",
        ran.stderr
    );
    assert_eq!(replica(), before);
    let french = ws.run_env(
        &edge,
        &[
            "store",
            "install",
            "--from-file",
            old.to_str().unwrap(),
            "--password-file",
            password_s,
            "--server",
            "vm.lab.test",
        ],
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert!(
        french
            .stderr
            .contains("plus ancienne que le magasin de configuration local"),
        "{}",
        french.stderr
    );
    install(&old, &["--allow-older"]).ok();
    assert_ne!(replica(), before, "rolled back on purpose");
}

/// The identity records the wizard checks before it signals anything are kept where only the
/// wizard writes (`.wizard/` of the install directory, 0700), not beside the pid file in a
/// directory a service account may own: a forged record there, and a pid file rewritten to
/// name another process, neither make `services status` call that process the service nor
/// make `services stop` signal it.
#[test]
fn a_record_beside_the_pid_file_is_never_believed() {
    let ws = Workspace::new();
    web_services_ready(&ws);
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    let install = ws.data().join("install/WebServices");
    let records = install.join(".wizard");
    assert_eq!(mode(&records), 0o700, "records are the wizard's own");
    assert!(
        fs::read_dir(install.join("run"))
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().contains("identity")),
        "no record beside the pid file"
    );
    let nginx: u32 = fs::read_to_string(pid_file(&ws))
        .unwrap()
        .trim()
        .parse()
        .unwrap();

    // What a service account that owns run/ could write: a record of another process and a
    // pid file naming it.
    let stranger = Bystander(Command::new("sleep").arg("120").spawn().unwrap());
    let pid = stranger.0.id();
    let forged = deploy_wizard::process::identity(pid).expect("the stranger's identity");
    fs::write(
        install.join("run/web-services.pid.identity.json"),
        serde_json::to_vec(&forged).unwrap(),
    )
    .unwrap();
    fs::write(pid_file(&ws), format!("{pid}\n")).unwrap();
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    let service = common::service(&status, "web-services");
    assert_eq!(service["running"], true, "{status}");
    assert_eq!(
        service["pid"], nginx,
        "the recorded nginx, not the stranger: {status}"
    );

    ws.run(&["services", "stop"]).ok();
    assert!(alive(pid), "the stranger survives services stop");
    wait_until("nginx stopped", || !alive(nginx));
}

/// The third review's smaller defects, each refused or said as it should be.
#[test]
fn the_third_reviews_smaller_defects() {
    let ws = Workspace::lab();
    // A failure hook on two lines, and a time the integer parser would take.
    ws.run(&["renewal", "hook", "--on-failure", "echo one\necho two"])
        .refused("without a line break");
    for at in ["+3:17", "3:7", " 3:17", "03:17 "] {
        let ran = ws.run(&["renewal", "enable", "--at", at]).expect_code(2);
        assert!(
            ran.stderr.contains("is not a time"),
            "{at:?}: {}",
            ran.stderr
        );
    }
    // Persistent Chat administrators: one user whatever the case; no dot games.
    ws.run(&["pchat", "admin", "add", "sip:Alice@lab.test"])
        .ok();
    ws.run(&["pchat", "admin", "add", "sip:alice@lab.test"])
        .ok();
    let admins = ws.run(&["--json", "pchat", "admin", "list"]).ok().json();
    assert_eq!(
        admins.to_string().matches("alice@lab.test").count(),
        1,
        "{admins}"
    );
    for bad in [
        "sip:..@lab.test",
        "sip:.alice@lab.test",
        "sip:a..b@lab.test",
    ] {
        ws.run(&["pchat", "admin", "add", bad])
            .refused("is not the SIP URI of a user");
    }
    // The CMS's HTTPS port cannot be a port its host already serves.
    let mut topology: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(asset("topology/standard-edition.json")).unwrap())
            .unwrap();
    topology["central_management_store"] =
        serde_json::json!({ "server": "se01.contoso.com", "port": 5061 });
    let file = ws.write("cms-on-sip.json", &topology.to_string());
    let ran = ws
        .run(&["topology", "validate", file.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains("central_management_store.port")
            && ran.stderr.contains("already the SIP port"),
        "{}",
        ran.stderr
    );
    // What a publication killed before its rename left in the served web/ is removed by the
    // next one.
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    let password = ws.write("replication-password", "Replicate-4242\n");
    ws.run(&[
        "cms",
        "serve",
        "--cms",
        cms_s,
        "--password-file",
        password.to_str().unwrap(),
    ])
    .ok();
    let leftover = cms.join("web/.cms.json.tmp-deadbeef");
    fs::write(&leftover, "half").unwrap();
    ws.run(&[
        "cms",
        "ca",
        "create",
        "--cms",
        cms_s,
        "--name",
        "Another CA",
    ])
    .ok();
    assert!(!leftover.exists(), "the leftover is removed");
    // A data directory others may traverse (as step 2 makes it) is not reported; one they may
    // list is.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(ws.data(), fs::Permissions::from_mode(0o711)).unwrap();
    let status = ws.run(&["status"]).ok().stdout;
    assert!(!status.contains("the data directory"), "{status}");
    fs::set_permissions(ws.data(), fs::Permissions::from_mode(0o755)).unwrap();
    let status = ws.run(&["status"]).ok().stdout;
    assert!(
        status.contains("can be listed or written by others") && status.contains("chmod go-rw"),
        "{status}"
    );
    fs::set_permissions(ws.data(), fs::Permissions::from_mode(0o700)).unwrap();
    // An expired certificate imports with a warning; a damaged one is named in words.
    let mut params = rcgen::CertificateParams::new(vec!["old.lab.test".to_string()]).unwrap();
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    let key = rcgen::KeyPair::generate().unwrap();
    let expired = ws.path("expired.pem");
    fs::write(&expired, params.self_signed(&key).unwrap().pem()).unwrap();
    let ran = ws.run(&["cert", "import", expired.to_str().unwrap()]).ok();
    assert!(
        ran.stdout.contains("expired on 2021-01-01") && ran.stdout.contains("cannot be assigned"),
        "{}",
        ran.stdout
    );
    let french = ws.run_env(
        &ws.data(),
        &["cert", "import", expired.to_str().unwrap()],
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert!(
        french.stdout.contains("a expiré le 2021-01-01"),
        "{}",
        french.stdout
    );
    let der = certificate("cut.lab.test", &["cut.lab.test"]);
    let cut = ws.path("cut.der");
    fs::write(&cut, &der[..der.len() / 2]).unwrap();
    let ran = ws
        .run(&["cert", "import", cut.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains("truncated")
            && !ran.stderr.contains("Nom")
            && !ran.stderr.contains("Eof"),
        "{}",
        ran.stderr
    );
}

/// `cms export --server FQDN` holds exactly the secrets that server's roles use (an Edge: the
/// TURN secret; a chat server: its store's secret; no CA key unless asked for), and `status`
/// names the secrets a server holds that none of its roles uses.
#[test]
fn an_export_for_one_server_holds_only_the_secrets_its_roles_use() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &asset("topology/enterprise.json"));
    let cms_s = cms.to_str().unwrap();
    ws.run(&["cms", "ca", "create", "--cms", cms_s, "--name", "Lab CA"])
        .ok();
    // The TURN secret, published from a Front End (which writes the CMS).
    let fe = ws.path("fe01");
    let as_fe =
        |args: &[&str]| ws.run_env(&fe, args, &[("DEPLOY_WIZARD_FQDN", "fe01.contoso.com")]);
    as_fe(&["store", "install", "--from-cms", cms_s]).ok();
    as_fe(&["edge", "secret-rotate"]).ok();
    let password = ws.write("export-password", "Export-Pass-4242\n");
    let export = |name: &str, extra: &[&str]| -> Vec<String> {
        let zip = ws.path(name);
        let mut args = vec![
            "cms",
            "export",
            "--cms",
            cms_s,
            "--out",
            zip.to_str().unwrap(),
            "--password-file",
            password.to_str().unwrap(),
        ];
        args.extend(extra);
        ws.run(&args).ok();
        let entries = zip_entries(&zip);
        let manifest: serde_json::Value =
            serde_json::from_slice(&entries.iter().find(|(n, _)| n == "cms.json").unwrap().1)
                .unwrap();
        manifest["documents"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.starts_with("protected/"))
            .cloned()
            .collect()
    };
    let all = export("all.zip", &[]);
    assert!(all.len() >= 3, "{all:?}");
    assert_eq!(
        export("edge.zip", &["--server", "edge01.contoso.com"]),
        ["protected/settings/turn-secret"]
    );
    assert_eq!(
        export("chat.zip", &["--server", "pc01.contoso.com"]),
        ["protected/settings/pchat-store-secret"]
    );
    let with_keys = export(
        "edge-keys.zip",
        &["--server", "edge01.contoso.com", "--with-ca-keys"],
    );
    assert!(
        with_keys.iter().any(|k| k.starts_with("protected/ca/"))
            && with_keys.contains(&"protected/settings/turn-secret".to_string())
            && !with_keys.iter().any(|k| k.contains("pchat")),
        "{with_keys:?}"
    );
    ws.run(&[
        "cms",
        "export",
        "--cms",
        cms_s,
        "--out",
        ws.path("x.zip").to_str().unwrap(),
        "--password-file",
        password.to_str().unwrap(),
        "--server",
        "nowhere.contoso.com",
    ])
    .refused("has no server nowhere.contoso.com");

    // The Edge from the full export holds the chat store's secret for nothing: said.
    let edge = ws.path("edge01");
    let on_edge =
        |args: &[&str]| ws.run_env(&edge, args, &[("DEPLOY_WIZARD_FQDN", "edge01.contoso.com")]);
    let install = |zip: &str| {
        on_edge(&[
            "store",
            "install",
            "--from-file",
            ws.path(zip).to_str().unwrap(),
            "--password-file",
            password.to_str().unwrap(),
            "--allow-older",
        ])
        .ok();
    };
    install("all.zip");
    let status = on_edge(&["status"]).ok().stdout;
    assert!(
        status.contains(
            "holds a secret none of its roles uses: protected/settings/pchat-store-secret"
        ),
        "{status}"
    );
    install("edge.zip");
    let status = on_edge(&["--json", "status"]).ok().json();
    assert!(status.get("unused_secrets").is_none(), "{status}");
    assert!(
        !edge
            .join("replica/protected/settings/pchat-store-secret")
            .exists()
    );
}
