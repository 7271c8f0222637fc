//! Step 1 through the real binary: publish → install → status; export → import on another
//! data dir; HTTPS; and every failure leaves the previous replica readable.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{Workspace, asset, step_status};

fn se_sample() -> PathBuf {
    asset("topology/standard-edition.json")
}

/// The revision of the installed replica, read through `status --json`.
fn replica_revision(ws: &Workspace, data: &Path) -> Option<u64> {
    let status = ws.run_in(data, &["--json", "status"]).ok().json();
    status["replica"]["revision"].as_u64()
}

/// A copy of the SE sample with another web external FQDN, so it publishes as a new revision.
fn changed_sample(ws: &Workspace) -> PathBuf {
    let text = fs::read_to_string(se_sample())
        .unwrap()
        .replace("webext.contoso.com", "web2.contoso.com");
    ws.write("changed.json", &text)
}

#[test]
fn publish_install_status_complete() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let ran = ws
        .run(&[
            "--json",
            "store",
            "install",
            "--from-cms",
            cms.to_str().unwrap(),
        ])
        .ok();
    let out = ran.json();
    assert_eq!(out["report"]["revision"], 1);
    assert_eq!(out["report"]["server"]["server"], "se01.contoso.com");
    assert_eq!(out["outcome"], "ok");

    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 1), "Complete");
    assert_eq!(step_status(&status, 2), "NotRun");
    assert_eq!(status["replica"]["revision"], 1);
    assert_eq!(status["cms"]["revision"], 1);
    let text = ws.run(&["status"]).ok().stdout;
    assert!(
        text.contains("Step 1: Install Local Configuration Store") && text.contains("Complete"),
        "{text}"
    );

    // The replica is read-only and holds the published topology.
    let replica = ws.data().join("replica");
    let topology = fs::read_to_string(replica.join("topology.json")).unwrap();
    assert!(topology.contains("se01.contoso.com"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&replica), 0o555);
        assert_eq!(mode(&replica.join("topology.json")), 0o444);
    }

    // The run log names the CLI line and verified hash.
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("[ok] deploy-wizard --data-dir"), "{log}");
    assert!(
        log.contains(&format!("store install --from-cms {}", cms.display())),
        "{log}"
    );
    assert!(log.contains("Verified topology.json"), "{log}");
}

#[test]
fn republish_makes_step_1_need_rerun_then_rerun_completes() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let cms_s = cms.to_str().unwrap();
    ws.run(&["store", "install", "--from-cms", cms_s]).ok();

    // Publishing the same content changes nothing.
    let same = ws
        .run(&[
            "cms",
            "publish",
            "--cms",
            cms_s,
            "--topology",
            se_sample().to_str().unwrap(),
        ])
        .ok();
    assert!(
        same.stdout.contains("already published (revision 1)"),
        "{}",
        same.stdout
    );
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 1),
        "Complete"
    );

    let changed = changed_sample(&ws);
    let ran = ws
        .run(&[
            "cms",
            "publish",
            "--cms",
            cms_s,
            "--topology",
            changed.to_str().unwrap(),
        ])
        .ok();
    assert!(ran.stdout.contains("as revision 2"), "{}", ran.stdout);
    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 1), "NeedsRerun");
    let text = ws.run(&["status"]).ok().stdout;
    assert!(text.contains("Needs rerun"), "{text}");
    assert!(
        text.contains("the central management store is at revision 2; this server has revision 1"),
        "{text}"
    );

    // A rerun with no --from-cms uses the remembered location.
    let out = ws.run(&["--json", "store", "install"]).ok().json();
    assert_eq!(out["report"]["previous_revision"], 1);
    assert_eq!(out["report"]["revision"], 2);
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 1),
        "Complete"
    );
    let replica = fs::read_to_string(ws.data().join("replica/topology.json")).unwrap();
    assert!(replica.contains("web2.contoso.com"));
}

#[test]
fn export_zip_installs_on_a_second_data_dir() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let zip = ws.path("config.zip");
    let password = ws.write("password", "Export-Pass-4242\n");
    let ran = ws
        .run(&[
            "cms",
            "export",
            "--cms",
            cms.to_str().unwrap(),
            "--out",
            zip.to_str().unwrap(),
            "--without-secrets",
            "--password-file",
            password.to_str().unwrap(),
        ])
        .ok();
    assert!(ran.stdout.contains("Exported revision 1"), "{}", ran.stdout);
    let edge_data = ws.path("edge-data");
    let out = ws
        .run_in(
            &edge_data,
            &[
                "--json",
                "store",
                "install",
                "--from-file",
                zip.to_str().unwrap(),
                "--password-file",
                password.to_str().unwrap(),
            ],
        )
        .ok()
        .json();
    assert_eq!(out["report"]["revision"], 1);
    let status = ws.run_in(&edge_data, &["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 1), "Complete");
    assert!(
        status.get("cms").is_none(),
        "an import from a file remembers no CMS: {status}"
    );
}

#[test]
fn corrupted_zip_fails_and_keeps_the_old_replica() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    ws.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
        .ok();
    let before = fs::read(ws.data().join("replica/topology.json")).unwrap();

    let zip = ws.path("config.zip");
    let password = ws.write("password", "Export-Pass-4242\n");
    ws.run(&[
        "cms",
        "export",
        "--cms",
        cms.to_str().unwrap(),
        "--out",
        zip.to_str().unwrap(),
        "--without-secrets",
        "--password-file",
        password.to_str().unwrap(),
    ])
    .ok();
    let mut bytes = fs::read(&zip).unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&zip, &bytes).unwrap();
    let ran = ws
        .run(&["store", "install", "--from-file", zip.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr.contains("is not a usable configuration export"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("deploy-wizard logs show"),
        "the error points at the run log: {}",
        ran.stderr
    );

    let not_zip = ws.write("notes.zip", "this is not a zip file");
    ws.run(&["store", "install", "--from-file", not_zip.to_str().unwrap()])
        .expect_code(2);

    assert_eq!(
        fs::read(ws.data().join("replica/topology.json")).unwrap(),
        before
    );
    assert_eq!(replica_revision(&ws, &ws.data()), Some(1));
    let status = ws.run(&["status"]).ok().stdout;
    assert!(status.contains("Failed"), "{status}");
    assert!(
        status.contains("the local configuration store still holds revision 1"),
        "{status}"
    );
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(
        log.contains("[failed]") && log.contains("not a usable configuration export"),
        "{log}"
    );
}

#[test]
fn tampered_cms_fails_with_hash_mismatch_and_keeps_the_old_replica() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let cms_s = cms.to_str().unwrap();
    ws.run(&["store", "install", "--from-cms", cms_s]).ok();
    ws.run(&[
        "cms",
        "publish",
        "--cms",
        cms_s,
        "--topology",
        changed_sample(&ws).to_str().unwrap(),
    ])
    .ok();

    // Someone edits the published object behind the manifest's back.
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(cms.join("cms.json")).unwrap()).unwrap();
    let sha = manifest["documents"]["topology.json"]["sha256"]
        .as_str()
        .unwrap();
    let object = cms.join("objects").join(sha);
    let tampered = fs::read_to_string(&object)
        .unwrap()
        .replace("web2.contoso.com", "evil.contoso.com");
    fs::write(&object, tampered).unwrap();

    // A damaged CMS is the administrator's to mend (republish): bad input, exit 2.
    let ran = ws
        .run(&["store", "install", "--from-cms", cms_s])
        .expect_code(2);
    assert!(ran.stderr.contains("topology.json from"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("does not match the manifest"),
        "{}",
        ran.stderr
    );
    assert_eq!(replica_revision(&ws, &ws.data()), Some(1));
    let replica = fs::read_to_string(ws.data().join("replica/topology.json")).unwrap();
    assert!(replica.contains("webext.contoso.com") && !replica.contains("evil"));
    ws.run(&["topology", "show"]).ok();
}

#[test]
fn topology_without_this_server_fails_and_keeps_the_old_replica() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let cms_s = cms.to_str().unwrap();
    ws.run(&["store", "install", "--from-cms", cms_s]).ok();
    ws.run(&[
        "cms",
        "publish",
        "--cms",
        cms_s,
        "--topology",
        asset("topology/enterprise.json").to_str().unwrap(),
    ])
    .ok();
    let ran = ws
        .run(&["store", "install", "--from-cms", cms_s])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("the topology has no server se01.contoso.com"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("fe01.contoso.com"),
        "the message lists the servers: {}",
        ran.stderr
    );
    assert_eq!(replica_revision(&ws, &ws.data()), Some(1));

    // Naming the server explicitly works.
    let out = ws
        .run(&[
            "--json",
            "store",
            "install",
            "--from-cms",
            cms_s,
            "--server",
            "fe03.contoso.com",
        ])
        .ok()
        .json();
    assert_eq!(out["report"]["server"]["pool"], "pool01.contoso.com");
}

#[test]
fn missing_cms_is_bad_input_with_advice() {
    let ws = Workspace::new();
    let ran = ws
        .run(&["store", "install", "--from-cms", "/nonexistent/cms"])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("/nonexistent/cms is not a central management store"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("deploy-wizard cms init"),
        "{}",
        ran.stderr
    );
    let ran = ws
        .run(&["store", "install", "--from-cms", "http://cms.contoso.com/"])
        .expect_code(2);
    assert!(
        ran.stderr.contains("plain http is not accepted"),
        "{}",
        ran.stderr
    );
    let ran = ws.run(&["store", "install"]).expect_code(2);
    assert!(ran.stderr.contains("--from-cms"), "{}", ran.stderr);
}

#[test]
fn rejected_topology_leaves_the_published_one() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let before = fs::read(cms.join("cms.json")).unwrap();
    let bad = ws.write("bad.json", "{ \"sip_domains\": [], \"sites\": [] }");
    let ran = ws
        .run(&[
            "cms",
            "publish",
            "--cms",
            cms.to_str().unwrap(),
            "--topology",
            bad.to_str().unwrap(),
        ])
        .expect_code(2);
    assert!(ran.stderr.contains("no SIP domain"), "{}", ran.stderr);
    assert_eq!(fs::read(cms.join("cms.json")).unwrap(), before);
}

#[test]
fn cms_init_refuses_existing_store_and_lab_works_for_this_machine() {
    let mut ws = Workspace::new();
    ws.fqdn = "box7".into();
    let cms = ws.path("lab-cms");
    let cms_s = cms.to_str().unwrap();
    let out = ws
        .run(&["--json", "cms", "init", cms_s, "--lab"])
        .ok()
        .json();
    assert_eq!(out["revision"], 1);
    assert_eq!(out["server"], "box7.lab.test");
    let ran = ws.run(&["cms", "init", cms_s]).expect_code(2);
    assert!(
        ran.stderr
            .contains("already a central management store (revision 1)"),
        "{}",
        ran.stderr
    );
    let out = ws
        .run(&["--json", "store", "install", "--from-cms", cms_s])
        .ok()
        .json();
    assert_eq!(out["report"]["server"]["server"], "box7.lab.test");
    let show = ws.run(&["--json", "topology", "show"]).ok().json();
    assert_eq!(show["sip_domains"][0]["name"], "lab.test");
}

#[test]
fn interrupted_swap_is_repaired_on_next_open() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    ws.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
        .ok();
    // A crash between the two renames of the swap leaves replica.previous and no replica,
    // plus a half-written staging directory.
    fs::rename(
        ws.data().join("replica"),
        ws.data().join("replica.previous"),
    )
    .unwrap();
    fs::create_dir(ws.data().join("replica.staging-dead")).unwrap();
    fs::write(ws.data().join("replica.staging-dead/topology.json"), "{").unwrap();
    assert_eq!(replica_revision(&ws, &ws.data()), Some(1));
    assert!(ws.data().join("replica/topology.json").is_file());
    assert!(!ws.data().join("replica.previous").exists());
    assert!(!ws.data().join("replica.staging-dead").exists());
}

// --- HTTPS: the CMS served by a real `openssl s_server -WWW` on loopback -------------------

#[test]
fn installs_from_a_cms_served_over_https() {
    let ws = Workspace::new();
    let cms = ws.cms_with("cms", &se_sample());
    let certs = ws.path("certs");
    let ca = common::make_tls_certificates(&certs);
    let server = common::serve_https(&cms, &certs);
    let url = format!("https://localhost:{}/", server.port);

    // Without trusting the private CA, TLS fails and says what to do.
    let ran = ws
        .run(&["store", "install", "--from-cms", &url])
        .expect_code(1);
    assert!(
        ran.stderr.contains("TLS failed") && ran.stderr.contains("--cms-root"),
        "{}",
        ran.stderr
    );

    let out = ws
        .run(&[
            "--json",
            "store",
            "install",
            "--from-cms",
            &url,
            "--cms-root",
            ca.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(out["report"]["revision"], 1);
    assert_eq!(out["report"]["source"], url);
    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 1), "Complete");
    assert_eq!(
        status["cms"]["revision"], 1,
        "status reads the HTTPS CMS: {status}"
    );

    // A path without a CMS answers 404, reported in plain words.
    let wrong = format!("https://localhost:{}/nowhere/", server.port);
    let ran = ws
        .run(&[
            "store",
            "install",
            "--from-cms",
            &wrong,
            "--cms-root",
            ca.to_str().unwrap(),
        ])
        .expect_code(1);
    assert!(
        ran.stderr.contains("cannot fetch") && ran.stderr.contains("nowhere/cms.json"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("is this the CMS URL?"),
        "{}",
        ran.stderr
    );
    assert_eq!(replica_revision(&ws, &ws.data()), Some(1));
}

#[test]
fn zip_with_an_escaping_document_name_is_refused() {
    let ws = Workspace::new();
    let zip_path = ws.path("evil.zip");
    let manifest = serde_json::json!({
        "format": 1, "revision": 1, "published_at": "2026-01-01T00:00:00Z",
        "documents": { "../../escape.json": { "sha256": "0".repeat(64), "size": 2 } }
    });
    // Authenticated with the password the installer is given: who knows the password still
    // cannot make step 1 write outside the replica.
    let password = "Export-Pass-4242";
    let (key, header) = deploy_wizard::store::seal::SealKey::create(
        &deploy_wizard::store::seal::ExportPassword::new(password.into()).unwrap(),
    );
    let mut entries = vec![
        ("cms.json".to_string(), manifest.to_string().into_bytes()),
        (
            "sealed.json".to_string(),
            serde_json::to_vec(&header).unwrap(),
        ),
    ];
    let mac = serde_json::json!({
        "mac": key.authenticate(&deploy_wizard::store::authenticated_contents(&entries))
    });
    entries.push((
        deploy_wizard::store::EXPORT_MAC.into(),
        mac.to_string().into_bytes(),
    ));
    let mut zip = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    let password_file = ws.write("password", &format!("{password}\n"));
    let ran = ws
        .run(&[
            "store",
            "install",
            "--from-file",
            zip_path.to_str().unwrap(),
            "--password-file",
            password_file.to_str().unwrap(),
        ])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("document name \"../../escape.json\" is not allowed"),
        "{}",
        ran.stderr
    );
    assert!(!ws.path("escape.json").exists());
}
