//! Steps 1 → 2 → 3 → 4 on loopback with a real nginx: the web services present the assigned
//! certificates, serve the OAuth metadata, take a rolled certificate on reload, and stop
//! without leaving a process. Then step 2's failure modes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::pebble::free_port;
use common::{StopServices, Workspace, openssl, step_status};

fn lab_root(ws: &Workspace) -> PathBuf {
    ws.data().join("replica/ca/lab-ca/certificate.pem")
}

/// GET over HTTPS with curl, verifying the chain against the lab root.
fn curl(ws: &Workspace, name: &str, port: u16, path: &str) -> String {
    let out = common::run_outside(
        Command::new("curl")
            .args(["-sS", "--fail", "--cacert"])
            .arg(lab_root(ws))
            .arg("--resolve")
            .arg(format!("{name}:{port}:127.0.0.1"))
            .arg(format!("https://{name}:{port}{path}")),
        common::CLIENT_LIMIT,
    );
    assert_eq!(out.code, 0, "curl {name}:{port}{path}: {out}");
    out.stdout
}

/// SHA-1 thumbprint of the certificate the port presents, read by openssl s_client.
fn presented(dir: &Path, name: &str, port: u16) -> String {
    let out = common::run_outside(
        Command::new("openssl").args([
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-servername",
            name,
        ]),
        common::CLIENT_LIMIT,
    );
    let text = &out.stdout;
    let begin = text
        .find("-----BEGIN CERTIFICATE-----")
        .unwrap_or_else(|| panic!("no certificate presented on {port}: {out}"));
    let end = text.find("-----END CERTIFICATE-----").unwrap() + 25;
    fs::write(dir.join("presented.pem"), &text[begin..end]).unwrap();
    let fp = openssl(
        &[
            "x509",
            "-in",
            "presented.pem",
            "-noout",
            "-fingerprint",
            "-sha1",
        ],
        dir,
    );
    fp.trim().rsplit('=').next().unwrap().replace(':', "")
}

fn thumbprint(ran: common::Ran) -> String {
    ran.json()["certificate"]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn web_services_present_the_assigned_certificates_and_take_a_roll() {
    let ws = Workspace::new();
    let (internal, external) = ws.standard_edition_on_free_ports();
    ws.run(&["components", "setup"]).ok();
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 2),
        "Complete"
    );

    // Step 4 before step 3 says which certificates are missing.
    let ran = ws.run(&["services", "start"]).expect_code(2);
    assert!(
        ran.stderr
            .contains("SipRegistrar needs its certificates before it starts: assign Default"),
        "{}",
        ran.stderr
    );

    let web = thumbprint(ws.request_front_end_certificates());
    let oauth = thumbprint(
        ws.run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--exportable",
            "--assign",
        ])
        .ok(),
    );
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    let status = ws.run(&["--json", "status"]).ok().json();
    for step in 1..=4 {
        assert_eq!(
            step_status(&status, step),
            "Complete",
            "step {step}: {status}"
        );
    }

    // An independent TLS client sees the assigned certificate on both ports, and its chain
    // verifies to the lab root.
    assert_eq!(presented(ws.dir.path(), "se01.contoso.com", internal), web);
    assert_eq!(
        presented(ws.dir.path(), "webext.contoso.com", external),
        web
    );
    assert!(curl(&ws, "se01.contoso.com", internal, "/health").starts_with("ok se01.contoso.com"));
    assert!(curl(&ws, "webext.contoso.com", external, "/health").starts_with("ok"));
    let services = ws.run(&["--json", "services", "status"]).ok().json();
    let ports = common::service(&services, "web-services")["ports"]
        .as_array()
        .unwrap();
    assert!(
        ports
            .iter()
            .all(|p| p["matches"] == true && p["presented"] == web.as_str()),
        "{services}"
    );
    assert_eq!(common::service(&services, "web-services")["healthy"], true);

    // The OAuth metadata document carries the OAuthTokenIssuer certificate.
    let metadata: serde_json::Value =
        serde_json::from_str(&curl(&ws, "se01.contoso.com", internal, "/metadata/json/1")).unwrap();
    assert_eq!(metadata["issuer"], "contoso.com");
    assert_eq!(metadata["keys"][0]["keyinfo"]["thumbprint"], oauth.as_str());

    // A new certificate rolled onto WebServicesInternal is presented after the reload.
    let new = thumbprint(
        ws.run(&["--json", "cert", "request", "--type", "WebServicesInternal"])
            .ok(),
    );
    ws.run(&[
        "cert",
        "assign",
        "--type",
        "WebServicesInternal",
        "--thumbprint",
        &new,
        "--roll",
        "--effective-date",
        "2020-01-01",
    ])
    .ok();
    assert_eq!(presented(ws.dir.path(), "se01.contoso.com", internal), new);
    assert_eq!(
        presented(ws.dir.path(), "webext.contoso.com", external),
        web
    );
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(
        log.contains("components setup") && log.contains("web-services reloaded"),
        "{log}"
    );

    // Stopping leaves no process behind.
    let pid: u32 = fs::read_to_string(ws.data().join("install/WebServices/run/web-services.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(Path::new(&format!("/proc/{pid}")).exists());
    ws.run(&["services", "stop"]).ok();
    // Ended: gone, or a zombie where the container's init does not reap orphans.
    let ended =
        fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| s.contains(") Z "));
    assert!(ended, "nginx {pid} still runs");
    assert!(
        !ws.data()
            .join("install/WebServices/run/web-services.pid")
            .exists(),
        "services stop removes the pid file"
    );
    let services = ws.run(&["--json", "services", "status"]).ok().json();
    assert_eq!(common::service(&services, "web-services")["running"], false);
    // Step 4's card no longer says Complete: its services are stopped, and it says which.
    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(step_status(&status, 4), "Partial", "{status}");
    let step4 = status["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == 4)
        .unwrap();
    assert_eq!(step4["why"]["id"], "why-step-services-down", "{step4}");
    assert!(
        step4["detail"]
            .as_str()
            .unwrap()
            .contains("not running: sip-registrar, web-services"),
        "{step4}"
    );
}

#[test]
fn unmet_prerequisites_are_all_listed_and_nothing_is_written() {
    let ws = Workspace::new();
    let (internal, _) = ws.standard_edition_on_free_ports();
    let _taken = std::net::TcpListener::bind(("0.0.0.0", internal)).unwrap();
    let ran = ws
        .run_env(
            &ws.data(),
            &["components", "setup"],
            &[("PATH", "/nonexistent")],
        )
        .expect_code(2);
    assert!(
        ran.stderr.contains("Prerequisites not satisfied:"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("WebServices: the program nginx is not installed (not found on PATH)"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains(&format!(
            "WebServices: TCP port {internal} is already in use"
        )),
        "{}",
        ran.stderr
    );
    assert!(!ws.data().join("install").exists(), "nothing is written");
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 2),
        "Failed"
    );
    let plan = ws
        .run_env(
            &ws.data(),
            &["--json", "components", "plan"],
            &[("PATH", "/nonexistent")],
        )
        .ok()
        .json();
    // nginx, kamailio and kamcmd are not found; the held port is named.
    assert_eq!(
        plan["unmet_prerequisites"].as_array().unwrap().len(),
        4,
        "{plan}"
    );
}

#[test]
fn topology_changes_rerender_what_changed_and_remove_only_manifest_files() {
    let ws = Workspace::new();
    let (internal, external) = ws.standard_edition_on_free_ports();
    ws.run(&["components", "setup"]).ok();
    let dir = ws.data().join("install/WebServices");
    let rerun = ws.run(&["--json", "components", "setup"]).ok().json();
    assert_eq!(
        rerun["report"]["written"], 0,
        "a rerun is idempotent: {rerun}"
    );

    // A new external port re-renders the nginx configuration only.
    let cms = ws.path("cms");
    let moved = free_port();
    let text = fs::read_to_string(ws.path("topology.json"))
        .unwrap()
        .replace(&external.to_string(), &moved.to_string());
    let changed = ws.write("changed.json", &text);
    ws.republish(&cms, &changed);
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 2),
        "NeedsRerun"
    );
    let out = ws.run(&["--json", "components", "setup"]).ok().json();
    assert_eq!(out["report"]["plan"]["update"][0], "WebServices");
    assert_eq!(out["report"]["written"], 1, "{out}");
    assert!(
        fs::read_to_string(dir.join("conf/nginx.conf"))
            .unwrap()
            .contains(&format!("listen 127.0.0.1:{moved} ssl"))
    );
    assert!(
        fs::read_to_string(dir.join("conf/nginx.conf"))
            .unwrap()
            .contains(&format!("listen 127.0.0.1:{internal} ssl"))
    );

    // The server becomes a Mediation server: the web services go, and only the files step 2
    // wrote are deleted.
    fs::write(dir.join("conf/notes.txt"), "the administrator's own file").unwrap();
    let mediation = ws.write(
        "mediation.json",
        r#"{ "sip_domains": [{ "name": "contoso.com", "default": true }],
             "sites": [{ "name": "Lab", "pools": [{ "fqdn": "se01.contoso.com", "kind": "Mediation", "servers": [{ "fqdn": "se01.contoso.com" }] }] }] }"#,
    );
    ws.republish(&cms, &mediation);
    let plan = ws.run(&["--json", "components", "plan"]).ok().json();
    assert_eq!(
        plan["plan"]["remove"],
        serde_json::json!(["SipRegistrar", "WebServices"])
    );
    ws.run(&["components", "setup"]).ok();
    assert!(!dir.join("conf/nginx.conf").exists() && !dir.join("www/health").exists());
    assert_eq!(
        fs::read_to_string(dir.join("conf/notes.txt")).unwrap(),
        "the administrator's own file"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(ws.data().join("install/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["components"], serde_json::json!({}));
}

#[test]
fn a_setup_killed_midway_is_completed_by_the_rerun() {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    let ran = ws.run_env(
        &ws.data(),
        &["components", "setup"],
        &[("DEPLOY_WIZARD_CRASH_AT_WRITE", "2")],
    );
    assert_ne!(ran.code, 0, "the process was killed");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(ws.data().join("install/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest["components"]["SipRegistrar"]["state"],
        "installing"
    );
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("[unfinished]"), "{log}");

    let out = ws.run(&["--json", "components", "setup"]).ok().json();
    assert_eq!(out["report"]["plan"]["update"][0], "SipRegistrar");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(ws.data().join("install/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["components"]["SipRegistrar"]["state"], "installed");
    let dir = ws.data().join("install/SipRegistrar");
    for file in manifest["components"]["SipRegistrar"]["files"]
        .as_object()
        .unwrap()
        .keys()
    {
        assert!(dir.join(file).is_file(), "{file} exists after the rerun");
    }
    assert_eq!(
        step_status(&ws.run(&["--json", "status"]).ok().json(), 2),
        "Complete"
    );
}

#[test]
fn an_administrators_catalog_file_adds_a_component_without_recompiling() {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    fs::create_dir_all(ws.data().join("catalog")).unwrap();
    fs::write(
        ws.data().join("catalog/motd.toml"),
        r#"
name = "Motd"
description = "A banner naming this server"
roles = ["FrontEnd"]

[[prerequisites]]
kind = "writable_install_path"

[[files]]
path = "banner.txt"
template = "Welcome to {{server}} in pool {{pool}} ({{default_sip_domain}})\n"
"#,
    )
    .unwrap();
    let plan = ws.run(&["--json", "components", "plan"]).ok().json();
    let add: Vec<&str> = plan["plan"]["add"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(add, ["Motd", "SipRegistrar", "WebServices"]);
    ws.run(&["components", "setup"]).ok();
    let banner = fs::read_to_string(ws.data().join("install/Motd/banner.txt")).unwrap();
    assert_eq!(
        banner,
        "Welcome to se01.contoso.com in pool se01.contoso.com (contoso.com)\n"
    );

    // A broken catalog file is named in the error.
    fs::write(
        ws.data().join("catalog/broken.toml"),
        "name = \"Broken\"\nroles = [\"Nowhere\"]\n",
    )
    .unwrap();
    let ran = ws.run(&["components", "plan"]).expect_code(2);
    assert!(
        ran.stderr.contains("broken.toml is not valid"),
        "{}",
        ran.stderr
    );
}
