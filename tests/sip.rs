//! The Front End's SIP registrar on Kamailio, deployed by steps 1–4 through the CLI on loopback:
//! two users register over TLS and one delivers a MESSAGE to the other; a REGISTER for a domain
//! the topology does not serve gets 403; an unregistered user gets 480; plain TCP is not SIP
//! here; reassigning Default while a user is registered makes the port present the new
//! certificate and the registration survives; step 2 without Kamailio names its packages and
//! changes nothing. The SIP client is a few lines over rustls.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use common::sip::Agent;
use common::{StopServices, Workspace};

fn sip_port(ws: &Workspace) -> u16 {
    let topology: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.path("topology.json")).unwrap()).unwrap();
    topology["sites"][0]["pools"][0]["sip_port"]
        .as_u64()
        .expect("the sample names its SIP port") as u16
}

/// As root, Kamailio's workers run as the kamailio user and the key they reload is 0640 and
/// group-owned by its group; nginx's workers run as www-data and its keys (read by the root
/// master only) stay 0600.
fn services_run_as_their_users(ws: &Workspace, registrar: &serde_json::Value) {
    use std::os::unix::fs::MetadataExt;
    if !deploy_wizard::process::running_as_root() {
        // Said on the test's output (cargo test --nocapture shows it; the summary counts it).
        eprintln!(
            "SKIPPED services_run_as_their_users: not root, so the services keep the wizard's own user and nothing here can be checked"
        );
        return;
    }
    let kamailio = deploy_wizard::process::system_account("kamailio").expect("the package's user");
    let key = ws.data().join("install/SipRegistrar/certs/sip.key");
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640, "{}", key.display());
    assert_eq!(meta.gid(), kamailio.gid);
    let web_key = ws.data().join("install/WebServices/certs/web-internal.key");
    assert_eq!(std::fs::metadata(&web_key).unwrap().mode() & 0o777, 0o600);
    let uid_of = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<u32>().ok())
            .unwrap()
    };
    let main = registrar["pid"].as_u64().unwrap() as u32;
    let workers = deploy_wizard::process::children_of(main);
    assert!(!workers.is_empty());
    for worker in workers {
        assert_eq!(uid_of(worker), kamailio.uid, "Kamailio process {worker}");
    }
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    let nginx = common::service(&status, "web-services")["pid"]
        .as_u64()
        .unwrap() as u32;
    let www = deploy_wizard::process::system_account("www-data").expect("nginx's user");
    for worker in deploy_wizard::process::children_of(nginx) {
        assert_eq!(uid_of(worker), www.uid, "nginx worker {worker}");
    }
}

/// The Standard Edition lab on free ports with steps 1–3 done (services not started yet); its
/// SIP port.
fn front_end() -> (Workspace, u16) {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    let port = sip_port(&ws);
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    (ws, port)
}

fn registrar_status(ws: &Workspace) -> serde_json::Value {
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    common::service(&status, "sip-registrar").clone()
}

#[test]
fn front_end_users_register_over_tls_and_exchange_a_message() {
    let ws = Workspace::new();
    // The workspace (a 0700 temporary directory) lets service users through, as /var/lib does.
    std::fs::set_permissions(ws.dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    ws.standard_edition_on_free_ports();
    let port = sip_port(&ws);
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    // The internal legs trust the deployment's own CA, not every public root of the system.
    let roots =
        std::fs::read_to_string(ws.data().join("install/SipRegistrar/certs/roots.pem")).unwrap();
    let lab = ws.run(&["ca", "list", "--pem"]).ok().stdout;
    assert_eq!(roots.matches("BEGIN CERTIFICATE").count(), 1, "{roots}");
    assert_eq!(roots.trim(), lab.trim());

    // Service Status: running, OPTIONS answered 200, the port presents the assigned Default.
    let status = registrar_status(&ws);
    assert_eq!(status["running"], true, "{status}");
    services_run_as_their_users(&ws, &status);
    assert_eq!(status["healthy"], true, "{status}");
    assert_eq!(status["ports"][0]["usage"], "Default");
    assert_eq!(status["ports"][0]["matches"], true, "{status}");

    let mut alice = Agent::connect(port, "alice", "contoso.com");
    let mut bob = Agent::connect(port, "bob", "contoso.com");
    assert_eq!(alice.register(), "SIP/2.0 200 OK");
    assert_eq!(bob.register(), "SIP/2.0 200 OK");

    // A domain the topology does not serve.
    let mut eve = Agent::connect(port, "eve", "fabrikam.com");
    assert!(eve.register().starts_with("SIP/2.0 403"));

    // Alice → Bob through the Front End, delivered on Bob's own connection.
    alice.deliver(&mut bob, "hello bob");

    // Nobody registered as carol.
    alice.message("carol", "anyone?");
    assert!(alice.receive().0.starts_with("SIP/2.0 480"));

    // Plain TCP: the port speaks TLS only, no SIP answer comes back.
    let mut plain = TcpStream::connect(("127.0.0.1", port)).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    plain
        .write_all(b"REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKplain\r\nFrom: <sip:mallory@contoso.com>;tag=1\r\nTo: <sip:mallory@contoso.com>\r\nCall-ID: plain\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(
        !String::from_utf8_lossy(&answer).contains("SIP/2.0"),
        "a plain-TCP REGISTER was answered in SIP"
    );

    // A new Default certificate while Bob is registered: the port presents it (Kamailio's TLS
    // reload, no restart) and Bob is still reachable on his connection.
    let before = status["ports"][0]["presented"].clone();
    ws.run(&["cert", "request", "--type", "Default", "--assign"])
        .ok();
    let status = registrar_status(&ws);
    assert_eq!(status["ports"][0]["matches"], true, "{status}");
    assert_ne!(status["ports"][0]["presented"], before, "{status}");
    alice.deliver(&mut bob, "still there?");
}

#[test]
fn step_2_without_kamailio_names_its_packages_and_changes_nothing() {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    // A PATH where nginx is found but Kamailio is not.
    let bin = ws.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let nginx = deploy_wizard::process::find_program("nginx").expect("nginx is installed");
    std::os::unix::fs::symlink(nginx, bin.join("nginx")).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let ran = ws
        .run_env(&ws.data(), &["components", "setup"], &[("PATH", &path)])
        .refused("install the package kamailio kamailio-tls-modules");
    assert!(ran.stderr.contains("kamailio"), "{}", ran.stderr);
    assert!(
        !ws.data().join("install").exists(),
        "a refused step 2 wrote the install path"
    );

    // Install missing programs: the package manager's command line (not run here).
    let planned = ws
        .run_env(
            &ws.data(),
            &["--json", "components", "install-programs", "--dry-run"],
            &[("PATH", &path)],
        )
        .ok()
        .json();
    assert_eq!(
        planned["command"],
        serde_json::json!([
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            "kamailio",
            "kamailio-tls-modules"
        ]),
        "{planned}"
    );
    assert_eq!(planned["manager"], "apt");
    // With every program present there is nothing to install, and the command says so.
    ws.run(&["components", "install-programs"])
        .refused("nothing to install");
    assert!(!ws.data().join("install").exists());
}

/// A change Kamailio's reload does not reread (a new SIP domain in its own configuration)
/// restarts the registrar at step 2, and the new domain is served at once.
#[test]
fn a_new_sip_domain_restarts_the_registrar_and_is_served() {
    let (ws, port) = front_end();
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    let mut before = Agent::connect(port, "dave", "fabrikam.com");
    assert!(before.register().starts_with("SIP/2.0 403"));

    let text = std::fs::read_to_string(ws.path("topology.json"))
        .unwrap()
        .replace(
            r#"{ "name": "contoso.com", "default": true }"#,
            r#"{ "name": "contoso.com", "default": true }, { "name": "fabrikam.com" }"#,
        );
    assert!(text.contains("fabrikam.com"));
    let topology = ws.write("topology-2.json", &text);
    let cms = ws.path("cms");
    ws.republish(&cms, &topology);
    ws.run(&["components", "setup"]).ok();
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("sip-registrar restarted"), "{log}");
    let mut after = Agent::connect(port, "dave", "fabrikam.com");
    assert_eq!(after.register(), "SIP/2.0 200 OK");
    let status = registrar_status(&ws);
    assert_eq!(status["healthy"], true, "{status}");
}

/// Kamailio killed from outside (its main process, by the test that started it): Service
/// Status shows the registrar down, step 4 is not Complete, and step 4 brings it back serving.
#[test]
fn a_registrar_killed_from_outside_is_shown_down_and_step_4_brings_it_back() {
    let (ws, port) = front_end();
    let _stop = StopServices(&ws);
    ws.run(&["services", "start"]).ok();
    let main = registrar_status(&ws)["pid"].as_u64().unwrap().to_string();
    std::process::Command::new("kill")
        .args(["-KILL", &main])
        .status()
        .unwrap();
    let gone = || {
        std::fs::read_to_string(format!("/proc/{main}/stat")).map_or(true, |s| s.contains(") Z "))
    };
    for _ in 0..100 {
        if gone() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = registrar_status(&ws);
    assert_eq!(status["running"], false, "{status}");
    let system = ws.run(&["--json", "status"]).ok().json();
    assert_ne!(common::step_status(&system, 4), "Complete", "{system}");

    ws.run(&["services", "start"]).ok();
    let status = registrar_status(&ws);
    assert_eq!(status["running"], true, "{status}");
    assert_eq!(status["healthy"], true, "{status}");
    let mut carol = Agent::connect(port, "carol", "contoso.com");
    assert_eq!(carol.register(), "SIP/2.0 200 OK");
}
