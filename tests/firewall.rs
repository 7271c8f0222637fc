//! The host firewall, in network namespaces this test creates (two "hosts" joined by a veth
//! pair): the server's nftables input chain drops what no rule accepts; step 2 adds the rule
//! that admits the Front End's ports, a client on the other host reaches SIP over TLS, Service
//! Status says the port is admitted, and `components remove` takes the rule out again, after
//! which the same port is unreachable. The namespaces are removed when the test ends.

mod common;

use std::path::Path;
use std::process::Command;

use common::Workspace;

/// Two network namespaces joined by a veth pair; deleted on drop (pass or fail).
struct Hosts {
    server: String,
    client: String,
}

const SERVER_IP: &str = "10.231.0.1";
const CLIENT_IP: &str = "10.231.0.2";

fn ip(args: &[&str]) {
    let status = Command::new("ip").args(args).status().expect("ip runs");
    assert!(status.success(), "ip {}", args.join(" "));
}

impl Hosts {
    fn new() -> Hosts {
        Hosts::with_firewall(
            "table inet filter {\n chain input { type filter hook input priority 0; policy drop; ct state established,related accept; iif lo accept; }\n}\n",
        )
    }

    /// Two hosts; the server's nftables ruleset is `ruleset`.
    fn with_firewall(ruleset: &str) -> Hosts {
        // Unique per test in this process (tests run in parallel) and across processes.
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let tag = format!("{}x{n}", std::process::id() % 100_000);
        let hosts = Hosts {
            server: format!("dw-fw-srv-{tag}"),
            client: format!("dw-fw-cli-{tag}"),
        };
        ip(&["netns", "add", &hosts.server]);
        ip(&["netns", "add", &hosts.client]);
        let (a, b) = (format!("dwfs{tag}"), format!("dwfc{tag}"));
        let (a, b) = (&a[..a.len().min(15)], &b[..b.len().min(15)]);
        ip(&["link", "add", a, "type", "veth", "peer", "name", b]);
        ip(&["link", "set", a, "netns", &hosts.server]);
        ip(&["link", "set", b, "netns", &hosts.client]);
        for (ns, dev, address) in [(&hosts.server, a, SERVER_IP), (&hosts.client, b, CLIENT_IP)] {
            let cidr = format!("{address}/24");
            ip(&["-n", ns, "addr", "add", &cidr, "dev", dev]);
            ip(&["-n", ns, "link", "set", dev, "up"]);
            ip(&["-n", ns, "link", "set", "lo", "up"]);
        }
        // The server host's firewall: drop what no rule accepts.
        let mut nft = Command::new("ip")
            .args(["netns", "exec", &hosts.server, "nft", "-f", "-"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        nft.stdin
            .take()
            .unwrap()
            .write_all(ruleset.as_bytes())
            .unwrap();
        assert!(nft.wait().unwrap().success());
        hosts
    }

    /// Whether a TCP connection from the client host to the server's `port` opens in 3 s.
    fn reaches(&self, port: u16) -> bool {
        Command::new("ip")
            .args(["netns", "exec", &self.client, "timeout", "3", "bash", "-c"])
            .arg(format!("exec 3<>/dev/tcp/{SERVER_IP}/{port}"))
            .status()
            .unwrap()
            .success()
    }

    fn ruleset(&self) -> String {
        let out = Command::new("ip")
            .args(["netns", "exec", &self.server, "nft", "list", "ruleset"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs the wizard on the server host.
    fn wizard(&self, ws: &Workspace, args: &[&str]) -> common::Ran {
        let output = Command::new("ip")
            .args(["netns", "exec", &self.server])
            .arg(env!("CARGO_BIN_EXE_deploy-wizard"))
            .arg("--data-dir")
            .arg(ws.data())
            .args(args)
            .env("DEPLOY_WIZARD_FQDN", "se01.contoso.com")
            .env("DEPLOY_WIZARD_LISTEN_ADDRESS", SERVER_IP)
            .env_remove("DEPLOY_WIZARD_FIREWALL")
            .env("LANG", "en_US.UTF-8")
            .output()
            .unwrap();
        common::Ran {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Drop for Hosts {
    fn drop(&mut self) {
        for ns in [&self.server, &self.client] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}

/// Stops the services on the server host when the test ends (before the namespaces go).
struct StopIn<'a>(&'a Hosts, &'a Workspace);

impl Drop for StopIn<'_> {
    fn drop(&mut self) {
        let _ = self.0.wizard(self.1, &["services", "stop"]);
    }
}

fn sip_port(topology: &Path) -> u16 {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(topology).unwrap()).unwrap();
    json["sites"][0]["pools"][0]["sip_port"].as_u64().unwrap() as u16
}

#[test]
fn step_2_opens_the_front_ends_ports_in_nftables_and_removal_closes_them() {
    let hosts = Hosts::new();
    let ws = Workspace::new();
    // The CMS and the lab CA are files; step 1 onward runs on the server host.
    ws.standard_edition_on_free_ports();
    let port = sip_port(&ws.path("topology.json"));
    // Certificates first: with nothing installed yet, assigning them renders nothing outside
    // the server host.
    ws.request_front_end_certificates();
    let _stop = StopIn(&hosts, &ws);
    hosts.wizard(&ws, &["components", "setup"]).ok();
    let rules = hosts.ruleset();
    assert!(
        rules.contains("deploy-wizard SipRegistrar tcp")
            && rules.contains("deploy-wizard WebServices tcp"),
        "{rules}"
    );
    hosts.wizard(&ws, &["services", "start"]).ok();
    assert!(hosts.reaches(port), "the client reaches SIP over TLS");
    let status = hosts
        .wizard(&ws, &["--json", "services", "status"])
        .ok()
        .json();
    let registrar = common::service(&status, "sip-registrar");
    assert_eq!(registrar["ports"][0]["admitted"], true, "{status}");

    hosts.wizard(&ws, &["components", "remove"]).ok();
    assert!(
        !hosts.ruleset().contains("deploy-wizard"),
        "{}",
        hosts.ruleset()
    );
    // Without the rule the firewall drops the port: prove it with a listener of our own.
    let mut listener = Command::new("ip")
        .args([
            "netns",
            "exec",
            &hosts.server,
            "openssl",
            "s_server",
            "-quiet",
            "-nocert",
            "-accept",
        ])
        .arg(format!("{SERVER_IP}:{port}"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The listener answers on the server host itself (loopback is admitted)…
    let up = (0..100).any(|_| {
        let ok = Command::new("ip")
            .args(["netns", "exec", &hosts.server, "bash", "-c"])
            .arg(format!("exec 3<>/dev/tcp/{SERVER_IP}/{port}"))
            .status()
            .unwrap()
            .success();
        if !ok {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        ok
    });
    // …but not to the client host.
    let reached = hosts.reaches(port);
    let _ = listener.kill();
    let _ = listener.wait();
    assert!(up, "the test's own listener started");
    assert!(!reached, "the firewall admits a port no rule opens");
}

/// firewalld's way (nftables backend): the input chain accepts by policy and ends in an
/// unconditional reject. Step 2 sees it as a firewall and its rule lets the client in.
#[test]
fn a_chain_ending_in_a_reject_is_a_firewall_too() {
    let hosts = Hosts::with_firewall(
        "table inet firewalld {\n chain filter_INPUT { type filter hook input priority 10; policy accept; ct state established,related accept; iif lo accept; reject with icmpx admin-prohibited; }\n}\n",
    );
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    let port = sip_port(&ws.path("topology.json"));
    ws.request_front_end_certificates();
    let _stop = StopIn(&hosts, &ws);
    hosts.wizard(&ws, &["components", "setup"]).ok();
    assert!(
        hosts.ruleset().contains("deploy-wizard SipRegistrar tcp"),
        "{}",
        hosts.ruleset()
    );
    hosts.wizard(&ws, &["services", "start"]).ok();
    assert!(hosts.reaches(port), "the client reaches SIP over TLS");
}
