//! The certificate core through the real binary, against real parts: OpenSSL reads and makes
//! what we exchange, Debian's pebble issues over ACME, and every bad input is refused with its
//! reason while the store and the assignments stay as they were.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::pebble::{Pebble, PebbleOptions};
use common::{Workspace, asset, openssl, step_status};
use serde_json::Value;

/// Requests with the lab CA and returns the thumbprint.
fn lab_request(ws: &Workspace, extra: &[&str]) -> String {
    let mut args = vec!["--json", "cert", "request"];
    args.extend_from_slice(extra);
    let out = ws.run(&args).ok().json();
    out["certificate"]["thumbprint"]
        .as_str()
        .expect("a certificate was issued")
        .to_string()
}

/// What must not change when a command is refused.
fn snapshot(ws: &Workspace) -> (Value, Option<String>) {
    let list = ws.run(&["--json", "cert", "list"]).ok().json();
    (
        list,
        fs::read_to_string(ws.data().join("assignments.json")).ok(),
    )
}

fn lab_root(ws: &Workspace) -> PathBuf {
    ws.data().join("replica/ca/lab-ca/certificate.pem")
}

#[test]
fn openssl_verifies_our_requests_chains_and_pfx_files() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    // An offline request OpenSSL accepts, with the names from the topology.
    let csr = ws.path("request.csr");
    let out = ws
        .run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "Default",
            "--offline",
            csr.to_str().unwrap(),
            "--key",
            "rsa3072",
            "--org",
            "Contoso",
            "--country",
            "fr",
        ])
        .ok()
        .json();
    assert!(out["pending"]["id"].is_string());
    let text = openssl(
        &["req", "-in", "request.csr", "-verify", "-noout", "-text"],
        dir,
    );
    assert!(
        text.contains("verify OK") || text.contains("Certificate request self-signature verify OK"),
        "{text}"
    );
    assert!(text.contains("DNS:sip.lab.test"), "{text}");
    assert!(
        text.contains("O = Contoso") && text.contains("C = FR"),
        "{text}"
    );
    assert!(text.contains("3072 bit"), "{text}");

    // A lab-issued chain OpenSSL verifies against the lab root.
    let thumb = lab_request(
        &ws,
        &[
            "--type",
            "WebServicesInternal",
            "--exportable",
            "--key",
            "p256",
        ],
    );
    let cert = ws.data().join("certs").join(&thumb).join("cert.pem");
    let verified = openssl(
        &[
            "verify",
            "-CAfile",
            lab_root(&ws).to_str().unwrap(),
            "-purpose",
            "sslserver",
            cert.to_str().unwrap(),
        ],
        dir,
    );
    assert!(verified.contains(": OK"), "{verified}");
    let fingerprint = openssl(
        &[
            "x509",
            "-in",
            cert.to_str().unwrap(),
            "-noout",
            "-fingerprint",
            "-sha1",
        ],
        dir,
    );
    assert!(
        fingerprint.replace(':', "").contains(&thumb),
        "thumbprint = SHA-1 of the DER: {fingerprint}"
    );

    // Our PFX files (modern and legacy) open in OpenSSL with the password from a file.
    fs::write(ws.path("pw"), "s3cret-Pfx!\n").unwrap();
    for (name, legacy) in [("modern.pfx", false), ("legacy.pfx", true)] {
        let mut args = vec![
            "cert",
            "export",
            thumb.as_str(),
            "--out",
            name,
            "--password-file",
            "pw",
        ];
        if legacy {
            args.push("--legacy");
        }
        let out_path = ws.path(name);
        let pw = ws.path("pw");
        let args: Vec<String> = args
            .iter()
            .map(|a| match *a {
                "pw" => pw.display().to_string(),
                n if n == name => out_path.display().to_string(),
                other => other.to_string(),
            })
            .collect();
        ws.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .ok();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&out_path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let info = openssl(
            &[
                "pkcs12", "-in", name, "-passin", "file:pw", "-nodes", "-info",
            ],
            dir,
        );
        assert!(
            info.contains("BEGIN CERTIFICATE") && info.contains("BEGIN PRIVATE KEY"),
            "{info}"
        );
        if legacy {
            assert!(
                info.contains("3DES") || info.contains("pbeWithSHA1And3-KeyTripleDES-CBC"),
                "{info}"
            );
        } else {
            assert!(
                info.contains("AES-256") || info.contains("aes-256"),
                "{info}"
            );
        }
    }
    // The password is in no log.
    let logs = fs::read_dir(ws.data().join("logs"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!logs.contains("s3cret-Pfx!"));
}

#[test]
fn imports_pfx_files_openssl_made_default_and_legacy() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    common::self_signed(dir, "k.pem", "c.pem", "/CN=imported.lab.test", &[]);
    fs::write(ws.path("pw"), "openssl-made\n").unwrap();
    for (name, legacy) in [("default.p12", false), ("legacy.p12", true)] {
        let mut args = vec![
            "pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem", "-out", name, "-passout",
            "file:pw",
        ];
        if legacy {
            args.push("-legacy");
        }
        openssl(&args, dir);
        let out = ws
            .run(&[
                "--json",
                "cert",
                "import",
                ws.path(name).to_str().unwrap(),
                "--password-file",
                ws.path("pw").to_str().unwrap(),
            ])
            .ok()
            .json();
        let cert = &out["certificates"][0];
        assert_eq!(cert["has_key"], true, "{name}: {out}");
        assert_eq!(cert["info"]["subject_cn"], "imported.lab.test");
    }
    // The same certificate twice is one entry.
    let list = ws.run(&["--json", "cert", "list"]).ok().json();
    assert_eq!(list["certificates"].as_array().unwrap().len(), 1);
    // The environment variable works as the password source too.
    let out = Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
        .args([
            "--data-dir",
            ws.data().to_str().unwrap(),
            "cert",
            "import",
            ws.path("legacy.p12").to_str().unwrap(),
        ])
        .env("DEPLOY_WIZARD_PFX_PASSWORD", "openssl-made")
        .env("DEPLOY_WIZARD_FQDN", &ws.fqdn)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_certificate_files_are_refused_with_their_reason() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    let before = snapshot(&ws);
    common::self_signed(dir, "k.pem", "c.pem", "/CN=x.lab.test", &[]);
    fs::write(ws.path("pw"), "right\n").unwrap();
    fs::write(ws.path("wrong"), "wrong\n").unwrap();
    openssl(
        &[
            "pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem", "-out", "x.pfx", "-passout",
            "file:pw",
        ],
        dir,
    );

    let ran = ws
        .run(&[
            "cert",
            "import",
            ws.path("x.pfx").to_str().unwrap(),
            "--password-file",
            ws.path("wrong").to_str().unwrap(),
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("The password is wrong for this PFX file"),
        "{}",
        ran.stderr
    );
    let ran = ws
        .run(&["cert", "import", ws.path("x.pfx").to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("This is a PFX file: give its password. Give it with --password-file"),
        "{}",
        ran.stderr
    );

    openssl(
        &["x509", "-in", "c.pem", "-outform", "DER", "-out", "c.der"],
        dir,
    );
    let der = fs::read(ws.path("c.der")).unwrap();
    fs::write(ws.path("truncated.der"), &der[..der.len() - 40]).unwrap();
    let ran = ws
        .run(&["cert", "import", ws.path("truncated.der").to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("looks like DER but does not parse as a certificate")
            && ran.stderr.contains("truncated"),
        "{}",
        ran.stderr
    );

    let pem_text = fs::read_to_string(ws.path("c.pem")).unwrap();
    let garbage = pem_text.replace(
        "\n-----END CERTIFICATE-----",
        "!!garbage!!\n-----END CERTIFICATE-----",
    );
    fs::write(ws.path("garbage.pem"), garbage).unwrap();
    let ran = ws
        .run(&["cert", "import", ws.path("garbage.pem").to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains("garbage.pem: the PEM text is damaged"),
        "{}",
        ran.stderr
    );

    fs::write(
        ws.path("random.bin"),
        b"\x01\x02 definitely not a certificate",
    )
    .unwrap();
    let ran = ws
        .run(&["cert", "import", ws.path("random.bin").to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("not a PEM, DER, PKCS#7 (.p7b) or PKCS#12 (.pfx) certificate file"),
        "{}",
        ran.stderr
    );

    let ran = ws
        .run(&["cert", "request", "--type", "Default", "--key", "rsa1024"])
        .expect_code(2);
    assert!(
        ran.stderr.contains("an RSA key of 1024 bits is refused"),
        "{}",
        ran.stderr
    );
    let ran = ws
        .run(&[
            "cert",
            "request",
            "--type",
            "Default",
            "--country",
            "France",
        ])
        .expect_code(2);
    assert!(ran.stderr.contains("two-letter code"), "{}", ran.stderr);
    let ran = ws
        .run(&[
            "cert",
            "request",
            "--type",
            "Default",
            "--san",
            "bad_name.lab.test",
        ])
        .expect_code(2);
    assert!(
        ran.stderr.contains("additional name") && ran.stderr.contains("'_'"),
        "{}",
        ran.stderr
    );
    let ran = ws
        .run(&["cert", "request", "--type", "AccessEdgeExternal"])
        .expect_code(2);
    assert!(
        ran.stderr.contains("is not a certificate type of"),
        "{}",
        ran.stderr
    );

    assert_eq!(
        snapshot(&ws),
        before,
        "refused commands leave the store and assignments as they were"
    );
}

#[test]
fn assignment_checks_name_every_failure_and_change_nothing() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    let default = lab_request(&ws, &["--type", "Default", "--assign"]);
    let before = snapshot(&ws);

    // Missing required SAN: the Default certificate lacks the external web names.
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "WebServicesExternal",
            "--thumbprint",
            &default,
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("cannot be assigned to WebServicesExternal"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("Names — missing required names: webext.lab.test"),
        "{}",
        ran.stderr
    );

    // Untrusted chain: a self-signed certificate with every name and its key.
    let names = "DNS:vm.lab.test,DNS:sip.lab.test,DNS:lyncdiscoverinternal.lab.test,DNS:lyncdiscover.lab.test,DNS:lab.test";
    common::self_signed(
        dir,
        "k.pem",
        "c.pem",
        "/CN=vm.lab.test",
        &[
            &format!("subjectAltName={names}"),
            "extendedKeyUsage=serverAuth",
        ],
    );
    let combined = fs::read_to_string(ws.path("c.pem")).unwrap()
        + &fs::read_to_string(ws.path("k.pem")).unwrap();
    fs::write(ws.path("self.pem"), combined).unwrap();
    let out = ws
        .run(&[
            "--json",
            "cert",
            "import",
            ws.path("self.pem").to_str().unwrap(),
        ])
        .ok()
        .json();
    let untrusted = out["certificates"][0]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    let ran = ws
        .run(&[
            "--json",
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            &untrusted,
        ])
        .expect_code(2);
    let failed: Vec<String> = ran.json()["failed_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(failed, ["trusted chain"], "{}", ran.stdout);

    // Certificate without key.
    common::self_signed(
        dir,
        "k2.pem",
        "c2.pem",
        "/CN=vm.lab.test",
        &[
            &format!("subjectAltName={names}"),
            "extendedKeyUsage=serverAuth",
            "basicConstraints=CA:FALSE",
        ],
    );
    let out = ws
        .run(&[
            "--json",
            "cert",
            "import",
            ws.path("c2.pem").to_str().unwrap(),
        ])
        .ok()
        .json();
    let keyless = out["certificates"][0]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(out["certificates"][0]["has_key"], false);
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            &keyless,
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("Private key — no private key for this certificate is in the store"),
        "{}",
        ran.stderr
    );

    // Expired: issued by the lab CA itself, valid last month only.
    let expired = expired_lab_certificate(&ws);
    let out = ws
        .run(&["--json", "cert", "import", expired.to_str().unwrap()])
        .ok()
        .json();
    let old = out["certificates"][0]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    let ran = ws
        .run(&[
            "--json",
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            &old,
        ])
        .expect_code(2);
    let checks = ran.json()["failed_checks"].clone();
    assert_eq!(checks.as_array().unwrap().len(), 1, "{checks}");
    assert_eq!(checks[0]["check"], "validity");
    assert!(
        checks[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("expired on"),
        "{checks}"
    );

    // Roll without a date; an unknown thumbprint.
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            &default,
            "--roll",
        ])
        .expect_code(2);
    assert!(
        ran.stderr.contains("a roll needs its effective date"),
        "{}",
        ran.stderr
    );
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            "00112233445566778899AABBCCDDEEFF00112233",
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("no certificate 00112233445566778899AABBCCDDEEFF00112233 in the store"),
        "{}",
        ran.stderr
    );

    // Export of a non-exportable key.
    fs::write(ws.path("pw"), "pw\n").unwrap();
    let ran = ws
        .run(&[
            "cert",
            "export",
            &default,
            "--out",
            ws.path("x.pfx").to_str().unwrap(),
            "--password-file",
            ws.path("pw").to_str().unwrap(),
        ])
        .expect_code(2);
    assert!(
        ran.stderr.contains("was not marked exportable"),
        "{}",
        ran.stderr
    );
    assert!(!ws.path("x.pfx").exists());

    let (_, assignments) = snapshot(&ws);
    assert_eq!(
        assignments, before.1,
        "failed assignments leave assignments.json as it was"
    );
    let usages = ws.run(&["--json", "cert", "usages"]).ok().json();
    assert_eq!(usages["usages"][0]["thumbprint"], default.as_str());
}

/// A certificate for this server's Default names, signed by the lab CA, expired last month.
fn expired_lab_certificate(ws: &Workspace) -> PathBuf {
    let key_pem =
        fs::read_to_string(ws.data().join("replica/protected/ca/lab-ca/key.pem")).unwrap();
    let root_pem = fs::read_to_string(lab_root(ws)).unwrap();
    let ca_key = rcgen::KeyPair::from_pem(&key_pem).unwrap();
    let issuer = rcgen::Issuer::from_ca_cert_pem(&root_pem, ca_key).unwrap();
    let mut params = rcgen::CertificateParams::new(vec![
        "vm.lab.test".to_string(),
        "sip.lab.test".into(),
        "lyncdiscoverinternal.lab.test".into(),
        "lyncdiscover.lab.test".into(),
        // The lab's Persistent Chat pool is collocated: XMPP clients check the domain.
        "lab.test".into(),
    ])
    .unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "vm.lab.test");
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(60);
    params.not_after = now - time::Duration::days(30);
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();
    let path = ws.path("expired.pem");
    fs::write(&path, cert.pem() + &key.serialize_pem()).unwrap();
    path
}

#[test]
fn delayed_request_completes_with_a_response_openssl_signed() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    ws.run(&[
        "cert",
        "request",
        "--type",
        "Default",
        "--offline",
        ws.path("req.csr").to_str().unwrap(),
        "--exportable",
    ])
    .ok();
    let pending = ws.run(&["--json", "cert", "pending", "list"]).ok().json();
    assert_eq!(pending["pending"].as_array().unwrap().len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let id = pending["pending"][0]["id"].as_str().unwrap();
        let key = ws.data().join("requests").join(id).join("key.pem");
        assert_eq!(
            fs::metadata(key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // A response for a key nobody asked for is refused, and the request stays pending.
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "other.key",
            "-out",
            "other.pem",
            "-days",
            "5",
            "-subj",
            "/CN=other",
        ],
        dir,
    );
    let ran = ws
        .run(&[
            "cert",
            "pending",
            "complete",
            "--response",
            ws.path("other.pem").to_str().unwrap(),
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("does not match the key of any pending request"),
        "{}",
        ran.stderr
    );
    assert_eq!(
        ws.run(&["--json", "cert", "pending", "list"]).ok().json()["pending"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // An enterprise CA (OpenSSL) signs the request; the response comes back as a P7B chain.
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "5",
            "-subj",
            "/CN=Contoso Issuing CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        dir,
    );
    fs::write(ws.path("ext.cnf"), "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:vm.lab.test,DNS:sip.lab.test,DNS:lyncdiscoverinternal.lab.test,DNS:lyncdiscover.lab.test,DNS:lab.test\n").unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "req.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "issued.pem",
            "-days",
            "5",
            "-extfile",
            "ext.cnf",
        ],
        dir,
    );
    openssl(
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            "issued.pem",
            "-certfile",
            "ca.pem",
            "-outform",
            "DER",
            "-out",
            "response.p7b",
        ],
        dir,
    );
    let out = ws
        .run(&[
            "--json",
            "cert",
            "pending",
            "complete",
            "--response",
            ws.path("response.p7b").to_str().unwrap(),
        ])
        .ok()
        .json();
    let thumb = out["certificate"]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(out["certificate"]["has_key"], true);
    assert_eq!(
        out["certificate"]["chain"][0]["subject"],
        "CN=Contoso Issuing CA"
    );
    assert_eq!(
        ws.run(&["--json", "cert", "pending", "list"]).ok().json()["pending"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // Until its root is trusted, assignment says why not; after importing the root it passes.
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            &thumb,
        ])
        .expect_code(2);
    assert!(ran.stderr.contains("Trusted chain"), "{}", ran.stderr);
    let ran = ws
        .run(&["cert", "import", ws.path("ca.pem").to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("holds only CA certificates; to trust them as roots"),
        "{}",
        ran.stderr
    );
    let out = ws
        .run(&[
            "--json",
            "cert",
            "import",
            ws.path("ca.pem").to_str().unwrap(),
            "--trust",
        ])
        .ok()
        .json();
    assert_eq!(out["trusted_roots"].as_array().unwrap().len(), 1);
    ws.run(&[
        "cert",
        "assign",
        "--type",
        "Default",
        "--thumbprint",
        &thumb,
    ])
    .ok();
}

#[test]
fn enterprise_front_end_needs_four_usages_and_step_3_completes() {
    let ws = Workspace::new();
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    ws.run(&["cms", "init", cms_s]).ok();
    ws.run(&[
        "cms",
        "publish",
        "--cms",
        cms_s,
        "--topology",
        asset("topology/enterprise.json").to_str().unwrap(),
    ])
    .ok();
    ws.run(&[
        "cms",
        "ca",
        "create",
        "--cms",
        cms_s,
        "--name",
        "Contoso Lab CA",
    ])
    .ok();
    ws.run(&[
        "store",
        "install",
        "--from-cms",
        cms_s,
        "--server",
        "fe02.contoso.com",
    ])
    .ok();
    let cas = ws.run(&["--json", "ca", "list"]).ok().json();
    assert_eq!(cas["cas"][0]["name"], "Contoso Lab CA");

    let usages = ws.run(&["--json", "cert", "usages"]).ok().json();
    let names: Vec<&str> = usages["usages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["usage"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Default",
            "WebServicesInternal",
            "WebServicesExternal",
            "OAuthTokenIssuer"
        ]
    );
    assert!(
        usages["usages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["state"] == "Missing")
    );
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 3),
        "NotRun"
    );

    let names = ws
        .run(&[
            "--json",
            "cert",
            "names",
            "--type",
            "Default",
            "--sip-domain",
            "contoso.com",
            "--sip-domain",
            "fabrikam.com",
        ])
        .ok()
        .json();
    let sans: Vec<&str> = names["sans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for name in [
        "pool01.contoso.com",
        "fe01.contoso.com",
        "fe03.contoso.com",
        "sip.contoso.com",
        "sip.fabrikam.com",
        "lyncdiscover.fabrikam.com",
    ] {
        assert!(sans.contains(&name), "{name} in {sans:?}");
    }
    assert_eq!(names["subject"], "pool01.contoso.com");

    lab_request(&ws, &["--type", "Default,WebServicesInternal", "--assign"]);
    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 3), "Partial");
    lab_request(
        &ws,
        &[
            "--type",
            "WebServicesExternal",
            "--ca",
            "Contoso Lab CA",
            "--assign",
        ],
    );
    lab_request(
        &ws,
        &["--type", "OAuthTokenIssuer", "--exportable", "--assign"],
    );
    let usages = ws.run(&["--json", "cert", "usages"]).ok().json();
    assert!(
        usages["usages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["state"] == "Valid"),
        "{usages}"
    );
    assert_eq!(usages["usages"][3]["scope"], "global");
    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 3), "Complete");
    assert_eq!(
        step_status(&status, 1),
        "Complete",
        "the global assignment was replicated by step 1"
    );

    // Another Front End of the pool gets the same OAuthTokenIssuer through step 1.
    let fe03 = ws.path("fe03-data");
    ws.run_in(
        &fe03,
        &[
            "store",
            "install",
            "--from-cms",
            cms_s,
            "--server",
            "fe03.contoso.com",
        ],
    )
    .ok();
    let usages = ws.run_in(&fe03, &["--json", "cert", "usages"]).ok().json();
    assert_eq!(usages["usages"][3]["state"], "Valid", "{usages}");
    assert_eq!(usages["usages"][0]["state"], "Missing");
}

#[test]
fn roll_keeps_the_current_certificate_until_its_date() {
    let ws = Workspace::lab();
    let first = lab_request(&ws, &["--type", "WebServicesInternal", "--assign"]);
    let second = lab_request(&ws, &["--type", "WebServicesInternal"]);
    ws.run(&[
        "cert",
        "assign",
        "--type",
        "WebServicesInternal",
        "--thumbprint",
        &second,
        "--roll",
        "--effective-date",
        "2099-01-01",
    ])
    .ok();
    let row = &ws.run(&["--json", "cert", "usages"]).ok().json()["usages"][1];
    assert_eq!(row["thumbprint"], first.as_str());
    assert_eq!(row["pending"]["thumbprint"], second.as_str());
    ws.run(&[
        "cert",
        "assign",
        "--type",
        "WebServicesInternal",
        "--thumbprint",
        &second,
        "--roll",
        "--effective-date",
        "2020-01-01T00:00",
    ])
    .ok();
    let row = &ws.run(&["--json", "cert", "usages"]).ok().json()["usages"][1];
    assert_eq!(row["thumbprint"], second.as_str());
    assert_eq!(row["previous"], first.as_str());
    let shown = ws.run(&["--json", "cert", "show", &first]).ok().json();
    assert_eq!(
        shown["assigned_to"],
        serde_json::json!(["WebServicesInternal (previous)"])
    );
    let text = ws.run(&["cert", "show", &second]).ok().stdout;
    assert!(
        text.contains("Assigned to:   WebServicesInternal (current)"),
        "{text}"
    );
    assert!(
        text.contains("Chain 1:") && text.contains("Lab CA"),
        "{text}"
    );
    ws.run(&["cert", "remove", "--type", "WebServicesInternal"])
        .ok();
    assert_eq!(
        ws.run(&["--json", "cert", "usages"]).ok().json()["usages"][1]["state"],
        "Missing"
    );
}

#[test]
fn acme_issuance_against_pebble_with_and_without_external_account_binding() {
    let ws = Workspace::lab();
    let pebble = Pebble::start(&ws.path("pebble"), PebbleOptions::default());
    let out = ws
        .run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "WebServicesExternal",
            "--ca",
            &pebble.directory,
            "--acme-root",
            pebble.tls_root.to_str().unwrap(),
            "--http01-listen",
            &pebble.http01_listen,
        ])
        .ok()
        .json();
    let cert = &out["certificate"];
    assert!(
        cert["meta"]["origin"]
            .as_str()
            .unwrap()
            .starts_with("acme:https://127.0.0.1:")
    );
    assert!(
        !cert["chain"].as_array().unwrap().is_empty(),
        "the chain is stored"
    );
    let sans: Vec<&str> = cert["info"]["sans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        sans.contains(&"webext.lab.test") && sans.contains(&"meet.lab.test"),
        "{sans:?}"
    );
    // The account is kept (owner-only) and reused.
    let accounts: Vec<_> = fs::read_dir(ws.data().join("acme")).unwrap().collect();
    assert_eq!(accounts.len(), 1);
    let log = ws
        .run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "Default",
            "--ca",
            &pebble.directory,
            "--acme-root",
            pebble.tls_root.to_str().unwrap(),
            "--http01-listen",
            &pebble.http01_listen,
        ])
        .ok();
    assert!(log.json()["certificate"]["thumbprint"].is_string());
    let text = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(text.contains("Using the ACME account kept in"), "{text}");

    // After trusting pebble's issuing root, the ACME certificate passes the checks.
    fs::write(ws.path("pebble-root.pem"), pebble.issuing_root()).unwrap();
    ws.run(&[
        "cert",
        "import",
        ws.path("pebble-root.pem").to_str().unwrap(),
        "--trust",
    ])
    .ok();
    ws.run(&[
        "cert",
        "assign",
        "--type",
        "WebServicesExternal",
        "--thumbprint",
        cert["thumbprint"].as_str().unwrap(),
    ])
    .ok();

    // Without trusting pebble's TLS root, the error says what to pass.
    let ws2 = Workspace::lab();
    let ran = ws2
        .run(&[
            "cert",
            "request",
            "--type",
            "Default",
            "--ca",
            &pebble.directory,
            "--http01-listen",
            &pebble.http01_listen,
        ])
        .expect_code(1);
    assert!(ran.stderr.contains("--acme-root"), "{}", ran.stderr);

    // A CA that requires external account binding.
    let hmac = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    let eab = Pebble::start(
        &ws.path("pebble-eab"),
        PebbleOptions {
            eab: Some(("kid-1".into(), hmac.into())),
            ..Default::default()
        },
    );
    let ws3 = Workspace::lab();
    let base = [
        "cert",
        "request",
        "--type",
        "Default",
        "--ca",
        &eab.directory,
        "--acme-root",
        eab.tls_root.to_str().unwrap(),
        "--http01-listen",
        &eab.http01_listen,
    ];
    let ran = ws3.run(&base).expect_code(1);
    assert!(
        ran.stderr.contains("requires external account binding"),
        "{}",
        ran.stderr
    );
    fs::write(ws3.path("hmac"), format!("{hmac}\n")).unwrap();
    let hmac_file = ws3.path("hmac");
    let mut with_eab = base.to_vec();
    with_eab.extend([
        "--eab-kid",
        "kid-1",
        "--eab-hmac-file",
        hmac_file.to_str().unwrap(),
    ]);
    let out = ws3.run(&with_eab).ok();
    assert!(out.stdout.contains("Issued"), "{}", out.stdout);
    let logs = fs::read_dir(ws3.data().join("logs"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!logs.contains(hmac), "the HMAC key is in no log");
    assert!(!out.stdout.contains(hmac) && !out.stderr.contains(hmac));
    // Nor anywhere in the data dir (the account is bound once; the key is not kept).
    fn every_file(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                every_file(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    every_file(&ws3.data(), &mut files);
    for file in files {
        let bytes = fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(hmac),
            "{} holds the HMAC key",
            file.display()
        );
    }
    assert!(
        logs.contains("--eab-hmac-file"),
        "the log shows where the key came from"
    );
}

#[test]
fn acme_http01_is_really_validated_against_our_responder() {
    let ws = Workspace::lab();
    let pebble = Pebble::start(
        &ws.path("pebble"),
        PebbleOptions {
            real_http01: true,
            ..Default::default()
        },
    );
    ws.run(&[
        "cert",
        "request",
        "--type",
        "Default",
        "--ca",
        &pebble.directory,
        "--acme-root",
        pebble.tls_root.to_str().unwrap(),
        "--http01-listen",
        &pebble.http01_listen,
    ])
    .ok();
    let log = fs::read_to_string(ws.path("pebble/pebble.log")).unwrap();
    assert!(
        log.contains("Attempting to validate w/ HTTP"),
        "pebble validated over HTTP: {log}"
    );
    assert!(log.contains("set VALID by completed challenge"), "{log}");
}

#[test]
fn concurrent_requests_all_succeed_with_unique_serials_and_a_consistent_store() {
    const N: usize = 100;
    let ws = Workspace::lab();
    let children: Vec<_> = (0..N)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
                .args([
                    "--data-dir",
                    ws.data().to_str().unwrap(),
                    "--json",
                    "cert",
                    "request",
                    "--type",
                    "Default",
                    "--key",
                    "p256",
                    "--assign",
                ])
                .env("DEPLOY_WIZARD_FQDN", &ws.fqdn)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut thumbprints = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        thumbprints.push(
            json["certificate"]["thumbprint"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let list = ws.run(&["--json", "cert", "list"]).ok().json();
    let certs = list["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), N);
    let mut serials: Vec<&str> = certs
        .iter()
        .map(|c| c["info"]["serial"].as_str().unwrap())
        .collect();
    let mut names: Vec<&str> = certs
        .iter()
        .map(|c| c["meta"]["friendly_name"].as_str().unwrap())
        .collect();
    serials.sort_unstable();
    serials.dedup();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        (serials.len(), names.len()),
        (N, N),
        "unique serials and friendly names"
    );
    let usages = ws.run(&["--json", "cert", "usages"]).ok().json();
    let current = usages["usages"][0]["thumbprint"].as_str().unwrap();
    assert!(thumbprints.iter().any(|t| t == current));
    assert_eq!(usages["usages"][0]["state"], "Valid");
    // No write left half done (the index, `.index`, is the store's own).
    assert!(!fs::read_dir(ws.data().join("certs")).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".staging-")
    }));
}

#[test]
fn secrets_never_reach_the_disk_or_the_output_and_keys_are_owner_only() {
    const MARKER: &str = "Marker-Secret-7f3a9c";
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    let pw = ws.path("pw");
    fs::write(&pw, format!("{MARKER}\n")).unwrap();
    common::self_signed(
        dir,
        "k.pem",
        "c.pem",
        "/CN=marker.lab.test",
        &["basicConstraints=CA:FALSE"],
    );
    openssl(
        &[
            "pkcs12",
            "-export",
            "-in",
            "c.pem",
            "-inkey",
            "k.pem",
            "-out",
            "m.pfx",
            "-passout",
            &format!("pass:{MARKER}"),
        ],
        dir,
    );
    let mut outputs = String::new();
    let pw_s = pw.to_str().unwrap();
    let runs: Vec<Vec<String>> = vec![
        vec![
            "cert".into(),
            "import".into(),
            ws.path("m.pfx").display().to_string(),
            "--password-file".into(),
            pw_s.into(),
            "--exportable".into(),
        ],
        vec![
            "cert".into(),
            "request".into(),
            "--type".into(),
            "Default".into(),
            "--exportable".into(),
            "--pfx-out".into(),
            ws.path("out.pfx").display().to_string(),
            "--password-file".into(),
            pw_s.into(),
        ],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ran = ws.run(&args).ok();
        outputs.push_str(&ran.stdout);
        outputs.push_str(&ran.stderr);
    }
    let thumb = ws.run(&["--json", "cert", "list"]).ok().json()["certificates"][0]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    let ran = ws
        .run(&[
            "--json",
            "cert",
            "export",
            &thumb,
            "--out",
            ws.path("again.pfx").to_str().unwrap(),
            "--password-file",
            pw_s,
        ])
        .ok();
    outputs.push_str(&ran.stdout);
    // A wrong password's error does not echo the password either.
    fs::write(ws.path("wrong"), "Marker-Wrong-0000\n").unwrap();
    let ran = ws
        .run(&[
            "cert",
            "import",
            ws.path("m.pfx").to_str().unwrap(),
            "--password-file",
            ws.path("wrong").to_str().unwrap(),
        ])
        .expect_code(2);
    outputs.push_str(&ran.stderr);
    assert!(
        !outputs.contains(MARKER) && !outputs.contains("Marker-Wrong"),
        "{outputs}"
    );

    // The lab CA key (the CA signed every certificate above) is in no output and no log: its
    // PEM body lines are searched for, as the marker is.
    let ca_key = fs::read_to_string(ws.data().join("replica/protected/ca/lab-ca/key.pem")).unwrap();
    let ca_key_lines: Vec<&str> = ca_key
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 40)
        .collect();
    assert!(!ca_key_lines.is_empty());
    for line in &ca_key_lines {
        assert!(!outputs.contains(line), "the lab CA key is in an output");
    }
    let mut stack = vec![ws.data()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = fs::read(&path).unwrap();
            if !path.ends_with("protected/ca/lab-ca/key.pem") {
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    ca_key_lines.iter().all(|l| !text.contains(l)),
                    "{} holds the lab CA key",
                    path.display()
                );
            }
            assert!(
                !String::from_utf8_lossy(&bytes).contains(MARKER),
                "{} holds the password",
                path.display()
            );
            assert!(
                !String::from_utf8_lossy(&bytes).contains("Marker-Wrong"),
                "{} holds the wrong password",
                path.display()
            );
        }
    }
    // Keys are owner-only, and status names a key someone made readable.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = ws.data().join("certs").join(&thumb).join("key.pem");
        assert_eq!(
            fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(ws.data()).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert!(
            ws.run(&["--json", "status"])
                .ok()
                .json()
                .get("permission_warnings")
                .is_none()
        );
        fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
        let text = ws.run(&["status"]).ok().stdout;
        assert!(
            text.contains(&format!(
                "Warning: private key {} is readable by others (mode 644)",
                key.display()
            )),
            "{text}"
        );
    }
}

#[test]
fn global_oauth_import_is_checked_and_cert_get_mirrors_the_cmdlet() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    // Nothing assigned: nothing printed, exit 0.
    let ran = ws.run(&["cert", "get", "--type", "OAuthTokenIssuer"]).ok();
    assert_eq!(ran.stdout, "");
    assert_eq!(
        ws.run(&["--json", "cert", "get", "--type", "OAuthTokenIssuer"])
            .ok()
            .json()["current"],
        Value::Null
    );

    fs::write(ws.path("pw"), "pfx-pw\n").unwrap();
    let pw = ws.path("pw");
    // A PFX signed by the lab CA for the SIP domain, made with OpenSSL.
    let key_pem = ws.data().join("replica/protected/ca/lab-ca/key.pem");
    let make = |name: &str, bits: &str, cn: &str| {
        openssl(
            &[
                "req",
                "-newkey",
                &format!("rsa:{bits}"),
                "-nodes",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.csr"),
                "-subj",
                &format!("/CN={cn}"),
            ],
            dir,
        );
        fs::write(
            dir.join("oauth-ext.cnf"),
            "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        openssl(
            &[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                lab_root(&ws).to_str().unwrap(),
                "-CAkey",
                key_pem.to_str().unwrap(),
                "-set_serial",
                "0x1234",
                "-days",
                "30",
                "-extfile",
                "oauth-ext.cnf",
                "-out",
                &format!("{name}.pem"),
            ],
            dir,
        );
        openssl(
            &[
                "pkcs12",
                "-export",
                "-in",
                &format!("{name}.pem"),
                "-inkey",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.pfx"),
                "-passout",
                "file:pw",
            ],
            dir,
        );
        ws.path(&format!("{name}.pfx"))
    };
    let before = snapshot(&ws);
    for (name, bits, cn, reason) in [
        (
            "weak",
            "1024",
            "lab.test",
            "key strength: the key has 1024 bits; keys below 2048 bits are refused",
        ),
        (
            "other",
            "2048",
            "oauth.example.org",
            "Subject — the subject (CN=oauth.example.org) is not the default SIP domain lab.test",
        ),
    ] {
        let pfx = make(name, bits, cn);
        let ran = ws
            .run(&[
                "cert",
                "import",
                pfx.to_str().unwrap(),
                "--global",
                "--type",
                "OAuthTokenIssuer",
                "--password-file",
                pw.to_str().unwrap(),
            ])
            .expect_code(2);
        assert!(ran.stderr.contains(reason), "{name}: {}", ran.stderr);
    }
    let ran = ws
        .run(&[
            "cert",
            "import",
            ws.path("other.pem").to_str().unwrap(),
            "--global",
            "--type",
            "OAuthTokenIssuer",
        ])
        .expect_code(2);
    assert!(ran.stderr.contains("has no private key"), "{}", ran.stderr);
    assert_eq!(
        snapshot(&ws),
        before,
        "refused global imports leave nothing in the store"
    );

    let good = make("good", "2048", "lab.test");
    let out = ws
        .run(&[
            "--json",
            "cert",
            "import",
            good.to_str().unwrap(),
            "--global",
            "--type",
            "OAuthTokenIssuer",
            "--password-file",
            pw.to_str().unwrap(),
        ])
        .ok()
        .json();
    let thumb = out["thumbprint"].as_str().unwrap().to_string();
    let got = ws
        .run(&["cert", "get", "--type", "OAuthTokenIssuer"])
        .ok()
        .stdout;
    assert!(
        got.starts_with(&format!("OAuthTokenIssuer: {thumb}")),
        "{got}"
    );
    let cms: Value = serde_json::from_slice(&fs::read(ws.path("cms/cms.json")).unwrap()).unwrap();
    assert!(
        cms["documents"]
            .get(format!("protected/global/certs/{thumb}.pfx"))
            .is_some(),
        "published to the CMS: {cms}"
    );
}

#[cfg(unix)]
#[test]
fn the_lab_ca_key_is_owner_only_and_the_replica_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::lab();
    let mode = |path: &std::path::Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let replica = ws.data().join("replica");
    let key = replica.join("protected/ca/lab-ca/key.pem");
    assert_eq!(
        mode(&key),
        0o400,
        "the replicated CA key is owner-read-only"
    );
    for dir in ["protected", "protected/ca", "protected/ca/lab-ca"] {
        assert_eq!(mode(&replica.join(dir)), 0o500, "{dir} is owner-only");
    }
    assert_eq!(mode(&replica.join("topology.json")), 0o444);
    assert_eq!(mode(&replica), 0o555);
    assert_eq!(mode(&ws.data()), 0o700);
    // In the CMS the key is an owner-only object; the rest stays readable for other servers.
    let objects: Vec<_> = fs::read_dir(ws.path("cms/objects"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let key_pem = fs::read(&key).unwrap();
    let key_object = objects
        .iter()
        .find(|p| fs::read(p).unwrap() == key_pem)
        .expect("the CA key is a CMS object");
    assert_eq!(mode(key_object), 0o600);
    assert!(
        ws.run(&["--json", "status"])
            .ok()
            .json()
            .get("permission_warnings")
            .is_none()
    );
    // Loosened by hand: status names both.
    fs::set_permissions(
        replica.join("protected/ca/lab-ca"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(
        replica.join("topology.json"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let text = ws.run(&["status"]).ok().stdout;
    assert!(
        text.contains(&format!(
            "replicated CA key {} is readable by others (mode 644)",
            key.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("topology.json in the local configuration store is writable (mode 644)"),
        "{text}"
    );
    // Step 1 again restores the replica's modes.
    ws.run(&[
        "store",
        "install",
        "--from-cms",
        ws.path("cms").to_str().unwrap(),
    ])
    .ok();
    assert_eq!(mode(&key), 0o400);
    assert!(
        ws.run(&["--json", "status"])
            .ok()
            .json()
            .get("permission_warnings")
            .is_none()
    );
}

/// `cert list` reads each certificate's summary written with it, and a store written before
/// summaries existed (or a summary that names another certificate) lists the same, from the
/// certificates themselves.
#[test]
fn the_store_lists_the_same_with_or_without_summaries() {
    let ws = Workspace::lab();
    let first = lab_request(&ws, &["--type", "Default"]);
    let second = lab_request(
        &ws,
        &[
            "--type",
            "WebServicesInternal",
            "--friendly-name",
            "Another",
        ],
    );
    let before = ws.run(&["--json", "cert", "list"]).ok().json();
    assert_eq!(before["certificates"].as_array().unwrap().len(), 2);
    let store = ws.data().join("certs");
    assert!(store.join(&first).join("summary.json").is_file());
    fs::remove_file(store.join(&first).join("summary.json")).unwrap();
    fs::copy(
        store.join(&first).join("meta.json"),
        store.join(&second).join("summary.json"),
    )
    .unwrap();
    let after = ws.run(&["--json", "cert", "list"]).ok().json();
    assert_eq!(before, after);
    let text = ws.run(&["cert", "list"]).ok().stdout;
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains(&first) && text.contains(&second), "{text}");

    // The key check trusts the summary only for the very key file it checked: a key swapped
    // in afterwards is parsed and found not to match.
    let second_key = fs::read(store.join(&second).join("key.pem")).unwrap();
    fs::write(store.join(&second).join("summary.json"), b"{}").unwrap();
    lab_request_restore(&ws, &first);
    fs::write(store.join(&first).join("key.pem"), &second_key).unwrap();
    let ran = ws
        .run(&[
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            &first,
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("the stored private key does not match the certificate"),
        "{}",
        ran.stderr
    );
}

/// Stores `thumb` again from its own files, so that it gets a summary (with its key's hash).
fn lab_request_restore(ws: &Workspace, thumb: &str) {
    let dir = ws.data().join("certs").join(thumb);
    let bundle = fs::read_to_string(dir.join("key.pem")).unwrap()
        + &fs::read_to_string(dir.join("cert.pem")).unwrap()
        + &fs::read_to_string(dir.join("chain.pem")).unwrap();
    let file = ws.write("restore.pem", &bundle);
    fs::remove_dir_all(&dir).unwrap();
    ws.run(&["cert", "import", file.to_str().unwrap()]).ok();
    assert!(dir.join("summary.json").is_file());
}
