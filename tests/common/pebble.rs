//! Debian's `pebble` ACME test CA, started on loopback for one test and stopped (by pid, through
//! its handle) when dropped. Optionally with external account binding required, and with
//! `pebble-challtestsrv` as its DNS server so that http-01 is really validated against the
//! wizard's own responder.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Pebble {
    children: Vec<Child>,
    /// How pebble itself was started (to start it again on the same ports).
    command: Vec<std::ffi::OsString>,
    envs: Vec<(String, String)>,
    log: PathBuf,
    listen: u16,
    /// ACME directory URL.
    pub directory: String,
    /// PEM of the root that signed pebble's HTTPS certificate (for --acme-root).
    pub tls_root: PathBuf,
    /// Management URL (roots of the issuing CA at /roots/0).
    pub management: String,
    /// Address the wizard's http-01 responder must listen on.
    pub http01_listen: String,
}

impl Drop for Pebble {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A loopback port nobody listens on, never the same twice in this test run: tests run in
/// parallel, in several processes (the window's tests run each in a child), and a port just
/// released may otherwise be handed to two of them. Each port given is claimed by a file
/// created exclusively in a directory the run shares.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let claims = std::env::temp_dir().join("deploy-wizard-test-ports");
    let _ = std::fs::create_dir_all(&claims);
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    if given.is_empty() {
        // Claims older than ten minutes belong to runs that ended.
        for entry in std::fs::read_dir(&claims).into_iter().flatten().flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > Duration::from_secs(600)));
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for attempt in 0.. {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if given.contains(&port) {
            continue;
        }
        let claimed = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(claims.join(port.to_string()))
            .is_ok();
        if claimed || attempt > 20 {
            given.push(port);
            return port;
        }
    }
    unreachable!("the loop returns a port")
}

fn wait_for(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What to start.
#[derive(Default)]
pub struct PebbleOptions {
    /// Require external account binding with this key id and base64url HMAC key.
    pub eab: Option<(String, String)>,
    /// Validate http-01 for real (mock DNS pointing every name at 127.0.0.1) instead of
    /// PEBBLE_VA_ALWAYS_VALID=1.
    pub real_http01: bool,
}

impl Pebble {
    pub fn start(dir: &Path, options: PebbleOptions) -> Pebble {
        let tls_root = super::make_tls_certificates(dir);
        let (listen, management, http01, dns) =
            (free_port(), free_port(), free_port(), free_port());
        let mut config = serde_json::json!({ "pebble": {
            "listenAddress": format!("127.0.0.1:{listen}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": dir.join("tls.pem"),
            "privateKey": dir.join("tls.key"),
            "httpPort": http01,
            "tlsPort": free_port(),
            "ocspResponderURL": "",
            "externalAccountBindingRequired": options.eab.is_some(),
        }});
        if let Some((kid, hmac)) = &options.eab {
            config["pebble"]["externalAccountMACKeys"] = serde_json::json!({ kid: hmac });
        }
        std::fs::write(dir.join("pebble.json"), config.to_string()).unwrap();
        let mut children = Vec::new();
        let mut pebble = Command::new("pebble");
        pebble
            .arg("-config")
            .arg(dir.join("pebble.json"))
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            // Every order validates its challenges afresh (pebble reuses a valid authorization
            // half of the time by default, and a test that watches the challenge being
            // answered would then see nothing).
            .env("PEBBLE_AUTHZREUSE", "0")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(dir.join("pebble.log")).unwrap())
            .stderr(Stdio::null());
        if options.real_http01 {
            let dns_server = Command::new("pebble-challtestsrv")
                .args([
                    "-defaultIPv4",
                    "127.0.0.1",
                    "-defaultIPv6",
                    "",
                    "-http01",
                    "",
                    "-https01",
                    "",
                    "-tlsalpn01",
                    "",
                ])
                .arg("-dns01")
                .arg(format!("127.0.0.1:{dns}"))
                .arg("-management")
                .arg(format!("127.0.0.1:{}", free_port()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("pebble-challtestsrv is installed (tests/run installs pebble)");
            children.push(dns_server);
            pebble.arg("-dnsserver").arg(format!("127.0.0.1:{dns}"));
        } else {
            pebble.env("PEBBLE_VA_ALWAYS_VALID", "1");
        }
        children.push(
            pebble
                .spawn()
                .expect("pebble is installed (tests/run installs it)"),
        );
        let command: Vec<std::ffi::OsString> =
            pebble.get_args().map(|a| a.to_os_string()).collect();
        let envs: Vec<(String, String)> = pebble
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_str()?.to_string(), v?.to_str()?.to_string())))
            .collect();
        let started = Pebble {
            children,
            command,
            envs,
            log: dir.join("pebble.log"),
            listen,
            directory: format!("https://127.0.0.1:{listen}/dir"),
            tls_root,
            management: format!("https://127.0.0.1:{management}"),
            http01_listen: format!("127.0.0.1:{http01}"),
        };
        wait_for(listen, "pebble");
        wait_for(management, "pebble's management interface");
        started
    }

    /// Stops pebble itself (its DNS server stays), as a CA that does not answer.
    pub fn stop(&mut self) {
        if let Some(mut pebble) = self.children.pop() {
            // Our own child.
            let _ = pebble.kill();
            let _ = pebble.wait();
        }
    }

    /// Starts pebble again on the same ports (a new pebble: it issues under a new root and
    /// knows no account).
    pub fn restart(&mut self) {
        let child = Command::new("pebble")
            .args(&self.command)
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&self.log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("pebble starts again");
        self.children.push(child);
        wait_for(self.listen, "pebble");
        let management: u16 = self
            .management
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the management URL ends with its port");
        wait_for(management, "pebble's management interface");
    }

    /// How many orders pebble made since it (last) started, from its log.
    pub fn orders(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .matches("Added order")
            .count()
    }

    /// The port the CA validates http-01 on.
    pub fn http01_port(&self) -> u16 {
        self.http01_listen
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the http-01 address ends with its port")
    }

    /// The PEM of the root pebble issues under (to trust it for assignment checks).
    pub fn issuing_root(&self) -> String {
        let pem = std::fs::read(&self.tls_root).unwrap();
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(&pem) {
            if let Ok(ureq::tls::PemItem::Certificate(c)) = item {
                certs.push(c);
            }
        }
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
            .build();
        let agent: ureq::Agent = ureq::Agent::config_builder().tls_config(tls).build().into();
        agent
            .get(&format!("{}/roots/0", self.management))
            .call()
            .expect("pebble serves its root")
            .body_mut()
            .read_to_string()
            .unwrap()
    }
}
