//! Shared by the integration tests: a temporary workspace and a way to run the real binary.
#![allow(dead_code)]

pub mod hosts;
pub mod pebble;
pub mod playbook;
pub mod sip;
pub mod slapd;
pub mod turn;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest one run of the wizard may take in a test (a step that starts every service of a
/// role included); past it the run is killed and the test fails with what it printed.
pub const WIZARD_LIMIT: Duration = Duration::from_secs(300);

/// The longest an outside client (an XMPP or SIP client, curl, openssl, psql) may take.
pub const CLIENT_LIMIT: Duration = Duration::from_secs(60);

/// What a run of the binary printed.
#[derive(Debug)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// Panics with everything printed unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn ok(self) -> Self {
        self.expect_code(0)
    }

    /// Panics unless stderr holds `words` (the reason a refusal or failure gives).
    pub fn says(self, words: &str) -> Self {
        assert!(
            self.stderr.contains(words),
            "expected stderr to say {words:?}\nstderr:\n{}",
            self.stderr
        );
        self
    }

    /// A refusal of bad input: exit code 2 and `words` on stderr.
    pub fn refused(self, words: &str) -> Self {
        self.expect_code(2).says(words)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl std::fmt::Display for Ran {
    /// Everything a run printed, for a failure message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs an outside program (a client, a tool) to its end within `limit`, capturing what it
/// prints. Past the limit the program (our own child, by its handle) is killed and the test
/// fails with what it printed so far; a program that cannot start fails the test naming it.
pub fn run_outside(command: &mut Command, limit: Duration) -> Ran {
    let out = output_within(command, limit);
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `Command::output` with a time limit (stdin empty): see `run_outside`.
pub fn output_within(command: &mut Command, limit: Duration) -> std::process::Output {
    use std::io::Read;
    let program = format!("{:?}", command.get_program());
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} cannot start ({e}): run tests/install-parts"));
    let mut pipes = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = pipes.0.read_to_end(&mut text);
        text
    });
    let stderr = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = pipes.1.read_to_end(&mut text);
        text
    });
    let deadline = Instant::now() + limit;
    let (status, ended) = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break (status, true);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            break (child.wait().expect("the killed child's status"), false);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let out = std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    assert!(
        ended,
        "{program} did not end within {limit:?}; killed\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A temporary directory holding data dirs, CMS directories and files of one test.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    /// Machine FQDN the binary sees (DEPLOY_WIZARD_FQDN).
    pub fqdn: String,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // As on a server, the services' users (prosody, postgres) may pass through to the
        // install path: others may traverse the workspace, not list or read it.
        std::fs::set_permissions(
            dir.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o711),
        )
        .expect("the workspace's permissions");
        Workspace {
            dir,
            fqdn: "se01.contoso.com".into(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A machine without a DNS domain (`vm`, so the lab names it vm.lab.test) whose lab CMS
    /// (`cms init --lab`: Standard Edition sample + lab CA) is installed by step 1.
    pub fn lab() -> Self {
        let mut ws = Workspace::new();
        ws.fqdn = "vm".into();
        let cms = ws.path("cms");
        ws.run(&["cms", "init", cms.to_str().unwrap(), "--lab"])
            .ok();
        ws.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
            .ok();
        ws
    }

    /// The default data dir of this workspace.
    pub fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// Runs the binary with the default data dir.
    pub fn run(&self, args: &[&str]) -> Ran {
        self.run_in(&self.data(), args)
    }

    /// Runs the binary with `data` as data dir, English messages and a fixed machine FQDN.
    pub fn run_in(&self, data: &Path, args: &[&str]) -> Ran {
        self.run_env(data, args, &[])
    }

    /// Like `run_in`, with extra environment variables.
    pub fn run_env(&self, data: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
        run_outside(
            Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
                .arg("--data-dir")
                .arg(data)
                .args(args)
                .env("DEPLOY_WIZARD_FQDN", &self.fqdn)
                .env("LANG", "en_US.UTF-8")
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("DEPLOY_WIZARD_HOME")
                // Servers the tests start listen on loopback only.
                .env("DEPLOY_WIZARD_LISTEN_ADDRESS", "127.0.0.1")
                // The host's firewall is not the tests' to change (tests/firewall.rs brings its own).
                .env("DEPLOY_WIZARD_FIREWALL", "leave")
                .envs(env.iter().copied()),
            WIZARD_LIMIT,
        )
    }

    /// Writes a file in the workspace and returns its path.
    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).expect("write a test file");
        path
    }

    /// The Standard Edition sample on free ports (internal, external), published with a lab
    /// CA, step 1 done.
    pub fn standard_edition_on_free_ports(&self) -> (u16, u16) {
        let (internal, external) = (pebble::free_port(), pebble::free_port());
        let sip = pebble::free_port();
        let text = std::fs::read_to_string(asset("topology/standard-edition.json"))
            .unwrap()
            // Whole key-value pairs: a port chosen for one must not be rewritten as the other.
            .replace(
                "\"internal_port\": 4443",
                &format!("\"internal_port\": {internal}"),
            )
            .replace(
                "\"external_port\": 8443",
                &format!("\"external_port\": {external}"),
            )
            .replace("\"sip_port\": 5061", &format!("\"sip_port\": {sip}"));
        let topology = self.write("topology.json", &text);
        let cms = self.cms_with("cms", &topology);
        let cms = cms.to_str().unwrap();
        self.run(&["cms", "ca", "create", "--cms", cms, "--name", "Lab CA"])
            .ok();
        self.run(&["store", "install", "--from-cms", cms]).ok();
        (internal, external)
    }

    /// The Standard Edition sample with its Persistent Chat pool collocated (store and
    /// compliance store in a local cluster, a disaster-recovery standby on another port when
    /// `standby`), every port free, published with a lab CA, step 1 done. Returns the
    /// topology and its chat ports.
    pub fn standard_edition_with_chat_on_free_ports(&self, standby: bool) -> ChatPorts {
        let mut topology: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(asset("topology/standard-edition.json")).unwrap(),
        )
        .unwrap();
        topology.as_object_mut().unwrap().remove("$schema");
        let (client, store, standby_port) = (
            pebble::free_port(),
            pebble::free_port(),
            pebble::free_port(),
        );
        {
            let pools = topology["sites"][0]["pools"].as_array_mut().unwrap();
            pools[0]["sip_port"] = pebble::free_port().into();
            pools[0]["web_services"]["internal_port"] = pebble::free_port().into();
            pools[0]["web_services"]["external_port"] = pebble::free_port().into();
            let mut settings = serde_json::json!({
                "store": { "server": "collocated", "port": store, "database": "mgc" },
                "compliance_store": { "server": "collocated", "port": store, "database": "mgccomp" },
                "client_port": client,
                "client_tls_port": pebble::free_port(),
                "file_port": pebble::free_port()
            });
            if standby {
                settings["disaster_recovery_store"] = serde_json::json!(
                    { "server": "collocated", "port": standby_port, "database": "mgc" }
                );
            }
            pools.push(serde_json::json!({
                "fqdn": "se01.contoso.com",
                "kind": "PersistentChat",
                "servers": [{ "fqdn": "se01.contoso.com" }],
                "associated_pool": "se01.contoso.com",
                "persistent_chat": settings
            }));
        }
        let file = self.write("topology.json", &topology.to_string());
        let cms = self.cms_with("cms", &file);
        let cms = cms.to_str().unwrap();
        self.run(&["cms", "ca", "create", "--cms", cms, "--name", "Lab CA"])
            .ok();
        self.run(&["store", "install", "--from-cms", cms]).ok();
        ChatPorts {
            client,
            store,
            standby: standby_port,
            topology,
        }
    }

    /// Requests and assigns the Front End's Default and web certificates from the lab CA.
    pub fn request_front_end_certificates(&self) -> Ran {
        self.run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "Default,WebServicesInternal,WebServicesExternal",
            "--assign",
        ])
        .ok()
    }

    /// Requests and assigns the global OAuthTokenIssuer certificate (exportable) from the lab
    /// CA.
    #[allow(dead_code)]
    pub fn request_oauth_certificate(&self) -> Ran {
        self.run(&[
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--exportable",
            "--assign",
        ])
        .ok()
    }

    /// Imports the key file `key` and the certificate file `cert` of the workspace as one PEM
    /// bundle; returns the certificate's thumbprint.
    pub fn import_key_and_certificate(&self, key: &str, cert: &str) -> String {
        let bundle = std::fs::read_to_string(self.path(key)).unwrap()
            + &std::fs::read_to_string(self.path(cert)).unwrap();
        let file = self.write(&format!("{key}+{cert}"), &bundle);
        let out = self
            .run(&["--json", "cert", "import", file.to_str().unwrap()])
            .ok()
            .json();
        out["certificates"][0]["thumbprint"]
            .as_str()
            .expect("an imported certificate")
            .to_string()
    }

    /// `cert assign --type USAGE --thumbprint X`.
    pub fn assign(&self, usage: &str, thumbprint: &str) -> Ran {
        self.run(&[
            "cert",
            "assign",
            "--type",
            usage,
            "--thumbprint",
            thumbprint,
        ])
    }

    /// A CMS with `topology` published; returns its directory.
    /// Publishes `topology` to the CMS `cms` as a new revision and runs step 1 again.
    pub fn republish(&self, cms: &Path, topology: &Path) {
        self.run(&[
            "cms",
            "publish",
            "--cms",
            cms.to_str().unwrap(),
            "--topology",
            topology.to_str().unwrap(),
        ])
        .ok();
        self.run(&["store", "install"]).ok();
    }

    /// An Enterprise Front End pool `pool01.contoso.com` of `servers` (fe01, fe02…) on free
    /// ports, published to a new CMS `cms` with the lab CA "Lab CA"; returns the CMS and the
    /// web services' internal port. Each server is deployed by the test in its own data dir.
    pub fn enterprise_pool_on_free_ports(&self, servers: usize) -> (PathBuf, u16) {
        let (sip, internal, external) = (
            pebble::free_port(),
            pebble::free_port(),
            pebble::free_port(),
        );
        let servers: Vec<serde_json::Value> = (1..=servers)
            .map(|i| serde_json::json!({ "fqdn": format!("fe{i:02}.contoso.com") }))
            .collect();
        let topology = serde_json::json!({
            "sip_domains": [{ "name": "contoso.com", "default": true }],
            "sites": [{ "name": "Redmond", "pools": [{
                "fqdn": "pool01.contoso.com", "kind": "FrontEnd", "edition": "Enterprise",
                "servers": servers,
                "sip_port": sip,
                "web_services": { "internal_fqdn": "pool01.contoso.com", "external_fqdn": "webpool01.contoso.com",
                                  "internal_port": internal, "external_port": external }
            }] }]
        });
        let file = self.write("topology.json", &topology.to_string());
        let cms = self.cms_with("cms", &file);
        self.run(&[
            "cms",
            "ca",
            "create",
            "--cms",
            cms.to_str().unwrap(),
            "--name",
            "Lab CA",
        ])
        .ok();
        (cms, internal)
    }

    pub fn cms_with(&self, name: &str, topology: &Path) -> PathBuf {
        let cms = self.path(name);
        let cms_s = cms.to_str().unwrap();
        self.run(&["cms", "init", cms_s]).ok();
        self.run(&[
            "cms",
            "publish",
            "--cms",
            cms_s,
            "--topology",
            topology.to_str().unwrap(),
        ])
        .ok();
        cms
    }
}

/// The ports of a Standard Edition server with its Persistent Chat pool collocated.
#[allow(dead_code)]
pub struct ChatPorts {
    /// XMPP client port (STARTTLS).
    pub client: u16,
    /// The store's cluster.
    pub store: u16,
    /// The disaster-recovery standby's cluster.
    pub standby: u16,
    /// The topology published.
    pub topology: serde_json::Value,
}

/// A file of the tests (`common/sip_auth_client.py`).
pub fn asset_test(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Waits for a spawned child (its stdout may have been taken) within `limit`, killing it past
/// the limit (our own child, by its handle) and failing the test.
pub fn wait_child(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let deadline = Instant::now() + limit;
    loop {
        if child.try_wait().expect("the child's status").is_some() {
            return child.wait_with_output().expect("the child's output");
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("the killed child's output");
            panic!(
                "the child did not end within {limit:?}; killed\nstderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Path of a file under the repository's `assets/`.
pub fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

/// The status of step `number` in `status --json` output.
pub fn step_status(status: &serde_json::Value, number: u64) -> String {
    status["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["number"] == number)
        .and_then(|s| s["status"].as_str())
        .expect("the step is listed")
        .to_string()
}

/// Runs `openssl` in `dir`, panicking with its stderr if it fails; returns stdout and stderr.
pub fn openssl(args: &[&str], dir: &Path) -> String {
    let ran = run_outside(
        Command::new("openssl").args(args).current_dir(dir),
        CLIENT_LIMIT,
    );
    assert_eq!(ran.code, 0, "openssl {args:?} failed: {ran}");
    ran.stdout + &ran.stderr
}

/// Makes a private CA (`tls-ca.pem`) and a server certificate for localhost/127.0.0.1
/// (`tls.pem`, `tls.key`) in `dir`; returns the CA's path.
pub fn make_tls_certificates(dir: &Path) -> PathBuf {
    tls_certificates_for(dir, "localhost", "DNS:localhost,IP:127.0.0.1")
}

/// A test root `tls-ca.pem` and a server certificate `tls.pem` (key `tls.key`) for `cn` with
/// the subject alternative names `sans` (`DNS:…,IP:…`); returns the root's path.
pub fn tls_certificates_for(dir: &Path, cn: &str, sans: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "tls-ca.key",
            "-out",
            "tls-ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=deploy-wizard test TLS root",
        ],
        dir,
    );
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "tls.key",
            "-out",
            "tls.csr",
            "-subj",
            &format!("/CN={cn}"),
        ],
        dir,
    );
    std::fs::write(
        dir.join("tls-ext.cnf"),
        format!("subjectAltName={sans}\nextendedKeyUsage=serverAuth\n"),
    )
    .unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "tls.csr",
            "-CA",
            "tls-ca.pem",
            "-CAkey",
            "tls-ca.key",
            "-CAcreateserial",
            "-out",
            "tls.pem",
            "-days",
            "2",
            "-extfile",
            "tls-ext.cnf",
        ],
        dir,
    );
    dir.join("tls-ca.pem")
}

/// An `openssl s_server` child, killed (by pid, through its handle) when dropped.
pub struct HttpsServer {
    child: std::process::Child,
    /// Its loopback port.
    pub port: u16,
}

/// The service named `name` in the JSON of `services status`.
pub fn service<'a>(status: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    status["services"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no service {name} in {status}"))
}

/// Stops a workspace's services when the test ends, passed or not.
pub struct StopServices<'a>(pub &'a Workspace);

impl Drop for StopServices<'_> {
    fn drop(&mut self) {
        let _ = self.0.run(&["services", "stop"]);
    }
}

/// Stops the services of the data dir `.1` when the test ends, passed or not.
pub struct StopServicesIn<'a>(pub &'a Workspace, pub PathBuf);

impl Drop for StopServicesIn<'_> {
    fn drop(&mut self) {
        let _ = self.0.run_in(&self.1, &["services", "stop"]);
    }
}

impl Drop for HttpsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve_https(root: &Path, certs: &Path) -> HttpsServer {
    let port = pebble::free_port();
    let child = Command::new("openssl")
        .args(["s_server", "-WWW", "-quiet", "-naccept", "20", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(certs.join("tls.pem"))
        .arg("-key")
        .arg(certs.join("tls.key"))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server starts");
    let server = HttpsServer { child, port };
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "openssl s_server did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// `openssl req -x509`: a self-signed RSA-2048 certificate `cert` with key `key` (unencrypted
/// PEM) for `subject`, valid 30 days, with `extensions` (`-addext` values) — in `dir`.
pub fn self_signed(dir: &Path, key: &str, cert: &str, subject: &str, extensions: &[&str]) {
    let mut args = vec![
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days",
        "30", "-subj", subject,
    ];
    for extension in extensions {
        args.extend(["-addext", extension]);
    }
    openssl(&args, dir);
}
